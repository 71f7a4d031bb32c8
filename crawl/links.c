/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Links of a fetched page, for the crawl frontier: <a href>, <area href>,
 * <link rel=next|prev|canonical|alternate>, each handed to the caller
 * with the base to resolve it against (<base href> when the page has
 * one).  libxml2's HTML parser
 * in recovery mode reads whatever the web serves.
 */
#include "crawl/links.h"
#include "crawl/url.h"
#include "util/util.h"

#include <libxml/HTMLparser.h>
#include <string.h>
#include <strings.h>

struct walk {
  links_fn *fn;
  void *ctx;
  const char *base;
  char *base_override;
  unsigned count, max;
};

static int rel_has(const char *rel, const char *word)
{
  size_t n = strlen(word);

  for (const char *p = rel; p && *p;) {
    while (*p == ' ' || *p == '\t')
      p++;
    if (!strncasecmp(p, word, n) && (p[n] == '\0' || p[n] == ' '))
      return 1;
    while (*p && *p != ' ')
      p++;
  }
  return 0;
}

static void emit(struct walk *w, const char *href, enum link_kind kind)
{
  if (href && *href && w->count < w->max) {
    w->count++;
    w->fn(w->ctx, w->base_override ? w->base_override : w->base, href, kind);
  }
}

/* The value of attribute name in a SAX attribute list, or NULL. */
static const char *attr(const xmlChar **atts, const char *name)
{
  for (; atts && atts[0]; atts += 2)
    if (!strcasecmp((const char *)atts[0], name))
      return (const char *)atts[1];
  return NULL;
}

/* Each start tag as the parser meets it: no tree is built. */
static void on_start(void *ud, const xmlChar *tag, const xmlChar **atts)
{
  struct walk *w = ud;
  const char *name = (const char *)tag, *rel;

  if (!strcasecmp(name, "a") || !strcasecmp(name, "area")) {
    /* rel=nofollow is about ranking, not crawling: followed. */
    rel = attr(atts, "rel");
    emit(w, attr(atts, "href"),
         rel && rel_has(rel, "next") ? LINK_NEXT : LINK_PLAIN);
  } else if (!strcasecmp(name, "link")) {
    const char *type = attr(atts, "type");
    rel = attr(atts, "rel");
    if (!rel)
      return;
    if (rel_has(rel, "next"))
      emit(w, attr(atts, "href"), LINK_NEXT);
    else if (rel_has(rel, "prev") || rel_has(rel, "canonical"))
      emit(w, attr(atts, "href"), LINK_PLAIN);
    else if (rel_has(rel, "alternate") && type &&
             (strcasestr(type, "rss") || strcasestr(type, "atom")))
      emit(w, attr(atts, "href"), LINK_FEED);
  } else if (!strcasecmp(name, "base") && !w->base_override) {
    const char *href = attr(atts, "href"), *why;
    if (href && *href &&
        url_normalize(w->base, href, &w->base_override, &why) < 0)
      w->base_override = NULL;
  }
}

int links_extract(const char *html, size_t len, const char *base,
                  unsigned max_links, links_fn *fn, void *ctx)
{
  struct walk w = {fn, ctx, base, NULL, 0, max_links};
  htmlParserCtxtPtr ctxt;

  if (len > (size_t)0x7fffffff)
    len = 0x7fffffff;
  ctxt = htmlCreateMemoryParserCtxt(html, (int)len);
  if (!ctxt)
    return 0;
  /* Only start tags matter: the parser's own handlers (which build the
   * tree) are replaced by one that reads links as they pass. */
  memset(ctxt->sax, 0, sizeof(*ctxt->sax));
  ctxt->sax->startElement = on_start;
  ctxt->userData = &w;
  htmlCtxtUseOptions(ctxt, HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
                               HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
  htmlParseDocument(ctxt);
  htmlFreeParserCtxt(ctxt);
  free(w.base_override);
  return (int)w.count;
}
