/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Charset detection and conversion (parse/charset.h).  Input: when its
 * first line is short (a Content-Type value or a charset label) it is
 * the HTTP header and the rest the body; otherwise all of it is the body.
 * The conversion must give well-formed UTF-8 of the length it reports.
 */
#include "fuzz/fuzz.h"
#include "parse/charset.h"

#include <stdlib.h>
#include <string.h>

/* Convert body from charset and check the promises of charset_to_utf8(). */
static void convert(const char *body, size_t len, const char *charset)
{
  size_t n = 0;
  char *out = charset_to_utf8(body, len, charset, &n);

  if (out[n] != '\0' || !charset_is_utf8(out, n))
    abort();
  charset_is_nfc_safe(out, n);
  free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  char *header = NULL, *label = NULL;
  size_t skip = fuzz_first_line(data, size, 128, &header);
  const char *body = (const char *)data + skip, *evidence, *cs;
  size_t len = size - skip;

  if (header) {
    label = charset_from_content_type(header);
    charset_normalise(header);
  }
  cs = charset_detect(body, len, label ? label : header, &evidence);
  if (!cs || !evidence)
    abort();
  convert(body, len, cs);
  if (header)
    convert(body, len, header);
  charset_is_utf8(body, len);
  free(label);
  free(header);
  return 0;
}
