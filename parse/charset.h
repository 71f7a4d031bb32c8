/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * charset: the bytes of a fetched or saved page as UTF-8 (NFC), decided the
 * way a careful browser would, before any HTML parsing.
 *
 *   const char *evidence;
 *   const char *cs = charset_detect(body, len, http_charset, &evidence);
 *   char *text = charset_to_utf8(body, len, cs, &text_len);
 *   ... text is valid UTF-8 in NFC, NUL-terminated ...
 *   free(text);
 *
 * Names handed out by charset_detect() and charset_normalise() are static
 * canonical names that glibc iconv accepts ("UTF-8", "WINDOWS-1252"); they
 * are never freed.  charset_to_utf8() and charset_from_content_type() return
 * heap strings the caller frees with free().  Nothing here holds state
 * beyond a table built once, thread-safely, on first use.
 *
 * Internal to parse/.
 */
#ifndef NETNO_PARSE_CHARSET_H
#define NETNO_PARSE_CHARSET_H

#include <stddef.h>

/* How far into the body charset_detect() looks for <meta> (bytes). */
#define CHARSET_META_SCAN 4096

/*
 * Decide the encoding of an HTML body.  Evidence in order: a byte order
 * mark (UTF-8, UTF-16LE, UTF-16BE); the HTTP Content-Type charset
 * (http_charset, a label or NULL); <meta charset> or <meta http-equiv=
 * "Content-Type" content="...; charset=..."> in the first CHARSET_META_SCAN
 * bytes; the XML declaration's encoding; else the default, windows-1252.
 * Labels are normalised with the WHATWG Encoding Standard's table; a label
 * nobody knows counts as no evidence.
 *
 * Then the bytes have their say (not after a BOM):
 *   - declared single-byte (ISO-8859-x, windows-125x, KOI8, ...) or
 *     nothing declared, but the bytes are valid UTF-8 with some non-ASCII:
 *     UTF-8;
 *   - declared UTF-8, but invalid sequences are at least as many as the
 *     valid multi-byte ones: what a lower-ranked declaration names (the
 *     <meta> when HTTP said UTF-8, then the XML declaration), else
 *     windows-1252.  A mostly UTF-8 page with a stray Latin-1 byte stays
 *     UTF-8 (that byte becomes U+FFFD).
 *   A sequence cut off by the end of the body does not count against
 *   UTF-8 (bodies may be truncated by a size cap).
 * In both cases *evidence is "bytes".
 *
 * Returns a static canonical name; *evidence (when evidence is not NULL)
 * is set to a static "bom", "http", "meta", "xml", "bytes" or "default".
 */
const char *charset_detect(const char *body, size_t len,
                           const char *http_charset, const char **evidence);

/*
 * Convert body from charset (a canonical name or any label; unknown ones
 * are tried with iconv as given, then fall back to windows-1252) to UTF-8
 * in Unicode normalisation form C.  A leading BOM of that encoding is
 * removed.  Invalid or unmappable sequences become U+FFFD (one per maximal
 * invalid subpart, as the WHATWG UTF-8 decoder does).  Never fails; the
 * result is NUL-terminated (it may hold NUL bytes the body held), its
 * length without the terminator goes to *out_len when out_len is not NULL.
 * Caller frees with free().
 */
char *charset_to_utf8(const char *body, size_t len, const char *charset,
                      size_t *out_len);

/*
 * The charset parameter of a Content-Type header value
 * ("text/html; charset=ISO-8859-1"), unquoted and trimmed, as a new string
 * the caller frees with free(); NULL when there is none or it is empty.
 */
char *charset_from_content_type(const char *content_type);

/* Is s[0..len) well-formed UTF-8 (the Unicode Standard's table 3-7)?
 * 1 or 0. */
int charset_is_utf8(const char *s, size_t len);

/*
 * The canonical name for an encoding label (ASCII case and surrounding
 * whitespace ignored), per the WHATWG Encoding Standard's label table for
 * the encodings netno knows; NULL for an unknown label.  Like browsers,
 * "iso-8859-1", "latin1" and "us-ascii" all give "WINDOWS-1252".
 */
const char *charset_normalise(const char *label);

/*
 * Is UTF-8 text s[0..len) (well-formed) certainly in NFC already?  A cheap
 * sufficient test: 1 means NFC, 0 means "run the normaliser".
 */
int charset_is_nfc_safe(const char *s, size_t len);

#endif
