/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * forumgen: a generated forum and blog, deterministic from a seed.
 *
 * The same seed and sizes always give the same bytes, page by page, so a
 * page can be rendered on demand without keeping the site in memory.  The
 * site has:
 *
 *   - a phpBB-3-like forum: board index (/ or /index.php), boards
 *     (/viewforum.php?f=ID&start=N), topics (/viewtopic.php?t=ID&start=N,
 *     also reached by a post permalink /viewtopic.php?p=ID), member
 *     profiles (/memberlist.php?mode=viewprofile&u=ID), login, search and
 *     posting pages; posts with permalink anchors (#pID), author links,
 *     <time datetime> or a displayed German or English date, quotes
 *     ("Zitat von X" / "X wrote:" in a blockquote with cite) and
 *     @mentions; topic pages state "N Beiträge" and "Seite K von M";
 *   - a WordPress-like blog under /blog/ (index pages with rel=next,
 *     posts with threaded comments and ?replytocom= links);
 *   - ISO-8859-1 pages under /latin1/;
 *   - /robots.txt (disallows /ucp.php and /search.php), /sitemap.xml,
 *     /rss.xml, and non-HTML files /files/big.zip and /images/x.png.
 *
 * Board b (counting from 1) is German when b is odd, English when even;
 * topic t lives in board (t - 1) % boards + 1.  Post IDs are
 * t * 1000 + k for the k-th post (from 0) of topic t.
 *
 * With static_links the pages link to file names (/topic/T-START.html)
 * instead of phpBB query URLs, for forumgen_write_dir() and a static web
 * server; forumgen_render() always parses the query URLs.
 *
 * With demo set, the same pages carry the demo community instead of
 * random words: a bike maker's support forum in eight boards (products,
 * complaints and support, how-tos, off topic; German and English), posts
 * of real sentences from templates per board, a brand account, a loud
 * member nobody answers and four opinion leaders, over 2022 to 2024,
 * with complaints rising and off-topic talk falling.  Its facts are in
 * tests/server/README.md; threads scales it as it does the filler forum.
 *
 * A struct forumgen owns a copy of its configuration; free it with
 * forumgen_free().  Rendered bodies go into the caller's strbuf.
 */
#ifndef NETNO_FORUMGEN_H
#define NETNO_FORUMGEN_H

#include <stdint.h>

#include "util/util.h"

struct forumgen_config {
  uint64_t seed;
  unsigned threads;        /* topics in the forum, 1..100000 */
  unsigned posts_per_page; /* posts on one topic page, 1..100 */
  unsigned blog_posts;     /* posts in the blog, 1..1000 */
  const char *base_url;    /* "http://127.0.0.1:8080", for sitemap,
                              feed and robots.txt; copied */
  int static_links;        /* link to files, not to query URLs */
  int demo;                /* the demo community instead of filler text */
};

struct forumgen;

/* Defaults: seed 1, 40 topics, 10 posts a page, 12 blog posts,
 * base http://127.0.0.1. */
void forumgen_config_init(struct forumgen_config *cfg);
/* Check the sizes and copy cfg; NULL with a message when out of range. */
struct forumgen *forumgen_new(const struct forumgen_config *cfg);
void forumgen_free(struct forumgen *g);

/* Number of posts in topic t (1..threads); 0 when there is no such topic. */
unsigned forumgen_topic_posts(const struct forumgen *g, unsigned t);

/*
 * Render the page at path (starting with '/') and query (the text after
 * '?', or NULL).  Appends the body to out, sets *content_type to a static
 * string and returns the HTTP status: 200, or 404 with a short HTML body.
 */
int forumgen_render(const struct forumgen *g, const char *path,
                    const char *query, struct strbuf *out,
                    const char **content_type);

/* Write every page of the site under dir (created when missing) with
 * static links, for a static web server.  0, or -1 with a message. */
int forumgen_write_dir(const struct forumgen *g, const char *dir);

/*
 * What the demo community plants, as JSON to path (written whole or not
 * at all): the cast (brand, decoy, leaders), each member's number of
 * posts, the first and last post time, the customers the brand answers
 * (in the forum, and in the blog's comments) and those it ignores with
 * their support topics, and the topic kinds
 * with their words and trends.  Tests compare a report with it.  0, or
 * -1 with a message (also when cfg.demo is not set).
 */
int forumgen_write_truth(const struct forumgen *g, const char *path);

#endif
