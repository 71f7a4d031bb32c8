/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Internal to corpus/: what the export writers share.  `netno export`
 * (corpus/export.c) parses the options into struct export_opts, opens the
 * output and calls the writer of the chosen format.  A writer streams
 * from the corpus to out (constant memory however large the corpus) and
 * returns 0, or -1 after reporting; it does not close out.
 */
#ifndef NETNO_CORPUS_EXPORT_H
#define NETNO_CORPUS_EXPORT_H

#include "corpus/corpus.h"

#include <stdint.h>
#include <stdio.h>

struct export_opts {
  const char *format;
  const char *out_path;        /* "-": standard output */
  const char *site;            /* only posts of threads on this host */
  int64_t since, until;        /* published_at bounds (since <= t <
                                  until); 0 leaves that end open */
  struct pseudonymizer *names; /* how names and text are written; never
                                  NULL (PSEUDONYM_OFF writes them as
                                  they are) */
  char delimiter;              /* CSV formats: ',', ';' or tab */
  int bom;                     /* CSV formats: a UTF-8 BOM first */
};

typedef int export_writer(struct corpus *c, const struct export_opts *o,
                          FILE *out);

/* ---- what the writers share (corpus/export.c) ------------------------- */

/*
 * One post as the post-based writers read it, in thread order (thread
 * id, position, post id).  Names, profile URLs and text are already as
 * o->names writes them: author is the pseudonym ("REDACTED", or the real
 * name when names are kept), author_url NULL unless names are kept; text,
 * title and thread_title with every name of the thread's authors and of
 * the names its posts quote or mention replaced.  Every pointer is owned by
 * the cursor and valid until the next export_posts_next(); NULL for a
 * value the corpus does not have.
 */
struct export_post {
  int64_t id;
  const char *uid, *kind, *native_id, *permalink;
  int64_t thread_id;
  const char *thread_url, *thread_title, *thread_kind, *board;
  const char *origin, *host; /* the thread's site */
  const char *author, *author_url;
  int has_published;
  int64_t published_at;
  int has_offset;
  int utc_offset; /* minutes east of UTC */
  const char *date_text, *title, *text, *lang, *evidence;
  const char *parent_uid;
  int parent_implicit;
  int has_position;
  int64_t position;
  int has_topic; /* topic: the post's topic in the latest stats run */
  int64_t topic;
  /* provenance: the page the post was extracted from */
  int64_t crawl_id; /* 0: not from a crawl */
  const char *page_url, *page_sha256;
  int64_t fetched_at; /* 0: unknown */
};

/* A cursor over the posts that pass o's filters (site, since, until).
 * NULL (reported) on failure; free with export_posts_free(). */
struct export_posts;
struct export_posts *export_posts_open(struct corpus *c,
                                       const struct export_opts *o);
/* The next post into *p: 1, 0 at the end, -1 on failure (reported). */
int export_posts_next(struct export_posts *it, struct export_post *p);
void export_posts_free(struct export_posts *it);

/*
 * One author with the measures of the latest stats run.  name is as
 * o->names writes it, profile_url NULL unless names are kept; values[k]
 * is the metric export_authors_metrics() names k, NaN when not stored.
 * Owned by the cursor, valid until the next export_authors_next().
 */
struct export_author {
  int64_t id;
  const char *name, *profile_url, *origin, *host;
  int has_community;
  int64_t community;
  const char *role; /* NULL: none stored */
  const double *values;
};

/* A cursor over every author (of o->site, when set) by id.  The
 * "community" and "role" metrics are left out of the metric columns:
 * they are the author's community and role fields. */
struct export_authors;
struct export_authors *export_authors_open(struct corpus *c,
                                           const struct export_opts *o);
/* The metric names of the latest run, sorted; owned by the cursor. */
size_t export_authors_metrics(const struct export_authors *it,
                              const char *const **names);
int export_authors_next(struct export_authors *it, struct export_author *a);
void export_authors_free(struct export_authors *it);

/* Relation kinds in the order of export_edge.by_kind. */
#define EXPORT_NKINDS 4
extern const char *const export_kind_names[EXPORT_NKINDS];

/*
 * One author-to-author edge: the relations from posts of src (within o's
 * filters) resolved to dst, self-loops and unresolved relations left out.
 * Per kind (kind set, one row per pair and kind) or over all kinds (kind
 * NULL, one row per pair).  Names as in struct export_author.
 */
struct export_edge {
  int64_t src, dst;
  const char *src_name, *dst_name;
  const char *kind;
  int64_t weight;
  int64_t by_kind[EXPORT_NKINDS];
};
struct export_edges;
struct export_edges *
export_edges_open(struct corpus *c, const struct export_opts *o, int per_kind);
int export_edges_next(struct export_edges *it, struct export_edge *e);
void export_edges_free(struct export_edges *it);

/* s as valid UTF-8 (bad bytes become U+FFFD); with xml, also without the
 * control characters XML 1.0 forbids.  Caller frees. */
char *export_clean_text(const char *s, int xml);
/* The shortest decimal that reads back as v, into buf. */
char *export_format_double(double v, char *buf, size_t size);

/* The writers of corpus/export_csv.c, export_jsonl.c, export_graph.c. */
export_writer export_posts_csv;
export_writer export_authors_csv;
export_writer export_edges_csv;
export_writer export_netlytic_csv;
export_writer export_posts_jsonl;
export_writer export_gexf;
export_writer export_graphml;

/* WARC/1.1 of the stored pages (corpus/export_warc.c). */
export_writer export_warc;
/* A REFI-QDA project, .qdpx (corpus/export_qdpx.c). */
export_writer export_qdpx;

#endif
