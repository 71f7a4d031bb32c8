/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * topics_run(): posts from the corpus through the topic model into the
 * topic, post_topic and timeline rows of one stats run, with each
 * topic's trend (slope of its share of the posts per period).
 */
#include "corpus/corpus.h"
#include "stats/topics.h"
#include "util/util.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Period index of time t: months since year 0, or weeks (Monday to
 * Sunday) since 1969-12-29, a Monday. */
static int64_t period_of(int64_t t, int weekly)
{
  struct tm tm;
  time_t tt = (time_t)t;

  if (weekly) {
    int64_t s = t + 3 * 86400;
    return s >= 0 ? s / 604800 : -((-s + 604799) / 604800);
  }
  gmtime_r(&tt, &tm);
  return (int64_t)(tm.tm_year + 1900) * 12 + tm.tm_mon;
}

/* "2021-04" or the ISO week "2021-W05" of period index p. */
static void period_name(int64_t p, int weekly, char *buf, size_t size)
{
  struct tm tm;
  time_t tt;

  if (!weekly) {
    snprintf(buf, size, "%04d-%02d", (int)(p / 12), (int)(p % 12) + 1);
    return;
  }
  tt = (time_t)(p * 604800 - 3 * 86400);
  gmtime_r(&tt, &tm);
  strftime(buf, size, "%G-W%V", &tm);
}

/* The topic's terms as a JSON array; caller frees. */
static char *terms_json(const struct topic_info *t)
{
  json_t *a = json_array();
  char *s;

  for (int j = 0; j < TOPIC_TERMS && t->terms[j]; j++)
    json_array_append_new(a, json_string(t->terms[j]));
  s = json_dumps(a, JSON_COMPACT);
  json_decref(a);
  return s ? s : xstrdup("[]");
}

/* One timeline series: the posts per period (np periods from lo) of
 * the posts whose site (by_site) or author is id.  Periods with none
 * are stored as 0, so that every series spans the same periods. */
static int store_series(struct corpus *c, int64_t run_id,
                        const struct corpus_text_post *posts, size_t n,
                        int weekly, int64_t lo, size_t np, int by_site,
                        int64_t id)
{
  double *count = xcalloc(np, sizeof *count);
  char name[32], series[48];
  int ret = 0;

  for (size_t i = 0; i < n; i++)
    if (posts[i].published_at > 0 &&
        (by_site ? posts[i].site_id : posts[i].author_id) == id)
      count[period_of(posts[i].published_at, weekly) - lo]++;
  snprintf(series, sizeof series, "%s:%lld", by_site ? "site" : "author",
           (long long)id);
  for (size_t p = 0; p < np && ret == 0; p++) {
    period_name(lo + (int64_t)p, weekly, name, sizeof name);
    ret = corpus_timeline_add(c, run_id, name, series, count[p]);
  }
  free(count);
  return ret;
}

static int cmp_int64(const void *a, const void *b)
{
  int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
  return (x > y) - (x < y);
}

/* The "site:ID" series of every site with dated posts and the
 * "author:ID" series of the leaders. */
static int store_site_leader_series(struct corpus *c, int64_t run_id,
                                    const struct topic_settings *s,
                                    const struct corpus_text_post *posts,
                                    size_t n, int weekly, int64_t lo,
                                    size_t np)
{
  int64_t *sites = xmalloc((n ? n : 1) * sizeof *sites);
  size_t ns = 0, distinct = 0;
  int ret = 0;

  for (size_t i = 0; i < n; i++)
    if (posts[i].published_at > 0 && posts[i].site_id > 0)
      sites[ns++] = posts[i].site_id;
  qsort(sites, ns, sizeof *sites, cmp_int64);
  for (size_t i = 0; i < ns; i++)
    if (i == 0 || sites[i] != sites[i - 1])
      sites[distinct++] = sites[i];
  for (size_t i = 0; i < distinct && ret == 0; i++)
    ret = store_series(c, run_id, posts, n, weekly, lo, np, 1, sites[i]);
  for (size_t i = 0; i < s->n_leaders && ret == 0; i++)
    ret = store_series(c, run_id, posts, n, weekly, lo, np, 0, s->leaders[i]);
  free(sites);
  return ret;
}

/* Timeline rows and trends: count[p * (k + 1) + c] is posts of topic c
 * in period p (c == k: all posts). */
static int store_timeline(struct corpus *c, int64_t run_id,
                          const struct topic_settings *s,
                          const struct topic_model *m,
                          const struct corpus_text_post *posts, size_t n,
                          int weekly, double *trend)
{
  int64_t lo = INT64_MAX, hi = INT64_MIN;
  size_t np, k = (size_t)m->k;
  double *count, *x, *y;
  int ret = -1;

  for (size_t i = 0; i < n; i++)
    if (posts[i].published_at > 0) {
      int64_t p = period_of(posts[i].published_at, weekly);
      lo = p < lo ? p : lo;
      hi = p > hi ? p : hi;
    }
  for (size_t t = 0; t < k; t++)
    trend[t * 4] = 0;
  if (lo > hi)
    return 0; /* nothing dated */
  np = (size_t)(hi - lo + 1);
  count = xcalloc(np * (k + 1), sizeof *count);
  x = xmalloc(np * sizeof *x);
  y = xmalloc(np * sizeof *y);
  for (size_t i = 0; i < n; i++)
    if (posts[i].published_at > 0) {
      size_t p = (size_t)(period_of(posts[i].published_at, weekly) - lo);
      count[p * (k + 1) + k]++;
      if (m->assign[i] >= 0)
        count[p * (k + 1) + (size_t)m->assign[i]]++;
    }
  for (size_t p = 0; p < np; p++) {
    char name[32], series[32];
    period_name(lo + (int64_t)p, weekly, name, sizeof name);
    if (corpus_timeline_add(c, run_id, name, "posts", count[p * (k + 1) + k]) <
        0)
      goto out;
    for (size_t t = 0; t < k; t++) {
      snprintf(series, sizeof series, "topic:%zu", t);
      if (corpus_timeline_add(c, run_id, name, series, count[p * (k + 1) + t]) <
          0)
        goto out;
    }
  }
  if (store_site_leader_series(c, run_id, s, posts, n, weekly, lo, np) < 0)
    goto out;
  /* Shares over the periods that have posts. */
  for (size_t t = 0; t < k; t++) {
    size_t used = 0;
    for (size_t p = 0; p < np; p++)
      if (count[p * (k + 1) + k] > 0) {
        x[used] = (double)p;
        y[used++] = count[p * (k + 1) + t] / count[p * (k + 1) + k];
      }
    if (topics_trend(x, y, used, &trend[t * 4 + 1], &trend[t * 4 + 2],
                     &trend[t * 4 + 3]) == 0)
      trend[t * 4] = 1;
  }
  ret = 0;
out:
  free(count);
  free(x);
  free(y);
  return ret;
}

int topics_run(struct corpus *c, int64_t run_id, const struct topic_settings *s)
{
  struct corpus_text_post *posts = NULL;
  struct topic_model m = {0};
  const char **texts = NULL, **langs = NULL;
  int64_t *ids = NULL;
  int *topic = NULL;
  double *weight = NULL, *trend = NULL;
  int weekly = s->period && strcmp(s->period, "week") == 0;
  size_t n = 0, used = 0;
  int ret = -1, in_txn = 0;

  if (corpus_text_posts_read(c, &posts, &n) < 0)
    goto out;
  texts = xmalloc((n ? n : 1) * sizeof *texts);
  langs = xmalloc((n ? n : 1) * sizeof *langs);
  for (size_t i = 0; i < n; i++) {
    texts[i] = posts[i].text;
    langs[i] = posts[i].lang;
  }
  {
    int fit = topic_model_fit(texts, langs, n, s, &m);
    if (fit < 0)
      goto out;
    if (fit > 0) {
      warning("too little text for topics (%zu posts); no topics stored", n);
      ret = 0;
      goto out;
    }
  }
  ids = xmalloc((n ? n : 1) * sizeof *ids);
  topic = xmalloc((n ? n : 1) * sizeof *topic);
  weight = xmalloc((n ? n : 1) * sizeof *weight);
  for (size_t i = 0; i < n; i++)
    if (m.assign[i] >= 0) {
      ids[used] = posts[i].id;
      topic[used] = m.assign[i];
      weight[used++] = m.weight[i];
    }
  trend = xcalloc((size_t)m.k * 4, sizeof *trend);
  if (corpus_begin(c) < 0)
    goto out;
  in_txn = 1;
  if (corpus_topics_clear(c, run_id) < 0 ||
      corpus_post_topics_add(c, run_id, ids, topic, weight, used) < 0 ||
      store_timeline(c, run_id, s, &m, posts, n, weekly, trend) < 0)
    goto out;
  for (int t = 0; t < m.k; t++) {
    char *terms = terms_json(&m.topics[t]);
    struct corpus_topic ct = {t,
                              m.topics[t].label,
                              terms,
                              (int64_t)m.topics[t].size,
                              trend[t * 4] > 0,
                              trend[t * 4 + 1],
                              trend[t * 4 + 2],
                              trend[t * 4 + 3]};
    int rc = corpus_topic_add(c, run_id, &ct);
    free(terms);
    if (rc < 0)
      goto out;
  }
  if (corpus_commit(c) < 0)
    goto out;
  in_txn = 0;
  ret = 0;
out:
  if (in_txn)
    corpus_rollback(c);
  topic_model_release(&m);
  corpus_text_posts_release(posts, n);
  free(texts);
  free(langs);
  free(ids);
  free(topic);
  free(weight);
  free(trend);
  return ret;
}
