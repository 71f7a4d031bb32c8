/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * bench-topics: the topic model on its own, for bench/bench-topics.sh.
 *
 *   bench-topics --news TARBALL [--dump FILE]   20 Newsgroups, k = 20
 *   bench-topics --synthetic N [--k K]          N generated posts
 *   --seed S                                    the model's seed (42)
 *   --threads T                                 threads (0: one per CPU)
 *
 * Prints one line "posts N terms T k K seconds S nmi X ari Y": seconds
 * are wall-clock from the texts in memory to labelled topics
 * (tokenising, stemming, TF-IDF, SVD, k-means, labels), the span the
 * reference measures too.  --dump writes the documents and their labels
 * as JSON lines for the reference to read the very same texts.
 *
 * Generated posts: K_TRUE topics, each with its own words, over a shared
 * background vocabulary; every post draws most of its words from one
 * topic (its label) and the rest from the background, lengths and word
 * ranks Zipf-like, deterministic from a fixed seed.
 */
#include "stats/topics.h"
#include "tests/unit/news20.h"
#include "util/util.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define K_TRUE 20
#define TOPIC_WORDS 300
#define BACKGROUND_WORDS 5000

/* xorshift64*: a fixed, fast generator for the synthetic corpus. */
static uint64_t rng_state = 88172645463325252ull;
static uint64_t rng_next(void)
{
  rng_state ^= rng_state >> 12;
  rng_state ^= rng_state << 25;
  rng_state ^= rng_state >> 27;
  return rng_state * 2685821657736338717ull;
}

/* A Zipf-like rank in [0, n): inverse of a 1/x density. */
static size_t zipf(size_t n)
{
  double u = (double)(rng_next() >> 11) / 9007199254740992.0;
  size_t r = (size_t)(exp(u * log((double)n + 1)) - 1);
  return r < n ? r : n - 1;
}

/* A pronounceable word for (set, rank), distinct for distinct pairs. */
static void word_make(size_t set, size_t rank, struct strbuf *out)
{
  static const char *const syl[] = {"ka", "lo", "mi", "ne", "ru", "sa",
                                    "te", "vo", "pi", "da", "ge", "bu",
                                    "fa", "ho", "ji", "wu"};
  size_t v = set * 100003 + rank + 17;

  do {
    strbuf_addstr(out, syl[v % 16]);
    v /= 16;
  } while (v);
  strbuf_addstr(out, "x");
}

static void synthetic(size_t n, struct news *nw)
{
  nw->texts = xmalloc(n * sizeof *nw->texts);
  nw->label = xmalloc(n * sizeof *nw->label);
  nw->n = n;
  for (size_t i = 0; i < n; i++) {
    struct strbuf b = STRBUF_INIT;
    int t = (int)(rng_next() % K_TRUE);
    size_t len = 20 + zipf(200);

    for (size_t w = 0; w < len; w++) {
      if (w)
        strbuf_addch(&b, w % 12 ? ' ' : '\n');
      if (rng_next() % 100 < 12)
        word_make((size_t)t + 1, zipf(TOPIC_WORDS), &b);
      else
        word_make(0, zipf(BACKGROUND_WORDS), &b);
    }
    nw->texts[i] = strbuf_detach(&b, NULL);
    nw->label[i] = t;
  }
}

static int dump(const struct news *nw, const char *path)
{
  FILE *f = fopen(path, "w");

  if (!f) {
    error("cannot write '%s'", path);
    return -1;
  }
  for (size_t i = 0; i < nw->n; i++) {
    json_t *o =
        json_pack("{s:s, s:i}", "text", nw->texts[i], "label", nw->label[i]);
    char *line = o ? json_dumps(o, JSON_COMPACT) : NULL;
    if (line)
      fprintf(f, "%s\n", line);
    free(line);
    json_decref(o);
  }
  return fclose(f) == 0 ? 0 : -1;
}

int main(int argc, char **argv)
{
  struct news nw = {0};
  struct topic_settings s = {20, 42, 0, "month", NULL, 0, 0};
  struct topic_model m;
  const char *news = NULL, *dump_path = NULL;
  size_t synth = 0;
  struct timespec t0, t1;
  double secs;

  for (int i = 1; i + 1 < argc; i += 2) {
    if (!strcmp(argv[i], "--news"))
      news = argv[i + 1];
    else if (!strcmp(argv[i], "--dump"))
      dump_path = argv[i + 1];
    else if (!strcmp(argv[i], "--synthetic"))
      synth = (size_t)strtoull(argv[i + 1], NULL, 10);
    else if (!strcmp(argv[i], "--k"))
      s.k = atoi(argv[i + 1]);
    else if (!strcmp(argv[i], "--seed"))
      s.seed = strtoull(argv[i + 1], NULL, 10);
    else if (!strcmp(argv[i], "--threads"))
      s.threads = atoi(argv[i + 1]);
    else
      die("usage: bench-topics --news TARBALL [--dump FILE] | "
          "--synthetic N [--k K|0] [--seed S] [--threads T]");
  }
  if (news ? news_read(news, 1, &nw) < 0 : (synthetic(synth, &nw), 0))
    die("cannot read '%s'", news);
  if (dump_path && dump(&nw, dump_path) < 0)
    return 1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  if (topic_model_fit((const char *const *)nw.texts, NULL, nw.n, &s, &m) < 0)
    die("topic model failed");
  clock_gettime(CLOCK_MONOTONIC, &t1);
  secs = (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
  printf("posts %zu terms %zu k %d seconds %.2f nmi %.3f ari %.3f\n", nw.n,
         m.n_terms, m.k, secs, topics_nmi(m.assign, nw.label, nw.n),
         topics_ari(m.assign, nw.label, nw.n));
  topic_model_release(&m);
  news_release(&nw);
  return 0;
}
