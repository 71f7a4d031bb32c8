/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Pagination traps (crawl/pagetrap.c): a listing whose next page says
 * nothing new but its numbers is cut there; real pages go on. */
#include "crawl/pagetrap.h"
#include "tests/unit/test.h"
#include "util/util.h"

#include <stdio.h>
#include <string.h>

TEST(pagetrap_cuts_repeating_listing)
{
  static const struct {
    const char *url, *body;
    int repeats;
  } pages[] = {
      /* an endless listing: page N differs from N-1 only in digits */
      {"https://f.example/list?page=1",
       "<h1>All topics, page 1</h1><a href=\"?page=2\">next</a>", 0},
      {"https://f.example/list?page=2",
       "<h1>All topics, page 2</h1><a href=\"?page=3\">next</a>", 1},
      /* a real thread: its pages hold different posts */
      {"https://f.example/viewtopic.php?t=3",
       "<div class=post>Chain wear after 1500 km</div>", 0},
      {"https://f.example/viewtopic.php?t=3&start=10",
       "<div class=post>Ease off the pedals when shifting</div>", 0},
      /* the same page fetched again is no trap */
      {"https://f.example/viewtopic.php?t=3&start=10",
       "<div class=post>Ease off the pedals when shifting</div>", 0},
      /* a page of another listing with the same text: other key */
      {"https://f.example/other?page=2",
       "<h1>All topics, page 2</h1><a href=\"?page=3\">next</a>", 0},
  };
  static const struct {
    const char *url;
    int cut;
  } asks[] = {
      {"https://f.example/list?page=3", 1},
      {"https://f.example/list?page=50", 1},
      {"https://f.example/list?page=2", 0}, /* the page it was cut at */
      {"https://f.example/list?page=1", 0},
      {"https://f.example/viewtopic.php?t=3&start=20", 0},
      {"https://f.example/other?page=3", 0},
      {"https://f.example/never-seen?page=9", 0},
  };
  struct pagetrap *t = pagetrap_new();

  for (size_t i = 0; i < ARRAY_SIZE(pages); i++)
    CHECK_INT_MSG(
        pagetrap_add(t, pages[i].url, pages[i].body, strlen(pages[i].body)),
        pages[i].repeats, pages[i].url);
  for (size_t i = 0; i < ARRAY_SIZE(asks); i++)
    CHECK_INT_MSG(pagetrap_cut(t, asks[i].url), asks[i].cut, asks[i].url);
  pagetrap_free(t);
}

/* Many listings: the table grows and keeps each one's state. */
TEST(pagetrap_many_listings)
{
  struct pagetrap *t = pagetrap_new();
  int repeats = 0, cut = 0;

  for (int i = 0; i < 5000; i++) {
    char url[64], body[64];
    snprintf(url, sizeof(url), "https://f.example/t%d?page=1", i);
    snprintf(body, sizeof(body), "listing %c", 'a' + i % 26);
    repeats += pagetrap_add(t, url, body, strlen(body));
    snprintf(url, sizeof(url), "https://f.example/t%d?page=2", i);
    /* every third listing repeats itself on page 2 */
    if (i % 3 == 0)
      snprintf(body, sizeof(body), "listing %c", 'a' + i % 26);
    else
      snprintf(body, sizeof(body), "other text %c", 'a' + i % 26);
    repeats += pagetrap_add(t, url, body, strlen(body));
  }
  for (int i = 0; i < 5000; i++) {
    char url[64];
    snprintf(url, sizeof(url), "https://f.example/t%d?page=3", i);
    cut += pagetrap_cut(t, url);
  }
  /* i = 0, 3, ..., 4998: 1667 listings */
  CHECK_INT(repeats, 1667);
  CHECK_INT(cut, 1667);
  pagetrap_free(t);
}
