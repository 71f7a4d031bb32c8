/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The topic model's worker threads (struct topics_pool in topics.h): a
 * batch of tasks is spread over the threads, each taking the next task
 * number until none is left.  Tasks write disjoint outputs, so what a
 * batch computes does not depend on the number of threads.
 */
#include "stats/topics.h"
#include "util/util.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Run the tasks of the current batch until none is left. */
static void pool_drain(struct topics_pool *pl)
{
  size_t t;

  while ((t = atomic_fetch_add(&pl->next, 1)) < pl->tasks)
    pl->fn(pl->arg, t);
}

static void *pool_worker(void *arg)
{
  struct topics_pool *pl = arg;
  unsigned seen = 0;

  pthread_mutex_lock(&pl->mu);
  for (;;) {
    while (pl->gen == seen && !pl->quit)
      pthread_cond_wait(&pl->go, &pl->mu);
    if (pl->quit)
      break;
    seen = pl->gen;
    pthread_mutex_unlock(&pl->mu);
    pool_drain(pl);
    pthread_mutex_lock(&pl->mu);
    if (--pl->busy == 0)
      pthread_cond_signal(&pl->done);
  }
  pthread_mutex_unlock(&pl->mu);
  return NULL;
}

/* A pool of threads - 1 workers; threads <= 0: one per online CPU.  A
 * worker that cannot be started leaves the work to the others. */
void topics_pool_start(struct topics_pool *pl, int threads)
{
  memset(pl, 0, sizeof *pl);
  if (threads <= 0) {
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    threads = cpus < 1 ? 1 : cpus > 64 ? 64 : (int)cpus;
  }
  pthread_mutex_init(&pl->mu, NULL);
  pthread_cond_init(&pl->go, NULL);
  pthread_cond_init(&pl->done, NULL);
  pl->th = xmalloc((size_t)threads * sizeof *pl->th);
  for (int i = 0; i + 1 < threads; i++) {
    if (pthread_create(&pl->th[pl->n], NULL, pool_worker, pl) != 0)
      break;
    pl->n++;
  }
}

void topics_pool_stop(struct topics_pool *pl)
{
  pthread_mutex_lock(&pl->mu);
  pl->quit = 1;
  pthread_cond_broadcast(&pl->go);
  pthread_mutex_unlock(&pl->mu);
  for (int i = 0; i < pl->n; i++)
    pthread_join(pl->th[i], NULL);
  free(pl->th);
  pthread_mutex_destroy(&pl->mu);
  pthread_cond_destroy(&pl->go);
  pthread_cond_destroy(&pl->done);
}

/* fn(arg, t) for t in [0, tasks), spread over the pool's threads. */
void topics_pool_run(struct topics_pool *pl, size_t tasks,
                     void (*fn)(void *arg, size_t task), void *arg)
{
  if (!pl->n || tasks < 2) {
    for (size_t t = 0; t < tasks; t++)
      fn(arg, t);
    return;
  }
  pthread_mutex_lock(&pl->mu);
  pl->fn = fn;
  pl->arg = arg;
  pl->tasks = tasks;
  atomic_store(&pl->next, 0);
  pl->busy = pl->n;
  pl->gen++;
  pthread_cond_broadcast(&pl->go);
  pthread_mutex_unlock(&pl->mu);
  pool_drain(pl);
  pthread_mutex_lock(&pl->mu);
  while (pl->busy)
    pthread_cond_wait(&pl->done, &pl->mu);
  pthread_mutex_unlock(&pl->mu);
}
