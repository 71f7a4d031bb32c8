/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Reading WARC files (ISO 28500, WARC/1.0 and 1.1), plain or gzip
 * compressed per record or as a whole (zlib's gzread reads both and plain
 * files alike).  A response record's HTTP message is split into status,
 * headers and body, with chunked transfer coding and gzip/deflate content
 * coding undone, so that the body stored is what a browser would parse.
 */
#include "corpus/warc.h"
#include "util/util.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zlib.h>

#define MAX_HEADER_LINE 65536
#define MAX_RECORD (256u * 1024 * 1024)

struct warc_reader {
  gzFile gz;
  char *path;
  uint64_t records;
};

struct warc_reader *warc_open(const char *path)
{
  struct warc_reader *r;
  gzFile gz = gzopen(path, "rb");

  if (!gz) {
    error("cannot open '%s': %s", path, strerror(errno ? errno : ENOMEM));
    return NULL;
  }
  gzbuffer(gz, 256 * 1024);
  r = xcalloc(1, sizeof(*r));
  r->gz = gz;
  r->path = xstrdup(path);
  return r;
}

void warc_close(struct warc_reader *r)
{
  if (!r)
    return;
  gzclose(r->gz);
  free(r->path);
  free(r);
}

void warc_record_release(struct warc_record *rec)
{
  free(rec->type);
  free(rec->target_uri);
  free(rec->date);
  free(rec->ip);
  free(rec->content_type);
  free(rec->http_headers);
  free(rec->http_content_type);
  free(rec->body);
  memset(rec, 0, sizeof(*rec));
}

/* Read one line (up to LF) into sb, without the line end; 0 at EOF with
 * nothing read, -1 when too long. */
static int read_line(gzFile gz, struct strbuf *sb)
{
  int ch;

  strbuf_reset(sb);
  while ((ch = gzgetc(gz)) != -1) {
    if (ch == '\n')
      break;
    if (strbuf_addch(sb, ch) < 0)
      return -1;
  }
  if (ch == -1 && sb->len == 0)
    return 0;
  if (sb->len && sb->buf[sb->len - 1] == '\r')
    sb->buf[--sb->len] = '\0';
  return 1;
}

/* "Name: value" -> value, when the line's name is name (any case). */
static const char *header_value(const char *line, const char *name)
{
  size_t n = strlen(name);

  if (strncasecmp(line, name, n) || line[n] != ':')
    return NULL;
  line += n + 1;
  while (*line == ' ' || *line == '\t')
    line++;
  return line;
}

/* Undo chunked transfer coding in place; -1 when malformed. */
static int dechunk(char *buf, size_t *len)
{
  size_t in = 0, out = 0;

  while (in < *len) {
    char *end;
    unsigned long size = strtoul(buf + in, &end, 16);
    size_t eol;
    if (end == buf + in)
      return -1;
    for (eol = (size_t)(end - buf); eol < *len && buf[eol] != '\n'; eol++)
      ;
    if (eol >= *len)
      return -1;
    in = eol + 1;
    if (size == 0)
      break;
    if (size > *len - in)
      size = *len - in; /* truncated record: keep what is there */
    memmove(buf + out, buf + in, size);
    out += size;
    in += size;
    if (in < *len && buf[in] == '\r')
      in++;
    if (in < *len && buf[in] == '\n')
      in++;
  }
  *len = out;
  return 0;
}

/* Inflate gzip or zlib/deflate data into a new buffer (capped). */
static int inflate_body(const char *in, size_t len, char **out,
                        size_t *out_len)
{
  struct strbuf sb;
  z_stream zs;
  unsigned char chunk[65536];
  int rc, raw_tried = 0;

again:
  strbuf_init(&sb, MAX_RECORD);
  memset(&zs, 0, sizeof(zs));
  /* 15 + 32: zlib or gzip header, detected; -15: raw deflate, which some
   * servers send as "deflate". */
  if (inflateInit2(&zs, raw_tried ? -15 : 15 + 32) != Z_OK)
    return -1;
  zs.next_in = (Bytef *)in;
  zs.avail_in = (uInt)len;
  do {
    zs.next_out = chunk;
    zs.avail_out = sizeof(chunk);
    rc = inflate(&zs, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR)
      break;
    if (strbuf_add(&sb, chunk, sizeof(chunk) - zs.avail_out) < 0) {
      rc = Z_MEM_ERROR;
      break;
    }
    if (rc == Z_BUF_ERROR && zs.avail_in == 0)
      break; /* truncated: keep what came out */
  } while (rc != Z_STREAM_END);
  inflateEnd(&zs);
  if (rc == Z_DATA_ERROR && !raw_tried && sb.len == 0) {
    strbuf_release(&sb);
    raw_tried = 1;
    goto again;
  }
  if (rc != Z_STREAM_END && rc != Z_BUF_ERROR && rc != Z_OK) {
    strbuf_release(&sb);
    return -1;
  }
  *out = strbuf_detach(&sb, out_len);
  return 0;
}

/* Split an HTTP response message (the record block) into its parts. */
static void split_http(struct warc_record *rec)
{
  char *p = rec->body, *end = rec->body + rec->body_len, *hdr_end;
  struct strbuf headers = STRBUF_INIT;
  int chunked = 0, gzipped = 0;
  size_t hlen;

  if (rec->body_len < 12 || strncmp(p, "HTTP/", 5))
    return;
  hdr_end = memmem(p, rec->body_len, "\r\n\r\n", 4);
  hlen = 4;
  if (!hdr_end) {
    hdr_end = memmem(p, rec->body_len, "\n\n", 2);
    hlen = 2;
  }
  if (!hdr_end)
    hdr_end = end, hlen = 0;
  {
    char *sp = memchr(p, ' ', (size_t)(hdr_end - p));
    rec->http_status = sp ? atoi(sp + 1) : 0;
  }
  /* Header lines, one by one. */
  for (char *line = memchr(p, '\n', (size_t)(hdr_end - p)); line &&
                                                           line < hdr_end;) {
    char *next = memchr(line + 1, '\n', (size_t)(hdr_end - line - 1));
    size_t n = (size_t)((next ? next : hdr_end) - (line + 1));
    char *text = xstrndup(line + 1, n);
    const char *v;
    size_t tl = strlen(text);
    if (tl && text[tl - 1] == '\r')
      text[--tl] = '\0';
    if (*text) {
      strbuf_addstr(&headers, text);
      strbuf_addch(&headers, '\n');
    }
    if ((v = header_value(text, "Transfer-Encoding")) &&
        strcasestr(v, "chunked"))
      chunked = 1;
    if ((v = header_value(text, "Content-Encoding")) &&
        (strcasestr(v, "gzip") || strcasestr(v, "deflate")))
      gzipped = 1;
    if ((v = header_value(text, "Content-Type"))) {
      free(rec->http_content_type);
      rec->http_content_type = xstrdup(v);
    }
    free(text);
    line = next;
  }
  rec->http_headers = strbuf_detach(&headers, NULL);

  /* The payload, moved to the front of the buffer. */
  {
    char *body = hdr_end + hlen;
    size_t blen = body <= end ? (size_t)(end - body) : 0;
    memmove(rec->body, body, blen);
    rec->body_len = blen;
    rec->body[blen] = '\0';
  }
  if (chunked && dechunk(rec->body, &rec->body_len) < 0)
    rec->damaged = 1;
  if (gzipped) {
    char *plain;
    size_t plen;
    if (inflate_body(rec->body, rec->body_len, &plain, &plen) == 0) {
      free(rec->body);
      rec->body = plain;
      rec->body_len = plen;
    } else {
      rec->damaged = 1;
    }
  }
  rec->body[rec->body_len] = '\0';
}

/* A header field that occurs twice: the last one counts. */
static void field_set(char **field, char *value)
{
  free(*field);
  *field = value;
}

int warc_next(struct warc_reader *r, struct warc_record *rec)
{
  struct strbuf line;
  uint64_t length = 0;
  int have_length = 0, rc, ret = -1;

  memset(rec, 0, sizeof(*rec));
  strbuf_init(&line, MAX_HEADER_LINE);
  /* Skip blank lines between records. */
  do {
    rc = read_line(r->gz, &line);
  } while (rc == 1 && line.len == 0);
  if (rc == 0) {
    ret = 0;
    goto out;
  }
  if (rc < 0 || strncmp(line.buf, "WARC/", 5)) {
    error("'%s': record %llu does not start with a WARC version line",
          r->path, (unsigned long long)r->records + 1);
    goto out;
  }
  while ((rc = read_line(r->gz, &line)) == 1 && line.len) {
    const char *v;
    if ((v = header_value(line.buf, "WARC-Type")))
      field_set(&rec->type, xstrdup(v));
    else if ((v = header_value(line.buf, "WARC-Target-URI"))) {
      /* WARC/1.0 writers sometimes wrap the URI in <>. */
      size_t n = strlen(v);
      field_set(&rec->target_uri, (*v == '<' && n > 1 && v[n - 1] == '>')
                                      ? xstrndup(v + 1, n - 2)
                                      : xstrdup(v));
    } else if ((v = header_value(line.buf, "WARC-Date")))
      field_set(&rec->date, xstrdup(v));
    else if ((v = header_value(line.buf, "WARC-IP-Address")))
      field_set(&rec->ip, xstrdup(v));
    else if ((v = header_value(line.buf, "Content-Type")))
      field_set(&rec->content_type, xstrdup(v));
    else if ((v = header_value(line.buf, "Content-Length"))) {
      char *e;
      errno = 0;
      length = strtoull(v, &e, 10);
      have_length = !errno && e != v;
    }
  }
  if (rc < 0 || !have_length) {
    error("'%s': record %llu has %s", r->path,
          (unsigned long long)r->records + 1,
          rc < 0 ? "an overlong header line" : "no Content-Length");
    goto out;
  }
  r->records++;
  if (length > MAX_RECORD) {
    /* Skip it: too large for a page netno would keep. */
    rec->skipped = 1;
    if (gzseek(r->gz, (z_off_t)length, SEEK_CUR) < 0) {
      error("'%s': cannot skip record %llu", r->path,
            (unsigned long long)r->records);
      goto out;
    }
    ret = 1;
    goto out;
  }
  rec->body = xmalloc(length + 1);
  {
    int n = gzread(r->gz, rec->body, (unsigned)length);
    if (n < 0 || (uint64_t)n < length) {
      rec->damaged = 1; /* truncated at the end of the file */
      length = n < 0 ? 0 : (uint64_t)n;
    }
  }
  rec->body_len = length;
  rec->body[length] = '\0';
  if (rec->type && !strcmp(rec->type, "response") && rec->content_type &&
      strcasestr(rec->content_type, "application/http"))
    split_http(rec);
  ret = 1;
out:
  strbuf_release(&line);
  if (ret != 1)
    warc_record_release(rec);
  return ret;
}
