/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Pagination traps: an open-addressing table from a listing's key (a
 * 64-bit hash of its thread key) to the position and content hash of its
 * page fetched last, and where it was cut.
 */
#include "crawl/pagetrap.h"
#include "util/util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct entry {
  uint64_t key;  /* 0: an empty slot */
  uint64_t body; /* the last page's content hash, digits left out */
  int32_t pos;   /* its position in the listing */
  int32_t cut;   /* pages after this one are a trap; 0: not cut */
};

struct pagetrap {
  struct entry *slot;
  size_t cap, n; /* cap: a power of two, or 0 */
};

static uint64_t fnv64(uint64_t h, const unsigned char *s, size_t n,
                      int skip_digits)
{
  for (size_t i = 0; i < n; i++) {
    if (skip_digits && s[i] >= '0' && s[i] <= '9')
      continue;
    h = (h ^ s[i]) * 1099511628211ull;
  }
  return h;
}

/* The listing key of url and its position there (the page number, or
 * the item offset where the URL names one); 0 when url is no page of a
 * listing. */
static uint64_t listing_of(const char *url, int32_t *pos)
{
  int page = 0;
  long offset = -1;
  char *key = url_thread_key(url, &page, &offset);
  uint64_t h;

  if (!key)
    return 0;
  *pos = page > 0                            ? page
         : offset >= 0 && offset < INT32_MAX ? (int32_t)offset
                                             : -1;
  h = fnv64(14695981039346656037ull, (const unsigned char *)key, strlen(key),
            0);
  free(key);
  if (*pos < 0)
    return 0;
  return h ? h : 1;
}

static struct entry *find(const struct pagetrap *t, uint64_t key)
{
  if (!t->cap)
    return NULL;
  for (size_t i = key & (t->cap - 1);; i = (i + 1) & (t->cap - 1)) {
    if (t->slot[i].key == key || !t->slot[i].key)
      return &t->slot[i];
  }
}

static void grow(struct pagetrap *t)
{
  struct pagetrap bigger = {0};

  bigger.cap = t->cap ? 2 * t->cap : 1024;
  bigger.slot = xcalloc(bigger.cap, sizeof(*bigger.slot));
  for (size_t i = 0; i < t->cap; i++)
    if (t->slot[i].key)
      *find(&bigger, t->slot[i].key) = t->slot[i];
  free(t->slot);
  t->slot = bigger.slot;
  t->cap = bigger.cap;
}

struct pagetrap *pagetrap_new(void)
{
  return xcalloc(1, sizeof(struct pagetrap));
}

void pagetrap_free(struct pagetrap *t)
{
  if (!t)
    return;
  free(t->slot);
  free(t);
}

int pagetrap_add(struct pagetrap *t, const char *url, const void *body,
                 size_t len)
{
  int32_t pos;
  uint64_t key = listing_of(url, &pos), hash;
  struct entry *e;

  if (!key)
    return 0;
  hash = fnv64(14695981039346656037ull, body, len, 1);
  if ((t->n + 1) * 2 > t->cap)
    grow(t);
  e = find(t, key);
  if (!e->key) {
    e->key = key;
    e->pos = pos;
    e->body = hash;
    t->n++;
    return 0;
  }
  if (pos > e->pos && hash == e->body) {
    if (!e->cut || pos < e->cut)
      e->cut = pos;
    return 1;
  }
  if (pos != e->pos) {
    e->pos = pos;
    e->body = hash;
  }
  return 0;
}

int pagetrap_cut(const struct pagetrap *t, const char *url)
{
  int32_t pos;
  uint64_t key = listing_of(url, &pos);
  const struct entry *e = key ? find(t, key) : NULL;

  return e && e->key && e->cut && pos > e->cut;
}
