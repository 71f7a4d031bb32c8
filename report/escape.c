/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Escaping for the report: every string that came from a crawled page
 * (names, titles, post text, URLs) passes through here before it reaches
 * HTML or Markdown.  Only http and https URLs become links.
 */
#include "report/internal.h"

#include <string.h>
#include <strings.h>

void report_html_escape(struct strbuf *sb, const char *s)
{
  for (; s && *s; s++) {
    switch (*s) {
    case '&':
      strbuf_addstr(sb, "&amp;");
      break;
    case '<':
      strbuf_addstr(sb, "&lt;");
      break;
    case '>':
      strbuf_addstr(sb, "&gt;");
      break;
    case '"':
      strbuf_addstr(sb, "&quot;");
      break;
    case '\'':
      strbuf_addstr(sb, "&#39;");
      break;
    default:
      /* control characters other than tab and newline have no place */
      if ((unsigned char)*s < 0x20 && *s != '\n' && *s != '\t')
        strbuf_addch(sb, ' ');
      else
        strbuf_addch(sb, *s);
    }
  }
}

/* Backslash escapes: the ASCII punctuation CommonMark lets one escape
 * that can start markup (emphasis, links, code, headings, lists, tables,
 * strikethrough). */
void report_md_escape(struct strbuf *sb, const char *s)
{
  for (; s && *s; s++) {
    unsigned char ch = (unsigned char)*s;
    if (ch == '<')
      strbuf_addstr(sb, "&lt;");
    else if (ch == '>')
      strbuf_addstr(sb, "&gt;");
    else if (ch == '&')
      strbuf_addstr(sb, "&amp;");
    else if (ch == '\n' || ch == '\r' || ch == '\t' || ch < 0x20)
      strbuf_addch(sb, ' ');
    else if (strchr("\\`*_{}[]()#+-.!|~\"':=", ch)) {
      strbuf_addch(sb, '\\');
      strbuf_addch(sb, (char)ch);
    } else
      strbuf_addch(sb, (char)ch);
  }
}

int report_url_is_safe(const char *url)
{
  if (!url || !(istarts_with(url, "http://") || istarts_with(url, "https://")))
    return 0;
  for (const unsigned char *p = (const unsigned char *)url; *p; p++)
    if (*p <= 0x20 || *p == 0x7f || strchr("\"'<>`\\", *p))
      return 0;
  return 1;
}
