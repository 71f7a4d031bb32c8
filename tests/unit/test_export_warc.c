/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The warc export: SHA-1 and name-based UUIDs against published values,
 * the file's structure read back by an independent reader
 * (tests/data/export/check_warc.py, Python's standard library only), and
 * the round trip export -> `netno import` -> `netno parse`.
 */
#include "corpus/export.h"
#include "corpus/export_archive.h"
#include "corpus/internal.h"
#include "parse/parse.h"
#include "tests/unit/test.h"
#include "util/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void hex(const unsigned char *h, size_t n, char *out)
{
  for (size_t i = 0; i < n; i++)
    snprintf(out + 2 * i, 3, "%02x", h[i]);
}

/* FIPS 180-2 appendix A test vectors, and the empty string (RFC 3174). */
static const struct {
  const char *text;
  size_t repeat;
  const char *sha1;
} sha1_cases[] = {
    {"abc", 1, "a9993e364706816aba3e25717850c26c9cd0d89d"},
    {"", 1, "da39a3ee5e6b4b0d3255bfef95601890afd80709"},
    {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 1,
     "84983e441c3bd26ebaae4aa1f95129e5e54670f1"},
    {"a", 1000000, "34aa973cd4c4daa4f61eeb2bdbad27316534016f"},
    /* 64 bytes: the padding takes a block of its own.  From
     * `printf '%064d' 0 | sha1sum`. */
    {"0000000000000000000000000000000000000000000000000000000000000000", 1,
     "0114498021cb8c4f1519f96bdf58dd806f3adb63"},
};

TEST(export_sha1_known_answers)
{
  for (size_t i = 0; i < ARRAY_SIZE(sha1_cases); i++) {
    struct export_sha1 s;
    unsigned char h[EXPORT_SHA1_BYTES];
    char got[41];
    export_sha1_init(&s);
    for (size_t k = 0; k < sha1_cases[i].repeat; k++)
      export_sha1_add(&s, sha1_cases[i].text, strlen(sha1_cases[i].text));
    export_sha1_finish(&s, h);
    hex(h, sizeof(h), got);
    CHECK_STR_MSG(got, sha1_cases[i].sha1, sha1_cases[i].sha1);
  }
}

/* Python's uuid.uuid5(uuid.NAMESPACE_URL, name). */
static const struct {
  const char *name, *uuid;
} uuid_cases[] = {
    {"urn:netno:test", "a0fd5b27-c829-5fa0-9d81-aff81c6dcef9"},
    {"", "1b4db7eb-4057-5ddf-91e0-36dec72071f5"},
};

TEST(export_uuid_v5)
{
  for (size_t i = 0; i < ARRAY_SIZE(uuid_cases); i++) {
    char got[EXPORT_UUID_MAX];
    export_uuid_of(uuid_cases[i].name, got);
    CHECK_STR_MSG(got, uuid_cases[i].uuid, uuid_cases[i].name);
  }
}

/* ---- a corpus of pages of every source ------------------------------ */

static char *read_data(const char *name, size_t *len)
{
  struct strbuf sb = STRBUF_INIT;

  strbuf_read_file(&sb, test_data_path(name));
  return strbuf_detach(&sb, len);
}

#define NS_URL "https://forum.nationstates.net/viewtopic.php?f=12&t=419"
#define DF_URL                                                               \
  "https://forum.digitalfernsehen.de/threads/erneuerbare-energie.413489/"

static const char mail[] =
    "From anna@example.org Mon Jan  6 10:00:00 2020\n"
    "From: Anna <anna@example.org>\n"
    "To: list@example.org\n"
    "Subject: Uhren\n"
    "Message-ID: <1@example.org>\n"
    "Date: Mon, 6 Jan 2020 10:00:00 +0000\n"
    "\n"
    "Wer kennt diese Uhr?\n";

/*
 * Four pages: a crawled forum page whose stored headers name codings the
 * stored body no longer has; a crawled page reached by a redirect, on
 * another host; a saved HTML file; an mbox message.  fetched_at:
 * 2024-05-01, 2024-06-01, 2024-07-01, 2020-01-06 (`date -u -d ... +%s`).
 */
static struct corpus *archive_corpus(const char *name)
{
  char *path = xasprintf("%s/%s", test_tmpdir(), name);
  struct corpus *c = corpus_open(path, CORPUS_CREATE);
  size_t l1, l2, l3;
  char *b1 = read_data("extract/forum.html", &l1);
  char *b2 = read_data("eval-forums/forum.nationstates.net.viewtopic.php.419"
                       ".html",
                       &l2);
  char *b3 = read_data(
      "eval-forums/forum.digitalfernsehen.de.threads.erneuerbare-energie."
      "413489..html",
      &l3);
  struct corpus_page pages[] = {
      {.url = "https://forum.example.de/t/1", .source = "crawl",
       .status = 200, .fetched_at = 1714564800, .ip = "192.0.2.7",
       .headers = "Content-Type: text/html; charset=utf-8\n"
                  "Content-Encoding: gzip\nTransfer-Encoding: chunked\n"
                  "Server: test\n",
       .content_type = "text/html; charset=utf-8", .body = b1,
       .body_len = l1},
      {.url = "https://forum.nationstates.net/viewtopic.php?t=419",
       .final_url = NS_URL, .source = "crawl", .status = 200,
       .fetched_at = 1717200000, .content_type = "text/html", .body = b2,
       .body_len = l2},
      {.url = DF_URL, .source = "html", .fetched_at = 1719792000,
       .content_type = "text/html", .body = b3, .body_len = l3},
      {.url = "mid:1@example.org", .source = "mbox",
       .fetched_at = 1578304800, .content_type = "message/rfc822",
       .body = mail, .body_len = sizeof(mail) - 1},
  };

  CHECK(c != NULL);
  for (size_t i = 0; c && i < ARRAY_SIZE(pages); i++)
    CHECK_INT_MSG(corpus_add_page(c, &pages[i], NULL, NULL), 0,
                  pages[i].url);
  free(b1);
  free(b2);
  free(b3);
  free(path);
  return c;
}

/* Export c as WARC to path with these filters; the writer's result. */
static int write_warc(struct corpus *c, const char *path, const char *site,
                      int64_t since, int64_t until,
                      enum pseudonym_mode mode)
{
  struct pseudonymizer *names = pseudonymizer_new(c, mode, NULL, 0);
  struct export_opts o = {.format = "warc", .out_path = path, .site = site,
                          .since = since, .until = until, .names = names};
  FILE *f = fopen(path, "wb");
  int rc = -1;

  if (f) {
    rc = export_warc(c, &o, f);
    if (fclose(f) != 0)
      rc = -1;
  }
  pseudonymizer_free(names);
  return rc;
}

/* Run the Python reader on path: its exit status; its output in *out. */
static int check_warc(const char *path, char **out)
{
  char *script = xstrdup(test_data_path("export/check_warc.py"));
  char *txt = xasprintf("%s.txt", path);
  char *cmd = xasprintf("python3 '%s' '%s' > '%s'", script, path, txt);
  struct strbuf sb = STRBUF_INIT;
  int rc = system(cmd);

  strbuf_read_file(&sb, txt);
  *out = strbuf_detach(&sb, NULL);
  free(script);
  free(txt);
  free(cmd);
  return rc;
}

/* What check_warc.py lists for the pages, from the fixture above: the
 * crawled pages as request and response (the redirected one under its
 * final URL, without IP address), the saved HTML and the mail message as
 * resources. */
#define INFO_LINE "warcinfo software: netno/" NETNO_VERSION "\n"
#define P1                                                                   \
  "request https://forum.example.de/t/1\n"                                   \
  "response https://forum.example.de/t/1 200 192.0.2.7\n"
#define P2 "request " NS_URL "\nresponse " NS_URL " 200 -\n"
#define P3 "resource " DF_URL " text/html\n"
#define P4 "resource mid:1@example.org message/rfc822\n"

static const struct {
  const char *label, *file, *site;
  int64_t since, until;
  const char *records;
} warc_cases[] = {
    {"all, gzip", "all.warc.gz", NULL, 0, 0, INFO_LINE P1 P2 P3 P4},
    {"all, plain", "all.warc", NULL, 0, 0, INFO_LINE P1 P2 P3 P4},
    {"site", "site.warc.gz", "forum.nationstates.net", 0, 0, INFO_LINE P2},
    /* since 2024-06-01T00:00Z (inclusive), until 2024-07-01 (exclusive) */
    {"since and until", "time.warc.gz", NULL, 1717200000, 1719792000,
     INFO_LINE P2},
    {"since", "since.warc.gz", NULL, 1714564801, 0, INFO_LINE P2 P3},
};

TEST(export_warc_structure)
{
  struct corpus *c = archive_corpus("warc-a.db");

  if (!c)
    return;
  for (size_t i = 0; i < ARRAY_SIZE(warc_cases); i++) {
    char *path = xasprintf("%s/%s", test_tmpdir(), warc_cases[i].file);
    char *out = NULL;
    CHECK_INT_MSG(write_warc(c, path, warc_cases[i].site,
                             warc_cases[i].since, warc_cases[i].until,
                             PSEUDONYM_OFF),
                  0, warc_cases[i].label);
    CHECK_INT_MSG(check_warc(path, &out), 0, warc_cases[i].label);
    CHECK_STR_MSG(out, warc_cases[i].records, warc_cases[i].label);
    free(out);
    free(path);
  }
  corpus_close(c);
}

/* A full disk is an error, not a short archive. */
TEST(export_warc_write_error)
{
  struct corpus *c = archive_corpus("warc-full.db");

  if (!c)
    return;
  CHECK_INT(write_warc(c, "/dev/full", NULL, 0, 0, PSEUDONYM_OFF), -1);
  corpus_close(c);
}

TEST(export_warc_refuses_pseudonyms)
{
  struct corpus *c = archive_corpus("warc-p.db");
  char *path = xasprintf("%s/p.warc.gz", test_tmpdir());

  if (!c)
    return;
  CHECK_INT(write_warc(c, path, NULL, 0, 0, PSEUDONYM_NAMES), -1);
  CHECK_INT(write_warc(c, path, NULL, 0, 0, PSEUDONYM_REDACT), -1);
  corpus_close(c);
  free(path);
}

/* The non-mail posts of the corpus at path, "author|text" lines, sorted. */
static char *post_set(const char *path, int *n)
{
  struct corpus *c = corpus_open(path, CORPUS_READ);
  struct strbuf sb = STRBUF_INIT;
  sqlite3_stmt *st;

  *n = 0;
  if (!c)
    return strbuf_detach(&sb, NULL);
  st = corpus_prepare(c, "SELECT a.name, p.text FROM post p LEFT JOIN "
                         "author a ON a.id = p.author_id WHERE p.kind <> "
                         "'mail_message' ORDER BY 1, 2");
  while (st && sqlite3_step(st) == SQLITE_ROW) {
    strbuf_addf(&sb, "%s|%s\n", sqlite3_column_text(st, 0),
                sqlite3_column_text(st, 1));
    (*n)++;
  }
  sqlite3_finalize(st);
  corpus_close(c);
  return strbuf_detach(&sb, NULL);
}

static int run_cmd(const char *db, int (*fn)(int, char **), char **argv,
                   int argc)
{
  int rc;

  corpus_set_default_path(db);
  rc = fn(argc, argv);
  corpus_set_default_path(NULL);
  return rc;
}

/* export -> import into a new corpus -> parse: the same posts (the mail
 * message stays out, as documented: import takes HTML records only). */
TEST(export_warc_round_trip)
{
  char *a = xasprintf("%s/rt-a.db", test_tmpdir());
  char *b = xasprintf("%s/rt-b.db", test_tmpdir());
  char *warc = xasprintf("%s/rt.warc.gz", test_tmpdir());
  struct corpus *c = archive_corpus("rt-a.db");
  char *parse_argv[] = {(char *)"parse", NULL};
  char *import_argv[] = {(char *)"import", warc, NULL};
  char *sa, *sb;
  int na, nb;

  if (!c)
    goto out;
  CHECK_INT(write_warc(c, warc, NULL, 0, 0, PSEUDONYM_OFF), 0);
  corpus_close(c);
  CHECK_INT(run_cmd(a, cmd_parse, parse_argv, 1), 0);
  CHECK_INT(run_cmd(b, cmd_import, import_argv, 2), 0);
  CHECK_INT(run_cmd(b, cmd_parse, parse_argv, 1), 0);
  sa = post_set(a, &na);
  sb = post_set(b, &nb);
  /* forum.html has 3 posts; the two forum pages 5 each (netno extract). */
  CHECK_INT(na, 13);
  CHECK_INT(nb, 13);
  CHECK(strstr(sa, "Anna|Wer kennt diese Uhr?") != NULL);
  CHECK_STR(sb, sa);
  free(sa);
  free(sb);
out:
  free(a);
  free(b);
  free(warc);
}
