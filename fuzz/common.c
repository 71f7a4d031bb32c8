/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Helpers shared by the harnesses: inputs as strings, lines and memory
 * files.
 */
#include "fuzz/fuzz.h"
#include "util/util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

char *fuzz_string(const uint8_t *data, size_t size)
{
  char *s = xmalloc(size + 1);

  if (size)
    memcpy(s, data, size);
  s[size] = '\0';
  return s;
}

size_t fuzz_first_line(const uint8_t *data, size_t size, size_t max,
                       char **line)
{
  const uint8_t *nl = memchr(data, '\n', size < max ? size : max);
  size_t n;

  *line = NULL;
  if (!nl)
    return 0;
  n = (size_t)(nl - data);
  if (n && data[n - 1] == '\r')
    n--;
  *line = fuzz_string(data, n);
  return (size_t)(nl - data) + 1;
}

/* Write all of data to fd; -1 on a write error. */
static int write_all(int fd, const uint8_t *data, size_t size)
{
  while (size) {
    ssize_t n = write(fd, data, size);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return -1;
    data += n;
    size -= (size_t)n;
  }
  return 0;
}

int fuzz_file_open(const uint8_t *data, size_t size, char *path,
                   size_t path_size)
{
  int fd = memfd_create("netno-fuzz", MFD_CLOEXEC);

  if (fd < 0)
    return error("cannot create memory file: %s", strerror(errno));
  if (write_all(fd, data, size) < 0) {
    error("cannot write memory file: %s", strerror(errno));
    close(fd);
    return -1;
  }
  snprintf(path, path_size, "/proc/self/fd/%d", fd);
  return fd;
}

void fuzz_file_close(int fd)
{
  if (fd >= 0)
    close(fd);
}
