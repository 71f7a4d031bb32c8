/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Pages: storing what was fetched or imported, and reading it back for
 * parsing.  Bodies are kept zlib-compressed beside the SHA-256 of the
 * uncompressed bytes, so that a corpus of months of crawling stays small
 * and every page can be shown to be the one that was fetched.
 */
#include "corpus/internal.h"
#include "util/util.h"

#include <ctype.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

/* Bodies above this are refused: the crawler caps far lower. */
#define MAX_BODY (256u * 1024 * 1024)
/* zlib level for stored bodies: level 1 compresses HTML about 4.4:1
 * against 5:1 at the default level 6, at twice the speed, which a crawl
 * storing every page feels. */
#define PAGE_ZLEVEL 1

char *corpus_origin_of(const char *url)
{
  const char *p = strstr(url, "://"), *end;
  struct strbuf sb = STRBUF_INIT;

  if (!p) /* no authority: "mid:", "local" and the like are one site */
    return xstrdup(*url ? "local:" : "");
  end = p + 3;
  while (*end && *end != '/' && *end != '?' && *end != '#')
    end++;
  for (const char *q = url; q < end; q++)
    strbuf_addch(&sb, tolower((unsigned char)*q));
  return strbuf_detach(&sb, NULL);
}

int64_t corpus_site_id(struct corpus *c, const char *url)
{
  char *origin = corpus_origin_of(url);
  const char *host = strstr(origin, "://");
  sqlite3_stmt *st;
  int64_t id = -1;

  if (!*origin) {
    free(origin);
    return 0;
  }
  host = host ? host + 3 : origin;
  st = corpus_prepare_cached(c, CACHED_SITE_ID,
                             "INSERT INTO site(origin, host) VALUES (?1, ?2) "
                             "ON CONFLICT(origin) DO UPDATE SET host = host "
                             "RETURNING id");
  if (st) {
    sqlite3_bind_text(st, 1, origin, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, host, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW)
      id = sqlite3_column_int64(st, 0);
    else
      corpus_sql_error(c, "storing a site");
    sqlite3_reset(st);
  }
  free(origin);
  return id;
}

/* The SHA-256 of a body, in hex. */
static void body_hash(const void *body, size_t len, char out[65])
{
  unsigned char hash[crypto_hash_sha256_BYTES];

  crypto_hash_sha256(hash, body ? body : (const void *)"", len);
  sodium_bin2hex(out, 65, hash, sizeof(hash));
}

/* The body zlib-compressed into b->z; 0 or -1 (b released). */
static int body_compress(const void *body, size_t len,
                         struct corpus_packed_body *b)
{
  uLongf zlen = compressBound(len);

  b->z = xmalloc(zlen);
  if (compress2(b->z, &zlen, body ? body : (const void *)"", len,
                PAGE_ZLEVEL) != Z_OK) {
    corpus_packed_body_release(b);
    return -1;
  }
  b->zlen = zlen;
  return 0;
}

/* Compress and hash a body.  Uses no corpus and no shared state. */
int corpus_pack_body(const void *body, size_t len,
                     struct corpus_packed_body *out)
{
  body_hash(body, len, out->sha256);
  return body_compress(body, len, out);
}

void corpus_packed_body_release(struct corpus_packed_body *b)
{
  free(b->z);
  b->z = NULL;
  b->zlen = 0;
}

int corpus_add_page(struct corpus *c, const struct corpus_page *p,
                    int64_t *id, int *added)
{
  sqlite3_stmt *st = NULL;
  struct corpus_packed_body own = {0};
  const struct corpus_packed_body *b = p->packed;
  int64_t site, existing = 0;
  int ret = -1;

  if (p->body_len > MAX_BODY)
    return error("page '%s' is larger than %u bytes", p->url, MAX_BODY);
  if (!b) {
    /* hashed now, compressed only when the page is new */
    body_hash(p->body, p->body_len, own.sha256);
    b = &own;
  }

  st = corpus_prepare_cached(c, CACHED_PAGE_EXISTING,
                             "SELECT id FROM page WHERE url = ?1 AND "
                             "sha256 = ?2 AND superseded_by IS NULL LIMIT 1");
  if (!st)
    goto out;
  sqlite3_bind_text(st, 1, p->url, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 2, b->sha256, -1, SQLITE_STATIC);
  if (sqlite3_step(st) == SQLITE_ROW)
    existing = sqlite3_column_int64(st, 0);
  sqlite3_reset(st);
  st = NULL;
  if (existing) {
    if (id)
      *id = existing;
    if (added)
      *added = 0;
    ret = 0;
    goto out;
  }

  site = corpus_site_id(c, p->final_url ? p->final_url : p->url);
  if (site < 0)
    goto out;
  if (b == &own && body_compress(p->body, p->body_len, &own) < 0) {
    error("cannot compress page '%s'", p->url);
    goto out;
  }
  st = corpus_prepare_cached(
      c, CACHED_PAGE_ADD,
      "INSERT INTO page(url, final_url, site_id, crawl_id, source, "
         "status, fetched_at, ip, headers, content_type, charset, etag, "
         "last_modified, depth, body, body_size, sha256, parse_state, "
         "parse_note) VALUES "
         "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, "
         "?15, ?16, ?17, CASE WHEN ?18 IS NULL THEN 'pending' ELSE "
         "'skipped' END, ?18)");
  if (!st)
    goto out;
  corpus_bind_text(st, 1, p->url);
  corpus_bind_text(st, 2, p->final_url);
  if (site)
    sqlite3_bind_int64(st, 3, site);
  if (p->crawl_id)
    sqlite3_bind_int64(st, 4, p->crawl_id);
  corpus_bind_text(st, 5, p->source);
  if (p->status)
    sqlite3_bind_int(st, 6, p->status);
  sqlite3_bind_int64(st, 7, p->fetched_at);
  corpus_bind_text(st, 8, p->ip);
  corpus_bind_text(st, 9, p->headers);
  corpus_bind_text(st, 10, p->content_type);
  corpus_bind_text(st, 11, p->charset);
  corpus_bind_text(st, 12, p->etag);
  corpus_bind_text(st, 13, p->last_modified);
  sqlite3_bind_int(st, 14, p->depth);
  sqlite3_bind_blob(st, 15, b->z, (int)b->zlen, SQLITE_STATIC);
  sqlite3_bind_int64(st, 16, (int64_t)p->body_len);
  sqlite3_bind_text(st, 17, b->sha256, -1, SQLITE_STATIC);
  corpus_bind_text(st, 18, p->parse_note);
  if (sqlite3_step(st) != SQLITE_DONE) {
    corpus_sql_error(c, "storing a page");
    goto out;
  }
  if (id)
    *id = sqlite3_last_insert_rowid(c->db);
  if (added)
    *added = 1;
  ret = 0;
out:
  if (st)
    sqlite3_reset(st); /* cached: c owns it */
  corpus_packed_body_release(&own);
  return ret;
}

static char *column_dup(sqlite3_stmt *st, int i)
{
  const unsigned char *s = sqlite3_column_text(st, i);
  return s ? xstrdup((const char *)s) : NULL;
}

int corpus_load_page(struct corpus *c, int64_t id,
                     struct corpus_page_data *out)
{
  sqlite3_stmt *st;
  const void *z;
  uLongf len;
  int zlen, ret = -1;

  memset(out, 0, sizeof(*out));
  st = corpus_prepare(c, "SELECT page.id, url, final_url, source, "
                         "content_type, charset, status, fetched_at, sha256, "
                         "body, body_size, site.forced_engine FROM page "
                         "LEFT JOIN site ON site.id = page.site_id "
                         "WHERE page.id = ?1");
  if (!st)
    return -1;
  sqlite3_bind_int64(st, 1, id);
  if (sqlite3_step(st) != SQLITE_ROW) {
    error("corpus '%s' has no page %lld", c->path, (long long)id);
    goto out;
  }
  out->id = sqlite3_column_int64(st, 0);
  out->url = column_dup(st, 1);
  out->final_url = column_dup(st, 2);
  out->source = column_dup(st, 3);
  out->content_type = column_dup(st, 4);
  out->charset = column_dup(st, 5);
  out->status = sqlite3_column_int(st, 6);
  out->fetched_at = sqlite3_column_int64(st, 7);
  out->sha256 = column_dup(st, 8);
  out->site_engine = column_dup(st, 11);
  z = sqlite3_column_blob(st, 9);
  zlen = sqlite3_column_bytes(st, 9);
  len = (uLongf)sqlite3_column_int64(st, 10);
  if (len > MAX_BODY) {
    error("page %lld of corpus '%s' claims an impossible size",
          (long long)id, c->path);
    goto out;
  }
  out->body = xmalloc(len + 1);
  if (len && (!z || uncompress((Bytef *)out->body, &len, z, (uLong)zlen) !=
                        Z_OK)) {
    error("page %lld of corpus '%s' is damaged (cannot decompress it)",
          (long long)id, c->path);
    goto out;
  }
  out->body[len] = '\0';
  out->body_len = len;
  ret = 0;
out:
  sqlite3_finalize(st);
  if (ret < 0)
    corpus_page_data_release(out);
  return ret;
}

int corpus_page_validators(struct corpus *c, int64_t id, char **etag,
                           char **last_modified)
{
  sqlite3_stmt *st =
      corpus_prepare(c, "SELECT etag, last_modified FROM page WHERE id = ?1");
  int rc;

  *etag = *last_modified = NULL;
  if (!st)
    return -1;
  sqlite3_bind_int64(st, 1, id);
  rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) {
    *etag = column_dup(st, 0);
    *last_modified = column_dup(st, 1);
  }
  sqlite3_finalize(st);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return corpus_sql_error(c, "reading a page's validators");
  return 0;
}

void corpus_page_data_release(struct corpus_page_data *d)
{
  free(d->url);
  free(d->final_url);
  free(d->source);
  free(d->content_type);
  free(d->charset);
  free(d->sha256);
  free(d->body);
  free(d->site_engine);
  memset(d, 0, sizeof(*d));
}

int corpus_pages_to_parse(struct corpus *c, int all, int64_t **ids,
                          size_t *n)
{
  sqlite3_stmt *st = corpus_prepare(
      c, all ? "SELECT id FROM page WHERE superseded_by IS NULL "
               "AND duplicate_of IS NULL AND (parse_state != 'skipped' "
               "OR parse_evidence = 'listing') ORDER BY id"
             : "SELECT id FROM page WHERE superseded_by IS NULL "
               "AND duplicate_of IS NULL AND parse_state = 'pending' "
               "ORDER BY id");
  size_t alloc = 0;
  int rc;

  /* Parsing everything again: what threads claimed is read again too
   * (stores keep the largest claim a page of the thread makes). */
  if (all && c->mode != CORPUS_READ &&
      corpus_exec(c, "UPDATE thread SET claimed_posts = NULL, "
                     "claimed_pages = NULL") < 0) {
    sqlite3_finalize(st);
    return -1;
  }

  *ids = NULL;
  *n = 0;
  if (!st)
    return -1;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    xgrow((void **)ids, sizeof(**ids), *n + 1, &alloc);
    (*ids)[(*n)++] = sqlite3_column_int64(st, 0);
  }
  sqlite3_finalize(st);
  if (rc != SQLITE_DONE) {
    free(*ids);
    *ids = NULL;
    *n = 0;
    return corpus_sql_error(c, "listing pages");
  }
  return 0;
}

/* The sites a --site value names: its host (with or without a port) or
 * its origin, case aside. */
#define SITE_NAMED                                                          \
  "(lower(site.host) = lower(?1) OR lower(site.origin) = lower(?1) OR "    \
  "substr(lower(site.host), 1, length(?1) + 1) = lower(?1) || ':')"

int corpus_set_site_engine(struct corpus *c, const char *host,
                           const char *engine, int64_t *nsites)
{
  sqlite3_stmt *st = NULL;
  int ret = -1;

  *nsites = 0;
  if (corpus_begin(c) < 0)
    return -1;
  st = corpus_prepare(c, "UPDATE site SET forced_engine = ?2 WHERE "
                         SITE_NAMED);
  if (!st)
    goto out;
  sqlite3_bind_text(st, 1, host, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 2, engine, -1, SQLITE_STATIC);
  if (sqlite3_step(st) != SQLITE_DONE) {
    corpus_sql_error(c, "storing a site's engine");
    goto out;
  }
  *nsites = sqlite3_changes64(c->db);
  sqlite3_finalize(st);
  /* what the site's pages gave with the earlier engine is parsed again */
  st = corpus_prepare(c, "UPDATE page SET parse_state = 'pending' WHERE "
                         "parse_state IN ('parsed', 'failed') AND site_id IN "
                         "(SELECT id FROM site WHERE " SITE_NAMED ")");
  if (!st)
    goto out;
  sqlite3_bind_text(st, 1, host, -1, SQLITE_STATIC);
  if (sqlite3_step(st) != SQLITE_DONE) {
    corpus_sql_error(c, "marking a site's pages");
    goto out;
  }
  ret = 0;
out:
  sqlite3_finalize(st);
  if (ret < 0)
    corpus_rollback(c);
  else if (corpus_commit(c) < 0)
    ret = -1;
  return ret;
}

int corpus_get_site_engines(struct corpus *c, struct corpus_site_engine **v,
                            size_t *n)
{
  sqlite3_stmt *st = corpus_prepare(
      c, "SELECT origin, forced_engine FROM site WHERE forced_engine IS NOT "
         "NULL ORDER BY origin");
  size_t alloc = 0;
  int rc;

  *v = NULL;
  *n = 0;
  if (!st)
    return -1;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    xgrow((void **)v, sizeof(**v), *n + 1, &alloc);
    (*v)[*n].origin = column_dup(st, 0);
    (*v)[*n].engine = column_dup(st, 1);
    (*n)++;
  }
  sqlite3_finalize(st);
  if (rc != SQLITE_DONE) {
    corpus_site_engines_release(*v, *n);
    *v = NULL;
    *n = 0;
    return corpus_sql_error(c, "reading the sites' engines");
  }
  return 0;
}

void corpus_site_engines_release(struct corpus_site_engine *v, size_t n)
{
  for (size_t i = 0; i < n; i++) {
    free(v[i].origin);
    free(v[i].engine);
  }
  free(v);
}
