/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Displayed dates (parse/date.c).  Each expected wall time below was stated
 * by hand from the text; the epoch seconds beside it were computed from
 * that wall time with Python's datetime (UTC, minus the stated offset), not
 * taken from the parser.  Relative cases count back from the ref given.
 */
#include "parse/date.h"
#include "tests/unit/test.h"
#include "util/util.h"

#include <stdio.h>

#define REF 1452427200   /* 2016-01-10T12:00:00Z */
#define REF_B 1593561600 /* 2020-07-01T00:00:00Z */
#define REF_C 1459425600 /* 2016-03-31T12:00:00Z */
#define REF_D 1456725600 /* 2016-02-29T06:00:00Z */

/* Flags of an expected result. */
#define T 1   /* has_time */
#define O 2   /* has_offset */
#define REL 4 /* relative */
#define AMB 8 /* ambiguous */

/* iso NULL: date_parse() must fail. */
struct date_case {
  const char *text;
  int64_t ref;
  int64_t t;
  const char *iso; /* date_format() */
  int offset;      /* offset_min */
  int flags;
};

static const struct date_case parse_cases[] = {
    /* German, absolute */
    {"Veröffentlicht am 17. April 2008 um 10:05 Uhr", REF, 1208426700,
     "2008-04-17T10:05:00", 0, T},
    {"Montag, 4. Januar 2016", REF, 1451865600, "2016-01-04", 0, 0},
    {"Montag, den 4. Januar 2016", REF, 1451865600, "2016-01-04", 0, 0},
    {"Montag, den 4. Januar 2016, 09:15", REF, 1451898900,
     "2016-01-04T09:15:00", 0, T},
    {"21.01.2009, 05:42", REF, 1232516520, "2009-01-21T05:42:00", 0, T},
    {"21.01.09", REF, 1232496000, "2009-01-21", 0, 0},
    {"21.01.09 05:42", REF, 1232516520, "2009-01-21T05:42:00", 0, T},
    {"17.4.2008", REF, 1208390400, "2008-04-17", 0, 0},
    {"1.5.2009", REF, 1241136000, "2009-05-01", 0, 0},
    {"17.04.2008 13.47 Uhr", REF, 1208440020, "2008-04-17T13:47:00", 0, T},
    {"17.04.2008 um 10:05", REF, 1208426700, "2008-04-17T10:05:00", 0, T},
    {"17.04.2008 - 10:05", REF, 1208426700, "2008-04-17T10:05:00", 0, T},
    {"Do., 17.04.2008 10:05", REF, 1208426700, "2008-04-17T10:05:00", 0, T},
    {"Do, 17.04.2008, 10:05:33", REF, 1208426733, "2008-04-17T10:05:33", 0, T},
    {"4. Jan. 2016", REF, 1451865600, "2016-01-04", 0, 0},
    {"4.Jan.2016", REF, 1451865600, "2016-01-04", 0, 0},
    {"3. Mär 2009", REF, 1236038400, "2009-03-03", 0, 0},
    {"3. März 2009", REF, 1236038400, "2009-03-03", 0, 0},
    {"3. MÄRZ 2009", REF, 1236038400, "2009-03-03", 0, 0},
    {"3. Maerz 2009", REF, 1236038400, "2009-03-03", 0, 0},
    {"3. Mrz. 2009", REF, 1236038400, "2009-03-03", 0, 0},
    {"1. Mai 2009", REF, 1241136000, "2009-05-01", 0, 0},
    {"3. Okt. 2009 um 18:30 Uhr", REF, 1254594600, "2009-10-03T18:30:00", 0, T},
    {"24. Dez. 2009", REF, 1261612800, "2009-12-24", 0, 0},
    {"3. Jänner 2010", REF, 1262476800, "2010-01-03", 0, 0},
    {"1. Feber 2010", REF, 1264982400, "2010-02-01", 0, 0},
    {"17. Juni 2008, 10:05", REF, 1213697100, "2008-06-17T10:05:00", 0, T},
    {"12. Januar 2019 um 02:52", REF, 1547261520, "2019-01-12T02:52:00", 0, T},
    {"7. März 2020 um 23:20", REF, 1583623200, "2020-03-07T23:20:00", 0, T},
    {"10. April 2020", REF, 1586476800, "2020-04-10", 0, 0},
    {"05.01.12 11:27", REF, 1325762820, "2012-01-05T11:27:00", 0, T},
    {"03.12.2009, 21:55", REF, 1259877300, "2009-12-03T21:55:00", 0, T},
    {"29.02.2008", REF, 1204243200, "2008-02-29", 0, 0},
    {"31.12.1999 23:59:59", REF, 946684799, "1999-12-31T23:59:59", 0, T},
    {"17.04.2008 12 Uhr", REF, 1208433600, "2008-04-17T12:00:00", 0, T},
    {"17.04.2008 10:05 MEZ", REF, 1208423100, "2008-04-17T10:05:00+01:00", 60,
     T | O},
    {"17.04.2008 10:05 MESZ", REF, 1208419500, "2008-04-17T10:05:00+02:00", 120,
     T | O},
    {"17.04.2008 10:05 Uhr (CEST)", REF, 1208419500,
     "2008-04-17T10:05:00+02:00", 120, T | O},
    {"17.04.2008 10:05 +0200", REF, 1208419500, "2008-04-17T10:05:00+02:00",
     120, T | O},
    {"Geschrieben am 05/08/2009 um 22:05", REF, 1249509900,
     "2009-08-05T22:05:00", 0, T | AMB},
    {"8. Mai '09", REF, 1241740800, "2009-05-08", 0, 0},
    /* German and English, no year: ref is 2016-01-10T12:00Z */
    {"28. Dez", REF, 1451260800, "2015-12-28", 0, 0},
    {"28. Dez.", REF, 1451260800, "2015-12-28", 0, 0},
    {"10. Jan", REF, 1452384000, "2016-01-10", 0, 0},
    {"11. Jan", REF, 1452470400, "2016-01-11", 0, 0},
    {"12. Jan", REF, 1421020800, "2015-01-12", 0, 0},
    {"11. Jan 18:00", REF, 1420999200, "2015-01-11T18:00:00", 0, T},
    {"17.04. 10:05", REF, 1429265100, "2015-04-17T10:05:00", 0, T},
    {"31.12. 23:59", REF, 1451606340, "2015-12-31T23:59:00", 0, T},
    {"29. Feb", REF, 1330473600, "2012-02-29", 0, 0},
    {"Dec 28", REF, 1451260800, "2015-12-28", 0, 0},
    {"Jan 9th", REF, 1452297600, "2016-01-09", 0, 0},
    /* A weekday picks the latest year with the date on that day */
    {"Thu, Apr 24", REF, 1398297600, "2014-04-24", 0, 0},
    {"So., 28.12.", REF, 1419724800, "2014-12-28", 0, 0},
    {"Wed, Dec 28", REF, 1325030400, "2011-12-28", 0, 0},
    {"Mo., 28.12.", REF, 1451260800, "2015-12-28", 0, 0},
    {"10:16am On Apr 24", REF_B, 1587723360, "2020-04-24T10:16:00", 0, T},
    {"11:43pm On Apr 23", REF_B, 1587685380, "2020-04-23T23:43:00", 0, T},
    {"12:42am On Apr 24", REF_B, 1587688920, "2020-04-24T00:42:00", 0, T},
    {"Aug 1", REF_B, 1564617600, "2019-08-01", 0, 0},
    /* English, absolute */
    {"Fri May 08, 2009 11:56 pm", REF, 1241826960, "2009-05-08T23:56:00", 0, T},
    {"Fri May 08, 2009 2:03 am", REF, 1241748180, "2009-05-08T02:03:00", 0, T},
    {"Sat Jan 04, 2020 10:07 pm", REF, 1578175620, "2020-01-04T22:07:00", 0, T},
    {"Wed Aug 07, 2019 6:50 am", REF, 1565160600, "2019-08-07T06:50:00", 0, T},
    {"May 8th, 2009", REF, 1241740800, "2009-05-08", 0, 0},
    {"May 8, 2009", REF, 1241740800, "2009-05-08", 0, 0},
    {"May 8 2009", REF, 1241740800, "2009-05-08", 0, 0},
    {"8 May 2009", REF, 1241740800, "2009-05-08", 0, 0},
    {"8th May 2009", REF, 1241740800, "2009-05-08", 0, 0},
    {"8th of May 2009", REF, 1241740800, "2009-05-08", 0, 0},
    {"Friday, May 8, 2009", REF, 1241740800, "2009-05-08", 0, 0},
    {"Friday the 8th of May 2009", REF, 1241740800, "2009-05-08", 0, 0},
    {"May 8, '09", REF, 1241740800, "2009-05-08", 0, 0},
    {"Jan. 4, 2016", REF, 1451865600, "2016-01-04", 0, 0},
    {"January 4, 2016", REF, 1451865600, "2016-01-04", 0, 0},
    {"Sept. 3, 2009", REF, 1251936000, "2009-09-03", 0, 0},
    {"Sep 3, 2009", REF, 1251936000, "2009-09-03", 0, 0},
    {"December 11, 2014", REF, 1418256000, "2014-12-11", 0, 0},
    {"Dec 23, 1999", REF, 945907200, "1999-12-23", 0, 0},
    {"1st Jan 2010", REF, 1262304000, "2010-01-01", 0, 0},
    {"22nd Feb 2010", REF, 1266796800, "2010-02-22", 0, 0},
    {"23rd March 2010", REF, 1269302400, "2010-03-23", 0, 0},
    {"Apr 11, 2020, 10:24 PM", REF, 1586643840, "2020-04-11T22:24:00", 0, T},
    {"Apr 12, 2020, 12:12 AM", REF, 1586650320, "2020-04-12T00:12:00", 0, T},
    {"Jan 4, 2016 12:30 PM", REF, 1451910600, "2016-01-04T12:30:00", 0, T},
    {"Jan 4, 2016 12:00 am", REF, 1451865600, "2016-01-04T00:00:00", 0, T},
    {"Jan 4, 2016 11:59 p.m.", REF, 1451951940, "2016-01-04T23:59:00", 0, T},
    {"Jan 4, 2016 1:05 a.m.", REF, 1451869500, "2016-01-04T01:05:00", 0, T},
    {"Jan 4, 2016 1:05 a. m.", REF, 1451869500, "2016-01-04T01:05:00", 0, T},
    {"Jan 4, 2016 5 PM", REF, 1451926800, "2016-01-04T17:00:00", 0, T},
    {"Jan 4, 2016 at 5:12pm", REF, 1451927520, "2016-01-04T17:12:00", 0, T},
    {"April 04, 2020, 09:22:51 AM", REF, 1585992171, "2020-04-04T09:22:51", 0,
     T},
    {"Jun 04, 2020 5:28 PM", REF, 1591291680, "2020-06-04T17:28:00", 0, T},
    {"21 Mar 2018 15:15", REF, 1521645300, "2018-03-21T15:15:00", 0, T},
    {"Thu 21-Nov-19 10:53:49", REF_B, 1574333629, "2019-11-21T10:53:49", 0, T},
    {"Tue 16-Jun-20 23:59:41", REF_B, 1592351981, "2020-06-16T23:59:41", 0, T},
    {"Thu 21-Nov-19 10:53:49", REF, -1581426371, "1919-11-21T10:53:49", 0, T},
    {"21-Nov-2019", REF, 1574294400, "2019-11-21", 0, 0},
    {"Fri May 08 23:56:00 2009", REF, 1241826960, "2009-05-08T23:56:00", 0, T},
    {"Fri May 08 23:56:00 CEST 2009", REF, 1241819760,
     "2009-05-08T23:56:00+02:00", 120, T | O},
    {"Sun, 10 May 2009 14:30:00 +0200", REF, 1241958600,
     "2009-05-10T14:30:00+02:00", 120, T | O},
    {"Sun, 10 May 2009 14:30:00 GMT", REF, 1241965800,
     "2009-05-10T14:30:00+00:00", 0, T | O},
    {"May 8, 2009 5:00 PM EST", REF, 1241820000, "2009-05-08T17:00:00-05:00",
     -300, T | O},
    {"May 8, 2009 5:00 PM PST", REF, 1241830800, "2009-05-08T17:00:00-08:00",
     -480, T | O},
    {"May 8, 2009 5:00 PM EDT", REF, 1241816400, "2009-05-08T17:00:00-04:00",
     -240, T | O},
    {"May 8, 2009 17:00 UTC", REF, 1241802000, "2009-05-08T17:00:00+00:00", 0,
     T | O},
    {"May 8, 2009 17:00 GMT+2", REF, 1241794800, "2009-05-08T17:00:00+02:00",
     120, T | O},
    {"May 8, 2009 17:00 UTC+05:30", REF, 1241782200,
     "2009-05-08T17:00:00+05:30", 330, T | O},
    {"May 8, 2009 17:00 (UTC)", REF, 1241802000, "2009-05-08T17:00:00+00:00", 0,
     T | O},
    {"8 May 2009 17:00 -0500", REF, 1241820000, "2009-05-08T17:00:00-05:00",
     -300, T | O},
    /* Numeric with slashes and dashes: the valid reading, else month/day */
    {"05/08/2009", REF, 1241740800, "2009-05-08", 0, AMB},
    {"5/8/09", REF, 1241740800, "2009-05-08", 0, AMB},
    {"13/05/2009", REF, 1242172800, "2009-05-13", 0, 0},
    {"05/13/2009", REF, 1242172800, "2009-05-13", 0, 0},
    {"31/12/2009", REF, 1262217600, "2009-12-31", 0, 0},
    {"08-05-2009", REF, 1249430400, "2009-08-05", 0, AMB},
    {"05/05/2009", REF, 1241481600, "2009-05-05", 0, 0},
    {"Posted on 05/08/2009 at 10:05 pm", REF, 1241820300, "2009-05-08T22:05:00",
     0, T | AMB},
    {"02/06/2011, 11h21", REF, 1307013660, "2011-06-02T11:21:00", 0, T | AMB},
    {"le 02/06/2011 à 11h21", REF, 1307013660, "2011-06-02T11:21:00", 0,
     T | AMB},
    {"Verfasst von Hans am 05/08/2009", REF, 1249430400, "2009-08-05", 0, AMB},
    /* Year first, ISO 8601 */
    {"2009-05-08 23:56", REF, 1241826960, "2009-05-08T23:56:00", 0, T},
    {"2009-05-08", REF, 1241740800, "2009-05-08", 0, 0},
    {"2009-05-08T23:56:00+02:00", REF, 1241819760, "2009-05-08T23:56:00+02:00",
     120, T | O},
    {"2009-05-08T21:56:00Z", REF, 1241819760, "2009-05-08T21:56:00+00:00", 0,
     T | O},
    {"2011-12-03T17:27:18-05:00", REF, 1322951238, "2011-12-03T17:27:18-05:00",
     -300, T | O},
    {"20090508T2356Z", REF, 1241826960, "2009-05-08T23:56:00+00:00", 0, T | O},
    {"2009/05/08 23:56", REF, 1241826960, "2009-05-08T23:56:00", 0, T},
    {"2009.05.08", REF, 1241740800, "2009-05-08", 0, 0},
    {"am 2009-05-08 um 23:56 Uhr", REF, 1241826960, "2009-05-08T23:56:00", 0,
     T},
    /* French, Spanish, Italian, Dutch */
    {"5 Juil 2018 03:22", REF, 1530760920, "2018-07-05T03:22:00", 0, T},
    {"Lun 5 Mar 2018 22:06", REF, 1520287560, "2018-03-05T22:06:00", 0, T},
    {"le 5 mars 2018 à 10h30", REF, 1520245800, "2018-03-05T10:30:00", 0, T},
    {"1er janvier 2010", REF, 1262304000, "2010-01-01", 0, 0},
    {"17 févr. 2011", REF, 1297900800, "2011-02-17", 0, 0},
    {"25 décembre 2010", REF, 1293235200, "2010-12-25", 0, 0},
    {"2 août 2012", REF, 1343865600, "2012-08-02", 0, 0},
    {"5 de mayo de 2018", REF, 1525478400, "2018-05-05", 0, 0},
    {"12 agosto 2015", REF, 1439337600, "2015-08-12", 0, 0},
    {"lunedì 4 gennaio 2016", REF, 1451865600, "2016-01-04", 0, 0},
    {"3 maart 2010", REF, 1267574400, "2010-03-03", 0, 0},
    {"3 mei 2010 om 14:00", REF, 1272895200, "2010-05-03T14:00:00", 0, T},
    /* Relative: ref is 2016-01-10T12:00Z */
    {"vor 3 Tagen", REF, 1452168000, "2016-01-07", 0, REL},
    {"vor einer Stunde", REF, 1452423600, "2016-01-10T11:00:00+00:00", 0,
     T | O | REL},
    {"vor 2 Std.", REF, 1452420000, "2016-01-10T10:00:00+00:00", 0,
     T | O | REL},
    {"vor 5 Minuten", REF, 1452426900, "2016-01-10T11:55:00+00:00", 0,
     T | O | REL},
    {"vor 5 Min.", REF, 1452426900, "2016-01-10T11:55:00+00:00", 0,
     T | O | REL},
    {"vor 30 Sekunden", REF, 1452427170, "2016-01-10T11:59:30+00:00", 0,
     T | O | REL},
    {"vor wenigen Sekunden", REF, 1452427197, "2016-01-10T11:59:57+00:00", 0,
     T | O | REL},
    {"vor 1 Woche", REF, 1451822400, "2016-01-03", 0, REL},
    {"vor 3 Monaten", REF, 1444478400, "2015-10-10", 0, REL},
    {"vor 13 Monaten", REF, 1418212800, "2014-12-10", 0, REL},
    {"vor 1 Jahr", REF, 1420891200, "2015-01-10", 0, REL},
    {"vor 2 Jahren", REF, 1389355200, "2014-01-10", 0, REL},
    {"vor einem Jahr", REF, 1420891200, "2015-01-10", 0, REL},
    {"1 Monat her", REF, 1449748800, "2015-12-10", 0, REL},
    {"1 Jahr 2 Tage her", REF, 1420718400, "2015-01-08", 0, REL},
    {"2 Wochen 14 Stunden her", REF, 1451167200, "2015-12-26T22:00:00+00:00", 0,
     T | O | REL},
    {"10 Monate 3 Wochen", REF, 1424174400, "2015-02-17", 0, REL},
    {"3 Tage", REF, 1452168000, "2016-01-07", 0, REL},
    {"about 3 hours ago", REF, 1452416400, "2016-01-10T09:00:00+00:00", 0,
     T | O | REL},
    {"vor etwa 3 Stunden", REF, 1452416400, "2016-01-10T09:00:00+00:00", 0,
     T | O | REL},
    {"vor über einem Jahr", REF, 1420891200, "2015-01-10", 0, REL},
    {"over a year ago", REF, 1420891200, "2015-01-10", 0, REL},
    {"2 hours ago", REF, 1452420000, "2016-01-10T10:00:00+00:00", 0,
     T | O | REL},
    {"a minute ago", REF, 1452427140, "2016-01-10T11:59:00+00:00", 0,
     T | O | REL},
    {"an hour ago", REF, 1452423600, "2016-01-10T11:00:00+00:00", 0,
     T | O | REL},
    {"one day ago", REF, 1452340800, "2016-01-09", 0, REL},
    {"3 weeks ago", REF, 1450612800, "2015-12-20", 0, REL},
    {"1 year, 2 months ago", REF, 1415620800, "2014-11-10", 0, REL},
    {"2 years and 1 month ago", REF, 1386676800, "2013-12-10", 0, REL},
    {"5 mins ago", REF, 1452426900, "2016-01-10T11:55:00+00:00", 0,
     T | O | REL},
    {"3h ago", REF, 1452416400, "2016-01-10T09:00:00+00:00", 0, T | O | REL},
    {"45 seconds ago", REF, 1452427155, "2016-01-10T11:59:15+00:00", 0,
     T | O | REL},
    {"a few seconds ago", REF, 1452427197, "2016-01-10T11:59:57+00:00", 0,
     T | O | REL},
    {"just now", REF, 1452427200, "2016-01-10T12:00:00+00:00", 0, T | O | REL},
    {"Just now", REF, 1452427200, "2016-01-10T12:00:00+00:00", 0, T | O | REL},
    {"gerade eben", REF, 1452427200, "2016-01-10T12:00:00+00:00", 0,
     T | O | REL},
    {"soeben", REF, 1452427200, "2016-01-10T12:00:00+00:00", 0, T | O | REL},
    {"hace 2 días", REF, 1452254400, "2016-01-08", 0, REL},
    {"il y a 3 jours", REF, 1452168000, "2016-01-07", 0, REL},
    {"3 giorni fa", REF, 1452168000, "2016-01-07", 0, REL},
    {"3 dagen geleden", REF, 1452168000, "2016-01-07", 0, REL},
    {"1 Monat her", REF_C, 1456747200, "2016-02-29", 0, REL},
    {"vor 1 Jahr", REF_D, 1425103200, "2015-02-28", 0, REL},
    /* Named days, and a time alone: today */
    {"gestern, 14:02", REF, 1452348120, "2016-01-09T14:02:00", 0, T | REL},
    {"Gestern um 14:02 Uhr", REF, 1452348120, "2016-01-09T14:02:00", 0,
     T | REL},
    {"vorgestern", REF, 1452211200, "2016-01-08", 0, REL},
    {"vorgestern, 08:15", REF, 1452240900, "2016-01-08T08:15:00", 0, T | REL},
    {"Heute, 14:02", REF, 1452434520, "2016-01-10T14:02:00", 0, T | REL},
    {"heute", REF, 1452384000, "2016-01-10", 0, REL},
    {"Heute, 14:02 MEZ", REF, 1452430920, "2016-01-10T14:02:00+01:00", 60,
     T | O | REL},
    {"today at 5:12 PM", REF, 1452445920, "2016-01-10T17:12:00", 0, T | REL},
    {"Today at 12:30 AM", REF, 1452385800, "2016-01-10T00:30:00", 0, T | REL},
    {"Yesterday at 5:12 PM", REF, 1452359520, "2016-01-09T17:12:00", 0,
     T | REL},
    {"yesterday", REF, 1452297600, "2016-01-09", 0, REL},
    {"day before yesterday", REF, 1452211200, "2016-01-08", 0, REL},
    /* 2016-01-10 is a Sunday: a weekday with a time is the last such day */
    {"Sunday at 3:00 PM", REF, 1451833200, "2016-01-03T15:00:00", 0, T | REL},
    {"Saturday at 3:00 PM", REF, 1452351600, "2016-01-09T15:00:00", 0, T | REL},
    {"Montag um 14:02 Uhr", REF, 1451916120, "2016-01-04T14:02:00", 0, T | REL},
    {"Sunday", REF, 0, NULL, 0, 0},
    {"13.47 Uhr", REF, 1452433620, "2016-01-10T13:47:00", 0, T | REL},
    {"14:02", REF, 1452434520, "2016-01-10T14:02:00", 0, T | REL},
    {"um 10:05", REF, 1452420300, "2016-01-10T10:05:00", 0, T | REL},
    {"12:30 AM", REF, 1452385800, "2016-01-10T00:30:00", 0, T | REL},
    {"5 pm", REF, 1452445200, "2016-01-10T17:00:00", 0, T | REL},
    /* Text with odd spaces and separators */
    {"17.04.2008\xC2\xA0"
     "um\xC2\xA0"
     "10:05",
     REF, 1208426700, "2008-04-17T10:05:00", 0, T},
    {"Fri\xE2\x80\xAF"
     "May 08, 2009 11:56\xE2\x80\xAF"
     "pm",
     REF, 1241826960, "2009-05-08T23:56:00", 0, T},
    {"  17.04.2008 · 10:05  ", REF, 1208426700, "2008-04-17T10:05:00", 0, T},
    {"17.04.2008 | 10:05", REF, 1208426700, "2008-04-17T10:05:00", 0, T},
    {"17.04.2008 – 10:05", REF, 1208426700, "2008-04-17T10:05:00", 0, T},
    /* Forms seen on real forum pages; ref is 2020-07-01T00:00Z */
    {"03.12.12 14:09", REF_B, 1354543740, "2012-12-03T14:09:00", 0, T},
    {"08.11.2009, 11:49", REF_B, 1257680940, "2009-11-08T11:49:00", 0, T},
    {"04/02/2005, 12h25", REF_B, 1107519900, "2005-02-04T12:25:00", 0, T | AMB},
    {"16 April 2020", REF_B, 1586995200, "2020-04-16", 0, 0},
    {"8. März 2020 um 06:07", REF_B, 1583647620, "2020-03-08T06:07:00", 0, T},
    {"Fri Apr 24, 2020 1:08 am", REF_B, 1587690480, "2020-04-24T01:08:00", 0,
     T},
    {"2019-09-29 10:46:47", REF_B, 1569754007, "2019-09-29T10:46:47", 0, T},
    {"29 Oct 2017 16:46", REF_B, 1509295560, "2017-10-29T16:46:00", 0, T},
    {"Apr 25, 2000", REF_B, 956620800, "2000-04-25", 0, 0},
    {"Wed 17-Jun-20 05:11:07", REF_B, 1592370667, "2020-06-17T05:11:07", 0, T},
    {"2 Wochen 15 Stunden her", REF_B, 1592298000, "2020-06-16T09:00:00+00:00",
     0, T | O | REL},
    {"2019 14:05", REF_B, 0, NULL, 0, 0},
    /* Forum engines (SMF, MyBB, XenForo, Discourse), mail, French */
    {"May 08, 2009, 11:56:12 PM", REF, 1241826972, "2009-05-08T23:56:12", 0, T},
    {"Heute um 23:56:12", REF, 1452470172, "2016-01-10T23:56:12", 0, T | REL},
    {"05-08-2009, 11:56 PM", REF, 1241826960, "2009-05-08T23:56:00", 0,
     T | AMB},
    {"Yesterday, 11:56 PM", REF, 1452383760, "2016-01-09T23:56:00", 0, T | REL},
    {"A moment ago", REF, 1452427200, "2016-01-10T12:00:00+00:00", 0,
     T | O | REL},
    {"Vor einem Moment", REF, 1452427200, "2016-01-10T12:00:00+00:00", 0,
     T | O | REL},
    {"Sonntag um 15:00", REF, 1451833200, "2016-01-03T15:00:00", 0, T | REL},
    {"3h", REF, 1452416400, "2016-01-10T09:00:00+00:00", 0, T | O | REL},
    {"2d", REF, 1452254400, "2016-01-08", 0, REL},
    {"Apr '09", REF, 0, NULL, 0, 0},
    {"Fri, 8 May 2009 23:56:00 +0200 (CEST)", REF, 1241819760,
     "2009-05-08T23:56:00+02:00", 120, T | O},
    {"Posté le : 08/05/2009 23:56", REF, 1241826960, "2009-05-08T23:56:00", 0,
     T | AMB},
    {"8 de mayo de 2009, 23:56", REF, 1241826960, "2009-05-08T23:56:00", 0, T},
    {"2009-05-08 23:56:00 UTC", REF, 1241826960, "2009-05-08T23:56:00+00:00", 0,
     T | O},
    {"#5 17.04.2008, 10:05", REF, 0, NULL, 0, 0},
    /* Not valid dates */
    {"31.02.2009", REF, 0, NULL, 0, 0},
    {"29.02.2009", REF, 0, NULL, 0, 0},
    {"32.01.2009", REF, 0, NULL, 0, 0},
    {"00.01.2009", REF, 0, NULL, 0, 0},
    {"17.13.2008", REF, 0, NULL, 0, 0},
    {"13/13/2009", REF, 0, NULL, 0, 0},
    {"Feb 30, 2009", REF, 0, NULL, 0, 0},
    {"31 April 2009", REF, 0, NULL, 0, 0},
    {"25:00", REF, 0, NULL, 0, 0},
    {"24:30", REF, 0, NULL, 0, 0},
    {"12:60", REF, 0, NULL, 0, 0},
    {"13:05 am", REF, 0, NULL, 0, 0},
    {"17.04.2008 25:00", REF, 0, NULL, 0, 0},
    {"17.04.2008, 10:61", REF, 0, NULL, 0, 0},
    {"15.08.1015", REF, 0, NULL, 0, 0},
    /* Not dates at all */
    {"1.2.3", REF, 0, NULL, 0, 0},
    {"v2.10.3", REF, 0, NULL, 0, 0},
    {"2.10.13", REF, 0, NULL, 0, 0},
    {"Version 1.2.3.4", REF, 0, NULL, 0, 0},
    {"v10.1.16", REF, 0, NULL, 0, 0},
    {"12.5 MB", REF, 0, NULL, 0, 0},
    {"12,50 €", REF, 0, NULL, 0, 0},
    {"$12.99", REF, 0, NULL, 0, 0},
    {"030/1234567", REF, 0, NULL, 0, 0},
    {"0171-1234567", REF, 0, NULL, 0, 0},
    {"+49 30 1234567", REF, 0, NULL, 0, 0},
    {"192.168.1.1", REF, 0, NULL, 0, 0},
    {"10.0.0.1", REF, 0, NULL, 0, 0},
    {"1/2", REF, 0, NULL, 0, 0},
    {"10/12", REF, 0, NULL, 0, 0},
    {"Dezember 2009", REF, 0, NULL, 0, 0},
    {"May 2009", REF, 0, NULL, 0, 0},
    {"May", REF, 0, NULL, 0, 0},
    {"Montag", REF, 0, NULL, 0, 0},
    {"hello world", REF, 0, NULL, 0, 0},
    {"", REF, 0, NULL, 0, 0},
    {"2019 14:05", REF, 0, NULL, 0, 0},
    {"3 apples", REF, 0, NULL, 0, 0},
    {"in 3 days", REF, 0, NULL, 0, 0},
    {"noch 3 Tage", REF, 0, NULL, 0, 0},
    {"vor 2015 Jahren", REF, 0, NULL, 0, 0},
    {"vor 99999 Jahren 99999 Jahren 99999 Jahren", REF, 0, NULL, 0, 0},
    {"99.99.9999", REF, 0, NULL, 0, 0},
    {"12:30 17", REF, 0, NULL, 0, 0},
    {"1234", REF, 0, NULL, 0, 0},
    {"vor", REF, 0, NULL, 0, 0},
    {"ago", REF, 0, NULL, 0, 0},
};

TEST(date_parse_table)
{
  char buf[DATE_FORMAT_SIZE];

  for (size_t i = 0; i < ARRAY_SIZE(parse_cases); i++) {
    const struct date_case *c = &parse_cases[i];
    struct date_result r;
    int rc = date_parse(c->text, c->ref, &r);

    CHECK_INT_MSG(rc, c->iso ? 0 : -1, c->text);
    if (!c->iso || rc < 0) {
      CHECK_INT_MSG(r.t, 0, c->text); /* zeroed on failure */
      continue;
    }
    CHECK_INT_MSG(r.t, c->t, c->text);
    CHECK_STR_MSG(date_format(&r, buf, sizeof(buf)), c->iso, c->text);
    CHECK_INT_MSG(r.offset_min, c->offset, c->text);
    CHECK_INT_MSG(r.has_time, !!(c->flags & T), c->text);
    CHECK_INT_MSG(r.has_offset, !!(c->flags & O), c->text);
    CHECK_INT_MSG(r.relative, !!(c->flags & REL), c->text);
    CHECK_INT_MSG(r.ambiguous, !!(c->flags & AMB), c->text);
  }
}

struct find_case {
  const char *text;
  int ok;
  size_t start, end; /* byte offsets of the date */
  const char *iso;
};

static const struct find_case find_cases[] = {
    {"Verfasst am 17.04.2008, 10:05 von Hans", 1, 12, 29,
     "2008-04-17T10:05:00"},
    {"Posted by X on Fri May 08, 2009 11:56 pm", 1, 15, 40,
     "2009-05-08T23:56:00"},
    {"Release v2.10.3 on 2009-05-08", 1, 19, 29, "2009-05-08"},
    {"Beitrag von user123 » Do 17. Apr 2008, 10:05", 1, 26, 45,
     "2008-04-17T10:05:00"},
    {"Hans » Do., 17.04.2008 10:05 - Zitat", 1, 8, 29, "2008-04-17T10:05:00"},
    {"Download 12.5 MB · 3 Antworten · vor 2 Tagen", 1, 35, 46, "2016-01-08"},
    {"Geschrieben: Heute, 14:02 Uhr", 1, 13, 29, "2016-01-10T14:02:00"},
    {"Antwort #3 am: 17. April 2008, 10:05:33 »", 1, 15, 39,
     "2008-04-17T10:05:33"},
    {"Re: foo « Reply #2 on: March 10, 2009, 04:11:32 PM »", 1, 24, 51,
     "2009-03-10T16:11:32"},
    {"Posted 3h ago by bob", 1, 7, 13, "2016-01-10T09:00:00+00:00"},
    {"Thread started 2 hours ago, last reply just now", 1, 15, 26,
     "2016-01-10T10:00:00+00:00"},
    {"Hans | 17.04.2008 | 10:05 | #12", 1, 7, 25, "2008-04-17T10:05:00"},
    {"Posted: Sun, 10 May 2009 14:30:00 +0200 (3 replies)", 1, 8, 39,
     "2009-05-10T14:30:00+02:00"},
    {"am 17.04.2008\xC2\xA0"
     "um\xC2\xA0"
     "10:05 Uhr geschrieben",
     1, 3, 28, "2008-04-17T10:05:00"},
    {"#5 17.04.2008, 10:05", 1, 3, 20, "2008-04-17T10:05:00"},
    {"Fri, 8 May 2009 23:56:00 +0200 (CEST)", 1, 0, 30,
     "2009-05-08T23:56:00+02:00"},
    {"Posted yesterday", 1, 7, 16, "2016-01-09"},
    {"Heute, 3 Antworten", 1, 0, 5, "2016-01-10"},
    {"Heute war ich beim Arzt", 0, 0, 0, NULL},
    {"Version 2.10.13 released", 0, 0, 0, NULL},
    {"IP 192.168.1.1 at 10:05", 0, 0, 0, NULL},
    {"you may 2 times", 0, 0, 0, NULL},
    {"Call 030/1234567, price 12.50 EUR", 0, 0, 0, NULL},
    {"In 2 hours", 0, 0, 0, NULL},
    {"abc17.04.2008", 0, 0, 0, NULL},
    {"No date here", 0, 0, 0, NULL},
    {"v1.2.3 (build 4.5.6) of 3 MB", 0, 0, 0, NULL},
};

TEST(date_find_table)
{
  char buf[DATE_FORMAT_SIZE];

  for (size_t i = 0; i < ARRAY_SIZE(find_cases); i++) {
    const struct find_case *c = &find_cases[i];
    struct date_result r;
    size_t start = 999, end = 999;
    int rc = date_find(c->text, REF, &r, &start, &end);

    CHECK_INT_MSG(rc, c->ok ? 0 : -1, c->text);
    if (!c->ok || rc < 0)
      continue;
    CHECK_INT_MSG(start, c->start, c->text);
    CHECK_INT_MSG(end, c->end, c->text);
    CHECK_STR_MSG(date_format(&r, buf, sizeof(buf)), c->iso, c->text);
  }
}

/* The formatter on its own: the three shapes, negative offsets, before
 * 1970 (values from Python's datetime). */
TEST(date_format_shapes)
{
  char buf[DATE_FORMAT_SIZE];
  struct date_result r = {0};

  r.t = 1241826960; /* 2009-05-08T23:56:00Z */
  CHECK_STR(date_format(&r, buf, sizeof(buf)), "2009-05-08");
  r.has_time = 1;
  CHECK_STR(date_format(&r, buf, sizeof(buf)), "2009-05-08T23:56:00");
  r.has_offset = 1;
  r.offset_min = -300;
  CHECK_STR(date_format(&r, buf, sizeof(buf)), "2009-05-08T18:56:00-05:00");
  r.has_offset = 0;
  r.t = -1581426371; /* 1919-11-21T10:53:49Z */
  CHECK_STR(date_format(&r, buf, sizeof(buf)), "1919-11-21T10:53:49");
}

/* The day/month order: given by the caller, or reported for the caller to
 * reuse on the rest of a page.  Epoch values from Python's datetime. */
static const struct {
  const char *text;
  enum date_order hint;
  int64_t t;
  int ambiguous;
  enum date_order order;
} order_cases[] = {
    {"05/08/2009", DATE_ORDER_UNKNOWN, 1241740800, 1, DATE_ORDER_MDY},
    {"05/08/2009", DATE_ORDER_DMY, 1249430400, 0, DATE_ORDER_DMY},
    {"05/08/2009", DATE_ORDER_MDY, 1241740800, 0, DATE_ORDER_MDY},
    {"am 05/08/2009", DATE_ORDER_MDY, 1241740800, 0, DATE_ORDER_MDY},
    {"13/05/2009", DATE_ORDER_UNKNOWN, 1242172800, 0, DATE_ORDER_DMY},
    {"13/05/2009", DATE_ORDER_MDY, 1242172800, 0, DATE_ORDER_DMY},
    {"05/13/2009", DATE_ORDER_DMY, 1242172800, 0, DATE_ORDER_MDY},
    {"05/05/2009", DATE_ORDER_UNKNOWN, 1241481600, 0, DATE_ORDER_UNKNOWN},
    {"17.04.2008", DATE_ORDER_MDY, 1208390400, 0, DATE_ORDER_UNKNOWN},
};

TEST(date_parse_order_table)
{
  for (size_t i = 0; i < ARRAY_SIZE(order_cases); i++) {
    struct date_result r;
    const char *text = order_cases[i].text;

    CHECK_INT_MSG(date_parse_order(text, REF, order_cases[i].hint, &r), 0,
                  text);
    CHECK_INT_MSG(r.t, order_cases[i].t, text);
    CHECK_INT_MSG(r.ambiguous, order_cases[i].ambiguous, text);
    CHECK_INT_MSG(r.order, order_cases[i].order, text);
  }
}

TEST(date_find_order_span)
{
  const char *text = "Posted on 05/08/2009 at 10:05 pm";
  struct date_result r;
  size_t start = 0, end = 0;

  CHECK_INT(date_find_order(text, REF, DATE_ORDER_DMY, &r, &start, &end), 0);
  CHECK_INT(start, 10);
  CHECK_INT(end, 32);
  CHECK_INT(r.t, 1249509900); /* 2009-08-05T22:05:00 */
  CHECK_INT(r.ambiguous, 0);
}
