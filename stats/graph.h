/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Internal to stats/: the leader computation on an author graph that is
 * already in memory, kept apart from the corpus so that tests can feed it
 * known graphs.  igraph types stay inside stats/leaders.c.
 *
 * The caller owns struct leaders_input and its arrays; leaders_compute()
 * fills a struct leaders_result whose arrays the caller frees with
 * leaders_result_release().
 */
#ifndef NETNO_STATS_GRAPH_H
#define NETNO_STATS_GRAPH_H

#include <stddef.h>
#include <stdint.h>

/* Betweenness is exact up to this many authors, sampled beyond. */
#define LEADERS_EXACT_BETWEENNESS 5000
/* Sources sampled for estimated betweenness. */
#define LEADERS_BETWEENNESS_SAMPLE 200

/* One directed edge: src answered dst weight times (src != dst). */
struct leaders_edge {
  size_t src, dst;
  double weight;
};

/* What is known of each author besides the graph (NULL: all zero). */
struct leaders_input {
  size_t n;
  const struct leaders_edge *edges;
  size_t nedges;
  const double *posts, *threads_started, *months_active;
  const int *brand; /* 1: an official account of the brand; may be NULL */
};

/* The per-author measures, in the order of leaders_metric_names[]. */
enum leaders_metric {
  LM_IN_STRENGTH,  /* replies received */
  LM_OUT_STRENGTH, /* replies given */
  LM_REPLIERS,     /* distinct authors who answered */
  LM_ANSWERED,     /* distinct authors answered */
  LM_PAGERANK,
  LM_AUTHORITY,
  LM_HUB,
  LM_BETWEENNESS,
  LM_CORENESS,
  LM_RECOGNITION, /* family percentiles, 0..1 */
  LM_ACTIVITY,
  LM_BROKERAGE,
  LM_SCORE,
  LM_COMMUNITY,
  LM_ROLE,
  LM_COUNT
};
extern const char *const leaders_metric_names[LM_COUNT];

enum leaders_role {
  ROLE_MEMBER,
  ROLE_VOICE,     /* recognised voice */
  ROLE_CONNECTOR, /* high brokerage */
  ROLE_STARTER,   /* conversation starter */
  ROLE_HELPER,    /* answers much and is answered */
  ROLE_LOUD,      /* merely loud */
  ROLE_COUNT
};
extern const char *const leaders_role_names[ROLE_COUNT];

struct leaders_result {
  size_t n;
  double *m[LM_COUNT]; /* each n values */
  int *role;
  int *community; /* 0-based Leiden community of each author */
  size_t ncommunities;
  double modularity;
  int betweenness_exact; /* 0: estimated from sampled sources */
  size_t betweenness_sources;
};

/* Compute everything with igraph; seed drives Leiden and the betweenness
 * sample.  Returns -1 (reported) when igraph fails. */
int leaders_compute(const struct leaders_input *in, uint64_t seed,
                    struct leaders_result *out);
void leaders_result_release(struct leaders_result *r);

/* Percentile ranks of v[0..n) into pct: ties share their mean rank,
 * lowest 0, highest 1 (a single value: 1). */
void leaders_percentiles(const double *v, size_t n, double *pct);

#endif
