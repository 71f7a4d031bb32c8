/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * mbox archives into messages.  Mail in the wild is old, mislabelled and
 * broken, so every step here is lenient: an unknown charset falls back to
 * windows-1252, a malformed encoded-word stays as written, a missing
 * boundary makes the body plain text, and no input makes parsing fail.
 * Sizes are capped so that a hostile archive cannot make netno allocate
 * more than MBOX_MESSAGE_MAX (times a small factor) per message.
 */
#include "corpus/mbox.h"
#include "util/util.h"

#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <libxml/HTMLparser.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

/* Unfolded header values longer than this are cut. */
#define HEADER_VALUE_MAX (256u * 1024)
/* Header fields kept per message or part. */
#define HEADERS_MAX 2000
/* Nesting of multiparts (and of HTML elements) followed. */
#define MIME_DEPTH_MAX 16
#define HTML_DEPTH_MAX 200
/* Decoded and converted text kept per message. */
#define TEXT_MAX (3u * MBOX_MESSAGE_MAX)

/* ---- small string helpers ---------------------------------------------- */

static int is_wsp(int c) { return c == ' ' || c == '\t'; }
static void from_line_date(const char *s, struct mbox_message *m);

static const char *skip_wsp(const char *s)
{
  while (is_wsp((unsigned char)*s) || *s == '\r' || *s == '\n')
    s++;
  return s;
}

/* A copy of s[0..n) with surrounding whitespace removed. */
static char *trimmed_dup(const char *s, size_t n)
{
  while (n && isspace((unsigned char)*s)) {
    s++;
    n--;
  }
  while (n && isspace((unsigned char)s[n - 1]))
    n--;
  return xstrndup(s, n);
}

/* ---- UTF-8 and charsets ------------------------------------------------ */

/* Append s[0..n) as valid UTF-8: invalid sequences become U+FFFD, NUL
 * bytes are dropped.  -1 when the cap is reached. */
static int utf8_add_valid(struct strbuf *out, const char *s, size_t n)
{
  const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
  size_t i = 0, run = 0;

  while (i < n) {
    utf8proc_int32_t cp;
    utf8proc_ssize_t k;

    if (p[i] < 0x80 && p[i]) {
      i++;
      run++;
      continue;
    }
    if (run && strbuf_add(out, s + i - run, run) < 0)
      return -1;
    run = 0;
    if (!p[i]) {
      i++;
      continue;
    }
    k = utf8proc_iterate(p + i, (utf8proc_ssize_t)(n - i), &cp);
    if (k < 0) {
      if (strbuf_add(out, "\xEF\xBF\xBD", 3) < 0)
        return -1;
      i++;
    } else {
      if (strbuf_add(out, s + i, (size_t)k) < 0)
        return -1;
      i += (size_t)k;
    }
  }
  if (run && strbuf_add(out, s + n - run, run) < 0)
    return -1;
  return 0;
}

static int utf8_is_valid(const char *s, size_t n)
{
  const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
  size_t i = 0;

  while (i < n) {
    utf8proc_int32_t cp;
    utf8proc_ssize_t k;

    if (p[i] < 0x80) {
      i++;
      continue;
    }
    k = utf8proc_iterate(p + i, (utf8proc_ssize_t)(n - i), &cp);
    if (k < 0)
      return 0;
    i += (size_t)k;
  }
  return 1;
}

static int utf8_add_cp(struct strbuf *out, int32_t cp)
{
  utf8proc_uint8_t b[4];
  utf8proc_ssize_t k = utf8proc_encode_char(cp, b);

  return strbuf_add(out, b, (size_t)k);
}

/* windows-1252 0x80..0x9F (WHATWG encoding standard); the five holes map
 * to the C1 control of the same value, as browsers do. */
static const uint16_t cp1252_high[32] = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
    0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};

/* windows-1252 (which is what "iso-8859-1" and "us-ascii" mail with 8-bit
 * bytes mean in practice) into UTF-8.  Never fails except on the cap. */
static int cp1252_add(struct strbuf *out, const char *s, size_t n)
{
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    int rc;

    if (!c)
      continue;
    if (c < 0x80)
      rc = strbuf_addch(out, c);
    else if (c < 0xA0)
      rc = utf8_add_cp(out, cp1252_high[c - 0x80]);
    else
      rc = utf8_add_cp(out, c);
    if (rc < 0)
      return -1;
  }
  return 0;
}

/* Labels mailers use that glibc iconv does not know, and the encoding
 * they mean. */
static const struct {
  const char *label, *iconv_name;
} charset_aliases[] = {
    {"ks_c_5601-1987", "CP949"},    {"ks_c_5601", "CP949"},
    {"x-sjis", "SHIFT_JIS"},        {"x-gbk", "GBK"},
    {"gb2312", "GB18030"},          {"x-euc-tw", "EUC-TW"},
    {"iso-8859-8-i", "ISO-8859-8"}, {"x-mac-roman", "MACINTOSH"},
    {"unicode-1-1-utf-7", "UTF-7"}, {"x-user-defined", "WINDOWS-1252"},
};

/* Is this label one of the names of ASCII, Latin-1 or windows-1252? */
static int charset_is_western(const char *cs)
{
  static const char *const names[] = {
      "us-ascii",   "ascii",        "ansi_x3.4-1968", "iso-8859-1",
      "iso8859-1",  "iso_8859-1",   "latin1",         "latin-1",
      "l1",         "windows-1252", "cp1252",         "x-cp1252",
      "iso-ir-100", "cp819",        "ibm819",         "us"};

  for (size_t i = 0; i < ARRAY_SIZE(names); i++)
    if (!strcasecmp(cs, names[i]))
      return 1;
  return 0;
}

/* Convert with iconv; invalid input bytes become U+FFFD.  -1 when the
 * charset is unknown to iconv or the cap is reached. */
static int iconv_add(struct strbuf *out, const char *cs, const char *s,
                     size_t n)
{
  iconv_t cd = iconv_open("UTF-8", cs);
  char *in = (char *)s;
  size_t inleft = n;
  char chunk[4096];
  int ret = 0;

  if (cd == (iconv_t)-1)
    return -1;
  while (inleft) {
    char *o = chunk;
    size_t oleft = sizeof(chunk);
    size_t rc = iconv(cd, &in, &inleft, &o, &oleft);
    int err = rc == (size_t)-1 ? errno : 0;

    if (utf8_add_valid(out, chunk, sizeof(chunk) - oleft) < 0) {
      ret = -2;
      break;
    }
    if (err == EILSEQ || err == EINVAL) {
      if (strbuf_add(out, "\xEF\xBF\xBD", 3) < 0) {
        ret = -2;
        break;
      }
      in++;
      inleft--;
    } else if (err && err != E2BIG) {
      break;
    }
  }
  if (ret == 0) {
    /* flush a stateful encoding's shift state */
    char *o = chunk;
    size_t oleft = sizeof(chunk);
    iconv(cd, NULL, NULL, &o, &oleft);
    if (utf8_add_valid(out, chunk, sizeof(chunk) - oleft) < 0)
      ret = -2;
  }
  iconv_close(cd);
  return ret == -2 ? -1 : 0;
}

/*
 * Bytes in charset cs (NULL when unknown) to UTF-8.  Anything that cannot
 * be converted is kept as UTF-8 when it is valid UTF-8, else read as
 * windows-1252: netno never drops a message for its encoding.  -1 only
 * when out's cap is reached.
 */
static int charset_add(struct strbuf *out, const char *cs, const char *s,
                       size_t n)
{
  char name[64];
  size_t k = 0;

  if (cs) {
    while (*cs && (isspace((unsigned char)*cs) || *cs == '"'))
      cs++;
    while (cs[k] && k + 1 < sizeof(name) && cs[k] != '"' && cs[k] != '*' &&
           !isspace((unsigned char)cs[k])) {
      name[k] = (char)tolower((unsigned char)cs[k]);
      k++;
    }
  }
  name[k] = '\0';
  if (!strcmp(name, "utf-8") || !strcmp(name, "utf8"))
    return utf8_add_valid(out, s, n);
  if (!k || charset_is_western(name) || !strcmp(name, "unknown-8bit") ||
      !strcmp(name, "x-unknown") || !strcmp(name, "default")) {
    if (utf8_is_valid(s, n))
      return utf8_add_valid(out, s, n);
    return cp1252_add(out, s, n);
  }
  for (size_t i = 0; i < ARRAY_SIZE(charset_aliases); i++)
    if (!strcmp(name, charset_aliases[i].label)) {
      snprintf(name, sizeof(name), "%s", charset_aliases[i].iconv_name);
      break;
    }
  {
    size_t before = out->len;
    int rc = iconv_add(out, name, s, n);

    if (rc == 0)
      return 0;
    if (out->len != before) /* the cap, not an unknown charset */
      return -1;
  }
  if (utf8_is_valid(s, n))
    return utf8_add_valid(out, s, n);
  return cp1252_add(out, s, n);
}

/* A new NFC copy of valid UTF-8 s; caller frees. */
static char *nfc_dup(const char *s)
{
  char *r = (char *)utf8proc_NFC((const utf8proc_uint8_t *)s);

  return r ? r : xstrdup(s);
}

/* ---- RFC 2047 encoded-words -------------------------------------------- */

static const signed char b64_table[256] = {
    ['A'] = 1,  ['B'] = 2,  ['C'] = 3,  ['D'] = 4,  ['E'] = 5,  ['F'] = 6,
    ['G'] = 7,  ['H'] = 8,  ['I'] = 9,  ['J'] = 10, ['K'] = 11, ['L'] = 12,
    ['M'] = 13, ['N'] = 14, ['O'] = 15, ['P'] = 16, ['Q'] = 17, ['R'] = 18,
    ['S'] = 19, ['T'] = 20, ['U'] = 21, ['V'] = 22, ['W'] = 23, ['X'] = 24,
    ['Y'] = 25, ['Z'] = 26, ['a'] = 27, ['b'] = 28, ['c'] = 29, ['d'] = 30,
    ['e'] = 31, ['f'] = 32, ['g'] = 33, ['h'] = 34, ['i'] = 35, ['j'] = 36,
    ['k'] = 37, ['l'] = 38, ['m'] = 39, ['n'] = 40, ['o'] = 41, ['p'] = 42,
    ['q'] = 43, ['r'] = 44, ['s'] = 45, ['t'] = 46, ['u'] = 47, ['v'] = 48,
    ['w'] = 49, ['x'] = 50, ['y'] = 51, ['z'] = 52, ['0'] = 53, ['1'] = 54,
    ['2'] = 55, ['3'] = 56, ['4'] = 57, ['5'] = 58, ['6'] = 59, ['7'] = 60,
    ['8'] = 61, ['9'] = 62, ['+'] = 63, ['/'] = 64};

/* Base64 (stored +1 in the table so that 0 means "not base64").  Bytes
 * outside the alphabet, padding included, are skipped, so a missing or
 * misplaced "=" costs nothing. */
static int base64_add(struct strbuf *out, const char *s, size_t n)
{
  unsigned acc = 0;
  int bits = 0;

  for (size_t i = 0; i < n; i++) {
    int v = b64_table[(unsigned char)s[i]];
    if (!v)
      continue;
    acc = (acc << 6) | (unsigned)(v - 1);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      if (strbuf_addch(out, (int)((acc >> bits) & 0xFF)) < 0)
        return -1;
    }
  }
  return 0;
}

/* The Q encoding of RFC 2047 section 4.2. */
static int qword_add(struct strbuf *out, const char *s, size_t n)
{
  for (size_t i = 0; i < n; i++) {
    int rc;

    if (s[i] == '_') {
      rc = strbuf_addch(out, ' ');
    } else if (s[i] == '=' && i + 2 < n && hex_digit_value(s[i + 1]) >= 0 &&
               hex_digit_value(s[i + 2]) >= 0) {
      rc = strbuf_addch(out, hex_digit_value(s[i + 1]) * 16 + hex_digit_value(s[i + 2]));
      i += 2;
    } else {
      rc = strbuf_addch(out, s[i]);
    }
    if (rc < 0)
      return -1;
  }
  return 0;
}

/*
 * Parse an encoded-word "=?charset?E?text?=" at s.  On success returns its
 * length and sets the charset, encoding and text spans; 0 when s is not a
 * well-formed encoded-word (which is then left as written).
 */
static size_t encoded_word(const char *s, const char **cs, size_t *cslen,
                           int *enc, const char **text, size_t *textlen)
{
  const char *p = s + 2, *q;

  if (s[0] != '=' || s[1] != '?')
    return 0;
  q = p;
  while (*q && *q != '?' && !isspace((unsigned char)*q) && q - p < 64)
    q++;
  if (*q != '?' || q == p)
    return 0;
  *cs = p;
  *cslen = (size_t)(q - p);
  q++;
  if ((*q != 'B' && *q != 'b' && *q != 'Q' && *q != 'q') || q[1] != '?')
    return 0;
  *enc = toupper((unsigned char)*q);
  q += 2;
  *text = q;
  while (*q && !(q[0] == '?' && q[1] == '=')) {
    if (isspace((unsigned char)*q))
      return 0;
    q++;
  }
  if (!*q)
    return 0;
  *textlen = (size_t)(q - *text);
  return (size_t)(q + 2 - s);
}

/* Decoded bytes of adjacent encoded-words in one charset wait here, so
 * that a character split across two words is converted whole. */
struct pending_word {
  struct strbuf bytes;
  char charset[64];
};

static void pending_flush(struct pending_word *pw, struct strbuf *out)
{
  if (pw->bytes.len)
    charset_add(out, pw->charset, pw->bytes.buf, pw->bytes.len);
  strbuf_reset(&pw->bytes);
}

/* RFC 2047 decoding of value into out as UTF-8 (not yet NFC). */
static void header_decode_into(struct strbuf *out, const char *value)
{
  struct pending_word pw = {STRBUF_INIT, ""};
  const char *p = value, *raw = value;
  int last_was_word = 0;

  pw.bytes.cap = HEADER_VALUE_MAX;
  while (*p) {
    const char *cs, *text;
    size_t cslen, textlen, len = 0;
    int enc;

    if (p[0] == '=' && p[1] == '?')
      len = encoded_word(p, &cs, &cslen, &enc, &text, &textlen);
    if (!len) {
      p++;
      continue;
    }
    /* text between the previous word and this one: dropped when it is
     * only whitespace between two encoded-words (RFC 2047 section 6.2) */
    if (p > raw) {
      const char *w = raw;
      while (w < p && isspace((unsigned char)*w))
        w++;
      if (!(last_was_word && w == p)) {
        pending_flush(&pw, out);
        charset_add(out, NULL, raw, (size_t)(p - raw));
      }
    }
    {
      char name[64];
      size_t k = cslen < sizeof(name) - 1 ? cslen : sizeof(name) - 1;
      char *star;

      memcpy(name, cs, k);
      name[k] = '\0';
      if ((star = strchr(name, '*'))) /* RFC 2231 language suffix */
        *star = '\0';
      if (strcasecmp(name, pw.charset))
        pending_flush(&pw, out);
      snprintf(pw.charset, sizeof(pw.charset), "%s", name);
    }
    if (enc == 'B')
      base64_add(&pw.bytes, text, textlen);
    else
      qword_add(&pw.bytes, text, textlen);
    p += len;
    raw = p;
    last_was_word = 1;
  }
  pending_flush(&pw, out);
  if (p > raw)
    charset_add(out, NULL, raw, (size_t)(p - raw));
  strbuf_release(&pw.bytes);
}

char *mbox_decode_header(const char *value)
{
  struct strbuf sb = STRBUF_INIT;
  char *r;

  sb.cap = 2 * HEADER_VALUE_MAX;
  header_decode_into(&sb, value);
  strbuf_trim(&sb);
  r = nfc_dup(sb.buf);
  strbuf_release(&sb);
  return r;
}

/* ---- header fields ----------------------------------------------------- */

struct header {
  char *name;
  char *value; /* unfolded, trimmed, raw bytes (not yet decoded) */
};

struct headers {
  struct header *v;
  size_t n, alloc;
};

static void headers_release(struct headers *h)
{
  for (size_t i = 0; i < h->n; i++) {
    free(h->v[i].name);
    free(h->v[i].value);
  }
  free(h->v);
  h->v = NULL;
  h->n = h->alloc = 0;
}

/* The first field called name, or NULL. */
static const char *header_get(const struct headers *h, const char *name)
{
  for (size_t i = 0; i < h->n; i++)
    if (!strcasecmp(h->v[i].name, name))
      return h->v[i].value;
  return NULL;
}

/* Length of the line at p (without its '\n'), p < end. */
static size_t line_len(const char *p, const char *end)
{
  const char *nl = memchr(p, '\n', (size_t)(end - p));
  return (size_t)((nl ? nl : end) - p);
}

/* The length of a field name ending in ':' at the start of line p, or 0
 * when the line is not a header field.  Whitespace before the colon is
 * allowed (obsolete syntax). */
static size_t field_name_len(const char *p, size_t n)
{
  size_t i = 0, end;

  while (i < n && p[i] > ' ' && p[i] < 127 && p[i] != ':')
    i++;
  end = i;
  while (i < n && is_wsp((unsigned char)p[i]))
    i++;
  if (!end || i >= n || p[i] != ':')
    return 0;
  return end;
}

/* Is line p only message ids ("<a@b> <c@d>")? */
static int line_is_msgids(const char *p, size_t n)
{
  size_t i = 0;
  int ids = 0;

  while (i < n) {
    if (is_wsp((unsigned char)p[i])) {
      i++;
      continue;
    }
    if (p[i] != '<')
      return 0;
    while (i < n && p[i] != '>' && !is_wsp((unsigned char)p[i]))
      i++;
    if (i >= n || p[i] != '>')
      return 0;
    i++;
    ids++;
  }
  return ids > 0;
}

/*
 * Parse the header block at p into h and return where the body starts.
 * An mbox "From " line first is skipped.  A line that is neither a field
 * nor a continuation ends the header block (the message had no blank
 * line).  One repair for archives whose headers were filtered line by line
 * (the 20 Newsgroups corpus): a blank line followed by a line of bare
 * message ids (a stray References continuation) and then more fields
 * does not end the header block.
 */
static const char *headers_parse(const char *p, const char *end,
                                 struct headers *h)
{
  struct strbuf value = STRBUF_INIT;
  char *name = NULL;
  int first = 1;

  value.cap = HEADER_VALUE_MAX;
  while (p < end) {
    size_t n = line_len(p, end), k;
    const char *next = p + n + (p + n < end);

    if (first && n >= 5 && !memcmp(p, "From ", 5)) {
      first = 0;
      p = next;
      continue;
    }
    first = 0;
    if (n && is_wsp((unsigned char)*p) && name) {
      strbuf_add(&value, p, n); /* unfold: drop the line break only */
      p = next;
      continue;
    }
    if (n && is_wsp((unsigned char)*p) && !h->n) {
      /* continuation lines before any field (a header cut off at the
       * top): skipped when fields follow, else this is all body */
      const char *q = next;
      size_t m = 0;
      while (q < end && (m = line_len(q, end)) && is_wsp((unsigned char)*q))
        q += m + (q + m < end);
      if (q < end && m && field_name_len(q, m)) {
        p = q;
        continue;
      }
      break;
    }
    if (name) {
      if (h->n < HEADERS_MAX) {
        xgrow((void **)&h->v, sizeof(*h->v), h->n + 1, &h->alloc);
        for (size_t i = 0; i < value.len; i++)
          if (!value.buf[i])
            value.buf[i] = ' ';
        h->v[h->n].name = name;
        h->v[h->n].value = trimmed_dup(value.buf, value.len);
        h->n++;
      } else {
        free(name);
      }
      name = NULL;
      strbuf_reset(&value);
    }
    if (!n) {
      /* the stray-References repair described above */
      const char *q = next;
      size_t m = q < end ? line_len(q, end) : 0;
      if (h->n && m && line_is_msgids(q, m)) {
        const char *r = q + m + (q + m < end);
        size_t l = r < end ? line_len(r, end) : 0;
        if (l && field_name_len(r, l)) {
          p = r;
          continue;
        }
      }
      p = next;
      break;
    }
    if (!(k = field_name_len(p, n)))
      break; /* not a field: the body starts here */
    name = xstrndup(p, k);
    {
      const char *colon = memchr(p, ':', n);
      strbuf_add(&value, colon + 1, n - (size_t)(colon + 1 - p));
    }
    p = next;
  }
  if (name) {
    if (h->n < HEADERS_MAX) {
      xgrow((void **)&h->v, sizeof(*h->v), h->n + 1, &h->alloc);
      h->v[h->n].name = name;
      h->v[h->n].value = trimmed_dup(value.buf, value.len);
      h->n++;
    } else {
      free(name);
    }
  }
  strbuf_release(&value);
  return p < end ? p : end;
}

/* ---- addresses --------------------------------------------------------- */

/* Unquote a display name (drop '"' and the backslash of quoted pairs),
 * decode encoded-words, trim; NULL when nothing is left.  Caller frees. */
static char *display_name(const char *s, size_t n)
{
  struct strbuf sb = STRBUF_INIT;
  char *r = NULL;

  sb.cap = HEADER_VALUE_MAX;
  for (size_t i = 0; i < n; i++) {
    if (s[i] == '"')
      continue;
    if (s[i] == '\\' && i + 1 < n)
      i++;
    strbuf_addch(&sb, s[i]);
  }
  strbuf_trim(&sb);
  if (sb.len) {
    r = mbox_decode_header(sb.buf);
    if (!*r) {
      free(r);
      r = NULL;
    }
  }
  strbuf_release(&sb);
  return r;
}

/* The text of the first "(comment)" at or after s, or NULL. */
static char *comment_name(const char *s)
{
  const char *open = strchr(s, '('), *p;
  int depth = 0;

  if (!open)
    return NULL;
  for (p = open; *p; p++) {
    if (*p == '\\' && p[1]) {
      p++;
      continue;
    }
    if (*p == '(')
      depth++;
    else if (*p == ')' && --depth == 0)
      break;
  }
  return display_name(open + 1, (size_t)(p - open - 1));
}

/*
 * Split a From: value into display name and address.  Handles
 * "Name <addr>", "\"Last, First\" <addr>", Usenet's "addr (Name)", a bare
 * "addr" or "<addr>", and the list archivers' "user at host (Name)".
 */
static void address_parse(const char *v, char **name, char **addr)
{
  const char *lt = NULL, *p;
  int quoted = 0;

  *name = *addr = NULL;
  /* a first word with '@' is Usenet's "addr (Name)", even when stray
   * "<id>"s follow (a References line cut into the field) */
  p = skip_wsp(v);
  while (*p && !isspace((unsigned char)*p) && *p != '@' && *p != '"' &&
         *p != '<' && *p != '(')
    p++;
  for (p = *p == '@' ? "" : v; *p; p++) {
    if (*p == '\\' && p[1]) {
      p++;
    } else if (*p == '"') {
      quoted = !quoted;
    } else if (!quoted && *p == '<') {
      lt = p;
      break;
    } else if (!quoted && *p == ',') {
      break; /* a second mailbox */
    }
  }
  if (lt) {
    const char *gt = strchr(lt, '>');
    size_t n = gt ? (size_t)(gt - lt - 1) : strlen(lt + 1);
    char *a = trimmed_dup(lt + 1, n);

    if (*a)
      *addr = a;
    else
      free(a);
    *name = display_name(v, (size_t)(lt - v));
    if (!*name && gt)
      *name = comment_name(gt + 1);
    return;
  }
  p = skip_wsp(v);
  {
    const char *q = p;
    while (*q && !isspace((unsigned char)*q) && *q != '(' && *q != ',')
      q++;
    if (q > p) {
      struct strbuf a = STRBUF_INIT;
      strbuf_add(&a, p, (size_t)(q - p));
      /* "user at host.example" as list archives write it */
      if (!memchr(p, '@', (size_t)(q - p)) && !strncmp(q, " at ", 4)) {
        const char *h = q + 4, *he = h;
        while (*he && !isspace((unsigned char)*he) && *he != '(')
          he++;
        if (he > h) {
          strbuf_addch(&a, '@');
          strbuf_add(&a, h, (size_t)(he - h));
          q = he;
        }
      }
      *addr = strbuf_detach(&a, NULL);
    }
    *name = comment_name(q);
  }
}

/* ---- dates ------------------------------------------------------------- */

static const struct {
  const char *name;
  int offset_min;
} zones[] = {
    {"UT", 0},     {"UTC", 0},    {"GMT", 0},     {"Z", 0},       {"EST", -300},
    {"EDT", -240}, {"CST", -360}, {"CDT", -300},  {"MST", -420},  {"MDT", -360},
    {"PST", -480}, {"PDT", -420}, {"AKST", -540}, {"AKDT", -480}, {"HST", -600},
    {"AST", -240}, {"ADT", -180}, {"NST", -210},  {"NDT", -150},  {"WET", 0},
    {"WEST", 60},  {"BST", 60},   {"CET", 60},    {"CEST", 120},  {"MET", 60},
    {"MEST", 120}, {"MEZ", 60},   {"MESZ", 120},  {"EET", 120},   {"EEST", 180},
    {"MSK", 180},  {"JST", 540},  {"KST", 540},   {"HKT", 480},   {"SGT", 480},
    {"AEST", 600}, {"AEDT", 660}, {"ACST", 570},  {"AWST", 480},  {"NZST", 720},
    {"NZDT", 780},
};

static int month_from_name(const char *s, size_t n)
{
  static const char *const months[] = {"jan", "feb", "mar", "apr",
                                       "may", "jun", "jul", "aug",
                                       "sep", "oct", "nov", "dec"};
  if (n < 3)
    return 0;
  for (int i = 0; i < 12; i++)
    if (!strncasecmp(s, months[i], 3))
      return i + 1;
  return 0;
}

/*
 * RFC 5322 section 3.3 dates with the obsolete forms of section 4.3 (two-
 * and three-digit years, named zones, comments, missing weekday and
 * seconds), asctime ("Mon Apr  5 12:34:56 1993", the mbox From_ line) and
 * ISO 8601.  Tokens are classified rather than matched by position, which
 * also takes "5 Apr 93 12:34 EST" and "Apr 5, 1993 12:34".
 */
int mbox_parse_date(const char *text, int64_t *t, int *offset_min)
{
  int day = -1, month = 0, year = -1, h = -1, mi = 0, sec = 0, off = 0;
  int nums[2], nnum = 0, numlen[2], zone_seen = 0, month_pos = -1;
  const char *p = text;
  int64_t base;

  if (!text)
    return -1;
  if (!time_parse_iso(text, t, offset_min))
    return 0;
  while (*p) {
    const char *s;
    size_t n;

    while (*p && (isspace((unsigned char)*p) || *p == ','))
      p++;
    if (!*p)
      break;
    if (*p == '(') { /* comment, e.g. "(PST)" after the numeric zone */
      int depth = 0;
      for (; *p; p++) {
        if (*p == '(')
          depth++;
        else if (*p == ')' && --depth == 0) {
          p++;
          break;
        }
      }
      continue;
    }
    s = p;
    while (*p && !isspace((unsigned char)*p) && *p != ',' && *p != '(')
      p++;
    n = (size_t)(p - s);
    if (isdigit((unsigned char)*s) && memchr(s, ':', n)) {
      /* hh:mm[:ss] */
      if (sscanf(s, "%2d:%2d:%2d", &h, &mi, &sec) < 2)
        return -1;
    } else if ((*s == '+' || *s == '-') && n == 5 &&
               isdigit((unsigned char)s[1]) && h >= 0) {
      int v = atoi(s + 1);
      if (v % 100 > 59 || v / 100 > 18)
        return -1;
      off = (v / 100) * 60 + v % 100;
      if (*s == '-')
        off = -off;
      zone_seen = 1;
    } else if (isdigit((unsigned char)*s)) {
      size_t k = 0;
      while (k < n && isdigit((unsigned char)s[k]))
        k++;
      if (k > 4 || nnum == 2)
        return -1;
      numlen[nnum] = (int)k;
      nums[nnum++] = atoi(s);
      if (nnum == 1 && month_pos < 0)
        month_pos = -2; /* a number came before the month */
    } else if (isalpha((unsigned char)*s)) {
      int mo = month_from_name(s, n);
      if (mo && !month && n <= 9) {
        month = mo;
        if (month_pos == -1)
          month_pos = nnum;
      } else if (h >= 0 && !zone_seen) {
        zone_seen = 1;
        for (size_t i = 0; i < ARRAY_SIZE(zones); i++)
          if (strlen(zones[i].name) == n && !strncasecmp(s, zones[i].name, n)) {
            off = zones[i].offset_min;
            break;
          }
        /* unknown zones and military letters count as UTC (RFC 5322
         * section 4.3) */
      }
      /* weekday names and other words are ignored */
    }
  }
  if (!month || nnum != 2 || h < 0)
    return -1;
  /* which number is the year: the one with more than two digits, else the
   * second (RFC order "day month year") */
  if (numlen[0] > 2 && numlen[1] <= 2) {
    year = nums[0];
    day = nums[1];
    year += numlen[0] == 3 ? 1900 : 0;
  } else {
    day = nums[0];
    year = nums[1];
    if (numlen[1] <= 2)
      year += year < 50 ? 2000 : 1900;
    else if (numlen[1] == 3)
      year += 1900;
  }
  if (time_from_fields(year, month, day, h, mi, sec, &base) < 0)
    return -1;
  *t = base - (int64_t)off * 60;
  if (offset_min)
    *offset_min = off;
  return 0;
}

/* ---- message ids and subjects ------------------------------------------ */

/* Call add() for each "<id>" in v, in order; returns how many. */
static size_t msgids_each(const char *v, void (*add)(void *, char *), void *ctx)
{
  size_t count = 0;

  while ((v = strchr(v, '<'))) {
    const char *gt = strchr(v, '>');
    char *id;

    if (!gt)
      break;
    id = trimmed_dup(v + 1, (size_t)(gt - v - 1));
    if (*id && !strchr(id, '<') && strlen(id) < 1000) {
      add(ctx, id);
      count++;
    } else {
      free(id);
    }
    v = gt + 1;
  }
  return count;
}

static void take_first(void *ctx, char *id)
{
  char **slot = ctx;

  if (!*slot)
    *slot = id;
  else
    free(id);
}

struct id_list {
  char **v;
  size_t n, alloc;
};

static void list_add(void *ctx, char *id)
{
  struct id_list *l = ctx;

  for (size_t i = 0; i < l->n; i++)
    if (!strcmp(l->v[i], id)) {
      free(id);
      return;
    }
  if (l->n == MBOX_REFERENCES_MAX) {
    /* keep the first (the thread root) and the most recent ones */
    free(l->v[1]);
    memmove(l->v + 1, l->v + 2, (l->n - 2) * sizeof(*l->v));
    l->n--;
  }
  xgrow((void **)&l->v, sizeof(*l->v), l->n + 1, &l->alloc);
  l->v[l->n++] = id;
}

/* A Message-ID value: the id in <>, or the first word when the brackets
 * are missing.  NULL when empty. */
static char *msgid_parse(const char *v)
{
  char *id = NULL;
  const char *s, *e;

  if (msgids_each(v, take_first, &id))
    return id;
  s = skip_wsp(v);
  for (e = s; *e && !isspace((unsigned char)*e);)
    e++;
  return e > s ? xstrndup(s, (size_t)(e - s)) : NULL;
}

/* Prefixes that mark a reply or a forward, in the languages netno's users
 * meet most (English, German, Scandinavian, Dutch, Polish, Italian). */
static const char *const reply_prefixes[] = {
    "re", "aw", "fwd", "fw", "wg", "sv", "vs", "antw", "odp", "rif", "r"};

/* Length of a reply prefix ("Re:", "RE[2]:", "Re^3:", "AW: ") at s, else
 * 0. */
static size_t reply_prefix_len(const char *s)
{
  for (size_t i = 0; i < ARRAY_SIZE(reply_prefixes); i++) {
    size_t n = strlen(reply_prefixes[i]);
    const char *p = s + n;

    if (strncasecmp(s, reply_prefixes[i], n))
      continue;
    if (*p == '[') {
      while (isdigit((unsigned char)*++p))
        ;
      if (*p++ != ']')
        continue;
    } else if (*p == '^') {
      while (isdigit((unsigned char)*++p))
        ;
    }
    while (*p == ' ')
      p++;
    if (*p == ':')
      return (size_t)(p + 1 - s);
  }
  return 0;
}

char *mbox_thread_subject(const char *subject)
{
  const char *s = subject;
  struct strbuf sb = STRBUF_INIT;
  int space = 0;

  for (;;) {
    size_t n;

    s = skip_wsp(s);
    if (*s == '[') {
      const char *close = strchr(s, ']');
      if (close && close - s < 64 && close[1] != '\0') {
        s = close + 1;
        continue;
      }
    }
    if ((n = reply_prefix_len(s))) {
      s += n;
      continue;
    }
    break;
  }
  for (; *s; s++) { /* collapse runs of whitespace */
    if (isspace((unsigned char)*s)) {
      space = 1;
      continue;
    }
    if (space && sb.len)
      strbuf_addch(&sb, ' ');
    space = 0;
    strbuf_addch(&sb, *s);
  }
  return strbuf_detach(&sb, NULL);
}

/* ---- MIME ---------------------------------------------------------------- */

/*
 * The value of parameter name in a Content-Type or Content-Disposition
 * value, or NULL.  Quoted strings, and RFC 2231 extended ("name*=utf-8''
 * a%20b") and continued ("name*0=", "name*1*=") parameters.  Caller
 * frees.
 */
static char *param_get(const char *v, const char *name)
{
  struct strbuf out = STRBUF_INIT;
  size_t nlen = strlen(name);
  int found = 0;
  const char *p = strchr(v, ';');

  out.cap = HEADER_VALUE_MAX;
  /* continuations may come in any order; sections 0..63 are looked for
   * in order, scanning the list once per section */
  for (int section = -1; section < 64; section++) {
    int got = 0;

    for (p = strchr(v, ';'); p; p = strchr(p, ';')) {
      const char *k, *ke, *val;
      int ext = 0, sec = -1;

      p = skip_wsp(p + 1);
      k = p;
      while (*p && *p != '=' && *p != ';' && !isspace((unsigned char)*p))
        p++;
      ke = p;
      p = skip_wsp(p);
      if (*p != '=')
        continue;
      val = skip_wsp(p + 1);
      if ((size_t)(ke - k) < nlen || strncasecmp(k, name, nlen))
        continue;
      k += nlen;
      if (k < ke && *k == '*') {
        k++;
        if (k < ke && isdigit((unsigned char)*k)) {
          sec = atoi(k);
          while (k < ke && isdigit((unsigned char)*k))
            k++;
          if (k < ke && *k == '*') {
            ext = 1;
            k++;
          }
        } else {
          ext = 1;
        }
      }
      if (k != ke || sec != section)
        continue;
      got = 1;
      if (*val == '"') {
        for (p = val + 1; *p && *p != '"'; p++) {
          if (*p == '\\' && p[1])
            p++;
          strbuf_addch(&out, *p);
        }
        if (*p)
          p++;
      } else {
        const char *e = val;
        while (*e && *e != ';' && !isspace((unsigned char)*e))
          e++;
        if (ext && section <= 0) {
          /* charset'language'value: the charset of a boundary or charset
           * parameter is ASCII anyway, so it is dropped */
          const char *q1 = memchr(val, '\'', (size_t)(e - val));
          const char *q2 =
              q1 ? memchr(q1 + 1, '\'', (size_t)(e - q1 - 1)) : NULL;
          if (q2)
            val = q2 + 1;
        }
        for (p = val; p < e; p++) {
          if (ext && *p == '%' && p + 2 < e && hex_digit_value(p[1]) >= 0 &&
              hex_digit_value(p[2]) >= 0) {
            strbuf_addch(&out, hex_digit_value(p[1]) * 16 + hex_digit_value(p[2]));
            p += 2;
          } else {
            strbuf_addch(&out, *p);
          }
        }
      }
      break;
    }
    if (got)
      found = 1;
    else if (section >= 0)
      break;
    if (section == -1 && got)
      break; /* a plain parameter: no continuations */
  }
  if (!found) {
    strbuf_release(&out);
    return NULL;
  }
  return strbuf_detach(&out, NULL);
}

/* The lower-case "type/subtype" of a Content-Type value; caller frees. */
static char *mime_type(const char *v)
{
  const char *s = skip_wsp(v), *e = s;
  char *t;

  while (*e && *e != ';' && !isspace((unsigned char)*e))
    e++;
  t = xstrndup(s, (size_t)(e - s));
  for (char *c = t; *c; c++)
    *c = (char)tolower((unsigned char)*c);
  return t;
}

/* Undo the Content-Transfer-Encoding of s[0..n) into out. */
static void transfer_decode(struct strbuf *out, const char *cte, const char *s,
                            size_t n)
{
  if (cte && !strncasecmp(skip_wsp(cte), "base64", 6)) {
    base64_add(out, s, n);
    return;
  }
  if (!cte || strncasecmp(skip_wsp(cte), "quoted-printable", 16)) {
    strbuf_add(out, s, n); /* 7bit, 8bit, binary, unknown */
    return;
  }
  for (size_t i = 0; i < n; i++) {
    if (s[i] != '=') {
      if (strbuf_addch(out, s[i]) < 0)
        return;
      continue;
    }
    if (i + 2 < n && hex_digit_value(s[i + 1]) >= 0 && hex_digit_value(s[i + 2]) >= 0) {
      strbuf_addch(out, hex_digit_value(s[i + 1]) * 16 + hex_digit_value(s[i + 2]));
      i += 2;
      continue;
    }
    {
      /* soft line break: "=" then optional trailing blanks and the end of
       * the line (or of the part) */
      size_t j = i + 1;
      while (j < n && is_wsp((unsigned char)s[j]))
        j++;
      if (j >= n || s[j] == '\n') {
        i = j;
        continue;
      }
    }
    strbuf_addch(out, '='); /* malformed: keep as written */
  }
}

/* ---- HTML to rough text ------------------------------------------------ */

static int html_is_block(const char *tag)
{
  static const char *const blocks[] = {
      "p",       "div",     "tr",      "li",     "ul",     "ol",
      "h1",      "h2",      "h3",      "h4",     "h5",     "h6",
      "pre",     "hr",      "table",   "dd",     "dt",     "dl",
      "address", "section", "article", "header", "footer", "blockquote"};
  for (size_t i = 0; i < ARRAY_SIZE(blocks); i++)
    if (!strcasecmp(tag, blocks[i]))
      return 1;
  return 0;
}

/* Make sure out ends with a line break (and not an empty buffer). */
static void html_break(struct strbuf *out)
{
  if (out->len && out->buf[out->len - 1] != '\n')
    strbuf_addch(out, '\n');
}

/* Walk the tree: text with its whitespace collapsed (except in <pre>),
 * line breaks at blocks and <br>, "> " before every line of a
 * <blockquote> so that the quote handling below sees it. */
static void html_walk(xmlNode *n, struct strbuf *out, int depth, int pre)
{
  for (; n; n = n->next) {
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
      const char *s = (const char *)n->content;
      if (!s)
        continue;
      for (; *s; s++) {
        if (!pre && isspace((unsigned char)*s)) {
          if (out->len && !isspace((unsigned char)out->buf[out->len - 1]))
            strbuf_addch(out, ' ');
        } else {
          strbuf_addch(out, *s);
        }
      }
      continue;
    }
    if (n->type != XML_ELEMENT_NODE || depth >= HTML_DEPTH_MAX)
      continue;
    {
      const char *tag = (const char *)n->name;
      if (!strcasecmp(tag, "script") || !strcasecmp(tag, "style") ||
          !strcasecmp(tag, "head") || !strcasecmp(tag, "title"))
        continue;
      if (!strcasecmp(tag, "br")) {
        strbuf_addch(out, '\n');
        continue;
      }
      if (!strcasecmp(tag, "blockquote")) {
        struct strbuf inner = STRBUF_INIT;
        const char *l;

        inner.cap = out->cap;
        html_walk(n->children, &inner, depth + 1, pre);
        html_break(out);
        for (l = inner.buf; *l;) {
          const char *e = strchr(l, '\n');
          size_t len = e ? (size_t)(e - l) : strlen(l);
          strbuf_addstr(out, "> ");
          strbuf_add(out, l, len);
          strbuf_addch(out, '\n');
          l += len + (e != NULL);
        }
        strbuf_release(&inner);
        continue;
      }
      if (html_is_block(tag))
        html_break(out);
      html_walk(n->children, out, depth + 1, pre || !strcasecmp(tag, "pre"));
      if (html_is_block(tag))
        html_break(out);
    }
  }
}

/* Rough text of UTF-8 HTML into out. */
static void html_to_text(struct strbuf *out, const char *html, size_t n)
{
  htmlDocPtr doc;

  if (n > (size_t)INT32_MAX)
    n = INT32_MAX;
  doc = htmlReadMemory(html, (int)n, NULL, "UTF-8",
                       HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
                           HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
  if (!doc)
    return;
  html_walk(xmlDocGetRootElement(doc), out, 0, 0);
  xmlFreeDoc(doc);
}

/* ---- choosing the text part -------------------------------------------- */

/* What a part says about itself. */
struct part {
  const char *body; /* encoded bytes */
  size_t len;
  char *type; /* lower case, "text/plain" when missing */
  char *charset;
  char *boundary;
  char *cte;
  int attachment; /* Content-Disposition: attachment, or a file name */
  int flowed, delsp;
};

static void part_release(struct part *p)
{
  free(p->type);
  free(p->charset);
  free(p->boundary);
  free(p->cte);
}

static void part_init(struct part *p, const struct headers *h, const char *body,
                      size_t len)
{
  const char *ct = header_get(h, "Content-Type");
  const char *cd = header_get(h, "Content-Disposition");
  const char *cte = header_get(h, "Content-Transfer-Encoding");
  char *fmt;

  memset(p, 0, sizeof(*p));
  p->body = body;
  p->len = len;
  p->type = ct ? mime_type(ct) : xstrdup("text/plain");
  if (!strchr(p->type, '/')) { /* "text" alone, or garbage */
    free(p->type);
    p->type = xstrdup("text/plain");
  }
  if (ct) {
    p->charset = param_get(ct, "charset");
    p->boundary = param_get(ct, "boundary");
    if ((fmt = param_get(ct, "format"))) {
      p->flowed = !strcasecmp(fmt, "flowed");
      free(fmt);
    }
    if ((fmt = param_get(ct, "delsp"))) {
      p->delsp = !strcasecmp(fmt, "yes");
      free(fmt);
    }
    if ((fmt = param_get(ct, "name"))) {
      p->attachment = 1;
      free(fmt);
    }
  }
  if (cd) {
    char *fn = param_get(cd, "filename");
    if (!strncasecmp(skip_wsp(cd), "attachment", 10) || fn)
      p->attachment = 1;
    free(fn);
  }
  p->cte = cte ? xstrdup(cte) : NULL;
}

/* The text found for a message. */
struct chosen {
  int found;
  char *type;
  struct strbuf utf8; /* converted, before quote and signature removal */
  int flowed, delsp;
};

/* Decode and convert the leaf part p into c. */
static void part_take(const struct part *p, struct chosen *c)
{
  struct strbuf raw = STRBUF_INIT;

  raw.cap = MBOX_MESSAGE_MAX;
  transfer_decode(&raw, p->cte, p->body, p->len);
  if (!strcmp(p->type, "text/html")) {
    struct strbuf html = STRBUF_INIT;
    html.cap = TEXT_MAX;
    charset_add(&html, p->charset, raw.buf, raw.len);
    html_to_text(&c->utf8, html.buf, html.len);
    strbuf_release(&html);
  } else {
    charset_add(&c->utf8, p->charset, raw.buf, raw.len);
    c->flowed = p->flowed;
    c->delsp = p->delsp;
  }
  c->type = xstrdup(p->type);
  c->found = 1;
  strbuf_release(&raw);
}

static int part_find_text(const struct part *p, struct chosen *c, int depth);

/* Call with each sub-part of multipart p in turn until fn returns 1. */
static int multipart_each(const struct part *p, int depth,
                          int (*fn)(const struct part *, void *), void *ctx)
{
  size_t blen = strlen(p->boundary);
  const char *s = p->body, *end = p->body + p->len;
  const char *start = NULL;
  int done = 0;

  while (s < end && !done) {
    size_t n = line_len(s, end);
    const char *next = s + n + (s + n < end);
    int delim = n >= blen + 2 && s[0] == '-' && s[1] == '-' &&
                !memcmp(s + 2, p->boundary, blen);
    int close = 0;

    if (delim) {
      const char *t = s + 2 + blen;
      close = t + 1 < s + n && t[0] == '-' && t[1] == '-';
      if (close)
        t += 2;
      while (t < s + n && isspace((unsigned char)*t))
        t++;
      delim = t == s + n;
    }
    if (delim) {
      if (start) {
        /* the line break before a delimiter belongs to the delimiter */
        const char *e = s > start ? s - 1 : s;
        struct headers h = {0};
        struct part sub;
        const char *body = headers_parse(start, e, &h);

        part_init(&sub, &h, body, (size_t)(e - body));
        done = fn(&sub, ctx);
        part_release(&sub);
        headers_release(&h);
      }
      start = close ? NULL : next;
      if (close)
        break;
    }
    s = next;
  }
  if (start && !done && start < end) {
    /* a truncated message: the last part runs to the end */
    struct headers h = {0};
    struct part sub;
    const char *body = headers_parse(start, end, &h);

    part_init(&sub, &h, body, (size_t)(end - body));
    done = fn(&sub, ctx);
    part_release(&sub);
    headers_release(&h);
  }
  (void)depth;
  return done;
}

struct walk {
  struct chosen *c;
  int depth;
  const char *want; /* "text/plain", "multipart/", "text/html", or NULL */
};

static int walk_child(const struct part *sub, void *ctx)
{
  struct walk *w = ctx;

  if (w->want && strncmp(sub->type, w->want, strlen(w->want)))
    return 0;
  return part_find_text(sub, w->c, w->depth + 1);
}

/*
 * Find the text of part p: a text/plain leaf that is not an attachment;
 * in multipart/alternative the plain version first, then a nested
 * multipart (related HTML), then HTML; in other multiparts the first part
 * that has text.  1 when found.
 */
static int part_find_text(const struct part *p, struct chosen *c, int depth)
{
  if (p->attachment)
    return 0;
  if (!strncmp(p->type, "multipart/", 10) && p->boundary && *p->boundary &&
      depth < MIME_DEPTH_MAX) {
    struct walk w = {c, depth, NULL};

    if (!strcmp(p->type, "multipart/alternative")) {
      static const char *const order[] = {"text/plain", "multipart/",
                                          "text/html"};
      for (size_t i = 0; i < ARRAY_SIZE(order); i++) {
        w.want = order[i];
        if (multipart_each(p, depth, walk_child, &w))
          return 1;
      }
      return 0;
    }
    return multipart_each(p, depth, walk_child, &w);
  }
  if (!strncmp(p->type, "multipart/", 10) && depth >= MIME_DEPTH_MAX)
    return 0;
  if (!strncmp(p->type, "multipart/", 10) || (!strncmp(p->type, "text/", 5))) {
    /* multipart without a usable boundary is read as text */
    part_take(p, c);
    return 1;
  }
  return 0;
}

/* ---- body: format=flowed, quotes, signature, attribution ---------------- */

/* RFC 3676: join soft-broken lines (ending in a space) of the same quote
 * depth and remove space-stuffing. */
static void flowed_unwrap(struct strbuf *text, int delsp)
{
  struct strbuf out = STRBUF_INIT;
  const char *s = text->buf, *end = text->buf + text->len;
  int open = 0, open_depth = 0;

  out.cap = TEXT_MAX;
  while (s < end) {
    size_t n = line_len(s, end);
    const char *next = s + n + (s + n < end);
    const char *c = s;
    int depth = 0, soft;

    while (c < s + n && *c == '>') {
      c++;
      depth++;
    }
    if (c < s + n && *c == ' ')
      c++; /* space-stuffing */
    n = (size_t)(s + n - c);
    soft = n && c[n - 1] == ' ' && !(n == 3 && !memcmp(c, "-- ", 3));
    if (open && depth != open_depth)
      strbuf_addch(&out, '\n');
    if (!open || depth != open_depth) {
      for (int i = 0; i < depth; i++)
        strbuf_addch(&out, '>');
      if (depth)
        strbuf_addch(&out, ' ');
    }
    strbuf_add(&out, c, soft && delsp ? n - 1 : n);
    open = soft;
    open_depth = depth;
    if (!soft)
      strbuf_addch(&out, '\n');
    s = next;
  }
  strbuf_release(text);
  *text = out;
}

/* If the line is quoted ('>' or Usenet's "|>", after at most three
 * spaces), the start of its text after the markers; else NULL. */
static const char *quote_text(const char *s, const char *end)
{
  const char *p = s;
  int lead = 0;

  while (p < end && *p == ' ' && lead < 3) {
    p++;
    lead++;
  }
  if (!(p < end && (*p == '>' || (*p == '|' && p + 1 < end && p[1] == '>'))))
    return NULL;
  for (;;) {
    if (p < end && *p == '>')
      p++;
    else if (p + 1 < end && p[0] == '|' && p[1] == '>')
      p += 2;
    else
      break;
    while (p < end && *p == ' ' && p + 1 < end && (p[1] == '>' || p[1] == '|'))
      p++;
  }
  if (p < end && *p == ' ')
    p++;
  return p;
}

/* Remove a "<addr>" or "addr (Name)" wrapper and quotes from an
 * attribution name; NULL when what is left does not look like a name. */
static char *attribution_clean(const char *s, size_t n)
{
  char *t = trimmed_dup(s, n), *r = NULL, *lt, *open;
  size_t len, words = 1;

  /* "x@y (Name)": the name in parentheses */
  if ((open = strchr(t, '(')) && strchr(open, ')')) {
    char *close = strrchr(open, ')');
    if (close > open + 1) {
      char *in = trimmed_dup(open + 1, (size_t)(close - open - 1));
      free(t);
      t = in;
    }
  }
  if ((lt = strchr(t, '<')) && lt > t) {
    *lt = '\0';
  } else if (lt) {
    char *gt = strchr(lt, '>');
    char *in = trimmed_dup(lt + 1, gt ? (size_t)(gt - lt - 1) : strlen(lt));
    free(t);
    t = in;
  }
  r = display_name(t, strlen(t));
  free(t);
  if (!r)
    return NULL;
  len = strlen(r);
  while (len && (r[len - 1] == ',' || r[len - 1] == ' '))
    r[--len] = '\0';
  for (const char *c = r; *c; c++)
    words += *c == ' ';
  if (!len || len > 100 || words > 5) {
    free(r);
    return NULL;
  }
  return r;
}

/* Drop a leading date ("On Tue, 3 Mar 2009 10:00:00 +0100, ", "Le 3 mars
 * 2009 à 10:00, ") from an attribution: everything up to the last comma
 * that follows a digit, or else up to the last time of day. */
static const char *skip_attribution_date(const char *s, const char *e)
{
  const char *cut = NULL, *digit = NULL;

  for (const char *p = s; p < e; p++) {
    if (isdigit((unsigned char)*p))
      digit = p;
    if (*p == ',' && digit)
      cut = p + 1;
  }
  if (cut)
    return cut;
  for (const char *p = s; p + 4 < e; p++)
    if (isdigit((unsigned char)p[0]) && p[1] == ':' &&
        isdigit((unsigned char)p[2]) && isdigit((unsigned char)p[3]))
      cut = p + 4;
  if (!cut)
    return s;
  while (cut < e &&
         (*cut == ' ' || isdigit((unsigned char)*cut) || *cut == ':'))
    cut++;
  if (e - cut > 2 && (!strncasecmp(cut, "AM", 2) || !strncasecmp(cut, "PM", 2)))
    cut += 2;
  while (cut < e && *cut == ' ')
    cut++;
  if (e - cut > 5 && (*cut == '+' || *cut == '-') &&
      isdigit((unsigned char)cut[1])) /* a zone, "+0100" */
    cut += 5;
  return cut;
}

/*
 * Is line s an attribution?  On success returns 1 with the name (or NULL
 * when none can be told) and, for "In article <id>", the id.
 */
static int attribution_parse(const char *line, char **name, char **msgid)
{
  static const char *const verbs[] = {
      " writes:", " wrote:",    " schrieb:", " a écrit :", " a écrit:",
      " skrev:",  " escribió:", " schreef:", " scrisse:"};
  char *t = trimmed_dup(line, strlen(line));
  const char *s = t, *e = t + strlen(t), *v = NULL;
  int ret = 0;

  *name = *msgid = NULL;
  if (!strncasecmp(s, "In article <", 12) || !strncmp(s, "In <", 4)) {
    const char *lt = strchr(s, '<'), *gt = strchr(lt, '>');
    if (gt) {
      *msgid = trimmed_dup(lt + 1, (size_t)(gt - lt - 1));
      s = gt + 1;
      while (*s == ',' || *s == ' ')
        s++;
    }
  }
  for (size_t i = 0; i < ARRAY_SIZE(verbs); i++) {
    size_t n = strlen(verbs[i]);
    if ((size_t)(e - s) >= n && !strcmp(e - n, verbs[i])) {
      v = e - n;
      break;
    }
    if ((size_t)(e - s) == n - 1 && !strcmp(s, verbs[i] + 1)) {
      v = s; /* "In article <id>," then "writes:" alone */
      break;
    }
  }
  if (v) {
    if (!strncmp(s, "On ", 3) || !strncmp(s, "Le ", 3) ||
        !strncmp(s, "El ", 3) || !strncmp(s, "Den ", 4) ||
        !strncmp(s, "Op ", 3) || !strncmp(s, "Il ", 3) || !strncmp(s, "Am ", 3))
      s = skip_attribution_date(s, v);
    *name = v > s ? attribution_clean(s, (size_t)(v - s)) : NULL;
    ret = *name || *msgid;
    goto out;
  }
  /* German: "Am 12.03.2009 (um 10:00) schrieb Hans Müller (<h@m.de>):";
   * "Zitat von X:", "Quoting X:" */
  if (e > s && e[-1] == ':') {
    const char *w = NULL;
    if (!strncmp(s, "Am ", 3) && (w = strstr(s, " schrieb ")))
      w += 9;
    else if (!strncmp(s, "Zitat von ", 10))
      w = s + 10;
    else if (!strncmp(s, "Quoting ", 8))
      w = s + 8;
    if (w) {
      *name = attribution_clean(w, (size_t)(e - 1 - w));
      ret = *name != NULL;
    }
  }
out:
  if (!ret) {
    free(*msgid);
    *msgid = NULL;
  }
  free(t);
  return ret;
}

struct line {
  const char *s;
  size_t n;
  int quoted;
  int drop;
};

static int line_blank(const struct line *l)
{
  for (size_t i = 0; i < l->n; i++)
    if (!isspace((unsigned char)l->s[i]))
      return 0;
  return 1;
}

/*
 * Split the converted body into the author's text, the quoted lines and
 * the attribution.  The signature is everything after the last "-- "
 * line.
 */
static void body_split(const char *body, size_t len, struct mbox_message *m)
{
  struct line *lines = NULL;
  size_t nlines = 0, alloc = 0, first_quote = SIZE_MAX;
  struct strbuf text = STRBUF_INIT, quoted = STRBUF_INIT;
  const char *s = body, *end = body + len;
  int blank_run = 0;

  text.cap = quoted.cap = TEXT_MAX;
  while (s < end) {
    size_t n = line_len(s, end);
    xgrow((void **)&lines, sizeof(*lines), nlines + 1, &alloc);
    lines[nlines] = (struct line){s, n, quote_text(s, s + n) != NULL, 0};
    if (lines[nlines].quoted && first_quote == SIZE_MAX)
      first_quote = nlines;
    nlines++;
    s += n + (s + n < end);
  }
  for (size_t i = nlines; i-- > 0;)
    if (lines[i].n == 3 && !memcmp(lines[i].s, "-- ", 3)) {
      nlines = i;
      if (first_quote >= nlines)
        first_quote = SIZE_MAX;
      break;
    }
  if (first_quote != SIZE_MAX) {
    /* the attribution: the last non-blank line before the first quote,
     * joined with the line before it when the two belong together */
    size_t k = first_quote;
    while (k > 0 && line_blank(&lines[k - 1]))
      k--;
    if (k > 0 && !lines[k - 1].quoted) {
      struct strbuf one = STRBUF_INIT;
      char *name = NULL, *id = NULL;
      int ok = 0;

      if (k > 1 && !lines[k - 2].quoted && !line_blank(&lines[k - 2])) {
        strbuf_add(&one, lines[k - 2].s, lines[k - 2].n);
        strbuf_addch(&one, ' ');
        strbuf_add(&one, lines[k - 1].s, lines[k - 1].n);
        if ((starts_with(one.buf, "In ") || starts_with(one.buf, "On ") ||
             starts_with(one.buf, "Am ") || starts_with(one.buf, "Le ")) &&
            attribution_parse(one.buf, &name, &id)) {
          ok = 1;
          lines[k - 2].drop = lines[k - 1].drop = 1;
        }
        strbuf_reset(&one);
      }
      if (!ok) {
        strbuf_add(&one, lines[k - 1].s, lines[k - 1].n);
        if (attribution_parse(one.buf, &name, &id)) {
          ok = 1;
          lines[k - 1].drop = 1;
        }
      }
      if (ok) {
        m->quote_attribution = name ? nfc_dup(name) : NULL;
        m->quote_message_id = id;
        free(name);
      }
      strbuf_release(&one);
    }
  }
  for (size_t i = 0; i < nlines; i++) {
    struct line *l = &lines[i];
    if (l->drop)
      continue;
    if (l->quoted) {
      const char *q = quote_text(l->s, l->s + l->n);
      if (quoted.len)
        strbuf_addch(&quoted, '\n');
      strbuf_add(&quoted, q, (size_t)(l->s + l->n - q));
      continue;
    }
    if (line_blank(l)) {
      blank_run = 1;
      continue;
    }
    if (text.len)
      strbuf_addstr(&text, blank_run ? "\n\n" : "\n");
    blank_run = 0;
    {
      size_t n = l->n; /* trailing blanks are never content */
      while (n && isspace((unsigned char)l->s[n - 1]))
        n--;
      strbuf_add(&text, l->s, n);
    }
  }
  strbuf_trim(&quoted);
  m->text = nfc_dup(text.buf);
  m->quoted = nfc_dup(quoted.buf);
  strbuf_release(&text);
  strbuf_release(&quoted);
  free(lines);
}

/* ---- the message ------------------------------------------------------- */

/* The Message-ID netno gives a message without one: a BLAKE2b hash of the
 * From, Date and Subject fields and the body (the body too, because
 * archives without Message-ID often lack Date as well, and one author
 * posts many replies under one subject). */
static char *msgid_synthesize(const struct headers *h, const char *body,
                              size_t len)
{
  static const char *const fields[] = {"From", "Date", "Subject"};
  crypto_generichash_state st;
  unsigned char hash[16];
  char hex[2 * sizeof(hash) + 1];

  if (sodium_init() < 0)
    die("cannot initialise libsodium");
  crypto_generichash_init(&st, NULL, 0, sizeof(hash));
  for (size_t i = 0; i < ARRAY_SIZE(fields); i++) {
    const char *v = header_get(h, fields[i]);
    if (v)
      crypto_generichash_update(&st, (const unsigned char *)v, strlen(v));
    crypto_generichash_update(&st, (const unsigned char *)"\n", 1);
  }
  crypto_generichash_update(&st, (const unsigned char *)body, len);
  crypto_generichash_final(&st, hash, sizeof(hash));
  sodium_bin2hex(hex, sizeof(hex), hash, sizeof(hash));
  return xasprintf("%s@netno.invalid", hex);
}

void mbox_message_release(struct mbox_message *m)
{
  if (!m)
    return;
  free(m->message_id);
  free(m->in_reply_to);
  for (size_t i = 0; i < m->nreferences; i++)
    free(m->references[i]);
  free(m->references);
  free(m->from_name);
  free(m->from_addr);
  free(m->subject);
  free(m->thread_subject);
  free(m->date_text);
  free(m->newsgroups);
  free(m->content_type);
  free(m->text);
  free(m->quoted);
  free(m->quote_attribution);
  free(m->quote_message_id);
  memset(m, 0, sizeof(*m));
}

/* Fill the header-derived fields of m. */
static void message_headers(const struct headers *h, struct mbox_message *m)
{
  const char *v;

  if ((v = header_get(h, "Message-ID")))
    m->message_id = msgid_parse(v);
  if ((v = header_get(h, "References"))) {
    struct id_list l = {0};
    msgids_each(v, list_add, &l);
    m->references = l.v;
    m->nreferences = l.n;
  }
  if ((v = header_get(h, "In-Reply-To")))
    msgids_each(v, take_first, &m->in_reply_to);
  if (!m->in_reply_to && m->nreferences)
    m->in_reply_to = xstrdup(m->references[m->nreferences - 1]);
  if ((v = header_get(h, "From")))
    address_parse(v, &m->from_name, &m->from_addr);
  if ((v = header_get(h, "Subject"))) {
    m->subject = mbox_decode_header(v);
    m->thread_subject = mbox_thread_subject(m->subject);
  }
  if ((v = header_get(h, "Date"))) {
    m->date_text = mbox_decode_header(v);
    m->has_date = !mbox_parse_date(v, &m->date, &m->offset_min);
  }
  if ((v = header_get(h, "Newsgroups")))
    m->newsgroups = mbox_decode_header(v);
}

int mbox_parse_message(const char *data, size_t len, struct mbox_message *m)
{
  struct headers h = {0};
  struct part top;
  struct chosen c = {0};
  char *norm;
  const char *body, *end;
  size_t n = 0;

  memset(m, 0, sizeof(*m));
  if (!data)
    return -1;
  if (len > MBOX_MESSAGE_MAX) {
    len = MBOX_MESSAGE_MAX;
    m->truncated = 1;
  }
  /* CRLF to LF once, so that nothing below has to care */
  norm = xmalloc(len + 1);
  for (size_t i = 0; i < len; i++)
    if (!(data[i] == '\r' && i + 1 < len && data[i + 1] == '\n'))
      norm[n++] = data[i];
  norm[n] = '\0';
  end = norm + n;

  body = headers_parse(norm, end, &h);
  message_headers(&h, m);
  if (!m->has_date && n > 5 && !memcmp(norm, "From ", 5)) {
    /* a message stored with its From_ line: that line's date is the
     * best there is */
    char *line = xstrndup(norm + 5, strcspn(norm + 5, "\n"));
    from_line_date(line, m);
    free(line);
  }
  if (!m->message_id) {
    m->message_id = msgid_synthesize(&h, body, (size_t)(end - body));
    m->id_synthesized = 1;
  }

  strbuf_init(&c.utf8, TEXT_MAX);
  part_init(&top, &h, body, (size_t)(end - body));
  top.attachment = 0; /* a message that is one file is still its text */
  part_find_text(&top, &c, 0);
  part_release(&top);
  if (c.found && c.flowed)
    flowed_unwrap(&c.utf8, c.delsp);
  body_split(c.utf8.buf, c.utf8.len, m);
  m->content_type = c.type;
  strbuf_release(&c.utf8);
  headers_release(&h);
  free(norm);
  return 0;
}

/* ---- the reader -------------------------------------------------------- */

#define READ_CHUNK (64u * 1024)

struct mbox_reader {
  FILE *f;
  char *path;
  char *buf; /* 2 * READ_CHUNK bytes */
  size_t pos, len;
  uint64_t base; /* file offset of buf[0] */
  int eof;
  int started;
  int at_bol;              /* the next piece starts a line */
  int have_next;           /* the next message's "From " line was read */
  uint64_t next_off;       /* and its offset */
  struct strbuf from_line; /* this message's From_ line, for its date */
  struct strbuf next_from;
  struct strbuf msg;
  struct strbuf raw; /* mbox_next_raw(): From_ line and message */
};

struct mbox_reader *mbox_open(const char *path)
{
  struct mbox_reader *r;
  FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;

  if (!f) {
    error("cannot open '%s': %s", path, strerror(errno));
    return NULL;
  }
  r = xcalloc(1, sizeof(*r));
  r->f = f;
  r->path = xstrdup(path);
  r->buf = xmalloc(2 * READ_CHUNK);
  r->at_bol = 1;
  strbuf_init(&r->from_line, 1024);
  strbuf_init(&r->next_from, 1024);
  strbuf_init(&r->msg, MBOX_MESSAGE_MAX);
  strbuf_init(&r->raw, 0);
  return r;
}

void mbox_close(struct mbox_reader *r)
{
  if (!r)
    return;
  if (r->f && r->f != stdin)
    fclose(r->f);
  free(r->path);
  free(r->buf);
  strbuf_release(&r->from_line);
  strbuf_release(&r->next_from);
  strbuf_release(&r->msg);
  strbuf_release(&r->raw);
  free(r);
}

/*
 * The next piece of input: a whole line with its '\n' when it fits in
 * READ_CHUNK bytes, else a part of one.  *bol says whether the piece
 * starts a line, *off is its file offset.  0 at end of file, -1 on a read
 * error (reported).
 */
static int reader_piece(struct mbox_reader *r, const char **s, size_t *n,
                        int *bol, uint64_t *off)
{
  const char *nl;

  if (r->len - r->pos < READ_CHUNK && !r->eof) {
    size_t got;
    memmove(r->buf, r->buf + r->pos, r->len - r->pos);
    r->base += r->pos;
    r->len -= r->pos;
    r->pos = 0;
    got = fread(r->buf + r->len, 1, 2 * READ_CHUNK - r->len, r->f);
    r->len += got;
    if (got < 2 * READ_CHUNK - (r->len - got)) {
      if (ferror(r->f))
        return error("cannot read '%s': %s", r->path, strerror(errno));
      r->eof = 1;
    }
  }
  if (r->pos == r->len)
    return 0;
  *s = r->buf + r->pos;
  *off = r->base + r->pos;
  *bol = r->at_bol;
  nl = memchr(*s, '\n', r->len - r->pos);
  *n = nl ? (size_t)(nl - *s) + 1 : r->len - r->pos;
  if (*n > READ_CHUNK)
    *n = READ_CHUNK;
  r->at_bol = (*s)[*n - 1] == '\n';
  r->pos += *n;
  return 1;
}

/* Does the piece look like an mbox separator: "From " and then a sender
 * and a date with a time of day ("From a@b Mon Jan  1 10:00:00 2001")?
 * Requiring the time keeps a body line "From here on..." a body line. */
static int is_from_line(const char *s, size_t n)
{
  if (n < 5 || memcmp(s, "From ", 5))
    return 0;
  for (size_t i = 5; i + 4 < n; i++)
    if (isdigit((unsigned char)s[i]) && isdigit((unsigned char)s[i + 1]) &&
        s[i + 2] == ':' && isdigit((unsigned char)s[i + 3]) &&
        isdigit((unsigned char)s[i + 4]))
      return 1;
  return 0;
}

/* Skip the rest of a line whose first piece has been read. */
static int reader_skip_line(struct mbox_reader *r)
{
  const char *s;
  size_t n;
  int bol, rc;
  uint64_t off;

  while (!r->at_bol) {
    if ((rc = reader_piece(r, &s, &n, &bol, &off)) <= 0)
      return rc;
  }
  return 0;
}

/* Keep the From_ line (without "From " and the line break) for its date. */
static void reader_keep_from(struct strbuf *sb, const char *s, size_t n)
{
  strbuf_reset(sb);
  while (n > 5 && (s[n - 1] == '\n' || s[n - 1] == '\r'))
    n--;
  strbuf_add(sb, s + 5, n - 5 < 1000 ? n - 5 : 1000);
}

/* The date at the end of a From_ line ("sender Mon Jan  1 10:00:00 2001"):
 * the sender may contain anything, so the date is parsed from the first
 * weekday-looking word on. */
static void from_line_date(const char *s, struct mbox_message *m)
{
  const char *p = strchr(s, ' ');

  /* after the spaces p is at a word or at the terminating NUL, so the
   * next search starts there, not past it */
  for (; p; p = strchr(p, ' ')) {
    while (*p == ' ')
      p++;
    if (!mbox_parse_date(p, &m->date, &m->offset_min)) {
      m->has_date = 1;
      return;
    }
  }
}

/* Parse the collected message into m. */
static void reader_finish(struct mbox_reader *r, struct mbox_message *m,
                          uint64_t start, int truncated)
{
  struct strbuf *b = &r->msg;

  /* the blank line before the next "From " is part of the separator */
  if (b->len >= 2 && b->buf[b->len - 1] == '\n' && b->buf[b->len - 2] == '\n')
    b->buf[--b->len] = '\0';
  mbox_parse_message(b->buf, b->len, m);
  if (!m->has_date && r->from_line.len)
    from_line_date(r->from_line.buf, m);
  m->truncated |= truncated;
  m->offset = start;
}

/* Collect the next message's bytes into r->msg (its From_ line, if any,
 * in r->from_line); 1, 0 at the end, -1 on a read error. */
static int reader_collect(struct mbox_reader *r, uint64_t *start_out,
                          int *truncated_out)
{
  const char *s;
  size_t n;
  int bol, rc, got_any = 0, prev_blank = 0, truncated = 0;
  uint64_t off, start = r->base + r->pos;

  strbuf_reset(&r->msg);
  if (r->have_next) {
    struct strbuf t = r->from_line;
    r->from_line = r->next_from;
    r->next_from = t;
    start = r->next_off;
    r->have_next = 0;
    got_any = 1;
  } else if (!r->started) {
    /* the first line may be a From_ line in any form; a file without one
     * is a single message */
    r->started = 1;
    if ((rc = reader_piece(r, &s, &n, &bol, &off)) <= 0)
      return rc;
    if (n >= 5 && !memcmp(s, "From ", 5)) {
      reader_keep_from(&r->from_line, s, n);
      got_any = 1;
      if (reader_skip_line(r) < 0)
        return -1;
    } else {
      r->pos -= n; /* not a separator: read it again as content */
      r->at_bol = 1;
      prev_blank = 1;
    }
  } else {
    strbuf_reset(&r->from_line);
  }
  for (;;) {
    if ((rc = reader_piece(r, &s, &n, &bol, &off)) < 0)
      return -1;
    if (rc == 0)
      break;
    if (bol && prev_blank && is_from_line(s, n)) {
      r->have_next = 1;
      r->next_off = off;
      reader_keep_from(&r->next_from, s, n);
      if (reader_skip_line(r) < 0)
        return -1;
      break;
    }
    got_any = 1;
    if (bol && n > 5 && s[0] == '>') {
      /* mboxrd: ">From " and ">>From " lose one '>' */
      size_t k = 0;
      while (k < n && s[k] == '>')
        k++;
      if (n - k >= 5 && !memcmp(s + k, "From ", 5)) {
        s++;
        n--;
      }
    }
    if (!truncated && strbuf_add(&r->msg, s, n) < 0)
      truncated = 1;
    if (r->at_bol)
      prev_blank = bol && (n == 1 || (n == 2 && s[0] == '\r'));
  }
  if (!got_any)
    return 0;
  *start_out = start;
  *truncated_out = truncated;
  return 1;
}

int mbox_next(struct mbox_reader *r, struct mbox_message *m)
{
  uint64_t start;
  int truncated, rc;

  memset(m, 0, sizeof(*m));
  rc = reader_collect(r, &start, &truncated);
  if (rc == 1)
    reader_finish(r, m, start, truncated);
  return rc;
}

int mbox_next_raw(struct mbox_reader *r, const char **data, size_t *len,
                  uint64_t *offset)
{
  uint64_t start;
  int truncated, rc = reader_collect(r, &start, &truncated);
  struct strbuf *b = &r->msg;

  if (rc != 1)
    return rc;
  if (b->len >= 2 && b->buf[b->len - 1] == '\n' && b->buf[b->len - 2] == '\n')
    b->buf[--b->len] = '\0';
  strbuf_reset(&r->raw);
  if (r->from_line.len) {
    strbuf_addstr(&r->raw, "From ");
    strbuf_add(&r->raw, r->from_line.buf, r->from_line.len);
    strbuf_addch(&r->raw, '\n');
  }
  strbuf_add(&r->raw, b->buf, b->len);
  *data = r->raw.buf;
  *len = r->raw.len;
  if (offset)
    *offset = start;
  return 1;
}

int mbox_looks_like_message(const char *data, size_t len)
{
  static const char *const fields[] = {
      "from",       "path",       "newsgroups", "subject", "message-id",
      "date",       "received",   "return-path", "xref",   "to",
      "mime-version", "references", "in-reply-to", "organization",
      "delivered-to", "x-mailer", "lines", "sender", "reply-to"};
  const char *p = data, *end = data + len;
  int known = 0, lines = 0;

  while (p < end && lines < 8) {
    size_t n = line_len(p, end), k = field_name_len(p, n);
    const char *next = p + n + (p + n < end);
    if (n == 0 || (n == 1 && *p == '\r'))
      break; /* end of the header block */
    if (is_wsp((unsigned char)*p)) { /* a folded line */
      p = next;
      continue;
    }
    if (!k)
      return 0;
    for (size_t i = 0; i < ARRAY_SIZE(fields); i++)
      if (strlen(fields[i]) == k && !strncasecmp(p, fields[i], k))
        known++;
    lines++;
    p = next;
  }
  return known >= 2;
}
