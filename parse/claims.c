/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * What a page says of its thread's size: "Seite 1 von 7" / "Page 2 of 5"
 * give the pages, "23 Beiträge" / "41 posts" / "12 replies" beside them
 * the posts, and schema.org's commentCount the comments of a blog post or
 * the replies of a forum posting.  Coverage compares these claims with
 * what was extracted (netno status --gaps).
 *
 * A post count is taken only next to a page count, where forum engines
 * print the thread's size ("23 Beiträge • Seite 1 von 3"): the same words
 * in a member's sidebar ("1.234 Beiträge") count that member's posts.
 */
#include "parse/extract.h"
#include "util/util.h"

#include <regex.h>
#include <stdlib.h>
#include <string.h>

/* How far from a page count a post count may stand, in bytes. */
#define NEAR 120

static regex_t re_pages, re_posts, re_json, re_micro;
static int compiled;

static void compile(void)
{
  if (compiled)
    return;
  /* "Seite 2 von 7", "Page 2 of 7", "page 2/7" */
  regcomp(&re_pages, "(seite|page) ([0-9]{1,5}) ?(von|of|/) ?([0-9]{1,5})",
          REG_EXTENDED | REG_ICASE);
  /* "23 Beiträge", "1.234 posts", "12 Antworten", "5 replies" */
  regcomp(&re_posts,
          "([0-9]{1,3}([.,][0-9]{3})*|[0-9]+) "
          "(beitr\xc3\xa4ge|beitrag|posts|post|antworten|antwort|replies|"
          "reply|messages|nachrichten)([^a-z]|$)",
          REG_EXTENDED | REG_ICASE);
  regcomp(&re_json, "\"(commentCount|numberOfComments)\" *: *\"?([0-9]+)",
          REG_EXTENDED);
  regcomp(&re_micro,
          "itemprop=[\"']?commentCount[\"']?[^>]*content=[\"']?([0-9]+)",
          REG_EXTENDED | REG_ICASE);
  compiled = 1;
}

/* The number in s[0..len) without thousands separators. */
static long number(const char *s, size_t len)
{
  long v = 0;

  for (size_t i = 0; i < len; i++)
    if (s[i] >= '0' && s[i] <= '9' && v < 100000000)
      v = v * 10 + (s[i] - '0');
  return v;
}

static int word_is(const char *s, size_t len, const char *w)
{
  return strlen(w) == len && !strncasecmp(s, w, len);
}

/* The post count stated in text[from..to) nearest to the page count at
 * text[ps..pe) ("Antworten" is also the reply button beside a title
 * ending in a number: the count next to the pagination is the one). */
static long posts_near(const char *text, size_t from, size_t to, size_t ps,
                       size_t pe)
{
  char *win = xstrndup(text + from, to - from);
  const char *p = win;
  regmatch_t m[5];
  long best = 0;
  size_t best_gap = (size_t)-1;

  while (!regexec(&re_posts, p, 5, m, p == win ? 0 : REG_NOTBOL)) {
    long n = number(p + m[1].rm_so, (size_t)(m[1].rm_eo - m[1].rm_so));
    const char *w = p + m[3].rm_so;
    size_t wl = (size_t)(m[3].rm_eo - m[3].rm_so);
    /* A singular word goes with "1" only: "Trail 500 Reply" is a title
     * and a button, not a count. */
    int singular = word_is(w, wl, "beitrag") || word_is(w, wl, "post") ||
                   word_is(w, wl, "antwort") || word_is(w, wl, "reply");
    if (singular && n != 1) {
      p += m[0].rm_eo > 0 ? m[0].rm_eo : 1;
      continue;
    }
    /* Replies and answers leave out the first post. */
    if (word_is(w, wl, "replies") || word_is(w, wl, "reply") ||
        word_is(w, wl, "antworten") || word_is(w, wl, "antwort"))
      n++;
    {
      size_t ms = from + (size_t)(p - win) + (size_t)m[0].rm_so;
      size_t me = from + (size_t)(p - win) + (size_t)m[0].rm_eo;
      size_t gap = me <= ps ? ps - me : ms >= pe ? ms - pe : 0;
      if (gap < best_gap) {
        best_gap = gap;
        best = n;
      }
    }
    p += m[0].rm_eo > 0 ? m[0].rm_eo : 1;
  }
  free(win);
  return best;
}

void claims_from_text(const char *text, struct thread_claims *c)
{
  const char *p = text;
  regmatch_t m[5];
  size_t len = strlen(text);

  compile();
  while (!regexec(&re_pages, p, 5, m, p == text ? 0 : REG_NOTBOL)) {
    long k = number(p + m[2].rm_so, (size_t)(m[2].rm_eo - m[2].rm_so));
    long n = number(p + m[4].rm_so, (size_t)(m[4].rm_eo - m[4].rm_so));
    size_t at = (size_t)(p - text);

    if (k >= 1 && k <= n && n <= 100000) {
      size_t ps = at + (size_t)m[0].rm_so, pe = at + (size_t)m[0].rm_eo;
      size_t from = ps, to = pe;
      long posts;
      if (n > c->pages) {
        c->pages = (int)n;
        c->page = (int)k;
      }
      from = from > NEAR ? from - NEAR : 0;
      to = to + NEAR < len ? to + NEAR : len;
      posts = posts_near(text, from, to, ps, pe);
      if (posts > c->posts)
        c->posts = posts;
    }
    p += m[0].rm_eo > 0 ? m[0].rm_eo : 1;
  }
}

void claims_from_html(const char *body, size_t len, struct thread_claims *c)
{
  char *copy;
  regmatch_t m[3];

  compile();
  /* schema.org in the first 2 MB: JSON-LD or microdata. */
  if (len > 2u << 20)
    len = 2u << 20;
  /* the patterns' words first, in the bytes as they are: a scan much
   * cheaper than a copy and regexec() (the key as schema.org writes it,
   * or in lower case in markup) */
  if (!memmem(body, len, "ommentCount", 11) &&
      !memmem(body, len, "ommentcount", 11) &&
      !memmem(body, len, "numberOfComments", 16))
    return;
  copy = xstrndup(body, len);
  if (!regexec(&re_json, copy, 3, m, 0)) {
    long n = number(copy + m[2].rm_so, (size_t)(m[2].rm_eo - m[2].rm_so));
    if (n + 1 > c->posts)
      c->posts = n + 1;
  } else if (!regexec(&re_micro, copy, 2, m, 0)) {
    long n = number(copy + m[1].rm_so, (size_t)(m[1].rm_eo - m[1].rm_so));
    if (n + 1 > c->posts)
      c->posts = n + 1;
  }
  free(copy);
}
