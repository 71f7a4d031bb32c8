/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Reading the author network back from stored posts and relations, and
 * storing a run.  Expected values are counted by hand from the posts
 * below.
 */
#include "corpus/internal.h"
#include "tests/unit/test.h"
#include "util/util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define T0 1704844800 /* 2024-01-10T00:00:00Z */
#define T1 1707091200 /* 2024-02-05T00:00:00Z */
#define T2 1707523200 /* 2024-02-10T00:00:00Z */

/* The forum below; with reverse, thread 2 stored (and its authors met)
 * first. */
static struct corpus *forum_stored(const char *name, int reverse)
{
  char *path = xasprintf("%s/%s", test_tmpdir(), name);
  struct corpus *c = corpus_open(path, CORPUS_CREATE);
  static const char *const bernd[] = {"Bernd"};
  /* Thread 1: Anna asks; Bernd and Carla answer her (Carla also names
   * Bernd); Anna answers Bernd; weeks later Bernd again (implicit). */
  struct corpus_post t1[] = {
      {.uid = "a1",
       .author = "Anna",
       .text = "q",
       .position = 1,
       .has_published = 1,
       .published_at = T0},
      {.uid = "a2",
       .author = "Bernd",
       .text = "x",
       .position = 2,
       .parent_uid = "a1",
       .has_published = 1,
       .published_at = T0 + 3600},
      {.uid = "a3",
       .author = "Carla",
       .text = "y",
       .position = 3,
       .parent_uid = "a1",
       .mentions = bernd,
       .nmentions = 1,
       .has_published = 1,
       .published_at = T0 + 7200},
      {.uid = "a4",
       .author = "Anna",
       .text = "z",
       .position = 4,
       .parent_uid = "a2",
       .has_published = 1,
       .published_at = T0 + 10800},
      {.uid = "a5",
       .author = "Bernd",
       .text = "w",
       .position = 5,
       .parent_uid = "a1",
       .parent_implicit = 1,
       .has_published = 1,
       .published_at = T1},
  };
  /* Thread 2: Bernd asks, Anna answers twice. */
  struct corpus_post t2[] = {
      {.uid = "b1",
       .author = "Bernd",
       .text = "q",
       .position = 1,
       .has_published = 1,
       .published_at = T2},
      {.uid = "b2",
       .author = "Anna",
       .text = "x",
       .position = 2,
       .parent_uid = "b1",
       .has_published = 1,
       .published_at = T2 + 600},
      {.uid = "b3",
       .author = "Anna",
       .text = "y",
       .position = 3,
       .parent_uid = "b1",
       .has_published = 1,
       .published_at = T2 + 1200},
  };
  struct corpus_thread th1 = {.url = "https://f.example/t/1",
                              .kind = "forum_thread"};
  struct corpus_thread th2 = {.url = "https://f.example/t/2",
                              .kind = "forum_thread"};
  struct corpus_page p1 = {.url = "https://f.example/t/1",
                           .source = "html",
                           .body = "1",
                           .body_len = 1};
  struct corpus_page p2 = {.url = "https://f.example/t/2",
                           .source = "html",
                           .body = "2",
                           .body_len = 1};
  int64_t id1, id2;

  free(path);
  if (!c)
    return NULL;
  if (reverse) {
    corpus_add_page(c, &p2, &id2, NULL);
    corpus_add_page(c, &p1, &id1, NULL);
    corpus_store_posts(c, id2, &th2, t2, ARRAY_SIZE(t2), "test", 3);
    corpus_store_posts(c, id1, &th1, t1, ARRAY_SIZE(t1), "test", 5);
  } else {
    corpus_add_page(c, &p1, &id1, NULL);
    corpus_add_page(c, &p2, &id2, NULL);
    corpus_store_posts(c, id1, &th1, t1, ARRAY_SIZE(t1), "test", 5);
    corpus_store_posts(c, id2, &th2, t2, ARRAY_SIZE(t2), "test", 3);
  }
  corpus_resolve_relations(c, NULL);
  return c;
}

static struct corpus *forum(const char *name)
{
  return forum_stored(name, 0);
}

static const struct corpus_author_facts *
by_name(const struct corpus_author_graph *g, const char *name)
{
  for (size_t i = 0; i < g->nauthors; i++)
    if (!strcmp(g->authors[i].name, name))
      return &g->authors[i];
  return NULL;
}

/* Weight of the link from one author to another, 0 when none. */
static int64_t link_weight(const struct corpus_author_graph *g,
                           const char *from, const char *to)
{
  for (size_t i = 0; i < g->nlinks; i++)
    if (!strcmp(g->authors[g->links[i].src].name, from) &&
        !strcmp(g->authors[g->links[i].dst].name, to))
      return g->links[i].weight;
  return 0;
}

TEST(stats_corpus_author_graph)
{
  static const struct {
    const char *name;
    int64_t posts, threads, started, months, first, last;
    double median;
  } want[] = {
      /* Anna: a1 a4 b2 b3; a1 first answered after 3600 s (Bernd) */
      {"Anna", 4, 2, 1, 2, T0, T2 + 1200, 3600},
      /* Bernd: a2 a5 b1; a2 answered after 7200 s, b1 after 600 s */
      {"Bernd", 3, 2, 1, 2, T0 + 3600, T2, 3900},
      {"Carla", 1, 1, 0, 1, T0 + 7200, T0 + 7200, -1},
  };
  static const struct {
    const char *from, *to;
    int64_t weight;
  } links[] = {
      {"Bernd", "Anna", 1}, /* a2; a5 is implicit, left out by default */
      {"Carla", "Anna", 1},
      {"Carla", "Bernd", 1}, /* the mention */
      {"Anna", "Bernd", 3},  /* a4, b2, b3 */
  };
  struct corpus *c = forum("graph.db");
  struct corpus_graph_filter f = {.kinds = CORPUS_REL_REPLY | CORPUS_REL_QUOTE |
                                           CORPUS_REL_MENTION};
  struct corpus_author_graph g;

  CHECK(c != NULL);
  if (!c)
    return;
  CHECK_INT(corpus_load_author_graph(c, &f, &g), 0);
  CHECK_INT(g.nauthors, 3);
  CHECK_INT(g.nlinks, 4);
  for (size_t i = 0; i < ARRAY_SIZE(want); i++) {
    const struct corpus_author_facts *a = by_name(&g, want[i].name);
    CHECK_MSG(a != NULL, want[i].name);
    if (!a)
      continue;
    CHECK_INT_MSG(a->posts, want[i].posts, want[i].name);
    CHECK_INT_MSG(a->threads, want[i].threads, want[i].name);
    CHECK_INT_MSG(a->threads_started, want[i].started, want[i].name);
    CHECK_INT_MSG(a->months_active, want[i].months, want[i].name);
    CHECK_INT_MSG(a->first_seen, want[i].first, want[i].name);
    CHECK_INT_MSG(a->last_seen, want[i].last, want[i].name);
    CHECK_INT_MSG((int64_t)a->answer_median, (int64_t)want[i].median,
                  want[i].name);
  }
  for (size_t i = 0; i < ARRAY_SIZE(links); i++)
    CHECK_INT_MSG(link_weight(&g, links[i].from, links[i].to), links[i].weight,
                  links[i].from);
  corpus_author_graph_release(&g);

  /* with implicit relations Bernd's late a5 counts too */
  f.kinds |= CORPUS_REL_IMPLICIT;
  CHECK_INT(corpus_load_author_graph(c, &f, &g), 0);
  CHECK_INT(link_weight(&g, "Bernd", "Anna"), 2);
  corpus_author_graph_release(&g);

  /* since February: a5 b1 b2 b3; b1 starts thread 2, a1 is outside */
  f.kinds = CORPUS_REL_REPLY;
  f.since = T1;
  CHECK_INT(corpus_load_author_graph(c, &f, &g), 0);
  CHECK_INT(g.nauthors, 2);
  CHECK_INT(g.nlinks, 1);
  CHECK_INT(link_weight(&g, "Anna", "Bernd"), 2);
  CHECK(by_name(&g, "Bernd") && by_name(&g, "Bernd")->posts == 2 &&
        by_name(&g, "Bernd")->threads_started == 1);
  CHECK(by_name(&g, "Anna") && by_name(&g, "Anna")->threads_started == 0);
  corpus_author_graph_release(&g);

  /* another host: nothing */
  f.since = 0;
  f.host = "other.example";
  CHECK_INT(corpus_load_author_graph(c, &f, &g), 0);
  CHECK_INT(g.nauthors, 0);
  corpus_author_graph_release(&g);
  f.host = "f.example";
  CHECK_INT(corpus_load_author_graph(c, &f, &g), 0);
  CHECK_INT(g.nauthors, 3);
  corpus_author_graph_release(&g);
  corpus_close(c);
}

TEST(stats_corpus_store_run)
{
  struct corpus *c = forum("run.db");
  int64_t run = 0, n = -1, ids[2];
  static const double v[] = {0.5, 0.25}, w[] = {1, NAN};
  static const char *const names[] = {"pagerank", "median"};
  const double *const vals[] = {v, w};
  static const int comm[] = {0, 1};

  CHECK(c != NULL);
  if (!c)
    return;
  corpus_query_int(c, "SELECT id FROM author WHERE name = 'Anna'", &ids[0]);
  corpus_query_int(c, "SELECT id FROM author WHERE name = 'Bernd'", &ids[1]);
  CHECK_INT(corpus_begin(c), 0);
  CHECK_INT(corpus_stats_run_start(c, 42, "{\"seed\":42}", &run), 0);
  CHECK(run > 0);
  CHECK_INT(corpus_stats_add_metrics(c, run, names, vals, 2, ids, 2), 0);
  CHECK_INT(corpus_stats_add_community(c, run, 0, 1, "Anna"), 0);
  CHECK_INT(corpus_stats_add_community(c, run, 1, 1, "Bernd"), 0);
  CHECK_INT(corpus_stats_add_members(c, run, ids, comm, 2), 0);
  CHECK_INT(corpus_stats_run_finish(c, run, "{}"), 0);
  CHECK_INT(corpus_commit(c), 0);
  corpus_query_int(c, "SELECT seed FROM run", &n);
  CHECK_INT(n, 42);
  corpus_query_int(c,
                   "SELECT count(*) FROM run WHERE ended_at IS NOT NULL "
                   "AND settings = '{\"seed\":42}'",
                   &n);
  CHECK_INT(n, 1);
  corpus_query_int(c,
                   "SELECT value * 4 FROM author_metric m JOIN author a "
                   "ON a.id = m.author_id WHERE a.name = 'Bernd' "
                   "AND metric = 'pagerank'",
                   &n);
  CHECK_INT(n, 1);
  corpus_query_int(c, "SELECT count(*) FROM author_metric", &n);
  CHECK_INT(n, 3); /* Bernd's NaN median is not stored */
  corpus_query_int(c,
                   "SELECT community FROM community_member m JOIN "
                   "author a ON a.id = m.author_id WHERE a.name = "
                   "'Bernd'",
                   &n);
  CHECK_INT(n, 1);
  corpus_close(c);
}

/* The same posts stored in another order (Bernd met first, so the
 * author ids differ): the same network, author by author and link by
 * link, since community detection depends on the order of its nodes. */
TEST(stats_corpus_graph_same_for_any_storage_order)
{
  struct corpus *a = forum_stored("order-a.db", 0);
  struct corpus *b = forum_stored("order-b.db", 1);
  struct corpus_graph_filter f = {.kinds = CORPUS_REL_REPLY | CORPUS_REL_QUOTE |
                                           CORPUS_REL_MENTION};
  struct corpus_author_graph ga, gb;
  int64_t anna_a = 0, anna_b = 0;

  CHECK(a != NULL && b != NULL);
  if (!a || !b)
    goto out;
  /* the ids differ indeed */
  corpus_query_int(a, "SELECT id FROM author WHERE name = 'Anna'", &anna_a);
  corpus_query_int(b, "SELECT id FROM author WHERE name = 'Anna'", &anna_b);
  CHECK(anna_a != anna_b);
  CHECK_INT(corpus_load_author_graph(a, &f, &ga), 0);
  CHECK_INT(corpus_load_author_graph(b, &f, &gb), 0);
  CHECK_INT(ga.nauthors, 3);
  CHECK_INT(gb.nauthors, ga.nauthors);
  CHECK(ga.nlinks >= 3);
  CHECK_INT(gb.nlinks, ga.nlinks);
  for (size_t i = 0; i < ga.nauthors && i < gb.nauthors; i++) {
    CHECK_STR(ga.authors[i].name, gb.authors[i].name);
    CHECK_INT(ga.authors[i].posts, gb.authors[i].posts);
  }
  for (size_t i = 0; i < ga.nlinks && i < gb.nlinks; i++) {
    CHECK_INT(ga.links[i].src, gb.links[i].src);
    CHECK_INT(ga.links[i].dst, gb.links[i].dst);
    CHECK_INT(ga.links[i].weight, gb.links[i].weight);
  }
  corpus_author_graph_release(&ga);
  corpus_author_graph_release(&gb);
out:
  if (a)
    corpus_close(a);
  if (b)
    corpus_close(b);
}
