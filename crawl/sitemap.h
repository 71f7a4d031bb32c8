/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Internal to crawl/: the URLs a sitemap or a feed lists.
 *
 * sitemap_parse() reads a fetched body (plain or gzip-compressed) with
 * libxml2's streaming reader and tells which kind of document it is:
 *
 *   - a sitemap (<urlset>): every <url><loc> is a page;
 *   - a sitemap index (<sitemapindex>): every <sitemap><loc> is a sitemap;
 *   - an RSS 2.0 or RSS 1.0 feed: every item's <link> and <comments> is a
 *     page, its <wfw:commentRss> a feed;
 *   - an Atom feed: every entry's <link> (rel alternate or none) is a
 *     page, a <link rel="replies"> (RFC 4685) a feed.
 *
 * Anything else (HTML, XHTML, other XML) is SITEMAP_NONE and lists
 * nothing.  URLs are resolved against the document's base (base_url, or
 * xml:base where the document sets one) and normalised with
 * url_normalize(); those that do not resolve are dropped.
 *
 * Untrusted input: no network access, no DTD loading, entities are not
 * substituted (a "billion laughs" document yields nothing, quickly); at
 * most SITEMAP_MAX_BYTES are read after decompression and at most
 * SITEMAP_MAX_URLS URLs are reported, the limits of sitemaps.org.  A
 * document that breaks off or turns malformed keeps the URLs found before
 * the fault.  Nothing is printed; nothing is kept after the call.
 */
#ifndef NETNO_CRAWL_SITEMAP_H
#define NETNO_CRAWL_SITEMAP_H

#include <stddef.h>

#define SITEMAP_MAX_URLS 50000
#define SITEMAP_MAX_BYTES (50u * 1024 * 1024)

enum sitemap_kind {
  SITEMAP_NONE,   /* not a sitemap or feed */
  SITEMAP_URLSET, /* <urlset> */
  SITEMAP_INDEX,  /* <sitemapindex> */
  SITEMAP_RSS,    /* <rss> or RSS 1.0 <rdf:RDF> */
  SITEMAP_ATOM    /* <feed> in the Atom namespace */
};

/* What a found URL is. */
enum sitemap_found {
  SITEMAP_FOUND_PAGE,    /* a page to crawl */
  SITEMAP_FOUND_SITEMAP, /* a sitemap named by an index */
  SITEMAP_FOUND_FEED     /* a feed (comment feed of an item or entry) */
};

/* Called once per URL (absolute, normalised; valid during the call). */
typedef void sitemap_fn(void *ctx, const char *url, enum sitemap_found kind);

/* What a parse met besides the URLs. */
struct sitemap_stats {
  unsigned urls;  /* URLs reported */
  int truncated;  /* a cap was reached: SITEMAP_MAX_URLS or _BYTES */
  int malformed;  /* the XML (or the gzip stream) has an error */
  int compressed; /* the body was gzip */
};

/*
 * Parse body (len bytes, need not be NUL-terminated; gzip when it starts
 * with the gzip magic 1f 8b) fetched from base_url, and call fn for each
 * URL it lists.  Returns the kind of document.  stats may be NULL.
 */
enum sitemap_kind sitemap_parse(const char *body, size_t len,
                                const char *base_url, sitemap_fn *fn, void *ctx,
                                struct sitemap_stats *stats);

/* "sitemap", "sitemap index", "rss", "atom" or "none"; static. */
const char *sitemap_kind_name(enum sitemap_kind kind);

#endif
