/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "parse/extract.h"
#include "tests/unit/test.h"

#include <string.h>

/* Thread sizes as pages state them; expected values read off the text by
 * hand (a reply count leaves out the first post). */
TEST(claims_from_text_table)
{
  static const struct {
    const char *text;
    long posts;
    int pages, page;
  } cases[] = {
      {"Antwort erstellen 23 Beitr\xc3\xa4ge \xe2\x80\xa2 Seite 2 von 3 "
       "1 2 3",
       23, 3, 2},
      {"41 posts \xe2\x80\xa2 Page 1 of 5", 41, 5, 1},
      {"Page 3/7 ... 12 replies", 13, 7, 3},
      /* A member's post count far from the pagination is not the
       * thread's. */
      {"Seite 1 von 2 ........................................................"
       "........................................................... "
       "Beitr\xc3\xa4ge: 1234 \xe2\x80\xa2 1.234 Beitr\xc3\xa4ge",
       0, 2, 1},
      {"1.234 Beitr\xc3\xa4ge \xe2\x80\xa2 Seite 1 von 50", 1234, 50, 1},
      /* A title ending in a number before a button is no count. */
      {"Acme Trail 500 Reply Acme Trail 500 Post reply Page 1 of 2", 0, 2,
       1},
      {"1 Beitrag \xe2\x80\xa2 Seite 1 von 1", 1, 1, 1},
      /* The count next to the pagination, not a title's number before
       * the reply button. */
      {"Acme Trail 500 Antworten Druckansicht 37 Beitr\xc3\xa4ge "
       "\xe2\x80\xa2 Seite 1 von 5",
       37, 5, 1},
      /* Not pagination: 5 of 3, and no page words at all. */
      {"Page 5 of 3", 0, 0, 0},
      {"41 posts in this forum", 0, 0, 0},
      {"", 0, 0, 0},
  };

  for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
    struct thread_claims c = {0};
    claims_from_text(cases[i].text, &c);
    CHECK_INT_MSG(c.posts, cases[i].posts, cases[i].text);
    CHECK_INT_MSG(c.pages, cases[i].pages, cases[i].text);
    CHECK_INT_MSG(c.page, cases[i].page, cases[i].text);
  }
}

TEST(claims_from_html_schema_org)
{
  static const struct {
    const char *html;
    long posts;
  } cases[] = {
      {"<script type=application/ld+json>{\"@type\":\"BlogPosting\","
       "\"commentCount\": 12}</script>",
       13},
      {"<meta itemprop=\"commentCount\" content=\"4\">", 5},
      {"<p>commentCount 9</p>", 0},
  };

  for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
    struct thread_claims c = {0};
    claims_from_html(cases[i].html, strlen(cases[i].html), &c);
    CHECK_INT_MSG(c.posts, cases[i].posts, cases[i].html);
  }
}
