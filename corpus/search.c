/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * `netno search`: full-text search over post text and thread titles
 * through the FTS5 index post_fts, ranked by bm25, with highlighted
 * snippets.  The query language is FTS5's own (documented in netno.1);
 * a query FTS5 cannot parse is a usage error with a hint, never a raw
 * SQL message.  Stored text is untrusted: control characters are
 * replaced before anything reaches a terminal.
 */
#include "corpus/internal.h"
#include "util/util.h"

#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define DEFAULT_LIMIT 20
/* Tokens of context in a snippet (FTS5 allows at most 64). */
#define SNIPPET_TOKENS 16
/* Queries longer than this are refused (FTS5 would take them, but no
 * person types one and the message quotes it). */
#define MAX_QUERY 4096

static const struct cmd_usage usage = {
    "search",
    "search QUERY [--limit N] [--json] [--author NAME] [--since DATE] "
    "[--until DATE] [--site HOST]",
    "Full-text search over post text and thread titles, best matches\n"
    "first (bm25).  QUERY uses FTS5 syntax: words, \"phrases\", AND, OR,\n"
    "NOT, prefix*, NEAR(a b, 5), title: and text: column filters (see\n"
    "netno(1)).  Case and diacritics are ignored (Koln finds Köln).\n"
    "Matches are marked bold on a terminal, else in «guillemets».\n"
    "\n"
    "Options:\n"
    "  --limit N      at most N hits (default 20; 0: all)\n"
    "  --json         one JSON object per hit (JSON lines)\n"
    "  --author NAME  only posts by this author (ASCII case ignored)\n"
    "  --since DATE   only posts published at or after DATE (ISO 8601)\n"
    "  --until DATE   only posts published before DATE\n"
    "  --site HOST    only posts of threads on this site host\n"
    "  -h, --help     show this help\n",
};

struct search_opts {
  const char *query;
  unsigned long limit;
  int json;
  const char *author, *site;
  int64_t since, until;
  int bold; /* ANSI bold for matches (text output on a terminal) */
};

/* ---- output ------------------------------------------------------------ */

/* Print s with control characters (newlines included) as spaces and runs
 * of them collapsed: stored text must not move the cursor or recolour a
 * terminal.  With bold, the snippet's own bold and reset sequences are
 * passed through. */
static void put_clean(const char *s, int bold, FILE *out)
{
  int space = 0;

  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    if (bold && (!strncmp((const char *)p, "\033[1m", 4) ||
                 !strncmp((const char *)p, "\033[0m", 4))) {
      fwrite(p, 1, 4, out);
      p += 3;
      space = 0;
    } else if (*p < 0x20 || *p == 0x7f) {
      if (!space)
        fputc(' ', out);
      space = 1;
    } else {
      fputc(*p, out);
      space = 0;
    }
  }
}

static const char *column_text(sqlite3_stmt *st, int i)
{
  return (const char *)sqlite3_column_text(st, i);
}

/* The columns of the search query, in order. */
enum {
  COL_UID,
  COL_PUBLISHED,
  COL_AUTHOR,
  COL_TITLE,
  COL_PERMALINK,
  COL_THREAD_URL,
  COL_SITE,
  COL_SNIPPET,
  COL_RANK,
  COL_TEXT
};

/* A column's text, or fallback when it is NULL. */
static const char *text_or(sqlite3_stmt *st, int i, const char *fallback)
{
  const char *s = column_text(st, i);

  return s ? s : fallback;
}

/* One hit as text: date, author and thread title on one line, the
 * permalink (else the thread's URL), then the snippet indented; a blank
 * line between hits.  Only the snippet carries bold sequences. */
static void print_hit_text(sqlite3_stmt *st, int first, int bold, FILE *out)
{
  char date[32] = "undated";

  if (sqlite3_column_type(st, COL_PUBLISHED) != SQLITE_NULL)
    time_format_iso(sqlite3_column_int64(st, COL_PUBLISHED), date,
                    sizeof(date));
  if (!first)
    fputc('\n', out);
  fprintf(out, "%s  ", date);
  put_clean(text_or(st, COL_AUTHOR, "(unknown)"), 0, out);
  fputs("  ", out);
  put_clean(text_or(st, COL_TITLE, "(untitled)"), 0, out);
  fputc('\n', out);
  put_clean(text_or(st, COL_PERMALINK, text_or(st, COL_THREAD_URL, "")), 0,
            out);
  fputs("\n    ", out);
  put_clean(text_or(st, COL_SNIPPET, ""), bold, out);
  fputc('\n', out);
}

static json_t *json_text_or_null(const char *s)
{
  return s ? json_string(s) : json_null();
}

/* One hit as a JSON line with every field. */
static int print_hit_json(sqlite3_stmt *st, FILE *out)
{
  json_t *o = json_object();
  char date[32];
  int ret;

  json_object_set_new(o, "uid", json_text_or_null(column_text(st, COL_UID)));
  if (sqlite3_column_type(st, COL_PUBLISHED) == SQLITE_NULL)
    json_object_set_new(o, "published_at", json_null());
  else
    json_object_set_new(
        o, "published_at",
        json_string(time_format_iso(sqlite3_column_int64(st, COL_PUBLISHED),
                                    date, sizeof(date))));
  json_object_set_new(o, "author",
                      json_text_or_null(column_text(st, COL_AUTHOR)));
  json_object_set_new(o, "thread_title",
                      json_text_or_null(column_text(st, COL_TITLE)));
  json_object_set_new(o, "thread_url",
                      json_text_or_null(column_text(st, COL_THREAD_URL)));
  json_object_set_new(o, "permalink",
                      json_text_or_null(column_text(st, COL_PERMALINK)));
  json_object_set_new(o, "site", json_text_or_null(column_text(st, COL_SITE)));
  json_object_set_new(o, "snippet",
                      json_text_or_null(column_text(st, COL_SNIPPET)));
  json_object_set_new(o, "rank",
                      json_real(sqlite3_column_double(st, COL_RANK)));
  json_object_set_new(o, "text", json_text_or_null(column_text(st, COL_TEXT)));
  ret = json_dumpf(o, out, JSON_COMPACT | JSON_PRESERVE_ORDER);
  fputc('\n', out);
  json_decref(o);
  return ret < 0 ? error("cannot write a search hit as JSON") : 0;
}

/* ---- the query --------------------------------------------------------- */

/* Report a query FTS5 could not parse, in words a user can act on;
 * returns 2, the exit status of usage errors. */
static int bad_query(const char *query, const char *why)
{
  if (starts_with(why, "fts5: "))
    why += 6;
  fflush(stdout);
  fprintf(stderr,
          "netno: search: cannot understand the query '%s': %s\n"
          "hint: put phrases and words with punctuation in double quotes "
          "(\"e-mail\"); AND, OR, NOT need words on both sides; the only "
          "columns are title: and text:; see netno(1)\n",
          query, why);
  return 2;
}

/*
 * Run the query and print the hits.  Returns 0 (also for no hits), 1 on
 * failure (reported) or 2 for a query FTS5 rejects.
 */
static int search_run(struct corpus *c, const struct search_opts *o, FILE *out)
{
  const char *open = o->bold ? "\033[1m" : "«";
  const char *close = o->bold ? "\033[0m" : "»";
  sqlite3_stmt *st;
  int rc, n = 0, ret = 1;

  /* snippet() column -1: the column with the most matches, so that a
   * hit on the title shows the title.  bm25 weights are the defaults. */
  st = corpus_prepare(
      c, "SELECT p.uid, p.published_at, a.name, t.title, p.permalink, "
         "t.url, s.host, snippet(post_fts, -1, ?2, ?3, '…', ?4), "
         "bm25(post_fts), p.text "
         "FROM post_fts JOIN post p ON p.id = post_fts.rowid "
         "JOIN thread t ON t.id = p.thread_id "
         "LEFT JOIN author a ON a.id = p.author_id "
         "LEFT JOIN site s ON s.id = t.site_id "
         "WHERE post_fts MATCH ?1 "
         "AND (?5 IS NULL OR a.name = ?5 COLLATE NOCASE) "
         "AND (?6 = 0 OR p.published_at >= ?6) "
         "AND (?7 = 0 OR p.published_at < ?7) "
         "AND (?8 IS NULL OR s.host = ?8 COLLATE NOCASE) "
         "ORDER BY bm25(post_fts), p.id LIMIT ?9");
  if (!st)
    return 1;
  sqlite3_bind_text(st, 1, o->query, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 2, open, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 3, close, -1, SQLITE_STATIC);
  sqlite3_bind_int(st, 4, SNIPPET_TOKENS);
  corpus_bind_text(st, 5, o->author);
  sqlite3_bind_int64(st, 6, o->since);
  sqlite3_bind_int64(st, 7, o->until);
  corpus_bind_text(st, 8, o->site);
  sqlite3_bind_int64(st, 9, o->limit ? (int64_t)o->limit : -1);
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    if (o->json) {
      if (print_hit_json(st, out) < 0)
        goto out;
    } else {
      print_hit_text(st, n == 0, o->bold, out);
    }
    n++;
  }
  if (rc != SQLITE_DONE) {
    /* FTS5 parses the query on the first step: a plain SQLITE_ERROR
     * before any row is the query's fault, anything else the file's. */
    if (rc == SQLITE_ERROR && n == 0)
      ret = bad_query(o->query, sqlite3_errmsg(c->db));
    else
      corpus_sql_error(c, "searching");
    goto out;
  }
  if (fflush(out) != 0) {
    error("cannot write the search results");
    goto out;
  }
  if (!o->json)
    info("%d %s", n, n == 1 ? "match" : "matches");
  ret = 0;
out:
  sqlite3_finalize(st);
  return ret;
}

/* ---- the command ------------------------------------------------------- */

int cmd_search(int argc, char **argv)
{
  static const struct option options[] = {
      {"limit", required_argument, NULL, 'l'},
      {"json", no_argument, NULL, 'j'},
      {"author", required_argument, NULL, 'a'},
      {"since", required_argument, NULL, 'S'},
      {"until", required_argument, NULL, 'U'},
      {"site", required_argument, NULL, 's'},
      {"help", no_argument, NULL, 'h'},
      {NULL, 0, NULL, 0},
  };
  struct search_opts o = {.limit = DEFAULT_LIMIT};
  struct strbuf query;
  struct corpus *c = NULL;
  int opt, ret = 2;

  strbuf_init(&query, MAX_QUERY);
  optind = 0;
  opterr = 0;
  /* No '+': options may follow the query words. */
  while ((opt = getopt_long(argc, argv, "h", options, NULL)) != -1) {
    switch (opt) {
    case 'l':
      if (cmd_parse_uint(&usage, "--limit", optarg, &o.limit) < 0)
        goto out;
      break;
    case 'j':
      o.json = 1;
      break;
    case 'a':
      o.author = optarg;
      break;
    case 's':
      o.site = optarg;
      break;
    case 'S':
    case 'U':
      if (time_parse_iso(optarg, opt == 'S' ? &o.since : &o.until, NULL) < 0) {
        cmd_usage_error(&usage, "bad date '%s'", optarg);
        goto out;
      }
      break;
    case 'h':
      ret = cmd_print_help(&usage);
      goto out;
    default:
      ret = cmd_bad_option(&usage, argv);
      goto out;
    }
  }
  /* Several words are one query: `netno search pump AND leak`. */
  for (int i = optind; i < argc; i++) {
    if ((query.len && strbuf_addch(&query, ' ') < 0) ||
        strbuf_addstr(&query, argv[i]) < 0) {
      cmd_usage_error(&usage, "the query is longer than %d bytes", MAX_QUERY);
      goto out;
    }
  }
  strbuf_trim(&query);
  if (!query.len) {
    cmd_usage_error(&usage, "no query given");
    goto out;
  }
  o.query = query.buf;
  o.bold = !o.json && isatty(STDOUT_FILENO) && !getenv("NO_COLOR");

  ret = 1;
  c = corpus_open(NULL, CORPUS_READ);
  if (!c)
    goto out;
  ret = search_run(c, &o, stdout);
out:
  if (corpus_close(c) < 0 && ret == 0)
    ret = 1;
  strbuf_release(&query);
  return ret;
}
