/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The 20 Newsgroups training half (tests/data/20news) read as it is: a
 * .tar.gz of "<top>/<group>/<id>" messages, zlib plus a minimal tar
 * reader.  Of each message's headers only Subject is kept, as the
 * post's title.  Shared by the topic tests and the topic benchmark.
 */
#ifndef NETNO_TESTS_NEWS20_H
#define NETNO_TESTS_NEWS20_H

#include <stddef.h>

struct news {
  char **texts; /* "Subject\nbody" */
  int *label;   /* index into groups */
  size_t n, cap;
  char *groups[32];
  int n_groups;
};

/* Read the messages of the tarball at path, every step-th; 0 or -1. */
int news_read(const char *path, int step, struct news *nw);
void news_release(struct news *nw);

#endif
