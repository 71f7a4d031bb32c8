/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The 20 Newsgroups reader; see news20.h. */
#include "tests/unit/news20.h"
#include "util/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zlib.h>

/* The group index of a folder name, added when new. */
static int group_of(struct news *nw, const char *name, size_t len)
{
  for (int i = 0; i < nw->n_groups; i++)
    if (strlen(nw->groups[i]) == len && !memcmp(nw->groups[i], name, len))
      return i;
  if (nw->n_groups == 32)
    return -1;
  nw->groups[nw->n_groups] = xstrndup(name, len);
  return nw->n_groups++;
}

/* A message to "Subject line + body": other headers dropped. */
static char *message_text(const char *m, size_t len)
{
  struct strbuf b;
  size_t i = 0;

  strbuf_init(&b, 0);
  while (i < len) {
    const char *eol = memchr(m + i, '\n', len - i);
    size_t ll = eol ? (size_t)(eol - (m + i)) : len - i;
    if (ll == 0) {
      i++;
      break;
    }
    if (ll > 8 && !strncasecmp(m + i, "Subject:", 8)) {
      strbuf_add(&b, m + i + 8, ll - 8);
      strbuf_addch(&b, '\n');
    }
    i += ll + 1;
  }
  if (i < len)
    strbuf_add(&b, m + i, len - i);
  return strbuf_detach(&b, NULL);
}

/* Read regular files "<top>/<group>/<id>" from a .tar.gz; keep every
 * step-th. */
int news_read(const char *path, int step, struct news *nw)
{
  gzFile gz = gzopen(path, "rb");
  unsigned char h[512];
  size_t seen = 0;

  if (!gz)
    return -1;
  while (gzread(gz, h, 512) == 512 && h[0]) {
    char name[256], sz[13];
    size_t size, padded;
    char *data;
    const char *slash1, *slash2;
    size_t pl = strnlen((const char *)h + 345, 155);

    name[0] = '\0';
    if (pl)
      snprintf(name, sizeof name, "%.*s/", (int)pl, (const char *)h + 345);
    snprintf(name + strlen(name), sizeof name - strlen(name), "%.*s",
             (int)strnlen((const char *)h, 100), (const char *)h);
    memcpy(sz, h + 124, 12);
    sz[12] = '\0';
    size = (size_t)strtoull(sz, NULL, 8);
    padded = (size + 511) / 512 * 512;
    data = xmalloc(padded + 1);
    if (padded && gzread(gz, data, (unsigned)padded) != (int)padded) {
      free(data);
      break;
    }
    slash1 = strchr(name, '/');
    slash2 = slash1 ? strchr(slash1 + 1, '/') : NULL;
    if ((h[156] == '0' || h[156] == '\0') && slash2 && slash2[1] &&
        seen++ % (size_t)step == 0) {
      int g = group_of(nw, slash1 + 1, (size_t)(slash2 - slash1 - 1));
      if (nw->n == nw->cap) {
        nw->cap = nw->cap ? nw->cap * 2 : 1024;
        nw->texts = xrealloc(nw->texts, nw->cap * sizeof *nw->texts);
        nw->label = xrealloc(nw->label, nw->cap * sizeof *nw->label);
      }
      nw->texts[nw->n] = message_text(data, size);
      nw->label[nw->n++] = g;
    }
    free(data);
  }
  gzclose(gz);
  return 0;
}

void news_release(struct news *nw)
{
  for (size_t i = 0; i < nw->n; i++)
    free(nw->texts[i]);
  for (int i = 0; i < nw->n_groups; i++)
    free(nw->groups[i]);
  free(nw->texts);
  free(nw->label);
}
