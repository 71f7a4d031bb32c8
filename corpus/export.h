/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Internal to corpus/: what the export writers share.  `netno export`
 * (corpus/export.c) parses the options into struct export_opts, opens the
 * output and calls the writer of the chosen format.  A writer streams
 * from the corpus to out (constant memory however large the corpus) and
 * returns 0, or -1 after reporting; it does not close out.
 */
#ifndef NETNO_CORPUS_EXPORT_H
#define NETNO_CORPUS_EXPORT_H

#include "corpus/corpus.h"

#include <stdint.h>
#include <stdio.h>

struct export_opts {
  const char *format;
  const char *out_path;         /* "-": standard output */
  const char *site;             /* only posts of threads on this host */
  int64_t since, until;         /* published_at bounds (since <= t <
                                   until); 0 leaves that end open */
  struct pseudonymizer *names;  /* how names and text are written; never
                                   NULL (PSEUDONYM_OFF writes them as
                                   they are) */
  char delimiter;               /* CSV formats: ',' or ';' */
  int bom;                      /* CSV formats: a UTF-8 BOM first */
};

typedef int export_writer(struct corpus *c, const struct export_opts *o,
                          FILE *out);

/* WARC/1.1 of the stored pages (corpus/export_warc.c). */
export_writer export_warc;
/* A REFI-QDA project, .qdpx (corpus/export_qdpx.c). */
export_writer export_qdpx;

#endif
