/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Displayed dates (parse/date.h), English, German and the other languages
 * it knows, absolute and relative against a fixed fetch time.  The input
 * is the text; it is parsed and searched in each day/month order, and
 * each date found is formatted.  A found span must lie inside the text.
 */
#include "fuzz/fuzz.h"
#include "parse/date.h"

#include <stdlib.h>
#include <string.h>

static const enum date_order orders[] = {DATE_ORDER_UNKNOWN, DATE_ORDER_DMY,
                                         DATE_ORDER_MDY};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  char *text = fuzz_string(data, size);
  size_t len = strlen(text);
  struct date_result r;
  char buf[DATE_FORMAT_SIZE];

  for (size_t i = 0; i < sizeof(orders) / sizeof(*orders); i++) {
    size_t start = 0, end = 0;

    if (date_parse_order(text, FUZZ_REF_TIME, orders[i], &r) == 0)
      date_format(&r, buf, sizeof(buf));
    if (date_find_order(text, FUZZ_REF_TIME, orders[i], &r, &start, &end) ==
        0) {
      if (start > end || end > len)
        abort();
      date_format(&r, buf, sizeof(buf));
    }
  }
  if (date_parse(text, 0, &r) == 0)
    date_format(&r, buf, sizeof(buf));
  free(text);
  return 0;
}
