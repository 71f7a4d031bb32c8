/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The leader network's layout: Fruchterman-Reingold from igraph, seeded
 * with the stats run's seed so that the same corpus gives the same
 * picture.  igraph is used here for layout only; its types stay in this
 * file.
 */
#include "report/internal.h"

#include <igraph/igraph.h>
#include <math.h>
#include <stdlib.h>

/* Report igraph's failure once instead of aborting (as stats/ does). */
static void layout_error(const char *reason, const char *file, int line,
                         igraph_error_t err)
{
  (void)file;
  (void)line;
  IGRAPH_FINALLY_FREE();
  if (reason && *reason)
    error("cannot lay out the leader network: igraph: %s (%s)", reason,
          igraph_strerror(err));
}

/* Scale the tied nodes' coordinates (tied[i]) to [lo, hi]; all equal:
 * the middle. */
static void normalise(double *v, const int *tied, size_t n, double lo,
                      double hi)
{
  double min = INFINITY, max = -INFINITY;

  for (size_t i = 0; i < n; i++)
    if (tied[i]) {
      min = v[i] < min ? v[i] : min;
      max = v[i] > max ? v[i] : max;
    }
  for (size_t i = 0; i < n; i++)
    if (tied[i])
      v[i] = max - min > 1e-9 ? lo + (hi - lo) * (v[i] - min) / (max - min)
                              : (lo + hi) / 2;
}

int report_layout(size_t n, const size_t *src, const size_t *dst,
                  const double *weight, size_t nedges, uint64_t seed, double *x,
                  double *y)
{
  igraph_error_handler_t *old = igraph_set_error_handler(layout_error);
  igraph_vector_int_t ev;
  igraph_vector_t w;
  igraph_matrix_t res;
  igraph_t g;
  int ret = -1, have_ev = 0, have_w = 0, have_g = 0, have_res = 0;

  igraph_rng_seed(igraph_rng_default(), (igraph_uint_t)seed);
  if (igraph_vector_int_init(&ev, (igraph_integer_t)(2 * nedges)))
    goto out;
  have_ev = 1;
  if (igraph_vector_init(&w, (igraph_integer_t)nedges))
    goto out;
  have_w = 1;
  for (size_t i = 0; i < nedges; i++) {
    VECTOR(ev)[2 * i] = (igraph_integer_t)src[i];
    VECTOR(ev)[2 * i + 1] = (igraph_integer_t)dst[i];
    /* more answers pull harder, but not overwhelmingly */
    VECTOR(w)[i] = 1 + log1p(weight[i]);
  }
  if (igraph_create(&g, &ev, (igraph_integer_t)n, IGRAPH_UNDIRECTED))
    goto out;
  have_g = 1;
  if (igraph_matrix_init(&res, 0, 0))
    goto out;
  have_res = 1;
  if (igraph_layout_fruchterman_reingold(&g, &res, 0, 500, sqrt((double)n),
                                         IGRAPH_LAYOUT_NOGRID, &w, NULL, NULL,
                                         NULL, NULL))
    goto out;
  for (size_t i = 0; i < n; i++) {
    x[i] = MATRIX(res, (igraph_integer_t)i, 0);
    y[i] = MATRIX(res, (igraph_integer_t)i, 1);
  }
  /* Leaders without a tie to another leader would drift to the edge and
   * squeeze the rest: they go in a row along the bottom instead. */
  int *tied = xcalloc(n ? n : 1, sizeof(*tied));
  size_t nlone = 0, k = 0;
  for (size_t i = 0; i < nedges; i++)
    tied[src[i]] = tied[dst[i]] = 1;
  for (size_t i = 0; i < n; i++)
    nlone += !tied[i];
  normalise(x, tied, n, 0.02, 0.98);
  normalise(y, tied, n, 0.02, nlone ? 0.82 : 0.98);
  for (size_t i = 0; i < n; i++)
    if (!tied[i]) {
      x[i] = nlone > 1 ? 0.02 + 0.96 * (double)k++ / (double)(nlone - 1) : 0.5;
      y[i] = 0.98;
    }
  free(tied);
  ret = 0;
out:
  if (have_res)
    igraph_matrix_destroy(&res);
  if (have_g)
    igraph_destroy(&g);
  if (have_w)
    igraph_vector_destroy(&w);
  if (have_ev)
    igraph_vector_int_destroy(&ev);
  igraph_set_error_handler(old);
  return ret;
}
