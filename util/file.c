/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Files written whole or not at all: exports and reports go to PATH.tmp,
 * which replaces PATH only once every byte is on disk. */
#include "util/util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

FILE *atomic_file_open(const char *path, char **tmp)
{
  FILE *f;

  *tmp = xasprintf("%s.tmp", path);
  f = fopen(*tmp, "wb");
  if (!f) {
    error("cannot write '%s': %s", path, strerror(errno));
    free(*tmp);
    *tmp = NULL;
  }
  return f;
}

int atomic_file_close(FILE *f, const char *path, char *tmp, int ok)
{
  int ret = -1;

  if (ok) {
    if (fflush(f) != 0 || ferror(f) || fsync(fileno(f)) != 0) {
      error("cannot write '%s': %s", path, strerror(errno));
      ok = 0;
    }
  }
  if (fclose(f) != 0 && ok) {
    error("cannot write '%s': %s", path, strerror(errno));
    ok = 0;
  }
  if (ok && rename(tmp, path) != 0)
    error("cannot rename '%s' to '%s': %s", tmp, path, strerror(errno));
  else if (ok)
    ret = 0;
  if (ret < 0)
    unlink(tmp);
  free(tmp);
  return ret;
}
