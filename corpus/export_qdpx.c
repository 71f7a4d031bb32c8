/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The qdpx export: a REFI-QDA project (QDA-XML 1.0, namespace
 * urn:QDA-XML:project:1.0) for NVivo, MAXQDA, ATLAS.ti and QualCoder.
 * A .qdpx is a zip holding project.qde and sources/<guid>.txt:
 *
 *   - one plain-text source per thread: its title and URL, then its
 *     posts (within the export's filters) in thread order, each headed
 *     by "author (date)" and a blank line apart;
 *   - one PlainTextSelection per post covering its heading and text,
 *     positions in Unicode code points from 0, end exclusive (the text
 *     is text[start:end], as QualCoder reads them);
 *   - the topics of the latest stats run as Codes, and a Coding on every
 *     post the run assigned to a topic;
 *   - every author with a post in the export as a Case, with the
 *     measures of the latest stats run as Float Variables and a
 *     SelectionRef to each of their posts.
 *
 * Names and text go through the export's pseudonymizer.  GUIDs are
 * name-based UUIDs of corpus row ids (never of names, which a hash would
 * give away), so the same corpus exports the same project every time;
 * the zip entries carry a fixed date (1980-01-01) for the same reason.
 * The zip is written with zlib (deflate, no zip64: at most 65534
 * threads and 4 GiB); each entry is compressed in memory before it is
 * written, so the output may be a pipe.
 */
#include "corpus/export.h"
#include "corpus/export_archive.h"
#include "corpus/internal.h"
#include "util/util.h"

#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

/* ---- a small zip writer ------------------------------------------------ */

struct zip_out {
  FILE *f;
  const char *path; /* for messages */
  uint64_t offset;  /* bytes written so far */
  struct strbuf central;
  unsigned entries;
};

static void put_le16(struct strbuf *sb, unsigned v)
{
  strbuf_addch(sb, (int)(v & 0xff));
  strbuf_addch(sb, (int)((v >> 8) & 0xff));
}

static void put_le32(struct strbuf *sb, uint32_t v)
{
  put_le16(sb, v & 0xffff);
  put_le16(sb, v >> 16);
}

/* 1980-01-01 00:00 in MS-DOS format: the earliest a zip can say. */
#define ZIP_DOS_DATE 0x0021
#define ZIP_DOS_TIME 0x0000
#define ZIP_UTF8_NAMES 0x0800

static int zip_write(struct zip_out *z, const void *data, size_t len)
{
  if (len && fwrite(data, 1, len, z->f) != len)
    return error("cannot write '%s': %s", z->path,
                 strerror(errno ? errno : EIO));
  z->offset += len;
  return 0;
}

/* Add one file: deflated (raw, as zip wants it) in memory, then its
 * local header and data; the central directory entry is kept for
 * zip_finish(). */
static int zip_add(struct zip_out *z, const char *name, const void *data,
                   size_t len)
{
  struct strbuf head = STRBUF_INIT;
  z_stream zs;
  unsigned char *out = NULL;
  uLong bound, crc;
  size_t clen;
  int ret = -1;

  if (len > 0xfffffffeu || z->offset > 0xfffffffeu || z->entries >= 65534)
    return error("cannot write '%s': too large for a zip without zip64",
                 z->path);
  memset(&zs, 0, sizeof(zs));
  if (deflateInit2(&zs, 6, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    return error("cannot start compressing '%s'", name);
  bound = deflateBound(&zs, (uLong)len);
  out = xmalloc(bound);
  zs.next_in = (Bytef *)data;
  zs.avail_in = (uInt)len;
  zs.next_out = out;
  zs.avail_out = (uInt)bound;
  if (deflate(&zs, Z_FINISH) != Z_STREAM_END) {
    error("cannot compress '%s'", name);
    goto out;
  }
  clen = (size_t)zs.total_out;
  crc = crc32(crc32(0L, Z_NULL, 0), data, (uInt)len);

  put_le32(&head, 0x04034b50);
  put_le16(&head, 20); /* version needed: 2.0, deflate */
  put_le16(&head, ZIP_UTF8_NAMES);
  put_le16(&head, 8); /* deflate */
  put_le16(&head, ZIP_DOS_TIME);
  put_le16(&head, ZIP_DOS_DATE);
  put_le32(&head, (uint32_t)crc);
  put_le32(&head, (uint32_t)clen);
  put_le32(&head, (uint32_t)len);
  put_le16(&head, (unsigned)strlen(name));
  put_le16(&head, 0); /* no extra field */
  strbuf_addstr(&head, name);

  put_le32(&z->central, 0x02014b50);
  put_le16(&z->central, 3 << 8 | 20); /* made by: Unix, 2.0 */
  put_le16(&z->central, 20);
  put_le16(&z->central, ZIP_UTF8_NAMES);
  put_le16(&z->central, 8);
  put_le16(&z->central, ZIP_DOS_TIME);
  put_le16(&z->central, ZIP_DOS_DATE);
  put_le32(&z->central, (uint32_t)crc);
  put_le32(&z->central, (uint32_t)clen);
  put_le32(&z->central, (uint32_t)len);
  put_le16(&z->central, (unsigned)strlen(name));
  put_le16(&z->central, 0); /* extra */
  put_le16(&z->central, 0); /* comment */
  put_le16(&z->central, 0); /* disk */
  put_le16(&z->central, 0); /* internal attributes */
  put_le32(&z->central, (uint32_t)0100644 << 16); /* a regular file */
  put_le32(&z->central, (uint32_t)z->offset);
  strbuf_addstr(&z->central, name);
  z->entries++;

  if (zip_write(z, head.buf, head.len) < 0 || zip_write(z, out, clen) < 0)
    goto out;
  ret = 0;
out:
  deflateEnd(&zs);
  free(out);
  strbuf_release(&head);
  return ret;
}

/* The central directory and its end record. */
static int zip_finish(struct zip_out *z)
{
  struct strbuf end = STRBUF_INIT;
  uint64_t start = z->offset;
  int ret;

  if (z->offset + z->central.len > 0xfffffffeu)
    return error("cannot write '%s': too large for a zip without zip64",
                 z->path);
  put_le32(&end, 0x06054b50);
  put_le16(&end, 0);
  put_le16(&end, 0);
  put_le16(&end, z->entries);
  put_le16(&end, z->entries);
  put_le32(&end, (uint32_t)z->central.len);
  put_le32(&end, (uint32_t)start);
  put_le16(&end, 0); /* no comment */
  ret = zip_write(z, z->central.buf, z->central.len) < 0 ||
                zip_write(z, end.buf, end.len) < 0
            ? -1
            : 0;
  strbuf_release(&end);
  return ret;
}

/* ---- XML and text helpers ---------------------------------------------- */

/* Append s escaped for XML text and attribute values; characters XML 1.0
 * forbids (C0 controls but tab, newline, carriage return) are left
 * out. */
static void xml_add(struct strbuf *sb, const char *s)
{
  for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p;
       p++) {
    switch (*p) {
    case '&':
      strbuf_addstr(sb, "&amp;");
      break;
    case '<':
      strbuf_addstr(sb, "&lt;");
      break;
    case '>':
      strbuf_addstr(sb, "&gt;");
      break;
    case '"':
      strbuf_addstr(sb, "&quot;");
      break;
    case '\t':
    case '\n':
    case '\r':
      /* In attributes a literal newline would be normalised away. */
      strbuf_addf(sb, "&#%d;", *p);
      break;
    default:
      if (*p >= 0x20 && *p != 0x7f)
        strbuf_addch(sb, *p);
    }
  }
}

/* Unicode code points in s[0..len): the bytes that do not continue a
 * UTF-8 sequence. */
static size_t code_points(const char *s, size_t len)
{
  size_t n = 0;

  for (size_t i = 0; i < len; i++)
    n += ((unsigned char)s[i] & 0xc0) != 0x80;
  return n;
}

/* Append text to a source, leaving out what XML could not carry either
 * (tools show sources and selections side by side). */
static void text_add(struct strbuf *sb, const char *s)
{
  for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p;
       p++)
    if (*p >= 0x20 || *p == '\t' || *p == '\n')
      strbuf_addch(sb, *p);
}

static void guid_of(char out[EXPORT_UUID_MAX], const char *kind, int64_t a,
                    int64_t b)
{
  char name[96];

  snprintf(name, sizeof(name), "urn:netno:qdpx:%s:%lld:%lld", kind,
           (long long)a, (long long)b);
  export_uuid_of(name, out);
}

/* A decimal for xsd:decimal: no exponent, trailing zeros dropped. */
static void decimal_add(struct strbuf *sb, double v)
{
  char buf[64];
  size_t n;

  snprintf(buf, sizeof(buf), "%.10f", v);
  n = strlen(buf);
  while (n > 1 && buf[n - 1] == '0' && buf[n - 2] != '.')
    n--;
  strbuf_add(sb, buf, n);
}

static const char *col_text(sqlite3_stmt *st, int i)
{
  return (const char *)sqlite3_column_text(st, i);
}

/* ---- the project ---------------------------------------------------------- */

/* Posts in the export: those of threads on the chosen site published
 * in the time bounds (?1 host, ?2 since, ?3 until); a is the author, sa
 * the author's site. */
#define FILTERED_POSTS                                                       \
  "post p JOIN thread t ON t.id = p.thread_id "                              \
  "LEFT JOIN site s ON s.id = t.site_id "                                    \
  "LEFT JOIN author a ON a.id = p.author_id "                                \
  "LEFT JOIN site sa ON sa.id = a.site_id "                                  \
  "WHERE (?1 IS NULL OR s.host = ?1 COLLATE NOCASE) "                        \
  "AND (?2 = 0 OR p.published_at >= ?2) "                                    \
  "AND (?3 = 0 OR p.published_at < ?3)"

struct qdpx {
  struct corpus *c;
  const struct export_opts *o;
  struct zip_out zip;
  int64_t run; /* latest stats run, 0: none */
  struct strbuf sources; /* <Sources> children */
};

static sqlite3_stmt *prepare_filtered(struct qdpx *q, const char *sql)
{
  sqlite3_stmt *st = corpus_prepare(q->c, sql);

  if (st) {
    corpus_bind_text(st, 1, q->o->site && *q->o->site ? q->o->site : NULL);
    sqlite3_bind_int64(st, 2, q->o->since);
    sqlite3_bind_int64(st, 3, q->o->until);
  }
  return st;
}

/* The last sqlite3_step() result of a loop: 0 when it ran to the end,
 * else -1 (reported). */
static int step_done(struct qdpx *q, int rc, const char *what)
{
  if (rc != SQLITE_DONE)
    return corpus_sql_error(q->c, what);
  return 0;
}

/* The names a thread's text may mention: its authors and the names its
 * posts quote or mention.  Caller frees each and the array. */
static int thread_names(struct qdpx *q, int64_t thread, char ***names,
                        size_t *n)
{
  sqlite3_stmt *st = corpus_prepare(
      q->c, "SELECT a.name FROM post p JOIN author a ON a.id = p.author_id "
            "WHERE p.thread_id = ?1 UNION SELECT r.dst_name FROM relation r "
            "JOIN post p ON p.id = r.src_post WHERE p.thread_id = ?1 AND "
            "r.dst_name IS NOT NULL");
  size_t alloc = 0;
  int rc;

  *names = NULL;
  *n = 0;
  if (!st)
    return -1;
  sqlite3_bind_int64(st, 1, thread);
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    xgrow((void **)names, sizeof(**names), *n + 1, &alloc);
    (*names)[(*n)++] = xstrdup(col_text(st, 0));
  }
  sqlite3_finalize(st);
  return step_done(q, rc, "reading a thread's names");
}

static void names_free(char **names, size_t n)
{
  for (size_t i = 0; i < n; i++)
    free(names[i]);
  free(names);
}

/* The Codings of a post: one per topic the stats run gave it. */
static int add_codings(struct qdpx *q, struct strbuf *x, int64_t post)
{
  sqlite3_stmt *st;
  int rc;

  if (!q->run)
    return 0;
  st = corpus_prepare(q->c, "SELECT topic FROM post_topic WHERE run_id = ?1 "
                            "AND post_id = ?2 ORDER BY topic");
  if (!st)
    return -1;
  sqlite3_bind_int64(st, 1, q->run);
  sqlite3_bind_int64(st, 2, post);
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    int64_t topic = sqlite3_column_int64(st, 0);
    char guid[EXPORT_UUID_MAX], code[EXPORT_UUID_MAX];
    guid_of(guid, "coding", post, topic);
    guid_of(code, "topic", q->run, topic);
    strbuf_addf(x,
                "<Coding guid=\"%s\"><CodeRef targetGUID=\"%s\"/>"
                "</Coding>",
                guid, code);
  }
  sqlite3_finalize(st);
  return step_done(q, rc, "reading post topics");
}

/*
 * One thread: its source text into the zip, its TextSource with a
 * selection per post into q->sources.
 */
static int add_thread(struct qdpx *q, int64_t thread, const char *title,
                      const char *url, const char *origin)
{
  struct strbuf text = STRBUF_INIT, sel = STRBUF_INIT;
  char guid[EXPORT_UUID_MAX], *entry = NULL, *clean = NULL;
  char **names = NULL;
  size_t nnames = 0;
  sqlite3_stmt *st = NULL;
  int rc, ret = -1;

  guid_of(guid, "thread", thread, 0);
  if (thread_names(q, thread, &names, &nnames) < 0)
    goto out;
  clean = pseudonymizer_text(q->o->names, origin, title ? title : "",
                             (const char *const *)names, nnames);
  text_add(&text, clean);
  strbuf_addch(&text, '\n');
  strbuf_addf(&q->sources,
              "<TextSource guid=\"%s\" name=\"", guid);
  xml_add(&q->sources, clean);
  free(clean);
  clean = pseudonymizer_text(q->o->names, origin, url, NULL, 0);
  text_add(&text, clean);
  strbuf_addstr(&text, "\n");
  strbuf_addf(&q->sources, "\" plainTextPath=\"internal://%s.txt\">"
                           "<Description>",
              guid);
  xml_add(&q->sources, clean);
  strbuf_addstr(&q->sources, "</Description>");
  free(clean);
  clean = NULL;

  st = prepare_filtered(
      q, "SELECT p.id, a.name, sa.origin, p.published_at, p.text FROM "
         FILTERED_POSTS " AND p.thread_id = ?4 "
         "ORDER BY p.position IS NULL, p.position, p.published_at, p.id");
  if (!st)
    goto out;
  sqlite3_bind_int64(st, 4, thread);
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    int64_t post = sqlite3_column_int64(st, 0);
    const char *author = col_text(st, 1);
    char date[32] = "undated", pguid[EXPORT_UUID_MAX];
    size_t start, end;
    char *who;

    if (sqlite3_column_type(st, 3) != SQLITE_NULL)
      time_format_iso(sqlite3_column_int64(st, 3), date, sizeof(date));
    who = author ? xstrdup(pseudonymizer_name(q->o->names, col_text(st, 2),
                                              author))
                 : xstrdup("(unknown)");
    clean = pseudonymizer_text(q->o->names, origin, col_text(st, 4),
                               (const char *const *)names, nnames);
    strbuf_addch(&text, '\n');
    start = code_points(text.buf, text.len);
    text_add(&text, who);
    strbuf_addf(&text, " (%s)\n", date);
    text_add(&text, clean);
    while (text.len && text.buf[text.len - 1] == '\n')
      text.buf[--text.len] = '\0';
    end = code_points(text.buf, text.len);
    strbuf_addch(&text, '\n');

    guid_of(pguid, "post", post, 0);
    strbuf_addf(&sel, "<PlainTextSelection guid=\"%s\" name=\"", pguid);
    xml_add(&sel, who);
    strbuf_addf(&sel, " (%s)\" startPosition=\"%zu\" endPosition=\"%zu\">",
                date, start, end);
    free(who);
    free(clean);
    clean = NULL;
    if (add_codings(q, &sel, post) < 0)
      goto out;
    strbuf_addstr(&sel, "</PlainTextSelection>");
  }
  if (step_done(q, rc, "reading posts") < 0)
    goto out;
  strbuf_add(&q->sources, sel.buf, sel.len);
  strbuf_addstr(&q->sources, "</TextSource>");
  entry = xasprintf("sources/%s.txt", guid);
  if (zip_add(&q->zip, entry, text.buf, text.len) < 0)
    goto out;
  ret = 0;
out:
  sqlite3_finalize(st);
  names_free(names, nnames);
  free(clean);
  free(entry);
  strbuf_release(&text);
  strbuf_release(&sel);
  return ret;
}

/* Every thread with a post in the export, in id order. */
static int add_threads(struct qdpx *q)
{
  sqlite3_stmt *st = prepare_filtered(
      q, "SELECT t.id, t.title, t.url, s.origin FROM thread t LEFT JOIN "
         "site s ON s.id = t.site_id WHERE t.id IN (SELECT p.thread_id FROM "
         FILTERED_POSTS ") ORDER BY t.id");
  int rc;

  if (!st)
    return -1;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    if (add_thread(q, sqlite3_column_int64(st, 0), col_text(st, 1),
                   col_text(st, 2), col_text(st, 3)) < 0) {
      sqlite3_finalize(st);
      return -1;
    }
  }
  sqlite3_finalize(st);
  return step_done(q, rc, "reading threads");
}

/* A topic's terms (a JSON array of strings) as "terms: a, b, c". */
static void terms_add(struct strbuf *x, const char *json)
{
  json_t *a = json_loads(json, 0, NULL);
  size_t i;
  json_t *t;

  if (!json_is_array(a)) {
    xml_add(x, json);
    json_decref(a);
    return;
  }
  strbuf_addstr(x, "terms:");
  json_array_foreach(a, i, t)
  {
    strbuf_addstr(x, i ? ", " : " ");
    xml_add(x, json_string_value(t));
  }
  json_decref(a);
}

/* The topics of the latest stats run as Codes. */
static int add_codebook(struct qdpx *q, struct strbuf *x)
{
  sqlite3_stmt *st;
  int rc, n = 0;

  if (!q->run)
    return 0;
  st = corpus_prepare(q->c, "SELECT id, label, terms FROM topic WHERE "
                            "run_id = ?1 ORDER BY id");
  if (!st)
    return -1;
  sqlite3_bind_int64(st, 1, q->run);
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    int64_t id = sqlite3_column_int64(st, 0);
    const char *label = col_text(st, 1), *terms = col_text(st, 2);
    char guid[EXPORT_UUID_MAX];
    if (!n++)
      strbuf_addstr(x, "<CodeBook><Codes>");
    guid_of(guid, "topic", q->run, id);
    strbuf_addf(x, "<Code guid=\"%s\" name=\"", guid);
    if (label && *label)
      xml_add(x, label);
    else
      strbuf_addf(x, "topic %lld", (long long)id);
    strbuf_addstr(x, "\" isCodable=\"true\">");
    if (terms && *terms) {
      strbuf_addstr(x, "<Description>");
      terms_add(x, terms);
      strbuf_addstr(x, "</Description>");
    }
    strbuf_addstr(x, "</Code>");
  }
  sqlite3_finalize(st);
  if (n)
    strbuf_addstr(x, "</Codes></CodeBook>");
  return step_done(q, rc, "reading topics");
}

/* The measures of the latest stats run as Variables. */
static int add_variables(struct qdpx *q, struct strbuf *x)
{
  sqlite3_stmt *st;
  int rc, n = 0;

  if (!q->run)
    return 0;
  st = corpus_prepare(q->c, "SELECT DISTINCT metric FROM author_metric "
                            "WHERE run_id = ?1 ORDER BY metric");
  if (!st)
    return -1;
  sqlite3_bind_int64(st, 1, q->run);
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    char guid[EXPORT_UUID_MAX], *name;
    if (!n++)
      strbuf_addstr(x, "<Variables>");
    name = xasprintf("urn:netno:qdpx:variable:%s", col_text(st, 0));
    export_uuid_of(name, guid);
    free(name);
    strbuf_addf(x, "<Variable guid=\"%s\" name=\"", guid);
    xml_add(x, col_text(st, 0));
    strbuf_addstr(x, "\" typeOfVariable=\"Float\"/>");
  }
  sqlite3_finalize(st);
  if (n)
    strbuf_addstr(x, "</Variables>");
  return step_done(q, rc, "reading measures");
}

/* One Case: its measures and a reference to each of its posts. */
static int add_case(struct qdpx *q, struct strbuf *x, int64_t author,
                    const char *name, const char *origin)
{
  sqlite3_stmt *st = NULL;
  char guid[EXPORT_UUID_MAX];
  int rc, ret = -1;

  guid_of(guid, "author", author, 0);
  strbuf_addf(x, "<Case guid=\"%s\" name=\"", guid);
  xml_add(x, pseudonymizer_name(q->o->names, origin, name));
  strbuf_addstr(x, "\">");
  if (q->run) {
    st = corpus_prepare(q->c, "SELECT metric, value FROM author_metric "
                              "WHERE run_id = ?1 AND author_id = ?2 "
                              "ORDER BY metric");
    if (!st)
      goto out;
    sqlite3_bind_int64(st, 1, q->run);
    sqlite3_bind_int64(st, 2, author);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
      double v = sqlite3_column_double(st, 1);
      char var[EXPORT_UUID_MAX], *vname;
      if (sqlite3_column_type(st, 1) == SQLITE_NULL || !isfinite(v))
        continue;
      vname = xasprintf("urn:netno:qdpx:variable:%s", col_text(st, 0));
      export_uuid_of(vname, var);
      free(vname);
      strbuf_addf(x, "<VariableValue><VariableRef targetGUID=\"%s\"/>"
                     "<FloatValue>",
                  var);
      decimal_add(x, v);
      strbuf_addstr(x, "</FloatValue></VariableValue>");
    }
    if (step_done(q, rc, "reading measures") < 0)
      goto out;
    sqlite3_finalize(st);
  }
  st = prepare_filtered(q, "SELECT p.id FROM " FILTERED_POSTS
                           " AND p.author_id = ?4 ORDER BY p.id");
  if (!st)
    goto out;
  sqlite3_bind_int64(st, 4, author);
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    char sel[EXPORT_UUID_MAX];
    guid_of(sel, "post", sqlite3_column_int64(st, 0), 0);
    strbuf_addf(x, "<SelectionRef targetGUID=\"%s\"/>", sel);
  }
  if (step_done(q, rc, "reading posts") < 0)
    goto out;
  strbuf_addstr(x, "</Case>");
  ret = 0;
out:
  sqlite3_finalize(st);
  return ret;
}

/* Every author with a post in the export as a Case. */
static int add_cases(struct qdpx *q, struct strbuf *x)
{
  sqlite3_stmt *st = prepare_filtered(
      q, "SELECT a.id, a.name, sa.origin FROM author a LEFT JOIN site sa "
         "ON sa.id = a.site_id WHERE a.id IN (SELECT p.author_id FROM "
         FILTERED_POSTS ") ORDER BY a.id");
  int rc, n = 0;

  if (!st)
    return -1;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    if (!n++)
      strbuf_addstr(x, "<Cases>");
    if (add_case(q, x, sqlite3_column_int64(st, 0), col_text(st, 1),
                 col_text(st, 2)) < 0) {
      sqlite3_finalize(st);
      return -1;
    }
  }
  sqlite3_finalize(st);
  if (n)
    strbuf_addstr(x, "</Cases>");
  return step_done(q, rc, "reading authors");
}

int export_qdpx(struct corpus *c, const struct export_opts *o, FILE *out)
{
  struct qdpx q = {.c = c, .o = o};
  struct strbuf x = STRBUF_INIT;
  const char *base;
  int ret = -1;

  q.zip.f = out;
  q.zip.path = o->out_path && strcmp(o->out_path, "-") ? o->out_path
                                                         : "standard output";
  strbuf_init(&q.zip.central, 0);
  strbuf_init(&q.sources, 0);
  if (corpus_query_int(c, "SELECT coalesce(max(id), 0) FROM run WHERE "
                          "kind = 'stats'",
                       &q.run) < 0)
    goto out;
  if (add_threads(&q) < 0)
    goto out;

  base = strrchr(corpus_path(c), '/');
  base = base ? base + 1 : corpus_path(c);
  strbuf_addstr(&x, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                    "<Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"");
  xml_add(&x, base);
  strbuf_addstr(&x, "\" origin=\"netno " NETNO_VERSION "\">");
  if (add_codebook(&q, &x) < 0 || add_variables(&q, &x) < 0 ||
      add_cases(&q, &x) < 0)
    goto out;
  if (q.sources.len) {
    strbuf_addstr(&x, "<Sources>");
    strbuf_add(&x, q.sources.buf, q.sources.len);
    strbuf_addstr(&x, "</Sources>");
  }
  strbuf_addstr(&x, "<Description>");
  xml_add(&x, "Exported by netno " NETNO_VERSION ": one source per thread, "
              "authors as cases, topics of the latest stats run as codes");
  strbuf_addstr(&x, "</Description></Project>\n");
  if (zip_add(&q.zip, "project.qde", x.buf, x.len) < 0 ||
      zip_finish(&q.zip) < 0)
    goto out;
  if (fflush(out) != 0 || ferror(out)) {
    error("cannot write '%s': %s", q.zip.path, strerror(errno ? errno : EIO));
    goto out;
  }
  ret = 0;
out:
  strbuf_release(&x);
  strbuf_release(&q.sources);
  strbuf_release(&q.zip.central);
  return ret;
}
