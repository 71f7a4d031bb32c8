/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Internal to corpus/: the struct behind the opaque handle and helpers the
 * module's files share.  Nothing outside corpus/ includes this.
 */
#ifndef NETNO_CORPUS_INTERNAL_H
#define NETNO_CORPUS_INTERNAL_H

#include "corpus/corpus.h"

#include <sqlite3.h>

/* Statements prepared once per handle for the hottest paths (a crawl adds
 * dozens of frontier rows per page, and a page row for each; parse
 * stores a thread, posts, authors and relations per page). */
enum corpus_cached_stmt {
  CACHED_FRONTIER_ADD,
  CACHED_FRONTIER_TAKE,
  CACHED_FRONTIER_DONE,
  CACHED_PAGE_EXISTING,
  CACHED_PAGE_ADD,
  CACHED_SITE_ID,
  CACHED_THREAD_UPSERT,
  CACHED_AUTHOR_UPSERT,
  CACHED_POST_UPSERT,
  CACHED_RELATIONS_CLEAR,
  CACHED_RELATION_ADD,
  CACHED_PAGE_POSTS,
  CACHED_POST_DELETE,
  CACHED_PAGE_MARK,
  CACHED_COUNT
};

struct corpus {
  sqlite3 *db;
  char *path;
  enum corpus_mode mode;
  int version;
  int in_txn; /* transaction depth: 0 none, 1 a transaction, more
                 savepoints within it */
  int lock_fd; /* the crawl lock, or -1 */
  sqlite3_stmt *cached[CACHED_COUNT];
};

/* Report the last SQLite error on c in netno's voice ("corpus 'x': ...",
 * with a plain word for corrupt, full and read-only files); returns -1. */
int corpus_sql_error(struct corpus *c, const char *what);
/* Prepare a statement; reports and returns NULL on failure. */
sqlite3_stmt *corpus_prepare(struct corpus *c, const char *sql);
/* The cached statement for slot, prepared from sql on first use, reset
 * and with its bindings cleared; owned by c (never finalize it).  NULL
 * (reported) on failure. */
sqlite3_stmt *corpus_prepare_cached(struct corpus *c,
                                    enum corpus_cached_stmt slot,
                                    const char *sql);
/* Bind s as text parameter i, or NULL for a NULL pointer. */
void corpus_bind_text(sqlite3_stmt *st, int i, const char *s);
/* Execute SQL that returns no rows; 0 or -1 (reported). */
int corpus_exec(struct corpus *c, const char *sql);
/* Run a query returning one integer (0 when it returns no row); -1 on
 * failure (reported), else 0 with the value in *out. */
int corpus_query_int(struct corpus *c, const char *sql, int64_t *out);

/* Per thread (tp): what its pages claim (claimed_posts, claimed_pages)
 * and what the corpus holds of it (found posts, pages), in one pass over
 * the posts; for status and the report's completeness. */
#define CORPUS_THREAD_COVERAGE                                               \
  "WITH tp AS (SELECT t.id, t.claimed_posts, t.claimed_pages, "              \
  "count(p.id) found, count(DISTINCT p.page_id) pages FROM thread t "        \
  "LEFT JOIN post p ON p.thread_id = t.id GROUP BY t.id) "

/* "scheme://host[:port]" of a URL, lower-cased; "" when it has none.
 * Caller frees. */
char *corpus_origin_of(const char *url);
/* The site row for the origin of url, created when new; -1 on failure. */
int64_t corpus_site_id(struct corpus *c, const char *url);

#endif
