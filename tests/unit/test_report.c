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
  CHECK_INT(corpus_report_nroles, ROLE_COUNT);
  for (size_t i = 0; i < corpus_report_nroles && i < ROLE_COUNT; i++)
    CHECK_STR(corpus_report_role_names[i], leaders_role_names[i]);
}

TEST(report_duration)
{
  static const struct {
    double s;
    const char *out;
  } cases[] = {{59, "59 seconds"},     {600, "10 minutes"},
               {5400, "90 minutes"},   {9000, "2.5 hours"},
               {518400, "6.0 days"},   {-1, "unknown"}};
  for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
    char buf[32];
    report_duration(cases[i].s, buf, sizeof(buf));
    CHECK_STR(buf, cases[i].out);
  }
}
