/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The corpus side of stats: reading the author network (who answered
 * whom, and what each author did) and storing a stats run's results.
 *
 * An edge runs from the author of a relation's source post to the
 * relation's resolved dst_author; unresolved relations and self-loops are
 * left out.  The thread starter is the author of the thread's first post
 * (lowest position, then earliest, then lowest id), counted when that
 * post is within the filter.
 */
#include "corpus/internal.h"
#include "util/util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

const char *const corpus_role_names[CORPUS_NROLES] = {
    "member", "recognised voice", "connector", "conversation starter",
    "helper", "merely loud"};

/* The filtered posts, as a CTE; parameters ?1 host, ?2 since, ?3 until. */
#define FILTERED_POSTS                                                         \
  "fp AS (SELECT p.id, p.thread_id, p.author_id, p.published_at "              \
  "FROM post p JOIN thread t ON t.id = p.thread_id "                           \
  "LEFT JOIN site s ON s.id = t.site_id "                                      \
  "WHERE p.author_id IS NOT NULL AND (?1 IS NULL OR s.host = ?1) "             \
  "AND (?2 IS NULL OR p.published_at >= ?2) "                                  \
  "AND (?3 IS NULL OR p.published_at < ?3))"

/* Relation kinds as parameters ?4..?7 (NULL for kinds not wanted). */
#define KIND_IN "r.kind IN (?4, ?5, ?6, ?7)"

static void bind_filter(sqlite3_stmt *st, const struct corpus_graph_filter *f)
{
  static const char *const kinds[] = {"reply", "quote", "mention", "implicit"};

  if (f->host && *f->host)
    sqlite3_bind_text(st, 1, f->host, -1, SQLITE_STATIC);
  if (f->since)
    sqlite3_bind_int64(st, 2, f->since);
  if (f->until)
    sqlite3_bind_int64(st, 3, f->until);
  for (int k = 0; k < 4; k++)
    if (f->kinds & (1u << k))
      sqlite3_bind_text(st, 4 + k, kinds[k], -1, SQLITE_STATIC);
}

void corpus_author_graph_release(struct corpus_author_graph *g)
{
  for (size_t i = 0; i < g->nauthors; i++)
    free(g->authors[i].name);
  free(g->authors);
  free(g->links);
  memset(g, 0, sizeof(*g));
}

/* Dense map from author id to index in g->authors (SIZE_MAX: absent). */
struct author_map {
  size_t *at;
  int64_t max_id;
  size_t alloc;
  char **site; /* per author: the origin of their site ("" unknown) */
  size_t site_alloc;
};

static size_t add_author(struct corpus_author_graph *g, struct author_map *m,
                         int64_t id, const char *name, const char *site)
{
  struct corpus_author_facts *a;

  if (id < 0 || id > m->max_id)
    return SIZE_MAX;
  if (m->at[id] != SIZE_MAX)
    return m->at[id];
  xgrow((void **)&g->authors, sizeof(*g->authors), g->nauthors + 1, &m->alloc);
  xgrow((void **)&m->site, sizeof(*m->site), g->nauthors + 1,
        &m->site_alloc);
  a = &g->authors[g->nauthors];
  memset(a, 0, sizeof(*a));
  a->id = id;
  a->name = xstrdup(name ? name : "");
  a->answer_median = -1;
  m->site[g->nauthors] = xstrdup(site ? site : "");
  m->at[id] = g->nauthors;
  return g->nauthors++;
}

/* ---- one order for any storage order ----
 *
 * Author ids follow the order in which a crawl met the authors, and
 * community detection depends on the order of the nodes it is given:
 * the network is handed over with its authors sorted by site and name
 * and its links by their ends, so that the same posts give the same
 * network, and the same groups for a seed, however they were stored. */

static _Thread_local const struct author_map *sort_map;
static _Thread_local const struct corpus_author_graph *sort_graph;

static int by_site_name(const void *a, const void *b)
{
  size_t x = *(const size_t *)a, y = *(const size_t *)b;
  int d = strcmp(sort_map->site[x], sort_map->site[y]);
  if (!d)
    d = strcmp(sort_graph->authors[x].name, sort_graph->authors[y].name);
  if (!d) /* one name twice on an unknown site */
    d = (sort_graph->authors[x].id > sort_graph->authors[y].id) -
        (sort_graph->authors[x].id < sort_graph->authors[y].id);
  return d;
}

static int by_ends(const void *a, const void *b)
{
  const struct corpus_author_link *x = a, *y = b;
  if (x->src != y->src)
    return x->src < y->src ? -1 : 1;
  return (x->dst > y->dst) - (x->dst < y->dst);
}

static void graph_canonical(struct corpus_author_graph *g,
                            const struct author_map *m)
{
  size_t n = g->nauthors;
  size_t *order = xmalloc((n ? n : 1) * sizeof(*order));
  size_t *rank = xmalloc((n ? n : 1) * sizeof(*rank));
  struct corpus_author_facts *sorted =
      xmalloc((n ? n : 1) * sizeof(*sorted));

  for (size_t i = 0; i < n; i++)
    order[i] = i;
  /* qsort has no context argument: the two arrays it compares by */
  sort_map = m;
  sort_graph = g;
  if (n > 1)
    qsort(order, n, sizeof(*order), by_site_name);
  sort_map = NULL;
  sort_graph = NULL;
  for (size_t i = 0; i < n; i++) {
    sorted[i] = g->authors[order[i]];
    rank[order[i]] = i;
  }
  free(g->authors);
  g->authors = sorted;
  for (size_t i = 0; i < g->nlinks; i++) {
    g->links[i].src = rank[g->links[i].src];
    g->links[i].dst = rank[g->links[i].dst];
  }
  if (g->nlinks > 1) /* links is NULL when there are none */
    qsort(g->links, g->nlinks, sizeof(*g->links), by_ends);
  free(order);
  free(rank);
}

static int cmp_double(const void *a, const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static double median_of(double *v, size_t n)
{
  qsort(v, n, sizeof(*v), cmp_double);
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* Per author: the median over their answered posts of the time until the
 * first answer by someone else. */
static int load_answer_times(struct corpus *c,
                             const struct corpus_graph_filter *f,
                             struct corpus_author_graph *g,
                             const struct author_map *m)
{
  sqlite3_stmt *st = corpus_prepare(
      c, "WITH " FILTERED_POSTS " "
         "SELECT d.author_id, min(sp.published_at - d.published_at) "
         "FROM relation r JOIN fp sp ON sp.id = r.src_post "
         "JOIN post d ON d.id = r.dst_post "
         "WHERE " KIND_IN " AND d.author_id IS NOT NULL "
         "AND sp.author_id != d.author_id AND d.published_at IS NOT NULL "
         "AND sp.published_at >= d.published_at "
         "GROUP BY d.id ORDER BY d.author_id");
  double *v = NULL;
  size_t n = 0, alloc = 0;
  int64_t cur = -1;
  int rc, ret = -1;

  if (!st)
    return -1;
  bind_filter(st, f);
  for (;;) {
    rc = sqlite3_step(st);
    int64_t id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    if (id != cur && n > 0 && cur >= 0 && cur <= m->max_id &&
        m->at[cur] != SIZE_MAX)
      g->authors[m->at[cur]].answer_median = median_of(v, n);
    if (id != cur)
      n = 0;
    cur = id;
    if (rc != SQLITE_ROW)
      break;
    xgrow((void **)&v, sizeof(*v), n + 1, &alloc);
    v[n++] = (double)sqlite3_column_int64(st, 1);
  }
  if (rc != SQLITE_DONE)
    corpus_sql_error(c, "reading answer times");
  else
    ret = 0;
  free(v);
  sqlite3_finalize(st);
  return ret;
}

int corpus_load_author_graph(struct corpus *c,
                             const struct corpus_graph_filter *f,
                             struct corpus_author_graph *g)
{
  sqlite3_stmt *facts = NULL, *links = NULL, *name = NULL;
  struct author_map m = {0};
  size_t lalloc = 0;
  int rc, ret = -1;

  memset(g, 0, sizeof(*g));
  if (corpus_query_int(c, "SELECT coalesce(max(id), 0) FROM author",
                       &m.max_id) < 0)
    return -1;
  m.at = xmalloc(((size_t)m.max_id + 1) * sizeof(*m.at));
  for (int64_t i = 0; i <= m.max_id; i++)
    m.at[i] = SIZE_MAX;

  facts = corpus_prepare(
      c, "WITH " FILTERED_POSTS ", "
         "first AS (SELECT id, author_id FROM (SELECT id, author_id, "
         "row_number() OVER (PARTITION BY thread_id ORDER BY position IS "
         "NULL, position, published_at IS NULL, published_at, id) AS rn "
         "FROM post) WHERE rn = 1), "
         "st AS (SELECT first.author_id, count(*) AS n FROM first "
         "JOIN fp ON fp.id = first.id GROUP BY first.author_id), "
         "agg AS (SELECT author_id, count(*) AS posts, "
         "count(DISTINCT thread_id) AS threads, "
         "count(DISTINCT strftime('%Y-%m', published_at, 'unixepoch')) "
         "AS months, min(published_at) AS first_seen, "
         "max(published_at) AS last_seen FROM fp GROUP BY author_id) "
         "SELECT a.id, a.name, agg.posts, agg.threads, coalesce(st.n, 0), "
         "agg.months, agg.first_seen, agg.last_seen, "
         "(SELECT origin FROM site WHERE site.id = a.site_id) FROM agg "
         "JOIN author a ON a.id = agg.author_id "
         "LEFT JOIN st ON st.author_id = agg.author_id ORDER BY a.id");
  links = corpus_prepare(
      c, "WITH " FILTERED_POSTS " "
         "SELECT sp.author_id, r.dst_author, count(*) FROM relation r "
         "JOIN fp sp ON sp.id = r.src_post "
         "WHERE " KIND_IN " AND r.dst_author IS NOT NULL "
         "AND r.dst_author != sp.author_id GROUP BY 1, 2 ORDER BY 1, 2");
  name = corpus_prepare(c, "SELECT a.name, s.origin FROM author a "
                          "LEFT JOIN site s ON s.id = a.site_id "
                          "WHERE a.id = ?1");
  if (!facts || !links || !name)
    goto out;

  bind_filter(facts, f);
  while ((rc = sqlite3_step(facts)) == SQLITE_ROW) {
    size_t i = add_author(g, &m, sqlite3_column_int64(facts, 0),
                          (const char *)sqlite3_column_text(facts, 1),
                          (const char *)sqlite3_column_text(facts, 8));
    struct corpus_author_facts *a;
    if (i == SIZE_MAX)
      continue;
    a = &g->authors[i];
    a->posts = sqlite3_column_int64(facts, 2);
    a->threads = sqlite3_column_int64(facts, 3);
    a->threads_started = sqlite3_column_int64(facts, 4);
    a->months_active = sqlite3_column_int64(facts, 5);
    a->first_seen = sqlite3_column_int64(facts, 6);
    a->last_seen = sqlite3_column_int64(facts, 7);
  }
  if (rc != SQLITE_DONE) {
    corpus_sql_error(c, "reading authors");
    goto out;
  }

  bind_filter(links, f);
  while ((rc = sqlite3_step(links)) == SQLITE_ROW) {
    int64_t src = sqlite3_column_int64(links, 0);
    int64_t dst = sqlite3_column_int64(links, 1);
    size_t s = src >= 0 && src <= m.max_id ? m.at[src] : SIZE_MAX, d;
    if (s == SIZE_MAX || dst < 0 || dst > m.max_id)
      continue;
    d = m.at[dst];
    if (d == SIZE_MAX) { /* answered, but no post of theirs in the filter */
      const char *nm = NULL, *site = NULL;
      sqlite3_bind_int64(name, 1, dst);
      if (sqlite3_step(name) == SQLITE_ROW) {
        nm = (const char *)sqlite3_column_text(name, 0);
        site = (const char *)sqlite3_column_text(name, 1);
      }
      d = add_author(g, &m, dst, nm, site);
      sqlite3_reset(name);
    }
    xgrow((void **)&g->links, sizeof(*g->links), g->nlinks + 1, &lalloc);
    g->links[g->nlinks++] =
        (struct corpus_author_link){s, d, sqlite3_column_int64(links, 2)};
  }
  if (rc != SQLITE_DONE) {
    corpus_sql_error(c, "reading relations");
    goto out;
  }
  if (load_answer_times(c, f, g, &m) < 0)
    goto out;
  graph_canonical(g, &m);
  ret = 0;
out:
  sqlite3_finalize(facts);
  sqlite3_finalize(links);
  sqlite3_finalize(name);
  for (size_t i = 0; i < g->nauthors && m.site; i++)
    free(m.site[i]);
  free(m.site);
  free(m.at);
  if (ret < 0)
    corpus_author_graph_release(g);
  return ret;
}

int corpus_stats_run_start(struct corpus *c, uint64_t seed,
                           const char *settings_json, int64_t *run_id)
{
  sqlite3_stmt *st = corpus_prepare(
      c, "INSERT INTO run(kind, started_at, seed, settings, tool_version) "
         "VALUES ('stats', ?1, ?2, ?3, ?4) RETURNING id");
  int ret = -1;

  if (!st)
    return -1;
  sqlite3_bind_int64(st, 1, now_utc());
  sqlite3_bind_int64(st, 2, (int64_t)seed);
  sqlite3_bind_text(st, 3, settings_json ? settings_json : "{}", -1,
                    SQLITE_STATIC);
  sqlite3_bind_text(st, 4, NETNO_VERSION, -1, SQLITE_STATIC);
  if (sqlite3_step(st) == SQLITE_ROW) {
    *run_id = sqlite3_column_int64(st, 0);
    ret = 0;
  } else {
    corpus_sql_error(c, "recording a stats run");
  }
  sqlite3_finalize(st);
  return ret;
}

int corpus_stats_run_finish(struct corpus *c, int64_t run_id,
                            const char *summary_json)
{
  sqlite3_stmt *st = corpus_prepare(
      c, "UPDATE run SET ended_at = ?2, summary = ?3 WHERE id = ?1");
  int ret = 0;

  if (!st)
    return -1;
  sqlite3_bind_int64(st, 1, run_id);
  sqlite3_bind_int64(st, 2, now_utc());
  if (summary_json)
    sqlite3_bind_text(st, 3, summary_json, -1, SQLITE_STATIC);
  if (sqlite3_step(st) != SQLITE_DONE)
    ret = corpus_sql_error(c, "finishing a stats run");
  sqlite3_finalize(st);
  return ret;
}

int corpus_stats_add_metrics(struct corpus *c, int64_t run_id,
                             const char *const *metrics,
                             const double *const *values, size_t nmetrics,
                             const int64_t *author_ids, size_t n)
{
  sqlite3_stmt *st = corpus_prepare(
      c, "INSERT OR REPLACE INTO author_metric(run_id, author_id, metric, "
         "value) VALUES (?1, ?2, ?3, ?4)");
  int ret = 0;

  if (!st)
    return -1;
  sqlite3_bind_int64(st, 1, run_id);
  /* author by author: rows arrive in primary-key order, which keeps the
   * inserts appends */
  for (size_t i = 0; i < n && ret == 0; i++) {
    sqlite3_bind_int64(st, 2, author_ids[i]);
    for (size_t k = 0; k < nmetrics && ret == 0; k++) {
      if (isnan(values[k][i]))
        continue;
      sqlite3_bind_text(st, 3, metrics[k], -1, SQLITE_STATIC);
      sqlite3_bind_double(st, 4, values[k][i]);
      if (sqlite3_step(st) != SQLITE_DONE)
        ret = corpus_sql_error(c, "storing author metrics");
      sqlite3_reset(st);
    }
  }
  sqlite3_finalize(st);
  return ret;
}

int corpus_stats_add_community(struct corpus *c, int64_t run_id,
                               int64_t community, int64_t size,
                               const char *label)
{
  sqlite3_stmt *st =
      corpus_prepare(c, "INSERT INTO community(run_id, id, size, label) "
                        "VALUES (?1, ?2, ?3, ?4)");
  int ret = 0;

  if (!st)
    return -1;
  sqlite3_bind_int64(st, 1, run_id);
  sqlite3_bind_int64(st, 2, community);
  sqlite3_bind_int64(st, 3, size);
  if (label)
    sqlite3_bind_text(st, 4, label, -1, SQLITE_STATIC);
  if (sqlite3_step(st) != SQLITE_DONE)
    ret = corpus_sql_error(c, "storing a community");
  sqlite3_finalize(st);
  return ret;
}

int corpus_stats_add_members(struct corpus *c, int64_t run_id,
                             const int64_t *author_ids, const int *community,
                             size_t n)
{
  sqlite3_stmt *st = corpus_prepare(
      c, "INSERT INTO community_member(run_id, author_id, community) "
         "VALUES (?1, ?2, ?3)");
  int ret = 0;

  if (!st)
    return -1;
  sqlite3_bind_int64(st, 1, run_id);
  for (size_t i = 0; i < n && ret == 0; i++) {
    sqlite3_bind_int64(st, 2, author_ids[i]);
    sqlite3_bind_int(st, 3, community[i]);
    if (sqlite3_step(st) != SQLITE_DONE)
      ret = corpus_sql_error(c, "storing community members");
    sqlite3_reset(st);
  }
  sqlite3_finalize(st);
  return ret;
}
