/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * parse/date: displayed dates of forum and blog pages, for posts whose page
 * gives no machine-readable time.  Internal to parse/ (and its tests).
 *
 * Understands English and German, absolute and relative, and the common
 * French, Spanish, Italian and Dutch month and weekday names:
 *
 *   "Veröffentlicht am 17. April 2008 um 10:05 Uhr", "21.01.09, 05:42",
 *   "Fri May 08, 2009 11:56 pm", "May 8th, 2009", "2009-05-08 23:56",
 *   "05/08/2009", "Thu 21-Nov-19 10:53:49", "10:16am On Apr 24",
 *   "Heute, 14:02", "Yesterday at 5:12 PM", "vor 3 Tagen", "2 hours ago",
 *   "1 Jahr 2 Tage her", "gerade eben", "11:56 pm CEST", "+0200".
 *
 * Numbers with dots are day.month.year.  Slash and dash dates take the
 * reading that is a valid date; when both are, the order the caller
 * gives (date_parse_order()), else day/month if the text looks European
 * (German or French words, "Uhr", "11h21"), else month/day;
 * result.ambiguous then says the order was a guess.  A page uses one
 * order throughout: a caller may parse all its dates, take the order of
 * one that was not ambiguous (result.order) and parse again with it.
 *
 * ref is the page's fetch time (UTC seconds).  Relative dates count back
 * from it.  A date without a year gets the latest year that does not put
 * it more than a day after ref (a day of slack for time zones); after a
 * weekday ("Fri, Apr 24"), the latest such year with the date on that
 * day.  A weekday with a time only ("Sunday at 3:00 PM", as XenForo
 * shows the last week) is the last such day before ref's.  Two-digit
 * years are 20yy unless that is more than a year after ref, then 19yy.
 * A weekday before a full date is not checked against it.  "Heute",
 * "gestern" and a bare time count from ref's UTC date, so near midnight
 * a page in another zone can be a day off; their times stay wall times.
 *
 * Nothing is allocated; the functions are reentrant.
 */
#ifndef NETNO_PARSE_DATE_H
#define NETNO_PARSE_DATE_H

#include <stddef.h>
#include <stdint.h>

enum date_order {
  DATE_ORDER_UNKNOWN = 0,
  DATE_ORDER_DMY, /* 05/08/2009 is 5 August */
  DATE_ORDER_MDY, /* 05/08/2009 is 8 May */
};

struct date_result {
  /*
   * Without has_offset: the wall-clock time the page showed, counted as if
   * it were UTC.  With has_offset: the true UTC instant.  Without
   * has_time only the calendar date of t means anything (00:00 for an
   * absolute date; for "vor 3 Tagen" ref minus three days).
   */
  int64_t t;
  int offset_min; /* minutes east of UTC, when has_offset */
  int has_offset; /* a zone was given, or t is ref minus seconds/hours */
  int has_time;   /* the text stated a time of day (or "2 hours ago") */
  int relative;   /* computed from ref ("vor 3 Tagen", "gestern, 14:02") */
  int ambiguous;  /* day/month order of a numeric date was guessed */
  /* The order a slash or dash date was read in (UNKNOWN for other
   * forms, and when day and month are equal). */
  enum date_order order;
};

/*
 * Parse text that is (mostly) just a date: words around it are skipped
 * ("Verfasst am ..."), but digits right before or after the date make it
 * fail ("17.04.2008 25:00").  Here, unlike in date_find(), a bare time
 * ("14:02", "13.47 Uhr": today) and a bare duration ("3 Tage", "10 Monate
 * 3 Wochen": that long ago) are dates too.  Returns 0, or -1 when the text
 * holds no valid date (*out is then zeroed).  No message is printed.
 */
int date_parse(const char *text, int64_t ref, struct date_result *out);

/*
 * Find the first date inside longer text ("Posted by X on Fri May 08, 2009
 * 11:56 pm"): on success *start and *end are the byte offsets of its span
 * (end exclusive) and 0 is returned; -1 when there is none.  Version
 * numbers ("v2.10.3"), decimals, prices and phone numbers are not dates.
 * Meant for the short text around a post's author and time: in a post's
 * body "vor 3 Tagen" would be found too.
 */
int date_find(const char *text, int64_t ref, struct date_result *out,
              size_t *start, size_t *end);

/* The same, reading ambiguous slash and dash dates in the order given
 * (DATE_ORDER_UNKNOWN: guess from the text, as above). */
int date_parse_order(const char *text, int64_t ref, enum date_order order,
                     struct date_result *out);
int date_find_order(const char *text, int64_t ref, enum date_order order,
                    struct date_result *out, size_t *start, size_t *end);

/* Enough for every date_format() result, with its NUL. */
#define DATE_FORMAT_SIZE 32

/*
 * Write r as ISO 8601 into buf and return buf: "2009-05-08T23:56:00+02:00"
 * with has_offset (the wall time and its offset), "2009-05-08T23:56:00"
 * with has_time only, "2009-05-08" without has_time.
 */
char *date_format(const struct date_result *r, char *buf, size_t size);

#endif
