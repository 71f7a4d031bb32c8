/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Allocation that never returns NULL: out of memory is fatal. */
#include "util/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void *check(void *p, size_t size)
{
  if (!p && size)
    die("out of memory (allocating %zu bytes)", size);
  return p;
}

void *xmalloc(size_t size)
{
  return check(malloc(size ? size : 1), size);
}

void *xcalloc(size_t nmemb, size_t size)
{
  if (size && nmemb > SIZE_MAX / size)
    die("out of memory (allocating %zu x %zu bytes)", nmemb, size);
  return check(calloc(nmemb ? nmemb : 1, size ? size : 1), nmemb * size);
}

void *xrealloc(void *ptr, size_t size)
{
  return check(realloc(ptr, size ? size : 1), size);
}

char *xstrdup(const char *s)
{
  size_t n = strlen(s);
  char *p = xmalloc(n + 1);
  memcpy(p, s, n + 1);
  return p;
}

char *xstrndup(const char *s, size_t n)
{
  size_t len = strnlen(s, n);
  char *p = xmalloc(len + 1);
  memcpy(p, s, len);
  p[len] = '\0';
  return p;
}

void xgrow(void **array, size_t elem, size_t need, size_t *alloc)
{
  size_t n;

  if (need <= *alloc)
    return;
  n = *alloc ? *alloc : 8;
  while (n < need) {
    if (n > SIZE_MAX / 2 / elem)
      die("out of memory (growing an array to %zu elements)", need);
    n *= 2;
  }
  *array = xrealloc(*array, n * elem);
  *alloc = n;
}

char *xasprintf(const char *fmt, ...)
{
  va_list ap;
  char *s;
  int n;

  va_start(ap, fmt);
  n = vasprintf(&s, fmt, ap);
  va_end(ap);
  if (n < 0)
    die("out of memory (formatting a string)");
  return s;
}
