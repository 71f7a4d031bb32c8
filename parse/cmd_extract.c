/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * `netno extract FILE`: the posts of one saved page as JSON lines, without
 * a corpus.  The keys of a line are a contract (netno.1): add keys, never
 * rename them.
 */
#include "parse/extract.h"
#include "parse/parse.h"

#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define PAGE_CAP (256u * 1024 * 1024)

static const struct cmd_usage usage = {
    "extract",
    "extract FILE [--url URL] [--profile FILE] [--engine NAME] [--explain] "
    "[--strip-quotes]",
    "Print the posts of one saved HTML page as JSON lines, without a\n"
    "corpus: id, thread_url, thread_title, kind, url, native_id, author,\n"
    "author_url, published, date_text, text, own_text, parent, quotes,\n"
    "mentions, position, page_url, lang.  text is the post as the page\n"
    "shows it, quoted passages included; own_text leaves them out, as\n"
    "'netno parse' stores a post in the corpus.\n"
    "\n"
    "Options:\n"
    "  --url URL       the page's URL (for links and the thread key)\n"
    "  --profile FILE  a site profile to try before the built-in ones\n"
    "                  (may be given more than once)\n"
    "  --engine NAME   use this engine's profiles and no detection: a\n"
    "                  built-in or user profile name, or a profile file\n"
    "                  (see 'netno help parse' for the list)\n"
    "  --explain       say on stderr which profile or detector matched\n"
    "  --strip-quotes  leave quoted passages out of text too\n"
    "  --keep-quotes   keep them in text (the default)\n"
    "  -h, --help      show this help\n",
};

static json_t *json_str_or_null(const char *s)
{
  return s ? json_string(s) : json_null();
}

static json_t *json_strings(char **v, size_t n)
{
  json_t *a = json_array();
  for (size_t i = 0; i < n; i++)
    json_array_append_new(a, json_string(v[i]));
  return a;
}

/* One JSON object per post, one per line. */
static int print_posts(const struct page_posts *pp)
{
  for (size_t i = 0; i < pp->nposts; i++) {
    const struct post *p = &pp->posts[i];
    json_t *o = json_object();
    char *line;

    json_object_set_new(o, "id", json_string(p->id));
    json_object_set_new(o, "thread_url", json_str_or_null(pp->thread_url));
    json_object_set_new(o, "thread_title",
                        json_str_or_null(pp->thread_title));
    json_object_set_new(o, "kind", json_string(pp->kind));
    json_object_set_new(o, "url", json_str_or_null(p->url));
    json_object_set_new(o, "native_id", json_str_or_null(p->native_id));
    json_object_set_new(o, "author", json_str_or_null(p->author));
    json_object_set_new(o, "author_url", json_str_or_null(p->author_url));
    json_object_set_new(o, "published", json_str_or_null(p->published));
    json_object_set_new(o, "date_text", json_str_or_null(p->date_text));
    json_object_set_new(o, "text", json_string(p->text ? p->text : ""));
    json_object_set_new(o, "own_text",
                        json_string(p->own_text ? p->own_text
                                    : p->text   ? p->text
                                                : ""));
    json_object_set_new(o, "parent", json_str_or_null(p->parent));
    json_object_set_new(o, "parent_implicit",
                        json_boolean(p->parent_implicit));
    json_object_set_new(o, "quotes", json_strings(p->quotes, p->nquotes));
    json_object_set_new(o, "mentions",
                        json_strings(p->mentions, p->nmentions));
    json_object_set_new(o, "position", json_integer(p->position));
    json_object_set_new(o, "page_url", json_str_or_null(pp->page_url));
    json_object_set_new(o, "lang", json_str_or_null(pp->lang));
    line = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(o);
    if (!line)
      return error("cannot write post %zu as JSON", i + 1);
    puts(line);
    free(line);
  }
  if (fflush(stdout) || ferror(stdout))
    return error("cannot write the posts");
  return 0;
}

int cmd_extract(int argc, char **argv)
{
  static const struct option options[] = {
      {"url", required_argument, NULL, 'u'},
      {"profile", required_argument, NULL, 'p'},
      {"explain", no_argument, NULL, 'e'},
      {"engine", required_argument, NULL, 'E'},
      {"strip-quotes", no_argument, NULL, 's'},
      /* the default; kept for scripts */
      {"keep-quotes", no_argument, NULL, 'k'},
      {"help", no_argument, NULL, 'h'},
      {NULL, 0, NULL, 0},
  };
  struct profile_list profiles = {0};
  struct page_posts pp = {0};
  struct strbuf page = STRBUF_INIT;
  const char *url = NULL, *file, *engine = NULL;
  int explain = 0, opt, ret = 1;
  unsigned flags = EXTRACT_KEEP_QUOTES | EXTRACT_OWN_TEXT;
  int64_t fetched = 0;
  struct stat st;

  optind = 0;
  opterr = 0;
  while ((opt = getopt_long(argc, argv, "h", options, NULL)) != -1) {
    switch (opt) {
    case 'u':
      url = optarg;
      break;
    case 'p':
      if (profile_list_add_file(&profiles, optarg) < 0)
        goto out;
      break;
    case 'e':
      explain = 1;
      break;
    case 'E':
      engine = optarg;
      break;
    case 's':
      flags &= ~(unsigned)(EXTRACT_KEEP_QUOTES | EXTRACT_OWN_TEXT);
      break;
    case 'k':
      flags |= EXTRACT_KEEP_QUOTES | EXTRACT_OWN_TEXT;
      break;
    case 'h':
      return cmd_print_help(&usage);
    default:
      profile_list_release(&profiles);
      return cmd_bad_option(&usage, argv);
    }
  }
  if (optind >= argc) {
    profile_list_release(&profiles);
    return cmd_usage_error(&usage, "no FILE given");
  }
  if (optind + 1 < argc) {
    profile_list_release(&profiles);
    return cmd_usage_error(&usage, "unexpected argument '%s'",
                           argv[optind + 1]);
  }
  if (engine && profiles.n) {
    profile_list_release(&profiles);
    return cmd_usage_error(&usage, "--engine and --profile do not go "
                                   "together (give the profile file as "
                                   "--engine FILE)");
  }
  file = argv[optind];
  if (engine) {
    if (engine_load(&profiles, engine) < 0)
      goto out;
    flags |= EXTRACT_FORCE;
  } else {
    if (profile_list_add_user(&profiles) < 0)
      goto out;
    profile_list_add_builtin(&profiles);
  }

  strbuf_init(&page, PAGE_CAP);
  if (strbuf_read_file(&page, file) < 0)
    goto out;
  /* a saved page was fetched no later than it was written */
  if (strcmp(file, "-") && stat(file, &st) == 0)
    fetched = (int64_t)st.st_mtime;
  if (extract_page(page.buf, page.len, url, fetched, &profiles, flags,
                   &pp) < 0)
    goto out;
  if (!pp.page_url)
    pp.page_url = xstrdup(file);
  if (explain)
    fputs(pp.explain.buf, stderr);
  if (print_posts(&pp) < 0)
    goto out;
  ret = 0;
out:
  page_posts_release(&pp);
  strbuf_release(&page);
  profile_list_release(&profiles);
  return ret;
}
