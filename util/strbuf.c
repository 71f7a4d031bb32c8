/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Growable string buffer with an optional cap.  The cap is what makes it
 * safe for untrusted bytes: a page, a header or a robots.txt can never make
 * netno allocate more than its caller allowed.
 */
#include "util/util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

char strbuf_empty[1];

void strbuf_init(struct strbuf *sb, size_t cap)
{
  sb->buf = strbuf_empty;
  sb->len = 0;
  sb->alloc = 0;
  sb->cap = cap;
}

void strbuf_release(struct strbuf *sb)
{
  if (sb->alloc)
    free(sb->buf);
  strbuf_init(sb, sb->cap);
}

char *strbuf_detach(struct strbuf *sb, size_t *len)
{
  char *s = sb->alloc ? sb->buf : xstrdup("");

  if (len)
    *len = sb->len;
  strbuf_init(sb, sb->cap);
  return s;
}

void strbuf_reset(struct strbuf *sb)
{
  sb->len = 0;
  if (sb->alloc)
    sb->buf[0] = '\0';
}

void strbuf_truncate(struct strbuf *sb, size_t len)
{
  if (len < sb->len) {
    sb->len = len;
    sb->buf[len] = '\0';
  }
}

/* Make room for extra more bytes (plus the NUL); -1 when over the cap. */
static int grow(struct strbuf *sb, size_t extra)
{
  size_t need;

  if (extra > SIZE_MAX - sb->len - 1)
    return -1;
  need = sb->len + extra;
  if (sb->cap && need > sb->cap)
    return -1;
  if (need + 1 <= sb->alloc)
    return 0;
  if (!sb->alloc)
    sb->buf = NULL;
  xgrow((void **)&sb->buf, 1, need + 1, &sb->alloc);
  if (sb->len == 0)
    sb->buf[0] = '\0';
  return 0;
}

int strbuf_add(struct strbuf *sb, const void *data, size_t len)
{
  if (grow(sb, len) < 0)
    return -1;
  if (len)
    memcpy(sb->buf + sb->len, data, len);
  sb->len += len;
  sb->buf[sb->len] = '\0';
  return 0;
}

int strbuf_addstr(struct strbuf *sb, const char *s)
{
  return strbuf_add(sb, s, strlen(s));
}

int strbuf_addch(struct strbuf *sb, int c)
{
  char ch = (char)c;
  return strbuf_add(sb, &ch, 1);
}

int strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap)
{
  va_list cp;
  int n;

  va_copy(cp, ap);
  n = vsnprintf(NULL, 0, fmt, cp);
  va_end(cp);
  if (n < 0 || grow(sb, (size_t)n) < 0)
    return -1;
  vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
  sb->len += (size_t)n;
  return 0;
}

int strbuf_addf(struct strbuf *sb, const char *fmt, ...)
{
  va_list ap;
  int ret;

  va_start(ap, fmt);
  ret = strbuf_vaddf(sb, fmt, ap);
  va_end(ap);
  return ret;
}

void strbuf_trim(struct strbuf *sb)
{
  size_t start = 0;

  while (sb->len && strchr(" \t\r\n\f\v", sb->buf[sb->len - 1]))
    sb->len--;
  while (start < sb->len && strchr(" \t\r\n\f\v", sb->buf[start]))
    start++;
  if (start)
    memmove(sb->buf, sb->buf + start, sb->len - start);
  sb->len -= start;
  if (sb->alloc)
    sb->buf[sb->len] = '\0';
}

int strbuf_read_file(struct strbuf *sb, const char *path)
{
  int is_stdin = !strcmp(path, "-");
  FILE *f = is_stdin ? stdin : fopen(path, "rb");
  char chunk[65536];
  size_t n;
  int ret = -1;

  if (!f)
    return error("cannot open '%s': %s", path, strerror(errno));
  while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
    if (strbuf_add(sb, chunk, n) < 0) {
      error("'%s' is larger than %zu bytes", path, sb->cap);
      goto out;
    }
  }
  if (ferror(f)) {
    error("cannot read '%s': %s", path, strerror(errno));
    goto out;
  }
  ret = 0;
out:
  if (!is_stdin)
    fclose(f);
  return ret;
}

int starts_with(const char *s, const char *prefix)
{
  return !strncmp(s, prefix, strlen(prefix));
}

int ends_with(const char *s, const char *suffix)
{
  size_t n = strlen(s), m = strlen(suffix);
  return n >= m && !memcmp(s + n - m, suffix, m);
}

int istarts_with(const char *s, const char *prefix)
{
  return !strncasecmp(s, prefix, strlen(prefix));
}
