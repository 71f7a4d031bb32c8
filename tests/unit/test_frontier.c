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
