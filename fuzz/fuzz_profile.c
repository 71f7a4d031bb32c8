/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Site profile files (parse/profile.c, the format of parse/profiles/).
 * The input is the text of a profile file; when it loads, its profiles
 * are applied to a small fixed forum page, so that the XPath expressions
 * it names are compiled and run.
 */
#include "fuzz/fuzz.h"
#include "parse/extract.h"

#include <stdlib.h>
#include <string.h>

#define PAGE_URL "https://forum.example.com/viewtopic.php?t=5"

static const char page[] =
    "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
    "<meta name=\"generator\" content=\"phpBB\"><title>Topic</title></head>"
    "<body id=\"phpbb\"><h2 class=\"topic-title\">Topic</h2>"
    "<div id=\"p1\" class=\"post bg1\"><div class=\"postbody\">"
    "<h3><a href=\"#p1\">Topic</a></h3><p class=\"author\">by "
    "<a href=\"./memberlist.php?u=2\">anna</a> &raquo; "
    "<time datetime=\"2019-11-20T10:00:00+00:00\">Wed Nov 20, 2019</time>"
    "</p><div class=\"content\">First post.</div></div></div>"
    "<div id=\"p2\" class=\"post bg2\"><div class=\"postbody\">"
    "<h3><a href=\"#p2\">Re: Topic</a></h3><p class=\"author\">by "
    "<a href=\"./memberlist.php?u=3\">ben</a> &raquo; Today, 09:15</p>"
    "<div class=\"content\"><blockquote><cite>anna wrote:</cite>First"
    "</blockquote>Second post.</div>"
    "<div class=\"signature\">sig</div></div></div>"
    "<div class=\"pagination\"><a rel=\"next\" href=\"?t=5&amp;start=2\">"
    "2</a></div></body></html>";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  struct profile_list list;
  struct page_posts pp;
  char *text = fuzz_string(data, size);

  memset(&list, 0, sizeof(list));
  if (profile_list_add_text(&list, text, "fuzz.profile") == 0) {
    extract_page(page, strlen(page), PAGE_URL, FUZZ_REF_TIME, &list, 0, &pp);
    page_posts_release(&pp);
  }
  profile_list_release(&list);
  free(text);
  return 0;
}
