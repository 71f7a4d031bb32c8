/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Text in terminal columns: names in tables line up whatever their
 * script (utf8proc's character widths). */
#include "util/util.h"

#include <utf8proc.h>

void strbuf_add_columns(struct strbuf *sb, const char *s, int width)
{
  const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)(s ? s : "");
  int used = 0;

  while (*p) {
    utf8proc_int32_t cp;
    utf8proc_ssize_t n = utf8proc_iterate(p, -1, &cp);
    int w;
    if (n <= 0) { /* not UTF-8: one column for the byte, shown as '?' */
      cp = '?';
      n = 1;
    }
    w = utf8proc_charwidth(cp);
    if (w < 0)
      w = 0;
    if (used + w > width)
      break;
    if (cp == '?' && n == 1 && *p != '?')
      strbuf_addch(sb, '?');
    else
      strbuf_add(sb, p, (size_t)n);
    used += w;
    p += n;
  }
  for (; used < width; used++)
    strbuf_addch(sb, ' ');
}
