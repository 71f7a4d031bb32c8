/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The crawl's second thread: links, compression and hashing of fetched
 * pages (crawl/prep.h).  One mutex guards two lists, the jobs waiting
 * and the jobs done; the thread takes the first waiting job, works on it
 * without the lock, and appends it to the done list.
 */
#include "crawl/prep.h"

#include <libxml/parser.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

struct prep {
  pthread_t thread;
  pthread_mutex_t lock;
  pthread_cond_t work;  /* a job is waiting, or the thread should end */
  pthread_cond_t ready; /* a job is done */
  struct prep_job *todo, **todo_tail;
  struct prep_job *done, **done_tail;
  int stopping;
  void (*wake)(void *);
  void *wake_ctx;
};

/* Append a link record to the job: kind, base, href. */
static void on_link(void *ctx, const char *base, const char *href,
                    enum link_kind kind)
{
  struct prep_job *job = ctx;

  strbuf_addch(&job->links, (char)('0' + kind));
  strbuf_add(&job->links, base, strlen(base) + 1);
  strbuf_add(&job->links, href, strlen(href) + 1);
}

static void prep_run(struct prep_job *job)
{
  links_extract(job->body, job->len, job->url, job->max_links, on_link, job);
  /* A body that cannot be packed is packed again, and its failure
   * reported, by the corpus when the page is stored. */
  corpus_pack_body(job->body, job->len, &job->packed);
}

static void *prep_main(void *arg)
{
  struct prep *p = arg;

  pthread_mutex_lock(&p->lock);
  for (;;) {
    struct prep_job *job;

    while (!p->todo && !p->stopping)
      pthread_cond_wait(&p->work, &p->lock);
    if (!p->todo)
      break; /* stopping, and nothing left */
    job = p->todo;
    p->todo = job->next;
    if (!p->todo)
      p->todo_tail = &p->todo;
    pthread_mutex_unlock(&p->lock);

    prep_run(job);

    pthread_mutex_lock(&p->lock);
    job->next = NULL;
    *p->done_tail = job;
    p->done_tail = &job->next;
    pthread_cond_signal(&p->ready);
    if (p->wake)
      p->wake(p->wake_ctx);
  }
  pthread_mutex_unlock(&p->lock);
  return NULL;
}

struct prep *prep_start(void (*wake)(void *), void *ctx)
{
  struct prep *p = xcalloc(1, sizeof(*p));

  xmlInitParser(); /* libxml2's globals, before a second thread uses it */
  pthread_mutex_init(&p->lock, NULL);
  pthread_cond_init(&p->work, NULL);
  pthread_cond_init(&p->ready, NULL);
  p->todo_tail = &p->todo;
  p->done_tail = &p->done;
  p->wake = wake;
  p->wake_ctx = ctx;
  if (pthread_create(&p->thread, NULL, prep_main, p))
    die("cannot start a thread");
  return p;
}

void prep_submit(struct prep *p, struct prep_job *job)
{
  strbuf_init(&job->links, 0);
  memset(&job->packed, 0, sizeof(job->packed));
  job->next = NULL;
  pthread_mutex_lock(&p->lock);
  *p->todo_tail = job;
  p->todo_tail = &job->next;
  pthread_cond_signal(&p->work);
  pthread_mutex_unlock(&p->lock);
}

struct prep_job *prep_collect(struct prep *p, int wait)
{
  struct prep_job *list;

  pthread_mutex_lock(&p->lock);
  while (wait && !p->done)
    pthread_cond_wait(&p->ready, &p->lock);
  list = p->done;
  p->done = NULL;
  p->done_tail = &p->done;
  pthread_mutex_unlock(&p->lock);
  return list;
}

void prep_stop(struct prep *p)
{
  if (!p)
    return;
  pthread_mutex_lock(&p->lock);
  p->stopping = 1;
  pthread_cond_signal(&p->work);
  pthread_mutex_unlock(&p->lock);
  pthread_join(p->thread, NULL);
  pthread_cond_destroy(&p->ready);
  pthread_cond_destroy(&p->work);
  pthread_mutex_destroy(&p->lock);
  free(p);
}

int prep_next_link(const struct prep_job *job, size_t *pos,
                   enum link_kind *kind, const char **base, const char **href)
{
  const char *buf = job->links.buf;
  size_t len = job->links.len, at = *pos;

  if (at >= len)
    return 0;
  *kind = (enum link_kind)(buf[at] - '0');
  *base = buf + at + 1;
  *href = *base + strlen(*base) + 1;
  *pos = (size_t)(*href + strlen(*href) + 1 - buf);
  return 1;
}

void prep_job_release(struct prep_job *job)
{
  strbuf_release(&job->links);
  corpus_packed_body_release(&job->packed);
}
