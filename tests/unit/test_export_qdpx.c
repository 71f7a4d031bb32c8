/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The qdpx export, read back by an independent reader
 * (tests/data/export/check_qdpx.py: Python's zipfile and xml.etree) and
 * validated against the official REFI-QDA schema with xmllint.  The
 * expected sources, selections, codes and cases are worked out by hand
 * from the corpus below and the layout documented in
 * corpus/export_qdpx.c.
 */
#include "corpus/export.h"
#include "corpus/internal.h"
#include "tests/unit/test.h"
#include "util/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int64_t id_of(struct corpus *c, const char *sql)
{
  int64_t v = -1;

  corpus_query_int(c, sql, &v);
  return v;
}

/*
 * Two threads on two sites; a post with an emoji (one code point, two
 * UTF-16 units, four bytes) before others, so that positions in any
 * other unit would cut the selections wrong; XML specials and a
 * newline in a text; an undated post.  Two stats runs: only the later
 * one's topics and measures are exported.
 */
static struct corpus *qdpx_corpus(const char *name)
{
  char *path = xasprintf("%s/%s", test_tmpdir(), name);
  struct corpus *c = corpus_open(path, CORPUS_CREATE);
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
      {.uid = "q1", .kind = "forum_thread", .author = "anna",
       .text = "Viele Grüße aus Köln \xf0\x9f\x99\x82 Die Pumpe ist kaputt.",
       .has_published = 1, .published_at = 1614592800, .position = 1},
      {.uid = "q2", .kind = "forum_thread", .author = "bernd",
       .text = "anna: <b>Pumpe</b> & Filter\npr\xc3\xbc" "fen!",
       .has_published = 1, .published_at = 1614643200, .position = 2},
      {.uid = "q3", .kind = "forum_thread", .author = "Carla",
       .text = "Ich empfehle den Kundendienst, bernd.", .position = 3},
  };
  struct corpus_post posts2[] = {
      {.uid = "q4", .kind = "blog_post", .author = "dave",
       .text = "The pump leaks after the repair.", .has_published = 1,
       .published_at = 1641380400, .position = 1},
  };
  int64_t id1 = 0, id2 = 0, run1 = 0, run2 = 0;

  free(path);
  CHECK(c != NULL);
  if (!c)
    return NULL;
  CHECK_INT(corpus_add_page(c, &p1, &id1, NULL), 0);
  CHECK_INT(corpus_add_page(c, &p2, &id2, NULL), 0);
  CHECK_INT(corpus_store_posts(c, id1, &t1, posts1, 3, "test", 3), 0);
  CHECK_INT(corpus_store_posts(c, id2, &t2, posts2, 1, "test", 1), 0);

  CHECK_INT(corpus_begin(c), 0);
  {
    struct corpus_topic old = {.id = 0, .label = "old topic",
                               .terms = "[\"alt\"]", .size = 1};
    int64_t post = id_of(c, "SELECT id FROM post WHERE uid = 'q1'");
    int topic = 0;
    double w = 1;
    static const char *const metrics[] = {"posts"};
    int64_t author = id_of(c, "SELECT author_id FROM post WHERE uid = 'q1'");
    double v = 99;
    const double *values[] = {&v};
    CHECK_INT(corpus_stats_run_start(c, 1, "{}", &run1), 0);
    CHECK_INT(corpus_topic_add(c, run1, &old), 0);
    CHECK_INT(corpus_post_topics_add(c, run1, &post, &topic, &w, 1), 0);
    CHECK_INT(corpus_stats_add_metrics(c, run1, metrics, values, 1, &author,
                                       1),
              0);
    CHECK_INT(corpus_stats_run_finish(c, run1, NULL), 0);
  }
  {
    struct corpus_topic t[] = {
        {.id = 0, .label = "pumpe", .terms = "[\"pumpe\",\"kaputt\"]",
         .size = 3},
        {.id = 1, .label = "", .terms = "[\"kundendienst\"]", .size = 2},
    };
    int64_t posts[5];
    int topics[5] = {0, 0, 1, 0, 1};
    double weights[5] = {1, 1, 1, 0.5, 0.5};
    static const char *const metrics[] = {"pagerank", "posts"};
    int64_t authors[4];
    double pagerank[4] = {0.25, 0.125, 1e-05, 0.5};
    double nposts[4] = {1, 1, 1, 1};
    const double *values[] = {pagerank, nposts};
    static const char *const uids[] = {"q1", "q2", "q3", "q4"};
    for (int i = 0; i < 4; i++) {
      char *sql = xasprintf("SELECT id FROM post WHERE uid = '%s'", uids[i]);
      posts[i] = id_of(c, sql);
      free(sql);
      sql = xasprintf("SELECT author_id FROM post WHERE uid = '%s'", uids[i]);
      authors[i] = id_of(c, sql);
      free(sql);
    }
    posts[4] = posts[3]; /* q4 has both topics */
    CHECK_INT(corpus_stats_run_start(c, 1, "{}", &run2), 0);
    CHECK_INT(corpus_topic_add(c, run2, &t[0]), 0);
    CHECK_INT(corpus_topic_add(c, run2, &t[1]), 0);
    CHECK_INT(corpus_post_topics_add(c, run2, posts, topics, weights, 5), 0);
    CHECK_INT(corpus_stats_add_metrics(c, run2, metrics, values, 2, authors,
                                       4),
              0);
    CHECK_INT(corpus_stats_run_finish(c, run2, NULL), 0);
  }
  CHECK_INT(corpus_commit(c), 0);
  CHECK(run2 > run1);
  return c;
}

/* Export to a file and read it back: the reader's exit status (0 when
 * every reference resolves) and its listing in *out; *valid says whether
 * xmllint accepts project.qde against the REFI-QDA schema. */
static int export_and_read(struct corpus *c, const char *name,
                           const char *site, int64_t since,
                           enum pseudonym_mode mode, char **out, int *valid)
{
  char *path = xasprintf("%s/%s", test_tmpdir(), name);
  char *qde = xasprintf("%s.qde", path), *txt = xasprintf("%s.txt", path);
  char *script = xstrdup(test_data_path("export/check_qdpx.py"));
  char *xsd = xstrdup(test_data_path("schemas/refi-qda/Project.xsd"));
  struct pseudonymizer *names = pseudonymizer_new(c, mode, NULL, 0);
  struct export_opts o = {.format = "qdpx", .out_path = path, .site = site,
                          .since = since, .names = names};
  struct strbuf sb = STRBUF_INIT;
  FILE *f = fopen(path, "wb");
  char *cmd;
  int rc = -1;

  *valid = 0;
  if (f) {
    rc = export_qdpx(c, &o, f);
    if (fclose(f) != 0)
      rc = -1;
  }
  CHECK_INT_MSG(rc, 0, name);
  cmd = xasprintf("python3 '%s' '%s' '%s' > '%s'", script, path, qde, txt);
  rc = system(cmd);
  free(cmd);
  cmd = xasprintf("xmllint --noout --schema '%s' '%s' 2>/dev/null", xsd,
                  qde);
  *valid = system(cmd) == 0;
  free(cmd);
  strbuf_read_file(&sb, txt);
  *out = strbuf_detach(&sb, NULL);
  pseudonymizer_free(names);
  free(path);
  free(qde);
  free(txt);
  free(script);
  free(xsd);
  return rc;
}

/* The thread-1 source and its selections, by hand from the layout:
 * title, URL, then per post a blank line, "author (date)" and the
 * text; a selection is the heading and the text. */
#define CODES                                                                \
  "code pumpe terms: pumpe, kaputt\n"                                        \
  "code topic 1 terms: kundendienst\n"
#define VARIABLES "variable pagerank Float\nvariable posts Float\n"
#define SOURCE1                                                              \
  "source \"Grüße aus Köln\" https://forum.example.de/t/1\n"                 \
  "  selection \"anna (2021-03-01T10:00:00Z)\" \"anna "                      \
  "(2021-03-01T10:00:00Z)\\nViele Grüße aus Köln 🙂 Die Pumpe ist "          \
  "kaputt.\" pumpe\n"
#define SOURCE1_Q2                                                           \
  "  selection \"bernd (2021-03-02T00:00:00Z)\" \"bernd "                    \
  "(2021-03-02T00:00:00Z)\\nanna: <b>Pumpe</b> & Filter\\nprüfen!\" "        \
  "pumpe\n"
#define SOURCE1_Q3                                                           \
  "  selection \"Carla (undated)\" \"Carla (undated)\\nIch empfehle den "    \
  "Kundendienst, bernd.\" topic 1\n"
#define SOURCE2                                                              \
  "source \"Pump repair tips\" https://blog.example.com/p/2\n"               \
  "  selection \"dave (2022-01-05T11:00:00Z)\" \"dave "                      \
  "(2022-01-05T11:00:00Z)\\nThe pump leaks after the repair.\" "             \
  "pumpe,topic 1\n"
/* 1e-05 written without an exponent: xsd:decimal has none. */
#define CASE_ANNA                                                            \
  "case \"anna\" pagerank=0.25 posts=1.0 | anna (2021-03-01T10:00:00Z)\n"
#define CASE_BERND                                                           \
  "case \"bernd\" pagerank=0.125 posts=1.0 | bernd "                         \
  "(2021-03-02T00:00:00Z)\n"
#define CASE_CARLA                                                           \
  "case \"Carla\" pagerank=0.00001 posts=1.0 | Carla (undated)\n"
#define CASE_DAVE                                                            \
  "case \"dave\" pagerank=0.5 posts=1.0 | dave (2022-01-05T11:00:00Z)\n"

static const struct {
  const char *label, *file, *site;
  int64_t since;
  const char *listing;
} qdpx_cases[] = {
    {"everything", "all.qdpx", NULL, 0,
     CODES VARIABLES SOURCE1 SOURCE1_Q2 SOURCE1_Q3 SOURCE2 CASE_ANNA
         CASE_BERND CASE_CARLA CASE_DAVE},
    {"site", "site.qdpx", "blog.example.com", 0,
     CODES VARIABLES SOURCE2 CASE_DAVE},
    /* since 2021-03-02T00:00Z: q2 and q4; the undated q3 is out. */
    {"since", "since.qdpx", NULL, 1614643200,
     CODES VARIABLES
     "source \"Grüße aus Köln\" https://forum.example.de/t/1\n" SOURCE1_Q2
         SOURCE2 CASE_BERND CASE_DAVE},
};

TEST(export_qdpx_project)
{
  struct corpus *c = qdpx_corpus("qdpx.db");

  if (!c)
    return;
  for (size_t i = 0; i < ARRAY_SIZE(qdpx_cases); i++) {
    char *out = NULL;
    int valid;
    CHECK_INT_MSG(export_and_read(c, qdpx_cases[i].file, qdpx_cases[i].site,
                                  qdpx_cases[i].since, PSEUDONYM_OFF, &out,
                                  &valid),
                  0, qdpx_cases[i].label);
    CHECK_MSG(valid, qdpx_cases[i].label);
    CHECK_STR_MSG(out, qdpx_cases[i].listing, qdpx_cases[i].label);
    free(out);
  }
  corpus_close(c);
}

TEST(export_qdpx_empty_corpus)
{
  char *path = xasprintf("%s/qdpx-empty.db", test_tmpdir());
  struct corpus *c = corpus_open(path, CORPUS_CREATE);
  char *out = NULL;
  int valid;

  free(path);
  if (!c)
    return;
  CHECK_INT(export_and_read(c, "empty.qdpx", NULL, 0, PSEUDONYM_OFF, &out,
                            &valid),
            0);
  CHECK(valid);
  CHECK_STR(out, "");
  free(out);
  corpus_close(c);
}

/* A full disk is an error, not a short project. */
TEST(export_qdpx_write_error)
{
  struct corpus *c = qdpx_corpus("qdpx-full.db");
  struct pseudonymizer *names;
  struct export_opts o = {.format = "qdpx", .out_path = "/dev/full"};
  FILE *f;

  if (!c)
    return;
  names = pseudonymizer_new(c, PSEUDONYM_OFF, NULL, 0);
  o.names = names;
  f = fopen("/dev/full", "wb");
  CHECK(f != NULL);
  if (f) {
    CHECK_INT(export_qdpx(c, &o, f), -1);
    fclose(f);
  }
  pseudonymizer_free(names);
  corpus_close(c);
}

/* No real name may survive, in headings, cases or text. */
static int has_real_name(const char *s)
{
  static const char *const real[] = {"anna", "bernd", "Carla", "dave"};

  for (size_t i = 0; i < ARRAY_SIZE(real); i++)
    if (strstr(s, real[i]))
      return 1;
  return 0;
}

TEST(export_qdpx_pseudonyms)
{
  struct corpus *c = qdpx_corpus("qdpx-p.db");
  char *out = NULL, *want;
  char anna[PSEUDONYM_MAX], bernd[PSEUDONYM_MAX];
  unsigned char key[PSEUDONYM_KEY_BYTES];
  int valid;

  if (!c)
    return;
  CHECK_INT(export_and_read(c, "redact.qdpx", NULL, 0, PSEUDONYM_REDACT,
                            &out, &valid),
            0);
  CHECK(valid);
  CHECK(!has_real_name(out));
  /* bernd's post names anna; Carla's names bernd. */
  CHECK(strstr(out, "\"REDACTED (2021-03-02T00:00:00Z)\\nREDACTED: "
                    "<b>Pumpe</b> & Filter\\nprüfen!\"") != NULL);
  CHECK(strstr(out, "Kundendienst, REDACTED.\"") != NULL);
  CHECK(strstr(out, "case \"REDACTED\" pagerank=0.25") != NULL);
  free(out);

  CHECK_INT(export_and_read(c, "names.qdpx", NULL, 0, PSEUDONYM_NAMES, &out,
                            &valid),
            0);
  CHECK(valid);
  CHECK(!has_real_name(out));
  /* The same pseudonyms netno gives these authors everywhere. */
  CHECK_INT(corpus_pseudonym_key(c, NULL, key), 0);
  pseudonym_make(key, "https://forum.example.de", "anna", anna);
  pseudonym_make(key, "https://forum.example.de", "bernd", bernd);
  want = xasprintf("\"%s (2021-03-02T00:00:00Z)\\n%s: <b>Pumpe</b>", bernd,
                   anna);
  CHECK(strstr(out, want) != NULL);
  free(want);
  want = xasprintf("case \"%s\" pagerank=0.25 posts=1.0 | %s "
                   "(2021-03-01T10:00:00Z)\n",
                   anna, anna);
  CHECK(strstr(out, want) != NULL);
  free(want);
  free(out);
  corpus_close(c);
}
