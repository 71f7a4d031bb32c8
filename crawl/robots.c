/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * robots.txt per RFC 9309: a forgiving line parser that keeps only the
 * groups for our product token, and a matcher that runs for every URL the
 * crawler discovers.  The parser follows the behaviour of Google's
 * reference parser where the RFC leaves room (typos in keys, a missing
 * colon, "*" followed by text); see robots.h for the rules it applies.
 *
 * Rules are kept sorted by priority (pattern length, then Allow before
 * Disallow), so the first rule that matches decides.  The wildcard matcher
 * is the iterative two-pointer one: it remembers only the last '*' and so
 * runs in O(path * pattern) at worst, never exponentially.
 */
#include "crawl/robots.h"
#include "util/util.h"

#include <errno.h>
#include <iconv.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct robots_rule {
  char *text;          /* "Disallow: /x*$", owns the allocation */
  const char *pattern; /* into the same allocation: '*' runs collapsed */
  size_t pattern_len;
  size_t priority; /* octets of the normalised pattern, '$' included */
  size_t seq;      /* file order, to keep the sort stable */
  int allow;
  int anchored; /* the pattern ended in '$' */
};

struct rule_list {
  struct robots_rule *v;
  size_t n, alloc;
  double crawl_delay;
};

struct robots {
  struct robots_rule *rules;
  size_t nrules;
  double crawl_delay;
  char **sitemaps;
  size_t nsitemaps;
};

struct parser {
  const char *agent;
  size_t agent_len;
  struct rule_list specific;  /* groups naming our product token */
  struct rule_list global;    /* "*" groups */
  int in_specific, in_global; /* the current group names us, "*" */
  int seen_member;            /* a group member line since the last UA */
  int ever_specific;          /* some group named us, even an empty one */
  size_t seq;
  char **sitemaps;
  size_t nsitemaps, sitemaps_alloc;
};

enum key_kind {
  KEY_UNKNOWN,
  KEY_USER_AGENT,
  KEY_ALLOW,
  KEY_DISALLOW,
  KEY_CRAWL_DELAY,
  KEY_SITEMAP
};

/* ---- characters and normalisation ------------------------------------ */

static const char hex_digits[] = "0123456789ABCDEF";

static int is_alpha(int c)
{
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_digit(int c) { return c >= '0' && c <= '9'; }

static int is_space(int c)
{
  return c == ' ' || c == '\t' || c == '\v' || c == '\f';
}

/* RFC 3986 unreserved: decoded wherever they appear percent-encoded. */
static int is_unreserved(int c)
{
  return is_alpha(c) || is_digit(c) || c == '-' || c == '.' || c == '_' ||
         c == '~';
}

/* RFC 3986 gen-delims and sub-delims: significant, so kept as they are,
 * literal or encoded. */
static int is_reserved(int c)
{
  static const char set[] = ":/?#[]@!$&'()*+,;=";
  return c != 0 && memchr(set, c, sizeof(set) - 1) != NULL;
}

/* In a query, RFC 3986 allows these literally and RFC 9309 section 2.2.2
 * shows "https://" matching "https%3A%2F%2F"; both forms become literal. */
static int is_query_equivalent(int c)
{
  return c == ':' || c == '/' || c == '?' || c == '@';
}

static size_t put_encoded(char *out, size_t n, unsigned char c)
{
  out[n++] = '%';
  out[n++] = hex_digits[c >> 4];
  out[n++] = hex_digits[c & 15];
  return n;
}

/*
 * Write the canonical form of s[0..len) to out, which must hold 3 * len
 * bytes; returns the length written (no NUL).  Rules and paths go through
 * the same function, so they compare octet by octet afterwards.
 */
static size_t normalize(const char *s, size_t len, char *out)
{
  size_t n = 0;
  int in_query = 0;

  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];

    if (c == '%' && i + 2 < len && hex_digit_value(s[i + 1]) >= 0 &&
        hex_digit_value(s[i + 2]) >= 0) {
      int v = hex_digit_value(s[i + 1]) * 16 + hex_digit_value(s[i + 2]);
      if (is_unreserved(v) || (in_query && is_query_equivalent(v)))
        out[n++] = (char)v;
      else
        n = put_encoded(out, n, (unsigned char)v);
      i += 2;
      continue;
    }
    if (c == '?')
      in_query = 1;
    if (is_unreserved(c) || is_reserved(c))
      out[n++] = (char)c;
    else /* '%' without two hex digits, controls, space, non-ASCII */
      n = put_encoded(out, n, c);
  }
  return n;
}

/* ---- matching -------------------------------------------------------- */

/*
 * Does pattern p match a prefix of s (all of s when anchored)?  '*' in p
 * matches any run of octets.  On a mismatch the scan returns to just after
 * the last '*' and lets that star swallow one more octet; earlier stars
 * never need revisiting, which bounds the work by plen * slen.
 */
static int pattern_matches(const char *p, size_t plen, int anchored,
                           const char *s, size_t slen)
{
  size_t i = 0, j = 0, star = SIZE_MAX, mark = 0;

  while (i < slen) {
    if (j < plen && p[j] == '*') {
      star = j++;
      mark = i;
    } else if (j < plen && p[j] == s[i]) {
      i++;
      j++;
    } else if (j == plen && !anchored) {
      return 1;
    } else if (star != SIZE_MAX) {
      j = star + 1;
      i = ++mark;
    } else {
      return 0;
    }
  }
  while (j < plen && p[j] == '*')
    j++;
  return j == plen;
}

/* ---- rules ----------------------------------------------------------- */

/*
 * Turn a rule value into a rule.  Returns 0, or -1 when the value makes no
 * rule: empty (an empty Disallow allows everything) or not starting with
 * '/' or '*' (RFC 9309 paths start with '/'; such a rule could never
 * match).
 */
static int rule_make(struct robots_rule *rule, int allow, const char *value,
                     size_t len)
{
  const char *prefix = allow ? "Allow: " : "Disallow: ";
  size_t plen = strlen(prefix), n, k;
  int anchored = 0;
  char *text, *pattern;

  if (len > 0 && value[len - 1] == '$') {
    anchored = 1;
    len--;
  }
  if (len == 0 || (value[0] != '/' && value[0] != '*'))
    return -1;

  /* text: prefix, pattern, '$', NUL; then the collapsed pattern, NUL */
  text = xmalloc(plen + 3 * len + 2 + 3 * len + 1);
  memcpy(text, prefix, plen);
  n = normalize(value, len, text + plen);
  if (anchored)
    text[plen + n++] = '$';
  text[plen + n] = '\0';

  pattern = text + plen + n + 1;
  k = 0;
  for (size_t i = 0; i < n - (size_t)anchored; i++) {
    char c = text[plen + i];
    if (c == '*' && k > 0 && pattern[k - 1] == '*')
      continue;
    pattern[k++] = c;
  }
  if (!anchored)
    while (k > 0 && pattern[k - 1] == '*') /* implied by prefix matching */
      k--;
  pattern[k] = '\0';

  rule->text = text;
  rule->pattern = pattern;
  rule->pattern_len = k;
  rule->priority = n;
  rule->allow = allow;
  rule->anchored = anchored;
  return 0;
}

/* Keep rule in list, which takes ownership; over the limit it is freed. */
static void rule_list_push(struct rule_list *list, struct robots_rule *rule)
{
  if (list->n >= ROBOTS_MAX_RULES) {
    free(rule->text);
    return;
  }
  xgrow((void **)&list->v, sizeof(*list->v), list->n + 1, &list->alloc);
  list->v[list->n++] = *rule;
}

static void rule_list_release(struct rule_list *list)
{
  for (size_t i = 0; i < list->n; i++)
    free(list->v[i].text);
  free(list->v);
  list->v = NULL;
  list->n = list->alloc = 0;
}

/* Longer pattern first; Allow before Disallow on equal length; then file
 * order. */
static int rule_compare(const void *a, const void *b)
{
  const struct robots_rule *x = a, *y = b;

  if (x->priority != y->priority)
    return x->priority > y->priority ? -1 : 1;
  if (x->allow != y->allow)
    return x->allow ? -1 : 1;
  return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* ---- lines ------------------------------------------------------------ */

static void trim(const char **s, size_t *len)
{
  while (*len > 0 && is_space((unsigned char)**s)) {
    (*s)++;
    (*len)--;
  }
  while (*len > 0 && is_space((unsigned char)(*s)[*len - 1]))
    (*len)--;
}

static int key_is(const char *key, size_t len, const char *name)
{
  return strlen(name) == len && !strncasecmp(key, name, len);
}

/* Field names, case-insensitive, with the misspellings that Google's
 * parser also accepts. */
static enum key_kind key_classify(const char *key, size_t len)
{
  static const struct {
    const char *name;
    enum key_kind kind;
  } keys[] = {
      {"user-agent", KEY_USER_AGENT},   {"useragent", KEY_USER_AGENT},
      {"user agent", KEY_USER_AGENT},   {"allow", KEY_ALLOW},
      {"disallow", KEY_DISALLOW},       {"dissallow", KEY_DISALLOW},
      {"dissalow", KEY_DISALLOW},       {"disalow", KEY_DISALLOW},
      {"diasllow", KEY_DISALLOW},       {"disallaw", KEY_DISALLOW},
      {"crawl-delay", KEY_CRAWL_DELAY}, {"crawldelay", KEY_CRAWL_DELAY},
      {"crawl delay", KEY_CRAWL_DELAY}, {"sitemap", KEY_SITEMAP},
      {"site-map", KEY_SITEMAP},
  };

  for (size_t i = 0; i < ARRAY_SIZE(keys); i++)
    if (key_is(key, len, keys[i].name))
      return keys[i].kind;
  return KEY_UNKNOWN;
}

/* Length of the product token at the start of s: 1*(ALPHA / "_" / "-"),
 * RFC 9309 section 2.2.1. */
static size_t product_token_len(const char *s, size_t len)
{
  size_t n = 0;

  while (n < len &&
         (is_alpha((unsigned char)s[n]) || s[n] == '_' || s[n] == '-'))
    n++;
  return n;
}

/* Crawl-delay: a non-negative decimal ("5", "0.5", "10."); whatever
 * follows the number is ignored; -1 when there is no number.  Parsed by
 * hand so that the locale's decimal point does not matter. */
static double parse_delay(const char *s, size_t len)
{
  size_t i = 0, digits = 0;
  double v = 0, scale = 0.1;

  while (i < len && is_digit((unsigned char)s[i])) {
    v = v * 10 + (s[i++] - '0');
    digits++;
  }
  if (i < len && s[i] == '.') {
    for (i++; i < len && is_digit((unsigned char)s[i]); i++) {
      v += (s[i] - '0') * scale;
      scale /= 10;
      digits++;
    }
  }
  if (!digits || !isfinite(v))
    return -1;
  return v;
}

/* A User-agent line: does the current group name us, or "*"?  After a
 * member line it opens a new group; otherwise it joins the current one. */
static void handle_user_agent(struct parser *ps, const char *value, size_t len)
{
  size_t n;

  if (ps->seen_member) { /* a new group starts */
    ps->in_specific = ps->in_global = ps->seen_member = 0;
  }
  if (len > 0 && value[0] == '*' && (len == 1 || is_space(value[1]))) {
    ps->in_global = 1;
    return;
  }
  n = product_token_len(value, len);
  if (n > 0 && n == ps->agent_len && !strncasecmp(value, ps->agent, n))
    ps->in_specific = ps->ever_specific = 1;
}

/* An Allow or Disallow line: kept for each selection the current group
 * belongs to (a group may name both netno and "*"). */
static void handle_rule(struct parser *ps, int allow, const char *value,
                        size_t len)
{
  struct robots_rule rule;

  ps->seen_member = 1;
  if (ps->in_specific && rule_make(&rule, allow, value, len) == 0) {
    rule.seq = ps->seq;
    rule_list_push(&ps->specific, &rule);
  }
  if (ps->in_global && rule_make(&rule, allow, value, len) == 0) {
    rule.seq = ps->seq;
    rule_list_push(&ps->global, &rule);
  }
  ps->seq++;
}

/* Crawl-delay is a group member: it ties the group together like a rule
 * (so a following User-agent line opens a new group); the first valid
 * value of each selection counts. */
static void handle_crawl_delay(struct parser *ps, const char *value, size_t len)
{
  double d;

  ps->seen_member = 1;
  d = parse_delay(value, len);
  if (d < 0)
    return;
  if (ps->in_specific && ps->specific.crawl_delay < 0)
    ps->specific.crawl_delay = d;
  if (ps->in_global && ps->global.crawl_delay < 0)
    ps->global.crawl_delay = d;
}

static void handle_sitemap(struct parser *ps, const char *value, size_t len)
{
  if (len == 0 || ps->nsitemaps >= ROBOTS_MAX_SITEMAPS)
    return;
  for (size_t i = 0; i < len; i++)
    if ((unsigned char)value[i] <= ' ' || value[i] == 0x7f)
      return; /* not a URL */
  xgrow((void **)&ps->sitemaps, sizeof(*ps->sitemaps), ps->nsitemaps + 1,
        &ps->sitemaps_alloc);
  ps->sitemaps[ps->nsitemaps++] = xstrndup(value, len);
}

/*
 * One line, without its end of line: "key: value # comment".  Without a
 * colon, "key value" is accepted when exactly two words remain (as
 * Google's parser does); anything else is ignored.
 */
static void parse_line(struct parser *ps, const char *line, size_t len)
{
  const char *hash = memchr(line, '#', len), *key = line, *value;
  const char *colon;
  size_t key_len, value_len;

  if (hash)
    len = (size_t)(hash - line);
  trim(&key, &len);
  if (len == 0)
    return;
  colon = memchr(key, ':', len);
  if (colon) {
    key_len = (size_t)(colon - key);
    value = colon + 1;
    value_len = len - key_len - 1;
  } else {
    key_len = 0;
    while (key_len < len && !is_space((unsigned char)key[key_len]))
      key_len++;
    if (key_len == len)
      return;
    value = key + key_len;
    value_len = len - key_len;
    trim(&value, &value_len);
    for (size_t i = 0; i < value_len; i++)
      if (is_space((unsigned char)value[i]))
        return;
  }
  trim(&key, &key_len);
  trim(&value, &value_len);

  switch (key_classify(key, key_len)) {
  case KEY_USER_AGENT:
    handle_user_agent(ps, value, value_len);
    break;
  case KEY_ALLOW:
    handle_rule(ps, 1, value, value_len);
    break;
  case KEY_DISALLOW:
    handle_rule(ps, 0, value, value_len);
    break;
  case KEY_CRAWL_DELAY:
    handle_crawl_delay(ps, value, value_len);
    break;
  case KEY_SITEMAP:
    handle_sitemap(ps, value, value_len);
    break;
  case KEY_UNKNOWN:
    break;
  }
}

/*
 * Split the body into lines (LF, CRLF or a lone CR) within the first
 * ROBOTS_MAX_BODY bytes.  A line that the limit cuts is dropped rather
 * than read short: "Allow: /" from "Allow: /public" would allow too much.
 */
static void parse_body(struct parser *ps, const char *body, size_t len)
{
  size_t end = len < ROBOTS_MAX_BODY ? len : ROBOTS_MAX_BODY, i = 0;

  /* a UTF-8 BOM, or the start of one (as Google's parser also skips) */
  while (i < 3 && i < end && body[i] == "\xEF\xBB\xBF"[i])
    i++;
  while (i < end) {
    size_t start = i;

    while (i < end && body[i] != '\n' && body[i] != '\r')
      i++;
    if (i == end && end < len && body[end] != '\n' && body[end] != '\r')
      break;
    parse_line(ps, body + start,
               i - start < ROBOTS_MAX_LINE ? i - start : ROBOTS_MAX_LINE);
    if (i < end && body[i] == '\r' && i + 1 < end && body[i + 1] == '\n')
      i++;
    i++;
  }
}

/* ---- public ----------------------------------------------------------- */

static struct robots *robots_new(void)
{
  struct robots *r = xcalloc(1, sizeof(*r));

  r->crawl_delay = -1;
  return r;
}

struct robots *robots_parse(const char *body, size_t len, const char *agent)
{
  struct parser ps;
  struct robots *r = robots_new();
  struct rule_list *chosen;

  memset(&ps, 0, sizeof(ps));
  ps.specific.crawl_delay = ps.global.crawl_delay = -1;
  if (agent) {
    ps.agent = agent;
    ps.agent_len = product_token_len(agent, strlen(agent));
  }
  if (body)
    parse_body(&ps, body, len);

  chosen = ps.ever_specific ? &ps.specific : &ps.global;
  if (chosen->n > 1)
    qsort(chosen->v, chosen->n, sizeof(*chosen->v), rule_compare);
  r->rules = chosen->v;
  r->nrules = chosen->n;
  r->crawl_delay = chosen->crawl_delay;
  chosen->v = NULL;
  chosen->n = 0;
  rule_list_release(&ps.specific);
  rule_list_release(&ps.global);
  r->sitemaps = ps.sitemaps;
  r->nsitemaps = ps.nsitemaps;
  return r;
}

/* ---- charsets ----------------------------------------------------------- */

/* The charset parameter of a Content-Type, lower case, or "" (into buf). */
static void charset_of(const char *content_type, char *buf, size_t size)
{
  const char *p = content_type ? strcasestr(content_type, "charset=") : NULL;
  size_t n = 0;

  buf[0] = '\0';
  if (!p)
    return;
  p += 8;
  if (*p == '"' || *p == '\'')
    p++;
  while (*p && *p != ';' && *p != '"' && *p != '\'' && !is_space(*p) &&
         n + 1 < size) {
    buf[n++] = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
    p++;
  }
  buf[n] = '\0';
}

/* Append byte c read as ISO-8859-1, in UTF-8. */
static void add_latin1(struct strbuf *out, unsigned char c)
{
  if (c < 0x80) {
    strbuf_addch(out, c);
  } else {
    strbuf_addch(out, 0xc0 | (c >> 6));
    strbuf_addch(out, 0x80 | (c & 0x3f));
  }
}

/* Length of the valid UTF-8 sequence at s (at most n bytes), or 0. */
static size_t utf8_seq_len(const unsigned char *s, size_t n)
{
  size_t len;
  uint32_t cp;

  if (s[0] < 0x80)
    return 1;
  if (s[0] >= 0xc2 && s[0] <= 0xdf)
    len = 2, cp = s[0] & 0x1f;
  else if (s[0] >= 0xe0 && s[0] <= 0xef)
    len = 3, cp = s[0] & 0x0f;
  else if (s[0] >= 0xf0 && s[0] <= 0xf4)
    len = 4, cp = s[0] & 0x07;
  else
    return 0;
  if (len > n)
    return 0;
  for (size_t i = 1; i < len; i++) {
    if ((s[i] & 0xc0) != 0x80)
      return 0;
    cp = cp << 6 | (s[i] & 0x3f);
  }
  /* overlong forms, surrogates, beyond U+10FFFF */
  if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
      (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
    return 0;
  return len;
}

/* UTF-8 as it is, other bytes as ISO-8859-1. */
static void to_utf8_lenient(const char *body, size_t len, struct strbuf *out)
{
  const unsigned char *s = (const unsigned char *)body;

  for (size_t i = 0; i < len;) {
    size_t n = utf8_seq_len(s + i, len - i);
    if (n) {
      strbuf_add(out, s + i, n);
      i += n;
    } else {
      add_latin1(out, s[i++]);
    }
  }
}

/* Convert from charset with iconv; bytes it cannot convert are read as
 * ISO-8859-1.  -1 when iconv does not know the charset. */
static int to_utf8_iconv(const char *charset, const char *body, size_t len,
                         struct strbuf *out)
{
  iconv_t cd = iconv_open("UTF-8", charset);
  char buf[4096];
  char *in = (char *)body;
  size_t left = len;

  if (cd == (iconv_t)-1)
    return -1;
  while (left) {
    char *o = buf;
    size_t room = sizeof(buf);
    size_t rc = iconv(cd, &in, &left, &o, &room);

    strbuf_add(out, buf, sizeof(buf) - room);
    if (rc == (size_t)-1 && errno != E2BIG) {
      /* EILSEQ or EINVAL: one byte as ISO-8859-1, then go on. */
      add_latin1(out, (unsigned char)*in);
      in++;
      left--;
      iconv(cd, NULL, NULL, NULL, NULL);
    }
  }
  iconv_close(cd);
  return 0;
}

struct robots *robots_parse_response(const char *body, size_t len,
                                     const char *content_type,
                                     const char *agent)
{
  struct strbuf utf8 = STRBUF_INIT;
  struct robots *r;
  char charset[64];
  size_t i = 0;

  if (!body)
    return robots_parse(body, len, agent);
  while (i < len && i < ROBOTS_MAX_BODY && !((unsigned char)body[i] & 0x80))
    i++;
  if (i == len || i == ROBOTS_MAX_BODY) /* the same in every charset */
    return robots_parse(body, len, agent);
  if (len > ROBOTS_MAX_BODY) {
    /* As robots_parse() would: a line cut at the limit is dropped. */
    len = ROBOTS_MAX_BODY;
    while (len && body[len - 1] != '\n')
      len--;
  }
  charset_of(content_type, charset, sizeof(charset));
  if (!*charset || !strcmp(charset, "utf-8") || !strcmp(charset, "utf8") ||
      !strcmp(charset, "us-ascii") ||
      to_utf8_iconv(charset, body, len, &utf8) < 0) {
    strbuf_reset(&utf8);
    to_utf8_lenient(body, len, &utf8);
  }
  r = robots_parse(utf8.buf, utf8.len, agent);
  strbuf_release(&utf8);
  return r;
}

struct robots *robots_allow_all(void) { return robots_new(); }

struct robots *robots_disallow_all(void)
{
  struct robots *r = robots_new();

  r->rules = xcalloc(1, sizeof(*r->rules));
  rule_make(&r->rules[0], 0, "/", 1);
  r->nrules = 1;
  return r;
}

void robots_free(struct robots *r)
{
  if (!r)
    return;
  for (size_t i = 0; i < r->nrules; i++)
    free(r->rules[i].text);
  free(r->rules);
  for (size_t i = 0; i < r->nsitemaps; i++)
    free(r->sitemaps[i]);
  free(r->sitemaps);
  free(r);
}

/* Normalise the path (on the stack when short), then take the first rule
 * that matches: the rules are sorted so that it is the deciding one.  The
 * path's end is its NUL or a '#' (a fragment is not part of a request). */
int robots_allows(const struct robots *r, const char *path_and_query,
                  const char **matched_rule)
{
  char stack[1024], *buf = stack;
  const char *path = path_and_query;
  size_t len, n;
  int allowed = 1;

  if (matched_rule)
    *matched_rule = NULL;
  if (!path || !*path)
    path = "/";
  len = strcspn(path, "#"); /* a fragment never reaches the server */
  if (3 * len > sizeof(stack))
    buf = xmalloc(3 * len);
  n = normalize(path, len, buf);

  if (n >= 11 && !memcmp(buf, "/robots.txt", 11) && (n == 11 || buf[11] == '?'))
    goto out;
  for (size_t i = 0; i < r->nrules; i++) {
    const struct robots_rule *rule = &r->rules[i];
    if (pattern_matches(rule->pattern, rule->pattern_len, rule->anchored, buf,
                        n)) {
      allowed = rule->allow;
      if (matched_rule)
        *matched_rule = rule->text;
      break;
    }
  }
out:
  if (buf != stack)
    free(buf);
  return allowed;
}

double robots_crawl_delay(const struct robots *r) { return r->crawl_delay; }

size_t robots_sitemaps(const struct robots *r, const char *const **urls)
{
  if (urls)
    *urls = (const char *const *)r->sitemaps;
  return r->nsitemaps;
}

size_t robots_rule_count(const struct robots *r) { return r->nrules; }
