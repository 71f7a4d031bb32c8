/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Sitemaps and feeds (crawl/sitemap.h): the input is the fetched body,
 * plain or gzip.  Every reported URL must be a non-empty string and
 * their number must match the statistics.
 */
#include "crawl/sitemap.h"
#include "fuzz/fuzz.h"

#include <stdlib.h>

#define BASE_URL "https://forum.example.com/sitemap.xml"

/* Count the URLs; an empty one is a bug. */
static void count_url(void *ctx, const char *url, enum sitemap_found kind)
{
  (void)kind;
  if (!url || !*url)
    abort();
  ++*(unsigned *)ctx;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  struct sitemap_stats stats;
  unsigned n = 0;
  enum sitemap_kind kind;

  kind =
      sitemap_parse((const char *)data, size, BASE_URL, count_url, &n, &stats);
  sitemap_kind_name(kind);
  if (n != stats.urls || n > SITEMAP_MAX_URLS)
    abort();
  return 0;
}
