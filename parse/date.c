/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Displayed dates.  A hand-written scanner over the UTF-8 bytes: no regex,
 * no locale, no allocation.  date_find() tries each token start in turn;
 * parse_at() tries the forms that can begin there (a date with its
 * optional weekday, time and zone; a time followed by a date; a relative
 * date) and reports where the date ends.  Fields become seconds through
 * time_from_fields(), which also rejects 31.02. and 25:00.
 */
#include "parse/date.h"
#include "util/util.h"

#include <stdio.h>
#include <string.h>

#define LANG_EN 1
#define LANG_EU 2 /* any of German, French, Spanish, Italian, Dutch */

/* ---- name tables -------------------------------------------------------- */

struct name {
  const char *s; /* lower case UTF-8 */
  int v;
  int lang;
};

/* Full month names; an abbreviation is any prefix of three letters or more
 * that names one month only ("Mär", "Okt", "Sept", "juil", "févr"). */
static const struct name month_names[] = {
    {"january", 1, LANG_EN},    {"february", 2, LANG_EN},
    {"march", 3, LANG_EN},      {"april", 4, LANG_EN},
    {"may", 5, LANG_EN},        {"june", 6, LANG_EN},
    {"july", 7, LANG_EN},       {"august", 8, LANG_EN},
    {"september", 9, LANG_EN},  {"october", 10, LANG_EN},
    {"november", 11, LANG_EN},  {"december", 12, LANG_EN},
    {"januar", 1, LANG_EU},     {"februar", 2, LANG_EU},
    {"märz", 3, LANG_EU},       {"mai", 5, LANG_EU},
    {"juni", 6, LANG_EU},       {"juli", 7, LANG_EU},
    {"oktober", 10, LANG_EU},   {"dezember", 12, LANG_EU},
    {"janvier", 1, LANG_EU},    {"février", 2, LANG_EU},
    {"fevrier", 2, LANG_EU},    {"mars", 3, LANG_EU},
    {"avril", 4, LANG_EU},      {"juin", 6, LANG_EU},
    {"juillet", 7, LANG_EU},    {"août", 8, LANG_EU},
    {"aout", 8, LANG_EU},       {"septembre", 9, LANG_EU},
    {"octobre", 10, LANG_EU},   {"novembre", 11, LANG_EU},
    {"décembre", 12, LANG_EU},  {"decembre", 12, LANG_EU},
    {"enero", 1, LANG_EU},      {"febrero", 2, LANG_EU},
    {"marzo", 3, LANG_EU},      {"abril", 4, LANG_EU},
    {"mayo", 5, LANG_EU},       {"junio", 6, LANG_EU},
    {"julio", 7, LANG_EU},      {"agosto", 8, LANG_EU},
    {"septiembre", 9, LANG_EU}, {"setiembre", 9, LANG_EU},
    {"octubre", 10, LANG_EU},   {"noviembre", 11, LANG_EU},
    {"diciembre", 12, LANG_EU}, {"gennaio", 1, LANG_EU},
    {"febbraio", 2, LANG_EU},   {"aprile", 4, LANG_EU},
    {"maggio", 5, LANG_EU},     {"giugno", 6, LANG_EU},
    {"luglio", 7, LANG_EU},     {"settembre", 9, LANG_EU},
    {"ottobre", 10, LANG_EU},   {"dicembre", 12, LANG_EU},
    {"januari", 1, LANG_EU},    {"februari", 2, LANG_EU},
    {"maart", 3, LANG_EU},      {"mei", 5, LANG_EU},
    {"augustus", 8, LANG_EU},
};

/* Abbreviations that are not prefixes of a full name. */
static const struct name month_abbrevs[] = {
    {"mrz", 3, LANG_EU}, {"maerz", 3, LANG_EU},  {"mrt", 3, LANG_EU},
    {"jän", 1, LANG_EU}, {"jänner", 1, LANG_EU}, {"feber", 2, LANG_EU},
};

/* Weekdays: full names (prefixes of three letters or more count) and the
 * two-letter German and Dutch abbreviations, which need a '.' or ','. */
static const struct name weekday_names[] = {
    {"monday", 1, LANG_EN},     {"tuesday", 2, LANG_EN},
    {"wednesday", 3, LANG_EN},  {"thursday", 4, LANG_EN},
    {"friday", 5, LANG_EN},     {"saturday", 6, LANG_EN},
    {"sunday", 0, LANG_EN},     {"montag", 1, LANG_EU},
    {"dienstag", 2, LANG_EU},   {"mittwoch", 3, LANG_EU},
    {"donnerstag", 4, LANG_EU}, {"freitag", 5, LANG_EU},
    {"samstag", 6, LANG_EU},    {"sonnabend", 6, LANG_EU},
    {"sonntag", 0, LANG_EU},    {"lundi", 1, LANG_EU},
    {"mardi", 2, LANG_EU},      {"mercredi", 3, LANG_EU},
    {"jeudi", 4, LANG_EU},      {"vendredi", 5, LANG_EU},
    {"samedi", 6, LANG_EU},     {"dimanche", 0, LANG_EU},
    {"lunes", 1, LANG_EU},      {"martes", 2, LANG_EU},
    {"miércoles", 3, LANG_EU},  {"jueves", 4, LANG_EU},
    {"viernes", 5, LANG_EU},    {"sábado", 6, LANG_EU},
    {"domingo", 0, LANG_EU},    {"lunedì", 1, LANG_EU},
    {"martedì", 2, LANG_EU},    {"mercoledì", 3, LANG_EU},
    {"giovedì", 4, LANG_EU},    {"venerdì", 5, LANG_EU},
    {"sabato", 6, LANG_EU},     {"domenica", 0, LANG_EU},
    {"maandag", 1, LANG_EU},    {"dinsdag", 2, LANG_EU},
    {"woensdag", 3, LANG_EU},   {"donderdag", 4, LANG_EU},
    {"vrijdag", 5, LANG_EU},    {"zaterdag", 6, LANG_EU},
    {"zondag", 0, LANG_EU},
};

static const struct name weekday_short[] = {
    {"mo", 1, LANG_EU}, {"di", 2, LANG_EU}, {"mi", 3, LANG_EU},
    {"do", 4, LANG_EU}, {"fr", 5, LANG_EU}, {"sa", 6, LANG_EU},
    {"so", 0, LANG_EU}, {"ma", 1, LANG_EU}, {"wo", 3, LANG_EU},
    {"vr", 5, LANG_EU}, {"za", 6, LANG_EU}, {"zo", 0, LANG_EU},
};

/* Units of a relative date, in seconds; months and years (calendar
 * arithmetic) are marked by negative values: -1 month, -12 year. */
#define UNIT_MONTH (-1)
#define UNIT_YEAR (-12)
static const struct name units[] = {
    {"second", 1, 0},
    {"seconds", 1, 0},
    {"sec", 1, 0},
    {"secs", 1, 0},
    {"s", 1, 0},
    {"sekunde", 1, 0},
    {"sekunden", 1, 0},
    {"sek", 1, 0},
    {"seconde", 1, 0},
    {"secondes", 1, 0},
    {"segundo", 1, 0},
    {"segundos", 1, 0},
    {"secondo", 1, 0},
    {"secondi", 1, 0},
    {"seconden", 1, 0},
    {"moment", 0, 0},
    {"moments", 0, 0},
    {"minute", 60, 0},
    {"minutes", 60, 0},
    {"min", 60, 0},
    {"mins", 60, 0},
    {"m", 60, 0},
    {"minuten", 60, 0},
    {"minuto", 60, 0},
    {"minutos", 60, 0},
    {"minuti", 60, 0},
    {"minuut", 60, 0},
    {"hour", 3600, 0},
    {"hours", 3600, 0},
    {"hr", 3600, 0},
    {"hrs", 3600, 0},
    {"h", 3600, 0},
    {"stunde", 3600, 0},
    {"stunden", 3600, 0},
    {"std", 3600, 0},
    {"heure", 3600, 0},
    {"heures", 3600, 0},
    {"hora", 3600, 0},
    {"horas", 3600, 0},
    {"ora", 3600, 0},
    {"ore", 3600, 0},
    {"uur", 3600, 0},
    {"day", 86400, 0},
    {"days", 86400, 0},
    {"d", 86400, 0},
    {"tag", 86400, 0},
    {"tage", 86400, 0},
    {"tagen", 86400, 0},
    {"jour", 86400, 0},
    {"jours", 86400, 0},
    {"día", 86400, 0},
    {"días", 86400, 0},
    {"dia", 86400, 0},
    {"dias", 86400, 0},
    {"giorno", 86400, 0},
    {"giorni", 86400, 0},
    {"dag", 86400, 0},
    {"dagen", 86400, 0},
    {"week", 604800, 0},
    {"weeks", 604800, 0},
    {"wk", 604800, 0},
    {"wks", 604800, 0},
    {"w", 604800, 0},
    {"woche", 604800, 0},
    {"wochen", 604800, 0},
    {"semaine", 604800, 0},
    {"semaines", 604800, 0},
    {"semana", 604800, 0},
    {"semanas", 604800, 0},
    {"settimana", 604800, 0},
    {"settimane", 604800, 0},
    {"weken", 604800, 0},
    {"month", UNIT_MONTH, 0},
    {"months", UNIT_MONTH, 0},
    {"mo", UNIT_MONTH, 0},
    {"mos", UNIT_MONTH, 0},
    {"monat", UNIT_MONTH, 0},
    {"monate", UNIT_MONTH, 0},
    {"monaten", UNIT_MONTH, 0},
    {"mois", UNIT_MONTH, 0},
    {"mes", UNIT_MONTH, 0},
    {"meses", UNIT_MONTH, 0},
    {"mese", UNIT_MONTH, 0},
    {"mesi", UNIT_MONTH, 0},
    {"maand", UNIT_MONTH, 0},
    {"maanden", UNIT_MONTH, 0},
    {"year", UNIT_YEAR, 0},
    {"years", UNIT_YEAR, 0},
    {"yr", UNIT_YEAR, 0},
    {"yrs", UNIT_YEAR, 0},
    {"y", UNIT_YEAR, 0},
    {"jahr", UNIT_YEAR, 0},
    {"jahre", UNIT_YEAR, 0},
    {"jahren", UNIT_YEAR, 0},
    {"an", UNIT_YEAR, 0},
    {"ans", UNIT_YEAR, 0},
    {"année", UNIT_YEAR, 0},
    {"années", UNIT_YEAR, 0},
    {"año", UNIT_YEAR, 0},
    {"años", UNIT_YEAR, 0},
    {"anno", UNIT_YEAR, 0},
    {"anni", UNIT_YEAR, 0},
    {"jaar", UNIT_YEAR, 0},
    {"jaren", UNIT_YEAR, 0},
};

/* Words that stand for a count: "a minute ago", "vor einer Stunde". */
static const struct name count_words[] = {
    {"a", 1, 0},    {"an", 1, 0},    {"one", 1, 0},     {"ein", 1, 0},
    {"eine", 1, 0}, {"einer", 1, 0}, {"einem", 1, 0},   {"einen", 1, 0},
    {"un", 1, 0},   {"une", 1, 0},   {"uno", 1, 0},     {"una", 1, 0},
    {"een", 1, 0},  {"few", 3, 0},   {"wenigen", 3, 0}, {"two", 2, 0},
    {"zwei", 2, 0}, {"three", 3, 0}, {"drei", 3, 0},
};

/* Named days, counted back from ref's date. */
static const struct name day_words[] = {
    {"today", 0, LANG_EN},      {"heute", 0, LANG_EU},
    {"hoy", 0, LANG_EU},        {"oggi", 0, LANG_EU},
    {"vandaag", 0, LANG_EU},    {"yesterday", 1, LANG_EN},
    {"gestern", 1, LANG_EU},    {"ayer", 1, LANG_EU},
    {"ieri", 1, LANG_EU},       {"gisteren", 1, LANG_EU},
    {"vorgestern", 2, LANG_EU}, {"eergisteren", 2, LANG_EU},
    {"anteayer", 2, LANG_EU},
};

/* Zone abbreviations, minutes east of UTC (CST is the American one). */
static const struct name zones[] = {
    {"utc", 0, 0},    {"gmt", 0, 0},    {"wet", 0, 0},    {"bst", 60, 0},
    {"cet", 60, 0},   {"mez", 60, 0},   {"cest", 120, 0}, {"mesz", 120, 0},
    {"eet", 120, 0},  {"eest", 180, 0}, {"est", -300, 0}, {"edt", -240, 0},
    {"cst", -360, 0}, {"cdt", -300, 0}, {"mst", -420, 0}, {"mdt", -360, 0},
    {"pst", -480, 0}, {"pdt", -420, 0},
};

/* Words allowed between a date and its time, or a time and its date. */
static const char *const connectors[] = {
    "um", "at", "on", "à", "a", "las", "alle", "ore", "om", "kl", "klo", "am",
};

/* Month names that are also common words; lower case, they start no
 * date ("you may 2 times"). */
static const char *const month_words[] = {
    "may", "march", "mar", "mars", "mag", "set", "gen", "ago",
};

/* Words that suggest a day/month order (for "05/08/2009"). */
static const struct name order_cues[] = {
    {"uhr", 0, LANG_EU},      {"um", 0, LANG_EU},
    {"von", 0, LANG_EU},      {"vom", 0, LANG_EU},
    {"verfasst", 0, LANG_EU}, {"geschrieben", 0, LANG_EU},
    {"beitrag", 0, LANG_EU},  {"le", 0, LANG_EU},
    {"par", 0, LANG_EU},      {"à", 0, LANG_EU},
    {"de", 0, LANG_EU},       {"del", 0, LANG_EU},
    {"op", 0, LANG_EU},       {"door", 0, LANG_EU},
    {"posted", 0, LANG_EN},   {"on", 0, LANG_EN},
    {"at", 0, LANG_EN},       {"by", 0, LANG_EN},
    {"pm", 0, LANG_EN},       {"wrote", 0, LANG_EN},
};

static const struct name *name_find(const struct name *t, size_t n,
                                    const char *w)
{
  for (size_t i = 0; i < n; i++)
    if (!strcmp(t[i].s, w))
      return &t[i];
  return NULL;
}

static int word_in(const char *const *t, size_t n, const char *w)
{
  for (size_t i = 0; i < n; i++)
    if (!strcmp(t[i], w))
      return 1;
  return 0;
}

/* Length of w in characters (UTF-8 lead bytes). */
static size_t utf8_chars(const char *w)
{
  size_t n = 0;

  for (; *w; w++)
    n += ((unsigned char)*w & 0xC0) != 0x80;
  return n;
}

/* A month from a full name, one of its unique prefixes of three letters
 * or more, or a listed abbreviation; 0 when w names no month. */
static int month_lookup(const char *w, int *lang)
{
  const struct name *n;
  size_t len = strlen(w);
  int month = 0, l = 0;

  if ((n = name_find(month_abbrevs, ARRAY_SIZE(month_abbrevs), w))) {
    *lang = n->lang;
    return n->v;
  }
  if (utf8_chars(w) < 3)
    return 0;
  for (size_t i = 0; i < ARRAY_SIZE(month_names); i++) {
    if (strncmp(month_names[i].s, w, len))
      continue;
    if (month && month != month_names[i].v)
      return 0;
    month = month_names[i].v;
    l |= month_names[i].lang;
  }
  *lang = l;
  return month;
}

/* The weekday (0 Sunday) a name or a prefix of three letters or more
 * stands for; -1 when none.  Prefixes shared by several languages
 * ("mar", "don") name the same day. */
static int weekday_lookup(const char *w)
{
  size_t len = strlen(w);

  if (utf8_chars(w) < 3)
    return -1;
  for (size_t i = 0; i < ARRAY_SIZE(weekday_names); i++)
    if (!strncmp(weekday_names[i].s, w, len))
      return weekday_names[i].v;
  return -1;
}

/* ---- bytes -------------------------------------------------------------- */

static int is_digit(int c) { return c >= '0' && c <= '9'; }

static int is_alpha(int c)
{
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Bytes of the letter at p (ASCII, Latin-1 Supplement or Latin
 * Extended-A, which covers the month names), 0 when p is no letter. */
static int letter_len(const char *p)
{
  unsigned char c = (unsigned char)p[0], d;

  if (is_alpha(c))
    return 1;
  if (c < 0x80)
    return 0;
  d = (unsigned char)p[1];
  if ((c == 0xC3 && d >= 0x80 && d <= 0xBF && d != 0x97 && d != 0xB7) ||
      ((c == 0xC4 || c == 0xC5) && d >= 0x80 && d <= 0xBF))
    return 2;
  return 0;
}

/* Bytes of the space at p: ASCII blanks, NO-BREAK SPACE, the U+2000
 * spaces, NARROW NO-BREAK SPACE; 0 when p is no space. */
static int space_len(const char *p)
{
  unsigned char c = (unsigned char)p[0], d, e;

  if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v')
    return 1;
  if (c < 0x80)
    return 0;
  d = (unsigned char)p[1];
  if (c == 0xC2 && d == 0xA0)
    return 2;
  if (c != 0xE2 || d != 0x80)
    return 0;
  e = (unsigned char)p[2];
  return (e >= 0x80 && e <= 0x8B) || e == 0xAF ? 3 : 0;
}

static const char *skip_space(const char *p)
{
  int n;

  while ((n = space_len(p)))
    p += n;
  return p;
}

/* Bytes of a separator between parts of a date line: , | - / @ and the
 * middle dot, bullet, en and em dash. */
static int sep_len(const char *p)
{
  unsigned char c = (unsigned char)p[0], d, e;

  if (c == ',' || c == '|' || c == '-' || c == '@' || c == ';')
    return 1;
  if (c < 0x80)
    return 0;
  d = (unsigned char)p[1];
  if (c == 0xC2 && d == 0xB7)
    return 2;
  if (c != 0xE2 || d != 0x80)
    return 0;
  e = (unsigned char)p[2];
  return e == 0x93 || e == 0x94 || e == 0xA2 ? 3 : 0;
}

/* Read a word of letters, lower-cased, into buf (an over-long word is
 * consumed and leaves buf empty).  Returns the end; p when no letter. */
static const char *read_word(const char *p, char *buf, size_t size)
{
  size_t n = 0;
  int len, over = 0;

  while ((len = letter_len(p))) {
    if (n + (size_t)len + 1 > size) {
      over = 1;
    } else if (len == 1) {
      char c = *p;
      buf[n++] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    } else {
      unsigned char d = (unsigned char)p[1];
      /* Latin-1 capitals U+00C0..U+00DE (not U+00D7) to small letters. */
      if ((unsigned char)p[0] == 0xC3 && d >= 0x80 && d <= 0x9E)
        d += 0x20;
      buf[n++] = p[0];
      buf[n++] = (char)d;
    }
    p += len;
  }
  buf[over ? 0 : n] = '\0';
  return p;
}

/* Read up to nine digits; *ndig is their count (0: none, p returned). */
static const char *read_num(const char *p, int *val, int *ndig)
{
  int v = 0, n = 0;

  while (is_digit(*p)) {
    if (n < 9)
      v = v * 10 + (*p - '0');
    n++;
    p++;
  }
  *val = v;
  *ndig = n;
  return p;
}

#define WORD_MAX 24

/* The next word after blanks, and the position after it. */
static const char *next_word(const char *p, char *buf)
{
  return read_word(skip_space(p), buf, WORD_MAX);
}

/* ---- calendar ----------------------------------------------------------- */

static int is_leap(int y)
{
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

/* Broken-down UTC fields of t (Howard Hinnant's civil_from_days). */
static void fields_from_time(int64_t t, int *y, int *m, int *d, int *sec)
{
  int64_t days = t / 86400, rem = t % 86400, era, doe, yoe, doy, mp;

  if (rem < 0) {
    rem += 86400;
    days--;
  }
  days += 719468;
  era = (days >= 0 ? days : days - 146096) / 146097;
  doe = days - era * 146097;
  yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  mp = (5 * doy + 2) / 153;
  *d = (int)(doy - (153 * mp + 2) / 5 + 1);
  *m = (int)(mp < 10 ? mp + 3 : mp - 9);
  *y = (int)(yoe + era * 400 + (*m <= 2));
  *sec = (int)rem;
}

static int64_t day_start(int64_t t)
{
  int64_t r = t % 86400;
  return t - (r < 0 ? r + 86400 : r);
}

/* 0 Sunday .. 6 Saturday; 1970-01-01 was a Thursday. */
static int weekday_of(int64_t t)
{
  return (int)((day_start(t) / 86400 % 7 + 11) % 7);
}

/* ref minus months calendar months, the day clamped to the month's end
 * ("1 Monat her" on 31 March is 29 February in a leap year). */
static int months_back(int64_t ref, int months, int64_t *t)
{
  int y, m, d, sec;
  int64_t total;

  fields_from_time(ref, &y, &m, &d, &sec);
  total = (int64_t)y * 12 + (m - 1) - months;
  if (total < 12)
    return -1;
  y = (int)(total / 12);
  m = (int)(total % 12) + 1;
  if (d > days_in_month(y, m))
    d = days_in_month(y, m);
  if (time_from_fields(y, m, d, 0, 0, 0, t) < 0)
    return -1;
  *t += sec;
  return 0;
}

/* ---- scanning state ----------------------------------------------------- */

struct scan {
  const char *text;
  int64_t ref;
  int ref_year;
  int whole;             /* date_parse(): bare times and durations count */
  enum date_order order; /* of ambiguous numeric dates; UNKNOWN: not yet
                            looked at the text */
  int hinted;            /* order came from the caller */
};

/* What the text said; filled by the parts of the grammar. */
struct fields {
  int y, mo, d; /* y == 0: no year given */
  int h, mi, s; /* h < 0: no time given */
  int off, has_off;
  int ambiguous;
  enum date_order order;
  int wday; /* weekday named before the date, 0 Sunday; -1 none */
};

static void fields_init(struct fields *f)
{
  memset(f, 0, sizeof(*f));
  f->h = -1;
  f->wday = -1;
}

/* Whole years from a two-digit year: 20yy unless that is more than a
 * year after ref. */
static int expand_year(const struct scan *sc, int yy)
{
  int y = 2000 + yy;
  return y > sc->ref_year + 1 ? y - 100 : y;
}

static int year_ok(int y) { return y >= 1900 && y <= 2199; }

/* Does the text read as European (day before month)?  Counts cue words,
 * month names of one side only and "11h21" times against English ones.
 * Looked at once per call, only for ambiguous numeric dates. */
static int text_is_dmy(struct scan *sc)
{
  const char *p = sc->text;
  char w[WORD_MAX];
  int eu = 0, en = 0;

  if (sc->order)
    return sc->order == DATE_ORDER_DMY;
  while (*p) {
    const struct name *n;
    const char *q;
    int lang = 0;

    if (is_digit(*p)) {
      while (is_digit(*p))
        p++;
      if ((*p == 'h' || *p == 'H') && is_digit(p[1]) && is_digit(p[2]))
        eu++;
      continue;
    }
    if (!letter_len(p)) {
      p++;
      continue;
    }
    q = read_word(p, w, sizeof(w));
    if ((n = name_find(order_cues, ARRAY_SIZE(order_cues), w)))
      lang = n->lang;
    else if (!strcmp(w, "am"))
      lang = is_digit(*skip_space(q)) ? LANG_EU : LANG_EN;
    else if (!month_lookup(w, &lang))
      lang = 0;
    if (lang == LANG_EU)
      eu++;
    else if (lang == LANG_EN)
      en++;
    p = q;
  }
  sc->order = eu > en ? DATE_ORDER_DMY : DATE_ORDER_MDY;
  return sc->order == DATE_ORDER_DMY;
}

/* ---- time of day and zone ----------------------------------------------- */

/* "am", "pm", "a.m.", "p. m." at p: 1 am, 2 pm, 0 none; *end after it. */
static int read_meridiem(const char *p, const char **end)
{
  int c = *p | 0x20, r;

  if (c != 'a' && c != 'p')
    return 0;
  r = c == 'a' ? 1 : 2;
  p++;
  if (*p == '.')
    p = skip_space(p + 1);
  if ((*p | 0x20) != 'm')
    return 0;
  p++;
  if (*p == '.')
    p++;
  else if (letter_len(p) || is_digit(*p))
    return 0;
  *end = p;
  return r;
}

/*
 * A time of day at p: "23:56", "23:56:07.5", "11:56 pm", "5 PM", "10.05
 * Uhr", "11h21", "12 Uhr".  A time with a dot needs "Uhr" or "h" after
 * it unless dots_ok (after a date).  Fills f->h/mi/s; returns the end or
 * NULL.
 */
static const char *parse_time(const char *p, int dots_ok, struct fields *f)
{
  const char *q, *r;
  char w[WORD_MAX];
  int h, mi = 0, s = 0, frac, nd, strong = 0, dotted = 0, mer;

  p = read_num(p, &h, &nd);
  if (nd < 1 || nd > 2)
    return NULL;
  if (*p == ':' && is_digit(p[1])) {
    p = read_num(p + 1, &mi, &nd);
    if (nd != 2)
      return NULL;
    if (*p == ':' && is_digit(p[1])) {
      p = read_num(p + 1, &s, &nd);
      if (nd != 2)
        return NULL;
      if (*p == '.' && is_digit(p[1]))
        p = read_num(p + 1, &frac, &nd);
    }
    strong = 1;
  } else if (*p == '.' && is_digit(p[1])) {
    p = read_num(p + 1, &mi, &nd);
    if (nd != 2 || (*p == '.' && is_digit(p[1])))
      return NULL;
    dotted = 1;
  } else if ((*p == 'h' || *p == 'H') && is_digit(p[1])) {
    p = read_num(p + 1, &mi, &nd);
    if (nd != 2)
      return NULL;
    strong = 1;
  }

  q = skip_space(p);
  if ((mer = read_meridiem(q, &r))) {
    if (h > 12 && mer == 1)
      return NULL;
    if (h == 0 && mer == 2)
      return NULL;
    if (mer == 1 && h == 12)
      h = 0;
    else if (mer == 2 && h < 12)
      h += 12;
    p = r;
    strong = 1;
  } else {
    r = read_word(q, w, sizeof(w));
    if (!strcmp(w, "uhr") || !strcmp(w, "h")) {
      p = r;
      if (*p == '.')
        p++;
      strong = 1;
    }
  }
  if (!strong && !(dotted && dots_ok))
    return NULL;
  if (h > 24 || mi > 59 || s > 60 || (h == 24 && (mi || s)))
    return NULL;
  f->h = h;
  f->mi = mi;
  f->s = s;
  return p;
}

/* "+0200", "-05:00", "UTC", "GMT+2", "(CEST)" after a time.  Returns the
 * end, or NULL when there is no zone. */
static const char *parse_zone(const char *p, struct fields *f)
{
  const struct name *z = NULL;
  const char *q = skip_space(p), *r;
  char w[WORD_MAX];
  int paren = 0, off = 0, sign, oh, om = 0, nd;

  if (*q == '(') {
    paren = 1;
    q = skip_space(q + 1);
  }
  if (*q == 'Z' && !letter_len(q + 1) && q == p) {
    q++;
    goto done;
  }
  r = read_word(q, w, sizeof(w));
  if (r != q) {
    if (!(z = name_find(zones, ARRAY_SIZE(zones), w)))
      return NULL;
    off = z->v;
    q = r;
    if (z->v || (*q != '+' && *q != '-'))
      goto done;
  }
  if (*q != '+' && *q != '-')
    return NULL;
  sign = *q == '-' ? -1 : 1;
  r = read_num(q + 1, &oh, &nd);
  if (nd == 4) {
    om = oh % 100;
    oh /= 100;
  } else if ((nd == 2 || (z && nd == 1)) && *r == ':' && is_digit(r[1])) {
    r = read_num(r + 1, &om, &nd);
    if (nd != 2)
      return NULL;
  } else if (!z || nd < 1 || nd > 2) {
    /* A bare "-12" is more likely a count than an offset. */
    return NULL;
  }
  if (oh > 14 || om > 59)
    return NULL;
  off = sign * (oh * 60 + om);
  q = r;
done:
  if (paren) {
    q = skip_space(q);
    if (*q != ')')
      return NULL;
    q++;
  }
  f->off = off;
  f->has_off = 1;
  return q;
}

/* ---- dates -------------------------------------------------------------- */

/* After a day number: "8th", "1st", "1er", "1ste", "4." */
static const char *skip_ordinal(const char *p)
{
  static const char *const suffixes[] = {"st", "nd",  "rd", "th", "er",
                                         "e",  "ste", "de", "º",  "ª"};
  char w[WORD_MAX];
  const char *q = read_word(p, w, sizeof(w));

  if (q != p && word_in(suffixes, ARRAY_SIZE(suffixes), w))
    p = q;
  else if (!strncmp(p, "\xC2\xBA", 2) || !strncmp(p, "\xC2\xAA", 2))
    p += 2;
  if (*p == '.' && !is_digit(p[1]))
    p++;
  return p;
}

/* A year after a month name: "2009", "'09", "de 2018"; with dash (as in
 * "21-Nov-19") two digits will do.  Returns the end or NULL. */
static const char *parse_year(const struct scan *sc, const char *p, int dash,
                              struct fields *f)
{
  const char *q;
  char w[WORD_MAX];
  int v, nd;

  if (dash) {
    if (*p != '-')
      return NULL;
    p = read_num(p + 1, &v, &nd);
    if (nd == 2)
      v = expand_year(sc, v);
    else if (nd != 4)
      return NULL;
  } else {
    p = skip_space(p);
    if (*p == ',')
      p = skip_space(p + 1);
    q = read_word(p, w, sizeof(w));
    if (!strcmp(w, "de") || !strcmp(w, "del"))
      p = skip_space(q);
    if ((*p == '\'' || !strncmp(p, "\xE2\x80\x99", 3)) &&
        is_digit(p[*p == '\'' ? 1 : 3])) {
      p = read_num(p + (*p == '\'' ? 1 : 3), &v, &nd);
      if (nd != 2)
        return NULL;
      v = expand_year(sc, v);
    } else {
      p = read_num(p, &v, &nd);
      if (nd != 4 || *p == ':')
        return NULL;
    }
  }
  if (!year_ok(v) || is_digit(*p))
    return NULL;
  f->y = v;
  return p;
}

/* A month name at p, with its optional dot.  Returns the end or NULL. */
static const char *parse_month(const char *p, struct fields *f)
{
  char w[WORD_MAX];
  const char *q = read_word(p, w, sizeof(w));
  int lang;

  if (q == p || !(f->mo = month_lookup(w, &lang)))
    return NULL;
  if (*q == '.')
    q++;
  return q;
}

/* "May 8th, 2009", "Jan. 4, 2016", "Apr 24" at a month name. */
static const char *parse_month_first(const struct scan *sc, const char *p,
                                     struct fields *f)
{
  char w[WORD_MAX];
  const char *q;
  int nd;

  if (*p >= 'a' && *p <= 'z') {
    read_word(p, w, sizeof(w));
    if (word_in(month_words, ARRAY_SIZE(month_words), w))
      return NULL;
  }
  if (!(p = parse_month(p, f)))
    return NULL;
  p = skip_space(p);
  if (*p == '-')
    p++;
  p = read_num(p, &f->d, &nd);
  if (nd < 1 || nd > 2 || *p == ':' || (*p == '.' && is_digit(p[1])))
    return NULL;
  p = skip_ordinal(p);
  if ((q = parse_year(sc, p, 0, f)))
    p = q;
  return p;
}

/* The day/month order of a numeric a/b/y date: the valid reading, else
 * the one the text's language suggests. */
static int numeric_order(struct scan *sc, int a, int b, int y, struct fields *f)
{
  int64_t t;
  int dm = time_from_fields(y, b, a, 0, 0, 0, &t) == 0;
  int md = time_from_fields(y, a, b, 0, 0, 0, &t) == 0;

  if (dm && md && a != b) {
    f->ambiguous = !sc->hinted;
    md = !text_is_dmy(sc);
    dm = !md;
  }
  if (dm) {
    f->d = a;
    f->mo = b;
  } else if (md) {
    f->mo = a;
    f->d = b;
  } else {
    return -1;
  }
  if (a != b)
    f->order = dm ? DATE_ORDER_DMY : DATE_ORDER_MDY;
  f->y = y;
  return 0;
}

/* A date that starts with a number: "17.04.2008", "21.01.09", "17.04.",
 * "2009-05-08", "05/08/2009", "17. April 2008", "8th of May 2009",
 * "21-Nov-19".  Returns the end or NULL. */
static const char *parse_day_first(struct scan *sc, const char *p,
                                   struct fields *f)
{
  const char *q;
  char w[WORD_MAX];
  int a, b, c, na, nb, nc, sep;

  p = read_num(p, &a, &na);
  sep = *p;
  if (na == 4 && (sep == '-' || sep == '/' || sep == '.') && is_digit(p[1])) {
    /* Year first: 2009-05-08, 2009/05/08, 2009.05.08. */
    p = read_num(p + 1, &b, &nb);
    if (nb > 2 || *p != sep || !is_digit(p[1]))
      return NULL;
    p = read_num(p + 1, &c, &nc);
    if (nc > 2 || (*p == sep && is_digit(p[1])))
      return NULL;
    f->y = a;
    f->mo = b;
    f->d = c;
    return year_ok(a) ? p : NULL;
  }
  if (na > 2)
    return NULL;
  if (sep == '.' && is_digit(p[1])) {
    /* 17.04.2008, 21.01.09, 17.04. */
    p = read_num(p + 1, &b, &nb);
    if (nb > 2 || *p != '.')
      return NULL;
    if (!is_digit(p[1])) {
      if (nb != 2)
        return NULL;
      f->d = a;
      f->mo = b;
      return p + 1;
    }
    p = read_num(p + 1, &c, &nc);
    if ((nc != 2 && nc != 4) || (*p == '.' && is_digit(p[1])))
      return NULL;
    /* "2.10.13" is more likely a version than a date. */
    if (nc == 2 && (na != 2 || nb != 2))
      return NULL;
    f->d = a;
    f->mo = b;
    f->y = nc == 2 ? expand_year(sc, c) : c;
    return year_ok(f->y) ? p : NULL;
  }
  if ((sep == '/' || sep == '-') && is_digit(p[1])) {
    /* 05/08/2009, 5/8/09, 08-05-2009. */
    p = read_num(p + 1, &b, &nb);
    if (nb > 2 || *p != sep || !is_digit(p[1]))
      return NULL;
    p = read_num(p + 1, &c, &nc);
    if ((nc != 2 && nc != 4) || (*p == sep && is_digit(p[1])) ||
        (*p == '.' && is_digit(p[1])))
      return NULL;
    c = nc == 2 ? expand_year(sc, c) : c;
    if (!year_ok(c) || numeric_order(sc, a, b, c, f) < 0)
      return NULL;
    return p;
  }
  f->d = a;
  if (sep == '-' && letter_len(p + 1)) {
    /* 21-Nov-19, 21-Nov-2019 */
    if (!(p = parse_month(p + 1, f)))
      return NULL;
    if ((q = parse_year(sc, p, 1, f)))
      p = q;
    return p;
  }
  /* 17. April 2008, 8th of May 2009, 5 de mayo de 2018, 4. Jan. */
  p = skip_space(skip_ordinal(p));
  q = read_word(p, w, sizeof(w));
  if (!strcmp(w, "of") || !strcmp(w, "de"))
    p = skip_space(q);
  if (!(p = parse_month(p, f)))
    return NULL;
  if ((q = parse_year(sc, p, 0, f)))
    p = q;
  return p;
}

/* Skip separators and connector words ("um", "at", ", ", " | ") between a
 * date and a time; at most a few of them. */
static const char *skip_connectors(const char *p)
{
  char w[WORD_MAX];

  for (int i = 0; i < 4; i++) {
    const char *q = skip_space(p), *r;
    int n;

    if ((n = sep_len(q))) {
      p = q + n;
      continue;
    }
    r = read_word(q, w, sizeof(w));
    if (r == q || !word_in(connectors, ARRAY_SIZE(connectors), w))
      return q;
    p = r;
  }
  return skip_space(p);
}

/* What follows a date: a time, a zone, and for "Fri May 08 23:56:00 2009"
 * a year.  Returns the new end (p when nothing follows). */
static const char *parse_tail(const struct scan *sc, const char *p,
                              struct fields *f)
{
  const char *q, *r;

  q = (*p == 'T' || *p == 't') && is_digit(p[1]) ? p + 1 : skip_connectors(p);
  if (!is_digit(*q) || !(r = parse_time(q, 1, f)))
    return p;
  p = r;
  if ((r = parse_zone(p, f)))
    p = r;
  if (!f->y && (r = parse_year(sc, p, 0, f)))
    p = r;
  return p;
}

/* Skip a weekday name and what joins it to the date ("Montag, den ",
 * "Fri ", "Mi., "); *wday is the day (0 Sunday).  Returns the end, or
 * NULL when p is no weekday. */
static const char *skip_weekday(const char *p, int *wday)
{
  const struct name *n;
  char w[WORD_MAX];
  const char *q = read_word(p, w, sizeof(w));

  if (q == p)
    return NULL;
  if ((*wday = weekday_lookup(w)) < 0) {
    n = name_find(weekday_short, ARRAY_SIZE(weekday_short), w);
    if (!n || (*q != '.' && *q != ','))
      return NULL;
    *wday = n->v;
  }
  if (*q == '.')
    q++;
  q = skip_space(q);
  if (*q == ',')
    q = skip_space(q + 1);
  p = read_word(q, w, sizeof(w));
  if (!strcmp(w, "den") || !strcmp(w, "the") || !strcmp(w, "le") ||
      !strcmp(w, "el"))
    q = skip_space(p);
  return q;
}

/* ---- relative dates ----------------------------------------------------- */

/* A count at p: digits or a word ("a", "einer", "a few"). */
static const char *parse_count(const char *p, int *count)
{
  const struct name *n;
  char w[WORD_MAX];
  const char *q;
  int nd;

  if (is_digit(*p)) {
    q = read_num(p, count, &nd);
    return nd <= 5 ? q : NULL;
  }
  q = read_word(p, w, sizeof(w));
  if (q == p || !(n = name_find(count_words, ARRAY_SIZE(count_words), w)))
    return NULL;
  *count = n->v;
  if (n->v == 1) {
    /* "a few", "ein paar" */
    const char *r = next_word(q, w);
    if (!strcmp(w, "few")) {
      *count = 3;
      q = r;
    } else if (!strcmp(w, "paar")) {
      *count = 2;
      q = r;
    }
  }
  return q;
}

/*
 * A duration: "3 Tagen", "einer Stunde", "2 Std.", "1 Jahr 2 Tage",
 * "1 year, 2 months".  Adds the seconds and months to *secs and *months;
 * *unit is the smallest unit in seconds.  Returns the end or NULL.
 */
static const char *parse_duration(const char *p, int64_t *secs, int *months,
                                  int *unit)
{
  const char *end = NULL;
  char w[WORD_MAX];

  *unit = 0;
  for (;;) {
    const struct name *n;
    const char *q, *r, *s;
    int count;

    if (!(q = parse_count(p, &count)))
      break;
    s = skip_space(q);
    r = read_word(s, w, sizeof(w));
    if (r == s || !(n = name_find(units, ARRAY_SIZE(units), w)))
      break;
    /* "a m" is no duration; one-letter units must follow their digits. */
    if (!w[1] && (!is_digit(*p) || space_len(q)))
      break;
    if (*r == '.')
      r++;
    /* Beyond any forum's age; also keeps the sums from overflowing. */
    if (*months > 12 * 9000 || *secs > (int64_t)9000 * 366 * 86400)
      return NULL;
    if (n->v < 0) {
      *months += count * -n->v;
      if (!*unit || *unit > 86400)
        *unit = 86400 * 30;
    } else {
      *secs += (int64_t)count * n->v;
      if (!*unit || *unit > n->v)
        *unit = n->v ? n->v : 1;
    }
    end = r;
    q = skip_space(r);
    if (*q == ',')
      q = skip_space(q + 1);
    r = read_word(q, w, sizeof(w));
    if (!strcmp(w, "und") || !strcmp(w, "and") || !strcmp(w, "et") ||
        !strcmp(w, "y") || !strcmp(w, "e") || !strcmp(w, "en"))
      q = skip_space(r);
    p = q;
  }
  return end;
}

/* "vor 3 Tagen", "2 hours ago", "1 Monat her", "hace 2 días", "il y a 3
 * jours", "3 giorni fa", "3 dagen geleden"; with sc->whole also "3 Tage".
 * Fills *out; returns the end or NULL. */
static const char *parse_relative(const struct scan *sc, const char *p,
                                  struct date_result *out)
{
  static const char *const before[] = {"vor", "hace"};
  static const char *const after[] = {"ago", "her", "geleden", "fa"};
  static const char *const about[] = {
      "about", "over",  "almost", "nearly", "around", "etwa",   "über",
      "fast",  "knapp", "ca",     "circa",  "rund",   "environ"};
  char w[WORD_MAX];
  const char *q, *end, *start = p;
  int64_t secs = 0, t;
  int months = 0, unit, prefix = 0;

  q = read_word(p, w, sizeof(w));
  if (word_in(before, ARRAY_SIZE(before), w)) {
    prefix = 1;
    p = skip_space(q);
  } else if (!strcmp(w, "il")) {
    const char *r = next_word(q, w);
    if (strcmp(w, "y") || (r = next_word(r, w), strcmp(w, "a")))
      return NULL;
    prefix = 1;
    p = skip_space(r);
  }
  q = read_word(p, w, sizeof(w));
  if (word_in(about, ARRAY_SIZE(about), w)) {
    if (*q == '.')
      q++;
    p = skip_space(q);
  }
  if (!(end = parse_duration(p, &secs, &months, &unit)))
    return NULL;
  q = next_word(end, w);
  if (word_in(after, ARRAY_SIZE(after), w)) {
    if (prefix)
      return NULL;
    end = q;
  } else if (!prefix) {
    /* A bare duration only as the whole text: "noch 3 Tage" is ahead. */
    if (!sc->whole || *skip_space(end) || start != skip_space(sc->text))
      return NULL;
  }
  if (months > 12 * 9000 || secs > (int64_t)9000 * 366 * 86400)
    return NULL;
  t = sc->ref;
  if (months && months_back(t, months, &t) < 0)
    return NULL;
  if (t - secs < -2208988800) /* 1900-01-01 */
    return NULL;
  memset(out, 0, sizeof(*out));
  out->t = t - secs;
  out->relative = 1;
  if (unit < 86400) {
    out->has_time = 1;
    out->has_offset = 1;
  }
  return end;
}

/* "just now", "right now", "gerade eben", "soeben". */
static const char *parse_now(const char *p)
{
  char w[WORD_MAX];
  const char *q = read_word(p, w, sizeof(w)), *r;

  if (!strcmp(w, "soeben"))
    return q;
  if (strcmp(w, "just") && strcmp(w, "right") && strcmp(w, "gerade"))
    return NULL;
  r = next_word(q, w);
  if (!strcmp(w, "now") || !strcmp(w, "eben"))
    return r;
  return NULL;
}

/* ---- putting it together ------------------------------------------------ */

/* Turn the fields into *out: validate, infer a missing year from ref,
 * apply the zone. */
static int fields_finish(const struct scan *sc, const struct fields *f,
                         struct date_result *out)
{
  int h = f->h < 0 ? 0 : f->h, y = f->y;
  int64_t t = 0, off = f->has_off ? (int64_t)f->off * 60 : 0;

  memset(out, 0, sizeof(*out));
  if (y) {
    if (time_from_fields(y, f->mo, f->d, h, f->mi, f->s, &t) < 0)
      return -1;
  } else {
    /* The latest year that does not put the date more than a day after
     * ref (a few years back for 29 February); with a weekday ("Fri, Apr
     * 24") the latest such year that has the date on that day, if any. */
    int found = 0;
    for (int any = f->wday < 0; any < 2 && !found; any++)
      for (y = sc->ref_year + 1; y > sc->ref_year - 8; y--)
        if (time_from_fields(y, f->mo, f->d, h, f->mi, f->s, &t) == 0 &&
            t - off <= sc->ref + 86400 && (any || weekday_of(t) == f->wday)) {
          found = 1;
          break;
        }
    if (!found)
      return -1;
  }
  out->t = t - off;
  out->offset_min = f->has_off ? f->off : 0;
  out->has_offset = f->has_off;
  out->has_time = f->h >= 0;
  out->ambiguous = f->ambiguous;
  out->order = f->order;
  return 0;
}

/* The day back days before ref's date, with the time (and zone) at p if
 * there is one; need_time: fail without.  Returns the end or NULL. */
static const char *day_back(const struct scan *sc, const char *p, int back,
                            int need_time, struct date_result *out)
{
  struct fields f;
  const char *q;

  fields_init(&f);
  q = skip_connectors(p);
  if (is_digit(*q) && (q = parse_time(q, 1, &f))) {
    p = q;
    if ((q = parse_zone(p, &f)))
      p = q;
  } else if (need_time) {
    return NULL;
  }
  memset(out, 0, sizeof(*out));
  out->t = day_start(sc->ref) - (int64_t)back * 86400;
  if (f.h >= 0)
    out->t += f.h * 3600 + f.mi * 60 + f.s - (int64_t)f.off * 60;
  out->has_time = f.h >= 0;
  out->has_offset = f.has_off;
  out->offset_min = f.off;
  out->relative = 1;
  return p;
}

/* "Heute, 14:02", "yesterday at 5:12 PM", "vorgestern", "day before
 * yesterday": a day counted back from ref, and an optional time. */
static const char *parse_day_word(const struct scan *sc, const char *p,
                                  struct date_result *out)
{
  const struct name *n;
  char w[WORD_MAX];
  const char *q = read_word(p, w, sizeof(w)), *r;
  int back;

  if (!strcmp(w, "day")) {
    r = next_word(q, w);
    if (strcmp(w, "before"))
      return NULL;
    q = next_word(r, w);
    if (strcmp(w, "yesterday"))
      return NULL;
    back = 2;
  } else if ((n = name_find(day_words, ARRAY_SIZE(day_words), w))) {
    back = n->v;
  } else {
    return NULL;
  }
  r = day_back(sc, q, back, 0, out);
  /* In running text "Heute war ich ..." is no post date: without a time,
   * the day word must end the text or a phrase. */
  if (r && !sc->whole && !out->has_time && letter_len(skip_space(r)))
    return NULL;
  return r;
}

/* XenForo's "Sunday at 3:00 PM" within the last week: the latest such
 * day before ref's (today and yesterday have their own words); wday 0 is
 * Sunday.  Only with a time. */
static const char *parse_weekday_time(const struct scan *sc, const char *p,
                                      int wday, struct date_result *out)
{
  int back = (weekday_of(sc->ref) - wday + 7) % 7;

  return day_back(sc, p, back ? back : 7, 1, out);
}

/* A date followed by its time and zone, at p (after any weekday). */
static const char *parse_absolute(struct scan *sc, const char *p, int wday,
                                  struct date_result *out)
{
  struct fields f;
  const char *q;

  fields_init(&f);
  f.wday = wday;
  q = is_digit(*p) ? parse_day_first(sc, p, &f) : parse_month_first(sc, p, &f);
  if (!q)
    return NULL;
  q = parse_tail(sc, q, &f);
  return fields_finish(sc, &f, out) == 0 ? q : NULL;
}

/* "10:16am On Apr 24", "23:56, 17.04.2008"; in whole mode a time alone
 * ("14:02", "13.47 Uhr") is today's. */
static const char *parse_time_first(struct scan *sc, const char *p,
                                    struct date_result *out)
{
  struct fields t, f;
  const char *q, *r;

  fields_init(&t);
  if (!(q = parse_time(p, 0, &t)))
    return NULL;
  if ((r = parse_zone(q, &t)))
    q = r;
  r = skip_connectors(q);
  fields_init(&f);
  if (is_digit(*r) ? (r = parse_day_first(sc, r, &f)) != NULL
                   : (r = parse_month_first(sc, r, &f)) != NULL) {
    q = r;
    if (!f.y && (r = parse_year(sc, q, 0, &f)))
      q = r;
    f.h = t.h;
    f.mi = t.mi;
    f.s = t.s;
    f.off = t.off;
    f.has_off = t.has_off;
    return fields_finish(sc, &f, out) == 0 ? q : NULL;
  }
  if (!sc->whole)
    return NULL;
  memset(out, 0, sizeof(*out));
  out->t =
      day_start(sc->ref) + t.h * 3600 + t.mi * 60 + t.s - (int64_t)t.off * 60;
  out->has_time = 1;
  out->has_offset = t.has_off;
  out->offset_min = t.off;
  out->relative = 1;
  return q;
}

/* Every form that may begin at p; the end of the date or NULL. */
static const char *parse_at(struct scan *sc, const char *p,
                            struct date_result *out)
{
  const char *q, *w;
  int wday;

  if (is_digit(*p)) {
    if ((q = parse_absolute(sc, p, -1, out)) ||
        (q = parse_relative(sc, p, out)) || (q = parse_time_first(sc, p, out)))
      return q;
    return NULL;
  }
  if ((q = parse_now(p))) {
    memset(out, 0, sizeof(*out));
    out->t = sc->ref;
    out->has_time = out->has_offset = out->relative = 1;
    return q;
  }
  if ((q = parse_relative(sc, p, out)) || (q = parse_day_word(sc, p, out)) ||
      (q = parse_absolute(sc, p, -1, out)))
    return q;
  if ((w = skip_weekday(p, &wday))) {
    if ((q = parse_absolute(sc, w, wday, out)) ||
        (q = parse_day_word(sc, w, out)) ||
        (q = parse_weekday_time(sc, w, wday, out)))
      return q;
  }
  return NULL;
}

/* May a date begin at p?  Not inside a word or number, and not after
 * '.', ':', '/', '#' or '+' (versions, times, fractions, phone numbers). */
static int token_start(const char *text, const char *p)
{
  unsigned char c;

  if (p == text)
    return 1;
  c = (unsigned char)p[-1];
  if (is_digit(c) || is_alpha(c))
    return 0;
  if (is_digit(*p) && strchr(".:/#+_,\\", c))
    return 0;
  if (c >= 0x80 && p - text >= 2 && letter_len(p - 2) == 2)
    return 0;
  return 1;
}

/* The first date, left to right, that begins at a token start. */
static int scan(struct scan *sc, struct date_result *out, size_t *start,
                size_t *end)
{
  const char *p = sc->text, *q;
  int y, m, d, s;

  fields_from_time(sc->ref, &y, &m, &d, &s);
  sc->ref_year = y;
  while (*p) {
    if ((is_digit(*p) || letter_len(p)) && token_start(sc->text, p) &&
        (q = parse_at(sc, p, out))) {
      *start = (size_t)(p - sc->text);
      *end = (size_t)(q - sc->text);
      return 0;
    }
    if (is_digit(*p)) {
      while (is_digit(*p))
        p++;
    } else if (letter_len(p)) {
      int n;
      while ((n = letter_len(p)))
        p += n;
    } else {
      p++;
    }
  }
  memset(out, 0, sizeof(*out));
  return -1;
}

int date_find_order(const char *text, int64_t ref, enum date_order order,
                    struct date_result *out, size_t *start, size_t *end)
{
  struct scan sc = {text, ref, 0, 0, order, order != DATE_ORDER_UNKNOWN};

  return scan(&sc, out, start, end);
}

int date_find(const char *text, int64_t ref, struct date_result *out,
              size_t *start, size_t *end)
{
  return date_find_order(text, ref, DATE_ORDER_UNKNOWN, out, start, end);
}

/* Is there a digit next to [start, end), past blanks and punctuation? */
static int digit_beside(const char *text, size_t start, size_t end)
{
  const char *p = text + end;

  while (*p && !is_digit(*p) && !letter_len(p))
    p++;
  if (is_digit(*p))
    return 1;
  while (start > 0) {
    unsigned char c = (unsigned char)text[start - 1];
    if (is_digit(c))
      return 1;
    if (is_alpha(c) ||
        (c >= 0x80 && start >= 2 && letter_len(text + start - 2) == 2))
      return 0;
    start--;
  }
  return 0;
}

int date_parse_order(const char *text, int64_t ref, enum date_order order,
                     struct date_result *out)
{
  struct scan sc = {text, ref, 0, 1, order, order != DATE_ORDER_UNKNOWN};
  size_t start, end;
  int64_t t;
  int off;

  /* Plain ISO 8601 is common in attributes that reach here.  Its date
   * is 8 or 10 bytes; a time may follow, then an offset. */
  if (is_digit(*skip_space(text)) && time_parse_iso(text, &t, &off) == 0) {
    const char *p = skip_space(text);
    p += p[4] == '-' ? 10 : 8;
    memset(out, 0, sizeof(*out));
    out->t = t;
    out->has_time = *p && *skip_space(p);
    out->has_offset = out->has_time && strpbrk(p, "Zz+-") != NULL;
    out->offset_min = out->has_offset ? off : 0;
    return 0;
  }
  if (scan(&sc, out, &start, &end) < 0)
    return -1;
  if (digit_beside(text, start, end)) {
    memset(out, 0, sizeof(*out));
    return -1;
  }
  return 0;
}

int date_parse(const char *text, int64_t ref, struct date_result *out)
{
  return date_parse_order(text, ref, DATE_ORDER_UNKNOWN, out);
}

char *date_format(const struct date_result *r, char *buf, size_t size)
{
  int y, m, d, s;

  if (r->has_offset)
    return time_format_iso_offset(r->t, r->offset_min, buf, size);
  fields_from_time(r->t, &y, &m, &d, &s);
  if (r->has_time)
    snprintf(buf, size, "%04d-%02d-%02dT%02d:%02d:%02d", y, m, d, s / 3600,
             s / 60 % 60, s % 60);
  else
    snprintf(buf, size, "%04d-%02d-%02d", y, m, d);
  return buf;
}
