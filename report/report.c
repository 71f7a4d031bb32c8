/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * `netno report`: read the report document from the corpus, add the
 * title and sentences, render it and write it atomically (FILE.tmp, then
 * rename).
 */
#include "report/report.h"
#include "corpus/corpus.h"
#include "report/internal.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const struct cmd_usage usage = {
    "report",
    "report [-o FILE] [--format html|md|json] [--title TEXT] [--since DATE] "
    "[--until DATE] [--pseudonymize] [--key-file FILE]",
    "Write the audit report of the corpus and its newest stats run:\n"
    "summary, collection and provenance, community, opinion leaders,\n"
    "topics, relationships, method and ethics.\n"
    "\n"
    "Options:\n"
    "  -o FILE            where to write (default report.html, report.md\n"
    "                     or report.json in the current folder; - for\n"
    "                     standard output)\n"
    "  --format FORMAT    html, md or json (default: from the extension of\n"
    "                     -o, else html)\n"
    "  --title TEXT       the report's title\n"
    "  --since DATE       only posts published at or after DATE (ISO 8601)\n"
    "  --until DATE       only posts published before DATE\n"
    "  --pseudonymize     stable pseudonyms instead of author names; e-mail\n"
    "                     addresses and URLs in excerpts left out\n"
    "  --key-file FILE    the pseudonym key (created when missing; default:\n"
    "                     the corpus's own)\n"
    "  -h, --help         show this help\n",
};

enum format { FORMAT_NONE, FORMAT_HTML, FORMAT_MD, FORMAT_JSON };

static enum format format_named(const char *s)
{
  if (!strcmp(s, "html"))
    return FORMAT_HTML;
  if (!strcmp(s, "md") || !strcmp(s, "markdown"))
    return FORMAT_MD;
  if (!strcmp(s, "json"))
    return FORMAT_JSON;
  return FORMAT_NONE;
}

/* The format a file name's extension implies; none for others. */
static enum format format_of_path(const char *path)
{
  if (ends_with(path, ".html") || ends_with(path, ".htm"))
    return FORMAT_HTML;
  if (ends_with(path, ".md") || ends_with(path, ".markdown"))
    return FORMAT_MD;
  if (ends_with(path, ".json"))
    return FORMAT_JSON;
  return FORMAT_NONE;
}

/* Write len bytes to path, whole or not at all. */
static int write_atomic(const char *path, const char *data, size_t len)
{
  char *tmp;
  FILE *f = atomic_file_open(path, &tmp);

  if (!f)
    return -1;
  return atomic_file_close(f, path, tmp, fwrite(data, 1, len, f) == len);
}

/* "Community report: host, host and 3 more sites". */
static char *default_title(const json_t *doc)
{
  const json_t *sites = report_get(doc, "scope.sites");
  struct strbuf sb = STRBUF_INIT;
  size_t n = json_array_size(sites);

  strbuf_addstr(&sb, "Community report");
  for (size_t i = 0; i < n && i < 3; i++)
    strbuf_addf(&sb, "%s%s", i ? ", " : ": ",
                report_str(json_array_get(sites, i), "host", "?"));
  if (n > 3)
    strbuf_addf(&sb, " and %zu more sites", n - 3);
  return strbuf_detach(&sb, NULL);
}

/* Render doc as format into sb; Markdown figures into figures. */
static void render(const json_t *doc, enum format format, const char *out,
                   struct strbuf *sb, char ***figures, size_t *nfigures)
{
  if (format == FORMAT_JSON) {
    char *s = json_dumps(doc, JSON_INDENT(2) | JSON_SORT_KEYS |
                                  JSON_REAL_PRECISION(10));
    strbuf_addstr(sb, s ? s : "{}");
    strbuf_addch(sb, '\n');
    free(s);
  } else if (format == FORMAT_MD) {
    char *base = NULL;
    if (strcmp(out, "-")) {
      size_t len = strlen(out);
      if (ends_with(out, ".md"))
        len -= 3;
      else if (ends_with(out, ".markdown"))
        len -= 9;
      base = xstrndup(out, len);
    }
    report_render_md(sb, doc, base, figures, nfigures);
    free(base);
  } else {
    report_render_html(sb, doc);
  }
}

int cmd_report(int argc, char **argv)
{
  static const struct option options[] = {
      {"format", required_argument, NULL, 'f'},
      {"title", required_argument, NULL, 't'},
      {"since", required_argument, NULL, 'S'},
      {"until", required_argument, NULL, 'U'},
      {"pseudonymize", no_argument, NULL, 'p'},
      {"key-file", required_argument, NULL, 'k'},
      {"help", no_argument, NULL, 'h'},
      {NULL, 0, NULL, 0},
  };
  static const char *const default_out[] = {
      [FORMAT_HTML] = "report.html",
      [FORMAT_MD] = "report.md",
      [FORMAT_JSON] = "report.json",
  };
  struct corpus_report_filter filter = {0};
  enum format format = FORMAT_NONE;
  const char *out = NULL, *title = NULL, *key_file = NULL;
  int pseudonymize = 0, opt, ret = 1, rc;
  struct corpus *c = NULL;
  struct pseudonymizer *names = NULL;
  json_t *doc = NULL;
  struct strbuf sb = STRBUF_INIT;
  char **figures = NULL, now[32];
  size_t nfigures = 0;

  optind = 0;
  opterr = 0;
  while ((opt = getopt_long(argc, argv, "+o:h", options, NULL)) != -1) {
    switch (opt) {
    case 'o':
      if (!*optarg)
        return cmd_usage_error(&usage, "-o wants a file name");
      out = optarg;
      break;
    case 'f':
      if ((format = format_named(optarg)) == FORMAT_NONE)
        return cmd_usage_error(&usage,
                               "--format is html, md or json, not "
                               "'%s'",
                               optarg);
      break;
    case 't':
      title = optarg;
      break;
    case 'S':
    case 'U':
      if (time_parse_iso(optarg, opt == 'S' ? &filter.since : &filter.until,
                         NULL) < 0)
        return cmd_usage_error(&usage, "bad date '%s'", optarg);
      break;
    case 'p':
      pseudonymize = 1;
      break;
    case 'k':
      key_file = optarg;
      break;
    case 'h':
      return cmd_print_help(&usage);
    default:
      return cmd_bad_option(&usage, argv);
    }
  }
  if (optind < argc)
    return cmd_usage_error(&usage, "unexpected argument '%s'", argv[optind]);
  if (key_file && !pseudonymize)
    return cmd_usage_error(&usage, "--key-file goes with --pseudonymize");
  if (filter.since && filter.until && filter.since >= filter.until)
    return cmd_usage_error(&usage, "--since must be before --until");
  if (format == FORMAT_NONE && out)
    format = format_of_path(out);
  if (format == FORMAT_NONE)
    format = FORMAT_HTML;
  if (!out)
    out = default_out[format];

  c = corpus_open(NULL, CORPUS_READ);
  if (!c)
    goto out;
  names = pseudonymizer_new(
      c, pseudonymize ? PSEUDONYM_NAMES : PSEUDONYM_OFF, key_file,
      pseudonymize ? PSEUDONYM_STRIP_EMAILS | PSEUDONYM_STRIP_URLS : 0);
  if (!names)
    goto out;
  rc = corpus_report_data(c, &filter, names, &doc);
  if (rc < 0)
    goto out;
  if (rc > 0) {
    error("corpus '%s' has no stats run yet: run 'netno stats' first",
          corpus_path(c));
    goto out;
  }
  if (title) {
    json_object_set_new(doc, "title", json_string(title));
    if (!json_object_get(doc, "title")) {
      error("the title is not valid UTF-8");
      goto out;
    }
  } else {
    char *t = default_title(doc);
    json_object_set_new(doc, "title", json_string(t));
    free(t);
  }
  json_object_set_new(
      doc, "generated_at",
      json_string(time_format_iso(now_utc(), now, sizeof(now))));
  report_add_sentences(doc);
  render(doc, format, out, &sb, &figures, &nfigures);

  if (!strcmp(out, "-")) {
    if (fwrite(sb.buf, 1, sb.len, stdout) != sb.len || fflush(stdout)) {
      error("cannot write the report: %s", strerror(errno));
      goto out;
    }
  } else {
    for (size_t i = 0; i < nfigures; i++)
      if (write_atomic(figures[2 * i], figures[2 * i + 1],
                       strlen(figures[2 * i + 1])) < 0)
        goto out;
    if (write_atomic(out, sb.buf, sb.len) < 0)
      goto out;
    info("wrote %s", out);
  }
  ret = 0;
out:
  for (size_t i = 0; i < 2 * nfigures; i++)
    free(figures[i]);
  free(figures);
  strbuf_release(&sb);
  json_decref(doc);
  pseudonymizer_free(names);
  if (corpus_close(c) < 0)
    ret = 1;
  return ret;
}
