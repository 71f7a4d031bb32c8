/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Built-in site profiles: for each engine a reduced fixture in
 * tests/data/extract/engines/ (hand-written after the engine's default
 * templates), the posts it must give, and the rule that exactly that
 * engine's profile recognises it.  The expected authors, times and texts
 * are read off the fixture markup by hand: a time with an offset comes
 * from a machine-readable attribute (an epoch becomes UTC, "Z"), one
 * without from the displayed date.  The recognition rules are also run
 * over every page of the extraction evaluation and the blog cases:
 * at most one profile may claim a page.
 */
#include "parse/extract.h"
#include "tests/unit/test.h"

#include <libxml/HTMLparser.h>
#include <libxml/xpath.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct want_post {
  const char *author, *published, *text;
};

static const struct engine_case {
  const char *file, *profile;
  size_t nposts;
  struct want_post p[3];
} cases[] = {
    {"phpbb3.html",
     "phpbb3",
     2,
     {{"Anna", "2020-04-10T09:15:00",
       "Who knows this watch?\nIt is from 1950."},
      {"Ben", "2020-04-11T18:30:00", "That is a Junghans."}}},
    /* epoch data-time 1586502900 = 2020-04-10 07:15 UTC */
    {"xenforo2.html",
     "xenforo2",
     2,
     {{"Anna", "2020-04-10T07:15:00Z",
       "Who knows this watch?\nIt is from 1950."},
      {"Ben", "2020-04-11T16:30:00Z", "That is a Junghans."}}},
    /* the second post shows the date only, its time is in a tooltip */
    {"xenforo1.html",
     "xenforo1",
     2,
     {{"Anna", "2020-04-10T07:15:00Z",
       "Who knows this watch?\nIt is from 1950."},
      {"Ben", "2020-04-11", "That is a Junghans."}}},
    {"vbulletin3.html",
     "vbulletin3",
     2,
     {{"Anna", "2020-04-13T09:15:00",
       "Who knows this watch?\nIt is from 1950."},
      {"Ben", "2020-04-14T18:30:00", "That is a Junghans."}}},
    {"vbulletin4.html",
     "vbulletin4",
     2,
     {{"Anna", "2020-04-10T09:15:00",
       "Wer kennt diese Uhr?\nSie ist von 1950."},
      {"Ben", "2020-04-11T18:30:00", "Das ist eine Junghans."}}},
    {"vbulletin5.html",
     "vbulletin5",
     2,
     {{"Anna", "2020-04-13T09:15:00",
       "Who knows this watch?\nIt is from 1950."},
      {"Ben", "2020-04-14T18:30:00", "That is a Junghans."}}},
    /* datePublished, not the later dateModified the page displays */
    {"discourse.html",
     "discourse",
     2,
     {{"anna", "2020-04-10T07:15:00+00:00",
       "Who knows this watch?\n\nIt is from 1950."},
      {"ben", "2020-04-11T16:30:00+00:00", "That is a Junghans."}}},
    {"smf.html",
     "smf",
     2,
     {{"Anna", "2020-04-10T09:15:00",
       "Who knows this watch?\nIt is from 1950."},
      {"Ben", "2020-04-11T18:30:00", "That is a Junghans."}}},
    {"mybb.html",
     "mybb",
     2,
     {{"Anna", "2020-04-13T09:15:00",
       "Who knows this watch?\nIt is from 1950."},
      {"Ben", "2020-04-14T18:30:00", "That is a Junghans."}}},
    /* a guest without a profile link; the hidden share menu is no text */
    {"invision4.html",
     "invision4",
     2,
     {{"Anna", "2020-04-10T07:15:00+00:00",
       "Who knows this watch?\n\nIt is from 1950."},
      {"Ben", "2020-04-11T16:30:00+00:00", "That is a Junghans."}}},
    {"invision3.html",
     "invision3",
     2,
     {{"Anna", "2020-04-10T07:15:00+00:00",
       "Who knows this watch?\n\nIt is from 1950."},
      {"Ben", "2020-04-11T16:30:00+00:00", "That is a Junghans."}}},
    {"vanilla.html",
     "vanilla",
     2,
     {{"Anna", "2020-04-10T07:15:00+00:00",
       "Who knows this watch?\nIt is from 1950."},
      {"Ben", "2020-04-11T16:30:00+00:00", "That is a Junghans."}}},
    /* epoch data-timestamp wins over the +02:00 datetime: same instant */
    {"woltlab.html",
     "woltlab",
     2,
     {{"Anna", "2020-04-10T07:15:00Z",
       "Wer kennt diese Uhr?\nSie ist von 1950."},
      {"Ben", "2020-04-11T16:30:00Z", "Das ist eine Junghans."}}},
    {"fluxbb.html",
     "fluxbb",
     2,
     {{"Anna", "2020-04-10T09:15:00",
       "Who knows this watch?\nIt is from 1950."},
      {"Ben", "2020-04-11T18:30:00", "That is a Junghans."}}},
    {"punbb.html",
     "punbb",
     2,
     {{"Anna", "2020-04-10T09:15:00",
       "Who knows this watch?\nIt is from 1950."},
      {"Ben", "2020-04-11T18:30:00", "That is a Junghans."}}},
    {"bbpress.html",
     "bbpress",
     2,
     {{"Anna", "2020-04-10T09:15:00",
       "Who knows this watch?\nIt is from 1950."},
      {"Ben", "2020-04-11T18:30:00", "That is a Junghans."}}},
    {"nodebb.html",
     "nodebb",
     2,
     {{"anna", "2020-04-10T07:15:00+00:00",
       "Who knows this watch?\nIt is from 1950."},
      {"ben", "2020-04-11T16:30:00+00:00", "That is a Junghans."}}},
    {"phorum.html",
     "phorum",
     2,
     {{"Anna", "2020-04-10T09:15:00",
       "Who knows this watch?\nIt is from 1950."},
      {"Ben", "2020-04-11T18:30:00", "That is a Junghans."}}},
    /* the article (its block quote is its own text), a comment and the
     * author's nested reply */
    {"wordpress.html",
     "wordpress",
     3,
     {{"Anna", "2020-04-10",
       "Who knows this watch? It is from 1950.\n\nTime is what we want most."},
      {"Ben", "2020-04-11T18:30:00+02:00", "That is a Junghans."},
      {"Anna", "2020-04-12T08:00:00+02:00", "Thank you, Ben!"}}},
    {"wpdiscuz.html",
     "wpdiscuz",
     3,
     {{"Anna", "2020-04-10T09:15:00+02:00",
       "Wer kennt diese Uhr? Sie ist von 1950."},
      {"Ben", "2020-04-11T18:30:00", "Das ist eine Junghans."},
      {"Anna", "2020-04-12T08:00:00", "Danke, Ben!"}}},
    /* comment times from ?showComment=MS: 1586622600000 is 2020-04-11
     * 16:30 UTC, 1586671200000 is 2020-04-12 06:00 UTC */
    {"blogger.html",
     "blogger",
     3,
     {{"Anna", "2020-04-10T09:15:00+02:00",
       "Who knows this watch?\nIt is from 1950."},
      {"Ben", "2020-04-11T16:30:00Z", "That is a Junghans."},
      {"Anna", "2020-04-12T06:00:00Z", "Thank you, Ben!"}}},
    {"movabletype.html",
     "movabletype",
     3,
     {{"Anna", "2020-04-10T09:15:00+02:00",
       "Who knows this watch?\n\nIt is from 1950."},
      {"Ben", "2020-04-11T18:30:00+02:00", "That is a Junghans."},
      {"Carla", "2020-04-12T08:00:00+02:00", "A fine piece."}}},
    {"typepad.html",
     "typepad",
     2,
     {{"Anna", "2020-04-10T09:15:00+02:00",
       "Who knows this watch? It is from 1950."},
      {"Ben", "2020-04-11T18:30:00", "That is a Junghans."}}},
    /* the post only: the "read more" card below is another article */
    {"ghost.html",
     "ghost",
     1,
     {{"Anna", "2020-04-10", "Who knows this watch?\n\nIt is from 1950."}}},
    /* RFC 5322 date with its offset; the name without the address */
    {"mhonarc.html",
     "mhonarc",
     1,
     {{"Ben Becker", "2020-04-11T18:30:00+02:00",
       "Anna wrote:\n> Who knows this watch?\n\nThat is a Junghans."}}},
    /* ctime() date with a zone name: CEST is +02:00 */
    {"pipermail.html",
     "pipermail",
     1,
     {{"Anna Adler", "2020-04-10T09:15:00+02:00",
       "Who knows this watch?\nIt is from 1950.\n\nAnna"}}},
    {"hyperkitty.html",
     "hyperkitty",
     2,
     {{"Anna Adler", "2020-04-10T09:15:00",
       "Who knows this watch?\nIt is from 1950."},
      {"Ben Becker", "2020-04-11T18:30:00", "That is a Junghans."}}},
};

static char *read_file(const char *path)
{
  struct strbuf sb = STRBUF_INIT;
  if (strbuf_read_file(&sb, path) < 0)
    return NULL;
  return strbuf_detach(&sb, NULL);
}

TEST(profiles_engines_extract)
{
  struct profile_list pl = {0};

  profile_list_add_builtin(&pl);
  for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
    const struct engine_case *c = &cases[i];
    char *path = xasprintf("tests/data/extract/engines/%s", c->file);
    char *html = read_file(path);
    struct page_posts pp;
    char label[160];

    CHECK_MSG(html != NULL, path);
    if (!html) {
      free(path);
      continue;
    }
    CHECK_INT_MSG(extract_page(html, strlen(html), "https://site.example/t/1",
                               0, &pl, 0, &pp),
                  0, c->file);
    snprintf(label, sizeof(label), "profile %s", c->profile);
    CHECK_MSG(strstr(pp.explain.buf, label) != NULL, c->file);
    CHECK_INT_MSG(pp.nposts, c->nposts, c->file);
    for (size_t k = 0; k < pp.nposts && k < c->nposts; k++) {
      snprintf(label, sizeof(label), "%s post %zu", c->file, k + 1);
      CHECK_STR_MSG(pp.posts[k].author, c->p[k].author, label);
      CHECK_STR_MSG(pp.posts[k].published, c->p[k].published, label);
      CHECK_STR_MSG(pp.posts[k].text, c->p[k].text, label);
    }
    page_posts_release(&pp);
    free(html);
    free(path);
  }
  profile_list_release(&pl);
}

/* Run recognition over every .html in dir: at most one profile per
 * page, and for the fixtures exactly the expected one. */
static void check_dir(const struct profile_list *pl, const char *dir,
                      int fixtures, size_t *pages)
{
  DIR *d = opendir(dir);
  struct dirent *e;

  CHECK_MSG(d != NULL, dir);
  if (!d)
    return;
  while ((e = readdir(d))) {
    const char *names[4];
    char *path, *html;
    size_t n;
    if (!ends_with(e->d_name, ".html"))
      continue;
    path = xasprintf("%s/%s", dir, e->d_name);
    html = read_file(path);
    CHECK_MSG(html != NULL, path);
    if (html) {
      n = extract_recognise(html, strlen(html), pl, names, 4);
      (*pages)++;
      if (n > 1) {
        char msg[300];
        snprintf(msg, sizeof(msg), "%s claimed by %s and %s", path, names[0],
                 names[1]);
        CHECK_MSG(n <= 1, msg);
      }
      for (size_t i = 0; fixtures && i < ARRAY_SIZE(cases); i++)
        if (!strcmp(cases[i].file, e->d_name)) {
          CHECK_INT_MSG(n, 1, path);
          if (n == 1)
            CHECK_STR_MSG(names[0], cases[i].profile, path);
        }
    }
    free(html);
    free(path);
  }
  closedir(d);
}

TEST(profiles_recognise_one_engine)
{
  struct profile_list pl = {0};
  size_t pages = 0;

  profile_list_add_builtin(&pl);
  check_dir(&pl, "tests/data/extract/engines", 1, &pages);
  CHECK_INT(pages, ARRAY_SIZE(cases));
  pages = 0;
  check_dir(&pl, "tests/data/eval-forums", 0, &pages);
  CHECK(pages >= 50);
  pages = 0;
  check_dir(&pl, "tests/data/eval-blogs/trafilatura/tests/eval", 0, &pages);
  check_dir(&pl, "tests/data/eval-blogs/trafilatura/tests/cache", 0, &pages);
  check_dir(&pl, "tests/data/eval-blogs/readability/test/test-pages/wordpress",
            0, &pages);
  CHECK(pages >= 15);
  profile_list_release(&pl);
}

/* A customised style that the profile's match still claims but whose
 * author markup it does not know: the posts it finds lack authors, so it
 * is set aside and the generic detector reads the page (by hand: two
 * records, each with a member link, a date and a text). */
TEST(profiles_implausible_result_set_aside)
{
  static const char html[] =
      "<html id=\"XF\"><body><div class=\"posts\">"
      "<article class=\"message message--post\"><div class=\"side\">"
      "<a href=\"/members/anna.7/\">Anna</a></div>"
      "<div class=\"when\">10.04.2020, 09:15</div>"
      "<div class=\"message-body\">Who knows this watch?</div></article>"
      "<article class=\"message message--post\"><div class=\"side\">"
      "<a href=\"/members/ben.8/\">Ben</a></div>"
      "<div class=\"when\">11.04.2020, 18:30</div>"
      "<div class=\"message-body\">That is a Junghans.</div></article>"
      "</div></body></html>";
  struct profile_list pl = {0};
  struct page_posts pp;

  profile_list_add_builtin(&pl);
  CHECK_INT(extract_page(html, strlen(html), "https://site.example/t/1", 0,
                         &pl, 0, &pp),
            0);
  CHECK(strstr(pp.explain.buf, "profile xenforo2: most posts lack an "
                               "author, set aside") != NULL);
  CHECK_INT(pp.nposts, 2);
  if (pp.nposts == 2) {
    CHECK_STR(pp.posts[0].author, "Anna");
    CHECK_STR(pp.posts[0].published, "2020-04-10T09:15:00");
    CHECK_STR(pp.posts[1].author, "Ben");
    CHECK_STR(pp.posts[1].text, "That is a Junghans.");
  }
  page_posts_release(&pp);
  profile_list_release(&pl);
}

/* A blog post whose theme shows a wrong offset and no author: the CMS's
 * article:published_time meta (an offset given) and the JSON-LD article's
 * author name are taken for the first post, read off the page by hand. */
TEST(profiles_blog_post_page_meta)
{
  static const char html[] =
      "<html><head><meta name=\"generator\" content=\"WordPress 4.7\">"
      "<meta property=\"article:published_time\" "
      "content=\"2017-03-09T23:16:02+00:00\">"
      "<script type=\"application/ld+json\">{\"@context\":"
      "\"https://schema.org\",\"@graph\":[{\"@type\":\"WebPage\"},"
      "{\"@type\":\"Article\",\"author\":{\"@type\":\"Person\","
      "\"name\":\"Sarah\",\"url\":\"/author/sarah/\"}}]}</script>"
      "</head><body><article id=\"post-5\" class=\"post-5 post type-post\">"
      "<time class=\"entry-published\" datetime=\"2017-03-09T18:16:02-04:00\">"
      "March 9, 2017</time><div class=\"entry-content\"><p>Jobs data.</p>"
      "</div></article></body></html>";
  struct profile_list pl = {0};
  struct page_posts pp;

  profile_list_add_builtin(&pl);
  CHECK_INT(extract_page(html, strlen(html), "https://blog.example/p/", 0,
                         &pl, 0, &pp),
            0);
  CHECK_INT(pp.nposts, 1);
  if (pp.nposts == 1) {
    CHECK_STR(pp.posts[0].published, "2017-03-09T23:16:02+00:00");
    CHECK_STR(pp.posts[0].author, "Sarah");
    CHECK_STR(pp.posts[0].author_url, "https://blog.example/author/sarah/");
    CHECK_STR(pp.posts[0].text, "Jobs data.");
  }
  page_posts_release(&pp);
  profile_list_release(&pl);
}

/* Threaded comments: the parents are read off the markup of
 * tests/data/extract/engines/wordpress.html by hand.  Ben's comment
 * (depth-1) answers the article; Anna's reply sits in Ben's
 * div.children (depth-2) and answers Ben.  Neither is implicit. */
TEST(profiles_threaded_comment_parents)
{
  struct profile_list pl = {0};
  char *html = read_file("tests/data/extract/engines/wordpress.html");
  struct page_posts pp;

  CHECK(html != NULL);
  if (!html)
    return;
  profile_list_add_builtin(&pl);
  CHECK_INT(extract_page(html, strlen(html), "https://blog.example/2020/04/10/"
                                             "old-watches/",
                         0, &pl, 0, &pp),
            0);
  CHECK_INT(pp.nposts, 3);
  if (pp.nposts == 3) {
    CHECK_STR(pp.posts[1].author, "Ben");
    CHECK(pp.posts[0].parent == NULL);
    CHECK_STR(pp.posts[1].parent, pp.posts[0].id);
    CHECK_STR(pp.posts[2].author, "Anna");
    CHECK_STR(pp.posts[2].parent, pp.posts[1].id);
    CHECK_INT(pp.posts[1].parent_implicit, 0);
    CHECK_INT(pp.posts[2].parent_implicit, 0);
  }
  page_posts_release(&pp);
  profile_list_release(&pl);
  free(html);
}

/* Class tests are compiled as calls of netno's functions
 * (profile_xpath_rewrite()); only the exact idioms are rewritten. */
TEST(profiles_class_test_rewrite)
{
  static const struct {
    const char *in, *out; /* out NULL: left as written */
  } rw[] = {
      {"//div[contains(concat(' ',normalize-space(@class),' '),' post ')]",
       "//div[netno-class-token('post')]"},
      {"//div[contains(concat(\" \",normalize-space(@class),\" \"),\" a-b \")]",
       "//div[netno-class-token(\"a-b\")]"},
      {".//*[contains(@class,'x') or contains(@class,\"y\")]",
       ".//*[netno-class-part('x') or netno-class-part(\"y\")]"},
      {"//li[not(contains(@class,'deleted'))]/@id",
       "//li[not(netno-class-part('deleted'))]/@id"},
      /* two words, no spaces, spaces in the call, another attribute, a
       * longer function name, an empty part */
      {"//*[contains(concat(' ',normalize-space(@class),' '),' a b ')]", NULL},
      {"//*[contains(concat(' ',normalize-space(@class),' '),'post')]", NULL},
      {"//*[contains(@class, 'x')]", NULL},
      {"//div[starts-with(@id,'post_')]//a[contains(@href,\"#p\")]",
       "//div[netno-id-start('post_')]//a[netno-href-part(\"#p\")]"},
      {"//*[contains(@id,'x')]", NULL},
      {"//*[starts-with(@class,'x')]", NULL},
      {"//*[my-contains(@class,'x')]", NULL},
      {"//*[contains(@class,'')]", NULL},
      {"//*[contains(@class,'x'", NULL},
  };
  for (size_t i = 0; i < ARRAY_SIZE(rw); i++) {
    char *got = profile_xpath_rewrite(rw[i].in);
    if (rw[i].out)
      CHECK_STR_MSG(got, rw[i].out, rw[i].in);
    else
      CHECK_MSG(got == NULL, rw[i].in);
    free(got);
  }
}

/* Same nodes, in the same order, from the expression as written
 * (libxml2 alone) and as compiled (with netno's functions). */
static int same_result(xmlXPathObject *a, xmlXPathObject *b)
{
  if (!a || !b)
    return !a && !b;
  if (a->type != b->type)
    return 0;
  switch (a->type) {
  case XPATH_NODESET: {
    int na = a->nodesetval ? a->nodesetval->nodeNr : 0;
    int nb = b->nodesetval ? b->nodesetval->nodeNr : 0;
    if (na != nb)
      return 0;
    for (int i = 0; i < na; i++)
      if (a->nodesetval->nodeTab[i] != b->nodesetval->nodeTab[i])
        return 0;
    return 1;
  }
  case XPATH_BOOLEAN:
    return a->boolval == b->boolval;
  case XPATH_NUMBER:
    return a->floatval == b->floatval ||
           (a->floatval != a->floatval && b->floatval != b->floatval);
  case XPATH_STRING:
    return !strcmp((const char *)a->stringval, (const char *)b->stringval);
  default:
    return 0;
  }
}

static size_t compare_profiles_on(const struct profile_list *pl,
                                  const char *html, const char *name)
{
  xmlDoc *doc = htmlReadMemory(html, (int)strlen(html), NULL, "UTF-8",
                               HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
                                   HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
  xmlXPathContext *plain, *fast;
  size_t rewritten = 0;

  CHECK_MSG(doc != NULL, name);
  if (!doc)
    return 0;
  plain = xmlXPathNewContext(doc);
  fast = xmlXPathNewContext(doc);
  profile_xpath_register(fast);
  for (size_t i = 0; i < pl->n; i++) {
    const struct profile *pr = &pl->items[i];
    const char *expr[PX_COUNT] = {
        pr->match,     pr->post,      pr->author, pr->author_url,
        pr->date,      pr->text,      pr->permalink,
        pr->native_id, pr->quote,     pr->drop,
    };
    for (int k = 0; k < PX_COUNT; k++) {
      xmlXPathObject *a, *b;
      char *fast_expr;
      if (!expr[k] || !pr->xp[k])
        continue;
      fast_expr = profile_xpath_rewrite(expr[k]);
      rewritten += fast_expr != NULL;
      free(fast_expr);
      /* from the document and from each element a post expression
       * would start at: the root element's children */
      for (xmlNode *at = (xmlNode *)doc; at;
           at = at == (xmlNode *)doc ? xmlDocGetRootElement(doc)
                                     : xmlNextElementSibling(at)) {
        plain->node = at;
        fast->node = at;
        a = xmlXPathEval((const xmlChar *)expr[k], plain);
        b = xmlXPathCompiledEval(pr->xp[k], fast);
        if (!same_result(a, b)) {
          char *label = xasprintf("%s: profile %s, '%s'", name, pr->name,
                                  expr[k]);
          CHECK_MSG(0, label);
          free(label);
        }
        xmlXPathFreeObject(a);
        xmlXPathFreeObject(b);
      }
    }
  }
  xmlXPathFreeContext(plain);
  xmlXPathFreeContext(fast);
  xmlFreeDoc(doc);
  return rewritten;
}

TEST(profiles_class_tests_same_result)
{
  /* classes with tabs and newlines, a word that is only part of
   * another, an entity in the value, no class, an empty one */
  static const char tricky[] =
      "<html><body>"
      "<div class=\"message--post\"><div class=\"message-body\">a</div></div>"
      "<div class=\" x\tmessage--post\nbody \"><p class=\"message-bodyx\">b</p>"
      "<blockquote class=\"bbCodeBlock bbCodeBlock--quote\">q</blockquote>"
      "</div><div class=\"post&amp;x post\"><span class=\"\">c</span></div>"
      "<div class=\"postbody content\"><div class=\"content\">d</div></div>"
      "<li class=\"comment\" id=\"comment-1\"><div>e</div></li>"
      "<article class=\"wbbPost message\" id=\"post1\"><div>f</div></article>"
      "<div>no class</div><a href=\"/t/1#post-2\" id=\"post_2\">g</a>"
      "<a href=\"post-3\" id=\" post_3\">h</a>"
      "<div id=\" post_id_4\" class=\"post_block\">i</div>"
      "<div id=\"post_id_5\" class=\"post_block\">j</div></body></html>";
  struct profile_list pl = {0};
  DIR *d = opendir("tests/data/extract/engines");
  struct dirent *e;
  size_t rewritten;

  profile_list_add_builtin(&pl);
  rewritten = compare_profiles_on(&pl, tricky, "tricky");
  /* the built-in profiles are written with the idioms */
  CHECK(rewritten > 20);
  CHECK(d != NULL);
  while (d && (e = readdir(d))) {
    char *path, *html;
    if (!strstr(e->d_name, ".html"))
      continue;
    path = xasprintf("tests/data/extract/engines/%s", e->d_name);
    html = read_file(path);
    if (html)
      compare_profiles_on(&pl, html, e->d_name);
    free(html);
    free(path);
  }
  if (d)
    closedir(d);
  profile_list_release(&pl);
}
