/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The leader computation on known graphs.  Expected values are worked out
 * by hand and cross-checked with networkx (see tests/data/stats/
 * reference.txt for the commands and the networkx version).
 */
#include "stats/graph.h"
#include "tests/unit/test.h"
#include "util/util.h"

#include <gsl/gsl_statistics_double.h>
#include <igraph/igraph.h>
#include <libxml/xmlreader.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Collapse parallel edges (same src, dst) into one with summed weight and
 * drop self-loops; returns the new count. */
static int edge_cmp(const void *a, const void *b)
{
  const struct leaders_edge *x = a, *y = b;
  if (x->src != y->src)
    return x->src < y->src ? -1 : 1;
  if (x->dst != y->dst)
    return x->dst < y->dst ? -1 : 1;
  return 0;
}

static size_t collapse_edges(struct leaders_edge *e, size_t n)
{
  size_t k = 0;
  qsort(e, n, sizeof(*e), edge_cmp);
  for (size_t i = 0; i < n; i++) {
    if (e[i].src == e[i].dst)
      continue;
    if (k > 0 && e[k - 1].src == e[i].src && e[k - 1].dst == e[i].dst)
      e[k - 1].weight += e[i].weight;
    else
      e[k++] = e[i];
  }
  return k;
}

/* Index of the largest value of v after excluding skip (SIZE_MAX: none). */
static size_t argmax_except(const double *v, size_t n, size_t skip)
{
  size_t best = SIZE_MAX;
  for (size_t i = 0; i < n; i++)
    if (i != skip && (best == SIZE_MAX || v[i] > v[best]))
      best = i;
  return best;
}

TEST(stats_percentiles_ties)
{
  /* ranks 0..4 of 5 values; the two 2s share rank (1+2)/2 = 1.5 */
  static const double v[] = {5, 2, 2, 9, 0};
  static const double want[] = {3.0 / 4, 1.5 / 4, 1.5 / 4, 1, 0};
  double pct[5];
  leaders_percentiles(v, 5, pct);
  for (int i = 0; i < 5; i++)
    CHECK_DBL(pct[i], want[i], 1e-12);
}

TEST(stats_cycle_pagerank)
{
  /* 0 -> 1 -> 2 -> 0: by symmetry every PageRank is 1/3 (networkx
   * pagerank agrees, see reference.txt); each node has one replier. */
  static const struct leaders_edge e[] = {{0, 1, 1}, {1, 2, 1}, {2, 0, 1}};
  struct leaders_input in = {.n = 3, .edges = e, .nedges = 3};
  struct leaders_result r;

  CHECK_INT(leaders_compute(&in, 1, &r), 0);
  for (int i = 0; i < 3; i++) {
    CHECK_DBL(r.m[LM_PAGERANK][i], 1.0 / 3, 1e-9);
    CHECK_DBL(r.m[LM_REPLIERS][i], 1, 0);
    /* each node lies on the one path between its neighbours: 1 */
    CHECK_DBL(r.m[LM_BETWEENNESS][i], 1, 1e-12);
  }
  CHECK(r.betweenness_exact);
  leaders_result_release(&r);
}

TEST(stats_star_betweenness)
{
  /* Star, centre 0 with leaves 1..4, every edge both ways.  Directed
   * betweenness of the centre counts the ordered leaf pairs: 4 * 3 = 12;
   * leaves 0.  PageRank (damping 0.85): centre x, leaves y with
   * x = 0.15/5 + 0.85 * 4y and x + 4y = 1, so x = 0.03 + 0.85 (1 - x),
   * x = 0.88 / 1.85 = 0.4756756..; networkx 2.8.8 (power iteration,
   * tol 1e-6) gives 0.4756767
   * (reference.txt).  Coreness counts in and out ties: every node has
   * at least 2, so all are in the 2-core. */
  struct leaders_edge e[8];
  struct leaders_input in = {.n = 5, .edges = e, .nedges = 8};
  struct leaders_result r;
  double x = 0.88 / 1.85;

  for (size_t i = 0; i < 4; i++) {
    e[2 * i] = (struct leaders_edge){0, i + 1, 1};
    e[2 * i + 1] = (struct leaders_edge){i + 1, 0, 1};
  }
  CHECK_INT(leaders_compute(&in, 1, &r), 0);
  CHECK_DBL(r.m[LM_BETWEENNESS][0], 12, 1e-9);
  CHECK_DBL(r.m[LM_PAGERANK][0], x, 1e-9);
  CHECK_DBL(r.m[LM_PAGERANK][0], 0.475675676, 1e-8);
  for (int i = 1; i < 5; i++) {
    CHECK_DBL(r.m[LM_BETWEENNESS][i], 0, 1e-12);
    CHECK_DBL(r.m[LM_PAGERANK][i], (1 - x) / 4, 1e-9);
    CHECK_DBL(r.m[LM_CORENESS][i], 2, 0);
  }
  CHECK_DBL(r.m[LM_IN_STRENGTH][0], 4, 0);
  CHECK_INT(r.role[0], ROLE_VOICE);
  leaders_result_release(&r);
}

TEST(stats_karate_top_two)
{
  /* Zachary's karate club from igraph's copy of the edge list, every tie
   * both ways; posts = degree, no threads, one month each.  Members 34
   * and 1 (0-based 33 and 0) must be the top two. */
  igraph_t g;
  igraph_vector_int_t el;
  struct leaders_edge *e;
  double posts[34] = {0}, months[34];
  struct leaders_input in = {.n = 34};
  struct leaders_result r;
  size_t m, first, second;

  CHECK_INT(igraph_famous(&g, "Zachary"), 0);
  igraph_vector_int_init(&el, 0);
  igraph_get_edgelist(&g, &el, 0);
  m = (size_t)igraph_ecount(&g);
  CHECK_INT(m, 78);
  e = xmalloc(2 * m * sizeof(*e));
  for (size_t i = 0; i < m; i++) {
    size_t a = (size_t)VECTOR(el)[2 * i], b = (size_t)VECTOR(el)[2 * i + 1];
    e[2 * i] = (struct leaders_edge){a, b, 1};
    e[2 * i + 1] = (struct leaders_edge){b, a, 1};
    posts[a]++;
    posts[b]++;
  }
  for (int i = 0; i < 34; i++)
    months[i] = 1;
  in.edges = e;
  in.nedges = 2 * m;
  in.posts = posts;
  in.months_active = months;
  CHECK_INT(leaders_compute(&in, 7, &r), 0);
  first = argmax_except(r.m[LM_SCORE], 34, SIZE_MAX);
  second = argmax_except(r.m[LM_SCORE], 34, first);
  printf("  karate: top %zu (%.3f), %zu (%.3f); %zu communities, Q %.3f\n",
         first + 1, r.m[LM_SCORE][first], second + 1, r.m[LM_SCORE][second],
         r.ncommunities, r.modularity);
  CHECK_INT(first + 1, 34);
  CHECK_INT(second + 1, 1);
  /* Leiden on karate finds 3 to 4 groups with modularity about 0.42 */
  CHECK(r.ncommunities >= 3 && r.ncommunities <= 5);
  CHECK(r.modularity > 0.37);
  leaders_result_release(&r);
  free(e);
  igraph_vector_int_destroy(&el);
  igraph_destroy(&g);
}

/* A small deterministic generator for the planted community. */
static uint64_t lcg_next(uint64_t *s)
{
  *s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
  return *s >> 33;
}

TEST(stats_planted_leaders_and_decoy)
{
  /* 300 members.  Members 0..2 are leaders: every member answers one of
   * them now and then (their posts draw replies from many people).  The
   * decoy (3) posts most of all and answers everyone, but only two
   * people ever answer him.  The rest chat at random. */
  enum { N = 300, LEADERS = 3, DECOY = 3 };
  struct leaders_edge *e = xmalloc(20000 * sizeof(*e));
  double posts[N] = {0}, started[N] = {0}, months[N];
  struct leaders_input in = {.n = N};
  struct leaders_result r;
  uint64_t s = 42;
  size_t m = 0, top[LEADERS + 1];

  for (size_t i = 0; i < N; i++) {
    months[i] = 1 + (double)(lcg_next(&s) % 6);
    if (i == DECOY)
      continue;
    /* two answers to leaders, three random chats */
    for (int k = 0; k < 2; k++) {
      e[m++] = (struct leaders_edge){i, lcg_next(&s) % LEADERS, 1};
      posts[i]++;
    }
    for (int k = 0; k < 3; k++) {
      size_t d = 4 + lcg_next(&s) % (N - 4);
      e[m++] = (struct leaders_edge){i, d, 1};
      posts[i]++;
    }
    if (lcg_next(&s) % 5 == 0)
      started[i]++, posts[i]++;
  }
  for (size_t i = 0; i < LEADERS; i++)
    started[i] += 3, posts[i] += 3;
  for (size_t i = 4; i < N; i++) { /* the decoy answers everyone, twice */
    e[m++] = (struct leaders_edge){DECOY, i, 2};
    posts[DECOY] += 2;
  }
  e[m++] = (struct leaders_edge){10, DECOY, 1};
  e[m++] = (struct leaders_edge){11, DECOY, 1};
  posts[DECOY] += 40, started[DECOY] += 10, months[DECOY] = 6;
  m = collapse_edges(e, m);
  in.edges = e;
  in.nedges = m;
  in.posts = posts;
  in.threads_started = started;
  in.months_active = months;
  CHECK_INT(leaders_compute(&in, 3, &r), 0);
  top[0] = argmax_except(r.m[LM_SCORE], N, SIZE_MAX);
  {
    double *sc = xmalloc(N * sizeof(double));
    memcpy(sc, r.m[LM_SCORE], N * sizeof(double));
    for (size_t k = 0; k <= LEADERS; k++) {
      top[k] = argmax_except(sc, N, SIZE_MAX);
      sc[top[k]] = -1;
    }
    free(sc);
  }
  printf("  planted: top four %zu %zu %zu %zu; decoy score %.3f (%s)\n", top[0],
         top[1], top[2], top[3], r.m[LM_SCORE][DECOY],
         leaders_role_names[r.role[DECOY]]);
  for (size_t k = 0; k < LEADERS; k++)
    CHECK_MSG(top[k] < LEADERS, "a planted leader in the top three");
  CHECK(top[LEADERS] != DECOY);
  CHECK(posts[DECOY] > posts[0]); /* the decoy is indeed the loudest */
  CHECK_INT(r.role[DECOY], ROLE_LOUD);
  for (size_t k = 0; k < LEADERS; k++)
    CHECK_INT(r.role[k], ROLE_VOICE);
  leaders_result_release(&r);
  free(e);
}

TEST(stats_email_eu_core_leiden_nmi)
{
  /* SNAP email-Eu-core: 1,005 people, 42 departments.  Leiden (modularity,
   * seeded) against the departments by NMI; about 0.59 is what igraph's
   * Leiden reaches there. */
  FILE *f = fopen(test_data_path("email-eu-core/email-Eu-core.txt"), "r");
  FILE *lf = fopen(test_data_path("email-eu-core/"
                                  "email-Eu-core-department-labels.txt"),
                   "r");
  struct leaders_edge *e = NULL;
  size_t m = 0, alloc = 0, n = 1005;
  long a, b;
  igraph_vector_int_t dept, found;
  igraph_real_t nmi = 0;
  struct leaders_input in = {.n = n};
  struct leaders_result r;

  CHECK(f && lf);
  if (!f || !lf)
    goto out;
  while (fscanf(f, "%ld %ld", &a, &b) == 2) {
    xgrow((void **)&e, sizeof(*e), m + 1, &alloc);
    e[m++] = (struct leaders_edge){(size_t)a, (size_t)b, 1};
  }
  CHECK_INT(m, 25571);
  m = collapse_edges(e, m);
  igraph_vector_int_init(&dept, (igraph_integer_t)n);
  while (fscanf(lf, "%ld %ld", &a, &b) == 2)
    if (a >= 0 && (size_t)a < n)
      VECTOR(dept)[a] = b;
  in.edges = e;
  in.nedges = m;
  CHECK_INT(leaders_compute(&in, 1, &r), 0);
  igraph_vector_int_init(&found, (igraph_integer_t)n);
  for (size_t i = 0; i < n; i++)
    VECTOR(found)[i] = r.community[i];
  igraph_compare_communities(&dept, &found, &nmi, IGRAPH_COMMCMP_NMI);
  printf("  email-eu-core: %zu Leiden communities, modularity %.3f, "
         "NMI against 42 departments %.3f\n",
         r.ncommunities, r.modularity, nmi);
  CHECK(nmi > 0.55);
  leaders_result_release(&r);
  igraph_vector_int_destroy(&found);
  igraph_vector_int_destroy(&dept);
out:
  free(e);
  if (f)
    fclose(f);
  if (lf)
    fclose(lf);
}

/* ---- cardano StackExchange: leader score against Reputation ---------- */

struct se_user {
  long id;
  double reputation, posts, questions;
  unsigned char month[24]; /* 2021-01 .. 2022-12 */
};

struct se_data {
  struct se_user *users;
  size_t nusers;
  long *post_owner; /* by post id; 0: unknown */
  size_t npost_ids;
  struct leaders_edge *edges;
  size_t nedges, alloc;
};

static long attr_long(xmlTextReaderPtr rd, const char *name)
{
  xmlChar *v = xmlTextReaderGetAttribute(rd, (const xmlChar *)name);
  long x = v ? strtol((const char *)v, NULL, 10) : 0;
  xmlFree(v);
  return x;
}

/* Month index (0..23 from 2021-01) of a CreationDate, -1 outside. */
static int attr_month(xmlTextReaderPtr rd)
{
  xmlChar *v = xmlTextReaderGetAttribute(rd, (const xmlChar *)"CreationDate");
  int y = 0, mo = 0, k = -1;
  if (v && sscanf((const char *)v, "%d-%d", &y, &mo) == 2 && y >= 2021 &&
      y <= 2022 && mo >= 1 && mo <= 12)
    k = (y - 2021) * 12 + mo - 1;
  xmlFree(v);
  return k;
}

static struct se_user *se_user(struct se_data *d, long id)
{
  size_t lo = 0, hi = d->nusers;
  while (lo < hi) { /* users are sorted by id in Users.xml */
    size_t mid = (lo + hi) / 2;
    if (d->users[mid].id < id)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo < d->nusers && d->users[lo].id == id ? &d->users[lo] : NULL;
}

static void se_note(struct se_data *d, long user, int month)
{
  struct se_user *u = se_user(d, user);
  if (!u)
    return;
  u->posts++;
  if (month >= 0)
    u->month[month] = 1;
}

static void se_edge(struct se_data *d, long from, long to)
{
  struct se_user *a = se_user(d, from), *b = se_user(d, to);
  if (!a || !b || a == b)
    return;
  xgrow((void **)&d->edges, sizeof(*d->edges), d->nedges + 1, &d->alloc);
  d->edges[d->nedges++] =
      (struct leaders_edge){(size_t)(a - d->users), (size_t)(b - d->users), 1};
}

/* Read the users, then posts (answers -> question owner), then comments
 * (commenter -> post owner).  Returns 0 when all three files were read. */
static int se_load(struct se_data *d)
{
  static const char *const files[] = {"Users.xml", "Posts.xml", "Comments.xml"};
  size_t ualloc = 0;

  for (int f = 0; f < 3; f++) {
    char *path = xasprintf("cardano-stackexchange/%s", files[f]);
    xmlTextReaderPtr rd =
        xmlReaderForFile(test_data_path(path), NULL, XML_PARSE_NONET);
    free(path);
    if (!rd)
      return -1;
    while (xmlTextReaderRead(rd) == 1) {
      const xmlChar *name = xmlTextReaderConstName(rd);
      if (xmlTextReaderNodeType(rd) != XML_READER_TYPE_ELEMENT ||
          strcmp((const char *)name, "row"))
        continue;
      if (f == 0) {
        xgrow((void **)&d->users, sizeof(*d->users), d->nusers + 1, &ualloc);
        memset(&d->users[d->nusers], 0, sizeof(*d->users));
        d->users[d->nusers].id = attr_long(rd, "Id");
        d->users[d->nusers].reputation = (double)attr_long(rd, "Reputation");
        d->nusers++;
      } else if (f == 1) {
        long id = attr_long(rd, "Id"), owner = attr_long(rd, "OwnerUserId");
        long type = attr_long(rd, "PostTypeId");
        if (id <= 0)
          continue;
        xgrow((void **)&d->post_owner, sizeof(long), (size_t)id + 1,
              &d->npost_ids);
        d->post_owner[id] = owner;
        se_note(d, owner, attr_month(rd));
        if (type == 1 && se_user(d, owner))
          se_user(d, owner)->questions++;
        if (type == 2) {
          long parent = attr_long(rd, "ParentId");
          if (parent > 0 && (size_t)parent < d->npost_ids)
            se_edge(d, owner, d->post_owner[parent]);
        }
      } else {
        long post = attr_long(rd, "PostId"), user = attr_long(rd, "UserId");
        se_note(d, user, attr_month(rd));
        if (post > 0 && (size_t)post < d->npost_ids)
          se_edge(d, user, d->post_owner[post]);
      }
    }
    xmlFreeTextReader(rd);
  }
  return 0;
}

TEST(stats_cardano_reputation_spearman)
{
  /* Posts.xml lists questions before their answers (ids ascend with
   * time), so an answer's question owner is known when it is read. */
  struct se_data d = {0};
  size_t *map, n = 0;
  double *posts, *questions, *months, *rep, *work;
  struct leaders_input in = {0};
  struct leaders_result r;
  double rho_score, rho_pr, rho_in;

  CHECK_INT(se_load(&d), 0);
  CHECK(d.nusers > 3000);
  d.nedges = collapse_edges(d.edges, d.nedges);
  /* keep the users who are in the graph */
  map = xmalloc(d.nusers * sizeof(*map));
  for (size_t i = 0; i < d.nusers; i++)
    map[i] = SIZE_MAX;
  for (size_t i = 0; i < d.nedges; i++) {
    size_t ends[2] = {d.edges[i].src, d.edges[i].dst};
    for (int k = 0; k < 2; k++)
      if (map[ends[k]] == SIZE_MAX)
        map[ends[k]] = n++;
  }
  for (size_t i = 0; i < d.nedges; i++) {
    d.edges[i].src = map[d.edges[i].src];
    d.edges[i].dst = map[d.edges[i].dst];
  }
  posts = xcalloc(n, sizeof(double));
  questions = xcalloc(n, sizeof(double));
  months = xcalloc(n, sizeof(double));
  rep = xcalloc(n, sizeof(double));
  work = xcalloc(2 * n, sizeof(double));
  for (size_t i = 0; i < d.nusers; i++) {
    if (map[i] == SIZE_MAX)
      continue;
    posts[map[i]] = d.users[i].posts;
    questions[map[i]] = d.users[i].questions;
    rep[map[i]] = d.users[i].reputation;
    for (int k = 0; k < 24; k++)
      months[map[i]] += d.users[i].month[k];
  }
  in.n = n;
  in.edges = d.edges;
  in.nedges = d.nedges;
  in.posts = posts;
  in.threads_started = questions;
  in.months_active = months;
  CHECK_INT(leaders_compute(&in, 1, &r), 0);
  rho_score = gsl_stats_spearman(r.m[LM_SCORE], 1, rep, 1, n, work);
  rho_pr = gsl_stats_spearman(r.m[LM_PAGERANK], 1, rep, 1, n, work);
  rho_in = gsl_stats_spearman(r.m[LM_IN_STRENGTH], 1, rep, 1, n, work);
  printf("  cardano: %zu authors, %zu edges; Spearman with Reputation: "
         "leader score %.3f, PageRank %.3f, in-strength %.3f\n",
         n, d.nedges, rho_score, rho_pr, rho_in);
  /* reference measured elsewhere: PageRank 0.52 */
  CHECK(rho_pr > 0.45);
  CHECK(rho_score > rho_pr);
  leaders_result_release(&r);
  free(work);
  free(rep);
  free(months);
  free(questions);
  free(posts);
  free(map);
  free(d.edges);
  free(d.post_owner);
  free(d.users);
}

TEST(stats_igraph_error_reported)
{
  /* A NaN weight: igraph's HITS (ARPACK) fails on it; netno's handler
   * reports it and the call returns -1 instead of aborting.  An edge to
   * an author that does not exist is refused before igraph.  A good
   * graph afterwards still works. */
  static const struct leaders_edge nan_weight[] = {{0, 1, NAN}, {1, 2, 1}};
  static const struct leaders_edge beyond[] = {{0, 5, 1}};
  static const struct leaders_edge good[] = {{0, 1, 1}};
  struct leaders_input in = {.n = 3, .edges = nan_weight, .nedges = 2};
  struct leaders_result r;

  CHECK_INT(leaders_compute(&in, 1, &r), -1);
  in.edges = beyond;
  in.nedges = 1;
  CHECK_INT(leaders_compute(&in, 1, &r), -1);
  in.edges = good;
  CHECK_INT(leaders_compute(&in, 1, &r), 0);
  CHECK_DBL(r.m[LM_IN_STRENGTH][1], 1, 0);
  leaders_result_release(&r);
}

TEST(stats_sampled_betweenness_star)
{
  /* A star too big for exact betweenness: centre 0, L = 6000 leaves,
   * every edge both ways, n = 6001.  Exact: the centre lies on every
   * ordered leaf pair, L (L - 1) = 35,994,000.  Estimated from 200
   * sampled sources scaled by n / 200: each leaf source adds L - 1, so
   * the estimate is within 1% of the exact value whichever sources the
   * seed draws, and the same seed draws the same. */
  enum { L = 6000 };
  struct leaders_edge *e = xmalloc(2 * L * sizeof(*e));
  struct leaders_input in = {.n = L + 1, .edges = e, .nedges = 2 * L};
  struct leaders_result r1, r2;
  double exact = (double)L * (L - 1);

  for (size_t i = 0; i < L; i++) {
    e[2 * i] = (struct leaders_edge){0, i + 1, 1};
    e[2 * i + 1] = (struct leaders_edge){i + 1, 0, 1};
  }
  CHECK_INT(leaders_compute(&in, 5, &r1), 0);
  CHECK_INT(leaders_compute(&in, 5, &r2), 0);
  CHECK(!r1.betweenness_exact);
  CHECK_INT(r1.betweenness_sources, LEADERS_BETWEENNESS_SAMPLE);
  CHECK_DBL(r1.m[LM_BETWEENNESS][0], exact, exact * 0.01);
  CHECK_DBL(r1.m[LM_BETWEENNESS][0], r2.m[LM_BETWEENNESS][0], 0);
  CHECK_DBL(r1.m[LM_BETWEENNESS][1], 0, 0);
  CHECK_INT(r1.role[0], ROLE_VOICE);
  leaders_result_release(&r1);
  leaders_result_release(&r2);
  free(e);
}
