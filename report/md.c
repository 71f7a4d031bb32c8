/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The report as Markdown, with the content of the HTML page.  No raw HTML
 * passes through: every string from the corpus is escaped with
 * report_md_escape(), links are written only for http and https URLs, and
 * charts are SVG files beside the Markdown file (left out, with a note,
 * when the report goes to standard output).
 */
#include "report/internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct md {
  struct strbuf *sb;
  const char *svg_base; /* NULL: no chart files */
  char ***figures;
  size_t *nfigures;
  size_t alloc;
};

static void esc(struct strbuf *sb, const char *s)
{
  report_md_escape(sb, s ? s : "");
}

/* [text](<url>) for a safe URL, else the escaped text. */
static void link(struct strbuf *sb, const char *url, const char *text)
{
  if (!text)
    text = url;
  if (report_url_is_safe(url)) {
    strbuf_addch(sb, '[');
    esc(sb, text);
    strbuf_addf(sb, "](<%s>)", url);
  } else {
    esc(sb, text);
  }
}

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

/* A chart: saved as a figure file and referenced, or a note. */
static void figure(struct md *m, const char *name, const char *alt,
                   struct strbuf *svg)
{
  if (!m->svg_base) {
    strbuf_addstr(m->sb, "*(Chart \u201c");
    esc(m->sb, alt);
    strbuf_addstr(m->sb, "\u201d left out: the report went to standard "
                         "output.)*\n\n");
    strbuf_release(svg);
    return;
  }
  char *path = xasprintf("%s-%s.svg", m->svg_base, name);
  const char *base = strrchr(path, '/');
  xgrow((void **)m->figures, sizeof(**m->figures), 2 * (*m->nfigures + 1),
        &m->alloc);
  (*m->figures)[2 * *m->nfigures] = path;
  (*m->figures)[2 * *m->nfigures + 1] = strbuf_detach(svg, NULL);
  (*m->nfigures)++;
  strbuf_addstr(m->sb, "![");
  esc(m->sb, alt);
  strbuf_addf(m->sb, "](<%s>)\n\n", base ? base + 1 : path);
}

/* A JSON value as an indented code block: shown as it is, nothing in it
 * is markup (JSON escapes line breaks, so it stays one line). */
static void code_block(struct strbuf *sb, const json_t *v)
{
  char *s = json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY |
                              JSON_REAL_PRECISION(10));
  strbuf_addf(sb, "    %s\n", s ? s : "{}");
  free(s);
}

static void table_head(struct strbuf *sb, const char *const *cols, size_t n)
{
  for (size_t i = 0; i < n; i++)
    strbuf_addf(sb, "| %s ", cols[i]);
  strbuf_addstr(sb, "|\n");
  for (size_t i = 0; i < n; i++)
    strbuf_addstr(sb, "| --- ");
  strbuf_addstr(sb, "|\n");
}

/* The sections, in the order and with the content of html.c. */
static void summary(struct md *m, const json_t *doc)
{
  struct strbuf *sb = m->sb;
  const json_t *c = report_get(doc, "scope.counts"), *v;
  size_t i;

  strbuf_addstr(sb, "## 1 Summary\n\n");
  json_array_foreach(report_get(doc, "headlines"), i, v)
  {
    strbuf_addstr(sb, "- ");
    esc(sb, json_string_value(v));
    strbuf_addch(sb, '\n');
  }
  strbuf_addstr(sb, "\nSites: ");
  json_array_foreach(report_get(doc, "scope.sites"), i, v)
  {
    if (i)
      strbuf_addstr(sb, ", ");
    link(sb, report_str(v, "origin", NULL), report_str(v, "host", NULL));
    strbuf_addf(sb, " (%lld posts)", (long long)report_num(v, "posts"));
  }
  strbuf_addstr(sb, ". Period: ");
  esc(sb, report_str(doc, "period.since", "the first post"));
  strbuf_addstr(sb, " to ");
  esc(sb, report_str(doc, "period.until", "the last post"));
  strbuf_addstr(sb, ".\n\n| Count | |\n| --- | --- |\n");
  static const char *const rows[][2] = {
      {"posts", "Posts"},       {"threads", "Threads"},
      {"authors", "Authors"},   {"sites", "Sites"},
      {"relations", "Answers"}, {"undated_posts", "Posts without a date"}};
  for (i = 0; i < ARRAY_SIZE(rows); i++) {
    strbuf_addf(sb, "| %s | ", rows[i][1]);
    num(sb, json_object_get(c, rows[i][0]), 0);
    strbuf_addstr(sb, " |\n");
  }
  strbuf_addch(sb, '\n');
}

static void provenance(struct md *m, const json_t *doc)
{
  struct strbuf *sb = m->sb;
  const json_t *p = report_get(doc, "provenance"), *v, *s;
  size_t i, k;
  static const char *const ccols[] = {"Crawl", "Started", "Ended",  "State",
                                      "Seeds", "Fetched", "Failed", "Skipped"};
  static const char *const rcols[] = {"Site", "Fetched", "Status", "Decision",
                                      "Crawl delay"};
  static const char *const fcols[] = {"State", "Reason", "URLs"};

  strbuf_addstr(sb, "## 2 Collection and provenance\n\n### Crawls\n\n");
  table_head(sb, ccols, ARRAY_SIZE(ccols));
  json_array_foreach(json_object_get(p, "crawls"), i, v)
  {
    strbuf_addstr(sb, "| ");
    num(sb, json_object_get(v, "id"), 0);
    strbuf_addstr(sb, " | ");
    esc(sb, report_str(v, "started_at", ""));
    strbuf_addstr(sb, " | ");
    esc(sb, report_str(v, "ended_at", ""));
    strbuf_addstr(sb, " | ");
    esc(sb, report_str(v, "state", ""));
    strbuf_addstr(sb, " | ");
    json_array_foreach(json_object_get(v, "seeds"), k, s)
    {
      if (k)
        strbuf_addstr(sb, ", ");
      link(sb, json_string_value(s), NULL);
    }
    strbuf_addstr(sb, " | ");
    num(sb, json_object_get(v, "pages_fetched"), 0);
    strbuf_addstr(sb, " | ");
    num(sb, json_object_get(v, "pages_failed"), 0);
    strbuf_addstr(sb, " | ");
    num(sb, json_object_get(v, "pages_skipped"), 0);
    strbuf_addstr(sb, " |\n");
  }
  json_array_foreach(json_object_get(p, "crawls"), i, v)
  {
    strbuf_addf(sb, "\nCrawl %lld settings:\n\n",
                (long long)report_num(v, "id"));
    code_block(sb, json_object_get(v, "settings"));
  }
  strbuf_addstr(sb, "\n### robots.txt\n\n");
  table_head(sb, rcols, ARRAY_SIZE(rcols));
  json_array_foreach(json_object_get(p, "robots"), i, v)
  {
    strbuf_addstr(sb, "| ");
    esc(sb, report_str(v, "origin", ""));
    strbuf_addstr(sb, " | ");
    esc(sb, report_str(v, "fetched_at", ""));
    strbuf_addstr(sb, " | ");
    num(sb, json_object_get(v, "status"), 0);
    strbuf_addstr(sb, " | ");
    esc(sb, report_str(v, "decision", ""));
    strbuf_addstr(sb, " | ");
    num(sb, json_object_get(v, "crawl_delay"), 1);
    strbuf_addstr(sb, " |\n");
  }
  strbuf_addstr(sb, "\n### URLs seen, by outcome\n\n");
  table_head(sb, fcols, ARRAY_SIZE(fcols));
  json_array_foreach(json_object_get(p, "frontier"), i, v)
  {
    strbuf_addstr(sb, "| ");
    esc(sb, report_str(v, "state", ""));
    strbuf_addstr(sb, " | ");
    esc(sb, report_str(v, "reason", ""));
    strbuf_addstr(sb, " | ");
    num(sb, json_object_get(v, "urls"), 0);
    strbuf_addstr(sb, " |\n");
  }
  strbuf_addstr(sb, "\nPages fetched from ");
  esc(sb, report_str(p, "pages.first_fetched", "?"));
  strbuf_addstr(sb, " to ");
  esc(sb, report_str(p, "pages.last_fetched", "?"));
  strbuf_addstr(sb, ". Written by netno ");
  esc(sb, report_str(p, "netno_version", "?"));
  strbuf_addstr(sb, " on ");
  esc(sb, report_str(doc, "generated_at", "?"));
  strbuf_addstr(sb, ". Corpus content hash (SHA-256 over ");
  esc(sb, report_str(p, "corpus_hash.over", ""));
  strbuf_addf(sb, "): `%s`\n\n", report_str(p, "corpus_hash.value", ""));
}

/* 3: per site, URLs seen against fetched and posts claimed against
 * found; then what misses something, with the reasons. */
static void coverage(struct md *m, const json_t *doc)
{
  struct strbuf *sb = m->sb;
  const json_t *p = report_get(doc, "provenance"), *v;
  size_t i;
  static const char *const cols[] = {
      "Site",    "URLs seen",     "Fetched",          "Failed",
      "Skipped", "Queued",        "Posts",            "Posts claimed",
      "Found of claimed", "Threads short", "Pages without posts"};
  static const char *const nums[] = {
      "urls_seen",     "urls_fetched",           "urls_failed",
      "urls_skipped",  "urls_queued",            "posts",
      "posts_claimed", "posts_found_of_claimed", "threads_short",
      "pages_without_posts"};

  strbuf_addstr(sb, "## 3 Coverage\n\nWhat the crawl saw and fetched, and "
                    "how many of the posts that threads say they hold are "
                    "in the corpus, per site:\n\n");
  table_head(sb, cols, ARRAY_SIZE(cols));
  json_array_foreach(json_object_get(p, "coverage_sites"), i, v)
  {
    strbuf_addstr(sb, "| ");
    esc(sb, report_str(v, "site", ""));
    for (size_t k = 0; k < ARRAY_SIZE(nums); k++) {
      strbuf_addstr(sb, " | ");
      num(sb, json_object_get(v, nums[k]), 0);
    }
    strbuf_addstr(sb, " |\n");
  }
  strbuf_addch(sb, '\n');
  strbuf_addf(sb,
              "### Pages and completeness\n\n%lld %s stored (%lld "
              "parsed, %lld failed to parse, %lld not parsed yet). Of %lld "
              "threads, %lld state how many posts they hold: %lld claimed, "
              "%lld found; %lld threads miss posts and %lld miss pages.\n\n",
              (long long)report_num(p, "pages.pages"),
              report_num(p, "pages.pages") == 1 ? "page" : "pages",
              (long long)report_num(p, "pages.parsed"),
              (long long)report_num(p, "pages.parse_failed"),
              (long long)report_num(p, "pages.unparsed"),
              (long long)report_num(p, "completeness.threads"),
              (long long)report_num(p, "completeness.threads_with_claim"),
              (long long)report_num(p, "completeness.posts_claimed"),
              (long long)report_num(p, "completeness.posts_found"),
              (long long)report_num(p, "completeness.threads_missing_posts"),
              (long long)report_num(p, "completeness.threads_missing_pages"));
  json_array_foreach(json_object_get(p, "incomplete_threads"), i, v)
  {
    strbuf_addstr(sb, "- ");
    link(sb, report_str(v, "url", NULL), report_str(v, "title", NULL));
    strbuf_addf(sb, ": %lld of %lld posts\n",
                (long long)report_num(v, "posts_found"),
                (long long)report_num(v, "claimed_posts"));
  }
  json_array_foreach(json_object_get(p, "pages_without_posts"), i, v)
  {
    strbuf_addf(sb, "%s- %lld %s without posts on ", i ? "" : "\n",
                (long long)report_num(v, "pages"),
                report_num(v, "pages") == 1 ? "page" : "pages");
    esc(sb, report_str(v, "site", "?"));
    strbuf_addstr(sb, ": ");
    esc(sb, report_str(v, "reason", ""));
    strbuf_addstr(sb, " (e.g. ");
    link(sb, report_str(v, "example", NULL), NULL);
    strbuf_addstr(sb, ")\n");
  }
  strbuf_addch(sb, '\n');
}

static void community(struct md *m, const json_t *doc)
{
  struct strbuf *sb = m->sb, svg = STRBUF_INIT;
  const json_t *months = report_get(doc, "community.months"), *v, *sm;
  size_t n = json_array_size(months), i, used = 0;
  const char **labels = xmalloc((n ? n : 1) * sizeof(*labels));
  const char **blabels = xmalloc((n ? n : 1) * sizeof(*blabels));
  double *posts = xmalloc((n ? n : 1) * sizeof(*posts));
  double *fresh = xmalloc((n ? n : 1) * sizeof(*fresh));
  double *back = xmalloc((n ? n : 1) * sizeof(*back));

  strbuf_addstr(sb, "## 4 Community\n\n");
  json_array_foreach(months, i, v)
  {
    labels[i] = report_str(v, "period", "");
    posts[i] = report_num(v, "posts");
    if (posts[i] > 0) {
      blabels[used] = labels[i];
      fresh[used] = report_num(v, "new_authors");
      back[used++] = report_num(v, "returning_authors");
    }
  }
  if (n) {
    struct report_series s = {labels, posts, n};
    const char *names[] = {"new authors", "returning authors"};
    const double *vals[] = {fresh, back};
    report_svg_line(&svg, "Posts per month", &s, "posts");
    figure(m, "activity", "Posts per month", &svg);
    report_svg_bars(&svg, "New and returning authors per month", blabels, used,
                    names, vals, 2, "authors");
    figure(m, "authors", "New and returning authors per month", &svg);
  }
  strbuf_addstr(sb, "| Month | Site | Posts |\n| --- | --- | --- |\n");
  json_array_foreach(report_get(doc, "community.site_months"), i, sm)
  {
    strbuf_addstr(sb, "| ");
    esc(sb, report_str(sm, "period", ""));
    strbuf_addstr(sb, " | ");
    esc(sb, report_str(sm, "site", ""));
    strbuf_addstr(sb, " | ");
    num(sb, json_object_get(sm, "posts"), 0);
    strbuf_addstr(sb, " |\n");
  }
  strbuf_addstr(sb, "\n| Month | Posts | New authors | Returning authors |\n"
                    "| --- | --- | --- | --- |\n");
  json_array_foreach(months, i, v)
  {
    if (!(report_num(v, "posts") > 0))
      continue;
    strbuf_addstr(sb, "| ");
    esc(sb, report_str(v, "period", ""));
    strbuf_addf(sb, " | %lld | %lld | %lld |\n",
                (long long)report_num(v, "posts"),
                (long long)report_num(v, "new_authors"),
                (long long)report_num(v, "returning_authors"));
  }
  strbuf_addch(sb, '\n');
  free(labels);
  free(blabels);
  free(posts);
  free(fresh);
  free(back);
}

static void leaders(struct md *m, const json_t *doc)
{
  static const char *const cols[] = {"#",
                                     "Author",
                                     "Role",
                                     "Score",
                                     "Recognition",
                                     "Activity",
                                     "Brokerage",
                                     "Replies received",
                                     "Repliers",
                                     "PageRank",
                                     "Posts",
                                     "Threads started",
                                     "Months active",
                                     "Betweenness",
                                     "Community"};
  static const struct {
    const char *key;
    int decimals;
  } measures[] = {
      {"leader_score", 3},  {"recognition", 2}, {"activity", 2},
      {"brokerage", 2},     {"in_strength", 0}, {"repliers", 0},
      {"pagerank", 3},      {"posts", 0},       {"threads_started", 0},
      {"months_active", 0}, {"betweenness", 1}};
  struct strbuf *sb = m->sb, svg = STRBUF_INIT;
  const json_t *list = report_get(doc, "leaders"), *l, *c, *name;
  size_t i, k;

  strbuf_addstr(sb, "## 5 Opinion leaders\n\nRanked by the leader score "
                    "(0.6 recognition + 0.25 activity + 0.15 brokerage, "
                    "each a percentile from 0 to 1).\n\n");
  table_head(sb, cols, ARRAY_SIZE(cols));
  json_array_foreach(list, i, l)
  {
    strbuf_addstr(sb, "| ");
    num(sb, json_object_get(l, "rank"), 0);
    strbuf_addstr(sb, " | ");
    link(sb, report_str(l, "profile_url", NULL), report_str(l, "name", "?"));
    if (json_is_true(json_object_get(l, "brand")))
      strbuf_addstr(sb, " **(brand)**");
    strbuf_addstr(sb, " | ");
    esc(sb, report_str(l, "role", ""));
    for (k = 0; k < ARRAY_SIZE(measures); k++) {
      strbuf_addstr(sb, " | ");
      num(sb,
          report_get(l, "measures")
              ? json_object_get(json_object_get(l, "measures"), measures[k].key)
              : NULL,
          measures[k].decimals);
    }
    strbuf_addstr(sb, " | ");
    num(sb, json_object_get(l, "community"), 0);
    strbuf_addstr(sb, " |\n");
  }
  strbuf_addstr(sb, "\n### Why they rank here\n\n");
  json_array_foreach(list, i, l)
  {
    strbuf_addstr(sb, "- **");
    esc(sb, report_str(l, "name", "?"));
    strbuf_addstr(sb, "**: ");
    esc(sb, report_str(l, "why", ""));
    strbuf_addch(sb, '\n');
  }
  strbuf_addstr(sb, "\n### The leaders' answer network\n\n");
  report_svg_network(&svg, doc, (uint64_t)report_num(doc, "run.seed"));
  figure(m, "network", "The leaders' answer network", &svg);
  strbuf_addstr(sb, "### Communities\n\n| Community | Authors | Leading "
                    "members |\n| --- | --- | --- |\n");
  json_array_foreach(report_get(doc, "communities"), i, c)
  {
    strbuf_addf(sb, "| %lld | %lld | ", (long long)report_num(c, "id"),
                (long long)report_num(c, "size"));
    json_array_foreach(json_object_get(c, "top_members"), k, name)
    {
      if (k)
        strbuf_addstr(sb, ", ");
      esc(sb, json_string_value(name));
    }
    strbuf_addstr(sb, " |\n");
  }
  strbuf_addch(sb, '\n');
}

static void topics(struct md *m, const json_t *doc)
{
  struct strbuf *sb = m->sb;
  const json_t *t, *v;
  size_t i, k;

  strbuf_addstr(sb, "## 6 Topics\n\n");
  if (!json_array_size(report_get(doc, "topics")))
    strbuf_addstr(sb, "The stats run found no topics.\n\n");
  json_array_foreach(report_get(doc, "topics"), i, t)
  {
    const json_t *series = json_object_get(t, "series");
    size_t n = json_array_size(series);
    double *vals = xmalloc((n ? n : 1) * sizeof(*vals));
    struct strbuf svg = STRBUF_INIT;
    char name[32];

    strbuf_addstr(sb, "### ");
    esc(sb, report_str(t, "label", "?"));
    strbuf_addstr(sb, "\n\nDistinctive terms: ");
    json_array_foreach(json_object_get(t, "terms"), k, v)
    {
      if (k)
        strbuf_addstr(sb, ", ");
      esc(sb, json_string_value(v));
    }
    strbuf_addf(sb, ". %lld posts (%lld in the report's period); trend ",
                (long long)report_num(t, "size"),
                (long long)report_num(t, "posts_in_period"));
    if (isfinite(report_num(t, "trend")))
      strbuf_addf(sb,
                  "%+.2f percentage points per period (95%% interval "
                  "%+.2f to %+.2f).\n\n",
                  100 * report_num(t, "trend"),
                  100 * report_num(t, "trend_low"),
                  100 * report_num(t, "trend_high"));
    else
      strbuf_addstr(sb, "unknown.\n\n");
    json_array_foreach(series, k, v) { vals[k] = report_num(v, "posts"); }
    report_svg_sparkline(&svg, "Posts of this topic per period", vals, n);
    free(vals);
    snprintf(name, sizeof(name), "topic-%lld", (long long)report_num(t, "id"));
    figure(m, name, "Posts of this topic per period", &svg);
    strbuf_addstr(sb, "Leading voices: ");
    json_array_foreach(json_object_get(t, "voices"), k, v)
    {
      if (k)
        strbuf_addstr(sb, ", ");
      esc(sb, report_str(v, "name", "?"));
      strbuf_addf(sb, " (%lld)", (long long)report_num(v, "posts"));
    }
    strbuf_addstr(sb, "\n\n");
    json_array_foreach(json_object_get(t, "excerpts"), k, v)
    {
      strbuf_addstr(sb, "> ");
      esc(sb, report_str(v, "text", ""));
      strbuf_addstr(sb, "\n>\n> \xe2\x80\x94 ");
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
      strbuf_addstr(sb, "\n\n");
    }
  }
}

static void relationships(struct md *m, const json_t *doc)
{
  struct strbuf *sb = m->sb;
  const json_t *list = report_get(doc, "leaders"), *e, *a;
  size_t i;

  strbuf_addstr(sb, "## 7 Relationships\n\nWho answered whom among the "
                    "leaders (answers in the report's period):\n\n");
  json_array_foreach(report_get(doc, "network.edges"), i, e)
  {
    const json_t *s = json_array_get(
        list, (size_t)json_integer_value(json_object_get(e, "src")));
    const json_t *d = json_array_get(
        list, (size_t)json_integer_value(json_object_get(e, "dst")));
    strbuf_addstr(sb, "- ");
    esc(sb, report_str(s, "name", "?"));
    strbuf_addstr(sb, " \xe2\x86\x92 ");
    esc(sb, report_str(d, "name", "?"));
    strbuf_addf(sb, ": %lld\n", (long long)report_num(e, "weight"));
  }
  strbuf_addstr(sb, "\n### The brand\n\n");
  if (!json_array_size(report_get(doc, "run.settings.brands"))) {
    strbuf_addstr(sb, "No brand accounts were named (netno stats --brand "
                      "NAME).\n\n");
    return;
  }
  strbuf_addstr(sb, "| Account | Posts | Threads | Replies given | Authors "
                    "answered | Posts answered | Median response time |\n"
                    "| --- | --- | --- | --- | --- | --- | --- |\n");
  json_array_foreach(report_get(doc, "brand.accounts"), i, a)
  {
    char d[32];
    report_duration(report_num(a, "response_median_seconds"), d, sizeof(d));
    strbuf_addstr(sb, "| ");
    esc(sb, report_str(a, "name", "?"));
    strbuf_addf(sb, " | %lld | %lld | %lld | %lld | %lld | %s |\n",
                (long long)report_num(a, "posts"),
                (long long)report_num(a, "threads"),
                (long long)report_num(a, "replies_given"),
                (long long)report_num(a, "authors_answered"),
                (long long)report_num(a, "responses"), d);
  }
  strbuf_addstr(sb, "\nThreads where the brand was asked and has not "
                    "answered:\n\n");
  json_array_foreach(report_get(doc, "brand.unanswered_threads"), i, a)
  {
    strbuf_addstr(sb, "- ");
    link(sb, report_str(a, "url", NULL), report_str(a, "title", NULL));
    strbuf_addstr(sb, ", waiting since ");
    esc(sb, report_str(a, "waiting_since", "?"));
    strbuf_addf(sb, " (%lld posts)\n",
                (long long)report_num(a, "posts_waiting"));
  }
  strbuf_addch(sb, '\n');
}

static void method(struct md *m, const json_t *doc)
{
  struct strbuf *sb = m->sb;

  strbuf_addstr(sb, "## 8 Method and ethics\n\n");
  for (size_t i = 0; i < report_nmeasures; i++)
    strbuf_addf(sb, "- **%s**: %s\n", report_measures[i].label,
                report_measures[i].meaning);
  strbuf_addstr(sb, "\nStats run ");
  num(sb, report_get(doc, "run.id"), 0);
  strbuf_addstr(sb, ", seed ");
  num(sb, report_get(doc, "run.seed"), 0);
  strbuf_addstr(sb, ", settings:\n\n");
  code_block(sb, report_get(doc, "run.settings"));
  strbuf_addf(sb, "\n- robots.txt: %s\n- Session: %s\n- Names: %s\n",
              json_is_true(report_get(doc, "provenance.robots_honoured"))
                  ? "honoured by every crawl."
              : json_is_false(report_get(doc, "provenance.robots_honoured"))
                  ? "**not honoured** by at least one crawl."
                  : "no crawl (imported pages).",
              json_is_true(report_get(doc, "provenance.session_used"))
                  ? "at least one crawl used a session (the researcher's "
                    "cookies, --cookies); the cookies are not in the "
                    "corpus or this report."
                  : "none (pages as a visitor without an account sees "
                    "them).",
              strcmp(report_str(doc, "pseudonymized", "no"), "no")
                  ? "pseudonymised (stable keyed pseudonyms; links to "
                    "posts and profiles omitted; brand accounts keep "
                    "their names)."
                  : "**not pseudonymised**.");
}

void report_render_md(struct strbuf *sb, const json_t *doc,
                      const char *svg_base, char ***figures, size_t *nfigures)
{
  struct md m = {sb, svg_base, figures, nfigures, 0};

  *figures = NULL;
  *nfigures = 0;
  strbuf_addstr(sb, "# ");
  esc(sb, report_str(doc, "title", "Community report"));
  strbuf_addstr(sb, "\n\nWritten by netno ");
  esc(sb, report_str(doc, "provenance.netno_version", ""));
  strbuf_addstr(sb, " on ");
  esc(sb, report_str(doc, "generated_at", ""));
  strbuf_addstr(sb, " from stats run ");
  num(sb, report_get(doc, "run.id"), 0);
  strbuf_addstr(sb, ".\n\n");
  summary(&m, doc);
  provenance(&m, doc);
  coverage(&m, doc);
  community(&m, doc);
  leaders(&m, doc);
  topics(&m, doc);
  relationships(&m, doc);
  method(&m, doc);
}
