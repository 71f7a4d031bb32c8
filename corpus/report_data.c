/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The corpus side of `netno report`: everything the report shows, read
 * into one JSON document (keys documented in netno.1, REPORT JSON).  The
 * renderers in report/ only lay it out; no SQL leaves this file.
 *
 * Most sections are one query each whose column names become the JSON
 * keys: a column named "x_json" holds JSON text and becomes key "x" with
 * the parsed value; "x_iso" holds epoch seconds and becomes key "x" with
 * an ISO 8601 UTC string.  Parameters: ?1 since, ?2 until (NULL: open), ?3 the
 * stats run.
 */
#include "corpus/internal.h"
#include "util/util.h"

#include <jansson.h>
#include <math.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define DEFAULT_LEADERS 20
#define DEFAULT_EXCERPT_CHARS 240
#define TOPIC_EXCERPTS 3
#define TOPIC_VOICES 5
#define LIST_LIMIT 50

/* The posts within the period, as a CTE. */
#define FP                                                                     \
  "fp AS (SELECT * FROM post WHERE (?1 IS NULL OR published_at >= ?1) "        \
  "AND (?2 IS NULL OR published_at < ?2))"
/* The run's brand accounts, as a CTE. */
#define BA                                                                     \
  "ba AS (SELECT author_id FROM author_metric WHERE run_id = ?3 "              \
  "AND metric = 'brand' AND value = 1)"


struct report_ctx {
  struct corpus *c;
  const struct corpus_report_filter *f;
  struct pseudonymizer *names;
  int64_t run_id;
  int pseudonymized;
};

/* ---- values ------------------------------------------------------------ */

/* A JSON string of s, with bytes that are not valid UTF-8 replaced by
 * U+FFFD (jansson refuses invalid UTF-8 and crawled text may hold it). */
static json_t *text_json(const char *s)
{
  json_t *j;
  struct strbuf sb;

  if (!s)
    return json_null();
  if ((j = json_string(s)))
    return j;
  strbuf_init(&sb, 0);
  for (const unsigned char *p = (const unsigned char *)s; *p;) {
    int len = *p < 0x80         ? 1
              : (*p >> 5) == 6  ? 2
              : (*p >> 4) == 14 ? 3
              : (*p >> 3) == 30 ? 4
                                : 0;
    int ok = len > 0;
    for (int k = 1; ok && k < len; k++)
      ok = (p[k] & 0xc0) == 0x80;
    if (ok) {
      json_t *one;
      char tmp[5] = {0};
      memcpy(tmp, p, (size_t)len);
      /* overlong forms and surrogates: jansson says no */
      one = json_string(tmp);
      ok = one != NULL;
      json_decref(one);
    }
    if (ok) {
      strbuf_add(&sb, p, (size_t)len);
      p += len;
    } else {
      strbuf_addstr(&sb, "\xef\xbf\xbd");
      p++;
    }
  }
  j = json_string(sb.buf);
  strbuf_release(&sb);
  return j ? j : json_string("");
}

/* Column i of the current row as JSON. */
static json_t *column_json(sqlite3_stmt *st, int i)
{
  const char *name = sqlite3_column_name(st, i);

  switch (sqlite3_column_type(st, i)) {
  case SQLITE_INTEGER:
    if (ends_with(name, "_iso")) {
      char buf[32];
      return json_string(
          time_format_iso(sqlite3_column_int64(st, i), buf, sizeof(buf)));
    }
    return json_integer((json_int_t)sqlite3_column_int64(st, i));
  case SQLITE_FLOAT: {
    double v = sqlite3_column_double(st, i);
    return isfinite(v) ? json_real(v) : json_null();
  }
  case SQLITE_NULL:
    return json_null();
  default:
    if (ends_with(name, "_json")) {
      json_t *v = json_loads((const char *)sqlite3_column_text(st, i),
                             JSON_DECODE_ANY, NULL);
      return v ? v : json_null();
    }
    return text_json((const char *)sqlite3_column_text(st, i));
  }
}

/* The JSON key of column i: its name without a "_json" or "_iso"
 * suffix. */
static void column_key(sqlite3_stmt *st, int i, char *key, size_t size)
{
  const char *name = sqlite3_column_name(st, i);
  size_t len = strlen(name);

  if (ends_with(name, "_json"))
    len -= 5;
  else if (ends_with(name, "_iso"))
    len -= 4;
  if (len >= size)
    len = size - 1;
  memcpy(key, name, len);
  key[len] = '\0';
}

/* Prepare sql with the period and the run bound (parameters it lacks are
 * skipped). */
static sqlite3_stmt *prepare(struct report_ctx *x, const char *sql)
{
  sqlite3_stmt *st = corpus_prepare(x->c, sql);
  int n;

  if (!st)
    return NULL;
  n = sqlite3_bind_parameter_count(st);
  if (n >= 1 && x->f->since)
    sqlite3_bind_int64(st, 1, x->f->since);
  if (n >= 2 && x->f->until)
    sqlite3_bind_int64(st, 2, x->f->until);
  if (n >= 3)
    sqlite3_bind_int64(st, 3, x->run_id);
  return st;
}

/* Run a prepared statement and append one object per row to arr. */
static int rows_append(struct report_ctx *x, sqlite3_stmt *st, json_t *arr)
{
  int rc;

  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    json_t *row = json_object();
    for (int i = 0; i < sqlite3_column_count(st); i++) {
      char key[64];
      column_key(st, i, key, sizeof(key));
      json_object_set_new(row, key, column_json(st, i));
    }
    json_array_append_new(arr, row);
  }
  if (rc != SQLITE_DONE)
    return corpus_sql_error(x->c, "reading the report data");
  return 0;
}

/* Rows of sql as a new array; NULL (reported) on failure. */
static json_t *query_rows(struct report_ctx *x, const char *sql)
{
  sqlite3_stmt *st = prepare(x, sql);
  json_t *arr;

  if (!st)
    return NULL;
  arr = json_array();
  if (rows_append(x, st, arr) < 0) {
    json_decref(arr);
    arr = NULL;
  }
  sqlite3_finalize(st);
  return arr;
}

/* The single row of sql as an object (empty when none); NULL on failure. */
static json_t *query_row(struct report_ctx *x, const char *sql)
{
  json_t *arr = query_rows(x, sql), *row;

  if (!arr)
    return NULL;
  row = json_array_size(arr) ? json_incref(json_array_get(arr, 0))
                             : json_object();
  json_decref(arr);
  return row;
}

/* Set key of obj to value; -1 when value is NULL (a failed query). */
static int set(json_t *obj, const char *key, json_t *value)
{
  if (!value)
    return -1;
  json_object_set_new(obj, key, value);
  return 0;
}

/* An integer member of obj (0 when missing). */
static int64_t get_int(const json_t *obj, const char *key)
{
  return (int64_t)json_integer_value(json_object_get(obj, key));
}

/* The name as the report writes it; the author's origin keys the
 * pseudonym.  Replaces obj's key with the result. */
static void rename_author(struct report_ctx *x, json_t *obj, const char *key,
                          const char *origin_key)
{
  const char *name = json_string_value(json_object_get(obj, key));
  const char *origin = json_string_value(json_object_get(obj, origin_key));

  if (name && x->pseudonymized)
    json_object_set_new(obj, key,
                        text_json(pseudonymizer_name(x->names, origin, name)));
}

/* Shorten text to about max characters at a word boundary, with white
 * space runs folded to one space and "…" where it was cut.  Caller
 * frees. */
static char *excerpt_make(const char *text, size_t max)
{
  struct strbuf sb;
  size_t chars = 0, last_space = 0;
  int space = 0, cut = 0;

  strbuf_init(&sb, 0);
  for (const unsigned char *p = (const unsigned char *)(text ? text : ""); *p;
       p++) {
    if (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r') {
      space = sb.len > 0;
      continue;
    }
    if ((*p & 0xc0) != 0x80) {
      if (chars >= max) {
        cut = 1;
        break;
      }
      if (space) {
        last_space = sb.len;
        strbuf_addch(&sb, ' ');
        chars++;
      }
      space = 0;
      chars++;
    }
    strbuf_addch(&sb, *p);
  }
  if (cut) {
    if (last_space > sb.len / 2)
      sb.len = last_space;
    sb.buf[sb.len] = '\0';
    strbuf_addstr(&sb, "\xe2\x80\xa6");
  }
  return strbuf_detach(&sb, NULL);
}

/* ---- sections ---------------------------------------------------------- */

/* The newest finished stats run: 0 in *run_id when there is none. */
static int latest_run(struct report_ctx *x)
{
  return corpus_query_int(x->c,
                          "SELECT coalesce(max(id), 0) FROM run WHERE kind = "
                          "'stats' AND ended_at IS NOT NULL",
                          &x->run_id);
}

static int add_run(struct report_ctx *x, json_t *doc)
{
  return set(doc, "run",
             query_row(x,
                       "SELECT id, seed, started_at started_at_iso, ended_at "
                       "ended_at_iso, tool_version, settings settings_json, "
                       "summary summary_json FROM run WHERE id = ?3"));
}

/* Counts and sites within the period. */
static int add_scope(struct report_ctx *x, json_t *doc)
{
  json_t *scope = json_object();
  int ret = -1;

  json_object_set_new(doc, "scope", scope);
  if (set(scope, "counts",
          query_row(
              x, "WITH " FP
                 " SELECT count(*) posts, count(DISTINCT thread_id) threads, "
                 "count(DISTINCT author_id) authors, (SELECT count(DISTINCT "
                 "t.site_id) FROM thread t  WHERE t.id IN (SELECT thread_id "
                 "FROM fp)) sites, (SELECT count(*) FROM relation r JOIN fp  "
                 "ON fp.id = r.src_post) relations, sum(published_at IS NULL) "
                 "undated_posts, min(published_at) first_post_iso, "
                 "max(published_at) last_post_iso FROM fp")) < 0 ||
      set(scope, "sites",
          query_rows(x,
                     "WITH " FP " SELECT s.origin, s.host, s.name, s.engine, "
                     "count(DISTINCT fp.thread_id) threads, count(*) posts, "
                     "count(DISTINCT fp.author_id) authors FROM fp JOIN thread "
                     "t ON t.id = fp.thread_id JOIN site s ON s.id = t.site_id "
                     "GROUP BY s.id ORDER BY posts DESC, s.origin")) < 0)
    goto out;
  ret = 0;
out:
  return ret;
}

/* SHA-256 over every post's uid and text (each followed by a NUL byte),
 * in uid order: the same posts give the same hash whatever the order of
 * crawling and parsing. */
static int add_corpus_hash(struct report_ctx *x, json_t *prov)
{
  sqlite3_stmt *st =
      corpus_prepare(x->c, "SELECT uid, text FROM post ORDER BY uid");
  crypto_hash_sha256_state h;
  unsigned char digest[crypto_hash_sha256_BYTES];
  char hex[2 * crypto_hash_sha256_BYTES + 1];
  json_t *o;
  int rc;

  if (!st)
    return -1;
  crypto_hash_sha256_init(&h);
  while ((rc = sqlite3_step(st)) == SQLITE_ROW)
    for (int i = 0; i < 2; i++) {
      const unsigned char *v = sqlite3_column_text(st, i);
      crypto_hash_sha256_update(
          &h, v ? v : (const unsigned char *)"",
          (unsigned long long)sqlite3_column_bytes(st, i) + 1);
    }
  sqlite3_finalize(st);
  if (rc != SQLITE_DONE)
    return corpus_sql_error(x->c, "hashing the posts");
  crypto_hash_sha256_final(&h, digest);
  sodium_bin2hex(hex, sizeof(hex), digest, sizeof(digest));
  o = json_object();
  json_object_set_new(o, "algorithm", json_string("sha256"));
  json_object_set_new(o, "over",
                      json_string("uid NUL text NUL of every post, by uid"));
  json_object_set_new(o, "value", json_string(hex));
  json_object_set_new(prov, "corpus_hash", o);
  return 0;
}

/* Whether every crawl honoured robots.txt: true, false, or null when
 * the corpus holds no crawl. */
static json_t *robots_honoured(const json_t *crawls)
{
  size_t i;
  json_t *cr;
  int all = 1;

  if (!json_array_size(crawls))
    return json_null();
  json_array_foreach(crawls, i, cr)
  {
    json_t *ign =
        json_object_get(json_object_get(cr, "settings"), "ignore_robots");
    if (json_is_true(ign))
      all = 0;
  }
  return json_boolean(all);
}

/* Whether a crawl sent a session's cookies (--cookies): true, false, or
 * null when the corpus holds no crawl.  The cookies themselves are never
 * in the corpus. */
static json_t *session_used(const json_t *crawls)
{
  size_t i;
  json_t *cr;
  int any = 0;

  if (!json_array_size(crawls))
    return json_null();
  json_array_foreach(crawls, i, cr)
  {
    if (json_is_true(
            json_object_get(json_object_get(cr, "settings"), "session")))
      any = 1;
  }
  return json_boolean(any);
}

/* Crawls, robots.txt, the frontier by outcome, pages, completeness and
 * the corpus hash: the whole corpus, whatever the period. */
static int add_provenance(struct report_ctx *x, json_t *doc)
{
  json_t *prov = json_object(), *crawls;
  int ret = -1;

  json_object_set_new(doc, "provenance", prov);
  json_object_set_new(prov, "netno_version", json_string(NETNO_VERSION));
  crawls = query_rows(
      x,
      "SELECT id, started_at started_at_iso, ended_at ended_at_iso, state, "
      "seeds seeds_json, settings settings_json, tool_version, pages_fetched, "
      "pages_failed, pages_skipped, bytes_fetched FROM crawl ORDER BY id");
  if (set(prov, "crawls", crawls) < 0)
    goto out;
  json_object_set_new(prov, "robots_honoured", robots_honoured(crawls));
  json_object_set_new(prov, "session_used", session_used(crawls));
  if (set(prov, "robots",
          query_rows(x, "SELECT origin, fetched_at fetched_at_iso, status, "
                        "decision, crawl_delay, substr(log, 1, 2000) log FROM "
                        "robots ORDER BY origin, id")) < 0 ||
      set(prov, "frontier",
          query_rows(x, "SELECT state, coalesce(reason, '') reason, count(*) "
                        "urls FROM frontier GROUP BY state, reason ORDER BY "
                        "state, urls DESC, reason")) < 0 ||
      set(prov, "pages",
          query_row(x, "SELECT count(*) pages, coalesce(sum(parse_state = "
                       "'parsed'), 0) parsed, coalesce(sum(parse_state = "
                       "'failed'), 0) parse_failed, coalesce(sum(parse_state = "
                       "'pending'), 0) unparsed, coalesce(sum(body_size), 0) "
                       "bytes, min(fetched_at) first_fetched_iso, "
                       "max(fetched_at) last_fetched_iso FROM page")) < 0 ||
      set(prov, "completeness",
          query_row(
              x, CORPUS_THREAD_COVERAGE "SELECT count(*) threads, coalesce(sum(claimed_posts > "
                 "0), 0) threads_with_claim, coalesce(sum(CASE WHEN "
                 "claimed_posts > 0 THEN claimed_posts END), 0) posts_claimed, "
                 "coalesce(sum(CASE WHEN claimed_posts > 0 THEN found END), 0) "
                 "posts_found, coalesce(sum(found < claimed_posts), 0) "
                 "threads_missing_posts, coalesce(sum(pages < claimed_pages), "
                 "0) threads_missing_pages FROM tp")) < 0 ||
      set(prov, "coverage_sites",
          query_rows(
              x,
              CORPUS_THREAD_COVERAGE
              ", f AS (SELECT origin, count(*) seen, coalesce(sum(state = "
              "'done' AND page_id IS NOT NULL), 0) fetched, coalesce(sum("
              "state = 'failed'), 0) failed, coalesce(sum(state = "
              "'skipped'), 0) skipped, coalesce(sum(state IN ('queued', "
              "'in_flight')), 0) queued FROM frontier GROUP BY origin), "
              "tc AS (SELECT t.site_id, sum(tp.claimed_posts) claimed, "
              "sum(min(tp.found, tp.claimed_posts)) found, sum(tp.found < "
              "tp.claimed_posts) short FROM tp JOIN thread t ON t.id = tp.id "
              "WHERE tp.claimed_posts > 0 GROUP BY t.site_id) "
              "SELECT s.origin site, coalesce(f.seen, 0) urls_seen, "
              "coalesce(f.fetched, 0) urls_fetched, coalesce(f.failed, 0) "
              "urls_failed, coalesce(f.skipped, 0) urls_skipped, "
              "coalesce(f.queued, 0) urls_queued, (SELECT count(*) FROM "
              "post p JOIN thread t ON t.id = p.thread_id WHERE t.site_id = "
              "s.id) posts, coalesce(tc.claimed, 0) posts_claimed, "
              "coalesce(tc.found, 0) posts_found_of_claimed, "
              "coalesce(tc.short, 0) threads_short, (SELECT count(*) FROM "
              "page g WHERE g.site_id = s.id AND g.parse_state = 'parsed' "
              "AND g.parse_note IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "
              "post p WHERE p.page_id = g.id)) pages_without_posts FROM "
              "site s LEFT JOIN f ON f.origin = s.origin LEFT JOIN tc ON "
              "tc.site_id = s.id ORDER BY s.origin")) < 0 ||
      set(prov, "incomplete_threads",
          query_rows(
              x, "SELECT t.id thread_id, (SELECT origin FROM site WHERE id = "
                 "t.site_id) site, t.url, t.title, t.claimed_posts, "
                 "t.claimed_pages, count(p.id) posts_found, count(DISTINCT "
                 "p.page_id) pages_found FROM thread t LEFT JOIN post p ON "
                 "p.thread_id = t.id GROUP BY t.id HAVING posts_found < "
                 "t.claimed_posts OR pages_found < t.claimed_pages ORDER BY "
                 "t.claimed_posts - posts_found DESC, t.url LIMIT 50")) < 0 ||
      set(prov, "pages_without_posts",
          query_rows(
              x, "SELECT site, reason, count(*) pages, min(url) example FROM "
                 "(SELECT (SELECT origin FROM site WHERE id = g.site_id) "
                 "site, g.url, CASE WHEN g.parse_note LIKE 'js-only:%' THEN "
                 "'js-only' WHEN g.parse_note LIKE 'login-wall:%' THEN "
                 "'login-wall' WHEN g.parse_note LIKE 'soft-404:%' THEN "
                 "'soft-404' WHEN g.parse_note LIKE '% post-like blocks, 0 "
                 "posts' THEN 'post-like-blocks' END reason FROM page g "
                 "WHERE g.parse_state = 'parsed' AND g.superseded_by IS NULL "
                 "AND NOT EXISTS (SELECT 1 FROM post p WHERE p.page_id = "
                 "g.id)) WHERE reason IS NOT NULL GROUP BY site, reason "
                 "ORDER BY site, pages DESC, reason")) < 0 ||
      add_corpus_hash(x, prov) < 0)
    goto out;
  ret = 0;
out:
  return ret;
}

/* "YYYY-MM" as a month number and back. */
static int month_index(const char *s)
{
  int y, m;
  return s && sscanf(s, "%4d-%2d", &y, &m) == 2 ? y * 12 + m - 1 : -1;
}

/* Insert zero rows for the months missing between the first and last
 * row of months (sorted by "period"), so that charts show quiet months. */
static json_t *months_fill(json_t *months)
{
  json_t *out = json_array(), *row;
  size_t i;
  int next = -1;

  json_array_foreach(months, i, row)
  {
    int m = month_index(json_string_value(json_object_get(row, "period")));
    for (; next >= 0 && next < m; next++) {
      char period[16];
      snprintf(period, sizeof(period), "%04d-%02d", next / 12, next % 12 + 1);
      json_t *zero = json_object();
      json_object_set_new(zero, "period", json_string(period));
      json_object_set_new(zero, "posts", json_integer(0));
      json_object_set_new(zero, "authors", json_integer(0));
      json_object_set_new(zero, "new_authors", json_integer(0));
      json_object_set_new(zero, "returning_authors", json_integer(0));
      json_array_append_new(out, zero);
    }
    json_array_append(out, row);
    next = m + 1;
  }
  json_decref(months);
  return out;
}

/* Posts and new and returning authors per month, posts per site and
 * month, within the period. */
static int add_community(struct report_ctx *x, json_t *doc)
{
  json_t *com = json_object(), *months;

  json_object_set_new(doc, "community", com);
  months = query_rows(
      x,
      "WITH " FP
      ", first AS (SELECT author_id, min(strftime('%Y-%m', published_at, "
      "'unixepoch')) m FROM post WHERE published_at IS NOT NULL AND author_id "
      "IS NOT NULL GROUP BY author_id), pm AS (SELECT strftime('%Y-%m', "
      "published_at, 'unixepoch') period, author_id FROM fp WHERE published_at "
      "IS NOT NULL) SELECT period, count(*) posts, count(DISTINCT "
      "pm.author_id) authors, count(DISTINCT CASE WHEN f.m = period THEN "
      "pm.author_id END) new_authors, count(DISTINCT CASE WHEN f.m < period "
      "THEN pm.author_id END) returning_authors FROM pm LEFT JOIN first f ON "
      "f.author_id = pm.author_id GROUP BY period ORDER BY period");
  if (!months)
    return -1;
  json_object_set_new(com, "months", months_fill(months));
  return set(
      com, "site_months",
      query_rows(
          x,
          "WITH " FP
          " SELECT s.origin site, strftime('%Y-%m', fp.published_at, "
          "'unixepoch') period, count(*) posts FROM fp JOIN thread t ON t.id = "
          "fp.thread_id JOIN site s ON s.id = t.site_id WHERE fp.published_at "
          "IS NOT NULL GROUP BY s.id, period ORDER BY s.origin, period"));
}

/* Every metric of author id in the run, as an object. */
static json_t *author_measures(struct report_ctx *x, int64_t id)
{
  sqlite3_stmt *st =
      prepare(x, "SELECT metric, value FROM author_metric WHERE run_id = ?3 "
                 "AND author_id = ?4 ORDER BY metric");
  json_t *m;
  int rc;

  if (!st)
    return NULL;
  sqlite3_bind_int64(st, 4, id);
  m = json_object();
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    double v = sqlite3_column_double(st, 1);
    const char *name = (const char *)sqlite3_column_text(st, 0);
    if (v == floor(v) && fabs(v) < 9e15)
      json_object_set_new(m, name, json_integer((json_int_t)v));
    else
      json_object_set_new(m, name, json_real(v));
  }
  sqlite3_finalize(st);
  if (rc != SQLITE_DONE) {
    json_decref(m);
    corpus_sql_error(x->c, "reading the measures");
    return NULL;
  }
  return m;
}

/* A measure as a double (NaN when missing). */
static double measure(const json_t *m, const char *key)
{
  json_t *v = json_object_get(m, key);
  return v ? json_number_value(v) : NAN;
}

/* The leaders (top by leader score, then the brand accounts) with all
 * their measures, and the communities. */
static int add_leaders(struct report_ctx *x, json_t *doc)
{
  char sql[1024];
  json_t *leaders, *row, *coms;
  size_t i, n = x->f->leaders ? x->f->leaders : DEFAULT_LEADERS;

  snprintf(
      sql, sizeof(sql),
      "WITH " BA
      ", ranked AS (SELECT author_id, value, rank() OVER (ORDER BY value DESC) "
      "rank, row_number() OVER (ORDER BY value DESC, author_id) pos FROM "
      "author_metric WHERE run_id = ?3 AND metric = 'leader_score') SELECT "
      "a.id author_id, r.rank, a.name, s.origin site, a.profile_url, a.id IN "
      "(SELECT author_id FROM ba) brand FROM ranked r JOIN author a ON a.id = "
      "r.author_id LEFT JOIN site s ON s.id = a.site_id WHERE r.pos <= %zu OR "
      "a.id IN (SELECT author_id FROM ba) ORDER BY r.pos",
      n);
  leaders = query_rows(x, sql);
  if (set(doc, "leaders", leaders) < 0)
    return -1;
  json_array_foreach(leaders, i, row)
  {
    json_t *m = author_measures(x, get_int(row, "author_id"));
    double role, first, last;
    char buf[32];

    if (!m)
      return -1;
    json_object_set_new(row, "brand", json_boolean(get_int(row, "brand")));
    role = measure(m, "role");
    if (isfinite(role) && role >= 0 && role < CORPUS_NROLES)
      json_object_set_new(row, "role",
                          json_string(corpus_role_names[(int)role]));
    else
      json_object_set_new(row, "role", json_null());
    first = measure(m, "first_seen");
    last = measure(m, "last_seen");
    json_object_set_new(row, "first_seen",
                        first > 0 ? json_string(time_format_iso(
                                        (int64_t)first, buf, sizeof(buf)))
                                  : json_null());
    json_object_set_new(
        row, "last_seen",
        last > 0 ? json_string(time_format_iso((int64_t)last, buf, sizeof(buf)))
                 : json_null());
    json_object_set_new(row, "community",
                        isfinite(measure(m, "community"))
                            ? json_integer((json_int_t)measure(m, "community"))
                            : json_null());
    json_object_set_new(row, "measures", m);
    if (x->pseudonymized) {
      if (!json_is_true(json_object_get(row, "brand")))
        rename_author(x, row, "name", "site");
      json_object_set_new(row, "profile_url", json_null());
    }
  }
  /* Communities, labelled by their three highest-scoring members (not the
   * stored label, which holds real names). */
  coms = query_rows(x, "SELECT id, size FROM community WHERE run_id = ?3 ORDER "
                       "BY size DESC, id LIMIT 50");
  if (set(doc, "communities", coms) < 0)
    return -1;
  json_array_foreach(coms, i, row)
  {
    sqlite3_stmt *st = prepare(
        x, "WITH " BA
           " SELECT a.name, s.origin, a.id IN ba FROM community_member cm JOIN "
           "author a ON a.id = cm.author_id LEFT JOIN site s ON s.id = "
           "a.site_id LEFT JOIN author_metric m ON m.run_id = ?3 AND "
           "m.author_id = a.id AND m.metric = 'leader_score' WHERE cm.run_id = "
           "?3 AND cm.community = ?4 ORDER BY m.value DESC, a.id LIMIT 3");
    json_t *members = json_array();
    int rc;
    if (!st) {
      json_decref(members);
      return -1;
    }
    sqlite3_bind_int64(st, 4, get_int(row, "id"));
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
      const char *name = (const char *)sqlite3_column_text(st, 0);
      if (x->pseudonymized && !sqlite3_column_int(st, 2))
        name = pseudonymizer_name(
            x->names, (const char *)sqlite3_column_text(st, 1), name);
      json_array_append_new(members, text_json(name));
    }
    sqlite3_finalize(st);
    json_object_set_new(row, "top_members", members);
    if (rc != SQLITE_DONE)
      return corpus_sql_error(x->c, "reading communities");
  }
  return 0;
}

/* The relation kinds the run used, as an SQL list ("'reply','quote'"). */
static void run_kinds(const json_t *doc, char *out, size_t size)
{
  json_t *kinds = json_object_get(
      json_object_get(json_object_get(doc, "run"), "settings"), "relations");
  json_t *k;
  size_t i, len = 0;

  snprintf(out, size, "'reply','quote','mention'");
  if (!json_array_size(kinds))
    return;
  out[0] = '\0';
  json_array_foreach(kinds, i, k)
  {
    const char *s = json_string_value(k);
    /* only the four known words reach the SQL text */
    if (!s || (strcmp(s, "reply") && strcmp(s, "quote") &&
               strcmp(s, "mention") && strcmp(s, "implicit")))
      continue;
    len += (size_t)snprintf(out + len, size - len, "%s'%s'", len ? "," : "", s);
    if (len >= size)
      break;
  }
  if (!out[0])
    snprintf(out, size, "'reply','quote','mention'");
}

/* Who answered whom among the leaders within the period. */
static int add_network(struct report_ctx *x, json_t *doc)
{
  char kinds[128];
  json_t *leaders = json_object_get(doc, "leaders"), *row, *edges, *net;
  size_t i;
  struct strbuf ids = STRBUF_INIT, sql = STRBUF_INIT;
  int ret;

  run_kinds(doc, kinds, sizeof(kinds));
  json_array_foreach(leaders, i, row)
  {
    strbuf_addf(&ids, "%s%lld", i ? "," : "",
                (long long)get_int(row, "author_id"));
  }
  strbuf_addf(
      &sql,
      "WITH " FP
      " SELECT fp.author_id src, r.dst_author dst, count(*) weight FROM "
      "relation r JOIN fp ON fp.id = r.src_post WHERE r.kind IN (%s) AND "
      "fp.author_id IN (%s) AND r.dst_author IN (%s) AND fp.author_id != "
      "r.dst_author GROUP BY src, dst ORDER BY src, dst",
      kinds, ids.buf, ids.buf);
  edges = query_rows(x, sql.buf);
  strbuf_release(&ids);
  strbuf_release(&sql);
  net = json_object();
  {
    /* the kinds as words: "'reply','quote'" without the quotes */
    json_t *words = json_array();
    for (const char *p = kinds; *p;) {
      size_t len;
      p += strspn(p, "',");
      len = strcspn(p, "',");
      if (len)
        json_array_append_new(words, json_stringn(p, len));
      p += len;
    }
    json_object_set_new(net, "relations", words);
  }
  ret = set(net, "edges", edges);
  json_object_set_new(doc, "network", net);
  return ret;
}

/* The names of the authors of thread id (for pseudonymising excerpts). */
static int thread_names(struct report_ctx *x, int64_t thread, char ***names,
                        size_t *n)
{
  sqlite3_stmt *st = prepare(
      x, "WITH " BA " SELECT DISTINCT a.name FROM post p JOIN author a ON a.id "
         "= p.author_id WHERE p.thread_id = ?4 AND a.id NOT IN ba");
  size_t alloc = 0;
  int rc;

  *names = NULL;
  *n = 0;
  if (!st)
    return -1;
  sqlite3_bind_int64(st, 4, thread);
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    xgrow((void **)names, sizeof(**names), *n + 1, &alloc);
    (*names)[(*n)++] = xstrdup((const char *)sqlite3_column_text(st, 0));
  }
  sqlite3_finalize(st);
  return rc == SQLITE_DONE ? 0 : corpus_sql_error(x->c, "reading names");
}

/* Text of key in obj as the report shows it: shortened to max characters
 * (0: whole), with the thread's names pseudonymised. */
static int rewrite_text(struct report_ctx *x, json_t *obj, const char *key,
                        const char *origin, int64_t thread, size_t max)
{
  const char *text = json_string_value(json_object_get(obj, key));
  char **names = NULL, *clean = NULL, *out;
  size_t n = 0;

  if (!text)
    return 0;
  if (x->pseudonymized) {
    if (thread_names(x, thread, &names, &n) < 0)
      return -1;
    clean = pseudonymizer_text(x->names, origin, text,
                               (const char *const *)names, n);
    for (size_t i = 0; i < n; i++)
      free(names[i]);
    free(names);
  }
  out = max ? excerpt_make(clean ? clean : text, max)
            : xstrdup(clean ? clean : text);
  json_object_set_new(obj, key, text_json(out));
  free(out);
  free(clean);
  return 0;
}

/* Every author name of the corpus's leaders and brand-free authors, for
 * pseudonymising topic terms: names in terms are replaced too. */
static int rewrite_terms(struct report_ctx *x, json_t *topic)
{
  sqlite3_stmt *st;
  json_t *terms = json_object_get(topic, "terms"), *t;
  size_t i;
  int rc;

  if (!x->pseudonymized)
    return 0;
  st = prepare(
      x, "WITH " BA
         " SELECT s.origin FROM author a LEFT JOIN site s ON s.id = a.site_id "
         "WHERE lower(a.name) = lower(?4) AND a.id NOT IN ba LIMIT 1");
  if (!st)
    return -1;
  for (i = 0; i <= json_array_size(terms); i++) {
    json_t *holder = i < json_array_size(terms)
                         ? json_array_get(terms, i)
                         : json_object_get(topic, "label");
    const char *word = json_string_value(holder);
    struct strbuf sb = STRBUF_INIT;
    const char *p = word;
    if (!word)
      continue;
    /* labels are terms joined by spaces: look at each word */
    while (*p) {
      size_t len = strcspn(p, " ");
      char *w = xstrndup(p, len);
      sqlite3_reset(st);
      sqlite3_bind_text(st, 4, w, -1, SQLITE_TRANSIENT);
      rc = sqlite3_step(st);
      if (rc == SQLITE_ROW)
        strbuf_addstr(
            &sb, pseudonymizer_name(
                     x->names, (const char *)sqlite3_column_text(st, 0), w));
      else
        strbuf_addstr(&sb, w);
      free(w);
      p += len;
      if (*p == ' ') {
        strbuf_addch(&sb, ' ');
        p++;
      }
    }
    t = text_json(sb.buf);
    if (i < json_array_size(terms))
      json_array_set_new(terms, i, t);
    else
      json_object_set_new(topic, "label", t);
    strbuf_release(&sb);
  }
  sqlite3_finalize(st);
  return 0;
}

/* Move the rows of all (each with a "topic" member) that belong to
 * topic id into a new array under key of topic, without "topic". */
static json_t *take_rows(json_t *all, int64_t id, json_t *topic,
                         const char *key)
{
  json_t *arr = json_array(), *row;
  size_t i;

  json_array_foreach(all, i, row)
  {
    if (get_int(row, "topic") == id) {
      json_object_del(row, "topic");
      json_array_append(arr, row);
    }
  }
  json_object_set_new(topic, key, arr);
  return arr;
}

/* One topic's series, and its excerpts and voices taken from the rows
 * read for all topics at once. */
static int topic_details(struct report_ctx *x, json_t *topic, json_t *excerpts,
                         json_t *voices, json_t *counts)
{
  char series[32];
  sqlite3_stmt *st;
  json_t *arr, *row;
  size_t i;
  int64_t id = get_int(topic, "id");

  snprintf(series, sizeof(series), "topic:%lld", (long long)id);
  st = prepare(x, "SELECT period, value posts FROM timeline WHERE run_id = ?3 "
                  "AND series = ?4 ORDER BY period");
  if (!st)
    return -1;
  sqlite3_bind_text(st, 4, series, -1, SQLITE_TRANSIENT);
  arr = json_array();
  json_object_set_new(topic, "series", arr);
  if (rows_append(x, st, arr) < 0) {
    sqlite3_finalize(st);
    return -1;
  }
  sqlite3_finalize(st);
  json_array_foreach(arr, i, row)
  {
    double v = json_number_value(json_object_get(row, "posts"));
    json_object_set_new(row, "posts", json_integer((json_int_t)v));
  }

  json_object_set_new(topic, "posts_in_period", json_integer(0));
  json_array_foreach(counts, i, row)
  {
    if (get_int(row, "topic") == id)
      json_object_set(topic, "posts_in_period", json_object_get(row, "n"));
  }

  arr = take_rows(excerpts, id, topic, "excerpts");
  json_array_foreach(arr, i, row)
  {
    const char *origin = json_string_value(json_object_get(row, "site"));
    int64_t thread = get_int(row, "thread_id");
    size_t max =
        x->f->excerpt_chars ? x->f->excerpt_chars : DEFAULT_EXCERPT_CHARS;
    if (rewrite_text(x, row, "text", origin, thread, max) < 0 ||
        rewrite_text(x, row, "thread_title", origin, thread, 0) < 0)
      return -1;
    rename_author(x, row, "author", "site");
    json_object_del(row, "thread_id");
    json_object_del(row, "rn");
    if (x->pseudonymized)
      json_object_set_new(row, "permalink", json_null());
  }

  arr = take_rows(voices, id, topic, "voices");
  json_array_foreach(arr, i, row)
  {
    if (!get_int(row, "brand"))
      rename_author(x, row, "name", "site");
    json_object_set_new(row, "brand", json_boolean(get_int(row, "brand")));
    json_object_del(row, "rn");
  }
  return rewrite_terms(x, topic);
}

/* The topics of the run.  Excerpts (the posts closest to each topic),
 * voices and counts within the period are read for all topics in one
 * pass each: post_topic is keyed by run and post, not by topic. */
static int add_topics(struct report_ctx *x, json_t *doc)
{
  json_t *topics, *t, *excerpts = NULL, *voices = NULL, *counts = NULL;
  size_t i;
  int ret = -1;

  topics = query_rows(
      x, "SELECT id, label, terms terms_json, size, trend, trend_low, "
         "trend_high FROM topic WHERE run_id = ?3 ORDER BY size DESC, id");
  if (set(doc, "topics", topics) < 0)
    return -1;
  if (!json_array_size(topics))
    return 0;
  excerpts = query_rows(
      x,
      "WITH " FP
      " SELECT * FROM (SELECT pt.topic, p.uid, p.permalink, a.name author, "
      "s.origin site, t.id thread_id, t.title thread_title, t.url thread_url, "
      "p.published_at published_at_iso, p.text, row_number() OVER (PARTITION "
      "BY pt.topic ORDER BY pt.weight DESC, p.id) rn FROM post_topic pt JOIN "
      "fp p ON p.id = pt.post_id JOIN thread t ON t.id = p.thread_id LEFT JOIN "
      "author a ON a.id = p.author_id LEFT JOIN site s ON s.id = t.site_id "
      "WHERE pt.run_id = ?3) WHERE rn <= 3 ORDER BY topic, rn");
  voices = query_rows(
      x, "WITH " FP ", " BA
         " SELECT * FROM (SELECT pt.topic, a.name, s.origin site, a.id IN ba "
         "brand, count(*) posts, row_number() OVER (PARTITION BY pt.topic "
         "ORDER BY count(*) DESC, a.id) rn FROM post_topic pt JOIN fp p ON "
         "p.id = pt.post_id JOIN author a ON a.id = p.author_id LEFT JOIN site "
         "s ON s.id = a.site_id WHERE pt.run_id = ?3 GROUP BY pt.topic, a.id) "
         "WHERE rn <= 5 ORDER BY topic, rn");
  counts = query_rows(
      x,
      "WITH " FP " SELECT pt.topic, count(*) n FROM post_topic pt JOIN fp ON "
      "fp.id = pt.post_id WHERE pt.run_id = ?3 GROUP BY pt.topic");
  if (!excerpts || !voices || !counts)
    goto out;
  json_array_foreach(topics, i, t)
  {
    if (topic_details(x, t, excerpts, voices, counts) < 0)
      goto out;
  }
  ret = 0;
out:
  json_decref(excerpts);
  json_decref(voices);
  json_decref(counts);
  return ret;
}

static int cmp_double(const void *a, const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

/* The brand accounts: replies given, median response time, and the
 * threads where the brand was asked and has not answered. */
static int add_brand(struct report_ctx *x, json_t *doc)
{
  char kinds[128], sql[2048];
  json_t *brand = json_object(), *accounts, *row;
  size_t i;

  json_object_set_new(doc, "brand", brand);
  run_kinds(doc, kinds, sizeof(kinds));
  snprintf(
      sql, sizeof(sql),
      "WITH " FP ", " BA
      " SELECT a.id author_id, a.name, (SELECT count(*) FROM relation r JOIN "
      "fp ON fp.id = r.src_post  WHERE fp.author_id = a.id AND r.kind IN (%s)  "
      "AND r.dst_author IS NOT NULL AND r.dst_author != a.id) replies_given, "
      "(SELECT count(DISTINCT r.dst_author) FROM relation r  JOIN fp ON fp.id "
      "= r.src_post WHERE fp.author_id = a.id  AND r.kind IN (%s) AND "
      "r.dst_author != a.id) authors_answered, (SELECT count(DISTINCT "
      "thread_id) FROM fp  WHERE fp.author_id = a.id) threads, (SELECT "
      "count(*) FROM fp WHERE fp.author_id = a.id) posts FROM author a WHERE "
      "a.id IN ba ORDER BY a.name, a.id",
      kinds, kinds);
  accounts = query_rows(x, sql);
  if (set(brand, "accounts", accounts) < 0)
    return -1;
  json_array_foreach(accounts, i, row)
  {
    /* response time: from the answered post to the brand's answer */
    sqlite3_stmt *st;
    double *v = NULL;
    size_t n = 0, alloc = 0;
    int rc;

    snprintf(sql, sizeof(sql),
             "WITH " FP ", " BA
             " SELECT min(fp.published_at - d.published_at) FROM relation r "
             "JOIN fp ON fp.id = r.src_post JOIN post d ON d.id = r.dst_post "
             "WHERE fp.author_id = ?4 AND r.kind IN (%s) AND d.author_id NOT "
             "IN ba AND fp.published_at >= d.published_at GROUP BY d.id",
             kinds);
    if (!(st = prepare(x, sql)))
      return -1;
    sqlite3_bind_int64(st, 4, get_int(row, "author_id"));
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
      xgrow((void **)&v, sizeof(*v), n + 1, &alloc);
      v[n++] = sqlite3_column_double(st, 0);
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
      free(v);
      return corpus_sql_error(x->c, "reading response times");
    }
    if (n)
      qsort(v, n, sizeof(*v), cmp_double);
    json_object_set_new(row, "responses", json_integer((json_int_t)n));
    json_object_set_new(
        row, "response_median_seconds",
        n ? json_real(n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2)
          : json_null());
    free(v);
  }
  /* A post asks the brand when it addresses a brand account (a relation
   * to it, or its name in the text) or follows a brand post in a thread
   * the brand takes part in; it is unanswered when no brand post in the
   * thread is later. */
  return set(
      brand, "unanswered_threads",
      query_rows(
          x,
          "WITH " FP ", " BA
          ", bt AS (SELECT thread_id, max(published_at) last_brand  FROM post "
          "WHERE author_id IN ba GROUP BY thread_id), asks AS (SELECT fp.id, "
          "fp.thread_id, fp.published_at,  fp.permalink FROM fp LEFT JOIN bt "
          "ON bt.thread_id = fp.thread_id  WHERE fp.author_id NOT IN ba AND "
          "fp.published_at IS NOT NULL  AND (bt.thread_id IS NOT NULL   OR "
          "fp.id IN (SELECT src_post FROM relation    WHERE dst_author IN ba)  "
          " OR EXISTS (SELECT 1 FROM author b WHERE b.id IN ba    AND "
          "instr(lower(fp.text), lower(b.name)) > 0))  AND (bt.last_brand IS "
          "NULL OR fp.published_at > bt.last_brand)) SELECT t.id thread_id, "
          "(SELECT origin FROM site WHERE id = t.site_id) site, t.url, "
          "t.title, count(*) posts_waiting, strftime('%Y-%m-%dT%H:%M:%SZ', "
          "min(asks.published_at), 'unixepoch') waiting_since, bt.thread_id IS "
          "NOT NULL brand_in_thread FROM asks JOIN thread t ON t.id = "
          "asks.thread_id LEFT JOIN bt ON bt.thread_id = t.id GROUP BY t.id "
          "ORDER BY min(asks.published_at), t.url LIMIT 50"));
}

/* The brand section's last touches: booleans, no internal ids. */
static int finish_brand(struct report_ctx *x, json_t *doc)
{
  json_t *list = json_object_get(json_object_get(doc, "brand"),
                                 "unanswered_threads"),
         *row;
  size_t i;

  (void)x; /* every part has the same signature */
  json_array_foreach(list, i, row)
  {
    json_object_set_new(row, "brand_in_thread",
                        json_boolean(get_int(row, "brand_in_thread")));
  }
  list = json_object_get(json_object_get(doc, "brand"), "accounts");
  json_array_foreach(list, i, row) { json_object_del(row, "author_id"); }
  return 0;
}

/* Thread titles in lists (each row with thread_id and site) as the
 * report shows them: with the thread's names pseudonymised. */
static int finish_titles(struct report_ctx *x, json_t *list)
{
  json_t *row;
  size_t i;

  json_array_foreach(list, i, row)
  {
    if (x->pseudonymized &&
        rewrite_text(x, row, "title",
                     json_string_value(json_object_get(row, "site")),
                     get_int(row, "thread_id"), 0) < 0)
      return -1;
    json_object_del(row, "thread_id");
    json_object_del(row, "site");
  }
  return 0;
}

/* The titles of incomplete and unanswered threads. */
static int add_titles(struct report_ctx *x, json_t *doc)
{
  if (finish_titles(x, json_object_get(json_object_get(doc, "provenance"),
                                       "incomplete_threads")) < 0)
    return -1;
  return finish_titles(
      x, json_object_get(json_object_get(doc, "brand"), "unanswered_threads"));
}

/* Author ids are internal to the corpus: leaders get their index in the
 * list, and network edges name leaders by that index. */
static void leaders_to_indexes(json_t *doc)
{
  json_t *leaders = json_object_get(doc, "leaders"), *row, *e;
  json_t *edges = json_object_get(json_object_get(doc, "network"), "edges");
  size_t i, k;

  json_array_foreach(edges, k, e)
  {
    for (int end = 0; end < 2; end++) {
      const char *key = end ? "dst" : "src";
      int64_t id = get_int(e, key);
      json_array_foreach(leaders, i, row)
      {
        if (get_int(row, "author_id") == id) {
          json_object_set_new(e, key, json_integer((json_int_t)i));
          break;
        }
      }
    }
  }
  json_array_foreach(leaders, i, row)
  {
    json_object_set_new(row, "index", json_integer((json_int_t)i));
    json_object_del(row, "author_id");
  }
}

int corpus_report_data(struct corpus *c, const struct corpus_report_filter *f,
                       struct pseudonymizer *names, json_t **out)
{
  struct report_ctx x = {c, f, names, 0, 0};
  json_t *doc = json_object(), *filter = json_object();
  char buf[32];
  int ret = -1;

  *out = NULL;
  x.pseudonymized = pseudonymizer_mode(names) != PSEUDONYM_OFF;
  if (corpus_exec(c, "BEGIN") < 0) { /* one consistent snapshot */
    json_decref(filter);
    json_decref(doc);
    return -1;
  }
  if (latest_run(&x) < 0)
    goto out;
  if (!x.run_id) {
    ret = 1;
    goto out;
  }
  json_object_set_new(doc, "format", json_string("netno-report/1"));
  json_object_set_new(
      filter, "since",
      f->since ? json_string(time_format_iso(f->since, buf, sizeof(buf)))
               : json_null());
  json_object_set_new(
      filter, "until",
      f->until ? json_string(time_format_iso(f->until, buf, sizeof(buf)))
               : json_null());
  json_object_set_new(doc, "period", filter);
  filter = NULL;
  json_object_set_new(
      doc, "pseudonymized",
      json_string(pseudonymizer_mode(names) == PSEUDONYM_NAMES    ? "names"
                  : pseudonymizer_mode(names) == PSEUDONYM_REDACT ? "redacted"
                                                                  : "no"));
  {
    static const struct {
      const char *name;
      int (*add)(struct report_ctx *, json_t *);
    } parts[] = {{"run", add_run},
                 {"scope", add_scope},
                 {"provenance", add_provenance},
                 {"community", add_community},
                 {"leaders", add_leaders},
                 {"network", add_network},
                 {"topics", add_topics},
                 {"brand", add_brand},
                 {"brand threads", finish_brand},
                 {"titles", add_titles}};
    struct timespec t0, t1;
    for (size_t i = 0; i < ARRAY_SIZE(parts); i++) {
      clock_gettime(CLOCK_MONOTONIC, &t0);
      if (parts[i].add(&x, doc) < 0)
        goto out;
      clock_gettime(CLOCK_MONOTONIC, &t1);
      verbose("report: %s in %.2f s", parts[i].name,
              (double)(t1.tv_sec - t0.tv_sec) +
                  (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
    }
  }
  leaders_to_indexes(doc);
  *out = doc;
  doc = NULL;
  ret = 0;
out:
  corpus_exec(c, "ROLLBACK");
  json_decref(filter);
  json_decref(doc);
  return ret;
}
