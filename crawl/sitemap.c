/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Sitemaps and feeds: the URLs they list, for the crawl frontier.
 *
 * libxml2's streaming reader walks the document once, so a 50 MB sitemap
 * needs no tree in memory.  The body is fed through a read callback that
 * inflates gzip on the fly and stops at SITEMAP_MAX_BYTES: the cap holds
 * for compressed and plain bodies alike, and a gzip bomb ends there.
 * Elements are told apart by their local name, their parent's and their
 * namespace, so that <image:loc> in a sitemap or <atom:link> in an RSS
 * item is not taken for a page.
 */
#include "crawl/sitemap.h"
#include "crawl/url.h"
#include "util/util.h"

#include <libxml/xmlreader.h>
#include <string.h>
#include <strings.h>
#include <zlib.h>

#define NS_ATOM "http://www.w3.org/2005/Atom"
#define NS_RDF "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#define NS_RSS1 "http://purl.org/rss/1.0/"
#define NS_WFW "http://wellformedweb.org/CommentAPI/"
#define MAX_DEPTH 16

/* ---- input: plain or gzip, capped ------------------------------------- */

struct input {
  const unsigned char *data;
  size_t len, pos;
  size_t produced; /* bytes handed to the parser */
  int gzip, zinit, zdone;
  z_stream zs;
  struct sitemap_stats *st;
};

/* Inflate into buf; at the end of one gzip member another may follow. */
static int input_inflate(struct input *in, char *buf, size_t n)
{
  size_t got = 0;

  while (got == 0 && !in->zdone) {
    int rc;

    in->zs.next_in = (Bytef *)(in->data + in->pos);
    in->zs.avail_in =
        (uInt)(in->len - in->pos > 1u << 30 ? 1u << 30 : in->len - in->pos);
    in->zs.next_out = (Bytef *)buf;
    in->zs.avail_out = (uInt)n;
    rc = inflate(&in->zs, Z_NO_FLUSH);
    in->pos = (size_t)(in->zs.next_in - in->data);
    got = n - in->zs.avail_out;
    if (rc == Z_STREAM_END) {
      if (in->len - in->pos >= 2 && in->data[in->pos] == 0x1f &&
          in->data[in->pos + 1] == 0x8b)
        inflateReset(&in->zs);
      else
        in->zdone = 1;
    } else if (rc != Z_OK && !(rc == Z_BUF_ERROR && got)) {
      /* Corrupt, or cut short (no input left before the end). */
      in->st->malformed = 1;
      in->zdone = 1;
    }
  }
  return (int)got;
}

/* libxml2's read callback: up to len bytes, 0 at the end or at the cap
 * (noted as truncated when more was there). */
static int input_read(void *ctx, char *buf, int len)
{
  struct input *in = ctx;
  size_t n = len > 0 ? (size_t)len : 0, got;

  if (in->produced >= SITEMAP_MAX_BYTES) {
    if (in->gzip ? !in->zdone : in->pos < in->len)
      in->st->truncated = 1;
    return 0;
  }
  if (n > SITEMAP_MAX_BYTES - in->produced)
    n = SITEMAP_MAX_BYTES - in->produced;
  if (in->gzip) {
    got = (size_t)input_inflate(in, buf, n);
  } else {
    got = in->len - in->pos < n ? in->len - in->pos : n;
    memcpy(buf, in->data + in->pos, got);
    in->pos += got;
  }
  in->produced += got;
  return (int)got;
}

static int input_close(void *ctx)
{
  (void)ctx;
  return 0;
}

/* ---- the walk ----------------------------------------------------------- */

struct walk {
  xmlTextReaderPtr reader;
  enum sitemap_kind kind;
  const char *base;
  sitemap_fn *fn;
  void *ctx;
  struct sitemap_stats *st;
  const xmlChar *names[MAX_DEPTH]; /* local names of the open elements */
  int collecting;                  /* depth of the element read, or -1 */
  enum sitemap_found collect_kind;
  struct strbuf text;
  int stop;
};

static void quiet(void *arg, const char *msg, xmlParserSeverities severity,
                  xmlTextReaderLocatorPtr locator)
{
  (void)arg;
  (void)msg;
  (void)severity;
  (void)locator;
}

static int name_is(const xmlChar *name, const char *want)
{
  return name && !strcmp((const char *)name, want);
}

static int ns_is(const xmlChar *ns, const char *want)
{
  return want ? ns && !strcmp((const char *)ns, want) : ns == NULL;
}

/* Resolve href against the element's base (xml:base), else the body's
 * URL, and report it. */
static void report(struct walk *w, const char *href, enum sitemap_found kind)
{
  const xmlChar *xbase = xmlTextReaderConstBaseUri(w->reader);
  char *url = NULL;

  if (w->st->urls >= SITEMAP_MAX_URLS) {
    w->st->truncated = 1;
    w->stop = 1;
    return;
  }
  if ((!xbase || url_normalize((const char *)xbase, href, &url, NULL) < 0) &&
      url_normalize(w->base, href, &url, NULL) < 0)
    return;
  w->st->urls++;
  w->fn(w->ctx, url, kind);
  free(url);
}

static enum sitemap_kind root_kind(const xmlChar *name, const xmlChar *ns)
{
  if (name_is(name, "urlset"))
    return SITEMAP_URLSET;
  if (name_is(name, "sitemapindex"))
    return SITEMAP_INDEX;
  if (name_is(name, "rss") || (name_is(name, "RDF") && ns_is(ns, NS_RDF)))
    return SITEMAP_RSS;
  if (name_is(name, "feed") && ns_is(ns, NS_ATOM))
    return SITEMAP_ATOM;
  return SITEMAP_NONE;
}

/* An Atom <link> of an entry: the entry's page, or its comment feed. */
static void atom_link(struct walk *w)
{
  xmlChar *rel = xmlTextReaderGetAttribute(w->reader, BAD_CAST "rel");
  xmlChar *type = xmlTextReaderGetAttribute(w->reader, BAD_CAST "type");
  xmlChar *href = xmlTextReaderGetAttribute(w->reader, BAD_CAST "href");

  if (href && *href) {
    if (!rel || name_is(rel, "alternate"))
      report(w, (const char *)href, SITEMAP_FOUND_PAGE);
    else if (name_is(rel, "replies"))
      report(w, (const char *)href,
             type && strcasestr((const char *)type, "html")
                 ? SITEMAP_FOUND_PAGE
                 : SITEMAP_FOUND_FEED);
  }
  xmlFree(rel);
  xmlFree(type);
  xmlFree(href);
}

/* Which element's text is a URL, given the document kind, the element
 * and its parent.  Returns 1 with *kind set, or 0. */
static int text_target(const struct walk *w, const xmlChar *name,
                       const xmlChar *ns, const xmlChar *parent,
                       enum sitemap_found *kind)
{
  switch (w->kind) {
  case SITEMAP_URLSET:
  case SITEMAP_INDEX:
    /* The sitemaps.org namespace, or none (common in the wild); never
     * image:loc, video:loc and the like. */
    if (!name_is(name, "loc") ||
        (ns && strcmp((const char *)ns,
                      "http://www.sitemaps.org/schemas/sitemap/0.9")))
      return 0;
    if (w->kind == SITEMAP_URLSET && name_is(parent, "url"))
      *kind = SITEMAP_FOUND_PAGE;
    else if (w->kind == SITEMAP_INDEX && name_is(parent, "sitemap"))
      *kind = SITEMAP_FOUND_SITEMAP;
    else
      return 0;
    return 1;
  case SITEMAP_RSS:
    if (!name_is(parent, "item"))
      return 0;
    if ((ns_is(ns, NULL) || ns_is(ns, NS_RSS1)) &&
        (name_is(name, "link") || name_is(name, "comments")))
      *kind = SITEMAP_FOUND_PAGE;
    else if (ns_is(ns, NS_WFW) && name_is(name, "commentRss"))
      *kind = SITEMAP_FOUND_FEED;
    else
      return 0;
    return 1;
  default:
    return 0;
  }
}

/* An element starts: the root names the kind; a URL element of that kind
 * starts collecting its text (Atom links report at once). */
static void on_element(struct walk *w)
{
  int depth = xmlTextReaderDepth(w->reader);
  const xmlChar *name = xmlTextReaderConstLocalName(w->reader);
  const xmlChar *ns = xmlTextReaderConstNamespaceUri(w->reader);
  const xmlChar *parent;
  enum sitemap_found kind;

  if (depth < 0 || depth >= MAX_DEPTH)
    return;
  w->names[depth] = name;
  if (depth == 0) {
    w->kind = root_kind(name, ns);
    if (w->kind == SITEMAP_NONE)
      w->stop = 1;
    return;
  }
  parent = w->names[depth - 1];
  if (w->kind == SITEMAP_ATOM) {
    if (name_is(name, "link") && ns_is(ns, NS_ATOM) && name_is(parent, "entry"))
      atom_link(w);
    return;
  }
  if (w->collecting < 0 && !xmlTextReaderIsEmptyElement(w->reader) &&
      text_target(w, name, ns, parent, &kind)) {
    w->collecting = depth;
    w->collect_kind = kind;
    strbuf_reset(&w->text);
  }
}

/* An element ends: the text collected for it is a URL. */
static void on_end(struct walk *w)
{
  if (w->collecting < 0 || xmlTextReaderDepth(w->reader) != w->collecting)
    return;
  w->collecting = -1;
  strbuf_trim(&w->text);
  if (w->text.len)
    report(w, w->text.buf, w->collect_kind);
}

enum sitemap_kind sitemap_parse(const char *body, size_t len,
                                const char *base_url, sitemap_fn *fn, void *ctx,
                                struct sitemap_stats *stats)
{
  struct sitemap_stats local;
  struct input in;
  struct walk w;
  int rc = 0;

  if (!stats)
    stats = &local;
  memset(stats, 0, sizeof(*stats));
  memset(&in, 0, sizeof(in));
  memset(&w, 0, sizeof(w));
  in.data = (const unsigned char *)body;
  in.len = body ? len : 0;
  in.st = stats;
  w.base = base_url;
  w.fn = fn;
  w.ctx = ctx;
  w.st = stats;
  w.collecting = -1;
  strbuf_init(&w.text, URL_NORMALIZE_MAX);

  if (in.len >= 2 && in.data[0] == 0x1f && in.data[1] == 0x8b) {
    in.gzip = 1;
    stats->compressed = 1;
    /* 15 + 16: a gzip wrapper, not zlib. */
    if (inflateInit2(&in.zs, 15 + 16) != Z_OK)
      goto out;
    in.zinit = 1;
  }
  /* No NOENT, DTDLOAD or DTDATTR: entities stay references, no DTD is
   * fetched; NONET: no network access whatever the document says. */
  w.reader = xmlReaderForIO(input_read, input_close, &in, base_url, NULL,
                            XML_PARSE_NONET | XML_PARSE_NOERROR |
                                XML_PARSE_NOWARNING | XML_PARSE_NOBLANKS);
  if (!w.reader)
    goto out;
  xmlTextReaderSetErrorHandler(w.reader, quiet, NULL);
  while (!w.stop && (rc = xmlTextReaderRead(w.reader)) == 1) {
    switch (xmlTextReaderNodeType(w.reader)) {
    case XML_READER_TYPE_ELEMENT:
      on_element(&w);
      /* <loc/> has no end element; nothing was started for it. */
      break;
    case XML_READER_TYPE_END_ELEMENT:
      on_end(&w);
      break;
    case XML_READER_TYPE_TEXT:
    case XML_READER_TYPE_CDATA:
      if (w.collecting >= 0) {
        const xmlChar *v = xmlTextReaderConstValue(w.reader);
        if (v)
          strbuf_addstr(&w.text, (const char *)v);
      }
      break;
    default:
      break;
    }
  }
  if (!w.stop && rc < 0)
    stats->malformed = 1;
out:
  if (w.reader)
    xmlFreeTextReader(w.reader);
  if (in.zinit)
    inflateEnd(&in.zs);
  strbuf_release(&w.text);
  return w.kind;
}

const char *sitemap_kind_name(enum sitemap_kind kind)
{
  switch (kind) {
  case SITEMAP_URLSET:
    return "sitemap";
  case SITEMAP_INDEX:
    return "sitemap index";
  case SITEMAP_RSS:
    return "rss";
  case SITEMAP_ATOM:
    return "atom";
  default:
    return "none";
  }
}
