/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Storing what parse extracted: threads, authors, posts and relations.
 *
 * Posts are keyed by their stable uid, so parsing a page again updates
 * the rows it made before instead of making new ones: post ids, and with
 * them the relations other pages point at, survive a re-parse.  What a
 * post answers is stored as found (a uid, a name) and resolved to rows by
 * corpus_resolve_relations(), because a reply and the post it answers may
 * sit on different pages parsed at different times.
 */
#include "corpus/internal.h"
#include "util/util.h"

#include <stdlib.h>
#include <string.h>

/* Extracted fields: an empty string is stored as "not found". */
static void bind_nonempty(sqlite3_stmt *st, int i, const char *s)
{
  corpus_bind_text(st, i, s && *s ? s : NULL);
}

/* Run a prepared INSERT ... RETURNING id; -1 on failure (reported). */
static int64_t step_returning_id(struct corpus *c, sqlite3_stmt *st,
                                 const char *what)
{
  int64_t id = -1;

  if (sqlite3_step(st) == SQLITE_ROW)
    id = sqlite3_column_int64(st, 0);
  else
    corpus_sql_error(c, what);
  sqlite3_reset(st);
  sqlite3_clear_bindings(st);
  return id;
}

static int64_t upsert_thread(struct corpus *c, int64_t site,
                             const struct corpus_thread *t)
{
  sqlite3_stmt *st = corpus_prepare_cached(
      c, CACHED_THREAD_UPSERT,
      "INSERT INTO thread(site_id, url, title, kind, board, "
      "claimed_posts, claimed_pages) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
      "ON CONFLICT(url) DO UPDATE SET "
      "title = coalesce(thread.title, excluded.title), "
      "board = coalesce(excluded.board, thread.board), "
      "claimed_posts = max(coalesce(thread.claimed_posts, "
      "excluded.claimed_posts), coalesce(excluded.claimed_posts, "
      "thread.claimed_posts)), "
      "claimed_pages = max(coalesce(thread.claimed_pages, "
      "excluded.claimed_pages), coalesce(excluded.claimed_pages, "
      "thread.claimed_pages)) "
      "RETURNING id");

  if (!st)
    return -1;
  if (site)
    sqlite3_bind_int64(st, 1, site);
  bind_nonempty(st, 2, t->url);
  bind_nonempty(st, 3, t->title);
  sqlite3_bind_text(st, 4, t->kind ? t->kind : "forum_thread", -1,
                    SQLITE_STATIC);
  bind_nonempty(st, 5, t->board);
  if (t->claimed_posts > 0)
    sqlite3_bind_int64(st, 6, t->claimed_posts);
  if (t->claimed_pages > 0)
    sqlite3_bind_int(st, 7, t->claimed_pages);
  return step_returning_id(c, st, "storing a thread");
}

/* Statements used once per post, prepared once per corpus handle (they
 * are the handle's, not to be finalized here). */
struct post_stmts {
  sqlite3_stmt *author, *post, *clear_relations, *relation;
};

static int prepare_stmts(struct corpus *c, struct post_stmts *s)
{
  memset(s, 0, sizeof(*s));
  s->author = corpus_prepare_cached(
      c, CACHED_AUTHOR_UPSERT,
      "INSERT INTO author(site_id, name, profile_url) VALUES (?1, ?2, ?3) "
      "ON CONFLICT(site_id, name) DO UPDATE SET profile_url = "
      "coalesce(author.profile_url, excluded.profile_url) RETURNING id");
  s->post = corpus_prepare_cached(
      c, CACHED_POST_UPSERT,
      "INSERT INTO post(uid, thread_id, page_id, author_id, kind, "
      "native_id, permalink, published_at, utc_offset, date_text, title, "
      "text, lang, parent_uid, parent_implicit, position, evidence) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, "
      "?14, ?15, ?16, ?17) "
      "ON CONFLICT(uid) DO UPDATE SET thread_id = excluded.thread_id, "
      "page_id = excluded.page_id, author_id = excluded.author_id, "
      "kind = excluded.kind, native_id = excluded.native_id, "
      "permalink = excluded.permalink, "
      "published_at = excluded.published_at, "
      "utc_offset = excluded.utc_offset, date_text = excluded.date_text, "
      "title = excluded.title, text = excluded.text, "
      "lang = excluded.lang, "
      "parent_id = CASE WHEN post.parent_uid IS excluded.parent_uid "
      "THEN post.parent_id END, "
      "parent_uid = excluded.parent_uid, "
      "parent_implicit = excluded.parent_implicit, "
      "position = excluded.position, evidence = excluded.evidence "
      "RETURNING id");
  s->clear_relations = corpus_prepare_cached(
      c, CACHED_RELATIONS_CLEAR, "DELETE FROM relation WHERE src_post = ?1");
  s->relation = corpus_prepare_cached(
      c, CACHED_RELATION_ADD,
      "INSERT INTO relation(src_post, kind, dst_uid, dst_name, evidence) "
      "VALUES (?1, ?2, ?3, ?4, ?5)");
  if (!s->author || !s->post || !s->clear_relations || !s->relation)
    return -1;
  return 0;
}

static int add_relation(struct corpus *c, struct post_stmts *s, int64_t src,
                        const char *kind, const char *dst_uid,
                        const char *dst_name, const char *evidence)
{
  int rc;

  sqlite3_bind_int64(s->relation, 1, src);
  sqlite3_bind_text(s->relation, 2, kind, -1, SQLITE_STATIC);
  bind_nonempty(s->relation, 3, dst_uid);
  bind_nonempty(s->relation, 4, dst_name);
  bind_nonempty(s->relation, 5, evidence);
  rc = sqlite3_step(s->relation);
  sqlite3_reset(s->relation);
  sqlite3_clear_bindings(s->relation);
  if (rc != SQLITE_DONE)
    return corpus_sql_error(c, "storing a relation");
  return 0;
}

static int store_post(struct corpus *c, struct post_stmts *s, int64_t site,
                      int64_t thread, int64_t page, const struct corpus_post *p,
                      int64_t *post_id)
{
  int64_t author = 0, id;
  sqlite3_stmt *st = s->post;

  if (p->author && *p->author) {
    if (site)
      sqlite3_bind_int64(s->author, 1, site);
    sqlite3_bind_text(s->author, 2, p->author, -1, SQLITE_STATIC);
    bind_nonempty(s->author, 3, p->author_url);
    author = step_returning_id(c, s->author, "storing an author");
    if (author < 0)
      return -1;
  }
  bind_nonempty(st, 1, p->uid);
  sqlite3_bind_int64(st, 2, thread);
  sqlite3_bind_int64(st, 3, page);
  if (author)
    sqlite3_bind_int64(st, 4, author);
  sqlite3_bind_text(st, 5, p->kind ? p->kind : "forum_thread", -1,
                    SQLITE_STATIC);
  bind_nonempty(st, 6, p->native_id);
  bind_nonempty(st, 7, p->permalink);
  if (p->has_published)
    sqlite3_bind_int64(st, 8, p->published_at);
  if (p->has_published && p->has_offset)
    sqlite3_bind_int(st, 9, p->utc_offset);
  bind_nonempty(st, 10, p->date_text);
  bind_nonempty(st, 11, p->title);
  sqlite3_bind_text(st, 12, p->text ? p->text : "", -1, SQLITE_STATIC);
  bind_nonempty(st, 13, p->lang);
  bind_nonempty(st, 14, p->parent_uid);
  sqlite3_bind_int(st, 15, p->parent_implicit);
  sqlite3_bind_int(st, 16, p->position);
  bind_nonempty(st, 17, p->evidence);
  id = step_returning_id(c, st, "storing a post");
  if (id < 0)
    return -1;
  *post_id = id;

  /* Relations: replaced as a whole on every parse of the post. */
  sqlite3_bind_int64(s->clear_relations, 1, id);
  if (sqlite3_step(s->clear_relations) != SQLITE_DONE) {
    sqlite3_reset(s->clear_relations);
    return corpus_sql_error(c, "replacing relations");
  }
  sqlite3_reset(s->clear_relations);
  if (p->parent_uid && *p->parent_uid &&
      add_relation(c, s, id, p->parent_implicit ? "implicit" : "reply",
                   p->parent_uid, NULL, p->evidence) < 0)
    return -1;
  for (size_t i = 0; i < p->nquote_uids; i++)
    if (add_relation(c, s, id, "quote", p->quote_uids[i], NULL, p->evidence) <
        0)
      return -1;
  for (size_t i = 0; i < p->nquote_names; i++)
    if (add_relation(c, s, id, "quote", NULL, p->quote_names[i], p->evidence) <
        0)
      return -1;
  for (size_t i = 0; i < p->nmentions; i++)
    if (add_relation(c, s, id, "mention", NULL, p->mentions[i], p->evidence) <
        0)
      return -1;
  return 0;
}

/* Drop the posts an earlier parse took from this page that this parse no
 * longer finds (kept: ids in keep[0..n)).  The page's few posts are
 * compared here rather than through a temporary table, whose writes
 * cost more than the rest of storing a page. */
static int drop_vanished(struct corpus *c, int64_t page, const int64_t *keep,
                         size_t n)
{
  sqlite3_stmt *st, *del = NULL;
  int ret = 0, rc = SQLITE_DONE;

  st = corpus_prepare_cached(c, CACHED_PAGE_POSTS,
                             "SELECT id FROM post WHERE page_id = ?1");
  if (!st)
    return -1;
  sqlite3_bind_int64(st, 1, page);
  while (!ret && (rc = sqlite3_step(st)) == SQLITE_ROW) {
    int64_t id = sqlite3_column_int64(st, 0);
    size_t i = 0;
    while (i < n && keep[i] != id)
      i++;
    if (i < n)
      continue;
    if (!del && !(del = corpus_prepare_cached(
                      c, CACHED_POST_DELETE, "DELETE FROM post WHERE id = ?1")))
      ret = -1;
    else {
      sqlite3_bind_int64(del, 1, id);
      if (sqlite3_step(del) != SQLITE_DONE)
        ret = corpus_sql_error(c, "replacing posts");
      sqlite3_reset(del);
    }
  }
  if (!ret && rc != SQLITE_DONE)
    ret = corpus_sql_error(c, "replacing posts");
  sqlite3_reset(st);
  if (del)
    sqlite3_reset(del);
  return ret;
}

static int mark_page(struct corpus *c, int64_t page, const char *state,
                     const char *evidence, int post_blocks, const char *note)
{
  sqlite3_stmt *st = corpus_prepare_cached(
      c, CACHED_PAGE_MARK,
      "UPDATE page SET parse_state = ?2, parsed_at = ?3, "
      "parse_evidence = ?4, post_blocks = ?5, parse_note = ?6 "
      "WHERE id = ?1");
  int ret = 0;

  if (!st)
    return -1;
  sqlite3_bind_int64(st, 1, page);
  sqlite3_bind_text(st, 2, state, -1, SQLITE_STATIC);
  sqlite3_bind_int64(st, 3, now_utc());
  bind_nonempty(st, 4, evidence);
  if (post_blocks >= 0)
    sqlite3_bind_int(st, 5, post_blocks);
  bind_nonempty(st, 6, note);
  if (sqlite3_step(st) != SQLITE_DONE)
    ret = corpus_sql_error(c, "recording a parsed page");
  sqlite3_reset(st);
  return ret;
}

int corpus_store_posts(struct corpus *c, int64_t page_id,
                       const struct corpus_thread *t,
                       const struct corpus_post *posts, size_t n,
                       const char *evidence, int post_blocks)
{
  struct post_stmts s;
  int64_t site = 0, thread = 0, *ids = NULL;
  int ret = -1;

  if (corpus_begin(c) < 0)
    return -1;
  if (n) {
    if (!t || !t->url)
      goto out;
    site = corpus_site_id(c, t->url);
    if (site < 0 || (thread = upsert_thread(c, site, t)) < 0)
      goto out;
    if (prepare_stmts(c, &s) < 0)
      goto out;
    ids = xcalloc(n, sizeof(*ids));
    for (size_t i = 0; i < n; i++)
      if (store_post(c, &s, site, thread, page_id, &posts[i], &ids[i]) < 0)
        goto out;
  }
  if (drop_vanished(c, page_id, ids, n) < 0 ||
      mark_page(c, page_id, "parsed", evidence, post_blocks, NULL) < 0)
    goto out;
  if (corpus_commit(c) < 0)
    goto out;
  ret = 0;
out:
  if (ret < 0)
    corpus_rollback(c);
  free(ids);
  return ret;
}

int corpus_set_parse_note(struct corpus *c, int64_t page_id, const char *note)
{
  sqlite3_stmt *st =
      corpus_prepare(c, "UPDATE page SET parse_note = ?2 WHERE id = ?1");
  int ret = 0;

  if (!st)
    return -1;
  sqlite3_bind_int64(st, 1, page_id);
  bind_nonempty(st, 2, note);
  if (sqlite3_step(st) != SQLITE_DONE)
    ret = corpus_sql_error(c, "recording a page's note");
  sqlite3_finalize(st);
  return ret;
}

int corpus_mark_page_listing(struct corpus *c, int64_t page_id,
                             const char *reason)
{
  if (corpus_begin(c) < 0)
    return -1;
  /* posts an earlier parse took from it go */
  if (drop_vanished(c, page_id, NULL, 0) < 0 ||
      mark_page(c, page_id, "skipped", "listing", 0, reason) < 0) {
    corpus_rollback(c);
    return -1;
  }
  return corpus_commit(c);
}

int corpus_mark_page_failed(struct corpus *c, int64_t page_id,
                            const char *reason)
{
  return mark_page(c, page_id, "failed", NULL, -1, reason);
}

/* The uid of the first post (position 1) of the forum thread of post. */
#define FIRST_POST                                                             \
  "(SELECT f.uid FROM post f WHERE f.thread_id = post.thread_id "              \
  "AND f.position = 1 AND f.kind = 'forum_thread' ORDER BY f.id LIMIT 1)"
/* A forum post after the first that answers no post explicitly. */
#define ANSWERS_NONE                                                           \
  "post.kind = 'forum_thread' AND post.parent_uid IS NULL "                    \
  "AND post.position > 1"

int corpus_resolve_relations(struct corpus *c, int64_t *unresolved)
{
  static const char *const steps[] = {
      /* Linear forums: the thread's first post is the implicit parent of
       * the posts on its later pages too, which extraction cannot see
       * (page 1 holds it, and may be parsed after page 2). */
      "INSERT INTO relation(src_post, kind, dst_uid, evidence) "
      "SELECT post.id, 'implicit', " FIRST_POST ", 'thread' FROM post "
      "WHERE " ANSWERS_NONE " AND " FIRST_POST " IS NOT NULL",
      "UPDATE post SET parent_uid = " FIRST_POST ", parent_implicit = 1 "
      "WHERE " ANSWERS_NONE " AND " FIRST_POST " IS NOT NULL",
      "UPDATE post SET parent_id = (SELECT p.id FROM post p "
      "WHERE p.uid = post.parent_uid) "
      "WHERE parent_id IS NULL AND parent_uid IS NOT NULL",
      "UPDATE relation SET dst_post = (SELECT p.id FROM post p "
      "WHERE p.uid = relation.dst_uid) "
      "WHERE dst_post IS NULL AND dst_uid IS NOT NULL",
      "UPDATE relation SET dst_author = (SELECT p.author_id FROM post p "
      "WHERE p.id = relation.dst_post) "
      "WHERE dst_author IS NULL AND dst_post IS NOT NULL",
      /* A name is looked up among the authors of the same site. */
      "UPDATE relation SET dst_author = (SELECT a.id FROM post s "
      "JOIN thread t ON t.id = s.thread_id "
      "JOIN author a ON a.site_id IS t.site_id "
      "AND a.name = relation.dst_name COLLATE NOCASE "
      "WHERE s.id = relation.src_post ORDER BY a.id LIMIT 1) "
      "WHERE dst_author IS NULL AND dst_name IS NOT NULL",
  };

  if (corpus_begin(c) < 0)
    return -1;
  for (size_t i = 0; i < ARRAY_SIZE(steps); i++) {
    if (corpus_exec(c, steps[i]) < 0) {
      corpus_rollback(c);
      return -1;
    }
  }
  if (corpus_commit(c) < 0)
    return -1;
  if (unresolved)
    return corpus_query_int(c,
                            "SELECT count(*) FROM relation WHERE dst_post IS "
                            "NULL AND dst_author IS NULL",
                            unresolved);
  return 0;
}
