/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test-server: netno's HTTP server for the crawler tests, on libmicrohttpd.
 *
 * It listens only on a loopback address (127.0.0.1, or --bind inside
 * 127.0.0.0/8) on a port chosen by the kernel, writes that port to
 * --port-file and its process ID to --pid-file, logs one line per request
 * to --log, and serves the generated forum and blog of forumgen.c plus the
 * fault endpoints below /fault/, the calendar trap below /calendar/,
 * sitemaps and feeds below /disc/ and conditional requests below /cond/.
 * It exits on SIGTERM or SIGINT, and after --max-seconds in any case, so a
 * forgotten server does not linger.  tests/server/README.md lists the
 * endpoints.
 *
 * One thread per connection: a slow or endless body blocks only its own
 * connection.  Every body generator checks `stopping` so that shutdown is
 * quick.
 */
#include "tests/server/forumgen.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

enum robots_mode {
  ROBOTS_NORMAL,
  ROBOTS_404,
  ROBOTS_500,
  ROBOTS_HUGE,
  ROBOTS_TRICKY,
  ROBOTS_GARBAGE,
  ROBOTS_DISCOVERY
};

static const char *const robots_names[] = {
    "normal", "404", "500", "huge", "tricky", "garbage", "discovery"};

enum { FLAKY_MAX = 1024, FLAKY_ID_MAX = 64, LOG_URI_MAX = 2048 };

/* The per-id request counters of /fault/flaky, /fault/429 and /fault/503. */
struct flaky_counter {
  char id[FLAKY_ID_MAX];
  unsigned long seen;
};

struct server {
  struct forumgen *gen;
  enum robots_mode robots;
  char addr[INET_ADDRSTRLEN];
  unsigned port;
  char base[64]; /* "http://127.0.0.1:PORT" */
  int log_fd;    /* -1 without --log */
  pthread_mutex_t lock;
  struct flaky_counter flaky[FLAKY_MAX];
  size_t nflaky;
  const char *login_cookie; /* --login-wall NAME=VALUE, or NULL */
  int login_redirect;       /* --login-redirect */
};

/* One request: its raw URI (path and query) as the client sent it. */
struct request {
  char *uri;
  int called; /* the handler has seen the headers */
};

static atomic_int stopping;

/* ---- query arguments, counters, log ---------------------------------- */

/* Sleep ms milliseconds in small steps; 0, or -1 when the server stops. */
static int nap(unsigned long ms)
{
  while (ms > 0 && !atomic_load(&stopping)) {
    unsigned long step = ms < 50 ? ms : 50;
    struct timespec ts = {0, (long)step * 1000000L};

    nanosleep(&ts, NULL);
    ms -= step;
  }
  return atomic_load(&stopping) ? -1 : 0;
}

/* The unsigned value of key in the raw query, clamped to max, or def. */
static unsigned long arg_uint(const char *query, const char *key,
                              unsigned long def, unsigned long max)
{
  size_t klen = strlen(key);

  for (const char *p = query; p && *p;) {
    const char *amp = strchr(p, '&');

    if (!strncmp(p, key, klen) && p[klen] == '=') {
      char *end;
      unsigned long v = strtoul(p + klen + 1, &end, 10);

      if (end == p + klen + 1)
        return def;
      return v > max ? max : v;
    }
    p = amp ? amp + 1 : NULL;
  }
  return def;
}

/* The raw text of key in the query into buf (cut at size - 1); 0 when
 * found, -1 when absent. */
static int arg_text(const char *query, const char *key, char *buf, size_t size)
{
  size_t klen = strlen(key);

  for (const char *p = query; p && *p;) {
    const char *amp = strchr(p, '&');

    if (!strncmp(p, key, klen) && p[klen] == '=') {
      size_t n = amp ? (size_t)(amp - p - klen - 1) : strlen(p + klen + 1);

      if (n >= size)
        n = size - 1;
      memcpy(buf, p + klen + 1, n);
      buf[n] = '\0';
      return 0;
    }
    p = amp ? amp + 1 : NULL;
  }
  return -1;
}

/* Count one more request for id; returns how many came before it. */
static unsigned long flaky_count(struct server *s, const char *id)
{
  unsigned long before = 0;
  size_t i;

  pthread_mutex_lock(&s->lock);
  for (i = 0; i < s->nflaky; i++)
    if (!strcmp(s->flaky[i].id, id))
      break;
  if (i == s->nflaky) {
    if (s->nflaky == FLAKY_MAX) {
      /* Full: the table restarts; tests use a handful of ids. */
      s->nflaky = 0;
      i = 0;
    }
    snprintf(s->flaky[i].id, sizeof(s->flaky[i].id), "%s", id);
    s->flaky[i].seen = 0;
    s->nflaky++;
  }
  before = s->flaky[i].seen++;
  pthread_mutex_unlock(&s->lock);
  return before;
}

/* One log line per request: "TIME METHOD URI STATUS", written with one
 * write() so that it is on disk even if the client is killed next. */
static void log_request(struct server *s, const char *method,
                        const struct request *r, unsigned status)
{
  struct strbuf line = STRBUF_INIT;
  struct timespec now;
  char iso[32];
  const char *uri = r && r->uri ? r->uri : "-";

  if (s->log_fd < 0)
    return;
  clock_gettime(CLOCK_REALTIME, &now);
  time_format_iso(now.tv_sec, iso, sizeof(iso));
  iso[19] = '\0'; /* drop the Z, add milliseconds */
  strbuf_addf(&line, "%s.%03ldZ %s ", iso, now.tv_nsec / 1000000L, method);
  for (size_t i = 0; uri[i] && i < LOG_URI_MAX; i++) {
    unsigned char c = (unsigned char)uri[i];

    if (c <= ' ' || c >= 0x7f)
      strbuf_addf(&line, "%%%02X", c);
    else
      strbuf_addch(&line, (char)c);
  }
  strbuf_addf(&line, " %u\n", status);
  pthread_mutex_lock(&s->lock);
  if (write(s->log_fd, line.buf, line.len) != (ssize_t)line.len)
    warning("cannot write the request log: %s", strerror(errno));
  pthread_mutex_unlock(&s->lock);
  strbuf_release(&line);
}

/* Queue resp with status, log it and drop our reference. */
static enum MHD_Result send_response(struct server *s, struct MHD_Connection *c,
                                     const char *method,
                                     const struct request *r, unsigned status,
                                     struct MHD_Response *resp)
{
  enum MHD_Result ret;

  if (!resp)
    return MHD_NO;
  MHD_add_response_header(resp, "Server", "netno-test-server");
  ret = MHD_queue_response(c, status, resp);
  MHD_destroy_response(resp);
  log_request(s, method, r, status);
  return ret;
}

/* A response holding body (taken over) with a content type. */
static struct MHD_Response *from_strbuf(struct strbuf *body,
                                        const char *content_type)
{
  size_t len;
  char *data = strbuf_detach(body, &len);
  struct MHD_Response *resp =
      MHD_create_response_from_buffer(len, data, MHD_RESPMEM_MUST_FREE);

  if (!resp) {
    free(data);
    return NULL;
  }
  MHD_add_response_header(resp, "Content-Type", content_type);
  return resp;
}

static struct MHD_Response *short_page(const char *title, const char *text)
{
  struct strbuf sb = STRBUF_INIT;

  strbuf_addf(&sb,
              "<!DOCTYPE html>\n<html><head><title>%s</title></head>"
              "<body><h1>%s</h1><p>%s</p></body></html>\n",
              title, title, text);
  return from_strbuf(&sb, "text/html; charset=UTF-8");
}

static struct MHD_Response *redirect(const char *location)
{
  struct MHD_Response *resp = short_page("Moved", "This page has moved.");

  if (resp)
    MHD_add_response_header(resp, "Location", location);
  return resp;
}

/* ---- robots.txt modes -------------------------------------------------- */

/* A robots.txt of about 1 MiB: real rules first, filler, and one rule
 * beyond 512,000 bytes that a crawler may ignore (RFC 9309 asks for at
 * least 500 KiB to be parsed). */
static void robots_huge(struct strbuf *sb)
{
  strbuf_addstr(sb, "User-agent: *\nDisallow: /ucp.php\n"
                    "Disallow: /search.php\n");
  for (unsigned i = 0; sb->len < 1024 * 1024 - 64; i++)
    strbuf_addf(sb, "Disallow: /filler/%07u/\n", i);
  strbuf_addstr(sb, "Disallow: /after-limit/\n");
}

/*
 * Rules that trip up naive parsers; README.md lists what each line
 * should do for a crawler whose product token is "netno".
 */
static void robots_tricky(const struct server *s, struct strbuf *sb)
{
  strbuf_addstr(sb, "\xef\xbb\xbf# tricky robots.txt for netno tests\n"
                    "User-agent: SomeOtherBot\nDisallow: /\n\n"
                    "User-agent: *\nDisallow: /\n\n"
                    "user-agent: NETNO\nuser-agent: wget\n"
                    "Allow: /\n"
                    "Disallow: /ucp.php\n"
                    "Disallow: /search.php\n"
                    "Disallow: /*?sid=\n"
                    "Disallow: /*&sid=\n"
                    "Disallow: /private$\n"
                    "Disallow: /private/\n"
                    "Allow: /private/open\n"
                    "Disallow: /fault/\n"
                    "Allow: /fault/flaky\n"
                    "Disallow: /%7Euser/\n"
                    "Disallow: /a%2fb\n"
                    "Allow: /tie\n"
                    "Disallow: /tie\n"
                    "Disallow: /*.zip$\n"
                    "Crawl-delay: 0.5\n"
                    "   Disallow   :   /spaced   # comment after a rule\n"
                    "Unknown-field: whatever\n\n");
  strbuf_addf(sb, "Sitemap: %s/sitemap.xml\n", s->base);
}

/* Bytes that are not a robots.txt at all. */
static void robots_garbage(struct strbuf *sb)
{
  strbuf_addstr(sb, "<html><body><h1>Welcome!</h1>\n<p>Disallow this?"
                    "</p></body></html>\n");
  for (unsigned i = 0; i < 512; i++)
    strbuf_addch(sb, (char)(i * 131 % 251 + 1));
  strbuf_addstr(sb, "\nUser-agent *\nDisallow /\n");
}

static enum MHD_Result serve_robots(struct server *s, struct MHD_Connection *c,
                                    const char *method, const struct request *r)
{
  struct strbuf sb = STRBUF_INIT;
  const char *ct = "text/plain; charset=UTF-8";

  switch (s->robots) {
  case ROBOTS_404:
    return send_response(s, c, method, r, 404,
                         short_page("Not Found", "No robots.txt here."));
  case ROBOTS_500:
    return send_response(s, c, method, r, 500,
                         short_page("Internal Server Error", "Try later."));
  case ROBOTS_HUGE:
    robots_huge(&sb);
    break;
  case ROBOTS_TRICKY:
    robots_tricky(s, &sb);
    break;
  case ROBOTS_GARBAGE:
    robots_garbage(&sb);
    ct = "text/html";
    break;
  case ROBOTS_DISCOVERY:
    /* ISO-8859-1: "grüße" is 67 72 FC DF 65. */
    strbuf_addf(&sb,
                "User-agent: *\nDisallow: /ucp.php\nDisallow: /search.php\n"
                "Disallow: /disc/gr\xfc\xdf"
                "e/\n\n"
                "Sitemap: %s/disc/sitemap-index.xml\n",
                s->base);
    ct = "text/plain; charset=ISO-8859-1";
    break;
  case ROBOTS_NORMAL:
    forumgen_render(s->gen, "/robots.txt", NULL, &sb, &ct);
    break;
  }
  return send_response(s, c, method, r, 200, from_strbuf(&sb, ct));
}

/* ---- streamed bodies --------------------------------------------------- */

/* /fault/slow: chunks of one line, ms milliseconds apart. */
struct slow_body {
  unsigned long ms;
};

static const char slow_line[] = "<p>slow</p>\n"; /* 12 bytes */
#define SLOW_LINE_LEN (sizeof(slow_line) - 1)

static ssize_t slow_read(void *cls, uint64_t pos, char *buf, size_t max)
{
  struct slow_body *b = cls;
  size_t off = (size_t)(pos % SLOW_LINE_LEN);
  size_t n = SLOW_LINE_LEN - off;

  if (off == 0 && pos > 0 && nap(b->ms) < 0)
    return MHD_CONTENT_READER_END_WITH_ERROR;
  if (n > max)
    n = max;
  memcpy(buf, slow_line + off, n);
  return (ssize_t)n;
}

/* /fault/reset: part of the promised body, then a TCP reset. */
struct reset_body {
  struct MHD_Connection *conn;
  uint64_t bytes;
};

static ssize_t reset_read(void *cls, uint64_t pos, char *buf, size_t max)
{
  struct reset_body *b = cls;
  const union MHD_ConnectionInfo *info;
  struct linger lg = {1, 0};

  if (pos < b->bytes) {
    size_t n = b->bytes - pos < max ? (size_t)(b->bytes - pos) : max;

    memset(buf, 'r', n);
    return (ssize_t)n;
  }
  /* Give the client time to read what was sent, then reset: SO_LINGER
   * with a zero timeout makes close() send RST instead of FIN. */
  nap(100);
  info = MHD_get_connection_info(b->conn, MHD_CONNECTION_INFO_CONNECTION_FD);
  if (info)
    setsockopt(info->connect_fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
  return MHD_CONTENT_READER_END_WITH_ERROR;
}

/* /fault/endless: HTML lines for ever (until the server stops). */
static ssize_t endless_read(void *cls, uint64_t pos, char *buf, size_t max)
{
  static const char line[] = "<p>more</p>\n";
  size_t n = 0;

  (void)cls;
  if (atomic_load(&stopping))
    return MHD_CONTENT_READER_END_WITH_ERROR;
  for (size_t off = (size_t)(pos % (sizeof(line) - 1)); n < max; off = 0) {
    size_t k = sizeof(line) - 1 - off;

    if (k > max - n)
      k = max - n;
    memcpy(buf + n, line + off, k);
    n += k;
  }
  return (ssize_t)n;
}

/* /fault/big: a plain body of a known large size. */
static ssize_t big_read(void *cls, uint64_t pos, char *buf, size_t max)
{
  (void)cls;
  (void)pos;
  if (atomic_load(&stopping))
    return MHD_CONTENT_READER_END_WITH_ERROR;
  memset(buf, 'b', max);
  return (ssize_t)max;
}

/*
 * /fault/gzip-bomb: one gzip member that inflates to N MiB of zeros.
 * Deflating 1 GiB takes seconds, so the stream is built from parts made
 * once at start-up: with Z_SYNC_FLUSH after every MiB, the compressed form
 * of each further MiB of zeros is the same bytes (checked when the parts
 * are made), so the body is head + seg * (N - 1) + end + trailer, where the
 * trailer holds the CRC-32 of N MiB of zeros (crc32_combine) and N MiB
 * modulo 2^32 (RFC 1952).  About 1 KiB of body per MiB of zeros.
 */
struct bomb_parts {
  unsigned char head[2048], seg[2048], end[64];
  size_t head_len, seg_len, end_len;
  uLong crc_mib; /* CRC-32 of one MiB of zeros */
};

static struct bomb_parts bomb;

static int bomb_prepare(void)
{
  unsigned char *zeros = xcalloc(1, 1 << 20);
  unsigned char *out[4] = {bomb.head, bomb.seg, NULL, bomb.end};
  unsigned char seg2[2048];
  size_t size[4] = {sizeof(bomb.head), sizeof(bomb.seg), sizeof(seg2),
                    sizeof(bomb.end)};
  size_t len[4];
  z_stream zs;
  int ret = -1;

  out[2] = seg2;
  memset(&zs, 0, sizeof(zs));
  /* windowBits 15 + 16: a gzip wrapper; Z_RLE suits a run of zeros. */
  if (deflateInit2(&zs, 9, Z_DEFLATED, 15 + 16, 9, Z_RLE) != Z_OK) {
    free(zeros);
    return error("cannot initialise zlib");
  }
  for (int i = 0; i < 4; i++) {
    zs.next_in = zeros;
    zs.avail_in = i < 3 ? 1 << 20 : 0;
    zs.next_out = out[i];
    zs.avail_out = (uInt)size[i];
    if (deflate(&zs, i < 3 ? Z_SYNC_FLUSH : Z_FINISH) !=
            (i < 3 ? Z_OK : Z_STREAM_END) ||
        zs.avail_in != 0) {
      error("cannot build the gzip bomb: output larger than expected");
      goto out;
    }
    len[i] = size[i] - zs.avail_out;
  }
  if (len[1] != len[2] || memcmp(bomb.seg, seg2, len[1]) || len[3] < 8) {
    error("cannot build the gzip bomb: zlib output is not periodic");
    goto out;
  }
  bomb.head_len = len[0];
  bomb.seg_len = len[1];
  bomb.end_len = len[3] - 8; /* the trailer is written per response */
  bomb.crc_mib = crc32(0, zeros, 1 << 20);
  ret = 0;
out:
  deflateEnd(&zs);
  free(zeros);
  return ret;
}

struct bomb_body {
  uint64_t mib;
  uint64_t size;
  unsigned char trailer[8];
};

static ssize_t bomb_read(void *cls, uint64_t pos, char *buf, size_t max)
{
  const struct bomb_body *b = cls;
  size_t n = 0;

  if (atomic_load(&stopping))
    return MHD_CONTENT_READER_END_WITH_ERROR;
  while (n < max && pos < b->size) {
    const unsigned char *part;
    uint64_t off, part_len;
    uint64_t segs_end = bomb.head_len + (b->mib - 1) * bomb.seg_len;

    if (pos < bomb.head_len) {
      part = bomb.head, off = pos, part_len = bomb.head_len;
    } else if (pos < segs_end) {
      off = (pos - bomb.head_len) % bomb.seg_len;
      part = bomb.seg, part_len = bomb.seg_len;
    } else if (pos < segs_end + bomb.end_len) {
      part = bomb.end, off = pos - segs_end, part_len = bomb.end_len;
    } else {
      part = b->trailer, off = pos - segs_end - bomb.end_len, part_len = 8;
    }
    size_t k =
        (size_t)(part_len - off) < max - n ? (size_t)(part_len - off) : max - n;
    memcpy(buf + n, part + off, k);
    n += k;
    pos += k;
  }
  return (ssize_t)n;
}

static struct MHD_Response *bomb_response(uint64_t mib)
{
  struct bomb_body *b = xmalloc(sizeof(*b));
  uLong crc = bomb.crc_mib;
  uint64_t isize = (mib << 20) & 0xffffffffu;
  struct MHD_Response *resp;

  for (uint64_t i = 1; i < mib; i++)
    crc = crc32_combine(crc, bomb.crc_mib, 1 << 20);
  for (int i = 0; i < 4; i++) {
    b->trailer[i] = (unsigned char)(crc >> (8 * i));
    b->trailer[4 + i] = (unsigned char)(isize >> (8 * i));
  }
  b->mib = mib;
  b->size = bomb.head_len + (mib - 1) * bomb.seg_len + bomb.end_len + 8;
  resp = MHD_create_response_from_callback(b->size, 65536, bomb_read, b, free);
  if (!resp) {
    free(b);
    return NULL;
  }
  MHD_add_response_header(resp, "Content-Type", "text/html");
  MHD_add_response_header(resp, "Content-Encoding", "gzip");
  return resp;
}

/* ---- fault endpoints --------------------------------------------------- */

/* /fault/429 and /fault/503: with id, only the first fail requests (default
 * 1) get the error, later ones 200; without id, always the error. */
static enum MHD_Result serve_retry_after(struct server *s,
                                         struct MHD_Connection *c,
                                         const char *method,
                                         const struct request *r,
                                         const char *query, unsigned status)
{
  char id[FLAKY_ID_MAX], after[32];
  struct MHD_Response *resp;

  if (arg_text(query, "id", id, sizeof(id)) == 0 &&
      flaky_count(s, id) >= arg_uint(query, "fail", 1, 1000000))
    return send_response(s, c, method, r, 200,
                         short_page("OK", "Served after the wait."));
  snprintf(after, sizeof(after), "%lu", arg_uint(query, "after", 2, 86400));
  resp = short_page(status == 429 ? "Too Many Requests" : "Service Unavailable",
                    "Please retry later.");
  if (resp)
    MHD_add_response_header(resp, "Retry-After", after);
  return send_response(s, c, method, r, status, resp);
}

static enum MHD_Result serve_fault(struct server *s, struct MHD_Connection *c,
                                   const char *method, const struct request *r,
                                   const char *path, const char *query)
{
  struct MHD_Response *resp;
  char text[FLAKY_ID_MAX], loc[256];

  if (!strcmp(path, "/fault/slow")) {
    struct slow_body *b = xmalloc(sizeof(*b));
    unsigned long chunks = arg_uint(query, "chunks", 10, 1000);

    b->ms = arg_uint(query, "ms", 500, 10000);
    resp = MHD_create_response_from_callback(chunks * SLOW_LINE_LEN, 4096,
                                             slow_read, b, free);
    if (!resp)
      free(b);
    else
      MHD_add_response_header(resp, "Content-Type", "text/html");
    return send_response(s, c, method, r, 200, resp);
  }
  if (!strcmp(path, "/fault/reset")) {
    struct reset_body *b = xmalloc(sizeof(*b));

    b->conn = c;
    b->bytes = arg_uint(query, "bytes", 1000, 1 << 20);
    resp = MHD_create_response_from_callback(2 * b->bytes + 1, 4096, reset_read,
                                             b, free);
    if (!resp)
      free(b);
    else
      MHD_add_response_header(resp, "Content-Type", "text/html");
    return send_response(s, c, method, r, 200, resp);
  }
  if (!strcmp(path, "/fault/flaky")) {
    if (arg_text(query, "id", text, sizeof(text)) < 0)
      snprintf(text, sizeof(text), "-");
    if (flaky_count(s, text) < arg_uint(query, "fail", 1, 1000000))
      return send_response(s, c, method, r, 500,
                           short_page("Internal Server Error", "Flaky."));
    return send_response(s, c, method, r, 200,
                         short_page("OK", "Worked this time."));
  }
  if (!strcmp(path, "/fault/429"))
    return serve_retry_after(s, c, method, r, query, 429);
  if (!strcmp(path, "/fault/503"))
    return serve_retry_after(s, c, method, r, query, 503);
  if (!strcmp(path, "/fault/loop"))
    return send_response(s, c, method, r, 302, redirect("/fault/loop-b"));
  if (!strcmp(path, "/fault/loop-b"))
    return send_response(s, c, method, r, 302, redirect("/fault/loop"));
  if (!strcmp(path, "/fault/chain")) {
    unsigned long n = arg_uint(query, "n", 5, 1000);

    if (n == 0)
      return send_response(s, c, method, r, 200,
                           short_page("End of chain", "Arrived."));
    snprintf(loc, sizeof(loc), "/fault/chain?n=%lu", n - 1);
    return send_response(s, c, method, r, 302, redirect(loc));
  }
  if (!strcmp(path, "/fault/other-host")) {
    struct in_addr a;

    if (arg_text(query, "host", text, sizeof(text)) < 0)
      snprintf(text, sizeof(text), "127.0.0.2");
    if (inet_pton(AF_INET, text, &a) != 1)
      return send_response(s, c, method, r, 400,
                           short_page("Bad Request", "host: IPv4 only."));
    snprintf(loc, sizeof(loc), "http://%s:%lu/", text,
             arg_uint(query, "port", s->port, 65535));
    return send_response(s, c, method, r, 302, redirect(loc));
  }
  if (!strcmp(path, "/fault/gzip-bomb")) {
    unsigned long mib = arg_uint(query, "mib", 1024, 4096);

    return send_response(s, c, method, r, 200, bomb_response(mib ? mib : 1));
  }
  if (!strcmp(path, "/fault/endless")) {
    resp = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 65536,
                                             endless_read, NULL, NULL);
    if (resp)
      MHD_add_response_header(resp, "Content-Type", "text/html");
    return send_response(s, c, method, r, 200, resp);
  }
  if (!strcmp(path, "/fault/big")) {
    uint64_t size = (uint64_t)arg_uint(query, "mib", 20, 4096) << 20;

    resp = MHD_create_response_from_callback(size, 65536, big_read, NULL, NULL);
    if (resp)
      MHD_add_response_header(resp, "Content-Type", "text/html");
    return send_response(s, c, method, r, 200, resp);
  }
  if (!strcmp(path, "/fault/500"))
    return send_response(s, c, method, r, 500,
                         short_page("Internal Server Error", "Always."));
  return send_response(s, c, method, r, 404,
                       short_page("Not Found", "No such fault."));
}

/* /calendar/YYYY/MM: a month page linking to the months before and after,
 * for ever: a crawler trap. */
static enum MHD_Result serve_calendar(struct server *s,
                                      struct MHD_Connection *c,
                                      const char *method,
                                      const struct request *r, const char *path)
{
  struct strbuf sb = STRBUF_INIT;
  int y, m, py, pm, ny, nm;
  char tail;

  if (!strcmp(path, "/calendar/") || !strcmp(path, "/calendar"))
    return send_response(s, c, method, r, 302, redirect("/calendar/2024/05"));
  if (sscanf(path, "/calendar/%d/%d%c", &y, &m, &tail) != 2 || y < 1 ||
      y > 999999 || m < 1 || m > 12)
    return send_response(s, c, method, r, 404,
                         short_page("Not Found", "No such month."));
  py = m == 1 ? y - 1 : y;
  pm = m == 1 ? 12 : m - 1;
  ny = m == 12 ? y + 1 : y;
  nm = m == 12 ? 1 : m + 1;
  strbuf_addf(&sb,
              "<!DOCTYPE html>\n<html><head><title>Kalender %04d-%02d</title>"
              "</head><body><h1>Kalender %04d-%02d</h1>\n<p>Keine Termine."
              "</p>\n<a href=\"/calendar/%04d/%02d\" rel=\"prev\">&laquo; "
              "%04d-%02d</a> <a href=\"/calendar/%04d/%02d\" rel=\"next\">"
              "%04d-%02d &raquo;</a>\n</body></html>\n",
              y, m, y, m, py, pm, py, pm, ny, nm, ny, nm);
  return send_response(s, c, method, r, 200,
                       from_strbuf(&sb, "text/html; charset=UTF-8"));
}

/* ---- sitemaps and feeds: /disc/ ---------------------------------------- */

/* body gzip-compressed (a gzip wrapper, as in a .xml.gz file). */
static void gzip_body(const struct strbuf *body, struct strbuf *out)
{
  z_stream zs;
  unsigned char buf[16384];
  int rc;

  memset(&zs, 0, sizeof(zs));
  if (deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8,
                   Z_DEFAULT_STRATEGY) != Z_OK)
    return;
  zs.next_in = (Bytef *)body->buf;
  zs.avail_in = (uInt)body->len;
  do {
    zs.next_out = buf;
    zs.avail_out = sizeof(buf);
    rc = deflate(&zs, Z_FINISH);
    strbuf_add(out, buf, sizeof(buf) - zs.avail_out);
  } while (rc == Z_OK);
  deflateEnd(&zs);
}

static void disc_urlset(const struct server *s, struct strbuf *sb,
                        const char *const *paths, size_t n)
{
  strbuf_addstr(sb, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset "
                    "xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
  for (size_t i = 0; i < n; i++)
    strbuf_addf(sb, "<url><loc>%s%s</loc></url>\n", s->base, paths[i]);
  strbuf_addstr(sb, "</urlset>\n");
}

/* The RSS feed of /disc/ (an item with a comment feed) or that comment
 * feed. */
static void disc_rss(const struct server *s, int main_feed, struct strbuf *sb)
{
  strbuf_addf(sb,
              "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
              "<rss version=\"2.0\" "
              "xmlns:wfw=\"http://wellformedweb.org/CommentAPI/\">"
              "<channel><title>Discovery</title><link>%s/disc/</link>\n",
              s->base);
  if (main_feed)
    strbuf_addf(sb,
                "<item><title>Item</title>"
                "<link>%s/disc/feed-item.html</link>"
                "<comments>%s/disc/feed-item.html#comments</comments>"
                "<wfw:commentRss>%s/disc/comments.rss</wfw:commentRss>"
                "</item>\n",
                s->base, s->base, s->base);
  else
    strbuf_addf(sb,
                "<item><title>Comment</title>"
                "<link>%s/disc/comment-1.html</link></item>\n",
                s->base);
  strbuf_addstr(sb, "</channel></rss>\n");
}

/*
 * A small site whose pages are reached in one way each: from its home
 * page's links, only from a sitemap (named by robots.txt in the
 * "discovery" mode, through an index, one of them gzip-compressed), only
 * from an RSS feed, its item's comment feed, or an Atom feed.
 */
static enum MHD_Result
serve_discovery(struct server *s, struct MHD_Connection *c, const char *method,
                const struct request *r, const char *path)
{
  static const char *const plain_pages[] = {"/disc/only-in-sitemap.html",
                                            "/disc/linked.html"};
  static const char *const gz_pages[] = {"/disc/only-in-gzip-sitemap.html"};
  struct strbuf sb = STRBUF_INIT, gz = STRBUF_INIT;
  const char *ct = "application/xml";

  if (!strcmp(path, "/disc/")) {
    strbuf_addstr(&sb, "<!DOCTYPE html>\n<html><head><title>Discovery</title>\n"
                       "<link rel=\"alternate\" type=\"application/rss+xml\" "
                       "href=\"/disc/feed.rss\">\n"
                       "<link rel=\"alternate\" type=\"application/atom+xml\" "
                       "href=\"/disc/atom.xml\">\n</head><body>\n"
                       "<p><a href=\"/disc/linked.html\">linked</a> "
                       "<a href=\"/disc/gr%C3%BC%C3%9F"
                       "e/verboten.html\">Gr\xc3\xbc\xc3\x9f"
                       "e</a></p>\n</body></html>\n");
    ct = "text/html; charset=UTF-8";
  } else if (!strcmp(path, "/disc/sitemap-index.xml")) {
    strbuf_addf(&sb,
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex "
                "xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
                "<sitemap><loc>%s/disc/sitemap-pages.xml</loc></sitemap>\n"
                "<sitemap><loc>%s/disc/sitemap-more.xml.gz</loc></sitemap>\n"
                "<sitemap><loc>%s/outside/sitemap.xml</loc></sitemap>\n"
                "</sitemapindex>\n",
                s->base, s->base, s->base);
  } else if (!strcmp(path, "/disc/sitemap-pages.xml")) {
    disc_urlset(s, &sb, plain_pages, ARRAY_SIZE(plain_pages));
  } else if (!strcmp(path, "/disc/sitemap-more.xml.gz")) {
    /* A compressed file, not a compressed transfer: no
     * Content-Encoding. */
    disc_urlset(s, &gz, gz_pages, ARRAY_SIZE(gz_pages));
    gzip_body(&gz, &sb);
    ct = "application/gzip";
  } else if (!strcmp(path, "/disc/feed.rss") ||
             !strcmp(path, "/disc/comments.rss")) {
    disc_rss(s, !strcmp(path, "/disc/feed.rss"), &sb);
    ct = "application/rss+xml; charset=UTF-8";
  } else if (!strcmp(path, "/disc/atom.xml")) {
    strbuf_addstr(&sb, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                       "<feed xmlns=\"http://www.w3.org/2005/Atom\">"
                       "<title>Discovery</title>"
                       "<entry><title>Entry</title>"
                       "<link href=\"/disc/atom-entry.html\"/></entry>"
                       "</feed>\n");
    ct = "application/atom+xml";
  } else if (ends_with(path, ".html")) {
    strbuf_release(&gz);
    return send_response(s, c, method, r, 200,
                         short_page("Discovery page", "A page."));
  } else {
    strbuf_release(&gz);
    return send_response(s, c, method, r, 404,
                         short_page("Not Found", "No such page."));
  }
  strbuf_release(&gz);
  return send_response(s, c, method, r, 200, from_strbuf(&sb, ct));
}

/* ---- conditional requests: /cond/ --------------------------------------- */

static struct MHD_Response *not_modified(void)
{
  return MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
}

/*
 * /cond/ links three pages for re-crawls (RFC 9110 section 13):
 * /cond/etag has a fixed ETag and answers a matching If-None-Match with
 * 304; /cond/lastmod has a fixed Last-Modified and answers an
 * If-Modified-Since at or after it with 304; /cond/changing is new on
 * every request ("version N", ETag "vN").
 */
static enum MHD_Result
serve_conditional(struct server *s, struct MHD_Connection *c,
                  const char *method, const struct request *r, const char *path)
{
  const char *inm =
      MHD_lookup_connection_value(c, MHD_HEADER_KIND, "If-None-Match");
  const char *ims =
      MHD_lookup_connection_value(c, MHD_HEADER_KIND, "If-Modified-Since");
  struct MHD_Response *resp;
  char etag[32], text[64];
  int fresh = 0;

  if (!strcmp(path, "/cond/")) {
    struct strbuf sb = STRBUF_INIT;
    strbuf_addstr(&sb, "<!DOCTYPE html>\n<html><head><title>Conditional"
                       "</title></head><body><p><a href=\"/cond/etag\">etag"
                       "</a> <a href=\"/cond/lastmod\">lastmod</a> "
                       "<a href=\"/cond/changing\">changing</a></p>"
                       "</body></html>\n");
    return send_response(s, c, method, r, 200,
                         from_strbuf(&sb, "text/html; charset=UTF-8"));
  }
  if (!strcmp(path, "/cond/etag")) {
    fresh = inm && strstr(inm, "\"etag-1\"") != NULL;
    resp = fresh ? not_modified()
                 : short_page("ETag", "A page with an entity tag.");
    if (resp)
      MHD_add_response_header(resp, "ETag", "\"etag-1\"");
    return send_response(s, c, method, r, fresh ? 304 : 200, resp);
  }
  if (!strcmp(path, "/cond/lastmod")) {
    struct tm tm;

    memset(&tm, 0, sizeof(tm));
    if (ims && strptime(ims, "%a, %d %b %Y %H:%M:%S GMT", &tm))
      fresh = timegm(&tm) >= 1704067200; /* 2024-01-01T00:00:00Z */
    resp = fresh ? not_modified()
                 : short_page("Last-Modified", "A page with a date.");
    if (resp)
      MHD_add_response_header(resp, "Last-Modified",
                              "Mon, 01 Jan 2024 00:00:00 GMT");
    return send_response(s, c, method, r, fresh ? 304 : 200, resp);
  }
  if (!strcmp(path, "/cond/changing")) {
    unsigned long n = flaky_count(s, "/cond/changing") + 1;

    snprintf(etag, sizeof(etag), "\"v%lu\"", n);
    snprintf(text, sizeof(text), "version %lu", n);
    fresh = inm && !strcmp(inm, etag);
    resp = fresh ? not_modified() : short_page("Changing", text);
    if (resp)
      MHD_add_response_header(resp, "ETag", etag);
    return send_response(s, c, method, r, fresh ? 304 : 200, resp);
  }
  return send_response(s, c, method, r, 404,
                       short_page("Not Found", "No such page."));
}

/* ---- coverage fixtures: /cover/ --------------------------------------- */

/* A page of the fixture site: title, then body (HTML) in the frame. */
static struct MHD_Response *cover_page(const char *title, const char *head,
                                       const char *body)
{
  struct strbuf sb = STRBUF_INIT;

  strbuf_addf(
      &sb,
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<title>%s</title>%s</head>\n<body>\n<div class=\"top\"><a "
      "href=\"/cover/\">Saddle Talk</a></div>\n%s\n<div class=\"bottom\">"
      "Saddle Talk, a board for touring cyclists</div>\n</body></html>\n",
      title, head, body);
  return from_strbuf(&sb, "text/html; charset=UTF-8");
}

/* Topic N of the custom theme: posts as div.msg blocks with a name and a
 * text but no date, which no profile and not the generic detector take
 * (the markup of tests/data/detect/custom-theme.html). */
static void cover_custom_topic(unsigned n, struct strbuf *sb)
{
  static const char *const names[] = {"rimbrake", "cogset",    "kickstand",
                                      "pannier",  "quicklink", "headset"};

  strbuf_addf(sb,
              "<h1>Saddle question %u</h1>\n<p class=\"count\">%zu "
              "posts</p>\n<div class=\"stream\">\n",
              n, sizeof(names) / sizeof(names[0]));
  for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
    strbuf_addf(sb,
                "<div class=\"msg\"><b class=\"who\">%s</b><div class=\"txt\">"
                "Answer %zu to question %u: after a few hundred kilometres "
                "the shape matters more than the padding.</div></div>\n",
                names[i], i + 1, n);
  strbuf_addstr(sb, "</div>\n");
}

/* /cover/: pages that hide their posts from netno in the ways the
 * coverage warnings name.  Nothing in the forum links here. */
static enum MHD_Result serve_cover(struct server *s, struct MHD_Connection *c,
                                   const char *method, const struct request *r,
                                   const char *path, const char *query)
{
  struct strbuf sb = STRBUF_INIT;
  unsigned n;
  char tail;

  if (!strcmp(path, "/cover/")) {
    return send_response(
        s, c, method, r, 200,
        cover_page("Saddle Talk", "",
                   "<ul><li><a href=\"/cover/custom/\">Custom theme</a></li>"
                   "<li><a href=\"/cover/js/topic-1.html\">Script topic</a>"
                   "</li><li><a href=\"/cover/club/t/1\">Members only 1"
                   "</a></li><li><a href=\"/cover/club/t/2\">Members only "
                   "2</a></li><li><a href=\"/cover/list?page=1\">All topics"
                   "</a></li><li><a href=\"/cover/topic-99.html\">An old "
                   "topic</a></li></ul>"));
  }
  if (!strcmp(path, "/cover/custom/")) {
    return send_response(
        s, c, method, r, 200,
        cover_page("Custom theme", "",
                   "<ul><li><a href=\"/cover/custom/topic-1.html\">Saddle "
                   "question 1</a></li><li><a href=\"/cover/custom/topic-2."
                   "html\">Saddle question 2</a></li><li><a href=\"/cover/"
                   "custom/topic-3.html\">Saddle question 3</a></li></ul>"));
  }
  if (sscanf(path, "/cover/custom/topic-%u.html%c", &n, &tail) == 1 && n >= 1 &&
      n <= 3) {
    char title[64];
    cover_custom_topic(n, &sb);
    snprintf(title, sizeof(title), "Saddle question %u", n);
    {
      struct MHD_Response *resp = cover_page(title, "", sb.buf);
      strbuf_release(&sb);
      return send_response(s, c, method, r, 200, resp);
    }
  }
  if (!strcmp(path, "/cover/js/topic-1.html")) {
    return send_response(
        s, c, method, r, 200,
        cover_page("Brake squeal",
                   "<script>fetch(\"/cover/js/api/posts.json\").then("
                   "function (r) { return r.json(); }).then(function (d) { "
                   "show(document.getElementById(\"posts\"), d); });"
                   "</script>",
                   "<h1>Brake squeal</h1>\n<div id=\"posts\" class=\"posts\">"
                   "</div>\n<noscript>Please enable JavaScript to read this "
                   "topic.</noscript>"));
  }
  /* Members only: topic 1 redirects to the login page, topic 2 shows a
   * login form in place of the posts. */
  if (!strcmp(path, "/cover/club/t/1"))
    return send_response(s, c, method, r, 302,
                         redirect("/cover/club/login?next=/t/1"));
  if (!strcmp(path, "/cover/club/t/2") || !strcmp(path, "/cover/club/login")) {
    return send_response(
        s, c, method, r, 200,
        cover_page("Members only", "",
                   "<p>You must be logged in to view this topic.</p>\n"
                   "<form method=\"post\" action=\"/cover/club/login\">"
                   "<input type=\"text\" name=\"user\"> <input type=\"password"
                   "\" name=\"pass\"> <button>Log in</button></form>"));
  }
  /* A topic that is gone, answered with 200 all the same. */
  if (!strcmp(path, "/cover/topic-99.html"))
    return send_response(
        s, c, method, r, 200,
        cover_page("Page not found", "",
                   "<h1>Sorry!</h1><p>This topic was moved or removed.</p>"));
  /* A listing without end: every page the same topics, a next link. */
  if (!strcmp(path, "/cover/list")) {
    unsigned long page = 1;
    const char *p = query ? strstr(query, "page=") : NULL;
    if (p)
      page = strtoul(p + 5, NULL, 10);
    if (page < 1 || page > 100000)
      page = 1;
    strbuf_addf(&sb,
                "<h1>All topics, page %lu</h1>\n<ul><li><a href=\"/cover/"
                "custom/topic-1.html\">Saddle question 1</a></li></ul>\n"
                "<a rel=\"next\" href=\"/cover/list?page=%lu\">Next</a>\n",
                page, page + 1);
    {
      struct MHD_Response *resp = cover_page("All topics", "", sb.buf);
      strbuf_release(&sb);
      return send_response(s, c, method, r, 200, resp);
    }
  }
  return send_response(s, c, method, r, 404,
                       short_page("Not Found", "No such page."));
}

/* ---- libmicrohttpd callbacks ------------------------------------------- */

/* Called first for each request with the raw URI; what it returns is the
 * request's context. */
static void *uri_logged(void *cls, const char *uri, struct MHD_Connection *c)
{
  struct request *r = xcalloc(1, sizeof(*r));

  (void)cls;
  (void)c;
  r->uri = xstrndup(uri, LOG_URI_MAX);
  return r;
}

static void request_done(void *cls, struct MHD_Connection *c, void **ctx,
                         enum MHD_RequestTerminationCode why)
{
  struct request *r = *ctx;

  (void)cls;
  (void)c;
  (void)why;
  if (r) {
    free(r->uri);
    free(r);
    *ctx = NULL;
  }
}

/* ---- the login wall (--login-wall) -------------------------------------- */

/* Does the request carry the cookie "NAME=VALUE" (one item of its Cookie
 * header, RFC 6265 5.4: items are separated by "; ")? */
static int has_cookie(struct MHD_Connection *c, const char *pair)
{
  const char *h = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Cookie");
  size_t n = strlen(pair);

  for (const char *p = h; p && *p;) {
    while (*p == ' ' || *p == ';')
      p++;
    if (!strncmp(p, pair, n) && (p[n] == ';' || p[n] == '\0'))
      return 1;
    p = strchr(p, ';');
  }
  return 0;
}

/* Is path behind the wall: every page of the forum and blog but the login
 * form itself, the sitemap and the feed. */
static int behind_wall(const char *path)
{
  return strcmp(path, "/ucp.php") && strcmp(path, "/sitemap.xml") &&
         strcmp(path, "/rss.xml");
}

/* What a visitor without the session gets: a login form (200), or with
 * --login-redirect a redirect to it. */
static enum MHD_Result serve_login_wall(struct server *s,
                                        struct MHD_Connection *c,
                                        const char *method,
                                        const struct request *r)
{
  struct strbuf sb = STRBUF_INIT;

  if (s->login_redirect)
    return send_response(s, c, method, r, 302,
                         redirect("/ucp.php?mode=login&redirect=content"));
  strbuf_addstr(&sb,
                "<!DOCTYPE html>\n<html lang=\"de\"><head><meta "
                "charset=\"utf-8\"><title>Anmelden</title></head><body>\n"
                "<h1>Anmelden</h1>\n<p>Du musst angemeldet sein, um diese "
                "Seite zu sehen.</p>\n<form method=\"post\" "
                "action=\"/ucp.php?mode=login\">\n<label>Benutzername "
                "<input type=\"text\" name=\"username\"></label>\n"
                "<label>Passwort <input type=\"password\" "
                "name=\"password\"></label>\n<input type=\"submit\" "
                "value=\"Anmelden\">\n</form>\n</body></html>\n");
  return send_response(s, c, method, r, 200,
                       from_strbuf(&sb, "text/html; charset=UTF-8"));
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c,
                              const char *url, const char *method,
                              const char *version, const char *upload,
                              size_t *upload_size, void **ctx)
{
  struct server *s = cls;
  struct request *r = *ctx;
  struct strbuf body = STRBUF_INIT;
  const char *query = NULL, *ct;
  char *path;
  enum MHD_Result ret;
  int status;

  (void)version;
  (void)upload;
  /* Answer on the second call, after the request is read: a response
   * queued on the first call makes libmicrohttpd close the connection. */
  if (r && !r->called) {
    r->called = 1;
    return MHD_YES;
  }
  if (*upload_size) {
    *upload_size = 0; /* request bodies are read and ignored */
    return MHD_YES;
  }
  if (strcmp(method, "GET") && strcmp(method, "HEAD"))
    return send_response(s, c, method, r, 405,
                         short_page("Method Not Allowed", "GET only."));
  /* Route on the raw path: what the client sent, before decoding. */
  if (r && r->uri) {
    const char *q = strchr(r->uri, '?');

    path = q ? xstrndup(r->uri, (size_t)(q - r->uri)) : xstrdup(r->uri);
    query = q ? q + 1 : NULL;
  } else {
    path = xstrdup(url);
  }
  if (!strcmp(path, "/robots.txt")) {
    ret = serve_robots(s, c, method, r);
  } else if (starts_with(path, "/fault/")) {
    ret = serve_fault(s, c, method, r, path, query);
  } else if (starts_with(path, "/calendar")) {
    ret = serve_calendar(s, c, method, r, path);
  } else if (starts_with(path, "/disc/")) {
    ret = serve_discovery(s, c, method, r, path);
  } else if (starts_with(path, "/cond/")) {
    ret = serve_conditional(s, c, method, r, path);
  } else if (starts_with(path, "/cover/")) {
    ret = serve_cover(s, c, method, r, path, query);
  } else if (s->login_cookie && behind_wall(path) &&
             !has_cookie(c, s->login_cookie)) {
    ret = serve_login_wall(s, c, method, r);
  } else {
    status = forumgen_render(s->gen, path, query, &body, &ct);
    ret = send_response(s, c, method, r, (unsigned)status,
                        from_strbuf(&body, ct));
  }
  free(path);
  strbuf_release(&body);
  return ret;
}

/* ---- start-up and shutdown --------------------------------------------- */

/* Write text to path through a temporary file and rename(), so that a
 * reader never sees half of it. */
static int write_file_atomically(const char *path, const char *text)
{
  char *tmp = xasprintf("%s.tmp%ld", path, (long)getpid());
  FILE *f = fopen(tmp, "w");
  int ret = -1;

  if (!f) {
    error("cannot write '%s': %s", tmp, strerror(errno));
    goto out;
  }
  if (fputs(text, f) == EOF || fclose(f) != 0) {
    error("cannot write '%s': %s", tmp, strerror(errno));
    goto out;
  }
  if (rename(tmp, path) < 0) {
    error("cannot rename '%s': %s", tmp, strerror(errno));
    goto out;
  }
  ret = 0;
out:
  if (ret < 0)
    unlink(tmp);
  free(tmp);
  return ret;
}

/* Bind a listening socket on addr (which must be in 127.0.0.0/8), port 0;
 * the kernel's port goes into *port.  The socket, or -1. */
static int listen_loopback(const char *addr, unsigned *port)
{
  struct sockaddr_in sin;
  socklen_t len = sizeof(sin);
  int fd;

  memset(&sin, 0, sizeof(sin));
  sin.sin_family = AF_INET;
  if (inet_pton(AF_INET, addr, &sin.sin_addr) != 1)
    return error("cannot bind to '%s': not an IPv4 address", addr);
  if ((ntohl(sin.sin_addr.s_addr) >> 24) != 127)
    return error("cannot bind to '%s': only 127.0.0.0/8 is allowed", addr);
  fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0)
    return error("cannot create a socket: %s", strerror(errno));
  if (bind(fd, (struct sockaddr *)&sin, sizeof(sin)) < 0 ||
      listen(fd, 64) < 0 ||
      getsockname(fd, (struct sockaddr *)&sin, &len) < 0) {
    error("cannot listen on '%s': %s", addr, strerror(errno));
    close(fd);
    return -1;
  }
  *port = ntohs(sin.sin_port);
  return fd;
}

/* After shutdown was asked for, give the server a few seconds, then end
 * the process whatever it is doing. */
static void *watchdog(void *arg)
{
  (void)arg;
  sleep(10);
  _exit(3);
}

static const struct cmd_usage usage = {
    "test-server", "test-server [options]",
    "  --bind ADDR            listen on ADDR in 127.0.0.0/8 (127.0.0.1)\n"
    "  --port-file FILE       write the port to FILE once listening\n"
    "  --pid-file FILE        write the process ID to FILE\n"
    "  --log FILE             append one line per request to FILE\n"
    "  --max-seconds N        exit after N seconds in any case (600)\n"
    "  --robots MODE          normal|404|500|huge|tricky|garbage|discovery\n"
    "                         (normal)\n"
    "  --seed N               forum seed (1)\n"
    "  --threads N            topics in the forum (40)\n"
    "  --posts-per-page N     posts on one topic page (10)\n"
    "  --blog-posts N         posts in the blog (12)\n"
    "  --demo                 the demo community instead of filler text\n"
    "  --write-dir DIR        write the site as static files to DIR, exit\n"
    "  --base-url URL         absolute URL of the site for --write-dir\n"
    "  --login-wall NAME=VALUE  forum and blog pages answer with a login\n"
    "                         form unless this cookie is sent\n"
    "  --login-redirect       ... or with a redirect to the login form\n"
    "  --truth FILE           write what the demo plants to FILE (JSON), "
    "exit\n"};

struct options {
  const char *bind, *port_file, *pid_file, *log, *write_dir, *truth;
  const char *login_cookie;
  int login_redirect;
  unsigned long max_seconds;
  struct forumgen_config gen;
  enum robots_mode robots;
};

/* Parse argv into o; 0, 1 after --help, or 2 on a usage error. */
static int parse_options(int argc, char **argv, struct options *o)
{
  static const struct option longopts[] = {
      {"bind", required_argument, NULL, 'b'},
      {"port-file", required_argument, NULL, 'p'},
      {"pid-file", required_argument, NULL, 'P'},
      {"log", required_argument, NULL, 'l'},
      {"max-seconds", required_argument, NULL, 'm'},
      {"robots", required_argument, NULL, 'r'},
      {"seed", required_argument, NULL, 's'},
      {"threads", required_argument, NULL, 't'},
      {"posts-per-page", required_argument, NULL, 'n'},
      {"blog-posts", required_argument, NULL, 'B'},
      {"demo", no_argument, NULL, 'D'},
      {"write-dir", required_argument, NULL, 'w'},
      {"base-url", required_argument, NULL, 'u'},
      {"login-wall", required_argument, NULL, 'L'},
      {"login-redirect", no_argument, NULL, 'R'},
      {"truth", required_argument, NULL, 'T'},
      {"help", no_argument, NULL, 'h'},
      {NULL, 0, NULL, 0}};
  unsigned long v;
  int opt;

  memset(o, 0, sizeof(*o));
  o->bind = "127.0.0.1";
  o->max_seconds = 600;
  forumgen_config_init(&o->gen);
  while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
    switch (opt) {
    case 'b':
      o->bind = optarg;
      break;
    case 'p':
      o->port_file = optarg;
      break;
    case 'P':
      o->pid_file = optarg;
      break;
    case 'l':
      o->log = optarg;
      break;
    case 'D':
      o->gen.demo = 1;
      break;
    case 'w':
      o->write_dir = optarg;
      break;
    case 'u':
      o->gen.base_url = optarg;
      break;
    case 'L':
      if (!strchr(optarg, '=') || *optarg == '=')
        return cmd_usage_error(&usage, "--login-wall wants NAME=VALUE");
      o->login_cookie = optarg;
      break;
    case 'R':
      o->login_redirect = 1;
      break;
    case 'T':
      o->truth = optarg;
      break;
    case 'm':
      if (cmd_parse_uint(&usage, "--max-seconds", optarg, &o->max_seconds) < 0)
        return 2;
      if (o->max_seconds == 0)
        return cmd_usage_error(&usage, "--max-seconds must be positive");
      break;
    case 'r':
      for (v = 0; v < ARRAY_SIZE(robots_names); v++)
        if (!strcmp(optarg, robots_names[v]))
          break;
      if (v == ARRAY_SIZE(robots_names))
        return cmd_usage_error(&usage, "unknown --robots mode '%s'", optarg);
      o->robots = (enum robots_mode)v;
      break;
    case 's':
    case 't':
    case 'n':
    case 'B':
      if (cmd_parse_uint(&usage, argv[optind - 1], optarg, &v) < 0)
        return 2;
      if (opt == 's')
        o->gen.seed = v;
      else if (v > 100000)
        return cmd_usage_error(&usage, "%s: at most 100000", argv[optind - 1]);
      else if (opt == 't')
        o->gen.threads = (unsigned)v;
      else if (opt == 'n')
        o->gen.posts_per_page = (unsigned)v;
      else
        o->gen.blog_posts = (unsigned)v;
      break;
    case 'h':
      cmd_print_help(&usage);
      return 1;
    default:
      return cmd_bad_option(&usage, argv);
    }
  }
  if (optind < argc)
    return cmd_usage_error(&usage, "unexpected argument '%s'", argv[optind]);
  return 0;
}

/* Serve until a signal or the end of the lifetime. */
static int serve(struct server *s, const struct options *o)
{
  struct MHD_Daemon *d = NULL;
  sigset_t sigs;
  struct timespec wait;
  time_t deadline = time(NULL) + (time_t)o->max_seconds;
  char text[32];
  pthread_t dog;
  int fd, sig, ret = 1;

  if (bomb_prepare() < 0)
    return 1;
  fd = listen_loopback(o->bind, &s->port);
  if (fd < 0)
    return 1;
  snprintf(s->base, sizeof(s->base), "http://%s:%u", o->bind, s->port);
  s->gen = NULL;
  {
    struct forumgen_config cfg = o->gen;

    cfg.base_url = s->base;
    cfg.static_links = 0;
    s->gen = forumgen_new(&cfg);
  }
  if (!s->gen) {
    close(fd);
    return 1;
  }
  /* Threads inherit this mask; the main thread takes the signals. */
  sigemptyset(&sigs);
  sigaddset(&sigs, SIGTERM);
  sigaddset(&sigs, SIGINT);
  sigaddset(&sigs, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &sigs, NULL);
  signal(SIGPIPE, SIG_IGN);
  d = MHD_start_daemon(
      MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION, 0, NULL,
      NULL, handle, s, MHD_OPTION_LISTEN_SOCKET, fd,
      MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30, MHD_OPTION_CONNECTION_LIMIT,
      (unsigned)128, MHD_OPTION_URI_LOG_CALLBACK, uri_logged, s,
      MHD_OPTION_NOTIFY_COMPLETED, request_done, s, MHD_OPTION_END);
  if (!d) {
    error("cannot start the HTTP server on %s", s->base);
    close(fd);
    goto out;
  }
  if (o->pid_file) {
    snprintf(text, sizeof(text), "%ld\n", (long)getpid());
    if (write_file_atomically(o->pid_file, text) < 0)
      goto out;
  }
  if (o->port_file) {
    snprintf(text, sizeof(text), "%u\n", s->port);
    if (write_file_atomically(o->port_file, text) < 0)
      goto out;
  }
  for (;;) {
    time_t left = deadline - time(NULL);

    if (left <= 0) {
      warning("test-server: lifetime of %lu seconds is over", o->max_seconds);
      break;
    }
    wait.tv_sec = left;
    wait.tv_nsec = 0;
    sig = sigtimedwait(&sigs, NULL, &wait);
    if (sig > 0)
      break;
  }
  ret = 0;
out:
  atomic_store(&stopping, 1);
  if (pthread_create(&dog, NULL, watchdog, NULL) == 0)
    pthread_detach(dog);
  if (d)
    MHD_stop_daemon(d);
  if (o->port_file)
    unlink(o->port_file);
  if (o->pid_file)
    unlink(o->pid_file);
  return ret;
}

int main(int argc, char **argv)
{
  static struct server s; /* large (the counters): not on the stack */
  struct options o;
  int ret;

  ret = parse_options(argc, argv, &o);
  if (ret)
    return ret == 1 ? 0 : 2;
  if (o.write_dir || o.truth) {
    struct forumgen *g = forumgen_new(&o.gen);

    ret = g && (!o.write_dir || forumgen_write_dir(g, o.write_dir) == 0) &&
                  (!o.truth || forumgen_write_truth(g, o.truth) == 0)
              ? 0
              : 1;
    forumgen_free(g);
    return ret;
  }
  s.log_fd = -1;
  s.robots = o.robots;
  s.login_cookie = o.login_cookie;
  s.login_redirect = o.login_redirect;
  pthread_mutex_init(&s.lock, NULL);
  if (o.log) {
    s.log_fd = open(o.log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (s.log_fd < 0) {
      error("cannot open '%s': %s", o.log, strerror(errno));
      return 1;
    }
  }
  ret = serve(&s, &o);
  forumgen_free(s.gen);
  if (s.log_fd >= 0)
    close(s.log_fd);
  pthread_mutex_destroy(&s.lock);
  return ret;
}
