/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * charset: decide a page's encoding and turn its bytes into UTF-8 (NFC).
 *
 * The common case is a page that is ASCII or UTF-8 already, so that path
 * is a validating scan and one copy: no iconv, no normaliser.  windows-1252
 * (what browsers use for every Latin-1 label) is decoded with a table of
 * its 32 differing bytes; other encodings go through glibc iconv.
 */
#include "parse/charset.h"
#include "util/util.h"

#include <errno.h>
#include <iconv.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

/* ---- labels ------------------------------------------------------------ */

enum enc_kind { ENC_MULTI, ENC_SINGLE, ENC_UTF8, ENC_UTF16 };

/* Indexes of the encodings the code names. */
enum { E_UTF8 = 0, E_1252 = 1, E_UTF16LE = 2, E_UTF16BE = 3 };

/* Canonical names (glibc iconv spells them so) and their kind. */
static const struct encoding {
  const char *name;
  enum enc_kind kind;
} encodings[] = {
    {"UTF-8", ENC_UTF8},          /* 0 */
    {"WINDOWS-1252", ENC_SINGLE}, /* 1 */
    {"UTF-16LE", ENC_UTF16},      /* 2 */
    {"UTF-16BE", ENC_UTF16},      /* 3 */
    {"IBM866", ENC_SINGLE},       /* 4 */
    {"ISO-8859-2", ENC_SINGLE},   /* 5 */
    {"ISO-8859-3", ENC_SINGLE},   /* 6 */
    {"ISO-8859-4", ENC_SINGLE},   /* 7 */
    {"ISO-8859-5", ENC_SINGLE},   /* 8 */
    {"ISO-8859-6", ENC_SINGLE},   /* 9 */
    {"ISO-8859-7", ENC_SINGLE},   /* 10 */
    {"ISO-8859-8", ENC_SINGLE},   /* 11, also -8-i (same bytes) */
    {"ISO-8859-10", ENC_SINGLE},  /* 12 */
    {"ISO-8859-13", ENC_SINGLE},  /* 13 */
    {"ISO-8859-14", ENC_SINGLE},  /* 14 */
    {"ISO-8859-15", ENC_SINGLE},  /* 15 */
    {"ISO-8859-16", ENC_SINGLE},  /* 16 */
    {"KOI8-R", ENC_SINGLE},       /* 17 */
    {"KOI8-U", ENC_SINGLE},       /* 18 */
    {"MACINTOSH", ENC_SINGLE},    /* 19 */
    {"WINDOWS-874", ENC_SINGLE},  /* 20 */
    {"WINDOWS-1250", ENC_SINGLE}, /* 21 */
    {"WINDOWS-1251", ENC_SINGLE}, /* 22 */
    {"WINDOWS-1253", ENC_SINGLE}, /* 23 */
    {"WINDOWS-1254", ENC_SINGLE}, /* 24 */
    {"WINDOWS-1255", ENC_SINGLE}, /* 25 */
    {"WINDOWS-1256", ENC_SINGLE}, /* 26 */
    {"WINDOWS-1257", ENC_SINGLE}, /* 27 */
    {"WINDOWS-1258", ENC_SINGLE}, /* 28 */
    {"MAC-CYRILLIC", ENC_SINGLE}, /* 29 */
    {"GBK", ENC_MULTI},           /* 30 */
    {"GB18030", ENC_MULTI},       /* 31 */
    {"BIG5-HKSCS", ENC_MULTI},    /* 32: WHATWG big5 includes HKSCS */
    {"EUC-JP", ENC_MULTI},        /* 33 */
    {"ISO-2022-JP", ENC_MULTI},   /* 34 */
    {"CP932", ENC_MULTI},         /* 35: WHATWG Shift_JIS = windows-31j */
    {"CP949", ENC_MULTI},         /* 36: WHATWG EUC-KR = windows-949 */
};

/*
 * The WHATWG Encoding Standard's labels (encoding.spec.whatwg.org, "Names
 * and labels") for the encodings above.  The "replacement" encoding's
 * labels (iso-2022-kr, hz-gb-2312, ...) are left out: unknown to us, they
 * count as no evidence.
 */
/* clang-format off */
static const struct label {
  const char *label;
  unsigned char enc;
} labels[] = {
    {"unicode-1-1-utf-8", 0}, {"unicode11utf8", 0}, {"unicode20utf8", 0},
    {"utf-8", 0}, {"utf8", 0}, {"x-unicode20utf8", 0},
    {"ansi_x3.4-1968", 1}, {"ascii", 1}, {"cp1252", 1}, {"cp819", 1},
    {"csisolatin1", 1}, {"ibm819", 1}, {"iso-8859-1", 1}, {"iso-ir-100", 1},
    {"iso8859-1", 1}, {"iso88591", 1}, {"iso_8859-1", 1},
    {"iso_8859-1:1987", 1}, {"l1", 1}, {"latin1", 1}, {"us-ascii", 1},
    {"windows-1252", 1}, {"x-cp1252", 1},
    {"csunicode", 2}, {"iso-10646-ucs-2", 2}, {"ucs-2", 2}, {"unicode", 2},
    {"unicodefeff", 2}, {"utf-16", 2}, {"utf-16le", 2},
    {"unicodefffe", 3}, {"utf-16be", 3},
    {"x-user-defined", 1}, /* as HTML does for <meta> */
    {"866", 4}, {"cp866", 4}, {"csibm866", 4}, {"ibm866", 4},
    {"csisolatin2", 5}, {"iso-8859-2", 5}, {"iso-ir-101", 5},
    {"iso8859-2", 5}, {"iso88592", 5}, {"iso_8859-2", 5},
    {"iso_8859-2:1987", 5}, {"l2", 5}, {"latin2", 5},
    {"csisolatin3", 6}, {"iso-8859-3", 6}, {"iso-ir-109", 6},
    {"iso8859-3", 6}, {"iso88593", 6}, {"iso_8859-3", 6},
    {"iso_8859-3:1988", 6}, {"l3", 6}, {"latin3", 6},
    {"csisolatin4", 7}, {"iso-8859-4", 7}, {"iso-ir-110", 7},
    {"iso8859-4", 7}, {"iso88594", 7}, {"iso_8859-4", 7},
    {"iso_8859-4:1988", 7}, {"l4", 7}, {"latin4", 7},
    {"csisolatincyrillic", 8}, {"cyrillic", 8}, {"iso-8859-5", 8},
    {"iso-ir-144", 8}, {"iso8859-5", 8}, {"iso88595", 8}, {"iso_8859-5", 8},
    {"iso_8859-5:1988", 8},
    {"arabic", 9}, {"asmo-708", 9}, {"csiso88596e", 9},
    {"csiso88596i", 9}, {"csisolatinarabic", 9}, {"ecma-114", 9},
    {"iso-8859-6", 9}, {"iso-8859-6-e", 9}, {"iso-8859-6-i", 9},
    {"iso-ir-127", 9}, {"iso8859-6", 9}, {"iso88596", 9},
    {"iso_8859-6", 9}, {"iso_8859-6:1987", 9},
    {"csisolatingreek", 10}, {"ecma-118", 10}, {"elot_928", 10},
    {"greek", 10}, {"greek8", 10}, {"iso-8859-7", 10}, {"iso-ir-126", 10},
    {"iso8859-7", 10}, {"iso88597", 10}, {"iso_8859-7", 10},
    {"iso_8859-7:1987", 10}, {"sun_eu_greek", 10},
    {"csiso88598e", 11}, {"csisolatinhebrew", 11}, {"hebrew", 11},
    {"iso-8859-8", 11}, {"iso-8859-8-e", 11}, {"iso-ir-138", 11},
    {"iso8859-8", 11}, {"iso88598", 11}, {"iso_8859-8", 11},
    {"iso_8859-8:1988", 11}, {"visual", 11}, {"csiso88598i", 11},
    {"iso-8859-8-i", 11}, {"logical", 11},
    {"csisolatin6", 12}, {"iso-8859-10", 12}, {"iso-ir-157", 12},
    {"iso8859-10", 12}, {"iso885910", 12}, {"l6", 12}, {"latin6", 12},
    {"iso-8859-13", 13}, {"iso8859-13", 13}, {"iso885913", 13},
    {"iso-8859-14", 14}, {"iso8859-14", 14}, {"iso885914", 14},
    {"csisolatin9", 15}, {"iso-8859-15", 15}, {"iso8859-15", 15},
    {"iso885915", 15}, {"iso_8859-15", 15}, {"l9", 15},
    {"iso-8859-16", 16},
    {"cskoi8r", 17}, {"koi", 17}, {"koi8", 17}, {"koi8-r", 17},
    {"koi8_r", 17},
    {"koi8-ru", 18}, {"koi8-u", 18},
    {"csmacintosh", 19}, {"mac", 19}, {"macintosh", 19}, {"x-mac-roman", 19},
    {"dos-874", 20}, {"iso-8859-11", 20}, {"iso8859-11", 20},
    {"iso885911", 20}, {"tis-620", 20}, {"windows-874", 20},
    {"cp1250", 21}, {"windows-1250", 21}, {"x-cp1250", 21},
    {"cp1251", 22}, {"windows-1251", 22}, {"x-cp1251", 22},
    {"cp1253", 23}, {"windows-1253", 23}, {"x-cp1253", 23},
    {"cp1254", 24}, {"csisolatin5", 24}, {"iso-8859-9", 24},
    {"iso-ir-148", 24}, {"iso8859-9", 24}, {"iso88599", 24},
    {"iso_8859-9", 24}, {"iso_8859-9:1989", 24}, {"l5", 24},
    {"latin5", 24}, {"windows-1254", 24}, {"x-cp1254", 24},
    {"cp1255", 25}, {"windows-1255", 25}, {"x-cp1255", 25},
    {"cp1256", 26}, {"windows-1256", 26}, {"x-cp1256", 26},
    {"cp1257", 27}, {"windows-1257", 27}, {"x-cp1257", 27},
    {"cp1258", 28}, {"windows-1258", 28}, {"x-cp1258", 28},
    {"x-mac-cyrillic", 29}, {"x-mac-ukrainian", 29},
    {"chinese", 30}, {"csgb2312", 30}, {"csiso58gb231280", 30},
    {"gb2312", 30}, {"gb_2312", 30}, {"gb_2312-80", 30}, {"gbk", 30},
    {"iso-ir-58", 30}, {"x-gbk", 30},
    {"gb18030", 31},
    {"big5", 32}, {"big5-hkscs", 32}, {"cn-big5", 32}, {"csbig5", 32},
    {"x-x-big5", 32},
    {"cseucpkdfmtjapanese", 33}, {"euc-jp", 33}, {"x-euc-jp", 33},
    {"csiso2022jp", 34}, {"iso-2022-jp", 34},
    {"csshiftjis", 35}, {"ms932", 35}, {"ms_kanji", 35}, {"shift-jis", 35},
    {"shift_jis", 35}, {"sjis", 35}, {"windows-31j", 35}, {"x-sjis", 35},
    {"cseuckr", 36}, {"csksc56011987", 36}, {"euc-kr", 36},
    {"iso-ir-149", 36}, {"korean", 36}, {"ks_c_5601-1987", 36},
    {"ks_c_5601-1989", 36}, {"ksc5601", 36}, {"ksc_5601", 36},
    {"windows-949", 36},
};
/* clang-format on */

static int is_space(int c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

/* Index into encodings[] for a label (n bytes), or -1. */
static int label_lookup(const char *s, size_t n)
{
  while (n && is_space((unsigned char)*s))
    s++, n--;
  while (n && is_space((unsigned char)s[n - 1]))
    n--;
  if (n == 0 || n > 32)
    return -1;
  for (size_t i = 0; i < ARRAY_SIZE(labels); i++)
    if (strlen(labels[i].label) == n && !strncasecmp(labels[i].label, s, n))
      return labels[i].enc;
  /* Canonical names are labels too ("WINDOWS-1252", "CP932"). */
  for (size_t i = 0; i < ARRAY_SIZE(encodings); i++)
    if (strlen(encodings[i].name) == n && !strncasecmp(encodings[i].name, s, n))
      return (int)i;
  return -1;
}

const char *charset_normalise(const char *label)
{
  int e = label ? label_lookup(label, strlen(label)) : -1;
  return e < 0 ? NULL : encodings[e].name;
}

/* ---- UTF-8 scanning ---------------------------------------------------- */

/* Advance p past ASCII bytes, 16 at a time while it can. */
static const unsigned char *skip_ascii(const unsigned char *p,
                                       const unsigned char *end)
{
  while (end - p >= 16) {
    uint64_t a, b;
    memcpy(&a, p, 8);
    memcpy(&b, p + 8, 8);
    if ((a | b) & UINT64_C(0x8080808080808080))
      break;
    p += 16;
  }
  while (p < end && *p < 0x80)
    p++;
  return p;
}

/*
 * Decode the multi-byte sequence at p (p[0] >= 0x80) per Unicode table 3-7.
 * Returns its length and stores the code point, or returns 0 for an
 * ill-formed sequence and stores in *bad the length of its maximal subpart
 * (at least 1: replaced by one U+FFFD, as the WHATWG decoder does) and in
 * *cut whether the body ended inside an otherwise well-formed prefix.
 */
static size_t utf8_decode(const unsigned char *p, const unsigned char *end,
                          uint32_t *cp, size_t *bad, int *cut)
{
  unsigned c = p[0], lo = 0x80, hi = 0xBF;
  size_t need;
  uint32_t v;

  *cut = 0;
  if (c >= 0xC2 && c <= 0xDF) {
    need = 1;
    v = c & 0x1F;
  } else if (c >= 0xE0 && c <= 0xEF) {
    need = 2;
    v = c & 0x0F;
    if (c == 0xE0)
      lo = 0xA0;
    else if (c == 0xED)
      hi = 0x9F; /* no surrogates */
  } else if (c >= 0xF0 && c <= 0xF4) {
    need = 3;
    v = c & 0x07;
    if (c == 0xF0)
      lo = 0x90;
    else if (c == 0xF4)
      hi = 0x8F; /* nothing above U+10FFFF */
  } else {
    *bad = 1;
    return 0;
  }
  for (size_t i = 1; i <= need; i++) {
    if (p + i >= end) {
      *bad = i;
      *cut = 1;
      return 0;
    }
    if (p[i] < lo || p[i] > hi) {
      *bad = i;
      return 0;
    }
    v = v << 6 | (p[i] & 0x3F);
    lo = 0x80;
    hi = 0xBF;
  }
  *cp = v;
  return need + 1;
}

int charset_is_utf8(const char *s, size_t len)
{
  const unsigned char *p = (const unsigned char *)(len ? s : ""),
                      *end = p + len;
  uint32_t cp;
  size_t bad, n;
  int cut;

  for (;;) {
    p = skip_ascii(p, end);
    if (p == end)
      return 1;
    n = utf8_decode(p, end, &cp, &bad, &cut);
    if (n == 0)
      return 0;
    p += n;
  }
}

/* What a scan of a body as UTF-8 found. */
struct utf8_stats {
  size_t multi;   /* well-formed multi-byte sequences */
  size_t invalid; /* maximal invalid subparts, not counting a cut tail */
  int cut;        /* the body ends inside a sequence */
};

static void utf8_count(const unsigned char *p, size_t len,
                       struct utf8_stats *st)
{
  const unsigned char *end = p + len;
  uint32_t cp;
  size_t bad, n;
  int cut;

  memset(st, 0, sizeof(*st));
  for (;;) {
    p = skip_ascii(p, end);
    if (p == end)
      return;
    n = utf8_decode(p, end, &cp, &bad, &cut);
    if (n) {
      st->multi++;
      p += n;
    } else if (cut) {
      st->cut = 1;
      return;
    } else {
      st->invalid++;
      p += bad;
    }
  }
}

/* ---- NFC quick test ---------------------------------------------------- */

/*
 * utf8proc has no NFC quick check, and normalising costs far more than
 * copying, so text goes to the normaliser only when it might change.
 *
 * Sufficient condition: every code point c is "inert", meaning
 *   (1) c has canonical combining class 0,
 *   (2) NFC(c) == c (no singleton, no composition exclusion), and
 *   (3) neither c nor the first code point of c's canonical decomposition
 *       can be the second half of a canonical composition.
 * Then decomposing the text puts a starter at the head of every
 * character's decomposition, canonical reordering never moves anything
 * across one, no composition reaches back across one, and within each
 * character composition restores c: the text is its own NFC.
 *
 * Everything below U+0300 is inert (the first combining marks, and the
 * first composition second halves, start at U+0300), so Latin-1 text and
 * the UTF-8 lead bytes below 0xCC never reach the table.  Above, the
 * table is built once from utf8proc's own data, so it agrees with the
 * normaliser in use: the set of possible second halves is every
 * non-initial code point of a canonical decomposition; inertness is then
 * stored as one bit per code point for planes 0 and 1 (16 KiB).  Planes
 * 2 and up hold no second halves in any Unicode version so far (checked
 * when building); there the test is made per code point.
 */
#define NFC_TABLE_END 0x20000

static unsigned char nfc_inert_bits[NFC_TABLE_END / 8];
static unsigned char nfc_second_bits[NFC_TABLE_END / 8];
static int nfc_second_beyond; /* a second half at or above NFC_TABLE_END */
static pthread_once_t nfc_once = PTHREAD_ONCE_INIT;

static int bit_get(const unsigned char *bits, uint32_t c)
{
  return bits[c >> 3] >> (c & 7) & 1;
}

static int is_second(uint32_t c)
{
  return c < NFC_TABLE_END ? bit_get(nfc_second_bits, c) : nfc_second_beyond;
}

/* Canonical decomposition of c into buf (size n); its length, or 0. */
static utf8proc_ssize_t canonical_decompose(uint32_t c, utf8proc_int32_t *buf,
                                            utf8proc_ssize_t n)
{
  int boundclass = 0;
  utf8proc_ssize_t r = utf8proc_decompose_char((utf8proc_int32_t)c, buf, n,
                                               UTF8PROC_DECOMPOSE, &boundclass);
  return r < 0 || r > n ? 0 : r;
}

/* Conditions (1) to (3) above for one code point (slow: table building). */
static int cp_inert_slow(uint32_t c)
{
  utf8proc_int32_t d[32];
  utf8proc_ssize_t n;

  if (c >= 0xD800 && c <= 0xDFFF)
    return 0;
  if (utf8proc_get_property((utf8proc_int32_t)c)->combining_class != 0)
    return 0;
  if (is_second(c))
    return 0;
  n = canonical_decompose(c, d, ARRAY_SIZE(d));
  if (n == 0)
    return 0;
  if (n == 1)
    return d[0] == (utf8proc_int32_t)c;
  if (is_second((uint32_t)d[0]))
    return 0;
  n = utf8proc_normalize_utf32(d, n, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
  return n == 1 && d[0] == (utf8proc_int32_t)c;
}

static void nfc_table_build(void)
{
  utf8proc_int32_t d[32];

  for (uint32_t c = 0; c <= 0x10FFFF; c++) {
    utf8proc_ssize_t n;
    if (c == 0xD800)
      c = 0xE000;
    n = canonical_decompose(c, d, ARRAY_SIZE(d));
    for (utf8proc_ssize_t i = 1; i < n; i++) {
      uint32_t s = (uint32_t)d[i];
      if (s >= NFC_TABLE_END)
        nfc_second_beyond = 1;
      else
        nfc_second_bits[s >> 3] |= (unsigned char)(1u << (s & 7));
    }
  }
  /* Hangul vowels and trailing consonants compose algorithmically; the
   * whole trailing range counts, as utf8proc also joins U+11A7 (TBase). */
  for (uint32_t s = 0x1161; s <= 0x11C2; s++)
    if (s <= 0x1175 || s >= 0x11A7)
      nfc_second_bits[s >> 3] |= (unsigned char)(1u << (s & 7));
  for (uint32_t c = 0; c < NFC_TABLE_END; c++)
    if (c < 0x300 || cp_inert_slow(c))
      nfc_inert_bits[c >> 3] |= (unsigned char)(1u << (c & 7));
}

static int cp_inert(uint32_t c)
{
  if (c < NFC_TABLE_END)
    return bit_get(nfc_inert_bits, c);
  return cp_inert_slow(c);
}

int charset_is_nfc_safe(const char *s, size_t len)
{
  const unsigned char *p = (const unsigned char *)(len ? s : ""),
                      *end = p + len;

  pthread_once(&nfc_once, nfc_table_build);
  for (;;) {
    uint32_t cp;
    size_t bad, n;
    int cut;

    p = skip_ascii(p, end);
    if (p == end)
      return 1;
    if (*p >= 0xC2 && *p < 0xCC && p + 1 < end && (p[1] & 0xC0) == 0x80) {
      /* below U+0300 */
      p += 2;
      continue;
    }
    n = utf8_decode(p, end, &cp, &bad, &cut);
    if (n == 0 || !cp_inert(cp))
      return 0;
    p += n;
  }
}

/* ---- Content-Type ------------------------------------------------------ */

/* RFC 9110 token characters. */
static int is_tchar(int c)
{
  return c > 0x20 && c < 0x7F && !strchr("\"(),/:;<=>?@[\\]{}", c);
}

/*
 * Parse "type/subtype *( OWS ; OWS name=value )" leniently: a value is a
 * token or a quoted string (backslash escapes); junk up to the next ';' is
 * skipped.  The first charset parameter with a non-empty value wins.
 */
char *charset_from_content_type(const char *ct)
{
  const char *p = ct ? strchr(ct, ';') : NULL;
  struct strbuf val;
  char *ret = NULL;

  strbuf_init(&val, 256);
  while (p && *p == ';') {
    const char *name;
    size_t name_len;

    p++;
    while (*p == ' ' || *p == '\t')
      p++;
    name = p;
    while (is_tchar((unsigned char)*p))
      p++;
    name_len = (size_t)(p - name);
    while (*p == ' ' || *p == '\t')
      p++;
    strbuf_reset(&val);
    if (*p == '=') {
      p++;
      while (*p == ' ' || *p == '\t')
        p++;
      if (*p == '"') {
        for (p++; *p && *p != '"'; p++) {
          if (*p == '\\' && p[1])
            p++;
          strbuf_addch(&val, *p); /* past the cap: not a charset anyway */
        }
        if (*p == '"')
          p++;
      } else {
        const char *v = p;
        while (*p && *p != ';')
          p++;
        strbuf_add(&val, v, (size_t)(p - v));
      }
      strbuf_trim(&val);
      if (name_len == 7 && !strncasecmp(name, "charset", 7) && val.len) {
        ret = strbuf_detach(&val, NULL);
        break;
      }
    }
    p = strchr(p, ';');
  }
  strbuf_release(&val);
  return ret;
}

/* ---- <meta> prescan ---------------------------------------------------- */

/*
 * A cut-down form of the HTML standard's "prescan a byte stream to
 * determine its encoding" (html.spec.whatwg.org, 13.2.3.2), over the first
 * CHARSET_META_SCAN bytes: comments are skipped, other tags' attributes
 * are stepped over (so a "<meta" inside an attribute value does not
 * count), and a <meta> gives an encoding through charset=, or through
 * http-equiv="content-type" with a content= holding "charset=".
 */
struct prescan {
  const unsigned char *p, *end;
};

#define ATTR_MAX 128

struct attr {
  char name[ATTR_MAX];
  char value[ATTR_MAX];
};

static void attr_addch(char *buf, size_t *n, int c)
{
  if (*n + 1 < ATTR_MAX) {
    if (c >= 'A' && c <= 'Z')
      c += 'a' - 'A';
    buf[(*n)++] = (char)c;
    buf[*n] = '\0';
  }
}

/* The spec's "get an attribute": 1 with *a filled, 0 at '>' or the end. */
static int prescan_attr(struct prescan *ps, struct attr *a)
{
  const unsigned char *p = ps->p, *end = ps->end;
  size_t nn = 0, vn = 0;

  a->name[0] = a->value[0] = '\0';
  while (p < end && (is_space(*p) || *p == '/'))
    p++;
  if (p >= end || *p == '>')
    goto none;
  for (;; p++) { /* name */
    if (p >= end)
      goto none;
    if (*p == '=' && nn > 0)
      break;
    if (is_space(*p)) {
      while (p < end && is_space(*p))
        p++;
      if (p >= end)
        goto none;
      if (*p != '=')
        goto done; /* attribute without value */
      break;
    }
    if (*p == '/' || *p == '>')
      goto done;
    attr_addch(a->name, &nn, *p);
  }
  p++; /* past '=' */
  while (p < end && is_space(*p))
    p++;
  if (p >= end)
    goto none;
  if (*p == '"' || *p == '\'') {
    unsigned char q = *p++;
    for (; p < end && *p != q; p++)
      attr_addch(a->value, &vn, *p);
    if (p >= end)
      goto none;
    p++;
    goto done;
  }
  if (*p == '>')
    goto done;
  for (; p < end && !is_space(*p) && *p != '>'; p++)
    attr_addch(a->value, &vn, *p);
  if (p >= end)
    goto none;
done:
  ps->p = p;
  return 1;
none:
  ps->p = p < end ? p : end;
  return 0;
}

/*
 * The spec's "extracting a character encoding from a meta element": the
 * label after "charset" "=" in a content attribute, or -1.
 */
static int content_charset(const char *s)
{
  const char *p = s;

  while ((p = strstr(p, "charset")) != NULL) { /* value is lowercased */
    const char *v;
    p += 7;
    while (is_space((unsigned char)*p))
      p++;
    if (*p != '=')
      continue;
    p++;
    while (is_space((unsigned char)*p))
      p++;
    if (*p == '"' || *p == '\'') {
      const char *q = strchr(p + 1, *p);
      return q ? label_lookup(p + 1, (size_t)(q - p - 1)) : -1;
    }
    v = p;
    while (*p && !is_space((unsigned char)*p) && *p != ';')
      p++;
    return label_lookup(v, (size_t)(p - v));
  }
  return -1;
}

/* The attributes of one <meta> (ps just past "<meta"): an encoding or -1. */
static int prescan_meta(struct prescan *ps)
{
  struct attr a;
  int got_pragma = 0, need_pragma = -1, enc = -1;
  int seen_he = 0, seen_content = 0, seen_charset = 0;

  while (prescan_attr(ps, &a)) {
    if (!strcmp(a.name, "http-equiv")) {
      if (seen_he++)
        continue;
      if (!strcmp(a.value, "content-type"))
        got_pragma = 1;
    } else if (!strcmp(a.name, "content")) {
      if (seen_content++ || enc >= 0)
        continue;
      enc = content_charset(a.value);
      if (enc >= 0)
        need_pragma = 1;
    } else if (!strcmp(a.name, "charset")) {
      if (seen_charset++ || enc >= 0) /* a content= charset came first */
        continue;
      enc = label_lookup(a.value, strlen(a.value));
      need_pragma = 0;
    }
  }
  if (need_pragma < 0 || enc < 0 || (need_pragma && !got_pragma))
    return -1;
  if (encodings[enc].kind == ENC_UTF16) /* it was read as ASCII */
    return E_UTF8;
  return enc;
}

static int ascii_alpha(int c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }

/* The encoding the first usable <meta> names, or -1. */
static int meta_charset(const unsigned char *body, size_t len)
{
  struct prescan ps = {
      body, body + (len < CHARSET_META_SCAN ? len : CHARSET_META_SCAN)};
  struct attr a;

  while (ps.p < ps.end) {
    const unsigned char *p = ps.p;
    size_t left = (size_t)(ps.end - p);

    if (*p != '<') {
      const unsigned char *lt = memchr(p, '<', left);
      ps.p = lt ? lt : ps.end;
      continue;
    }
    if (left >= 4 && !memcmp(p, "<!--", 4)) {
      const unsigned char *q = memmem(p + 2, left - 2, "-->", 3);
      if (!q)
        break;
      ps.p = q + 3;
    } else if (left >= 6 && !strncasecmp((const char *)p, "<meta", 5) &&
               (is_space(p[5]) || p[5] == '/')) {
      int enc;
      ps.p = p + 6;
      if ((enc = prescan_meta(&ps)) >= 0)
        return enc;
      if (ps.p < ps.end)
        ps.p++;
    } else if (left >= 2 && (ascii_alpha(p[1]) ||
                             (p[1] == '/' && left >= 3 && ascii_alpha(p[2])))) {
      ps.p = p + 2;
      while (ps.p < ps.end && !is_space(*ps.p) && *ps.p != '>')
        ps.p++;
      while (prescan_attr(&ps, &a))
        ;
      if (ps.p < ps.end)
        ps.p++;
    } else if (left >= 2 && (p[1] == '!' || p[1] == '/' || p[1] == '?')) {
      const unsigned char *gt = memchr(p, '>', left);
      if (!gt)
        break;
      ps.p = gt + 1;
    } else {
      ps.p = p + 1;
    }
  }
  return -1;
}

/* encoding="..." of an XML declaration at the very start, or -1. */
static int xml_charset(const char *body, size_t len)
{
  size_t n = len < 1024 ? len : 1024;
  const char *end, *p, *q;
  char quote;
  int enc;

  if (n < 6 || memcmp(body, "<?xml", 5) || !is_space((unsigned char)body[5]))
    return -1;
  end = memmem(body, n, "?>", 2);
  if (!end)
    return -1;
  p = memmem(body, (size_t)(end - body), "encoding", 8);
  if (!p)
    return -1;
  p += 8;
  while (p < end && is_space((unsigned char)*p))
    p++;
  if (p >= end || *p++ != '=')
    return -1;
  while (p < end && is_space((unsigned char)*p))
    p++;
  if (p >= end || (*p != '"' && *p != '\''))
    return -1;
  quote = *p++;
  q = memchr(p, quote, (size_t)(end - p));
  if (!q)
    return -1;
  enc = label_lookup(p, (size_t)(q - p));
  if (enc >= 0 && encodings[enc].kind == ENC_UTF16)
    return E_UTF8; /* it was read as ASCII */
  return enc;
}

/* ---- detection --------------------------------------------------------- */

/* The encoding a byte order mark names, and the mark's length. */
static int bom_sniff(const unsigned char *p, size_t len, size_t *bom_len)
{
  if (len >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) {
    *bom_len = 3;
    return E_UTF8;
  }
  if (len >= 2 && p[0] == 0xFF && p[1] == 0xFE) {
    *bom_len = 2;
    return E_UTF16LE;
  }
  if (len >= 2 && p[0] == 0xFE && p[1] == 0xFF) {
    *bom_len = 2;
    return E_UTF16BE;
  }
  *bom_len = 0;
  return -1;
}

/*
 * What a declaration below the given rank names, for when a UTF-8 label
 * is overruled: 0 looks at <meta> then the XML declaration, 1 at the XML
 * declaration only.  windows-1252 when neither names anything but UTF-8.
 */
static int fallback_below(const char *body, size_t len, int rank)
{
  int enc = -1;

  if (rank == 0)
    enc = meta_charset((const unsigned char *)body, len);
  if ((enc < 0 || enc == E_UTF8) && rank <= 1)
    enc = xml_charset(body, len);
  return enc < 0 || enc == E_UTF8 ? E_1252 : enc;
}

const char *charset_detect(const char *body, size_t len,
                           const char *http_charset, const char **evidence)
{
  const unsigned char *b;
  const char *ev;
  struct utf8_stats st;
  size_t bom_len;
  int enc, rank = 2;

  if (len == 0)
    body = "";
  b = (const unsigned char *)body;
  if ((enc = bom_sniff(b, len, &bom_len)) >= 0) {
    ev = "bom";
    goto out;
  }
  if (http_charset &&
      (enc = label_lookup(http_charset, strlen(http_charset))) >= 0) {
    ev = "http";
    rank = 0;
  } else if ((enc = meta_charset(b, len)) >= 0) {
    ev = "meta";
    rank = 1;
  } else if ((enc = xml_charset(body, len)) >= 0) {
    ev = "xml";
  } else {
    enc = E_1252;
    ev = "default";
  }

  /* The bytes have the last word over a single-byte or missing label. */
  if (encodings[enc].kind == ENC_SINGLE) {
    utf8_count(b, len, &st);
    if (st.invalid == 0 && st.multi > 0) {
      enc = E_UTF8;
      ev = "bytes";
    }
  } else if (enc == E_UTF8) {
    utf8_count(b, len, &st);
    if (st.invalid > 0 && st.invalid >= st.multi) {
      enc = fallback_below(body, len, rank);
      ev = "bytes";
    }
  }
out:
  if (evidence)
    *evidence = ev;
  return encodings[enc].name;
}

/* ---- conversion -------------------------------------------------------- */

static const char replacement[3] = {'\xEF', '\xBF', '\xBD'}; /* U+FFFD */

/* Append code point c (valid, not a surrogate) as UTF-8 at o. */
static char *put_utf8(char *o, uint32_t c)
{
  if (c < 0x80) {
    *o++ = (char)c;
  } else if (c < 0x800) {
    *o++ = (char)(0xC0 | c >> 6);
    *o++ = (char)(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    *o++ = (char)(0xE0 | c >> 12);
    *o++ = (char)(0x80 | (c >> 6 & 0x3F));
    *o++ = (char)(0x80 | (c & 0x3F));
  } else {
    *o++ = (char)(0xF0 | c >> 18);
    *o++ = (char)(0x80 | (c >> 12 & 0x3F));
    *o++ = (char)(0x80 | (c >> 6 & 0x3F));
    *o++ = (char)(0x80 | (c & 0x3F));
  }
  return o;
}

/*
 * UTF-8 to well-formed UTF-8: copied as is when valid (the usual case),
 * else each maximal invalid subpart becomes U+FFFD (at most 3 bytes for
 * each byte in).
 */
static char *utf8_clean(const unsigned char *p, size_t len, size_t *out_len)
{
  const unsigned char *end = p + len, *run;
  char *out, *o;

  if (charset_is_utf8((const char *)p, len)) {
    out = xmalloc(len + 1);
    memcpy(out, p, len);
    out[len] = '\0';
    *out_len = len;
    return out;
  }
  o = out = xmalloc(len * 3 + 1);
  for (;;) {
    uint32_t cp;
    size_t bad, n;
    int cut;

    run = p;
    p = skip_ascii(p, end);
    memcpy(o, run, (size_t)(p - run));
    o += p - run;
    if (p == end)
      break;
    n = utf8_decode(p, end, &cp, &bad, &cut);
    if (n) {
      memcpy(o, p, n);
      o += n;
      p += n;
    } else {
      memcpy(o, replacement, 3);
      o += 3;
      p += bad;
    }
  }
  *o = '\0';
  *out_len = (size_t)(o - out);
  return out;
}

/*
 * windows-1252 bytes 0x80-0x9F (WHATWG index-windows-1252; the five bytes
 * Microsoft leaves undefined map to the C1 controls of the same value, as
 * in browsers).  0xA0-0xFF are Latin-1, i.e. the code point itself.
 */
static const uint16_t cp1252_high[32] = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
    0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
};

/* windows-1252 to UTF-8: every byte is defined, at most 3 bytes out. */
static char *cp1252_decode(const unsigned char *p, size_t len, size_t *out_len)
{
  const unsigned char *end = p + len, *run;
  char *out = xmalloc(len * 3 + 1), *o = out;

  for (;;) {
    run = p;
    p = skip_ascii(p, end);
    memcpy(o, run, (size_t)(p - run));
    o += p - run;
    if (p == end)
      break;
    o = put_utf8(o, *p < 0xA0 ? cp1252_high[*p - 0x80] : *p);
    p++;
  }
  *o = '\0';
  *out_len = (size_t)(o - out);
  return out;
}

/* Make room for at least need more bytes (and a NUL) at *o in *out. */
static void out_reserve(char **out, char **o, size_t *alloc, size_t need)
{
  size_t used = (size_t)(*o - *out);

  if (used + need + 1 <= *alloc)
    return;
  *alloc = (*alloc + need + 1) * 2;
  *out = xrealloc(*out, *alloc);
  *o = *out + used;
}

/*
 * Anything else through iconv.  An invalid sequence becomes U+FFFD and
 * decoding resumes one code unit (unit bytes) later; a sequence cut off by
 * the end becomes one U+FFFD.  NULL when iconv does not know the name.
 */
static char *iconv_decode(const char *in, size_t len, const char *charset,
                          size_t unit, size_t *out_len)
{
  iconv_t cd = iconv_open("UTF-8", charset);
  size_t alloc = len * 3 + 16, left = len;
  char *out, *o, *src = (char *)in;

  if (cd == (iconv_t)-1)
    return NULL;
  o = out = xmalloc(alloc);
  while (left > 0) {
    size_t room = alloc - (size_t)(o - out) - 1; /* one kept for the NUL */
    if (iconv(cd, &src, &left, &o, &room) != (size_t)-1)
      break;
    if (errno == E2BIG) {
      out_reserve(&out, &o, &alloc, room + 16); /* grows for sure */
    } else if (errno == EILSEQ || errno == EINVAL) {
      size_t skip = errno == EINVAL || left < unit ? left : unit;
      out_reserve(&out, &o, &alloc, 3);
      memcpy(o, replacement, 3);
      o += 3;
      src += skip;
      left -= skip;
    } else { /* not expected with valid arguments */
      break;
    }
  }
  for (;;) { /* flush a shift state (ISO-2022-JP) */
    size_t room = alloc - (size_t)(o - out) - 1;
    if (iconv(cd, NULL, NULL, &o, &room) != (size_t)-1 || errno != E2BIG)
      break;
    out_reserve(&out, &o, &alloc, room + 16);
  }
  iconv_close(cd);
  *o = '\0';
  *out_len = (size_t)(o - out);
  /* iconv's output is trusted no more than its input: a converter
   * named by a page (glibc folds "u\xff..tF8" to UTF-8) may pass
   * ill-formed bytes through */
  if (!charset_is_utf8(out, *out_len)) {
    char *clean = utf8_clean((const unsigned char *)out, *out_len, out_len);
    free(out);
    out = clean;
  }
  return out;
}

/* NFC of valid UTF-8 s (taking it over) unless it is NFC already. */
static char *nfc_apply(char *s, size_t *len)
{
  utf8proc_uint8_t *dst = NULL;
  utf8proc_ssize_t n;

  if (charset_is_nfc_safe(s, *len))
    return s;
  n = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)*len, &dst,
                   UTF8PROC_STABLE | UTF8PROC_COMPOSE);
  if (n == UTF8PROC_ERROR_NOMEM)
    die("out of memory");
  if (n < 0) /* not expected for valid UTF-8: keep the text as it is */
    return s;
  free(s);
  *len = (size_t)n;
  return (char *)dst;
}

char *charset_to_utf8(const char *body, size_t len, const char *charset,
                      size_t *out_len)
{
  int enc = charset ? label_lookup(charset, strlen(charset)) : -1;
  const unsigned char *b;
  size_t n = 0, bom_len;
  char *out = NULL;

  if (len == 0)
    body = "";
  b = (const unsigned char *)body;

  if (enc < 0 && charset) {
    /* Unknown to the table: maybe iconv knows it. */
    out = iconv_decode(body, len, charset, 1, &n);
    if (out)
      goto normalise;
  }
  if (enc < 0)
    enc = E_1252;
  if (bom_sniff(b, len, &bom_len) == enc) {
    b += bom_len;
    len -= bom_len;
  }
  if (enc == E_UTF8) {
    out = utf8_clean(b, len, &n);
  } else if (enc == E_1252) {
    /* Everything it yields is below U+0300 or inert: already NFC. */
    out = cp1252_decode(b, len, &n);
    goto out;
  } else {
    size_t unit = encodings[enc].kind == ENC_UTF16 ? 2 : 1;
    out = iconv_decode((const char *)b, len, encodings[enc].name, unit, &n);
    if (!out) /* a glibc without that converter */
      out = cp1252_decode(b, len, &n);
  }
normalise:
  out = nfc_apply(out, &n);
out:
  if (out_len)
    *out_len = n;
  return out;
}
