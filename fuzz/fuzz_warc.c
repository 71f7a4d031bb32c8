/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * WARC reading (corpus/warc.h): the input is a .warc or .warc.gz file,
 * handed to warc_open() as a memory file and read to its end.
 */
#include "corpus/warc.h"
#include "fuzz/fuzz.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  char path[64];
  int fd = fuzz_file_open(data, size, path, sizeof(path));
  struct warc_reader *r;
  struct warc_record rec;

  if (fd < 0)
    return 0;
  r = warc_open(path);
  if (r) {
    memset(&rec, 0, sizeof(rec));
    while (warc_next(r, &rec) == 1) {
      if (rec.body && strlen(rec.body) > rec.body_len)
        abort();
      warc_record_release(&rec);
    }
    warc_record_release(&rec);
    warc_close(r);
  }
  fuzz_file_close(fd);
  return 0;
}
