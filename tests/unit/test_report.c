/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The report's escaping and the role names it shares with stats. */
#include "corpus/corpus.h"
#include "report/internal.h"
#include "stats/graph.h"
#include "tests/unit/test.h"

#include <string.h>

/* Expected values written by hand from the HTML5 named character
 * references (&amp; &lt; &gt; &quot;) and &#39; for the apostrophe. */
TEST(report_html_escape)
{
  static const struct {
    const char *in, *out;
  } cases[] = {
      {"plain", "plain"},
      {"<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"},
      {"\"><img src=x onerror=alert(1)>",
       "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"},
      {"a & b's", "a &amp; b&#39;s"},
      {"tab\tnl\nbell\a", "tab\tnl\nbell "},
      {"Grüße", "Grüße"},
  };
  for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
    struct strbuf sb = STRBUF_INIT;
    report_html_escape(&sb, cases[i].in);
    CHECK_STR(sb.buf, cases[i].out);
    strbuf_release(&sb);
  }
}

/* CommonMark: a backslash before ASCII punctuation makes it literal. */
TEST(report_md_escape)
{
  static const struct {
    const char *in, *out;
  } cases[] = {
      {"plain words", "plain words"},
      {"[x](javascript:alert(1))", "\\[x\\]\\(javascript\\:alert\\(1\\)\\)"},
      {"<b>*bold*</b>", "&lt;b&gt;\\*bold\\*&lt;/b&gt;"},
      {"# head\nline|cell", "\\# head line\\|cell"},
      {"a & b", "a &amp; b"},
  };
  for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
    struct strbuf sb = STRBUF_INIT;
    report_md_escape(&sb, cases[i].in);
    CHECK_STR(sb.buf, cases[i].out);
    strbuf_release(&sb);
  }
}

TEST(report_url_is_safe)
{
  static const struct {
    const char *url;
    int safe;
  } cases[] = {
      {"https://f.example/t?id=1&x=2", 1},
      {"HTTP://F.EXAMPLE/", 1},
      {"javascript:alert(1)", 0},
      {" javascript:alert(1)", 0},
      {"JaVaScRiPt:alert(1)", 0},
      {"data:text/html,<script>", 0},
      {"//f.example/x", 0},
      {"https://f.example/\"onmouseover=\"x", 0},
      {"https://f.example/a b", 0},
      {"https://f.example/<x>", 0},
      {"", 0},
      {NULL, 0},
  };
  for (size_t i = 0; i < ARRAY_SIZE(cases); i++)
    CHECK_INT_MSG(report_url_is_safe(cases[i].url), cases[i].safe,
                  cases[i].url ? cases[i].url : "(null)");
}

/* The corpus keeps its own copy of the role names stats stores as
 * codes: they must agree. */
TEST(report_role_names)
{
  CHECK_INT(CORPUS_NROLES, ROLE_COUNT);
  for (size_t i = 0; i < CORPUS_NROLES && i < ROLE_COUNT; i++)
    CHECK_STR(corpus_role_names[i], leaders_role_names[i]);
}

TEST(report_duration)
{
  static const struct {
    double s;
    const char *out;
  } cases[] = {{59, "59 seconds"},  {600, "10 minutes"},  {5400, "90 minutes"},
               {9000, "2.5 hours"}, {518400, "6.0 days"}, {-1, "unknown"}};
  for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
    char buf[32];
    report_duration(cases[i].s, buf, sizeof(buf));
    CHECK_STR(buf, cases[i].out);
  }
}

/* The "why" sentence: families at or above the middle, strongest
 * contribution to the score first (0.6 * 0.9 > 0.15 * 0.95 > 0.25 *
 * 0.2, and activity is below 0.5 so it is left out), worked by hand. */
TEST(report_why_sentence)
{
  json_t *doc = json_pack(
      "{s:[{s:s, s:{s:f, s:f, s:f, s:i, s:i, s:f, s:i, s:i, s:i}},"
      "{s:s, s:{s:f, s:f, s:f, s:i, s:i, s:f, s:i, s:i, s:i}}]}",
      "leaders", "name", "a", "measures", "recognition", 0.9, "activity", 0.2,
      "brokerage", 0.95, "in_strength", 7, "repliers", 1, "betweenness", 12.0,
      "posts", 1, "threads_started", 0, "months_active", 1, "name", "b",
      "measures", "recognition", 0.1, "activity", 0.3, "brokerage", 0.25,
      "in_strength", 0, "repliers", 0, "betweenness", 0.0, "posts", 2,
      "threads_started", 0, "months_active", 1);
  report_add_sentences(doc);
  CHECK_STR(report_str(json_array_get(json_object_get(doc, "leaders"), 0),
                       "why", ""),
            "Mainly recognition: answered by others 7 times, by 1 different "
            "author (recognition 0.90); also links parts of the network that "
            "rarely meet otherwise (betweenness 12.0, brokerage 0.95).");
  /* b: 0.6 * 0.1 = 0.06 < 0.25 * 0.3 = 0.075: activity leads */
  CHECK_STR(report_str(json_array_get(json_object_get(doc, "leaders"), 1),
                       "why", ""),
            "Below the middle of the community in every family: 2 posts, 0 "
            "threads started, active in 1 month (activity 0.30).");
  json_decref(doc);
}

/* The line chart's geometry, worked by hand from svg.c's frame: the
 * plot spans x 56..684 (720 wide, margins 56 and 36) and y 212..28 (260
 * high, margins 28 and 48); the values 0, 5, 10 on a 0..10 axis (10 is
 * already a "nice" maximum). */
TEST(report_svg_line)
{
  const char *labels[] = {"2024-01", "<b>", "2024-03"};
  const double values[] = {0, 5, 10};
  struct report_series s = {labels, values, 3};
  struct strbuf sb = STRBUF_INIT;

  report_svg_line(&sb, "Posts & more", &s, "posts");
  CHECK(strstr(sb.buf, "points=\"56.0,212.0 370.0,120.0 684.0,28.0\"") !=
        NULL);
  CHECK(strstr(sb.buf, "<title>Posts &amp; more</title>") != NULL);
  CHECK(strstr(sb.buf, ">&lt;b&gt;</text>") != NULL);
  CHECK(strstr(sb.buf, "<b>") == NULL);
  /* grid labels 0, 2, 4, 6, 8, 10 */
  CHECK(strstr(sb.buf, ">10</text>") != NULL);
  CHECK(strstr(sb.buf, ">2</text>") != NULL);
  strbuf_release(&sb);
}

/* An axis maximum of 37 becomes 50 (the next 1, 2 or 5 times a power of
 * ten): the bar of 37 is 37/50 of the 184-unit plot height, 136.2. */
TEST(report_svg_bars)
{
  const char *labels[] = {"a"};
  const char *names[] = {"new"};
  const double v[] = {37};
  const double *values[] = {v};
  struct strbuf sb = STRBUF_INIT;

  report_svg_bars(&sb, "t", labels, 1, names, values, 1, "n");
  CHECK(strstr(sb.buf, "height=\"136.2\"") != NULL);
  CHECK(strstr(sb.buf, ">50</text>") != NULL);
  strbuf_release(&sb);
}
