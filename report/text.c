/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The report's words: headline findings and each leader's "why", built
 * from the numbers of the report document, and what each measure means
 * (the same wording as netno(1)).
 */
#include "report/internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct report_measure report_measures[] = {
    {"leader_score", "leader score",
     "0.6 recognition + 0.25 activity + 0.15 brokerage"},
    {"recognition", "recognition",
     "mean percentile (0 to 1) of replies received, distinct repliers and "
     "PageRank: the standing others grant"},
    {"activity", "activity",
     "mean percentile of posts, threads started and months active"},
    {"brokerage", "brokerage",
     "percentile of betweenness: how often the author lies on the shortest "
     "paths between others"},
    {"in_strength", "replies received",
     "answers (replies, quotes, mentions) by others to the author"},
    {"out_strength", "replies given", "answers the author gave to others"},
    {"repliers", "repliers", "distinct authors who answered the author"},
    {"answered", "answered", "distinct authors the author answered"},
    {"pagerank", "PageRank",
     "weighted PageRank (damping 0.85): answered by those who are answered"},
    {"authority", "authority", "HITS authority: answered by good hubs"},
    {"hub", "hub", "HITS hub: answers good authorities"},
    {"betweenness", "betweenness",
     "shortest paths between other authors that pass through the author"},
    {"coreness", "coreness", "the k-core the author belongs to"},
    {"posts", "posts", "posts in the stats run's period"},
    {"threads_started", "threads started",
     "threads whose first post is the author's"},
    {"months_active", "months active", "calendar months with a post"},
    {"answer_median_seconds", "time to answer",
     "median time until another author first answers one of their posts"},
    {"community", "community",
     "Leiden community (modularity on the undirected network)"},
    {"role", "role",
     "recognised voice, merely loud, connector, conversation starter, "
     "helper or member: the first rule of netno(1) that holds"},
};
const size_t report_nmeasures = ARRAY_SIZE(report_measures);

const json_t *report_get(const json_t *doc, const char *path)
{
  char key[64];

  while (doc && *path) {
    size_t len = strcspn(path, ".");
    if (len >= sizeof(key))
      return NULL;
    memcpy(key, path, len);
    key[len] = '\0';
    doc = json_object_get(doc, key);
    path += len + (path[len] == '.');
  }
  return doc;
}

const char *report_str(const json_t *doc, const char *path,
                       const char *fallback)
{
  const char *s = json_string_value(report_get(doc, path));
  return s ? s : fallback;
}

double report_num(const json_t *doc, const char *path)
{
  const json_t *v = report_get(doc, path);
  return json_is_number(v) ? json_number_value(v) : NAN;
}

void report_duration(double s, char *buf, size_t size)
{
  if (!isfinite(s) || s < 0)
    snprintf(buf, size, "unknown");
  else if (s < 120)
    snprintf(buf, size, "%.0f seconds", s);
  else if (s < 120 * 60)
    snprintf(buf, size, "%.0f minutes", s / 60);
  else if (s < 48 * 3600)
    snprintf(buf, size, "%.1f hours", s / 3600);
  else
    snprintf(buf, size, "%.1f days", s / 86400);
}

/* "2024-03-01T10:00:00Z" as "2024-03-01" into buf. */
static const char *day_of(const char *iso, char *buf, size_t size)
{
  snprintf(buf, size, "%.10s", iso ? iso : "an unknown date");
  return buf;
}

static const char *plural(int64_t n, const char *one, const char *many)
{
  return n == 1 ? one : many;
}

/* Why a leader ranks where they do, from their measures: the families in
 * the order of what they add to the score, each with its evidence. */
static char *why_sentence(const json_t *leader)
{
  const json_t *m = json_object_get(leader, "measures");
  struct family_part {
    const char *family;
    double part;
  } fam[3] = {{"recognition", 0.6 * report_num(m, "recognition")},
              {"activity", 0.25 * report_num(m, "activity")},
              {"brokerage", 0.15 * report_num(m, "brokerage")}};
  struct strbuf sb = STRBUF_INIT;

  /* three items: sort by hand, highest part first */
  for (int i = 0; i < 3; i++)
    for (int j = i + 1; j < 3; j++)
      if (fam[j].part > fam[i].part) {
        struct family_part t = fam[i];
        fam[i] = fam[j];
        fam[j] = t;
      }
  int low = 1, first = 1;

  for (int i = 0; i < 3; i++)
    if (report_num(m, fam[i].family) >= 0.5)
      low = 0;
  /* Families at or above the middle, strongest first; when none is, the
   * strongest alone says what little there is. */
  if (low)
    strbuf_addstr(&sb, "Below the middle of the community in every family: ");
  for (int i = 0; i < 3; i++) {
    const char *f = fam[i].family;
    double pct = report_num(m, f);
    if (!isfinite(pct) || (low ? i > 0 : pct < 0.5))
      continue;
    strbuf_addstr(&sb, first ? "" : "; ");
    if (!strcmp(f, "recognition")) {
      int64_t in = (int64_t)report_num(m, "in_strength");
      int64_t who = (int64_t)report_num(m, "repliers");
      strbuf_addf(&sb,
                  "%sanswered by others %lld %s, by %lld different %s "
                  "(recognition %.2f)",
                  !first ? "also "
                  : low  ? ""
                         : "Mainly recognition: ",
                  (long long)in, plural(in, "time", "times"), (long long)who,
                  plural(who, "author", "authors"), pct);
    } else if (!strcmp(f, "activity")) {
      int64_t posts = (int64_t)report_num(m, "posts");
      int64_t started = (int64_t)report_num(m, "threads_started");
      int64_t months = (int64_t)report_num(m, "months_active");
      strbuf_addf(&sb,
                  "%s%lld %s, %lld %s started, active in %lld %s "
                  "(activity %.2f)",
                  !first ? "also active: "
                  : low  ? ""
                         : "Mainly activity: ",
                  (long long)posts, plural(posts, "post", "posts"),
                  (long long)started, plural(started, "thread", "threads"),
                  (long long)months, plural(months, "month", "months"), pct);
    } else {
      strbuf_addf(&sb,
                  "%slinks parts of the network that rarely meet "
                  "otherwise (betweenness %.1f, brokerage %.2f)",
                  !first ? "also "
                  : low  ? ""
                         : "Mainly brokerage: ",
                  report_num(m, "betweenness"), pct);
    }
    first = 0;
  }
  if (!sb.len)
    strbuf_addstr(&sb, "No measure stands out");
  strbuf_addch(&sb, '.');
  return strbuf_detach(&sb, NULL);
}

static void add(json_t *arr, struct strbuf *sb)
{
  json_array_append_new(arr, json_string(sb->buf));
  strbuf_reset(sb);
}

/* Names joined as "A, B and C". */
static void add_names(struct strbuf *sb, const json_t *leaders, size_t n,
                      int with_role)
{
  for (size_t i = 0; i < n; i++) {
    const json_t *l = json_array_get(leaders, i);
    strbuf_addf(sb, "%s%s",
                i == 0       ? ""
                : i + 1 == n ? " and "
                             : ", ",
                report_str(l, "name", "?"));
    if (with_role)
      strbuf_addf(sb, " (%s, score %.2f)", report_str(l, "role", "member"),
                  report_num(l, "measures.leader_score"));
  }
}

/* The headline sentences, one function per finding; each appends to
 * out. */
static void headlines_scope(const json_t *doc, json_t *out, struct strbuf *sb)
{
  const json_t *c = report_get(doc, "scope.counts");
  int64_t posts = (int64_t)report_num(c, "posts");
  int64_t sites = (int64_t)report_num(c, "sites");
  char a[16], b[16];

  strbuf_addf(sb,
              "The corpus holds %lld %s by %lld authors in %lld threads on "
              "%lld %s",
              (long long)posts, plural(posts, "post", "posts"),
              (long long)report_num(c, "authors"),
              (long long)report_num(c, "threads"), (long long)sites,
              plural(sites, "site", "sites"));
  if (report_str(c, "first_post", NULL))
    strbuf_addf(sb, ", published from %s to %s",
                day_of(report_str(c, "first_post", NULL), a, sizeof(a)),
                day_of(report_str(c, "last_post", NULL), b, sizeof(b)));
  strbuf_addch(sb, '.');
  add(out, sb);
}

/* The one-line coverage figure: the posts the threads claim against
 * those found, and what became of the URLs seen. */
static void headlines_coverage(const json_t *doc, json_t *out,
                               struct strbuf *sb)
{
  const json_t *comp = report_get(doc, "provenance.completeness"), *v;
  int64_t claimed = (int64_t)report_num(comp, "posts_claimed");
  int64_t found = (int64_t)report_num(comp, "posts_found");
  int64_t seen = 0, fetched = 0, failed = 0, skipped = 0;
  size_t i;

  json_array_foreach(report_get(doc, "provenance.coverage_sites"), i, v)
  {
    seen += (int64_t)report_num(v, "urls_seen");
    fetched += (int64_t)report_num(v, "urls_fetched");
    failed += (int64_t)report_num(v, "urls_failed");
    skipped += (int64_t)report_num(v, "urls_skipped");
  }
  if (claimed > 0)
    strbuf_addf(sb,
                "Coverage: the corpus holds %lld of the %lld posts that its "
                "threads say they hold (%.0f%%)",
                (long long)(found < claimed ? found : claimed),
                (long long)claimed,
                100.0 * (double)(found < claimed ? found : claimed) /
                    (double)claimed);
  else
    strbuf_addstr(sb, "Coverage: no thread states how many posts it holds, "
                      "so completeness is not measured");
  if (seen > 0)
    strbuf_addf(sb,
                "; of %lld URLs seen, %lld were fetched, %lld failed and "
                "%lld were skipped (robots.txt, scope, traps, limits)",
                (long long)seen, (long long)fetched, (long long)failed,
                (long long)skipped);
  strbuf_addch(sb, '.');
  add(out, sb);
}

static void headlines_leaders(const json_t *doc, json_t *out, struct strbuf *sb)
{
  const json_t *leaders = report_get(doc, "leaders");
  size_t n = 0;
  int64_t ncom = (int64_t)report_num(doc, "run.summary.communities");

  /* the leading voices: the first three that are not brand accounts */
  json_t *top = json_array();
  for (size_t i = 0; i < json_array_size(leaders) && n < 3; i++) {
    const json_t *l = json_array_get(leaders, i);
    if (!json_is_true(json_object_get(l, "brand"))) {
      json_array_append(top, (json_t *)l);
      n++;
    }
  }
  if (n) {
    strbuf_addstr(sb, n == 1 ? "The leading voice is "
                             : "The leading voices "
                               "are ");
    add_names(sb, top, n, 1);
    strbuf_addch(sb, '.');
    add(out, sb);
  }
  json_decref(top);
  if (ncom > 0) {
    strbuf_addf(sb,
                "The answer network of %lld authors splits into %lld %s "
                "(modularity %.2f).",
                (long long)report_num(doc, "run.summary.authors"),
                (long long)ncom, plural(ncom, "community", "communities"),
                report_num(doc, "run.summary.modularity"));
    add(out, sb);
  }
}

static void headlines_topics(const json_t *doc, json_t *out, struct strbuf *sb)
{
  const json_t *topics = report_get(doc, "topics"), *t, *best = NULL;
  size_t i;

  if (!json_array_size(topics))
    return;
  t = json_array_get(topics, 0); /* sorted by size */
  strbuf_addf(sb, "The largest topic is \u201c%s\u201d with %lld posts.",
              report_str(t, "label", "?"), (long long)report_num(t, "size"));
  add(out, sb);
  json_array_foreach(topics, i, t)
  {
    double low = report_num(t, "trend_low");
    if (isfinite(low) && low > 0 &&
        (!best || report_num(t, "trend") > report_num(best, "trend")))
      best = t;
  }
  if (best)
    strbuf_addf(sb,
                "The fastest-growing topic is \u201c%s\u201d: its share of "
                "the posts rises by %.1f percentage points per period "
                "(95%% interval %.1f to %.1f).",
                report_str(best, "label", "?"), 100 * report_num(best, "trend"),
                100 * report_num(best, "trend_low"),
                100 * report_num(best, "trend_high"));
  else
    strbuf_addstr(sb, "No topic's share of the posts grew clearly (no trend "
                      "whose 95% interval lies above zero).");
  add(out, sb);
}

static void headlines_brand(const json_t *doc, json_t *out, struct strbuf *sb)
{
  const json_t *named = report_get(doc, "run.settings.brands");
  const json_t *acc = report_get(doc, "brand.accounts"), *a;
  size_t i,
      unanswered = json_array_size(report_get(doc, "brand.unanswered_threads"));

  if (!json_array_size(named))
    return;
  if (!json_array_size(acc)) {
    strbuf_addstr(sb, "None of the brand accounts named to stats posted in "
                      "the corpus.");
    add(out, sb);
    return;
  }
  json_array_foreach(acc, i, a)
  {
    char d[32];
    int64_t given = (int64_t)report_num(a, "replies_given");
    report_duration(report_num(a, "response_median_seconds"), d, sizeof(d));
    strbuf_addf(sb,
                "Brand account %s wrote %lld posts in %lld threads and "
                "answered others %lld %s",
                report_str(a, "name", "?"), (long long)report_num(a, "posts"),
                (long long)report_num(a, "threads"), (long long)given,
                plural(given, "time", "times"));
    if (isfinite(report_num(a, "response_median_seconds")))
      strbuf_addf(sb, ", with a median response time of %s", d);
    strbuf_addch(sb, '.');
    add(out, sb);
  }
  strbuf_addf(sb, "%zu %s where the brand was asked %s no answer from it%s.",
              unanswered, unanswered == 1 ? "thread" : "threads",
              unanswered == 1 ? "has" : "have",
              unanswered >= 50 ? " (at least; the list stops at 50)" : "");
  add(out, sb);
}

void report_add_sentences(json_t *doc)
{
  json_t *out = json_array(), *l;
  struct strbuf sb = STRBUF_INIT;
  size_t i;

  headlines_scope(doc, out, &sb);
  headlines_coverage(doc, out, &sb);
  headlines_leaders(doc, out, &sb);
  headlines_topics(doc, out, &sb);
  headlines_brand(doc, out, &sb);
  strbuf_release(&sb);
  json_object_set_new(doc, "headlines", out);
  json_array_foreach(json_object_get(doc, "leaders"), i, l)
  {
    char *why = why_sentence(l);
    json_object_set_new(l, "why", json_string(why));
    free(why);
  }
}
