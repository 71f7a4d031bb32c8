/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Measures around the topic model: agreement of two labelings (NMI,
 * ARI) and the trend of a share over time (slope with a 95% interval).
 */
#include "stats/topics.h"
#include "util/util.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_fit.h>
#include <math.h>
#include <stdlib.h>

/* Contingency table of two labelings; returns the number of items
 * counted, with the table (ka x kb) in *tab. */
static size_t contingency(const int *a, const int *b, size_t n, int *ka,
                          int *kb, double **tab)
{
  size_t used = 0;

  *ka = *kb = 0;
  for (size_t i = 0; i < n; i++) {
    if (a[i] < 0 || b[i] < 0)
      continue;
    if (a[i] >= *ka)
      *ka = a[i] + 1;
    if (b[i] >= *kb)
      *kb = b[i] + 1;
  }
  *tab =
      xcalloc((size_t)(*ka ? *ka : 1) * (size_t)(*kb ? *kb : 1), sizeof **tab);
  for (size_t i = 0; i < n; i++)
    if (a[i] >= 0 && b[i] >= 0) {
      (*tab)[(size_t)a[i] * (size_t)*kb + (size_t)b[i]] += 1;
      used++;
    }
  return used;
}

double topics_nmi(const int *a, const int *b, size_t n)
{
  int ka, kb;
  double *tab, ha = 0, hb = 0, mi = 0, nn;
  double *ra, *rb;
  size_t used = contingency(a, b, n, &ka, &kb, &tab);

  nn = (double)used;
  ra = xcalloc((size_t)ka + 1, sizeof *ra);
  rb = xcalloc((size_t)kb + 1, sizeof *rb);
  for (int i = 0; i < ka; i++)
    for (int j = 0; j < kb; j++) {
      ra[i] += tab[(size_t)i * (size_t)kb + (size_t)j];
      rb[j] += tab[(size_t)i * (size_t)kb + (size_t)j];
    }
  for (int i = 0; i < ka; i++)
    if (ra[i] > 0)
      ha -= ra[i] / nn * log(ra[i] / nn);
  for (int j = 0; j < kb; j++)
    if (rb[j] > 0)
      hb -= rb[j] / nn * log(rb[j] / nn);
  for (int i = 0; i < ka; i++)
    for (int j = 0; j < kb; j++) {
      double c = tab[(size_t)i * (size_t)kb + (size_t)j];
      if (c > 0)
        mi += c / nn * log(c * nn / (ra[i] * rb[j]));
    }
  free(tab);
  free(ra);
  free(rb);
  if (ha + hb <= 0)
    return 1.0; /* both labelings put everything in one class */
  return mi / ((ha + hb) / 2);
}

/* n choose 2 */
static double pairs(double n) { return n * (n - 1) / 2; }

double topics_ari(const int *a, const int *b, size_t n)
{
  int ka, kb;
  double *tab, *ra, *rb, idx = 0, sa = 0, sb = 0, expect, maxi;
  size_t used = contingency(a, b, n, &ka, &kb, &tab);

  ra = xcalloc((size_t)ka + 1, sizeof *ra);
  rb = xcalloc((size_t)kb + 1, sizeof *rb);
  for (int i = 0; i < ka; i++)
    for (int j = 0; j < kb; j++) {
      double c = tab[(size_t)i * (size_t)kb + (size_t)j];
      ra[i] += c;
      rb[j] += c;
      idx += pairs(c);
    }
  for (int i = 0; i < ka; i++)
    sa += pairs(ra[i]);
  for (int j = 0; j < kb; j++)
    sb += pairs(rb[j]);
  free(tab);
  free(ra);
  free(rb);
  expect = used > 1 ? sa * sb / pairs((double)used) : 0;
  maxi = (sa + sb) / 2;
  if (maxi - expect == 0)
    return 1.0;
  return (idx - expect) / (maxi - expect);
}

int topics_trend(const double *x, const double *y, size_t n, double *slope,
                 double *low, double *high)
{
  double c0, c1, cov00, cov01, cov11, sumsq, t;

  if (n < 3)
    return -1;
  gsl_fit_linear(x, 1, y, 1, n, &c0, &c1, &cov00, &cov01, &cov11, &sumsq);
  t = gsl_cdf_tdist_Pinv(0.975, (double)(n - 2));
  *slope = c1;
  *low = c1 - t * sqrt(cov11);
  *high = c1 + t * sqrt(cov11);
  return 0;
}
