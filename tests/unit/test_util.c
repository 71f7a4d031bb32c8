/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "tests/unit/test.h"
#include "util/util.h"

#include <stdio.h>
#include <stdlib.h>

TEST(strbuf_grows_and_caps)
{
  struct strbuf sb = STRBUF_INIT;

  CHECK_STR(sb.buf, "");
  for (int i = 0; i < 1000; i++)
    CHECK_INT(strbuf_addch(&sb, 'a' + i % 26), 0);
  CHECK_INT(sb.len, 1000);
  CHECK_INT(sb.buf[1000], '\0');
  strbuf_release(&sb);

  strbuf_init(&sb, 8);
  CHECK_INT(strbuf_addstr(&sb, "12345"), 0);
  CHECK_INT(strbuf_addstr(&sb, "6789"), -1); /* would be 9 > cap 8 */
  CHECK_STR(sb.buf, "12345");                /* unchanged on failure */
  CHECK_INT(strbuf_addf(&sb, "%d", 678), 0); /* exactly 8 */
  CHECK_STR(sb.buf, "12345678");
  CHECK_INT(strbuf_addch(&sb, 'x'), -1);
  strbuf_release(&sb);
}

TEST(strbuf_trim_detach)
{
  struct strbuf sb = STRBUF_INIT;
  char *s;
  size_t len;

  strbuf_addstr(&sb, " \t hello world \n");
  strbuf_trim(&sb);
  CHECK_STR(sb.buf, "hello world");
  s = strbuf_detach(&sb, &len);
  CHECK_INT(len, 11);
  CHECK_STR(s, "hello world");
  CHECK_STR(sb.buf, "");
  free(s);
  s = strbuf_detach(&sb, NULL); /* empty buffer still hands out a string */
  CHECK_STR(s, "");
  free(s);
}

static const struct {
  const char *text;
  int ok;
  int64_t t;
  int offset;
} iso_cases[] = {
    {"1970-01-01T00:00:00Z", 1, 0, 0},
    {"2024-02-29", 1, 1709164800, 0},
    {"2023-02-29", 0, 0, 0},
    {"2024-05-01T12:34", 1, 1714566840, 0},
    {"2024-05-01T14:34:56+02:00", 1, 1714566896, 120},
    {"2024-05-01T14:34:56.789+0200", 1, 1714566896, 120},
    {"2024-05-01 12:34:56Z", 1, 1714566896, 0},
    {"2024-05-01T07:04:56-05:30", 1, 1714566896, -330},
    {"20240501T123456Z", 1, 1714566896, 0},
    {"2008-04-17T10:05:00+01:00", 1, 1208423100, 60},
    {"2024-13-01", 0, 0, 0},
    {"2024-05-01T25:00", 0, 0, 0},
    {"2024-05-01Tfoo", 0, 0, 0},
    {"yesterday", 0, 0, 0},
    {"2024-05-01 trailing", 0, 0, 0},
    {"", 0, 0, 0},
};

TEST(time_parse_iso_table)
{
  for (size_t i = 0; i < ARRAY_SIZE(iso_cases); i++) {
    int64_t t = -1;
    int off = 999;
    int rc = time_parse_iso(iso_cases[i].text, &t, &off);
    CHECK_INT_MSG(rc, iso_cases[i].ok ? 0 : -1, iso_cases[i].text);
    if (iso_cases[i].ok && rc == 0) {
      CHECK_INT_MSG(t, iso_cases[i].t, iso_cases[i].text);
      CHECK_INT_MSG(off, iso_cases[i].offset, iso_cases[i].text);
    }
  }
}

TEST(time_format_roundtrip)
{
  char buf[40];
  int64_t t;
  int off;

  CHECK_STR(time_format_iso(0, buf, sizeof(buf)), "1970-01-01T00:00:00Z");
  CHECK_STR(time_format_iso(1714566896, buf, sizeof(buf)),
            "2024-05-01T12:34:56Z");
  CHECK_STR(time_format_iso_offset(1714566896, 120, buf, sizeof(buf)),
            "2024-05-01T14:34:56+02:00");
  CHECK_STR(time_format_iso_offset(1714566896, -330, buf, sizeof(buf)),
            "2024-05-01T07:04:56-05:30");
  CHECK_INT(time_parse_iso(buf, &t, &off), 0);
  CHECK_INT(t, 1714566896);
  CHECK_INT(off, -330);
  /* Before the epoch and far in the future. */
  CHECK_INT(time_from_fields(1900, 1, 1, 0, 0, 0, &t), 0);
  CHECK_INT(t, -2208988800);
  CHECK_INT(time_from_fields(2100, 2, 29, 0, 0, 0, &t), -1);
}

TEST(string_helpers)
{
  CHECK(starts_with("netno.db", "netno"));
  CHECK(!starts_with("net", "netno"));
  CHECK(ends_with("page.html", ".html"));
  CHECK(!ends_with("html", ".html"));
  CHECK(istarts_with("Content-Type: x", "content-type:"));
}

TEST(xgrow_and_xasprintf)
{
  int *a = NULL;
  size_t alloc = 0;
  char *s;

  xgrow((void **)&a, sizeof(*a), 100, &alloc);
  CHECK(alloc >= 100);
  for (int i = 0; i < 100; i++)
    a[i] = i;
  CHECK_INT(a[99], 99);
  free(a);
  s = xasprintf("%s-%d", "page", 7);
  CHECK_STR(s, "page-7");
  free(s);
}

/* Columns by hand: "ü" is one column, "語" two (East Asian Wide), a
 * combining acute none; the cut never splits a character. */
TEST(strbuf_add_columns_widths)
{
  static const struct {
    const char *in;
    int width;
    const char *want;
  } cases[] = {
      {"J\xc3\xbcrgen", 8, "J\xc3\xbcrgen  "},
      {"abcdef", 4, "abcd"},
      {"\xe8\xaa\x9e\xe8\xaa\x9e", 3, "\xe8\xaa\x9e "},
      {"e\xcc\x81t\xc3\xa9", 4, "e\xcc\x81t\xc3\xa9 "},
      {"a\xffz", 4, "a?z "},
      {NULL, 2, "  "},
  };

  for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
    struct strbuf sb = STRBUF_INIT;
    strbuf_add_columns(&sb, cases[i].in, cases[i].width);
    CHECK_STR_MSG(sb.buf, cases[i].want, cases[i].in ? cases[i].in : "NULL");
    strbuf_release(&sb);
  }
}
