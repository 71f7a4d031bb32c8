/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Extraction engine: the generic detector, text, dates, quotes, ids and
 * profiles, on small hand-written pages whose expected posts are read off
 * the markup by hand.
 */
#include "parse/extract.h"
#include "tests/unit/test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int extract_str(const char *html, unsigned flags,
                       const struct profile_list *pl, struct page_posts *pp)
{
  return extract_page(html, strlen(html), "https://forum.example/t/x.1/", 0,
                      pl, flags, pp);
}

static char *read_data(const char *name)
{
  struct strbuf sb = STRBUF_INIT;
  char *path = xasprintf("tests/data/extract/%s", name);
  if (strbuf_read_file(&sb, path) < 0) {
    free(path);
    return NULL;
  }
  free(path);
  return strbuf_detach(&sb, NULL);
}

TEST(extract_generic_forum)
{
  struct page_posts pp;
  char *html = read_data("forum.html");

  CHECK(html != NULL);
  if (!html)
    return;
  CHECK_INT(extract_str(html, 0, NULL, &pp), 0);
  CHECK_INT(pp.nposts, 3);
  if (pp.nposts == 3) {
    /* author link, not the join date; machine date with its offset */
    CHECK_STR(pp.posts[0].author, "Anna");
    CHECK_STR(pp.posts[0].author_url, "https://forum.example/members/anna.7/");
    CHECK_STR(pp.posts[0].published, "2020-04-10T09:15:00+02:00");
    CHECK_STR(pp.posts[0].date_text, "10. April 2020");
    /* <br> is a line break; the signature is left out */
    CHECK_STR(pp.posts[0].text, "Wer kennt diese Uhr?\nSie ist von 1950.");
    CHECK_STR(pp.posts[0].native_id, "101");
    CHECK_STR(pp.posts[0].url, "https://forum.example/t/x.1/#post-101");
    /* displayed date, quote dropped from the text but kept as relation */
    CHECK_STR(pp.posts[1].author, "Ben");
    CHECK_STR(pp.posts[1].date_text, "11.04.2020, 18:30");
    /* read from the displayed date: day first, no offset shown */
    CHECK_STR(pp.posts[1].published, "2020-04-11T18:30:00");
    CHECK_STR(pp.posts[1].text, "Das ist eine Junghans. Frag mal @Carla.");
    CHECK_INT(pp.posts[1].nquotes, 1);
    if (pp.posts[1].nquotes)
      CHECK_STR(pp.posts[1].quotes[0], "Anna");
    CHECK_INT(pp.posts[1].nmentions, 1);
    if (pp.posts[1].nmentions)
      CHECK_STR(pp.posts[1].mentions[0], "Carla");
    /* the quoted author's post is the explicit parent */
    CHECK_STR(pp.posts[1].parent, pp.posts[0].id);
    CHECK_INT(pp.posts[1].parent_implicit, 0);
    /* paragraphs kept */
    CHECK_STR(pp.posts[2].text, "Stimmt, Junghans.\n\nSchoene Uhr!");
    CHECK_STR(pp.posts[2].parent, pp.posts[0].id);
    CHECK_INT(pp.posts[2].parent_implicit, 1);
    CHECK_INT(pp.posts[2].position, 3);
  }
  CHECK_STR(pp.thread_title, "Alte Uhren");
  CHECK_STR(pp.thread_url, "https://forum.example/t/alte-uhren.12/");
  CHECK_STR(pp.lang, "de");
  page_posts_release(&pp);

  /* --keep-quotes keeps the quoted text; own_text leaves it out */
  CHECK_INT(extract_str(html, EXTRACT_KEEP_QUOTES | EXTRACT_OWN_TEXT, NULL,
                        &pp), 0);
  CHECK_INT(pp.nposts, 3);
  if (pp.nposts == 3) {
    CHECK(strstr(pp.posts[1].text, "Wer kennt diese Uhr?") != NULL);
    CHECK(strstr(pp.posts[1].text, "Das ist eine Junghans.") != NULL);
    CHECK_STR(pp.posts[1].own_text, "Das ist eine Junghans. Frag mal @Carla.");
    /* no quote: no second text */
    CHECK(pp.posts[0].own_text == NULL);
  }
  page_posts_release(&pp);
  free(html);
}

/* A post that only quotes is still a post: kept with an empty text of its
 * own, its quote recorded. */
TEST(extract_quote_only_post)
{
  static const char prof[] = "name: uhren\n"
                             "match: //div[@id='posts']\n"
                             "post: //div[@class='post']\n"
                             "author: .//a[@class='username']\n"
                             "date: .//div[@class='meta']\n"
                             "text: .//div[@class='message']\n"
                             "quote: .//blockquote\n";
  char *html = read_data("forum.html");
  struct profile_list pl = {0};
  struct page_posts pp;
  const char *mine = "<p>Stimmt, Junghans.</p><p>Schoene Uhr!</p>";
  char *at, *page;

  if (!html)
    return;
  at = strstr(html, mine);
  CHECK(at != NULL);
  if (!at) {
    free(html);
    return;
  }
  *at = '\0';
  page = xasprintf("%s<blockquote class=\"bbCodeBlock--quote\"><div "
                   "class=\"quote-title\">Ben schrieb:</div>Das ist eine "
                   "Junghans.</blockquote>%s",
                   html, at + strlen(mine));
  CHECK_INT(profile_list_add_text(&pl, prof, "test"), 0);
  CHECK_INT(extract_str(page, 0, &pl, &pp), 0);
  CHECK(strstr(pp.explain.buf, "profile uhren") != NULL);
  CHECK_INT(pp.nposts, 3);
  if (pp.nposts == 3) {
    CHECK_STR(pp.posts[2].author, "Carla");
    CHECK_STR(pp.posts[2].text, "");
    CHECK_INT((int)pp.posts[2].nquotes, 1);
    if (pp.posts[2].nquotes == 1)
      CHECK_STR(pp.posts[2].quotes[0], "Ben");
  }
  page_posts_release(&pp);
  CHECK_INT(extract_str(page, EXTRACT_KEEP_QUOTES | EXTRACT_OWN_TEXT, &pl,
                        &pp), 0);
  CHECK_INT(pp.nposts, 3);
  if (pp.nposts == 3) {
    CHECK_STR(pp.posts[2].text, "Ben schrieb:\n\nDas ist eine Junghans.");
    CHECK_STR(pp.posts[2].own_text, "");
  }
  page_posts_release(&pp);
  profile_list_release(&pl);
  free(page);
  free(html);
}

TEST(extract_ids_stable)
{
  struct page_posts a, b;
  char *html = read_data("forum.html");
  char id1[20], id2[20], id3[20];

  if (!html)
    return;
  CHECK_INT(extract_str(html, 0, NULL, &a), 0);
  CHECK_INT(extract_str(html, 0, NULL, &b), 0);
  CHECK_INT(a.nposts, b.nposts);
  for (size_t i = 0; i < a.nposts && i < b.nposts; i++)
    CHECK_STR(a.posts[i].id, b.posts[i].id);
  if (a.nposts >= 2)
    CHECK(strcmp(a.posts[0].id, a.posts[1].id) != 0);
  page_posts_release(&a);
  page_posts_release(&b);
  free(html);

  /* native id decides; without it author, position and text do */
  extract_post_id("t", "5", "x", 1, "a", id1, sizeof(id1));
  extract_post_id("t", "5", "y", 2, "b", id2, sizeof(id2));
  extract_post_id("t", NULL, "x", 1, "a", id3, sizeof(id3));
  CHECK_STR(id1, id2);
  CHECK(strcmp(id1, id3) != 0);
  CHECK_INT(strlen(id1), 16);
}

TEST(extract_jsonld)
{
  static const char html[] =
      "<html><head><script type=\"application/ld+json\">"
      "{\"@type\":\"DiscussionForumPosting\",\"text\":\"First post\","
      "\"author\":{\"name\":\"Ann\",\"url\":\"/u/ann\"},"
      "\"datePublished\":\"2019-01-02T03:04:05Z\","
      "\"comment\":[{\"@type\":\"Comment\",\"text\":\"A reply\","
      "\"author\":\"Bob\",\"datePublished\":\"1970-01-01T00:00:00Z\"}]}"
      "</script></head><body><p>nothing else</p></body></html>";
  struct page_posts pp;

  CHECK_INT(extract_str(html, 0, NULL, &pp), 0);
  CHECK_INT(pp.nposts, 2);
  if (pp.nposts == 2) {
    CHECK_STR(pp.posts[0].author, "Ann");
    CHECK_STR(pp.posts[0].author_url, "https://forum.example/u/ann");
    CHECK_STR(pp.posts[0].published, "2019-01-02T03:04:05+00:00");
    CHECK_STR(pp.posts[1].text, "A reply");
    /* an epoch-1970 date is a missing one */
    CHECK(pp.posts[1].published == NULL);
  }
  page_posts_release(&pp);
}

TEST(extract_profile)
{
  static const char prof[] =
      "# test engine\n"
      "name: tiny\n"
      "match: //body[@id='tiny']\n"
      "post: //div[@class='p']\n"
      "author: .//b\n"
      "date: .//i\n"
      "text: .//div[@class='t']\n"
      "native_id: @data-n\n";
  static const char html[] =
      "<html><body id=\"tiny\"><div class=\"p\" data-n=\"n7\"><b>Zoe</b>"
      "<i>Posted: 21.01.2009, 05:42</i><div class=\"t\">Hello</div></div>"
      "</body></html>";
  struct profile_list pl = {0};
  struct page_posts pp;

  CHECK_INT(profile_list_add_text(&pl, prof, "test"), 0);
  CHECK_INT(pl.n, 1);
  CHECK_INT(extract_str(html, 0, &pl, &pp), 0);
  CHECK_INT(pp.nposts, 1);
  if (pp.nposts == 1) {
    CHECK_STR(pp.posts[0].author, "Zoe");
    CHECK_STR(pp.posts[0].text, "Hello");
    CHECK_STR(pp.posts[0].date_text, "21.01.2009, 05:42");
    CHECK_STR(pp.posts[0].native_id, "7");
  }
  CHECK(strstr(pp.explain.buf, "profile tiny") != NULL);
  page_posts_release(&pp);

  /* errors: no name first, unknown key, missing post */
  CHECK_INT(profile_list_add_text(&pl, "match: //a\n", "bad1"), -1);
  CHECK_INT(profile_list_add_text(&pl, "name: x\nfoo: y\n", "bad2"), -1);
  CHECK_INT(profile_list_add_text(&pl, "name: x\nmatch: //a\n", "bad3"), -1);
  CHECK_INT(pl.n, 1);
  profile_list_release(&pl);

  /* the built-in profiles parse */
  profile_list_add_builtin(&pl);
  CHECK(pl.n >= 1);
  profile_list_release(&pl);
}

TEST(extract_collapse_space)
{
  static const struct {
    const char *in, *want;
  } cases[] = {
      {"  a   b  ", "a b"},
      {"a\n\n\n\nb", "a\n\nb"},
      {"a \n b", "a\nb"},
      {"\n\n a", "a"},
      {"x\xc2\xa0y", "x y"},
  };
  for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
    char *s = xstrdup(cases[i].in);
    extract_collapse_space(s);
    CHECK_STR_MSG(s, cases[i].want, cases[i].in);
    free(s);
  }
}

/* General record rules, on a hand-written page read by eye: an unlinked
 * guest named in the byline ("by Nobody:"), a hidden share menu that is
 * no body, a body-named block that keeps the link preview inside it, and
 * a record with a name and a header but an empty body (an advert) that
 * is no post. */
TEST(extract_generic_rules)
{
  static const char html[] =
      "<html><body><div class=\"thread\">"
      "<div class=\"item\" id=\"m11\"><div class=\"head\">"
      "<a href=\"/members/ann.1/\" class=\"username\">Ann</a> "
      "<span>10.04.2020, 09:15</span></div>"
      "<div class=\"msg\">Done!!</div>"
      "<div class=\"menu ipsHide\"><h4>Share this post</h4>"
      "<h5>Link to post and share on other sites</h5></div></div>"
      "<div class=\"item\" id=\"m12\"><div class=\"head\">"
      "Re: Snakes by Nobody: <span>11.04.2020, 10:00</span></div>"
      "<div class=\"msg\">hmmm</div></div>"
      "<div class=\"item\" id=\"m13\"><div class=\"head\">"
      "<a href=\"/members/bob.2/\" class=\"username\">Bob</a> "
      "<span>12.04.2020, 11:00</span></div>"
      "<div class=\"message-body\">Look:"
      "<div class=\"preview\"><div>example.org - a long link preview "
      "title that is longer than the post itself</div></div></div></div>"
      "<div class=\"item\" id=\"m14\"><div class=\"posthead\">"
      "<span class=\"username\">Advert</span> <span>Today</span></div>"
      "<div class=\"message-body\"><div style=\"display: none\">x</div>"
      "</div></div>"
      "</div></body></html>";
  struct page_posts pp;

  CHECK_INT(extract_str(html, 0, NULL, &pp), 0);
  CHECK_INT(pp.nposts, 3);
  if (pp.nposts == 3) {
    CHECK_STR(pp.posts[0].author, "Ann");
    CHECK_STR(pp.posts[0].text, "Done!!");
    CHECK_STR(pp.posts[1].author, "Nobody");
    CHECK(pp.posts[1].author_url == NULL);
    CHECK_STR(pp.posts[1].text, "hmmm");
    CHECK_STR(pp.posts[2].author, "Bob");
    CHECK_STR(pp.posts[2].text, "Look:\n\nexample.org - a long link preview "
                                "title that is longer than the post itself");
  }
  page_posts_release(&pp);
}

/* Listing pages (a blog's category and front page: article summaries,
 * each with a headline link to its own page and a read-more link, no
 * comment section) are skipped with a note; a single article with its
 * comments and related-article teasers is a thread, as is a forum page.
 * Expected from the markup, by hand. */
TEST(extract_listing_pages)
{
  static const struct {
    const char *file, *url;
    int listing;   /* 1: skipped as a listing */
    size_t nposts; /* posts kept */
  } cases[] = {
      {"listing/wordpress-category.html",
       "https://werkstatt.example/category/reparatur/", 1, 0},
      {"listing/generic-index.html", "https://trail.example/", 1, 0},
      {"listing/wordpress-post.html",
       "https://werkstatt.example/2023/05/kette-wechseln/", 0, 4},
      {"forum.html", "https://forum.example/t/x.1/", 0, 3},
  };
  struct profile_list pl = {0};

  profile_list_add_builtin(&pl);
  for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
    char *html = read_data(cases[i].file);
    struct page_posts pp;

    CHECK(html != NULL);
    if (!html)
      continue;
    CHECK_INT(extract_page(html, strlen(html), cases[i].url, 0, &pl, 0, &pp),
              0);
    if ((pp.skip_note != NULL) != cases[i].listing)
      fprintf(stderr, "%s: note %s\n", cases[i].file,
              pp.skip_note ? pp.skip_note : "(none)");
    CHECK_INT(pp.skip_note != NULL, cases[i].listing);
    CHECK_INT(pp.nposts, cases[i].nposts);
    page_posts_release(&pp);
    free(html);
  }
  profile_list_release(&pl);
}

/* A post's permalink (viewtopic.php?p=N) does not say which page of the
 * thread it shows; the page does ("Seite 2 von 3"): positions then start
 * at 10001 (EXTRACT_PAGE_GAP) and no post there gets the page's first
 * post as implicit parent.  Without the statement it is taken as page 1
 * (positions 1, 2, 3; the third answers the first implicitly). */
TEST(extract_page_number_stated)
{
  static const struct {
    const char *insert; /* before </body> */
    int first;          /* position of the first post */
    int implicit3;      /* the third post's parent_implicit */
  } cases[] = {
      {"", 1, 1},
      {"<p>Seite 2 von 3</p>", 10001, 0},
      {"<p>Page 1 of 3</p>", 1, 1},
  };
  char *html = read_data("forum.html");

  CHECK(html != NULL);
  if (!html)
    return;
  for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
    char *end = strstr(html, "</body>");
    char *page;
    struct page_posts pp;

    CHECK(end != NULL);
    if (!end)
      break;
    page = xasprintf("%.*s%s%s", (int)(end - html), html, cases[i].insert,
                     end);
    CHECK_INT(extract_page(page, strlen(page),
                           "https://forum.example/viewtopic.php?p=102", 0,
                           NULL, 0, &pp),
              0);
    CHECK_INT(pp.nposts, 3);
    if (pp.nposts == 3) {
      CHECK_INT(pp.posts[0].position, cases[i].first);
      CHECK_INT(pp.posts[2].position, cases[i].first + 2);
      CHECK_INT(pp.posts[2].parent_implicit, cases[i].implicit3);
    }
    page_posts_release(&pp);
    free(page);
  }
  free(html);
}

/* A member box beside each post with the date the member joined under a
 * label netno does not know ("Founded:"), and the post's own date in a
 * byline inside the post body: the post's date is the byline's, and the
 * text is the content below it (tests/data/extract/userbox.html, read
 * by hand). */
TEST(extract_user_box_date)
{
  static const struct {
    const char *author, *date, *text;
  } want[] = {
      {"Mara", "2009-05-08T02:03:00",
       "The old pier has been closed since the storm. Does anyone know "
       "when the council will decide on the new plans?"},
      {"Jonas", "2009-05-08T23:56:00",
       "The vote is next month. Write to your ward member before then."},
      {"Ilse", "2009-05-09T01:39:00", "I could help with the letter."},
  };
  char *html = read_data("userbox.html");
  struct page_posts pp;

  if (!html)
    return;
  CHECK_INT(extract_str(html, 0, NULL, &pp), 0);
  CHECK_INT(pp.nposts, ARRAY_SIZE(want));
  for (size_t i = 0; i < pp.nposts && i < ARRAY_SIZE(want); i++) {
    CHECK_STR(pp.posts[i].author, want[i].author);
    CHECK_STR(pp.posts[i].published, want[i].date);
    CHECK_STR(pp.posts[i].text, want[i].text);
  }
  page_posts_release(&pp);
  free(html);
}
