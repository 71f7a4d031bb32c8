/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Internal to stats/: the topic model.  Text goes in as UTF-8 strings,
 * topics come out as assignments, labels and evidence.  The pure model
 * (topic_model_fit) needs no corpus; topics_run() reads posts from a
 * corpus and stores the results of one stats run.
 *
 * Pipeline: tokens (utf8proc NFKC + case fold, Snowball stems), TF-IDF
 * (sublinear tf, smooth idf, l2 rows), randomised truncated SVD (Halko,
 * Martinsson, Tropp), spherical k-means++ with restarts, class-based
 * TF-IDF labels.  Everything seeded: same input and seed, same topics.
 *
 * The caller owns its input strings; topic_model_release() frees what
 * topic_model_fit() allocated.
 */
#ifndef NETNO_STATS_TOPICS_H
#define NETNO_STATS_TOPICS_H

#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

struct corpus;

struct topic_settings {
  int k;              /* number of topics; 0 picks K (see topic_model_fit) */
  uint64_t seed;      /* for every random choice */
  int bigrams;        /* also count two-word phrases */
  const char *period; /* timeline: "month" (default) or "week" */
  const int64_t *leaders; /* authors whose posts get a timeline series */
  size_t n_leaders;       /* of their own ("author:ID"), best first */
  int threads; /* for the model; 0: one per online CPU.  The topics do not
                * depend on it. */
};

/* Languages the text layer knows. */
enum text_lang { TEXT_LANG_EN = 0, TEXT_LANG_DE = 1 };

/* Guess English or German from stop-word counts (English on a tie). */
enum text_lang text_lang_detect(const char *s);
/* Whether the case-folded token is a marker word of one language, the
 * evidence text_lang_detect() counts: that language + 1, or 0. */
int text_lang_mark(const char *tok, size_t len);
/* "en"/"de"-style tag (any case, "de-AT" too) to a language; -1 when
 * unknown or NULL. */
int text_lang_from_tag(const char *tag);

/* Call fn for each token of s: NFKC + case folded, letters and digits
 * only, URLs, e-mail addresses, pure numbers and '>' quoted lines left
 * out.  Returns the number of tokens, -1 on invalid UTF-8 that cannot
 * be mapped (the text is then skipped). */
int text_tokenize(const char *s,
                  void (*fn)(const char *tok, size_t len, int line, void *arg),
                  void *arg);

/* Whether the case-folded token is on the built-in stop-word list of
 * lang. */
int text_is_stop(enum text_lang lang, const char *tok, size_t len);

#define TOPIC_TERMS 10 /* terms kept per topic */
#define TOPIC_REPS 3   /* representative documents per topic */

struct topic_info {
  char *label;              /* the top four terms, space separated */
  char *terms[TOPIC_TERMS]; /* surface forms, best first; may be NULL */
  size_t size;              /* documents assigned */
  size_t reps[TOPIC_REPS];  /* document indices closest to centroid */
  int n_reps;
  double coherence; /* mean NPMI of the top terms */
};

struct topic_model {
  int k;
  size_t n_docs;
  int *assign;               /* per document: topic, or -1 (no usable tokens) */
  double *weight;            /* per document: cosine to its topic centroid */
  struct topic_info *topics; /* k entries */
  size_t n_terms;            /* vocabulary size after stop words */
  double silhouette;         /* on a sample of documents */
  double coherence;          /* mean NPMI over topics */
};

/* Fit topics to n texts.  langs may be NULL or hold NULL entries (then
 * the detector decides).  With s->k == 0, K is picked from 2, 3, 4, 5,
 * 6, 8, 10, 12, 15, 20, 25, 30, 40, 50 (as long as K <= documents / 5)
 * by the highest sum of the mean silhouette (cosine, on a seeded sample
 * of 1,000 documents) and the mean NPMI coherence of each topic's top
 * five terms (documents as windows): silhouette rewards separated
 * clusters, coherence rewards topics whose terms occur together; each
 * alone drifts to large or small K.  0 on success, 1 when there is too
 * little text to cluster (m is left empty), -1 (reported) on failure. */
int topic_model_fit(const char *const *texts, const char *const *langs,
                    size_t n, const struct topic_settings *s,
                    struct topic_model *m);
void topic_model_release(struct topic_model *m);

/* Agreement of two labelings of n items (labels >= 0; negative ones
 * are skipped): normalised mutual information (arithmetic mean) and
 * the adjusted Rand index. */
double topics_nmi(const int *a, const int *b, size_t n);
double topics_ari(const int *a, const int *b, size_t n);

/* The trend of a share y[i] at periods x[i] (i < n): least-squares
 * slope per period with its 95% confidence interval (t quantile with
 * n - 2 degrees of freedom).  -1 when n < 3. */
int topics_trend(const double *x, const double *y, size_t n, double *slope,
                 double *low, double *high);

/* Read the posts of c, fit topics and store topic, post_topic and
 * timeline rows for run_id.  0 or -1 (reported). */
int topics_run(struct corpus *c, int64_t run_id,
               const struct topic_settings *s);

/* ---- inside the model (stats/topics_*.c) ------------------------------ */

/* Worker threads for the model's loops (stats/topics_pool.c).  Work is
 * cut into tasks that write disjoint outputs, and every sum keeps the
 * order of the one-thread loop, so results do not depend on the number
 * of threads (nor on which thread runs which task). */
struct topics_pool {
  pthread_t *th;
  int n; /* workers besides the calling thread */
  pthread_mutex_t mu;
  pthread_cond_t go, done;
  void (*fn)(void *arg, size_t task);
  void *arg;
  size_t tasks;
  atomic_size_t next;
  unsigned gen; /* bumped for each batch of tasks */
  int busy, quit;
};

/* Start threads - 1 workers (threads <= 0: one per online CPU); a
 * worker that cannot be started leaves its share to the others.
 * topics_pool_stop() ends them. */
void topics_pool_start(struct topics_pool *pl, int threads);
void topics_pool_stop(struct topics_pool *pl);
/* fn(arg, t) for every t in [0, tasks), spread over the threads;
 * returns when all are done. */
void topics_pool_run(struct topics_pool *pl, size_t tasks,
                     void (*fn)(void *arg, size_t task), void *arg);

/* Strings to ints, open addressing; keys are owned copies. */
struct strmap {
  char **keys;
  int *vals;
  uint64_t *hash; /* of each key, to skip most string compares */
  size_t cap, n;
};

/* Terms (stems and "stem stem" phrases) and the surface forms seen. */
struct vocab {
  struct strmap surf;     /* language digit + surface -> surface index */
  int *surf_term;         /* its term, -1 for a stop word */
  size_t *surf_count;     /* how often seen */
  const char **surf_text; /* the surface (inside surf's key) */
  size_t n_surf, cap_surf;
  struct strmap terms;   /* stem or phrase -> term index */
  const char **term_key; /* inside terms' key */
  int *term_a, *term_b;  /* a phrase's two stems; -1 for a stem */
  int *term_surf;        /* most common surface index, or -1 */
  size_t n_terms, cap_terms;
};

/* One document as term ids in text order (repeats kept). */
struct doc_terms {
  int *ids;
  size_t n;
  enum text_lang lang;
};

/* Tokenise and stem n texts into docs[0..n) (the caller frees each
 * docs[i].ids), the tokenising spread over pl; 0 or -1 (reported). */
int vocab_add_docs(struct vocab *v, struct topics_pool *pl,
                   const char *const *texts, const char *const *langs, size_t n,
                   int bigrams, struct doc_terms *docs);
/* The label form of a term; caller frees. */
char *vocab_surface(const struct vocab *v, int term);
void vocab_release(struct vocab *v);

#endif
