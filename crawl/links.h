/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Internal to crawl/: the links of a fetched page. */
#ifndef NETNO_CRAWL_LINKS_H
#define NETNO_CRAWL_LINKS_H

#include <stddef.h>

enum link_kind {
  LINK_PLAIN, /* <a href>, rel=prev, rel=canonical */
  LINK_NEXT,  /* rel=next: pagination, crawled first */
  LINK_FEED   /* an RSS or Atom feed */
};

/* Called once per link with the absolute base to resolve href against. */
typedef void links_fn(void *ctx, const char *base, const char *href,
                      enum link_kind kind);

/* Call fn for at most max_links links of the page; returns how many. */
int links_extract(const char *html, size_t len, const char *base,
                  unsigned max_links, links_fn *fn, void *ctx);

#endif
