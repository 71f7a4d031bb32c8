/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Internal to crawl/: the work on a fetched page that needs no corpus
 * (its links, its compressed body and its SHA-256), done on a second
 * thread while the crawl's own thread runs the transfers and writes the
 * corpus.  Jobs go in with prep_submit() and come back, done, from
 * prep_collect() in the order they finish; the crawl owns each job
 * before and after, the thread while it works on it.
 */
#ifndef NETNO_CRAWL_PREP_H
#define NETNO_CRAWL_PREP_H

#include "corpus/corpus.h"
#include "crawl/links.h"
#include "util/util.h"

#include <stddef.h>

struct prep_job {
  /* In: set by the crawl, not changed by the thread. */
  const char *url; /* base for the links */
  const char *body;
  size_t len;
  unsigned max_links;
  void *owner; /* the crawl's own record of the transfer */
  /* Out: the links as records of a kind byte, the base and the href,
   * each NUL-terminated (prep_next_link reads them), and the body as the
   * corpus stores it. */
  struct strbuf links;
  struct corpus_packed_body packed;
  struct prep_job *next;
};

struct prep;

/* Start the thread; wake(ctx) is called from it each time a job is
 * done, to end the crawl's wait.  Dies when no thread can be started. */
struct prep *prep_start(void (*wake)(void *), void *ctx);

/* Hand a job to the thread. */
void prep_submit(struct prep *p, struct prep_job *job);

/* The jobs done since the last call, as a list (NULL: none); with wait,
 * block until at least one is done (at least one must be submitted). */
struct prep_job *prep_collect(struct prep *p, int wait);

/* End the thread.  Every job submitted must have been collected: the
 * caller owns them.  prep_stop(NULL) does nothing. */
void prep_stop(struct prep *p);

/* The next link of a done job: 0 at the end.  *pos starts at 0. */
int prep_next_link(const struct prep_job *job, size_t *pos,
                   enum link_kind *kind, const char **base,
                   const char **href);

/* Free what the job holds (not the job). */
void prep_job_release(struct prep_job *job);

#endif
