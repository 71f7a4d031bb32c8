/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * netno export: the command, its format table and the cursors the writers
 * share.
 *
 * The command parses the options into struct export_opts, makes the
 * pseudonymizer, opens the output (standard output, or PATH.tmp renamed
 * to PATH once the writer succeeded, so that a failed export leaves no
 * half file) and calls the writer of the format.
 *
 * The cursors (posts, authors, edges) step through SQLite rows one at a
 * time, so a writer's memory does not grow with the corpus: the largest
 * things held are one thread's author names and one row.
 */
#include "corpus/export.h"
#include "corpus/internal.h"
#include "util/util.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <utf8proc.h>

/* ---- formats ----------------------------------------------------------- */

static const struct export_format {
  const char *name;
  export_writer *write;
} formats[] = {
    {"posts-csv", export_posts_csv},
    {"posts-jsonl", export_posts_jsonl},
    {"authors-csv", export_authors_csv},
    {"edges-csv", export_edges_csv},
    {"netlytic-csv", export_netlytic_csv},
    {"gexf", export_gexf},
    {"graphml", export_graphml},
    {"warc", export_warc},
    {"qdpx", export_qdpx},
};

#define FORMAT_LIST                                                            \
  "posts-csv, posts-jsonl, authors-csv, edges-csv, netlytic-csv, gexf, "       \
  "graphml, warc, qdpx"

const char *const export_kind_names[EXPORT_NKINDS] = {"reply", "quote",
                                                      "mention", "implicit"};


/* ---- small helpers ----------------------------------------------------- */

char *export_clean_text(const char *s, int xml)
{
  struct strbuf sb = STRBUF_INIT;
  const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
  utf8proc_ssize_t len = (utf8proc_ssize_t)strlen(s), i = 0;

  while (i < len) {
    utf8proc_int32_t cp;
    utf8proc_ssize_t n = utf8proc_iterate(p + i, len - i, &cp);
    if (n < 1) { /* not UTF-8: one byte becomes U+FFFD */
      strbuf_addstr(&sb, "\xef\xbf\xbd");
      i++;
      continue;
    }
    if (!xml || !((cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') ||
                  cp == 0xfffe || cp == 0xffff))
      strbuf_add(&sb, p + i, (size_t)n);
    i += n;
  }
  return strbuf_detach(&sb, NULL);
}

char *export_format_double(double v, char *buf, size_t size)
{
  if (isnan(v)) {
    snprintf(buf, size, "%s", "");
    return buf;
  }
  /* The fewest digits that read back as v: 15 do for most values, 17
   * always do. */
  for (int digits = 15; digits <= 17; digits++) {
    snprintf(buf, size, "%.*g", digits, v);
    if (strtod(buf, NULL) == v)
      break;
  }
  return buf;
}

/* The latest finished stats run (0 when there is none), as the report
 * reads it: a run stopped halfway is not. */
static int latest_run(struct corpus *c, int64_t *run)
{
  return corpus_query_int(c,
                          "SELECT coalesce(max(id), 0) FROM run WHERE kind = "
                          "'stats' AND ended_at IS NOT NULL",
                          run);
}

/* Bind the filters as ?1 host, ?2 since, ?3 until. */
static void bind_filter(sqlite3_stmt *st, const struct export_opts *o)
{
  if (o->site && *o->site)
    sqlite3_bind_text(st, 1, o->site, -1, SQLITE_STATIC);
  if (o->since)
    sqlite3_bind_int64(st, 2, o->since);
  if (o->until)
    sqlite3_bind_int64(st, 3, o->until);
}

/* The posts within the filters, on thread t (alias p); ?1..?3. */
#define POST_FILTER                                                            \
  "(?1 IS NULL OR s.host = ?1) AND (?2 IS NULL OR p.published_at >= ?2) "      \
  "AND (?3 IS NULL OR p.published_at < ?3)"

static const char *col_text(sqlite3_stmt *st, int i)
{
  return (const char *)sqlite3_column_text(st, i);
}

/* Copy s (may be NULL) into sb; sb's string, or NULL for NULL. */
static const char *keep(struct strbuf *sb, const char *s)
{
  strbuf_reset(sb);
  if (!s)
    return NULL;
  strbuf_addstr(sb, s);
  return sb->buf;
}

/* ---- posts ------------------------------------------------------------- */

struct export_posts {
  struct corpus *c;
  struct pseudonymizer *names;
  sqlite3_stmt *posts, *thread_names;
  int64_t thread; /* whose names are loaded; 0 none */
  char **tnames;  /* that thread's names, for text replacement */
  size_t ntnames, tnames_alloc;
  struct strbuf author, title;
  int has_title;
  char *text, *post_title;
  struct progress *progress; /* drawn on a terminal only */
  uint64_t done;
};

static void thread_names_clear(struct export_posts *it)
{
  for (size_t i = 0; i < it->ntnames; i++)
    free(it->tnames[i]);
  it->ntnames = 0;
}

/* The names text in thread may mention: its authors first (their
 * spelling wins a tie), then the names its posts quote or mention. */
static int thread_names_load(struct export_posts *it, int64_t thread)
{
  sqlite3_stmt *st = it->thread_names;
  int rc;

  thread_names_clear(it);
  it->thread = thread;
  if (pseudonymizer_mode(it->names) == PSEUDONYM_OFF)
    return 0;
  sqlite3_reset(st);
  sqlite3_bind_int64(st, 1, thread);
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    const char *n = col_text(st, 0);
    if (!n || !*n)
      continue;
    xgrow((void **)&it->tnames, sizeof(*it->tnames), it->ntnames + 1,
          &it->tnames_alloc);
    it->tnames[it->ntnames++] = xstrdup(n);
  }
  sqlite3_reset(st);
  if (rc != SQLITE_DONE)
    return corpus_sql_error(it->c, "reading a thread's names");
  return 0;
}

struct export_posts *export_posts_open(struct corpus *c,
                                       const struct export_opts *o)
{
  struct export_posts *it = xcalloc(1, sizeof(*it));
  int64_t run;

  it->c = c;
  it->names = o->names;
  strbuf_init(&it->author, 0);
  strbuf_init(&it->title, 0);
  if (latest_run(c, &run) < 0)
    goto fail;
  it->posts = corpus_prepare(
      c, "SELECT p.id, p.uid, p.kind, p.native_id, p.permalink, t.id, t.url, "
         "t.title, t.kind, t.board, s.origin, s.host, a.name, a.profile_url, "
         "aus.origin, p.published_at, p.utc_offset, p.date_text, p.title, "
         "p.text, p.lang, p.evidence, coalesce(pp.uid, p.parent_uid), "
         "p.parent_implicit, p.position, "
         "(SELECT pt.topic FROM post_topic pt WHERE pt.run_id = ?4 AND "
         "pt.post_id = p.id ORDER BY pt.weight DESC, pt.topic LIMIT 1), "
         "pg.crawl_id, pg.url, pg.fetched_at, pg.sha256 "
         "FROM thread t JOIN post p ON p.thread_id = t.id "
         "LEFT JOIN site s ON s.id = t.site_id "
         "LEFT JOIN author a ON a.id = p.author_id "
         "LEFT JOIN site aus ON aus.id = a.site_id "
         "LEFT JOIN post pp ON pp.id = p.parent_id "
         "LEFT JOIN page pg ON pg.id = p.page_id "
         "WHERE " POST_FILTER " ORDER BY t.id, p.position, p.id");
  it->thread_names = corpus_prepare(
      c, "SELECT name FROM (SELECT 0 AS k, a.name AS name FROM post p "
         "JOIN author a ON a.id = p.author_id WHERE p.thread_id = ?1 "
         "UNION SELECT 1, a.name FROM post p JOIN relation r ON "
         "r.src_post = p.id JOIN author a ON a.id = r.dst_author "
         "WHERE p.thread_id = ?1 "
         "UNION SELECT 2, r.dst_name FROM post p JOIN relation r ON "
         "r.src_post = p.id WHERE p.thread_id = ?1 AND r.dst_name IS NOT "
         "NULL) ORDER BY k, name");
  if (!it->posts || !it->thread_names)
    goto fail;
  it->progress = progress_new("export: posts", 0);
  if (progress_is_drawing(it->progress)) {
    int64_t total;
    if (corpus_query_int(c, "SELECT count(*) FROM post", &total) < 0)
      goto fail;
    progress_free(it->progress);
    it->progress = progress_new("export: posts", (uint64_t)total);
  }
  bind_filter(it->posts, o);
  sqlite3_bind_int64(it->posts, 4, run);
  return it;
fail:
  export_posts_free(it);
  return NULL;
}

int export_posts_next(struct export_posts *it, struct export_post *p)
{
  sqlite3_stmt *st = it->posts;
  const char *origin;
  int rc = sqlite3_step(st);

  if (rc == SQLITE_DONE)
    return 0;
  if (rc != SQLITE_ROW)
    return corpus_sql_error(it->c, "reading posts");
  if (++it->done % 1024 == 0)
    progress_update(it->progress, it->done);
  memset(p, 0, sizeof(*p));
  p->id = sqlite3_column_int64(st, 0);
  p->uid = col_text(st, 1);
  p->kind = col_text(st, 2);
  p->native_id = col_text(st, 3);
  p->permalink = col_text(st, 4);
  p->thread_id = sqlite3_column_int64(st, 5);
  p->thread_url = col_text(st, 6);
  p->thread_kind = col_text(st, 8);
  p->board = col_text(st, 9);
  p->origin = origin = col_text(st, 10);
  p->host = col_text(st, 11);
  if (p->thread_id != it->thread) {
    char *title;
    if (thread_names_load(it, p->thread_id) < 0)
      return -1;
    title = pseudonymizer_text(it->names, origin, col_text(st, 7),
                               (const char *const *)it->tnames, it->ntnames);
    it->has_title = title != NULL;
    keep(&it->title, title);
    free(title);
  }
  p->thread_title = it->has_title ? it->title.buf : NULL;
  p->author = keep(&it->author, pseudonymizer_name(it->names, col_text(st, 14),
                                                   col_text(st, 12)));
  if (pseudonymizer_mode(it->names) == PSEUDONYM_OFF)
    p->author_url = col_text(st, 13);
  p->has_published = sqlite3_column_type(st, 15) != SQLITE_NULL;
  p->published_at = sqlite3_column_int64(st, 15);
  p->has_offset = sqlite3_column_type(st, 16) != SQLITE_NULL;
  p->utc_offset = sqlite3_column_int(st, 16);
  p->date_text = col_text(st, 17);
  free(it->post_title);
  it->post_title =
      pseudonymizer_text(it->names, origin, col_text(st, 18),
                         (const char *const *)it->tnames, it->ntnames);
  p->title = it->post_title;
  free(it->text);
  it->text = pseudonymizer_text(it->names, origin, col_text(st, 19),
                                (const char *const *)it->tnames, it->ntnames);
  p->text = it->text;
  p->lang = col_text(st, 20);
  p->evidence = col_text(st, 21);
  p->parent_uid = col_text(st, 22);
  p->parent_implicit = sqlite3_column_int(st, 23);
  p->has_position = sqlite3_column_type(st, 24) != SQLITE_NULL;
  p->position = sqlite3_column_int64(st, 24);
  p->has_topic = sqlite3_column_type(st, 25) != SQLITE_NULL;
  p->topic = sqlite3_column_int64(st, 25);
  p->crawl_id = sqlite3_column_int64(st, 26);
  p->page_url = col_text(st, 27);
  p->fetched_at = sqlite3_column_int64(st, 28);
  p->page_sha256 = col_text(st, 29);
  return 1;
}

void export_posts_free(struct export_posts *it)
{
  if (!it)
    return;
  sqlite3_finalize(it->posts);
  sqlite3_finalize(it->thread_names);
  thread_names_clear(it);
  free(it->tnames);
  strbuf_release(&it->author);
  strbuf_release(&it->title);
  free(it->text);
  free(it->post_title);
  progress_free(it->progress);
  free(it);
}

/* ---- authors ----------------------------------------------------------- */

struct export_authors {
  struct corpus *c;
  struct pseudonymizer *names;
  sqlite3_stmt *authors, *metrics;
  char **metric; /* sorted names */
  size_t nmetric;
  double *values;  /* one per metric, for the current author */
  int metrics_row; /* metrics holds a row not consumed yet */
  struct strbuf name;
};

static int cmp_str(const void *a, const void *b)
{
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Metrics the author columns do not show as plain numbers. */
#define NOT_A_COLUMN "metric NOT IN ('community', 'role')"

struct export_authors *export_authors_open(struct corpus *c,
                                           const struct export_opts *o)
{
  struct export_authors *it = xcalloc(1, sizeof(*it));
  sqlite3_stmt *names = NULL;
  size_t alloc = 0;
  int64_t run;
  int rc;

  it->c = c;
  it->names = o->names;
  strbuf_init(&it->name, 0);
  if (latest_run(c, &run) < 0)
    goto fail;
  names = corpus_prepare(c, "SELECT DISTINCT metric FROM author_metric "
                            "WHERE run_id = ?1 AND " NOT_A_COLUMN);
  if (!names)
    goto fail;
  sqlite3_bind_int64(names, 1, run);
  while ((rc = sqlite3_step(names)) == SQLITE_ROW) {
    xgrow((void **)&it->metric, sizeof(*it->metric), it->nmetric + 1, &alloc);
    it->metric[it->nmetric++] = xstrdup(col_text(names, 0));
  }
  if (rc != SQLITE_DONE) {
    corpus_sql_error(c, "reading metric names");
    goto fail;
  }
  /* Sorted by bytes here, not by SQLite's collation. */
  if (it->nmetric)
    qsort(it->metric, it->nmetric, sizeof(*it->metric), cmp_str);
  it->values = xcalloc(it->nmetric ? it->nmetric : 1, sizeof(double));
  it->authors = corpus_prepare(
      c, "SELECT a.id, a.name, a.profile_url, s.origin, s.host, "
         "cm.community, (SELECT value FROM author_metric WHERE run_id = ?2 "
         "AND author_id = a.id AND metric = 'role') "
         "FROM author a LEFT JOIN site s ON s.id = a.site_id "
         "LEFT JOIN community_member cm ON cm.run_id = ?2 AND "
         "cm.author_id = a.id WHERE ?1 IS NULL OR s.host = ?1 ORDER BY a.id");
  /* In primary key order: a merge with the authors by id. */
  it->metrics = corpus_prepare(
      c, "SELECT author_id, metric, value FROM author_metric "
         "WHERE run_id = ?1 AND " NOT_A_COLUMN " ORDER BY author_id, metric");
  if (!it->authors || !it->metrics)
    goto fail;
  if (o->site && *o->site)
    sqlite3_bind_text(it->authors, 1, o->site, -1, SQLITE_STATIC);
  sqlite3_bind_int64(it->authors, 2, run);
  sqlite3_bind_int64(it->metrics, 1, run);
  sqlite3_finalize(names);
  return it;
fail:
  sqlite3_finalize(names);
  export_authors_free(it);
  return NULL;
}

size_t export_authors_metrics(const struct export_authors *it,
                              const char *const **names)
{
  *names = (const char *const *)it->metric;
  return it->nmetric;
}

/* Fill it->values with the metrics of author id, reading the metric rows
 * up to the first of a later author. */
static int author_metrics_read(struct export_authors *it, int64_t id)
{
  sqlite3_stmt *st = it->metrics;

  for (size_t k = 0; k < it->nmetric; k++)
    it->values[k] = NAN;
  for (;;) {
    if (!it->metrics_row) {
      int rc = sqlite3_step(st);
      if (rc == SQLITE_DONE)
        return 0;
      if (rc != SQLITE_ROW)
        return corpus_sql_error(it->c, "reading author metrics");
      it->metrics_row = 1;
    }
    int64_t aid = sqlite3_column_int64(st, 0);
    if (aid > id)
      return 0;
    it->metrics_row = 0;
    if (aid < id || !it->nmetric || sqlite3_column_type(st, 2) == SQLITE_NULL)
      continue;
    const char *m = col_text(st, 1);
    char **at =
        bsearch(&m, it->metric, it->nmetric, sizeof(*it->metric), cmp_str);
    if (at)
      it->values[at - it->metric] = sqlite3_column_double(st, 2);
  }
}

int export_authors_next(struct export_authors *it, struct export_author *a)
{
  sqlite3_stmt *st = it->authors;
  int rc = sqlite3_step(st);

  if (rc == SQLITE_DONE)
    return 0;
  if (rc != SQLITE_ROW)
    return corpus_sql_error(it->c, "reading authors");
  memset(a, 0, sizeof(*a));
  a->id = sqlite3_column_int64(st, 0);
  a->origin = col_text(st, 3);
  a->host = col_text(st, 4);
  a->name = keep(&it->name,
                 pseudonymizer_name(it->names, a->origin, col_text(st, 1)));
  if (pseudonymizer_mode(it->names) == PSEUDONYM_OFF)
    a->profile_url = col_text(st, 2);
  a->has_community = sqlite3_column_type(st, 5) != SQLITE_NULL;
  a->community = sqlite3_column_int64(st, 5);
  if (sqlite3_column_type(st, 6) != SQLITE_NULL) {
    double r = sqlite3_column_double(st, 6);
    if (r >= 0 && r < CORPUS_NROLES)
      a->role = corpus_role_names[(int)r];
  }
  if (author_metrics_read(it, a->id) < 0)
    return -1;
  a->values = it->values;
  return 1;
}

void export_authors_free(struct export_authors *it)
{
  if (!it)
    return;
  sqlite3_finalize(it->authors);
  sqlite3_finalize(it->metrics);
  for (size_t k = 0; k < it->nmetric; k++)
    free(it->metric[k]);
  free(it->metric);
  free(it->values);
  strbuf_release(&it->name);
  free(it);
}

/* ---- edges ------------------------------------------------------------- */

struct export_edges {
  struct corpus *c;
  struct pseudonymizer *names;
  sqlite3_stmt *edges;
  int per_kind;
  struct strbuf src, dst;
};

struct export_edges *
export_edges_open(struct corpus *c, const struct export_opts *o, int per_kind)
{
  struct export_edges *it = xcalloc(1, sizeof(*it));
  char *sql;

  it->c = c;
  it->names = o->names;
  it->per_kind = per_kind;
  strbuf_init(&it->src, 0);
  strbuf_init(&it->dst, 0);
  /* With --site, both ends on that site: the edges of its graph. */
  sql =
      xasprintf("SELECT sa.id, sa.name, ss.origin, da.id, da.name, ds.origin, "
                "%s, count(*), sum(r.kind = 'reply'), sum(r.kind = 'quote'), "
                "sum(r.kind = 'mention'), sum(r.kind = 'implicit') "
                "FROM relation r JOIN post p ON p.id = r.src_post "
                "JOIN thread t ON t.id = p.thread_id "
                "LEFT JOIN site s ON s.id = t.site_id "
                "JOIN author sa ON sa.id = p.author_id "
                "LEFT JOIN site ss ON ss.id = sa.site_id "
                "JOIN author da ON da.id = r.dst_author "
                "LEFT JOIN site ds ON ds.id = da.site_id "
                "WHERE " POST_FILTER " AND da.id != sa.id "
                "AND (?1 IS NULL OR ds.host = ?1) "
                "GROUP BY sa.id, da.id%s ORDER BY sa.id, da.id%s",
                per_kind ? "r.kind" : "NULL", per_kind ? ", r.kind" : "",
                per_kind ? ", r.kind" : "");
  it->edges = corpus_prepare(c, sql);
  free(sql);
  if (!it->edges) {
    export_edges_free(it);
    return NULL;
  }
  bind_filter(it->edges, o);
  return it;
}

int export_edges_next(struct export_edges *it, struct export_edge *e)
{
  sqlite3_stmt *st = it->edges;
  int rc = sqlite3_step(st);

  if (rc == SQLITE_DONE)
    return 0;
  if (rc != SQLITE_ROW)
    return corpus_sql_error(it->c, "reading relations");
  memset(e, 0, sizeof(*e));
  e->src = sqlite3_column_int64(st, 0);
  e->src_name = keep(&it->src, pseudonymizer_name(it->names, col_text(st, 2),
                                                  col_text(st, 1)));
  e->dst = sqlite3_column_int64(st, 3);
  e->dst_name = keep(&it->dst, pseudonymizer_name(it->names, col_text(st, 5),
                                                  col_text(st, 4)));
  e->kind = col_text(st, 6);
  e->weight = sqlite3_column_int64(st, 7);
  for (int k = 0; k < EXPORT_NKINDS; k++)
    e->by_kind[k] = sqlite3_column_int64(st, 8 + k);
  return 1;
}

void export_edges_free(struct export_edges *it)
{
  if (!it)
    return;
  sqlite3_finalize(it->edges);
  strbuf_release(&it->src);
  strbuf_release(&it->dst);
  free(it);
}

/* ---- the command ------------------------------------------------------- */

static const struct cmd_usage usage = {
    "export",
    "export --format FORMAT [-o PATH] [--pseudonymize | --anonymize] "
    "[--key-file FILE] [--strip-emails] [--strip-urls] [--site HOST] "
    "[--since DATE] [--until DATE] [--delimiter C] [--bom]",
    "Write a corpus export, streamed from the corpus.\n"
    "\n"
    "Formats: posts-csv (4CAT's columns first), posts-jsonl (every post\n"
    "field with provenance), authors-csv (measures of the latest stats\n"
    "run), edges-csv (author to author, weighted per relation kind),\n"
    "netlytic-csv, gexf (Gephi), graphml, warc, qdpx.\n"
    "\n"
    "Options:\n"
    "  --format FORMAT   the format (see above)\n"
    "  -o PATH           the output file; - (default) is standard output\n"
    "  --pseudonymize    stable pseudonyms for author names, in the text\n"
    "                    too; profile URLs left out\n"
    "  --anonymize       every author name REDACTED\n"
    "  --key-file FILE   the pseudonym key (created when missing) instead\n"
    "                    of the corpus's own\n"
    "  --strip-emails    e-mail addresses in text become [email]\n"
    "  --strip-urls      URLs in text become [url]\n"
    "  --site HOST       only posts of threads on this site host\n"
    "  --since DATE      only posts published at or after DATE (ISO 8601)\n"
    "  --until DATE      only posts published before DATE\n"
    "  --delimiter C     CSV field delimiter: , (default), ; or tab\n"
    "  --bom             CSV: begin with a UTF-8 byte order mark\n"
    "  -h, --help        show this help\n",
};

static const struct export_format *format_find(const char *name)
{
  for (size_t i = 0; i < ARRAY_SIZE(formats); i++)
    if (!strcmp(formats[i].name, name))
      return &formats[i];
  return NULL;
}

/* Run the writer into path ("-": standard output); a file is replaced
 * only when the writer succeeded (atomic_file_open). */
static int export_run(struct corpus *c, const struct export_format *f,
                      const struct export_opts *o)
{
  char *tmp;
  FILE *out;
  int ok;

  if (!strcmp(o->out_path, "-")) {
    if (f->write(c, o, stdout) < 0)
      return -1;
    if (fflush(stdout) != 0 || ferror(stdout))
      return error("cannot write '%s': %s", o->out_path, strerror(errno));
    return 0;
  }
  out = atomic_file_open(o->out_path, &tmp);
  if (!out)
    return -1;
  ok = f->write(c, o, out) == 0;
  return atomic_file_close(out, o->out_path, tmp, ok);
}

/* --delimiter: one of , ; or a tab ("\t" or "tab" also name it). */
static int parse_delimiter(const char *s, char *d)
{
  if (!strcmp(s, ",") || !strcmp(s, ";")) {
    *d = s[0];
    return 0;
  }
  if (!strcmp(s, "\t") || !strcmp(s, "\\t") || !strcmp(s, "tab")) {
    *d = '\t';
    return 0;
  }
  return -1;
}

int cmd_export(int argc, char **argv)
{
  enum {
    OPT_PSEUDO = 256,
    OPT_ANON,
    OPT_KEY,
    OPT_EMAILS,
    OPT_URLS,
    OPT_SITE,
    OPT_SINCE,
    OPT_UNTIL,
    OPT_DELIM,
    OPT_BOM
  };
  static const struct option options[] = {
      {"format", required_argument, NULL, 'f'},
      {"pseudonymize", no_argument, NULL, OPT_PSEUDO},
      {"anonymize", no_argument, NULL, OPT_ANON},
      {"key-file", required_argument, NULL, OPT_KEY},
      {"strip-emails", no_argument, NULL, OPT_EMAILS},
      {"strip-urls", no_argument, NULL, OPT_URLS},
      {"site", required_argument, NULL, OPT_SITE},
      {"since", required_argument, NULL, OPT_SINCE},
      {"until", required_argument, NULL, OPT_UNTIL},
      {"delimiter", required_argument, NULL, OPT_DELIM},
      {"bom", no_argument, NULL, OPT_BOM},
      {"help", no_argument, NULL, 'h'},
      {NULL, 0, NULL, 0},
  };
  struct export_opts o = {.out_path = "-", .delimiter = ','};
  enum pseudonym_mode mode = PSEUDONYM_OFF;
  const struct export_format *f;
  const char *key_file = NULL;
  unsigned strip = 0;
  struct corpus *c = NULL;
  int opt, ret = 1;

  optind = 0;
  opterr = 0;
  while ((opt = getopt_long(argc, argv, "+o:h", options, NULL)) != -1) {
    switch (opt) {
    case 'f':
      o.format = optarg;
      break;
    case 'o':
      if (!*optarg)
        return cmd_usage_error(&usage, "-o wants a file name or -");
      o.out_path = optarg;
      break;
    case OPT_PSEUDO:
    case OPT_ANON: {
      enum pseudonym_mode m =
          opt == OPT_PSEUDO ? PSEUDONYM_NAMES : PSEUDONYM_REDACT;
      if (mode != PSEUDONYM_OFF && mode != m)
        return cmd_usage_error(
            &usage, "--pseudonymize and --anonymize exclude each other");
      mode = m;
      break;
    }
    case OPT_KEY:
      key_file = optarg;
      break;
    case OPT_EMAILS:
      strip |= PSEUDONYM_STRIP_EMAILS;
      break;
    case OPT_URLS:
      strip |= PSEUDONYM_STRIP_URLS;
      break;
    case OPT_SITE:
      o.site = optarg;
      break;
    case OPT_SINCE:
    case OPT_UNTIL:
      if (time_parse_iso(optarg, opt == OPT_SINCE ? &o.since : &o.until, NULL) <
          0)
        return cmd_usage_error(&usage, "bad date '%s' (want YYYY-MM-DD)",
                               optarg);
      break;
    case OPT_DELIM:
      if (parse_delimiter(optarg, &o.delimiter) < 0)
        return cmd_usage_error(
            &usage, "--delimiter is ',', ';' or tab, not '%s'", optarg);
      break;
    case OPT_BOM:
      o.bom = 1;
      break;
    case 'h':
      return cmd_print_help(&usage);
    default:
      return cmd_bad_option(&usage, argv);
    }
  }
  if (optind < argc)
    return cmd_usage_error(&usage, "unexpected argument '%s'", argv[optind]);
  if (!o.format)
    return cmd_usage_error(&usage, "--format is needed: one of " FORMAT_LIST);
  f = format_find(o.format);
  if (!f)
    return cmd_usage_error(&usage, "unknown format '%s': one of " FORMAT_LIST,
                           o.format);
  if (key_file && mode != PSEUDONYM_NAMES)
    return cmd_usage_error(&usage, "--key-file goes with --pseudonymize");
  if (!strcmp(o.format, "warc") && (mode != PSEUDONYM_OFF || strip))
    return cmd_usage_error(&usage,
                           "warc keeps the pages as fetched: names and text "
                           "in them cannot be pseudonymised or stripped");

  c = corpus_open(NULL, CORPUS_READ);
  if (!c)
    goto out;
  o.names = pseudonymizer_new(c, mode, key_file, strip);
  if (!o.names)
    goto out;
  if (export_run(c, f, &o) < 0)
    goto out;
  ret = 0;
out:
  pseudonymizer_free(o.names);
  if (corpus_close(c) < 0)
    ret = 1;
  return ret;
}
