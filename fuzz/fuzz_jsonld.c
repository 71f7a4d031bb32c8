/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * schema.org JSON-LD (parse/extract.c, reached through extract_page()):
 * the input is the text of a <script type="application/ld+json"> in a
 * page that offers no other posts, so the JSON-LD reader decides.
 */
#include "fuzz/fuzz.h"
#include "parse/extract.h"

#include <string.h>

#define PAGE_URL "https://blog.example.org/2019/11/a-post/"

static const char head[] =
    "<!DOCTYPE html><html><head><meta charset=\"utf-8\">"
    "<title>t</title><script type=\"application/ld+json\">";
static const char tail[] = "</script></head><body><p>x</p></body></html>";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  struct strbuf page;
  struct page_posts pp;

  strbuf_init(&page, 0);
  strbuf_add(&page, head, strlen(head));
  strbuf_add(&page, data, size);
  strbuf_add(&page, tail, strlen(tail));
  extract_page(page.buf, page.len, PAGE_URL, FUZZ_REF_TIME, NULL, 0, &pp);
  page_posts_release(&pp);
  strbuf_release(&page);
  return 0;
}
