/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Internal to corpus/: a streaming WARC reader for `netno import` (and
 * the round-trip tests of the WARC export).  One record at a time, so an
 * archive of any size is read in constant memory.
 */
#ifndef NETNO_CORPUS_WARC_H
#define NETNO_CORPUS_WARC_H

#include <stddef.h>
#include <stdint.h>

struct warc_reader;

/*
 * One record.  For a response record with an HTTP message, http_status,
 * http_headers ("Name: value\n" lines) and http_content_type are set and
 * body is the payload with transfer and content coding undone; for other
 * records body is the record block.  skipped: the record was larger than
 * netno keeps and was passed over; damaged: truncated or badly coded
 * (what could be read is in body).  Strings are owned by the record;
 * release with warc_record_release().
 */
struct warc_record {
  char *type, *target_uri, *date, *ip, *content_type;
  int http_status;
  char *http_headers, *http_content_type;
  char *body; /* NUL-terminated */
  size_t body_len;
  int skipped, damaged;
};

/* Open a .warc or .warc.gz file; NULL (reported) on failure. */
struct warc_reader *warc_open(const char *path);
/* 1: a record was read; 0: end of file; -1: malformed (reported). */
int warc_next(struct warc_reader *r, struct warc_record *rec);
void warc_record_release(struct warc_record *rec);
void warc_close(struct warc_reader *r);

#endif
