/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * A plain main() for a harness, without libFuzzer: feeds each file named
 * on the command line (or each file in a named directory) to
 * LLVMFuzzerTestOneInput() once.  Used by `make check` to replay the
 * regression inputs and seeds; a crash or a sanitizer report is the
 * failure.  Exit status 0 when every input was read and run.
 */
#include "fuzz/fuzz.h"
#include "util/util.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Read path and run the harness on its bytes. */
static int replay_file(const char *path)
{
  struct strbuf sb = STRBUF_INIT;

  if (strbuf_read_file(&sb, path) < 0) {
    strbuf_release(&sb);
    return -1;
  }
  LLVMFuzzerTestOneInput((const uint8_t *)sb.buf, sb.len);
  strbuf_release(&sb);
  return 0;
}

/* Run every regular file in directory dir, in no particular order. */
static int replay_dir(const char *dir)
{
  DIR *d = opendir(dir);
  struct dirent *e;
  int ret = 0;

  if (!d)
    return error("cannot open '%s': %s", dir, strerror(errno));
  while ((e = readdir(d))) {
    char *path;
    struct stat st;

    if (e->d_name[0] == '.')
      continue;
    path = xasprintf("%s/%s", dir, e->d_name);
    if (!stat(path, &st) && S_ISREG(st.st_mode) && replay_file(path) < 0)
      ret = -1;
    free(path);
  }
  closedir(d);
  return ret;
}

int main(int argc, char **argv)
{
  int ret = 0;

  for (int i = 1; i < argc; i++) {
    struct stat st;

    if (stat(argv[i], &st) < 0) {
      ret = error("cannot open '%s': %s", argv[i], strerror(errno));
      continue;
    }
    if ((S_ISDIR(st.st_mode) ? replay_dir(argv[i]) : replay_file(argv[i])) < 0)
      ret = -1;
  }
  return ret < 0 ? 1 : 0;
}
