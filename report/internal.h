/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Internal to report/: what the renderers share.  The report's data is
 * one JSON document (corpus_report_data() plus the title, the time it was
 * made and the sentences of text.c); html.c and md.c lay it out, svg.c
 * draws its charts, layout.c places the leader network (igraph, for
 * layout only).  Every function appends to a caller-owned strbuf.
 */
#ifndef NETNO_REPORT_INTERNAL_H
#define NETNO_REPORT_INTERNAL_H

#include "util/util.h"

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

/* ---- escaping (escape.c) ---- */

/* s with & < > " ' written as entities, for HTML text and attribute
 * values alike. */
void report_html_escape(struct strbuf *sb, const char *s);
/* s as Markdown text: every character Markdown or HTML gives a meaning to
 * backslash-escaped, < and > as entities, line breaks as spaces. */
void report_md_escape(struct strbuf *sb, const char *s);
/* Whether url may become a link: an absolute http or https URL without
 * white space, quotes or angle brackets. */
int report_url_is_safe(const char *url);

/* ---- sentences (text.c) ---- */

/* Add the plain-language parts to doc: "headlines" (an array of
 * sentences) and, for every leader, "why". */
void report_add_sentences(json_t *doc);
/* A duration in seconds as "3.5 hours", "2 days" into buf. */
void report_duration(double seconds, char *buf, size_t size);
/* What each measure means: name, family and explanation. */
struct report_measure {
  const char *key, *label, *meaning;
};
extern const struct report_measure report_measures[];
extern const size_t report_nmeasures;

/* ---- charts (svg.c) ---- */

/* A series of labelled values for a chart. */
struct report_series {
  const char *const *labels; /* n x-axis labels (periods) */
  const double *values;
  size_t n;
};

/* An inline SVG line chart of one series (posts per month), with axes,
 * ticks, labels and a title for screen readers. */
void report_svg_line(struct strbuf *sb, const char *title,
                     const struct report_series *s, const char *y_label);
/* A grouped bar chart: groups of nseries bars per label, a legend with
 * names[]; values[k][i] for series k at label i. */
void report_svg_bars(struct strbuf *sb, const char *title,
                     const char *const *labels, size_t n,
                     const char *const *names, const double *const *values,
                     size_t nseries, const char *y_label);
/* A small sparkline (no axes) of values. */
void report_svg_sparkline(struct strbuf *sb, const char *title,
                          const double *values, size_t n);
/* The leader network of doc (its "leaders" and "network"), laid out
 * with seed. */
void report_svg_network(struct strbuf *sb, const json_t *doc, uint64_t seed);
/* The fill colour of community k. */
const char *report_colour(int64_t k);

/* ---- layout (layout.c) ---- */

/* Positions in [0,1] x [0,1] for n nodes with edges src[i] -> dst[i]
 * (nedges), by Fruchterman-Reingold seeded with seed; x and y hold n
 * values each.  -1 (reported) when igraph fails. */
int report_layout(size_t n, const size_t *src, const size_t *dst,
                  const double *weight, size_t nedges, uint64_t seed, double *x,
                  double *y);

/* ---- renderers ---- */

/* The whole report as one self-contained HTML page. */
void report_render_html(struct strbuf *sb, const json_t *doc);
/*
 * The report as Markdown.  Charts go to SVG files named svg_base + "-" +
 * name + ".svg" (written by the caller from *figures: pairs of file name
 * and SVG text, 2 * *nfigures strings, the caller frees them); svg_base
 * NULL leaves charts out with a note.
 */
void report_render_md(struct strbuf *sb, const json_t *doc,
                      const char *svg_base, char ***figures, size_t *nfigures);

/* ---- document access (text.c) ---- */

/* Member path "a.b.c" of doc, or NULL. */
const json_t *report_get(const json_t *doc, const char *path);
/* Its string value, or fallback. */
const char *report_str(const json_t *doc, const char *path,
                       const char *fallback);
/* Its number value, or NAN. */
double report_num(const json_t *doc, const char *path);

#endif
