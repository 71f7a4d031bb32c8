/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The report as one self-contained HTML page: inline CSS and SVG, no
 * scripts and no external resources (a Content-Security-Policy says so to
 * the browser too), print styles for a clean PDF.  Every string from the
 * corpus is escaped; only http and https URLs become links.
 */
#include "report/internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MATRIX_LEADERS 10

static const char css[] =
    "body{font-family:Georgia,'Times New Roman',serif;color:#1a1a1a;"
    "background:#fff;max-width:62rem;margin:2rem auto;padding:0 1.5rem;"
    "line-height:1.5}"
    "h1,h2,h3{font-family:'Helvetica Neue',Arial,sans-serif;line-height:1.2}"
    "h1{font-size:2rem;margin-bottom:.2rem}h2{margin-top:2.5rem;"
    "border-bottom:2px solid #0072B2;padding-bottom:.2rem}"
    ".meta{color:#555;font-size:.9rem}"
    "table{border-collapse:collapse;margin:1rem 0;font-size:.85rem;"
    "font-family:'Helvetica Neue',Arial,sans-serif}"
    "th,td{border-bottom:1px solid #ddd;padding:.25rem .5rem;"
    "text-align:left;vertical-align:top}"
    "td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}"
    "th{background:#f3f6f9}"
    "svg.chart{width:100%;height:auto;max-width:48rem;display:block;"
    "margin:1rem 0}svg.spark{width:10rem;height:2rem;vertical-align:middle}"
    "blockquote{margin:.5rem 0 .5rem 1rem;padding-left:1rem;"
    "border-left:3px solid #ccc;color:#333}"
    ".small{font-size:.85rem;color:#555}"
    "code{font-size:.8rem;word-break:break-all}"
    "nav ol{columns:2}a{color:#0057a0}"
    ".topic{break-inside:avoid;margin-bottom:1.5rem}"
    ".wide{overflow-x:auto}dt{font-weight:bold}"
    "@media print{body{margin:0;max-width:none;font-size:10.5pt}"
    ".wide{overflow:visible}"
    "table{font-size:7.5pt}"
    "nav{display:none}h2{break-before:page;border-color:#000}"
    "h2:first-of-type{break-before:auto}"
    "table,svg,blockquote,figure{break-inside:avoid}"
    "a{color:#000;text-decoration:none}"
    "@page{margin:18mm 16mm}}";

static void esc(struct strbuf *sb, const char *s)
{
  report_html_escape(sb, s ? s : "");
}

/* <a href> when url is a safe http(s) URL, else the text alone. */
static void link(struct strbuf *sb, const char *url, const char *text)
{
  if (!text)
    text = url;
  if (report_url_is_safe(url)) {
    strbuf_addstr(sb, "<a href=\"");
    esc(sb, url);
    strbuf_addstr(sb, "\">");
    esc(sb, text);
    strbuf_addstr(sb, "</a>");
  } else {
    esc(sb, text);
  }
}

/* A number as the report prints it: integers whole, others with
 * decimals; "–" when missing. */
static void num(struct strbuf *sb, const json_t *v, int decimals)
{
  if (json_is_integer(v) && decimals > 0)
    strbuf_addf(sb, "%.*f", decimals, (double)json_integer_value(v));
  else if (json_is_integer(v))
    strbuf_addf(sb, "%lld", (long long)json_integer_value(v));
  else if (json_is_real(v))
    strbuf_addf(sb, "%.*f", decimals, json_real_value(v));
  else
    strbuf_addstr(sb, "\xe2\x80\x93");
}

static void td_num(struct strbuf *sb, const json_t *v, int decimals)
{
  strbuf_addstr(sb, "<td class=\"n\">");
  num(sb, v, decimals);
  strbuf_addstr(sb, "</td>");
}

static void td_text(struct strbuf *sb, const char *s)
{
  strbuf_addstr(sb, "<td>");
  esc(sb, s);
  strbuf_addstr(sb, "</td>");
}

/* A header row from "label|n" items (n: numeric, right-aligned). */
static void table_head(struct strbuf *sb, const char *const *cols, size_t n)
{
  strbuf_addstr(sb, "<div class=\"wide\"><table><thead><tr>");
  for (size_t i = 0; i < n; i++) {
    const char *bar = strchr(cols[i], '|');
    strbuf_addstr(sb, bar ? "<th class=\"n\">" : "<th>");
    strbuf_add(sb, cols[i], bar ? (size_t)(bar - cols[i]) : strlen(cols[i]));
    strbuf_addstr(sb, "</th>");
  }
  strbuf_addstr(sb, "</tr></thead><tbody>\n");
}

/* The row of a table with no rows. */
static void none_row(struct strbuf *sb, const json_t *rows, size_t ncols)
{
  if (!json_array_size(rows))
    strbuf_addf(sb, "<tr><td colspan=\"%zu\">None.</td></tr>\n", ncols);
}

static void section(struct strbuf *sb, const char *id, const char *title)
{
  strbuf_addf(sb, "<section id=\"%s\"><h2>%s</h2>\n", id, title);
}

/* ---- 1 summary --------------------------------------------------------- */

static void summary(struct strbuf *sb, const json_t *doc)
{
  const json_t *c = report_get(doc, "scope.counts"), *v;
  static const char *const rows[][2] = {
      {"posts", "Posts"},
      {"threads", "Threads"},
      {"authors", "Authors"},
      {"sites", "Sites"},
      {"relations", "Answers (replies, quotes, mentions)"},
      {"undated_posts", "Posts without a date"}};
  size_t i;

  section(sb, "summary", "1 Summary");
  strbuf_addstr(sb, "<ul>\n");
  json_array_foreach(report_get(doc, "headlines"), i, v)
  {
    strbuf_addstr(sb, "<li>");
    esc(sb, json_string_value(v));
    strbuf_addstr(sb, "</li>\n");
  }
  strbuf_addstr(sb, "</ul>\n<p>Sites: ");
  json_array_foreach(report_get(doc, "scope.sites"), i, v)
  {
    if (i)
      strbuf_addstr(sb, ", ");
    link(sb, report_str(v, "origin", NULL), report_str(v, "host", NULL));
    strbuf_addf(sb, " (%lld posts)", (long long)report_num(v, "posts"));
  }
  strbuf_addstr(sb, ".<br>Period: ");
  esc(sb, report_str(doc, "period.since", "the first post"));
  strbuf_addstr(sb, " to ");
  esc(sb, report_str(doc, "period.until", "the last post"));
  strbuf_addstr(sb, "; posts dated ");
  esc(sb, report_str(c, "first_post", "?"));
  strbuf_addstr(sb, " to ");
  esc(sb, report_str(c, "last_post", "?"));
  strbuf_addstr(sb, ".</p>\n");
  strbuf_addstr(sb, "<div class=\"wide\"><table><tbody>\n");
  for (i = 0; i < ARRAY_SIZE(rows); i++) {
    strbuf_addf(sb, "<tr><th>%s</th>", rows[i][1]);
    td_num(sb, json_object_get(c, rows[i][0]), 0);
    strbuf_addstr(sb, "</tr>\n");
  }
  strbuf_addstr(sb, "</tbody></table></div></section>\n");
}

/* ---- 2 provenance ------------------------------------------------------ */

/* A JSON value in one line (settings), escaped. */
static void compact(struct strbuf *sb, const json_t *v)
{
  char *s = json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY |
                              JSON_REAL_PRECISION(10));
  strbuf_addstr(sb, "<code>");
  esc(sb, s ? s : "");
  strbuf_addstr(sb, "</code>");
  free(s);
}

/* 2: crawls, robots.txt, URLs by outcome, completeness, the hash. */
static void provenance(struct strbuf *sb, const json_t *doc)
{
  static const char *const crawl_cols[] = {
      "Crawl",     "Started",  "Ended",     "State",   "Seeds",
      "Fetched|n", "Failed|n", "Skipped|n", "Bytes|n", "Settings"};
  static const char *const robots_cols[] = {"Site", "Fetched", "Status|n",
                                            "Decision", "Crawl delay|n"};
  static const char *const frontier_cols[] = {"State", "Reason", "URLs|n"};
  const json_t *p = report_get(doc, "provenance"), *v, *s;
  size_t i, k;

  section(sb, "provenance", "2 Collection and provenance");
  strbuf_addstr(sb, "<h3>Crawls</h3>\n");
  if (!json_array_size(json_object_get(p, "crawls")))
    strbuf_addstr(sb, "<p>No crawl: the pages were imported.</p>\n");
  else {
    table_head(sb, crawl_cols, ARRAY_SIZE(crawl_cols));
    json_array_foreach(json_object_get(p, "crawls"), i, v)
    {
      strbuf_addstr(sb, "<tr>");
      td_num(sb, json_object_get(v, "id"), 0);
      td_text(sb, report_str(v, "started_at", ""));
      td_text(sb, report_str(v, "ended_at", ""));
      td_text(sb, report_str(v, "state", ""));
      strbuf_addstr(sb, "<td>");
      json_array_foreach(json_object_get(v, "seeds"), k, s)
      {
        if (k)
          strbuf_addstr(sb, "<br>");
        link(sb, json_string_value(s), NULL);
      }
      strbuf_addstr(sb, "</td>");
      td_num(sb, json_object_get(v, "pages_fetched"), 0);
      td_num(sb, json_object_get(v, "pages_failed"), 0);
      td_num(sb, json_object_get(v, "pages_skipped"), 0);
      td_num(sb, json_object_get(v, "bytes_fetched"), 0);
      strbuf_addstr(sb, "<td>");
      compact(sb, json_object_get(v, "settings"));
      strbuf_addstr(sb, "</td></tr>\n");
    }
    strbuf_addstr(sb, "</tbody></table></div>\n");
  }
  strbuf_addstr(sb, "<h3>robots.txt</h3>\n");
  table_head(sb, robots_cols, ARRAY_SIZE(robots_cols));
  json_array_foreach(json_object_get(p, "robots"), i, v)
  {
    strbuf_addstr(sb, "<tr>");
    td_text(sb, report_str(v, "origin", ""));
    td_text(sb, report_str(v, "fetched_at", ""));
    td_num(sb, json_object_get(v, "status"), 0);
    td_text(sb, report_str(v, "decision", ""));
    td_num(sb, json_object_get(v, "crawl_delay"), 1);
    strbuf_addstr(sb, "</tr>\n");
  }
  none_row(sb, json_object_get(p, "robots"), ARRAY_SIZE(robots_cols));
  strbuf_addf(sb, "</tbody></table></div>\n<p>robots.txt was %s.</p>\n",
              json_is_true(json_object_get(p, "robots_honoured"))
                  ? "honoured by every crawl"
              : json_is_false(json_object_get(p, "robots_honoured"))
                  ? "<strong>ignored</strong> by at least one crawl "
                    "(--ignore-robots)"
                  : "not consulted (no crawl)");
  strbuf_addstr(sb, "<h3>URLs seen, by outcome</h3>\n");
  table_head(sb, frontier_cols, ARRAY_SIZE(frontier_cols));
  json_array_foreach(json_object_get(p, "frontier"), i, v)
  {
    strbuf_addstr(sb, "<tr>");
    td_text(sb, report_str(v, "state", ""));
    td_text(sb, report_str(v, "reason", ""));
    td_num(sb, json_object_get(v, "urls"), 0);
    strbuf_addstr(sb, "</tr>\n");
  }
  none_row(sb, json_object_get(p, "frontier"), ARRAY_SIZE(frontier_cols));
  strbuf_addstr(sb, "</tbody></table></div>\n");
  strbuf_addstr(sb, "<p>Written by netno ");
  esc(sb, report_str(p, "netno_version", "?"));
  strbuf_addstr(sb, " on ");
  esc(sb, report_str(doc, "generated_at", "?"));
  strbuf_addstr(sb, ". Corpus content hash (SHA-256 over ");
  esc(sb, report_str(p, "corpus_hash.over", ""));
  strbuf_addstr(sb, "): <code>");
  esc(sb, report_str(p, "corpus_hash.value", ""));
  strbuf_addstr(sb, "</code></p>\n</section>\n");
}

/* ---- 3 coverage --------------------------------------------------------- */

/* 3: per site, the URLs seen against those fetched and the posts the
 * threads claim against those found; then the pages and threads that
 * miss something, with the reasons netno sees. */
static void coverage(struct strbuf *sb, const json_t *doc)
{
  static const char *const site_cols[] = {
      "Site",    "URLs seen|n",     "Fetched|n",          "Failed|n",
      "Skipped|n", "Queued|n",      "Posts|n",            "Posts claimed|n",
      "Found of claimed|n", "Threads short|n", "Pages without posts|n"};
  static const char *const nums[] = {
      "urls_seen",     "urls_fetched",           "urls_failed",
      "urls_skipped",  "urls_queued",            "posts",
      "posts_claimed", "posts_found_of_claimed", "threads_short",
      "pages_without_posts"};
  const json_t *p = report_get(doc, "provenance"), *v;
  const json_t *comp = json_object_get(p, "completeness");
  size_t i;

  section(sb, "coverage", "3 Coverage");
  strbuf_addstr(sb, "<p>What the crawl saw and fetched, and how many of "
                    "the posts that threads say they hold are in the "
                    "corpus, per site:</p>\n");
  table_head(sb, site_cols, ARRAY_SIZE(site_cols));
  json_array_foreach(json_object_get(p, "coverage_sites"), i, v)
  {
    strbuf_addstr(sb, "<tr>");
    td_text(sb, report_str(v, "site", ""));
    for (size_t k = 0; k < ARRAY_SIZE(nums); k++)
      td_num(sb, json_object_get(v, nums[k]), 0);
    strbuf_addstr(sb, "</tr>\n");
  }
  none_row(sb, json_object_get(p, "coverage_sites"), ARRAY_SIZE(site_cols));
  strbuf_addstr(sb, "</tbody></table></div>\n");
  strbuf_addstr(sb, "<h3>Pages and completeness</h3>\n");
  strbuf_addf(sb,
              "<p>%lld %s stored (%lld parsed, %lld failed to parse, "
              "%lld not parsed yet), fetched from ",
              (long long)report_num(p, "pages.pages"),
              report_num(p, "pages.pages") == 1 ? "page" : "pages",
              (long long)report_num(p, "pages.parsed"),
              (long long)report_num(p, "pages.parse_failed"),
              (long long)report_num(p, "pages.unparsed"));
  esc(sb, report_str(p, "pages.first_fetched", "?"));
  strbuf_addstr(sb, " to ");
  esc(sb, report_str(p, "pages.last_fetched", "?"));
  strbuf_addf(sb,
              ".</p>\n<p>Of %lld threads, %lld state how many posts they "
              "hold: %lld claimed, %lld found. %lld threads miss posts and "
              "%lld miss pages.</p>\n",
              (long long)report_num(comp, "threads"),
              (long long)report_num(comp, "threads_with_claim"),
              (long long)report_num(comp, "posts_claimed"),
              (long long)report_num(comp, "posts_found"),
              (long long)report_num(comp, "threads_missing_posts"),
              (long long)report_num(comp, "threads_missing_pages"));
  if (json_array_size(json_object_get(p, "incomplete_threads"))) {
    static const char *const cols[] = {"Thread", "Posts claimed|n",
                                       "Posts found|n", "Pages claimed|n",
                                       "Pages found|n"};
    table_head(sb, cols, ARRAY_SIZE(cols));
    json_array_foreach(json_object_get(p, "incomplete_threads"), i, v)
    {
      strbuf_addstr(sb, "<tr><td>");
      link(sb, report_str(v, "url", NULL), report_str(v, "title", NULL));
      strbuf_addstr(sb, "</td>");
      td_num(sb, json_object_get(v, "claimed_posts"), 0);
      td_num(sb, json_object_get(v, "posts_found"), 0);
      td_num(sb, json_object_get(v, "claimed_pages"), 0);
      td_num(sb, json_object_get(v, "pages_found"), 0);
      strbuf_addstr(sb, "</tr>\n");
    }
    strbuf_addstr(sb, "</tbody></table></div>\n");
  }
  if (json_array_size(json_object_get(p, "pages_without_posts"))) {
    static const char *const cols[] = {"Site", "Reason", "Pages|n",
                                       "Example"};
    strbuf_addstr(sb, "<p>Pages without posts for a reason netno sees "
                      "(netno status --gaps lists them):</p>\n");
    table_head(sb, cols, ARRAY_SIZE(cols));
    json_array_foreach(json_object_get(p, "pages_without_posts"), i, v)
    {
      strbuf_addstr(sb, "<tr>");
      td_text(sb, report_str(v, "site", ""));
      td_text(sb, report_str(v, "reason", ""));
      td_num(sb, json_object_get(v, "pages"), 0);
      strbuf_addstr(sb, "<td>");
      link(sb, report_str(v, "example", NULL), NULL);
      strbuf_addstr(sb, "</td></tr>\n");
    }
    strbuf_addstr(sb, "</tbody></table></div>\n");
  }
  strbuf_addstr(sb, "</section>\n");
}

/* ---- 4 community ------------------------------------------------------- */

static void community(struct strbuf *sb, const json_t *doc)
{
  const json_t *months = report_get(doc, "community.months"), *v, *sm;
  size_t n = json_array_size(months), i, k, nsites, used = 0;
  const char **labels = xmalloc((n ? n : 1) * sizeof(*labels));
  double *posts = xmalloc((n ? n : 1) * sizeof(*posts));
  double *fresh = xmalloc((n ? n : 1) * sizeof(*fresh));
  double *back = xmalloc((n ? n : 1) * sizeof(*back));
  const char **blabels = xmalloc((n ? n : 1) * sizeof(*blabels));
  const json_t *sites = report_get(doc, "scope.sites");

  section(sb, "community", "4 Community");
  json_array_foreach(months, i, v)
  {
    labels[i] = report_str(v, "period", "");
    posts[i] = report_num(v, "posts");
    if (posts[i] > 0) { /* the bars and tables skip quiet months */
      blabels[used] = labels[i];
      fresh[used] = report_num(v, "new_authors");
      back[used++] = report_num(v, "returning_authors");
    }
  }
  if (n) {
    struct report_series s = {labels, posts, n};
    const char *names[] = {"new authors", "returning authors"};
    const double *vals[] = {fresh, back};
    strbuf_addstr(sb, "<h3>Posts per month</h3>\n");
    report_svg_line(sb, "Posts per month", &s, "posts");
    strbuf_addstr(sb, "<h3>New and returning authors per month</h3>\n");
    report_svg_bars(sb, "New and returning authors per month", blabels, used,
                    names, vals, 2, "authors");
  } else {
    strbuf_addstr(sb, "<p>No dated posts in the period.</p>\n");
  }
  /* posts per site and month: months down, sites across */
  nsites = json_array_size(sites);
  strbuf_addstr(sb, "<h3>Posts per site and month</h3>\n<p class=\"small\">"
                    "Months without posts are left out.</p>\n"
                    "<div class=\"wide\"><table><thead><tr><th>Month</th>");
  json_array_foreach(sites, k, v)
  {
    strbuf_addstr(sb, "<th class=\"n\">");
    esc(sb, report_str(v, "host", ""));
    strbuf_addstr(sb, "</th>");
  }
  strbuf_addstr(sb, "<th class=\"n\">New authors</th><th class=\"n\">"
                    "Returning authors</th></tr></thead><tbody>\n");
  json_array_foreach(months, i, v)
  {
    const char *period = report_str(v, "period", "");
    if (!(report_num(v, "posts") > 0))
      continue;
    strbuf_addstr(sb, "<tr>");
    td_text(sb, period);
    for (k = 0; k < nsites; k++) {
      const char *origin = report_str(json_array_get(sites, k), "origin", "");
      json_int_t count = 0;
      size_t j;
      json_array_foreach(report_get(doc, "community.site_months"), j, sm)
      {
        if (!strcmp(report_str(sm, "site", ""), origin) &&
            !strcmp(report_str(sm, "period", ""), period))
          count = json_integer_value(json_object_get(sm, "posts"));
      }
      strbuf_addf(sb, "<td class=\"n\">%lld</td>", (long long)count);
    }
    td_num(sb, json_object_get(v, "new_authors"), 0);
    td_num(sb, json_object_get(v, "returning_authors"), 0);
    strbuf_addstr(sb, "</tr>\n");
  }
  strbuf_addstr(sb, "</tbody></table></div>\n</section>\n");
  free(labels);
  free(posts);
  free(fresh);
  free(back);
  free(blabels);
}

/* ---- 5 leaders --------------------------------------------------------- */

static void leaders(struct strbuf *sb, const json_t *doc)
{
  static const char *const cols[] = {"#|n",
                                     "Author",
                                     "Role",
                                     "Score|n",
                                     "Recognition|n",
                                     "Activity|n",
                                     "Brokerage|n",
                                     "Replies received|n",
                                     "Repliers|n",
                                     "PageRank|n",
                                     "Posts|n",
                                     "Threads started|n",
                                     "Months active|n",
                                     "Betweenness|n",
                                     "Community|n"};
  static const struct {
    const char *key;
    int decimals;
  } measures[] = {
      {"leader_score", 3},  {"recognition", 2}, {"activity", 2},
      {"brokerage", 2},     {"in_strength", 0}, {"repliers", 0},
      {"pagerank", 3},      {"posts", 0},       {"threads_started", 0},
      {"months_active", 0}, {"betweenness", 1}};
  const json_t *list = report_get(doc, "leaders"), *l, *c;
  size_t i;

  section(sb, "leaders", "5 Opinion leaders");
  strbuf_addstr(sb, "<p>Ranked by the leader score of the stats run (0.6 "
                    "recognition + 0.25 activity + 0.15 brokerage, each a "
                    "percentile from 0 to 1). Brand accounts are listed "
                    "whatever their rank.</p>\n");
  table_head(sb, cols, ARRAY_SIZE(cols));
  json_array_foreach(list, i, l)
  {
    const json_t *m = json_object_get(l, "measures");
    strbuf_addstr(sb, "<tr>");
    td_num(sb, json_object_get(l, "rank"), 0);
    strbuf_addstr(sb, "<td>");
    link(sb, report_str(l, "profile_url", NULL), report_str(l, "name", "?"));
    if (json_is_true(json_object_get(l, "brand")))
      strbuf_addstr(sb, " <strong>(brand)</strong>");
    strbuf_addstr(sb, "</td>");
    td_text(sb, report_str(l, "role", ""));
    for (size_t k = 0; k < ARRAY_SIZE(measures); k++)
      td_num(sb, json_object_get(m, measures[k].key), measures[k].decimals);
    td_num(sb, json_object_get(l, "community"), 0);
    strbuf_addstr(sb, "</tr>\n");
  }
  strbuf_addstr(sb,
                "</tbody></table></div>\n<h3>Why they rank here</h3>\n<dl>\n");
  json_array_foreach(list, i, l)
  {
    strbuf_addstr(sb, "<dt>");
    esc(sb, report_str(l, "name", "?"));
    strbuf_addstr(sb, "</dt><dd>");
    esc(sb, report_str(l, "why", ""));
    strbuf_addstr(sb, "</dd>\n");
  }
  strbuf_addstr(sb, "</dl>\n<h3>The leaders' answer network</h3>\n"
                    "<p class=\"small\">A line joins two leaders when one "
                    "answered the other (thicker: more answers); circle "
                    "size follows the leader score, colour the community; "
                    "brand accounts have a black ring.</p>\n");
  report_svg_network(sb, doc, (uint64_t)report_num(doc, "run.seed"));
  strbuf_addstr(sb, "<h3>Communities</h3>\n");
  {
    static const char *const ccols[] = {"Community|n", "Authors|n",
                                        "Leading members"};
    table_head(sb, ccols, ARRAY_SIZE(ccols));
  }
  json_array_foreach(report_get(doc, "communities"), i, c)
  {
    const json_t *name;
    size_t k;
    strbuf_addf(sb,
                "<tr><td class=\"n\"><svg viewBox=\"0 0 10 10\" "
                "width=\"10\" height=\"10\"><circle cx=\"5\" cy=\"5\" "
                "r=\"5\" fill=\"%s\"/></svg> %lld</td>",
                report_colour((int64_t)report_num(c, "id")),
                (long long)report_num(c, "id"));
    td_num(sb, json_object_get(c, "size"), 0);
    strbuf_addstr(sb, "<td>");
    json_array_foreach(json_object_get(c, "top_members"), k, name)
    {
      if (k)
        strbuf_addstr(sb, ", ");
      esc(sb, json_string_value(name));
    }
    strbuf_addstr(sb, "</td></tr>\n");
  }
  strbuf_addstr(sb, "</tbody></table></div>\n</section>\n");
}

/* ---- 6 topics ---------------------------------------------------------- */

static void topics(struct strbuf *sb, const json_t *doc)
{
  const json_t *list = report_get(doc, "topics"), *t, *v;
  size_t i, k;

  section(sb, "topics", "6 Topics");
  if (!json_array_size(list))
    strbuf_addstr(sb, "<p>The stats run found no topics (too little text, "
                      "or --topics none).</p>\n");
  json_array_foreach(list, i, t)
  {
    const json_t *series = json_object_get(t, "series");
    size_t n = json_array_size(series);
    double *vals = xmalloc((n ? n : 1) * sizeof(*vals));
    char title[64];

    strbuf_addstr(sb, "<div class=\"topic\"><h3>");
    esc(sb, report_str(t, "label", "?"));
    strbuf_addstr(sb, "</h3>\n<p>Distinctive terms: ");
    json_array_foreach(json_object_get(t, "terms"), k, v)
    {
      if (k)
        strbuf_addstr(sb, ", ");
      strbuf_addstr(sb, "<em>");
      esc(sb, json_string_value(v));
      strbuf_addstr(sb, "</em>");
    }
    strbuf_addf(sb, ".<br>%lld posts (%lld in the report's period); trend ",
                (long long)report_num(t, "size"),
                (long long)report_num(t, "posts_in_period"));
    if (isfinite(report_num(t, "trend")))
      strbuf_addf(sb,
                  "%+.2f percentage points of the posts per period "
                  "(95%% interval %+.2f to %+.2f) ",
                  100 * report_num(t, "trend"),
                  100 * report_num(t, "trend_low"),
                  100 * report_num(t, "trend_high"));
    else
      strbuf_addstr(sb, "unknown ");
    json_array_foreach(series, k, v) { vals[k] = report_num(v, "posts"); }
    snprintf(title, sizeof(title), "Posts of this topic per period");
    report_svg_sparkline(sb, title, vals, n);
    free(vals);
    strbuf_addstr(sb, "</p>\n<p>Leading voices: ");
    json_array_foreach(json_object_get(t, "voices"), k, v)
    {
      if (k)
        strbuf_addstr(sb, ", ");
      esc(sb, report_str(v, "name", "?"));
      strbuf_addf(sb, " (%lld)", (long long)report_num(v, "posts"));
    }
    strbuf_addstr(sb, ".</p>\n");
    json_array_foreach(json_object_get(t, "excerpts"), k, v)
    {
      strbuf_addstr(sb, "<blockquote><p>");
      esc(sb, report_str(v, "text", ""));
      strbuf_addstr(sb, "</p><p class=\"small\">\xe2\x80\x94 ");
      esc(sb, report_str(v, "author", "?"));
      strbuf_addstr(sb, ", ");
      esc(sb, report_str(v, "published_at", "undated"));
      strbuf_addstr(sb, ", in ");
      link(sb, report_str(v, "thread_url", NULL),
           report_str(v, "thread_title", "a thread"));
      if (report_url_is_safe(report_str(v, "permalink", NULL))) {
        strbuf_addstr(sb, " (");
        link(sb, report_str(v, "permalink", NULL), "post");
        strbuf_addstr(sb, ")");
      }
      strbuf_addstr(sb, "</p></blockquote>\n");
    }
    strbuf_addstr(sb, "</div>\n");
  }
  strbuf_addstr(sb, "</section>\n");
}

/* ---- 7 relationships --------------------------------------------------- */

static void relationships(struct strbuf *sb, const json_t *doc)
{
  const json_t *list = report_get(doc, "leaders"), *e, *a;
  const json_t *edges = report_get(doc, "network.edges");
  size_t n = json_array_size(list), i, j;
  int64_t w[MATRIX_LEADERS][MATRIX_LEADERS] = {{0}};

  if (n > MATRIX_LEADERS)
    n = MATRIX_LEADERS;
  section(sb, "relationships", "7 Relationships");
  strbuf_addf(sb,
              "<h3>Who answers whom among the first %zu leaders</h3>\n"
              "<p class=\"small\">Row: who answered; column: whom; cells "
              "count answers (",
              n);
  {
    const json_t *k;
    size_t r;
    json_array_foreach(report_get(doc, "network.relations"), r, k)
    {
      strbuf_addstr(sb, r ? ", " : "");
      esc(sb, json_string_value(k));
    }
  }
  strbuf_addstr(sb, ") in the report's period.</p>\n");
  json_array_foreach(edges, i, e)
  {
    json_int_t s = json_integer_value(json_object_get(e, "src"));
    json_int_t d = json_integer_value(json_object_get(e, "dst"));
    if (s >= 0 && d >= 0 && (size_t)s < n && (size_t)d < n)
      w[s][d] = json_integer_value(json_object_get(e, "weight"));
  }
  strbuf_addstr(sb, "<div class=\"wide\"><table><thead><tr><th></th>");
  for (j = 0; j < n; j++) {
    strbuf_addstr(sb, "<th class=\"n\">");
    esc(sb, report_str(json_array_get(list, j), "name", "?"));
    strbuf_addstr(sb, "</th>");
  }
  strbuf_addstr(sb, "</tr></thead><tbody>\n");
  for (i = 0; i < n; i++) {
    strbuf_addstr(sb, "<tr><th>");
    esc(sb, report_str(json_array_get(list, i), "name", "?"));
    strbuf_addstr(sb, "</th>");
    for (j = 0; j < n; j++)
      if (i == j)
        strbuf_addstr(sb, "<td class=\"n\">\xc2\xb7</td>");
      else
        strbuf_addf(sb, "<td class=\"n\">%lld</td>", (long long)w[i][j]);
    strbuf_addstr(sb, "</tr>\n");
  }
  strbuf_addstr(sb, "</tbody></table></div>\n<h3>The brand</h3>\n");
  if (!json_array_size(report_get(doc, "run.settings.brands"))) {
    strbuf_addstr(sb, "<p>No brand accounts were named (netno stats "
                      "--brand NAME).</p>\n</section>\n");
    return;
  }
  if (!json_array_size(report_get(doc, "brand.accounts")))
    strbuf_addstr(sb, "<p>None of the brand accounts named posted in the "
                      "corpus.</p>\n");
  else {
    static const char *const cols[] = {"Account",
                                       "Posts|n",
                                       "Threads|n",
                                       "Replies given|n",
                                       "Authors answered|n",
                                       "Posts answered|n",
                                       "Median response time|n"};
    table_head(sb, cols, ARRAY_SIZE(cols));
    json_array_foreach(report_get(doc, "brand.accounts"), i, a)
    {
      char d[32];
      report_duration(report_num(a, "response_median_seconds"), d, sizeof(d));
      strbuf_addstr(sb, "<tr>");
      td_text(sb, report_str(a, "name", "?"));
      td_num(sb, json_object_get(a, "posts"), 0);
      td_num(sb, json_object_get(a, "threads"), 0);
      td_num(sb, json_object_get(a, "replies_given"), 0);
      td_num(sb, json_object_get(a, "authors_answered"), 0);
      td_num(sb, json_object_get(a, "responses"), 0);
      strbuf_addf(sb, "<td class=\"n\">%s</td></tr>\n", d);
    }
    strbuf_addstr(sb, "</tbody></table></div>\n");
  }
  strbuf_addstr(sb, "<h3>Asked and not answered</h3>\n<p class=\"small\">"
                    "Threads with a post that addresses a brand account "
                    "(a reply, quote or mention of it, or its name in the "
                    "text) or that follows a brand post in a thread the "
                    "brand takes part in, with no brand post after it.</p>\n");
  if (!json_array_size(report_get(doc, "brand.unanswered_threads")))
    strbuf_addstr(sb, "<p>None.</p>\n");
  else {
    static const char *const cols[] = {"Thread", "Waiting since",
                                       "Posts waiting|n", "Brand in thread"};
    table_head(sb, cols, ARRAY_SIZE(cols));
    json_array_foreach(report_get(doc, "brand.unanswered_threads"), i, a)
    {
      strbuf_addstr(sb, "<tr><td>");
      link(sb, report_str(a, "url", NULL), report_str(a, "title", NULL));
      strbuf_addstr(sb, "</td>");
      td_text(sb, report_str(a, "waiting_since", ""));
      td_num(sb, json_object_get(a, "posts_waiting"), 0);
      td_text(sb, json_is_true(json_object_get(a, "brand_in_thread")) ? "yes"
                                                                      : "no");
      strbuf_addstr(sb, "</tr>\n");
    }
    strbuf_addstr(sb, "</tbody></table></div>\n");
  }
  strbuf_addstr(sb, "</section>\n");
}

/* ---- 8 method ---------------------------------------------------------- */

static void method(struct strbuf *sb, const json_t *doc)
{
  const char *ps = report_str(doc, "pseudonymized", "no");

  section(sb, "method", "8 Method and ethics");
  strbuf_addstr(sb, "<h3>Measures</h3>\n<dl>\n");
  for (size_t i = 0; i < report_nmeasures; i++)
    strbuf_addf(sb, "<dt>%s</dt><dd>%s</dd>\n", report_measures[i].label,
                report_measures[i].meaning);
  strbuf_addstr(sb, "</dl>\n<h3>Parameters</h3>\n<p>Stats run ");
  num(sb, report_get(doc, "run.id"), 0);
  strbuf_addstr(sb, " (netno ");
  esc(sb, report_str(doc, "run.tool_version", "?"));
  strbuf_addstr(sb, ", ");
  esc(sb, report_str(doc, "run.ended_at", "?"));
  strbuf_addstr(sb, "), seed ");
  num(sb, report_get(doc, "run.seed"), 0);
  strbuf_addstr(sb, "; settings ");
  compact(sb, report_get(doc, "run.settings"));
  strbuf_addstr(sb, ". The same corpus, settings and seed give the same "
                    "measures, communities, topics and network layout."
                    "</p>\n<h3>Ethics</h3>\n<ul><li>robots.txt: ");
  strbuf_addstr(sb,
                json_is_true(report_get(doc, "provenance.robots_honoured"))
                    ? "honoured by every crawl."
                : json_is_false(report_get(doc, "provenance.robots_honoured"))
                    ? "<strong>not honoured</strong> by at least one crawl."
                    : "no crawl (imported pages).");
  strbuf_addstr(sb, "</li><li>Session: ");
  strbuf_addstr(sb,
                json_is_true(report_get(doc, "provenance.session_used"))
                    ? "at least one crawl used a session (the researcher's "
                      "cookies, --cookies): pages were fetched as a "
                      "logged-in member sees them. The cookies are not in "
                      "the corpus or this report."
                    : "none: pages were fetched as a visitor without an "
                      "account sees them.");
  strbuf_addstr(sb, "</li><li>Names: ");
  if (!strcmp(ps, "names"))
    strbuf_addstr(sb, "pseudonymised (stable keyed pseudonyms; the key is "
                      "not in this report). Names in excerpts, titles and "
                      "topic terms are replaced too, e-mail addresses and "
                      "URLs in excerpts are left out, and links to posts "
                      "and profiles are omitted. Brand accounts keep their "
                      "names.");
  else
    strbuf_addstr(sb, "<strong>not pseudonymised</strong>: authors appear "
                      "under the names they use on the sites.");
  strbuf_addstr(sb, "</li><li>Excerpts are short quotations for "
                    "illustration; the corpus holds the full texts.</li>"
                    "</ul>\n</section>\n");
}

void report_render_html(struct strbuf *sb, const json_t *doc)
{
  const char *title = report_str(doc, "title", "Community report");

  strbuf_addstr(sb, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
                    "<meta charset=\"utf-8\">\n"
                    "<meta http-equiv=\"Content-Security-Policy\" "
                    "content=\"default-src 'none'; style-src "
                    "'unsafe-inline'; img-src data:\">\n"
                    "<meta name=\"viewport\" content=\"width=device-width, "
                    "initial-scale=1\">\n"
                    "<meta name=\"generator\" content=\"netno ");
  esc(sb, report_str(doc, "provenance.netno_version", ""));
  strbuf_addstr(sb, "\">\n<title>");
  esc(sb, title);
  strbuf_addf(sb,
              "</title>\n<style>%s</style>\n</head>\n<body>\n<header>"
              "<h1>",
              css);
  esc(sb, title);
  strbuf_addstr(sb, "</h1>\n<p class=\"meta\">Written by netno ");
  esc(sb, report_str(doc, "provenance.netno_version", ""));
  strbuf_addstr(sb, " on ");
  esc(sb, report_str(doc, "generated_at", ""));
  strbuf_addstr(sb, " from stats run ");
  num(sb, report_get(doc, "run.id"), 0);
  strbuf_addf(sb, "%s.</p>\n</header>\n",
              strcmp(report_str(doc, "pseudonymized", "no"), "no")
                  ? "; author names are pseudonymised"
                  : "");
  strbuf_addstr(sb, "<nav><ol>"
                    "<li><a href=\"#summary\">Summary</a></li>"
                    "<li><a href=\"#provenance\">Collection and "
                    "provenance</a></li>"
                    "<li><a href=\"#coverage\">Coverage</a></li>"
                    "<li><a href=\"#community\">Community</a></li>"
                    "<li><a href=\"#leaders\">Opinion leaders</a></li>"
                    "<li><a href=\"#topics\">Topics</a></li>"
                    "<li><a href=\"#relationships\">Relationships</a></li>"
                    "<li><a href=\"#method\">Method and ethics</a></li>"
                    "</ol></nav>\n<main>\n");
  summary(sb, doc);
  provenance(sb, doc);
  coverage(sb, doc);
  community(sb, doc);
  leaders(sb, doc);
  topics(sb, doc);
  relationships(sb, doc);
  method(sb, doc);
  strbuf_addstr(sb, "</main>\n</body>\n</html>\n");
}
