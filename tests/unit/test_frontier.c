/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "corpus/internal.h"
#include "tests/unit/test.h"
#include "util/util.h"

#include <stdlib.h>

static int64_t count(struct corpus *c, const char *sql)
{
  int64_t n = -1;
  corpus_query_int(c, sql, &n);
  return n;
}

TEST(frontier_lifecycle)
{
  char *path = xasprintf("%s/frontier.db", test_tmpdir());
  struct corpus *c = corpus_open(path, CORPUS_CREATE), *other;
  const char *o = "http://127.0.0.1:8080";
  struct corpus_frontier_entry e;
  struct corpus_page page = {.url = "http://127.0.0.1:8080/t/1",
                             .source = "crawl", .status = 200,
                             .body = "<p>x</p>", .body_len = 8};
  int64_t crawl = 0, pid = 0, n = -1;
  char **origins;
  size_t norigins;
  int added = -1;

  CHECK(c != NULL);
  if (!c)
    goto out;
  CHECK_INT(corpus_lock_crawl(c), 0);
  other = corpus_open(path, CORPUS_WRITE);
  CHECK(other != NULL);
  CHECK_INT(corpus_lock_crawl(other), -1); /* a second crawl is refused */
  corpus_close(other);

  CHECK_INT(corpus_crawl_start(c, "[\"x\"]", "{}", &crawl), 0);
  CHECK(crawl > 0);
  CHECK_INT(corpus_frontier_next_due(c, &n), 0); /* nothing queued yet */
  CHECK_INT(corpus_frontier_add(c, page.url, o, 0, 0, 0, crawl, &added), 0);
  CHECK_INT(added, 1);
  CHECK_INT(corpus_frontier_add(c, page.url, o, 1, 0, 0, crawl, &added), 0);
  CHECK_INT(added, 0);
  CHECK_INT(corpus_frontier_add(c, "http://127.0.0.1:8080/t/2", o, 1, 5, 0,
                                crawl, NULL),
            0);
  CHECK_INT(corpus_frontier_skip(c, "http://127.0.0.1:8080/ucp.php", o, 1,
                                 "robots", 0, crawl),
            0);
  CHECK_INT(corpus_frontier_due_origins(c, 100, &origins, &norigins), 0);
  CHECK_INT(norigins, 1);
  if (norigins)
    CHECK_STR(origins[0], o);
  for (size_t i = 0; i < norigins; i++)
    free(origins[i]);
  free(origins);

  /* Priority 0 comes before priority 5. */
  CHECK_INT(corpus_frontier_take(c, o, 100, &e), 1);
  CHECK_STR(e.url, page.url);
  CHECK_INT(e.attempts, 1);
  CHECK_INT(corpus_frontier_done(c, e.id, &page, NULL, &pid), 0);
  CHECK(pid > 0);
  corpus_frontier_entry_release(&e);

  CHECK_INT(corpus_frontier_take(c, o, 100, &e), 1);
  CHECK_STR(e.url, "http://127.0.0.1:8080/t/2");
  CHECK_INT(corpus_frontier_fail(c, e.id, "http 503", 500), 0);
  corpus_frontier_entry_release(&e);
  CHECK_INT(corpus_frontier_take(c, o, 100, &e), 0); /* not due before 500 */
  CHECK_INT(corpus_frontier_next_due(c, &n), 1);
  CHECK_INT(n, 500);
  CHECK_INT(corpus_frontier_queued(c, &n), 0);
  CHECK_INT(n, 1);
  CHECK_INT(corpus_frontier_take(c, o, 500, &e), 1);
  CHECK_INT(e.attempts, 2);
  corpus_frontier_entry_release(&e);
  /* A crash now: the in-flight URL goes back in the queue. */
  CHECK_INT(corpus_frontier_requeue(c, &n), 0);
  CHECK_INT(n, 1);
  CHECK_INT(count(c, "SELECT count(*) FROM frontier WHERE state = 'queued'"),
            1);
  CHECK_INT(count(c, "SELECT count(*) FROM frontier WHERE state = 'done' "
                     "AND page_id IS NOT NULL"),
            1);
  CHECK_INT(count(c, "SELECT count(*) FROM frontier WHERE state = "
                     "'skipped' AND reason = 'robots'"),
            1);
  CHECK_INT(corpus_add_robots(c, o, crawl, 200, "User-agent: *", 13, "rules",
                              1.5, NULL),
            0);
  CHECK_INT(corpus_crawl_finish(c, crawl, "done", 1, 0, 1, 8), 0);
  CHECK_INT(count(c, "SELECT pages_fetched FROM crawl"), 1);
  corpus_close(c);
out:
  free(path);
}

/* A re-crawl: done URLs with a page go back in the queue and carry the
 * page; 304 keeps it; the same body again adds no row; a new body is a
 * new row and the earlier page is kept, superseded.  Sitemaps and feeds
 * are stored 'skipped' and never handed to parse. */
TEST(frontier_recrawl_versions)
{
  char *path = xasprintf("%s/recrawl.db", test_tmpdir());
  struct corpus *c = corpus_open(path, CORPUS_CREATE);
  const char *o = "http://127.0.0.1:8080";
  const char *u = "http://127.0.0.1:8080/t/9";
  struct corpus_frontier_entry e;
  struct corpus_page v1 = {.url = u,
                           .source = "crawl",
                           .status = 200,
                           .etag = "\"v1\"",
                           .last_modified = "Mon, 01 Jan 2024 00:00:00 GMT",
                           .body = "<p>one</p>",
                           .body_len = 10};
  struct corpus_page map = {.url = "http://127.0.0.1:8080/sitemap.xml",
                            .source = "crawl",
                            .status = 200,
                            .body = "<urlset/>",
                            .body_len = 9,
                            .parse_note = "sitemap"};
  struct corpus_page v2 = v1;
  int64_t crawl = 0, p1 = 0, p2 = 0, pm = 0, n = -1, *ids = NULL;
  size_t nids = 0;
  char *etag = NULL, *lastmod = NULL;

  CHECK(c != NULL);
  if (!c)
    goto out;
  CHECK_INT(corpus_crawl_start(c, "[]", "{}", &crawl), 0);
  CHECK_INT(corpus_frontier_add(c, u, o, 0, 0, 0, crawl, NULL), 0);
  CHECK_INT(corpus_frontier_add(c, map.url, o, 0, 1, 0, crawl, NULL), 0);
  CHECK_INT(corpus_frontier_take(c, o, 100, &e), 1);
  CHECK_INT(e.page_id, 0); /* never fetched */
  CHECK_INT(corpus_frontier_done(c, e.id, &v1, NULL, &p1), 0);
  corpus_frontier_entry_release(&e);
  CHECK_INT(corpus_frontier_take(c, o, 100, &e), 1);
  CHECK_INT(corpus_frontier_done(c, e.id, &map, NULL, &pm), 0);
  corpus_frontier_entry_release(&e);
  CHECK_INT(count(c, "SELECT count(*) FROM page WHERE parse_state = "
                     "'skipped' AND parse_note = 'sitemap'"),
            1);
  /* Only the thread page is for parse, with or without --all. */
  for (int all = 0; all < 2; all++) {
    CHECK_INT(corpus_pages_to_parse(c, all, &ids, &nids), 0);
    CHECK_INT_MSG(nids, 1, all ? "all" : "pending");
    if (nids)
      CHECK_INT(ids[0], p1);
    free(ids);
  }
  CHECK_INT(corpus_page_validators(c, p1, &etag, &lastmod), 0);
  CHECK_STR(etag, "\"v1\"");
  CHECK_STR(lastmod, "Mon, 01 Jan 2024 00:00:00 GMT");
  free(etag);
  free(lastmod);

  /* Round 1: 304 for the page. */
  CHECK_INT(corpus_frontier_recrawl(c, &n), 0);
  CHECK_INT(n, 2);
  CHECK_INT(corpus_frontier_take(c, o, 100, &e), 1);
  CHECK_STR(e.url, u);
  CHECK_INT(e.page_id, p1);
  CHECK_INT(e.attempts, 1); /* reset by the re-crawl */
  CHECK_INT(corpus_frontier_done(c, e.id, NULL, "not-modified", NULL), 0);
  corpus_frontier_entry_release(&e);
  CHECK_INT(count(c, "SELECT page_id FROM frontier WHERE reason = "
                     "'not-modified'"),
            p1);

  /* Round 2: the same body again: no new row. */
  CHECK_INT(corpus_frontier_recrawl(c, &n), 0);
  CHECK_INT(corpus_frontier_take(c, o, 100, &e), 1);
  v2.supersedes = e.page_id;
  CHECK_INT(corpus_frontier_done(c, e.id, &v2, NULL, &p2), 0);
  corpus_frontier_entry_release(&e);
  CHECK_INT(p2, p1);
  CHECK_INT(count(c, "SELECT count(*) FROM page WHERE url = "
                     "'http://127.0.0.1:8080/t/9'"),
            1);

  /* Round 3: changed. */
  CHECK_INT(corpus_frontier_recrawl(c, &n), 0);
  CHECK_INT(corpus_frontier_take(c, o, 100, &e), 1);
  v2.supersedes = e.page_id;
  v2.body = "<p>two</p>";
  v2.etag = "\"v2\"";
  CHECK_INT(corpus_frontier_done(c, e.id, &v2, NULL, &p2), 0);
  corpus_frontier_entry_release(&e);
  CHECK(p2 != p1);
  CHECK_INT(count(c, "SELECT count(*) FROM page WHERE url = "
                     "'http://127.0.0.1:8080/t/9'"),
            2);
  CHECK_INT(count(c, "SELECT superseded_by FROM page WHERE etag = '\"v1\"'"),
            p2);
  CHECK_INT(count(c, "SELECT count(*) FROM page WHERE superseded_by IS NULL "
                     "AND url = 'http://127.0.0.1:8080/t/9'"),
            1);
  CHECK_INT(count(c, "SELECT page_id FROM frontier WHERE url = "
                     "'http://127.0.0.1:8080/t/9'"),
            p2);
  CHECK_INT(corpus_pages_to_parse(c, 1, &ids, &nids), 0);
  CHECK_INT(nids, 1);
  if (nids)
    CHECK_INT(ids[0], p2);
  free(ids);
  corpus_close(c);
out:
  free(path);
}
