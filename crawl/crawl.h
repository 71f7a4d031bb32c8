/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * crawl: fetch forum and blog pages into the corpus, politely and
 * resumably (libcurl multi, robots.txt, per-host scheduling, a frontier
 * that lives in the corpus).  CURL* handles stay inside this module.
 *
 * Not available yet: `netno crawl` reports so and exits 1.
 */
#ifndef NETNO_CRAWL_H
#define NETNO_CRAWL_H

/* `netno crawl`: see crawl.c for the options. */
int cmd_crawl(int argc, char **argv);

#endif
