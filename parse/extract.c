/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The extraction engine: profiles, schema.org JSON-LD, and the generic
 * detector.
 *
 * The generic detector makes one pass over the DOM and keeps a small
 * record per element (text length, date and author evidence, a shape
 * signature), so that choosing the post records is linear in the page:
 * siblings of one parent with the same signature form a group, and the
 * group whose members most often carry a date, an author and a text
 * block holds the posts.
 */
#include "parse/extract.h"
#include "parse/charset.h"
#include "parse/date.h"

#include <ctype.h>
#include <jansson.h>
#include <libxml/HTMLparser.h>
#include <libxml/uri.h>
#include <libxml/xpath.h>
#include <regex.h>
#include <sodium.h>
#include <string.h>

/* Caps: a post text or a field never grows past these. */
#define TEXT_CAP (1024 * 1024)
#define FIELD_CAP 4096

/* ---- per-element records ---------------------------------------------- */

enum {
  NF_QUOTE = 1,   /* a quote block: its text belongs to another post */
  NF_SIG = 2,     /* a signature or user-info block */
  NF_SKIP = 4,    /* script, style and the like */
  NF_BLOCK = 8,   /* a container: div, td, li, ... */
  NF_MDATE = 16,  /* carries a machine-readable date itself */
  NF_TDATE = 32,  /* a text node child looks like a date */
  NF_AUTHOR = 64, /* a profile link or an author-named element */
  NF_ALINK = 128, /* the author evidence is a link */
  NF_LABEL = 256, /* date text that is a join or edit date */
  NF_DROP = 512,  /* a profile's "drop": out of the text, not the fields */
  NF_CODE = 1024, /* script, style, template: no text anyone reads */
};

struct ninfo {
  xmlNode *node;
  int parent;     /* index, -1 for the root */
  unsigned flags;
  unsigned sig;   /* shape signature: tag and stable class */
  int text;       /* non-space bytes below, quotes/signatures excluded */
  int direct;     /* text reachable without entering a container */
  int dlink;      /* the part of direct that is link text */
  int ndates;     /* date evidence below (quotes excluded) */
  int nauth;      /* author evidence below (quotes excluded) */
  int depth;
  int end;        /* last index of the subtree (pre-order) */
};

struct walk {
  struct ninfo *v;
  size_t n, alloc;
  unsigned hide; /* flags whose subtrees text_render() leaves out */
  int quotes_hidden; /* quote subtrees text_render() left out */
  struct strbuf *visible; /* when set: the page's visible text, white
                           * space collapsed (visible_add()) */
};

/* ---- small string helpers --------------------------------------------- */

const char *extract_attr(xmlNode *n, const char *name)
{
  for (xmlAttr *a = n->properties; a; a = a->next)
    if (((a->name[0] ^ (unsigned char)name[0]) & ~0x20) == 0 &&
        !strcasecmp((const char *)a->name, name) && a->children &&
        a->children->type == XML_TEXT_NODE)
      return (const char *)a->children->content;
  return NULL;
}

static int name_is(xmlNode *n, const char *name)
{
  return n && n->type == XML_ELEMENT_NODE &&
         ((n->name[0] ^ (unsigned char)name[0]) & ~0x20) == 0 &&
         !strcasecmp((const char *)n->name, name);
}

/* Case-insensitive substring search in ASCII. */
static int icontains(const char *hay, const char *needle)
{
  return hay && strcasestr(hay, needle) != NULL;
}

/* The class and id of the element last asked about, folded to lower
 * case as "class\1id" (no word holds \1, so no match spans both): the
 * walk asks several questions of each element.  Reset for each page,
 * whose nodes may reuse the addresses of an earlier page's. */
static _Thread_local struct {
  const xmlNode *node;
  int none, in_place; /* neither attribute; too long to fold here */
  size_t len;
  char low[512];
} cid;

static void classid_reset(void)
{
  cid.node = NULL;
}

/* Does the class or id of n contain one of the words (a |-list of
 * lower-case ASCII words)? */
static int classid_has(xmlNode *n, const char *words)
{
  size_t k;

  if (cid.node != n) {
    const char *c = extract_attr(n, "class"), *id = extract_attr(n, "id");
    size_t cl = c ? strlen(c) : 0, il = id ? strlen(id) : 0;
    cid.node = n;
    cid.none = !c && !id;
    cid.in_place = cl + il + 2 > sizeof(cid.low);
    if (!cid.none && !cid.in_place) {
      for (size_t i = 0; i < cl; i++)
        cid.low[i] = (char)tolower((unsigned char)c[i]);
      cid.low[cl] = '\1';
      for (size_t i = 0; i < il; i++)
        cid.low[cl + 1 + i] = (char)tolower((unsigned char)id[i]);
      cid.len = cl + 1 + il;
      cid.low[cid.len] = '\0';
    }
  }
  if (cid.none)
    return 0;
  if (cid.in_place) {
    /* long: search each in place */
    const char *c = extract_attr(n, "class"), *id = extract_attr(n, "id");
    char w[64];
    for (; *words; words += k + (words[k] == '|')) {
      k = strcspn(words, "|");
      if (k < sizeof(w)) {
        memcpy(w, words, k);
        w[k] = '\0';
        if (icontains(c, w) || icontains(id, w))
          return 1;
      }
    }
    return 0;
  }
  for (; *words; words += k + (words[k] == '|')) {
    char w[64];
    k = strcspn(words, "|");
    if (k && k < sizeof(w)) {
      memcpy(w, words, k);
      w[k] = '\0';
      if (strstr(cid.low, w))
        return 1;
    }
  }
  return 0;
}

static int count_nonspace(const char *s)
{
  int k = 0;
  for (; *s; s++)
    k += !isspace((unsigned char)*s);
  return k;
}

/* ---- dates ------------------------------------------------------------ */

#define MON                                                                   \
  "(jan|feb|m(a|ä)r|apr|ma[iy]|jun|jul|aug|sep|o[ck]t|nov|de[cz])"         \
  "[a-zä]*\\.?"
#define CLOCK "([ ,]+(um |at |à )?[0-9]{1,2}[:h.][0-9]{2}(:[0-9]{2})?( ?[ap]\\.?m\\.?)?( uhr)?)?"
#define UNITS                                                                 \
  "(sec|second|min|minute|hour|hr|day|week|month|year|sekunde|minute|"      \
  "stunde|tag|woche|monat|jahr)[a-z]*"

/* What a text must show for a pattern to have a chance: tested in one
 * pass before the (slow, case-folding) regexec. */
enum {
  NEED_DSEP = 1,    /* digit, one of . / -, digit */
  NEED_YEAR = 2,    /* four digits in a row */
  NEED_DDASHA = 4,  /* digit, '-', letter */
  NEED_DSPACEA = 8, /* digit, ' ', letter */
  NEED_ASPACED = 16, /* letter or '.', ' ', digit */
  NEED_DAYWORD = 32, /* today, yesterday, heute, gestern */
};

static const struct {
  const char *re;
  unsigned need;
} date_patterns[] = {
    /* 2019-10-06 16:59, 21.01.2009, 05:42, 04/02/2005, 12h25 */
    {"[0-9]{1,4}[./-][0-9]{1,2}[./-][0-9]{2,4}" CLOCK, NEED_DSEP},
    /* 17. April 2008, Montag, 4. Januar 2016 um 10:05 */
    {"[0-9]{1,2}\\.? " MON " [0-9]{4}" CLOCK, NEED_YEAR},
    /* Fri May 08, 2009 11:56 pm; July 25, 2007 */
    {MON " [0-9]{1,2}(st|nd|rd|th)?,? [0-9]{4}" CLOCK, NEED_YEAR},
    /* Tue 16-Jun-20 23:12:23 */
    {"[0-9]{1,2}-" MON "-[0-9]{2,4}" CLOCK, NEED_DDASHA},
    /* relative: 2 hours ago, vor 3 Tagen, 10 Monate 3 Wochen, heute, 14:02 */
    {"[0-9]+ " UNITS "( [0-9]+ " UNITS ")*( ago| her)?", NEED_DSPACEA},
    {"(vor|seit) [0-9]+ " UNITS, NEED_DSPACEA},
    {"(today|yesterday|heute|gestern)" CLOCK, NEED_DAYWORD},
    /* Feb 23, 2019 without the year, 23 Feb */
    {MON " [0-9]{1,2}(st|nd|rd|th)?" CLOCK, NEED_ASPACED},
};

/* The NEED_* shapes s shows. */
static unsigned date_shapes(const char *s)
{
  unsigned have = 0;
  int run = 0;

  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    int digit = isdigit(*p);
    run = digit ? run + 1 : 0;
    if (run >= 4)
      have |= NEED_YEAR;
    if (digit && (p[1] == '.' || p[1] == '/' || p[1] == '-') &&
        isdigit(p[2]))
      have |= NEED_DSEP;
    if (digit && p[1] == '-' && isalpha(p[2]))
      have |= NEED_DDASHA;
    if (digit && p[1] == ' ' && isalpha(p[2]))
      have |= NEED_DSPACEA;
    if ((isalpha(*p) || *p == '.' || *p >= 0x80) && p[1] == ' ' &&
        isdigit(p[2]))
      have |= NEED_ASPACED;
  }
  if (icontains(s, "today") || icontains(s, "yesterday") ||
      icontains(s, "heute") || icontains(s, "gestern"))
    have |= NEED_DAYWORD;
  return have;
}

static regex_t date_re[ARRAY_SIZE(date_patterns)];
static regex_t profile_re, label_re, permalink_re, byline_re, more_re;

/* A link to a member's profile, as its URL says. */
#define PROFILE_LINK                                                          \
  "(member|user|profile|benutzer|mitglied|/u/|[?&]u=|"                        \
  "author|people|personal_pages|/p/[a-z]|~)"

/* PROFILE_LINK without regexec(), which folds case slowly: the URL in
 * lower case searched for each literal. */
static int profile_link(const char *href)
{
  static const char *const words[] = {
      "member", "user",   "profile", "benutzer",       "mitglied", "/u/",
      "?u=",    "&u=",    "author",  "personal_pages", "people",   "~"};
  char low[1024];
  size_t n = strlen(href);
  const char *p;

  if (n >= sizeof(low))
    return !regexec(&profile_re, href, 0, NULL, 0);
  for (size_t i = 0; i <= n; i++)
    low[i] = (char)tolower((unsigned char)href[i]);
  for (size_t i = 0; i < ARRAY_SIZE(words); i++)
    if (strstr(low, words[i]))
      return 1;
  for (p = low; (p = strstr(p, "/p/")); p++)
    if (p[3] >= 'a' && p[3] <= 'z')
      return 1;
  return 0;
}
static int regex_ready;

static void regex_init(void)
{
  if (regex_ready)
    return;
  for (size_t i = 0; i < ARRAY_SIZE(date_patterns); i++)
    if (regcomp(&date_re[i], date_patterns[i].re, REG_EXTENDED | REG_ICASE))
      die("bad date pattern %zu", i);
  if (regcomp(&profile_re, PROFILE_LINK,
              REG_EXTENDED | REG_ICASE | REG_NOSUB) ||
      regcomp(&label_re,
              "(joined|registriert|mitglied seit|dabei seit|member since|"
              "registered|beigetreten|edited|bearbeitet|last seen|"
              "zuletzt|since|seit:|inscrit|dernier)",
              REG_EXTENDED | REG_ICASE | REG_NOSUB) ||
      regcomp(&permalink_re,
              "(#p[0-9]|#post|post-?[0-9]|/posts?/[0-9]|showpost|[?&]p=[0-9]|"
              "#comment|comment-[0-9]|#msg|#reply|#[0-9]|pid=[0-9])",
              REG_EXTENDED | REG_ICASE | REG_NOSUB) ||
      /* an unlinked name in a byline: "by Nobody:", "von Gast," */
      regcomp(&byline_re,
              "(^|[^[:alnum:]])(posted by|written by|by|von|"
              "geschrieben von|par)[[:space:]]+([^:,|\n]{2,40})"
              "[[:space:]]*([:,|]|$)",
              REG_EXTENDED | REG_ICASE) ||
      /* the link from an article's summary to the article */
      regcomp(&more_re,
              "^[^[:alnum:]]*(read more|read the rest|continue reading|"
              "keep reading|full (article|story|post)|weiterlesen|"
              "mehr lesen|lesen sie mehr|(ganzen|vollst\xc3\xa4ndigen) "
              "(artikel|beitrag) lesen|zum (artikel|beitrag)|"
              "lire la suite)([^[:alnum:]]|$)",
              REG_EXTENDED | REG_ICASE | REG_NOSUB))
    die("bad extraction pattern");
  regex_ready = 1;
}

/* Find the first date-like span in s (a short text); 1 when found. */
static int date_span(const char *s, size_t *start, size_t *end)
{
  regmatch_t m;
  int found = 0;
  unsigned have = date_shapes(s);

  if (!have)
    return 0;
  for (size_t i = 0; i < ARRAY_SIZE(date_patterns); i++) {
    if ((date_patterns[i].need & have) != date_patterns[i].need ||
        regexec(&date_re[i], s, 1, &m, 0))
      continue;
    if (!found || (size_t)m.rm_so < *start) {
      *start = (size_t)m.rm_so;
      *end = (size_t)m.rm_eo;
      found = 1;
    }
  }
  return found;
}

/* A machine-readable date on n itself: ISO into iso (when an ISO string
 * with or without offset, or an epoch), 1 when found. */
static const char *epoch_attrs[] = {"data-time",      "data-timestamp",
                                    "data-date",      "data-datestamp",
                                    "data-utime",     "data-created"};
static const char *iso_attrs[] = {"datetime", "data-datetime", "content",
                                  "title"};

static int date_attr_name(const char *k)
{
  for (size_t i = 0; i < ARRAY_SIZE(epoch_attrs); i++)
    if (!strcasecmp(k, epoch_attrs[i]))
      return 1;
  for (size_t i = 0; i < ARRAY_SIZE(iso_attrs); i++)
    if (!strcasecmp(k, iso_attrs[i]))
      return 1;
  return 0;
}

static int machine_date(xmlNode *n, char *iso, size_t size)
{
  const char *v;
  int64_t t;
  int off;
  xmlAttr *a;

  /* most elements carry none of these: look once */
  for (a = n->properties; a; a = a->next) {
    const char *k = (const char *)a->name;
    int c = tolower((unsigned char)k[0]);
    if ((c == 'd' || c == 'c' || c == 't') && date_attr_name(k))
      break;
  }
  if (!a)
    return 0;
  for (size_t i = 0; i < ARRAY_SIZE(epoch_attrs); i++) {
    char *end;
    long long e;
    if (!(v = extract_attr(n, epoch_attrs[i])))
      continue;
    e = strtoll(v, &end, 10);
    if (*end || end == v)
      continue;
    if (e > 100000000000LL)
      e /= 1000; /* milliseconds */
    if (e < 86400 * 366) /* epoch-1970: a missing value, not a date */
      continue;
    time_format_iso(e, iso, size);
    return 1;
  }
  for (size_t i = 0; i < ARRAY_SIZE(iso_attrs); i++) {
    if (!(v = extract_attr(n, iso_attrs[i])))
      continue;
    if (!strcmp(iso_attrs[i], "content")) {
      const char *ip = extract_attr(n, "itemprop");
      if (!ip || !icontains(ip, "date"))
        continue;
    }
    if (!strcmp(iso_attrs[i], "datetime") && !name_is(n, "time") &&
        !name_is(n, "abbr") && !name_is(n, "span"))
      continue;
    if (time_parse_iso(v, &t, &off) < 0 || t < 86400 * 366)
      continue;
    if (strlen(v) >= 16 && strchr(v, ':'))
      time_format_iso_offset(t, off, iso, size);
    else
      snprintf(iso, size, "%.10s", v);
    return 1;
  }
  return 0;
}

/* ---- the walk --------------------------------------------------------- */

static int is_container(xmlNode *n)
{
  static const char *tags[] = {
      "div",  "table",  "tbody", "thead", "tr",      "td",       "th",
      "ul",   "ol",     "li",    "dl",    "dd",      "dt",       "section",
      "article", "aside", "header", "footer", "nav", "form",    "fieldset",
      "main", "blockquote", "body", "html", "h1", "h2", "h3", "h4", "center"};
  for (size_t i = 0; i < ARRAY_SIZE(tags); i++)
    if (((n->name[0] ^ (unsigned char)tags[i][0]) & ~0x20) == 0 &&
        !strcasecmp((const char *)n->name, tags[i]))
      return 1;
  return 0;
}

/* Hidden from the reader: a share menu, a collapsed template.  The
 * hidden attribute, display:none, or a class word ending in "hide" or
 * "hidden" ("ipsHide", "is-hidden"). */
static int is_invisible(xmlNode *n)
{
  const char *st = extract_attr(n, "style"), *c = extract_attr(n, "class");

  if (xmlHasProp(n, (const xmlChar *)"hidden"))
    return 1;
  if (st) {
    const char *d = strcasestr(st, "display");
    if (d) {
      d += 7;
      d += strspn(d, " \t");
      if (*d == ':' && istarts_with(d + 1 + strspn(d + 1, " \t"), "none"))
        return 1;
    }
  }
  while (c && *c) {
    size_t k;
    c += strspn(c, " \t\r\n");
    k = strcspn(c, " \t\r\n");
    if ((k >= 4 && !strncasecmp(c + k - 4, "hide", 4)) ||
        (k >= 6 && !strncasecmp(c + k - 6, "hidden", 6)))
      return 1;
    c += k;
  }
  return 0;
}

static int is_skipped(xmlNode *n)
{
  static const char *tags[] = {"script", "style", "template",
                               "button", "select",  "textarea",
                               "iframe", "head"};
  for (size_t i = 0; i < ARRAY_SIZE(tags); i++)
    if (((n->name[0] ^ (unsigned char)tags[i][0]) & ~0x20) == 0 &&
        !strcasecmp((const char *)n->name, tags[i]))
      return 1;
  return is_invisible(n);
}

/* FNV-1a over a string, continuing from h. */
static unsigned fnv(unsigned h, const char *s, size_t n)
{
  for (size_t i = 0; i < n; i++)
    h = (h ^ (unsigned char)tolower((unsigned char)s[i])) * 16777619u;
  return h;
}

/* Shape signature: tag plus the first class word without digits, or the
 * letters of the id before its digits ("post12345" -> "post"). */
static unsigned signature(xmlNode *n)
{
  const char *c = extract_attr(n, "class"), *id = extract_attr(n, "id");
  unsigned h = fnv(2166136261u, (const char *)n->name,
                   strlen((const char *)n->name));

  if (c) {
    while (*c) {
      size_t k;
      int digit = 0;
      while (isspace((unsigned char)*c))
        c++;
      k = strcspn(c, " \t\r\n");
      for (size_t i = 0; i < k; i++)
        digit |= isdigit((unsigned char)c[i]);
      if (k && !digit)
        return fnv(h ^ 1, c, k);
      c += k;
    }
  }
  if (id) {
    size_t k = 0;
    while (id[k] && !isdigit((unsigned char)id[k]))
      k++;
    if (k && id[k])
      return fnv(h ^ 2, id, k);
  }
  return h;
}

/* A class word like "bbCodeBlock--quote", not "js-selectToQuote". */
static int class_is_quote(const char *c)
{
  while (c && *c) {
    size_t k;
    char w[64];
    while (isspace((unsigned char)*c))
      c++;
    k = strcspn(c, " \t\r\n");
    if (k && k < sizeof(w)) {
      memcpy(w, c, k);
      w[k] = '\0';
      if ((icontains(w, "quote") || icontains(w, "zitat")) &&
          !icontains(w, "select") && !icontains(w, "quotes") &&
          !icontains(w, "multi") && !icontains(w, "button") &&
          !icontains(w, "js-") && !icontains(w, "link"))
        return 1;
    }
    c += k;
  }
  return 0;
}

static int is_quote(xmlNode *n)
{
  const char *c = extract_attr(n, "class");

  if (class_is_quote(c))
    return 1;
  /* XenForo 1 and others hold the post body itself in a blockquote */
  if (name_is(n, "blockquote"))
    return !c || !(icontains(c, "messagetext") || icontains(c, "ugc") ||
                   icontains(c, "postcontent") ||
                   icontains(c, "message-body") || icontains(c, "content"));
  return 0;
}

static int is_signature(xmlNode *n)
{
  return classid_has(n, "signature|signatur|postsig|sig-|-sig|_sig|"
                        "sigline");
}

/* Does the element (or its child) say by its class that it is a name? */
static int author_hint(xmlNode *n)
{
  static const char *hints = "author|username|user-name|user_name|poster|"
                             "nickname|name";
  if (classid_has(n, hints) || icontains(extract_attr(n, "itemprop"), "author") ||
      icontains(extract_attr(n, "itemprop"), "name"))
    return 1;
  for (xmlNode *c = n->children; c; c = c->next)
    if (c->type == XML_ELEMENT_NODE &&
        (classid_has(c, hints) || icontains(extract_attr(c, "itemprop"), "name")))
      return 1;
  return 0;
}

/* Author evidence on an element: a profile-looking link with a short
 * text, or a class that names the author. */
static unsigned author_flags(xmlNode *n)
{
  const char *href;
  if (name_is(n, "a") && (href = extract_attr(n, "href")) &&
      (profile_link(href) ||
       classid_has(n, "user|author|poster")) &&
      !icontains(href, "logout") && !icontains(href, "login") &&
      !icontains(href, "register"))
    return NF_AUTHOR | NF_ALINK;
  if (classid_has(n, "author|username|user-name|user_name|poster|"
                     "postername|bigusername|nickname|accountname|"
                     "displayname|membername") ||
      icontains(extract_attr(n, "itemprop"), "author"))
    return NF_AUTHOR;
  return 0;
}

/* Text of the element or text node just before n (skipping white
 * space), into buf. */
static void prev_text(xmlNode *n, char *buf, size_t size)
{
  buf[0] = '\0';
  for (n = n->prev; n; n = n->prev) {
    if (n->type == XML_TEXT_NODE) {
      if (count_nonspace((const char *)n->content)) {
        snprintf(buf, size, "%s", (const char *)n->content);
        return;
      }
    } else if (n->type == XML_ELEMENT_NODE) {
      xmlChar *c = xmlNodeGetContent(n);
      snprintf(buf, size, "%s", c ? (const char *)c : "");
      xmlFree(c);
      return;
    }
  }
}

/* Is the date text node t labelled as a join, edit or visit date by
 * what stands before it ("<dt>Joined:</dt><dd>DATE</dd>")? */
static int label_before(xmlNode *t)
{
  char buf[160];
  for (int up = 0; up < 2 && t; up++, t = t->parent) {
    prev_text(t, buf, sizeof(buf));
    if (buf[0])
      /* a label is short: "Joined:", "Registriert seit:" */
      return count_nonspace(buf) <= 30 &&
             !regexec(&label_re, buf, 0, NULL, 0);
  }
  return 0;
}

/* Append a text node's text to the page's visible text, white space
 * collapsed, at most CLAIMS_TEXT bytes: where claims are read. */
#define CLAIMS_TEXT (1u << 20)
static void visible_add(struct strbuf *sb, const char *s)
{
  while (*s) {
    /* a run of non-space bytes in one piece, then one space for the
     * white space (and no-break spaces) after it */
    size_t k = 0;
    while (s[k] && s[k] != ' ' && s[k] != '\n' && s[k] != '\t' &&
           s[k] != '\r' && !(s[k] == '\xc2' && s[k + 1] == '\xa0'))
      k++;
    if (k && strbuf_add(sb, s, k) < 0)
      return;
    s += k;
    while (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r' ||
           (s[0] == '\xc2' && s[1] == '\xa0'))
      s += s[0] == '\xc2' ? 2 : 1;
    if (sb->len && sb->buf[sb->len - 1] != ' ')
      strbuf_addch(sb, ' ');
  }
  if (sb->len && sb->buf[sb->len - 1] != ' ')
    strbuf_addch(sb, ' ');
}

/* Pre-order numbering, then post-order sums.  Quote and signature
 * subtrees do not count towards the text and evidence of their parents. */
static void walk_tree(struct walk *w, xmlNode *n, int parent, int depth,
                      unsigned inherited)
{
  for (; n; n = n->next) {
    int me;
    struct ninfo *ni;
    unsigned f;
    char iso[40];

    if (n->type == XML_TEXT_NODE && w->visible && n->content &&
        !(inherited & NF_CODE))
      visible_add(w->visible, (const char *)n->content);
    if (n->type == XML_TEXT_NODE && parent >= 0 &&
        !(inherited & NF_SKIP)) {
      int k = count_nonspace((const char *)n->content);
      struct ninfo *p = &w->v[parent];
      size_t s, e;
      p->text += k;
      p->direct += k;
      if (k && k < 120 && !(inherited & NF_QUOTE) &&
          date_span((const char *)n->content, &s, &e)) {
        char ctx[200];
        const char *txt = (const char *)n->content;
        snprintf(ctx, sizeof(ctx), "%.*s", (int)s, txt);
        if (!regexec(&label_re, ctx, 0, NULL, 0) || label_before(n))
          p->flags |= NF_LABEL;
        else
          p->flags |= NF_TDATE;
      }
      continue;
    }
    if (n->type != XML_ELEMENT_NODE)
      continue;
    xgrow((void **)&w->v, sizeof(*w->v), w->n + 1, &w->alloc);
    me = (int)w->n++;
    ni = &w->v[me];
    memset(ni, 0, sizeof(*ni));
    ni->node = n;
    ni->parent = parent;
    ni->depth = depth;
    n->_private = (void *)(intptr_t)(me + 1);
    f = inherited & (NF_QUOTE | NF_SIG | NF_SKIP | NF_CODE);
    if (name_is(n, "script") || name_is(n, "style") ||
        name_is(n, "template"))
      f |= NF_CODE;
    if (is_skipped(n))
      f |= NF_SKIP;
    else if (is_quote(n))
      f |= NF_QUOTE;
    else if (is_signature(n))
      f |= NF_SIG;
    if (is_container(n))
      f |= NF_BLOCK;
    if (!(f & (NF_SKIP | NF_QUOTE)) && machine_date(n, iso, sizeof(iso)))
      f |= NF_MDATE;
    if (!(f & (NF_SKIP | NF_QUOTE)))
      f |= author_flags(n);
    ni->flags = f;
    ni->sig = signature(n);
    walk_tree(w, n->children, me, depth + 1, f);
    ni = &w->v[me];
    ni->end = (int)w->n - 1;
    ni->ndates += !!(ni->flags & (NF_MDATE | NF_TDATE));
    ni->nauth += !!(ni->flags & NF_AUTHOR);
    if (parent >= 0) {
      struct ninfo *p = &w->v[parent];
      int hidden = ni->flags & (NF_QUOTE | NF_SIG | NF_SKIP);
      int phidden = p->flags & (NF_QUOTE | NF_SIG | NF_SKIP);
      if (!hidden || phidden) {
        p->text += ni->text;
        p->ndates += ni->ndates;
        p->nauth += ni->nauth;
        if (!(ni->flags & NF_BLOCK)) {
          p->direct += ni->direct;
          p->dlink += name_is(n, "a") ? ni->direct : ni->dlink;
        }
      }
    }
  }
}

/* A form with a text area and no dates is a reply form, not content:
 * leave it out of bodies and texts. */
static void skip_reply_forms(struct walk *w)
{
  for (size_t i = 0; i < w->n; i++) {
    struct ninfo *ni = &w->v[i];
    int textarea = 0;
    if (!name_is(ni->node, "form") || ni->ndates > 0)
      continue;
    for (int j = (int)i + 1; j <= ni->end && !textarea; j++)
      textarea = name_is(w->v[j].node, "textarea");
    if (!textarea)
      continue;
    for (int j = (int)i; j <= ni->end; j++)
      w->v[j].flags |= NF_SKIP;
    i = (size_t)ni->end;
  }
}

/* The walk's array of the last page, kept for the next: a large block
 * freed and allocated again for every page costs the allocator a
 * consolidation each time. */
#define WALK_KEEP_MAX 65536 /* elements; larger arrays are freed */
static _Thread_local struct {
  struct ninfo *v;
  size_t alloc;
} walk_spare;

static void walk_reuse(struct walk *w)
{
  w->v = walk_spare.v;
  w->alloc = walk_spare.alloc;
  w->n = 0;
  walk_spare.v = NULL;
  walk_spare.alloc = 0;
}

static void walk_keep(struct walk *w)
{
  free(walk_spare.v);
  walk_spare.v = NULL;
  walk_spare.alloc = 0;
  if (w->alloc <= WALK_KEEP_MAX) {
    walk_spare.v = w->v;
    walk_spare.alloc = w->alloc;
  } else {
    free(w->v);
  }
  w->v = NULL;
  w->alloc = w->n = 0;
}

static struct ninfo *info_of(struct walk *w, xmlNode *n)
{
  intptr_t k = n ? (intptr_t)n->_private : 0;
  return k > 0 && (size_t)k <= w->n && w->v[k - 1].node == n ? &w->v[k - 1]
                                                              : NULL;
}

/* Is node index d inside index a (or a itself)? */
static int inside(struct walk *w, int d, int a)
{
  while (d >= 0 && w->v[d].depth >= w->v[a].depth) {
    if (d == a)
      return 1;
    d = w->v[d].parent;
  }
  return 0;
}

/* ---- text ------------------------------------------------------------- */

/* Append the visible text of n to sb: block elements on lines of their
 * own, quotes, signatures and scripts left out. */
static void text_render(struct walk *w, xmlNode *n, struct strbuf *sb)
{
  for (; n; n = n->next) {
    struct ninfo *ni;
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
      const char *s = (const char *)n->content;
      if (sb->len < TEXT_CAP)
        strbuf_addstr(sb, s);
      continue;
    }
    if (n->type != XML_ELEMENT_NODE)
      continue;
    ni = info_of(w, n);
    if (ni && (ni->flags & w->hide)) {
      if (ni->flags & w->hide & NF_QUOTE)
        w->quotes_hidden++;
      continue;
    }
    if (name_is(n, "br")) {
      strbuf_addch(sb, '\n');
      continue;
    }
    if (name_is(n, "img")) {
      const char *alt = extract_attr(n, "alt");
      /* smilies keep their text; other images are left out */
      if (alt && strlen(alt) <= 8 && (alt[0] == ':' || alt[0] == ';'))
        strbuf_addstr(sb, alt);
      continue;
    }
    if ((ni && (ni->flags & NF_BLOCK)) || name_is(n, "p"))
      strbuf_addstr(sb, "\n\n");
    text_render(w, n->children, sb);
    if ((ni && (ni->flags & NF_BLOCK)) || name_is(n, "p"))
      strbuf_addstr(sb, "\n\n");
  }
}

void extract_collapse_space(char *s)
{
  char *out = s;
  int space = 0, newlines = 0, started = 0;

  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    /* U+00A0 no-break space counts as space */
    if (c == 0xc2 && (unsigned char)s[1] == 0xa0) {
      s++;
      space = 1;
      continue;
    }
    if (c == '\n') {
      newlines++;
      space = 0;
      continue;
    }
    if (isspace(c)) {
      space = 1;
      continue;
    }
    if (started) {
      if (newlines > 1)
        *out++ = '\n';
      if (newlines)
        *out++ = '\n';
      else if (space)
        *out++ = ' ';
    }
    newlines = space = 0;
    started = 1;
    *out++ = (char)c;
  }
  *out = '\0';
}

/* The text of n as one line (for names and dates); caller frees. */
static char *node_line(struct walk *w, xmlNode *n)
{
  struct strbuf sb = STRBUF_INIT;
  char *s;
  struct ninfo *ni = info_of(w, n);
  unsigned keep = ni ? ni->flags : 0;

  unsigned hide = w->hide;

  if (ni)
    ni->flags &= ~(unsigned)(NF_SIG | NF_QUOTE);
  /* inside a quote (its attribution line) everything is quote */
  w->hide = keep & NF_QUOTE ? NF_SIG | NF_SKIP : NF_QUOTE | NF_SIG | NF_SKIP;
  text_render(w, n->children, &sb);
  w->hide = hide;
  if (ni)
    ni->flags = keep;
  s = strbuf_detach(&sb, NULL);
  for (char *p = s; *p; p++)
    if (*p == '\n')
      *p = ' ';
  extract_collapse_space(s);
  return s;
}

/* ---- URLs ------------------------------------------------------------- */

/* Resolve href against base; caller frees. */
static char *url_resolve(const char *href, const char *base)
{
  xmlChar *u;
  char *r;
  if (!href)
    return NULL;
  while (isspace((unsigned char)*href))
    href++;
  if (!base)
    return xstrdup(href);
  u = xmlBuildURI((const xmlChar *)href, (const xmlChar *)base);
  r = xstrdup(u ? (const char *)u : href);
  xmlFree(u);
  return r;
}

/* ---- ids -------------------------------------------------------------- */

void extract_post_id(const char *thread_key, const char *native_id,
                     const char *author, int position, const char *text,
                     char *buf, size_t size)
{
  crypto_generichash_state st;
  unsigned char h[8];
  char pos[16];

  crypto_generichash_init(&st, NULL, 0, sizeof(h));
  crypto_generichash_update(&st, (const unsigned char *)(thread_key ? thread_key : ""),
                            strlen(thread_key ? thread_key : "") + 1);
  if (native_id && *native_id) {
    crypto_generichash_update(&st, (const unsigned char *)"n", 2);
    crypto_generichash_update(&st, (const unsigned char *)native_id,
                              strlen(native_id) + 1);
  } else {
    snprintf(pos, sizeof(pos), "%d", position);
    crypto_generichash_update(&st, (const unsigned char *)(author ? author : ""),
                              strlen(author ? author : "") + 1);
    crypto_generichash_update(&st, (const unsigned char *)pos, strlen(pos) + 1);
    crypto_generichash_update(&st, (const unsigned char *)(text ? text : ""),
                              strlen(text ? text : ""));
  }
  crypto_generichash_final(&st, h, sizeof(h));
  if (size < 17) {
    if (size)
      buf[0] = '\0';
    return;
  }
  for (size_t i = 0; i < sizeof(h); i++)
    snprintf(buf + 2 * i, 3, "%02x", h[i]);
}

/* ---- one record's fields ---------------------------------------------- */

struct ctx {
  xmlDoc *doc;
  const char *html; /* the page as UTF-8 (profile hints look here) */
  size_t html_len;
  int html_cstr; /* html holds no NUL before html[html_len] */
  struct walk w;
  const char *base; /* for resolving links */
  int64_t fetched;
  unsigned flags; /* EXTRACT_* */
  xmlXPathContext *xc; /* for the profiles' XPaths */
  struct page_posts *out;
};

/* A post's text from the children of its body element: p->text with or
 * without the quoted passages (EXTRACT_KEEP_QUOTES), and with
 * EXTRACT_OWN_TEXT also p->own_text, the text without them, when it
 * differs.  Returns whether the post shows any text at all, quotes
 * included: a post that only quotes is still a post. */
static int post_text(struct ctx *cx, xmlNode *children, struct post *p)
{
  struct walk *w = &cx->w;
  struct strbuf sb = STRBUF_INIT;
  unsigned hide = w->hide;
  char *own, *full = NULL;
  int nonempty;

  strbuf_init(&sb, TEXT_CAP);
  w->hide = hide | NF_QUOTE;
  w->quotes_hidden = 0;
  text_render(w, children, &sb);
  own = strbuf_detach(&sb, NULL);
  extract_collapse_space(own);
  /* the text with its quotes: wanted, or needed to know whether a post
   * without words of its own shows anything */
  if (w->quotes_hidden && ((cx->flags & EXTRACT_KEEP_QUOTES) || !*own)) {
    strbuf_init(&sb, TEXT_CAP);
    w->hide = hide & ~(unsigned)NF_QUOTE;
    text_render(w, children, &sb);
    full = strbuf_detach(&sb, NULL);
    extract_collapse_space(full);
  }
  w->hide = hide;
  nonempty = *own || (full && *full);
  free(p->text);
  free(p->own_text);
  p->own_text = NULL;
  if (!full || !strcmp(full, own)) {
    free(full);
    p->text = own;
  } else if (cx->flags & EXTRACT_KEEP_QUOTES) {
    p->text = full;
    if (cx->flags & EXTRACT_OWN_TEXT)
      p->own_text = own;
    else
      free(own);
  } else {
    free(full);
    p->text = own;
  }
  return nonempty;
}

#define HIDDEN (NF_QUOTE | NF_SIG | NF_SKIP)

/* The text of n as one line, its child elements apart by a space:
 * "<span>28.09.19</span><span>12:44</span>" is "28.09.19 12:44".
 * Caller frees. */
static char *line_spaced(struct walk *w, xmlNode *n)
{
  struct strbuf sb = STRBUF_INIT;
  char *s;

  strbuf_init(&sb, FIELD_CAP);
  for (xmlNode *c = n->children; c; c = c->next) {
    if (c->type == XML_TEXT_NODE) {
      strbuf_addstr(&sb, (const char *)c->content);
    } else if (c->type == XML_ELEMENT_NODE) {
      struct ninfo *ci = info_of(w, c);
      if (ci && (ci->flags & (NF_SKIP | NF_QUOTE | NF_SIG)))
        continue;
      s = node_line(w, c);
      strbuf_addf(&sb, " %s ", s);
      free(s);
    }
  }
  s = strbuf_detach(&sb, NULL);
  for (char *p = s; *p; p++)
    if (*p == '\n')
      *p = ' ';
  extract_collapse_space(s);
  return s;
}

/* The text node span of a date-flagged element, as displayed. */
static char *date_text_of(struct ctx *cx, struct ninfo *ni)
{
  char *line;
  size_t s, e;

  /* "<b>10:16am</b> On <b>Apr 24</b>": the date spans elements */
  if (ni->node->parent && ni->node->parent->type == XML_ELEMENT_NODE &&
      !(ni->flags & NF_BLOCK)) {
    line = line_spaced(&cx->w, ni->node->parent);
    if (strlen(line) <= 40 && date_span(line, &s, &e))
      return line;
    free(line);
  }
  for (xmlNode *c = ni->node->children; c; c = c->next) {
    if (c->type != XML_TEXT_NODE)
      continue;
    if (date_span((const char *)c->content, &s, &e)) {
      line = xstrndup((const char *)c->content + s, e - s);
      extract_collapse_space(line);
      return line;
    }
  }
  line = node_line(&cx->w, ni->node);
  if (!*line || strlen(line) > 80) {
    const char *t = extract_attr(ni->node, "title");
    free(line);
    return t ? xstrdup(t) : NULL;
  }
  return line;
}

/* How much a block looks like a post body: its own text, link text
 * (likes bars, user details) counting a quarter, a bonus for a class
 * that names a body. */
static int body_named(struct ninfo *ni)
{
  return !classid_has(ni->node, "user|author|profile|avatar|poster|"
                                "posthead|postheader|post-header|postdate|"
                                "post-date|messageheader|message-header|"
                                "postinfo|post-info|postmeta|post-meta") &&
         (classid_has(ni->node, "message|content|body|messagetext|"
                                "posttext|post-text|post_text|msgtext|"
                                "comment-text|entry|bbwrapper|cooked|"
                                "postmsg") ||
          icontains(extract_attr(ni->node, "data-role"), "content") ||
          icontains(extract_attr(ni->node, "itemprop"), "text") ||
          icontains(extract_attr(ni->node, "itemprop"), "articlebody"));
}

static int body_score(struct ninfo *ni)
{
  int score = ni->direct - ni->dlink + ni->dlink / 4;
  if (score <= 0)
    return score;
  if (classid_has(ni->node, "user|author|profile|avatar|poster|"
                             "posthead|postheader|post-header|postdate|"
                             "post-date|messageheader|message-header|"
                             "postinfo|post-info|postmeta|post-meta") ||
      name_is(ni->node, "header") || name_is(ni->node, "footer") ||
      (ni->ndates > 0 && ni->text < 40 && !body_named(ni)))
    /* a header: names, dates, a short line around them */
    score -= 20;
  else if (body_named(ni))
    /* it keeps what lies inside it: count that text too */
    score = ni->text - ni->dlink + ni->dlink / 4 + 20;
  return score;
}

/* The body of record r: the container below r with the most text that
 * does not pass through another container. */
static int record_body(struct ctx *cx, int r, int end, int avoid1,
                       int avoid2)
{
  struct walk *w = &cx->w;
  int best = -1;

  for (int i = r; i <= end; i++) {
    struct ninfo *ni = &w->v[i];
    if (ni->flags & HIDDEN) {
      i = ni->end;
      continue;
    }
    if (!(ni->flags & NF_BLOCK))
      continue;
    if ((avoid1 >= 0 && inside(w, avoid1, i)) ||
        (avoid2 >= 0 && inside(w, avoid2, i)))
      continue;
    /* a block named as the body keeps the blocks inside it (a link
     * preview, a code box, an attachment list) */
    if (best >= 0 && inside(w, i, best) && body_named(&w->v[best]) &&
        body_score(&w->v[best]) > 0)
      continue;
    if (best < 0 || body_score(ni) > body_score(&w->v[best]))
      best = i;
  }
  /* a header or user box is no body, even when the body is empty */
  return best >= 0 && w->v[best].direct > 0 && body_score(&w->v[best]) > 0
             ? best
             : -1;
}

/* Digits of a post-like id on n ("post-12345", "p12345"), into buf. */
static int native_id_of(xmlNode *n, char *buf, size_t size)
{
  const char *id = extract_attr(n, "id");
  const char *d;
  size_t k;

  if (!id)
    id = extract_attr(n, "data-post-id");
  if (!id)
    id = extract_attr(n, "data-content");
  if (!id)
    return 0;
  for (d = id; *d && !isdigit((unsigned char)*d); d++)
    ;
  k = strspn(d, "0123456789");
  if (k < 2 || k >= size || d[k])
    return 0;
  memcpy(buf, d, k);
  buf[k] = '\0';
  return 1;
}

static void add_string(char ***v, size_t *n, const char *s)
{
  for (size_t i = 0; i < *n; i++)
    if (!strcmp((*v)[i], s))
      return;
  *v = xrealloc(*v, (*n + 1) * sizeof(**v));
  (*v)[(*n)++] = xstrdup(s);
}

/* Strip the phrases around a quoted author's name ("X wrote:", "Zitat von
 * X", "Originally Posted by X"); in place. */
static void quote_name_clean(char *s)
{
  static const char *pre[] = {"originally posted by", "zitat von",
                              "quote from", "quote:", "zitat:", "zitat",
                              "quote", "citation de", "antwort auf"};
  static const char *post[] = {" wrote:", " said:", " schrieb:", " wrote",
                               " said", " schrieb", " a écrit :",
                               " a écrit"};
  size_t n;

  for (size_t i = 0; i < ARRAY_SIZE(pre); i++)
    if (istarts_with(s, pre[i])) {
      n = strlen(pre[i]);
      memmove(s, s + n, strlen(s + n) + 1);
      break;
    }
  for (size_t i = 0; i < ARRAY_SIZE(post); i++) {
    char *p = strcasestr(s, post[i]);
    if (p) {
      *p = '\0';
      break;
    }
  }
  extract_collapse_space(s);
  n = strlen(s);
  while (n && (s[n - 1] == ':' || s[n - 1] == ','))
    s[--n] = '\0';
}

/* Quote relations: the names (or sources) of the quote blocks in the
 * record's body, and @mentions in its text. */
static void record_relations(struct ctx *cx, int r, int end, struct post *p)
{
  struct walk *w = &cx->w;

  for (int i = r; i <= end; i++) {
    struct ninfo *ni = &w->v[i];
    const char *a;
    char *name = NULL;
    if (!(ni->flags & NF_QUOTE))
      continue;
    if (ni->parent >= 0 && (w->v[ni->parent].flags & NF_QUOTE)) {
      continue;
    }
    if ((a = extract_attr(ni->node, "data-author")) ||
        (a = extract_attr(ni->node, "data-username")) ||
        (a = extract_attr(ni->node, "data-quote")))
      name = xstrdup(a);
    for (int j = i + 1; !name && j <= ni->end && j < i + 12; j++) {
      xmlNode *c = w->v[j].node;
      if (name_is(c, "cite") || classid_has(c, "author|attribution|"
                                               "quote-title|quotetitle|"
                                               "bbcodeblock-title|"
                                               "quoteheader|title") ||
          name_is(c, "strong") || name_is(c, "b"))
        name = node_line(w, c);
    }
    /* a "X wrote:" line right before the block */
    if (!name && ni->node->prev && ni->node->prev->type == XML_TEXT_NODE &&
        (icontains((const char *)ni->node->prev->content, "wrote") ||
         icontains((const char *)ni->node->prev->content, "schrieb")))
      name = xstrdup((const char *)ni->node->prev->content);
    if (name) {
      quote_name_clean(name);
      if (*name && strlen(name) <= 60)
        add_string(&p->quotes, &p->nquotes, name);
      free(name);
    }
    i = ni->end;
  }
  if (p->text) {
    for (const char *s = p->text; (s = strchr(s, '@')); s++) {
      size_t k = 0;
      char name[64];
      if (s > p->text && (isalnum((unsigned char)s[-1]) || s[-1] == '.'))
        continue;
      while (s[1 + k] && (isalnum((unsigned char)s[1 + k]) ||
                          s[1 + k] == '_' || s[1 + k] == '-' ||
                          (unsigned char)s[1 + k] >= 0x80) &&
             k < sizeof(name) - 1)
        k++;
      if (k < 2)
        continue;
      memcpy(name, s + 1, k);
      name[k] = '\0';
      add_string(&p->mentions, &p->nmentions, name);
    }
  }
}

static int is_date_like(const char *s)
{
  size_t a, b;
  return date_span(s, &a, &b) && b - a + 6 >= strlen(s);
}

/* An unlinked author named in a byline text node of the record outside
 * its body ("Re: Title by Nobody: 12:16pm"); caller frees, NULL when
 * none.  Guests and deleted users often have no profile link. */
static char *byline_author(struct ctx *cx, int r, int end, int body)
{
  struct walk *w = &cx->w;

  for (int i = r; i <= end; i++) {
    struct ninfo *ni = &w->v[i];
    if ((ni->flags & HIDDEN) || i == body) {
      i = ni->end;
      continue;
    }
    for (xmlNode *c = ni->node->children; c; c = c->next) {
      regmatch_t m[5];
      const char *s = (const char *)c->content;
      char *name;
      size_t k;
      if (c->type != XML_TEXT_NODE || strlen(s) > 200 ||
          regexec(&byline_re, s, 5, m, 0))
        continue;
      name = xstrndup(s + m[3].rm_so, (size_t)(m[3].rm_eo - m[3].rm_so));
      extract_collapse_space(name);
      k = strlen(name);
      /* a name has few words: "by the way, ..." is no byline */
      if (k >= 2 && !is_date_like(name) && !isdigit((unsigned char)*name) &&
          strchr(name, ' ') == strrchr(name, ' '))
        return name;
      free(name);
    }
  }
  return NULL;
}

/* Is element i of record r inside the record's user box (a member's
 * profile beside the post: rank, post count, the date they joined)?  A
 * date there is the member's, not the post's, whatever its label says. */
static int in_user_box(struct walk *w, int r, int i)
{
  for (int d = w->v[i].parent; d >= r && d >= 0; d = w->v[d].parent)
    if (classid_has(w->v[d].node,
                    "postprofile|userinfo|user-info|user_info|userbox|"
                    "user-box|memberinfo|member-info|miniprofile|"
                    "mini-profile|userdetails|user-details|posterinfo|"
                    "poster-info|postuserinfo|userprofile|user-profile"))
      return 1;
  return 0;
}

/* Fill p from record r: body, date, author, ids.  Returns 1 when the
 * record is a post (it has text and a date or an author). */
static int record_extract(struct ctx *cx, int r, int end, int body_hint,
                          struct post *p)
{
  struct walk *w = &cx->w;
  int body = body_hint >= 0 ? body_hint : record_body(cx, r, end, -1, -1);
  int date, mdate, author, box_date, box_mdate;
  int author_named, strong, pass = 0, author_rank;
  char *avatar_href = NULL;
  struct strbuf sb = STRBUF_INIT;
  char buf[64], iso[40];

  if (body < 0)
    return 0;
  p->rec = r;
  p->rec_end = end;
again:
  date = mdate = author = author_named = strong = -1;
  box_date = box_mdate = -1;
  author_rank = 0;
  free(avatar_href);
  avatar_href = NULL;
  for (int i = r; i <= end; i++) {
    struct ninfo *ni = &w->v[i];
    if ((ni->flags & HIDDEN) || i == body) {
      i = ni->end;
      continue;
    }
    /* a date in the user box counts only when there is no other */
    if (ni->flags & (NF_MDATE | NF_TDATE)) {
      int box = in_user_box(w, r, i);
      int *m = box ? &box_mdate : &mdate, *t = box ? &box_date : &date;
      if ((ni->flags & NF_MDATE) && *m < 0)
        *m = i;
      if ((ni->flags & NF_TDATE) && *t < 0)
        *t = i;
    }
    if ((ni->flags & NF_ALINK) && author_rank < 3) {
      char *line = node_line(w, ni->node);
      size_t k = strlen(line);
      /* a named link beats a letter avatar, a classed one beats both */
      int rank = !k || k > 80 || is_date_like(line) ? 0
                 : author_hint(ni->node) ? 3
                 : k > 1 ? 2 : 1;
      if (rank > author_rank) {
        author = i;
        author_rank = rank;
      }
      if (!rank && !avatar_href)
        avatar_href = xstrdup(extract_attr(ni->node, "href"));
      free(line);
    }
    if ((ni->flags & NF_AUTHOR) && !(ni->flags & NF_ALINK) &&
        author_named < 0 && w->v[i].text > 0)
      author_named = i;
    if (strong < 0 && i > r &&
        (name_is(ni->node, "strong") || name_is(ni->node, "b") ||
         name_is(ni->node, "dt") || name_is(ni->node, "cite")) &&
        ni->text >= 2 && ni->text <= 40)
      strong = i;
  }
  /* the only date outside the body is in the user box, and the body
   * shows one: the body holds the post's header too; take the body
   * beside that date */
  if (!pass && body_hint < 0 && date < 0 && mdate < 0 &&
      (box_date >= 0 || box_mdate >= 0) && w->v[body].ndates > 0) {
    int d = -1;
    for (int i = body; i <= w->v[body].end && d < 0; i++) {
      struct ninfo *ni = &w->v[i];
      if (ni->flags & HIDDEN) {
        i = ni->end;
        continue;
      }
      if (ni->flags & (NF_MDATE | NF_TDATE))
        d = i;
    }
    if (d >= 0) {
      int b = record_body(cx, r, end, d, -1);
      pass = 1;
      if (b >= 0 && b != body) {
        body = b;
        goto again;
      }
    }
  }
  if (date < 0)
    date = box_date;
  if (mdate < 0)
    mdate = box_mdate;
  /* no date or author outside the body: the body was the record's
   * header; take the first date and author and the body beside them */
  if (!pass && body_hint < 0 &&
      ((date < 0 && mdate < 0) || (author < 0 && author_named < 0))) {
    int d = mdate >= 0 ? mdate : date, a = author;
    for (int i = r; i <= end && (d < 0 || a < 0); i++) {
      struct ninfo *ni = &w->v[i];
      if (ni->flags & HIDDEN) {
        i = ni->end;
        continue;
      }
      if (d < 0 && (ni->flags & (NF_MDATE | NF_TDATE)))
        d = i;
      if (a < 0 && (ni->flags & NF_AUTHOR))
        a = i;
    }
    if (d >= 0 || a >= 0) {
      int b = record_body(cx, r, end, d, a);
      pass = 1;
      if (b >= 0 && b != body) {
        body = b;
        goto again;
      }
    }
  }

  if (!post_text(cx, w->v[body].node->children, p)) {
    free(avatar_href);
    return 0;
  }

  if (mdate >= 0 && machine_date(w->v[mdate].node, iso, sizeof(iso))) {
    p->published = xstrdup(iso);
    p->date_text = date_text_of(cx, &w->v[mdate]);
    if (p->date_text && !*p->date_text) {
      free(p->date_text);
      p->date_text = NULL;
    }
  }
  if (!p->date_text && date >= 0)
    p->date_text = date_text_of(cx, &w->v[date]);

  if (author >= 0) {
    p->author = node_line(w, w->v[author].node);
    p->author_url = url_resolve(extract_attr(w->v[author].node, "href"), cx->base);
  } else if (author_named >= 0) {
    char *line;
    strbuf_init(&sb, FIELD_CAP);
    text_render(w, w->v[author_named].node->children, &sb);
    line = strbuf_detach(&sb, NULL);
    extract_collapse_space(line);
    line[strcspn(line, "\n")] = '\0';
    if (*line && strlen(line) <= 80)
      p->author = line;
    else
      free(line);
    if (avatar_href)
      p->author_url = url_resolve(avatar_href, cx->base);
  } else if (avatar_href) {
    p->author_url = url_resolve(avatar_href, cx->base);
  } else if (extract_attr(w->v[r].node, "data-author") &&
             *extract_attr(w->v[r].node, "data-author")) {
    /* XenForo and others name the author on the post element */
    p->author = xstrndup(extract_attr(w->v[r].node, "data-author"), 80);
  } else if ((p->author = byline_author(cx, r, end, body))) {
    /* the name stands in the byline's text */
  } else if (strong >= 0) {
    char *line = node_line(w, w->v[strong].node);
    size_t k = strlen(line);
    /* a name, not a label ("Registriert seit:"), number or date */
    if (k && line[k - 1] != ':' && !is_date_like(line) &&
        !strchr(line, '#') && !isdigit((unsigned char)line[0]))
      p->author = line;
    else
      free(line);
  }
  free(avatar_href);

  /* native id: on the record or a descendant near its top */
  for (int i = r; i <= end && i < r + 40; i++) {
    if (native_id_of(w->v[i].node, buf, sizeof(buf))) {
      p->native_id = xstrdup(buf);
      break;
    }
  }
  for (int i = r; i <= end; i++) {
    struct ninfo *ni = &w->v[i];
    const char *href;
    if ((ni->flags & HIDDEN) || i == body) {
      i = ni->end;
      continue;
    }
    if (!name_is(ni->node, "a") || !(href = extract_attr(ni->node, "href")))
      continue;
    if (regexec(&permalink_re, href, 0, NULL, 0))
      continue;
    if (p->native_id && !strstr(href, p->native_id))
      continue;
    p->url = url_resolve(href, cx->base);
    break;
  }
  if (!p->url && p->native_id && cx->base) {
    const char *id = extract_attr(w->v[r].node, "id");
    char *frag = xasprintf("#%s", id ? id : p->native_id);
    p->url = url_resolve(frag, cx->base);
    free(frag);
  }
  record_relations(cx, r, end, p);
  return p->date_text || p->published || p->author;
}

/* ---- the generic detector --------------------------------------------- */

struct member {
  unsigned sig;
  int idx;
};

static int member_cmp(const void *a, const void *b)
{
  const struct member *x = a, *y = b;
  if (x->sig != y->sig)
    return x->sig < y->sig ? -1 : 1;
  return x->idx - y->idx;
}

static int record_good(struct ninfo *ni)
{
  return ni->ndates >= 1 && ni->text >= 3;
}

/* Pick the sibling group most like a list of posts; fills *first (its
 * members in order, caller frees) and returns their number, 0 when none. */
static size_t generic_pick(struct ctx *cx, int **first)
{
  struct walk *w = &cx->w;
  struct member *m = NULL;
  size_t malloc_ = 0, best_n = 0;
  long best_score = 0;
  int best_depth = 0;
  unsigned best_sig = 0;
  int best_parent = -1;

  for (size_t i = 0; i < w->n; i++) {
    size_t k = 0;
    if (w->v[i].flags & HIDDEN)
      continue;
    for (xmlNode *c = w->v[i].node->children; c; c = c->next) {
      struct ninfo *ci = info_of(w, c);
      if (!ci || (ci->flags & HIDDEN))
        continue;
      xgrow((void **)&m, sizeof(*m), k + 1, &malloc_);
      m[k].sig = ci->sig;
      m[k].idx = (int)(ci - w->v);
      k++;
    }
    if (k < 2)
      continue;
    qsort(m, k, sizeof(*m), member_cmp);
    for (size_t a = 0, b; a < k; a = b) {
      long score = 0, good = 0, dates = 0;
      for (b = a; b < k && m[b].sig == m[a].sig; b++) {
        struct ninfo *ni = &w->v[m[b].idx];
        good += record_good(ni);
        dates += ni->ndates;
        score += 3 * record_good(ni) + 2 * (ni->nauth >= 1);
      }
      if (good < 2 || dates > 20 * good)
        continue;
      if (score > best_score ||
          (score == best_score && w->v[i].depth + 1 > best_depth)) {
        best_score = score;
        best_depth = w->v[i].depth + 1;
        best_sig = m[a].sig;
        best_parent = (int)i;
        best_n = b - a;
      }
    }
  }
  free(m);
  if (best_parent < 0)
    return 0;
  *first = xmalloc(best_n * sizeof(**first));
  best_n = 0;
  for (xmlNode *c = w->v[best_parent].node->children; c; c = c->next) {
    struct ninfo *ci = info_of(w, c);
    if (ci && !(ci->flags & HIDDEN) && ci->sig == best_sig)
      (*first)[best_n++] = (int)(ci - w->v);
  }
  strbuf_addf(&cx->out->explain,
              "generic: %zu sibling <%s%s%s> records under <%s> (score %ld)\n",
              best_n, (const char *)w->v[(*first)[0]].node->name,
              extract_attr(w->v[(*first)[0]].node, "class") ? " class=" : "",
              extract_attr(w->v[(*first)[0]].node, "class")
                  ? extract_attr(w->v[(*first)[0]].node, "class")
                  : "",
              (const char *)w->v[best_parent].node->name, best_score);
  return best_n;
}

static struct post *post_add(struct page_posts *pp)
{
  struct post *p;
  xgrow((void **)&pp->posts, sizeof(*pp->posts), pp->nposts + 1, &pp->alloc);
  p = &pp->posts[pp->nposts++];
  memset(p, 0, sizeof(*p));
  p->position = (int)pp->nposts;
  p->rec = -1;
  p->rec_end = -2;
  return p;
}

static void post_release(struct post *p)
{
  free(p->id);
  free(p->url);
  free(p->native_id);
  free(p->author);
  free(p->author_url);
  free(p->published);
  free(p->date_text);
  free(p->text);
  free(p->own_text);
  free(p->parent);
  for (size_t i = 0; i < p->nquotes; i++)
    free(p->quotes[i]);
  free(p->quotes);
  for (size_t i = 0; i < p->nmentions; i++)
    free(p->mentions[i]);
  free(p->mentions);
  memset(p, 0, sizeof(*p));
}

static void generic_detect(struct ctx *cx)
{
  int *recs = NULL;
  size_t n = generic_pick(cx, &recs);

  for (size_t i = 0; i < n; i++) {
    struct post *p = post_add(cx->out);
    struct ninfo *ri = &cx->w.v[recs[i]];
    int end = ri->end;
    /* a header row whose body is the next sibling (two rows a post) */
    if (i + 1 < n && (ri->ndates || ri->nauth) && recs[i + 1] == end + 1 &&
        !cx->w.v[recs[i + 1]].ndates && !cx->w.v[recs[i + 1]].nauth) {
      end = cx->w.v[recs[i + 1]].end;
      i++;
    }
    if (!record_extract(cx, recs[i] == (int)(ri - cx->w.v) ? recs[i]
                                                            : recs[i - 1],
                        end, -1, p)) {
      post_release(p);
      cx->out->nposts--;
    }
  }
  free(recs);
}

/* ---- schema.org microdata -------------------------------------------- */

static int md_type_is_post(xmlNode *n)
{
  static const char *types[] = {"/DiscussionForumPosting", "/Comment",
                                "/Answer", "/Question", "/BlogPosting",
                                "/SocialMediaPosting"};
  const char *t = extract_attr(n, "itemtype");
  if (!t || !xmlHasProp(n, (const xmlChar *)"itemscope"))
    return 0;
  for (size_t i = 0; i < ARRAY_SIZE(types); i++) {
    const char *m = strstr(t, types[i]);
    if (m && !isalnum((unsigned char)m[strlen(types[i])]))
      return 1;
  }
  return 0;
}

/* Posts from microdata items (itemtype Comment, Answer, ...), each item's
 * subtree a record with itemprop="text" or "articleBody" as its body.
 * Items that hold other post items (a question with its answers inline)
 * are left to the generic detector.  Returns the number of posts. */
static size_t microdata_detect(struct ctx *cx)
{
  struct walk *w = &cx->w;
  size_t found = 0;

  for (size_t i = 0; i < w->n; i++) {
    struct ninfo *ni = &w->v[i];
    int body = -1, nested = 0;
    struct post *p;
    if ((ni->flags & HIDDEN) || !md_type_is_post(ni->node))
      continue;
    for (int j = (int)i + 1; j <= ni->end; j++) {
      const char *ip = extract_attr(w->v[j].node, "itemprop");
      if (md_type_is_post(w->v[j].node))
        nested = 1;
      if (body < 0 && ip &&
          (!strcmp(ip, "text") || !strcmp(ip, "articleBody") ||
           !strcmp(ip, "commentText")))
        body = j;
    }
    if (nested)
      continue;
    p = post_add(cx->out);
    if (record_extract(cx, (int)i, ni->end, body, p))
      found++;
    else {
      post_release(p);
      cx->out->nposts--;
    }
  }
  if (found)
    strbuf_addf(&cx->out->explain,
                "schema.org microdata: %zu post items\n", found);
  return found;
}

/* ---- schema.org JSON-LD ----------------------------------------------- */

static const char *json_str(json_t *o, const char *key)
{
  json_t *v = json_object_get(o, key);
  if (json_is_array(v))
    v = json_array_get(v, 0);
  return json_is_string(v) ? json_string_value(v) : NULL;
}

static int ld_type_is_post(json_t *o)
{
  static const char *types[] = {"DiscussionForumPosting", "Comment",
                                "BlogPosting", "SocialMediaPosting",
                                "Answer", "Question"};
  json_t *t = json_object_get(o, "@type");
  const char *s = json_is_array(t) ? json_string_value(json_array_get(t, 0))
                                   : json_string_value(t);
  for (size_t i = 0; s && i < ARRAY_SIZE(types); i++)
    if (!strcmp(s, types[i]))
      return 1;
  return 0;
}

/* Add the post in o (and its comments and answers) to pp. */
static void ld_collect(struct ctx *cx, json_t *o, int depth)
{
  static const char *kids[] = {"@graph", "mainEntity", "comment",
                               "suggestedAnswer", "acceptedAnswer",
                               "hasPart"};
  if (depth > 8 || !o)
    return;
  if (json_is_array(o)) {
    size_t i;
    json_t *v;
    json_array_foreach(o, i, v) ld_collect(cx, v, depth + 1);
    return;
  }
  if (!json_is_object(o))
    return;
  if (ld_type_is_post(o)) {
    const char *text = json_str(o, "text"), *d;
    json_t *a = json_object_get(o, "author");
    if (!text)
      text = json_str(o, "articleBody");
    if (text && *text) {
      struct post *p = post_add(cx->out);
      int64_t t;
      int off;
      p->text = xstrdup(text);
      extract_collapse_space(p->text);
      if (json_is_array(a))
        a = json_array_get(a, 0);
      if (json_is_string(a))
        p->author = xstrdup(json_string_value(a));
      else if (json_is_object(a)) {
        if (json_str(a, "name"))
          p->author = xstrdup(json_str(a, "name"));
        if (json_str(a, "url"))
          p->author_url = url_resolve(json_str(a, "url"), cx->base);
      }
      d = json_str(o, "datePublished");
      if (!d)
        d = json_str(o, "dateCreated");
      if (d && time_parse_iso(d, &t, &off) == 0 && t >= 86400 * 366) {
        char iso[40];
        time_format_iso_offset(t, off, iso, sizeof(iso));
        p->published = xstrdup(iso);
      }
      if (json_str(o, "url"))
        p->url = url_resolve(json_str(o, "url"), cx->base);
      if (json_str(o, "identifier"))
        p->native_id = xstrdup(json_str(o, "identifier"));
    }
  }
  for (size_t i = 0; i < ARRAY_SIZE(kids); i++)
    ld_collect(cx, json_object_get(o, kids[i]), depth + 1);
}

static int ld_type_is_article(json_t *o)
{
  static const char *types[] = {"Article", "BlogPosting", "NewsArticle"};
  json_t *t = json_object_get(o, "@type");
  const char *s = json_is_array(t) ? json_string_value(json_array_get(t, 0))
                                   : json_string_value(t);
  for (size_t i = 0; s && i < ARRAY_SIZE(types); i++)
    if (!strcmp(s, types[i]))
      return 1;
  return 0;
}

/* The first article object in o (or its @graph); NULL when none. */
static json_t *ld_find_article(json_t *o, int depth)
{
  size_t i;
  json_t *v, *r;
  if (depth > 4 || !o)
    return NULL;
  if (json_is_array(o)) {
    json_array_foreach(o, i, v) if ((r = ld_find_article(v, depth + 1)))
        return r;
    return NULL;
  }
  if (!json_is_object(o))
    return NULL;
  if (ld_type_is_article(o))
    return o;
  return ld_find_article(json_object_get(o, "@graph"), depth + 1);
}

/* A blog post whose markup names no author or time: the page's
 * schema.org article (JSON-LD) says them for the first post. */
static void article_meta(struct ctx *cx)
{
  struct walk *w = &cx->w;
  struct post *p = cx->out->nposts ? &cx->out->posts[0] : NULL;

  if (!p || !strcmp(cx->out->kind, "forum_thread"))
    return;
  /* article:published_time is written by the CMS from its stored UTC
   * time; themes format their own <time> and sometimes get the offset
   * wrong, so the meta wins when it carries an offset */
  for (size_t i = 0; i < w->n; i++) {
    xmlNode *n = w->v[i].node;
    const char *v = extract_attr(n, "property"), *c = extract_attr(n, "content");
    int64_t t;
    int off;
    char iso[40];
    if (!name_is(n, "meta") || !v || strcmp(v, "article:published_time") ||
        !c || strlen(c) < 20 || !strpbrk(c + 19, "Z+-") ||
        time_parse_iso(c, &t, &off) < 0 || t < 86400 * 366)
      continue;
    time_format_iso_offset(t, off, iso, sizeof(iso));
    free(p->published);
    p->published = xstrdup(iso);
    break;
  }
  if (p->author && p->published)
    return;
  for (size_t i = 0; i < w->n; i++) {
    xmlNode *n = w->v[i].node;
    const char *type = extract_attr(n, "type"), *d;
    xmlChar *content;
    json_t *root, *art, *a;
    if (!name_is(n, "script") || !type || !icontains(type, "ld+json"))
      continue;
    content = xmlNodeGetContent(n);
    root = content ? json_loads((const char *)content, 0, NULL) : NULL;
    xmlFree(content);
    if (!(art = ld_find_article(root, 0))) {
      json_decref(root);
      continue;
    }
    a = json_object_get(art, "author");
    if (json_is_array(a))
      a = json_array_get(a, 0);
    if (!p->author && json_is_object(a) && json_str(a, "name")) {
      p->author = xstrdup(json_str(a, "name"));
      if (!p->author_url && json_str(a, "url"))
        p->author_url = url_resolve(json_str(a, "url"), cx->base);
    }
    if (!p->published && (d = json_str(art, "datePublished"))) {
      int64_t t;
      int off;
      char iso[40];
      if (time_parse_iso(d, &t, &off) == 0 && t >= 86400 * 366) {
        time_format_iso_offset(t, off, iso, sizeof(iso));
        p->published = xstrdup(iso);
      }
    }
    strbuf_addstr(&cx->out->explain,
                  "the first post's missing author or time from the "
                  "page's JSON-LD article\n");
    json_decref(root);
    return;
  }
}

static void jsonld_detect(struct ctx *cx)
{
  struct walk *w = &cx->w;
  for (size_t i = 0; i < w->n; i++) {
    xmlNode *n = w->v[i].node;
    const char *type = extract_attr(n, "type");
    xmlChar *content;
    json_t *root;
    if (!name_is(n, "script") || !type || !icontains(type, "ld+json"))
      continue;
    content = xmlNodeGetContent(n);
    root = content ? json_loads((const char *)content, 0, NULL) : NULL;
    xmlFree(content);
    if (root) {
      ld_collect(cx, root, 0);
      json_decref(root);
    }
  }
  if (cx->out->nposts)
    strbuf_addf(&cx->out->explain, "schema.org JSON-LD: %zu posts\n",
                cx->out->nposts);
}

/* ---- profiles --------------------------------------------------------- */

/* Evaluate a profile's XPath field k at node at (NULL: the document),
 * compiled when it could be. */
static xmlXPathObject *xp_eval(xmlXPathContext *xc, const struct profile *pr,
                               int k, const char *expr, xmlNode *at)
{
  if (pr->xp[k]) {
    xc->node = at;
    return xmlXPathCompiledEval(pr->xp[k], xc);
  }
  if (at)
    return xmlXPathNodeEval(at, (const xmlChar *)expr, xc);
  return xmlXPathEval((const xmlChar *)expr, xc);
}

/* Evaluate field k (expression expr) at node; first result as a string
 * (attribute value or the node's text line), or NULL.  *node_out gets
 * the first node; with want_string 0 only that is wanted. */
static char *xp_string(struct ctx *cx, xmlXPathContext *xc,
                       const struct profile *pr, int k, const char *expr,
                       xmlNode *at, xmlNode **node_out, int want_string)
{
  xmlXPathObject *o;
  char *r = NULL;

  if (node_out)
    *node_out = NULL;
  if (!expr || !*expr)
    return NULL;
  o = xp_eval(xc, pr, k, expr, at);
  if (!o)
    return NULL;
  if (o->type == XPATH_NODESET && o->nodesetval &&
      o->nodesetval->nodeNr > 0) {
    xmlNode *n = o->nodesetval->nodeTab[0];
    if (node_out)
      *node_out = n;
    if (!want_string) {
      ;
    } else if (n->type == XML_ATTRIBUTE_NODE || n->type == XML_TEXT_NODE) {
      xmlChar *v = xmlNodeGetContent(n);
      r = xstrdup(v ? (const char *)v : "");
      xmlFree(v);
    } else {
      r = node_line(&cx->w, n);
    }
  } else if (o->type == XPATH_STRING && o->stringval && *o->stringval &&
             want_string) {
    r = xstrdup((const char *)o->stringval);
  }
  xmlXPathFreeObject(o);
  return r;
}

/* Set flag f on every element that field k (expression expr) selects at
 * node. */
static void xp_flag(struct ctx *cx, xmlXPathContext *xc,
                    const struct profile *pr, int k, const char *expr,
                    xmlNode *at, unsigned f)
{
  xmlXPathObject *o;
  if (!expr || !*expr)
    return;
  o = xp_eval(xc, pr, k, expr, at);
  if (o && o->type == XPATH_NODESET && o->nodesetval)
    for (int i = 0; i < o->nodesetval->nodeNr; i++) {
      struct ninfo *ni = info_of(&cx->w, o->nodesetval->nodeTab[i]);
      if (ni)
        for (int j = (int)(ni - cx->w.v); j <= ni->end; j++)
          cx->w.v[j].flags |= f;
    }
  xmlXPathFreeObject(o);
}

/* Does the date span [a, b) of s give the same time as all of s?  Also
 * when s as a whole is no date. */
static int span_says_all(const char *s, size_t a, size_t b, int64_t ref)
{
  struct date_result whole, part;
  char *span;
  int ok;

  if (date_parse(s, ref, &whole) < 0)
    return 1;
  span = xstrndup(s + a, b - a);
  ok = date_parse(span, ref, &part) == 0 && part.t == whole.t;
  free(span);
  return ok;
}

/* A profile whose date expression found nothing (a customised style):
 * the record's first date evidence outside its text, as the generic
 * detector would read it. */
static void record_date_fallback(struct ctx *cx, struct ninfo *ri,
                                 xmlNode *text, struct post *p)
{
  struct walk *w = &cx->w;
  struct ninfo *ti = text ? info_of(w, text) : NULL;
  char iso[40];

  for (int i = (int)(ri - w->v); i <= ri->end; i++) {
    struct ninfo *ni = &w->v[i];
    if ((ni->flags & HIDDEN) || ni == ti) {
      i = ni->end;
      continue;
    }
    if ((ni->flags & NF_MDATE) && machine_date(ni->node, iso, sizeof(iso))) {
      p->published = xstrdup(iso);
      p->date_text = date_text_of(cx, ni);
      return;
    }
    if (ni->flags & NF_TDATE) {
      p->date_text = date_text_of(cx, ni);
      return;
    }
  }
}

/* A date expression that gave a string of its own (XPath concat(),
 * substring()): an epoch in seconds or milliseconds, or ISO 8601, is a
 * published time, not a displayed date. */
static void string_date(struct post *p)
{
  const char *s = p->date_text;
  size_t k = strspn(s, "0123456789");
  char iso[40];
  int64_t t;
  int off;

  if (k >= 9 && k <= 13 && !s[k]) {
    long long e = strtoll(s, NULL, 10);
    if (k >= 12)
      e /= 1000;
    time_format_iso(e, iso, sizeof(iso));
  } else if (k == 4 && s[4] == '-' &&
             (strlen(s) == 10 || (s[10] == 'T' && strpbrk(s + 11, "Z+-"))) &&
             time_parse_iso(s, &t, &off) == 0 && t >= 86400 * 366) {
    /* a date, or a time with its offset: "2020-04-10 09:15:00" is a
     * displayed local time and stays one */
    if (strlen(s) >= 16 && strchr(s, ':'))
      time_format_iso_offset(t, off, iso, sizeof(iso));
    else
      snprintf(iso, sizeof(iso), "%.10s", s);
  } else {
    return;
  }
  p->published = xstrdup(iso);
  free(p->date_text);
  p->date_text = NULL;
}

/* Do a forum profile's posts look right: an author (name or profile
 * link) on at least half of them?  (A blog post may name no author.) */
static int profile_result_plausible(const struct page_posts *pp,
                                    const struct profile *pr)
{
  size_t named = 0;

  if ((pr->kind && strcmp(pr->kind, "forum_thread")) || pp->nposts < 2)
    return 1;

  for (size_t i = 0; i < pp->nposts; i++)
    named += pp->posts[i].author || pp->posts[i].author_url;
  return 2 * named >= pp->nposts;
}

/* Does html[0..len) hold one of the hint's strings ('|' apart)?  When
 * html is a C string of length len, strstr() (faster than memmem()). */
/* Is html[0..len) a C string with no NUL inside, for strstr()? */
static int c_string(const char *html, size_t len)
{
  return html && !html[len] && !memchr(html, '\0', len);
}

static int hint_found(const char *hint, const char *html, size_t len,
                      int cstr)
{
  char w[128];

  while (*hint) {
    size_t k = strcspn(hint, "|");
    if (k && k < sizeof(w) && cstr) {
      memcpy(w, hint, k);
      w[k] = '\0';
      if (strstr(html, w))
        return 1;
    } else if (k && memmem(html, len, hint, k)) {
      return 1;
    }
    hint += k + (hint[k] == '|');
  }
  return 0;
}

/* Does the profile's match expression hold on doc (html: its UTF-8
 * bytes, where the hint is looked for first)? */
static int profile_matches(xmlXPathContext *xc, const char *html, size_t len,
                           int cstr, const struct profile *pr)
{
  xmlXPathObject *m;
  int ok;

  if (pr->hint && *pr->hint && !hint_found(pr->hint, html, len, cstr))
    return 0;
  if (!xc)
    return 0;
  m = xp_eval(xc, pr, PX_MATCH, pr->match, NULL);
  ok = m && !(m->type == XPATH_NODESET &&
              (!m->nodesetval || !m->nodesetval->nodeNr)) &&
       !(m->type == XPATH_BOOLEAN && !m->boolval);
  xmlXPathFreeObject(m);
  return ok;
}

/* Posts by a profile's XPaths; 0 when the profile does not match (its
 * match expression is not asked when forced). */
static int profile_apply(struct ctx *cx, const struct profile *pr, int forced)
{
  xmlXPathContext *xc = cx->xc;
  xmlXPathObject *posts = NULL;
  int matched = 0;

  if (!xc)
    return 0;
  if (!forced &&
      !profile_matches(xc, cx->html, cx->html_len, cx->html_cstr, pr))
    goto out;
  posts = xp_eval(xc, pr, PX_POST, pr->post, NULL);
  if (!posts || posts->type != XPATH_NODESET || !posts->nodesetval ||
      !posts->nodesetval->nodeNr)
    goto out;
  matched = 1;
  for (int i = 0; i < posts->nodesetval->nodeNr; i++) {
    xmlNode *pn = posts->nodesetval->nodeTab[i], *tn = NULL, *dn = NULL;
    struct post *p;
    struct ninfo *ri = info_of(&cx->w, pn);
    char iso[40], *d;
    int shown;

    if (!ri)
      continue;
    xp_flag(cx, xc, pr, PX_QUOTE, pr->quote, pn, NF_QUOTE);
    xp_flag(cx, xc, pr, PX_DROP, pr->drop, pn, NF_DROP);
    p = post_add(cx->out);
    p->rec = (int)(ri - cx->w.v);
    p->rec_end = ri->end;
    xp_string(cx, xc, pr, PX_TEXT, pr->text, pn, &tn, 0);
    if (tn && i == 0 && pr->kind && !strcmp(pr->kind, "blog_post")) {
      /* a blog article's block quotes (a book's blurb, a cited source)
       * are the author's text, not another post's: keep them */
      struct ninfo *ti = info_of(&cx->w, tn);
      for (int j = ti ? (int)(ti - cx->w.v) : 0; ti && j <= ti->end; j++)
        cx->w.v[j].flags &= ~(unsigned)NF_QUOTE;
    }
    shown = tn && post_text(cx, tn->children, p);
    p->author = xp_string(cx, xc, pr, PX_AUTHOR, pr->author, pn, NULL, 1);
    d = xp_string(cx, xc, pr, PX_AUTHOR_URL, pr->author_url, pn, NULL, 1);
    p->author_url = d ? url_resolve(d, cx->base) : NULL;
    free(d);
    d = xp_string(cx, xc, pr, PX_PERMALINK, pr->permalink, pn, NULL, 1);
    p->url = d ? url_resolve(d, cx->base) : NULL;
    free(d);
    p->native_id =
        xp_string(cx, xc, pr, PX_NATIVE_ID, pr->native_id, pn, NULL, 1);
    if (p->native_id) {
      char *s = p->native_id, *o = s;
      for (; *s; s++)
        if (isdigit((unsigned char)*s))
          *o++ = *s;
      *o = '\0';
    }
    p->date_text = xp_string(cx, xc, pr, PX_DATE, pr->date, pn, &dn, 1);
    if (p->date_text) {
      size_t a, b;
      /* "by Keahou » Fri May 08, 2009 2:03 am": keep the date, unless
       * the span says less than the whole ("Fri Apr 10 09:15:00 CEST
       * 2020" holds the span "Apr 10 09:15:00") */
      if (date_span(p->date_text, &a, &b) &&
          b - a + 4 < strlen(p->date_text) &&
          span_says_all(p->date_text, a, b, cx->fetched)) {
        memmove(p->date_text, p->date_text + a, b - a);
        p->date_text[b - a] = '\0';
      }
    }
    if (dn && dn->type == XML_ELEMENT_NODE &&
        machine_date(dn, iso, sizeof(iso)))
      p->published = xstrdup(iso);
    if (pr->date_attr && dn && dn->type == XML_ELEMENT_NODE) {
      const char *v = extract_attr(dn, pr->date_attr);
      int64_t t;
      int off;
      if (v && time_parse_iso(v, &t, &off) == 0 && t >= 86400 * 366) {
        time_format_iso_offset(t, off, iso, sizeof(iso));
        free(p->published);
        p->published = xstrdup(iso);
      }
    }
    if (p->date_text && !p->published)
      string_date(p);
    if (!p->date_text && !p->published)
      record_date_fallback(cx, ri, tn, p);
    /* an expression that found an empty element found nothing */
    if (p->author && !*p->author) {
      free(p->author);
      p->author = NULL;
    }
    if (p->date_text && !*p->date_text) {
      free(p->date_text);
      p->date_text = NULL;
    }
    record_relations(cx, (int)(ri - cx->w.v), ri->end, p);
    if (!shown) {
      post_release(p);
      cx->out->nposts--;
    }
  }
  if (forced)
    strbuf_addf(&cx->out->explain,
                "profile %s (%s): forced engine; %zu posts from '%s'\n",
                pr->name, pr->source, cx->out->nposts, pr->post);
  else
    strbuf_addf(&cx->out->explain,
                "profile %s (%s): match '%s' held; %zu posts from '%s'\n",
                pr->name, pr->source, pr->match, cx->out->nposts, pr->post);
out:
  xmlXPathFreeObject(posts);
  return matched && cx->out->nposts > 0;
}

/* ---- the page --------------------------------------------------------- */

static void page_meta(struct ctx *cx)
{
  struct walk *w = &cx->w;
  struct page_posts *pp = cx->out;
  char *h1 = NULL, *title = NULL, *og = NULL, *canon = NULL;

  for (size_t i = 0; i < w->n; i++) {
    xmlNode *n = w->v[i].node;
    const char *v;
    if (name_is(n, "html") && (v = extract_attr(n, "lang")) && !pp->lang)
      pp->lang = xstrndup(v, 35);
    else if (name_is(n, "title") && !title)
      title = node_line(w, n);
    else if (name_is(n, "h1") && !h1)
      h1 = node_line(w, n);
    else if (name_is(n, "meta") && (v = extract_attr(n, "property")) &&
             !strcmp(v, "og:title") && !og && extract_attr(n, "content"))
      og = xstrdup(extract_attr(n, "content"));
    else if (name_is(n, "link") && (v = extract_attr(n, "rel")) &&
             !strcasecmp(v, "canonical") && !canon && extract_attr(n, "href"))
      canon = url_resolve(extract_attr(n, "href"), cx->base);
  }
  if (og && *og) {
    pp->thread_title = og;
    og = NULL;
  } else if (h1 && *h1) {
    pp->thread_title = h1;
    h1 = NULL;
  } else if (title) {
    pp->thread_title = title;
    title = NULL;
  }
  if (pp->thread_title)
    extract_collapse_space(pp->thread_title);
  /* all pages of a thread share one key; the page's own URL says where
   * it sits (a canonical link may name the first page) */
  pp->page_number = 1;
  pp->page_offset = 0;
  if (cx->base)
    free(url_thread_key(cx->base, &pp->page_number, &pp->page_offset));
  if (canon || cx->base) {
    const char *u = canon ? canon : cx->base;
    pp->thread_url = url_thread_key(u, NULL, NULL);
    if (!pp->thread_url)
      pp->thread_url = xstrdup(u);
  }
  free(canon);
  free(h1);
  free(title);
  free(og);
}

/* Claims from the visible text the walk gathered and from the page. */
static void page_claims(struct ctx *cx, struct strbuf *visible,
                        const char *body, size_t len)
{
  claims_from_text(visible->buf, &cx->out->claims);
  claims_from_html(body, len, &cx->out->claims);
}

/* A published time from the displayed date where no machine-readable
 * one was found; relative dates only when the fetch time is known. */
static void posts_dates(struct ctx *cx)
{
  for (size_t i = 0; i < cx->out->nposts; i++) {
    struct post *p = &cx->out->posts[i];
    struct date_result r;
    char buf[DATE_FORMAT_SIZE];
    size_t s, e;

    if (p->published || !p->date_text)
      continue;
    if (date_parse(p->date_text, cx->fetched, &r) < 0 &&
        date_find(p->date_text, cx->fetched, &r, &s, &e) < 0)
      continue;
    if ((r.relative && !cx->fetched) || r.t < 86400 * 366)
      continue;
    p->published = xstrdup(date_format(&r, buf, sizeof(buf)));
  }
}

/* Ids and implicit parents, once the posts are known.  Positions count
 * through the whole thread: after the item offset a page names
 * (start=20: 21, 22, ...), else from (page - 1) * EXTRACT_PAGE_GAP + 1,
 * since a page that names only its number does not say how many posts
 * the pages before it hold.  Either way they sort the thread's posts. */
/* Is the page's first post the article itself (not a comment): it
 * holds none of the other posts' elements and comes before them? */
static int article_first(const struct ctx *cx)
{
  const struct page_posts *pp = cx->out;
  const struct post *a = &pp->posts[0];

  if (a->rec < 0)
    return 0;
  for (size_t i = 1; i < pp->nposts; i++)
    if (pp->posts[i].rec >= 0 && pp->posts[i].rec <= a->rec_end)
      return 0;
  return 1;
}

static void posts_finish(struct ctx *cx)
{
  struct page_posts *pp = cx->out;
  long first = 0;
  char id[20];

  /* a URL that does not say where the page sits (a post's permalink,
   * viewtopic.php?p=1015) leaves it to what the page states: "Page 2
   * of 5" */
  if (pp->page_number <= 1 && pp->page_offset <= 0 && pp->claims.page > 1 &&
      pp->claims.page <= pp->claims.pages)
    pp->page_number = pp->claims.page;
  if (pp->page_offset > 0)
    first = pp->page_offset;
  else if (pp->page_number > 1 && pp->page_number < 100000)
    first = (long)(pp->page_number - 1) * EXTRACT_PAGE_GAP;
  if (first > 2000000000L)
    first = 0;
  for (size_t i = 0; i < pp->nposts; i++) {
    struct post *p = &pp->posts[i];
    p->position = (int)(first + (long)i + 1);
    extract_post_id(pp->thread_url, p->native_id, p->author, p->position,
                    p->text, id, sizeof(id));
    p->id = xstrdup(id);
  }
  for (size_t i = 1; i < pp->nposts; i++) {
    struct post *p = &pp->posts[i];
    /* a post inside another (threaded comments: WordPress's
     * ul.children, nested replies) answers the innermost one */
    for (size_t j = i; j-- > 0 && !p->parent;) {
      const struct post *o = &pp->posts[j];
      if (p->rec >= 0 && o->rec >= 0 && o->rec < p->rec &&
          p->rec <= o->rec_end)
        p->parent = xstrdup(o->id);
    }
    /* a quoted author with an earlier post here is the explicit parent */
    for (size_t q = 0; q < p->nquotes && !p->parent; q++)
      for (size_t j = i; j-- > 0;)
        if (pp->posts[j].author &&
            !strcasecmp(pp->posts[j].author, p->quotes[q])) {
          p->parent = xstrdup(pp->posts[j].id);
          break;
        }
    /* the implicit parent is the thread's first post: on a later page
     * it is not here, and the page's first post is not it */
    if (!p->parent && !strcmp(pp->kind, "forum_thread") && !first &&
        pp->page_number <= 1) {
      p->parent = xstrdup(pp->posts[0].id);
      p->parent_implicit = 1;
    }
    /* a comment under a blog article answers the article */
    if (!p->parent && !strcmp(pp->kind, "blog_post") && !first &&
        pp->page_number <= 1 && i > 0 && article_first(cx))
      p->parent = xstrdup(pp->posts[0].id);
  }
}

/* ---- listing pages ----------------------------------------------------- */

/* The URL without its fragment; caller frees. */
static char *url_unfragment(const char *u)
{
  return xstrndup(u, strcspn(u, "#"));
}

/* Is n inside a heading (h1 to h4), up to three levels up? */
static int in_heading(xmlNode *n)
{
  for (int up = 0; up < 4 && n && n->type == XML_ELEMENT_NODE;
       up++, n = n->parent) {
    const char *name = (const char *)n->name;
    if ((name[0] == 'h' || name[0] == 'H') && name[1] >= '1' &&
        name[1] <= '4' && !name[2])
      return 1;
  }
  return 0;
}

/* A page that lists articles (a blog's front page, a category, an
 * archive, /page/2/) rather than holding one: its "posts" are summaries
 * of articles that each live on their own page.  Signs, all needed: at
 * least three posts; as many (two thirds or more) headline links to
 * distinct other pages; as many summary signs (read-more links, excerpt
 * blocks, texts cut off with an ellipsis); no comment section.  Returns
 * why, or NULL. */
#define LISTING_LINKS 256
static char *listing_note(struct ctx *cx)
{
  struct walk *w = &cx->w;
  size_t n = cx->out->nposts, nlinks = 0, summaries = 0;
  char *links[LISTING_LINKS], *self = NULL, *note = NULL;

  if (n < 3)
    return NULL;
  self = cx->base ? url_unfragment(cx->base) : NULL;
  /* per post: a headline link to a page of its own, and a summary sign
   * (a read-more link, an excerpt block, a text cut off) */
  for (size_t p = 0; p < n && 3 * (summaries + n - p) >= 2 * n; p++) {
    const struct post *po = &cx->out->posts[p];
    const char *t = po->text;
    int own = 0, summary = t && (ends_with(t, "\xe2\x80\xa6") ||
                                 ends_with(t, "...") ||
                                 ends_with(t, "[\xe2\x80\xa6]") ||
                                 ends_with(t, "[...]"));
    for (int i = po->rec; i >= 0 && i <= po->rec_end; i++) {
      xmlNode *e = w->v[i].node;
      const char *href;
      if (w->v[i].flags & HIDDEN) {
        i = w->v[i].end; /* quotes and signatures are others' words */
        continue;
      }
      if (!summary && classid_has(e, "summary|excerpt|teaser"))
        summary = 1;
      if (!name_is(e, "a"))
        continue;
      if (!summary &&
          classid_has(e, "more-link|read-more|readmore|weiterlesen"))
        summary = 1;
      if (!summary && w->v[i].text > 0 && w->v[i].text <= 40) {
        xmlChar *s = xmlNodeGetContent(e);
        summary = s && !regexec(&more_re, (const char *)s, 0, NULL, 0);
        xmlFree(s);
      }
      href = extract_attr(e, "href");
      /* a name in a heading is the author's, not a headline */
      if (!own && href && nlinks < LISTING_LINKS &&
          !(w->v[i].flags & NF_AUTHOR) &&
          (!po->author_url || !strstr(po->author_url, href)) &&
          (in_heading(e) || icontains(extract_attr(e, "rel"), "bookmark"))) {
        char *abs = url_resolve(href, cx->base), *u = url_unfragment(abs);
        int seen = self && !strcmp(u, self);
        free(abs);
        for (size_t k = 0; k < nlinks && !seen; k++)
          seen = !strcmp(links[k], u);
        if (seen) {
          free(u);
        } else {
          links[nlinks++] = u;
          own = 1;
        }
      }
    }
    summaries += own && summary;
  }
  if (3 * summaries >= 2 * n && summaries >= 3) {
    for (size_t i = 0; i < w->n; i++) {
      xmlNode *e = w->v[i].node;
      const char *id = extract_attr(e, "id");
      if ((id && (!strcasecmp(id, "comments") || !strcasecmp(id, "respond") ||
                  !strcasecmp(id, "disqus_thread"))) ||
          classid_has(e, "comment-list|commentlist|comments-area|"
                         "comment-respond|comments-list"))
        goto out; /* a comment section: one article and its comments */
    }
    note = xasprintf("a listing of %zu article summaries, not a thread: "
                     "%zu of %zu posts carry a headline link to a page of "
                     "their own and a read-more link, an excerpt or a text "
                     "cut off; no comment section",
                     n, summaries, n);
  }
out:
  for (size_t k = 0; k < nlinks; k++)
    free(links[k]);
  free(self);
  return note;
}

static size_t posts_text(const struct post *p, size_t n)
{
  size_t k = 0;
  for (size_t i = 0; i < n; i++)
    k += p[i].text ? strlen(p[i].text) : 0;
  return k;
}

/* The page as a UTF-8 document, or NULL with a message; *html gets its
 * UTF-8 bytes (caller frees, also on failure), *html_len their length. */
static xmlDoc *page_read(const char *body, size_t len, const char *url,
                         struct strbuf *explain, char **html,
                         size_t *html_len)
{
  const char *charset, *evidence;
  char *utf8;
  size_t utf8_len;
  xmlDoc *doc;

  *html = NULL;
  *html_len = 0;
  if (len > INT32_MAX) {
    error("cannot parse '%s': page too large", url ? url : "-");
    return NULL;
  }
  /* libxml2 reads UTF-8 only: BOM, meta and the bytes decide */
  charset = charset_detect(body, len, NULL, &evidence);
  utf8 = charset_to_utf8(body, len, charset, &utf8_len);
  if (explain)
    strbuf_addf(explain, "encoding %s (from %s)\n", charset, evidence);
  if (utf8_len > INT32_MAX) {
    free(utf8);
    error("cannot parse '%s': page too large", url ? url : "-");
    return NULL;
  }
  /* COMPACT: short texts live in their node, one allocation fewer each;
   * the tree is only read */
  doc = htmlReadMemory(utf8, (int)utf8_len, url, "UTF-8",
                       HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
                           HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
                           HTML_PARSE_COMPACT);
  *html = utf8;
  *html_len = utf8_len;
  if (!doc)
    error("cannot parse '%s' as HTML", url ? url : "-");
  return doc;
}

size_t extract_recognise(const char *body, size_t len,
                         const struct profile_list *profiles,
                         const char **names, size_t max)
{
  char *html;
  size_t html_len, k = 0;
  xmlDoc *doc = page_read(body, len, NULL, NULL, &html, &html_len);
  xmlXPathContext *xc;
  int cstr;

  if (!doc) {
    free(html);
    return 0;
  }
  cstr = c_string(html, html_len);
  xc = xmlXPathNewContext(doc);
  profile_xpath_register(xc);
  for (size_t i = 0; profiles && i < profiles->n; i++)
    if (profile_matches(xc, html, html_len, cstr, &profiles->items[i])) {
      if (k < max)
        names[k] = profiles->items[i].name;
      k++;
    }
  xmlXPathFreeContext(xc);
  xmlFreeDoc(doc);
  free(html);
  return k;
}

int extract_page(const char *body, size_t len, const char *url,
                 int64_t fetched, const struct profile_list *profiles,
                 unsigned flags, struct page_posts *out)
{
  struct ctx cx;
  struct strbuf visible;
  xmlNode *root;
  char *html;
  int done = 0;

  memset(out, 0, sizeof(*out));
  classid_reset();
  strbuf_init(&out->explain, 64 * 1024);
  out->kind = "forum_thread";
  out->page_url = url ? xstrdup(url) : NULL;
  regex_init();
  memset(&cx, 0, sizeof(cx));
  cx.doc = page_read(body, len, url, &out->explain, &html, &cx.html_len);
  cx.html = html;
  /* NUL-terminated without a NUL inside: hints can use strstr() */
  cx.html_cstr = c_string(html, cx.html_len);
  if (!cx.doc) {
    free(html);
    return -1;
  }
  cx.base = url;
  cx.fetched = fetched;
  cx.xc = xmlXPathNewContext(cx.doc); /* one for all profiles: its
                                        * object cache is kept */
  profile_xpath_register(cx.xc);
  walk_reuse(&cx.w);
  cx.w.hide = NF_SIG | NF_SKIP | NF_DROP;
  if (!(flags & EXTRACT_KEEP_QUOTES))
    cx.w.hide |= NF_QUOTE;
  cx.flags = flags;
  cx.out = out;
  root = xmlDocGetRootElement(cx.doc);
  strbuf_init(&visible, CLAIMS_TEXT);
  cx.w.visible = &visible;
  if (root)
    walk_tree(&cx.w, root, -1, 0, 0);
  cx.w.visible = NULL;
  skip_reply_forms(&cx.w);
  page_meta(&cx);
  page_claims(&cx, &visible, body, len);
  strbuf_release(&visible);

  if (flags & EXTRACT_FORCE) {
    /* a forced engine: its profiles whose match holds first, then the
     * others, and nothing else */
    for (int pass = 0; pass < 2 && !done; pass++)
      for (size_t i = 0; profiles && i < profiles->n && !done; i++) {
        const struct profile *pr = &profiles->items[i];
        if (profile_matches(cx.xc, cx.html, cx.html_len, cx.html_cstr, pr) !=
            !pass)
          continue;
        done = profile_apply(&cx, pr, 1);
        if (done && pr->kind)
          out->kind = pr->kind;
      }
    if (!done)
      strbuf_addstr(&out->explain, "forced engine: its profiles found no "
                                   "posts; no other detector tried\n");
  }
  for (size_t i = 0; !(flags & EXTRACT_FORCE) && profiles && i < profiles->n &&
                     !done;
       i++) {
    done = profile_apply(&cx, &profiles->items[i], 0);
    if (done && !profile_result_plausible(out, &profiles->items[i])) {
      /* a customised style the profile does not fit: leave the page to
       * the other detectors rather than keep posts without authors */
      strbuf_addf(&out->explain,
                  "profile %s: most posts lack an author, set aside\n",
                  profiles->items[i].name);
      for (size_t k = 0; k < out->nposts; k++)
        post_release(&out->posts[k]);
      out->nposts = 0;
      done = 0;
    }
    if (done && profiles->items[i].kind)
      out->kind = profiles->items[i].kind;
  }
  if (!done && !(flags & EXTRACT_FORCE)) {
    /* microdata when it covers as many posts as the generic detector
     * finds, or more text (it often marks up the first post only) */
    struct page_posts gen;
    size_t md = microdata_detect(&cx);
    gen = *out;
    out->posts = NULL;
    out->nposts = out->alloc = 0;
    generic_detect(&cx);
    if (md >= 2 && (md >= out->nposts ||
                    posts_text(gen.posts, gen.nposts) >
                        posts_text(out->posts, out->nposts))) {
      struct post *tmp = out->posts;
      size_t tn = out->nposts, ta = out->alloc;
      out->posts = gen.posts;
      out->nposts = gen.nposts;
      out->alloc = gen.alloc;
      gen.posts = tmp;
      gen.nposts = tn;
      gen.alloc = ta;
    }
    for (size_t i = 0; i < gen.nposts; i++)
      post_release(&gen.posts[i]);
    free(gen.posts);
    done = out->nposts > 0;
  }
  if (out->nposts < 2 && !(flags & EXTRACT_FORCE)) {
    struct page_posts keep = *out;
    size_t had = out->nposts;
    out->posts = NULL;
    out->nposts = out->alloc = 0;
    jsonld_detect(&cx);
    if (out->nposts > had) {
      for (size_t i = 0; i < keep.nposts; i++)
        post_release(&keep.posts[i]);
      free(keep.posts);
    } else {
      for (size_t i = 0; i < out->nposts; i++)
        post_release(&out->posts[i]);
      free(out->posts);
      out->posts = keep.posts;
      out->nposts = keep.nposts;
      out->alloc = keep.alloc;
    }
  }
  /* post-like blocks say something only on a page without posts */
  out->post_blocks = out->nposts ? 0 : detect_post_blocks(cx.doc);
  if (!out->nposts) {
    struct detect_page dp = {
        .doc = cx.doc, .body = body, .len = len, .url = url};
    strbuf_addstr(&out->explain, "no posts found\n");
    if (out->post_blocks)
      strbuf_addf(&out->explain, "%d post-like blocks\n", out->post_blocks);
    if (detect_page_run(&dp, &out->verdict))
      strbuf_addf(&out->explain, "%s\n", out->verdict.reason);
  }
  out->skip_note = listing_note(&cx);
  if (out->skip_note) {
    strbuf_addf(&out->explain, "skipped: %s\n", out->skip_note);
    for (size_t i = 0; i < out->nposts; i++)
      post_release(&out->posts[i]);
    out->nposts = 0;
  }
  posts_dates(&cx);
  article_meta(&cx);
  posts_finish(&cx);
  walk_keep(&cx.w);
  if (cx.xc)
    xmlXPathFreeContext(cx.xc);
  xmlFreeDoc(cx.doc);
  classid_reset();
  free(html);
  return 0;
}

void page_posts_release(struct page_posts *pp)
{
  for (size_t i = 0; i < pp->nposts; i++)
    post_release(&pp->posts[i]);
  free(pp->posts);
  free(pp->page_url);
  free(pp->thread_url);
  free(pp->thread_title);
  free(pp->lang);
  free(pp->skip_note);
  strbuf_release(&pp->explain);
  memset(pp, 0, sizeof(*pp));
}
