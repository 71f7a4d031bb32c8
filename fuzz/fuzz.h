/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz: libFuzzer harnesses for netno's parsers of outside input, one
 * fuzz/fuzz_NAME.c each.  Every harness defines LLVMFuzzerTestOneInput();
 * it is linked either with libFuzzer (`make fuzz`) or with fuzz/replay.c,
 * a plain main() that feeds it files (the regression replay of
 * `make check`).  The helpers below are in fuzz/common.c.
 *
 * A harness frees everything it allocates and writes no files: inputs an
 * API wants as a path are handed over as an anonymous memory file.
 */
#ifndef NETNO_FUZZ_H
#define NETNO_FUZZ_H

#include <stddef.h>
#include <stdint.h>

/* The fetch time harnesses use for relative dates:
 * 2019-11-21T12:00:00Z (`date -u -d @1574337600`). */
#define FUZZ_REF_TIME 1574337600

/* The entry point libFuzzer calls; 0 always. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* data as a NUL-terminated string (cut at its first NUL byte by whoever
 * reads it as a string).  Caller frees with free(). */
char *fuzz_string(const uint8_t *data, size_t size);

/*
 * Split off the first line: when data holds a '\n' within its first max
 * bytes, *line gets the bytes before it (a new string, a trailing '\r'
 * removed; caller frees) and the offset after the '\n' is returned;
 * otherwise *line is NULL and 0 is returned.
 */
size_t fuzz_first_line(const uint8_t *data, size_t size, size_t max,
                       char **line);

/*
 * data as an anonymous in-memory file (memfd): its readable path
 * ("/proc/self/fd/N") goes into path, and the descriptor is returned
 * for fuzz_file_close(); -1 (reported) on failure.
 */
int fuzz_file_open(const uint8_t *data, size_t size, char *path,
                   size_t path_size);
void fuzz_file_close(int fd);

#endif
