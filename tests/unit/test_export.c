/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The export helpers: numbers that read back exactly, text made safe for
 * XML, role names in step with stats, and GraphML that igraph reads.
 */
#include "corpus/export.h"
#include "stats/graph.h"
#include "tests/unit/test.h"
#include "util/util.h"

#include <igraph/igraph.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

TEST(export_format_double)
{
  /* Expected: Python's repr(), the shortest text that reads back as the
   * same double, except that whole numbers carry no ".0". */
  static const struct {
    double v;
    const char *want;
  } cases[] = {
      {0.1, "0.1"},
      {1.0 / 3, "0.3333333333333333"},
      {2.0 / 3, "0.6666666666666666"},
      {1e-5, "1e-05"},
      {123456789.123, "123456789.123"},
      {1704844800, "1704844800"},
      {-2.5, "-2.5"},
      {0, "0"},
  };
  char buf[32];

  for (size_t i = 0; i < ARRAY_SIZE(cases); i++)
    CHECK_STR_MSG(export_format_double(cases[i].v, buf, sizeof(buf)),
                  cases[i].want, cases[i].want);
  CHECK_STR(export_format_double(NAN, buf, sizeof(buf)), "");
}

TEST(export_clean_text)
{
  static const struct {
    const char *in;
    int xml;
    const char *want;
  } cases[] = {
      {"Gr\xc3\xbc\xc3\x9f"
       "e",
       1,
       "Gr\xc3\xbc\xc3\x9f"
       "e"},
      {"a\x01"
       "b\x1f"
       "c",
       1, "abc"},
      {"a\x01"
       "b",
       0,
       "a\x01"
       "b"},
      {"tab\there\nline\r", 1, "tab\there\nline\r"},
      /* a lone continuation byte and a truncated sequence: U+FFFD each */
      {"x\x80y", 0, "x\xef\xbf\xbdy"},
      {"x\xc3", 1, "x\xef\xbf\xbd"},
      /* U+FFFE is not an XML character */
      {"a\xef\xbf\xbe"
       "b",
       1, "ab"},
  };

  for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
    char *got = export_clean_text(cases[i].in, cases[i].xml);
    CHECK_STR_MSG(got, cases[i].want, cases[i].in);
    free(got);
  }
}

TEST(export_role_names)
{
  CHECK_INT(CORPUS_NROLES, ROLE_COUNT);
  for (int r = 0; r < ROLE_COUNT && r < CORPUS_NROLES; r++)
    CHECK_STR_MSG(corpus_role_names[r], leaders_role_names[r],
                  leaders_role_names[r]);
}

/* Three authors on one site: b and c answer a, a answers b twice.
 * GraphML of that, read by igraph: 3 vertices, 3 edges (a->b once, with
 * weight 2). */
TEST(export_graphml_igraph)
{
  char *path = xasprintf("%s/export-graph.db", test_tmpdir());
  char *out_path = xasprintf("%s/export.graphml", test_tmpdir());
  struct corpus *c = corpus_open(path, CORPUS_CREATE);
  struct corpus_post posts[] = {
      {.uid = "p1", .author = "a", .text = "q", .position = 1},
      {.uid = "p2",
       .author = "b",
       .text = "x",
       .position = 2,
       .parent_uid = "p1"},
      {.uid = "p3",
       .author = "c",
       .text = "y",
       .position = 3,
       .parent_uid = "p1"},
      {.uid = "p4",
       .author = "a",
       .text = "z",
       .position = 4,
       .parent_uid = "p2"},
      {.uid = "p5",
       .author = "a",
       .text = "w",
       .position = 5,
       .parent_uid = "p2"},
  };
  struct corpus_thread th = {.url = "https://g.example/t/1",
                             .kind = "forum_thread"};
  struct corpus_page pg = {.url = "https://g.example/t/1",
                           .source = "html",
                           .body = "1",
                           .body_len = 1};
  struct export_opts o = {.format = "graphml", .out_path = out_path};
  igraph_t g;
  igraph_vector_t w;
  int64_t page;
  FILE *f;

  CHECK(c != NULL);
  if (!c)
    goto out;
  CHECK_INT(corpus_add_page(c, &pg, &page, NULL), 0);
  CHECK_INT(
      corpus_store_posts(c, page, &th, posts, ARRAY_SIZE(posts), "test", 5), 0);
  CHECK_INT(corpus_resolve_relations(c, NULL), 0);
  o.names = pseudonymizer_new(c, PSEUDONYM_OFF, NULL, 0);
  f = fopen(out_path, "w");
  CHECK(f != NULL);
  if (!f)
    goto out;
  CHECK_INT(export_graphml(c, &o, f), 0);
  fclose(f);

  /* igraph keeps GraphML attributes only with an attribute handler. */
  igraph_attribute_table_t *old =
      igraph_set_attribute_table(&igraph_cattribute_table);
  f = fopen(out_path, "r");
  CHECK_INT(igraph_read_graph_graphml(&g, f, 0), IGRAPH_SUCCESS);
  fclose(f);
  CHECK_INT(igraph_vcount(&g), 3);
  CHECK_INT(igraph_ecount(&g), 3);
  CHECK(igraph_is_directed(&g));
  igraph_vector_init(&w, 0);
  CHECK_INT(igraph_cattribute_EANV(&g, "weight",
                                   igraph_ess_all(IGRAPH_EDGEORDER_ID), &w),
            IGRAPH_SUCCESS);
  double sum = 0;
  for (igraph_integer_t i = 0; i < igraph_vector_size(&w); i++)
    sum += VECTOR(w)[i];
  CHECK_DBL(sum, 4, 1e-9); /* 4 answers in all */
  igraph_vector_destroy(&w);
  igraph_destroy(&g);
  igraph_set_attribute_table(old);
out:
  pseudonymizer_free(o.names);
  corpus_close(c);
  free(path);
  free(out_path);
}
