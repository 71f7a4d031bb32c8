/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * A progress line for long work.  It draws only on a terminal, so logs and
 * pipes stay clean, and at most ten times a second, so it costs nothing on
 * hot loops.
 *
 * A command that runs others one after the other (`netno run`) names the
 * stage it is in with progress_stage_set(): while a stage is set, there is
 * still one line, now "[k/n] " before the label and the time since the
 * first stage began after it, whichever stage draws it.  The line is one
 * per process (stderr), so the stage and whether a line is on screen are
 * kept here; messages clear the line before they print.
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
  int drawn;  /* this progress has drawn its line */
};

/* The stage of a pipeline, when one is set (n > 0). */
static struct {
  int k, n;
  char name[32];
  struct timespec start; /* when stage 1 began */
} stage;

static int line_on_screen;

static double seconds_between(const struct timespec *a,
                              const struct timespec *b)
{
  return (double)(b->tv_sec - a->tv_sec) +
         (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

static int can_draw(void)
{
  return isatty(STDERR_FILENO) && log_get_level() != LOG_QUIET;
}

struct progress *progress_new(const char *label, uint64_t total)
{
  struct progress *p = xcalloc(1, sizeof(*p));

  p->label = xstrdup(label);
  p->total = total;
  p->active = can_draw();
  clock_gettime(CLOCK_MONOTONIC, &p->start);
  p->last = p->start;
  return p;
}

/* "[k/n] " before a line, when a stage is set. */
static void draw_stage_prefix(void)
{
  if (stage.n)
    fprintf(stderr, "[%d/%d] ", stage.k, stage.n);
}

/* ", 1:05 elapsed" after a line, when a stage is set. */
static void draw_stage_elapsed(const struct timespec *now)
{
  long secs;

  if (!stage.n)
    return;
  secs = (long)seconds_between(&stage.start, now);
  fprintf(stderr, ", %ld:%02ld elapsed", secs / 60, secs % 60);
}

static void draw(struct progress *p, const struct timespec *now)
{
  double secs = seconds_between(&p->start, now);
  double rate = secs > 0 ? (double)p->done / secs : 0;

  fputs("\r\033[K", stderr);
  draw_stage_prefix();
  if (p->total)
    fprintf(stderr, "%s: %llu/%llu (%.0f%%), %.1f/s", p->label,
            (unsigned long long)p->done, (unsigned long long)p->total,
            100.0 * (double)p->done / (double)p->total, rate);
  else
    fprintf(stderr, "%s: %llu, %.1f/s", p->label, (unsigned long long)p->done,
            rate);
  if (p->note && *p->note)
    fprintf(stderr, ", %s", p->note);
  draw_stage_elapsed(now);
  fflush(stderr);
  p->drawn = 1;
  line_on_screen = 1;
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
    progress_clear();
  free(p->label);
  free(p->note);
  free(p);
}

int progress_is_drawing(const struct progress *p) { return p && p->active; }

void progress_clear(void)
{
  if (!line_on_screen)
    return;
  fputs("\r\033[K", stderr);
  fflush(stderr);
  line_on_screen = 0;
}

void progress_stage_set(int k, int n, const char *name)
{
  struct timespec now;

  clock_gettime(CLOCK_MONOTONIC, &now);
  if (!stage.n)
    stage.start = now;
  stage.k = k;
  stage.n = n;
  snprintf(stage.name, sizeof(stage.name), "%s", name);
  if (!can_draw())
    return;
  /* the stage's own line, until its work draws one */
  fputs("\r\033[K", stderr);
  draw_stage_prefix();
  fputs(stage.name, stderr);
  draw_stage_elapsed(&now);
  fflush(stderr);
  line_on_screen = 1;
}

void progress_stage_end(void)
{
  progress_clear();
  memset(&stage, 0, sizeof(stage));
}
