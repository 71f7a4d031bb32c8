/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * netno stats: read the author network from the corpus, compute the
 * leader measures and communities (stats/leaders.c), store them as a run
 * and print the top leaders.
 */
#include "stats/stats.h"
#include "stats/topics.h"
#include "corpus/corpus.h"
#include "stats/graph.h"
#include "util/util.h"

#include <getopt.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define DEFAULT_SEED 1
#define DEFAULT_TOP 10
#define TIMELINE_LEADERS 10 /* leaders with a timeline series */

static const struct cmd_usage usage = {
    "stats",
    "stats [--relations KINDS] [--site HOST] [--since DATE] [--until DATE] "
    "[--seed N] [--top N] [--brand NAME]... [--topics K|auto|none] "
    "[--period month|week]",
    "Find the opinion leaders of the corpus: build the author network\n"
    "(an edge from who answered to whom, weighted by the number of\n"
    "answers), compute per-author measures, Leiden communities, the\n"
    "leader score and roles, store them as a run and print the top.\n"
    "\n"
    "Options:\n"
    "  --relations KINDS  comma-separated relation kinds to use: reply,\n"
    "                     quote, mention, implicit (default:\n"
    "                     reply,quote,mention)\n"
    "  --site HOST        only posts of this site host\n"
    "  --since DATE       only posts published at or after DATE (ISO 8601)\n"
    "  --until DATE       only posts published before DATE\n"
    "  --seed N           seed for Leiden and sampled betweenness "
    "(default 1)\n"
    "  --top N            leaders to print (default 10)\n"
    "  --brand NAME       an official account of the brand (repeatable)\n"
    "  --topics K         topic clusters: a number, auto (default: chosen\n"
    "                     by silhouette and coherence) or none\n"
    "  --period PERIOD    timeline periods: month (default) or week\n"
    "  -h, --help         show this help\n",
};

static const char *const kind_names[] = {"reply", "quote", "mention",
                                         "implicit"};

/* Parse "reply,quote" into CORPUS_REL_* bits; -1 on an unknown word. */
static int parse_kinds(const char *text, unsigned *kinds)
{
  const char *p = text;

  *kinds = 0;
  while (*p) {
    size_t len = strcspn(p, ",");
    int found = 0;
    for (unsigned k = 0; k < ARRAY_SIZE(kind_names); k++)
      if (len == strlen(kind_names[k]) && !strncmp(p, kind_names[k], len)) {
        *kinds |= 1u << k;
        found = 1;
      }
    if (!found && len > 0)
      return -1;
    p += len;
    if (*p == ',')
      p++;
  }
  return *kinds ? 0 : -1;
}

struct stats_options {
  struct corpus_graph_filter filter;
  const char *since_text, *until_text;
  uint64_t seed;
  unsigned long top;
  char **brands;
  size_t nbrands;
};

static json_t *settings_json(const struct stats_options *o,
                             const struct leaders_result *r)
{
  json_t *s = json_object(), *kinds = json_array(), *brands = json_array();

  for (unsigned k = 0; k < ARRAY_SIZE(kind_names); k++)
    if (o->filter.kinds & (1u << k))
      json_array_append_new(kinds, json_string(kind_names[k]));
  for (size_t i = 0; i < o->nbrands; i++)
    json_array_append_new(brands, json_string(o->brands[i]));
  json_object_set_new(s, "relations", kinds);
  json_object_set_new(
      s, "site", o->filter.host ? json_string(o->filter.host) : json_null());
  json_object_set_new(s, "since",
                      o->since_text ? json_string(o->since_text) : json_null());
  json_object_set_new(s, "until",
                      o->until_text ? json_string(o->until_text) : json_null());
  json_object_set_new(s, "seed", json_integer((json_int_t)o->seed));
  json_object_set_new(s, "brands", brands);
  json_object_set_new(s, "pagerank_damping", json_real(0.85));
  json_object_set_new(s, "betweenness",
                      json_string(r->betweenness_exact ? "exact" : "sampled"));
  json_object_set_new(s, "betweenness_exact_limit",
                      json_integer(LEADERS_EXACT_BETWEENNESS));
  json_object_set_new(s, "betweenness_sources",
                      json_integer((json_int_t)r->betweenness_sources));
  json_object_set_new(
      s, "leader_score",
      json_string("0.6 recognition + 0.25 activity + 0.15 brokerage"));
  return s;
}

/* Seconds since start, for -v timings. */
static double elapsed(const struct timespec *start)
{
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (double)(now.tv_sec - start->tv_sec) +
         (double)(now.tv_nsec - start->tv_nsec) / 1e9;
}

/* Author indexes ordered by leader score, highest first (qsort_r). */
static int by_score(const void *a, const void *b, void *scores)
{
  const double *sc = scores;
  size_t x = *(const size_t *)a, y = *(const size_t *)b;
  if (sc[x] != sc[y])
    return sc[x] > sc[y] ? -1 : 1;
  return x < y ? -1 : x > y;
}

/* Mark the run finished with its summary: from then on reports and
 * exports read it.  One statement, so a kill leaves it unfinished or
 * finished, never half. */
static int finish_run(struct corpus *c, const struct corpus_author_graph *g,
                      const struct leaders_result *r, int64_t run_id)
{
  json_t *summary = json_object();
  char *text;
  int ret;

  json_object_set_new(summary, "authors",
                      json_integer((json_int_t)g->nauthors));
  json_object_set_new(summary, "links", json_integer((json_int_t)g->nlinks));
  json_object_set_new(summary, "communities",
                      json_integer((json_int_t)r->ncommunities));
  json_object_set_new(summary, "modularity", json_real(r->modularity));
  text = json_dumps(summary, JSON_COMPACT | JSON_SORT_KEYS);
  ret = corpus_stats_run_finish(c, run_id, text);
  free(text);
  json_decref(summary);
  return ret;
}

/* Store the run: settings, every metric, communities and members; with
 * finish, marked finished in the same transaction (else the caller
 * finishes it once the topics are stored too). */
static int store_run(struct corpus *c, const struct stats_options *o,
                     const struct corpus_author_graph *g,
                     const struct leaders_result *r, const int *brand,
                     const size_t *order, int finish, int64_t *run_id)
{
  size_t n = g->nauthors, nc = r->ncommunities;
  int64_t *ids = xmalloc((n ? n : 1) * sizeof(*ids));
  int64_t *sizes = xcalloc(nc ? nc : 1, sizeof(*sizes));
  json_t *settings = settings_json(o, r);
  char *settings_text = NULL;
  int ret = -1;

  settings_text = json_dumps(settings, JSON_COMPACT | JSON_SORT_KEYS);

  if (corpus_begin(c) < 0)
    goto out;
  if (corpus_stats_run_start(c, o->seed, settings_text, run_id) < 0)
    goto fail;
  for (size_t i = 0; i < n; i++)
    ids[i] = g->authors[i].id;
  { /* the corpus facts, then every computed measure */
    enum { NFACT = 10 };
    static const char *const fact_names[NFACT] = {
        "posts",
        "threads",
        "threads_started",
        "months_active",
        "first_seen",
        "last_seen",
        "brand",
        "answer_median_seconds",
        "brand_replies_received", /* answers from the brand's accounts */
        "replies_to_brand"};      /* answers to the brand's accounts */
    const char *names[NFACT + LM_COUNT];
    const double *vals[NFACT + LM_COUNT];
    double *facts = xmalloc(NFACT * (n ? n : 1) * sizeof(double));
    for (size_t i = 0; i < n; i++) {
      const struct corpus_author_facts *a = &g->authors[i];
      facts[0 * n + i] = (double)a->posts;
      facts[1 * n + i] = (double)a->threads;
      facts[2 * n + i] = (double)a->threads_started;
      facts[3 * n + i] = (double)a->months_active;
      facts[4 * n + i] = (double)a->first_seen;
      facts[5 * n + i] = (double)a->last_seen;
      facts[6 * n + i] = brand[i];
      /* only where someone answered */
      facts[7 * n + i] = a->answer_median >= 0 ? a->answer_median : NAN;
      /* stored only when brand accounts were named */
      facts[8 * n + i] = facts[9 * n + i] = o->nbrands ? 0 : NAN;
    }
    for (size_t l = 0; o->nbrands && l < g->nlinks; l++) {
      const struct corpus_author_link *k = &g->links[l];
      if (brand[k->src])
        facts[8 * n + k->dst] += (double)k->weight;
      if (brand[k->dst])
        facts[9 * n + k->src] += (double)k->weight;
    }
    for (int k = 0; k < NFACT; k++) {
      names[k] = fact_names[k];
      vals[k] = facts + (size_t)k * n;
    }
    for (int m = 0; m < LM_COUNT; m++) {
      names[NFACT + m] = leaders_metric_names[m];
      vals[NFACT + m] = r->m[m];
    }
    int rc = corpus_stats_add_metrics(c, *run_id, names, vals, NFACT + LM_COUNT,
                                      ids, n);
    free(facts);
    if (rc < 0)
      goto fail;
  }
  for (size_t i = 0; i < n; i++)
    sizes[r->community[i]]++;
  for (size_t k = 0; k < nc; k++) {
    /* label: the three highest-scoring members */
    struct strbuf sb;
    int named = 0;
    strbuf_init(&sb, 1024);
    for (size_t j = 0; j < n && named < 3; j++)
      if ((size_t)r->community[order[j]] == k) {
        strbuf_addf(&sb, "%s%s", named ? ", " : "", g->authors[order[j]].name);
        named++;
      }
    int rc =
        corpus_stats_add_community(c, *run_id, (int64_t)k, sizes[k], sb.buf);
    strbuf_release(&sb);
    if (rc < 0)
      goto fail;
  }
  if (corpus_stats_add_members(c, *run_id, ids, r->community, n) < 0)
    goto fail;
  if ((finish && finish_run(c, g, r, *run_id) < 0) || corpus_commit(c) < 0)
    goto fail;
  ret = 0;
  goto out;
fail:
  corpus_rollback(c);
out:
  free(settings_text);
  json_decref(settings);
  free(sizes);
  free(ids);
  return ret;
}

static void print_summary(const struct stats_options *o,
                          const struct corpus_author_graph *g,
                          const struct leaders_result *r, const int *brand,
                          const size_t *order, int64_t run_id)
{
  size_t n = g->nauthors;

  progress_clear(); /* `netno run` may have its line on a shared terminal */
  printf("run %lld: %zu authors, %zu links, %zu communities "
         "(modularity %.3f), betweenness %s\n",
         (long long)run_id, n, g->nlinks, r->ncommunities, r->modularity,
         r->betweenness_exact ? "exact" : "sampled");
  printf("%4s  %-24s %6s %6s %6s %6s  %-20s %5s\n", "rank", "author", "score",
         "recog", "activ", "broker", "role", "comm");
  for (size_t j = 0; j < n; j++) {
    size_t i = order[j];
    if (j >= o->top && !brand[i])
      continue;
    struct strbuf name = STRBUF_INIT;
    strbuf_add_columns(&name, g->authors[i].name, 24);
    printf("%4zu  %s %6.3f %6.3f %6.3f %6.3f  %-20s %5d%s\n", j + 1,
           name.buf, r->m[LM_SCORE][i], r->m[LM_RECOGNITION][i],
           r->m[LM_ACTIVITY][i], r->m[LM_BROKERAGE][i],
           leaders_role_names[r->role[i]], r->community[i],
           brand[i] ? "  (brand)" : "");
    strbuf_release(&name);
  }
}

int cmd_stats(int argc, char **argv)
{
  static const struct option options[] = {
      {"relations", required_argument, NULL, 'r'},
      {"site", required_argument, NULL, 's'},
      {"since", required_argument, NULL, 'S'},
      {"until", required_argument, NULL, 'U'},
      {"seed", required_argument, NULL, 'e'},
      {"top", required_argument, NULL, 't'},
      {"brand", required_argument, NULL, 'b'},
      {"topics", required_argument, NULL, 'k'},
      {"period", required_argument, NULL, 'p'},
      {"help", no_argument, NULL, 'h'},
      {NULL, 0, NULL, 0},
  };
  struct stats_options o = {.seed = DEFAULT_SEED, .top = DEFAULT_TOP};
  struct topic_settings ts = {.k = 0, .period = "month"};
  int topics = 1;
  struct corpus *c = NULL;
  struct corpus_author_graph g = {0};
  struct leaders_result r = {0};
  struct leaders_edge *edges = NULL;
  double *posts = NULL, *started = NULL, *months = NULL;
  int *brand = NULL;
  size_t *order = NULL, balloc = 0;
  int64_t *leader_ids = NULL;
  unsigned long seed;
  int64_t run_id = 0;
  int opt, ret = 1, have_result = 0;
  struct timespec start;

  o.filter.kinds = CORPUS_REL_REPLY | CORPUS_REL_QUOTE | CORPUS_REL_MENTION;
  optind = 0;
  opterr = 0;
  while ((opt = getopt_long(argc, argv, "+h", options, NULL)) != -1) {
    switch (opt) {
    case 'r':
      if (parse_kinds(optarg, &o.filter.kinds) < 0) {
        ret = cmd_usage_error(&usage, "bad --relations '%s'", optarg);
        goto out;
      }
      break;
    case 's':
      o.filter.host = optarg;
      break;
    case 'S':
    case 'U':
      if (time_parse_iso(optarg, opt == 'S' ? &o.filter.since : &o.filter.until,
                         NULL) < 0) {
        ret = cmd_usage_error(&usage, "bad date '%s'", optarg);
        goto out;
      }
      *(opt == 'S' ? &o.since_text : &o.until_text) = optarg;
      break;
    case 'e':
      if (cmd_parse_uint(&usage, "--seed", optarg, &seed) < 0) {
        ret = 2;
        goto out;
      }
      o.seed = seed;
      break;
    case 't':
      if (cmd_parse_uint(&usage, "--top", optarg, &o.top) < 0) {
        ret = 2;
        goto out;
      }
      break;
    case 'b':
      xgrow((void **)&o.brands, sizeof(*o.brands), o.nbrands + 1, &balloc);
      o.brands[o.nbrands++] = optarg;
      break;
    case 'k':
      if (!strcmp(optarg, "none")) {
        topics = 0;
      } else if (!strcmp(optarg, "auto")) {
        ts.k = 0;
      } else {
        unsigned long k;
        if (cmd_parse_uint(&usage, "--topics", optarg, &k) < 0 || k < 2 ||
            k > 500) {
          ret = cmd_usage_error(&usage, "--topics wants 2 to 500, auto or "
                                        "none, not '%s'", optarg);
          goto out;
        }
        ts.k = (int)k;
      }
      break;
    case 'p':
      if (strcmp(optarg, "month") && strcmp(optarg, "week")) {
        ret = cmd_usage_error(&usage, "--period is month or week, not '%s'",
                              optarg);
        goto out;
      }
      ts.period = optarg;
      break;
    case 'h':
      ret = cmd_print_help(&usage);
      goto out;
    default:
      ret = cmd_bad_option(&usage, argv);
      goto out;
    }
  }
  if (optind < argc) {
    ret = cmd_usage_error(&usage, "unexpected argument '%s'", argv[optind]);
    goto out;
  }

  clock_gettime(CLOCK_MONOTONIC, &start);
  c = corpus_open(NULL, CORPUS_WRITE);
  if (!c || corpus_load_author_graph(c, &o.filter, &g) < 0)
    goto out;
  verbose("read %zu authors and %zu links in %.2f s", g.nauthors, g.nlinks,
          elapsed(&start));
  size_t n = g.nauthors;
  edges = xmalloc((g.nlinks ? g.nlinks : 1) * sizeof(*edges));
  for (size_t i = 0; i < g.nlinks; i++)
    edges[i] = (struct leaders_edge){g.links[i].src, g.links[i].dst,
                                     (double)g.links[i].weight};
  posts = xcalloc(n ? n : 1, sizeof(double));
  started = xcalloc(n ? n : 1, sizeof(double));
  months = xcalloc(n ? n : 1, sizeof(double));
  brand = xcalloc(n ? n : 1, sizeof(int));
  for (size_t i = 0; i < n; i++) {
    posts[i] = (double)g.authors[i].posts;
    started[i] = (double)g.authors[i].threads_started;
    months[i] = (double)g.authors[i].months_active;
    for (size_t b = 0; b < o.nbrands; b++)
      if (!strcasecmp(g.authors[i].name, o.brands[b]))
        brand[i] = 1;
  }
  struct leaders_input in = {.n = n,
                             .edges = edges,
                             .nedges = g.nlinks,
                             .posts = posts,
                             .threads_started = started,
                             .months_active = months,
                             .brand = brand};
  if (leaders_compute(&in, o.seed, &r) < 0)
    goto out;
  have_result = 1;
  verbose("computed the measures and communities at %.2f s", elapsed(&start));
  order = xmalloc((n ? n : 1) * sizeof(*order));
  for (size_t i = 0; i < n; i++)
    order[i] = i;
  qsort_r(order, n, sizeof(*order), by_score, r.m[LM_SCORE]);

  if (store_run(c, &o, &g, &r, brand, order, !topics, &run_id) < 0)
    goto out;
  verbose("stored run %lld at %.2f s", (long long)run_id, elapsed(&start));
  /* Topics go under the same run, in a transaction of their own; the
   * run is finished only after them, so that a stats run stopped in
   * between is not read as one without topics. */
  if (topics) {
    ts.seed = o.seed;
    ts.n_leaders = n < TIMELINE_LEADERS ? n : TIMELINE_LEADERS;
    leader_ids = xmalloc((ts.n_leaders ? ts.n_leaders : 1) *
                         sizeof *leader_ids);
    for (size_t j = 0; j < ts.n_leaders; j++)
      leader_ids[j] = g.authors[order[j]].id;
    ts.leaders = leader_ids;
    if (topics_run(c, run_id, &ts) < 0 || finish_run(c, &g, &r, run_id) < 0)
      goto out;
    verbose("topics done at %.2f s", elapsed(&start));
  }
  print_summary(&o, &g, &r, brand, order, run_id);
  ret = 0;
out:
  if (have_result)
    leaders_result_release(&r);
  free(order);
  free(leader_ids);
  free(brand);
  free(months);
  free(started);
  free(posts);
  free(edges);
  free(o.brands);
  corpus_author_graph_release(&g);
  if (corpus_close(c) < 0)
    ret = 1;
  return ret;
}
