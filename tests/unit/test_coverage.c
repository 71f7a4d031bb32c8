/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Coverage warnings (corpus/coverage.c): a corpus built by hand, so that
 * each figure is known: which pages carry which note, which frontier rows
 * were lost for which reason, which site holds too few of its posts.
 */
#include "corpus/internal.h"
#include "tests/unit/test.h"
#include "util/util.h"

#include <stdlib.h>
#include <string.h>

static struct corpus *fresh(const char *name)
{
  char *path = xasprintf("%s/%s", test_tmpdir(), name);
  struct corpus *c = corpus_open(path, CORPUS_CREATE);
  free(path);
  return c;
}

/* Store a page with n posts of thread url claiming claimed posts. */
static int64_t page_with_posts(struct corpus *c, const char *url, size_t n,
                               int64_t claimed)
{
  struct corpus_page p = {
      .url = url, .source = "html", .body = url, .body_len = strlen(url)};
  struct corpus_thread t = {
      .url = url, .kind = "forum_thread", .claimed_posts = claimed};
  struct corpus_post posts[10];
  char uids[10][64];
  int64_t id = 0;

  memset(posts, 0, sizeof(posts));
  for (size_t i = 0; i < n && i < 10; i++) {
    snprintf(uids[i], sizeof(uids[i]), "%s#%zu", url, i);
    posts[i].uid = uids[i];
    posts[i].text = "text";
    posts[i].position = (int)i + 1;
  }
  corpus_add_page(c, &p, &id, NULL);
  corpus_store_posts(c, id, &t, posts, n, "test", (int)n);
  return id;
}

/* A parsed page without posts, with a note (NULL: none). */
static void page_with_note(struct corpus *c, const char *url, int blocks,
                           const char *note)
{
  struct corpus_page p = {
      .url = url, .source = "html", .body = url, .body_len = strlen(url)};
  int64_t id = 0;

  corpus_add_page(c, &p, &id, NULL);
  corpus_store_posts(c, id, NULL, NULL, 0, "extract", blocks);
  if (note)
    corpus_set_parse_note(c, id, note);
}

TEST(coverage_figures)
{
  struct corpus *c = fresh("coverage.db");
  struct corpus_coverage w;
  struct corpus_page_note *notes = NULL;
  size_t n = 0;

  CHECK(c != NULL);
  if (!c)
    return;
  /* a.example: 4 of 10 claimed (40 %); b.example: 2 of 2; c.example: 9
   * of 10 (90 %, not under) */
  page_with_posts(c, "https://a.example/t/1", 4, 10);
  page_with_posts(c, "https://b.example/t/1", 2, 2);
  page_with_posts(c, "https://c.example/t/1", 9, 10);
  page_with_note(c, "https://a.example/t/2", 12,
                 "12 post-like blocks, 0 posts");
  page_with_note(c, "https://a.example/t/3", 3, "3 post-like blocks, 0 posts");
  page_with_note(c, "https://a.example/t/4", 0,
                 "js-only: <noscript> notice and empty post containers");
  page_with_note(c, "https://b.example/t/5", 0,
                 "login-wall: a login form and next to no other text");
  page_with_note(c, "https://b.example/t/6", 0,
                 "soft-404: error title \"Page not found\"");
  page_with_note(c, "https://b.example/", 0, NULL); /* an index: no note */
  CHECK_INT(
      corpus_exec(c, "INSERT INTO frontier(url, origin, state, reason) VALUES "
                     "('https://a.example/l?page=3', 'https://a.example', "
                     "'skipped', 'trap'), "
                     "('https://a.example/cal/2999/01', 'https://a.example', "
                     "'skipped', 'calendar'), "
                     "('https://a.example/x', 'https://a.example', 'skipped', "
                     "'depth'), "
                     "('https://a.example/reply', 'https://a.example', "
                     "'skipped', 'action'), "
                     "('https://a.example/t/9', 'https://a.example', 'done', "
                     "'login-wall: redirect 302 to https://a.example/login'), "
                     "('https://a.example/t/10', 'https://a.example', "
                     "'failed', 'http 403'), "
                     "('https://a.example/t/11', 'https://a.example', "
                     "'failed', 'http 404'), "
                     "('https://a.example/big', 'https://a.example', "
                     "'failed', 'too-large: over 10 bytes')"),
      0);

  CHECK_INT(corpus_coverage_warnings(c, CORPUS_COVERAGE_PARSE, &w), 0);
  CHECK_INT(w.blocks_no_posts.count, 2);
  CHECK_STR(w.blocks_no_posts.example, "https://a.example/t/2");
  CHECK_INT(w.js_only.count, 1);
  CHECK_INT(w.login_wall.count, 1);
  CHECK_INT(w.soft_404.count, 1);
  CHECK_STR(w.soft_404.example, "https://b.example/t/6");
  CHECK_INT(w.nsites, 1);
  if (w.nsites == 1) {
    CHECK_STR(w.sites[0].origin, "https://a.example");
    CHECK_INT(w.sites[0].posts_claimed, 10);
    CHECK_INT(w.sites[0].posts_found, 4);
  }
  /* the crawl's figures were not asked for */
  CHECK_INT(w.trap.count, 0);
  CHECK(w.trap.example == NULL);
  /* heading aside: 1 site, blocks, js-only, login wall, soft 404 */
  CHECK_INT(corpus_coverage_print(&w), 5);
  corpus_coverage_release(&w);

  CHECK_INT(corpus_coverage_warnings(c, CORPUS_COVERAGE_CRAWL, &w), 0);
  CHECK_INT(w.trap.count, 2); /* trap and calendar, not action */
  CHECK_STR(w.trap.example, "https://a.example/cal/2999/01");
  CHECK_INT(w.depth.count, 1);
  CHECK_INT(w.login_redirect.count, 1);
  CHECK_INT(w.denied.count, 1); /* 403, not 404 */
  CHECK_INT(w.too_large.count, 1);
  CHECK_INT(w.blocks_no_posts.count, 0);
  CHECK_INT(w.nsites, 0);
  corpus_coverage_release(&w);

  /* notes: most post-like blocks first, then by URL */
  CHECK_INT(corpus_get_page_notes(c, 10, &notes, &n), 0);
  CHECK_INT(n, 5);
  if (n == 5) {
    CHECK_STR(notes[0].url, "https://a.example/t/2");
    CHECK_INT(notes[0].post_blocks, 12);
    CHECK_STR(notes[1].url, "https://a.example/t/3");
    CHECK_STR(notes[2].url, "https://a.example/t/4");
    CHECK_STR(notes[3].note,
              "login-wall: a login form and next to no other text");
  }
  corpus_page_notes_release(notes, n);

  /* while deferred (inside netno run) nothing is checked */
  corpus_coverage_defer(1);
  CHECK_INT(corpus_coverage_check(c, CORPUS_COVERAGE_PARSE), 0);
  corpus_coverage_defer(0);
  CHECK_INT(corpus_coverage_check(c, CORPUS_COVERAGE_PARSE), 1);
  corpus_close(c);
}

/* A clean corpus: no warning. */
TEST(coverage_clean)
{
  struct corpus *c = fresh("coverage-clean.db");
  struct corpus_coverage w;

  CHECK(c != NULL);
  if (!c)
    return;
  page_with_posts(c, "https://b.example/t/1", 2, 2);
  page_with_note(c, "https://b.example/", 0, NULL);
  CHECK_INT(corpus_coverage_warnings(
                c, CORPUS_COVERAGE_CRAWL | CORPUS_COVERAGE_PARSE, &w),
            0);
  CHECK_INT(corpus_coverage_print(&w), 0);
  corpus_coverage_release(&w);
  CHECK_INT(
      corpus_coverage_check(c, CORPUS_COVERAGE_CRAWL | CORPUS_COVERAGE_PARSE),
      0);
  corpus_close(c);
}
