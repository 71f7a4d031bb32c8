/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The corpus side of topics: post texts with language, time and site
 * for the model, and the topic, post_topic and timeline rows of a stats
 * run.  The caller holds the transaction.
 */
#include "corpus/internal.h"
#include "util/util.h"

#include <stdlib.h>
#include <string.h>

/* By text, then language, then uid: the topics of a corpus depend on
 * what its posts say, not on where or in which order they were stored. */
static int by_content(const void *a, const void *b)
{
  const struct corpus_text_post *x = a, *y = b;
  int d = strcmp(x->text, y->text);
  if (!d)
    d = strcmp(x->lang ? x->lang : "", y->lang ? y->lang : "");
  return d ? d : strcmp(x->uid, y->uid);
}

int corpus_text_posts_read(struct corpus *c, struct corpus_text_post **posts,
                           size_t *n)
{
  sqlite3_stmt *st = corpus_prepare(
      c, "SELECT post.id, coalesce(post.published_at, 0), "
         "coalesce(thread.site_id, 0), post.title, post.text, post.lang, "
         "coalesce(post.author_id, 0), post.uid "
         "FROM post JOIN thread ON thread.id = post.thread_id");
  size_t cap = 0;
  int rc, ret = -1;

  *posts = NULL;
  *n = 0;
  if (!st)
    return -1;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    struct corpus_text_post *p;
    const char *title = (const char *)sqlite3_column_text(st, 3);
    const char *text = (const char *)sqlite3_column_text(st, 4);
    const char *lang = (const char *)sqlite3_column_text(st, 5);
    struct strbuf b;

    if (*n == cap) {
      cap = cap ? cap * 2 : 256;
      *posts = xrealloc(*posts, cap * sizeof **posts);
    }
    p = &(*posts)[(*n)++];
    p->id = sqlite3_column_int64(st, 0);
    p->published_at = sqlite3_column_int64(st, 1);
    p->site_id = sqlite3_column_int64(st, 2);
    p->author_id = sqlite3_column_int64(st, 6);
    strbuf_init(&b, 0);
    if (title && *title) {
      strbuf_addstr(&b, title);
      strbuf_addch(&b, '\n');
    }
    strbuf_addstr(&b, text ? text : "");
    p->text = strbuf_detach(&b, NULL);
    p->lang = lang && *lang ? xstrdup(lang) : NULL;
    p->uid = xstrdup((const char *)sqlite3_column_text(st, 7));
  }
  if (rc != SQLITE_DONE) {
    corpus_sql_error(c, "reading posts");
    corpus_text_posts_release(*posts, *n);
    *posts = NULL;
    *n = 0;
    goto out;
  }
  /* in the order of their content, not of their storage: the same
   * posts give the same topics whatever order the crawl and the parse
   * found them in, and from whatever address they were fetched */
  if (*n > 1)
    qsort(*posts, *n, sizeof **posts, by_content);
  ret = 0;
out:
  sqlite3_finalize(st);
  return ret;
}

void corpus_text_posts_release(struct corpus_text_post *posts, size_t n)
{
  for (size_t i = 0; i < n; i++) {
    free(posts[i].text);
    free(posts[i].lang);
    free(posts[i].uid);
  }
  free(posts);
}

int corpus_topics_clear(struct corpus *c, int64_t run_id)
{
  static const char *const sql[] = {"DELETE FROM post_topic WHERE run_id = ?1",
                                    "DELETE FROM topic WHERE run_id = ?1",
                                    "DELETE FROM timeline WHERE run_id = ?1"};

  for (size_t i = 0; i < sizeof sql / sizeof *sql; i++) {
    sqlite3_stmt *st = corpus_prepare(c, sql[i]);
    int rc;
    if (!st)
      return -1;
    sqlite3_bind_int64(st, 1, run_id);
    rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
      return corpus_sql_error(c, "clearing topics");
  }
  return 0;
}

int corpus_topic_add(struct corpus *c, int64_t run_id,
                     const struct corpus_topic *t)
{
  sqlite3_stmt *st = corpus_prepare(
      c, "INSERT INTO topic(run_id, id, label, terms, size, trend, "
         "trend_low, trend_high) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
  int rc;

  if (!st)
    return -1;
  sqlite3_bind_int64(st, 1, run_id);
  sqlite3_bind_int(st, 2, t->id);
  sqlite3_bind_text(st, 3, t->label, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 4, t->terms, -1, SQLITE_STATIC);
  sqlite3_bind_int64(st, 5, t->size);
  if (t->has_trend) {
    sqlite3_bind_double(st, 6, t->trend);
    sqlite3_bind_double(st, 7, t->trend_low);
    sqlite3_bind_double(st, 8, t->trend_high);
  }
  rc = sqlite3_step(st);
  sqlite3_finalize(st);
  return rc == SQLITE_DONE ? 0 : corpus_sql_error(c, "storing a topic");
}

int corpus_post_topics_add(struct corpus *c, int64_t run_id,
                           const int64_t *post_ids, const int *topics,
                           const double *weights, size_t n)
{
  sqlite3_stmt *st = corpus_prepare(
      c, "INSERT INTO post_topic(run_id, post_id, topic, weight) "
         "VALUES (?1, ?2, ?3, ?4)");
  int ret = 0;

  if (!st)
    return -1;
  for (size_t i = 0; i < n; i++) {
    sqlite3_bind_int64(st, 1, run_id);
    sqlite3_bind_int64(st, 2, post_ids[i]);
    sqlite3_bind_int(st, 3, topics[i]);
    sqlite3_bind_double(st, 4, weights[i]);
    if (sqlite3_step(st) != SQLITE_DONE) {
      ret = corpus_sql_error(c, "storing post topics");
      break;
    }
    sqlite3_reset(st);
  }
  sqlite3_finalize(st);
  return ret;
}

int corpus_timeline_add(struct corpus *c, int64_t run_id, const char *period,
                        const char *series, double value)
{
  sqlite3_stmt *st =
      corpus_prepare(c, "INSERT INTO timeline(run_id, period, series, value) "
                        "VALUES (?1, ?2, ?3, ?4)");
  int rc;

  if (!st)
    return -1;
  sqlite3_bind_int64(st, 1, run_id);
  sqlite3_bind_text(st, 2, period, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 3, series, -1, SQLITE_STATIC);
  sqlite3_bind_double(st, 4, value);
  rc = sqlite3_step(st);
  sqlite3_finalize(st);
  return rc == SQLITE_DONE ? 0 : corpus_sql_error(c, "storing a timeline");
}
