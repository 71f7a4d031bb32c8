/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * `netno status`: what the corpus holds.  The JSON keys are a contract
 * (documented in netno.1, read by tests and scripts): add keys, never
 * rename them.
 */
#include "corpus/internal.h"
#include "util/util.h"

#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

static const struct cmd_usage usage = {
    "status",
    "status [--json] [--check] [--gaps]",
    "Show what the corpus holds: pages by state, the crawl frontier,\n"
    "threads, posts, authors, relations, crawls and stats runs, and how\n"
    "complete the threads are against the sizes their pages state.\n"
    "\n"
    "Options:\n"
    "  --json     print the figures as one JSON object (keys in netno(1))\n"
    "  --check    also run SQLite's integrity check on the corpus file\n"
    "  --gaps     list the threads with the largest gaps, worst first\n"
    "  -h, --help show this help\n",
};

#define GAPS_MAX 50  /* threads --gaps lists */
#define NOTES_MAX 50 /* pages without posts --gaps and --json list */

static int64_t file_size(const char *path)
{
  struct stat sb;
  return stat(path, &sb) == 0 ? (int64_t)sb.st_size : 0;
}

int corpus_get_gaps(struct corpus *c, size_t max, struct corpus_gap **gaps,
                    size_t *n)
{
  sqlite3_stmt *st = corpus_prepare(
      c, CORPUS_THREAD_COVERAGE
      "SELECT thread.url, thread.title, coalesce(tp.claimed_posts, 0) cp, "
      "found, coalesce(tp.claimed_pages, 0) cg, pages FROM tp "
      "JOIN thread ON thread.id = tp.id "
      "WHERE found < tp.claimed_posts OR pages < tp.claimed_pages "
      "ORDER BY max(cp - found, 0) DESC, max(cg - pages, 0) DESC, "
      "thread.url LIMIT ?1");
  size_t alloc = 0;
  int rc;

  *gaps = NULL;
  *n = 0;
  if (!st)
    return -1;
  sqlite3_bind_int64(st, 1, (int64_t)max);
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    struct corpus_gap *g;
    const char *title = (const char *)sqlite3_column_text(st, 1);
    xgrow((void **)gaps, sizeof(**gaps), *n + 1, &alloc);
    g = &(*gaps)[(*n)++];
    g->url = xstrdup((const char *)sqlite3_column_text(st, 0));
    g->title = title ? xstrdup(title) : NULL;
    g->posts_claimed = sqlite3_column_int64(st, 2);
    g->posts_found = sqlite3_column_int64(st, 3);
    g->pages_claimed = sqlite3_column_int64(st, 4);
    g->pages_found = sqlite3_column_int64(st, 5);
  }
  sqlite3_finalize(st);
  if (rc != SQLITE_DONE) {
    corpus_gaps_release(*gaps, *n);
    *gaps = NULL;
    *n = 0;
    return corpus_sql_error(c, "reading the threads' gaps");
  }
  return 0;
}

void corpus_gaps_release(struct corpus_gap *gaps, size_t n)
{
  for (size_t i = 0; i < n; i++) {
    free(gaps[i].url);
    free(gaps[i].title);
  }
  free(gaps);
}

/* The coverage figures of st, in one query. */
static int coverage_read(struct corpus *c, struct corpus_status *st)
{
  sqlite3_stmt *q = corpus_prepare(
      c, CORPUS_THREAD_COVERAGE
      "SELECT coalesce(sum(claimed_posts > 0 OR claimed_pages > 0), 0), "
      "coalesce(sum(CASE WHEN claimed_posts > 0 THEN claimed_posts END), 0), "
      "coalesce(sum(CASE WHEN claimed_posts > 0 THEN found END), 0), "
      "coalesce(sum(found < claimed_posts), 0), "
      "coalesce(sum(CASE WHEN claimed_pages > 0 THEN claimed_pages END), 0), "
      "coalesce(sum(CASE WHEN claimed_pages > 0 THEN pages END), 0), "
      "coalesce(sum(pages < claimed_pages), 0) FROM tp");
  int64_t *field[] = {&st->threads_claiming, &st->posts_claimed,
                      &st->posts_found,      &st->threads_short,
                      &st->pages_claimed,    &st->pages_found,
                      &st->threads_missing_pages};
  int rc;

  if (!q)
    return -1;
  rc = sqlite3_step(q);
  if (rc == SQLITE_ROW)
    for (size_t i = 0; i < ARRAY_SIZE(field); i++)
      *field[i] = sqlite3_column_int64(q, (int)i);
  sqlite3_finalize(q);
  return rc == SQLITE_ROW ? 0 : corpus_sql_error(c, "reading the coverage");
}

int corpus_get_status(struct corpus *c, struct corpus_status *st)
{
  static const struct {
    size_t offset;
    const char *sql;
  } counts[] = {
#define COUNT(field, sql) {offsetof(struct corpus_status, field), sql}
      COUNT(pages, "SELECT count(*) FROM page"),
      COUNT(pages_unparsed,
            "SELECT count(*) FROM page WHERE parse_state = 'pending'"),
      COUNT(pages_parsed,
            "SELECT count(*) FROM page WHERE parse_state = 'parsed'"),
      COUNT(pages_failed,
            "SELECT count(*) FROM page WHERE parse_state = 'failed'"),
      COUNT(pages_skipped,
            "SELECT count(*) FROM page WHERE parse_state = 'skipped'"),
      COUNT(frontier_queued,
            "SELECT count(*) FROM frontier WHERE state = 'queued'"),
      COUNT(frontier_in_flight,
            "SELECT count(*) FROM frontier WHERE state = 'in_flight'"),
      COUNT(frontier_done,
            "SELECT count(*) FROM frontier WHERE state = 'done'"),
      COUNT(frontier_failed,
            "SELECT count(*) FROM frontier WHERE state = 'failed'"),
      COUNT(frontier_skipped,
            "SELECT count(*) FROM frontier WHERE state = 'skipped'"),
      COUNT(sites, "SELECT count(*) FROM site"),
      COUNT(threads, "SELECT count(*) FROM thread"),
      COUNT(posts, "SELECT count(*) FROM post"),
      COUNT(authors, "SELECT count(*) FROM author"),
      COUNT(relations, "SELECT count(*) FROM relation"),
      COUNT(crawls, "SELECT count(*) FROM crawl"),
      COUNT(stats_runs, "SELECT count(*) FROM run"),
      COUNT(first_post, "SELECT min(published_at) FROM post"),
      COUNT(last_post, "SELECT max(published_at) FROM post"),
#undef COUNT
  };
  char *wal;

  memset(st, 0, sizeof(*st));
  st->exists = 1;
  st->schema_version = c->version;
  if (corpus_exec(c, "BEGIN") < 0) /* one consistent snapshot */
    return -1;
  for (size_t i = 0; i < ARRAY_SIZE(counts); i++) {
    int64_t *field = (int64_t *)((char *)st + counts[i].offset);
    if (corpus_query_int(c, counts[i].sql, field) < 0) {
      corpus_exec(c, "ROLLBACK");
      return -1;
    }
  }
  if (coverage_read(c, st) < 0) {
    corpus_exec(c, "ROLLBACK");
    return -1;
  }
  corpus_exec(c, "COMMIT");
  wal = xasprintf("%s-wal", c->path);
  st->size_bytes = file_size(c->path) + file_size(wal);
  free(wal);
  return 0;
}

static void put_int(json_t *obj, const char *key, int64_t v)
{
  json_object_set_new(obj, key, json_integer(v));
}

static void put_time(json_t *obj, const char *key, int64_t t, int have)
{
  char buf[32];

  if (!have)
    json_object_set_new(obj, key, json_null());
  else
    json_object_set_new(obj, key,
                        json_string(time_format_iso(t, buf, sizeof(buf))));
}

/* Put a count of what the coverage warnings count. */
static void put_figure(json_t *obj, const char *key,
                       const struct corpus_figure *f)
{
  put_int(obj, key, f->count);
}

/* The coverage figures beyond the threads' claims: pages without posts
 * by reason, URLs lost by reason, sites under 90 %, and the pages
 * without posts with their reasons.  c NULL: no corpus, all zero. */
static int put_losses(struct corpus *c, json_t *cov)
{
  struct corpus_coverage w = {0};
  struct corpus_page_note *notes = NULL;
  size_t n = 0;
  json_t *sites = json_array(), *pages = json_array();

  if (c && (corpus_coverage_warnings(
                c, CORPUS_COVERAGE_CRAWL | CORPUS_COVERAGE_PARSE, &w) < 0 ||
            corpus_get_page_notes(c, NOTES_MAX, &notes, &n) < 0)) {
    corpus_coverage_release(&w);
    json_decref(sites);
    json_decref(pages);
    return -1;
  }
  put_figure(cov, "pages_post_blocks_no_posts", &w.blocks_no_posts);
  put_figure(cov, "pages_js_only", &w.js_only);
  put_figure(cov, "pages_login_wall", &w.login_wall);
  put_figure(cov, "pages_soft_404", &w.soft_404);
  put_figure(cov, "urls_login_redirect", &w.login_redirect);
  put_figure(cov, "urls_denied", &w.denied);
  put_figure(cov, "urls_trap", &w.trap);
  put_figure(cov, "urls_depth", &w.depth);
  put_figure(cov, "urls_too_large", &w.too_large);
  for (size_t i = 0; i < w.nsites; i++) {
    json_t *o = json_object();
    json_object_set_new(o, "site", json_string(w.sites[i].origin));
    put_int(o, "posts_claimed", w.sites[i].posts_claimed);
    put_int(o, "posts_found", w.sites[i].posts_found);
    json_array_append_new(sites, o);
  }
  json_object_set_new(cov, "sites_short", sites);
  for (size_t i = 0; i < n; i++) {
    json_t *o = json_object();
    json_object_set_new(o, "url", json_string(notes[i].url));
    json_object_set_new(o, "reason", json_string(notes[i].note));
    put_int(o, "post_blocks", notes[i].post_blocks);
    json_array_append_new(pages, o);
  }
  json_object_set_new(cov, "pages_without_posts", pages);
  corpus_page_notes_release(notes, n);
  corpus_coverage_release(&w);
  return 0;
}

/* The sites with a forced engine, for the status; none when there is no
 * corpus.  Release with corpus_site_engines_release(). */
static int site_engines_read(struct corpus *c,
                             struct corpus_site_engine **v, size_t *n)
{
  *v = NULL;
  *n = 0;
  return c ? corpus_get_site_engines(c, v, n) : 0;
}

static int print_json(struct corpus *c, const char *path,
                      const struct corpus_status *st,
                      const struct corpus_site_engine *engines,
                      size_t nengines)
{
  json_t *o = json_object(), *pages = json_object(),
         *frontier = json_object();
  char *text;

  json_object_set_new(o, "corpus", json_string(path));
  json_object_set_new(o, "exists", json_boolean(st->exists));
  put_int(o, "schema_version", st->schema_version);
  json_object_set_new(o, "netno_version", json_string(NETNO_VERSION));
  put_int(o, "size_bytes", st->size_bytes);
  put_int(pages, "total", st->pages);
  put_int(pages, "unparsed", st->pages_unparsed);
  put_int(pages, "parsed", st->pages_parsed);
  put_int(pages, "failed", st->pages_failed);
  put_int(pages, "skipped", st->pages_skipped);
  json_object_set_new(o, "pages", pages);
  put_int(frontier, "queued", st->frontier_queued);
  put_int(frontier, "in_flight", st->frontier_in_flight);
  put_int(frontier, "done", st->frontier_done);
  put_int(frontier, "failed", st->frontier_failed);
  put_int(frontier, "skipped", st->frontier_skipped);
  json_object_set_new(o, "frontier", frontier);
  put_int(o, "sites", st->sites);
  put_int(o, "threads", st->threads);
  put_int(o, "posts", st->posts);
  put_int(o, "authors", st->authors);
  put_int(o, "relations", st->relations);
  put_int(o, "crawls", st->crawls);
  put_int(o, "stats_runs", st->stats_runs);
  put_time(o, "first_post", st->first_post, st->posts && st->first_post);
  put_time(o, "last_post", st->last_post, st->posts && st->last_post);
  {
    json_t *cov = json_object();
    put_int(cov, "threads_claiming", st->threads_claiming);
    put_int(cov, "posts_claimed", st->posts_claimed);
    put_int(cov, "posts_found", st->posts_found);
    put_int(cov, "threads_short", st->threads_short);
    put_int(cov, "pages_claimed", st->pages_claimed);
    put_int(cov, "pages_found", st->pages_found);
    put_int(cov, "threads_missing_pages", st->threads_missing_pages);
    json_object_set_new(o, "coverage", cov);
    if (put_losses(c, cov) < 0) {
      json_decref(o);
      return -1;
    }
  }
  {
    json_t *eng = json_object();
    for (size_t i = 0; i < nengines; i++)
      json_object_set_new(eng, engines[i].origin,
                          json_string(engines[i].engine));
    json_object_set_new(o, "forced_engines", eng);
  }

  text = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
  json_decref(o);
  if (!text)
    return error("cannot format the status as JSON");
  puts(text);
  free(text);
  return 0;
}

static void print_size(int64_t bytes)
{
  if (bytes < 10 * 1024)
    printf("%lld bytes", (long long)bytes);
  else if (bytes < 10 * 1024 * 1024)
    printf("%.1f KiB", (double)bytes / 1024);
  else
    printf("%.1f MiB", (double)bytes / (1024 * 1024));
}

/* What the coverage warnings count, in one line: only what is not 0. */
static int print_missed(struct corpus *c)
{
  struct corpus_coverage w = {0};
  const struct {
    const struct corpus_figure *f;
    const char *what;
  } rows[] = {
      {&w.blocks_no_posts, "pages with post-like blocks but no posts"},
      {&w.js_only, "pages loaded by JavaScript"},
      {&w.login_wall, "login walls"},
      {&w.soft_404, "error pages served as content"},
      {&w.login_redirect, "URLs redirected to a login page"},
      {&w.denied, "URLs refused (401/403)"},
      {&w.trap, "URLs skipped as traps"},
      {&w.depth, "URLs beyond --max-depth"},
      {&w.too_large, "URLs over --max-size"},
  };
  int n = 0;

  if (corpus_coverage_warnings(c, CORPUS_COVERAGE_CRAWL |
                                      CORPUS_COVERAGE_PARSE,
                               &w) < 0)
    return -1;
  for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
    if (!rows[i].f->count)
      continue;
    printf("%s%lld %s", n++ ? ", " : "missed:    ",
           (long long)rows[i].f->count, rows[i].what);
  }
  if (n)
    printf(" (netno status --gaps lists them)\n");
  corpus_coverage_release(&w);
  return 0;
}

static int print_text(struct corpus *c, const char *path,
                      const struct corpus_status *st,
                      const struct corpus_site_engine *engines,
                      size_t nengines)
{
  char a[32], b[32];

  printf("corpus:    %s", path);
  if (!st->exists) {
    printf(" (does not exist yet)\n");
  } else {
    printf(" (schema v%d, ", st->schema_version);
    print_size(st->size_bytes);
    printf(")\n");
  }
  printf("pages:     %lld (%lld parsed, %lld not yet parsed, %lld failed",
         (long long)st->pages, (long long)st->pages_parsed,
         (long long)st->pages_unparsed, (long long)st->pages_failed);
  if (st->pages_skipped)
    printf(", %lld skipped: sitemaps, feeds, listings",
           (long long)st->pages_skipped);
  printf(")\n");
  printf("frontier:  %lld queued, %lld in flight, %lld done, %lld failed, "
         "%lld skipped\n",
         (long long)st->frontier_queued, (long long)st->frontier_in_flight,
         (long long)st->frontier_done, (long long)st->frontier_failed,
         (long long)st->frontier_skipped);
  printf("sites:     %lld\n", (long long)st->sites);
  for (size_t i = 0; i < nengines; i++)
    printf("  %s: engine %s (forced)\n", engines[i].origin,
           engines[i].engine);
  printf("threads:   %lld\n", (long long)st->threads);
  printf("posts:     %lld", (long long)st->posts);
  if (st->posts && st->first_post)
    printf(" (%.10s to %.10s)",
           time_format_iso(st->first_post, a, sizeof(a)),
           time_format_iso(st->last_post, b, sizeof(b)));
  printf("\n");
  printf("authors:   %lld\n", (long long)st->authors);
  printf("relations: %lld\n", (long long)st->relations);
  printf("crawls:    %lld\n", (long long)st->crawls);
  printf("stats:     %lld runs\n", (long long)st->stats_runs);
  if (st->threads_claiming)
    printf("coverage:  %lld of the %lld posts that %lld threads claim "
           "(%.1f%%); %lld threads short of posts, %lld missing pages\n",
           (long long)st->posts_found, (long long)st->posts_claimed,
           (long long)st->threads_claiming,
           st->posts_claimed
               ? 100.0 * (double)st->posts_found / (double)st->posts_claimed
               : 100.0,
           (long long)st->threads_short,
           (long long)st->threads_missing_pages);
  return c ? print_missed(c) : 0;
}

/* Pages without posts that parse found a reason for, most post-like
 * blocks first. */
static int print_page_notes(struct corpus *c)
{
  struct corpus_page_note *notes;
  size_t n;

  if (corpus_get_page_notes(c, NOTES_MAX, &notes, &n) < 0)
    return -1;
  if (n)
    printf("pages without posts, with the reason netno sees:\n");
  for (size_t i = 0; i < n; i++)
    printf("%s\n  %s\n", notes[i].url, notes[i].note);
  corpus_page_notes_release(notes, n);
  return 0;
}

/* The worst gaps, with the reason netno sees. */
static int print_gaps(struct corpus *c, size_t max)
{
  struct corpus_gap *gaps;
  size_t n;

  if (corpus_get_gaps(c, max, &gaps, &n) < 0)
    return -1;
  if (!n)
    printf("no gaps: every thread that states its size is complete\n");
  for (size_t i = 0; i < n; i++) {
    const struct corpus_gap *g = &gaps[i];
    printf("%s\n  %s\n  posts %lld of %lld", g->title ? g->title : "-",
           g->url, (long long)g->posts_found, (long long)g->posts_claimed);
    if (g->pages_claimed)
      printf(", pages %lld of %lld", (long long)g->pages_found,
             (long long)g->pages_claimed);
    printf(": %s\n",
           g->pages_found < g->pages_claimed
               ? "pages of the thread are not in the corpus (not fetched, "
                 "failed, or outside the crawl's limits)"
               : "posts on the stored pages were not extracted (a profile "
                 "for this engine may help: netno parse --profile)");
  }
  corpus_gaps_release(gaps, n);
  return print_page_notes(c);
}

int cmd_status(int argc, char **argv)
{
  static const struct option options[] = {
      {"json", no_argument, NULL, 'j'},
      {"check", no_argument, NULL, 'c'},
      {"gaps", no_argument, NULL, 'g'},
      {"help", no_argument, NULL, 'h'},
      {NULL, 0, NULL, 0},
  };
  struct corpus_status st;
  struct corpus_site_engine *engines = NULL;
  size_t nengines = 0;
  const char *path = corpus_default_path();
  struct corpus *c = NULL;
  int json = 0, check = 0, gaps = 0, opt, ret = 1;
  struct stat sb;

  optind = 0;
  opterr = 0;
  while ((opt = getopt_long(argc, argv, "+h", options, NULL)) != -1) {
    switch (opt) {
    case 'j':
      json = 1;
      break;
    case 'c':
      check = 1;
      break;
    case 'g':
      gaps = 1;
      break;
    case 'h':
      return cmd_print_help(&usage);
    default:
      return cmd_bad_option(&usage, argv);
    }
  }
  if (optind < argc)
    return cmd_usage_error(&usage, "unexpected argument '%s'", argv[optind]);

  memset(&st, 0, sizeof(st));
  /* A corpus that does not exist yet holds nothing: say so without
   * creating a file. */
  if (stat(path, &sb) < 0 && errno == ENOENT) {
    if (check)
      return error("no corpus at '%s' to check", path), 1;
  } else {
    c = corpus_open(path, CORPUS_READ);
    if (!c || corpus_get_status(c, &st) < 0)
      goto out;
    if (check && corpus_check_integrity(c) < 0)
      goto out;
    if (site_engines_read(c, &engines, &nengines) < 0)
      goto out;
  }
  if (gaps) {
    if (c && print_gaps(c, GAPS_MAX) < 0)
      goto out;
  } else if (json ? print_json(c, path, &st, engines, nengines) < 0
                  : print_text(c, path, &st, engines, nengines) < 0) {
    goto out;
  }
  if (check)
    info("integrity check: ok");
  ret = 0;
out:
  corpus_site_engines_release(engines, nengines);
  corpus_close(c);
  return ret;
}
