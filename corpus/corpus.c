/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Opening, validating, migrating and closing a corpus.
 *
 * The order of work in corpus_open() matters: everything that could touch
 * the file (WAL mode, migrations) happens only after the file has been
 * shown to be an SQLite database carrying netno's application id and a
 * schema this netno understands.  A stray file passed to --db is never
 * modified.
 */
#include "corpus/internal.h"
#include "corpus/schema.sql.h"
#include "util/util.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* "netn" in PRAGMA application_id marks a netno corpus. */
#define NETNO_APPLICATION_ID 0x6e65746e

static const char *default_path;

void corpus_set_default_path(const char *path)
{
  default_path = path;
}

const char *corpus_default_path(void)
{
  const char *env;

  if (default_path && *default_path)
    return default_path;
  env = getenv("NETNO_DB");
  return env && *env ? env : "netno.db";
}

/* ---- SQLite helpers ---------------------------------------------------- */

int corpus_sql_error(struct corpus *c, const char *what)
{
  /* For an I/O error, what the failed system call said: SQLite keeps it
   * only sometimes, errno still holds it. */
  int sys = sqlite3_system_errno(c->db) ? sqlite3_system_errno(c->db) : errno;
  int rc = sqlite3_extended_errcode(c->db) & 0xff;
  const char *msg = sqlite3_errmsg(c->db);

  switch (rc) {
  case SQLITE_CORRUPT:
  case SQLITE_NOTADB:
    return error("corpus '%s' is damaged (%s: %s); it was not modified",
                 c->path, what, msg);
  case SQLITE_FULL:
    return error("corpus '%s': the disk is full (%s)", c->path, what);
  case SQLITE_READONLY:
    return error("corpus '%s' is read-only (%s)", c->path, what);
  case SQLITE_BUSY:
  case SQLITE_LOCKED:
    return error("corpus '%s' is busy: another netno is writing to it (%s)",
                 c->path, what);
  case SQLITE_IOERR:
    /* A write past the free space or the file size limit (ulimit -f)
     * comes back as an I/O error; say which. */
    if (sys == ENOSPC || sys == EDQUOT)
      return error("corpus '%s': the disk is full (%s)", c->path, what);
    if (sys == EFBIG)
      return error("corpus '%s': the file has reached its size limit (%s)",
                   c->path, what);
    /* fall through */
  case SQLITE_CANTOPEN:
    return error("corpus '%s': cannot read or write the file (%s: %s)",
                 c->path, what, msg);
  default:
    return error("corpus '%s': %s: %s", c->path, what, msg);
  }
}

sqlite3_stmt *corpus_prepare(struct corpus *c, const char *sql)
{
  sqlite3_stmt *st = NULL;

  if (sqlite3_prepare_v2(c->db, sql, -1, &st, NULL) != SQLITE_OK) {
    corpus_sql_error(c, "preparing a query");
    sqlite3_finalize(st);
    return NULL;
  }
  return st;
}

sqlite3_stmt *corpus_prepare_cached(struct corpus *c,
                                    enum corpus_cached_stmt slot,
                                    const char *sql)
{
  sqlite3_stmt *st = c->cached[slot];

  if (!st)
    return c->cached[slot] = corpus_prepare(c, sql);
  sqlite3_reset(st);
  sqlite3_clear_bindings(st);
  return st;
}

void corpus_bind_text(sqlite3_stmt *st, int i, const char *s)
{
  if (s)
    sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null(st, i);
}

int corpus_exec(struct corpus *c, const char *sql)
{
  if (sqlite3_exec(c->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    return corpus_sql_error(c, "writing");
  return 0;
}

int corpus_query_int(struct corpus *c, const char *sql, int64_t *out)
{
  sqlite3_stmt *st = corpus_prepare(c, sql);
  int rc;

  if (!st)
    return -1;
  rc = sqlite3_step(st);
  if (rc == SQLITE_ROW)
    *out = sqlite3_column_int64(st, 0);
  else if (rc == SQLITE_DONE)
    *out = 0;
  else {
    corpus_sql_error(c, "reading");
    sqlite3_finalize(st);
    return -1;
  }
  sqlite3_finalize(st);
  return 0;
}

/* ---- opening ----------------------------------------------------------- */

/*
 * Check the file before SQLite sees it.  Returns 1 when it exists and
 * starts like an SQLite database, 0 when it does not exist or is empty
 * (SQLite treats an empty file as a new database), -1 (reported) when it
 * is something else.
 */
static int precheck_file(const char *path)
{
  static const char magic[16] = "SQLite format 3";
  char head[100];
  struct stat sb;
  ssize_t n;
  int fd;

  if (stat(path, &sb) < 0) {
    if (errno == ENOENT)
      return 0;
    return error("cannot open corpus '%s': %s", path, strerror(errno));
  }
  if (S_ISDIR(sb.st_mode))
    return error("corpus '%s' is a directory, not a corpus file", path);
  if (!S_ISREG(sb.st_mode))
    return error("corpus '%s' is not a regular file", path);
  if (sb.st_size == 0)
    return 0;
  fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return error("cannot open corpus '%s': %s", path, strerror(errno));
  n = read(fd, head, sizeof(head));
  close(fd);
  if (n < (ssize_t)sizeof(head) || memcmp(head, magic, sizeof(magic)))
    return error("'%s' is not a netno corpus (not an SQLite database); it "
                 "was left untouched",
                 path);
  return 1;
}

/* Is the directory that holds path there and writable?  WAL needs to
 * create the -wal and -shm files beside the corpus. */
static int check_directory(const char *path, int creating)
{
  char *copy = xstrdup(path);
  const char *dir = dirname(copy);
  int ret = 0;

  if (access(dir, F_OK) < 0)
    ret = error("cannot %s corpus '%s': directory '%s' does not exist",
                creating ? "create" : "open", path, dir);
  else if (access(dir, W_OK) < 0)
    ret = error("cannot %s corpus '%s': directory '%s' is not writable",
                creating ? "create" : "write to", path, dir);
  free(copy);
  return ret;
}

static int open_handle(struct corpus *c, int readonly, int immutable)
{
  int flags = (readonly ? SQLITE_OPEN_READONLY
                        : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
              SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX;
  char *uri;
  int rc;

  /* A URI, so that a path with '?' or '#' is not misread and so that
   * immutable=1 can be asked for. */
  {
    struct strbuf sb = STRBUF_INIT;
    strbuf_addstr(&sb, "file:");
    for (const char *p = c->path; *p; p++) {
      if (*p == '?' || *p == '#' || *p == '%')
        strbuf_addf(&sb, "%%%02X", (unsigned char)*p);
      else
        strbuf_addch(&sb, *p);
    }
    if (immutable)
      strbuf_addstr(&sb, "?immutable=1");
    uri = strbuf_detach(&sb, NULL);
  }
  rc = sqlite3_open_v2(uri, &c->db, flags, NULL);
  free(uri);
  if (rc != SQLITE_OK) {
    if (c->db)
      corpus_sql_error(c, "opening");
    else
      error("cannot open corpus '%s': out of memory", c->path);
    sqlite3_close(c->db);
    c->db = NULL;
    return -1;
  }
  sqlite3_extended_result_codes(c->db, 1);
  sqlite3_busy_timeout(c->db, 10000);
  return 0;
}

/*
 * Read the identity of the database without writing anything: its
 * application id, schema version and whether it has any tables.  Returns
 * 0, or -1 with the SQLite error left on the handle for the caller.
 */
static int read_identity(struct corpus *c, int64_t *app_id,
                         int64_t *version, int64_t *objects)
{
  if (sqlite3_exec(c->db, "SELECT 1", NULL, NULL, NULL) != SQLITE_OK)
    return -1;
  {
    sqlite3_stmt *st = NULL;
    int rc;
    if (sqlite3_prepare_v2(c->db,
                           "SELECT (SELECT application_id FROM "
                           "pragma_application_id),"
                           " (SELECT user_version FROM pragma_user_version),"
                           " (SELECT count(*) FROM sqlite_master)",
                           -1, &st, NULL) != SQLITE_OK)
      return -1;
    rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
      sqlite3_finalize(st);
      return -1;
    }
    *app_id = sqlite3_column_int64(st, 0);
    *version = sqlite3_column_int64(st, 1);
    *objects = sqlite3_column_int64(st, 2);
    sqlite3_finalize(st);
  }
  return 0;
}

/* Bring the schema from c->version to CORPUS_SCHEMA_VERSION in one
 * transaction, so that a crash leaves either the old or the new schema. */
static int migrate(struct corpus *c)
{
  int64_t version;
  char sql[128];

  _Static_assert(ARRAY_SIZE(migrations) == CORPUS_SCHEMA_VERSION,
                 "one migration per schema version");

  if (corpus_exec(c, "BEGIN IMMEDIATE") < 0)
    return -1;
  if (corpus_query_int(c, "PRAGMA user_version", &version) < 0)
    goto fail;
  for (int64_t v = version; v < CORPUS_SCHEMA_VERSION; v++) {
    for (const char *const *stmt = migrations[v]; *stmt; stmt++) {
      if (sqlite3_exec(c->db, *stmt, NULL, NULL, NULL) != SQLITE_OK) {
        corpus_sql_error(c, "upgrading the schema");
        goto fail;
      }
    }
  }
  if (version == 0) {
    char now[32];
    sqlite3_stmt *st =
        corpus_prepare(c, "INSERT INTO meta(key, value) VALUES "
                          "('created_at', ?1), ('created_by', ?2)");
    if (!st)
      goto fail;
    time_format_iso(now_utc(), now, sizeof(now));
    sqlite3_bind_text(st, 1, now, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, "netno " NETNO_VERSION, -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_DONE) {
      corpus_sql_error(c, "creating the corpus");
      sqlite3_finalize(st);
      goto fail;
    }
    sqlite3_finalize(st);
  }
  snprintf(sql, sizeof(sql),
           "PRAGMA user_version = %d; PRAGMA application_id = %d",
           CORPUS_SCHEMA_VERSION, NETNO_APPLICATION_ID);
  if (corpus_exec(c, sql) < 0 || corpus_exec(c, "COMMIT") < 0)
    goto fail;
  if (version && version < CORPUS_SCHEMA_VERSION)
    info("upgraded corpus '%s' from schema v%lld to v%d", c->path,
         (long long)version, CORPUS_SCHEMA_VERSION);
  c->version = CORPUS_SCHEMA_VERSION;
  return 0;
fail:
  sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
  return -1;
}

struct corpus *corpus_open(const char *path, enum corpus_mode mode)
{
  struct corpus *c = xcalloc(1, sizeof(*c));
  int64_t app_id = 0, version = 0, objects = 0;
  int exists;

  if (sodium_init() < 0)
    die("cannot initialise libsodium");
  c->path = xstrdup(path ? path : corpus_default_path());
  c->mode = mode;
  c->lock_fd = -1;
  exists = precheck_file(c->path);
  if (exists < 0)
    goto fail;
  if (!exists && mode != CORPUS_CREATE) {
    struct stat sb;
    if (stat(c->path, &sb) < 0)
      error("no corpus at '%s' (create one with 'netno crawl' or "
            "'netno import', or name another with --db)",
            c->path);
    else
      error("corpus '%s' is an empty file, not a netno corpus yet",
            c->path);
    goto fail;
  }
  if (mode != CORPUS_READ && check_directory(c->path, !exists) < 0)
    goto fail;

  if (open_handle(c, mode == CORPUS_READ, 0) < 0)
    goto fail;
  if (read_identity(c, &app_id, &version, &objects) < 0) {
    int rc = sqlite3_extended_errcode(c->db) & 0xff;
    /* A WAL corpus in a directory we may not write: read it as an
     * immutable file instead. */
    if (mode == CORPUS_READ && (rc == SQLITE_CANTOPEN || rc == SQLITE_READONLY)) {
      sqlite3_close(c->db);
      c->db = NULL;
      if (open_handle(c, 1, 1) < 0)
        goto fail;
      if (read_identity(c, &app_id, &version, &objects) < 0) {
        corpus_sql_error(c, "reading its header");
        goto fail;
      }
    } else {
      corpus_sql_error(c, "reading its header");
      goto fail;
    }
  }

  if (app_id != NETNO_APPLICATION_ID && !(app_id == 0 && objects == 0)) {
    error("'%s' is an SQLite database but not a netno corpus; it was left "
          "untouched",
          c->path);
    goto fail;
  }
  if (version > CORPUS_SCHEMA_VERSION) {
    error("corpus '%s' was written by a newer netno (schema v%lld; this "
          "netno %s reads up to v%d); it was left untouched",
          c->path, (long long)version, NETNO_VERSION, CORPUS_SCHEMA_VERSION);
    goto fail;
  }
  c->version = (int)version;

  if (mode == CORPUS_READ) {
    if (version < CORPUS_SCHEMA_VERSION) {
      if (objects == 0)
        error("corpus '%s' is an empty database, not a netno corpus yet",
              c->path);
      else
        error("corpus '%s' has schema v%lld; run a command that writes "
              "(such as 'netno parse') to upgrade it to v%d",
              c->path, (long long)version, CORPUS_SCHEMA_VERSION);
      goto fail;
    }
    return c;
  }

  if (sqlite3_db_readonly(c->db, "main") == 1) {
    error("corpus '%s' is read-only", c->path);
    goto fail;
  }
  /* Now that the file is known to be ours: WAL, then the schema. */
  if (sqlite3_exec(c->db,
                   "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; "
                   "PRAGMA foreign_keys = ON",
                   NULL, NULL, NULL) != SQLITE_OK) {
    corpus_sql_error(c, "opening for writing");
    goto fail;
  }
  if (version < CORPUS_SCHEMA_VERSION && migrate(c) < 0)
    goto fail;
  return c;

fail:
  if (c->db)
    sqlite3_close(c->db);
  free(c->path);
  free(c);
  return NULL;
}

int corpus_close(struct corpus *c)
{
  int ret = 0;

  if (!c)
    return 0;
  while (c->in_txn)
    corpus_rollback(c);
  for (int i = 0; i < CACHED_COUNT; i++)
    sqlite3_finalize(c->cached[i]);
  if (sqlite3_close(c->db) != SQLITE_OK)
    ret = error("corpus '%s': closing: %s", c->path, sqlite3_errmsg(c->db));
  if (c->lock_fd >= 0)
    close(c->lock_fd); /* releases the crawl lock */
  free(c->path);
  free(c);
  return ret;
}

const char *corpus_path(const struct corpus *c)
{
  return c->path;
}

int corpus_schema_version(const struct corpus *c)
{
  return c->version;
}

/* The outermost level is a transaction; inner levels are savepoints,
 * so that a step which is a transaction of its own (a page and its
 * frontier row) can also be part of a larger one (with the page's
 * links). */
int corpus_begin(struct corpus *c)
{
  if (corpus_exec(c, c->in_txn ? "SAVEPOINT nested" : "BEGIN IMMEDIATE") < 0)
    return -1;
  c->in_txn++;
  return 0;
}

int corpus_commit(struct corpus *c)
{
  if (corpus_exec(c, c->in_txn > 1 ? "RELEASE nested" : "COMMIT") < 0)
    return -1;
  c->in_txn--;
  return 0;
}

void corpus_rollback(struct corpus *c)
{
  if (c->in_txn > 1) {
    sqlite3_exec(c->db, "ROLLBACK TO nested; RELEASE nested", NULL, NULL,
                 NULL);
    /* Some errors (a full disk) end the whole transaction. */
    c->in_txn = sqlite3_get_autocommit(c->db) ? 0 : c->in_txn - 1;
    return;
  }
  sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
  c->in_txn = 0;
}

int corpus_check_integrity(struct corpus *c)
{
  sqlite3_stmt *st = corpus_prepare(c, "PRAGMA integrity_check(20)");
  int ret = 0, rc;

  if (!st)
    return -1;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    const char *msg = (const char *)sqlite3_column_text(st, 0);
    if (msg && strcmp(msg, "ok")) {
      error("corpus '%s' fails its integrity check: %s", c->path, msg);
      ret = -1;
    }
  }
  if (rc != SQLITE_DONE)
    ret = corpus_sql_error(c, "checking integrity");
  sqlite3_finalize(st);
  return ret;
}
