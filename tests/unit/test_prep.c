/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "corpus/corpus.h"
#include "crawl/prep.h"
#include "tests/unit/test.h"
#include "util/util.h"

#include <stdlib.h>
#include <string.h>
#include <zlib.h>

/* A packed body is the zlib stream of the bytes and their SHA-256: the
 * digests are the FIPS 180-2 test vectors for "abc" and "". */
TEST(pack_body_digest_and_round_trip)
{
  static const struct {
    const char *body;
    const char *sha256;
  } cases[] = {
      {"abc",
       "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
      {"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
  };

  for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
    struct corpus_packed_body b = {0};
    char out[16];
    uLongf len = sizeof(out);

    CHECK_INT(corpus_pack_body(cases[i].body, strlen(cases[i].body), &b), 0);
    CHECK_STR(b.sha256, cases[i].sha256);
    CHECK_INT(uncompress((Bytef *)out, &len, b.z, (uLong)b.zlen), Z_OK);
    CHECK_INT((int)len, (int)strlen(cases[i].body));
    CHECK(!memcmp(out, cases[i].body, len));
    corpus_packed_body_release(&b);
    CHECK(b.z == NULL);
  }
}

static void wake_count(void *ctx)
{
  (void)ctx; /* the wake-up itself is the crawl's; here only the lists */
}

/* Many jobs through the thread: each comes back once, with the links of
 * its own page (worked out from the markup: a <base> moves the links
 * after it, rel=next is pagination) and its body packed. */
TEST(prep_jobs_come_back_with_their_links)
{
  enum { JOBS = 200 };
  struct prep_job *jobs = xcalloc(JOBS, sizeof(*jobs));
  char **bodies = xcalloc(JOBS, sizeof(*bodies));
  int *seen = xcalloc(JOBS, sizeof(*seen));
  struct prep *p = prep_start(wake_count, NULL);
  unsigned back = 0;

  for (int i = 0; i < JOBS; i++) {
    bodies[i] = xasprintf("<html><head><link rel=next href='?page=%d'>"
                          "</head><body><a href='/t/%d'>x</a>"
                          "<base href='http://other.example/b/'>"
                          "<a href='p%d'>y</a></body></html>",
                          i + 2, i, i);
    jobs[i].url = "http://forum.example/t/1";
    jobs[i].body = bodies[i];
    jobs[i].len = strlen(bodies[i]);
    jobs[i].max_links = 10;
    jobs[i].owner = &seen[i];
    prep_submit(p, &jobs[i]);
  }
  while (back < JOBS) {
    struct prep_job *job = prep_collect(p, 1);
    CHECK(job != NULL);
    if (!job)
      break;
    for (; job; job = job->next) {
      int i = (int)(job - jobs);
      struct strbuf got;
      enum link_kind kind;
      const char *base, *href;
      size_t pos = 0;
      char *want;

      back++;
      CHECK(job->owner == &seen[i]);
      seen[i]++;
      strbuf_init(&got, 0);
      while (prep_next_link(job, &pos, &kind, &base, &href))
        strbuf_addf(&got, "%d %s %s;", (int)kind, base, href);
      want = xasprintf("1 http://forum.example/t/1 ?page=%d;"
                       "0 http://forum.example/t/1 /t/%d;"
                       "0 http://other.example/b/ p%d;",
                       i + 2, i, i);
      CHECK_STR(got.buf, want);
      CHECK(job->packed.z != NULL && job->packed.zlen > 0);
      free(want);
      strbuf_release(&got);
    }
  }
  prep_stop(p);
  for (int i = 0; i < JOBS; i++) {
    CHECK_INT_MSG(seen[i], 1, "times job came back");
    prep_job_release(&jobs[i]);
    free(bodies[i]);
  }
  free(jobs);
  free(bodies);
  free(seen);
}
