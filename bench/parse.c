/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * bench-parse: extraction speed beside libxml2's bare parse, for
 * bench/bench-parse.sh.
 *
 *   bench-parse [--reps N] [--min-seconds S] FILE...
 *
 * A page NAME.html with a NAME.url beside it is extracted with that URL
 * (as tests/eval/run.sh does).  Reads the pages into memory once, loads the
 * built-in profiles once, then in the same process times, over N repetitions of
 * all pages (at least S seconds each):
 *
 *   parse    htmlReadMemory() + xmlFreeDoc() on the bytes as saved
 *   extract  extract_page() + page_posts_release(): what `netno extract`
 *            does for a page (charset, parse, profiles, schema.org, the
 *            generic detector, dates, ids) short of printing JSON
 *
 * Prints one line "pages N bytes B posts P parse_s X extract_s Y
 * parse_mbs A extract_mbs B ratio R": process CPU seconds of the fastest
 * repetition of all pages of each (CPU time, not wall time, and the
 * fastest, since other work on a shared machine only ever slows a
 * repetition down), MB/s (10^6 bytes of the pages as saved), ratio =
 * extract time / parse time.
 */
#include "parse/extract.h"
#include "util/util.h"

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define PAGE_CAP (64u * 1024 * 1024)

static double now(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The URL in NAME.url beside NAME.html, or NULL. */
static char *url_beside(const char *path)
{
  struct strbuf sb = STRBUF_INIT;
  char *url = NULL, *name;
  FILE *f;

  if (!ends_with(path, ".html"))
    return NULL;
  name = xasprintf("%.*s.url", (int)(strlen(path) - 5), path);
  f = fopen(name, "r");
  if (f) {
    fclose(f);
    strbuf_init(&sb, 64 * 1024);
    if (strbuf_read_file(&sb, name) == 0) {
      strbuf_trim(&sb);
      url = strbuf_detach(&sb, NULL);
    }
    strbuf_release(&sb);
  }
  free(name);
  return url;
}

/* One repetition of the bare parse over all pages. */
static void run_parse(struct strbuf *pages, size_t n)
{
  for (size_t i = 0; i < n; i++) {
    xmlDoc *doc = htmlReadMemory(pages[i].buf, (int)pages[i].len, NULL, NULL,
                                 HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
                                     HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
    if (doc)
      xmlFreeDoc(doc);
  }
}

/* One repetition of the extraction over all pages; returns the posts. */
static size_t run_extract(struct strbuf *pages, char **urls, size_t n,
                          const struct profile_list *profiles)
{
  size_t posts = 0;

  for (size_t i = 0; i < n; i++) {
    struct page_posts pp;
    if (extract_page(pages[i].buf, pages[i].len, urls[i], 1700000000, profiles,
                     0, &pp) == 0) {
      posts += pp.nposts;
      page_posts_release(&pp);
    }
  }
  return posts;
}

int main(int argc, char **argv)
{
  struct profile_list profiles = {0};
  struct strbuf *pages;
  char **urls;
  size_t n = 0, bytes = 0, posts = 0;
  long reps = 0;
  double min_s = 2.0, tp = 0, te = 0, t0, bp = 0, be = 0;
  int first = 1, ret = 1;
  long rp = 0, re = 0;

  while (first < argc && argv[first][0] == '-') {
    if (!strcmp(argv[first], "--reps") && first + 1 < argc)
      reps = strtol(argv[first + 1], NULL, 10);
    else if (!strcmp(argv[first], "--min-seconds") && first + 1 < argc)
      min_s = strtod(argv[first + 1], NULL);
    else {
      fprintf(stderr, "usage: bench-parse [--reps N] [--min-seconds S] "
                      "FILE...\n");
      return 2;
    }
    first += 2;
  }
  if (first >= argc) {
    fprintf(stderr, "bench-parse: no pages\n");
    return 2;
  }
  pages = xmalloc((size_t)(argc - first) * sizeof(*pages));
  urls = xmalloc((size_t)(argc - first) * sizeof(*urls));
  for (int i = first; i < argc; i++) {
    urls[n] = NULL;
    strbuf_init(&pages[n], PAGE_CAP);
    if (strbuf_read_file(&pages[n], argv[i]) < 0) {
      strbuf_release(&pages[n]);
      goto out;
    }
    urls[n] = url_beside(argv[i]);
    bytes += pages[n].len;
    n++;
  }
  profile_list_add_builtin(&profiles);
  xmlInitParser();

  /* warm-up: caches, lazily compiled patterns */
  run_parse(pages, n);
  posts = run_extract(pages, urls, n, &profiles);

  /* alternate the two so that both see the same machine load */
  while ((reps > 0 && (rp < reps || re < reps)) ||
         (reps <= 0 && (tp < min_s || te < min_s))) {
    if (reps <= 0 ? tp < min_s : rp < reps) {
      t0 = now();
      run_parse(pages, n);
      t0 = now() - t0;
      tp += t0;
      bp = rp++ ? (t0 < bp ? t0 : bp) : t0;
    }
    if (reps <= 0 ? te < min_s : re < reps) {
      t0 = now();
      run_extract(pages, urls, n, &profiles);
      t0 = now() - t0;
      te += t0;
      be = re++ ? (t0 < be ? t0 : be) : t0;
    }
  }
  tp = bp;
  te = be;
  printf("pages %zu bytes %zu posts %zu parse_s %.4f extract_s %.4f "
         "parse_mbs %.1f extract_mbs %.1f ratio %.2f\n",
         n, bytes, posts, tp, te, (double)bytes / 1e6 / tp,
         (double)bytes / 1e6 / te, te / tp);
  ret = 0;
out:
  for (size_t i = 0; i < n; i++) {
    strbuf_release(&pages[i]);
    free(urls[i]);
  }
  free(pages);
  free(urls);
  profile_list_release(&profiles);
  xmlCleanupParser();
  return ret;
}
