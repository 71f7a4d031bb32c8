/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * URL handling for the crawler: resolution and normalisation on top of
 * libcurl's URL API, trap patterns and scope.  The pure string helpers
 * (session parameters, splitting, thread keys) are in util/url.c.
 *
 * libcurl parses, resolves relative references and converts IDN hosts;
 * what libcurl 7.88 leaves alone (host case, percent-encoding, session
 * ids) or gets wrong (fragment-only and empty references resolve to the
 * base's directory) is done here on the parts it returns.
 *
 * libcurl flags (7.88): CURLU_PUNYCODE when reading the host and
 * CURLU_NO_DEFAULT_PORT when reading the port.  Deliberately not used:
 * CURLU_NON_SUPPORT_SCHEME and CURLU_GUESS_SCHEME (schemes are checked
 * here first, and a link without one is relative), CURLU_URLENCODE (it
 * writes a space in the query as '+', as browsers do not; link_clean()
 * encodes instead),
 * CURLU_ALLOW_SPACE and CURLU_PATH_AS_IS (we want spaces encoded and dot
 * segments gone).
 */
#include "crawl/url.h"
#include "util/util.h"

#include <curl/curl.h>
#include <libpsl.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/* ---- rules ------------------------------------------------------------- */

/* Where a trap pattern looks. */
enum trap_where {
  TRAP_SEGMENT, /* a path segment equal to the text, or the text plus a
                   file extension: "login" matches /login/ and login.php,
                   not login-help or XenForo's thread slug login.123 */
  TRAP_SCRIPT,  /* the text plus a file extension only, for words that
                   are also tags and categories: online.php, not /online/ */
  TRAP_KEY,     /* a query parameter of that name, any value */
  TRAP_PAIR,    /* a query parameter "name=value" exactly */
};

/*
 * Built-in traps and noise, matched case-insensitively.  Feeds (/feed/,
 * feed.php, ?feed=rss2) are deliberately absent: they list new posts.
 * To add a pattern, add a line; order does not matter.
 */
static const struct {
  enum trap_where where;
  const char *text;
  const char *reason;
} trap_patterns[] = {
    /* writing: phpBB posting.php?mode=..., vBulletin and MyBB
     * newreply.php / newthread.php / editpost.php, XenForo
     * /threads/x.1/reply, /posts/1/quote, /posts/1/edit */
    {TRAP_SEGMENT, "posting", "action"},
    {TRAP_SEGMENT, "newreply", "action"},
    {TRAP_SEGMENT, "newthread", "action"},
    {TRAP_SEGMENT, "editpost", "action"},
    {TRAP_SEGMENT, "reply", "action"},
    {TRAP_SEGMENT, "quote", "action"},
    {TRAP_SEGMENT, "edit", "action"},
    {TRAP_PAIR, "mode=reply", "action"},
    {TRAP_PAIR, "mode=quote", "action"},
    {TRAP_PAIR, "mode=post", "action"},
    {TRAP_PAIR, "mode=edit", "action"},
    {TRAP_PAIR, "do=newreply", "action"},
    {TRAP_PAIR, "do=newthread", "action"},
    {TRAP_PAIR, "do=editpost", "action"},
    {TRAP_PAIR, "action=post", "action"}, /* SMF */
    {TRAP_PAIR, "action=newthread", "action"},
    {TRAP_PAIR, "action=newreply", "action"},
    {TRAP_KEY, "replytocom", "action"}, /* WordPress reply links */

    /* reporting, messaging, control panels */
    {TRAP_SEGMENT, "report", "action"},
    {TRAP_SEGMENT, "sendmessage", "action"},
    {TRAP_SEGMENT, "private", "action"},       /* vBulletin, MyBB messages */
    {TRAP_SEGMENT, "conversations", "action"}, /* XenForo messages */
    {TRAP_SEGMENT, "ucp", "action"},           /* phpBB user panel */
    {TRAP_SEGMENT, "mcp", "action"},           /* phpBB moderators */
    {TRAP_SEGMENT, "usercp", "action"},
    {TRAP_SEGMENT, "modcp", "action"},
    {TRAP_SEGMENT, "wp-admin", "action"},
    {TRAP_PAIR, "action=reporttm", "action"}, /* SMF report */
    {TRAP_PAIR, "do=sendtofriend", "action"},

    /* accounts */
    {TRAP_SEGMENT, "login", "action"},
    {TRAP_SEGMENT, "logout", "action"},
    {TRAP_SEGMENT, "register", "action"},
    {TRAP_SEGMENT, "signup", "action"},
    {TRAP_SEGMENT, "signin", "action"},
    {TRAP_SEGMENT, "wp-login", "action"},
    {TRAP_PAIR, "action=login", "action"}, /* SMF, MyBB member.php */
    {TRAP_PAIR, "action=logout", "action"},
    {TRAP_PAIR, "action=register", "action"},
    {TRAP_PAIR, "action=lostpassword", "action"},

    /* print views */
    {TRAP_SCRIPT, "print", "action"},
    {TRAP_SEGMENT, "printthread", "action"}, /* vBulletin, MyBB */
    {TRAP_PAIR, "view=print", "action"},     /* phpBB */
    {TRAP_PAIR, "action=print", "action"},
    {TRAP_PAIR, "action=printpage", "action"}, /* SMF */
    {TRAP_KEY, "print", "action"},

    /* search, member lists, who is online */
    {TRAP_SEGMENT, "search", "action"},
    {TRAP_SEGMENT, "memberlist", "action"},
    {TRAP_SEGMENT, "members", "action"}, /* XenForo list and profiles */
    {TRAP_SEGMENT, "viewonline", "action"},
    {TRAP_SCRIPT, "online", "action"}, /* vBulletin who is online */
    {TRAP_PAIR, "action=search", "action"},
    {TRAP_PAIR, "action=search2", "action"},
    {TRAP_PAIR, "action=mlist", "action"}, /* SMF member list */
    {TRAP_PAIR, "do=whoposted", "action"},

    /* the same listing in another order or view */
    {TRAP_KEY, "sort", "action"},
    {TRAP_KEY, "order", "action"},
    {TRAP_KEY, "sk", "action"}, /* phpBB sort key and direction */
    {TRAP_KEY, "sd", "action"},
    {TRAP_KEY, "daysprune", "action"}, /* vBulletin */
    {TRAP_KEY, "hilit", "action"},     /* phpBB search highlight */
    {TRAP_PAIR, "mode=threaded", "action"},
    {TRAP_PAIR, "mode=hybrid", "action"},
    {TRAP_PAIR, "view=next", "action"}, /* phpBB next/previous topic */
    {TRAP_PAIR, "view=previous", "action"},
    {TRAP_PAIR, "goto=newpost", "action"}, /* vBulletin redirects */
    {TRAP_PAIR, "goto=lastpost", "action"},
    {TRAP_PAIR, "goto=nextnewest", "action"},
    {TRAP_PAIR, "goto=nextoldest", "action"},
    {TRAP_PAIR, "action=lastpost", "action"}, /* MyBB redirects */
    {TRAP_PAIR, "action=nextnewest", "action"},
    {TRAP_PAIR, "action=nextoldest", "action"},
    {TRAP_KEY, "prev_next", "action"}, /* SMF */

    /* mark read, subscribe, share */
    {TRAP_KEY, "mark", "action"}, /* phpBB viewforum.php?mark=topics */
    {TRAP_KEY, "markread", "action"},
    {TRAP_PAIR, "do=markread", "action"},
    {TRAP_PAIR, "action=markread", "action"},
    {TRAP_PAIR, "action=markasread", "action"},
    {TRAP_PAIR, "action=notify", "action"},
    {TRAP_SEGMENT, "subscription", "action"}, /* vBulletin */
    {TRAP_SEGMENT, "subscribe", "action"},
    {TRAP_SEGMENT, "watch", "action"}, /* XenForo */
    {TRAP_SEGMENT, "bookmark", "action"},
    {TRAP_SEGMENT, "trackback", "action"}, /* WordPress */
    {TRAP_KEY, "share", "action"},         /* WordPress ?share=twitter */

    /* calendars: every day links to the next, without end */
    {TRAP_SEGMENT, "calendar", "calendar"},
    {TRAP_KEY, "date", "calendar"},
    {TRAP_KEY, "tribe-bar-date", "calendar"}, /* The Events Calendar */
    {TRAP_KEY, "ical", "calendar"},
};

/* Year archives (/2019/05/) outside these years are calendar traps; the
 * upper bound is next year. */
#define ARCHIVE_FIRST_YEAR 1990

/* Rules added by the caller. */
struct string_list {
  char **items;
  size_t nr, alloc;
};

static struct {
  struct string_list exclude;
  struct string_list include;
  size_t max_length;
} rules = {{NULL, 0, 0}, {NULL, 0, 0}, URL_TRAP_MAX_LENGTH};

static void string_list_add(struct string_list *l, const char *s)
{
  xgrow((void **)&l->items, sizeof(*l->items), l->nr + 1, &l->alloc);
  l->items[l->nr++] = xstrdup(s);
}

static void string_list_clear(struct string_list *l)
{
  for (size_t i = 0; i < l->nr; i++)
    free(l->items[i]);
  free(l->items);
  l->items = NULL;
  l->nr = l->alloc = 0;
}

void url_trap_exclude_add(const char *substring)
{
  string_list_add(&rules.exclude, substring);
}

void url_trap_include_add(const char *substring)
{
  string_list_add(&rules.include, substring);
}

void url_trap_set_max_length(size_t max)
{
  rules.max_length = max ? max : URL_TRAP_MAX_LENGTH;
}

void url_rules_reset(void)
{
  url_session_params_reset();
  string_list_clear(&rules.exclude);
  string_list_clear(&rules.include);
  rules.max_length = URL_TRAP_MAX_LENGTH;
}

/* ---- characters -------------------------------------------------------- */

static int is_alpha(int c)
{
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_digit(int c) { return c >= '0' && c <= '9'; }

/* RFC 3986 section 2.3. */
static int is_unreserved(int c)
{
  return is_alpha(c) || is_digit(c) || c == '-' || c == '.' || c == '_' ||
         c == '~';
}

static void ascii_lower(char *s)
{
  for (; *s; s++)
    if (*s >= 'A' && *s <= 'Z')
      *s = (char)(*s - 'A' + 'a');
}

/* Are the n bytes at s all decimal digits (and at least one)? */
static int all_digits(const char *s, size_t n)
{
  if (!n)
    return 0;
  for (size_t i = 0; i < n; i++)
    if (!is_digit(s[i]))
      return 0;
  return 1;
}

/* Decimal value of n digits at s; n is at most 9, so no overflow. */
static long digits_value(const char *s, size_t n)
{
  long v = 0;
  for (size_t i = 0; i < n; i++)
    v = v * 10 + (s[i] - '0');
  return v;
}

/* Case-insensitive comparison of the n bytes at s with the string t. */
static int span_equals(const char *s, size_t n, const char *t)
{
  return strlen(t) == n && !strncasecmp(s, t, n);
}

/* Length of the scheme at the start of s (RFC 3986: ALPHA *( ALPHA / DIGIT
 * / "+" / "-" / "." ) followed by ':'), 0 when s has none. */
static size_t scheme_length(const char *s)
{
  size_t i = 0;

  if (!is_alpha(s[0]))
    return 0;
  while (is_alpha(s[i]) || is_digit(s[i]) || s[i] == '+' || s[i] == '-' ||
         s[i] == '.')
    i++;
  return s[i] == ':' ? i : 0;
}

static int is_http_scheme(const char *s, size_t n)
{
  return span_equals(s, n, "http") || span_equals(s, n, "https");
}

/* ---- cleaning a link --------------------------------------------------- */

/*
 * What browsers do to an href before parsing it: trim leading and trailing
 * spaces and control characters, remove tabs and newlines anywhere, read
 * backslashes before the query as slashes.  We also drop the fragment
 * (never part of the canonical URL; libcurl 7.88 mis-resolves "#s") and
 * percent-encode what libcurl would reject (spaces, quotes, non-ASCII
 * bytes) except inside the authority, where libcurl converts IDN hosts.
 * Returns 0, or -1 when the result exceeds URL_NORMALIZE_MAX.
 */
static int link_clean(const char *s, struct strbuf *out)
{
  struct strbuf raw = STRBUF_INIT;
  const char *end;
  size_t i, skip, auth_start = 0, auth_end = 0;
  int in_query = 0, ret = -1;

  strbuf_init(&raw, URL_NORMALIZE_MAX);
  strbuf_init(out, URL_NORMALIZE_MAX);
  while (*s && (unsigned char)*s <= 0x20)
    s++;
  end = s + strlen(s);
  while (end > s && (unsigned char)end[-1] <= 0x20)
    end--;
  for (; s < end && *s != '#'; s++) {
    int c = *s;
    if (c == '\t' || c == '\n' || c == '\r')
      continue;
    if (c == '?')
      in_query = 1;
    if (c == '\\' && !in_query)
      c = '/';
    if (strbuf_addch(&raw, c) < 0)
      goto out;
  }

  skip = scheme_length(raw.buf);
  if (skip)
    skip++;
  if (!strncmp(raw.buf + skip, "//", 2)) {
    auth_start = skip + 2;
    auth_end = auth_start + strcspn(raw.buf + auth_start, "/?");
  }

  for (i = 0; i < raw.len; i++) {
    unsigned char c = (unsigned char)raw.buf[i];
    int r;
    if (i >= auth_start && i < auth_end)
      r = strbuf_addch(out, c);
    else if (c == '%' &&
             (hex_digit_value(raw.buf[i + 1]) < 0 || hex_digit_value(raw.buf[i + 2]) < 0))
      r = strbuf_addstr(out, "%25");
    else if (c <= 0x20 || c >= 0x7f || strchr("\"<>`{}|^\\", c))
      r = strbuf_addf(out, "%%%02X", c);
    else
      r = strbuf_addch(out, c);
    if (r < 0)
      goto out;
  }
  ret = 0;
out:
  strbuf_release(&raw);
  return ret;
}

/* ---- normalising the parts --------------------------------------------- */

/* Append n bytes of a path or query with its percent-encoding normalised:
 * upper-case hex, unreserved characters decoded, stray '%' encoded. */
static void percent_normalize(const char *s, size_t n, struct strbuf *out)
{
  for (size_t i = 0; i < n; i++) {
    int hi, lo;
    if (s[i] != '%') {
      strbuf_addch(out, s[i]);
      continue;
    }
    hi = i + 2 < n ? hex_digit_value(s[i + 1]) : -1;
    lo = i + 2 < n ? hex_digit_value(s[i + 2]) : -1;
    if (hi < 0 || lo < 0) {
      strbuf_addstr(out, "%25");
    } else if (is_unreserved(hi * 16 + lo)) {
      strbuf_addch(out, hi * 16 + lo);
      i += 2;
    } else {
      strbuf_addf(out, "%%%02X", hi * 16 + lo);
      i += 2;
    }
  }
}

/* Append path without ";jsessionid=..." parameters (up to the next '/'). */
static void jsessionid_remove(const char *path, struct strbuf *out)
{
  static const char param[] = ";jsessionid=";

  while (*path) {
    if (*path == ';' && !strncasecmp(path, param, sizeof(param) - 1)) {
      path += strcspn(path, "/");
      continue;
    }
    strbuf_addch(out, *path++);
  }
}

/* Drop the last segment and its '/' from the output of dot removal. */
static void last_segment_pop(struct strbuf *out)
{
  size_t len = out->len;

  while (len > 0 && out->buf[len - 1] != '/')
    len--;
  if (len > 0)
    len--;
  strbuf_truncate(out, len);
}

/* RFC 3986 section 5.2.4, remove_dot_segments, on a copy of path. */
static void dot_segments_remove(const char *path, struct strbuf *out)
{
  char *in = xstrdup(path);
  char *p = in;

  while (*p) {
    if (starts_with(p, "../")) {
      p += 3;
    } else if (starts_with(p, "./")) {
      p += 2;
    } else if (starts_with(p, "/./")) {
      p += 2;
    } else if (!strcmp(p, "/.")) {
      p[1] = '/';
      p += 1;
    } else if (starts_with(p, "/../")) {
      p += 3;
      last_segment_pop(out);
    } else if (!strcmp(p, "/..")) {
      p[2] = '/';
      p += 2;
      last_segment_pop(out);
    } else if (!strcmp(p, ".") || !strcmp(p, "..")) {
      p += strlen(p);
    } else {
      size_t n = strcspn(p + 1, "/") + 1;
      strbuf_add(out, p, n);
      p += n;
    }
  }
  free(in);
}

static void keep_unless_session(const char *p, size_t n, struct strbuf *out,
                                void *ctx)
{
  (void)ctx;
  if (!url_is_session_param(p, n))
    strbuf_add(out, p, n);
}

/* libcurl 7.88 lets some hosts through that no request could use ("%zz",
 * "a..b"); accept names of letters, digits, '-', '_' and '.' without empty
 * labels, and IPv6 literals. */
static int host_is_valid(const char *host)
{
  if (host[0] == '.' || strstr(host, "..") || ends_with(host, "."))
    return 0;
  if (host[0] == '[')
    return strspn(host + 1, "0123456789abcdefABCDEF:.") == strlen(host) - 2 &&
           host[strlen(host) - 1] == ']';
  for (const char *p = host; *p; p++)
    if (!is_alpha(*p) && !is_digit(*p) && !strchr("-_.", *p))
      return 0;
  return 1;
}

/* Does the last label of the n-byte host name hold a letter? */
static int last_label_has_letter(const char *host, size_t n)
{
  while (n > 0 && host[n - 1] != '.')
    if (is_alpha(host[--n]))
      return 1;
  return 0;
}

/*
 * libcurl writes IPv4 addresses in dotted decimal ("2.2" is 2.0.0.2,
 * "0x7f.1" is 127.0.0.1) when it parses a URL, but not when the address
 * came percent-encoded ("2%2e2").  Parse such a host once more so that a
 * normalised URL normalises to itself.  Takes and returns ownership.
 */
static char *ipv4_canonical(char *host)
{
  char *url = xasprintf("http://%s/", host), *again = NULL;
  CURLU *u = curl_url();

  if (!u)
    die("out of memory");
  if (curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
      curl_url_get(u, CURLUPART_HOST, &again, 0) == CURLUE_OK) {
    free(host);
    host = xstrdup(again);
  }
  curl_free(again);
  curl_url_cleanup(u);
  free(url);
  return host;
}

/* Convert the host of u to lower-case punycode without a trailing dot.
 * libcurl converts with libidn2 in the locale's charset; links are UTF-8,
 * so the conversion runs under a C.UTF-8 locale for this thread only. */
static char *host_get(CURLU *u)
{
  static locale_t utf8;
  locale_t old = (locale_t)0;
  char *host = NULL, *ret = NULL;
  size_t len;
  CURLUcode rc;

  if (!utf8)
    utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
  if (utf8)
    old = uselocale(utf8);
  rc = curl_url_get(u, CURLUPART_HOST, &host, CURLU_PUNYCODE);
  if (utf8)
    uselocale(old);
  if (rc != CURLUE_OK || !host)
    goto out;
  /* "example.com." is "example.com"; "2." stays, as libcurl would read
   * "2" as the address 0.0.0.2 */
  len = strlen(host);
  if (len > 1 && host[len - 1] == '.' && last_label_has_letter(host, len - 1))
    host[--len] = '\0';
  if (!len || !host_is_valid(host))
    goto out;
  ret = xstrdup(host);
  ascii_lower(ret);
  if (strspn(ret, "0123456789abcdefx.") == len && is_digit(ret[0]))
    ret = ipv4_canonical(ret);
out:
  curl_free(host);
  return ret;
}

/* Append "scheme://host[:port]" of u; -1 with *why on failure. */
static int origin_append(CURLU *u, struct strbuf *out, const char **why)
{
  char *scheme = NULL, *host = NULL, *port = NULL;
  CURLUcode rc;
  int ret = -1;

  *why = "malformed";
  if (curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK)
    goto out;
  ascii_lower(scheme);
  if (!is_http_scheme(scheme, strlen(scheme))) {
    *why = "scheme";
    goto out;
  }
  host = host_get(u);
  if (!host) {
    *why = "host";
    goto out;
  }
  rc = curl_url_get(u, CURLUPART_PORT, &port, CURLU_NO_DEFAULT_PORT);
  if (rc != CURLUE_OK && rc != CURLUE_NO_PORT)
    goto out;
  strbuf_addf(out, "%s://%s", scheme, host);
  if (port)
    strbuf_addf(out, ":%s", port);
  ret = 0;
out:
  curl_free(scheme);
  free(host);
  curl_free(port);
  return ret;
}

/* Append the normalised path and query of u. */
static int target_append(CURLU *u, struct strbuf *out)
{
  struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
  char *path = NULL, *query = NULL;
  CURLUcode rc;
  int ret = -1;

  if (curl_url_get(u, CURLUPART_PATH, &path, 0) != CURLUE_OK)
    goto out;
  rc = curl_url_get(u, CURLUPART_QUERY, &query, 0);
  if (rc != CURLUE_OK && rc != CURLUE_NO_QUERY)
    goto out;

  /* RFC 3986 6.2.2: percent-encoding first, so that "%2E%2E" is a dot
   * segment too */
  percent_normalize(path, strlen(path), &a);
  jsessionid_remove(a.buf, &b);
  strbuf_reset(&a);
  dot_segments_remove(b.buf, &a);
  strbuf_addstr(out, a.len ? a.buf : "/");

  if (query) {
    strbuf_reset(&a);
    percent_normalize(query, strlen(query), &a);
    size_t mark = out->len;
    strbuf_addch(out, '?');
    url_query_filter(a.buf, a.len, out, keep_unless_session, NULL);
    if (out->len == mark + 1)
      strbuf_truncate(out, mark);
  }
  ret = 0;
out:
  curl_free(path);
  curl_free(query);
  strbuf_release(&a);
  strbuf_release(&b);
  return ret;
}

/* The why word of url_normalize() for a libcurl parse error. */
static const char *curl_error_word(CURLUcode rc)
{
  switch (rc) {
  case CURLUE_UNSUPPORTED_SCHEME:
  case CURLUE_BAD_SCHEME:
    return "scheme";
  case CURLUE_BAD_HOSTNAME:
  case CURLUE_NO_HOST:
  case CURLUE_BAD_IPV6:
  case CURLUE_LACKS_IDN:
    return "host";
  default:
    return "malformed";
  }
}

/* ---- public: normalise ------------------------------------------------- */

int url_normalize(const char *base, const char *href, char **out,
                  const char **why)
{
  struct strbuf b = STRBUF_INIT, h = STRBUF_INIT, res = STRBUF_INIT;
  const char *reason = "malformed", *link;
  size_t base_scheme, link_scheme;
  CURLU *u = NULL;
  CURLUcode rc;
  int ret = -1;

  *out = NULL;
  if (link_clean(base, &b) < 0) {
    reason = "base";
    goto out;
  }
  if (link_clean(href, &h) < 0) {
    reason = "too-long";
    goto out;
  }
  base_scheme = scheme_length(b.buf);
  if (!base_scheme || !is_http_scheme(b.buf, base_scheme)) {
    reason = "base";
    goto out;
  }

  link = h.buf;
  link_scheme = scheme_length(link);
  if (link_scheme) {
    if (!is_http_scheme(link, link_scheme)) {
      reason = "scheme";
      goto out;
    }
    /* RFC 3986 5.4.2 "http:g": browsers read it as relative when the
     * scheme is the base's own */
    if (link_scheme == base_scheme && !strncasecmp(link, b.buf, link_scheme) &&
        strncmp(link + link_scheme + 1, "//", 2))
      link += link_scheme + 1;
  }

  u = curl_url();
  if (!u)
    die("out of memory");
  if (curl_url_set(u, CURLUPART_URL, b.buf, 0) != CURLUE_OK) {
    reason = "base";
    goto out;
  }
  /* an empty reference (after dropping the fragment) is the base itself;
   * libcurl 7.88 would give the base's directory */
  if (*link) {
    rc = curl_url_set(u, CURLUPART_URL, link, 0);
    if (rc != CURLUE_OK) {
      reason = curl_error_word(rc);
      goto out;
    }
  }
  if (origin_append(u, &res, &reason) < 0)
    goto out;
  if (target_append(u, &res) < 0) {
    reason = "malformed";
    goto out;
  }
  if (res.len > URL_NORMALIZE_MAX) {
    reason = "too-long";
    goto out;
  }
  *out = strbuf_detach(&res, NULL);
  ret = 0;
out:
  if (ret < 0 && why)
    *why = reason;
  curl_url_cleanup(u);
  strbuf_release(&b);
  strbuf_release(&h);
  strbuf_release(&res);
  return ret;
}

/* ---- public: parts ----------------------------------------------------- */

/* Parse an absolute URL into a new handle; NULL when it does not parse. */
static CURLU *url_parse(const char *url)
{
  CURLU *u = curl_url();

  if (!u)
    die("out of memory");
  if (curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK) {
    curl_url_cleanup(u);
    return NULL;
  }
  return u;
}

char *url_origin(const char *url)
{
  struct strbuf sb = STRBUF_INIT;
  CURLU *u = url_parse(url);
  const char *why;
  char *ret = NULL;

  if (u && origin_append(u, &sb, &why) == 0)
    ret = strbuf_detach(&sb, NULL);
  strbuf_release(&sb);
  curl_url_cleanup(u);
  return ret;
}

char *url_host(const char *url)
{
  CURLU *u = url_parse(url);
  char *ret = u ? host_get(u) : NULL;

  curl_url_cleanup(u);
  return ret;
}

char *url_request_target(const char *url)
{
  CURLU *u = url_parse(url);
  char *path = NULL, *query = NULL, *ret = NULL;

  if (!u)
    return NULL;
  if (curl_url_get(u, CURLUPART_PATH, &path, 0) != CURLUE_OK)
    goto out;
  if (curl_url_get(u, CURLUPART_QUERY, &query, 0) != CURLUE_OK)
    query = NULL;
  ret = xasprintf("%s%s%s", *path ? path : "/", query ? "?" : "",
                  query ? query : "");
out:
  curl_free(path);
  curl_free(query);
  curl_url_cleanup(u);
  return ret;
}

/* ---- public: traps ----------------------------------------------------- */

/* Does segment s (n bytes) equal text (when bare is set), or text plus a
 * file extension (".php", ".html": letters only)? */
static int segment_matches(const char *s, size_t n, const char *text, int bare)
{
  size_t t = strlen(text);

  if (n < t || strncasecmp(s, text, t))
    return 0;
  if (n == t)
    return bare;
  if (s[t] != '.' || n == t + 1)
    return 0;
  for (size_t i = t + 1; i < n; i++)
    if (!is_alpha(s[i]))
      return 0;
  return 1;
}

/* Is one segment there three or more times (/a/b/a/b/a/b, /x/x/x)? */
static int segments_repeat(const struct url_segments *sg)
{
  for (size_t i = 0; i < sg->nr; i++) {
    int count = 1;
    if (!sg->item[i].n)
      continue;
    for (size_t j = i + 1; j < sg->nr; j++)
      if (sg->item[j].n == sg->item[i].n &&
          !memcmp(sg->item[j].s, sg->item[i].s, sg->item[i].n))
        count++;
    if (count >= 3)
      return 1;
  }
  return 0;
}

/*
 * Date archives out of any sensible range: a four-digit year followed by
 * a two-digit month (/2019/05/) with the year before ARCHIVE_FIRST_YEAR or
 * after next year or the month not 01..12, or a first segment that is such
 * a year alone (/1850/).  Discourse topics (/t/slug/1234/12) are ids.
 */
static int segments_calendar(const struct url_segments *sg)
{
  time_t now = time(NULL);
  struct tm tm;
  long last_year;

  gmtime_r(&now, &tm);
  last_year = tm.tm_year + 1900 + 1;
  if (sg->nr && span_equals(sg->item[0].s, sg->item[0].n, "t"))
    return 0;
  for (size_t i = 0; i < sg->nr; i++) {
    long year, month;
    int bad_year;
    if (sg->item[i].n != 4 || !all_digits(sg->item[i].s, 4))
      continue;
    year = digits_value(sg->item[i].s, 4);
    bad_year = year < ARCHIVE_FIRST_YEAR || year > last_year;
    if (i + 1 < sg->nr && sg->item[i + 1].n == 2 &&
        all_digits(sg->item[i + 1].s, 2)) {
      month = digits_value(sg->item[i + 1].s, 2);
      if (bad_year || month < 1 || month > 12)
        return 1;
    } else if (i == 0 && bad_year) {
      return 1;
    }
  }
  return 0;
}

const char *url_trap_reason(const char *url)
{
  struct url_spans sp;
  struct url_segments sg;
  const char *q, *reason = NULL;

  if (strlen(url) > rules.max_length)
    return "too-long";
  for (size_t i = 0; i < rules.include.nr; i++)
    if (strcasestr(url, rules.include.items[i]))
      return NULL;
  for (size_t i = 0; i < rules.exclude.nr; i++)
    if (strcasestr(url, rules.exclude.items[i]))
      return "excluded";
  if (url_split(url, &sp) < 0)
    return NULL;
  q = url + sp.query;
  url_segments_split(url + sp.path, sp.path_len, &sg);

  if (segments_repeat(&sg)) {
    reason = "repeated-segments";
    goto out;
  }
  if (segments_calendar(&sg)) {
    reason = "calendar";
    goto out;
  }
  for (size_t i = 0; i < ARRAY_SIZE(trap_patterns) && !reason; i++) {
    const char *text = trap_patterns[i].text;
    switch (trap_patterns[i].where) {
    case TRAP_SEGMENT:
    case TRAP_SCRIPT:
      for (size_t j = 0; j < sg.nr; j++)
        if (segment_matches(sg.item[j].s, sg.item[j].n, text,
                            trap_patterns[i].where == TRAP_SEGMENT))
          reason = trap_patterns[i].reason;
      break;
    case TRAP_KEY:
    case TRAP_PAIR:
      if (url_query_has(q, sp.query_len, text,
                        trap_patterns[i].where == TRAP_PAIR))
        reason = trap_patterns[i].reason;
      break;
    }
  }
out:
  free(sg.item);
  return reason;
}

/* ---- public: scope ----------------------------------------------------- */

/* The public suffix list: the newest on the system (the publicsuffix
 * package) or the one built into libpsl; kept for the process. */
static const psl_ctx_t *psl_get(void)
{
  static const psl_ctx_t *ctx;

  if (!ctx)
    ctx = psl_latest(NULL);
  if (!ctx)
    ctx = psl_builtin();
  return ctx;
}

int url_in_scope(const char *url, const char *seed, const char *scope)
{
  char *a = NULL, *b = NULL;
  int ret = 0;

  if (!strcmp(scope, "all"))
    return 1;
  if (!strcmp(scope, "prefix"))
    return starts_with(url, seed);
  if (strcmp(scope, "host") && strcmp(scope, "domain"))
    return error("unknown scope '%s' (host, domain, prefix or all)", scope);

  a = url_host(url);
  b = url_host(seed);
  if (!a || !b)
    goto out;
  if (!strcmp(scope, "domain")) {
    const psl_ctx_t *psl = psl_get();
    const char *da = psl ? psl_registrable_domain(psl, a) : NULL;
    const char *db = psl ? psl_registrable_domain(psl, b) : NULL;
    if (da && db) {
      ret = !strcmp(da, db);
      goto out;
    }
  }
  ret = !strcmp(a, b);
out:
  free(a);
  free(b);
  return ret;
}
