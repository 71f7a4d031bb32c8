/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Coverage warnings: what crawl, parse and run say on stderr when the
 * corpus misses much of what the sites hold.  One query function gathers
 * the figures (corpus_coverage_warnings()), one renders them
 * (corpus_coverage_print()), and the three commands share both through
 * corpus_coverage_check().
 */
#include "corpus/internal.h"
#include "util/util.h"

#include <stdlib.h>
#include <string.h>

/* A site warns when it holds less than this share of the posts its
 * threads claim (in per cent). */
#define SITE_MIN_PERCENT 90
/* Sites listed in the block at most. */
#define SITES_MAX 5

/* Frontier reasons of URLs left out as a trap (crawl/url.c and the
 * pagination trap of crawl/pagetrap.c). */
#define TRAP_REASONS "('trap', 'calendar', 'repeated-segments')"

/* Pages as parse left them: the current version of each. */
#define PARSED_PAGES                                                           \
  "FROM page WHERE parse_state = 'parsed' AND superseded_by IS NULL "

static const struct {
  unsigned what;
  size_t offset;   /* of the struct corpus_figure */
  const char *sql; /* count(*), an example URL */
} figures[] = {
#define FIG(w, f, sql)                                                         \
  {                                                                            \
    w, offsetof(struct corpus_coverage, f), sql                                \
  }
    FIG(CORPUS_COVERAGE_PARSE, blocks_no_posts,
        "SELECT count(*), min(url) " PARSED_PAGES
        "AND parse_note LIKE '% post-like blocks, 0 posts'"),
    FIG(CORPUS_COVERAGE_PARSE, js_only,
        "SELECT count(*), min(url) " PARSED_PAGES
        "AND parse_note LIKE 'js-only:%'"),
    FIG(CORPUS_COVERAGE_PARSE, login_wall,
        "SELECT count(*), min(url) " PARSED_PAGES
        "AND parse_note LIKE 'login-wall:%'"),
    FIG(CORPUS_COVERAGE_PARSE, soft_404,
        "SELECT count(*), min(url) " PARSED_PAGES
        "AND parse_note LIKE 'soft-404:%'"),
    FIG(CORPUS_COVERAGE_CRAWL, login_redirect,
        "SELECT count(*), min(url) FROM frontier "
        "WHERE reason LIKE 'login-wall:%'"),
    FIG(CORPUS_COVERAGE_CRAWL, denied,
        "SELECT count(*), min(url) FROM frontier WHERE state = 'failed' "
        "AND reason IN ('http 401', 'http 403')"),
    FIG(CORPUS_COVERAGE_CRAWL, trap,
        "SELECT count(*), min(url) FROM frontier WHERE state = 'skipped' "
        "AND reason IN " TRAP_REASONS),
    FIG(CORPUS_COVERAGE_CRAWL, depth,
        "SELECT count(*), min(url) FROM frontier WHERE state = 'skipped' "
        "AND reason = 'depth'"),
    FIG(CORPUS_COVERAGE_CRAWL, too_large,
        "SELECT count(*), min(url) FROM frontier WHERE state = 'failed' "
        "AND reason LIKE 'too-large%'"),
#undef FIG
};

static int read_figure(struct corpus *c, const char *sql,
                       struct corpus_figure *f)
{
  sqlite3_stmt *st = corpus_prepare(c, sql);
  int rc;

  if (!st)
    return -1;
  rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) {
    const char *url = (const char *)sqlite3_column_text(st, 1);
    f->count = sqlite3_column_int64(st, 0);
    f->example = url && f->count ? xstrdup(url) : NULL;
  }
  sqlite3_finalize(st);
  return rc == SQLITE_ROW ? 0 : corpus_sql_error(c, "reading the coverage");
}

/* The sites below SITE_MIN_PERCENT of their claimed posts, worst first. */
static int read_sites(struct corpus *c, struct corpus_coverage *w)
{
  sqlite3_stmt *st = corpus_prepare(
      c, CORPUS_THREAD_COVERAGE
      "SELECT site.origin, sum(tp.claimed_posts) cp, "
      "sum(min(tp.found, tp.claimed_posts)) f FROM tp "
      "JOIN thread ON thread.id = tp.id JOIN site ON site.id = "
      "thread.site_id WHERE tp.claimed_posts > 0 GROUP BY site.id "
      "HAVING f * 100 < cp * ?1 ORDER BY f * 1.0 / cp, site.origin "
      "LIMIT ?2");
  size_t alloc = 0;
  int rc;

  if (!st)
    return -1;
  sqlite3_bind_int(st, 1, SITE_MIN_PERCENT);
  sqlite3_bind_int(st, 2, SITES_MAX);
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    struct corpus_site_coverage *s;
    xgrow((void **)&w->sites, sizeof(*w->sites), w->nsites + 1, &alloc);
    s = &w->sites[w->nsites++];
    s->origin = xstrdup((const char *)sqlite3_column_text(st, 0));
    s->posts_claimed = sqlite3_column_int64(st, 1);
    s->posts_found = sqlite3_column_int64(st, 2);
  }
  sqlite3_finalize(st);
  return rc == SQLITE_DONE ? 0 : corpus_sql_error(c, "reading the coverage");
}

int corpus_coverage_warnings(struct corpus *c, unsigned what,
                             struct corpus_coverage *w)
{
  memset(w, 0, sizeof(*w));
  if (corpus_exec(c, "BEGIN") < 0) /* one consistent snapshot */
    return -1;
  for (size_t i = 0; i < ARRAY_SIZE(figures); i++) {
    struct corpus_figure *f =
        (struct corpus_figure *)((char *)w + figures[i].offset);
    if ((figures[i].what & what) && read_figure(c, figures[i].sql, f) < 0)
      goto fail;
  }
  if ((what & CORPUS_COVERAGE_PARSE) && read_sites(c, w) < 0)
    goto fail;
  corpus_exec(c, "COMMIT");
  return 0;
fail:
  corpus_exec(c, "ROLLBACK");
  corpus_coverage_release(w);
  return -1;
}

void corpus_coverage_release(struct corpus_coverage *w)
{
  for (size_t i = 0; i < ARRAY_SIZE(figures); i++)
    free(((struct corpus_figure *)((char *)w + figures[i].offset))->example);
  for (size_t i = 0; i < w->nsites; i++)
    free(w->sites[i].origin);
  free(w->sites);
  memset(w, 0, sizeof(*w));
}

/* One line of the block: what, the figure, an example, what to do. */
static void say(const struct corpus_figure *f, const char *what,
                const char *todo)
{
  warning("  %s: %lld, e.g. %s; %s", what, (long long)f->count,
          f->example ? f->example : "-", todo);
}

size_t corpus_coverage_print(const struct corpus_coverage *w)
{
  static const struct {
    size_t offset;
    const char *what, *todo;
  } lines[] = {
#define LINE(f, what, todo) {offsetof(struct corpus_coverage, f), what, todo}
      LINE(blocks_no_posts, "pages with post-like blocks but no posts",
           "give a profile for this engine with --profile, or force one "
           "with --engine"),
      LINE(js_only, "pages whose posts are loaded by JavaScript",
           "give the JSON API or a script-free view of the pages as seed "
           "URLs (netno runs no scripts)"),
      LINE(login_wall, "pages that show a login wall instead of content",
           "give the cookies of a session you are entitled to with "
           "--cookies"),
      LINE(login_redirect, "URLs redirected to a login page",
           "give the cookies of a session you are entitled to with "
           "--cookies"),
      LINE(denied, "URLs refused with 401 or 403",
           "give the cookies of a session you are entitled to with "
           "--cookies"),
      LINE(soft_404, "pages that are error pages served as content",
           "check the seed URLs and --include/--exclude"),
      LINE(trap, "URLs skipped as a trap (a listing repeats itself)",
           "if those pages are real, give them as seed URLs"),
      LINE(depth, "URLs beyond the depth limit", "raise --max-depth"),
      LINE(too_large, "pages over the size limit", "raise --max-size"),
#undef LINE
  };
  size_t n = w->nsites;

  for (size_t i = 0; i < ARRAY_SIZE(lines); i++)
    n += ((const struct corpus_figure *)((const char *)w + lines[i].offset))
             ->count > 0;
  if (!n)
    return 0;
  warning("coverage is poor; netno missed content:");
  for (size_t i = 0; i < w->nsites; i++) {
    const struct corpus_site_coverage *s = &w->sites[i];
    warning("  %s: %lld of %lld claimed posts extracted (%d %%); give a "
            "profile for its engine with --profile, or force one with "
            "--engine",
            s->origin, (long long)s->posts_found, (long long)s->posts_claimed,
            (int)(100 * s->posts_found / s->posts_claimed));
  }
  for (size_t i = 0; i < ARRAY_SIZE(lines); i++) {
    const struct corpus_figure *f =
        (const struct corpus_figure *)((const char *)w + lines[i].offset);
    if (f->count > 0)
      say(f, lines[i].what, lines[i].todo);
  }
  return n;
}

static int deferred;

void corpus_coverage_defer(int defer) { deferred = defer; }

int corpus_coverage_check(struct corpus *c, unsigned what)
{
  struct corpus_coverage w;
  size_t n;

  if (deferred)
    return 0;
  if (corpus_coverage_warnings(c, what, &w) < 0)
    return -1;
  n = corpus_coverage_print(&w);
  corpus_coverage_release(&w);
  return n > 0;
}

int corpus_get_page_notes(struct corpus *c, size_t max,
                          struct corpus_page_note **notes, size_t *n)
{
  sqlite3_stmt *st = corpus_prepare(
      c, "SELECT url, parse_note, coalesce(post_blocks, 0) " PARSED_PAGES
         "AND parse_note IS NOT NULL "
         "AND NOT EXISTS (SELECT 1 FROM post WHERE post.page_id = page.id) "
         "ORDER BY coalesce(post_blocks, 0) DESC, url LIMIT ?1");
  size_t alloc = 0;
  int rc;

  *notes = NULL;
  *n = 0;
  if (!st)
    return -1;
  sqlite3_bind_int64(st, 1, (int64_t)max);
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    struct corpus_page_note *p;
    xgrow((void **)notes, sizeof(**notes), *n + 1, &alloc);
    p = &(*notes)[(*n)++];
    p->url = xstrdup((const char *)sqlite3_column_text(st, 0));
    p->note = xstrdup((const char *)sqlite3_column_text(st, 1));
    p->post_blocks = sqlite3_column_int64(st, 2);
  }
  sqlite3_finalize(st);
  if (rc != SQLITE_DONE) {
    corpus_page_notes_release(*notes, *n);
    *notes = NULL;
    *n = 0;
    return corpus_sql_error(c, "reading the pages without posts");
  }
  return 0;
}

void corpus_page_notes_release(struct corpus_page_note *notes, size_t n)
{
  for (size_t i = 0; i < n; i++) {
    free(notes[i].url);
    free(notes[i].note);
  }
  free(notes);
}
