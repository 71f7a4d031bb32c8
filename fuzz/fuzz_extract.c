/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Page extraction (parse/extract.h): HTML bytes and a URL in, posts out.
 * Input: when its first line starts with "http" that line is the page URL
 * and the rest the page; otherwise all of it is the page of a fixed URL.
 * The built-in profiles (phpBB, ...) are tried first, as `netno parse`
 * does; an input of odd length keeps quote text, as `netno extract` does
 * (EXTRACT_KEEP_QUOTES and EXTRACT_OWN_TEXT).
 */
#include "fuzz/fuzz.h"
#include "parse/extract.h"

#include <stdlib.h>
#include <string.h>

#define DEFAULT_URL "https://forum.example.com/viewtopic.php?f=2&t=17"

static struct profile_list builtin;
static int builtin_loaded;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  struct page_posts pp;
  char *url = NULL;
  size_t skip = fuzz_first_line(data, size, 4096, &url);
  unsigned flags = (size & 1) ? EXTRACT_KEEP_QUOTES | EXTRACT_OWN_TEXT : 0;

  if (!builtin_loaded) {
    profile_list_add_builtin(&builtin);
    builtin_loaded = 1;
  }
  if (!url || strncmp(url, "http", 4)) {
    free(url);
    url = NULL;
    skip = 0;
  }
  extract_page((const char *)data + skip, size - skip, url ? url : DEFAULT_URL,
               FUZZ_REF_TIME, &builtin, flags, &pp);
  page_posts_release(&pp);
  free(url);
  return 0;
}
