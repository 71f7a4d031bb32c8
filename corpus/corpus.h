/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * corpus: the single-file store every stage reads and writes.
 *
 * A corpus is one SQLite file (netno.db by default) in WAL mode with
 * foreign keys on and a busy timeout, so that status, search and report
 * can read while a crawl writes.  The schema version lives in
 * PRAGMA user_version and is migrated forward on open; netno's
 * application id in PRAGMA application_id tells a corpus from any other
 * SQLite file.  Files that are not a netno corpus, corrupt files and
 * corpora written by a newer netno are refused before anything is written
 * to them.
 *
 * struct corpus is opaque and owns its sqlite3 handle; SQLite types never
 * leave this module.  corpus_open() hands out a handle the caller frees
 * with corpus_close().
 */
#ifndef NETNO_CORPUS_H
#define NETNO_CORPUS_H

#include <stdint.h>

struct corpus;

/* The schema version this netno writes and the newest it can read. */
#define CORPUS_SCHEMA_VERSION 1

enum corpus_mode {
  CORPUS_READ,  /* read only; the file must exist */
  CORPUS_WRITE, /* read and write; the file must exist */
  CORPUS_CREATE /* read and write; created (with schema) when missing */
};

/*
 * The corpus path the global --db option chose ($NETNO_DB, else
 * ./netno.db).  corpus_set_default_path() keeps the pointer, not a copy.
 */
void corpus_set_default_path(const char *path);
const char *corpus_default_path(void);

/*
 * Open the corpus at path (NULL: the default path).  Reports the reason
 * and returns NULL when the file is missing (READ/WRITE), is not a netno
 * corpus, is corrupt, was written by a newer netno, or cannot be written
 * (WRITE/CREATE).  Migrates an older schema forward (WRITE/CREATE only).
 */
struct corpus *corpus_open(const char *path, enum corpus_mode mode);
/* Close and free; corpus_close(NULL) does nothing.  Returns -1 when a
 * final checkpoint or close failed (reported). */
int corpus_close(struct corpus *c);
const char *corpus_path(const struct corpus *c);
int corpus_schema_version(const struct corpus *c);

/* Transactions: corpus_begin() takes the write lock at once (IMMEDIATE). */
int corpus_begin(struct corpus *c);
int corpus_commit(struct corpus *c);
void corpus_rollback(struct corpus *c);

/* Run PRAGMA integrity_check; 0 when "ok", -1 (with the first problems
 * reported) otherwise. */
int corpus_check_integrity(struct corpus *c);

/* ---- status ----------------------------------------------------------- */

/* The numbers `netno status` prints (and documents in netno.1). */
struct corpus_status {
  int exists;
  int schema_version;
  int64_t size_bytes; /* the file plus its -wal */
  int64_t pages, pages_unparsed, pages_parsed, pages_failed;
  int64_t frontier_queued, frontier_in_flight, frontier_done,
      frontier_failed, frontier_skipped;
  int64_t sites, threads, posts, authors, relations, crawls, stats_runs;
  int64_t first_post, last_post; /* UTC seconds; 0 when no dated post */
};

int corpus_get_status(struct corpus *c, struct corpus_status *st);

/* Subcommands owned by the corpus module. */
int cmd_status(int argc, char **argv);

#endif
