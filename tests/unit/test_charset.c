/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Encoding detection and conversion.  Expected bytes were worked out with
 * Python 3's codecs and unicodedata.normalize("NFC", ...) (an implementation
 * independent of glibc iconv and utf8proc), or by hand from the WHATWG
 * Encoding Standard's label table and index-windows-1252.
 */
#include "parse/charset.h"
#include "tests/unit/test.h"
#include "util/util.h"

#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <utf8proc.h>

/* A body of n bytes (so tests may hold NUL bytes): S("...") */
#define S(lit) lit, sizeof(lit) - 1

/* ---- labels ------------------------------------------------------------ */

static const struct {
  const char *label;
  const char *want; /* NULL: unknown */
} label_cases[] = {
    {"latin1", "WINDOWS-1252"},
    {"ISO-8859-1", "WINDOWS-1252"},
    {"iso_8859-1:1987", "WINDOWS-1252"},
    {" l1 ", "WINDOWS-1252"}, /* whitespace around is ignored */
    {"ascii", "WINDOWS-1252"},
    {"US-ASCII", "WINDOWS-1252"},
    {"cp1252", "WINDOWS-1252"},
    {"windows-1252", "WINDOWS-1252"},
    {"utf-8", "UTF-8"},
    {"UTF8", "UTF-8"},
    {"unicode-1-1-utf-8", "UTF-8"},
    {"x-sjis", "CP932"},
    {"Shift_JIS", "CP932"},
    {"windows-31j", "CP932"},
    {"iso-8859-15", "ISO-8859-15"},
    {"latin9", NULL}, /* not a WHATWG label ("l9" is) */
    {"l9", "ISO-8859-15"},
    {"koi8-r", "KOI8-R"},
    {"koi8-u", "KOI8-U"},
    {"windows-1251", "WINDOWS-1251"},
    {"cp1250", "WINDOWS-1250"},
    {"gb2312", "GBK"},
    {"GB_2312-80", "GBK"},
    {"gb18030", "GB18030"},
    {"big5", "BIG5-HKSCS"},
    {"euc-jp", "EUC-JP"},
    {"iso-2022-jp", "ISO-2022-JP"},
    {"euc-kr", "CP949"},
    {"ks_c_5601-1987", "CP949"},
    {"iso-8859-9", "WINDOWS-1254"}, /* browsers read latin5 as 1254 */
    {"tis-620", "WINDOWS-874"},
    {"iso-8859-8-i", "ISO-8859-8"},
    {"utf-16", "UTF-16LE"},
    {"utf-16be", "UTF-16BE"},
    {"x-mac-cyrillic", "MAC-CYRILLIC"},
    {"macintosh", "MACINTOSH"},
    {"ibm866", "IBM866"},
    {"x-user-defined", "WINDOWS-1252"},
    {"iso-2022-kr", NULL}, /* "replacement" in WHATWG: not decoded */
    {"utf-7", NULL},
    {"bogus", NULL},
    {"", NULL},
    {"utf-8x", NULL},
};

TEST(charset_labels_table)
{
  for (size_t i = 0; i < ARRAY_SIZE(label_cases); i++) {
    const char *got = charset_normalise(label_cases[i].label);
    if (label_cases[i].want)
      CHECK_STR_MSG(got, label_cases[i].want, label_cases[i].label);
    else
      CHECK_MSG(got == NULL, label_cases[i].label);
  }
  CHECK(charset_normalise(NULL) == NULL);
}

/* Every canonical name handed out must be one glibc iconv accepts. */
TEST(charset_canonical_names_open_in_iconv)
{
  for (size_t i = 0; i < ARRAY_SIZE(label_cases); i++) {
    const char *name = charset_normalise(label_cases[i].label);
    iconv_t cd;
    if (!name)
      continue;
    cd = iconv_open("UTF-8", name);
    CHECK_MSG(cd != (iconv_t)-1, name);
    if (cd != (iconv_t)-1)
      iconv_close(cd);
  }
}

/* ---- Content-Type ------------------------------------------------------ */

static const struct {
  const char *ct;
  const char *want;
} ct_cases[] = {
    {"text/html; charset=ISO-8859-1", "ISO-8859-1"},
    {"text/html;charset=\"utf-8\"", "utf-8"},
    {"text/html; CHARSET=utf-8 ", "utf-8"},
    {"text/html; charset = utf-8", "utf-8"}, /* lenient about spaces */
    {"text/html; foo=\"a;charset=x\"; charset=koi8-r", "koi8-r"},
    {"text/html; charset=\"a\\\"b\"", "a\"b"},
    {"text/html; charset=utf-8; charset=latin1", "utf-8"},
    {"text/html; xcharset=koi8-r", NULL},
    {"text/html; charset=", NULL},
    {"text/html; charset=\"\"", NULL},
    {"text/html", NULL},
    {"", NULL},
};

TEST(charset_from_content_type_table)
{
  for (size_t i = 0; i < ARRAY_SIZE(ct_cases); i++) {
    char *got = charset_from_content_type(ct_cases[i].ct);
    if (ct_cases[i].want)
      CHECK_STR_MSG(got, ct_cases[i].want, ct_cases[i].ct);
    else
      CHECK_MSG(got == NULL, ct_cases[i].ct);
    free(got);
  }
  CHECK(charset_from_content_type(NULL) == NULL);
}

/* A NULL body of length 0 is an empty page. */
TEST(charset_empty_null_body)
{
  size_t n = 99;
  char *s = charset_to_utf8(NULL, 0, "UTF-8", &n);

  CHECK_INT(n, 0);
  CHECK_STR(s, "");
  free(s);
  s = charset_to_utf8(NULL, 0, "KOI8-R", &n);
  CHECK_INT(n, 0);
  CHECK_STR(s, "");
  free(s);
  CHECK_INT(charset_is_utf8(NULL, 0), 1);
  CHECK_INT(charset_is_nfc_safe(NULL, 0), 1);
}

/* ---- detection --------------------------------------------------------- */

static const struct {
  const char *name;
  const char *body;
  size_t len;
  const char *http;
  const char *want;
  const char *evidence;
} detect_cases[] = {
    {"utf-8 bom", S("\xEF\xBB\xBF<p>Gr\xC3\xBC\xC3\x9F"), NULL, "UTF-8", "bom"},
    {"utf-16le bom", S("\xFF\xFE<\0p\0>\0"), NULL, "UTF-16LE", "bom"},
    {"bom beats http", S("\xFE\xFF\0<\0p"), "iso-8859-1", "UTF-16BE", "bom"},
    {"http latin1", S("<p>Gr\xFC\xDF</p>"), "ISO-8859-1", "WINDOWS-1252",
     "http"},
    {"http beats meta", S("<meta charset=\"utf-8\"><p>Gr\xFC\xDF"), "latin1",
     "WINDOWS-1252", "http"},
    {"unknown http label", S("<meta charset=\"koi8-r\"><p>\xC1"), "bogus",
     "KOI8-R", "meta"},
    {"http x-user-defined", S("<p>\xE4"), "x-user-defined", "WINDOWS-1252",
     "http"},
    {"meta charset quoted", S("<meta charset=\"iso-8859-1\"><p>Gr\xFC\xDF"),
     NULL, "WINDOWS-1252", "meta"},
    {"meta http-equiv upper",
     S("<HEAD><META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; "
       "charset=ISO-8859-1\"></HEAD>\xFC"),
     NULL, "WINDOWS-1252", "meta"},
    {"meta charset unquoted", S("<meta charset=iso-8859-15>\xA4"), NULL,
     "ISO-8859-15", "meta"},
    {"meta single quotes, spaces",
     S("<meta http-equiv='content-type' content='text/html;charset = "
       "\"koi8-r\"'>\xC1"),
     NULL, "KOI8-R", "meta"},
    {"meta self-closing", S("<meta charset=\"windows-1251\"/>\xCF"), NULL,
     "WINDOWS-1251", "meta"},
    {"content without http-equiv",
     S("<meta content=\"text/html; charset=iso-8859-2\">\xB9"), NULL,
     "WINDOWS-1252", "default"},
    {"description mentioning charset",
     S("<meta name=\"description\" content=\"charset=koi8-r\">\xE4"), NULL,
     "WINDOWS-1252", "default"},
    {"meta in a comment", S("<!-- <meta charset=\"koi8-r\"> -->\xE4"), NULL,
     "WINDOWS-1252", "default"},
    {"meta in an attribute value",
     S("<div title=\"<meta charset=koi8-r>\">\xE4</div>"), NULL, "WINDOWS-1252",
     "default"},
    {"meta after a comment", S("<!--x--><meta charset=\"iso-8859-2\">\xB9"),
     NULL, "ISO-8859-2", "meta"},
    {"content= before charset= in one meta",
     S("<meta http-equiv=\"content-type\" content=\"text/html; "
       "charset=iso-8859-2\" charset=\"koi8-r\">\xB9"),
     NULL, "ISO-8859-2", "meta"},
    {"first meta wins",
     S("<meta charset=\"iso-8859-15\"><meta charset=\"koi8-r\">\xA4"), NULL,
     "ISO-8859-15", "meta"},
    {"meta names unknown label",
     S("<meta charset=\"foo\"><meta charset=\"iso-8859-7\">\xE1"), NULL,
     "ISO-8859-7", "meta"},
    {"meta utf-16 means utf-8", S("<meta charset=\"utf-16\"><p>hi"), NULL,
     "UTF-8", "meta"},
    {"meta x-sjis", S("<meta charset=\"x-sjis\"><p>\x82\xA0"), NULL, "CP932",
     "meta"},
    {"xml declaration",
     S("<?xml version=\"1.0\" encoding=\"ISO-8859-15\"?><html>\xA4"), NULL,
     "ISO-8859-15", "xml"},
    {"meta beats xml",
     S("<?xml version=\"1.0\" encoding=\"koi8-r\"?><meta "
       "charset=\"iso-8859-2\">\xB9"),
     NULL, "ISO-8859-2", "meta"},
    {"no evidence, ascii", S("<p>hello</p>"), NULL, "WINDOWS-1252", "default"},
    {"no evidence, latin1", S("<p>Gr\xFC\xDF</p>"), NULL, "WINDOWS-1252",
     "default"},
    {"no evidence, utf-8", S("<p>Gr\xC3\xBC\xC3\x9F</p>"), NULL, "UTF-8",
     "bytes"},
    /* The sanity rule, both ways. */
    {"declared latin1, utf-8 bytes",
     S("<meta charset=\"iso-8859-1\"><p>Gr\xC3\xBC\xC3\x9F"), NULL, "UTF-8",
     "bytes"},
    {"http latin1, utf-8 bytes", S("<p>\xE2\x80\x9CHallo\xE2\x80\x9D"),
     "iso-8859-1", "UTF-8", "bytes"},
    {"declared 1251, utf-8 bytes",
     S("<meta charset=\"windows-1251\">\xD0\x9F\xD1\x80"), NULL, "UTF-8",
     "bytes"},
    {"declared utf-8, latin1 bytes",
     S("<meta charset=\"utf-8\"><p>Gr\xFC\xDF f\xFCr"), NULL, "WINDOWS-1252",
     "bytes"},
    {"http utf-8, latin1 bytes", S("<p>\x93Hallo\x94 \x80"), "utf-8",
     "WINDOWS-1252", "bytes"},
    {"http utf-8 overruled, meta 1251 next",
     S("<meta charset=\"windows-1251\"><p>\xCF\xF0\xE8\xE2\xE5\xF2"), "utf-8",
     "WINDOWS-1251", "bytes"},
    {"http utf-8 overruled, meta utf-8 too",
     S("<meta charset=utf-8>\xE4\xF6 x"), "utf-8", "WINDOWS-1252", "bytes"},
    {"meta utf-8 overruled, xml next",
     S("<?xml version=\"1.0\" encoding=\"koi8-r\"?><meta "
       "charset=\"utf-8\">\xC1\xC2"),
     NULL, "KOI8-R", "bytes"},
    {"declared utf-8, one stray byte among utf-8",
     S("<meta charset=\"utf-8\"><p>\xC3\xBC\xC3\xB6\xC3\xA4 \xFC"), NULL,
     "UTF-8", "meta"},
    {"declared latin1, ascii only", S("<meta charset=\"iso-8859-1\"><p>hi"),
     NULL, "WINDOWS-1252", "meta"},
    {"declared utf-8, cut at the end",
     S("<meta charset=\"utf-8\"><p>\xC3\xBC \xE2\x82"), NULL, "UTF-8", "meta"},
    {"declared latin1, utf-8 cut at the end",
     S("<meta charset=\"iso-8859-1\"><p>\xC3\xBC \xE2\x82"), NULL, "UTF-8",
     "bytes"},
    {"declared sjis, not second-guessed",
     S("<meta charset=\"shift_jis\"><p>\xC3\xBC"), NULL, "CP932", "meta"},
    {"empty body", S(""), NULL, "WINDOWS-1252", "default"},
};

TEST(charset_detect_table)
{
  for (size_t i = 0; i < ARRAY_SIZE(detect_cases); i++) {
    const char *ev = "unset";
    const char *got = charset_detect(detect_cases[i].body, detect_cases[i].len,
                                     detect_cases[i].http, &ev);
    CHECK_STR_MSG(got, detect_cases[i].want, detect_cases[i].name);
    CHECK_STR_MSG(ev, detect_cases[i].evidence, detect_cases[i].name);
  }
}

/* A <meta> is only looked for in the first CHARSET_META_SCAN bytes. */
TEST(charset_detect_meta_window)
{
  static const char meta[] = "<meta charset=\"iso-8859-15\">";
  const size_t starts[] = {0,
                           100,
                           CHARSET_META_SCAN - sizeof(meta) + 1,
                           CHARSET_META_SCAN - 5,
                           CHARSET_META_SCAN,
                           CHARSET_META_SCAN + 1000};
  const int found[] = {1, 1, 1, 0, 0, 0};

  for (size_t i = 0; i < ARRAY_SIZE(starts); i++) {
    struct strbuf sb = STRBUF_INIT;
    const char *ev, *got;
    char label[64];

    for (size_t k = 0; k < starts[i]; k++)
      strbuf_addch(&sb, ' ');
    strbuf_addstr(&sb, meta);
    strbuf_addstr(&sb, "<p>\xA4</p>");
    got = charset_detect(sb.buf, sb.len, NULL, &ev);
    snprintf(label, sizeof(label), "meta at %zu", starts[i]);
    CHECK_STR_MSG(got, found[i] ? "ISO-8859-15" : "WINDOWS-1252", label);
    CHECK_STR_MSG(ev, found[i] ? "meta" : "default", label);
    strbuf_release(&sb);
  }
  CHECK_STR(charset_detect("<p>", 3, NULL, NULL), "WINDOWS-1252");
  CHECK_STR(charset_detect(NULL, 0, "utf-8", NULL), "UTF-8");
}

/* ---- UTF-8 validity ---------------------------------------------------- */

static const struct {
  const char *name;
  const char *s;
  size_t len;
  int want;
} utf8_cases[] = {
    {"empty", S(""), 1},
    {"ascii", S("hello, world"), 1},
    {"nul", S("a\0b"), 1},
    {"umlauts", S("Gr\xC3\xBC\xC3\x9F"), 1},
    {"euro", S("\xE2\x82\xAC"), 1},
    {"emoji", S("\xF0\x9F\x98\x80"), 1},
    {"max", S("\xF4\x8F\xBF\xBF"), 1},
    {"latin1", S("Gr\xFC\xDF"), 0},
    {"overlong /", S("\xC0\xAF"), 0},
    {"overlong 3", S("\xE0\x9F\xBF"), 0},
    {"overlong 4", S("\xF0\x8F\xBF\xBF"), 0},
    {"surrogate", S("\xED\xA0\x80"), 0},
    {"above max", S("\xF4\x90\x80\x80"), 0},
    {"f5", S("\xF5\x80\x80\x80"), 0},
    {"lone continuation", S("a\x80"), 0},
    {"cut", S("\xE2\x82"), 0},
    {"ascii then bad after 16", S("0123456789abcdefghij\xFF"), 0},
};

TEST(charset_is_utf8_table)
{
  for (size_t i = 0; i < ARRAY_SIZE(utf8_cases); i++)
    CHECK_INT_MSG(charset_is_utf8(utf8_cases[i].s, utf8_cases[i].len),
                  utf8_cases[i].want, utf8_cases[i].name);
}

/* ---- conversion -------------------------------------------------------- */

#define FFFD "\xEF\xBF\xBD"

static const struct {
  const char *name;
  const char *in;
  size_t in_len;
  const char *charset;
  const char *want;
  size_t want_len;
} conv_cases[] = {
    /* windows-1252 / Latin-1 */
    {"umlauts", S("\xC4\xD6\xDC\xE4\xF6\xFC\xDF"), "WINDOWS-1252",
     S("\xC3\x84\xC3\x96\xC3\x9C\xC3\xA4\xC3\xB6\xC3\xBC\xC3\x9F")},
    {"latin1 label", S("Gr\xFC\xDF"), "iso-8859-1", S("Gr\xC3\xBC\xC3\x9F")},
    {"euro", S("\x80"), "WINDOWS-1252", S("\xE2\x82\xAC")},
    {"quotes",
     S("\x84"
       "a\x93Hallo\x94"),
     "WINDOWS-1252",
     S("\xE2\x80\x9E"
       "a\xE2\x80\x9CHallo\xE2\x80\x9D")},
    {"undefined 0x81 as C1", S("\x81"), "WINDOWS-1252", S("\xC2\x81")},
    {"1252 long ascii run", S("0123456789abcdefghijklmnop\xFC"), "WINDOWS-1252",
     S("0123456789abcdefghijklmnop\xC3\xBC")},
    /* UTF-8 */
    {"utf-8 as is", S("Gr\xC3\xBC\xC3\x9F \xE2\x82\xAC \xF0\x9F\x98\x80"),
     "UTF-8", S("Gr\xC3\xBC\xC3\x9F \xE2\x82\xAC \xF0\x9F\x98\x80")},
    {"utf-8 bom removed",
     S("\xEF\xBB\xBF"
       "abc"),
     "UTF-8", S("abc")},
    {"bom kept for another charset", S("\xEF\xBB\xBF"), "WINDOWS-1252",
     S("\xC3\xAF\xC2\xBB\xC2\xBF")},
    {"nul kept", S("a\0b"), "UTF-8", S("a\0b")},
    {"nul then nfc", S("a\0u\xCC\x88"), "UTF-8", S("a\0\xC3\xBC")},
    {"invalid byte",
     S("a\xFF"
       "b"),
     "UTF-8", S("a" FFFD "b")},
    {"cut euro then ascii",
     S("\xE2\x82"
       "A"),
     "UTF-8", S(FFFD "A")},
    {"overlong 4", S("\xF0\x80\x80"), "UTF-8", S(FFFD FFFD FFFD)},
    {"surrogate", S("\xED\xA0\x80"), "UTF-8", S(FFFD FFFD FFFD)},
    {"overlong /", S("\xC0\xAF"), "UTF-8", S(FFFD FFFD)},
    {"above max", S("\xF4\x90\x80\x80"), "UTF-8", S(FFFD FFFD FFFD FFFD)},
    {"cut at end", S("x\xF0\x9F\x98"), "UTF-8", S("x" FFFD)},
    {"e0 bad second", S("\xE0\x9F\x80x"), "UTF-8", S(FFFD FFFD FFFD "x")},
    /* NFC */
    {"nfc u umlaut", S("u\xCC\x88"), "UTF-8", S("\xC3\xBC")},
    {"nfc Mueller", S("Mu\xCC\x88ller"), "UTF-8", S("M\xC3\xBCller")},
    {"nfc A ring", S("A\xCC\x8A"), "UTF-8", S("\xC3\x85")},
    {"nfc ohm singleton", S("\xE2\x84\xA6"), "UTF-8", S("\xCE\xA9")},
    {"nfc hangul LV", S("\xE1\x84\x80\xE1\x85\xA1"), "UTF-8",
     S("\xEA\xB0\x80")},
    {"nfc hangul LV+T", S("\xEA\xB0\x80\xE1\x86\xA8"), "UTF-8",
     S("\xEA\xB0\x81")},
    {"nfc reorder", S("a\xCC\x81\xCC\xA3"), "UTF-8", S("\xE1\xBA\xA1\xCC\x81")},
    {"nfc blocked", S("e\xCC\x81\xCC\x80"), "UTF-8", S("\xC3\xA9\xCC\x80")},
    {"nfc exclusion", S("\xE0\xBD\xB3"), "UTF-8",
     S("\xE0\xBD\xB1\xE0\xBD\xB2")},
    {"nfc plane 2 singleton", S("\xF0\xAF\xA0\x80"), "UTF-8",
     S("\xE4\xB8\xBD")},
    {"nfc after invalid", S("\xFFu\xCC\x88"), "UTF-8", S(FFFD "\xC3\xBC")},
    /* UTF-16 */
    {"utf-16le bom", S("\xFF\xFEG\0r\0\xFC\0"), "UTF-16LE", S("Gr\xC3\xBC")},
    {"utf-16be bom", S("\xFE\xFF\0G\x20\xAC"), "UTF-16BE", S("G\xE2\x82\xAC")},
    {"utf-16le pair", S("\x3D\xD8\x00\xDE"), "UTF-16LE", S("\xF0\x9F\x98\x80")},
    {"utf-16le lone surrogate",
     S("\x00\xD8"
       "a\0"),
     "UTF-16LE", S(FFFD "a")},
    {"utf-16le odd byte", S("a\0b"), "UTF-16LE", S("a" FFFD)},
    {"utf-16le nfc", S("u\0\x08\x03"), "UTF-16LE", S("\xC3\xBC")},
    /* other encodings through iconv */
    {"iso-8859-15 euro", S("\xA4"), "ISO-8859-15", S("\xE2\x82\xAC")},
    {"iso-8859-2", S("\xB9"), "latin2", S("\xC5\xA1")},
    {"koi8-r", S("\xC1"), "KOI8-R", S("\xD0\xB0")},
    {"windows-1251", S("\xCF\xF0\xE8\xE2\xE5\xF2"), "cp1251",
     S("\xD0\x9F\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82")},
    {"iso-8859-7", S("\xE1"), "greek", S("\xCE\xB1")},
    {"windows-874", S("\xA1"), "tis-620", S("\xE0\xB8\x81")},
    {"mac cyrillic", S("\x80"), "x-mac-cyrillic", S("\xD0\x90")},
    {"shift_jis", S("\x82\xA0"), "x-sjis", S("\xE3\x81\x82")},
    {"euc-jp", S("\xA4\xA2"), "EUC-JP", S("\xE3\x81\x82")},
    {"iso-2022-jp", S("\x1B$B$\"\x1B(B"), "ISO-2022-JP", S("\xE3\x81\x82")},
    {"gbk", S("\xC4\xE3\xBA\xC3"), "gb2312", S("\xE4\xBD\xA0\xE5\xA5\xBD")},
    {"big5", S("\xA7\x41"), "big5", S("\xE4\xBD\xA0")},
    {"euc-kr", S("\xC7\xD1"), "euc-kr", S("\xED\x95\x9C")},
    {"sjis invalid lead",
     S("a\xFF"
       "b"),
     "CP932", S("a" FFFD "b")},
    {"sjis cut", S("a\x82"), "CP932", S("a" FFFD)},
    /* names outside the table */
    {"iconv-only name", S("\x84"), "CP437", S("\xC3\xA4")},
    {"unknown name", S("\x80\xE4"), "no-such-charset",
     S("\xE2\x82\xAC\xC3\xA4")},
    {"null name", S("\xE4"), NULL, S("\xC3\xA4")},
    {"empty", S(""), "UTF-8", S("")},
    {"empty iconv", S(""), "KOI8-R", S("")},
};

TEST(charset_to_utf8_table)
{
  for (size_t i = 0; i < ARRAY_SIZE(conv_cases); i++) {
    size_t n = 12345;
    char *got = charset_to_utf8(conv_cases[i].in, conv_cases[i].in_len,
                                conv_cases[i].charset, &n);
    CHECK_INT_MSG(n, conv_cases[i].want_len, conv_cases[i].name);
    CHECK_MSG(n == conv_cases[i].want_len &&
                  !memcmp(got, conv_cases[i].want, n),
              conv_cases[i].name);
    CHECK_INT_MSG(got[n], 0, conv_cases[i].name);
    CHECK_MSG(charset_is_utf8(got, n), conv_cases[i].name);
    free(got);
  }
}

/*
 * Every byte 0x80-0xFF in windows-1252 against glibc's CP1252 converter
 * (an independent table); the five bytes glibc leaves undefined must give
 * the C1 control of the same value, as WHATWG index-windows-1252 says.
 */
TEST(charset_windows_1252_all_bytes)
{
  iconv_t cd = iconv_open("UTF-8", "CP1252");
  int bad = 0, undefined = 0;

  CHECK(cd != (iconv_t)-1);
  if (cd == (iconv_t)-1)
    return;
  for (int c = 0x80; c <= 0xFF; c++) {
    char in[1] = {(char)c}, ref[8], *src = in, *dst = ref;
    size_t left = 1, room = sizeof(ref), n;
    char *got = charset_to_utf8(in, 1, "WINDOWS-1252", &n);
    if (iconv(cd, &src, &left, &dst, &room) == (size_t)-1) {
      undefined++;
      if (!(n == 2 && (unsigned char)got[0] == 0xC2 &&
            (unsigned char)got[1] == c))
        bad++;
    } else if ((size_t)(dst - ref) != n || memcmp(got, ref, n)) {
      bad++;
    }
    free(got);
  }
  iconv_close(cd);
  CHECK_INT(undefined, 5); /* 0x81 0x8D 0x8F 0x90 0x9D */
  CHECK_INT(bad, 0);
}

/* ---- NFC quick test ---------------------------------------------------- */

static const struct {
  const char *name;
  const char *s;
  size_t len;
  int want;
} nfc_cases[] = {
    {"ascii", S("hello"), 1},
    {"latin1 range", S("Gr\xC3\xBC\xC3\x9F \xC3\x85"), 1},
    {"punctuation and euro", S("\xE2\x80\x9C\xE2\x80\x9D\xE2\x82\xAC"), 1},
    {"emoji", S("\xF0\x9F\x98\x80\xEF\xB8\x8F"), 1},
    {"cjk", S("\xE4\xBD\xA0\xE5\xA5\xBD"), 1},
    {"plane 2 cjk", S("\xF0\xA0\x80\x80"), 1},
    {"precomposed hangul", S("\xEA\xB0\x80"), 1},
    {"combining diaeresis", S("u\xCC\x88"), 0},
    {"ohm sign", S("\xE2\x84\xA6"), 0},
    {"en quad", S("\xE2\x80\x80"), 0},
    {"hangul vowel", S("\xE1\x85\xA1"), 0},
    {"tamil au length mark", S("\xE0\xAF\x97"), 0},
    {"tibetan exclusion", S("\xE0\xBD\xB3"), 0},
    {"plane 2 compat", S("\xF0\xAF\xA0\x80"), 0},
};

TEST(charset_nfc_safe_table)
{
  for (size_t i = 0; i < ARRAY_SIZE(nfc_cases); i++)
    CHECK_INT_MSG(charset_is_nfc_safe(nfc_cases[i].s, nfc_cases[i].len),
                  nfc_cases[i].want, nfc_cases[i].name);
}

/*
 * The quick test may only say "NFC" when it is: for every BMP code point it
 * passes, that code point after each of a set of starters that take part
 * in compositions (Latin, Hangul L and LV, Indic and Tamil vowel-sign
 * hosts) must come out of utf8proc's NFC unchanged.
 */
TEST(charset_nfc_safe_is_sufficient)
{
  static const int32_t starters[] = {
      'A',    'e',    'u',    0x00C5, 0x1100, 0xAC00, 0x0B47, 0x0BC6,
      0x0BD7, 0x0CC6, 0x0D46, 0x0DD9, 0x1025, 0x1B05, 0x0915, 0x3046};
  int passed = 0, wrong = 0;

  for (int32_t c = 0x300; c < 0x10000; c++) {
    utf8proc_uint8_t one[8];
    utf8proc_ssize_t n1;
    if (c >= 0xD800 && c <= 0xDFFF)
      continue;
    n1 = utf8proc_encode_char(c, one);
    if (!charset_is_nfc_safe((const char *)one, (size_t)n1))
      continue;
    passed++;
    for (size_t k = 0; k < ARRAY_SIZE(starters); k++) {
      utf8proc_uint8_t s[16];
      utf8proc_ssize_t n = utf8proc_encode_char(starters[k], s);
      utf8proc_uint8_t *nfc;
      memcpy(s + n, one, (size_t)n1);
      n += n1;
      s[n] = 0;
      nfc = utf8proc_NFC(s);
      if (!nfc || strcmp((const char *)nfc, (const char *)s))
        wrong++;
      free(nfc);
    }
  }
  CHECK(passed > 50000); /* the test is not trivially empty */
  CHECK_INT(wrong, 0);
}

/* ---- real pages -------------------------------------------------------- */

static char *read_fixture(const char *name, size_t *len)
{
  struct strbuf sb = STRBUF_INIT;

  if (strbuf_read_file(&sb, test_data_path(name)) < 0) {
    strbuf_release(&sb);
    return NULL;
  }
  return strbuf_detach(&sb, len);
}

/* vBulletin 4, declared and sent as ISO-8859-1 (see MANIFEST.txt). */
TEST(charset_vbulletin4_latin1_page)
{
  size_t len, n;
  const char *ev;
  char *body = read_fixture("charset/vbulletin4-latin1.html", &len), *text;

  CHECK(body != NULL);
  if (!body)
    return;
  CHECK_STR(charset_detect(body, len, NULL, &ev), "WINDOWS-1252");
  CHECK_STR(ev, "meta");
  /* A server claiming UTF-8 for it is overruled by the bytes. */
  CHECK_STR(charset_detect(body, len, "utf-8", &ev), "WINDOWS-1252");
  CHECK_STR(ev, "bytes");
  text = charset_to_utf8(body, len, "WINDOWS-1252", &n);
  CHECK(charset_is_utf8(text, n));
  CHECK(strstr(text, "befürchtung") != NULL);
  CHECK(strstr(text, "in den nächsten Stunden") != NULL);
  CHECK(strstr(text, "dafür Sorgen") != NULL);
  CHECK(strstr(text, FFFD) == NULL);
  free(text);
  free(body);
}

/* Declares ISO-8859-1, sends UTF-8 (see MANIFEST.txt). */
TEST(charset_declared_latin1_utf8_page)
{
  size_t len, n;
  const char *ev;
  char *body = read_fixture("charset/declared-latin1-utf8.html", &len), *text;

  CHECK(body != NULL);
  if (!body)
    return;
  CHECK_STR(charset_detect(body, len, NULL, &ev), "UTF-8");
  CHECK_STR(ev, "bytes");
  text = charset_to_utf8(body, len, "UTF-8", &n);
  CHECK_INT(n, len); /* valid and NFC: unchanged */
  CHECK(n == len && !memcmp(text, body, n));
  CHECK(strstr(text, "ISO Image sei ungültig") != NULL);
  CHECK(strstr(text, "nicht mehr verfügbar") != NULL);
  CHECK(strstr(text, "DVD´s") != NULL);
  free(text);
  free(body);
}

/* ---- robustness -------------------------------------------------------- */

/*
 * Pseudo-random bodies (a fixed LCG, so runs repeat) of bytes favouring
 * the interesting ones, through detection and every kind of decoder: the
 * result must always be well-formed UTF-8 that NFC leaves unchanged.
 */
TEST(charset_random_bodies)
{
  static const char *const charsets[] = {
      "UTF-8",  "WINDOWS-1252", "UTF-16LE", "UTF-16BE",
      "KOI8-R", "CP932",        "GB18030",  "ISO-2022-JP",
      "EUC-JP", "BIG5-HKSCS",   "CP949",    NULL /* detected */};
  static const unsigned char pool[] = {
      'a',  '<',  '>',  '=',  '"',  ' ',  0x00, 0x1B, '$',  'B',  '(',
      0x80, 0x81, 0x93, 0xA4, 0xBF, 0xC3, 0xBC, 0xCC, 0x88, 0xE1, 0x84,
      0x85, 0xE2, 0x82, 0xAC, 0xED, 0xA0, 0xF0, 0x9F, 0xF4, 0xFF};
  uint32_t seed = 12345;
  int bad_utf8 = 0, not_nfc = 0, runs = 0;

  for (int round = 0; round < 300; round++) {
    unsigned char body[256];
    size_t len;

    seed = seed * 1103515245u + 12345u;
    len = (seed >> 16) % sizeof(body);
    for (size_t k = 0; k < len; k++) {
      seed = seed * 1103515245u + 12345u;
      body[k] = (seed >> 24) & 1 ? pool[(seed >> 16) % sizeof(pool)]
                                 : (unsigned char)(seed >> 8);
    }
    for (size_t c = 0; c < ARRAY_SIZE(charsets); c++) {
      const char *cs = charsets[c];
      utf8proc_uint8_t *nfc = NULL;
      utf8proc_ssize_t m;
      size_t n;
      char *out;

      if (!cs)
        cs = charset_detect((const char *)body, len, NULL, NULL);
      out = charset_to_utf8((const char *)body, len, cs, &n);
      runs++;
      if (!charset_is_utf8(out, n) || out[n] != '\0') {
        bad_utf8++;
      } else {
        m = utf8proc_map((const utf8proc_uint8_t *)out, (utf8proc_ssize_t)n,
                         &nfc, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
        if (m < 0 || (size_t)m != n || memcmp(nfc, out, n))
          not_nfc++;
      }
      free(nfc);
      free(out);
    }
  }
  CHECK_INT(runs, 300 * 12);
  CHECK_INT(bad_utf8, 0);
  CHECK_INT(not_nfc, 0);
}
