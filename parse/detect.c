/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Detectors: why a page yields no posts when it is not simply empty.
 *
 * Each detector looks for several signs and holds only on a combination
 * that a normal page does not show: a forum page with a login box in its
 * header is no login wall (it has content besides the form), a thread
 * that mentions "page not found" in a post is no error page (it is long
 * and has posts), a page with a <noscript> notice is not JavaScript-only
 * when its posts are in the HTML.
 */
#include "parse/detect.h"
#include "parse/extract.h"
#include "parse/parse.h"
#include "util/util.h"

#include <ctype.h>
#include <libxml/HTMLparser.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* Visible text read for phrases: enough for a notice, never a whole
 * page. */
#define PHRASE_TEXT (64 * 1024)
/* A member of a group of post-like blocks has at least this much text. */
#define BLOCK_MIN_TEXT 20

/* ---- helpers ------------------------------------------------------------ */


static int name_is(const xmlNode *n, const char *name)
{
  return n && n->type == XML_ELEMENT_NODE &&
         ((n->name[0] ^ (unsigned char)name[0]) & ~0x20) == 0 &&
         !strcasecmp((const char *)n->name, name);
}

/* Elements whose text no reader sees. */
static int is_hidden(const xmlNode *n)
{
  return name_is(n, "script") || name_is(n, "style") ||
         name_is(n, "noscript") || name_is(n, "template");
}

/* Page furniture: the text of header, navigation and footer is no
 * content. */
static int is_chrome(const xmlNode *n)
{
  return name_is(n, "header") || name_is(n, "nav") || name_is(n, "footer");
}

/* Non-space bytes of visible text below n (its siblings too when sibs),
 * leaving out the subtree skip and, with no_chrome, page furniture;
 * stops counting at limit (0: no limit). */
static long text_count(const xmlNode *n, int sibs, const xmlNode *skip,
                       int no_chrome, long limit)
{
  long k = 0;

  for (; n; n = sibs ? n->next : NULL) {
    if (n == skip)
      continue;
    if (n->type == XML_TEXT_NODE && n->content) {
      for (const unsigned char *s = n->content; *s; s++)
        k += !isspace(*s);
    } else if (n->type == XML_ELEMENT_NODE && !is_hidden(n) &&
               !(no_chrome && is_chrome(n))) {
      k += text_count(n->children, 1, skip, no_chrome, limit ? limit - k : 0);
    }
    if (limit && k >= limit)
      break;
  }
  return k;
}

/* The visible text below n into sb (white space as single spaces), up
 * to sb's cap. */
static void text_collect(const xmlNode *n, struct strbuf *sb)
{
  for (; n; n = n->next) {
    if (n->type == XML_TEXT_NODE && n->content) {
      if (sb->len && sb->buf[sb->len - 1] != ' ')
        strbuf_addch(sb, ' ');
      for (const unsigned char *s = n->content; *s; s++)
        if (strbuf_addch(sb, isspace(*s) ? ' ' : (char)*s) < 0)
          return;
    } else if (n->type == XML_ELEMENT_NODE && !is_hidden(n)) {
      text_collect(n->children, sb);
    }
  }
}

static xmlNode *root_of(xmlDoc *doc)
{
  return doc ? xmlDocGetRootElement(doc) : NULL;
}

/* The first of the phrases found in text (ASCII letters compared
 * without case), or NULL. */
static const char *find_phrase(const char *text, const char *const *phrases,
                               size_t n)
{
  for (size_t i = 0; text && i < n; i++)
    if (strcasestr(text, phrases[i]))
      return phrases[i];
  return NULL;
}

/* Does a class or id token of n (split at spaces, '-' and '_') start
 * with one of the prefixes? */
static const char *token_with_prefix(xmlNode *n, const char *const *prefixes,
                                     size_t nprefixes)
{
  static const char *const attrs[] = {"class", "id"};

  for (size_t a = 0; a < ARRAY_SIZE(attrs); a++) {
    const char *v = extract_attr(n, attrs[a]);
    while (v && *v) {
      size_t k;
      v += strspn(v, " \t\n-_");
      k = strcspn(v, " \t\n-_");
      for (size_t i = 0; k && i < nprefixes; i++) {
        size_t plen = strlen(prefixes[i]);
        if (k >= plen && !strncasecmp(v, prefixes[i], plen))
          return prefixes[i];
      }
      v += k;
    }
  }
  return NULL;
}

/* Set the verdict: kind and "name: " followed by the formatted text. */
static int verdict_set(struct detect_verdict *v, enum detect_kind kind,
                       const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int verdict_set(struct detect_verdict *v, enum detect_kind kind,
                       const char *fmt, ...)
{
  va_list ap;
  int k;

  v->kind = kind;
  k = snprintf(v->reason, sizeof(v->reason), "%s: ", detect_kind_name(kind));
  if (k < 0 || (size_t)k >= sizeof(v->reason))
    return 1;
  va_start(ap, fmt);
  vsnprintf(v->reason + k, sizeof(v->reason) - (size_t)k, fmt, ap);
  va_end(ap);
  return 1;
}

/* s with runs of white space as one space, trimmed, cut to fit buf
 * (size at least 4) on a UTF-8 character boundary with "..." when
 * cut; returns buf. */
static const char *quote_short(const char *s, char *buf, size_t size)
{
  size_t n = 0, written;
  int space = 0;

  for (s += strspn(s, " \t\r\n"); *s; s++) {
    if (isspace((unsigned char)*s)) {
      space = 1;
      continue;
    }
    if (n + (size_t)space + 2 > size)
      break; /* no room for it and the NUL */
    if (space)
      buf[n++] = ' ';
    space = 0;
    buf[n++] = *s;
  }
  if (*s) {
    written = n;
    while (n > 0 && n + 4 > size)
      n--;
    /* a byte after the cut that continues a character: drop the rest */
    while (n > 0 &&
           (((n < written ? (unsigned char)buf[n] : (unsigned char)*s) &
             0xc0) == 0x80))
      n--;
    memcpy(buf + n, "...", 3);
    n += 3;
  }
  buf[n] = '\0';
  return buf;
}

/* Join the signs found as "a", "a and b", "a, b and c" into buf. */
static void signs_join(const char *const *signs, size_t n, char *buf,
                       size_t size)
{
  size_t len = 0;

  buf[0] = '\0';
  for (size_t i = 0; i < n && len < size; i++) {
    int k = snprintf(buf + len, size - len, "%s%s",
                     i == 0       ? ""
                     : i + 1 == n ? " and "
                                  : ", ",
                     signs[i]);
    if (k < 0)
      break;
    len += (size_t)k;
  }
}

const char *detect_kind_name(enum detect_kind kind)
{
  switch (kind) {
  case DETECT_JS_ONLY:
    return "js-only";
  case DETECT_LOGIN_WALL:
    return "login-wall";
  case DETECT_SOFT_404:
    return "soft-404";
  case DETECT_NONE:
    break;
  }
  return "";
}

/* ---- post-like blocks --------------------------------------------------- */

static const char *const post_prefixes[] = {"post",    "message", "msg",
                                            "comment", "reply",   "entry"};

/* The group key of a post-like element: a hash of its tag and the first
 * word of its class ("post" of "post bg2", "entry-meta" whole, so that
 * the parts of one entry do not pass for a list of entries); 0 when it
 * is not post-like. */
static unsigned block_key(xmlNode *n)
{
  const char *word, *cls = extract_attr(n, "class");
  unsigned h = 2166136261u;

  if (n->type != XML_ELEMENT_NODE || is_hidden(n))
    return 0;
  word = token_with_prefix(n, post_prefixes, ARRAY_SIZE(post_prefixes));
  if (!word && !name_is(n, "article"))
    return 0;
  for (const char *s = (const char *)n->name; *s; s++)
    h = (h ^ (unsigned char)tolower((unsigned char)*s)) * 16777619u;
  h = (h ^ ' ') * 16777619u;
  if (cls) {
    cls += strspn(cls, " \t\n");
    for (size_t i = strcspn(cls, " \t\n"); i; i--, cls++)
      h = (h ^ (unsigned char)tolower((unsigned char)*cls)) * 16777619u;
  }
  return h ? h : 1;
}

static int key_cmp(const void *a, const void *b)
{
  unsigned x = *(const unsigned *)a, y = *(const unsigned *)b;
  return x < y ? -1 : x > y;
}

/* The largest group among n's children and below; keys is scratch. */
static int blocks_below(xmlNode *n, unsigned **keys, size_t *alloc)
{
  size_t k = 0;
  int best = 0, run = 0;

  for (xmlNode *c = n->children; c; c = c->next) {
    unsigned key = block_key(c);
    if (key &&
        text_count(c->children, 1, NULL, 0, BLOCK_MIN_TEXT) >= BLOCK_MIN_TEXT) {
      xgrow((void **)keys, sizeof(**keys), k + 1, alloc);
      (*keys)[k++] = key;
    }
  }
  if (k >= 2) {
    qsort(*keys, k, sizeof(**keys), key_cmp);
    for (size_t i = 0; i < k; i++) {
      run = i && (*keys)[i] == (*keys)[i - 1] ? run + 1 : 1;
      if (run > best)
        best = run;
    }
  }
  if (best < 2)
    best = 0;
  for (xmlNode *c = n->children; c; c = c->next) {
    if (c->type == XML_ELEMENT_NODE && !is_hidden(c)) {
      int b = blocks_below(c, keys, alloc);
      if (b > best)
        best = b;
    }
  }
  return best;
}

int detect_post_blocks(xmlDoc *doc)
{
  xmlNode *root = root_of(doc);
  unsigned *keys = NULL;
  size_t alloc = 0;
  int n;

  if (!root)
    return 0;
  n = blocks_below(root, &keys, &alloc);
  free(keys);
  return n;
}

/* ---- login walls -------------------------------------------------------- */

/* Last path segments (extension dropped) that name a login page. */
static const char *const login_segments[] = {
    "login",    "signin",    "sign-in",  "sign_in", "log-in", "logon",
    "anmelden", "anmeldung", "wp-login", "session", "auth",
};
/* Query parts that name one (phpBB, MyBB, SMF, vBulletin, IPS). */
static const char *const login_queries[] = {
    "mode=login", "action=login", "do=login", "/login/", "act=login",
};

int detect_login_url(const char *url)
{
  const char *p, *q, *end, *seg;
  size_t n;

  if (!url || !(p = strstr(url, "://")))
    return 0;
  p = strchr(p + 3, '/');
  if (!p)
    return 0;
  q = strchr(p, '?');
  end = strchr(p, '#');
  if (!end)
    end = p + strlen(p);
  if (q && q > end)
    q = NULL;
  for (size_t i = 0; q && i < ARRAY_SIZE(login_queries); i++) {
    size_t k = strlen(login_queries[i]);
    for (const char *s = q; s + k <= end; s++)
      if (!strncasecmp(s, login_queries[i], k))
        return 1;
  }
  /* the last non-empty segment of the path, without its extension */
  end = q ? q : end;
  while (end > p && end[-1] == '/')
    end--;
  seg = end;
  while (seg > p && seg[-1] != '/')
    seg--;
  n = (size_t)(end - seg);
  for (size_t i = 0; i < n; i++)
    if (seg[i] == '.') {
      n = i;
      break;
    }
  for (size_t i = 0; i < ARRAY_SIZE(login_segments); i++)
    if (strlen(login_segments[i]) == n &&
        !strncasecmp(seg, login_segments[i], n))
      return 1;
  return 0;
}

/* The first form (or, without one, the first element holding the
 * fields) with a password input below n, or NULL. */
static xmlNode *password_form(xmlNode *n, xmlNode *form)
{
  for (; n; n = n->next) {
    const char *type;
    xmlNode *f;
    if (n->type != XML_ELEMENT_NODE)
      continue;
    if (name_is(n, "input") && (type = extract_attr(n, "type")) &&
        !strcasecmp(type, "password"))
      return form ? form : n->parent;
    f = password_form(n->children, name_is(n, "form") ? n : form);
    if (f)
      return f;
  }
  return NULL;
}

/* A page that asks its reader to log in: these phrases, unless what
 * follows says the login is for writing ("to reply", "zum Antworten"). */
static const char *const login_phrases[] = {
    "must be logged in",
    "must be registered",
    "registered and logged in",
    "need to log in",
    "need to be logged in",
    "need to login",
    "please log in",
    "please login",
    "please sign in",
    "login required",
    "log in to continue",
    "sign in to continue",
    "log in to view",
    "login to view",
    "not logged in",
    "do not have permission",
    "don't have permission",
    "not authorized",
    "not authorised",
    "angemeldet sein",
    "registriert und angemeldet",
    "bitte melde dich an",
    "bitte melden sie sich an",
    "nicht angemeldet",
    "keine berechtigung",
    "anmelden, um",
    "einloggen, um",
};
static const char *const write_words[] = {
    "repl",    "post",    "comment",    "answer", "vote",
    "antwort", "schreib", "kommentier", "beitr",  "abstimm",
};

/* The first login phrase in text that is not about writing, or NULL. */
static const char *login_phrase(const char *text)
{
  for (size_t i = 0; text && i < ARRAY_SIZE(login_phrases); i++) {
    const char *at = text;
    while ((at = strcasestr(at, login_phrases[i]))) {
      char after[40];
      at += strlen(login_phrases[i]);
      snprintf(after, sizeof(after), "%s", at);
      if (!find_phrase(after, write_words, ARRAY_SIZE(write_words)))
        return login_phrases[i];
    }
  }
  return NULL;
}

int detect_login_wall(const struct detect_page *p, struct detect_verdict *v)
{
  xmlNode *root = root_of(p->doc), *form;
  struct strbuf sb;
  const char *phrase;
  long other;
  int ret = 0;

  if (p->status == 401 || p->status == 403)
    return verdict_set(v, DETECT_LOGIN_WALL, "HTTP %d", p->status);
  if (p->final_url && p->url && strcmp(p->final_url, p->url) &&
      detect_login_url(p->final_url) && !detect_login_url(p->url)) {
    char quote[104];
    return verdict_set(v, DETECT_LOGIN_WALL, "redirected to a login page (%s)",
                       quote_short(p->final_url, quote, sizeof(quote)));
  }
  if (!root || !(form = password_form(root, NULL)))
    return 0;
  /* Posts on the page: whatever the form is for, the content is here. */
  if (detect_post_blocks(p->doc) >= 2)
    return 0;
  /* Content besides the form: a header login box sits next to posts. */
  other = text_count(root, 0, form, 1, 0);
  if (other < 200)
    return verdict_set(v, DETECT_LOGIN_WALL,
                       "a login form and next to no other text");
  strbuf_init(&sb, PHRASE_TEXT);
  text_collect(root, &sb);
  phrase = login_phrase(sb.buf);
  if (phrase && other < 1500)
    ret = verdict_set(v, DETECT_LOGIN_WALL, "a login form and \"%s\"", phrase);
  strbuf_release(&sb);
  return ret;
}

int detect_login_wall_page(const char *body, size_t len, const char *url,
                           int status)
{
  struct detect_page p = {.body = body, .len = len, .url = url,
                          .status = status};
  struct detect_verdict v;
  int ret;

  if (len > (size_t)INT_MAX)
    len = INT_MAX;
  p.doc = htmlReadMemory(body, (int)len, url, NULL,
                         HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
                             HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
  ret = detect_login_wall(&p, &v);
  xmlFreeDoc(p.doc);
  return ret;
}

/* ---- soft 404s ---------------------------------------------------------- */

/* In a title or first heading: the page is an error page. */
static const char *const error_titles[] = {
    "page not found",       "not found",        "404",
    "nicht gefunden",       "does not exist",   "doesn't exist",
    "existiert nicht",      "no longer exists", "no longer available",
    "nicht mehr verfügbar", "nicht verfügbar",
};
/* The same, but only on a page with next to nothing else. */
static const char *const error_words[] = {"error", "fehler", "oops"};
/* In the text of a short page. */
static const char *const error_phrases[] = {
    "page not found",       "seite nicht gefunden",
    "does not exist",       "doesn't exist",
    "existiert nicht",      "no longer exists",
    "could not be found",   "konnte nicht gefunden werden",
    "wurde nicht gefunden", "was not found",
    "nicht mehr verfügbar", "has been removed",
    "wurde gelöscht",       "has been deleted",
};

/* The text of the first element named name below n; caller frees; NULL
 * when there is none. */
static char *first_text(xmlNode *n, const char *name)
{
  for (; n; n = n->next) {
    char *t;
    if (n->type != XML_ELEMENT_NODE)
      continue;
    if (name_is(n, name)) {
      struct strbuf sb;
      strbuf_init(&sb, 1024);
      text_collect(n->children, &sb);
      return strbuf_detach(&sb, NULL);
    }
    if ((t = first_text(n->children, name)))
      return t;
  }
  return NULL;
}

int detect_soft_404(const struct detect_page *p, struct detect_verdict *v)
{
  xmlNode *root = root_of(p->doc);
  const char *hit;
  char *title = NULL, *h1 = NULL;
  struct strbuf sb;
  long text;
  int ret = 0;

  if ((p->status && (p->status < 200 || p->status >= 300)) || !root)
    return 0;
  if (detect_post_blocks(p->doc) >= 2)
    return 0;
  text = text_count(root, 0, NULL, 1, 0);
  title = first_text(root, "title");
  h1 = first_text(root, "h1");
  if (text < 1500) {
    char quote[84];
    int short_page = text < 300;
    if (find_phrase(title, error_titles, ARRAY_SIZE(error_titles)) ||
        (short_page &&
         find_phrase(title, error_words, ARRAY_SIZE(error_words))))
      ret = verdict_set(v, DETECT_SOFT_404, "error title \"%s\"",
                        quote_short(title, quote, sizeof(quote)));
    else if (find_phrase(h1, error_titles, ARRAY_SIZE(error_titles)) ||
             (short_page &&
              find_phrase(h1, error_words, ARRAY_SIZE(error_words))))
      ret = verdict_set(v, DETECT_SOFT_404, "error heading \"%s\"",
                        quote_short(h1, quote, sizeof(quote)));
  }
  if (!ret && text < 800) {
    strbuf_init(&sb, PHRASE_TEXT);
    text_collect(root, &sb);
    hit = find_phrase(sb.buf, error_phrases, ARRAY_SIZE(error_phrases));
    if (hit)
      ret = verdict_set(v, DETECT_SOFT_404, "\"%s\" on a short page", hit);
    strbuf_release(&sb);
  }
  free(title);
  free(h1);
  return ret;
}

/* ---- JavaScript-only pages ---------------------------------------------- */

/* Class or id words of the element posts would be loaded into. */
static const char *const container_words[] = {
    "posts",       "comments",    "messages", "replies",    "postlist",
    "commentlist", "messagelist", "thread",   "discussion", "conversation",
};

/* Ids and attributes of a script application's mount point. */
static const char *const app_ids[] = {"root",     "app",       "__next",
                                      "__nuxt",   "___gatsby", "svelte",
                                      "app-root", "main-app"};
static const char *const app_attrs[] = {"data-reactroot", "ng-version",
                                        "ng-app", "data-v-app"};

static const char *const load_more_texts[] = {
    "load more",        "show more",          "more comments", "more replies",
    "more posts",       "mehr laden",         "weitere laden", "mehr anzeigen",
    "weitere beiträge", "weitere kommentare",
};
static const char *const load_more_classes[] = {"load-more", "loadmore",
                                                "load_more"};
static const char *const endpoint_attrs[] = {"data-url",      "data-href",
                                             "data-endpoint", "data-src",
                                             "data-api",      "data-source"};

/* Script calls to a JSON API: a call word and an endpoint word. */
static const char *const api_calls[] = {"fetch(", "XMLHttpRequest", "axios",
                                        "$.ajax", "$.getJSON",      "$.get("};
static const char *const api_targets[] = {"/api/", ".json", "graphql", "/ajax/",
                                          "wp-json"};

struct js_signs {
  int noscript;  /* a <noscript> that asks for JavaScript */
  int app_root;  /* an empty mount point of a script application */
  int empty;     /* empty post containers */
  int load_more; /* a "load more" control or endpoint */
  int api;       /* a script that calls a JSON API */
  int scripts;   /* <script> elements */
};

/* Does an endpoint-looking attribute value name an API? */
static int names_api(const char *v)
{
  return v && find_phrase(v, api_targets, ARRAY_SIZE(api_targets)) != NULL;
}

static void js_walk(xmlNode *n, struct js_signs *s)
{
  for (; n; n = n->next) {
    const char *id, *t;
    if (n->type != XML_ELEMENT_NODE)
      continue;
    id = extract_attr(n, "id");
    if (name_is(n, "script")) {
      s->scripts++;
      if (n->children && n->children->content &&
          find_phrase((const char *)n->children->content, api_calls,
                      ARRAY_SIZE(api_calls)) &&
          names_api((const char *)n->children->content))
        s->api = 1;
      continue;
    }
    if (name_is(n, "noscript")) {
      struct strbuf sb;
      strbuf_init(&sb, 4096);
      text_collect(n->children, &sb);
      /* libxml2 may keep a <noscript>'s content as one text node */
      if (strcasestr(sb.buf, "javascript") ||
          (n->children && n->children->content &&
           strcasestr((const char *)n->children->content, "javascript")))
        s->noscript = 1;
      strbuf_release(&sb);
      continue;
    }
    if (name_is(n, "style") || name_is(n, "template"))
      continue;
    if (name_is(n, "link") && (t = extract_attr(n, "as")) && !strcasecmp(t, "fetch"))
      s->api = 1;
    for (size_t i = 0; i < ARRAY_SIZE(endpoint_attrs); i++)
      if (names_api(extract_attr(n, endpoint_attrs[i])))
        s->api = 1;
    {
      int is_app = 0;
      for (size_t i = 0; id && i < ARRAY_SIZE(app_ids); i++)
        is_app |= !strcasecmp(id, app_ids[i]);
      for (size_t i = 0; i < ARRAY_SIZE(app_attrs); i++)
        is_app |= extract_attr(n, app_attrs[i]) != NULL;
      if (is_app && text_count(n->children, 1, NULL, 0, 20) < 20)
        s->app_root = 1;
    }
    if ((name_is(n, "div") || name_is(n, "section") || name_is(n, "ul") ||
         name_is(n, "ol") || name_is(n, "main") || name_is(n, "tbody")) &&
        token_with_prefix(n, container_words, ARRAY_SIZE(container_words)) &&
        text_count(n->children, 1, NULL, 0, 10) < 10)
      s->empty = 1;
    if ((t = extract_attr(n, "class")) &&
        find_phrase(t, load_more_classes, ARRAY_SIZE(load_more_classes)))
      s->load_more = 1;
    if (name_is(n, "a") || name_is(n, "button")) {
      struct strbuf sb;
      strbuf_init(&sb, 256);
      text_collect(n->children, &sb);
      if (find_phrase(sb.buf, load_more_texts, ARRAY_SIZE(load_more_texts)))
        s->load_more = 1;
      strbuf_release(&sb);
    }
    js_walk(n->children, s);
  }
}

int detect_js_only(const struct detect_page *p, struct detect_verdict *v)
{
  xmlNode *root = root_of(p->doc);
  struct js_signs s = {0};
  const char *signs[5];
  size_t n = 0;
  long text;
  int holds;
  char joined[DETECT_REASON_SIZE];

  if (!root)
    return 0;
  js_walk(root, &s);
  text = text_count(root, 0, NULL, 1, 0);
  holds = (s.empty && (s.noscript || s.load_more || s.api || s.app_root)) ||
          (s.scripts && text < 200 && (s.app_root || s.noscript));
  if (!holds)
    return 0;
  if (s.noscript)
    signs[n++] = "<noscript> notice";
  if (s.app_root)
    signs[n++] = "an empty script application root";
  if (s.empty)
    signs[n++] = "empty post containers";
  if (s.load_more)
    signs[n++] = "a \"load more\" control";
  if (s.api)
    signs[n++] = "a JSON API the page calls";
  signs_join(signs, n, joined, sizeof(joined));
  return verdict_set(v, DETECT_JS_ONLY, "%s", joined);
}

/* ---- all ---------------------------------------------------------------- */

int detect_page_run(const struct detect_page *p, struct detect_verdict *v)
{
  v->kind = DETECT_NONE;
  v->reason[0] = '\0';
  return detect_login_wall(p, v) || detect_soft_404(p, v) ||
         detect_js_only(p, v);
}
