/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Messages to the user, in one voice: "netno: error: ...", lowercase, no
 * full stop, the subject quoted.  Data goes to stdout, never through here.
 */
#include "util/util.h"

#include <stdio.h>
#include <stdlib.h>

static enum log_level level = LOG_NORMAL;

static void report(const char *prefix, const char *fmt, va_list ap)
{
  progress_clear(); /* never print onto a progress line */
  fflush(stdout);
  fputs("netno: ", stderr);
  if (prefix)
    fputs(prefix, stderr);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
}

int error(const char *fmt, ...)
{
  va_list ap;

  va_start(ap, fmt);
  report("error: ", fmt, ap);
  va_end(ap);
  return -1;
}

void warning(const char *fmt, ...)
{
  va_list ap;

  if (level == LOG_QUIET)
    return;
  va_start(ap, fmt);
  report("warning: ", fmt, ap);
  va_end(ap);
}

void die(const char *fmt, ...)
{
  va_list ap;

  va_start(ap, fmt);
  report("fatal: ", fmt, ap);
  va_end(ap);
  exit(1);
}

void log_set_level(enum log_level l)
{
  level = l;
}

enum log_level log_get_level(void)
{
  return level;
}

void info(const char *fmt, ...)
{
  va_list ap;

  if (level < LOG_NORMAL)
    return;
  va_start(ap, fmt);
  report(NULL, fmt, ap);
  va_end(ap);
}

void verbose(const char *fmt, ...)
{
  va_list ap;

  if (level < LOG_VERBOSE)
    return;
  va_start(ap, fmt);
  report(NULL, fmt, ap);
  va_end(ap);
}
