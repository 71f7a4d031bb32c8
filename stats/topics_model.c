/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The topic model proper: TF-IDF as a sparse matrix, a randomised
 * truncated SVD (Halko, Martinsson, Tropp 2011, algorithm 4.4: range
 * finder with oversampling and power iterations, QR between them),
 * spherical k-means++ with restarts on the normalised reduced rows,
 * class-based TF-IDF labels, NPMI coherence and a sampled silhouette.
 *
 * Speed: the products, the Gram matrices, the triangular solves and the
 * k-means assignments run over blocks of rows on a pool of threads,
 * with SSE2 vector kernels that keep every sum in the order of a plain
 * loop, so the topics are the same for any number of threads; k-means
 * skips the centroids that Elkan's bounds rule out.
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

#define SVD_DIM 100      /* reduced dimensions */
#define SVD_OVER 10      /* oversampling */
#define SVD_POWER 3      /* power iterations */
#define KM_RESTARTS 10   /* k-means restarts */
#define KM_ITER 100      /* iterations per restart at most */
#define KM_ITER_SCORE 25 /* the same, when only scoring a K */
#define KM_RESTARTS_SCORE 3
#define SCORE_ROWS 8000   /* rows that choose K, at most */
#define SAMPLE_ROWS 20000 /* above this, directions and K from a sample */
#define KM_ITER_LARGE 10  /* Lloyd iterations over all rows then */
#define REFINE_ITER 20    /* full-space k-means iterations at most */
#define SIL_SAMPLE 1000   /* documents in the silhouette sample */
#define NPMI_TERMS 5      /* top terms whose pairs make coherence */

#define ROW_BLOCK 256 /* rows per task */

/* Tasks of ROW_BLOCK rows that cover rows. */
static size_t row_tasks(size_t rows)
{
  return (rows + ROW_BLOCK - 1) / ROW_BLOCK;
}

/* Two doubles as one SSE2 (any x86-64) register; GCC and clang both
 * know the vector extension.  Lane-wise products and sums round as the
 * scalar ones do, so the kernels below give the plain loops' results. */
typedef double v2d __attribute__((vector_size(16)));

static inline v2d v2d_load(const double *p)
{
  v2d v;

  memcpy(&v, p, sizeof v);
  return v;
}

static inline void v2d_store(double *p, v2d v) { memcpy(p, &v, sizeof v); }

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

/* A^T with the rows of each column in ascending order (values only), so
 * that A^T y sums in the order a scatter over the rows of A would. */
static void csr_transpose(const struct csr *a, struct csr *t)
{
  size_t nnz = a->ptr[a->rows];
  size_t *fill = xcalloc(a->cols + 1, sizeof *fill);

  t->rows = a->cols;
  t->cols = a->rows;
  t->ptr = xcalloc(a->cols + 1, sizeof *t->ptr);
  t->col = xmalloc((nnz ? nnz : 1) * sizeof *t->col);
  t->val = xmalloc((nnz ? nnz : 1) * sizeof *t->val);
  t->cnt = NULL;
  for (size_t q = 0; q < nnz; q++)
    t->ptr[a->col[q] + 1]++;
  for (size_t c = 0; c < a->cols; c++)
    t->ptr[c + 1] += t->ptr[c];
  for (size_t i = 0; i < a->rows; i++)
    for (size_t q = a->ptr[i]; q < a->ptr[i + 1]; q++) {
      size_t at = t->ptr[a->col[q]] + fill[a->col[q]]++;
      t->col[at] = (int)i;
      t->val[at] = a->val[q];
    }
  free(fill);
}

struct mul_job {
  const struct csr *a;
  const gsl_matrix *x;
  gsl_matrix *y;
  size_t l;
};

#define MUL_LANES 16 /* columns of y kept in registers at a time */

/* Rows of a block of y = A x: MUL_LANES columns at a time summed over
 * the row's terms in order, in registers. */
static void csr_mul_task(void *arg, size_t task)
{
  const struct mul_job *j = arg;
  const struct csr *a = j->a;
  size_t i1 = (task + 1) * ROW_BLOCK, l = j->l, tda = j->x->tda;

  for (size_t i = task * ROW_BLOCK; i < i1 && i < a->rows; i++) {
    double *yr = j->y->data + i * j->y->tda;
    size_t p0 = a->ptr[i], p1 = a->ptr[i + 1], e = 0;
    for (; e + MUL_LANES <= l; e += MUL_LANES) {
      v2d s0 = {0, 0}, s1 = s0, s2 = s0, s3 = s0, s4 = s0, s5 = s0, s6 = s0,
          s7 = s0;
      for (size_t p = p0; p < p1; p++) {
        const double *xr = j->x->data + (size_t)a->col[p] * tda + e;
        v2d v = {a->val[p], a->val[p]};
        s0 += v * v2d_load(xr);
        s1 += v * v2d_load(xr + 2);
        s2 += v * v2d_load(xr + 4);
        s3 += v * v2d_load(xr + 6);
        s4 += v * v2d_load(xr + 8);
        s5 += v * v2d_load(xr + 10);
        s6 += v * v2d_load(xr + 12);
        s7 += v * v2d_load(xr + 14);
      }
      v2d_store(yr + e, s0);
      v2d_store(yr + e + 2, s1);
      v2d_store(yr + e + 4, s2);
      v2d_store(yr + e + 6, s3);
      v2d_store(yr + e + 8, s4);
      v2d_store(yr + e + 10, s5);
      v2d_store(yr + e + 12, s6);
      v2d_store(yr + e + 14, s7);
    }
    for (; e + 4 <= l; e += 4) {
      v2d s0 = {0, 0}, s1 = s0;
      for (size_t p = p0; p < p1; p++) {
        const double *xr = j->x->data + (size_t)a->col[p] * tda + e;
        v2d v = {a->val[p], a->val[p]};
        s0 += v * v2d_load(xr);
        s1 += v * v2d_load(xr + 2);
      }
      v2d_store(yr + e, s0);
      v2d_store(yr + e + 2, s1);
    }
    for (; e < l; e++) {
      double s0 = 0;
      for (size_t p = p0; p < p1; p++)
        s0 += a->val[p] * j->x->data[(size_t)a->col[p] * tda + e];
      yr[e] = s0;
    }
  }
}

/* y = A x for dense x (cols x l), y (rows x l), the first l columns;
 * with A^T in place of A this is A^T y. */
static void csr_mul(struct topics_pool *pl, const struct csr *a,
                    const gsl_matrix *x, gsl_matrix *y, size_t l)
{
  struct mul_job j = {a, x, y, l};

  topics_pool_run(pl, row_tasks(a->rows), csr_mul_task, &j);
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

#define GRAM_TASKS 8 /* slices of the Gram matrix's rows */

struct gram_job {
  const gsl_matrix *y;
  gsl_matrix *g;
  size_t from[GRAM_TASKS + 1]; /* rows of G per task */
};

#define GRAM_ROWS 32 /* rows of Y per pass over a slice of G */

/* Rows from[t]..from[t+1] of the upper triangle of G = Y^T Y, each
 * entry summed over the rows of Y in order: pairs of G's rows times
 * four columns in registers over GRAM_ROWS rows of Y at a time.  The
 * pairs also fill entries below the diagonal, which nothing reads. */
static void gram_task(void *arg, size_t task)
{
  const struct gram_job *j = arg;
  const gsl_matrix *y = j->y;
  size_t m = y->size1, l = y->size2, ty = y->tda, tg = j->g->tda;
  size_t a0 = j->from[task], a1 = j->from[task + 1];
  double *g = j->g->data;

  for (size_t i0 = 0; i0 < m; i0 += GRAM_ROWS) {
    size_t i1 = i0 + GRAM_ROWS < m ? i0 + GRAM_ROWS : m;
    for (size_t a = a0; a < a1; a += 2) {
      size_t a2 = a + 1 < a1 ? a + 1 : a; /* the pair's second row */
      double *g0 = g + a * tg, *g1 = g + a2 * tg;
      size_t b = a;
      for (; b + 4 <= l; b += 4) {
        v2d s00 = v2d_load(g0 + b), s01 = v2d_load(g0 + b + 2);
        v2d s10 = v2d_load(g1 + b), s11 = v2d_load(g1 + b + 2);
        for (size_t i = i0; i < i1; i++) {
          const double *yr = y->data + i * ty;
          v2d y0 = v2d_load(yr + b), y1 = v2d_load(yr + b + 2);
          v2d va = {yr[a], yr[a]}, vb = {yr[a2], yr[a2]};
          s00 += va * y0, s01 += va * y1;
          s10 += vb * y0, s11 += vb * y1;
        }
        if (a2 != a)
          v2d_store(g1 + b, s10), v2d_store(g1 + b + 2, s11);
        v2d_store(g0 + b, s00), v2d_store(g0 + b + 2, s01);
      }
      for (; b < l; b++)
        for (size_t i = i0; i < i1; i++) {
          const double *yr = y->data + i * ty;
          g0[b] += yr[a] * yr[b];
          if (a2 != a)
            g1[b] += yr[a2] * yr[b];
        }
    }
  }
}

struct solve_job {
  gsl_matrix *y;
  const gsl_matrix *r;
};

/* Each row y of a block solves q R = y, R upper triangular: column b is
 * final once the columns before it are subtracted, then is subtracted
 * from the columns after it (a contiguous row of R); two rows at a
 * time. */
static void solve_task(void *arg, size_t task)
{
  const struct solve_job *j = arg;
  size_t m = j->y->size1, l = j->y->size2, i1 = (task + 1) * ROW_BLOCK;

  if (i1 > m)
    i1 = m;
  for (size_t i = task * ROW_BLOCK; i < i1; i += 2) {
    double *y0 = j->y->data + i * j->y->tda;
    double *y1 = i + 1 < i1 ? y0 + j->y->tda : y0;
    for (size_t b = 0; b < l; b++) {
      const double *rb = j->r->data + b * j->r->tda;
      double v0 = y0[b] / rb[b], v1 = y1[b] / rb[b];
      v2d w0 = {v0, v0}, w1 = {v1, v1};
      size_t c = b + 1;
      y0[b] = v0;
      y1[b] = v1;
      if (y1 != y0)
        for (; c + 2 <= l; c += 2) {
          v2d rc = v2d_load(rb + c);
          v2d_store(y0 + c, v2d_load(y0 + c) - w0 * rc);
          v2d_store(y1 + c, v2d_load(y1 + c) - w1 * rc);
        }
      for (; c < l; c++) {
        y0[c] -= v0 * rb[c];
        if (y1 != y0)
          y1[c] -= v1 * rb[c];
      }
    }
  }
}

/* One Cholesky QR step: G = Y^T Y = R^T R, Y := Y R^-1, row by row (the
 * rows are contiguous, the Householder QR's columns are not).  -1, with
 * y unchanged, when G is not numerically positive definite. */
static int cholqr_once(struct topics_pool *pl, gsl_matrix *y, gsl_matrix *r)
{
  size_t l = y->size2;
  gsl_matrix *g = gsl_matrix_calloc(l, l);
  struct gram_job gj;
  double area = (double)l * (double)(l + 1) / 2, done = 0;
  int ok = 1;

  /* Slices of equal area of the triangle. */
  gj.y = y;
  gj.g = g;
  gj.from[0] = 0;
  for (size_t t = 1, a = 0; t <= GRAM_TASKS; t++) {
    while (a < l && (done < area * (double)t / GRAM_TASKS || a % 2))
      done += (double)(l - a++); /* the kernel takes rows in pairs */
    gj.from[t] = t == GRAM_TASKS ? l : a;
  }
  topics_pool_run(pl, GRAM_TASKS, gram_task, &gj);
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
  if (ok) {
    struct solve_job sj = {y, g};
    topics_pool_run(pl, row_tasks(y->size1), solve_task, &sj);
  }
  if (ok && r)
    for (size_t a = 0; a < l; a++)
      for (size_t b = 0; b < l; b++)
        gsl_matrix_set(r, a, b, a <= b ? gsl_matrix_get(g, a, b) : 0.0);
  gsl_matrix_free(g);
  return ok ? 0 : -1;
}

/* r := u r for upper triangular u and r (l x l). */
static void triu_mul(const gsl_matrix *u, gsl_matrix *r)
{
  size_t l = r->size1;
  gsl_matrix *out = gsl_matrix_calloc(l, l);

  for (size_t a = 0; a < l; a++)
    for (size_t b = a; b < l; b++) {
      double v = 0;
      for (size_t p = a; p <= b; p++)
        v += gsl_matrix_get(u, a, p) * gsl_matrix_get(r, p, b);
      gsl_matrix_set(out, a, b, v);
    }
  gsl_matrix_memcpy(r, out);
  gsl_matrix_free(out);
}

/* An orthonormal basis of the columns of y in place by Cholesky QR,
 * which reads y by rows (the Householder QR reads it by columns); R goes
 * to r when not NULL.  With exact, a second pass restores the
 * orthogonality the first loses to rounding (R = R2 R1); the power
 * iterations only need the columns kept apart, so one pass does there.
 * Columns too close to dependent for it take the Householder QR. */
static void orthonormalize_fast(struct topics_pool *pl, gsl_matrix *y,
                                gsl_matrix *r, int exact)
{
  size_t l = y->size2;
  gsl_matrix *r2 = r ? gsl_matrix_alloc(l, l) : NULL;

  if (cholqr_once(pl, y, r) < 0) {
    orthonormalize(y, r);
  } else if (exact && cholqr_once(pl, y, r2) < 0) {
    orthonormalize(y, r2);
    if (r)
      triu_mul(r2, r);
  } else if (exact && r) {
    triu_mul(r2, r);
  }
  if (r2)
    gsl_matrix_free(r2);
}

/* Rows of A projected on its top `dim` singular directions and scaled
 * by the singular values (U S), each row then normalised: rows x dim.
 * With full, the directions come from a (a sample of full's rows) and
 * the rows of full are projected: x = full W, W the right singular
 * vectors (A W = U S). */
static gsl_matrix *reduce(struct topics_pool *pl, const struct csr *a,
                          size_t want, gsl_rng *rng, const struct csr *full)
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
  struct csr at;

  csr_transpose(a, &at);
  for (size_t i = 0; i < a->cols; i++)
    for (size_t j = 0; j < l; j++)
      omega->data[i * omega->tda + j] = gsl_ran_gaussian_ziggurat(rng, 1.0);
  csr_mul(pl, a, omega, y, l);
  for (int q = 0; q < SVD_POWER; q++) {
    orthonormalize_fast(pl, y, NULL, 0);
    csr_mul(pl, &at, y, omega, l);
    orthonormalize_fast(pl, omega, NULL, 0);
    csr_mul(pl, a, omega, y, l);
  }
  orthonormalize_fast(pl, y, NULL, 1);
  /* B^T = A^T Q (cols x l) = Q2 R; B = R^T Q2^T, and the SVD of R
   * (R = U' S V'^T) gives B = V' S (Q2 U')^T: left vectors V'. */
  csr_mul(pl, &at, y, omega, l);
  orthonormalize_fast(pl, omega, r, 1);
  gsl_linalg_SV_decomp(r, v, s, work);
  if (full) {
    /* W = Q2 U' (cols x l); each row of full times W, in place of x. */
    gsl_matrix *w = gsl_matrix_alloc(a->cols, l);
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, omega, r, 0.0, w);
    csr_mul(pl, full, w, x, dim);
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
  free(at.ptr);
  free(at.col);
  free(at.val);
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

struct dist_job {
  const gsl_matrix *x;
  const double *centre;
  double *dist;
  int first;
};

/* dist[i] = min(dist[i], 1 - cosine of row i to the new centre); four
 * rows at a time, each dot product summed in order. */
static void dist_task(void *arg, size_t task)
{
  const struct dist_job *j = arg;
  size_t n = j->x->size1, d = j->x->size2, i1 = (task + 1) * ROW_BLOCK;
  const double *ce = j->centre;

  if (i1 > n)
    i1 = n;
  for (size_t i = task * ROW_BLOCK; i < i1; i += 4) {
    const double *x[4];
    double dot[4] = {0, 0, 0, 0};
    for (size_t q = 0; q < 4; q++)
      x[q] = j->x->data + (i + q < i1 ? i + q : i) * j->x->tda;
    for (size_t e = 0; e < d; e++) {
      dot[0] += x[0][e] * ce[e];
      dot[1] += x[1][e] * ce[e];
      dot[2] += x[2][e] * ce[e];
      dot[3] += x[3][e] * ce[e];
    }
    for (size_t q = 0; q < 4 && i + q < i1; q++) {
      double dd = 1 - dot[q];
      if (dd < 0)
        dd = 0;
      if (j->first || dd < j->dist[i + q])
        j->dist[i + q] = dd;
    }
  }
}

/* k-means++ seeding on the sphere: distance 1 - cosine. */
static void seed_plus_plus(struct topics_pool *pl, const gsl_matrix *x, int k,
                           gsl_rng *rng, gsl_matrix *c)
{
  size_t n = x->size1;
  double *dist = xmalloc(n * sizeof *dist);
  size_t pick = gsl_rng_uniform_int(rng, n);

  for (int j = 0; j < k; j++) {
    gsl_vector_const_view xr = gsl_matrix_const_row(x, pick);
    struct dist_job dj = {x, NULL, dist, j == 0};
    double total = 0, r;
    gsl_matrix_set_row(c, (size_t)j, &xr.vector);
    dj.centre = c->data + (size_t)j * c->tda;
    topics_pool_run(pl, row_tasks(n), dist_task, &dj);
    for (size_t i = 0; i < n; i++)
      total += dist[i];
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

/* What the assignment step keeps between iterations to skip work: for
 * each row an upper bound on its cosine to each centroid, and the
 * centroids the bounds were taken against.  Unit rows move a cosine by
 * at most the distance its centroid moved, so a centroid whose bound
 * stays below the row's cosine to its own cannot take the row (Elkan's
 * bounds, for cosines); the others are compared exactly.  The result is
 * that of comparing every row with every centroid. */
struct bounds {
  double *up;     /* n x k */
  gsl_matrix *at; /* centroids when up was last valid; NULL: none yet */
};

#define BOUND_SLACK 1e-9 /* far above the rounding in a cosine */

struct assign_job {
  const gsl_matrix *x, *c;
  const double *ct; /* the centroids transposed: d x k4, zero padded */
  size_t k, k4;
  int *assign;
  double *sim, *up;
  const double *move; /* per centroid, how far it moved; NULL: no bound */
  size_t *changed;    /* per task */
};

/* The nearest centroid (highest cosine, the first of equals) of the
 * rows rows[0..nr), every cosine into up.  Four rows against four
 * centroids at a time, in registers: each cosine is summed over the
 * dimensions in order, as a plain dot product is. */
static size_t nearest(const struct assign_job *j, const size_t *rows, size_t nr,
                      double *acc)
{
  size_t d = j->x->size2, k = j->k, k4 = j->k4, changed = 0;

  for (size_t i = 0; i < nr; i += 4) {
    const double *x[4];
    for (size_t q = 0; q < 4; q++)
      x[q] = j->x->data + rows[i + q < nr ? i + q : i] * j->x->tda;
    for (size_t c = 0; c < k4; c += 4) {
      v2d a0 = {0, 0}, a1 = a0, b0 = a0, b1 = a0, c0 = a0, c1 = a0, d0 = a0,
          d1 = a0;
      for (size_t e = 0; e < d; e++) {
        v2d m0 = v2d_load(j->ct + e * k4 + c),
            m1 = v2d_load(j->ct + e * k4 + c + 2);
        v2d xa = {x[0][e], x[0][e]}, xb = {x[1][e], x[1][e]};
        v2d xc = {x[2][e], x[2][e]}, xd = {x[3][e], x[3][e]};
        a0 += xa * m0, a1 += xa * m1;
        b0 += xb * m0, b1 += xb * m1;
        c0 += xc * m0, c1 += xc * m1;
        d0 += xd * m0, d1 += xd * m1;
      }
      v2d_store(acc + c, a0), v2d_store(acc + c + 2, a1);
      v2d_store(acc + k4 + c, b0), v2d_store(acc + k4 + c + 2, b1);
      v2d_store(acc + 2 * k4 + c, c0), v2d_store(acc + 2 * k4 + c + 2, c1);
      v2d_store(acc + 3 * k4 + c, d0), v2d_store(acc + 3 * k4 + c + 2, d1);
    }
    for (size_t q = 0; q < 4 && i + q < nr; q++) {
      const double *sr = acc + q * k4;
      size_t r = rows[i + q];
      int best = 0;
      for (size_t c = 1; c < k; c++)
        if (sr[c] > sr[best])
          best = (int)c;
      if (best != j->assign[r])
        changed++;
      j->assign[r] = best;
      j->sim[r] = sr[best];
      if (j->up)
        memcpy(j->up + r * k, sr, k * sizeof *sr);
    }
  }
  return changed;
}

/* out[q] = x . centroid which[q] for q < nw, four independent sums at a
 * time, each over the dimensions in order. */
static void dots(const double *xr, const gsl_matrix *c, const int *which,
                 size_t nw, double *out)
{
  size_t d = c->size2, q = 0;

  for (; q + 4 <= nw; q += 4) {
    const double *c0 = c->data + (size_t)which[q] * c->tda;
    const double *c1 = c->data + (size_t)which[q + 1] * c->tda;
    const double *c2 = c->data + (size_t)which[q + 2] * c->tda;
    const double *c3 = c->data + (size_t)which[q + 3] * c->tda;
    double a0 = 0, a1 = 0, a2 = 0, a3 = 0;
    for (size_t e = 0; e < d; e++) {
      a0 += xr[e] * c0[e];
      a1 += xr[e] * c1[e];
      a2 += xr[e] * c2[e];
      a3 += xr[e] * c3[e];
    }
    out[q] = a0, out[q + 1] = a1, out[q + 2] = a2, out[q + 3] = a3;
  }
  for (; q < nw; q++) {
    const double *cq = c->data + (size_t)which[q] * c->tda;
    double a = 0;
    for (size_t e = 0; e < d; e++)
      a += xr[e] * cq[e];
    out[q] = a;
  }
}

/* One row against the centroids its bounds cannot rule out (its own
 * among them; its cosine to it has fallen by at most the distance it
 * moved); the number of changed assignments (0 or 1). */
static size_t nearest_bounded(const struct assign_job *j, size_t i, int *which,
                              double *val)
{
  const double *xr = j->x->data + i * j->x->tda;
  double *up = j->up + i * j->k;
  int mine = j->assign[i], best = mine;
  double low = j->sim[i] - j->move[mine] - BOUND_SLACK;
  size_t nw = 1;

  which[0] = mine;
  for (size_t c = 0; c < j->k; c++) {
    if ((int)c == mine)
      continue;
    up[c] += j->move[c];
    if (up[c] >= low)
      which[nw++] = (int)c;
  }
  dots(xr, j->c, which, nw, val);
  for (size_t q = 0; q < nw; q++)
    up[which[q]] = val[q];
  /* The others stay below the own cosine. */
  for (size_t q = 1; q < nw; q++)
    if (val[q] > up[best] || (val[q] == up[best] && which[q] < best))
      best = which[q];
  j->assign[i] = best;
  j->sim[i] = up[best];
  return best != mine;
}

/* The rows of a block to their nearest centroids, with bounds when the
 * centroids were compared before. */
static void assign_task(void *arg, size_t task)
{
  const struct assign_job *j = arg;
  size_t n = j->x->size1, changed = 0;
  size_t i0 = task * ROW_BLOCK, i1 = i0 + ROW_BLOCK < n ? i0 + ROW_BLOCK : n;

  if (j->move) {
    int *which = xmalloc(j->k * sizeof *which);
    double *val = xmalloc(j->k * sizeof *val);
    for (size_t i = i0; i < i1; i++)
      changed += nearest_bounded(j, i, which, val);
    free(which);
    free(val);
  } else {
    size_t rows[ROW_BLOCK];
    double *acc = xmalloc(4 * j->k4 * sizeof *acc);
    for (size_t i = i0; i < i1; i++)
      rows[i - i0] = i;
    changed = nearest(j, rows, i1 - i0, acc);
    free(acc);
  }
  j->changed[task] = changed;
}

/* Each row of x to its nearest centroid of c: assignments and cosines
 * into assign and sim; returns how many assignments changed.  b, when
 * not NULL, holds the bounds of the previous call on the same rows
 * (b->at NULL at first). */
static size_t assign_rows(struct topics_pool *pl, const gsl_matrix *x,
                          const gsl_matrix *c, int *assign, double *sim,
                          struct bounds *b)
{
  size_t k = c->size1, k4 = (k + 3) / 4 * 4, d = c->size2;
  size_t tasks = row_tasks(x->size1), changed = 0;
  double *ct = xcalloc(d * k4, sizeof *ct), *move = NULL;
  struct assign_job j = {x, c, ct, k, k4, assign, sim, NULL, NULL, NULL};

  for (size_t c0 = 0; c0 < k; c0++)
    for (size_t e = 0; e < d; e++)
      ct[e * k4 + c0] = c->data[c0 * c->tda + e];
  if (b)
    j.up = b->up;
  if (b && b->at) {
    move = xmalloc(k * sizeof *move);
    for (size_t c0 = 0; c0 < k; c0++) {
      const double *p = c->data + c0 * c->tda;
      const double *q = b->at->data + c0 * b->at->tda;
      double s = 0;
      for (size_t e = 0; e < d; e++)
        s += (p[e] - q[e]) * (p[e] - q[e]);
      move[c0] = sqrt(s) * (1 + 1e-12);
    }
    j.move = move;
  } else if (b) {
    b->at = gsl_matrix_alloc(k, d);
  }
  j.changed = xcalloc(tasks ? tasks : 1, sizeof *j.changed);
  topics_pool_run(pl, tasks, assign_task, &j);
  for (size_t t = 0; t < tasks; t++)
    changed += j.changed[t];
  if (b)
    gsl_matrix_memcpy(b->at, c);
  free(j.changed);
  free(move);
  free(ct);
  return changed;
}

static void bounds_init(struct bounds *b, size_t n, int k)
{
  b->up = xmalloc((n ? n : 1) * (size_t)k * sizeof *b->up);
  b->at = NULL;
}

static void bounds_release(struct bounds *b)
{
  free(b->up);
  if (b->at)
    gsl_matrix_free(b->at);
}

/* One run of spherical k-means; returns the objective (sum of cosines
 * to the own centroid) with assignments in assign, cosines in sim. */
static double kmeans_once(struct topics_pool *pl, const gsl_matrix *x, int k,
                          int iterations, gsl_rng *rng, int *assign,
                          double *sim, gsl_matrix *c)
{
  size_t n = x->size1;
  double obj = 0;
  struct bounds b;

  bounds_init(&b, n, k);
  seed_plus_plus(pl, x, k, rng, c);
  for (size_t i = 0; i < n; i++)
    assign[i] = -1;
  for (int it = 0; it < iterations; it++) {
    double prev = obj;
    size_t changed = assign_rows(pl, x, c, assign, sim, &b);
    obj = 0;
    for (size_t i = 0; i < n; i++)
      obj += sim[i];
    /* Converged, or gaining less than a hundredth of a percent. */
    if (!changed || (it > 0 && obj - prev < 1e-4 * fabs(obj)))
      break;
    centroids(x, assign, sim, k, c);
  }
  bounds_release(&b);
  return obj;
}

struct refine_job {
  const struct csr *a;
  const double *c, *norm;
  size_t k;
  int *assign;
  double *sim;
  size_t *changed; /* per task */
};

/* Rows of a block to their nearest full-space centroid. */
static void refine_task(void *arg, size_t task)
{
  const struct refine_job *j = arg;
  const struct csr *a = j->a;
  size_t kk = j->k, i1 = (task + 1) * ROW_BLOCK, changed = 0;
  double *dot = xmalloc(kk * sizeof *dot);

  for (size_t r = task * ROW_BLOCK; r < i1 && r < a->rows; r++) {
    int best = j->assign[r];
    memset(dot, 0, kk * sizeof *dot);
    for (size_t p = a->ptr[r]; p < a->ptr[r + 1]; p++) {
      const double *ct = j->c + (size_t)a->col[p] * kk;
      double v = a->val[p];
      for (size_t c = 0; c < kk; c++)
        dot[c] += v * ct[c];
    }
    for (size_t c = 0; c < kk; c++)
      if (dot[c] * j->norm[c] > dot[best] * j->norm[best])
        best = (int)c;
    if (best != j->assign[r] && j->norm[best] > 0) {
      j->assign[r] = best;
      changed++;
    }
    j->sim[r] = dot[j->assign[r]] * j->norm[j->assign[r]];
  }
  j->changed[task] = changed;
  free(dot);
}

/* Spherical k-means on the TF-IDF rows themselves, from the clustering
 * found in the reduced space: the reduction finds the neighbourhoods
 * cheaply, the full vocabulary settles the boundaries.  Centroids are
 * kept term-major (cols x k) so that a row's cosines to all of them are
 * one pass over its terms.  sim gets each row's cosine to its own
 * centroid. */
static void refine_sparse(struct topics_pool *pl, const struct csr *a, int k,
                          int *assign, double *sim)
{
  size_t kk = (size_t)k, tasks = row_tasks(a->rows);
  double *c = xmalloc(a->cols * kk * sizeof *c);
  double *norm = xmalloc(kk * sizeof *norm);
  struct refine_job j = {a, c, norm, kk, assign, sim, NULL};

  j.changed = xmalloc((tasks ? tasks : 1) * sizeof *j.changed);
  for (int it = 0; it < REFINE_ITER; it++) {
    size_t changed = 0;

    memset(c, 0, a->cols * kk * sizeof *c);
    for (size_t r = 0; r < a->rows; r++)
      for (size_t p = a->ptr[r]; p < a->ptr[r + 1]; p++)
        c[(size_t)a->col[p] * kk + (size_t)assign[r]] += a->val[p];
    for (size_t q = 0; q < kk; q++)
      norm[q] = 0;
    for (size_t t = 0; t < a->cols; t++)
      for (size_t q = 0; q < kk; q++)
        norm[q] += c[t * kk + q] * c[t * kk + q];
    for (size_t q = 0; q < kk; q++)
      norm[q] = norm[q] > 0 ? 1 / sqrt(norm[q]) : 0;
    topics_pool_run(pl, tasks, refine_task, &j);
    for (size_t t = 0; t < tasks; t++)
      changed += j.changed[t];
    if (changed * 1000 < a->rows) /* fewer than one row in a thousand */
      break;
  }
  free(j.changed);
  free(c);
  free(norm);
}

/* The best of several seeded k-means runs. */
static void kmeans(struct topics_pool *pl, const gsl_matrix *x, int k,
                   int restarts, int iterations, gsl_rng *rng, int *assign,
                   double *sim, gsl_matrix *c)
{
  size_t n = x->size1;
  int *a = xmalloc(n * sizeof *a);
  double *sm = xmalloc(n * sizeof *sm), best = -1e300;
  gsl_matrix *cc = gsl_matrix_alloc((size_t)k, x->size2);

  for (int r = 0; r < restarts; r++) {
    double obj = kmeans_once(pl, x, k, iterations, rng, a, sm, cc);

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
static gsl_matrix *matrix_rows(const gsl_matrix *x, const size_t *idx, size_t n)
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
 * n x k matrix (nor bounds): assignments and cosines into assign and
 * sim. */
static void lloyd_rows(struct topics_pool *pl, const gsl_matrix *x, int k,
                       gsl_matrix *c, int *assign, double *sim, int iterations)
{
  size_t n = x->size1;

  for (size_t i = 0; i < n; i++)
    assign[i] = -1;
  for (int it = 0; it < iterations; it++) {
    if (assign_rows(pl, x, c, assign, sim, NULL) * 1000 < n)
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

static void fit_at(struct topics_pool *pl, const struct csr *a,
                   const struct postings *p, const gsl_matrix *x, int k,
                   int restarts, uint64_t seed, int refine, struct fit *f)
{
  gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);

  gsl_rng_set(rng, (unsigned long)(seed * 2654435761u + (uint64_t)k));
  f->k = k;
  f->assign = xmalloc(x->size1 * sizeof *f->assign);
  f->sim = xmalloc(x->size1 * sizeof *f->sim);
  f->c = gsl_matrix_alloc((size_t)k, x->size2);
  f->top = xmalloc((size_t)k * TOPIC_TERMS * sizeof *f->top);
  kmeans(pl, x, k, restarts, refine ? KM_ITER : KM_ITER_SCORE, rng, f->assign,
         f->sim, f->c);
  if (refine)
    refine_sparse(pl, a, k, f->assign, f->sim);
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
static void fit_large(struct topics_pool *pl, const struct csr *a,
                      const struct postings *p, const gsl_matrix *x,
                      const gsl_matrix *xs, int k, uint64_t seed, struct fit *f)
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
  kmeans(pl, xs, k, KM_RESTARTS, KM_ITER, rng, as, ss, f->c);
  lloyd_rows(pl, x, k, f->c, f->assign, f->sim, KM_ITER_LARGE);
  refine_sparse(pl, a, k, f->assign, f->sim);
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
  struct topics_pool pool;
  int rc = -1;

  memset(m, 0, sizeof *m);
  memset(&v, 0, sizeof v);
  topics_pool_start(&pool, s->threads);
  if (vocab_add_docs(&v, &pool, texts, langs, n, s->bigrams, docs) < 0)
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
    x = reduce(&pool, &as, SVD_DIM, rng, &a);
    xs = matrix_rows(x, idx, SAMPLE_ROWS);
  } else {
    x = reduce(&pool, &a, SVD_DIM, rng, NULL);
  }
  postings_build(&a, &post);
  if (s->k > 0) {
    int k = (size_t)s->k > a.rows ? (int)a.rows : s->k;
    if (large)
      fit_large(&pool, &a, &post, x, xs, k, s->seed, &best);
    else
      fit_at(&pool, &a, &post, x, k, KM_RESTARTS, s->seed, 1, &best);
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
      fit_at(&pool, ca, cp, cx, candidates[i], KM_RESTARTS_SCORE, s->seed, 0,
             &f);
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
        fit_large(&pool, &a, &post, x, xs, k, s->seed, &best);
      else
        fit_at(&pool, &a, &post, x, k, KM_RESTARTS, s->seed, 1, &best);
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
  topics_pool_stop(&pool);
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
