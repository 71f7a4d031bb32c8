/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The CSV exports: posts-csv, authors-csv, edges-csv and netlytic-csv.
 *
 * RFC 4180: CRLF line ends, a header row, fields holding the delimiter,
 * a double quote, CR or LF quoted with their quotes doubled.  The
 * delimiter may be ';' (spreadsheets set to a European locale) and a
 * UTF-8 byte order mark may come first (so that Excel reads UTF-8).
 */
#include "corpus/export.h"
#include "corpus/internal.h"
#include "util/util.h"

#include <inttypes.h>
#include <string.h>
#include <time.h>
#include <utf8proc.h>

/* Netlytic's description: the first characters of the post. */
#define EXCERPT_CHARS 200

struct csv {
  FILE *out;
  char delim;
  int col; /* fields written on this line */
};

static void csv_begin(struct csv *w, const struct export_opts *o, FILE *out)
{
  w->out = out;
  w->delim = o->delimiter ? o->delimiter : ',';
  w->col = 0;
  if (o->bom)
    fputs("\xef\xbb\xbf", out);
}

/* One field; NULL is an empty field. */
static void csv_field(struct csv *w, const char *s)
{
  char special[] = {w->delim, '"', '\r', '\n', '\0'};

  if (w->col++)
    putc(w->delim, w->out);
  if (!s)
    return;
  if (!s[strcspn(s, special)]) {
    fputs(s, w->out);
    return;
  }
  putc('"', w->out);
  for (; *s; s++) {
    if (*s == '"')
      putc('"', w->out);
    putc(*s, w->out);
  }
  putc('"', w->out);
}

static void csv_int(struct csv *w, int64_t v)
{
  char buf[24];
  snprintf(buf, sizeof(buf), "%" PRId64, v);
  csv_field(w, buf);
}

static void csv_end(struct csv *w)
{
  fputs("\r\n", w->out);
  w->col = 0;
}

static void csv_header(struct csv *w, const char *const *names, size_t n)
{
  for (size_t i = 0; i < n; i++)
    csv_field(w, names[i]);
}

/* "YYYY-MM-DD HH:MM:SS" in UTC, as 4CAT and Netlytic read times. */
static char *format_datetime(int64_t t, char *buf, size_t size)
{
  time_t tt = (time_t)t;
  struct tm tm;

  if (!gmtime_r(&tt, &tm) || !strftime(buf, size, "%Y-%m-%d %H:%M:%S", &tm))
    buf[0] = '\0';
  return buf;
}

/* ---- posts-csv --------------------------------------------------------- */

int export_posts_csv(struct corpus *c, const struct export_opts *o, FILE *out)
{
  static const char *const head[] = {
      "id",  "thread_id",    "author",    "body", "timestamp", "unix_timestamp",
      "url", "thread_title", "parent_id", "site", "lang",      "topic"};
  struct export_posts *it = export_posts_open(c, o);
  struct export_post p;
  struct csv w;
  int rc;

  if (!it)
    return -1;
  csv_begin(&w, o, out);
  csv_header(&w, head, ARRAY_SIZE(head));
  csv_end(&w);
  while ((rc = export_posts_next(it, &p)) > 0) {
    char when[32] = "";
    csv_field(&w, p.uid);
    csv_field(&w, p.thread_url);
    csv_field(&w, p.author);
    csv_field(&w, p.text);
    csv_field(&w, p.has_published
                      ? format_datetime(p.published_at, when, sizeof(when))
                      : NULL);
    if (p.has_published)
      csv_int(&w, p.published_at);
    else
      csv_field(&w, NULL);
    csv_field(&w, p.permalink);
    csv_field(&w, p.thread_title);
    csv_field(&w, p.parent_uid);
    csv_field(&w, p.host);
    csv_field(&w, p.lang);
    if (p.has_topic)
      csv_int(&w, p.topic);
    else
      csv_field(&w, NULL);
    csv_end(&w);
  }
  export_posts_free(it);
  return rc;
}

/* ---- authors-csv ------------------------------------------------------- */

int export_authors_csv(struct corpus *c, const struct export_opts *o, FILE *out)
{
  static const char *const head[] = {"author", "site", "profile_url"};
  struct export_authors *it = export_authors_open(c, o);
  struct export_author a;
  const char *const *metric;
  size_t nmetric;
  struct csv w;
  int rc;

  if (!it)
    return -1;
  nmetric = export_authors_metrics(it, &metric);
  csv_begin(&w, o, out);
  csv_header(&w, head, ARRAY_SIZE(head));
  csv_header(&w, metric, nmetric);
  csv_field(&w, "community");
  csv_field(&w, "role");
  csv_end(&w);
  while ((rc = export_authors_next(it, &a)) > 0) {
    char num[32];
    csv_field(&w, a.name);
    csv_field(&w, a.host);
    csv_field(&w, a.profile_url);
    for (size_t k = 0; k < nmetric; k++)
      csv_field(&w, export_format_double(a.values[k], num, sizeof(num)));
    if (a.has_community)
      csv_int(&w, a.community);
    else
      csv_field(&w, NULL);
    csv_field(&w, a.role);
    csv_end(&w);
  }
  export_authors_free(it);
  return rc;
}

/* ---- edges-csv --------------------------------------------------------- */

int export_edges_csv(struct corpus *c, const struct export_opts *o, FILE *out)
{
  static const char *const head[] = {"source", "target", "weight", "kind"};
  struct export_edges *it = export_edges_open(c, o, 1);
  struct export_edge e;
  struct csv w;
  int rc;

  if (!it)
    return -1;
  csv_begin(&w, o, out);
  csv_header(&w, head, ARRAY_SIZE(head));
  csv_end(&w);
  while ((rc = export_edges_next(it, &e)) > 0) {
    csv_field(&w, e.src_name);
    csv_field(&w, e.dst_name);
    csv_int(&w, e.weight);
    csv_field(&w, e.kind);
    csv_end(&w);
  }
  export_edges_free(it);
  return rc;
}

/* ---- netlytic-csv ------------------------------------------------------ */

/* The first EXCERPT_CHARS characters of text with runs of white space
 * as one space, and "..." when cut. */
static void excerpt_make(const char *text, struct strbuf *sb)
{
  const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)text;
  utf8proc_ssize_t len = (utf8proc_ssize_t)strlen(text), i = 0;
  int chars = 0, space = 0;

  strbuf_reset(sb);
  while (i < len && (p[i] == ' ' || (p[i] >= '\t' && p[i] <= '\r')))
    i++;
  while (i < len) {
    utf8proc_int32_t cp;
    utf8proc_ssize_t n = utf8proc_iterate(p + i, len - i, &cp);
    if (n < 1)
      n = 1;
    if (n == 1 && (p[i] == ' ' || (p[i] >= '\t' && p[i] <= '\r'))) {
      space = 1;
      i++;
      continue;
    }
    if (chars + space >= EXCERPT_CHARS) {
      strbuf_addstr(sb, "...");
      return;
    }
    if (space) {
      strbuf_addch(sb, ' ');
      chars++;
      space = 0;
    }
    strbuf_add(sb, p + i, (size_t)n);
    chars++;
    i += n;
  }
}

int export_netlytic_csv(struct corpus *c, const struct export_opts *o,
                        FILE *out)
{
  static const char *const head[] = {"author", "to", "description", "pubdate"};
  struct export_posts *it = export_posts_open(c, o);
  struct strbuf excerpt = STRBUF_INIT;
  sqlite3_stmt *rel;
  struct export_post p;
  struct csv w;
  int rc = -1;

  if (!it)
    return -1;
  /* A relation's target: the resolved author, else the name as found. */
  rel = corpus_prepare(
      c, "SELECT coalesce(da.name, r.dst_name), coalesce(ds.origin, ?2) "
         "FROM relation r LEFT JOIN author da ON da.id = r.dst_author "
         "LEFT JOIN site ds ON ds.id = da.site_id WHERE r.src_post = ?1 "
         "ORDER BY r.id");
  if (!rel)
    goto out;
  csv_begin(&w, o, out);
  csv_header(&w, head, ARRAY_SIZE(head));
  csv_end(&w);
  while ((rc = export_posts_next(it, &p)) > 0) {
    char when[32] = "";
    int got = 0;
    sqlite3_reset(rel);
    sqlite3_bind_int64(rel, 1, p.id);
    corpus_bind_text(rel, 2, p.origin);
    while ((rc = sqlite3_step(rel)) == SQLITE_ROW) {
      if (!got++) {
        excerpt_make(p.text ? p.text : "", &excerpt);
        if (p.has_published)
          format_datetime(p.published_at, when, sizeof(when));
      }
      csv_field(&w, p.author);
      csv_field(&w, pseudonymizer_name(
                        o->names, (const char *)sqlite3_column_text(rel, 1),
                        (const char *)sqlite3_column_text(rel, 0)));
      csv_field(&w, excerpt.buf);
      csv_field(&w, when);
      csv_end(&w);
    }
    if (rc != SQLITE_DONE) {
      rc = corpus_sql_error(c, "reading relations");
      goto out;
    }
  }
out:
  sqlite3_finalize(rel);
  strbuf_release(&excerpt);
  export_posts_free(it);
  return rc < 0 ? -1 : 0;
}
