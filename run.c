/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * `netno run`: crawl, parse, stats and report in one go.
 *
 * The stages stay what they are: run hands each its own options, in the
 * order of the pipeline, and stops at the first that fails.  On a
 * terminal one progress line says which stage of the four runs, how far
 * it is and how long the run has taken (util's progress stages).  Crawl
 * resumes and parse takes only new pages, so running it again continues
 * where it stopped; stats and report are made afresh each time.
 */
#include "corpus/corpus.h"
#include "crawl/crawl.h"
#include "parse/parse.h"
#include "report/report.h"
#include "run.h"
#include "stats/stats.h"
#include "util/util.h"

#include <getopt.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const struct cmd_usage usage = {
    "run",
    "run URL... [crawl options] [--topics K|auto|none] [--brand NAME]... "
    "[--seed N] [--period month|week] [-o FILE] [--format html|md|json] "
    "[--title TEXT] [--pseudonymize] [--key-file FILE] [--engine NAME] "
    "[--strict]",
    "Crawl the URLs, parse the pages, compute the leaders and topics and\n"
    "write the audit report, one stage after the other.  Running it again\n"
    "continues the crawl where it stopped, parses only new pages and makes\n"
    "stats and report afresh.\n"
    "\n"
    "Crawl options: every option of 'netno crawl' (see 'netno help crawl').\n"
    "\n"
    "Parse options (see 'netno help parse'):\n"
    "  --engine NAME         use this engine's profiles and no detection\n"
    "\n"
    "Stats options (see 'netno help stats'):\n"
    "  --topics K|auto|none  topic clusters (default auto)\n"
    "  --brand NAME          an account of the brand studied (repeatable)\n"
    "  --seed N              seed for every random choice (default 1)\n"
    "  --period month|week   periods of the timeline (default month)\n"
    "\n"
    "Report options (see 'netno help report'):\n"
    "  -o, --output FILE     the report (default report.html)\n"
    "  --format FORMAT       html, md or json (default from FILE)\n"
    "  --title TEXT          the report's title\n"
    "  --pseudonymize        stable pseudonyms instead of names\n"
    "  --key-file FILE       the pseudonym key (default: the corpus's)\n"
    "\n"
    "  --strict              exit with status 1 when coverage warnings are\n"
    "                        shown (once, at the end of the run)\n"};

/* Options run hands to parse (P), stats (S) or report (R), or keeps
 * (X); the value, if any, goes along. */
static const struct {
  const char *name;
  char stage;
  int has_arg;
} own[] = {
    {"topics", 'S', 1},  {"brand", 'S', 1},  {"seed", 'S', 1},
    {"period", 'S', 1},  {"output", 'R', 1}, {"format", 'R', 1},
    {"title", 'R', 1},   {"pseudonymize", 'R', 0},
    {"key-file", 'R', 1}, {"engine", 'P', 1}, {"strict", 'X', 0},
};

/* An argument vector being built: argv[0] is the command. */
struct args {
  char **v;
  int n, cap;
};

static void args_add(struct args *a, const char *s)
{
  if (a->n + 2 > a->cap) {
    a->cap = a->cap ? 2 * a->cap : 16;
    a->v = xrealloc(a->v, (size_t)a->cap * sizeof(*a->v));
  }
  a->v[a->n++] = (char *)s;
  a->v[a->n] = NULL;
}

/* Whether --name (crawl's) takes a value: 1, 0, or -1 when crawl has no
 * such option. */
static int crawl_has_arg(const char *name, size_t len)
{
  for (const struct option *o = crawl_options(); o->name; o++)
    if (strlen(o->name) == len && !strncmp(o->name, name, len))
      return o->has_arg == required_argument;
  return -1;
}

/* The report comes last: a folder for it that is missing or not
 * writable is said before the crawl, not after it; 0 or -1. */
static int check_output(const char *out)
{
  char *copy;
  const char *dir;
  int ret = 0;

  if (!strcmp(out, "-"))
    return 0;
  copy = xstrdup(out);
  dir = dirname(copy);
  if (access(dir, F_OK) < 0)
    ret = error("cannot write the report '%s': directory '%s' does not exist",
                out, dir);
  else if (access(dir, W_OK) < 0)
    ret = error("cannot write the report '%s': directory '%s' is not "
                "writable",
                out, dir);
  free(copy);
  return ret;
}

/* One stage: on a terminal the progress line says which, off one
 * nothing but the stage's own summary does. */
static int stage(int n, const char *what, int (*fn)(int, char **),
                 struct args *a)
{
  progress_stage_set(n, 4, what);
  return fn(a->n, a->v);
}

/* The warnings of crawl and parse together; the exit status they make
 * (1 under --strict, or when they cannot be read). */
static int coverage_status(int strict)
{
  struct corpus *c = corpus_open(NULL, CORPUS_READ);
  int warned = c ? corpus_coverage_check(c, CORPUS_COVERAGE_CRAWL |
                                                CORPUS_COVERAGE_PARSE)
                 : -1;

  if (corpus_close(c) < 0)
    warned = -1;
  return warned < 0 || (warned && strict) ? 1 : 0;
}

int cmd_run(int argc, char **argv)
{
  struct args crawl = {0}, parse = {0}, stats = {0}, report = {0};
  const char *out = "report.html";
  int nurls = 0, strict = 0, rc = 2;

  args_add(&crawl, "crawl");
  args_add(&parse, "parse");
  args_add(&stats, "stats");
  args_add(&report, "report");
  for (int i = 1; i < argc; i++) {
    const char *arg = argv[i], *eq;
    size_t len;
    int takes = -1;
    char stage_of = 'C';

    if (!strcmp(arg, "-h") || !strcmp(arg, "--help")) {
      rc = cmd_print_help(&usage);
      goto out;
    }
    if (!strcmp(arg, "-o")) {
      arg = "--output";
    } else if (arg[0] != '-') {
      args_add(&crawl, arg);
      nurls++;
      continue;
    } else if (strncmp(arg, "--", 2)) {
      rc = cmd_usage_error(&usage, "unknown option '%s'", arg);
      goto out;
    }
    eq = strchr(arg + 2, '=');
    len = eq ? (size_t)(eq - (arg + 2)) : strlen(arg + 2);
    for (size_t k = 0; k < ARRAY_SIZE(own); k++)
      if (strlen(own[k].name) == len && !strncmp(own[k].name, arg + 2, len)) {
        stage_of = own[k].stage;
        takes = own[k].has_arg;
      }
    if (stage_of == 'X') {
      if (eq) {
        rc = cmd_usage_error(&usage, "option '--strict' takes no value");
        goto out;
      }
      strict = 1;
      continue;
    }
    if (stage_of == 'C' && (takes = crawl_has_arg(arg + 2, len)) < 0) {
      rc = cmd_usage_error(&usage, "unknown option '%s'", argv[i]);
      goto out;
    }
    {
      struct args *to = stage_of == 'S'   ? &stats
                        : stage_of == 'R' ? &report
                        : stage_of == 'P' ? &parse
                                          : &crawl;
      if (stage_of == 'R' && len == 6 && !strncmp(arg + 2, "output", 6)) {
        /* Kept for the closing line; handed on below. */
        if (eq) {
          out = eq + 1;
        } else if (i + 1 < argc) {
          out = argv[++i];
        } else {
          rc = cmd_usage_error(&usage, "option '%s' needs a value", argv[i]);
          goto out;
        }
        continue;
      }
      args_add(to, argv[i][1] == '-' ? argv[i] : arg);
      if (takes && !eq) {
        if (i + 1 >= argc) {
          rc = cmd_usage_error(&usage, "option '%s' needs a value", argv[i]);
          goto out;
        }
        args_add(to, argv[++i]);
      }
    }
  }
  args_add(&report, "-o");
  args_add(&report, out);
  if (!nurls) {
    rc = cmd_usage_error(&usage, "no URL to crawl");
    goto out;
  }
  if (check_output(out) < 0) {
    rc = 1;
    goto out;
  }
  /* A misspelt engine is better found before the crawl than after it. */
  for (int i = 1; i < parse.n; i++) {
    const char *name = NULL;
    if (!strncmp(parse.v[i], "--engine=", 9))
      name = parse.v[i] + 9;
    else if (!strcmp(parse.v[i], "--engine") && i + 1 < parse.n)
      name = parse.v[++i];
    if (name && parse_engine_check(name) < 0) {
      rc = 1;
      goto out;
    }
  }
  /* The crawl's and parse's warnings are said once, at the end. */
  corpus_coverage_defer(1);
  if ((rc = stage(1, "crawl", cmd_crawl, &crawl)) != 0)
    goto out;
  if ((rc = stage(2, "parse", cmd_parse, &parse)) != 0)
    goto out;
  corpus_coverage_defer(0);
  if ((rc = stage(3, "stats", cmd_stats, &stats)) != 0)
    goto out;
  if ((rc = stage(4, "report", cmd_report, &report)) != 0)
    goto out;
  progress_stage_end();
  info("done: the report is %s", out);
  rc = coverage_status(strict);
out:
  corpus_coverage_defer(0);
  progress_stage_end();
  free(crawl.v);
  free(parse.v);
  free(stats.v);
  free(report.v);
  return rc;
}
