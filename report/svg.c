/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Charts drawn by netno as inline SVG: a line chart with axes, grouped
 * bars, sparklines and the leader network.  Every text passes through
 * report_html_escape(); every chart has a <title> for screen readers.
 * Sizes are in viewBox units, so the charts scale with the page.
 */
#include "report/internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define W 720.0
#define H 260.0
#define LEFT 56.0
#define RIGHT 36.0
#define TOP 28.0
#define BOTTOM 48.0

/* Colour-blind-safe palette (Okabe and Ito), then greys. */
static const char *const palette[] = {"#0072B2", "#E69F00", "#009E73",
                                      "#CC79A7", "#56B4E9", "#D55E00",
                                      "#F0E442", "#8C564B"};

const char *report_colour(int64_t k)
{
  if (k < 0 || (size_t)k >= ARRAY_SIZE(palette))
    return "#999999";
  return palette[k];
}

/* The smallest 1, 2 or 5 times a power of ten at or above v (at least
 * 1). */
static double nice_ceiling(double v)
{
  double p;

  if (!(v > 1))
    return 1;
  p = pow(10, floor(log10(v)));
  if (v <= p)
    return p;
  if (v <= 2 * p)
    return 2 * p;
  if (v <= 5 * p)
    return 5 * p;
  return 10 * p;
}

static void open_svg(struct strbuf *sb, const char *title, double w, double h)
{
  strbuf_addf(sb,
              "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %.0f "
              "%.0f\" role=\"img\" class=\"chart\"><title>",
              w, h);
  report_html_escape(sb, title);
  strbuf_addstr(sb, "</title>\n");
}

/* The y axis from 0 to ymax with five grid lines, its label, and the x
 * axis line. */
static void axes(struct strbuf *sb, double ymax, const char *y_label)
{
  double ph = H - TOP - BOTTOM;

  for (int k = 0; k <= 5; k++) {
    double v = ymax * k / 5, y = H - BOTTOM - ph * k / 5;
    strbuf_addf(sb,
                "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                "stroke=\"#ddd\"/><text x=\"%.1f\" y=\"%.1f\" "
                "text-anchor=\"end\" font-size=\"11\" fill=\"#444\">%g"
                "</text>\n",
                LEFT, y, W - RIGHT, y, LEFT - 6, y + 4, v);
  }
  strbuf_addf(sb,
              "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
              "stroke=\"#333\"/>\n",
              LEFT, H - BOTTOM, W - RIGHT, H - BOTTOM);
  strbuf_addf(sb,
              "<text x=\"14\" y=\"%.1f\" font-size=\"11\" fill=\"#444\" "
              "transform=\"rotate(-90 14 %.1f)\" text-anchor=\"middle\">",
              TOP + ph / 2, TOP + ph / 2);
  report_html_escape(sb, y_label);
  strbuf_addstr(sb, "</text>\n");
}

/* x-axis labels: at most about twelve, evenly spaced. */
static void x_labels(struct strbuf *sb, const char *const *labels, size_t n,
                     double (*x_of)(size_t, size_t))
{
  size_t step = n > 12 ? (n + 11) / 12 : 1;

  for (size_t i = 0; i < n; i += step) {
    strbuf_addf(sb,
                "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" "
                "font-size=\"11\" fill=\"#444\">",
                x_of(i, n), H - BOTTOM + 16);
    report_html_escape(sb, labels[i]);
    strbuf_addstr(sb, "</text>\n");
  }
}

static double line_x(size_t i, size_t n)
{
  double pw = W - LEFT - RIGHT;
  return n > 1 ? LEFT + pw * (double)i / (double)(n - 1) : LEFT + pw / 2;
}

static double bar_x(size_t i, size_t n)
{
  double pw = W - LEFT - RIGHT;
  return LEFT + pw * ((double)i + 0.5) / (double)(n ? n : 1);
}

void report_svg_line(struct strbuf *sb, const char *title,
                     const struct report_series *s, const char *y_label)
{
  double ymax = 0, ph = H - TOP - BOTTOM;

  for (size_t i = 0; i < s->n; i++)
    ymax = s->values[i] > ymax ? s->values[i] : ymax;
  ymax = nice_ceiling(ymax);
  open_svg(sb, title, W, H);
  axes(sb, ymax, y_label);
  x_labels(sb, s->labels, s->n, line_x);
  strbuf_addstr(sb, "<polyline fill=\"none\" stroke=\"#0072B2\" "
                    "stroke-width=\"2\" points=\"");
  for (size_t i = 0; i < s->n; i++)
    strbuf_addf(sb, "%s%.1f,%.1f", i ? " " : "", line_x(i, s->n),
                H - BOTTOM - ph * s->values[i] / ymax);
  strbuf_addstr(sb, "\"/>\n");
  for (size_t i = 0; i < s->n && s->n <= 60; i++) {
    strbuf_addf(sb,
                "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"#0072B2\">"
                "<title>",
                line_x(i, s->n), H - BOTTOM - ph * s->values[i] / ymax);
    report_html_escape(sb, s->labels[i]);
    strbuf_addf(sb, ": %g</title></circle>\n", s->values[i]);
  }
  strbuf_addstr(sb, "</svg>\n");
}

void report_svg_bars(struct strbuf *sb, const char *title,
                     const char *const *labels, size_t n,
                     const char *const *names, const double *const *values,
                     size_t nseries, const char *y_label)
{
  double ymax = 0, ph = H - TOP - BOTTOM, pw = W - LEFT - RIGHT;
  double slot = pw / (double)(n ? n : 1);
  double bw = slot * 0.8 / (double)(nseries ? nseries : 1);

  for (size_t k = 0; k < nseries; k++)
    for (size_t i = 0; i < n; i++)
      ymax = values[k][i] > ymax ? values[k][i] : ymax;
  ymax = nice_ceiling(ymax);
  open_svg(sb, title, W, H);
  axes(sb, ymax, y_label);
  x_labels(sb, labels, n, bar_x);
  for (size_t k = 0; k < nseries; k++)
    for (size_t i = 0; i < n; i++) {
      double h = ph * values[k][i] / ymax;
      strbuf_addf(sb,
                  "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
                  "height=\"%.1f\" fill=\"%s\"><title>",
                  LEFT + slot * (double)i + slot * 0.1 + bw * (double)k,
                  H - BOTTOM - h, bw, h, report_colour((int64_t)k));
      report_html_escape(sb, labels[i]);
      strbuf_addstr(sb, ", ");
      report_html_escape(sb, names[k]);
      strbuf_addf(sb, ": %g</title></rect>\n", values[k][i]);
    }
  /* the legend, along the top */
  for (size_t k = 0; k < nseries; k++) {
    double x = LEFT + 170.0 * (double)k;
    strbuf_addf(sb,
                "<rect x=\"%.1f\" y=\"8\" width=\"12\" height=\"12\" "
                "fill=\"%s\"/><text x=\"%.1f\" y=\"18\" font-size=\"12\" "
                "fill=\"#222\">",
                x, report_colour((int64_t)k), x + 16);
    report_html_escape(sb, names[k]);
    strbuf_addstr(sb, "</text>\n");
  }
  strbuf_addstr(sb, "</svg>\n");
}

void report_svg_sparkline(struct strbuf *sb, const char *title,
                          const double *values, size_t n)
{
  double ymax = 0, w = 160, h = 32;

  for (size_t i = 0; i < n; i++)
    ymax = values[i] > ymax ? values[i] : ymax;
  if (ymax <= 0)
    ymax = 1;
  strbuf_addstr(sb, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
                    "viewBox=\"0 0 160 32\" role=\"img\" class=\"spark\">"
                    "<title>");
  report_html_escape(sb, title);
  strbuf_addstr(sb, "</title><polyline fill=\"none\" stroke=\"#0072B2\" "
                    "stroke-width=\"1.5\" points=\"");
  for (size_t i = 0; i < n; i++)
    strbuf_addf(sb, "%s%.1f,%.1f", i ? " " : "",
                n > 1 ? 2 + (w - 4) * (double)i / (double)(n - 1) : w / 2,
                h - 2 - (h - 4) * values[i] / ymax);
  strbuf_addstr(sb, "\"/></svg>");
}

void report_svg_network(struct strbuf *sb, const json_t *doc, uint64_t seed)
{
  const json_t *leaders = report_get(doc, "leaders");
  const json_t *edges = report_get(doc, "network.edges"), *e;
  size_t n = json_array_size(leaders), ne = json_array_size(edges), i, m = 0;
  size_t *src = xmalloc((ne ? ne : 1) * sizeof(*src));
  size_t *dst = xmalloc((ne ? ne : 1) * sizeof(*dst));
  double *wt = xmalloc((ne ? ne : 1) * sizeof(*wt));
  double *x = xcalloc(n ? n : 1, sizeof(*x)),
         *y = xcalloc(n ? n : 1, sizeof(*y));
  double nw = W, nh = 540, pad = 60, wmax = 1;

  json_array_foreach(edges, i, e)
  {
    json_int_t s = json_integer_value(json_object_get(e, "src"));
    json_int_t d = json_integer_value(json_object_get(e, "dst"));
    if (s < 0 || d < 0 || (size_t)s >= n || (size_t)d >= n)
      continue;
    src[m] = (size_t)s;
    dst[m] = (size_t)d;
    wt[m] = report_num(e, "weight");
    wmax = wt[m] > wmax ? wt[m] : wmax;
    m++;
  }
  open_svg(sb, "The leaders' answer network", nw, nh);
  if (n == 0 || report_layout(n, src, dst, wt, m, seed, x, y) < 0) {
    strbuf_addstr(sb, "<text x=\"20\" y=\"40\">No network to draw.</text>"
                      "</svg>\n");
    goto out;
  }
  for (i = 0; i < m; i++) {
    double x1 = pad + x[src[i]] * (nw - 2 * pad);
    double y1 = pad + y[src[i]] * (nh - 2 * pad);
    double x2 = pad + x[dst[i]] * (nw - 2 * pad);
    double y2 = pad + y[dst[i]] * (nh - 2 * pad);
    strbuf_addf(sb,
                "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                "stroke=\"#888\" stroke-opacity=\"%.2f\" "
                "stroke-width=\"%.1f\"/>\n",
                x1, y1, x2, y2, 0.25 + 0.5 * wt[i] / wmax,
                1 + 3 * wt[i] / wmax);
  }
  for (i = 0; i < n; i++) {
    const json_t *l = json_array_get(leaders, i);
    double score = report_num(l, "measures.leader_score");
    double r = 5 + 14 * (isfinite(score) ? score : 0);
    double cx = pad + x[i] * (nw - 2 * pad), cy = pad + y[i] * (nh - 2 * pad);
    const json_t *com = json_object_get(l, "community");
    strbuf_addf(
        sb,
        "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"%s\" "
        "stroke=\"%s\" stroke-width=\"%s\"><title>",
        cx, cy, r,
        report_colour(json_is_integer(com) ? json_integer_value(com) : -1),
        json_is_true(json_object_get(l, "brand")) ? "#000" : "#fff",
        json_is_true(json_object_get(l, "brand")) ? "3" : "1");
    report_html_escape(sb, report_str(l, "name", "?"));
    strbuf_addf(sb, ", score %.2f</title></circle>\n", score);
    strbuf_addf(sb,
                "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" "
                "font-size=\"12\" fill=\"#111\" stroke=\"#fff\" "
                "stroke-width=\"3\" paint-order=\"stroke\">",
                cx, cy + r + 13);
    report_html_escape(sb, report_str(l, "name", "?"));
    strbuf_addstr(sb, "</text>\n");
  }
  strbuf_addstr(sb, "</svg>\n");
out:
  free(src);
  free(dst);
  free(wt);
  free(x);
  free(y);
}
