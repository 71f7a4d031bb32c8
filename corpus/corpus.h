/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * corpus: the single-file store every stage reads and writes.
 *
 * A corpus is one SQLite file (netno.db by default) in WAL mode with
 * foreign keys on and a busy timeout, so that status, search and report
 * can read while a crawl writes.  The schema version lives in
 * PRAGMA user_version and is migrated forward on open; netno's
 * application id in PRAGMA application_id tells a corpus from any other
 * SQLite file.  Files that are not a netno corpus, corrupt files and
 * corpora written by a newer netno are refused before anything is written
 * to them.
 *
 * struct corpus is opaque and owns its sqlite3 handle; SQLite types never
 * leave this module.  corpus_open() hands out a handle the caller frees
 * with corpus_close().
 */
#ifndef NETNO_CORPUS_H
#define NETNO_CORPUS_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

struct corpus;

/* The schema version this netno writes and the newest it can read. */
#define CORPUS_SCHEMA_VERSION 1

enum corpus_mode {
  CORPUS_READ,  /* read only; the file must exist */
  CORPUS_WRITE, /* read and write; the file must exist */
  CORPUS_CREATE /* read and write; created (with schema) when missing */
};

/*
 * The corpus path the global --db option chose ($NETNO_DB, else
 * ./netno.db).  corpus_set_default_path() keeps the pointer, not a copy.
 */
void corpus_set_default_path(const char *path);
const char *corpus_default_path(void);

/*
 * Open the corpus at path (NULL: the default path).  Reports the reason
 * and returns NULL when the file is missing (READ/WRITE), is not a netno
 * corpus, is corrupt, was written by a newer netno, or cannot be written
 * (WRITE/CREATE).  Migrates an older schema forward (WRITE/CREATE only).
 */
struct corpus *corpus_open(const char *path, enum corpus_mode mode);
/* Close and free; corpus_close(NULL) does nothing.  Returns -1 when a
 * final checkpoint or close failed (reported). */
int corpus_close(struct corpus *c);
const char *corpus_path(const struct corpus *c);
int corpus_schema_version(const struct corpus *c);

/* Transactions: corpus_begin() takes the write lock at once (IMMEDIATE).
 * They nest: an inner begin/commit is a savepoint of the outer one, and
 * an inner rollback undoes only the inner part. */
int corpus_begin(struct corpus *c);
int corpus_commit(struct corpus *c);
void corpus_rollback(struct corpus *c);

/* Run PRAGMA integrity_check; 0 when "ok", -1 (with the first problems
 * reported) otherwise. */
int corpus_check_integrity(struct corpus *c);

/* ---- pages ------------------------------------------------------------ */

/*
 * A page as fetched or imported.  All strings may be NULL except url and
 * source ("crawl", "html", "warc", "mbox").  body is stored compressed
 * with its SHA-256.
 */
/* A page body as the corpus stores it: zlib-compressed, beside the
 * SHA-256 (hex) of the uncompressed bytes.  Thread-safe: a crawl packs
 * bodies on another thread than the one that writes the corpus. */
struct corpus_packed_body {
  unsigned char *z; /* owned; NULL: not packed */
  size_t zlen;
  char sha256[65];
};
int corpus_pack_body(const void *body, size_t len,
                     struct corpus_packed_body *out);
void corpus_packed_body_release(struct corpus_packed_body *b);

struct corpus_page {
  const char *url;
  const char *final_url; /* after redirects; NULL: same as url */
  const char *source;
  int64_t crawl_id; /* 0: not from a crawl */
  int status;       /* HTTP status; 0 when unknown */
  int64_t fetched_at;
  const char *ip, *headers, *content_type, *charset, *etag, *last_modified;
  int depth;
  const void *body;
  size_t body_len;
  /* The body packed already (corpus_pack_body), or NULL: packed here. */
  const struct corpus_packed_body *packed;
  /* Not NULL: the page is no thread page (a sitemap, a feed) and is
   * stored with parse_state 'skipped' and this parse_note, so that parse
   * leaves it alone. */
  const char *parse_note;
  /* A re-crawl: the page an earlier fetch of this URL stored, or 0.  When
   * the body differs, that page is kept and marked superseded_by the new
   * one (corpus_frontier_done). */
  int64_t supersedes;
};

/*
 * Store a page.  A page with the same URL and the same body as one stored
 * already (and not superseded) is not stored twice: *id is the existing
 * page and *added 0.  Either out pointer may be NULL.
 */
int corpus_add_page(struct corpus *c, const struct corpus_page *p,
                    int64_t *id, int *added);

/* A stored page, read back.  Release with corpus_page_data_release(). */
struct corpus_page_data {
  int64_t id;
  char *url, *final_url, *source, *content_type, *charset;
  int status;
  int64_t fetched_at;
  char *sha256;
  char *body; /* decompressed, NUL-terminated */
  size_t body_len;
  char *site_engine; /* the engine forced for the page's site, or NULL */
};
int corpus_load_page(struct corpus *c, int64_t id,
                     struct corpus_page_data *out);
void corpus_page_data_release(struct corpus_page_data *d);
/* The ids of the pages to parse: not parsed yet, or all (with all != 0,
 * which also forgets the threads' claimed sizes, to be read again);
 * pages superseded by a newer fetch and pages stored as 'skipped'
 * (sitemaps, feeds) are left out.  Caller frees *ids. */
int corpus_pages_to_parse(struct corpus *c, int all, int64_t **ids,
                          size_t *n);

/* ---- per-site settings ------------------------------------------------ */

/*
 * Force engine (what --engine names) for the sites of host ("host",
 * "host:port" or an origin "https://host"), or detect it again with
 * engine NULL.  The sites' pages are marked to be parsed again.  *nsites
 * says how many sites matched (0: none; nothing changed).
 */
int corpus_set_site_engine(struct corpus *c, const char *host,
                           const char *engine, int64_t *nsites);

/* A site and the engine forced for it. */
struct corpus_site_engine {
  char *origin, *engine;
};
/* The sites with a forced engine, by origin; release with
 * corpus_site_engines_release(). */
int corpus_get_site_engines(struct corpus *c, struct corpus_site_engine **v,
                            size_t *n);
void corpus_site_engines_release(struct corpus_site_engine *v, size_t n);

/* ---- parsed threads, posts, authors, relations ------------------------- */

struct corpus_thread {
  const char *url; /* the thread's key URL (first page, no pagination) */
  const char *title;
  const char *kind; /* forum_thread, blog_post, mail_thread */
  const char *board;
  int64_t claimed_posts; /* 0: the page did not say */
  int claimed_pages;
};

/*
 * One extracted post.  uid is netno's stable id.  parent_uid, quotes and
 * mentions name what the post answers: uids of posts (parent, quoted posts
 * with a link) or author names (quotes by name, @mentions); they are
 * resolved to rows once the targets are in the corpus.
 */
struct corpus_post {
  const char *uid, *kind, *native_id, *permalink;
  const char *author, *author_url;
  int has_published, has_offset;
  int64_t published_at; /* UTC; without has_offset the wall clock as UTC */
  int utc_offset;       /* minutes east of UTC */
  const char *date_text, *title, *text, *lang, *evidence;
  int position;
  const char *parent_uid;
  int parent_implicit; /* the thread starter as implicit parent */
  const char *const *quote_uids;
  size_t nquote_uids;
  const char *const *quote_names;
  size_t nquote_names;
  const char *const *mentions;
  size_t nmentions;
};

/*
 * Replace what earlier parses stored from page page_id with these posts
 * of thread t, in one transaction; record the page as parsed with the
 * evidence that extracted it and the number of post-like blocks seen.
 * n == 0 is a page without posts (still recorded as parsed).
 */
int corpus_store_posts(struct corpus *c, int64_t page_id,
                       const struct corpus_thread *t,
                       const struct corpus_post *posts, size_t n,
                       const char *evidence, int post_blocks);
/* Store the post of a page imported from an mbox file (one message) and
 * mark the page parsed; the mail counterpart of corpus_store_posts(). */
int corpus_store_mail_page(struct corpus *c,
                           const struct corpus_page_data *page);
/* Record why a parsed page gave no posts (a detector's verdict such as
 * "js-only: <noscript> notice", or "12 post-like blocks, 0 posts"); the
 * next parse of the page clears it. */
int corpus_set_parse_note(struct corpus *c, int64_t page_id, const char *note);
/* Record that a page lists articles (a blog's front page, a category)
 * rather than holding a thread, with the reason: its state becomes
 * skipped, its evidence "listing" (parse --all looks at it again), and
 * posts an earlier parse took from it are removed. */
int corpus_mark_page_listing(struct corpus *c, int64_t page_id,
                             const char *reason);
/* Record that a page could not be parsed, with the reason. */
int corpus_mark_page_failed(struct corpus *c, int64_t page_id,
                            const char *reason);
/* Resolve parents and relations whose targets are now in the corpus;
 * returns the number still unresolved in *unresolved (may be NULL).
 * Forum posts after a thread's first post (position 1) that answer no
 * post get that first post as their implicit parent (relation kind
 * "implicit", evidence "thread"), whichever page they are on. */
int corpus_resolve_relations(struct corpus *c, int64_t *unresolved);

/* ---- crawls and the frontier ------------------------------------------ */

/*
 * Take the corpus's crawl lock (a lock file beside it, released by the
 * kernel when the process dies), so that two crawls never write one
 * frontier.  Returns -1 with a clear message when another crawl holds it.
 */
int corpus_lock_crawl(struct corpus *c);

/* Record a new crawl with its seeds and settings (JSON texts). */
int corpus_crawl_start(struct corpus *c, const char *seeds_json,
                       const char *settings_json, int64_t *crawl_id);
/* Close the crawl record: state "done", "interrupted" or "failed". */
int corpus_crawl_finish(struct corpus *c, int64_t crawl_id,
                        const char *state, int64_t fetched, int64_t failed,
                        int64_t skipped, int64_t bytes);

/* URLs that were in flight when an earlier crawl died go back in the
 * queue; returns how many in *n. */
int corpus_frontier_requeue(struct corpus *c, int64_t *n);
/* For a re-crawl: every done URL with a stored page goes back in the
 * queue (attempts reset); returns how many in *n.  When fetched again,
 * the entry's page_id names the stored page. */
int corpus_frontier_recrawl(struct corpus *c, int64_t *n);
/* The validators of stored page id for a conditional request: its ETag
 * and Last-Modified header values, each NULL when it had none.  Caller
 * frees both. */
int corpus_page_validators(struct corpus *c, int64_t id, char **etag,
                           char **last_modified);

/*
 * Add a URL to the frontier (queued), unless it is there already in any
 * state.  *added says which (may be NULL).  priority: lower first.
 */
int corpus_frontier_add(struct corpus *c, const char *url,
                        const char *origin, int depth, int priority,
                        int64_t discovered_from, int64_t crawl_id,
                        int *added);
/* Record a URL that will not be fetched, with the reason ("robots",
 * "scope", "trap:calendar", "depth"...); kept when already known. */
int corpus_frontier_skip(struct corpus *c, const char *url,
                         const char *origin, int depth, const char *reason,
                         int64_t discovered_from, int64_t crawl_id);

/* A URL taken from the frontier for fetching. */
struct corpus_frontier_entry {
  int64_t id;
  char *url;
  int depth;
  int attempts;
  int64_t page_id; /* the page an earlier fetch stored (re-crawl), or 0 */
};
void corpus_frontier_entry_release(struct corpus_frontier_entry *e);

/* Origins with queued URLs due at time now (epoch seconds); the caller
 * frees each string and the array. */
int corpus_frontier_due_origins(struct corpus *c, int64_t now,
                                char ***origins, size_t *n);
/* Take the next due URL of origin (lowest priority, then depth, then
 * age) and mark it in flight.  Returns 1 with *e filled, 0 when none. */
int corpus_frontier_take(struct corpus *c, const char *origin, int64_t now,
                         struct corpus_frontier_entry *e);
/* The earliest next_at among queued URLs: 1 with *when set, 0 when no
 * URL is queued, -1 on failure. */
int corpus_frontier_next_due(struct corpus *c, int64_t *when);
/* How many URLs are queued. */
int corpus_frontier_queued(struct corpus *c, int64_t *n);

/* The fetch of entry id succeeded: store the page and mark the URL done,
 * in one transaction.  page may be NULL (nothing worth storing, e.g. a
 * redirect, a non-HTML body or a 304 Not Modified): then reason says why
 * and the URL keeps the page an earlier fetch stored, if any.  When page
 * is stored as a new row and names the page it supersedes, that earlier
 * page is kept and marked superseded_by the new one.  *page_id (may be
 * NULL) is the page stored or found. */
int corpus_frontier_done(struct corpus *c, int64_t id,
                         const struct corpus_page *page, const char *reason,
                         int64_t *page_id);
/* The fetch failed: back in the queue at retry_at (when retry_at > 0),
 * else failed for good; reason is kept either way. */
int corpus_frontier_fail(struct corpus *c, int64_t id, const char *reason,
                         int64_t retry_at);

/* A URL taken for fetching will not be fetched after all (robots.txt
 * forbids it, ...): skipped, with the reason. */
int corpus_frontier_mark_skipped(struct corpus *c, int64_t id,
                                 const char *reason);
/* Give up on every queued URL of an origin (robots.txt never came). */
int corpus_frontier_fail_origin(struct corpus *c, const char *origin,
                                const char *reason);

/* Record robots.txt as fetched for an origin and what was decided. */
int corpus_add_robots(struct corpus *c, const char *origin,
                      int64_t crawl_id, int status, const char *body,
                      size_t len, const char *decision, double crawl_delay,
                      const char *log);

/* ---- status ----------------------------------------------------------- */

/* The numbers `netno status` prints (and documents in netno.1). */
struct corpus_status {
  int exists;
  int schema_version;
  int64_t size_bytes; /* the file plus its -wal */
  int64_t pages, pages_unparsed, pages_parsed, pages_failed;
  int64_t pages_skipped; /* sitemaps, feeds, listings: not parsed */
  int64_t frontier_queued, frontier_in_flight, frontier_done,
      frontier_failed, frontier_skipped;
  int64_t sites, threads, posts, authors, relations, crawls, stats_runs;
  int64_t first_post, last_post; /* UTC seconds; 0 when no dated post */
  /* Coverage: threads whose pages state their size ("23 Beiträge",
   * "Seite 1 von 3"), what they claim and what the corpus has of them. */
  int64_t threads_claiming, posts_claimed, posts_found, threads_short;
  int64_t pages_claimed, pages_found, threads_missing_pages;
};

/* A thread with fewer posts or pages in the corpus than its pages
 * claim. */
struct corpus_gap {
  char *url, *title;
  int64_t posts_claimed, posts_found;
  int64_t pages_claimed, pages_found;
};
/* The threads with the largest gaps, worst first, at most max; release
 * with corpus_gaps_release(). */
int corpus_get_gaps(struct corpus *c, size_t max, struct corpus_gap **gaps,
                    size_t *n);
void corpus_gaps_release(struct corpus_gap *gaps, size_t n);

int corpus_get_status(struct corpus *c, struct corpus_status *st);

/* ---- coverage warnings ------------------------------------------------ */

/* A count of pages or URLs, with one of them as an example (NULL when
 * count is 0). */
struct corpus_figure {
  int64_t count;
  char *example;
};

/* A site whose threads claim more posts than the corpus holds. */
struct corpus_site_coverage {
  char *origin;
  int64_t posts_claimed, posts_found;
};

/* What the warning block at the end of crawl, parse and run is made of.
 * Release with corpus_coverage_release(). */
struct corpus_coverage {
  /* parse: pages without posts, by the note parse left on them */
  struct corpus_figure blocks_no_posts; /* "N post-like blocks, 0 posts" */
  struct corpus_figure js_only, login_wall, soft_404;
  /* parse: sites under 90 % of the posts their threads claim, worst
   * first, at most 5 */
  struct corpus_site_coverage *sites;
  size_t nsites;
  /* crawl: frontier rows */
  struct corpus_figure login_redirect; /* redirected to a login page */
  struct corpus_figure denied;         /* 401 or 403 */
  struct corpus_figure trap;           /* skipped as a trap */
  struct corpus_figure depth;          /* skipped beyond --max-depth */
  struct corpus_figure too_large;      /* over --max-size */
};

/* corpus_coverage_warnings() what: the crawl's figures, parse's, or
 * both (run). */
enum { CORPUS_COVERAGE_CRAWL = 1, CORPUS_COVERAGE_PARSE = 2 };

/* Gather the figures of what (CORPUS_COVERAGE_* bits) over the whole
 * corpus; 0, or -1 with a message. */
int corpus_coverage_warnings(struct corpus *c, unsigned what,
                             struct corpus_coverage *w);
void corpus_coverage_release(struct corpus_coverage *w);
/* Print the warning block on stderr (through warning(), so -q silences
 * it): a heading and one line per figure above zero, each with what the
 * user can do; returns the number of lines below the heading. */
size_t corpus_coverage_print(const struct corpus_coverage *w);
/* Gather and print: 1 when there was a warning, 0 when none, -1 on
 * failure (reported).  While deferred (netno run, which checks once at
 * its end) it does nothing and returns 0. */
int corpus_coverage_check(struct corpus *c, unsigned what);
void corpus_coverage_defer(int defer);

/* A parsed page without posts and the reason parse recorded for it. */
struct corpus_page_note {
  char *url, *note;
  int64_t post_blocks;
};
/* Such pages, most post-like blocks first, at most max; release with
 * corpus_page_notes_release(). */
int corpus_get_page_notes(struct corpus *c, size_t max,
                          struct corpus_page_note **notes, size_t *n);
void corpus_page_notes_release(struct corpus_page_note *notes, size_t n);

/* Subcommands owned by the corpus module. */
int cmd_status(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_search(int argc, char **argv);
int cmd_export(int argc, char **argv);

/* ---- stats: the author network ---- */

/* The role codes stats stores in author_metric ("role"), by name; the
 * order is stats/leaders.c's (a unit test keeps the two in step). */
#define CORPUS_NROLES 6
extern const char *const corpus_role_names[CORPUS_NROLES];

/* Relation kinds, as bits of corpus_graph_filter.kinds. */
enum {
  CORPUS_REL_REPLY = 1,
  CORPUS_REL_QUOTE = 2,
  CORPUS_REL_MENTION = 4,
  CORPUS_REL_IMPLICIT = 8
};

/* Which posts and relations make the author network.  since/until bound
 * published_at (since <= t < until); 0 leaves that end open.  host: only
 * posts of threads on that site host (NULL: all). */
struct corpus_graph_filter {
  unsigned kinds;
  const char *host;
  int64_t since, until;
};

/* What the corpus says of one author within the filter. */
struct corpus_author_facts {
  int64_t id;
  char *name;
  int64_t posts, threads, threads_started, months_active;
  int64_t first_seen, last_seen; /* UTC seconds; 0: no dated post */
  double answer_median; /* median seconds until another author first
                           answers one of their posts; < 0: never */
};

/* src answered dst weight times (indexes into authors; src != dst). */
struct corpus_author_link {
  size_t src, dst;
  int64_t weight;
};

/* The author network: every author with a post in the filter or a
 * relation pointing at them.  Release with corpus_author_graph_release(). */
struct corpus_author_graph {
  struct corpus_author_facts *authors;
  size_t nauthors;
  struct corpus_author_link *links;
  size_t nlinks;
};

int corpus_load_author_graph(struct corpus *c,
                             const struct corpus_graph_filter *f,
                             struct corpus_author_graph *g);
void corpus_author_graph_release(struct corpus_author_graph *g);

/* A stats run: started with its seed and settings (a JSON object), rows
 * added, finished with a summary (JSON; may be NULL).  The caller wraps
 * the writes in corpus_begin()/corpus_commit(). */
int corpus_stats_run_start(struct corpus *c, uint64_t seed,
                           const char *settings_json, int64_t *run_id);
int corpus_stats_run_finish(struct corpus *c, int64_t run_id,
                            const char *summary_json);
/* nmetrics metrics for n authors: author_ids[i] has values[k][i] for
 * metrics[k]; NaN values are not stored. */
int corpus_stats_add_metrics(struct corpus *c, int64_t run_id,
                             const char *const *metrics,
                             const double *const *values, size_t nmetrics,
                             const int64_t *author_ids, size_t n);
int corpus_stats_add_community(struct corpus *c, int64_t run_id,
                               int64_t community, int64_t size,
                               const char *label);
/* author_ids[i] belongs to community[i]. */
int corpus_stats_add_members(struct corpus *c, int64_t run_id,
                             const int64_t *author_ids, const int *community,
                             size_t n);

/* ---- stats: topics ---- */

/* A post as the topic model reads it.  text is the post's title (when
 * it has one) and its text, one line apart. */
struct corpus_text_post {
  int64_t id;
  int64_t published_at; /* UTC seconds; 0 when undated */
  int64_t site_id;      /* 0 when unknown */
  int64_t author_id;    /* 0 when unknown */
  char *text;
  char *lang; /* NULL when unknown */
  char *uid;  /* the post's stable id */
};

/* Every post, by text (then language and uid), so in an order that does
 * not depend on the order or the address the posts were stored from;
 * the caller frees with corpus_text_posts_release(). */
int corpus_text_posts_read(struct corpus *c, struct corpus_text_post **posts,
                           size_t *n);
void corpus_text_posts_release(struct corpus_text_post *posts, size_t n);

/* One topic of a stats run; terms is a JSON array of strings. */
struct corpus_topic {
  int id;
  const char *label;
  const char *terms;
  int64_t size;
  int has_trend; /* trend, trend_low, trend_high set */
  double trend, trend_low, trend_high;
};

/* Remove the topic, post_topic and timeline rows of run_id. */
int corpus_topics_clear(struct corpus *c, int64_t run_id);
int corpus_topic_add(struct corpus *c, int64_t run_id,
                     const struct corpus_topic *t);
/* n post_topic rows: post_ids[i] belongs to topics[i] with weights[i]. */
int corpus_post_topics_add(struct corpus *c, int64_t run_id,
                           const int64_t *post_ids, const int *topics,
                           const double *weights, size_t n);
/* One timeline value: series ("posts", "topic:3", "site:2") in period
 * ("2021-04", "2021-W05"). */
int corpus_timeline_add(struct corpus *c, int64_t run_id, const char *period,
                        const char *series, double value);

/* ---- pseudonyms (exports and reports) ---- */

/* Stable pseudonyms for author names: "user-" and ten base32 characters
 * of a keyed BLAKE2b hash of the author's site origin and name.  The same
 * key gives the same pseudonym in every export and report; the key stays
 * in the corpus (or the key file) and is never written anywhere else. */
#define PSEUDONYM_KEY_BYTES 32
#define PSEUDONYM_MAX 16 /* "user-" + 10 characters + NUL */

enum pseudonym_mode {
  PSEUDONYM_OFF,   /* real names */
  PSEUDONYM_NAMES, /* stable pseudonyms */
  PSEUDONYM_REDACT /* every name "REDACTED" */
};

/* What pseudonymizer_text() strips from post text besides names. */
enum { PSEUDONYM_STRIP_EMAILS = 1, PSEUDONYM_STRIP_URLS = 2 };

/* The pseudonym key: read from key_file (created there, mode 0600, when
 * it does not exist) when key_file is not NULL, else the corpus's own,
 * made on first use (also when c was opened read-only). */
int corpus_pseudonym_key(struct corpus *c, const char *key_file,
                         unsigned char key[PSEUDONYM_KEY_BYTES]);
/* The pseudonym of name on the site origin ("https://host"; NULL for
 * none) under key. */
void pseudonym_make(const unsigned char key[PSEUDONYM_KEY_BYTES],
                    const char *origin, const char *name,
                    char out[PSEUDONYM_MAX]);

/* Names and text as an export or report writes them.  NULL (reported)
 * when the key cannot be had; free with pseudonymizer_free(). */
struct pseudonymizer;
struct pseudonymizer *pseudonymizer_new(struct corpus *c,
                                        enum pseudonym_mode mode,
                                        const char *key_file, unsigned strip);
void pseudonymizer_free(struct pseudonymizer *p);
enum pseudonym_mode pseudonymizer_mode(const struct pseudonymizer *p);
/* name as written: itself, its pseudonym, or "REDACTED".  The pointer is
 * valid until the next call on p.  NULL for a NULL name. */
const char *pseudonymizer_name(struct pseudonymizer *p, const char *origin,
                               const char *name);
/* text with every whole-word occurrence of names[0..n) (ASCII case
 * ignored; the longest match wins, so "X wrote:" and "@X" are caught)
 * replaced as pseudonymizer_name() would, and e-mail addresses and URLs
 * replaced by "[email]" and "[url]" when p strips them.  Caller frees. */
char *pseudonymizer_text(struct pseudonymizer *p, const char *origin,
                         const char *text, const char *const *names,
                         size_t nnames);

/* ---- the report's data ---- */

/* What `netno report` covers: posts published in since <= t < until (0
 * leaves that end open), the first `leaders` authors by leader score (0:
 * 20; brand accounts always), excerpts of about excerpt_chars characters
 * (0: 240). */
struct corpus_report_filter {
  int64_t since, until;
  size_t leaders;
  size_t excerpt_chars;
};

/* Role names by the numeric code stats stores in metric "role". */

/*
 * Everything the report shows, from the newest finished stats run and the
 * corpus, as one JSON object (keys in netno(1), REPORT JSON).  Author
 * names, post excerpts and thread titles are written through names (NULL:
 * real names).  Returns 0 with *out set (the caller frees it with
 * json_decref()), 1 when the corpus holds no finished stats run (nothing
 * reported), -1 on failure (reported).
 */
int corpus_report_data(struct corpus *c, const struct corpus_report_filter *f,
                       struct pseudonymizer *names, json_t **out);

#endif
