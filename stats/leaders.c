/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Opinion leaders: centralities, communities, the leader score and roles
 * of an author graph, with igraph doing the graph algorithms.
 *
 * The graph is directed and weighted: an edge from the author who
 * answered to the author answered, weight = number of such relations.
 *
 * Leader score.  Three families, each a percentile rank in 0..1 (ties
 * share their mean rank):
 *   recognition = mean of the percentiles of replies received (in-strength),
 *                 distinct repliers and weighted PageRank;
 *   activity    = mean of the percentiles of posts, threads started and
 *                 months active;
 *   brokerage   = percentile of betweenness.
 *   score = 0.6 recognition + 0.25 activity + 0.15 brokerage.
 * Recognition weighs most because standing is what others grant, activity
 * next because a voice has to be heard, brokerage least because it is
 * noisy in small graphs.  The parts are stored so that a report can say
 * why someone ranks high.
 *
 * Roles, first rule that holds:
 *   recognised voice      recognition >= 0.9
 *   merely loud           activity >= 0.8 and recognition < 0.5 (before
 *                         connector: answering everyone makes a broker
 *                         of the loud too)
 *   connector             brokerage >= 0.9 and betweenness > 0
 *   conversation starter  threads started percentile >= 0.9, at least one
 *   helper                replies given percentile >= 0.8 and recognition
 *                         >= 0.5 (answers much and is answered in turn)
 *   member                otherwise.
 */
#include "stats/graph.h"
#include "util/util.h"

#include <igraph/igraph.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define SCORE_W_RECOGNITION 0.6
#define SCORE_W_ACTIVITY 0.25
#define SCORE_W_BROKERAGE 0.15

const char *const leaders_metric_names[LM_COUNT] = {
    [LM_IN_STRENGTH] = "in_strength",
    [LM_OUT_STRENGTH] = "out_strength",
    [LM_REPLIERS] = "repliers",
    [LM_ANSWERED] = "answered",
    [LM_PAGERANK] = "pagerank",
    [LM_AUTHORITY] = "authority",
    [LM_HUB] = "hub",
    [LM_BETWEENNESS] = "betweenness",
    [LM_CORENESS] = "coreness",
    [LM_RECOGNITION] = "recognition",
    [LM_ACTIVITY] = "activity",
    [LM_BROKERAGE] = "brokerage",
    [LM_SCORE] = "leader_score",
    [LM_COMMUNITY] = "community",
    [LM_ROLE] = "role",
};

const char *const leaders_role_names[ROLE_COUNT] = {
    [ROLE_MEMBER] = "member",       [ROLE_VOICE] = "recognised voice",
    [ROLE_CONNECTOR] = "connector", [ROLE_STARTER] = "conversation starter",
    [ROLE_HELPER] = "helper",       [ROLE_LOUD] = "merely loud",
};

/* igraph reports through here instead of aborting: free what igraph had
 * registered for cleanup and say what went wrong (once: igraph calls
 * again without a reason as the error travels up); the igraph call then
 * returns its error code to us. */
static void igraph_error_report(const char *reason, const char *file, int line,
                                igraph_error_t err)
{
  (void)file;
  (void)line;
  IGRAPH_FINALLY_FREE();
  if (!reason || !*reason) /* the same error passed up a level */
    return;
  error("cannot compute the author network: igraph: %s (%s)", reason,
        igraph_strerror(err));
}

static void igraph_warning_report(const char *reason, const char *file,
                                  int line)
{
  (void)file;
  (void)line;
  verbose("igraph: %s", reason);
}

struct rank_item {
  double v;
  size_t i;
};

static int rank_item_cmp(const void *a, const void *b)
{
  const struct rank_item *x = a, *y = b;

  if (x->v < y->v)
    return -1;
  if (x->v > y->v)
    return 1;
  return x->i < y->i ? -1 : x->i > y->i;
}

void leaders_percentiles(const double *v, size_t n, double *pct)
{
  struct rank_item *items;

  if (n == 0)
    return;
  if (n == 1) {
    pct[0] = 1;
    return;
  }
  items = xmalloc(n * sizeof(*items));
  for (size_t i = 0; i < n; i++) {
    items[i].v = v ? v[i] : 0;
    items[i].i = i;
  }
  qsort(items, n, sizeof(*items), rank_item_cmp);
  for (size_t a = 0; a < n;) {
    size_t b = a;
    while (b + 1 < n && items[b + 1].v == items[a].v)
      b++;
    /* ranks a..b (0-based) share their mean */
    double r = ((double)a + (double)b) / 2 / (double)(n - 1);
    for (size_t k = a; k <= b; k++)
      pct[items[k].i] = r;
    a = b + 1;
  }
  free(items);
}

void leaders_result_release(struct leaders_result *r)
{
  for (int k = 0; k < LM_COUNT; k++)
    free(r->m[k]);
  free(r->role);
  free(r->community);
  memset(r, 0, sizeof(*r));
}

/* Copy an igraph vector into a plain array of n doubles. */
static void copy_out(const igraph_vector_t *v, double *dst, size_t n)
{
  for (size_t i = 0; i < n; i++)
    dst[i] = VECTOR(*v)[i];
}

/* Betweenness, unweighted (weights count answers, not distances), exact
 * for small graphs, else from a seeded sample of sources scaled up. */
static int compute_betweenness(const igraph_t *g, size_t n,
                               struct leaders_result *out)
{
  igraph_vector_t res;
  igraph_vector_int_t src;
  int ret = -1;

  if (igraph_vector_init(&res, 0))
    return -1;
  if (n <= LEADERS_EXACT_BETWEENNESS) {
    out->betweenness_exact = 1;
    out->betweenness_sources = n;
    if (igraph_betweenness(g, &res, igraph_vss_all(), 1, NULL))
      goto out;
    copy_out(&res, out->m[LM_BETWEENNESS], n);
    ret = 0;
    goto out;
  }
  size_t k = LEADERS_BETWEENNESS_SAMPLE;
  igraph_integer_t *perm = xmalloc(n * sizeof(*perm));
  for (size_t i = 0; i < n; i++)
    perm[i] = (igraph_integer_t)i;
  /* partial Fisher-Yates with igraph's seeded generator */
  for (size_t i = 0; i < k; i++) {
    size_t j = i + (size_t)igraph_rng_get_integer(
                       igraph_rng_default(), 0, (igraph_integer_t)(n - i - 1));
    igraph_integer_t t = perm[i];
    perm[i] = perm[j];
    perm[j] = t;
  }
  if (igraph_vector_int_init_array(&src, perm, (igraph_integer_t)k)) {
    free(perm);
    goto out;
  }
  free(perm);
  out->betweenness_exact = 0;
  out->betweenness_sources = k;
  if (igraph_betweenness_subset(g, &res, igraph_vss_all(), 1,
                                igraph_vss_vector(&src), igraph_vss_all(),
                                NULL) == IGRAPH_SUCCESS) {
    for (size_t i = 0; i < n; i++)
      out->m[LM_BETWEENNESS][i] = VECTOR(res)[i] * (double)n / (double)k;
    ret = 0;
  }
  igraph_vector_int_destroy(&src);
out:
  igraph_vector_destroy(&res);
  return ret;
}

/* Leiden with the modularity objective on the undirected version of the
 * graph (edge weights summed over both directions). */
static int compute_communities(const struct leaders_input *in,
                               const igraph_vector_int_t *edges,
                               const igraph_vector_t *w,
                               struct leaders_result *out)
{
  igraph_t ug;
  igraph_vector_t strength;
  igraph_vector_int_t memb;
  igraph_integer_t nclu = 0;
  igraph_real_t quality = 0, total = 0;
  int ret = -1;

  if (igraph_create(&ug, edges, (igraph_integer_t)in->n, 0))
    return -1;
  if (igraph_vector_init(&strength, 0)) {
    igraph_destroy(&ug);
    return -1;
  }
  if (igraph_vector_int_init(&memb, 0)) {
    igraph_vector_destroy(&strength);
    igraph_destroy(&ug);
    return -1;
  }
  if (igraph_strength(&ug, &strength, igraph_vss_all(), IGRAPH_ALL, 1, w))
    goto out;
  for (size_t i = 0; i < in->nedges; i++)
    total += in->edges[i].weight;
  if (total > 0) {
    if (igraph_community_leiden(&ug, w, &strength, 1.0 / (2 * total), 0.01, 0,
                                -1, &memb, &nclu, &quality))
      goto out;
    if (igraph_modularity(&ug, &memb, w, 1, 0, &out->modularity))
      goto out;
    for (size_t i = 0; i < in->n; i++)
      out->community[i] = (int)VECTOR(memb)[i];
    out->ncommunities = (size_t)nclu;
  } else {
    for (size_t i = 0; i < in->n; i++)
      out->community[i] = (int)i;
    out->ncommunities = in->n;
  }
  ret = 0;
out:
  igraph_vector_int_destroy(&memb);
  igraph_vector_destroy(&strength);
  igraph_destroy(&ug);
  return ret;
}

/* Families, score and roles from the measures (see the top comment). */
static void score_and_roles(const struct leaders_input *in,
                            struct leaders_result *out)
{
  size_t n = in->n;
  double *p[6];

  for (int k = 0; k < 6; k++)
    p[k] = xmalloc((n ? n : 1) * sizeof(double));
  leaders_percentiles(out->m[LM_IN_STRENGTH], n, p[0]);
  leaders_percentiles(out->m[LM_REPLIERS], n, p[1]);
  leaders_percentiles(out->m[LM_PAGERANK], n, p[2]);
  leaders_percentiles(in->posts, n, p[3]);
  leaders_percentiles(in->threads_started, n, p[4]);
  leaders_percentiles(in->months_active, n, p[5]);
  leaders_percentiles(out->m[LM_BETWEENNESS], n, out->m[LM_BROKERAGE]);
  for (size_t i = 0; i < n; i++) {
    double rec = (p[0][i] + p[1][i] + p[2][i]) / 3;
    double act = (p[3][i] + p[4][i] + p[5][i]) / 3;
    double bro = out->m[LM_BROKERAGE][i];
    out->m[LM_RECOGNITION][i] = rec;
    out->m[LM_ACTIVITY][i] = act;
    out->m[LM_SCORE][i] = SCORE_W_RECOGNITION * rec + SCORE_W_ACTIVITY * act +
                          SCORE_W_BROKERAGE * bro;
  }
  /* p[0] is reused for the percentile of replies given */
  leaders_percentiles(out->m[LM_OUT_STRENGTH], n, p[0]);
  for (size_t i = 0; i < n; i++) {
    double rec = out->m[LM_RECOGNITION][i];
    int role = ROLE_MEMBER;
    if (rec >= 0.9)
      role = ROLE_VOICE;
    else if (out->m[LM_ACTIVITY][i] >= 0.8 && rec < 0.5)
      role = ROLE_LOUD;
    else if (out->m[LM_BROKERAGE][i] >= 0.9 && out->m[LM_BETWEENNESS][i] > 0)
      role = ROLE_CONNECTOR;
    else if (p[4][i] >= 0.9 && in->threads_started &&
             in->threads_started[i] > 0)
      role = ROLE_STARTER;
    else if (p[0][i] >= 0.8 && rec >= 0.5)
      role = ROLE_HELPER;
    out->role[i] = role;
    out->m[LM_ROLE][i] = role;
    out->m[LM_COMMUNITY][i] = out->community[i];
  }
  for (int k = 0; k < 6; k++)
    free(p[k]);
}

int leaders_compute(const struct leaders_input *in, uint64_t seed,
                    struct leaders_result *out)
{
  igraph_error_handler_t *old_error;
  igraph_warning_handler_t *old_warning;
  igraph_t g;
  igraph_vector_int_t edges, core;
  igraph_vector_t w, v1, v2;
  igraph_real_t value;
  size_t n = in->n;
  int have_graph = 0, ret = -1;

  memset(out, 0, sizeof(*out));
  out->n = n;
  out->betweenness_exact = 1;
  for (int k = 0; k < LM_COUNT; k++)
    out->m[k] = xcalloc(n ? n : 1, sizeof(double));
  out->role = xcalloc(n ? n : 1, sizeof(int));
  out->community = xcalloc(n ? n : 1, sizeof(int));

  for (size_t i = 0; i < in->nedges; i++)
    if (in->edges[i].src >= n || in->edges[i].dst >= n) {
      leaders_result_release(out);
      return error("cannot compute the author network: link %zu names "
                   "an author beyond %zu",
                   i, n);
    }
  old_error = igraph_set_error_handler(igraph_error_report);
  old_warning = igraph_set_warning_handler(igraph_warning_report);
  igraph_rng_seed(igraph_rng_default(), (igraph_uint_t)seed);

  if (igraph_vector_int_init(&edges, (igraph_integer_t)(2 * in->nedges)))
    goto restore;
  if (igraph_vector_init(&w, (igraph_integer_t)in->nedges)) {
    igraph_vector_int_destroy(&edges);
    goto restore;
  }
  for (size_t i = 0; i < in->nedges; i++) {
    const struct leaders_edge *e = &in->edges[i];
    VECTOR(edges)[2 * i] = (igraph_integer_t)e->src;
    VECTOR(edges)[2 * i + 1] = (igraph_integer_t)e->dst;
    VECTOR(w)[i] = e->weight;
    out->m[LM_OUT_STRENGTH][e->src] += e->weight;
    out->m[LM_IN_STRENGTH][e->dst] += e->weight;
    out->m[LM_ANSWERED][e->src] += 1;
    out->m[LM_REPLIERS][e->dst] += 1;
  }
  igraph_vector_init(&v1, 0);
  igraph_vector_init(&v2, 0);
  igraph_vector_int_init(&core, 0);
  if (igraph_create(&g, &edges, (igraph_integer_t)n, 1))
    goto out;
  have_graph = 1;
  if (n == 0) {
    ret = 0;
    goto out;
  }
  if (igraph_pagerank(&g, IGRAPH_PAGERANK_ALGO_PRPACK, &v1, &value,
                      igraph_vss_all(), 1, 0.85, &w, NULL))
    goto out;
  copy_out(&v1, out->m[LM_PAGERANK], n);
  if (in->nedges > 0) {
    if (igraph_hub_and_authority_scores(&g, &v1, &v2, &value, 1, &w, NULL))
      goto out;
    copy_out(&v1, out->m[LM_HUB], n);
    copy_out(&v2, out->m[LM_AUTHORITY], n);
  }
  if (compute_betweenness(&g, n, out) < 0)
    goto out;
  if (igraph_coreness(&g, &core, IGRAPH_ALL))
    goto out;
  for (size_t i = 0; i < n; i++)
    out->m[LM_CORENESS][i] = (double)VECTOR(core)[i];
  if (compute_communities(in, &edges, &w, out) < 0)
    goto out;
  score_and_roles(in, out);
  ret = 0;
out:
  if (have_graph)
    igraph_destroy(&g);
  igraph_vector_int_destroy(&core);
  igraph_vector_destroy(&v2);
  igraph_vector_destroy(&v1);
  igraph_vector_destroy(&w);
  igraph_vector_int_destroy(&edges);
restore:
  igraph_set_error_handler(old_error);
  igraph_set_warning_handler(old_warning);
  if (ret < 0)
    leaders_result_release(out);
  return ret;
}
