/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * `netno crawl`: a polite, resumable crawler on libcurl's multi interface.
 *
 * One event loop drives every transfer.  Scheduling is netno's, not
 * curl's: a host (an origin, scheme://host:port) gets a request only when
 * it is due — after its robots.txt, at most --per-host transfers at once,
 * and --delay (or robots.txt's Crawl-delay) between requests.  The
 * frontier lives in the corpus, so memory does not grow with the crawl,
 * and every fetched page is committed together with its frontier update.
 * Redirects are not followed by curl: their targets go back through the
 * frontier, where scope, robots.txt, politeness and dedup apply.
 *
 * Discovery: links of HTML pages (links.c); sitemaps named by robots.txt,
 * /sitemap.xml of each seed's origin and the sitemaps of sitemap indexes;
 * RSS and Atom feeds linked from pages (sitemap.c reads both).  Sitemaps
 * and feeds are recognised by their content, stored like pages for
 * provenance, and marked so that parse skips them.  A re-crawl
 * (--recrawl) asks again for every stored page with If-None-Match and
 * If-Modified-Since; a changed page is stored as a new version.
 */
#include "corpus/corpus.h"
#include "crawl/crawl.h"
#include "crawl/links.h"
#include "crawl/pagetrap.h"
#include "crawl/prep.h"
#include "crawl/robots.h"
#include "crawl/sitemap.h"
#include "crawl/url.h"
#include "parse/parse.h"
#include "util/util.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <getopt.h>
#include <jansson.h>
#include <sodium.h>
#include <math.h>
#include <netinet/in.h>
#include <regex.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>

#define MAX_LINKS_PER_PAGE 5000
#define ROBOTS_MAX (512 * 1024)
/* Sitemap indexes may name indexes (sitemaps.org forbids it, sites do
 * it); below this depth their sitemaps are no longer followed. */
#define SITEMAP_MAX_NESTING 3

static const struct cmd_usage usage = {
    "crawl",
    "crawl [options] URL...",
    "Fetch forum and blog pages into the corpus, starting from the seed\n"
    "URLs.  Running it again on the same corpus resumes.\n"
    "\n"
    "Options:\n"
    "  --concurrency N     transfers at once, over all hosts (default 16)\n"
    "  --per-host N        transfers at once to one host (default 1)\n"
    "  --delay SECONDS     pause between requests to one host (default 1.0)\n"
    "  --max-crawl-delay S cap on robots.txt Crawl-delay (default 30)\n"
    "  --ignore-robots     do not obey robots.txt (recorded in the crawl)\n"
    "  --retries N         retries after network errors and 5xx (default 3)\n"
    "  --max-retry-after S cap on Retry-After waits (default 600)\n"
    "  --timeout SECONDS   total time for one transfer (default 60)\n"
    "  --scope SCOPE       host (default), domain, prefix or all\n"
    "  --include REGEX     only URLs matching REGEX (may be repeated)\n"
    "  --exclude REGEX     no URLs matching REGEX (may be repeated)\n"
    "  --max-depth N       links followed from the seeds (default 50)\n"
    "  --max-pages N       stop after storing N pages in this run\n"
    "  --max-size BYTES    largest body kept (default 10485760)\n"
    "  --no-sitemaps       do not read sitemaps (robots.txt, /sitemap.xml)\n"
    "                      or RSS and Atom feeds\n"
    "  --recrawl           fetch stored pages again, with conditional\n"
    "                      requests; changed pages are stored as new\n"
    "                      versions\n"
    "  --allow-private     allow loopback and private addresses beyond the\n"
    "                      seeds' own hosts\n"
    "  --insecure          do not verify TLS certificates\n"
    "  --contact TEXT      added to the User-Agent: netno/VERSION (+TEXT)\n"
    "  --strict            exit with status 1 when coverage warnings are\n"
    "                      shown\n"
    "  --cookies FILE      send the cookies of a Netscape cookie jar (a\n"
    "                      browser export, curl's -c file) for a session;\n"
    "                      never stored, and the crawl stops when they\n"
    "                      give no session\n"
    "  -h, --help          show this help\n",
};

/* ---- settings ---------------------------------------------------------- */

struct settings {
  unsigned long concurrency, per_host, retries, max_depth, max_pages;
  unsigned long max_size, timeout;
  double delay, max_crawl_delay, max_retry_after;
  int ignore_robots, allow_private, insecure, no_sitemaps, recrawl;
  int strict; /* coverage warnings make the exit status 1 */
  const char *scope, *contact;
  const char *cookies; /* the cookie jar's path, or NULL */
  regex_t *include, *exclude;
  size_t ninclude, nexclude;
  char **include_text, **exclude_text;
};

/* ---- hosts ------------------------------------------------------------- */

enum robots_state { ROBOTS_NONE, ROBOTS_FETCHING, ROBOTS_READY, ROBOTS_WAIT };

struct host {
  char *origin;
  struct robots *robots;
  enum robots_state robots_state;
  unsigned robots_attempts;
  double robots_retry_at; /* monotonic */
  double next_at;         /* monotonic: earliest next request */
  double delay;
  unsigned in_flight;
  /* With --cookies: the first pages of the host, checked for a login
   * wall (the cookies give no session) */
  unsigned session_checked, session_walls;
  char *session_wall_url; /* the first wall seen */
  int session_wall_redirect; /* ... was a redirect to a login page */
};

/* ---- transfers --------------------------------------------------------- */

struct transfer {
  CURL *easy;
  struct crawler *cr;
  struct host *host;
  struct corpus_frontier_entry entry; /* unset for robots.txt */
  int is_robots;
  struct strbuf body, headers;
  struct curl_slist *request_headers; /* conditional request, or NULL */
  int too_big;
  int blocked; /* the address was refused (curl overwrites error) */
  char error[CURL_ERROR_SIZE];
  struct prep_job job; /* an HTML page's links and packed body */
};

/*
 * The links this crawl has already put to the frontier, as keyed 64-bit
 * hashes (SipHash, a key per process) in an open-addressing table.  The
 * frontier keeps the first decision on a URL (ON CONFLICT DO NOTHING),
 * and off-scope URLs are decided by the URL alone, so a link seen before
 * needs neither normalising nor a frontier row again: most links of a
 * forum page (boards, profiles, pagination) are.  A cache only: cleared
 * when full (bounded memory) and when a page's writes are rolled back.
 */
struct seen {
  uint64_t *slot; /* 0: empty */
  size_t cap, n;
  unsigned char key[crypto_shorthash_KEYBYTES];
  struct strbuf buf; /* the key being hashed */
};

#define SEEN_MAX (1u << 22) /* entries before the table starts over */

struct crawler {
  struct settings set;
  struct corpus *c;
  CURLM *multi;
  int64_t crawl_id;
  char *user_agent;
  char **seeds;
  size_t nseeds;
  char **seed_hosts; /* hosts whose private addresses are allowed */
  size_t nseed_hosts;
  struct host **hosts;
  size_t nhosts, alloc_hosts;
  struct transfer **active; /* transfers in the multi handle */
  size_t nactive, alloc_active;
  unsigned running;
  uint64_t fetched, failed, skipped, bytes, stored, not_modified;
  struct progress *progress;
  struct seen seen; /* links already put to the frontier */
  struct pagetrap *trap; /* listings that repeat themselves */
  char **origins; /* origins with due URLs, as last asked */
  size_t norigins;
  double origins_at;
  int failed_hard;
  struct prep *prep;   /* the second thread (crawl/prep.h) */
  unsigned pending;    /* HTML pages handed to it, not stored yet */
  CURLSH *share;    /* the cookies of --cookies, shared by all transfers */
  int session_lost; /* the cookies give no session on a host: stop */
};

static volatile sig_atomic_t stop_requested;

static void on_signal(int sig)
{
  (void)sig;
  stop_requested = 1;
}

static double monotonic_now(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static struct host *host_get(struct crawler *cr, const char *origin)
{
  struct host *h;

  for (size_t i = 0; i < cr->nhosts; i++)
    if (!strcmp(cr->hosts[i]->origin, origin))
      return cr->hosts[i];
  h = xcalloc(1, sizeof(*h));
  h->origin = xstrdup(origin);
  h->delay = cr->set.delay;
  h->robots_state = cr->set.ignore_robots ? ROBOTS_READY : ROBOTS_NONE;
  xgrow((void **)&cr->hosts, sizeof(*cr->hosts), cr->nhosts + 1,
        &cr->alloc_hosts);
  cr->hosts[cr->nhosts++] = h;
  return h;
}

static void seen_init(struct seen *s)
{
  memset(s, 0, sizeof(*s));
  crypto_shorthash_keygen(s->key);
  strbuf_init(&s->buf, 0);
}

static void seen_release(struct seen *s)
{
  free(s->slot);
  strbuf_release(&s->buf);
}

static void seen_clear(struct seen *s)
{
  if (s->slot)
    memset(s->slot, 0, s->cap * sizeof(*s->slot));
  s->n = 0;
}

/* Whether the key kind a NUL b was seen before; adds it when not. */
static int seen_check(struct seen *s, char kind, const char *a, size_t alen,
                      const char *b)
{
  unsigned char h[crypto_shorthash_BYTES];
  uint64_t v;
  size_t i;

  strbuf_reset(&s->buf);
  strbuf_addch(&s->buf, kind);
  strbuf_add(&s->buf, a, alen);
  strbuf_addch(&s->buf, '\0');
  if (b)
    strbuf_addstr(&s->buf, b);
  crypto_shorthash(h, (const unsigned char *)s->buf.buf, s->buf.len, s->key);
  memcpy(&v, h, sizeof(v));
  v |= 1; /* never 0, the empty slot */
  if (s->n * 2 >= s->cap) {
    if (s->cap >= SEEN_MAX) {
      seen_clear(s);
    } else {
      uint64_t *old = s->slot;
      size_t oldcap = s->cap;
      s->cap = s->cap ? s->cap * 2 : 4096;
      s->slot = xcalloc(s->cap, sizeof(*s->slot));
      s->n = 0;
      for (size_t j = 0; j < oldcap; j++)
        if (old[j]) {
          for (i = old[j] & (s->cap - 1); s->slot[i];
               i = (i + 1) & (s->cap - 1))
            ;
          s->slot[i] = old[j];
          s->n++;
        }
      free(old);
    }
  }
  for (i = v & (s->cap - 1); s->slot[i]; i = (i + 1) & (s->cap - 1))
    if (s->slot[i] == v)
      return 1;
  s->slot[i] = v;
  s->n++;
  return 0;
}

/* ---- cookies (--cookies) ------------------------------------------------ */

/*
 * The researcher's session: a Netscape cookie jar, checked here line by
 * line (libcurl skips lines it cannot read without a word), then read
 * once by libcurl into a share that every transfer uses, so that cookies
 * the site sets during the crawl are kept in memory too.  Nothing of it
 * is written anywhere: not the jar, not a header, not a setting (the
 * crawl record says only that a session was used).
 */
#define COOKIE_JAR_MAX (8u * 1024 * 1024)
/* The first pages of a host looked at for a login wall, and how many
 * walls among them (when they are most) stop the crawl. */
#define SESSION_CHECK_PAGES 5
#define SESSION_WALLS_STOP 3

/* Is text (n bytes) a decimal number, with an optional minus? */
static int all_digits(const char *text, size_t n)
{
  size_t i = n && text[0] == '-';

  if (i == n)
    return 0;
  for (; i < n; i++)
    if (text[i] < '0' || text[i] > '9')
      return 0;
  return 1;
}

/* Is the field (n bytes) TRUE or FALSE, in any case? */
static int is_flag(const char *text, size_t n)
{
  return (n == 4 && !strncasecmp(text, "TRUE", 4)) ||
         (n == 5 && !strncasecmp(text, "FALSE", 5));
}

/* Load the cookie jar at path into a share for every transfer; NULL
 * with a message when it is not a readable Netscape cookie jar with at
 * least one cookie: "domain TAB subdomains TAB path TAB secure TAB
 * expiry TAB name TAB value" lines ("#HttpOnly_" before the domain
 * allowed, the value may be missing), comments, blank lines, or
 * "Set-Cookie:" header lines as curl also reads.  Each line is checked
 * here, since libcurl skips those it cannot read without a word, and
 * handed to libcurl as it is. */
static CURLSH *cookie_jar_load(const char *path)
{
  struct strbuf sb = STRBUF_INIT;
  CURLSH *sh = NULL;
  CURL *e = NULL;
  const char *p;
  int lineno = 0, cookies = 0, ok = 0;

  strbuf_init(&sb, COOKIE_JAR_MAX);
  if (strbuf_read_file(&sb, path) < 0)
    goto out;
  sh = curl_share_init();
  e = curl_easy_init();
  if (!sh || !e ||
      curl_share_setopt(sh, CURLSHOPT_SHARE, CURL_LOCK_DATA_COOKIE) !=
          CURLSHE_OK) {
    error("cannot share cookies between transfers (libcurl)");
    goto out;
  }
  /* a handle that only puts the cookies into the share */
  curl_easy_setopt(e, CURLOPT_SHARE, sh);
  for (p = sb.buf; *p;) {
    size_t len = strcspn(p, "\n"), nf = 1, start[8] = {0}, end[8] = {0};
    const char *line = p, *f = p;
    size_t flen;
    char *copy;

    p += len + (p[len] == '\n');
    lineno++;
    if (len && line[len - 1] == '\r')
      len--;
    flen = len;
    if (len >= 10 && !strncmp(line, "#HttpOnly_", 10)) {
      f += 10;
      flen -= 10;
    } else if (!len || line[0] == '#' || strspn(line, " \t") >= len) {
      continue;
    } else if (len >= 11 && !strncasecmp(line, "Set-Cookie:", 11)) {
      flen = 0; /* a header line: libcurl reads it */
    }
    for (size_t i = 0; i < flen; i++) {
      if (f[i] != '\t')
        continue;
      if (nf < ARRAY_SIZE(start)) {
        end[nf - 1] = i;
        start[nf] = i + 1;
      }
      nf++;
    }
    if (nf <= ARRAY_SIZE(start))
      end[nf - 1] = flen;
    if (flen && nf != 6 && nf != 7) {
      error("cookie file '%s' line %d: not a cookie (%s)", path, lineno,
            nf == 1 ? "no tabs; the Netscape format is domain, subdomains, "
                      "path, secure, expiry, name and value, tab-separated"
                    : "a cookie line has 7 tab-separated fields: domain, "
                      "subdomains, path, secure, expiry, name, value");
      goto out;
    }
    if (flen && (!is_flag(f + start[1], end[1] - start[1]) ||
                 !is_flag(f + start[3], end[3] - start[3]))) {
      error("cookie file '%s' line %d: the 2nd and 4th fields must be TRUE "
            "or FALSE",
            path, lineno);
      goto out;
    }
    if (flen && !all_digits(f + start[4], end[4] - start[4])) {
      error("cookie file '%s' line %d: the expiry (5th field) is not a "
            "number",
            path, lineno);
      goto out;
    }
    if (flen && (end[0] == start[0] || end[5] == start[5])) {
      error("cookie file '%s' line %d: a cookie needs a domain and a name",
            path, lineno);
      goto out;
    }
    copy = xstrndup(line, len);
    curl_easy_setopt(e, CURLOPT_COOKIELIST, copy);
    free(copy);
    cookies++;
  }
  if (!cookies) {
    error("cookie file '%s' holds no cookies", path);
    goto out;
  }
  verbose("cookie file %s: %d cookies", path, cookies);
  ok = 1;
out:
  if (e)
    curl_easy_cleanup(e);
  if (!ok && sh) {
    curl_share_cleanup(sh);
    sh = NULL;
  }
  /* the cookies' text is not left behind in freed memory */
  if (sb.buf)
    sodium_memzero(sb.buf, sb.len);
  strbuf_release(&sb);
  return sh;
}

/* The verdict on a host's session: its first pages are mostly login
 * walls. */
static int session_walled(const struct host *h)
{
  return h->session_walls && 2 * h->session_walls > h->session_checked;
}

static void session_stop(struct crawler *cr, struct host *h)
{
  char *host = url_host(h->origin);

  error("the cookies in '%s' do not give a session on %s: %u of its first "
        "%u pages %s (%s); export them again from a browser that is logged "
        "in to the site",
        cr->set.cookies, host ? host : h->origin, h->session_walls,
        h->session_checked,
        h->session_wall_redirect ? "redirect to a login page"
                                 : "are a login form",
        h->session_wall_url);
  free(host);
  cr->session_lost = 1;
}

/* Is host h still being checked for a session (--cookies, its first
 * pages)? */
static int session_checking(const struct crawler *cr, const struct host *h)
{
  return cr->share && !cr->session_lost &&
         h->session_checked < SESSION_CHECK_PAGES;
}

/* With --cookies, one of the first pages of host h: wall says whether
 * it is a login wall.  Enough walls stop the crawl. */
static void session_note(struct crawler *cr, struct host *h, const char *url,
                         int wall, int redirect)
{
  if (!session_checking(cr, h))
    return;
  h->session_checked++;
  if (wall) {
    h->session_walls++;
    if (!h->session_wall_url) {
      h->session_wall_url = xstrdup(url);
      h->session_wall_redirect = redirect;
    }
  }
  if (h->session_walls >= SESSION_WALLS_STOP && session_walled(h))
    session_stop(cr, h);
}

/* At the end of a crawl: a host with fewer pages than the check wants,
 * and most of them walls, has no session either. */
static void session_final_check(struct crawler *cr)
{
  for (size_t i = 0; cr->share && !cr->session_lost && i < cr->nhosts; i++)
    if (session_walled(cr->hosts[i]))
      session_stop(cr, cr->hosts[i]);
}

/* ---- address safety ---------------------------------------------------- */

/* Loopback, private, link-local, CGNAT, unspecified, multicast... */
static int is_special_address(const struct sockaddr *sa)
{
  if (sa->sa_family == AF_INET) {
    uint32_t a = ntohl(((const struct sockaddr_in *)sa)->sin_addr.s_addr);
    return (a >> 24) == 0 || (a >> 24) == 10 || (a >> 24) == 127 ||
           (a >> 16) == 0xa9fe ||            /* 169.254/16 */
           (a >> 20) == 0xac1 ||             /* 172.16/12 */
           (a >> 16) == 0xc0a8 ||            /* 192.168/16 */
           (a >> 22) == (0x64400000 >> 22) || /* 100.64/10 */
           (a >> 28) >= 0xe;                  /* multicast, reserved */
  }
  if (sa->sa_family == AF_INET6) {
    const struct in6_addr *a = &((const struct sockaddr_in6 *)sa)->sin6_addr;
    if (IN6_IS_ADDR_LOOPBACK(a) || IN6_IS_ADDR_UNSPECIFIED(a) ||
        IN6_IS_ADDR_LINKLOCAL(a) || IN6_IS_ADDR_SITELOCAL(a) ||
        IN6_IS_ADDR_MULTICAST(a) || (a->s6_addr[0] & 0xfe) == 0xfc)
      return 1;
    if (IN6_IS_ADDR_V4MAPPED(a)) {
      struct sockaddr_in v4 = {.sin_family = AF_INET};
      memcpy(&v4.sin_addr, a->s6_addr + 12, 4);
      return is_special_address((const struct sockaddr *)&v4);
    }
  }
  return 0;
}

static int host_is_seed_host(struct crawler *cr, const char *url)
{
  char *host = url_host(url);
  int ok = 0;

  for (size_t i = 0; host && i < cr->nseed_hosts && !ok; i++)
    ok = !strcasecmp(host, cr->seed_hosts[i]);
  free(host);
  return ok;
}

/* Checked on the real socket address, never on the URL text, so that DNS
 * answers and redirects cannot smuggle a request to the local network. */
static curl_socket_t open_socket(void *clientp, curlsocktype purpose,
                                 struct curl_sockaddr *addr)
{
  struct transfer *t = clientp;
  struct crawler *cr = t->cr;
  const char *url;

  (void)purpose;
  url = t->is_robots ? t->host->origin : t->entry.url;
  if (is_special_address(&addr->addr) && !cr->set.allow_private &&
      !host_is_seed_host(cr, url)) {
    t->blocked = 1;
    return CURL_SOCKET_BAD;
  }
  return socket(addr->family, addr->socktype, addr->protocol);
}

/* ---- curl callbacks ---------------------------------------------------- */

/* Bodies are counted as decoded bytes, so chunked responses and
 * compression bombs stop at the cap too. */
static size_t on_body(char *data, size_t size, size_t n, void *clientp)
{
  struct transfer *t = clientp;

  if (strbuf_add(&t->body, data, size * n) < 0) {
    t->too_big = 1;
    return 0;
  }
  return size * n;
}

static size_t on_header(char *data, size_t size, size_t n, void *clientp)
{
  struct transfer *t = clientp;

  /* A new response (after 1xx): forget the earlier headers. */
  if (size * n > 5 && !strncmp(data, "HTTP/", 5))
    strbuf_reset(&t->headers);
  if (strbuf_add(&t->headers, data, size * n) < 0)
    return 0;
  return size * n;
}

/* The value of response header name (first occurrence), or NULL; caller
 * frees. */
static char *header_get(const struct transfer *t, const char *name)
{
  size_t n = strlen(name);

  for (const char *p = t->headers.buf; p && *p;) {
    const char *eol = strchr(p, '\n');
    if (!strncasecmp(p, name, n) && p[n] == ':') {
      const char *v = p + n + 1, *e = eol ? eol : p + strlen(p);
      while (v < e && (*v == ' ' || *v == '\t'))
        v++;
      while (e > v && (e[-1] == '\r' || e[-1] == ' '))
        e--;
      return xstrndup(v, (size_t)(e - v));
    }
    p = eol ? eol + 1 : NULL;
  }
  return NULL;
}

/* ---- starting transfers ------------------------------------------------ */

static struct transfer *transfer_new(struct crawler *cr, struct host *h,
                                     const char *url)
{
  struct transfer *t = xcalloc(1, sizeof(*t));
  CURL *e = curl_easy_init();

  if (!e)
    die("cannot initialise libcurl");
  t->easy = e;
  t->cr = cr;
  t->host = h;
  strbuf_init(&t->body, cr->set.max_size);
  strbuf_init(&t->headers, 256 * 1024);
  curl_easy_setopt(e, CURLOPT_URL, url);
  curl_easy_setopt(e, CURLOPT_PRIVATE, t);
  curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(e, CURLOPT_USERAGENT, cr->user_agent);
  curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
  curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(e, CURLOPT_WRITEDATA, t);
  curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(e, CURLOPT_HEADERDATA, t);
  curl_easy_setopt(e, CURLOPT_OPENSOCKETFUNCTION, open_socket);
  curl_easy_setopt(e, CURLOPT_OPENSOCKETDATA, t);
  curl_easy_setopt(e, CURLOPT_ERRORBUFFER, t->error);
  curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT, 15L);
  curl_easy_setopt(e, CURLOPT_TIMEOUT, (long)cr->set.timeout);
  curl_easy_setopt(e, CURLOPT_LOW_SPEED_LIMIT, 100L);
  curl_easy_setopt(e, CURLOPT_LOW_SPEED_TIME, 30L);
  curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
  if (cr->set.insecure) {
    curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 0L);
    curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 0L);
  }
  if (cr->share) {
    /* the share's cookies; "" turns the cookie engine on, reading no
     * file */
    curl_easy_setopt(e, CURLOPT_SHARE, cr->share);
    curl_easy_setopt(e, CURLOPT_COOKIEFILE, "");
  }
  return t;
}

static void transfer_free(struct transfer *t)
{
  if (!t)
    return;
  curl_easy_cleanup(t->easy);
  curl_slist_free_all(t->request_headers);
  corpus_frontier_entry_release(&t->entry);
  strbuf_release(&t->body);
  strbuf_release(&t->headers);
  prep_job_release(&t->job);
  free(t);
}

static void start(struct crawler *cr, struct transfer *t)
{
  xgrow((void **)&cr->active, sizeof(*cr->active), cr->nactive + 1,
        &cr->alloc_active);
  cr->active[cr->nactive++] = t;
  curl_multi_add_handle(cr->multi, t->easy);
  t->host->in_flight++;
  /* With no delay the host stays due, so that --per-host transfers can
   * start in one round. */
  if (t->host->delay > 0)
    t->host->next_at = monotonic_now() + t->host->delay;
  cr->running++;
}

static void start_robots(struct crawler *cr, struct host *h)
{
  char *url = xasprintf("%s/robots.txt", h->origin);
  struct transfer *t = transfer_new(cr, h, url);

  t->is_robots = 1;
  strbuf_release(&t->body);
  strbuf_init(&t->body, ROBOTS_MAX);
  /* robots.txt may redirect (up to five hops, RFC 9309 2.3.1.2). */
  curl_easy_setopt(t->easy, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(t->easy, CURLOPT_MAXREDIRS, 5L);
  h->robots_state = ROBOTS_FETCHING;
  verbose("fetch %s", url);
  free(url);
  start(cr, t);
}

/* A header line "Name: value", or nothing when value is missing or could
 * break the request (stored values come from response headers). */
static void add_request_header(struct transfer *t, const char *name,
                               const char *value)
{
  char *line;

  if (!value || !*value || strpbrk(value, "\r\n"))
    return;
  line = xasprintf("%s: %s", name, value);
  t->request_headers = curl_slist_append(t->request_headers, line);
  free(line);
}

/* A re-crawl of a stored page: a conditional request with the page's
 * validators (RFC 9110 13.1.2: If-Modified-Since is ignored by servers
 * when If-None-Match is present, so both may go). */
static void ask_if_changed(struct crawler *cr, struct transfer *t)
{
  char *etag = NULL, *lastmod = NULL;

  if (corpus_page_validators(cr->c, t->entry.page_id, &etag, &lastmod) < 0)
    return;
  add_request_header(t, "If-None-Match", etag);
  add_request_header(t, "If-Modified-Since", lastmod);
  if (t->request_headers)
    curl_easy_setopt(t->easy, CURLOPT_HTTPHEADER, t->request_headers);
  free(etag);
  free(lastmod);
}

/* ---- discovered URLs --------------------------------------------------- */

static int matches_any(const regex_t *re, size_t n, const char *url)
{
  for (size_t i = 0; i < n; i++)
    if (regexec(&re[i], url, 0, NULL, 0) == 0)
      return 1;
  return 0;
}

/* Thread pages and their pagination come before the rest of a site. */
static int priority_of(const char *url, enum link_kind kind)
{
  static const char *const thread_marks[] = {
      "viewtopic", "showthread", "/threads/", "/thread/", "/t/",
      "topic=",    "?t=",        "&t=",       "/topic/",  "/topics/",
      "thread-",   "tid=",       "/comments/", "/discussion/",
  };

  if (kind == LINK_NEXT)
    return 0;
  for (size_t i = 0; i < ARRAY_SIZE(thread_marks); i++)
    if (strstr(url, thread_marks[i]))
      return 0;
  return kind == LINK_FEED ? 1 : 2;
}

/* What a URL to queue is, for the checks it must pass. */
enum url_role {
  ROLE_PAGE,        /* a link, or a URL a sitemap or feed lists */
  ROLE_SITEMAP,     /* a sitemap an index names */
  ROLE_SITEMAP_ROOT /* named by robots.txt, or /sitemap.xml of a seed */
};

/* Why a normalised URL is not to be fetched, or NULL when it is.  A
 * sitemap lists a site, not a section of it: --include does not apply to
 * sitemap files (it does to the URLs they list), and the first sitemaps
 * of a seed's host are read even outside a narrower --scope (a prefix),
 * though not the sitemaps they name. */
static const char *reject_reason(struct crawler *cr, const char *url,
                                 int depth, enum url_role role)
{
  const char *trap;
  int in_scope = 0;

  for (size_t i = 0; i < cr->nseeds && !in_scope; i++)
    in_scope = url_in_scope(url, cr->seeds[i], cr->set.scope) > 0 ||
               (role == ROLE_SITEMAP_ROOT &&
                url_in_scope(url, cr->seeds[i], "host") > 0);
  if (!in_scope)
    return "scope";
  if (cr->set.nexclude &&
      matches_any(cr->set.exclude, cr->set.nexclude, url))
    return "excluded";
  if (cr->set.ninclude && role == ROLE_PAGE &&
      !matches_any(cr->set.include, cr->set.ninclude, url))
    return "not-included";
  if ((unsigned long)depth > cr->set.max_depth)
    return "depth";
  if ((trap = url_trap_reason(url)))
    return trap;
  if (pagetrap_cut(cr->trap, url))
    return "trap";
  return NULL;
}

struct discover {
  struct crawler *cr;
  int64_t page_id;
  int depth;
};

/* Queue a normalised URL, or record why not. */
static void queue_url(struct crawler *cr, const char *url, int depth,
                      int priority, enum url_role role, int64_t from)
{
  char *origin = url_origin(url);
  const char *why = reject_reason(cr, url, depth, role);

  if (!origin)
    return;
  if (why) {
    /* Off-scope links are not worth a row each; the rest are recorded. */
    if (strcmp(why, "scope"))
      corpus_frontier_skip(cr->c, url, origin, depth, why, from,
                           cr->crawl_id);
  } else {
    corpus_frontier_add(cr->c, url, origin, depth, priority, from, cr->crawl_id,
                        NULL);
  }
  free(origin);
}

static void add_url(struct crawler *cr, const char *url, int depth,
                    enum link_kind kind, int64_t from)
{
  queue_url(cr, url, depth, priority_of(url, kind), ROLE_PAGE, from);
}

/* Sitemaps are read only when the pages they list could be crawled. */
static int sitemaps_wanted(const struct crawler *cr)
{
  return !cr->set.no_sitemaps && cr->set.max_depth > 0;
}

/* A sitemap file named by robots.txt or guessed at an origin: depth 0,
 * so that nested indexes count from it. */
static void add_sitemap(struct crawler *cr, const char *base, const char *href)
{
  char *url;

  if (url_normalize(base, href, &url, NULL) < 0)
    return;
  queue_url(cr, url, 0, 1, ROLE_SITEMAP_ROOT, 0);
  free(url);
}

static void on_link(void *ctx, const char *base, const char *href,
                    enum link_kind kind)
{
  struct discover *d = ctx;
  const char *why;
  char *url;

  if (kind == LINK_FEED && !sitemaps_wanted(d->cr))
    return;
  /* A link seen before, as written: an absolute URL stands for itself,
   * a path from the root for itself on the page's origin, anything
   * else for itself relative to the page. */
  if (!strncasecmp(href, "http://", 7) || !strncasecmp(href, "https://", 8)) {
    if (seen_check(&d->cr->seen, 'a', href, strlen(href), NULL))
      return;
  } else if (href[0] == '/' && href[1] != '/') {
    const char *p = strstr(base, "://");
    size_t olen = p ? (size_t)(strchrnul(p + 3, '/') - base) : strlen(base);
    if (seen_check(&d->cr->seen, 'p', base, olen, href))
      return;
  } else if (seen_check(&d->cr->seen, 'r', base, strlen(base), href)) {
    return;
  }
  if (url_normalize(base, href, &url, &why) < 0)
    return;
  if (!seen_check(&d->cr->seen, 'u', url, strlen(url), NULL))
    add_url(d->cr, url, d->depth + (kind == LINK_NEXT ? 0 : 1), kind,
            d->page_id);
  free(url);
}

/* ---- finished transfers ------------------------------------------------ */

static int is_html(const char *content_type, const struct strbuf *body)
{
  if (content_type && *content_type)
    return strcasestr(content_type, "html") != NULL;
  /* No type given: sniff. */
  for (size_t i = 0; i < body->len && i < 512; i++)
    if (body->buf[i] == '<')
      return 1;
  return 0;
}

/* Might the body be a sitemap or a feed?  XML types other than XHTML,
 * gzip files (a .xml.gz served as such), and untyped or text/plain
 * bodies that start as XML.  HTML pages are never looked at twice. */
static int maybe_listing(const char *content_type, const struct strbuf *body)
{
  const char *p = body->buf, *end = body->buf + body->len;

  if (body->len >= 2 && (unsigned char)p[0] == 0x1f &&
      (unsigned char)p[1] == 0x8b)
    return 1;
  if (content_type && *content_type) {
    if (strcasestr(content_type, "html"))
      return 0;
    if (strcasestr(content_type, "xml") || strcasestr(content_type, "gzip"))
      return 1;
    if (strncasecmp(content_type, "text/plain", 10))
      return 0;
  }
  if (end - p >= 3 && !memcmp(p, "\xef\xbb\xbf", 3))
    p += 3;
  while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
    p++;
  return end - p >= 5 && !memcmp(p, "<?xml", 5);
}

/* URLs a sitemap or feed lists, held until the document is stored (they
 * record it as where they were found). */
struct listed {
  char *url;
  enum sitemap_found kind;
};

struct listing {
  struct listed *v;
  size_t n, alloc;
};

static void on_listed(void *ctx, const char *url, enum sitemap_found kind)
{
  struct listing *l = ctx;

  xgrow((void **)&l->v, sizeof(*l->v), l->n + 1, &l->alloc);
  l->v[l->n].url = xstrdup(url);
  l->v[l->n].kind = kind;
  l->n++;
}

static void listing_release(struct listing *l)
{
  for (size_t i = 0; i < l->n; i++)
    free(l->v[i].url);
  free(l->v);
  memset(l, 0, sizeof(*l));
}

/* Queue what a sitemap or feed at depth listed: its pages and feeds one
 * level deeper, the sitemaps of an index likewise up to
 * SITEMAP_MAX_NESTING. */
static void queue_listing(struct crawler *cr, const struct listing *l,
                          int depth, int64_t from)
{
  for (size_t i = 0; i < l->n; i++) {
    const char *url = l->v[i].url;

    switch (l->v[i].kind) {
    case SITEMAP_FOUND_PAGE:
      queue_url(cr, url, depth + 1, priority_of(url, LINK_PLAIN), ROLE_PAGE,
                from);
      break;
    case SITEMAP_FOUND_FEED:
      queue_url(cr, url, depth + 1, 1, ROLE_PAGE, from);
      break;
    case SITEMAP_FOUND_SITEMAP:
      if (depth + 1 < SITEMAP_MAX_NESTING) {
        queue_url(cr, url, depth + 1, 1, ROLE_SITEMAP, from);
      } else {
        char *origin = url_origin(url);
        if (origin)
          corpus_frontier_skip(cr->c, url, origin, depth + 1, "sitemap-nesting",
                               from, cr->crawl_id);
        free(origin);
      }
      break;
    }
  }
}

/* Selected response headers, kept with the page for provenance. */
static char *kept_headers(const struct transfer *t)
{
  static const char *const keep[] = {
      "Content-Type", "Content-Language", "Last-Modified", "ETag",
      "Date",         "Server",           "Location",      "Retry-After",
  };
  struct strbuf sb = STRBUF_INIT;

  for (size_t i = 0; i < ARRAY_SIZE(keep); i++) {
    char *v = header_get(t, keep[i]);
    if (v)
      strbuf_addf(&sb, "%s: %s\n", keep[i], v);
    free(v);
  }
  return strbuf_detach(&sb, NULL);
}

static double retry_after_seconds(const struct transfer *t)
{
  char *v = header_get(t, "Retry-After");
  double s = -1;

  if (v) {
    char *end;
    double d = strtod(v, &end);
    if (end != v && d >= 0)
      s = d;
    else {
      struct tm tm;
      memset(&tm, 0, sizeof(tm));
      if (strptime(v, "%a, %d %b %Y %H:%M:%S GMT", &tm))
        s = (double)(timegm(&tm) - time(NULL));
    }
    free(v);
  }
  return s;
}

static void finish_robots(struct crawler *cr, struct transfer *t,
                          CURLcode rc, long status)
{
  struct host *h = t->host;
  const char *decision;

  robots_free(h->robots);
  h->robots = NULL;
  if (rc == CURLE_OK && status >= 200 && status < 300) {
    char *ctype = header_get(t, "Content-Type");
    h->robots = robots_parse_response(t->body.buf, t->body.len, ctype, "netno");
    free(ctype);
    decision = "rules";
  } else if (rc == CURLE_OK && status >= 400 && status < 500) {
    h->robots = robots_allow_all();
    decision = "allow_all";
  } else {
    /* 5xx or unreachable: nothing may be fetched; try again later. */
    decision = "disallow_all";
  }
  corpus_add_robots(cr->c, h->origin, cr->crawl_id, (int)status,
                    t->body.buf, t->body.len, decision,
                    h->robots ? robots_crawl_delay(h->robots) : -1,
                    rc == CURLE_OK ? NULL : t->error);
  if (h->robots && sitemaps_wanted(cr)) {
    const char *const *maps;
    size_t n = robots_sitemaps(h->robots, &maps);
    char *robots_url = xasprintf("%s/robots.txt", h->origin);

    if (n && corpus_begin(cr->c) == 0) {
      for (size_t i = 0; i < n; i++)
        add_sitemap(cr, robots_url, maps[i]);
      if (corpus_commit(cr->c) < 0)
        cr->failed_hard = 1;
    }
    free(robots_url);
  }
  if (h->robots) {
    double cd = robots_crawl_delay(h->robots);
    if (cd > h->delay)
      h->delay = cd < cr->set.max_crawl_delay ? cd : cr->set.max_crawl_delay;
    h->robots_state = ROBOTS_READY;
    verbose("robots.txt of %s: %s", h->origin, decision);
    return;
  }
  h->robots_attempts++;
  if (t->blocked) {
    /* Not a passing fault: the host's address is off limits. */
    verbose("%s: blocked: private or loopback address", h->origin);
    corpus_frontier_fail_origin(cr->c, h->origin,
                                "blocked: private or loopback address");
    h->robots_state = ROBOTS_WAIT;
    h->robots_retry_at = INFINITY;
    return;
  }
  if (h->robots_attempts > cr->set.retries) {
    warning("robots.txt of %s cannot be fetched (%s); its pages are not "
            "crawled",
            h->origin, rc == CURLE_OK ? "server error" : t->error);
    corpus_frontier_fail_origin(cr->c, h->origin, "robots-unavailable");
    h->robots_state = ROBOTS_WAIT;
    h->robots_retry_at = INFINITY;
    return;
  }
  h->robots_state = ROBOTS_WAIT;
  h->robots_retry_at = monotonic_now() + 5.0 * pow(2, h->robots_attempts);
}

/* Back in the queue after exponential backoff, or failed for good. */
static void retry_or_fail(struct crawler *cr, struct transfer *t,
                          const char *reason, double wait)
{
  if ((unsigned long)t->entry.attempts <= cr->set.retries) {
    int64_t at = now_utc() + (int64_t)ceil(wait);
    corpus_frontier_fail(cr->c, t->entry.id, reason, at > 0 ? at : 1);
    verbose("retry %s in %.0fs (%s)", t->entry.url, wait, reason);
  } else {
    corpus_frontier_fail(cr->c, t->entry.id, reason, 0);
    cr->failed++;
    verbose("failed %s (%s)", t->entry.url, reason);
  }
}

/* Store a fetched page with its frontier row, and queue its links (from
 * the second thread's job) or the URLs its sitemap or feed lists. */
static void store_page(struct crawler *cr, struct transfer *t,
                       enum sitemap_kind kind, const struct listing *listing)
{
  char *ctype = header_get(t, "Content-Type");
  char *headers = kept_headers(t);
  char *etag = header_get(t, "ETag");
  char *lastmod = header_get(t, "Last-Modified");
  char *ip = NULL;
  struct corpus_page page = {0};
  int64_t page_id = 0;
  long status = 0;

  curl_easy_getinfo(t->easy, CURLINFO_PRIMARY_IP, &ip);
  curl_easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &status);
  page.url = t->entry.url;
  page.source = "crawl";
  page.crawl_id = cr->crawl_id;
  page.status = (int)status;
  page.fetched_at = now_utc();
  page.ip = ip;
  page.headers = headers;
  page.content_type = ctype;
  page.etag = etag;
  page.last_modified = lastmod;
  page.depth = t->entry.depth;
  page.body = t->body.buf;
  page.body_len = t->body.len;
  page.packed = t->job.packed.z ? &t->job.packed : NULL;
  page.supersedes = t->entry.page_id;
  if (kind != SITEMAP_NONE)
    page.parse_note = sitemap_kind_name(kind);
  /* The page, its frontier row and the links it holds: one
   * transaction, so that a crash keeps all or none of them. */
  if (corpus_begin(cr->c) < 0 ||
      corpus_frontier_done(cr->c, t->entry.id, &page, NULL, &page_id) < 0) {
    cr->failed_hard = 1;
  } else {
    struct discover d = {cr, page_id, t->entry.depth};
    if (kind != SITEMAP_NONE) {
      verbose("%s %s: %zu URLs", sitemap_kind_name(kind), t->entry.url,
              listing->n);
      queue_listing(cr, listing, t->entry.depth, page_id);
    } else {
      enum link_kind lk;
      const char *base, *href;
      size_t pos = 0;
      if (pagetrap_add(cr->trap, t->entry.url, t->body.buf, t->body.len))
        verbose("%s repeats the page of its listing before it: later "
                "pages are skipped as a trap",
                t->entry.url);
      while (prep_next_link(&t->job, &pos, &lk, &base, &href))
        on_link(&d, base, href, lk);
    }
    if (corpus_commit(cr->c) < 0) {
      cr->failed_hard = 1;
    } else {
      cr->stored++;
      if (kind == SITEMAP_NONE && session_checking(cr, t->host))
        session_note(cr, t->host, t->entry.url,
                     detect_login_wall_page(t->body.buf, t->body.len,
                                            t->entry.url, (int)status),
                     0);
    }
  }
  if (cr->failed_hard) {
    corpus_rollback(cr->c);
    seen_clear(&cr->seen); /* its links are not in the frontier */
  }
  free(ctype);
  free(headers);
  free(etag);
  free(lastmod);
}

/* Store the pages the second thread is done with; with wait, block until
 * it is done with all of them. */
static unsigned store_prepared(struct crawler *cr, int wait)
{
  unsigned n = 0;

  while (cr->pending) {
    struct prep_job *job = prep_collect(cr->prep, wait);
    if (!job)
      break;
    while (job) {
      struct prep_job *next = job->next;
      struct transfer *t = job->owner;
      if (!cr->failed_hard)
        store_page(cr, t, SITEMAP_NONE, NULL);
      transfer_free(t);
      cr->pending--;
      n++;
      job = next;
    }
  }
  return n;
}

/* A redirect from a content URL to a login page: a login wall. */
static int login_redirect(const char *from, const char *to)
{
  return detect_login_url(to) && !detect_login_url(from);
}

/* What became of a fetched page: stored, queued again, failed.  Returns
 * 1 when the transfer went to the second thread (it is not freed now). */
static int finish_page(struct crawler *cr, struct transfer *t, CURLcode rc,
                       long status)
{
  double backoff = cr->set.delay * pow(2, t->entry.attempts);
  char reason[CURL_ERROR_SIZE + 32];

  if (backoff > 600)
    backoff = 600;
  if (backoff < 1)
    backoff = 1;
  if (t->too_big) {
    snprintf(reason, sizeof(reason), "too-large: over %lu bytes",
             cr->set.max_size);
    corpus_frontier_fail(cr->c, t->entry.id, reason, 0);
    cr->failed++;
    return 0;
  }
  if (rc != CURLE_OK) {
    if (t->blocked)
      snprintf(reason, sizeof(reason),
               "blocked: private or loopback address");
    else
      snprintf(reason, sizeof(reason), "network: %s",
               t->error[0] ? t->error : curl_easy_strerror(rc));
    if (t->blocked || rc == CURLE_UNSUPPORTED_PROTOCOL) {
      corpus_frontier_fail(cr->c, t->entry.id, reason, 0);
      cr->failed++;
    } else {
      retry_or_fail(cr, t, reason, backoff);
    }
    return 0;
  }
  if (status == 429 || status == 503) {
    double after = retry_after_seconds(t);
    if (after < 0)
      after = backoff;
    if (after > cr->set.max_retry_after)
      after = cr->set.max_retry_after;
    snprintf(reason, sizeof(reason), "http %ld", status);
    t->host->next_at = monotonic_now() + after;
    retry_or_fail(cr, t, reason, after);
    return 0;
  }
  if (status >= 500) {
    snprintf(reason, sizeof(reason), "http %ld", status);
    retry_or_fail(cr, t, reason, backoff);
    return 0;
  }
  if (status == 304 && t->entry.page_id) {
    /* Re-crawl: the stored page is still current. */
    corpus_frontier_done(cr->c, t->entry.id, NULL, "not-modified", NULL);
    cr->fetched++;
    cr->not_modified++;
    return 0;
  }
  if (status >= 300 && status < 400) {
    char *location = header_get(t, "Location"), *target = NULL;
    const char *why;
    if (location &&
        url_normalize(t->entry.url, location, &target, &why) == 0) {
      session_note(cr, t->host, t->entry.url,
                   login_redirect(t->entry.url, target), 1);
      if (login_redirect(t->entry.url, target)) {
        snprintf(reason, sizeof(reason), "login-wall: redirect %ld to %.200s",
                 status, target);
        verbose("%s redirects to a login page", t->entry.url);
      } else {
        add_url(cr, target, t->entry.depth, LINK_PLAIN, 0);
        snprintf(reason, sizeof(reason), "redirect %ld", status);
      }
    } else {
      snprintf(reason, sizeof(reason), "redirect %ld without a usable "
                                       "Location", status);
    }
    corpus_frontier_done(cr->c, t->entry.id, NULL, reason, NULL);
    free(location);
    free(target);
    cr->fetched++;
    return 0;
  }
  if (status >= 400) {
    snprintf(reason, sizeof(reason), "http %ld", status);
    corpus_frontier_fail(cr->c, t->entry.id, reason, 0);
    cr->failed++;
    return 0;
  }

  /* 2xx: store HTML pages, sitemaps and feeds; note the rest. */
  {
    char *ctype = header_get(t, "Content-Type");
    struct listing listing = {0};
    enum sitemap_kind kind = SITEMAP_NONE;
    int handed = 0;

    cr->fetched++;
    cr->bytes += t->body.len;
    if (sitemaps_wanted(cr) && maybe_listing(ctype, &t->body))
      kind = sitemap_parse(t->body.buf, t->body.len, t->entry.url, on_listed,
                           &listing, NULL);
    if (kind == SITEMAP_NONE && !is_html(ctype, &t->body)) {
      corpus_frontier_done(cr->c, t->entry.id, NULL, "not-html", NULL);
    } else if (kind == SITEMAP_NONE) {
      /* Links, compression and hashing on the second thread; stored
       * when it is done (store_prepared). */
      t->job.url = t->entry.url;
      t->job.body = t->body.buf;
      t->job.len = t->body.len;
      t->job.max_links = MAX_LINKS_PER_PAGE;
      t->job.owner = t;
      prep_submit(cr->prep, &t->job);
      cr->pending++;
      handed = 1;
    } else {
      store_page(cr, t, kind, &listing);
    }
    listing_release(&listing);
    free(ctype);
    return handed;
  }
}

static void finish(struct crawler *cr, CURLMsg *msg)
{
  struct transfer *t = NULL;
  long status = 0;

  curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&t);
  curl_easy_getinfo(msg->easy_handle, CURLINFO_RESPONSE_CODE, &status);
  curl_multi_remove_handle(cr->multi, msg->easy_handle);
  for (size_t i = 0; i < cr->nactive; i++) {
    if (cr->active[i] == t) {
      cr->active[i] = cr->active[--cr->nactive];
      break;
    }
  }
  t->host->in_flight--;
  cr->running--;
  if (cr->failed_hard) {
    /* The corpus failed (a full disk): store nothing more; the URL stays
     * in flight and is fetched again when the crawl is resumed. */
  } else if (t->is_robots) {
    finish_robots(cr, t, msg->data.result, status);
  } else {
    verbose("%ld %s", status, t->entry.url);
    if (finish_page(cr, t, msg->data.result, status))
      return; /* the second thread has it */
  }
  transfer_free(t);
}

/* ---- the loop ----------------------------------------------------------- */

/* Give due hosts their next request, up to the concurrency limit. */
static void schedule(struct crawler *cr)
{
  double now = monotonic_now();

  /* A page is in flight until it is stored: fetched pages waiting for
   * the second thread count, so that a crash loses no more than
   * --concurrency pages, and fetching runs no faster than storing. */
  if (stop_requested || cr->running + cr->pending >= cr->set.concurrency)
    return;
  if (cr->set.max_pages && cr->stored + cr->pending >= cr->set.max_pages)
    return;
  /* Which origins have due URLs: asked of the corpus at most twice a
   * second, since the query walks the queue. */
  if (now - cr->origins_at > 0.5 || !cr->norigins) {
    for (size_t i = 0; i < cr->norigins; i++)
      free(cr->origins[i]);
    free(cr->origins);
    cr->origins = NULL;
    cr->norigins = 0;
    cr->origins_at = now;
    if (corpus_frontier_due_origins(cr->c, now_utc(), &cr->origins,
                                    &cr->norigins) < 0) {
      cr->failed_hard = 1;
      return;
    }
  }
  for (size_t i = 0; i < cr->norigins; i++) {
    struct host *h = host_get(cr, cr->origins[i]);
    while (cr->running + cr->pending < cr->set.concurrency &&
           h->in_flight < cr->set.per_host && h->next_at <= now &&
           !(cr->set.max_pages &&
             cr->stored + cr->pending + cr->running >= cr->set.max_pages)) {
      struct corpus_frontier_entry e;
      struct transfer *t;
      char *target;
      const char *rule = NULL;

      if (h->robots_state == ROBOTS_NONE ||
          (h->robots_state == ROBOTS_WAIT && h->robots_retry_at <= now)) {
        start_robots(cr, h);
        break;
      }
      if (h->robots_state != ROBOTS_READY)
        break;
      if (corpus_frontier_take(cr->c, h->origin, now_utc(), &e) != 1)
        break;
      target = url_request_target(e.url);
      if (!cr->set.ignore_robots && h->robots &&
          !robots_allows(h->robots, target ? target : "/", &rule)) {
        char *reason = xasprintf("robots: %s", rule ? rule : "disallowed");
        corpus_frontier_mark_skipped(cr->c, e.id, reason);
        verbose("robots.txt forbids %s (%s)", e.url, reason);
        cr->skipped++;
        free(reason);
        free(target);
        corpus_frontier_entry_release(&e);
        continue;
      }
      free(target);
      t = transfer_new(cr, h, e.url);
      t->entry = e;
      if (e.page_id)
        ask_if_changed(cr, t);
      verbose("fetch %s", e.url);
      start(cr, t);
    }
  }
}

/* Is there anything left: transfers running, URLs queued, robots.txt
 * retries pending?  Sets *wait_ms to how long nothing can happen. */
static int work_left(struct crawler *cr, long *wait_ms)
{
  int64_t next_due = 0;
  double now = monotonic_now(), soonest = INFINITY;

  *wait_ms = 1000;
  if (cr->running || cr->pending)
    return 1; /* the second thread wakes the wait when it is done */
  if (cr->set.max_pages && cr->stored >= cr->set.max_pages)
    return 0;
  switch (corpus_frontier_next_due(cr->c, &next_due)) {
  case -1:
    cr->failed_hard = 1;
    return 0;
  case 0:
    return 0; /* nothing queued */
  }
  for (size_t i = 0; i < cr->nhosts; i++) {
    struct host *h = cr->hosts[i];
    if (h->robots_state == ROBOTS_WAIT && h->robots_retry_at < soonest)
      soonest = h->robots_retry_at;
    if (h->next_at > now && h->next_at < soonest)
      soonest = h->next_at;
  }
  if (next_due > now_utc()) {
    double until = (double)(next_due - now_utc());
    if (now + until < soonest)
      soonest = now + until;
  }
  if (soonest != INFINITY && soonest > now) {
    double ms = (soonest - now) * 1000;
    *wait_ms = ms > 1000 ? 1000 : (long)ms + 1;
  } else {
    *wait_ms = 20;
  }
  return 1;
}

static void show_progress(struct crawler *cr)
{
  char note[160];
  int64_t queued;

  /* Counting the queue is not free: only when a line is drawn. */
  if (!progress_is_drawing(cr->progress) ||
      corpus_frontier_queued(cr->c, &queued) < 0)
    return;
  snprintf(note, sizeof(note), "%lld queued, %llu failed, %llu skipped",
           (long long)queued, (unsigned long long)cr->failed,
           (unsigned long long)cr->skipped);
  progress_set_note(cr->progress, note);
  progress_update(cr->progress, cr->fetched);
}

/* Called on the second thread when a page is ready: ends the wait. */
static void wake_loop(void *multi)
{
  curl_multi_wakeup(multi);
}

static int crawl_loop(struct crawler *cr)
{
  double last_progress = 0;
  long wait_ms;
  int still;

  while (!stop_requested && !cr->failed_hard && !cr->session_lost) {
    CURLMsg *msg;
    int left, finished = 0;
    long curl_ms = -1;

    schedule(cr);
    /* Start what was just added, collect what is finished. */
    curl_multi_perform(cr->multi, &still);
    while ((msg = curl_multi_info_read(cr->multi, &left)))
      if (msg->msg == CURLMSG_DONE) {
        finish(cr, msg);
        finished++;
      }
    finished += (int)store_prepared(cr, 0);
    if (!work_left(cr, &wait_ms))
      break;
    curl_multi_timeout(cr->multi, &curl_ms);
    if (curl_ms >= 0 && curl_ms < wait_ms)
      wait_ms = curl_ms;
    /* Slots just freed are filled before waiting, not after. */
    if (wait_ms > 0 && !finished)
      curl_multi_poll(cr->multi, NULL, 0, (int)wait_ms, NULL);
    if (monotonic_now() - last_progress > 0.25) {
      show_progress(cr);
      last_progress = monotonic_now();
    }
  }
  /* Pages fetched are stored, also when the crawl was stopped. */
  store_prepared(cr, 1);
  if (!stop_requested && !cr->failed_hard)
    session_final_check(cr);
  return cr->failed_hard || cr->session_lost ? -1 : 0;
}

/* ---- options and set-up ------------------------------------------------- */

static int parse_double(const char *opt, const char *text, double *out)
{
  char *end;
  double v = strtod(text, &end);

  if (end == text || *end || v < 0 || !isfinite(v))
    return cmd_usage_error(&usage, "%s wants a number of seconds, not '%s'",
                           opt, text);
  *out = v;
  return 0;
}

static int add_regex(regex_t **list, size_t *n, const char *opt,
                     const char *text)
{
  regex_t re;
  int rc = regcomp(&re, text, REG_EXTENDED | REG_NOSUB);

  if (rc) {
    char msg[256];
    regerror(rc, &re, msg, sizeof(msg));
    return cmd_usage_error(&usage, "%s: bad regular expression '%s': %s",
                           opt, text, msg);
  }
  *list = xrealloc(*list, (*n + 1) * sizeof(**list));
  (*list)[(*n)++] = re;
  return 0;
}

static char *settings_json(const struct crawler *cr)
{
  json_t *o = json_object();
  char *s;

  json_object_set_new(o, "concurrency", json_integer((json_int_t)cr->set.concurrency));
  json_object_set_new(o, "per_host", json_integer((json_int_t)cr->set.per_host));
  json_object_set_new(o, "delay", json_real(cr->set.delay));
  json_object_set_new(o, "max_crawl_delay", json_real(cr->set.max_crawl_delay));
  json_object_set_new(o, "ignore_robots", json_boolean(cr->set.ignore_robots));
  json_object_set_new(o, "retries", json_integer((json_int_t)cr->set.retries));
  json_object_set_new(o, "max_retry_after", json_real(cr->set.max_retry_after));
  json_object_set_new(o, "timeout", json_integer((json_int_t)cr->set.timeout));
  json_object_set_new(o, "scope", json_string(cr->set.scope));
  json_object_set_new(o, "max_depth", json_integer((json_int_t)cr->set.max_depth));
  json_object_set_new(o, "max_pages", json_integer((json_int_t)cr->set.max_pages));
  json_object_set_new(o, "max_size", json_integer((json_int_t)cr->set.max_size));
  json_object_set_new(o, "allow_private", json_boolean(cr->set.allow_private));
  json_object_set_new(o, "insecure", json_boolean(cr->set.insecure));
  json_object_set_new(o, "sitemaps", json_boolean(!cr->set.no_sitemaps));
  json_object_set_new(o, "recrawl", json_boolean(cr->set.recrawl));
  /* that a session was used, never the cookies or their file */
  json_object_set_new(o, "session", json_boolean(cr->set.cookies != NULL));
  json_object_set_new(o, "user_agent", json_string(cr->user_agent));
  s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
  json_decref(o);
  return s;
}

static char *seeds_json(const struct crawler *cr)
{
  json_t *a = json_array();
  char *s;

  for (size_t i = 0; i < cr->nseeds; i++)
    json_array_append_new(a, json_string(cr->seeds[i]));
  s = json_dumps(a, JSON_COMPACT);
  json_decref(a);
  return s;
}

static void crawler_release(struct crawler *cr)
{
  seen_release(&cr->seen);
  for (size_t i = 0; i < cr->nhosts; i++) {
    robots_free(cr->hosts[i]->robots);
    free(cr->hosts[i]->origin);
    free(cr->hosts[i]->session_wall_url);
    free(cr->hosts[i]);
  }
  free(cr->hosts);
  for (size_t i = 0; i < cr->nseeds; i++)
    free(cr->seeds[i]);
  free(cr->seeds);
  for (size_t i = 0; i < cr->nseed_hosts; i++)
    free(cr->seed_hosts[i]);
  free(cr->seed_hosts);
  for (size_t i = 0; i < cr->set.ninclude; i++)
    regfree(&cr->set.include[i]);
  for (size_t i = 0; i < cr->set.nexclude; i++)
    regfree(&cr->set.exclude[i]);
  free(cr->set.include);
  free(cr->set.exclude);
  free(cr->user_agent);
  free(cr->active);
  for (size_t i = 0; i < cr->norigins; i++)
    free(cr->origins[i]);
  free(cr->origins);
  pagetrap_free(cr->trap);
}

/* crawl's options, also read by `netno run` to tell them from its own. */
enum {
  O_CONC = 256,
  O_PERHOST,
  O_DELAY,
  O_MAXCD,
  O_IGNROB,
  O_RETRIES,
  O_MAXRA,
  O_TIMEOUT,
  O_SCOPE,
  O_INCL,
  O_EXCL,
  O_DEPTH,
  O_PAGES,
  O_SIZE,
  O_PRIV,
  O_INSEC,
  O_CONTACT,
  O_NOSITEMAPS,
  O_RECRAWL,
  O_STRICT,
  O_COOKIES
};
static const struct option crawl_opts[] = {
    {"concurrency", required_argument, NULL, O_CONC},
    {"per-host", required_argument, NULL, O_PERHOST},
    {"delay", required_argument, NULL, O_DELAY},
    {"max-crawl-delay", required_argument, NULL, O_MAXCD},
    {"ignore-robots", no_argument, NULL, O_IGNROB},
    {"retries", required_argument, NULL, O_RETRIES},
    {"max-retry-after", required_argument, NULL, O_MAXRA},
    {"timeout", required_argument, NULL, O_TIMEOUT},
    {"scope", required_argument, NULL, O_SCOPE},
    {"include", required_argument, NULL, O_INCL},
    {"exclude", required_argument, NULL, O_EXCL},
    {"max-depth", required_argument, NULL, O_DEPTH},
    {"max-pages", required_argument, NULL, O_PAGES},
    {"max-size", required_argument, NULL, O_SIZE},
    {"allow-private", no_argument, NULL, O_PRIV},
    {"insecure", no_argument, NULL, O_INSEC},
    {"contact", required_argument, NULL, O_CONTACT},
    {"no-sitemaps", no_argument, NULL, O_NOSITEMAPS},
    {"recrawl", no_argument, NULL, O_RECRAWL},
    {"strict", no_argument, NULL, O_STRICT},
    {"cookies", required_argument, NULL, O_COOKIES},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

const struct option *crawl_options(void)
{
  return crawl_opts;
}

static int parse_options(struct crawler *cr, int argc, char **argv)
{
  struct settings *s = &cr->set;
  int opt;

  s->concurrency = 16;
  s->per_host = 1;
  s->delay = 1.0;
  s->max_crawl_delay = 30;
  s->retries = 3;
  s->max_retry_after = 600;
  s->timeout = 60;
  s->scope = "host";
  s->max_depth = 50;
  s->max_size = 10 * 1024 * 1024;
  optind = 0;
  opterr = 0;
  while ((opt = getopt_long(argc, argv, "h", crawl_opts, NULL)) != -1) {
    const char *name = argv[optind - 1];
    switch (opt) {
    case O_CONC:
      if (cmd_parse_uint(&usage, name, optarg, &s->concurrency) < 0)
        return 2;
      break;
    case O_PERHOST:
      if (cmd_parse_uint(&usage, name, optarg, &s->per_host) < 0)
        return 2;
      break;
    case O_DELAY:
      if (parse_double("--delay", optarg, &s->delay))
        return 2;
      break;
    case O_MAXCD:
      if (parse_double("--max-crawl-delay", optarg, &s->max_crawl_delay))
        return 2;
      break;
    case O_IGNROB:
      s->ignore_robots = 1;
      break;
    case O_RETRIES:
      if (cmd_parse_uint(&usage, name, optarg, &s->retries) < 0)
        return 2;
      break;
    case O_MAXRA:
      if (parse_double("--max-retry-after", optarg, &s->max_retry_after))
        return 2;
      break;
    case O_TIMEOUT:
      if (cmd_parse_uint(&usage, name, optarg, &s->timeout) < 0)
        return 2;
      break;
    case O_SCOPE:
      if (strcmp(optarg, "host") && strcmp(optarg, "domain") &&
          strcmp(optarg, "prefix") && strcmp(optarg, "all"))
        return cmd_usage_error(&usage, "--scope is host, domain, prefix or "
                               "all, not '%s'", optarg);
      s->scope = optarg;
      break;
    case O_INCL:
      if (add_regex(&s->include, &s->ninclude, "--include", optarg))
        return 2;
      break;
    case O_EXCL:
      if (add_regex(&s->exclude, &s->nexclude, "--exclude", optarg))
        return 2;
      break;
    case O_DEPTH:
      if (cmd_parse_uint(&usage, name, optarg, &s->max_depth) < 0)
        return 2;
      break;
    case O_PAGES:
      if (cmd_parse_uint(&usage, name, optarg, &s->max_pages) < 0)
        return 2;
      break;
    case O_SIZE:
      if (cmd_parse_uint(&usage, name, optarg, &s->max_size) < 0)
        return 2;
      break;
    case O_PRIV:
      s->allow_private = 1;
      break;
    case O_INSEC:
      s->insecure = 1;
      break;
    case O_CONTACT:
      s->contact = optarg;
      break;
    case O_NOSITEMAPS:
      s->no_sitemaps = 1;
      break;
    case O_RECRAWL:
      s->recrawl = 1;
      break;
    case O_STRICT:
      s->strict = 1;
      break;
    case O_COOKIES:
      s->cookies = optarg;
      break;
    case 'h':
      cmd_print_help(&usage);
      return 0;
    default:
      return cmd_bad_option(&usage, argv);
    }
  }
  if (s->concurrency < 1 || s->per_host < 1)
    return cmd_usage_error(&usage, "--concurrency and --per-host must be at "
                                   "least 1");
  if (optind >= argc)
    return cmd_usage_error(&usage, "no seed URL given");
  for (int i = optind; i < argc; i++) {
    char *url, *host;
    const char *why;
    if (url_normalize(argv[i], argv[i], &url, &why) < 0)
      return cmd_usage_error(&usage, "'%s' is not an http or https URL (%s)",
                             argv[i], why ? why : "invalid");
    cr->seeds = xrealloc(cr->seeds, (cr->nseeds + 1) * sizeof(char *));
    cr->seeds[cr->nseeds++] = url;
    host = url_host(url);
    if (host) {
      cr->seed_hosts =
          xrealloc(cr->seed_hosts, (cr->nseed_hosts + 1) * sizeof(char *));
      cr->seed_hosts[cr->nseed_hosts++] = host;
    }
  }
  cr->user_agent =
      s->contact ? xasprintf("netno/%s (+%s)", NETNO_VERSION, s->contact)
                 : xasprintf("netno/%s", NETNO_VERSION);
  return -1; /* go on */
}

/* The coverage warnings at the end of a crawl; the exit status they
 * make (1 under --strict, or when they cannot be read). */
static int coverage_status(struct crawler *cr)
{
  int warned = corpus_coverage_check(cr->c, CORPUS_COVERAGE_CRAWL);

  return warned < 0 || (warned && cr->set.strict) ? 1 : 0;
}

int cmd_crawl(int argc, char **argv)
{
  struct crawler cr;
  struct sigaction sa;
  char *seeds = NULL, *settings = NULL;
  int64_t requeued = 0;
  int rc, ret = 1;

  memset(&cr, 0, sizeof(cr));
  seen_init(&cr.seen);
  cr.trap = pagetrap_new();
  rc = parse_options(&cr, argc, argv);
  if (rc >= 0) {
    crawler_release(&cr);
    return rc;
  }
  if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
    crawler_release(&cr);
    return error("cannot initialise libcurl"), 1;
  }
  /* A bad jar is found before the corpus is touched. */
  if (cr.set.cookies && !(cr.share = cookie_jar_load(cr.set.cookies)))
    goto out;
  cr.c = corpus_open(NULL, CORPUS_CREATE);
  if (!cr.c || corpus_lock_crawl(cr.c) < 0)
    goto out;
  if (corpus_frontier_requeue(cr.c, &requeued) < 0)
    goto out;
  if (requeued)
    info("resuming: %lld URLs that were in flight are queued again",
         (long long)requeued);
  if (cr.set.recrawl) {
    int64_t again = 0;
    if (corpus_frontier_recrawl(cr.c, &again) < 0)
      goto out;
    info("re-crawl: %lld stored pages are asked for again", (long long)again);
  }
  seeds = seeds_json(&cr);
  settings = settings_json(&cr);
  if (corpus_crawl_start(cr.c, seeds, settings, &cr.crawl_id) < 0)
    goto out;
  for (size_t i = 0; i < cr.nseeds; i++) {
    char *origin = url_origin(cr.seeds[i]);
    corpus_frontier_add(cr.c, cr.seeds[i], origin, 0, 0, 0, cr.crawl_id,
                        NULL);
    /* Each seed origin's /sitemap.xml, once per corpus (the frontier
     * knows it after the first crawl). */
    if (origin && sitemaps_wanted(&cr))
      add_sitemap(&cr, origin, "/sitemap.xml");
    free(origin);
  }

  memset(&sa, 0, sizeof(sa));
  sa.sa_handler = on_signal;
  sigaction(SIGINT, &sa, NULL);
  sigaction(SIGTERM, &sa, NULL);
  stop_requested = 0;

  cr.multi = curl_multi_init();
  curl_multi_setopt(cr.multi, CURLMOPT_MAX_TOTAL_CONNECTIONS,
                    (long)cr.set.concurrency);
  cr.progress = progress_new("crawl", 0);
  cr.prep = prep_start(wake_loop, cr.multi);
  rc = crawl_loop(&cr);
  prep_stop(cr.prep);
  cr.prep = NULL;
  progress_free(cr.progress);

  /* Transfers cut short by a stop go back in the queue for next time. */
  for (size_t i = 0; i < cr.nactive; i++) {
    curl_multi_remove_handle(cr.multi, cr.active[i]->easy);
    transfer_free(cr.active[i]);
  }
  cr.nactive = 0;
  corpus_frontier_requeue(cr.c, &requeued);
  corpus_crawl_finish(cr.c, cr.crawl_id,
                      rc < 0 ? "failed"
                      : stop_requested ? "interrupted"
                                       : "done",
                      (int64_t)cr.stored, (int64_t)cr.failed,
                      (int64_t)cr.skipped, (int64_t)cr.bytes);
  info("crawl %s: %llu pages stored, %llu fetches, %llu failed, %llu "
       "skipped by robots.txt",
       stop_requested ? "interrupted" : rc < 0 ? "failed" : "done",
       (unsigned long long)cr.stored, (unsigned long long)cr.fetched,
       (unsigned long long)cr.failed, (unsigned long long)cr.skipped);
  if (cr.set.recrawl)
    info("re-crawl: %llu pages not modified",
         (unsigned long long)cr.not_modified);
  if (stop_requested)
    info("run the same 'netno crawl' again to resume");
  ret = rc < 0 ? 1 : coverage_status(&cr);
out:
  if (cr.multi)
    curl_multi_cleanup(cr.multi);
  if (cr.share)
    curl_share_cleanup(cr.share);
  corpus_close(cr.c);
  crawler_release(&cr);
  free(seeds);
  free(settings);
  curl_global_cleanup();
  return ret;
}
