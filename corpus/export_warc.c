/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The warc export: the stored pages as a WARC/1.1 file (ISO 28500:2017),
 * for web archives, replay tools (pywb) and other crawlers' importers.
 *
 * One warcinfo record first (software, format, the export's filters),
 * then for every page in id order:
 *
 *   - a page with an HTTP status (crawled, or imported from a WARC
 *     response): a request record (a reconstructed GET) and a response
 *     record.  The HTTP message is rebuilt from what the corpus keeps:
 *     the status line, the stored headers and the body.  Bodies are
 *     stored decoded, so Content-Encoding, Transfer-Encoding and
 *     Content-Length are dropped from the stored headers and a
 *     Content-Length of the stored body is written.
 *   - a page without one (a saved HTML file, an mbox message): a
 *     resource record with the page's own content type.  `netno import`
 *     takes back the HTML resources and skips the mail messages (import
 *     the mbox file for those).
 *
 * The target URI is the final URL after redirects (the URL the response
 * came from).  Record ids are name-based UUIDs of the page's id and
 * SHA-256, so two exports of an unchanged corpus differ only in the
 * warcinfo record (its date and id) and the references to it.  Payload and block digests are SHA-1
 * in base32, as WARC readers expect.  Every record is its own gzip member
 * (a .warc.gz that tools can seek in), unless out_path ends in ".warc".
 *
 * WARC is the pages as fetched: names in them cannot be pseudonymised,
 * and the writer refuses a pseudonymizer that is not PSEUDONYM_OFF.
 */
#include "corpus/export.h"
#include "corpus/export_archive.h"
#include "corpus/internal.h"
#include "util/util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

/* ---- SHA-1, base32, name-based UUIDs -------------------------------- */

void export_sha1_init(struct export_sha1 *s)
{
  sha1_init(&s->ctx);
}

void export_sha1_add(struct export_sha1 *s, const void *data, size_t len)
{
  sha1_update(&s->ctx, len, data);
}

void export_sha1_finish(struct export_sha1 *s,
                        unsigned char out[EXPORT_SHA1_BYTES])
{
  sha1_digest(&s->ctx, EXPORT_SHA1_BYTES, out);
}

void export_uuid_of(const char *name, char out[EXPORT_UUID_MAX])
{
  /* The URL namespace, 6ba7b811-9dad-11d1-80b4-00c04fd430c8 (RFC 9562
   * appendix A). */
  static const unsigned char ns[16] = {0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad,
                                       0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0,
                                       0x4f, 0xd4, 0x30, 0xc8};
  static const char hex[] = "0123456789abcdef";
  struct export_sha1 s;
  unsigned char h[EXPORT_SHA1_BYTES];
  size_t o = 0;

  export_sha1_init(&s);
  export_sha1_add(&s, ns, sizeof(ns));
  export_sha1_add(&s, name, strlen(name));
  export_sha1_finish(&s, h);
  h[6] = (unsigned char)((h[6] & 0x0f) | 0x50); /* version 5 */
  h[8] = (unsigned char)((h[8] & 0x3f) | 0x80); /* RFC variant */
  for (int i = 0; i < 16; i++) {
    if (i == 4 || i == 6 || i == 8 || i == 10)
      out[o++] = '-';
    out[o++] = hex[h[i] >> 4];
    out[o++] = hex[h[i] & 15];
  }
  out[o] = '\0';
}

/* "sha1:" and the RFC 4648 base32 of a SHA-1 (32 characters, no
 * padding: 160 bits are 32 groups of five). */
static void sha1_label(const unsigned char h[EXPORT_SHA1_BYTES], char out[38])
{
  static const char b32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  unsigned int acc = 0;
  int bits = 0;
  size_t o = 5;

  memcpy(out, "sha1:", 5);
  for (int i = 0; i < EXPORT_SHA1_BYTES; i++) {
    acc = (acc << 8 | h[i]) & 0xffffu;
    bits += 8;
    while (bits >= 5) {
      out[o++] = b32[(acc >> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  out[o] = '\0';
}

static void digest_of(const void *a, size_t alen, const void *b, size_t blen,
                      char out[38])
{
  struct export_sha1 s;
  unsigned char h[EXPORT_SHA1_BYTES];

  export_sha1_init(&s);
  export_sha1_add(&s, a, alen);
  export_sha1_add(&s, b, blen);
  export_sha1_finish(&s, h);
  sha1_label(h, out);
}

/* ---- records --------------------------------------------------------- */

struct warc_out {
  FILE *out;
  const char *path; /* for messages */
  int gzip;
  char info_id[EXPORT_UUID_MAX];
};

/* Write len bytes of data through z (a gzip member under way) or as
 * they are; flush: finish the member. */
static int put_bytes(struct warc_out *w, z_stream *z, const void *data,
                     size_t len, int flush)
{
  unsigned char buf[16384];
  int rc;

  errno = 0;
  if (!w->gzip)
    return len && fwrite(data, 1, len, w->out) != len ? -1 : 0;
  z->next_in = (Bytef *)data;
  z->avail_in = (uInt)len;
  do {
    z->next_out = buf;
    z->avail_out = sizeof(buf);
    rc = deflate(z, flush ? Z_FINISH : Z_NO_FLUSH);
    if (rc == Z_STREAM_ERROR)
      return -1;
    if (fwrite(buf, 1, sizeof(buf) - z->avail_out, w->out) !=
        sizeof(buf) - z->avail_out)
      return -1;
  } while (z->avail_out == 0 || (flush && rc != Z_STREAM_END));
  return 0;
}

/* Feed len bytes in pieces: deflate() takes uInt lengths. */
static int put_block(struct warc_out *w, z_stream *z, const void *block,
                     size_t len)
{
  for (size_t off = 0; off < len;) {
    size_t n = len - off > (1u << 30) ? (1u << 30) : len - off;
    if (put_bytes(w, z, (const char *)block + off, n, 0) < 0)
      return -1;
    off += n;
  }
  return 0;
}

/*
 * One record: the WARC version line, the named fields in head (each
 * "Name: value\r\n"), Content-Length, the block (in two parts, so that
 * an HTTP head and a body need not be copied together) and the two CRLFs
 * that end a record; its own gzip member when compressing.
 */
static int put_record(struct warc_out *w, const struct strbuf *head,
                      const void *block, size_t len, const void *block2,
                      size_t len2)
{
  z_stream z;
  char clen[64];
  int ret = -1, open = 0;

  snprintf(clen, sizeof(clen), "Content-Length: %zu\r\n\r\n", len + len2);
  memset(&z, 0, sizeof(z));
  if (w->gzip) {
    /* windowBits 15 + 16: a gzip header and trailer. */
    if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) !=
        Z_OK) {
      error("cannot start compressing a WARC record");
      return -1;
    }
    open = 1;
  }
  if (put_bytes(w, &z, "WARC/1.1\r\n", 10, 0) < 0 ||
      put_bytes(w, &z, head->buf, head->len, 0) < 0 ||
      put_bytes(w, &z, clen, strlen(clen), 0) < 0 ||
      put_block(w, &z, block, len) < 0 || put_block(w, &z, block2, len2) < 0 ||
      put_bytes(w, &z, "\r\n\r\n", 4, 1) < 0)
    goto fail;
  ret = 0;
  goto out;
fail:
  error("cannot write '%s': %s", w->path, strerror(errno ? errno : EIO));
out:
  if (open)
    deflateEnd(&z);
  return ret;
}

/* Append "Name: value\r\n" with value's control characters, spaces and
 * non-ASCII bytes percent-encoded: a URI in a WARC header must be one
 * token, and stored URLs are untrusted. */
static void add_uri_field(struct strbuf *sb, const char *name,
                          const char *value)
{
  strbuf_addf(sb, "%s: ", name);
  for (const unsigned char *p = (const unsigned char *)value; *p; p++) {
    if (*p <= 0x20 || *p >= 0x7f)
      strbuf_addf(sb, "%%%02X", *p);
    else
      strbuf_addch(sb, *p);
  }
  strbuf_addstr(sb, "\r\n");
}

/* Append "Name: value\r\n" for a free-text value, its line breaks and
 * other control characters made spaces (a header line must not end
 * early). */
static void add_field(struct strbuf *sb, const char *name, const char *value)
{
  strbuf_addf(sb, "%s: ", name);
  for (const unsigned char *p = (const unsigned char *)value; *p; p++)
    strbuf_addch(sb, *p < 0x20 || *p == 0x7f ? ' ' : *p);
  strbuf_addstr(sb, "\r\n");
}

static void add_date_field(struct strbuf *sb, int64_t t)
{
  char date[32];

  strbuf_addf(sb, "WARC-Date: %s\r\n", time_format_iso(t, date, sizeof(date)));
}

/* ---- HTTP messages ---------------------------------------------------- */

static const char *reason_phrase(int status)
{
  static const struct {
    int status;
    const char *text;
  } reasons[] = {
      {200, "OK"},
      {201, "Created"},
      {203, "Non-Authoritative Information"},
      {204, "No Content"},
      {206, "Partial Content"},
      {301, "Moved Permanently"},
      {302, "Found"},
      {303, "See Other"},
      {304, "Not Modified"},
      {307, "Temporary Redirect"},
      {308, "Permanent Redirect"},
      {400, "Bad Request"},
      {401, "Unauthorized"},
      {403, "Forbidden"},
      {404, "Not Found"},
      {410, "Gone"},
      {429, "Too Many Requests"},
      {500, "Internal Server Error"},
      {502, "Bad Gateway"},
      {503, "Service Unavailable"},
      {504, "Gateway Timeout"},
  };
  for (size_t i = 0; i < ARRAY_SIZE(reasons); i++)
    if (reasons[i].status == status)
      return reasons[i].text;
  return ""; /* the reason phrase may be empty (RFC 9112, 4) */
}

/* Does the header line begin with name and a colon (ASCII case
 * ignored)? */
static int is_header(const char *line, size_t n, const char *name)
{
  size_t k = strlen(name);

  return n > k && line[k] == ':' && !strncasecmp(line, name, k);
}

/* The response head: status line, the stored headers that still hold
 * for the stored (decoded) body, Content-Type when the stored headers
 * lack it, and the body's Content-Length. */
static void http_response_head(struct strbuf *sb, int status,
                               const char *headers, const char *ctype,
                               size_t body_len)
{
  int have_type = 0;

  strbuf_addf(sb, "HTTP/1.1 %d %s\r\n", status, reason_phrase(status));
  for (const char *p = headers ? headers : ""; *p;) {
    const char *eol = strchr(p, '\n');
    size_t n = eol ? (size_t)(eol - p) : strlen(p);
    size_t m = n;
    while (m && (p[m - 1] == '\r' || p[m - 1] == ' '))
      m--;
    if (m && memchr(p, ':', m) && !is_header(p, m, "Content-Length") &&
        !is_header(p, m, "Transfer-Encoding") &&
        !is_header(p, m, "Content-Encoding")) {
      for (size_t i = 0; i < m; i++)
        strbuf_addch(sb, (unsigned char)p[i] < 0x20 ? ' ' : p[i]);
      strbuf_addstr(sb, "\r\n");
      if (is_header(p, m, "Content-Type"))
        have_type = 1;
    }
    p += n + (eol ? 1 : 0);
  }
  if (!have_type && ctype && *ctype)
    add_field(sb, "Content-Type", ctype);
  strbuf_addf(sb, "Content-Length: %zu\r\n\r\n", body_len);
}

/* The GET that would fetch url: request line with path and query, Host
 * (without user information), and what netno sends. */
static void http_request(struct strbuf *sb, const char *url)
{
  const char *auth = strstr(url, "://"), *path, *host;
  size_t hlen;

  auth = auth ? auth + 3 : url;
  path = auth + strcspn(auth, "/?#");
  host = auth;
  for (const char *at = auth; at < path; at++)
    if (*at == '@')
      host = at + 1;
  hlen = (size_t)(path - host);
  strbuf_addstr(sb, "GET ");
  if (*path != '/')
    strbuf_addch(sb, '/');
  for (const unsigned char *p = (const unsigned char *)path; *p && *p != '#';
       p++) {
    if (*p <= 0x20 || *p >= 0x7f)
      strbuf_addf(sb, "%%%02X", *p);
    else
      strbuf_addch(sb, *p);
  }
  strbuf_addf(sb, " HTTP/1.1\r\nHost: %.*s\r\n", (int)hlen, host);
  strbuf_addf(sb,
              "User-Agent: netno/%s\r\nAccept-Encoding: gzip, deflate"
              "\r\n\r\n",
              NETNO_VERSION);
}

/* ---- the export ------------------------------------------------------- */

static int put_warcinfo(struct warc_out *w, const struct export_opts *o,
                        int64_t now)
{
  struct strbuf head = STRBUF_INIT, body = STRBUF_INIT;
  char date[32], *name;
  int ret;

  name = xasprintf("urn:netno:warcinfo:%lld:%s:%lld:%lld", (long long)now,
                   o->site ? o->site : "", (long long)o->since,
                   (long long)o->until);
  export_uuid_of(name, w->info_id);
  free(name);
  strbuf_addf(&body, "software: netno/%s\r\n", NETNO_VERSION);
  strbuf_addstr(&body, "format: WARC File Format 1.1\r\n");
  strbuf_addstr(&body, "conformsTo: https://iipc.github.io/"
                       "warc-specifications/specifications/warc-format/"
                       "warc-1.1/\r\n");
  strbuf_addstr(&body, "description: pages of a netno corpus; HTTP "
                       "messages rebuilt from the stored status, headers "
                       "and decoded body\r\n");
  if (o->site)
    add_field(&body, "netno-site", o->site);
  if (o->since)
    strbuf_addf(&body, "netno-since: %s\r\n",
                time_format_iso(o->since, date, sizeof(date)));
  if (o->until)
    strbuf_addf(&body, "netno-until: %s\r\n",
                time_format_iso(o->until, date, sizeof(date)));

  strbuf_addstr(&head, "WARC-Type: warcinfo\r\n");
  strbuf_addf(&head, "WARC-Record-ID: <urn:uuid:%s>\r\n", w->info_id);
  add_date_field(&head, now);
  if (o->out_path && strcmp(o->out_path, "-")) {
    const char *base = strrchr(o->out_path, '/');
    add_field(&head, "WARC-Filename", base ? base + 1 : o->out_path);
  }
  strbuf_addstr(&head, "Content-Type: application/warc-fields\r\n");
  ret = put_record(w, &head, body.buf, body.len, NULL, 0);
  strbuf_release(&head);
  strbuf_release(&body);
  return ret;
}

/* The page row the export needs beyond corpus_load_page(). */
struct page_row {
  int64_t id;
  const char *url, *final_url, *ip, *headers, *content_type, *sha256;
  int status;
  int64_t fetched_at;
};

/* The request and response records of a page with an HTTP status. */
static int put_exchange(struct warc_out *w, const struct page_row *r,
                        const struct corpus_page_data *d)
{
  const char *uri = r->final_url ? r->final_url : r->url;
  struct strbuf head = STRBUF_INIT, req = STRBUF_INIT, http = STRBUF_INIT;
  char resp_id[EXPORT_UUID_MAX], req_id[EXPORT_UUID_MAX], digest[38];
  char *name;
  int ret = -1;

  name = xasprintf("urn:netno:page:%lld:%s:response", (long long)r->id,
                   r->sha256 ? r->sha256 : "");
  export_uuid_of(name, resp_id);
  free(name);
  name = xasprintf("urn:netno:page:%lld:%s:request", (long long)r->id,
                   r->sha256 ? r->sha256 : "");
  export_uuid_of(name, req_id);
  free(name);

  http_request(&req, uri);
  strbuf_addstr(&head, "WARC-Type: request\r\n");
  strbuf_addf(&head, "WARC-Record-ID: <urn:uuid:%s>\r\n", req_id);
  add_date_field(&head, r->fetched_at);
  add_uri_field(&head, "WARC-Target-URI", uri);
  strbuf_addf(&head, "WARC-Warcinfo-ID: <urn:uuid:%s>\r\n", w->info_id);
  strbuf_addf(&head, "WARC-Concurrent-To: <urn:uuid:%s>\r\n", resp_id);
  digest_of(req.buf, req.len, "", 0, digest);
  strbuf_addf(&head, "WARC-Block-Digest: %s\r\n", digest);
  strbuf_addstr(&head, "Content-Type: application/http; msgtype=request\r\n");
  if (put_record(w, &head, req.buf, req.len, NULL, 0) < 0)
    goto out;

  http_response_head(&http, r->status, r->headers, r->content_type,
                     d->body_len);
  strbuf_reset(&head);
  strbuf_addstr(&head, "WARC-Type: response\r\n");
  strbuf_addf(&head, "WARC-Record-ID: <urn:uuid:%s>\r\n", resp_id);
  add_date_field(&head, r->fetched_at);
  add_uri_field(&head, "WARC-Target-URI", uri);
  strbuf_addf(&head, "WARC-Warcinfo-ID: <urn:uuid:%s>\r\n", w->info_id);
  if (r->ip && *r->ip)
    add_field(&head, "WARC-IP-Address", r->ip);
  digest_of(d->body, d->body_len, "", 0, digest);
  strbuf_addf(&head, "WARC-Payload-Digest: %s\r\n", digest);
  digest_of(http.buf, http.len, d->body, d->body_len, digest);
  strbuf_addf(&head, "WARC-Block-Digest: %s\r\n", digest);
  strbuf_addstr(&head, "Content-Type: application/http; msgtype=response\r\n");
  ret = put_record(w, &head, http.buf, http.len, d->body, d->body_len);
out:
  strbuf_release(&head);
  strbuf_release(&req);
  strbuf_release(&http);
  return ret;
}

/* A resource record: a page that was not an HTTP response. */
static int put_resource(struct warc_out *w, const struct page_row *r,
                        const struct corpus_page_data *d)
{
  const char *uri = r->final_url ? r->final_url : r->url;
  struct strbuf head = STRBUF_INIT;
  char id[EXPORT_UUID_MAX], digest[38], *name;
  int ret;

  name = xasprintf("urn:netno:page:%lld:%s:resource", (long long)r->id,
                   r->sha256 ? r->sha256 : "");
  export_uuid_of(name, id);
  free(name);
  digest_of(d->body, d->body_len, "", 0, digest);
  strbuf_addstr(&head, "WARC-Type: resource\r\n");
  strbuf_addf(&head, "WARC-Record-ID: <urn:uuid:%s>\r\n", id);
  add_date_field(&head, r->fetched_at);
  add_uri_field(&head, "WARC-Target-URI", uri);
  strbuf_addf(&head, "WARC-Warcinfo-ID: <urn:uuid:%s>\r\n", w->info_id);
  strbuf_addf(&head, "WARC-Payload-Digest: %s\r\n", digest);
  strbuf_addf(&head, "WARC-Block-Digest: %s\r\n", digest);
  add_field(&head, "Content-Type",
            r->content_type && *r->content_type ? r->content_type
                                                : "application/octet-stream");
  ret = put_record(w, &head, d->body, d->body_len, NULL, 0);
  strbuf_release(&head);
  return ret;
}

static const char *text_col(sqlite3_stmt *st, int i)
{
  return (const char *)sqlite3_column_text(st, i);
}

int export_warc(struct corpus *c, const struct export_opts *o, FILE *out)
{
  struct warc_out w = {.out = out};
  sqlite3_stmt *st = NULL;
  int64_t pages = 0;
  int rc, ret = -1;

  if (pseudonymizer_mode(o->names) != PSEUDONYM_OFF)
    return error("cannot pseudonymise a warc export: it holds the pages "
                 "as they were fetched; leave out --pseudonymize or choose "
                 "another format");
  w.path =
      o->out_path && strcmp(o->out_path, "-") ? o->out_path : "standard output";
  w.gzip = !(o->out_path && ends_with(o->out_path, ".warc"));
  if (put_warcinfo(&w, o, now_utc()) < 0)
    goto out;

  st = corpus_prepare(
      c, "SELECT p.id, p.url, p.final_url, p.ip, p.headers, "
         "p.content_type, p.sha256, p.status, p.fetched_at, p.source "
         "FROM page p LEFT JOIN site s ON s.id = p.site_id "
         "WHERE (?1 IS NULL OR s.host = ?1 COLLATE NOCASE) "
         "AND (?2 = 0 OR p.fetched_at >= ?2) "
         "AND (?3 = 0 OR p.fetched_at < ?3) ORDER BY p.id");
  if (!st)
    goto out;
  corpus_bind_text(st, 1, o->site && *o->site ? o->site : NULL);
  sqlite3_bind_int64(st, 2, o->since);
  sqlite3_bind_int64(st, 3, o->until);
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    struct page_row r = {
        .id = sqlite3_column_int64(st, 0),
        .url = text_col(st, 1),
        .final_url = text_col(st, 2),
        .ip = text_col(st, 3),
        .headers = text_col(st, 4),
        .content_type = text_col(st, 5),
        .sha256 = text_col(st, 6),
        .status = sqlite3_column_int(st, 7),
        .fetched_at = sqlite3_column_int64(st, 8),
    };
    const char *source = text_col(st, 9);
    struct corpus_page_data d;
    int http = r.status > 0 && source &&
               (!strcmp(source, "crawl") || !strcmp(source, "warc"));

    if (corpus_load_page(c, r.id, &d) < 0)
      goto out;
    rc = http ? put_exchange(&w, &r, &d) : put_resource(&w, &r, &d);
    corpus_page_data_release(&d);
    if (rc < 0)
      goto out;
    pages++;
  }
  if (rc != SQLITE_DONE) {
    corpus_sql_error(c, "reading pages");
    goto out;
  }
  errno = 0;
  if (fflush(out) != 0 || ferror(out)) {
    error("cannot write '%s': %s", w.path, strerror(errno ? errno : EIO));
    goto out;
  }
  verbose("warc: %lld pages", (long long)pages);
  ret = 0;
out:
  sqlite3_finalize(st);
  return ret;
}
