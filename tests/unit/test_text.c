/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "stats/topics.h"
#include "tests/unit/test.h"
#include "util/util.h"

#include <stdlib.h>
#include <string.h>

static void join_token(const char *tok, size_t len, int line, void *arg)
{
  struct strbuf *b = arg;

  (void)line;
  if (b->len)
    strbuf_addch(b, ' ');
  strbuf_add(b, tok, len);
}

/* Expected tokens worked out by hand: NFKC turns the "ﬁ" ligature
 * (U+FB01) into "fi" and the full-width "Ａ１" into "a1"; Unicode case
 * folding turns "ß" into "ss" and "Σ" into "σ". */
TEST(text_tokenize_table)
{
  static const struct {
    const char *in, *want;
  } cases[] = {
      {"Hello, World!", "hello world"},
      {"Stra\xc3\x9f"
       "e und \xc3\x84rger",
       "strasse und ärger"},
      {"\xef\xac\x81nd the \xef\xbc\xa1\xef\xbc\x91 key", "find the a1 key"},
      {"see http://example.org/a?b=1 and bob@example.com now", "see and now"},
      {"www.example.org is down", "is down"},
      {"call 555 1234 or 3.14 now", "call or now"},
      {"> quoted text\nreal words\n  > more quote", "real words"},
      {"In article <1@x>, bob@x (Bob) writes:\nmine", "mine"},
      {"a x11 mp3 g9v b8f 486dx", "x11 mp3 486dx"},
      {"\xce\xa3\xce\xbf\xcf\x86\xce\xaf\xce\xb1", "σοφία"},
      {"begin 644 x\n"
       "M9V5T(&9O;RUB87(@8F%Z(&)L86@@=&AI<R!I<R!T97-T(&1A=&$@:&5R92!\n"
       "end",
       "begin end"},
      {"", ""},
  };

  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    struct strbuf b;
    strbuf_init(&b, 0);
    text_tokenize(cases[i].in, join_token, &b);
    CHECK_STR_MSG(b.buf, cases[i].want, cases[i].in);
    strbuf_release(&b);
  }
}

TEST(text_lang_detect_table)
{
  static const struct {
    const char *text;
    enum text_lang want;
  } cases[] = {
      {"The engine of this car is not what it used to be, and the brakes "
       "are worn.",
       TEXT_LANG_EN},
      {"Der Motor ist nicht mehr das, was er war, und die Bremsen sind "
       "auch hin.",
       TEXT_LANG_DE},
      {"Ich habe mit dem Händler gesprochen, es ist eine Frage der Zeit.",
       TEXT_LANG_DE},
      {"", TEXT_LANG_EN},
  };

  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
    CHECK_INT_MSG(text_lang_detect(cases[i].text), cases[i].want,
                  cases[i].text);
  CHECK_INT(text_lang_from_tag("de"), TEXT_LANG_DE);
  CHECK_INT(text_lang_from_tag("DE-at"), TEXT_LANG_DE);
  CHECK_INT(text_lang_from_tag("en_GB"), TEXT_LANG_EN);
  CHECK_INT(text_lang_from_tag("fr"), -1);
  CHECK_INT(text_lang_from_tag("den"), -1);
  CHECK_INT(text_lang_from_tag(NULL), -1);
  CHECK(text_is_stop(TEXT_LANG_EN, "the", 3));
  CHECK(!text_is_stop(TEXT_LANG_EN, "der", 3));
  CHECK(text_is_stop(TEXT_LANG_DE, "über", strlen("über")));
  CHECK(!text_is_stop(TEXT_LANG_DE, "motor", 5));
}
