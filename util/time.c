/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * UTC time.  netno stores every time as int64 seconds since the epoch, UTC;
 * the offset a page displayed is kept beside it where it matters.
 */
#include "util/util.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

int64_t now_utc(void)
{
  return (int64_t)time(NULL);
}

static int is_leap(int y)
{
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian), no libc timezone
 * involved (Howard Hinnant's days_from_civil). */
static int64_t days_from_civil(int64_t y, int m, int d)
{
  int64_t era, yoe, doy, doe;

  y -= m <= 2;
  era = (y >= 0 ? y : y - 399) / 400;
  yoe = y - era * 400;
  doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

int time_from_fields(int year, int month, int day, int hour, int min, int sec,
                     int64_t *t)
{
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 ||
      day > days_in_month(year, month) || hour < 0 || hour > 24 || min < 0 ||
      min > 59 || sec < 0 || sec > 60)
    return -1;
  if (hour == 24 && (min || sec))
    return -1;
  *t = days_from_civil(year, month, day) * 86400 + hour * 3600 + min * 60 +
       sec;
  return 0;
}

char *time_format_iso(int64_t t, char *buf, size_t size)
{
  time_t tt = (time_t)t;
  struct tm tm;

  if (!gmtime_r(&tt, &tm) ||
      !strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm)) {
    if (size)
      buf[0] = '\0';
  }
  return buf;
}

char *time_format_iso_offset(int64_t t, int offset_min, char *buf,
                             size_t size)
{
  time_t tt = (time_t)(t + (int64_t)offset_min * 60);
  int off = offset_min < 0 ? -offset_min : offset_min;
  struct tm tm;
  char date[32];

  if (!gmtime_r(&tt, &tm) ||
      !strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%S", &tm)) {
    if (size)
      buf[0] = '\0';
    return buf;
  }
  snprintf(buf, size, "%s%c%02d:%02d", date, offset_min < 0 ? '-' : '+',
           off / 60, off % 60);
  return buf;
}

/* Read exactly n digits into *v; returns the position after them or NULL. */
static const char *digits(const char *s, int n, int *v)
{
  int x = 0;

  for (int i = 0; i < n; i++) {
    if (!isdigit((unsigned char)s[i]))
      return NULL;
    x = x * 10 + (s[i] - '0');
  }
  *v = x;
  return s + n;
}

int time_parse_iso(const char *s, int64_t *t, int *offset_min)
{
  int y, mo, d, h = 0, mi = 0, sec = 0, off = 0;
  int basic;
  int64_t base;

  while (isspace((unsigned char)*s))
    s++;
  if (!(s = digits(s, 4, &y)))
    return -1;
  basic = *s != '-';
  if (!basic)
    s++;
  if (!(s = digits(s, 2, &mo)))
    return -1;
  if (!basic && *s++ != '-')
    return -1;
  if (!(s = digits(s, 2, &d)))
    return -1;

  if (*s == 'T' || *s == 't' || (*s == ' ' && isdigit((unsigned char)s[1]))) {
    s++;
    if (!(s = digits(s, 2, &h)))
      return -1;
    if (!basic && *s == ':')
      s++;
    else if (!basic)
      return -1;
    if (!(s = digits(s, 2, &mi)))
      return -1;
    if ((!basic && *s == ':') || (basic && isdigit((unsigned char)*s))) {
      if (!basic)
        s++;
      if (!(s = digits(s, 2, &sec)))
        return -1;
      if (*s == '.' || *s == ',') {
        s++;
        if (!isdigit((unsigned char)*s))
          return -1;
        while (isdigit((unsigned char)*s))
          s++;
      }
    }
    if (*s == ' ')
      s++;
    if (*s == 'Z' || *s == 'z') {
      s++;
    } else if (*s == '+' || *s == '-') {
      int sign = *s++ == '-' ? -1 : 1, oh, om = 0;
      if (!(s = digits(s, 2, &oh)))
        return -1;
      if (*s == ':')
        s++;
      if (isdigit((unsigned char)*s) && !(s = digits(s, 2, &om)))
        return -1;
      if (oh > 18 || om > 59)
        return -1;
      off = sign * (oh * 60 + om);
    }
  }
  while (isspace((unsigned char)*s))
    s++;
  if (*s)
    return -1;
  if (time_from_fields(y, mo, d, h, mi, sec, &base) < 0)
    return -1;
  *t = base - (int64_t)off * 60;
  if (offset_min)
    *offset_min = off;
  return 0;
}
