/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Pure string helpers over normalised URLs, shared by crawl/ and parse/:
 * session parameters, splitting into path, segments and query, query
 * filters, and thread keys (a thread's URL without its pagination, so
 * that the pages of one thread can be joined).  No libcurl here: the
 * URLs are normalised already (crawl/url.c does that).
 */
#include "util/util.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- small helpers ----------------------------------------------------- */

static int is_digit(int c) { return c >= '0' && c <= '9'; }

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

/* ---- session parameters ------------------------------------------------ */

/* A session parameter is dropped always, or only when its value is 32 hex
 * digits (an MD5 session id), for names that mean other things elsewhere. */
enum session_match { SESSION_ANY, SESSION_HEX32 };

static const struct {
  const char *name;
  enum session_match match;
} session_params[] = {
    /* PHP's default session name; Java servlets (also as ;jsessionid=) */
    {"phpsessid", SESSION_ANY},
    {"jsessionid", SESSION_ANY},
    {"sessionid", SESSION_ANY},
    {"session_id", SESSION_ANY},
    {"sessid", SESSION_ANY},
    /* shops: osCommerce, Zen Cart, xt:Commerce and modified eCommerce */
    {"oscsid", SESSION_ANY},
    {"zenid", SESSION_ANY},
    {"xtcsid", SESSION_ANY},
    /* ColdFusion client id and token */
    {"cfid", SESSION_ANY},
    {"cftoken", SESSION_ANY},
    /* phpBB "sid" and vBulletin "s": MD5 session ids */
    {"sid", SESSION_HEX32},
    {"s", SESSION_HEX32},
};

/* Session parameter names added by the caller. */
static struct {
  char **items;
  size_t nr, alloc;
} extra_session;

void url_session_param_add(const char *name)
{
  xgrow((void **)&extra_session.items, sizeof(*extra_session.items),
        extra_session.nr + 1, &extra_session.alloc);
  extra_session.items[extra_session.nr++] = xstrdup(name);
}

void url_session_params_reset(void)
{
  for (size_t i = 0; i < extra_session.nr; i++)
    free(extra_session.items[i]);
  free(extra_session.items);
  extra_session.items = NULL;
  extra_session.nr = extra_session.alloc = 0;
}

/* Is the n-byte value 32 hex digits? */
static int is_hex32(const char *s, size_t n)
{
  if (n != 32)
    return 0;
  for (size_t i = 0; i < n; i++)
    if (hex_digit_value(s[i]) < 0)
      return 0;
  return 1;
}

/* Is the query parameter at p (n bytes, "name=value" or "name") a session
 * id by the built-in table or the caller's names? */
int url_is_session_param(const char *p, size_t n)
{
  const char *eq = memchr(p, '=', n);
  size_t name_len = eq ? (size_t)(eq - p) : n;
  const char *value = eq ? eq + 1 : p + n;
  size_t value_len = (size_t)(p + n - value);

  for (size_t i = 0; i < ARRAY_SIZE(session_params); i++) {
    if (!span_equals(p, name_len, session_params[i].name))
      continue;
    if (session_params[i].match == SESSION_ANY || is_hex32(value, value_len))
      return 1;
  }
  for (size_t i = 0; i < extra_session.nr; i++)
    if (span_equals(p, name_len, extra_session.items[i]))
      return 1;
  return 0;
}

void url_query_filter(const char *q, size_t n, struct strbuf *out,
                      url_param_fn *fn, void *ctx)
{
  size_t i = 0, start_len = out->len;
  char sep = '&';

  for (;;) {
    size_t j = i, mark = out->len, before;
    while (j < n && q[j] != '&' && q[j] != ';')
      j++;
    if (out->len > start_len)
      strbuf_addch(out, sep);
    before = out->len;
    fn(q + i, j - i, out, ctx);
    if (out->len == before)
      strbuf_truncate(out, mark);
    if (j >= n)
      break;
    sep = q[j];
    i = j + 1;
  }
}

/* ---- splitting ------------------------------------------------------- */

int url_split(const char *url, struct url_spans *sp)
{
  const char *sep = strstr(url, "://");
  size_t end;

  if (!sep)
    return -1;
  sp->path = (size_t)(sep - url) + 3;
  sp->path += strcspn(url + sp->path, "/?#");
  end = sp->path + strcspn(url + sp->path, "?#");
  sp->path_len = end - sp->path;
  sp->has_query = url[end] == '?';
  sp->query = sp->has_query ? end + 1 : end;
  sp->query_len = sp->has_query ? strcspn(url + sp->query, "#") : 0;
  return 0;
}

void url_segments_split(const char *path, size_t len, struct url_segments *sg)
{
  size_t i = 0;

  sg->item = NULL;
  sg->nr = sg->alloc = 0;
  if (len && path[0] == '/')
    i = 1;
  while (i <= len && len) {
    size_t j = i;
    while (j < len && path[j] != '/')
      j++;
    xgrow((void **)&sg->item, sizeof(*sg->item), sg->nr + 1, &sg->alloc);
    sg->item[sg->nr].s = path + i;
    sg->item[sg->nr].n = j - i;
    sg->nr++;
    i = j + 1;
  }
}

int url_query_has(const char *q, size_t n, const char *text, int pair)
{
  size_t i = 0, t = strlen(text);

  while (i < n) {
    size_t j = i;
    while (j < n && q[j] != '&' && q[j] != ';')
      j++;
    if (pair ? span_equals(q + i, j - i, text)
             : (j - i >= t && !strncasecmp(q + i, text, t) &&
                (j - i == t || q[i + t] == '=')))
      return 1;
    i = j + 1;
  }
  return 0;
}

/* ---- public: thread keys ----------------------------------------------- */

/* What the thread key found out about the page. */
struct pagination {
  long page;   /* page number, 0 when not named */
  long offset; /* item offset, -1 when not named */
  int topic;   /* phpBB: the query has t=, so f= may go */
};

/* Parse n digits (1..9) into *v; 0 when they are not such a number. */
static int number_parse(const char *s, size_t n, long *v)
{
  if (n > 9 || !all_digits(s, n))
    return 0;
  *v = digits_value(s, n);
  return 1;
}

/* SMF "topic=5.20" / "board=1.20": keep "topic=5.0", note offset 20. */
static int smf_rewrite(const char *p, size_t n, struct strbuf *out,
                       struct pagination *pg)
{
  const char *eq = memchr(p, '=', n), *dot;
  long offset;

  if (!eq || !(span_equals(p, (size_t)(eq - p), "topic") ||
               span_equals(p, (size_t)(eq - p), "board")))
    return 0;
  dot = memchr(eq, '.', (size_t)(p + n - eq));
  if (!dot || !all_digits(eq + 1, (size_t)(dot - eq - 1)) ||
      !number_parse(dot + 1, (size_t)(p + n - dot - 1), &offset))
    return 0;
  strbuf_add(out, p, (size_t)(dot - p));
  strbuf_addstr(out, ".0");
  pg->offset = offset;
  return 1;
}

/* Query parameter filter of url_thread_key(): drops session ids, f= beside
 * phpBB's t=, and numeric page and offset parameters (noting them in ctx,
 * a struct pagination); rewrites SMF's topic=ID.OFFSET. */
static void keep_unless_pagination(const char *p, size_t n, struct strbuf *out,
                                   void *ctx)
{
  static const char *const page_names[] = {"page", "pg", "pagenumber", "cpage"};
  struct pagination *pg = ctx;
  const char *eq = memchr(p, '=', n);
  size_t name_len = eq ? (size_t)(eq - p) : n;
  const char *value = eq ? eq + 1 : p + n;
  size_t value_len = (size_t)(p + n - value);
  long v;

  if (url_is_session_param(p, n))
    return;
  if (pg->topic && span_equals(p, name_len, "f"))
    return;
  if (eq && number_parse(value, value_len, &v)) {
    for (size_t i = 0; i < ARRAY_SIZE(page_names); i++)
      if (span_equals(p, name_len, page_names[i])) {
        pg->page = v;
        return;
      }
    if (span_equals(p, name_len, "start")) {
      pg->offset = v;
      return;
    }
  }
  if (smf_rewrite(p, n, out, pg))
    return;
  strbuf_add(out, p, n);
}

/* Does s (n bytes) begin with prefix and continue with digits only?  The
 * number goes to *v. */
static int prefixed_number(const char *s, size_t n, const char *prefix, long *v)
{
  size_t t = strlen(prefix);

  return n > t && !strncasecmp(s, prefix, t) && number_parse(s + t, n - t, v);
}

/* Rewrite the last segment for vBSEO ("123-title-2.html" is page 2 of
 * "123-title.html"), MyBB ("thread-5-page-2.html") and SMF
 * ("topic,5.20.html"); 1 when the segment was written to out. */
static int segment_rewrite(const char *s, size_t n, struct strbuf *out,
                           struct pagination *pg)
{
  const char *dash, *dot;
  size_t stem;
  long v;

  if (n < 6 || strncasecmp(s + n - 5, ".html", 5))
    return 0;
  stem = n - 5;
  if (istarts_with(s, "topic,") || istarts_with(s, "board,")) {
    dot = memchr(s, '.', stem);
    if (dot && all_digits(s + 6, (size_t)(dot - s - 6)) &&
        number_parse(dot + 1, (size_t)(s + stem - dot - 1), &v)) {
      strbuf_add(out, s, (size_t)(dot - s));
      strbuf_addstr(out, ".0.html");
      pg->offset = v;
      return 1;
    }
    return 0;
  }
  dash = s + stem;
  while (dash > s && dash[-1] != '-')
    dash--;
  if (dash == s || !number_parse(dash, (size_t)(s + stem - dash), &v))
    return 0;
  if (istarts_with(s, "thread-") && dash - s > 6 &&
      !strncasecmp(dash - 6, "-page-", 6)) {
    size_t id = (size_t)(dash - 6 - (s + 7));
    if (!all_digits(s + 7, id))
      return 0;
    strbuf_add(out, s, 7 + id);
  } else {
    /* vBSEO: only the URL tells, and blog slugs look alike
     * ("12-tips-for-2019.html"); thread pages above 999 are rare, years
     * and such in slugs are not */
    size_t id = strspn(s, "0123456789");
    if (!id || s[id] != '-' || s + id + 1 >= dash - 1 || v > 999)
      return 0;
    strbuf_add(out, s, (size_t)(dash - 1 - s));
  }
  strbuf_addstr(out, ".html");
  pg->page = v;
  return 1;
}

/* Append the path of a thread without its pagination segments. */
static void path_unpaginate(const struct url_segments *sg, struct strbuf *out,
                            struct pagination *pg)
{
  size_t i, last = sg->nr;
  long v;

  /* Discourse: /t/slug/123/45 or /t/123/45, the topic id ends the key */
  if (sg->nr >= 3 && span_equals(sg->item[0].s, sg->item[0].n, "t")) {
    for (i = 1; i <= 2 && i < sg->nr; i++)
      if (all_digits(sg->item[i].s, sg->item[i].n)) {
        last = i + 1;
        break;
      }
  }
  for (i = 0; i < last; i++) {
    const char *s = sg->item[i].s;
    size_t n = sg->item[i].n;
    int is_last = i + 1 == last;

    if (last == sg->nr) {
      if (prefixed_number(s, n, "page-", &v) ||  /* XenForo */
          prefixed_number(s, n, "seite-", &v)) { /* German styles */
        pg->page = v;
        if (is_last)
          strbuf_addch(out, '/');
        continue;
      }
      if (prefixed_number(s, n, "comment-page-", &v) || /* WordPress */
          prefixed_number(s, n, "page", &v)) {          /* vBulletin 4 */
        pg->page = v;
        continue;
      }
      if (span_equals(s, n, "page") && i + 1 < last && /* WordPress */
          number_parse(sg->item[i + 1].s, sg->item[i + 1].n, &v)) {
        pg->page = v;
        i++;
        continue;
      }
    }
    strbuf_addch(out, '/');
    if (!(is_last && segment_rewrite(s, n, out, pg)))
      strbuf_add(out, s, n);
  }
  if (!out->len)
    strbuf_addch(out, '/');
}

char *url_thread_key(const char *url, int *page, long *offset)
{
  struct pagination pg = {0, -1, 0};
  struct url_spans sp;
  struct url_segments sg;
  struct strbuf sb = STRBUF_INIT, path = STRBUF_INIT;
  const char *q;

  if (url_split(url, &sp) < 0)
    return NULL;
  q = url + sp.query;
  url_segments_split(url + sp.path, sp.path_len, &sg);
  path_unpaginate(&sg, &path, &pg);
  if (ends_with(path.buf, "/viewtopic.php") &&
      url_query_has(q, sp.query_len, "t", 0))
    pg.topic = 1;

  strbuf_add(&sb, url, sp.path);
  strbuf_addstr(&sb, path.buf);
  if (sp.has_query) {
    size_t mark = sb.len;
    strbuf_addch(&sb, '?');
    url_query_filter(q, sp.query_len, &sb, keep_unless_pagination, &pg);
    if (sb.len == mark + 1)
      strbuf_truncate(&sb, mark);
  }

  /* the first page is page 1 and offset 0, however it was named */
  if (pg.page == 0 && pg.offset < 0)
    pg.page = 1;
  if (pg.page == 1 || pg.offset == 0) {
    pg.page = 1;
    pg.offset = 0;
  }
  if (page)
    *page = (int)pg.page;
  if (offset)
    *offset = pg.offset;
  free(sg.item);
  strbuf_release(&path);
  return strbuf_detach(&sb, NULL);
}

int hex_digit_value(int c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}
