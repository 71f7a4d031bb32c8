/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Helpers shared by the subcommands' option parsing. */
#include "util/util.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

int cmd_usage_error(const struct cmd_usage *u, const char *fmt, ...)
{
  va_list ap;

  fflush(stdout);
  fputs("netno: error: ", stderr);
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fprintf(stderr, "\nusage: netno %s\nTry 'netno %s --help' for more.\n",
          u->synopsis, u->name);
  return 2;
}

int cmd_print_help(const struct cmd_usage *u)
{
  printf("usage: netno %s\n", u->synopsis);
  if (u->help && *u->help)
    printf("\n%s", u->help);
  return 0;
}

int cmd_bad_option(const struct cmd_usage *u, char **argv)
{
  const char *arg = optind > 0 ? argv[optind - 1] : "?";

  if (optopt && optopt != '?')
    return cmd_usage_error(u, "option '-%c' is unknown or needs a value",
                           optopt);
  return cmd_usage_error(u, "option '%s' is unknown or needs a value", arg);
}

int cmd_parse_uint(const struct cmd_usage *u, const char *opt,
                   const char *text, unsigned long *out)
{
  char *end;
  unsigned long v;

  errno = 0;
  v = strtoul(text, &end, 10);
  if (errno || end == text || *end || *text == '-') {
    cmd_usage_error(u, "%s wants a whole number, not '%s'", opt, text);
    return -1;
  }
  *out = v;
  return 0;
}
