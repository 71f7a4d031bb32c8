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

static void emit(struct walk *w, xmlNode *node, enum link_kind kind)
{
  xmlChar *href = xmlGetProp(node, BAD_CAST "href");

  if (href && *href && w->count < w->max) {
    w->count++;
    w->fn(w->ctx, w->base_override ? w->base_override : w->base,
          (const char *)href, kind);
  }
  xmlFree(href);
}

static void walk_tree(struct walk *w, xmlNode *node)
{
  for (; node; node = node->next) {
    if (node->type != XML_ELEMENT_NODE)
      continue;
    if (!strcasecmp((const char *)node->name, "a") ||
        !strcasecmp((const char *)node->name, "area")) {
      /* rel=nofollow is about ranking, not crawling: followed. */
      xmlChar *rel = xmlGetProp(node, BAD_CAST "rel");
      emit(w, node,
           rel && rel_has((const char *)rel, "next") ? LINK_NEXT
                                                      : LINK_PLAIN);
      xmlFree(rel);
    } else if (!strcasecmp((const char *)node->name, "link")) {
      xmlChar *rel = xmlGetProp(node, BAD_CAST "rel");
      xmlChar *type = xmlGetProp(node, BAD_CAST "type");
      if (rel) {
        if (rel_has((const char *)rel, "next"))
          emit(w, node, LINK_NEXT);
        else if (rel_has((const char *)rel, "prev") ||
                 rel_has((const char *)rel, "canonical"))
          emit(w, node, LINK_PLAIN);
        else if (rel_has((const char *)rel, "alternate") && type &&
                 (strcasestr((const char *)type, "rss") ||
                  strcasestr((const char *)type, "atom")))
          emit(w, node, LINK_FEED);
      }
      xmlFree(rel);
      xmlFree(type);
    } else if (!strcasecmp((const char *)node->name, "base") &&
               !w->base_override) {
      xmlChar *href = xmlGetProp(node, BAD_CAST "href");
      const char *why;
      if (href && *href &&
          url_normalize(w->base, (const char *)href, &w->base_override,
                        &why) < 0)
        w->base_override = NULL;
      xmlFree(href);
    }
    walk_tree(w, node->children);
  }
}

int links_extract(const char *html, size_t len, const char *base,
                  unsigned max_links, links_fn *fn, void *ctx)
{
  struct walk w = {fn, ctx, base, NULL, 0, max_links};
  htmlDocPtr doc;

  if (len > (size_t)0x7fffffff)
    len = 0x7fffffff;
  doc = htmlReadMemory(html, (int)len, base, NULL,
                       HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
                           HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
                           HTML_PARSE_NOBLANKS | HTML_PARSE_COMPACT);
  if (!doc)
    return 0;
  walk_tree(&w, xmlDocGetRootElement(doc));
  xmlFreeDoc(doc);
  free(w.base_override);
  return (int)w.count;
}
