/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "crawl/links.h"
#include "tests/unit/test.h"
#include "util/util.h"

#include <string.h>

struct got {
  struct strbuf sb;
};

/* Each link as "kind base href;" */
static void collect(void *ctx, const char *base, const char *href,
                    enum link_kind kind)
{
  struct got *g = ctx;
  static const char *const names[] = {"plain", "next", "feed"};
  strbuf_addf(&g->sb, "%s %s %s;", names[kind], base, href);
}

/* The links of a page in document order, with their kinds worked out by
 * hand from the markup (HTML's rel keywords; <base> changes the base of
 * the links after it). */
TEST(links_extract_kinds_and_base)
{
  static const struct {
    const char *html;
    unsigned max;
    const char *want;
    int count;
  } cases[] = {
      {"<a href=/t/1>one</a><a href='x' rel='nofollow next'>n</a>", 10,
       "plain https://f.example/a/b /t/1;next https://f.example/a/b x;", 2},
      {"<head><link rel=canonical href=/c><link rel=next href=?p=2>"
       "<link rel=stylesheet href=s.css>"
       "<link rel=alternate type=application/rss+xml href=/feed>"
       "<link rel=alternate hreflang=de href=/de></head>",
       10,
       "plain https://f.example/a/b /c;next https://f.example/a/b ?p=2;"
       "feed https://f.example/a/b /feed;",
       3},
      {"<base href='https://g.example/z/'><a href=q>q</a>"
       "<map><area href=r></map><a>no href</a><a href=''>empty</a>",
       10, "plain https://g.example/z/ q;plain https://g.example/z/ r;", 2},
      {"<p><a href=1>1</a><a href=2>2</a><a href=3>3</a>", 2,
       "plain https://f.example/a/b 1;plain https://f.example/a/b 2;", 2},
      /* Broken markup is recovered, not refused. */
      {"<table><tr><td><a href=u1>x<td><a href=\"u2\">y</table></a>", 10,
       "plain https://f.example/a/b u1;plain https://f.example/a/b u2;", 2},
      {"", 10, "", 0},
  };

  for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
    struct got g;
    int n;
    strbuf_init(&g.sb, 0);
    n = links_extract(cases[i].html, strlen(cases[i].html),
                      "https://f.example/a/b", cases[i].max, collect, &g);
    CHECK_STR_MSG(g.sb.buf, cases[i].want, cases[i].html);
    CHECK_INT_MSG(n, cases[i].count, cases[i].html);
    strbuf_release(&g.sb);
  }
}
