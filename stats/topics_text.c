/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Documents to term ids: the vocabulary of stems (and optional two-word
 * phrases) with the most common surface form of each, built by
 * tokenising and stemming every text with the stemmer of its language.
 */
#include "stats/topics.h"
#include "util/util.h"

#include <libstemmer.h>
#include <stdlib.h>
#include <string.h>

/* FNV-1a over len bytes. */
static uint64_t hash_bytes(const char *s, size_t len)
{
  uint64_t h = 1469598103934665603ULL;

  for (size_t i = 0; i < len; i++)
    h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
  return h;
}

static void strmap_grow(struct strmap *m)
{
  size_t cap = m->cap ? m->cap * 2 : 1024;
  char **keys = xcalloc(cap, sizeof *keys);
  int *vals = xcalloc(cap, sizeof *vals);
  uint64_t *hash = xcalloc(cap, sizeof *hash);

  for (size_t i = 0; i < m->cap; i++) {
    size_t j;
    if (!m->keys[i])
      continue;
    j = m->hash[i] & (cap - 1);
    while (keys[j])
      j = (j + 1) & (cap - 1);
    keys[j] = m->keys[i];
    vals[j] = m->vals[i];
    hash[j] = m->hash[i];
  }
  free(m->keys);
  free(m->vals);
  free(m->hash);
  m->keys = keys;
  m->vals = vals;
  m->hash = hash;
  m->cap = cap;
}

/* The slot of key k[0..len) with hash h in m: holding it, or empty. */
static size_t strmap_slot(const struct strmap *m, const char *k, size_t len,
                          uint64_t h)
{
  size_t j = h & (m->cap - 1);

  while (m->keys[j] && (m->hash[j] != h || strncmp(m->keys[j], k, len) != 0 ||
                        m->keys[j][len] != '\0'))
    j = (j + 1) & (m->cap - 1);
  return j;
}

/* The value of key k, or -1. */
static int strmap_get(const struct strmap *m, const char *k, size_t len)
{
  size_t j;

  if (!m->cap)
    return -1;
  j = strmap_slot(m, k, len, hash_bytes(k, len));
  return m->keys[j] ? m->vals[j] : -1;
}

/* Add key k (not present) with value v; returns the stored key copy. */
static const char *strmap_put(struct strmap *m, const char *k, size_t len,
                              int v)
{
  size_t j;

  uint64_t h = hash_bytes(k, len);

  if ((m->n + 1) * 2 > m->cap)
    strmap_grow(m);
  j = strmap_slot(m, k, len, h);
  m->hash[j] = h;
  m->keys[j] = xmalloc(len + 1);
  memcpy(m->keys[j], k, len);
  m->keys[j][len] = '\0';
  m->vals[j] = v;
  m->n++;
  return m->keys[j];
}

static void strmap_release(struct strmap *m)
{
  for (size_t i = 0; i < m->cap; i++)
    free(m->keys[i]);
  free(m->keys);
  free(m->vals);
  free(m->hash);
  memset(m, 0, sizeof *m);
}

/* The term id of key k, added when new (a = b = -1 for a stem). */
static int vocab_term(struct vocab *v, const char *k, size_t len, int a, int b)
{
  int id = strmap_get(&v->terms, k, len);

  if (id >= 0)
    return id;
  if (v->n_terms == v->cap_terms) {
    v->cap_terms = v->cap_terms ? v->cap_terms * 2 : 1024;
    v->term_key = xrealloc(v->term_key, v->cap_terms * sizeof *v->term_key);
    v->term_a = xrealloc(v->term_a, v->cap_terms * sizeof *v->term_a);
    v->term_b = xrealloc(v->term_b, v->cap_terms * sizeof *v->term_b);
    v->term_surf = xrealloc(v->term_surf, v->cap_terms * sizeof *v->term_surf);
  }
  id = (int)v->n_terms++;
  v->term_key[id] = strmap_put(&v->terms, k, len, id);
  v->term_a[id] = a;
  v->term_b[id] = b;
  v->term_surf[id] = -1;
  return id;
}

/* What one document's tokens are collected in. */
struct tok_ctx {
  struct vocab *v;
  enum text_lang lang;
  struct sb_stemmer *stemmer;
  int bigrams;
  int *ids;
  size_t n, cap;
  int prev, prev_line; /* the stem before, for two-word phrases */
};

static void push_id(struct tok_ctx *t, int id)
{
  if (t->n == t->cap) {
    t->cap = t->cap ? t->cap * 2 : 64;
    t->ids = xrealloc(t->ids, t->cap * sizeof *t->ids);
  }
  t->ids[t->n++] = id;
}

/* The surface entry of tok in the language of t: stemmed on first
 * sight; its term is -1 for a stop word. */
static int surface_of(struct tok_ctx *t, const char *tok, size_t len)
{
  struct vocab *v = t->v;
  char key[64];
  int s, term = -1;

  key[0] = (char)('0' + t->lang);
  memcpy(key + 1, tok, len);
  s = strmap_get(&v->surf, key, len + 1);
  if (s >= 0)
    return s;
  if (!text_is_stop(t->lang, tok, len)) {
    const sb_symbol *st =
        sb_stemmer_stem(t->stemmer, (const sb_symbol *)tok, (int)len);
    if (st) {
      int sl = sb_stemmer_length(t->stemmer);
      term = vocab_term(v, (const char *)st, (size_t)sl, -1, -1);
    }
  }
  if (v->n_surf == v->cap_surf) {
    v->cap_surf = v->cap_surf ? v->cap_surf * 2 : 1024;
    v->surf_term = xrealloc(v->surf_term, v->cap_surf * sizeof *v->surf_term);
    v->surf_count =
        xrealloc(v->surf_count, v->cap_surf * sizeof *v->surf_count);
    v->surf_text = xrealloc(v->surf_text, v->cap_surf * sizeof *v->surf_text);
  }
  s = (int)v->n_surf++;
  v->surf_text[s] = strmap_put(&v->surf, key, len + 1, s) + 1;
  v->surf_term[s] = term;
  v->surf_count[s] = 0;
  return s;
}

static void on_token(const char *tok, size_t len, int line, void *arg)
{
  struct tok_ctx *t = arg;
  int s, term;

  if (len > 60)
    return;
  s = surface_of(t, tok, len);
  t->v->surf_count[s]++;
  term = t->v->surf_term[s];
  if (term < 0) {
    t->prev = -1;
    return;
  }
  push_id(t, term);
  if (t->bigrams && t->prev >= 0 && t->prev_line == line) {
    struct strbuf k;
    strbuf_init(&k, 256);
    strbuf_addf(&k, "%s %s", t->v->term_key[t->prev], t->v->term_key[term]);
    push_id(t, vocab_term(t->v, k.buf, k.len, t->prev, term));
    strbuf_release(&k);
  }
  t->prev = term;
  t->prev_line = line;
}

/* The tokens of one text, collected on a worker thread. */
struct tok_list {
  struct strbuf text; /* the tokens one after another */
  size_t *off;        /* where each starts in text; n + 1 entries */
  int *line;          /* and its line */
  size_t n, cap;
  int marks[2]; /* marker words of each language seen */
};

static void collect_token(const char *tok, size_t len, int line, void *arg)
{
  struct tok_list *l = arg;
  int mark = text_lang_mark(tok, len);

  if (mark)
    l->marks[mark - 1]++;
  if (l->n + 1 >= l->cap) {
    l->cap = l->cap ? l->cap * 2 : 256;
    l->off = xrealloc(l->off, l->cap * sizeof *l->off);
    l->line = xrealloc(l->line, l->cap * sizeof *l->line);
  }
  l->off[l->n] = l->text.len;
  l->line[l->n++] = line;
  strbuf_add(&l->text, tok, len);
  l->off[l->n] = l->text.len;
}

#define TOK_BATCH 1024 /* texts tokenised in parallel at a time */

struct tok_job {
  const char *const *texts; /* of this batch */
  struct tok_list *lists;
};

static void tok_task(void *arg, size_t task)
{
  const struct tok_job *j = arg;
  struct tok_list *l = &j->lists[task];

  strbuf_reset(&l->text);
  l->n = 0;
  l->marks[0] = l->marks[1] = 0;
  text_tokenize(j->texts[task], collect_token, l);
}

int vocab_add_docs(struct vocab *v, struct topics_pool *pl,
                   const char *const *texts, const char *const *langs, size_t n,
                   int bigrams, struct doc_terms *docs)
{
  struct sb_stemmer *stem[2];
  struct tok_ctx t;
  struct tok_list *lists = xcalloc(TOK_BATCH, sizeof *lists);
  int rc = -1;

  for (size_t i = 0; i < TOK_BATCH; i++)
    strbuf_init(&lists[i].text, 0);
  stem[TEXT_LANG_EN] = sb_stemmer_new("english", "UTF_8");
  stem[TEXT_LANG_DE] = sb_stemmer_new("german", "UTF_8");
  if (!stem[0] || !stem[1]) {
    error("cannot start the Snowball stemmers: %s", "out of memory");
    goto out;
  }
  memset(&t, 0, sizeof t);
  t.v = v;
  t.bigrams = bigrams;
  /* Texts to tokens on the worker threads, a batch at a time; tokens to
   * terms here, in text order, so that term ids do not depend on the
   * threads. */
  for (size_t b0 = 0; b0 < n; b0 += TOK_BATCH) {
    size_t nb = n - b0 < TOK_BATCH ? n - b0 : TOK_BATCH;
    struct tok_job job = {texts + b0, lists};

    topics_pool_run(pl, nb, tok_task, &job);
    for (size_t i = b0; i < b0 + nb; i++) {
      const struct tok_list *l = &lists[i - b0];
      int lang = langs && langs[i] ? text_lang_from_tag(langs[i]) : -1;

      /* Untagged: as text_lang_detect() decides, from the marker words
       * among the tokens. */
      if (lang < 0)
        lang = l->marks[TEXT_LANG_DE] > l->marks[TEXT_LANG_EN] ? TEXT_LANG_DE
                                                               : TEXT_LANG_EN;
      t.lang = (enum text_lang)lang;
      t.stemmer = stem[lang];
      t.ids = NULL;
      t.n = t.cap = 0;
      t.prev = -1;
      for (size_t j = 0; j < l->n; j++)
        on_token(l->text.buf + l->off[j], l->off[j + 1] - l->off[j], l->line[j],
                 &t);
      docs[i].ids = t.ids;
      docs[i].n = t.n;
      docs[i].lang = t.lang;
    }
  }
  /* The most common surface form of each stem, for labels. */
  for (size_t s = 0; s < v->n_surf; s++) {
    int term = v->surf_term[s];
    if (term >= 0 && (v->term_surf[term] < 0 ||
                      v->surf_count[s] > v->surf_count[v->term_surf[term]]))
      v->term_surf[term] = (int)s;
  }
  rc = 0;
out:
  for (size_t i = 0; i < TOK_BATCH; i++) {
    strbuf_release(&lists[i].text);
    free(lists[i].off);
    free(lists[i].line);
  }
  free(lists);
  if (stem[0])
    sb_stemmer_delete(stem[0]);
  if (stem[1])
    sb_stemmer_delete(stem[1]);
  return rc;
}

char *vocab_surface(const struct vocab *v, int term)
{
  struct strbuf b;

  strbuf_init(&b, 256);
  if (v->term_a[term] >= 0) {
    int sa = v->term_surf[v->term_a[term]], sb = v->term_surf[v->term_b[term]];
    strbuf_addf(&b, "%s %s", sa >= 0 ? v->surf_text[sa] : "?",
                sb >= 0 ? v->surf_text[sb] : "?");
  } else if (v->term_surf[term] >= 0) {
    strbuf_addstr(&b, v->surf_text[v->term_surf[term]]);
  } else {
    strbuf_addstr(&b, v->term_key[term]);
  }
  return strbuf_detach(&b, NULL);
}

void vocab_release(struct vocab *v)
{
  strmap_release(&v->surf);
  strmap_release(&v->terms);
  free(v->surf_term);
  free(v->surf_count);
  free(v->surf_text);
  free(v->term_key);
  free(v->term_a);
  free(v->term_b);
  free(v->term_surf);
  memset(v, 0, sizeof *v);
}
