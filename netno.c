/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * netno: a netnography research toolkit.
 *
 * main() parses the global options (--db, -q, -v) and hands the rest of
 * the command line to a subcommand from the table below.  Exit status:
 * 0 done, 1 failed, 2 usage error.
 */
#include "corpus/corpus.h"
#include "crawl/crawl.h"
#include "parse/parse.h"
#include "report/report.h"
#include "run.h"
#include "stats/stats.h"
#include "util/util.h"

#include <getopt.h>
#include <malloc.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * The subcommands.  To add one: write `int cmd_NAME(int argc, char
 * **argv)` in its stage (argv[0] is the command name; return the exit
 * status; handle --help with cmd_print_help()), declare it in the stage's
 * header, add a row here, and document it in netno.1.  A row whose fn is
 * NULL is a command that this version does not have yet: it is listed,
 * prints its synopsis for --help, and otherwise fails with exit status 1.
 */
static const struct command {
  const char *name;
  int (*fn)(int argc, char **argv);
  const char *synopsis;
  const char *summary;
} commands[] = {
    {"crawl", cmd_crawl, "crawl [options] URL...",
     "fetch forum and blog pages into the corpus; re-running resumes"},
    {"import", cmd_import,
     "import [--url URL] [--format FORMAT] [--fetched-at TIME] FILE...",
     "add saved HTML, WARC or mbox files as pages"},
    {"parse", cmd_parse, "parse [--all] [--profile FILE]...",
     "extract threads, posts, authors and relations from pages"},
    {"extract", cmd_extract, "extract FILE [--url URL] [--profile FILE] [--explain]",
     "print the posts of one saved page as JSON lines (no corpus)"},
    {"stats", cmd_stats,
     "stats [--relations KINDS] [--site HOST] [--since DATE] [--until DATE] "
     "[--seed N] [--top N] [--brand NAME]... [--topics K|auto|none] "
     "[--period month|week]",
     "find opinion leaders, communities, topics and the timeline"},
    {"report", cmd_report,
     "report [-o FILE] [--format html|md|json] [--title TEXT] [--since DATE] "
     "[--until DATE] [--pseudonymize] [--key-file FILE]",
     "write the audit report"},
    {"export", cmd_export,
     "export --format FORMAT [-o PATH] [--pseudonymize | --anonymize] "
     "[options]",
     "write a corpus export (CSV, JSON lines, GEXF, GraphML, WARC, QDPX)"},
    {"search", cmd_search,
     "search QUERY [--limit N] [--json] [--author NAME] [--since DATE] "
     "[--until DATE] [--site HOST]",
     "full-text search over posts"},
    {"status", cmd_status, "status [--json] [--check] [--gaps]",
     "show what the corpus holds"},
    {"run", cmd_run,
     "run URL... [crawl options] [--topics K|auto|none] [--brand NAME]... "
     "[-o FILE]",
     "crawl, parse, stats and report in one go"},
};

static const struct command *find_command(const char *name)
{
  for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
    if (!strcmp(commands[i].name, name))
      return &commands[i];
  return NULL;
}

static void print_usage(FILE *out)
{
  fputs("usage: netno [--db FILE] [-q|-v] COMMAND [OPTIONS] [ARGS]\n"
        "       netno help COMMAND\n"
        "       netno --version\n"
        "\n"
        "netno crawls forums and blogs, extracts every post with its author,\n"
        "time, thread and replies into one corpus file, finds the opinion\n"
        "leaders and topics of a community, and writes an audit report.\n"
        "\n"
        "Global options:\n"
        "  --db FILE      the corpus file (default: $NETNO_DB, else "
        "./netno.db)\n"
        "  -q, --quiet    only errors on stderr\n"
        "  -v, --verbose  more detail on stderr\n"
        "  -h, --help     show this help\n"
        "  -V, --version  print the version\n"
        "\n"
        "Commands:\n",
        out);
  for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
    fprintf(out, "  %-8s %s%s\n", commands[i].name, commands[i].summary,
            commands[i].fn ? "" : " (not available yet)");
  fputs("\nSee 'netno help COMMAND' and the manual page netno(1).\n", out);
}

static int usage_error(const char *fmt, const char *arg)
{
  fputs("netno: error: ", stderr);
  fprintf(stderr, fmt, arg);
  fputs("\nusage: netno [--db FILE] [-q|-v] COMMAND [OPTIONS] [ARGS]\n"
        "Try 'netno --help' for the list of commands.\n",
        stderr);
  return 2;
}

/* Run a command row: real, or the note that it is not available yet. */
static int run_command(const struct command *cmd, int argc, char **argv)
{
  if (cmd->fn)
    return cmd->fn(argc, argv);
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
      printf("usage: netno %s\n\n%s.\nThis version of netno does not have "
             "'%s' yet.\n",
             cmd->synopsis, cmd->summary, cmd->name);
      return 0;
    }
  }
  error("'netno %s' is not available in this version (%s) yet", cmd->name,
        NETNO_VERSION);
  return 1;
}

static int cmd_help(int argc, char **argv)
{
  const struct command *cmd;
  char *help_argv[] = {NULL, (char *)"--help", NULL};

  if (argc < 2) {
    print_usage(stdout);
    return 0;
  }
  cmd = find_command(argv[1]);
  if (!cmd)
    return usage_error("unknown command '%s'", argv[1]);
  help_argv[0] = argv[1];
  return run_command(cmd, 2, help_argv);
}

int main(int argc, char **argv)
{
  static const struct option options[] = {
      {"db", required_argument, NULL, 'd'},
      {"quiet", no_argument, NULL, 'q'},
      {"verbose", no_argument, NULL, 'v'},
      {"help", no_argument, NULL, 'h'},
      {"version", no_argument, NULL, 'V'},
      {NULL, 0, NULL, 0},
  };
  const struct command *cmd;
  const char *db = NULL;
  int opt;

  /* Every page passes through buffers of a few hundred KiB (zlib's state,
   * bodies, parse trees): keep them on the heap instead of mapping and
   * unmapping memory for each one. */
  mallopt(M_MMAP_THRESHOLD, 8 * 1024 * 1024);
  mallopt(M_TRIM_THRESHOLD, 64 * 1024 * 1024);
  /* A file grown past the size limit (ulimit -f) is a failed write that
   * netno reports and rolls back like a full disk, not a signal that ends
   * it in the middle. */
  signal(SIGXFSZ, SIG_IGN);

  opterr = 0;
  /* '+': stop at the command name; its options are its own. */
  while ((opt = getopt_long(argc, argv, "+qvhV", options, NULL)) != -1) {
    switch (opt) {
    case 'd':
      if (!*optarg)
        return usage_error("%s: --db wants a file name", "netno");
      db = optarg;
      break;
    case 'q':
      log_set_level(LOG_QUIET);
      break;
    case 'v':
      log_set_level(LOG_VERBOSE);
      break;
    case 'h':
      print_usage(stdout);
      return 0;
    case 'V':
      printf("netno %s\n", NETNO_VERSION);
      return 0;
    default:
      if (optopt && optopt != '?') {
        char o[3] = {'-', (char)optopt, '\0'};
        return usage_error("option '%s' is unknown or needs a value", o);
      }
      return usage_error("option '%s' is unknown or needs a value",
                         argv[optind - 1]);
    }
  }
  if (optind >= argc) {
    print_usage(stderr);
    return 2;
  }
  corpus_set_default_path(db);

  argc -= optind;
  argv += optind;
  if (!strcmp(argv[0], "help"))
    return cmd_help(argc, argv);
  cmd = find_command(argv[0]);
  if (!cmd)
    return usage_error("unknown command '%s'", argv[0]);
  return run_command(cmd, argc, argv);
}
