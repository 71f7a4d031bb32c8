/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * robots.txt (crawl/robots.h).  The input is parsed twice: whole, as a
 * body for the agent "netno" and for "*" only; and as served, its first
 * line being the Content-Type and the rest the body.  Then every line of
 * the input and a few fixed paths are asked as request targets, so the
 * matcher meets paths made of the same bytes as the rules.
 */
#include "crawl/robots.h"
#include "fuzz/fuzz.h"
#include "util/util.h"

#include <stdlib.h>
#include <string.h>

/* Lines of the input asked as paths, at most. */
#define MAX_PATHS 32

static const char *const fixed_paths[] = {
    "",      "/",          "/robots.txt", "/a/b?c=d#e", "/%7Efoo",
    "/~foo", "/foo%2Fbar", "/x/\xc3\xbc", "/x/%C3%BC",  "/*$",
};

/* Ask r about the fixed paths and up to MAX_PATHS lines of text. */
static void ask(const struct robots *r, const char *text)
{
  const char *const *maps;
  const char *rule;
  int n = 0;

  for (size_t i = 0; i < sizeof(fixed_paths) / sizeof(*fixed_paths); i++)
    robots_allows(r, fixed_paths[i], &rule);
  while (*text && n++ < MAX_PATHS) {
    size_t k = strcspn(text, "\n");
    char *line = xstrndup(text, k);

    robots_allows(r, line, &rule);
    /* a rule line's pattern as a path: "Disallow: /x" asks "/x" */
    robots_allows(r, line + strspn(line, "ADILOSWadilosw:- \t"), NULL);
    free(line);
    text += k + (text[k] == '\n');
  }
  robots_crawl_delay(r);
  robots_sitemaps(r, &maps);
  robots_rule_count(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  char *text = fuzz_string(data, size), *type = NULL;
  size_t skip = fuzz_first_line(data, size, 1024, &type);
  struct robots *r;

  r = robots_parse((const char *)data, size, "netno");
  ask(r, text);
  robots_free(r);
  r = robots_parse((const char *)data, size, NULL);
  ask(r, text);
  robots_free(r);
  r = robots_parse_response((const char *)data + skip, size - skip, type,
                            "netno/0.1");
  ask(r, text + skip);
  robots_free(r);
  free(type);
  free(text);
  return 0;
}
