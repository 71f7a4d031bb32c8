/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The corpus schema as forward migrations, internal to corpus/.
 *
 * One array of statements per version; migrations[i] takes a corpus from
 * user_version i to i + 1.  Never edit a
 * migration that has been released: add the next one.  Conventions:
 * times are INTEGER seconds since the epoch, UTC; JSON goes in TEXT
 * columns; page bodies are zlib-compressed BLOBs.
 */
#ifndef NETNO_CORPUS_SCHEMA_H
#define NETNO_CORPUS_SCHEMA_H

#include <stddef.h>

static const char *const schema_v1[] = {
    /* ---- v1: everything in DESIGN.md ---------------------------------- */
    "CREATE TABLE meta (\n"
    "  key TEXT PRIMARY KEY,\n"
    "  value TEXT\n"
    ");\n",

    /* One crawl invocation: its settings for the provenance section. */
    "CREATE TABLE crawl (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  started_at INTEGER NOT NULL,\n"
    "  ended_at INTEGER,\n"
    "  state TEXT NOT NULL DEFAULT 'running'\n"
    "    CHECK (state IN ('running','done','interrupted','failed')),\n"
    "  seeds TEXT NOT NULL DEFAULT '[]',\n"
    "  settings TEXT NOT NULL DEFAULT '{}',\n"
    "  tool_version TEXT NOT NULL,\n"
    "  pages_fetched INTEGER NOT NULL DEFAULT 0,\n"
    "  pages_failed INTEGER NOT NULL DEFAULT 0,\n"
    "  pages_skipped INTEGER NOT NULL DEFAULT 0,\n"
    "  bytes_fetched INTEGER NOT NULL DEFAULT 0\n"
    ");\n",

    /* A site is an origin: scheme://host[:port]. */
    "CREATE TABLE site (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  origin TEXT NOT NULL UNIQUE,\n"
    "  host TEXT NOT NULL,\n"
    "  name TEXT,\n"
    "  engine TEXT,\n"
    "  forced_engine TEXT\n"
    ");\n",

    "CREATE TABLE page (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  url TEXT NOT NULL,\n"
    "  final_url TEXT,\n"
    "  site_id INTEGER REFERENCES site(id),\n"
    "  crawl_id INTEGER REFERENCES crawl(id),\n"
    "  source TEXT NOT NULL DEFAULT 'crawl'\n"
    "    CHECK (source IN ('crawl','html','warc','mbox')),\n"
    "  status INTEGER,\n"
    "  fetched_at INTEGER,\n"
    "  ip TEXT,\n"
    "  headers TEXT,\n"
    "  content_type TEXT,\n"
    "  charset TEXT,\n"
    "  etag TEXT,\n"
    "  last_modified TEXT,\n"
    "  depth INTEGER NOT NULL DEFAULT 0,\n"
    "  body BLOB,\n"
    "  body_size INTEGER NOT NULL DEFAULT 0,\n"
    "  sha256 TEXT,\n"
    "  duplicate_of INTEGER REFERENCES page(id),\n"
    "  superseded_by INTEGER REFERENCES page(id),\n"
    "  parse_state TEXT NOT NULL DEFAULT 'pending'\n"
    "    CHECK (parse_state IN ('pending','parsed','failed','skipped')),\n"
    "  parsed_at INTEGER,\n"
    "  parse_evidence TEXT,\n"
    "  post_blocks INTEGER,\n"
    "  parse_note TEXT\n"
    ");\n",
    "CREATE INDEX page_by_url ON page(url);\n",
    "CREATE INDEX page_by_sha256 ON page(sha256);\n",
    "CREATE INDEX page_by_parse_state ON page(parse_state);\n",

    /* The crawl frontier: every URL ever seen, and what became of it. */
    "CREATE TABLE frontier (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  url TEXT NOT NULL UNIQUE,\n"
    "  origin TEXT NOT NULL,\n"
    "  depth INTEGER NOT NULL DEFAULT 0,\n"
    "  priority INTEGER NOT NULL DEFAULT 0,\n"
    "  state TEXT NOT NULL DEFAULT 'queued'\n"
    "    CHECK (state IN ('queued','in_flight','done','failed','skipped')),\n"
    "  attempts INTEGER NOT NULL DEFAULT 0,\n"
    "  next_at INTEGER NOT NULL DEFAULT 0,\n"
    "  reason TEXT,\n"
    "  discovered_from INTEGER REFERENCES page(id),\n"
    "  page_id INTEGER REFERENCES page(id),\n"
    "  crawl_id INTEGER REFERENCES crawl(id),\n"
    "  added_at INTEGER NOT NULL DEFAULT 0\n"
    ");\n",
    /* In the order frontier_take wants: the next URL of an origin is the
     * first due row of this index, not the result of a sort. */
    "CREATE INDEX frontier_by_state ON frontier(state, origin, priority, "
    "depth, id);\n",

    /* robots.txt as fetched, and what netno decided from it. */
    "CREATE TABLE robots (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  origin TEXT NOT NULL,\n"
    "  crawl_id INTEGER REFERENCES crawl(id),\n"
    "  fetched_at INTEGER NOT NULL,\n"
    "  status INTEGER,\n"
    "  body BLOB,\n"
    "  decision TEXT NOT NULL\n"
    "    CHECK (decision IN ('rules','allow_all','disallow_all','ignored')),\n"
    "  crawl_delay REAL,\n"
    "  log TEXT\n"
    ");\n",
    "CREATE INDEX robots_by_origin ON robots(origin);\n",

    "CREATE TABLE thread (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  site_id INTEGER REFERENCES site(id),\n"
    "  url TEXT NOT NULL UNIQUE,\n"
    "  title TEXT,\n"
    "  kind TEXT NOT NULL\n"
    "    CHECK (kind IN ('forum_thread','blog_post','mail_thread')),\n"
    "  board TEXT,\n"
    "  claimed_posts INTEGER,\n"
    "  claimed_pages INTEGER\n"
    ");\n",

    "CREATE TABLE author (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  site_id INTEGER REFERENCES site(id),\n"
    "  name TEXT NOT NULL,\n"
    "  profile_url TEXT,\n"
    "  UNIQUE (site_id, name)\n"
    ");\n",

    /* uid: netno's stable post id, the same across parse runs. */
    "CREATE TABLE post (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  uid TEXT NOT NULL UNIQUE,\n"
    "  thread_id INTEGER NOT NULL REFERENCES thread(id) ON DELETE CASCADE,\n"
    "  page_id INTEGER REFERENCES page(id) ON DELETE SET NULL,\n"
    "  author_id INTEGER REFERENCES author(id),\n"
    "  kind TEXT NOT NULL CHECK (kind IN ('forum_thread','blog_post',"
    "'blog_comment','mail_message')),\n"
    "  native_id TEXT,\n"
    "  permalink TEXT,\n"
    "  published_at INTEGER,\n"
    "  utc_offset INTEGER,\n"
    "  date_text TEXT,\n"
    "  title TEXT,\n"
    "  text TEXT NOT NULL,\n"
    "  lang TEXT,\n"
    "  parent_id INTEGER REFERENCES post(id) ON DELETE SET NULL,\n"
    "  parent_uid TEXT,\n"
    "  parent_implicit INTEGER NOT NULL DEFAULT 0,\n"
    "  position INTEGER,\n"
    "  evidence TEXT\n"
    ");\n",
    "CREATE INDEX post_by_thread ON post(thread_id, position);\n",
    "CREATE INDEX post_by_author ON post(author_id);\n",
    "CREATE INDEX post_by_page ON post(page_id);\n",
    "CREATE INDEX post_by_published ON post(published_at);\n",
    "CREATE INDEX post_by_parent_uid ON post(parent_uid) WHERE parent_id IS "
    "NULL;\n",

    /* What a relation points at is recorded as found (dst_uid: a post's
     * uid; dst_name: an author's name) and resolved to dst_post and
     * dst_author once the target is in the corpus, which for a thread
     * spread over pages may be a later parse. */
    "CREATE TABLE relation (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  src_post INTEGER NOT NULL REFERENCES post(id) ON DELETE CASCADE,\n"
    "  dst_post INTEGER REFERENCES post(id) ON DELETE SET NULL,\n"
    "  dst_author INTEGER REFERENCES author(id),\n"
    "  dst_uid TEXT,\n"
    "  dst_name TEXT,\n"
    "  kind TEXT NOT NULL\n"
    "    CHECK (kind IN ('reply','quote','mention','implicit')),\n"
    "  evidence TEXT\n"
    ");\n",
    "CREATE INDEX relation_by_src ON relation(src_post);\n",
    "CREATE INDEX relation_by_dst ON relation(dst_post);\n",

    /* ---- stats output, per run ---- */
    "CREATE TABLE run (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  kind TEXT NOT NULL DEFAULT 'stats',\n"
    "  started_at INTEGER NOT NULL,\n"
    "  ended_at INTEGER,\n"
    "  seed INTEGER,\n"
    "  settings TEXT NOT NULL DEFAULT '{}',\n"
    "  tool_version TEXT NOT NULL,\n"
    "  summary TEXT\n"
    ");\n",
    "CREATE TABLE author_metric (\n"
    "  run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,\n"
    "  author_id INTEGER NOT NULL REFERENCES author(id) ON DELETE CASCADE,\n"
    "  metric TEXT NOT NULL,\n"
    "  value REAL,\n"
    "  PRIMARY KEY (run_id, author_id, metric)\n"
    ") WITHOUT ROWID;\n",
    "CREATE TABLE community (\n"
    "  run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,\n"
    "  id INTEGER NOT NULL,\n"
    "  size INTEGER NOT NULL,\n"
    "  label TEXT,\n"
    "  PRIMARY KEY (run_id, id)\n"
    ");\n",
    "CREATE TABLE community_member (\n"
    "  run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,\n"
    "  author_id INTEGER NOT NULL REFERENCES author(id) ON DELETE CASCADE,\n"
    "  community INTEGER NOT NULL,\n"
    "  PRIMARY KEY (run_id, author_id)\n"
    ") WITHOUT ROWID;\n",
    "CREATE TABLE topic (\n"
    "  run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,\n"
    "  id INTEGER NOT NULL,\n"
    "  label TEXT,\n"
    "  terms TEXT,\n"
    "  size INTEGER NOT NULL DEFAULT 0,\n"
    "  trend REAL,\n"
    "  trend_low REAL,\n"
    "  trend_high REAL,\n"
    "  PRIMARY KEY (run_id, id)\n"
    ");\n",
    "CREATE TABLE post_topic (\n"
    "  run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,\n"
    "  post_id INTEGER NOT NULL REFERENCES post(id) ON DELETE CASCADE,\n"
    "  topic INTEGER NOT NULL,\n"
    "  weight REAL,\n"
    "  PRIMARY KEY (run_id, post_id, topic)\n"
    ") WITHOUT ROWID;\n",
    "CREATE TABLE timeline (\n"
    "  run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,\n"
    "  period TEXT NOT NULL,\n"
    "  series TEXT NOT NULL,\n"
    "  value REAL NOT NULL,\n"
    "  PRIMARY KEY (run_id, series, period)\n"
    ") WITHOUT ROWID;\n",

    /* Full-text index over post text and thread titles, kept in step by
     * triggers.  External content: the index stores no second copy. */
    "CREATE VIEW post_fts_source AS\n"
    "  SELECT post.id AS id, thread.title AS title, post.text AS text\n"
    "  FROM post JOIN thread ON thread.id = post.thread_id;\n",
    "CREATE VIRTUAL TABLE post_fts USING fts5(title, text,\n"
    "  content='post_fts_source', content_rowid='id',\n"
    "  tokenize='unicode61 remove_diacritics 2');\n",
    "CREATE TRIGGER post_fts_insert AFTER INSERT ON post BEGIN\n"
    "  INSERT INTO post_fts(rowid, title, text) VALUES (new.id,\n"
    "    (SELECT title FROM thread WHERE id = new.thread_id), new.text);\n"
    "END;\n",
    "CREATE TRIGGER post_fts_delete AFTER DELETE ON post\n"
    "WHEN EXISTS (SELECT 1 FROM thread WHERE id = old.thread_id) BEGIN\n"
    "  INSERT INTO post_fts(post_fts, rowid, title, text) VALUES ('delete',\n"
    "    old.id, (SELECT title FROM thread WHERE id = old.thread_id),\n"
    "    old.text);\n"
    "END;\n",
    "CREATE TRIGGER post_fts_update AFTER UPDATE OF text, thread_id ON post\n"
    "BEGIN\n"
    "  INSERT INTO post_fts(post_fts, rowid, title, text) VALUES ('delete',\n"
    "    old.id, (SELECT title FROM thread WHERE id = old.thread_id),\n"
    "    old.text);\n"
    "  INSERT INTO post_fts(rowid, title, text) VALUES (new.id,\n"
    "    (SELECT title FROM thread WHERE id = new.thread_id), new.text);\n"
    "END;\n",
    "CREATE TRIGGER post_fts_title AFTER UPDATE OF title ON thread BEGIN\n"
    "  INSERT INTO post_fts(post_fts, rowid, title, text)\n"
    "    SELECT 'delete', id, old.title, text FROM post\n"
    "    WHERE thread_id = old.id;\n"
    "  INSERT INTO post_fts(rowid, title, text)\n"
    "    SELECT id, new.title, text FROM post WHERE thread_id = new.id;\n"
    "END;\n",
    /* Deleting a thread cascades to its posts; the thread row is gone by
     * then, so drop the index entries first. */
    "CREATE TRIGGER post_fts_thread_delete BEFORE DELETE ON thread BEGIN\n"
    "  INSERT INTO post_fts(post_fts, rowid, title, text)\n"
    "    SELECT 'delete', id, old.title, text FROM post\n"
    "    WHERE thread_id = old.id;\n"
    "END;\n",
    NULL,
};

/* migrations[i] takes a corpus from schema version i to i + 1. */
static const char *const *const migrations[] = {schema_v1};

#endif
