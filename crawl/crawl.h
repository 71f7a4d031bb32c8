/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * crawl: fetch forum and blog pages into the corpus, politely and
 * resumably (libcurl multi, robots.txt, per-host scheduling, a frontier
 * that lives in the corpus).  CURL* handles stay inside this module.
 */
#ifndef NETNO_CRAWL_H
#define NETNO_CRAWL_H

#include <getopt.h>

/* `netno crawl`: see crawl.c for the options. */
int cmd_crawl(int argc, char **argv);
/* crawl's long options (getopt_long's table, ending in a zero row). */
const struct option *crawl_options(void);

#endif
