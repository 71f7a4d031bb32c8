/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The detectors (parse/detect.c) on the pages of tests/data/detect/ (see
 * its MANIFEST).  The expected verdicts and block counts were worked out
 * by reading each page: which signs it shows, how many sibling post
 * blocks it holds, how much text lies outside its login form.
 */
#include "parse/detect.h"
#include "parse/extract.h"
#include "parse/parse.h"
#include "test.h"
#include "util/util.h"

#include <libxml/HTMLparser.h>
#include <stdio.h>

static xmlDoc *read_page(const char *name, struct strbuf *sb)
{
  char path[256];

  snprintf(path, sizeof(path), "detect/%s", name);
  strbuf_init(sb, 0);
  if (strbuf_read_file(sb, test_data_path(path)) < 0)
    return NULL;
  return htmlReadMemory(sb->buf, (int)sb->len, NULL, "UTF-8",
                        HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
                            HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
}

TEST(detect_pages)
{
  static const struct {
    const char *file;
    enum detect_kind kind;
    const char *reason; /* "" for DETECT_NONE */
    int blocks;
  } cases[] = {
      {"js-noscript.html", DETECT_JS_ONLY,
       "js-only: <noscript> notice, empty post containers and a JSON API "
       "the page calls",
       0},
      {"js-app-root.html", DETECT_JS_ONLY,
       "js-only: an empty script application root and a JSON API the "
       "page calls",
       0},
      {"js-load-more.html", DETECT_JS_ONLY,
       "js-only: empty post containers, a \"load more\" control and a "
       "JSON API the page calls",
       0},
      {"login-phrase.html", DETECT_LOGIN_WALL,
       "login-wall: a login form and \"registered and logged in\"", 0},
      {"login-bare.html", DETECT_LOGIN_WALL,
       "login-wall: a login form and next to no other text", 0},
      {"soft404-en.html", DETECT_SOFT_404,
       "soft-404: error title \"Page not found - Riders Board\"", 0},
      {"soft404-topic.html", DETECT_SOFT_404,
       "soft-404: \"does not exist\" on a short page", 0},
      {"soft404-de.html", DETECT_SOFT_404,
       "soft-404: error heading \"Seite nicht gefunden\"", 0},
      /* must not trigger */
      {"forum-login-header.html", DETECT_NONE, "", 3},
      {"thread-about-404.html", DETECT_NONE, "", 2},
      {"short-thread.html", DETECT_NONE, "", 0},
      {"board-index.html", DETECT_NONE, "", 0},
      {"custom-theme.html", DETECT_NONE, "", 12},
  };

  for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
    struct strbuf sb;
    xmlDoc *doc = read_page(cases[i].file, &sb);
    struct detect_page p = {.doc = doc,
                            .body = sb.buf,
                            .len = sb.len,
                            .url = "https://forum.example/t/1",
                            .status = 200};
    struct detect_verdict v;

    CHECK_MSG(doc != NULL, cases[i].file);
    CHECK_INT_MSG(detect_page_run(&p, &v), cases[i].kind != DETECT_NONE,
                  cases[i].file);
    CHECK_INT_MSG(v.kind, cases[i].kind, cases[i].file);
    CHECK_STR_MSG(v.reason, cases[i].reason, cases[i].file);
    CHECK_INT_MSG(detect_post_blocks(doc), cases[i].blocks, cases[i].file);
    xmlFreeDoc(doc);
    strbuf_release(&sb);
  }
}

/* Each detector alone: only the one that should hold does. */
TEST(detect_each_alone)
{
  static const struct {
    const char *file;
    int js, login, soft404;
  } cases[] = {
      {"js-noscript.html", 1, 0, 0},        {"js-app-root.html", 1, 0, 0},
      {"login-bare.html", 0, 1, 0},         {"soft404-en.html", 0, 0, 1},
      {"forum-login-header.html", 0, 0, 0}, {"thread-about-404.html", 0, 0, 0},
  };

  for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
    struct strbuf sb;
    xmlDoc *doc = read_page(cases[i].file, &sb);
    struct detect_page p = {.doc = doc, .status = 200};
    struct detect_verdict v;

    CHECK_INT_MSG(detect_js_only(&p, &v), cases[i].js, cases[i].file);
    CHECK_INT_MSG(detect_login_wall(&p, &v), cases[i].login, cases[i].file);
    CHECK_INT_MSG(detect_soft_404(&p, &v), cases[i].soft404, cases[i].file);
    xmlFreeDoc(doc);
    strbuf_release(&sb);
  }
}

/* HTTP status and redirects: no document needed. */
TEST(detect_login_status_and_redirect)
{
  static const struct {
    const char *url, *final_url;
    int status;
    const char *reason; /* NULL: no wall */
  } cases[] = {
      {"https://f.example/t/1", NULL, 401, "login-wall: HTTP 401"},
      {"https://f.example/t/1", NULL, 403, "login-wall: HTTP 403"},
      {"https://f.example/t/1", NULL, 404, NULL},
      {"https://f.example/t/1", NULL, 200, NULL},
      {"https://f.example/viewtopic.php?t=3",
       "https://f.example/ucp.php?mode=login", 200,
       "login-wall: redirected to a login page "
       "(https://f.example/ucp.php?mode=login)"},
      /* a redirect elsewhere is no wall */
      {"https://f.example/t/1", "https://f.example/t/1/", 200, NULL},
      /* asking for the login page itself is no wall either */
      {"https://f.example/login", "https://f.example/login/", 200, NULL},
  };

  for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
    struct detect_page p = {.url = cases[i].url,
                            .final_url = cases[i].final_url,
                            .status = cases[i].status};
    struct detect_verdict v = {0};
    int got = detect_login_wall(&p, &v);

    CHECK_INT_MSG(got, cases[i].reason != NULL, cases[i].url);
    if (got)
      CHECK_STR_MSG(v.reason, cases[i].reason, cases[i].url);
  }
}

/* Login URLs as the engines name them (from their documentation and
 * default routes), and URLs that only look alike. */
TEST(detect_login_urls)
{
  static const struct {
    const char *url;
    int login;
  } cases[] = {
      {"https://f.example/login", 1},
      {"https://f.example/login/", 1},
      {"https://f.example/user/login?destination=/node/5", 1},
      {"https://f.example/users/sign_in", 1},
      {"https://f.example/signin", 1},
      {"https://f.example/ucp.php?mode=login&redirect=viewtopic.php", 1},
      {"https://f.example/member.php?action=login", 1},
      {"https://f.example/index.php?action=login", 1}, /* SMF */
      {"https://f.example/index.php?/login/", 1},      /* Invision */
      {"https://f.example/wp-login.php?redirect_to=x", 1},
      {"https://f.example/anmelden", 1},
      {"https://f.example/login.php", 1},
      /* not login pages */
      {"https://f.example/", 0},
      {"https://f.example/viewtopic.php?t=5", 0},
      {"https://f.example/t/login-problems/381", 0},
      {"https://f.example/blog/how-to-login-safely/", 0},
      {"https://f.example/ucp.php?mode=register", 0},
      {"https://f.example/page#login", 0},
      {"not a url", 0},
  };

  for (size_t i = 0; i < ARRAY_SIZE(cases); i++)
    CHECK_INT_MSG(detect_login_url(cases[i].url), cases[i].login, cases[i].url);
}

/* Through extract_page(): a page without posts carries the verdict and
 * the blocks; a page with posts carries no verdict. */
TEST(detect_through_extract)
{
  static const struct {
    const char *file;
    size_t posts;
    int blocks;
    const char *reason;
  } cases[] = {
      {"custom-theme.html", 0, 12, ""},
      {"js-noscript.html", 0, 0,
       "js-only: <noscript> notice, empty post containers and a JSON API "
       "the page calls"},
      /* posts found: post-like blocks are not counted */
      {"forum-login-header.html", 3, 0, ""},
  };

  for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
    struct strbuf sb;
    struct page_posts pp;
    char path[256];

    snprintf(path, sizeof(path), "detect/%s", cases[i].file);
    strbuf_init(&sb, 0);
    CHECK_MSG(strbuf_read_file(&sb, test_data_path(path)) == 0, cases[i].file);
    CHECK_INT_MSG(extract_page(sb.buf, sb.len, "https://forum.example/t/1", 0,
                               NULL, 0, &pp),
                  0, cases[i].file);
    CHECK_INT_MSG(pp.nposts, cases[i].posts, cases[i].file);
    CHECK_INT_MSG(pp.post_blocks, cases[i].blocks, cases[i].file);
    CHECK_STR_MSG(pp.verdict.reason, cases[i].reason, cases[i].file);
    page_posts_release(&pp);
    strbuf_release(&sb);
  }
}

/* A long title is quoted cut on a character boundary: "Seite nicht
 * gefunden – " is 25 bytes ("–" is 3), each "ä" 2; the quote keeps at
 * most 80 bytes before "...", and byte 80 would split an "ä", so 27 of
 * them stay (25 + 54 = 79 bytes). */
TEST(detect_quote_cut_utf8)
{
  struct strbuf html, want;
  struct detect_verdict v;
  xmlDoc *doc;

  strbuf_init(&html, 0);
  strbuf_init(&want, 0);
  strbuf_addstr(&html, "<html><head><title>Seite nicht gefunden \xe2\x80\x93 ");
  for (int i = 0; i < 60; i++)
    strbuf_addstr(&html, "\xc3\xa4");
  strbuf_addstr(&html, "</title></head><body><p>Weg.</p></body></html>");
  strbuf_addstr(&want,
                "soft-404: error title \"Seite nicht gefunden \xe2\x80\x93 ");
  for (int i = 0; i < 27; i++)
    strbuf_addstr(&want, "\xc3\xa4");
  strbuf_addstr(&want, "...\"");
  doc = htmlReadMemory(html.buf, (int)html.len, NULL, "UTF-8",
                       HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
                           HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
  {
    struct detect_page p = {.doc = doc, .status = 200};
    CHECK_INT(detect_soft_404(&p, &v), 1);
    CHECK_STR(v.reason, want.buf);
  }
  xmlFreeDoc(doc);
  strbuf_release(&html);
  strbuf_release(&want);
}
