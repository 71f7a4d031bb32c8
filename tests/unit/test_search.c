/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * `netno search` over a small German and English corpus.  Expected hits
 * are worked out by hand from the posts below and FTS5's documented
 * rules (unicode61 with remove_diacritics 2 folds case and strips
 * diacritics, but keeps ß a letter of its own; bm25 ranks a word that
 * occurs more often in a post of similar length higher).
 */
#include "corpus/corpus.h"
#include "tests/unit/test.h"
#include "util/util.h"

#include <fcntl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* 2021-03-01T10:00:00Z and friends, from `date -u -d ... +%s`. */
#define T_2021_03_01 1614592800
#define T_2021_03_02 1614643200
#define T_2021_04_10 1618052400
#define T_2022_01_05 1641380400
#define T_2022_02_01 1643716800

/* Build the corpus: thread 1 on a German forum, thread 2 on an English
 * blog.  Post uids s1..s6 name the posts in the tables below. */
static char *search_corpus(void)
{
  char *path = xasprintf("%s/search.db", test_tmpdir());
  struct corpus *c;
  struct corpus_page p1 = {.url = "https://forum.example.de/t/1",
                           .source = "html", .body = "a", .body_len = 1};
  struct corpus_page p2 = {.url = "https://blog.example.com/p/2",
                           .source = "html", .body = "b", .body_len = 1};
  struct corpus_thread t1 = {.url = "https://forum.example.de/t/1",
                             .title = "Grüße aus Köln",
                             .kind = "forum_thread"};
  struct corpus_thread t2 = {.url = "https://blog.example.com/p/2",
                             .title = "Pump repair tips",
                             .kind = "blog_post"};
  struct corpus_post posts1[] = {
      {.uid = "s1", .kind = "forum_thread", .author = "anna",
       .permalink = "https://forum.example.de/t/1#p1",
       .text = "Viele Grüße aus Köln! Die Pumpe ist kaputt.",
       .has_published = 1, .published_at = T_2021_03_01, .position = 1},
      {.uid = "s2", .kind = "forum_thread", .author = "bernd",
       .permalink = "https://forum.example.de/t/1#p2",
       .text = "Meine Pumpe leckt auch, Pumpe Pumpe.", .has_published = 1,
       .published_at = T_2021_03_02, .position = 2},
      {.uid = "s3", .kind = "forum_thread", .author = "Carla",
       .permalink = "https://forum.example.de/t/1#p3",
       .text = "Ich empfehle den Kundendienst.", .has_published = 1,
       .published_at = T_2021_04_10, .position = 3},
  };
  struct corpus_post posts2[] = {
      {.uid = "s4", .kind = "blog_post", .author = "dave",
       .permalink = "https://blog.example.com/p/2",
       .text = "The pump leaks after the repair.", .has_published = 1,
       .published_at = T_2022_01_05, .position = 1},
      {.uid = "s5", .kind = "blog_comment", .author = "anna",
       .permalink = "https://blog.example.com/p/2#c1",
       .text = "Pumping stations and water pressure.", .has_published = 1,
       .published_at = T_2022_02_01, .position = 2},
      {.uid = "s6", .kind = "blog_comment", .author = "erin",
       .text = "Nothing to see here.\n\033[2J", .position = 3},
  };
  int64_t id1 = 0, id2 = 0;

  c = corpus_open(path, CORPUS_CREATE);
  CHECK(c != NULL);
  if (!c)
    return path;
  CHECK_INT(corpus_add_page(c, &p1, &id1, NULL), 0);
  CHECK_INT(corpus_add_page(c, &p2, &id2, NULL), 0);
  CHECK_INT(corpus_store_posts(c, id1, &t1, posts1, ARRAY_SIZE(posts1),
                               "test", 3),
            0);
  CHECK_INT(corpus_store_posts(c, id2, &t2, posts2, ARRAY_SIZE(posts2),
                               "test", 3),
            0);
  corpus_close(c);
  return path;
}

struct captured {
  int status;
  char *out, *err;
};

static char *slurp(const char *path)
{
  struct strbuf sb = STRBUF_INIT;

  strbuf_read_file(&sb, path);
  return strbuf_detach(&sb, NULL);
}

/* Run cmd_search on db with the words of args (NULL-terminated), with
 * standard output and error caught in files. */
static struct captured run_search(const char *db, const char *const *args)
{
  char *argv[32];
  int argc = 0, saved_out, saved_err, fd_out, fd_err;
  char *out_path = xasprintf("%s/search.out", test_tmpdir());
  char *err_path = xasprintf("%s/search.err", test_tmpdir());
  struct captured r;

  argv[argc++] = (char *)"search";
  for (; *args && argc < 31; args++)
    argv[argc++] = (char *)*args;
  argv[argc] = NULL;
  corpus_set_default_path(db);
  log_set_level(LOG_NORMAL); /* the match count is an info() line */
  fflush(stdout);
  fflush(stderr);
  saved_out = dup(1);
  saved_err = dup(2);
  fd_out = open(out_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  fd_err = open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  dup2(fd_out, 1);
  dup2(fd_err, 2);
  r.status = cmd_search(argc, argv);
  fflush(stdout);
  fflush(stderr);
  dup2(saved_out, 1);
  dup2(saved_err, 2);
  close(fd_out);
  close(fd_err);
  close(saved_out);
  close(saved_err);
  r.out = slurp(out_path);
  r.err = slurp(err_path);
  free(out_path);
  free(err_path);
  corpus_set_default_path(NULL);
  log_set_level(LOG_QUIET);
  return r;
}

static void captured_release(struct captured *r)
{
  free(r->out);
  free(r->err);
}

/* The uids of the hits of a --json search, in order, space-separated. */
static char *hit_uids(const char *out)
{
  struct strbuf sb = STRBUF_INIT;

  for (const char *line = out; *line;) {
    const char *eol = strchr(line, '\n');
    size_t n = eol ? (size_t)(eol - line) : strlen(line);
    json_error_t jerr;
    json_t *o = json_loadb(line, n, 0, &jerr);
    const char *uid = json_string_value(json_object_get(o, "uid"));
    if (sb.len)
      strbuf_addch(&sb, ' ');
    strbuf_addstr(&sb, uid ? uid : "?");
    json_decref(o);
    line = eol ? eol + 1 : line + n;
  }
  return strbuf_detach(&sb, NULL);
}

static const struct {
  const char *label;
  const char *args[8];
  const char *uids; /* in rank order where the order is determined */
  int sorted;       /* compare as a set (ranks tie or are not the point) */
} hit_cases[] = {
    /* Title words count: every post of thread 1 has Köln in its title;
     * s1 has it in its text too, so it ranks first. */
    {"diacritics folded", {"koln"}, "s1 s2 s3", 1},
    {"upper case", {"KÖLN"}, "s1 s2 s3", 1},
    {"text column only", {"text:koln"}, "s1", 0},
    {"title column only", {"title:repair"}, "s4 s5 s6", 1},
    {"ß kept", {"text:gruße"}, "s1", 0},
    {"ß is not ss", {"text:grusse"}, "", 0},
    {"ü is u", {"text:Grüße"}, "s1", 0},
    {"phrase", {"\"water pressure\""}, "s5", 0},
    {"phrase order", {"\"pressure water\""}, "", 0},
    {"prefix", {"text:pump*"}, "s1 s2 s4 s5", 1},
    {"prefix and title", {"pump*"}, "s1 s2 s4 s5 s6", 1},
    {"NOT", {"pumpe", "NOT", "leckt"}, "s1", 0},
    {"OR", {"kundendienst", "OR", "stations"}, "s3 s5", 1},
    {"NEAR", {"text:NEAR(pump repair, 3)"}, "s4", 0},
    {"NEAR too far", {"text:NEAR(pump repair, 2)"}, "", 0},
    /* s2 has Pumpe three times in six words, s1 once in eight. */
    {"ranking", {"text:pumpe"}, "s2 s1", 0},
    /* s4 has repair in its title and its text, s5 and s6 (a tie, so by
     * id) only in the title. */
    {"ranking title and text", {"repair"}, "s4 s5 s6", 0},
    {"author", {"pump*", "--author", "anna"}, "s1 s5", 1},
    {"author case", {"pump*", "--author", "ANNA"}, "s1 s5", 1},
    {"since", {"pump*", "--since", "2022-01-01"}, "s4 s5", 1},
    {"until", {"pump*", "--until", "2022-01-01"}, "s1 s2", 1},
    {"since and until",
     {"pump*", "--since", "2021-03-02", "--until", "2022-01-06"},
     "s2 s4",
     1},
    {"site", {"pump*", "--site", "blog.example.com"}, "s4 s5 s6", 1},
    {"limit", {"text:pumpe", "--limit", "1"}, "s2", 0},
    {"no hit", {"waschmaschine"}, "", 0},
};

static int cmp_str(const void *a, const void *b)
{
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sort the space-separated words of s in place. */
static void sort_words(char *s)
{
  char *words[16], *copy = xstrdup(s), *p = copy;
  size_t n = 0;
  struct strbuf sb = STRBUF_INIT;

  while (*p && n < ARRAY_SIZE(words)) {
    words[n++] = p;
    p = strchr(p, ' ');
    if (!p)
      break;
    *p++ = '\0';
  }
  qsort(words, n, sizeof(*words), cmp_str);
  for (size_t i = 0; i < n; i++)
    strbuf_addf(&sb, "%s%s", i ? " " : "", words[i]);
  memcpy(s, sb.buf, sb.len + 1);
  strbuf_release(&sb);
  free(copy);
}

TEST(search_hits_table)
{
  char *db = search_corpus();

  for (size_t i = 0; i < ARRAY_SIZE(hit_cases); i++) {
    const char *args[12];
    size_t n = 0;
    struct captured r;
    char *uids, *want = xstrdup(hit_cases[i].uids);

    for (const char *const *a = hit_cases[i].args; *a; a++)
      args[n++] = *a;
    args[n++] = "--json";
    args[n] = NULL;
    r = run_search(db, args);
    CHECK_INT_MSG(r.status, 0, hit_cases[i].label);
    uids = hit_uids(r.out);
    if (hit_cases[i].sorted) {
      sort_words(uids);
      sort_words(want);
    }
    CHECK_STR_MSG(uids, want, hit_cases[i].label);
    free(uids);
    free(want);
    captured_release(&r);
  }
  free(db);
}

TEST(search_json_fields)
{
  char *db = search_corpus();
  const char *args[] = {"text:leckt", "--json", NULL};
  struct captured r = run_search(db, args);
  json_error_t jerr;
  json_t *o = json_loads(r.out, JSON_DISABLE_EOF_CHECK, &jerr);

  CHECK_INT(r.status, 0);
  CHECK(o != NULL);
  CHECK_STR(json_string_value(json_object_get(o, "uid")), "s2");
  CHECK_STR(json_string_value(json_object_get(o, "published_at")),
            "2021-03-02T00:00:00Z");
  CHECK_STR(json_string_value(json_object_get(o, "author")), "bernd");
  CHECK_STR(json_string_value(json_object_get(o, "thread_title")),
            "Grüße aus Köln");
  CHECK_STR(json_string_value(json_object_get(o, "thread_url")),
            "https://forum.example.de/t/1");
  CHECK_STR(json_string_value(json_object_get(o, "permalink")),
            "https://forum.example.de/t/1#p2");
  CHECK_STR(json_string_value(json_object_get(o, "site")),
            "forum.example.de");
  /* The whole post is six words, shorter than a snippet: no ellipsis. */
  CHECK_STR(json_string_value(json_object_get(o, "snippet")),
            "Meine Pumpe «leckt» auch, Pumpe Pumpe.");
  CHECK_STR(json_string_value(json_object_get(o, "text")),
            "Meine Pumpe leckt auch, Pumpe Pumpe.");
  CHECK(json_is_real(json_object_get(o, "rank")));
  CHECK(json_real_value(json_object_get(o, "rank")) < 0); /* bm25 */
  CHECK_INT(json_object_size(o), 10);
  json_decref(o);
  captured_release(&r);

  /* An undated post without permalink: nulls, not empty strings. */
  {
    const char *a2[] = {"text:nothing", "--json", NULL};
    r = run_search(db, a2);
    o = json_loads(r.out, JSON_DISABLE_EOF_CHECK, &jerr);
    CHECK(json_is_null(json_object_get(o, "published_at")));
    CHECK(json_is_null(json_object_get(o, "permalink")));
    json_decref(o);
    captured_release(&r);
  }
  free(db);
}

TEST(search_text_output)
{
  char *db = search_corpus();
  const char *args[] = {"text:leckt", NULL};
  const char *a2[] = {"text:nothing", "OR", "text:kundendienst", NULL};
  struct captured r = run_search(db, args);

  /* Not a terminal: guillemets, no escape sequences. */
  CHECK_INT(r.status, 0);
  CHECK_STR(r.out, "2021-03-02T00:00:00Z  bernd  Grüße aus Köln\n"
                   "https://forum.example.de/t/1#p2\n"
                   "    Meine Pumpe «leckt» auch, Pumpe Pumpe.\n");
  CHECK_STR(r.err, "netno: 1 match\n");
  captured_release(&r);

  /* Two hits, a blank line apart; s6's newline and its ESC [2J (clear
   * screen) come out as spaces; without a permalink the thread URL. */
  r = run_search(db, a2);
  CHECK_INT(r.status, 0);
  CHECK(strstr(r.out, "undated  erin  Pump repair tips\n"
                      "https://blog.example.com/p/2\n"
                      "    «Nothing» to see here. [2J\n") != NULL);
  CHECK(strstr(r.out, "\n\n") != NULL);
  CHECK(strchr(r.out, '\033') == NULL);
  captured_release(&r);
  free(db);
}

static const struct {
  const char *query;
  const char *why; /* what the message must say after the query */
} bad_cases[] = {
    {"\"unbalanced", "unterminated string"},
    {"AND", "syntax error near \"AND\""},
    {"pumpe AND", "syntax error near \"\""},
    {"author:anna", "no such column: author"},
    /* FTS5 reads "-mail" as a column filter on a column "mail". */
    {"e-mail", "no such column: mail"},
};

TEST(search_bad_queries)
{
  char *db = search_corpus();

  for (size_t i = 0; i < ARRAY_SIZE(bad_cases); i++) {
    const char *args[] = {bad_cases[i].query, NULL};
    struct captured r = run_search(db, args);
    char *want = xasprintf("netno: search: cannot understand the query "
                           "'%s': %s\nhint: ",
                           bad_cases[i].query, bad_cases[i].why);
    CHECK_INT_MSG(r.status, 2, bad_cases[i].query);
    CHECK_MSG(starts_with(r.err, want), bad_cases[i].query);
    CHECK_MSG(!strstr(r.err, "SQL"), bad_cases[i].query);
    CHECK_STR_MSG(r.out, "", bad_cases[i].query);
    free(want);
    captured_release(&r);
  }
  free(db);
}

TEST(search_usage_and_corpus_errors)
{
  char *db = search_corpus();
  char *missing = xasprintf("%s/no-such.db", test_tmpdir());
  char *empty = xasprintf("%s/search-empty.db", test_tmpdir());
  struct corpus *c = corpus_open(empty, CORPUS_CREATE);
  struct captured r;

  corpus_close(c);
  {
    const char *args[] = {NULL};
    r = run_search(db, args);
    CHECK_INT(r.status, 2);
    CHECK(strstr(r.err, "no query given") != NULL);
    captured_release(&r);
  }
  {
    const char *args[] = {"pumpe", "--limit", "x", NULL};
    r = run_search(db, args);
    CHECK_INT(r.status, 2);
    captured_release(&r);
  }
  {
    const char *args[] = {"pumpe", "--since", "gestern", NULL};
    r = run_search(db, args);
    CHECK_INT(r.status, 2);
    CHECK(strstr(r.err, "bad date 'gestern'") != NULL);
    captured_release(&r);
  }
  {
    const char *args[] = {"pumpe", NULL};
    r = run_search(missing, args);
    CHECK_INT(r.status, 1);
    CHECK(strstr(r.err, "no-such.db") != NULL);
    CHECK_STR(r.out, "");
    captured_release(&r);
    CHECK(access(missing, F_OK) != 0); /* not created */
  }
  {
    const char *args[] = {"pumpe", NULL};
    r = run_search(empty, args);
    CHECK_INT(r.status, 0);
    CHECK_STR(r.out, "");
    CHECK_STR(r.err, "netno: 0 matches\n");
    captured_release(&r);
  }
  free(missing);
  free(empty);
  free(db);
}
