/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The author network as GEXF 1.2 (Gephi) and GraphML (networkx, igraph,
 * yEd, Cytoscape), written with libxml2's xmlTextWriter: streamed, with
 * the library doing the escaping.
 *
 * Nodes are the authors ("a" and the author's row id; label the name as
 * the export writes it) with the measures of the latest stats run, the
 * community and the role as attributes.  Edges run from the author who
 * answered to the author answered, one per pair, weighted by the number
 * of relations, with the count of each relation kind as attributes.
 */
#include "corpus/export.h"
#include "util/util.h"

#include <errno.h>
#include <inttypes.h>
#include <libxml/xmlwriter.h>
#include <stdlib.h>
#include <string.h>

/* GEXF 1.2 as Gephi writes and reads it, and as networkx's read_gexf()
 * expects: the 1.2draft namespace with version="1.2". */
#define GEXF_NS "http://www.gexf.net/1.2draft"
#define GRAPHML_NS "http://graphml.graphdrawing.org/xmlns"

/* Node attributes before the metrics. */
enum { ATTR_SITE, ATTR_COMMUNITY, ATTR_ROLE, ATTR_FIXED };

struct xw {
  xmlTextWriterPtr w;
  FILE *out;
  const char *path; /* for messages */
  int bad;          /* a libxml2 call failed */
};

static const xmlChar *X(const char *s) { return (const xmlChar *)s; }

static void xw_start(struct xw *x, const char *el)
{
  x->bad |= xmlTextWriterStartElement(x->w, X(el)) < 0;
}

static void xw_end(struct xw *x)
{
  x->bad |= xmlTextWriterEndElement(x->w) < 0;
}

/* An attribute; its value cleaned for XML. */
static void xw_attr(struct xw *x, const char *name, const char *value)
{
  char *clean = export_clean_text(value ? value : "", 1);
  x->bad |= xmlTextWriterWriteAttribute(x->w, X(name), X(clean)) < 0;
  free(clean);
}

static void xw_attr_int(struct xw *x, const char *name, int64_t v)
{
  char buf[24];
  snprintf(buf, sizeof(buf), "%" PRId64, v);
  xw_attr(x, name, buf);
}

/* An element holding only text. */
static void xw_text_element(struct xw *x, const char *el, const char *text)
{
  char *clean = export_clean_text(text ? text : "", 1);
  x->bad |= xmlTextWriterWriteElement(x->w, X(el), X(clean)) < 0;
  free(clean);
}

/* libxml2's own "I/O error" lines: netno says what failed instead. */
static void xml_quiet(void *ctx, const char *msg, ...)
{
  (void)ctx;
  (void)msg;
}

static int xw_open(struct xw *x, FILE *out, const char *path)
{
  xmlOutputBufferPtr buf = xmlOutputBufferCreateFile(out, NULL);

  xmlSetGenericErrorFunc(NULL, xml_quiet);
  x->out = out;
  x->path = strcmp(path, "-") ? path : "standard output";
  x->bad = 0;
  x->w = buf ? xmlNewTextWriter(buf) : NULL;
  if (!x->w) {
    if (buf)
      xmlOutputBufferClose(buf);
    xmlSetGenericErrorFunc(NULL, NULL);
    return error("cannot start the XML writer");
  }
  xmlTextWriterSetIndent(x->w, 1);
  xmlTextWriterSetIndentString(x->w, X("  "));
  x->bad |= xmlTextWriterStartDocument(x->w, NULL, "UTF-8", NULL) < 0;
  return 0;
}

/* End the document and free the writer (which flushes into out); a
 * failed write is reported with the file and the reason. */
static int xw_close(struct xw *x)
{
  x->bad |= xmlTextWriterEndDocument(x->w) < 0;
  xmlFreeTextWriter(x->w);
  x->w = NULL;
  xmlSetGenericErrorFunc(NULL, NULL);
  if (x->bad && ferror(x->out))
    return error("cannot write '%s': %s", x->path,
                 strerror(errno ? errno : EIO));
  return x->bad ? error("cannot write the XML document") : 0;
}

static char *node_id(int64_t id, char *buf, size_t size)
{
  snprintf(buf, size, "a%" PRId64, id);
  return buf;
}

/* ---- GEXF -------------------------------------------------------------- */

/* One GEXF attribute declaration. */
static void gexf_attribute(struct xw *x, int64_t id, const char *title,
                           const char *type)
{
  xw_start(x, "attribute");
  xw_attr_int(x, "id", id);
  xw_attr(x, "title", title);
  xw_attr(x, "type", type);
  xw_end(x);
}

static void gexf_attvalue(struct xw *x, int64_t id, const char *value)
{
  xw_start(x, "attvalue");
  xw_attr_int(x, "for", id);
  xw_attr(x, "value", value);
  xw_end(x);
}

int export_gexf(struct corpus *c, const struct export_opts *o, FILE *out)
{
  struct export_authors *authors = export_authors_open(c, o);
  struct export_edges *edges = NULL;
  struct export_author a;
  struct export_edge e;
  const char *const *metric;
  size_t nmetric;
  int64_t eid = 0;
  struct xw x = {0};
  int rc = -1;

  if (!authors)
    return -1;
  edges = export_edges_open(c, o, 0);
  if (!edges || xw_open(&x, out, o->out_path) < 0)
    goto out;
  nmetric = export_authors_metrics(authors, &metric);
  xw_start(&x, "gexf");
  xw_attr(&x, "xmlns", GEXF_NS);
  xw_attr(&x, "version", "1.2");
  xw_start(&x, "meta");
  xw_text_element(&x, "creator", "netno " NETNO_VERSION);
  xw_text_element(&x, "description",
                  "author network: an edge from who answered to whom");
  xw_end(&x);
  xw_start(&x, "graph");
  xw_attr(&x, "mode", "static");
  xw_attr(&x, "defaultedgetype", "directed");
  xw_start(&x, "attributes");
  xw_attr(&x, "class", "node");
  gexf_attribute(&x, ATTR_SITE, "site", "string");
  gexf_attribute(&x, ATTR_COMMUNITY, "community", "integer");
  gexf_attribute(&x, ATTR_ROLE, "role", "string");
  for (size_t k = 0; k < nmetric; k++)
    gexf_attribute(&x, ATTR_FIXED + (int64_t)k, metric[k], "double");
  xw_end(&x);
  xw_start(&x, "attributes");
  xw_attr(&x, "class", "edge");
  for (int k = 0; k < EXPORT_NKINDS; k++)
    gexf_attribute(&x, k, export_kind_names[k], "integer");
  xw_end(&x);

  xw_start(&x, "nodes");
  while ((rc = export_authors_next(authors, &a)) > 0 && !x.bad) {
    char buf[32];
    xw_start(&x, "node");
    xw_attr(&x, "id", node_id(a.id, buf, sizeof(buf)));
    xw_attr(&x, "label", a.name);
    xw_start(&x, "attvalues");
    if (a.host)
      gexf_attvalue(&x, ATTR_SITE, a.host);
    if (a.has_community) {
      snprintf(buf, sizeof(buf), "%" PRId64, a.community);
      gexf_attvalue(&x, ATTR_COMMUNITY, buf);
    }
    if (a.role)
      gexf_attvalue(&x, ATTR_ROLE, a.role);
    for (size_t k = 0; k < nmetric; k++)
      if (a.values[k] == a.values[k]) /* not NaN */
        gexf_attvalue(&x, ATTR_FIXED + (int64_t)k,
                      export_format_double(a.values[k], buf, sizeof(buf)));
    xw_end(&x);
    xw_end(&x);
  }
  if (rc < 0)
    goto out;
  xw_end(&x);

  xw_start(&x, "edges");
  while ((rc = export_edges_next(edges, &e)) > 0 && !x.bad) {
    char buf[32];
    xw_start(&x, "edge");
    xw_attr_int(&x, "id", eid++);
    xw_attr(&x, "source", node_id(e.src, buf, sizeof(buf)));
    xw_attr(&x, "target", node_id(e.dst, buf, sizeof(buf)));
    xw_attr_int(&x, "weight", e.weight);
    xw_start(&x, "attvalues");
    for (int k = 0; k < EXPORT_NKINDS; k++) {
      snprintf(buf, sizeof(buf), "%" PRId64, e.by_kind[k]);
      gexf_attvalue(&x, k, buf);
    }
    xw_end(&x);
    xw_end(&x);
  }
  if (rc < 0)
    goto out;
  rc = 0;
out:
  if (x.w && xw_close(&x) < 0)
    rc = -1;
  export_edges_free(edges);
  export_authors_free(authors);
  return rc;
}

/* ---- GraphML ----------------------------------------------------------- */

static void graphml_key(struct xw *x, const char *id, const char *for_,
                        const char *name, const char *type)
{
  xw_start(x, "key");
  xw_attr(x, "id", id);
  xw_attr(x, "for", for_);
  xw_attr(x, "attr.name", name);
  xw_attr(x, "attr.type", type);
  xw_end(x);
}

static void graphml_data(struct xw *x, const char *key, const char *value)
{
  char *clean = export_clean_text(value, 1);
  xw_start(x, "data");
  xw_attr(x, "key", key);
  x->bad |= xmlTextWriterWriteString(x->w, X(clean)) < 0;
  xw_end(x);
  free(clean);
}

int export_graphml(struct corpus *c, const struct export_opts *o, FILE *out)
{
  struct export_authors *authors = export_authors_open(c, o);
  struct export_edges *edges = NULL;
  struct export_author a;
  struct export_edge e;
  const char *const *metric;
  size_t nmetric;
  struct xw x = {0};
  int rc = -1;

  if (!authors)
    return -1;
  edges = export_edges_open(c, o, 0);
  if (!edges || xw_open(&x, out, o->out_path) < 0)
    goto out;
  nmetric = export_authors_metrics(authors, &metric);
  xw_start(&x, "graphml");
  xw_attr(&x, "xmlns", GRAPHML_NS);
  xw_attr(&x, "xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance");
  xw_attr(&x, "xsi:schemaLocation",
          GRAPHML_NS " " GRAPHML_NS "/1.0/graphml.xsd");
  /* Keys: n_* for nodes (m0, m1... for the metrics), e_* for edges. */
  graphml_key(&x, "n_label", "node", "label", "string");
  graphml_key(&x, "n_site", "node", "site", "string");
  graphml_key(&x, "n_community", "node", "community", "long");
  graphml_key(&x, "n_role", "node", "role", "string");
  for (size_t k = 0; k < nmetric; k++) {
    char id[32];
    snprintf(id, sizeof(id), "m%zu", k);
    graphml_key(&x, id, "node", metric[k], "double");
  }
  graphml_key(&x, "e_weight", "edge", "weight", "double");
  for (int k = 0; k < EXPORT_NKINDS; k++) {
    char id[32];
    snprintf(id, sizeof(id), "e_%s", export_kind_names[k]);
    graphml_key(&x, id, "edge", export_kind_names[k], "long");
  }
  xw_start(&x, "graph");
  xw_attr(&x, "id", "authors");
  xw_attr(&x, "edgedefault", "directed");

  while ((rc = export_authors_next(authors, &a)) > 0 && !x.bad) {
    char buf[32];
    xw_start(&x, "node");
    xw_attr(&x, "id", node_id(a.id, buf, sizeof(buf)));
    if (a.name)
      graphml_data(&x, "n_label", a.name);
    if (a.host)
      graphml_data(&x, "n_site", a.host);
    if (a.has_community) {
      snprintf(buf, sizeof(buf), "%" PRId64, a.community);
      graphml_data(&x, "n_community", buf);
    }
    if (a.role)
      graphml_data(&x, "n_role", a.role);
    for (size_t k = 0; k < nmetric; k++)
      if (a.values[k] == a.values[k]) { /* not NaN */
        char id[32];
        snprintf(id, sizeof(id), "m%zu", k);
        graphml_data(&x, id,
                     export_format_double(a.values[k], buf, sizeof(buf)));
      }
    xw_end(&x);
  }
  if (rc < 0)
    goto out;
  while ((rc = export_edges_next(edges, &e)) > 0 && !x.bad) {
    char buf[32], id[32];
    xw_start(&x, "edge");
    xw_attr(&x, "source", node_id(e.src, buf, sizeof(buf)));
    xw_attr(&x, "target", node_id(e.dst, buf, sizeof(buf)));
    snprintf(buf, sizeof(buf), "%" PRId64, e.weight);
    graphml_data(&x, "e_weight", buf);
    for (int k = 0; k < EXPORT_NKINDS; k++) {
      snprintf(id, sizeof(id), "e_%s", export_kind_names[k]);
      snprintf(buf, sizeof(buf), "%" PRId64, e.by_kind[k]);
      graphml_data(&x, id, buf);
    }
    xw_end(&x);
  }
  if (rc < 0)
    goto out;
  rc = 0;
out:
  if (x.w && xw_close(&x) < 0)
    rc = -1;
  export_edges_free(edges);
  export_authors_free(authors);
  return rc;
}
