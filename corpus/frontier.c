/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The crawl frontier and crawl records.
 *
 * The frontier lives in the corpus, not in memory: a crawl of millions of
 * URLs needs no more RAM than a small one, and a crawl that dies resumes
 * where it stopped.  A fetched page and the frontier update that marks its
 * URL done are one transaction, so a crash never loses a fetched page and
 * never fetches a done URL again; URLs in flight at a crash go back in the
 * queue.
 */
#include "corpus/internal.h"
#include "util/util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

/* Step a cached statement that returns no rows and reset it; 0 or -1. */
static int step_cached(struct corpus *c, sqlite3_stmt *st, const char *what)
{
  int rc = sqlite3_step(st);

  sqlite3_reset(st);
  if (rc != SQLITE_DONE)
    return corpus_sql_error(c, what);
  return 0;
}

/* Step a statement that returns no rows, finalize it; 0 or -1. */
static int step_done(struct corpus *c, sqlite3_stmt *st, const char *what)
{
  int rc = sqlite3_step(st);

  sqlite3_finalize(st);
  if (rc != SQLITE_DONE)
    return corpus_sql_error(c, what);
  return 0;
}

int corpus_lock_crawl(struct corpus *c)
{
  char *path = xasprintf("%s.crawl-lock", c->path);
  int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  int ret = 0;

  if (fd < 0) {
    ret = error("cannot create the crawl lock '%s': %s", path,
                strerror(errno));
  } else if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
    ret = error("another crawl is running on corpus '%s'; wait for it to "
                "finish or stop it first",
                c->path);
    close(fd);
  } else {
    c->lock_fd = fd; /* held until corpus_close() */
  }
  free(path);
  return ret;
}

int corpus_crawl_start(struct corpus *c, const char *seeds_json,
                       const char *settings_json, int64_t *crawl_id)
{
  sqlite3_stmt *st = corpus_prepare(
      c, "INSERT INTO crawl(started_at, seeds, settings, tool_version) "
         "VALUES (?1, ?2, ?3, ?4)");

  if (!st)
    return -1;
  sqlite3_bind_int64(st, 1, now_utc());
  corpus_bind_text(st, 2, seeds_json);
  corpus_bind_text(st, 3, settings_json);
  sqlite3_bind_text(st, 4, NETNO_VERSION, -1, SQLITE_STATIC);
  if (step_done(c, st, "recording the crawl") < 0)
    return -1;
  *crawl_id = sqlite3_last_insert_rowid(c->db);
  return 0;
}

int corpus_crawl_finish(struct corpus *c, int64_t crawl_id,
                        const char *state, int64_t fetched, int64_t failed,
                        int64_t skipped, int64_t bytes)
{
  sqlite3_stmt *st = corpus_prepare(
      c, "UPDATE crawl SET ended_at = ?2, state = ?3, pages_fetched = ?4, "
         "pages_failed = ?5, pages_skipped = ?6, bytes_fetched = ?7 "
         "WHERE id = ?1");

  if (!st)
    return -1;
  sqlite3_bind_int64(st, 1, crawl_id);
  sqlite3_bind_int64(st, 2, now_utc());
  sqlite3_bind_text(st, 3, state, -1, SQLITE_STATIC);
  sqlite3_bind_int64(st, 4, fetched);
  sqlite3_bind_int64(st, 5, failed);
  sqlite3_bind_int64(st, 6, skipped);
  sqlite3_bind_int64(st, 7, bytes);
  return step_done(c, st, "closing the crawl record");
}

int corpus_frontier_requeue(struct corpus *c, int64_t *n)
{
  if (corpus_exec(c, "UPDATE frontier SET state = 'queued' "
                     "WHERE state = 'in_flight'") < 0)
    return -1;
  *n = sqlite3_changes(c->db);
  return 0;
}

int corpus_frontier_recrawl(struct corpus *c, int64_t *n)
{
  if (corpus_exec(c, "UPDATE frontier SET state = 'queued', attempts = 0, "
                     "next_at = 0 WHERE state = 'done' AND page_id IS NOT "
                     "NULL") < 0)
    return -1;
  *n = sqlite3_changes(c->db);
  return 0;
}

/* Insert a URL unless the frontier knows it already: queued (reason
 * NULL) or skipped with the reason. */
static int frontier_insert(struct corpus *c, const char *url,
                           const char *origin, int depth, int priority,
                           const char *skip_reason, int64_t discovered_from,
                           int64_t crawl_id)
{
  sqlite3_stmt *st = corpus_prepare_cached(
      c, CACHED_FRONTIER_ADD,
      "INSERT INTO frontier(url, origin, depth, priority, state, reason, "
      "discovered_from, crawl_id, added_at) "
      "VALUES (?1, ?2, ?3, ?4, CASE WHEN ?5 IS NULL THEN 'queued' "
      "ELSE 'skipped' END, ?5, ?6, ?7, ?8) ON CONFLICT(url) DO NOTHING");

  if (!st)
    return -1;
  corpus_bind_text(st, 1, url);
  corpus_bind_text(st, 2, origin);
  sqlite3_bind_int(st, 3, depth);
  sqlite3_bind_int(st, 4, priority);
  corpus_bind_text(st, 5, skip_reason);
  if (discovered_from)
    sqlite3_bind_int64(st, 6, discovered_from);
  if (crawl_id)
    sqlite3_bind_int64(st, 7, crawl_id);
  sqlite3_bind_int64(st, 8, now_utc());
  return step_cached(c, st, "adding to the frontier");
}

int corpus_frontier_add(struct corpus *c, const char *url,
                        const char *origin, int depth, int priority,
                        int64_t discovered_from, int64_t crawl_id,
                        int *added)
{
  if (frontier_insert(c, url, origin, depth, priority, NULL,
                      discovered_from, crawl_id) < 0)
    return -1;
  if (added)
    *added = sqlite3_changes(c->db) > 0;
  return 0;
}

int corpus_frontier_skip(struct corpus *c, const char *url,
                         const char *origin, int depth, const char *reason,
                         int64_t discovered_from, int64_t crawl_id)
{
  return frontier_insert(c, url, origin, depth, 0, reason, discovered_from,
                         crawl_id);
}

void corpus_frontier_entry_release(struct corpus_frontier_entry *e)
{
  free(e->url);
  memset(e, 0, sizeof(*e));
}

int corpus_frontier_due_origins(struct corpus *c, int64_t now,
                                char ***origins, size_t *n)
{
  sqlite3_stmt *st = corpus_prepare(
      c, "SELECT DISTINCT origin FROM frontier "
         "WHERE state = 'queued' AND next_at <= ?1");
  size_t alloc = 0;
  int rc;

  *origins = NULL;
  *n = 0;
  if (!st)
    return -1;
  sqlite3_bind_int64(st, 1, now);
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    xgrow((void **)origins, sizeof(**origins), *n + 1, &alloc);
    (*origins)[(*n)++] = xstrdup((const char *)sqlite3_column_text(st, 0));
  }
  sqlite3_finalize(st);
  if (rc != SQLITE_DONE)
    return corpus_sql_error(c, "reading the frontier");
  return 0;
}

int corpus_frontier_take(struct corpus *c, const char *origin, int64_t now,
                         struct corpus_frontier_entry *e)
{
  sqlite3_stmt *st = corpus_prepare_cached(
      c, CACHED_FRONTIER_TAKE,
      "UPDATE frontier SET state = 'in_flight', attempts = attempts + 1 "
      "WHERE id = (SELECT id FROM frontier WHERE state = 'queued' "
      "AND origin = ?1 AND next_at <= ?2 "
      "ORDER BY priority, depth, id LIMIT 1) "
      "RETURNING id, url, depth, attempts, page_id");
  int rc;

  memset(e, 0, sizeof(*e));
  if (!st)
    return -1;
  corpus_bind_text(st, 1, origin);
  sqlite3_bind_int64(st, 2, now);
  rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) {
    e->id = sqlite3_column_int64(st, 0);
    e->url = xstrdup((const char *)sqlite3_column_text(st, 1));
    e->depth = sqlite3_column_int(st, 2);
    e->attempts = sqlite3_column_int(st, 3);
    e->page_id = sqlite3_column_int64(st, 4);
    rc = sqlite3_step(st);
  }
  sqlite3_reset(st);
  if (rc != SQLITE_DONE)
    return corpus_sql_error(c, "taking from the frontier");
  return e->url != NULL;
}

int corpus_frontier_next_due(struct corpus *c, int64_t *when)
{
  sqlite3_stmt *st = corpus_prepare(
      c, "SELECT min(next_at) FROM frontier WHERE state = 'queued'");
  int ret = 0;

  if (!st)
    return -1;
  if (sqlite3_step(st) != SQLITE_ROW)
    ret = corpus_sql_error(c, "reading the frontier");
  else if (sqlite3_column_type(st, 0) != SQLITE_NULL) {
    *when = sqlite3_column_int64(st, 0);
    ret = 1;
  }
  sqlite3_finalize(st);
  return ret;
}

int corpus_frontier_queued(struct corpus *c, int64_t *n)
{
  return corpus_query_int(
      c, "SELECT count(*) FROM frontier WHERE state = 'queued'", n);
}

int corpus_frontier_done(struct corpus *c, int64_t id,
                         const struct corpus_page *page, const char *reason,
                         int64_t *page_id)
{
  sqlite3_stmt *st;
  int64_t pid = 0;
  int added = 0;

  if (corpus_begin(c) < 0)
    return -1;
  if (page && corpus_add_page(c, page, &pid, &added) < 0)
    goto fail;
  st = corpus_prepare_cached(c, CACHED_FRONTIER_DONE,
                             "UPDATE frontier SET state = 'done', "
                             "page_id = coalesce(?2, page_id), reason = ?3 "
                             "WHERE id = ?1");
  if (!st)
    goto fail;
  sqlite3_bind_int64(st, 1, id);
  if (pid)
    sqlite3_bind_int64(st, 2, pid);
  corpus_bind_text(st, 3, reason);
  if (step_cached(c, st, "marking a URL done") < 0)
    goto fail;
  /* A new version: the earlier page is kept, superseded by this one. */
  if (added && page->supersedes && page->supersedes != pid) {
    st = corpus_prepare(c, "UPDATE page SET superseded_by = ?2 "
                           "WHERE id = ?1 AND superseded_by IS NULL");
    if (!st)
      goto fail;
    sqlite3_bind_int64(st, 1, page->supersedes);
    sqlite3_bind_int64(st, 2, pid);
    if (step_done(c, st, "marking the earlier version of a page") < 0)
      goto fail;
  }
  if (corpus_commit(c) < 0)
    goto fail;
  if (page_id)
    *page_id = pid;
  return 0;
fail:
  corpus_rollback(c);
  return -1;
}

int corpus_frontier_fail(struct corpus *c, int64_t id, const char *reason,
                         int64_t retry_at)
{
  sqlite3_stmt *st = corpus_prepare(
      c, "UPDATE frontier SET state = ?2, next_at = ?3, reason = ?4 "
         "WHERE id = ?1");

  if (!st)
    return -1;
  sqlite3_bind_int64(st, 1, id);
  sqlite3_bind_text(st, 2, retry_at > 0 ? "queued" : "failed", -1,
                    SQLITE_STATIC);
  sqlite3_bind_int64(st, 3, retry_at > 0 ? retry_at : 0);
  corpus_bind_text(st, 4, reason);
  return step_done(c, st, "recording a failed fetch");
}

int corpus_frontier_mark_skipped(struct corpus *c, int64_t id,
                                 const char *reason)
{
  sqlite3_stmt *st = corpus_prepare(
      c, "UPDATE frontier SET state = 'skipped', reason = ?2 WHERE id = ?1");

  if (!st)
    return -1;
  sqlite3_bind_int64(st, 1, id);
  corpus_bind_text(st, 2, reason);
  return step_done(c, st, "recording a skipped URL");
}

int corpus_frontier_fail_origin(struct corpus *c, const char *origin,
                                const char *reason)
{
  sqlite3_stmt *st = corpus_prepare(
      c, "UPDATE frontier SET state = 'failed', reason = ?2 "
         "WHERE origin = ?1 AND state = 'queued'");

  if (!st)
    return -1;
  corpus_bind_text(st, 1, origin);
  corpus_bind_text(st, 2, reason);
  return step_done(c, st, "recording failed URLs");
}

int corpus_add_robots(struct corpus *c, const char *origin,
                      int64_t crawl_id, int status, const char *body,
                      size_t len, const char *decision, double crawl_delay,
                      const char *log)
{
  sqlite3_stmt *st = corpus_prepare(
      c, "INSERT INTO robots(origin, crawl_id, fetched_at, status, body, "
         "decision, crawl_delay, log) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
         "?8)");

  if (!st)
    return -1;
  corpus_bind_text(st, 1, origin);
  if (crawl_id)
    sqlite3_bind_int64(st, 2, crawl_id);
  sqlite3_bind_int64(st, 3, now_utc());
  if (status)
    sqlite3_bind_int(st, 4, status);
  if (body)
    sqlite3_bind_blob(st, 5, body, (int)len, SQLITE_STATIC);
  corpus_bind_text(st, 6, decision);
  if (crawl_delay >= 0)
    sqlite3_bind_double(st, 7, crawl_delay);
  corpus_bind_text(st, 8, log);
  return step_done(c, st, "recording robots.txt");
}
