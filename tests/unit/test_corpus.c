/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "corpus/internal.h"
#include "tests/unit/test.h"
#include "util/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/stat.h>

static char *tmp_path(const char *name)
{
  return xasprintf("%s/%s", test_tmpdir(), name);
}

/* Read a whole file into a strbuf, for byte-identical comparisons. */
static void slurp(const char *path, struct strbuf *sb)
{
  strbuf_reset(sb);
  if (strbuf_read_file(sb, path) < 0)
    strbuf_reset(sb);
}

static void write_file(const char *path, const char *data, size_t len)
{
  FILE *f = fopen(path, "wb");
  if (f) {
    fwrite(data, 1, len, f);
    fclose(f);
  }
}

TEST(corpus_create_and_reopen)
{
  char *path = tmp_path("new.db");
  struct corpus_status st;
  struct corpus *c;

  CHECK(corpus_open(path, CORPUS_READ) == NULL); /* missing: not created */
  CHECK(corpus_open(path, CORPUS_WRITE) == NULL);
  c = corpus_open(path, CORPUS_CREATE);
  CHECK(c != NULL);
  if (!c)
    goto out;
  CHECK_INT(corpus_schema_version(c), CORPUS_SCHEMA_VERSION);
  CHECK_INT(corpus_get_status(c, &st), 0);
  CHECK_INT(st.pages + st.posts + st.threads + st.authors + st.crawls, 0);
  CHECK_INT(st.frontier_queued + st.relations + st.stats_runs, 0);
  CHECK(st.size_bytes > 0);
  CHECK_INT(corpus_check_integrity(c), 0);
  CHECK_INT(corpus_close(c), 0);

  c = corpus_open(path, CORPUS_READ);
  CHECK(c != NULL);
  if (c) {
    int64_t v = 0, wal = 0;
    CHECK_INT(corpus_query_int(c, "PRAGMA user_version", &v), 0);
    CHECK_INT(v, CORPUS_SCHEMA_VERSION);
    CHECK_INT(corpus_query_int(c, "SELECT journal_mode = 'wal' FROM "
                                  "pragma_journal_mode", &wal), 0);
    CHECK_INT(wal, 1);
    corpus_close(c);
  }
  c = corpus_open(path, CORPUS_WRITE);
  CHECK(c != NULL);
  if (c) {
    int64_t fk = 0;
    CHECK_INT(corpus_query_int(c, "PRAGMA foreign_keys", &fk), 0);
    CHECK_INT(fk, 1);
    corpus_close(c);
  }
out:
  free(path);
}

TEST(corpus_refuses_foreign_files_untouched)
{
  static const char text[] = "this is not a database\n";
  char *txt = tmp_path("notes.txt"), *other = tmp_path("other.db"),
       *newer = tmp_path("newer.db"), *dir = tmp_path("nodir/x.db");
  struct strbuf before = STRBUF_INIT, after = STRBUF_INIT;
  sqlite3 *db;

  /* Plain text. */
  write_file(txt, text, sizeof(text) - 1);
  CHECK(corpus_open(txt, CORPUS_CREATE) == NULL);
  CHECK(corpus_open(txt, CORPUS_READ) == NULL);
  slurp(txt, &after);
  CHECK_STR(after.buf, text);

  /* Another application's SQLite database. */
  CHECK_INT(sqlite3_open(other, &db), SQLITE_OK);
  sqlite3_exec(db, "CREATE TABLE t(x); INSERT INTO t VALUES (1)", NULL, NULL,
               NULL);
  sqlite3_close(db);
  slurp(other, &before);
  CHECK(before.len > 0);
  CHECK(corpus_open(other, CORPUS_CREATE) == NULL);
  CHECK(corpus_open(other, CORPUS_READ) == NULL);
  slurp(other, &after);
  CHECK_INT(after.len, before.len);
  CHECK(before.len == after.len && !memcmp(before.buf, after.buf, after.len));

  /* A corpus written by a newer netno. */
  {
    struct corpus *c = corpus_open(newer, CORPUS_CREATE);
    CHECK(c != NULL);
    corpus_close(c);
  }
  CHECK_INT(sqlite3_open(newer, &db), SQLITE_OK);
  sqlite3_exec(db, "PRAGMA journal_mode = DELETE; PRAGMA user_version = 99",
               NULL, NULL, NULL);
  sqlite3_close(db);
  slurp(newer, &before);
  CHECK(corpus_open(newer, CORPUS_WRITE) == NULL);
  CHECK(corpus_open(newer, CORPUS_READ) == NULL);
  slurp(newer, &after);
  CHECK(before.len == after.len && !memcmp(before.buf, after.buf, after.len));

  /* A directory that does not exist. */
  CHECK(corpus_open(dir, CORPUS_CREATE) == NULL);

  strbuf_release(&before);
  strbuf_release(&after);
  free(txt);
  free(other);
  free(newer);
  free(dir);
}

TEST(corpus_refuses_corrupt_file)
{
  char *path = tmp_path("corrupt.db");
  struct corpus *c = corpus_open(path, CORPUS_CREATE);
  struct strbuf sb = STRBUF_INIT, after = STRBUF_INIT;

  CHECK(c != NULL);
  if (c) {
    /* Checkpoint everything into the main file. */
    corpus_exec(c, "PRAGMA journal_mode = DELETE");
    corpus_close(c);
  }
  slurp(path, &sb);
  CHECK(sb.len >= 4096);
  /* Keep the header page, overwrite the schema pages with garbage. */
  for (size_t i = 100; i < sb.len; i++)
    sb.buf[i] = (char)(i * 131 + 7);
  write_file(path, sb.buf, sb.len);
  c = corpus_open(path, CORPUS_READ);
  if (c) { /* the header may survive; the first real query must not */
    struct corpus_status st;
    CHECK(corpus_get_status(c, &st) < 0 || corpus_check_integrity(c) < 0);
    corpus_close(c);
  } else {
    CHECK(c == NULL);
  }
  slurp(path, &after);
  CHECK(after.len == sb.len && !memcmp(after.buf, sb.buf, sb.len));
  strbuf_release(&sb);
  strbuf_release(&after);
  free(path);
}

/* The full-text index follows inserts, title changes and deletes. */
TEST(corpus_fts_in_step)
{
  char *path = tmp_path("fts.db");
  struct corpus *c = corpus_open(path, CORPUS_CREATE);
  int64_t n = -1;

  CHECK(c != NULL);
  if (!c)
    goto out;
  CHECK_INT(corpus_exec(c,
                        "INSERT INTO thread(id, url, title, kind) VALUES "
                        "(1, 'http://f/t1', 'Kaffeemaschine defekt', "
                        "'forum_thread');"
                        "INSERT INTO post(uid, thread_id, kind, text) VALUES"
                        " ('a', 1, 'forum_thread', 'Die Pumpe brummt nur'),"
                        " ('b', 1, 'forum_thread', 'Entkalken hilft oft');"),
            0);
  corpus_query_int(c,
                   "SELECT count(*) FROM post_fts WHERE post_fts MATCH "
                   "'kaffeemaschine'",
                   &n);
  CHECK_INT(n, 2);
  corpus_query_int(c,
                   "SELECT count(*) FROM post_fts WHERE post_fts MATCH "
                   "'pumpe'",
                   &n);
  CHECK_INT(n, 1);
  CHECK_INT(corpus_exec(c, "UPDATE thread SET title = 'Espresso' WHERE id=1"),
            0);
  corpus_query_int(c,
                   "SELECT count(*) FROM post_fts WHERE post_fts MATCH "
                   "'espresso'",
                   &n);
  CHECK_INT(n, 2);
  CHECK_INT(corpus_exec(c, "INSERT INTO post_fts(post_fts) VALUES "
                           "('integrity-check')"),
            0);
  CHECK_INT(corpus_exec(c, "DELETE FROM thread WHERE id = 1"), 0);
  corpus_query_int(c, "SELECT count(*) FROM post", &n);
  CHECK_INT(n, 0);
  CHECK_INT(corpus_exec(c, "INSERT INTO post_fts(post_fts) VALUES "
                           "('integrity-check')"),
            0);
  corpus_query_int(c,
                   "SELECT count(*) FROM post_fts WHERE post_fts MATCH "
                   "'espresso'",
                   &n);
  CHECK_INT(n, 0);
  corpus_close(c);
out:
  free(path);
}

/* Nested transactions: an inner rollback undoes the inner writes only,
 * an outer rollback everything, and close rolls back what is open. */
TEST(corpus_nested_transactions)
{
  char *path = tmp_path("nested.db");
  struct corpus *c;
  int64_t n = -1;

  unlink(path);
  c = corpus_open(path, CORPUS_CREATE);
  CHECK(c != NULL);
  if (!c)
    return;
  CHECK_INT(corpus_begin(c), 0);
  CHECK_INT(corpus_exec(c, "INSERT INTO meta VALUES ('a', '1')"), 0);
  CHECK_INT(corpus_begin(c), 0);
  CHECK_INT(corpus_exec(c, "INSERT INTO meta VALUES ('b', '2')"), 0);
  corpus_rollback(c);
  CHECK_INT(corpus_begin(c), 0);
  CHECK_INT(corpus_exec(c, "INSERT INTO meta VALUES ('c', '3')"), 0);
  CHECK_INT(corpus_commit(c), 0);
  CHECK_INT(corpus_commit(c), 0);
  CHECK_INT(corpus_query_int(c, "SELECT count(*) FROM meta WHERE key IN "
                                "('a', 'b', 'c')",
                             &n),
            0);
  CHECK_INT(n, 2); /* a and c */
  CHECK_INT(corpus_query_int(c, "SELECT count(*) FROM meta WHERE key = 'b'",
                             &n),
            0);
  CHECK_INT(n, 0);
  /* An outer rollback takes the committed inner part with it. */
  CHECK_INT(corpus_begin(c), 0);
  CHECK_INT(corpus_begin(c), 0);
  CHECK_INT(corpus_exec(c, "INSERT INTO meta VALUES ('d', '4')"), 0);
  CHECK_INT(corpus_commit(c), 0);
  corpus_rollback(c);
  CHECK_INT(corpus_query_int(c, "SELECT count(*) FROM meta WHERE key = 'd'",
                             &n),
            0);
  CHECK_INT(n, 0);
  /* Left open at close: nothing of it stays. */
  CHECK_INT(corpus_begin(c), 0);
  CHECK_INT(corpus_begin(c), 0);
  CHECK_INT(corpus_exec(c, "INSERT INTO meta VALUES ('e', '5')"), 0);
  CHECK_INT(corpus_close(c), 0);
  c = corpus_open(path, CORPUS_READ);
  CHECK_INT(corpus_query_int(c, "SELECT count(*) FROM meta WHERE key = 'e'",
                             &n),
            0);
  CHECK_INT(n, 0);
  corpus_close(c);
  free(path);
}
