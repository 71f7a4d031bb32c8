/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The topic model proper: TF-IDF as a sparse matrix, a randomised
 * truncated SVD (Halko, Martinsson, Tropp 2011, algorithm 4.4: range
 * finder with oversampling and power iterations, QR between them),
 * spherical k-means++ with restarts on the normalised reduced rows,
 * class-based TF-IDF labels, NPMI coherence and a sampled silhouette.
 */
#include "stats/topics.h"
#include "util/util.h"

#include <gsl/gsl_blas.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define SVD_DIM 100     /* reduced dimensions */
#define SVD_OVER 10     /* oversampling */
#define SVD_POWER 3     /* power iterations */
#define KM_RESTARTS 10  /* k-means restarts */
#define KM_ITER 100     /* iterations per restart at most */
#define KM_ITER_SCORE 25 /* the same, when only scoring a K */
#define KM_RESTARTS_SCORE 3
#define SCORE_ROWS 8000  /* rows that choose K, at most */
#define SAMPLE_ROWS 20000 /* above this, directions and K from a sample */
#define KM_ITER_LARGE 10  /* Lloyd iterations over all rows then */
#define REFINE_ITER 20   /* full-space k-means iterations at most */
#define SIL_SAMPLE 1000 /* documents in the silhouette sample */
#define NPMI_TERMS 5    /* top terms whose pairs make coherence */

/* Rows of the document-term matrix: active documents only. */
struct csr {
  size_t rows, cols;
  size_t *ptr; /* rows + 1 */
  int *col;
  double *val; /* TF-IDF, rows l2-normalised */
  int *cnt;    /* raw counts, for labels */
};

static void csr_release(struct csr *a)
{
  free(a->ptr);
  free(a->col);
  free(a->val);
  free(a->cnt);
}

static int cmp_int(const void *a, const void *b)
{
  int x = *(const int *)a, y = *(const int *)b;
  return (x > y) - (x < y);
}

/* Corpus stop words and rare terms out, TF-IDF in.  Fills a with the
 * documents that keep a term (doc_of[row] = document index) and
 * term_of[col] = vocabulary term. */
static void build_matrix(struct doc_terms *docs, size_t n, size_t n_terms,
                         struct csr *a, size_t **doc_of, int **term_of)
{
  size_t *df = xcalloc(n_terms, sizeof *df);
  int *newcol = xmalloc(n_terms * sizeof *newcol);
  size_t min_df = n >= 1000 ? 3 : 2;
  double max_df = (n >= 50 ? 0.3 : 0.6) * (double)n;
  size_t cols = 0, rows = 0, nnz = 0;
  double *idf;

  for (size_t i = 0; i < n; i++) {
    if (docs[i].n > 1)
      qsort(docs[i].ids, docs[i].n, sizeof *docs[i].ids, cmp_int);
    for (size_t j = 0; j < docs[i].n; j++)
      if (j == 0 || docs[i].ids[j] != docs[i].ids[j - 1])
        df[docs[i].ids[j]]++;
  }
  *term_of = xmalloc((n_terms ? n_terms : 1) * sizeof **term_of);
  for (size_t t = 0; t < n_terms; t++) {
    newcol[t] = -1;
    if (df[t] >= min_df && (double)df[t] <= max_df) {
      (*term_of)[cols] = (int)t;
      newcol[t] = (int)cols++;
    }
  }
  idf = xmalloc((cols ? cols : 1) * sizeof *idf);
  for (size_t c = 0; c < cols; c++)
    idf[c] = log((1.0 + (double)n) / (1.0 + (double)df[(*term_of)[c]])) + 1;
  for (size_t i = 0; i < n; i++)
    for (size_t j = 0; j < docs[i].n; j++)
      if (newcol[docs[i].ids[j]] >= 0 &&
          (j == 0 || docs[i].ids[j] != docs[i].ids[j - 1]))
        nnz++;
  a->cols = cols;
  a->ptr = xmalloc((n + 1) * sizeof *a->ptr);
  a->col = xmalloc((nnz ? nnz : 1) * sizeof *a->col);
  a->val = xmalloc((nnz ? nnz : 1) * sizeof *a->val);
  a->cnt = xmalloc((nnz ? nnz : 1) * sizeof *a->cnt);
  *doc_of = xmalloc((n ? n : 1) * sizeof **doc_of);
  nnz = 0;
  a->ptr[0] = 0;
  for (size_t i = 0; i < n; i++) {
    size_t start = nnz;
    double norm = 0;
    for (size_t j = 0; j < docs[i].n;) {
      size_t e = j;
      int c = newcol[docs[i].ids[j]];
      while (e < docs[i].n && docs[i].ids[e] == docs[i].ids[j])
        e++;
      if (c >= 0) {
        double v = (1 + log((double)(e - j))) * idf[c];
        a->col[nnz] = c;
        a->cnt[nnz] = (int)(e - j);
        a->val[nnz++] = v;
        norm += v * v;
      }
      j = e;
    }
    if (nnz == start)
      continue;
    norm = sqrt(norm);
    for (size_t j = start; j < nnz; j++)
      a->val[j] /= norm;
    (*doc_of)[rows++] = i;
    a->ptr[rows] = nnz;
  }
  a->rows = rows;
  free(df);
  free(newcol);
  free(idf);
}

/* y = A x for dense x (cols x l), y (rows x l). */
static void csr_mul(const struct csr *a, const gsl_matrix *x, gsl_matrix *y)
{
  size_t l = x->size2;

  gsl_matrix_set_zero(y);
  for (size_t i = 0; i < a->rows; i++) {
    double *yr = y->data + i * y->tda;
    for (size_t p = a->ptr[i]; p < a->ptr[i + 1]; p++) {
      const double *xr = x->data + (size_t)a->col[p] * x->tda;
      double v = a->val[p];
      for (size_t j = 0; j < l; j++)
        yr[j] += v * xr[j];
    }
  }
}

/* z = A^T y for dense y (rows x l), z (cols x l). */
static void csr_tmul(const struct csr *a, const gsl_matrix *y, gsl_matrix *z)
{
  size_t l = y->size2;

  gsl_matrix_set_zero(z);
  for (size_t i = 0; i < a->rows; i++) {
    const double *yr = y->data + i * y->tda;
    for (size_t p = a->ptr[i]; p < a->ptr[i + 1]; p++) {
      double *zr = z->data + (size_t)a->col[p] * z->tda;
      double v = a->val[p];
      for (size_t j = 0; j < l; j++)
        zr[j] += v * yr[j];
    }
  }
}

/* Replace the columns of y (m x l, m >= l) by an orthonormal basis of
 * their span: Householder QR, then the thin Q as Q applied to the first
 * l columns of the identity.  R (upper triangle) goes to r when not
 * NULL. */
static void orthonormalize(gsl_matrix *y, gsl_matrix *r)
{
  size_t m = y->size1, l = y->size2;
  gsl_vector *tau = gsl_vector_alloc(l);
  gsl_matrix *q = gsl_matrix_calloc(m, l);

  gsl_linalg_QR_decomp(y, tau);
  if (r)
    for (size_t i = 0; i < l; i++)
      for (size_t j = 0; j < l; j++)
        gsl_matrix_set(r, i, j, i <= j ? gsl_matrix_get(y, i, j) : 0.0);
  /* Q E = H_0 (H_1 (... H_{l-1} E)), H_j = I - tau_j v_j v_j^T with v_j
   * below the diagonal of column j (v_j[j] = 1); row by row for the
   * cache, and only columns >= j are non-zero at step j. */
  for (size_t j = 0; j < l; j++)
    gsl_matrix_set(q, j, j, 1.0);
  {
    double *w = xmalloc(l * sizeof *w);
    for (size_t jj = l; jj-- > 0;) {
      double t = gsl_vector_get(tau, jj);
      if (t == 0)
        continue;
      for (size_t c = jj; c < l; c++)
        w[c] = gsl_matrix_get(q, jj, c);
      for (size_t i = jj + 1; i < m; i++) {
        double v = y->data[i * y->tda + jj];
        const double *qr = q->data + i * q->tda;
        if (v != 0)
          for (size_t c = jj; c < l; c++)
            w[c] += v * qr[c];
      }
      for (size_t c = jj; c < l; c++)
        q->data[jj * q->tda + c] -= t * w[c];
      for (size_t i = jj + 1; i < m; i++) {
        double v = t * y->data[i * y->tda + jj];
        double *qr = q->data + i * q->tda;
        if (v != 0)
          for (size_t c = jj; c < l; c++)
            qr[c] -= v * w[c];
      }
    }
    free(w);
  }
  gsl_matrix_memcpy(y, q);
  gsl_matrix_free(q);
  gsl_vector_free(tau);
}

/* One Cholesky QR step: G = Y^T Y = R^T R, Y := Y R^-1, row by row (the
 * rows are contiguous, the Householder QR's columns are not).  -1, with
 * y unchanged, when G is not numerically positive definite. */
static int cholqr_once(gsl_matrix *y, gsl_matrix *r)
{
  size_t m = y->size1, l = y->size2;
  gsl_matrix *g = gsl_matrix_calloc(l, l);
  int ok = 1;

  for (size_t i = 0; i < m; i++) {
    const double *yr = y->data + i * y->tda;
    for (size_t a = 0; a < l; a++) {
      double v = yr[a], *gr = g->data + a * g->tda;
      if (v != 0)
        for (size_t b = a; b < l; b++)
          gr[b] += v * yr[b];
    }
  }
  /* Cholesky in place: G = R^T R with R upper triangular. */
  for (size_t a = 0; a < l && ok; a++) {
    double *ra = g->data + a * g->tda, d = ra[a];
    for (size_t p = 0; p < a; p++) {
      double v = g->data[p * g->tda + a];
      d -= v * v;
    }
    if (!(d > 1e-12 * (g->data[0] > 0 ? g->data[0] : 1))) {
      ok = 0;
      break;
    }
    ra[a] = sqrt(d);
    for (size_t b = a + 1; b < l; b++) {
      double v = ra[b];
      for (size_t p = 0; p < a; p++)
        v -= g->data[p * g->tda + a] * g->data[p * g->tda + b];
      ra[b] = v / ra[a];
    }
  }
  /* Each row y solves q R = y: forward substitution over the columns. */
  if (ok)
    for (size_t i = 0; i < m; i++) {
      double *yr = y->data + i * y->tda;
      for (size_t b = 0; b < l; b++) {
        double v = yr[b];
        for (size_t p = 0; p < b; p++)
          v -= yr[p] * g->data[p * g->tda + b];
        yr[b] = v / g->data[b * g->tda + b];
      }
    }
  if (ok && r)
    for (size_t a = 0; a < l; a++)
      for (size_t b = 0; b < l; b++)
        gsl_matrix_set(r, a, b, a <= b ? gsl_matrix_get(g, a, b) : 0.0);
  gsl_matrix_free(g);
  return ok ? 0 : -1;
}

/* An orthonormal basis of the columns of y in place by Cholesky QR,
 * which reads y by rows (the Householder QR reads it by columns); R goes
 * to r when not NULL.  With exact, a second pass restores the
 * orthogonality the first loses to rounding (R = R2 R1); the power
 * iterations only need the columns kept apart, so one pass does there.
 * Columns too close to dependent for it take the Householder QR. */
static void orthonormalize_fast(gsl_matrix *y, gsl_matrix *r, int exact)
{
  size_t l = y->size2;
  gsl_matrix *r1 = r ? gsl_matrix_alloc(l, l) : NULL;
  gsl_matrix *r2 = r ? gsl_matrix_alloc(l, l) : NULL;
  gsl_matrix *keep = gsl_matrix_alloc(y->size1, l);

  gsl_matrix_memcpy(keep, y);
  if (cholqr_once(y, r1) < 0 || (exact && cholqr_once(y, r2) < 0)) {
    gsl_matrix_memcpy(y, keep);
    orthonormalize(y, r);
  } else if (r && exact) {
    /* R = R2 R1, both upper triangular. */
    for (size_t a = 0; a < l; a++)
      for (size_t b = 0; b < l; b++) {
        double v = 0;
        for (size_t p = a; p <= b; p++)
          v += gsl_matrix_get(r2, a, p) * gsl_matrix_get(r1, p, b);
        gsl_matrix_set(r, a, b, a <= b ? v : 0.0);
      }
  } else if (r) {
    gsl_matrix_memcpy(r, r1);
  }
  gsl_matrix_free(keep);
  if (r1)
    gsl_matrix_free(r1);
  if (r2)
    gsl_matrix_free(r2);
}

/* Rows of A projected on its top `dim` singular directions and scaled
 * by the singular values (U S), each row then normalised: rows x dim.
 * With full, the directions come from a (a sample of full's rows) and
 * the rows of full are projected: x = full W, W the right singular
 * vectors (A W = U S). */
static gsl_matrix *reduce(const struct csr *a, size_t want, gsl_rng *rng,
                          const struct csr *full)
{
  size_t small = a->rows < a->cols ? a->rows : a->cols;
  size_t l = want + SVD_OVER < small ? want + SVD_OVER : small;
  size_t dim = want < l ? want : l;
  gsl_matrix *omega = gsl_matrix_alloc(a->cols, l);
  gsl_matrix *y = gsl_matrix_alloc(a->rows, l);
  gsl_matrix *r = gsl_matrix_alloc(l, l), *v = gsl_matrix_alloc(l, l);
  gsl_vector *s = gsl_vector_alloc(l), *work = gsl_vector_alloc(l);
  gsl_matrix *qv = NULL;
  gsl_matrix *x = gsl_matrix_alloc(full ? full->rows : a->rows, dim);

  for (size_t i = 0; i < a->cols; i++)
    for (size_t j = 0; j < l; j++)
      gsl_matrix_set(omega, i, j, gsl_ran_gaussian_ziggurat(rng, 1.0));
  csr_mul(a, omega, y);
  for (int q = 0; q < SVD_POWER; q++) {
    orthonormalize_fast(y, NULL, 0);
    csr_tmul(a, y, omega);
    orthonormalize_fast(omega, NULL, 0);
    csr_mul(a, omega, y);
  }
  orthonormalize_fast(y, NULL, 1);
  /* B^T = A^T Q (cols x l) = Q2 R; B = R^T Q2^T, and the SVD of R
   * (R = U' S V'^T) gives B = V' S (Q2 U')^T: left vectors V'. */
  csr_tmul(a, y, omega);
  orthonormalize_fast(omega, r, 1);
  gsl_linalg_SV_decomp(r, v, s, work);
  if (full) {
    /* W = Q2 U' (cols x l); each row of full times W, in place of x. */
    gsl_matrix *w = gsl_matrix_alloc(a->cols, l);
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, omega, r, 0.0, w);
    gsl_matrix_set_zero(x);
    for (size_t i = 0; i < full->rows; i++) {
      double *xr = x->data + i * x->tda;
      for (size_t p = full->ptr[i]; p < full->ptr[i + 1]; p++) {
        const double *wr = w->data + (size_t)full->col[p] * w->tda;
        double val = full->val[p];
        for (size_t j = 0; j < dim; j++)
          xr[j] += val * wr[j];
      }
    }
    gsl_matrix_free(w);
  } else {
    /* Q V' S: the documents in the singular basis. */
    qv = gsl_matrix_alloc(a->rows, l);
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, y, v, 0.0, qv);
    for (size_t i = 0; i < a->rows; i++)
      for (size_t j = 0; j < dim; j++)
        gsl_matrix_set(x, i, j,
                       gsl_matrix_get(qv, i, j) * gsl_vector_get(s, j));
  }
  for (size_t i = 0; i < x->size1; i++) {
    double *xr = x->data + i * x->tda, norm = 0;
    for (size_t j = 0; j < dim; j++)
      norm += xr[j] * xr[j];
    norm = norm > 0 ? sqrt(norm) : 1;
    for (size_t j = 0; j < dim; j++)
      xr[j] /= norm;
  }
  gsl_matrix_free(omega);
  gsl_matrix_free(y);
  gsl_matrix_free(r);
  gsl_matrix_free(v);
  gsl_vector_free(s);
  gsl_vector_free(work);
  if (qv)
    gsl_matrix_free(qv);
  return x;
}

/* Centroids from assignments: normalised sums; an empty cluster takes
 * the point least similar to its own centroid (sim holds those). */
static void centroids(const gsl_matrix *x, const int *assign, const double *sim,
                      int k, gsl_matrix *c)
{
  size_t n = x->size1, d = x->size2;
  size_t *count = xcalloc((size_t)k, sizeof *count);

  gsl_matrix_set_zero(c);
  for (size_t i = 0; i < n; i++) {
    gsl_vector_const_view xr = gsl_matrix_const_row(x, i);
    gsl_vector_view cr = gsl_matrix_row(c, (size_t)assign[i]);
    gsl_blas_daxpy(1.0, &xr.vector, &cr.vector);
    count[assign[i]]++;
  }
  for (int j = 0; j < k; j++) {
    gsl_vector_view cr = gsl_matrix_row(c, (size_t)j);
    double norm;
    if (!count[j] && sim) {
      size_t worst = 0;
      for (size_t i = 1; i < n; i++)
        if (sim[i] < sim[worst])
          worst = i;
      gsl_vector_const_view xr = gsl_matrix_const_row(x, worst);
      gsl_vector_memcpy(&cr.vector, &xr.vector);
      continue;
    }
    norm = gsl_blas_dnrm2(&cr.vector);
    if (norm > 0)
      gsl_vector_scale(&cr.vector, 1.0 / norm);
  }
  (void)d;
  free(count);
}

/* k-means++ seeding on the sphere: distance 1 - cosine. */
static void seed_plus_plus(const gsl_matrix *x, int k, gsl_rng *rng,
                           gsl_matrix *c)
{
  size_t n = x->size1;
  double *dist = xmalloc(n * sizeof *dist);
  size_t pick = gsl_rng_uniform_int(rng, n);

  for (int j = 0; j < k; j++) {
    gsl_vector_const_view xr = gsl_matrix_const_row(x, pick);
    double total = 0, r;
    gsl_matrix_set_row(c, (size_t)j, &xr.vector);
    for (size_t i = 0; i < n; i++) {
      gsl_vector_const_view xi = gsl_matrix_const_row(x, i);
      double dd, dot;
      gsl_blas_ddot(&xi.vector, &xr.vector, &dot);
      dd = 1 - dot;
      if (dd < 0)
        dd = 0;
      if (j == 0 || dd < dist[i])
        dist[i] = dd;
      total += dist[i];
    }
    if (total <= 0) {
      pick = gsl_rng_uniform_int(rng, n);
      continue;
    }
    r = gsl_rng_uniform(rng) * total;
    for (pick = 0; pick + 1 < n && (r -= dist[pick]) > 0; pick++)
      ;
  }
  free(dist);
}

/* s = x c^T (n x k): each row's cosine to each centroid.  A plain
 * loop four centroids at a time beats a reference BLAS here. */
static void sims(const gsl_matrix *x, const gsl_matrix *c, gsl_matrix *s)
{
  size_t n = x->size1, d = x->size2, k = c->size1;

  for (size_t i = 0; i < n; i++) {
    const double *xr = x->data + i * x->tda;
    double *sr = s->data + i * s->tda;
    size_t j = 0;
    for (; j + 4 <= k; j += 4) {
      const double *c0 = c->data + j * c->tda, *c1 = c0 + c->tda,
                   *c2 = c1 + c->tda, *c3 = c2 + c->tda;
      double a0 = 0, a1 = 0, a2 = 0, a3 = 0;
      for (size_t e = 0; e < d; e++) {
        a0 += xr[e] * c0[e];
        a1 += xr[e] * c1[e];
        a2 += xr[e] * c2[e];
        a3 += xr[e] * c3[e];
      }
      sr[j] = a0, sr[j + 1] = a1, sr[j + 2] = a2, sr[j + 3] = a3;
    }
    for (; j < k; j++) {
      const double *cj = c->data + j * c->tda;
      double a = 0;
      for (size_t e = 0; e < d; e++)
        a += xr[e] * cj[e];
      sr[j] = a;
    }
  }
}

/* One run of spherical k-means; returns the objective (sum of cosines
 * to the own centroid) with assignments in assign, cosines in sim. */
static double kmeans_once(const gsl_matrix *x, int k, int iterations,
                          gsl_rng *rng, int *assign, double *sim,
                          gsl_matrix *c)
{
  size_t n = x->size1;
  gsl_matrix *s = gsl_matrix_alloc(n, (size_t)k);
  double obj = 0;

  seed_plus_plus(x, k, rng, c);
  for (size_t i = 0; i < n; i++)
    assign[i] = -1;
  for (int it = 0; it < iterations; it++) {
    size_t changed = 0;
    double prev = obj;
    sims(x, c, s);
    obj = 0;
    for (size_t i = 0; i < n; i++) {
      const double *row = s->data + i * s->tda;
      int best = 0;
      for (int j = 1; j < k; j++)
        if (row[j] > row[best])
          best = j;
      if (best != assign[i])
        changed++;
      assign[i] = best;
      sim[i] = row[best];
      obj += row[best];
    }
    /* Converged, or gaining less than a hundredth of a percent. */
    if (!changed || (it > 0 && obj - prev < 1e-4 * fabs(obj)))
      break;
    centroids(x, assign, sim, k, c);
  }
  gsl_matrix_free(s);
  return obj;
}

/* Spherical k-means on the TF-IDF rows themselves, from the clustering
 * found in the reduced space: the reduction finds the neighbourhoods
 * cheaply, the full vocabulary settles the boundaries.  Centroids are
 * kept term-major (cols x k) so that a row's cosines to all of them are
 * one pass over its terms.  sim gets each row's cosine to its own
 * centroid. */
static void refine_sparse(const struct csr *a, int k, int *assign,
                          double *sim)
{
  size_t kk = (size_t)k;
  double *c = xmalloc(a->cols * kk * sizeof *c);
  double *norm = xmalloc(kk * sizeof *norm), *dot = xmalloc(kk * sizeof *dot);

  for (int it = 0; it < REFINE_ITER; it++) {
    size_t changed = 0;

    memset(c, 0, a->cols * kk * sizeof *c);
    for (size_t r = 0; r < a->rows; r++)
      for (size_t p = a->ptr[r]; p < a->ptr[r + 1]; p++)
        c[(size_t)a->col[p] * kk + (size_t)assign[r]] += a->val[p];
    for (size_t j = 0; j < kk; j++)
      norm[j] = 0;
    for (size_t t = 0; t < a->cols; t++)
      for (size_t j = 0; j < kk; j++)
        norm[j] += c[t * kk + j] * c[t * kk + j];
    for (size_t j = 0; j < kk; j++)
      norm[j] = norm[j] > 0 ? 1 / sqrt(norm[j]) : 0;
    for (size_t r = 0; r < a->rows; r++) {
      int best = assign[r];
      memset(dot, 0, kk * sizeof *dot);
      for (size_t p = a->ptr[r]; p < a->ptr[r + 1]; p++) {
        const double *ct = c + (size_t)a->col[p] * kk;
        double v = a->val[p];
        for (size_t j = 0; j < kk; j++)
          dot[j] += v * ct[j];
      }
      for (size_t j = 0; j < kk; j++)
        if (dot[j] * norm[j] > dot[best] * norm[best])
          best = (int)j;
      if (best != assign[r] && norm[best] > 0) {
        assign[r] = best;
        changed++;
      }
      sim[r] = dot[assign[r]] * norm[assign[r]];
    }
    if (changed * 1000 < a->rows) /* fewer than one row in a thousand */
      break;
  }
  free(c);
  free(norm);
  free(dot);
}

/* The best of several seeded k-means runs. */
static void kmeans(const gsl_matrix *x, int k, int restarts, int iterations,
                   gsl_rng *rng,
                   int *assign, double *sim, gsl_matrix *c)
{
  size_t n = x->size1;
  int *a = xmalloc(n * sizeof *a);
  double *sm = xmalloc(n * sizeof *sm), best = -1e300;
  gsl_matrix *cc = gsl_matrix_alloc((size_t)k, x->size2);

  for (int r = 0; r < restarts; r++) {
    double obj = kmeans_once(x, k, iterations, rng, a, sm, cc);

    if (obj > best) {
      best = obj;
      memcpy(assign, a, n * sizeof *a);
      memcpy(sim, sm, n * sizeof *sm);
      gsl_matrix_memcpy(c, cc);
    }
  }
  free(a);
  free(sm);
  gsl_matrix_free(cc);
}

/* Mean silhouette (cosine distance) of a seeded sample of rows. */
static double silhouette(const gsl_matrix *x, const int *assign, int k,
                         gsl_rng *rng)
{
  size_t n = x->size1, m = n < SIL_SAMPLE ? n : SIL_SAMPLE;
  size_t *idx = xmalloc(n * sizeof *idx);
  gsl_matrix *xs = gsl_matrix_alloc(m, x->size2);
  gsl_matrix *s = gsl_matrix_alloc(m, m);
  double *sum = xmalloc((size_t)k * sizeof *sum), total = 0;
  size_t *cnt = xmalloc((size_t)k * sizeof *cnt);

  for (size_t i = 0; i < n; i++)
    idx[i] = i;
  for (size_t i = 0; i < m; i++) { /* partial Fisher-Yates */
    size_t j = i + gsl_rng_uniform_int(rng, n - i), t = idx[i];
    idx[i] = idx[j];
    idx[j] = t;
    gsl_vector_const_view xr = gsl_matrix_const_row(x, idx[i]);
    gsl_matrix_set_row(xs, i, &xr.vector);
  }
  gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, xs, xs, 0.0, s);
  for (size_t i = 0; i < m; i++) {
    int own = assign[idx[i]];
    double a, b = 1e300;
    memset(sum, 0, (size_t)k * sizeof *sum);
    memset(cnt, 0, (size_t)k * sizeof *cnt);
    for (size_t j = 0; j < m; j++) {
      if (j == i)
        continue;
      sum[assign[idx[j]]] += 1 - gsl_matrix_get(s, i, j);
      cnt[assign[idx[j]]]++;
    }
    if (!cnt[own])
      continue; /* a singleton scores 0 */
    a = sum[own] / (double)cnt[own];
    for (int c = 0; c < k; c++)
      if (c != own && cnt[c] && sum[c] / (double)cnt[c] < b)
        b = sum[c] / (double)cnt[c];
    if (b < 1e300 && (a > 0 || b > 0))
      total += (b - a) / (a > b ? a : b);
  }
  free(idx);
  free(sum);
  free(cnt);
  gsl_matrix_free(xs);
  gsl_matrix_free(s);
  return m ? total / (double)m : 0;
}

/* The top TOPIC_TERMS columns of each cluster by class-based TF-IDF:
 * (tf of t in c / words in c) * log(1 + mean words per class / tf of t
 * overall).  top is k x TOPIC_TERMS, -1 where a cluster has fewer. */
static void ctfidf_top(const struct csr *a, const int *assign, int k, int *top)
{
  double *tf = xcalloc((size_t)k * a->cols, sizeof *tf);
  double *all = xcalloc(a->cols ? a->cols : 1, sizeof *all);
  double *words = xcalloc((size_t)k, sizeof *words), mean = 0;

  for (size_t i = 0; i < a->rows; i++)
    for (size_t p = a->ptr[i]; p < a->ptr[i + 1]; p++) {
      tf[(size_t)assign[i] * a->cols + (size_t)a->col[p]] += a->cnt[p];
      all[a->col[p]] += a->cnt[p];
      words[assign[i]] += a->cnt[p];
    }
  for (int c = 0; c < k; c++)
    mean += words[c] / k;
  for (int c = 0; c < k; c++) {
    double *row = tf + (size_t)c * a->cols;
    double best[TOPIC_TERMS];
    int *tc = top + (size_t)c * TOPIC_TERMS;
    for (int j = 0; j < TOPIC_TERMS; j++)
      tc[j] = -1, best[j] = 0;
    if (words[c] <= 0)
      continue;
    for (size_t t = 0; t < a->cols; t++) {
      double w;
      int j;
      if (row[t] <= 0)
        continue;
      w = row[t] / words[c] * log(1 + mean / all[t]);
      if (w <= best[TOPIC_TERMS - 1])
        continue;
      for (j = TOPIC_TERMS - 1; j > 0 && best[j - 1] < w; j--) {
        best[j] = best[j - 1];
        tc[j] = tc[j - 1];
      }
      best[j] = w;
      tc[j] = (int)t;
    }
  }
  free(tf);
  free(all);
  free(words);
}

/* Document lists per column (CSC pattern). */
struct postings {
  size_t *ptr;
  size_t *row;
};

static void postings_build(const struct csr *a, struct postings *p)
{
  size_t nnz = a->ptr[a->rows];
  size_t *fill = xcalloc(a->cols + 1, sizeof *fill);

  p->ptr = xcalloc(a->cols + 1, sizeof *p->ptr);
  p->row = xmalloc((nnz ? nnz : 1) * sizeof *p->row);
  for (size_t q = 0; q < nnz; q++)
    p->ptr[a->col[q] + 1]++;
  for (size_t c = 0; c < a->cols; c++)
    p->ptr[c + 1] += p->ptr[c];
  for (size_t i = 0; i < a->rows; i++)
    for (size_t q = a->ptr[i]; q < a->ptr[i + 1]; q++)
      p->row[p->ptr[a->col[q]] + fill[a->col[q]]++] = i;
  free(fill);
}

/* Mean NPMI over the pairs of a topic's terms, documents as windows. */
static double npmi(const struct postings *p, size_t n, const int *terms)
{
  double sum = 0;
  int pairs = 0;

  for (int i = 0; i < NPMI_TERMS && terms[i] >= 0; i++)
    for (int j = i + 1; j < NPMI_TERMS && terms[j] >= 0; j++) {
      size_t a0 = p->ptr[terms[i]], a1 = p->ptr[terms[i] + 1];
      size_t b0 = p->ptr[terms[j]], b1 = p->ptr[terms[j] + 1], both = 0;
      double pi = (double)(a1 - a0) / n, pj = (double)(b1 - b0) / n, pij;
      while (a0 < a1 && b0 < b1) {
        if (p->row[a0] < p->row[b0])
          a0++;
        else if (p->row[a0] > p->row[b0])
          b0++;
        else
          both++, a0++, b0++;
      }
      pij = (double)both / n;
      if (both == 0)
        sum += -1;
      else if (pij >= 1)
        sum += 1;
      else
        sum += log(pij / (pi * pj)) / -log(pij);
      pairs++;
    }
  return pairs ? sum / pairs : 0;
}

/* The rows idx[0..n) of a (idx ascending) as a matrix of their own. */
static void csr_rows(const struct csr *a, const size_t *idx, size_t n,
                     struct csr *out)
{
  size_t nnz = 0;

  for (size_t i = 0; i < n; i++)
    nnz += a->ptr[idx[i] + 1] - a->ptr[idx[i]];
  out->rows = n;
  out->cols = a->cols;
  out->ptr = xmalloc((n + 1) * sizeof *out->ptr);
  out->col = xmalloc((nnz ? nnz : 1) * sizeof *out->col);
  out->val = xmalloc((nnz ? nnz : 1) * sizeof *out->val);
  out->cnt = xmalloc((nnz ? nnz : 1) * sizeof *out->cnt);
  out->ptr[0] = 0;
  for (size_t i = 0; i < n; i++) {
    size_t from = a->ptr[idx[i]], len = a->ptr[idx[i] + 1] - from;
    size_t at = out->ptr[i];
    memcpy(out->col + at, a->col + from, len * sizeof *out->col);
    memcpy(out->val + at, a->val + from, len * sizeof *out->val);
    memcpy(out->cnt + at, a->cnt + from, len * sizeof *out->cnt);
    out->ptr[i + 1] = at + len;
  }
}

/* The rows idx[0..n) of x as a matrix of their own. */
static gsl_matrix *matrix_rows(const gsl_matrix *x, const size_t *idx,
                               size_t n)
{
  gsl_matrix *out = gsl_matrix_alloc(n, x->size2);

  for (size_t i = 0; i < n; i++) {
    gsl_vector_const_view xr = gsl_matrix_const_row(x, idx[i]);
    gsl_matrix_set_row(out, i, &xr.vector);
  }
  return out;
}

/* n of the numbers 0..total-1, chosen uniformly, ascending (selection
 * sampling, Knuth's algorithm S). */
static size_t *sample_rows(size_t total, size_t n, gsl_rng *rng)
{
  size_t *idx = xmalloc(n * sizeof *idx), got = 0;

  for (size_t i = 0; i < total && got < n; i++)
    if ((double)(total - i) * gsl_rng_uniform(rng) < (double)(n - got))
      idx[got++] = i;
  return idx;
}

/* Lloyd iterations over every row of x from the centroids c, without an
 * n x k matrix: assignments and cosines into assign and sim. */
static void lloyd_rows(const gsl_matrix *x, int k, gsl_matrix *c, int *assign,
                       double *sim, int iterations)
{
  size_t n = x->size1, d = x->size2;

  for (int it = 0; it < iterations; it++) {
    size_t changed = 0;
    for (size_t i = 0; i < n; i++) {
      const double *xr = x->data + i * x->tda;
      int best = 0;
      double best_sim = -2;
      for (int j = 0; j < k; j++) {
        const double *cj = c->data + (size_t)j * c->tda;
        double dot = 0;
        for (size_t e = 0; e < d; e++)
          dot += xr[e] * cj[e];
        if (dot > best_sim) {
          best_sim = dot;
          best = j;
        }
      }
      if (it == 0 || best != assign[i])
        changed++;
      assign[i] = best;
      sim[i] = best_sim;
    }
    if (changed * 1000 < n)
      break;
    centroids(x, assign, sim, k, c);
  }
}

/* Clustering at K, with its silhouette and coherence. */
struct fit {
  int k;
  int *assign;
  double *sim;
  gsl_matrix *c;
  int *top;
  double sil, coh;
};

static void fit_release(struct fit *f)
{
  free(f->assign);
  free(f->sim);
  free(f->top);
  if (f->c)
    gsl_matrix_free(f->c);
  memset(f, 0, sizeof *f);
}

static void fit_at(const struct csr *a, const struct postings *p,
                   const gsl_matrix *x, int k, int restarts, uint64_t seed,
                   int refine, struct fit *f)
{
  gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);

  gsl_rng_set(rng, (unsigned long)(seed * 2654435761u + (uint64_t)k));
  f->k = k;
  f->assign = xmalloc(x->size1 * sizeof *f->assign);
  f->sim = xmalloc(x->size1 * sizeof *f->sim);
  f->c = gsl_matrix_alloc((size_t)k, x->size2);
  f->top = xmalloc((size_t)k * TOPIC_TERMS * sizeof *f->top);
  kmeans(x, k, restarts, refine ? KM_ITER : KM_ITER_SCORE, rng, f->assign,
         f->sim, f->c);
  if (refine)
    refine_sparse(a, k, f->assign, f->sim);
  ctfidf_top(a, f->assign, k, f->top);
  f->coh = 0;
  for (int c = 0; c < k; c++)
    f->coh += npmi(p, a->rows, f->top + (size_t)c * TOPIC_TERMS) / k;
  f->sil = silhouette(x, f->assign, k, rng);
  gsl_rng_free(rng);
}

/* Clustering at K for a corpus too large to cluster whole with
 * restarts: the restarts on the sample xs, then Lloyd iterations and the
 * full-vocabulary pass over every row. */
static void fit_large(const struct csr *a, const struct postings *p,
                      const gsl_matrix *x, const gsl_matrix *xs, int k,
                      uint64_t seed, struct fit *f)
{
  gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
  int *as = xmalloc(xs->size1 * sizeof *as);
  double *ss = xmalloc(xs->size1 * sizeof *ss);

  gsl_rng_set(rng, (unsigned long)(seed * 2654435761u + (uint64_t)k));
  f->k = k;
  f->assign = xmalloc(x->size1 * sizeof *f->assign);
  f->sim = xmalloc(x->size1 * sizeof *f->sim);
  f->c = gsl_matrix_alloc((size_t)k, x->size2);
  f->top = xmalloc((size_t)k * TOPIC_TERMS * sizeof *f->top);
  kmeans(xs, k, KM_RESTARTS, KM_ITER, rng, as, ss, f->c);
  lloyd_rows(x, k, f->c, f->assign, f->sim, KM_ITER_LARGE);
  refine_sparse(a, k, f->assign, f->sim);
  ctfidf_top(a, f->assign, k, f->top);
  f->coh = 0;
  for (int c = 0; c < k; c++)
    f->coh += npmi(p, a->rows, f->top + (size_t)c * TOPIC_TERMS) / k;
  f->sil = silhouette(x, f->assign, k, rng);
  free(as);
  free(ss);
  gsl_rng_free(rng);
}

int topic_model_fit(const char *const *texts, const char *const *langs,
                    size_t n, const struct topic_settings *s,
                    struct topic_model *m)
{
  static const int candidates[] = {2,  3,  4,  5,  6,  8,  10,
                                   12, 15, 20, 25, 30, 40, 50};
  struct vocab v;
  struct doc_terms *docs = xcalloc(n ? n : 1, sizeof *docs);
  struct csr a = {0}, as = {0}, as_score = {0};
  struct postings post = {0}, post_s = {0};
  struct fit best = {0};
  size_t *doc_of = NULL, *idx = NULL, *sidx = NULL;
  int *term_of = NULL, large;
  gsl_matrix *x = NULL, *xs = NULL, *xscore = NULL;
  gsl_rng *rng = NULL;
  int rc = -1;

  memset(m, 0, sizeof *m);
  memset(&v, 0, sizeof v);
  if (vocab_add_docs(&v, texts, langs, n, s->bigrams, docs) < 0)
    goto out;
  build_matrix(docs, n, v.n_terms, &a, &doc_of, &term_of);
  if (a.rows < 2 || a.cols < 2) {
    /* Too little text for topics: not an error of the caller's. */
    rc = 1;
    goto out;
  }
  rng = gsl_rng_alloc(gsl_rng_mt19937);
  gsl_rng_set(rng, (unsigned long)s->seed);
  /* A large corpus: the singular directions and the choice of K from a
   * sample of its rows, the clustering of all of them at that K. */
  large = a.rows > SAMPLE_ROWS;
  if (large) {
    idx = sample_rows(a.rows, SAMPLE_ROWS, rng);
    csr_rows(&a, idx, SAMPLE_ROWS, &as);
    x = reduce(&as, SVD_DIM, rng, &a);
    xs = matrix_rows(x, idx, SAMPLE_ROWS);
  } else {
    x = reduce(&a, SVD_DIM, rng, NULL);
  }
  postings_build(&a, &post);
  if (s->k > 0) {
    int k = (size_t)s->k > a.rows ? (int)a.rows : s->k;
    if (large)
      fit_large(&a, &post, x, xs, k, s->seed, &best);
    else
      fit_at(&a, &post, x, k, KM_RESTARTS, s->seed, 1, &best);
  } else {
    /* K is chosen on at most SCORE_ROWS rows: candidates are scored
     * with fewer restarts and iterations, the chosen one fitted fully. */
    const struct csr *ca = &a;
    const struct postings *cp = &post;
    const gsl_matrix *cx = x;
    double best_score = -1e300;
    if (a.rows > SCORE_ROWS) {
      sidx = sample_rows(a.rows, SCORE_ROWS, rng);
      csr_rows(&a, sidx, SCORE_ROWS, &as_score);
      xscore = matrix_rows(x, sidx, SCORE_ROWS);
      postings_build(&as_score, &post_s);
      ca = &as_score;
      cp = &post_s;
      cx = xscore;
    }
    for (size_t i = 0; i < sizeof candidates / sizeof *candidates; i++) {
      struct fit f = {0};
      double score;
      if ((size_t)candidates[i] * 5 > ca->rows && i > 0)
        break;
      fit_at(ca, cp, cx, candidates[i], KM_RESTARTS_SCORE, s->seed, 0, &f);
      score = f.sil + f.coh;
      if (score > best_score) {
        best_score = score;
        fit_release(&best);
        best = f;
      } else {
        fit_release(&f);
      }
    }
    /* The chosen K fitted as a given one is. */
    {
      int k = best.k;
      fit_release(&best);
      if (large)
        fit_large(&a, &post, x, xs, k, s->seed, &best);
      else
        fit_at(&a, &post, x, k, KM_RESTARTS, s->seed, 1, &best);
    }
  }
  m->k = best.k;
  m->n_docs = n;
  m->n_terms = a.cols;
  m->silhouette = best.sil;
  m->coherence = best.coh;
  m->assign = xmalloc((n ? n : 1) * sizeof *m->assign);
  m->weight = xcalloc(n ? n : 1, sizeof *m->weight);
  m->topics = xcalloc((size_t)best.k, sizeof *m->topics);
  for (size_t i = 0; i < n; i++)
    m->assign[i] = -1;
  for (size_t r = 0; r < a.rows; r++) {
    struct topic_info *t = &m->topics[best.assign[r]];
    int j;
    m->assign[doc_of[r]] = best.assign[r];
    m->weight[doc_of[r]] = best.sim[r];
    t->size++;
    /* Keep the TOPIC_REPS rows closest to the centroid, best first. */
    if (t->n_reps < TOPIC_REPS)
      t->n_reps++;
    else if (best.sim[r] <= m->weight[t->reps[TOPIC_REPS - 1]])
      continue;
    for (j = t->n_reps - 1; j > 0 && m->weight[t->reps[j - 1]] < best.sim[r];
         j--)
      t->reps[j] = t->reps[j - 1];
    t->reps[j] = doc_of[r];
  }
  for (int c = 0; c < best.k; c++) {
    struct topic_info *t = &m->topics[c];
    const int *top = best.top + (size_t)c * TOPIC_TERMS;
    struct strbuf lb;
    strbuf_init(&lb, 0);
    for (int j = 0; j < TOPIC_TERMS && top[j] >= 0; j++) {
      t->terms[j] = vocab_surface(&v, term_of[top[j]]);
      if (j < 4)
        strbuf_addf(&lb, "%s%s", j ? " " : "", t->terms[j]);
    }
    t->label = strbuf_detach(&lb, NULL);
    t->coherence = npmi(&post, a.rows, top);
  }
  rc = 0;
out:
  for (size_t i = 0; i < n; i++)
    free(docs[i].ids);
  free(docs);
  fit_release(&best);
  vocab_release(&v);
  csr_release(&a);
  csr_release(&as);
  csr_release(&as_score);
  free(sidx);
  if (xscore)
    gsl_matrix_free(xscore);
  free(post.ptr);
  free(post.row);
  free(post_s.ptr);
  free(post_s.row);
  free(idx);
  if (xs)
    gsl_matrix_free(xs);
  free(doc_of);
  free(term_of);
  if (x)
    gsl_matrix_free(x);
  if (rng)
    gsl_rng_free(rng);
  return rc;
}

void topic_model_release(struct topic_model *m)
{
  for (int c = 0; m->topics && c < m->k; c++) {
    free(m->topics[c].label);
    for (int j = 0; j < TOPIC_TERMS; j++)
      free(m->topics[c].terms[j]);
  }
  free(m->topics);
  free(m->assign);
  free(m->weight);
  memset(m, 0, sizeof *m);
}
