/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * `netno import`: saved HTML files, WARC archives and mbox files become
 * pages of the corpus, exactly as a crawl would have stored them, so that
 * `netno parse` treats them alike.  Importing a file twice adds nothing
 * the second time.
 */
#include "corpus/internal.h"
#include "corpus/mbox.h"
#include "corpus/warc.h"
#include "util/util.h"

#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <zlib.h>

#define MAX_HTML_FILE (256u * 1024 * 1024)
#define BATCH 500 /* pages per transaction */

static const struct cmd_usage usage = {
    "import",
    "import [--url URL] [--format FORMAT] [--fetched-at TIME] FILE...",
    "Add saved pages to the corpus: HTML files, WARC files (.warc,\n"
    ".warc.gz: their response records) and mbox files (mailing-list and\n"
    "newsgroup archives: each message a page).  Run 'netno parse' after.\n"
    "\n"
    "Options:\n"
    "  --url URL          the address of the page (one HTML file only);\n"
    "                     default: its <link rel=canonical> or og:url,\n"
    "                     else a file: URL of its path\n"
    "  --format FORMAT    auto (default), html, warc or mbox\n"
    "  --fetched-at TIME  when the saved pages were fetched (ISO 8601);\n"
    "                     default: WARC-Date, else the file's mtime\n"
    "  -h, --help         show this help\n",
};

enum format { FORMAT_AUTO, FORMAT_HTML, FORMAT_WARC, FORMAT_MBOX };

struct import {
  struct corpus *c;
  const char *url;
  int64_t fetched_at; /* 0: per file */
  uint64_t added, present, skipped, failed, in_batch;
  struct progress *progress;
};

/* ---- batching ---------------------------------------------------------- */

static int batch_add(struct import *im, const struct corpus_page *p)
{
  int added = 0;

  if (!im->in_batch && corpus_begin(im->c) < 0)
    return -1;
  if (corpus_add_page(im->c, p, NULL, &added) < 0)
    return -1;
  if (added)
    im->added++;
  else
    im->present++;
  if (++im->in_batch >= BATCH) {
    im->in_batch = 0;
    if (corpus_commit(im->c) < 0)
      return -1;
  }
  progress_update(im->progress, im->added + im->present);
  return 0;
}

static int batch_finish(struct import *im)
{
  if (!im->in_batch)
    return 0;
  im->in_batch = 0;
  return corpus_commit(im->c);
}

/* ---- format detection -------------------------------------------------- */

static enum format detect_format(const char *path)
{
  unsigned char head[512];
  gzFile gz;
  int n;

  if (ends_with(path, ".warc") || ends_with(path, ".warc.gz"))
    return FORMAT_WARC;
  if (ends_with(path, ".mbox") || ends_with(path, ".mbx") ||
      ends_with(path, ".eml"))
    return FORMAT_MBOX;
  gz = gzopen(path, "rb");
  if (!gz)
    return FORMAT_HTML;
  n = gzread(gz, head, sizeof(head) - 1);
  gzclose(gz);
  if (n <= 0)
    return FORMAT_HTML;
  head[n] = '\0';
  if (!strncmp((char *)head, "WARC/", 5))
    return FORMAT_WARC;
  if (!strncmp((char *)head, "From ", 5))
    return FORMAT_MBOX;
  /* A single message: a header block of RFC 5322 fields. */
  if (mbox_looks_like_message((const char *)head, (size_t)n))
    return FORMAT_MBOX;
  return FORMAT_HTML;
}

/* ---- HTML -------------------------------------------------------------- */

/* The value of attribute name in the tag starting at p (after "<tag"),
 * or NULL; caller frees.  A small scanner: enough for <link> and <meta>. */
static char *tag_attr(const char *p, const char *end, const char *name)
{
  size_t nlen = strlen(name);

  while (p < end && *p != '>') {
    const char *an, *v;
    size_t alen, vlen;
    while (p < end && (isspace((unsigned char)*p) || *p == '/'))
      p++;
    an = p;
    while (p < end && !isspace((unsigned char)*p) && *p != '=' && *p != '>')
      p++;
    alen = (size_t)(p - an);
    while (p < end && isspace((unsigned char)*p))
      p++;
    if (p >= end || *p != '=') {
      if (alen == 0 && p < end && *p != '>')
        p++;
      continue;
    }
    p++;
    while (p < end && isspace((unsigned char)*p))
      p++;
    if (p < end && (*p == '"' || *p == '\'')) {
      char q = *p++;
      v = p;
      while (p < end && *p != q)
        p++;
      vlen = (size_t)(p - v);
      if (p < end)
        p++;
    } else {
      v = p;
      while (p < end && !isspace((unsigned char)*p) && *p != '>')
        p++;
      vlen = (size_t)(p - v);
    }
    if (alen == nlen && !strncasecmp(an, name, nlen)) {
      /* &amp; is the one entity URLs carry in practice. */
      struct strbuf sb = STRBUF_INIT;
      for (size_t i = 0; i < vlen; i++) {
        if (!strncmp(v + i, "&amp;", 5) && i + 5 <= vlen) {
          strbuf_addch(&sb, '&');
          i += 4;
        } else {
          strbuf_addch(&sb, v[i]);
        }
      }
      strbuf_trim(&sb);
      return strbuf_detach(&sb, NULL);
    }
  }
  return NULL;
}

/* The URL a saved page names for itself: <link rel=canonical>, else
 * <meta property=og:url>; only absolute http(s) URLs count. */
static char *page_self_url(const char *html, size_t len)
{
  const char *end = html + (len < 512 * 1024 ? len : 512 * 1024);
  char *canonical = NULL, *og = NULL;

  for (const char *p = html; p < end && !canonical; p++) {
    if (*p != '<')
      continue;
    if (!strncasecmp(p + 1, "link", 4) && isspace((unsigned char)p[5])) {
      char *rel = tag_attr(p + 5, end, "rel");
      if (rel && !strcasecmp(rel, "canonical"))
        canonical = tag_attr(p + 5, end, "href");
      free(rel);
    } else if (!og && !strncasecmp(p + 1, "meta", 4) &&
               isspace((unsigned char)p[5])) {
      char *prop = tag_attr(p + 5, end, "property");
      if (prop && !strcasecmp(prop, "og:url"))
        og = tag_attr(p + 5, end, "content");
      free(prop);
    } else if (!strncasecmp(p + 1, "/head", 5) ||
               !strncasecmp(p + 1, "body", 4)) {
      break;
    }
  }
  if (canonical && !istarts_with(canonical, "http://") &&
      !istarts_with(canonical, "https://")) {
    free(canonical);
    canonical = NULL;
  }
  if (og && !istarts_with(og, "http://") && !istarts_with(og, "https://")) {
    free(og);
    og = NULL;
  }
  if (canonical) {
    free(og);
    return canonical;
  }
  return og;
}

static char *file_url(const char *path)
{
  char *abs = realpath(path, NULL);
  struct strbuf sb = STRBUF_INIT;

  strbuf_addstr(&sb, "file://");
  for (const char *p = abs ? abs : path; *p; p++) {
    unsigned char ch = (unsigned char)*p;
    if (isalnum(ch) || strchr("/-._~", ch))
      strbuf_addch(&sb, ch);
    else
      strbuf_addf(&sb, "%%%02X", ch);
  }
  free(abs);
  return strbuf_detach(&sb, NULL);
}

static int64_t file_mtime(const char *path)
{
  struct stat sb;
  return stat(path, &sb) == 0 ? (int64_t)sb.st_mtime : now_utc();
}

static int import_html(struct import *im, const char *path)
{
  struct strbuf body;
  struct corpus_page p = {0};
  char *url = NULL;
  int ret = -1;

  strbuf_init(&body, MAX_HTML_FILE);
  if (strbuf_read_file(&body, path) < 0)
    goto out;
  url = im->url ? xstrdup(im->url) : page_self_url(body.buf, body.len);
  if (!url)
    url = file_url(path);
  p.url = url;
  p.source = "html";
  p.fetched_at = im->fetched_at ? im->fetched_at : file_mtime(path);
  p.content_type = "text/html";
  p.body = body.buf;
  p.body_len = body.len;
  ret = batch_add(im, &p);
  verbose("%s: %s", path, url);
out:
  free(url);
  strbuf_release(&body);
  return ret;
}

/* ---- WARC -------------------------------------------------------------- */

/* Is this a content type netno parses (HTML, XHTML, or unknown)? */
static int is_html_type(const char *ct)
{
  return !ct || !*ct || strcasestr(ct, "html") != NULL;
}

static char *charset_param(const char *ct)
{
  const char *p = ct ? strcasestr(ct, "charset=") : NULL;
  size_t n = 0;

  if (!p)
    return NULL;
  p += 8;
  if (*p == '"' || *p == '\'')
    p++;
  while (p[n] && !strchr("\"'; \t", p[n]))
    n++;
  return n ? xstrndup(p, n) : NULL;
}

static int import_warc(struct import *im, const char *path)
{
  struct warc_reader *r = warc_open(path);
  struct warc_record rec;
  int rc, ret = 0;

  if (!r)
    return -1;
  while ((rc = warc_next(r, &rec)) == 1) {
    struct corpus_page p = {0};
    char *charset = NULL;
    int64_t when = 0;

    if (rec.skipped || !rec.type || !rec.target_uri ||
        (strcmp(rec.type, "response") && strcmp(rec.type, "resource")) ||
        !is_html_type(rec.http_status ? rec.http_content_type
                                      : rec.content_type)) {
      im->skipped++;
      warc_record_release(&rec);
      continue;
    }
    if (rec.damaged)
      warning("'%s': the record for '%s' is truncated or badly encoded; "
              "stored what could be read",
              path, rec.target_uri);
    if (!rec.date || time_parse_iso(rec.date, &when, NULL) < 0)
      when = im->fetched_at ? im->fetched_at : file_mtime(path);
    charset = charset_param(rec.http_status ? rec.http_content_type
                                            : rec.content_type);
    p.url = rec.target_uri;
    p.source = "warc";
    p.status = rec.http_status ? rec.http_status : 200;
    p.fetched_at = im->fetched_at ? im->fetched_at : when;
    p.ip = rec.ip;
    p.headers = rec.http_headers;
    p.content_type = rec.http_status ? rec.http_content_type
                                     : rec.content_type;
    p.charset = charset;
    p.body = rec.body;
    p.body_len = rec.body_len;
    ret = batch_add(im, &p);
    free(charset);
    warc_record_release(&rec);
    if (ret < 0)
      break;
  }
  if (rc < 0)
    ret = -1;
  warc_close(r);
  return ret;
}

/* ---- mbox -------------------------------------------------------------- */

/* Each message is stored raw as a page of its own, with its From_ line;
 * `netno parse` reads it.  Its URL is an RFC 2392 "mid:" URL. */
static int import_mbox(struct import *im, const char *path)
{
  struct mbox_reader *r = mbox_open(path);
  int64_t mtime = file_mtime(path);
  const char *data;
  size_t len;
  int rc, ret = 0;

  if (!r)
    return -1;
  while ((rc = mbox_next_raw(r, &data, &len, NULL)) == 1) {
    struct corpus_page p = {0};
    struct mbox_message m;
    char *url;

    mbox_parse_message(data, len, &m);
    url = xasprintf("mid:%s", m.message_id);
    p.url = url;
    p.source = "mbox";
    p.fetched_at = im->fetched_at ? im->fetched_at : mtime;
    p.content_type = "message/rfc822";
    p.body = data;
    p.body_len = len;
    ret = batch_add(im, &p);
    free(url);
    mbox_message_release(&m);
    if (ret < 0)
      break;
  }
  if (rc < 0)
    ret = -1;
  mbox_close(r);
  return ret;
}

/* ---- the command ------------------------------------------------------- */

int cmd_import(int argc, char **argv)
{
  static const struct option options[] = {
      {"url", required_argument, NULL, 'u'},
      {"format", required_argument, NULL, 'f'},
      {"fetched-at", required_argument, NULL, 't'},
      {"help", no_argument, NULL, 'h'},
      {NULL, 0, NULL, 0},
  };
  struct import im = {0};
  enum format format = FORMAT_AUTO;
  int opt, ret = 1;

  optind = 0;
  opterr = 0;
  while ((opt = getopt_long(argc, argv, "h", options, NULL)) != -1) {
    switch (opt) {
    case 'u':
      im.url = optarg;
      break;
    case 'f':
      if (!strcmp(optarg, "auto"))
        format = FORMAT_AUTO;
      else if (!strcmp(optarg, "html"))
        format = FORMAT_HTML;
      else if (!strcmp(optarg, "warc"))
        format = FORMAT_WARC;
      else if (!strcmp(optarg, "mbox"))
        format = FORMAT_MBOX;
      else
        return cmd_usage_error(&usage, "unknown format '%s'", optarg);
      break;
    case 't':
      if (time_parse_iso(optarg, &im.fetched_at, NULL) < 0)
        return cmd_usage_error(&usage, "--fetched-at wants an ISO 8601 "
                               "time, not '%s'", optarg);
      break;
    case 'h':
      return cmd_print_help(&usage);
    default:
      return cmd_bad_option(&usage, argv);
    }
  }
  if (optind >= argc)
    return cmd_usage_error(&usage, "no files to import");
  if (im.url && argc - optind > 1)
    return cmd_usage_error(&usage, "--url names the page of one file only");

  im.c = corpus_open(NULL, CORPUS_CREATE);
  if (!im.c)
    return 1;
  im.progress = progress_new("import", 0);
  for (int i = optind; i < argc; i++) {
    const char *path = argv[i];
    enum format f = format == FORMAT_AUTO ? detect_format(path) : format;
    int rc;
    if (f == FORMAT_WARC)
      rc = import_warc(&im, path);
    else if (f == FORMAT_MBOX)
      rc = import_mbox(&im, path);
    else
      rc = import_html(&im, path);
    if (rc < 0 || batch_finish(&im) < 0) {
      if (im.in_batch) {
        corpus_rollback(im.c);
        im.in_batch = 0;
      }
      im.failed++;
      error("'%s' was not imported completely", path);
    }
  }
  progress_free(im.progress);
  info("imported %llu new pages (%llu already in the corpus, %llu archive "
       "records skipped: not HTML responses)%s",
       (unsigned long long)im.added, (unsigned long long)im.present,
       (unsigned long long)im.skipped,
       im.failed ? "; some files failed" : "");
  ret = im.failed ? 1 : 0;
  if (corpus_close(im.c) < 0)
    ret = 1;
  return ret;
}
