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

/* ---- a small streaming zip writer ------------------------------------ */

/*
 * Entries are deflated as they are written and followed by a data
 * descriptor (general purpose flag bit 3) with their CRC and sizes, as
 * Java's and .NET's zip writers do, so that no entry is held in memory
 * and the output may be a pipe.  The central directory (about 80 bytes
 * an entry) is kept until zip_finish().
 */
struct zip_out {
  FILE *f;
  const char *path; /* for messages */
  uint64_t offset;  /* bytes written so far */
  struct strbuf central;
  unsigned entries;
  /* the entry being written */
  z_stream z;
  int open;
  char *name;
  uint64_t entry_offset, usize;
  uLong crc;
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
/* Flags: sizes in a data descriptor (bit 3), UTF-8 names (bit 11). */
#define ZIP_FLAGS 0x0808
#define ZIP_MAX 0xfffffffeu /* without zip64 */

static int zip_write(struct zip_out *z, const void *data, size_t len)
{
  errno = 0;
  if (len && fwrite(data, 1, len, z->f) != len)
    return error("cannot write '%s': %s", z->path,
                 strerror(errno ? errno : EIO));
  z->offset += len;
  return 0;
}

/* The fields local and central headers share, from "version needed". */
static void zip_common(struct strbuf *sb, uint32_t crc, uint64_t csize,
                       uint64_t usize, const char *name)
{
  put_le16(sb, 20); /* version needed: 2.0, deflate */
  put_le16(sb, ZIP_FLAGS);
  put_le16(sb, 8); /* deflate */
  put_le16(sb, ZIP_DOS_TIME);
  put_le16(sb, ZIP_DOS_DATE);
  put_le32(sb, crc);
  put_le32(sb, (uint32_t)csize);
  put_le32(sb, (uint32_t)usize);
  put_le16(sb, (unsigned)strlen(name));
  put_le16(sb, 0); /* no extra field */
}

/* Start an entry: its local header, CRC and sizes left for later. */
static int zip_begin(struct zip_out *z, const char *name)
{
  struct strbuf head = STRBUF_INIT;
  int ret;

  if (z->offset > ZIP_MAX || z->entries >= 65534)
    return error("cannot write '%s': too large for a zip without zip64",
                 z->path);
  memset(&z->z, 0, sizeof(z->z));
  /* windowBits -15: raw deflate, as zip wants it. */
  if (deflateInit2(&z->z, 6, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    return error("cannot start compressing '%s'", name);
  z->open = 1;
  z->name = xstrdup(name);
  z->entry_offset = z->offset;
  z->usize = 0;
  z->crc = crc32(0L, Z_NULL, 0);
  put_le32(&head, 0x04034b50);
  zip_common(&head, 0, 0, 0, name);
  strbuf_addstr(&head, name);
  ret = zip_write(z, head.buf, head.len);
  strbuf_release(&head);
  return ret;
}

/* Deflate len bytes into the entry; finish: end the deflate stream. */
static int zip_deflate(struct zip_out *z, const void *data, size_t len,
                       int finish)
{
  unsigned char buf[16384];
  const unsigned char *p = data;
  int rc;

  do {
    size_t n = len > (1u << 30) ? (1u << 30) : len;
    z->z.next_in = (Bytef *)p;
    z->z.avail_in = (uInt)n;
    z->crc = crc32(z->crc, p, (uInt)n);
    z->usize += n;
    p += n;
    len -= n;
    do {
      z->z.next_out = buf;
      z->z.avail_out = sizeof(buf);
      rc = deflate(&z->z, finish && !len ? Z_FINISH : Z_NO_FLUSH);
      if (rc == Z_STREAM_ERROR)
        return error("cannot compress '%s'", z->name);
      if (zip_write(z, buf, sizeof(buf) - z->z.avail_out) < 0)
        return -1;
    } while (z->z.avail_out == 0 || (finish && !len && rc != Z_STREAM_END));
  } while (len);
  return 0;
}

static void zip_close_entry(struct zip_out *z)
{
  if (z->open)
    deflateEnd(&z->z);
  z->open = 0;
  free(z->name);
  z->name = NULL;
}

/* End the entry: its data descriptor and central directory record. */
static int zip_end(struct zip_out *z)
{
  struct strbuf desc = STRBUF_INIT;
  uint64_t csize;
  int ret = -1;

  if (zip_deflate(z, "", 0, 1) < 0)
    goto out;
  csize = z->z.total_out;
  if (csize > ZIP_MAX || z->usize > ZIP_MAX) {
    error("cannot write '%s': too large for a zip without zip64", z->path);
    goto out;
  }
  put_le32(&desc, 0x08074b50);
  put_le32(&desc, (uint32_t)z->crc);
  put_le32(&desc, (uint32_t)csize);
  put_le32(&desc, (uint32_t)z->usize);
  if (zip_write(z, desc.buf, desc.len) < 0)
    goto out;

  put_le32(&z->central, 0x02014b50);
  put_le16(&z->central, 3 << 8 | 20); /* made by: Unix, 2.0 */
  zip_common(&z->central, (uint32_t)z->crc, csize, z->usize, z->name);
  put_le16(&z->central, 0);                       /* comment */
  put_le16(&z->central, 0);                       /* disk */
  put_le16(&z->central, 0);                       /* internal attributes */
  put_le32(&z->central, (uint32_t)0100644 << 16); /* a regular file */
  put_le32(&z->central, (uint32_t)z->entry_offset);
  strbuf_addstr(&z->central, z->name);
  z->entries++;
  ret = 0;
out:
  zip_close_entry(z);
  strbuf_release(&desc);
  return ret;
}

/* A whole entry at once. */
static int zip_add(struct zip_out *z, const char *name, const void *data,
                   size_t len)
{
  if (zip_begin(z, name) < 0)
    return -1;
  if (zip_deflate(z, data, len, 0) < 0) {
    zip_close_entry(z);
    return -1;
  }
  return zip_end(z);
}

/* The central directory and its end record. */
static int zip_finish(struct zip_out *z)
{
  struct strbuf end = STRBUF_INIT;
  uint64_t start = z->offset;
  int ret;

  if (z->offset + z->central.len > ZIP_MAX)
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
  for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
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
  for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++)
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

/* ---- the project ------------------------------------------------------ */

/* Posts in the export: those of threads on the chosen site published
 * in the time bounds (?1 host, ?2 since, ?3 until); a is the author, sa
 * the author's site. */
#define FILTERED_POSTS                                                         \
  "post p JOIN thread t ON t.id = p.thread_id "                                \
  "LEFT JOIN site s ON s.id = t.site_id "                                      \
  "LEFT JOIN author a ON a.id = p.author_id "                                  \
  "LEFT JOIN site sa ON sa.id = a.site_id "                                    \
  "WHERE (?1 IS NULL OR s.host = ?1 COLLATE NOCASE) "                          \
  "AND (?2 = 0 OR p.published_at >= ?2) "                                      \
  "AND (?3 = 0 OR p.published_at < ?3)"

struct qdpx {
  struct corpus *c;
  const struct export_opts *o;
  struct zip_out zip;
  int64_t run;     /* latest stats run, 0: none */
  struct strbuf x; /* project.qde text not deflated yet */
  /* Statements run once per thread, post or author, prepared once. */
  sqlite3_stmt *st_posts, *st_names, *st_codings, *st_metrics, *st_mine;
};

static void bind_filter(struct qdpx *q, sqlite3_stmt *st)
{
  corpus_bind_text(st, 1, q->o->site && *q->o->site ? q->o->site : NULL);
  sqlite3_bind_int64(st, 2, q->o->since);
  sqlite3_bind_int64(st, 3, q->o->until);
}

/* *slot prepared from sql on first use (with the filter bound when
 * filtered), else reset for another run with the same bindings; NULL
 * (reported) on failure. */
static sqlite3_stmt *cached(struct qdpx *q, sqlite3_stmt **slot,
                            const char *sql, int filtered)
{
  if (*slot) {
    sqlite3_reset(*slot);
    return *slot;
  }
  *slot = corpus_prepare(q->c, sql);
  if (*slot && filtered)
    bind_filter(q, *slot);
  return *slot;
}

/* The last sqlite3_step() result of a loop: 0 when it ran to the end,
 * else -1 (reported). */
static int step_done(struct qdpx *q, int rc, const char *what)
{
  if (rc != SQLITE_DONE)
    return corpus_sql_error(q->c, what);
  return 0;
}

/* Deflate what project.qde holds so far once there is enough of it (or
 * all of it, with force). */
static int flush_xml(struct qdpx *q, int force)
{
  int ret = 0;

  if (q->x.len >= 65536 || (force && q->x.len)) {
    ret = zip_deflate(&q->zip, q->x.buf, q->x.len, 0);
    strbuf_reset(&q->x);
  }
  return ret;
}

/* The names a thread's text may mention: its authors and the names its
 * posts quote or mention (only needed when names are replaced).  Caller
 * frees each and the array. */
static int thread_names(struct qdpx *q, int64_t thread, char ***names,
                        size_t *n)
{
  sqlite3_stmt *st;
  size_t alloc = 0;
  int rc;

  *names = NULL;
  *n = 0;
  if (pseudonymizer_mode(q->o->names) == PSEUDONYM_OFF)
    return 0;
  st = cached(q, &q->st_names,
              "SELECT a.name FROM post p JOIN author a ON a.id = "
              "p.author_id WHERE p.thread_id = ?1 UNION SELECT r.dst_name "
              "FROM relation r JOIN post p ON p.id = r.src_post WHERE "
              "p.thread_id = ?1 AND r.dst_name IS NOT NULL",
              0);
  if (!st)
    return -1;
  sqlite3_bind_int64(st, 1, thread);
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    xgrow((void **)names, sizeof(**names), *n + 1, &alloc);
    (*names)[(*n)++] = xstrdup(col_text(st, 0));
  }
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
  st = cached(q, &q->st_codings,
              "SELECT topic FROM post_topic WHERE run_id = ?1 AND "
              "post_id = ?2 ORDER BY topic",
              0);
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
  return step_done(q, rc, "reading post topics");
}

/* A thread as the corpus has it. */
struct thread_row {
  int64_t id;
  const char *title, *url, *origin;
};

/*
 * One thread's source text into text; with xml, also its TextSource
 * with a selection per post (the first pass writes the texts, the
 * second project.qde: zip entries cannot interleave).
 */
static int thread_source(struct qdpx *q, const struct thread_row *t,
                         struct strbuf *text, struct strbuf *xml)
{
  char guid[EXPORT_UUID_MAX], *title = NULL, *url = NULL, *clean = NULL;
  char **names = NULL;
  size_t nnames = 0;
  sqlite3_stmt *st;
  int rc, ret = -1;

  guid_of(guid, "thread", t->id, 0);
  if (thread_names(q, t->id, &names, &nnames) < 0)
    goto out;
  title = pseudonymizer_text(q->o->names, t->origin, t->title ? t->title : "",
                             (const char *const *)names, nnames);
  url = pseudonymizer_text(q->o->names, t->origin, t->url, NULL, 0);
  text_add(text, title);
  strbuf_addch(text, '\n');
  text_add(text, url);
  strbuf_addch(text, '\n');
  if (xml) {
    strbuf_addf(xml, "<TextSource guid=\"%s\" name=\"", guid);
    xml_add(xml, title);
    strbuf_addf(xml, "\" plainTextPath=\"internal://%s.txt\"><Description>",
                guid);
    xml_add(xml, url);
    strbuf_addstr(xml, "</Description>");
  }

  st = cached(q, &q->st_posts,
              "SELECT p.id, a.name, sa.origin, p.published_at, p.text "
              "FROM " FILTERED_POSTS " AND p.thread_id = ?4 ORDER BY "
              "p.position IS NULL, p.position, p.published_at, p.id",
              1);
  if (!st)
    goto out;
  sqlite3_bind_int64(st, 4, t->id);
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    int64_t post = sqlite3_column_int64(st, 0);
    const char *author = col_text(st, 1);
    char date[32] = "undated", pguid[EXPORT_UUID_MAX];
    size_t start, end;
    char *who;

    if (sqlite3_column_type(st, 3) != SQLITE_NULL)
      time_format_iso(sqlite3_column_int64(st, 3), date, sizeof(date));
    who = xstrdup(author
                      ? pseudonymizer_name(q->o->names, col_text(st, 2), author)
                      : "(unknown)");
    clean = pseudonymizer_text(q->o->names, t->origin, col_text(st, 4),
                               (const char *const *)names, nnames);
    /* A blank line, "author (date)", the text without trailing
     * newlines: the selection is the heading and the text. */
    strbuf_addch(text, '\n');
    start = code_points(text->buf, text->len);
    text_add(text, who);
    strbuf_addf(text, " (%s)\n", date);
    text_add(text, clean);
    while (text->len && text->buf[text->len - 1] == '\n')
      text->buf[--text->len] = '\0';
    end = code_points(text->buf, text->len);
    strbuf_addch(text, '\n');
    free(clean);
    clean = NULL;
    if (xml) {
      guid_of(pguid, "post", post, 0);
      strbuf_addf(xml, "<PlainTextSelection guid=\"%s\" name=\"", pguid);
      xml_add(xml, who);
      strbuf_addf(xml, " (%s)\" startPosition=\"%zu\" endPosition=\"%zu\">",
                  date, start, end);
      if (add_codings(q, xml, post) < 0) {
        free(who);
        goto out;
      }
      strbuf_addstr(xml, "</PlainTextSelection>");
    }
    free(who);
  }
  if (step_done(q, rc, "reading posts") < 0)
    goto out;
  if (xml)
    strbuf_addstr(xml, "</TextSource>");
  ret = 0;
out:
  names_free(names, nnames);
  free(title);
  free(url);
  free(clean);
  return ret;
}

/* Every thread with a post in the export, in id order: pass 1 writes
 * the source texts (and counts them in *n), pass 2 the TextSources. */
static int add_threads(struct qdpx *q, int pass, size_t *n)
{
  sqlite3_stmt *st = corpus_prepare(
      q->c, "SELECT t.id, t.title, t.url, s.origin FROM thread t LEFT JOIN "
            "site s ON s.id = t.site_id WHERE t.id IN (SELECT p.thread_id "
            "FROM " FILTERED_POSTS ") ORDER BY t.id");
  struct strbuf text = STRBUF_INIT;
  int rc, ret = -1;

  if (!st)
    return -1;
  bind_filter(q, st);
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    struct thread_row t = {sqlite3_column_int64(st, 0), col_text(st, 1),
                           col_text(st, 2), col_text(st, 3)};
    strbuf_reset(&text);
    if (pass == 1) {
      char guid[EXPORT_UUID_MAX], *entry;
      guid_of(guid, "thread", t.id, 0);
      entry = xasprintf("sources/%s.txt", guid);
      rc = thread_source(q, &t, &text, NULL) < 0 ||
                   zip_add(&q->zip, entry, text.buf, text.len) < 0
               ? -1
               : 0;
      free(entry);
      (*n)++;
    } else {
      rc = thread_source(q, &t, &text, &q->x) < 0 || flush_xml(q, 0) < 0 ? -1
                                                                         : 0;
    }
    if (rc < 0)
      goto out;
  }
  if (step_done(q, rc, "reading threads") < 0)
    goto out;
  ret = 0;
out:
  sqlite3_finalize(st);
  strbuf_release(&text);
  return ret;
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
static int add_codebook(struct qdpx *q)
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
      strbuf_addstr(&q->x, "<CodeBook><Codes>");
    guid_of(guid, "topic", q->run, id);
    strbuf_addf(&q->x, "<Code guid=\"%s\" name=\"", guid);
    if (label && *label)
      xml_add(&q->x, label);
    else
      strbuf_addf(&q->x, "topic %lld", (long long)id);
    strbuf_addstr(&q->x, "\" isCodable=\"true\">");
    if (terms && *terms) {
      strbuf_addstr(&q->x, "<Description>");
      terms_add(&q->x, terms);
      strbuf_addstr(&q->x, "</Description>");
    }
    strbuf_addstr(&q->x, "</Code>");
  }
  sqlite3_finalize(st);
  if (n)
    strbuf_addstr(&q->x, "</Codes></CodeBook>");
  return step_done(q, rc, "reading topics");
}

static void variable_guid(const char *metric, char out[EXPORT_UUID_MAX])
{
  char *name = xasprintf("urn:netno:qdpx:variable:%s", metric);

  export_uuid_of(name, out);
  free(name);
}

/* The measures of the latest stats run as Variables. */
static int add_variables(struct qdpx *q)
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
    char guid[EXPORT_UUID_MAX];
    if (!n++)
      strbuf_addstr(&q->x, "<Variables>");
    variable_guid(col_text(st, 0), guid);
    strbuf_addf(&q->x, "<Variable guid=\"%s\" name=\"", guid);
    xml_add(&q->x, col_text(st, 0));
    strbuf_addstr(&q->x, "\" typeOfVariable=\"Float\"/>");
  }
  sqlite3_finalize(st);
  if (n)
    strbuf_addstr(&q->x, "</Variables>");
  return step_done(q, rc, "reading measures");
}

/* One Case: its measures and a reference to each of its posts'
 * selections (their GUIDs follow from the post ids). */
static int add_case(struct qdpx *q, int64_t author, const char *name,
                    const char *origin)
{
  struct strbuf *x = &q->x;
  sqlite3_stmt *st;
  char guid[EXPORT_UUID_MAX];
  int rc;

  guid_of(guid, "author", author, 0);
  strbuf_addf(x, "<Case guid=\"%s\" name=\"", guid);
  xml_add(x, pseudonymizer_name(q->o->names, origin, name));
  strbuf_addstr(x, "\">");
  if (q->run) {
    st = cached(q, &q->st_metrics,
                "SELECT metric, value FROM author_metric WHERE run_id = "
                "?1 AND author_id = ?2 ORDER BY metric",
                0);
    if (!st)
      return -1;
    sqlite3_bind_int64(st, 1, q->run);
    sqlite3_bind_int64(st, 2, author);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
      double v = sqlite3_column_double(st, 1);
      char var[EXPORT_UUID_MAX];
      if (sqlite3_column_type(st, 1) == SQLITE_NULL || !isfinite(v))
        continue;
      variable_guid(col_text(st, 0), var);
      strbuf_addf(x,
                  "<VariableValue><VariableRef targetGUID=\"%s\"/>"
                  "<FloatValue>",
                  var);
      decimal_add(x, v);
      strbuf_addstr(x, "</FloatValue></VariableValue>");
    }
    if (step_done(q, rc, "reading measures") < 0)
      return -1;
  }
  st = cached(q, &q->st_mine,
              "SELECT p.id FROM " FILTERED_POSTS
              " AND p.author_id = ?4 ORDER BY p.id",
              1);
  if (!st)
    return -1;
  sqlite3_bind_int64(st, 4, author);
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    char sel[EXPORT_UUID_MAX];
    guid_of(sel, "post", sqlite3_column_int64(st, 0), 0);
    strbuf_addf(x, "<SelectionRef targetGUID=\"%s\"/>", sel);
  }
  if (step_done(q, rc, "reading posts") < 0)
    return -1;
  strbuf_addstr(x, "</Case>");
  return flush_xml(q, 0);
}

/* Every author with a post in the export as a Case. */
static int add_cases(struct qdpx *q)
{
  sqlite3_stmt *st = corpus_prepare(
      q->c, "SELECT a.id, a.name, sa.origin FROM author a LEFT JOIN site "
            "sa ON sa.id = a.site_id WHERE a.id IN (SELECT p.author_id "
            "FROM " FILTERED_POSTS ") ORDER BY a.id");
  int rc, n = 0;

  if (!st)
    return -1;
  bind_filter(q, st);
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    if (!n++)
      strbuf_addstr(&q->x, "<Cases>");
    if (add_case(q, sqlite3_column_int64(st, 0), col_text(st, 1),
                 col_text(st, 2)) < 0) {
      sqlite3_finalize(st);
      return -1;
    }
  }
  sqlite3_finalize(st);
  if (n)
    strbuf_addstr(&q->x, "</Cases>");
  return step_done(q, rc, "reading authors");
}

/* project.qde, in the order the schema wants: CodeBook, Variables,
 * Cases, Sources, Description. */
static int write_project(struct qdpx *q, size_t nthreads)
{
  const char *base = strrchr(corpus_path(q->c), '/');

  base = base ? base + 1 : corpus_path(q->c);
  if (zip_begin(&q->zip, "project.qde") < 0)
    return -1;
  strbuf_addstr(&q->x, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                       "<Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"");
  xml_add(&q->x, base);
  strbuf_addstr(&q->x, "\" origin=\"netno " NETNO_VERSION "\">");
  if (add_codebook(q) < 0 || add_variables(q) < 0 || add_cases(q) < 0)
    goto fail;
  if (nthreads) {
    strbuf_addstr(&q->x, "<Sources>");
    if (add_threads(q, 2, NULL) < 0)
      goto fail;
    strbuf_addstr(&q->x, "</Sources>");
  }
  strbuf_addstr(&q->x, "<Description>Exported by netno " NETNO_VERSION
                       ": one source per thread, authors as cases, topics "
                       "of the latest stats run as codes</Description>"
                       "</Project>\n");
  if (flush_xml(q, 1) < 0)
    goto fail;
  return zip_end(&q->zip);
fail:
  zip_close_entry(&q->zip);
  return -1;
}

int export_qdpx(struct corpus *c, const struct export_opts *o, FILE *out)
{
  struct qdpx q = {.c = c, .o = o};
  size_t nthreads = 0;
  int ret = -1, in_txn = 0;

  q.zip.f = out;
  q.zip.path =
      o->out_path && strcmp(o->out_path, "-") ? o->out_path : "standard output";
  strbuf_init(&q.zip.central, 0);
  strbuf_init(&q.x, 0);
  /* One snapshot for both passes, whatever a crawl writes meanwhile. */
  if (corpus_exec(c, "BEGIN") < 0)
    goto out;
  in_txn = 1;
  if (corpus_query_int(c,
                       "SELECT coalesce(max(id), 0) FROM run WHERE "
                       "kind = 'stats' AND ended_at IS NOT NULL",
                       &q.run) < 0)
    goto out;
  if (add_threads(&q, 1, &nthreads) < 0 || write_project(&q, nthreads) < 0 ||
      zip_finish(&q.zip) < 0)
    goto out;
  errno = 0;
  if (fflush(out) != 0 || ferror(out)) {
    error("cannot write '%s': %s", q.zip.path, strerror(errno ? errno : EIO));
    goto out;
  }
  ret = 0;
out:
  sqlite3_finalize(q.st_posts);
  sqlite3_finalize(q.st_names);
  sqlite3_finalize(q.st_codings);
  sqlite3_finalize(q.st_metrics);
  sqlite3_finalize(q.st_mine);
  if (in_txn)
    corpus_exec(c, "COMMIT");
  strbuf_release(&q.x);
  strbuf_release(&q.zip.central);
  return ret;
}
