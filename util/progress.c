/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * A progress line for long work.  It draws only on a terminal, so logs and
 * pipes stay clean, and at most ten times a second, so it costs nothing on
 * hot loops.
 */
#include "util/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct progress {
  char *label;
  char *note;
  uint64_t total, done;
  struct timespec start, last;
  int active; /* drawing at all */
  int drawn;  /* a line is on screen */
};

static double seconds_between(const struct timespec *a,
                              const struct timespec *b)
{
  return (double)(b->tv_sec - a->tv_sec) +
         (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

struct progress *progress_new(const char *label, uint64_t total)
{
  struct progress *p = xcalloc(1, sizeof(*p));

  p->label = xstrdup(label);
  p->total = total;
  p->active = isatty(STDERR_FILENO) && log_get_level() != LOG_QUIET;
  clock_gettime(CLOCK_MONOTONIC, &p->start);
  p->last = p->start;
  return p;
}

static void draw(struct progress *p, const struct timespec *now)
{
  double secs = seconds_between(&p->start, now);
  double rate = secs > 0 ? (double)p->done / secs : 0;

  if (p->total)
    fprintf(stderr, "\r\033[K%s: %llu/%llu (%.0f%%), %.1f/s", p->label,
            (unsigned long long)p->done, (unsigned long long)p->total,
            100.0 * (double)p->done / (double)p->total, rate);
  else
    fprintf(stderr, "\r\033[K%s: %llu, %.1f/s", p->label,
            (unsigned long long)p->done, rate);
  if (p->note && *p->note)
    fprintf(stderr, ", %s", p->note);
  fflush(stderr);
  p->drawn = 1;
  p->last = *now;
}

void progress_update(struct progress *p, uint64_t done)
{
  struct timespec now;

  p->done = done;
  if (!p->active)
    return;
  clock_gettime(CLOCK_MONOTONIC, &now);
  if (p->drawn && seconds_between(&p->last, &now) < 0.1 &&
      !(p->total && done == p->total))
    return;
  draw(p, &now);
}

void progress_set_note(struct progress *p, const char *note)
{
  free(p->note);
  p->note = note ? xstrdup(note) : NULL;
}

void progress_free(struct progress *p)
{
  if (!p)
    return;
  if (p->drawn)
    fputs("\r\033[K", stderr);
  free(p->label);
  free(p->note);
  free(p);
}

int progress_is_drawing(const struct progress *p)
{
  return p && p->active;
}
