/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "corpus/warc.h"
#include "tests/unit/test.h"
#include "util/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

/* gzip-compress text (what a server sends with Content-Encoding: gzip). */
static size_t gzip_bytes(const char *text, unsigned char *out, size_t cap)
{
  z_stream zs;
  size_t n;

  memset(&zs, 0, sizeof(zs));
  deflateInit2(&zs, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
  zs.next_in = (Bytef *)text;
  zs.avail_in = (uInt)strlen(text);
  zs.next_out = out;
  zs.avail_out = (uInt)cap;
  deflate(&zs, Z_FINISH);
  n = cap - zs.avail_out;
  deflateEnd(&zs);
  return n;
}

/* A response with chunked transfer coding around a gzip body, then a
 * truncated record at the end of the file. */
TEST(warc_chunked_gzip_and_truncated)
{
  static const char page[] = "<html><body>Grüße, Welt</body></html>";
  unsigned char gz[512];
  size_t gzlen = gzip_bytes(page, gz, sizeof(gz));
  struct strbuf http = STRBUF_INIT, file = STRBUF_INIT;
  char *path = xasprintf("%s/t.warc", test_tmpdir());
  struct warc_reader *r;
  struct warc_record rec;
  size_t half = gzlen / 2;
  FILE *f;

  strbuf_addstr(&http, "HTTP/1.1 200 OK\r\nContent-Type: text/html; "
                       "charset=utf-8\r\nTransfer-Encoding: chunked\r\n"
                       "Content-Encoding: gzip\r\n\r\n");
  strbuf_addf(&http, "%zx\r\n", half);
  strbuf_add(&http, gz, half);
  strbuf_addf(&http, "\r\n%zx\r\n", gzlen - half);
  strbuf_add(&http, gz + half, gzlen - half);
  strbuf_addstr(&http, "\r\n0\r\n\r\n");
  strbuf_addf(&file,
              "WARC/1.1\r\nWARC-Type: response\r\n"
              "WARC-Target-URI: https://f.example/t/1\r\n"
              "WARC-Date: 2009-05-08T23:56:00Z\r\n"
              "Content-Type: application/http; msgtype=response\r\n"
              "Content-Length: %zu\r\n\r\n",
              http.len);
  strbuf_add(&file, http.buf, http.len);
  strbuf_addstr(&file, "\r\n\r\nWARC/1.1\r\nWARC-Type: resource\r\n"
                       "WARC-Target-URI: https://f.example/x\r\n"
                       "Content-Length: 100\r\n\r\nonly twenty bytes...");
  f = fopen(path, "wb");
  fwrite(file.buf, 1, file.len, f);
  fclose(f);

  r = warc_open(path);
  CHECK(r != NULL);
  if (!r)
    goto out;
  CHECK_INT(warc_next(r, &rec), 1);
  CHECK_STR(rec.type, "response");
  CHECK_STR(rec.target_uri, "https://f.example/t/1");
  CHECK_STR(rec.date, "2009-05-08T23:56:00Z");
  CHECK_INT(rec.http_status, 200);
  CHECK_STR(rec.http_content_type, "text/html; charset=utf-8");
  CHECK_STR(rec.body, page);
  CHECK_INT(rec.damaged, 0);
  warc_record_release(&rec);
  CHECK_INT(warc_next(r, &rec), 1);
  CHECK_STR(rec.type, "resource");
  CHECK_INT(rec.damaged, 1);
  CHECK_STR(rec.body, "only twenty bytes...");
  warc_record_release(&rec);
  CHECK_INT(warc_next(r, &rec), 0);
  warc_close(r);
out:
  strbuf_release(&http);
  strbuf_release(&file);
  free(path);
}

TEST(warc_rejects_non_warc)
{
  char *path = xasprintf("%s/bad.warc", test_tmpdir());
  FILE *f = fopen(path, "wb");
  struct warc_reader *r;
  struct warc_record rec;

  fputs("<html>not a warc</html>\n", f);
  fclose(f);
  r = warc_open(path);
  CHECK(r != NULL);
  if (r) {
    CHECK_INT(warc_next(r, &rec), -1);
    warc_close(r);
  }
  free(path);
}
