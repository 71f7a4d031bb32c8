/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * URL normalisation and the scope and trap helpers (crawl/url.h).  Input
 * lines: a base URL, then links.  Each link is resolved against the base
 * (and against a fixed base), and every result goes through the trap
 * check, the thread key, the scopes and the piece functions; the raw
 * lines do too, as callers may hand them over unnormalised.
 */
#include "crawl/url.h"
#include "fuzz/fuzz.h"

#include <stdlib.h>
#include <string.h>

#define FIXED_BASE "https://forum.example.com/board/viewtopic.php?t=1"
/* Lines used per input, at most. */
#define MAX_LINES 16

static const char *const scopes[] = {"host", "domain", "prefix", "all"};

/* The helpers that take one URL; url may be anything. */
static void pieces(const char *url, const char *seed)
{
  int page;
  long offset;

  free(url_thread_key(url, &page, &offset));
  free(url_origin(url));
  free(url_host(url));
  free(url_request_target(url));
  url_trap_reason(url);
  for (size_t i = 0; i < sizeof(scopes) / sizeof(*scopes); i++)
    url_in_scope(url, seed, scopes[i]);
}

/* Normalise href against base and run the helpers on the result. */
static void normalise(const char *base, const char *href, const char *seed)
{
  char *out = NULL;
  const char *why = NULL;

  if (url_normalize(base, href, &out, &why) == 0) {
    pieces(out, seed);
    free(out);
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  char *text = fuzz_string(data, size), *s = text;
  char *lines[MAX_LINES];
  size_t n = 0;

  while (n < MAX_LINES) {
    size_t k = strcspn(s, "\n");
    int last = !s[k];

    s[k] = '\0';
    lines[n++] = s;
    if (last)
      break;
    s += k + 1;
  }
  for (size_t i = 0; i < n; i++) {
    normalise(lines[0], lines[i], lines[0]);
    normalise(FIXED_BASE, lines[i], FIXED_BASE);
    pieces(lines[i], lines[0]);
  }
  free(text);
  return 0;
}
