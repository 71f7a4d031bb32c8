/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "corpus/corpus.h"
#include "tests/unit/test.h"
#include "util/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/*
 * Expected pseudonyms worked out with Python's hashlib, independently of
 * libsodium: "user-" + base32(blake2b((origin + "\n" + name).encode(),
 * key=bytes(range(32)), digest_size=16).digest()).lower()[:10].
 */
TEST(pseudonym_known_answers)
{
  static const struct {
    const char *origin, *name, *want;
  } cases[] = {
      {"https://forum.example", "Anna", "user-puo6vercfy"},
      {"https://forum.example", "anna", "user-q4e5vbipzu"},
      {"https://other.example", "Anna", "user-xbfkanxf4l"},
      {"", "J\xc3\xbcrgen M\xc3\xbcller", "user-2njgbrpakx"},
  };
  unsigned char key[PSEUDONYM_KEY_BYTES];
  char out[PSEUDONYM_MAX];

  for (int i = 0; i < PSEUDONYM_KEY_BYTES; i++)
    key[i] = (unsigned char)i;
  for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
    pseudonym_make(key, cases[i].origin, cases[i].name, out);
    CHECK_STR_MSG(out, cases[i].want, cases[i].name);
  }
  pseudonym_make(key, NULL, "J\xc3\xbcrgen M\xc3\xbcller", out);
  CHECK_STR(out, "user-2njgbrpakx"); /* NULL origin is "" */
}

/* The corpus key is made once and kept; a key file gives other names. */
TEST(pseudonym_key_stable_per_corpus)
{
  char *path = xasprintf("%s/pseudo.db", test_tmpdir());
  char *keyfile = xasprintf("%s/project.key", test_tmpdir());
  char a[PSEUDONYM_MAX], b[PSEUDONYM_MAX], f1[PSEUDONYM_MAX],
      f2[PSEUDONYM_MAX];
  unsigned char key[PSEUDONYM_KEY_BYTES];
  struct corpus *c;
  struct stat sb;

  unlink(path);
  unlink(keyfile);
  c = corpus_open(path, CORPUS_CREATE);
  CHECK(c != NULL);
  corpus_close(c);

  /* First use through a read-only handle still makes and keeps a key. */
  c = corpus_open(path, CORPUS_READ);
  CHECK_INT(corpus_pseudonym_key(c, NULL, key), 0);
  pseudonym_make(key, "https://f.example", "Anna", a);
  corpus_close(c);
  c = corpus_open(path, CORPUS_WRITE);
  CHECK_INT(corpus_pseudonym_key(c, NULL, key), 0);
  pseudonym_make(key, "https://f.example", "Anna", b);
  CHECK_STR(a, b);

  /* A key file that does not exist is created private, then reused. */
  CHECK_INT(corpus_pseudonym_key(c, keyfile, key), 0);
  pseudonym_make(key, "https://f.example", "Anna", f1);
  CHECK_INT(stat(keyfile, &sb), 0);
  CHECK_INT(sb.st_mode & 0777, 0600);
  CHECK_INT(corpus_pseudonym_key(c, keyfile, key), 0);
  pseudonym_make(key, "https://f.example", "Anna", f2);
  CHECK_STR(f1, f2);
  CHECK(strcmp(a, f1) != 0); /* another key, another pseudonym */
  corpus_close(c);

  /* A key file with anything but 64 hex digits is refused. */
  {
    FILE *f = fopen(keyfile, "w");
    fputs("not a key\n", f);
    fclose(f);
  }
  c = corpus_open(path, CORPUS_READ);
  CHECK_INT(corpus_pseudonym_key(c, keyfile, key), -1);
  corpus_close(c);
  free(path);
  free(keyfile);
}

TEST(pseudonym_text_replaces_names)
{
  static const struct {
    unsigned strip;
    const char *in, *want;
  } cases[] = {
      {0, "Anna wrote: hi @anna and Annabelle",
       "A wrote: hi @A and Annabelle"},
      {0, "Zitat von Anna Maria: ja", "Zitat von AM: ja"},
      {0, "J\xc3\xbcrgen, not xJ\xc3\xbcrgen", "J, not xJ\xc3\xbcrgen"},
      {0, "mail anna@example.org", "mail A@example.org"},
      {PSEUDONYM_STRIP_EMAILS, "mail anna@example.org.", "mail [email]."},
      {PSEUDONYM_STRIP_URLS, "see https://x.example/a?b=1), ok",
       "see [url]), ok"},
      {PSEUDONYM_STRIP_URLS, "www.example.org is it", "[url] is it"},
      {0, "", ""},
  };
  const char *names[] = {"Anna", "Anna Maria", "J\xc3\xbcrgen"};
  char *path = xasprintf("%s/pseudo-text.db", test_tmpdir());
  struct corpus *c;
  char an[PSEUDONYM_MAX], am[PSEUDONYM_MAX], ju[PSEUDONYM_MAX];
  unsigned char key[PSEUDONYM_KEY_BYTES];

  unlink(path);
  c = corpus_open(path, CORPUS_CREATE);
  CHECK_INT(corpus_pseudonym_key(c, NULL, key), 0);
  pseudonym_make(key, "https://f.example", "Anna", an);
  pseudonym_make(key, "https://f.example", "Anna Maria", am);
  pseudonym_make(key, "https://f.example", "J\xc3\xbcrgen", ju);
  for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
    struct pseudonymizer *p =
        pseudonymizer_new(c, PSEUDONYM_NAMES, NULL, cases[i].strip);
    struct strbuf want = STRBUF_INIT;
    char *got;

    /* Spell the expectation with the pseudonyms: A, AM, J. */
    for (const char *s = cases[i].want; *s; s++) {
      if (s[0] == 'A' && s[1] == 'M') {
        strbuf_addstr(&want, am);
        s++;
      } else if (s[0] == 'A' && (s[1] == ' ' || s[1] == '@')) {
        strbuf_addstr(&want, an);
      } else if (s[0] == 'J' && s[1] == ',') {
        strbuf_addstr(&want, ju);
      } else {
        strbuf_addch(&want, *s);
      }
    }
    got = pseudonymizer_text(p, "https://f.example", cases[i].in, names,
                             ARRAY_SIZE(names));
    CHECK_STR_MSG(got, want.buf, cases[i].in);
    free(got);
    strbuf_release(&want);
    pseudonymizer_free(p);
  }
  {
    struct pseudonymizer *p = pseudonymizer_new(c, PSEUDONYM_REDACT, NULL, 0);
    char *got = pseudonymizer_text(p, NULL, "Anna wrote: ok", names, 3);
    CHECK_STR(got, "REDACTED wrote: ok");
    CHECK_STR(pseudonymizer_name(p, NULL, "Anna"), "REDACTED");
    free(got);
    pseudonymizer_free(p);
    p = pseudonymizer_new(c, PSEUDONYM_OFF, NULL, 0);
    got = pseudonymizer_text(p, NULL, "Anna wrote: ok", names, 3);
    CHECK_STR(got, "Anna wrote: ok");
    CHECK_STR(pseudonymizer_name(p, NULL, "Anna"), "Anna");
    free(got);
    pseudonymizer_free(p);
  }
  corpus_close(c);
  free(path);
}
