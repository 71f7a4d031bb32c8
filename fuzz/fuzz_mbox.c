/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * mbox and RFC 5322 messages (corpus/mbox.h).  The input is parsed as one
 * message from memory (mbox_parse_message()), then read as an mbox file
 * with mbox_next() and again with mbox_next_raw(); its first line goes
 * through the header helpers (RFC 2047 decoding, dates, subjects).
 */
#include "corpus/mbox.h"
#include "fuzz/fuzz.h"

#include <stdlib.h>
#include <string.h>

/* The strings mbox.h promises are never NULL. */
static void check_message(const struct mbox_message *m)
{
  if (!m->message_id || !m->text || !m->quoted)
    abort();
}

/* Read the memory file at path as an mbox, parsed and raw. */
static void read_mbox(const char *path)
{
  struct mbox_reader *r = mbox_open(path);
  struct mbox_message m;
  const char *raw;
  size_t len;
  uint64_t offset;

  if (!r)
    return;
  memset(&m, 0, sizeof(m));
  while (mbox_next(r, &m) == 1) {
    check_message(&m);
    mbox_message_release(&m);
  }
  mbox_close(r);
  r = mbox_open(path);
  if (!r)
    return;
  while (mbox_next_raw(r, &raw, &len, &offset) == 1) {
    if (mbox_looks_like_message(raw, len)) {
      mbox_parse_message(raw, len, &m);
      check_message(&m);
      mbox_message_release(&m);
    }
  }
  mbox_close(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  struct mbox_message m;
  char path[64], *line;
  int fd, offset_min;
  int64_t t;

  memset(&m, 0, sizeof(m));
  mbox_parse_message((const char *)data, size, &m);
  check_message(&m);
  mbox_message_release(&m);

  fd = fuzz_file_open(data, size, path, sizeof(path));
  if (fd >= 0) {
    read_mbox(path);
    fuzz_file_close(fd);
  }

  fuzz_first_line(data, size, 4096, &line);
  if (line) {
    free(mbox_decode_header(line));
    free(mbox_thread_subject(line));
    mbox_parse_date(line, &t, &offset_min);
    free(line);
  }
  return 0;
}
