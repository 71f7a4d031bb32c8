/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * forumgen: the generated test forum and blog.  Every random choice is a
 * hash of (seed, what, a, b), never a running generator, so any page can
 * be rendered alone and comes out the same every time.
 */
#include "tests/server/forumgen.h"

#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

struct forumgen {
  struct forumgen_config cfg;
  char *base_url;
  unsigned boards;
  unsigned users;
};

enum { TOPICS_PER_BOARD_PAGE = 25, BLOG_PER_PAGE = 5, LATIN1_TOPICS = 3 };
enum { ZIP_SIZE = 1 << 20 };

/* What a hash is for, so that different choices do not correlate. */
enum salt {
  S_POSTS = 1,
  S_AUTHOR,
  S_WORD,
  S_LEN,
  S_QUOTE,
  S_MENTION,
  S_MINUTE,
  S_TITLE,
  S_COMMENTS,
  S_PARENT,
  S_ZIP,
  S_BRAND,
  S_DEMO_TEXT
};

/* 2024-01-01T00:00:00Z, checked with `date -u -d 2024-01-01 +%s`. */
#define FORUM_EPOCH INT64_C(1704067200)

/* ---- deterministic choices --------------------------------------------- */

/* splitmix64's finaliser: a good 64-bit mixer. */
static uint64_t mix(uint64_t x)
{
  x += UINT64_C(0x9e3779b97f4a7c15);
  x = (x ^ (x >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
  x = (x ^ (x >> 27)) * UINT64_C(0x94d049bb133111eb);
  return x ^ (x >> 31);
}

static uint64_t pick(const struct forumgen *g, enum salt s, uint64_t a,
                     uint64_t b)
{
  return mix(g->cfg.seed ^ mix((uint64_t)s ^ mix(a ^ mix(b))));
}

/* The demo community, at the end of the forum pages' helpers. */
static unsigned demo_author(const struct forumgen *g, unsigned t, unsigned k);
static int64_t demo_topic_start(const struct forumgen *g, unsigned t);
static const char *demo_name(unsigned u, char *buf, size_t size);

/* ---- vocabulary -------------------------------------------------------- */

static const char *const words_de[] = {
    "Hallo",   "zusammen",  "ich",       "habe",     "eine",    "Frage",
    "zum",     "Thema",     "Garten",    "Fahrrad",  "Kette",   "schön",
    "größer",  "Übung",     "täglich",   "wirklich", "danke",   "für",
    "die",     "Antwort",   "Erfahrung", "meiner",   "Meinung", "nach",
    "ist",     "das",       "nicht",     "so",       "einfach", "aber",
    "möglich", "Werkstatt", "Straße",    "heute",    "morgen",  "vielleicht",
    "gemacht", "Ergebnis",  "Tipp",      "Gruß",     "wieder",  "gestern"};
static const char *const words_en[] = {
    "hello",  "everyone", "I",         "have",    "a",        "question",
    "about",  "the",      "garden",    "bike",    "chain",    "nice",
    "bigger", "practice", "daily",     "really",  "thanks",   "for",
    "answer", "in",       "my",        "opinion", "this",     "is",
    "not",    "so",       "simple",    "but",     "possible", "workshop",
    "street", "today",    "maybe",     "tried",   "result",   "tip",
    "cheers", "again",    "yesterday", "works",   "broken",   "fixed"};
static const char *const user_names[] = {
    "Jürgen", "anna_k", "Bernd63", "Zoë",     "mkeller", "Sabine",
    "tom.b",  "Gülsen", "Frank",   "lena_97", "Ömer",    "Petra W.",
    "dirk",   "Marie",  "Kai",     "Renée"};
static const char *const boards_de[] = {"Allgemeines", "Technik & Werkstatt",
                                        "Garten", "Off-Topic", "Hilfe"};
static const char *const boards_en[] = {"General", "Bikes & Repairs",
                                        "Gardening", "Off topic", "Help"};
static const char *const wday_de[] = {"So", "Mo", "Di", "Mi", "Do", "Fr", "Sa"};
static const char *const wday_en[] = {"Sun", "Mon", "Tue", "Wed",
                                      "Thu", "Fri", "Sat"};
static const char *const mon_de[] = {"Jan", "Feb", "Mär", "Apr", "Mai", "Jun",
                                     "Jul", "Aug", "Sep", "Okt", "Nov", "Dez"};
static const char *const mon_de_long[] = {
    "Januar", "Februar", "März",      "April",   "Mai",      "Juni",
    "Juli",   "August",  "September", "Oktober", "November", "Dezember"};
static const char *const mon_en_long[] = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};
static const char *const mon_en[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

/* A 1x1 transparent PNG (IHDR, IDAT, IEND), built with Python's zlib and
 * struct and identified by file(1) as "PNG image data, 1 x 1, 8-bit/color
 * RGBA". */
static const unsigned char png_1x1[] = {
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d,
    0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01,
    0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4, 0x89, 0x00, 0x00, 0x00,
    0x0b, 0x49, 0x44, 0x41, 0x54, 0x78, 0xda, 0x63, 0x60, 0x00, 0x02, 0x00,
    0x00, 0x05, 0x00, 0x01, 0xe9, 0xfa, 0xdc, 0xd8, 0x00, 0x00, 0x00, 0x00,
    0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82};

static int board_is_german(unsigned b) { return b % 2 == 1; }

static unsigned topic_board(const struct forumgen *g, unsigned t)
{
  return (t - 1) % g->boards + 1;
}

static unsigned board_topics(const struct forumgen *g, unsigned b)
{
  unsigned n = g->cfg.threads;

  return n / g->boards + (b <= n % g->boards ? 1 : 0);
}

static const char *user_name(unsigned u, char *buf, size_t size)
{
  size_t n = ARRAY_SIZE(user_names);

  if (u - 1 < n)
    snprintf(buf, size, "%s", user_names[u - 1]);
  else
    snprintf(buf, size, "%s%u", user_names[(u - 1) % n],
             (unsigned)((u - 1) / n));
  return buf;
}

/* A member's name: the demo's cast, or the generic names. */
static const char *member_name(const struct forumgen *g, unsigned u, char *buf,
                               size_t size)
{
  return g->cfg.demo ? demo_name(u, buf, size) : user_name(u, buf, size);
}

static unsigned post_author(const struct forumgen *g, unsigned t, unsigned k)
{
  if (g->cfg.demo)
    return demo_author(g, t, k);
  return 1 + (unsigned)(pick(g, S_AUTHOR, t, k) % g->users);
}

static int64_t topic_start_time(const struct forumgen *g, unsigned t)
{
  if (g->cfg.demo)
    return demo_topic_start(g, t);
  return FORUM_EPOCH + (int64_t)t * 6 * 3600 +
         (int64_t)(pick(g, S_MINUTE, t, 9999) % 3600);
}

/* Post k of topic t: one hour slot per post, so times increase. */
static int64_t post_time(const struct forumgen *g, unsigned t, unsigned k)
{
  return topic_start_time(g, t) + (int64_t)(k + 1) * 3600 +
         (int64_t)(pick(g, S_MINUTE, t, k) % 3600);
}

/* ---- HTML and dates ---------------------------------------------------- */

static void add_escaped(struct strbuf *sb, const char *s)
{
  for (; *s; s++) {
    switch (*s) {
    case '&':
      strbuf_addstr(sb, "&amp;");
      break;
    case '<':
      strbuf_addstr(sb, "&lt;");
      break;
    case '>':
      strbuf_addstr(sb, "&gt;");
      break;
    case '"':
      strbuf_addstr(sb, "&quot;");
      break;
    default:
      strbuf_addch(sb, *s);
    }
  }
}

static void add_date_text(struct strbuf *sb, int64_t t, int german)
{
  time_t tt = (time_t)t;
  struct tm tm;
  int h12;

  gmtime_r(&tt, &tm);
  if (german) {
    /* phpBB's German default "D j. M Y, H:i" */
    strbuf_addf(sb, "%s %d. %s %d, %02d:%02d", wday_de[tm.tm_wday], tm.tm_mday,
                mon_de[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min);
    return;
  }
  /* phpBB's English default "D M d, Y g:i a" */
  h12 = tm.tm_hour % 12 ? tm.tm_hour % 12 : 12;
  strbuf_addf(sb, "%s %s %02d, %d %d:%02d %s", wday_en[tm.tm_wday],
              mon_en[tm.tm_mon], tm.tm_mday, tm.tm_year + 1900, h12, tm.tm_min,
              tm.tm_hour < 12 ? "am" : "pm");
}

static void add_iso(struct strbuf *sb, int64_t t)
{
  char buf[32];

  strbuf_addstr(sb, time_format_iso_offset(t, 0, buf, sizeof(buf)));
}

/* RFC 822 date for RSS, without the locale. */
static void add_rfc822(struct strbuf *sb, int64_t t)
{
  time_t tt = (time_t)t;
  struct tm tm;

  gmtime_r(&tt, &tm);
  strbuf_addf(sb, "%s, %02d %s %d %02d:%02d:%02d +0000", wday_en[tm.tm_wday],
              tm.tm_mday, mon_en[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour,
              tm.tm_min, tm.tm_sec);
}

/* n words of text for (what, a, b); the first word capitalised. */
static void add_words(const struct forumgen *g, struct strbuf *sb, int german,
                      uint64_t a, uint64_t b, unsigned n)
{
  const char *const *w = german ? words_de : words_en;
  size_t nw = german ? ARRAY_SIZE(words_de) : ARRAY_SIZE(words_en);

  for (unsigned i = 0; i < n; i++) {
    const char *word = w[pick(g, S_WORD, a * 1000003 + b, i) % nw];

    if (i)
      strbuf_addch(sb, ' ');
    if (i == 0 && word[0] >= 'a' && word[0] <= 'z') {
      strbuf_addch(sb, word[0] - 'a' + 'A');
      strbuf_addstr(sb, word + 1);
    } else {
      strbuf_addstr(sb, word);
    }
  }
}

static void demo_topic_title(const struct forumgen *g, struct strbuf *sb,
                             unsigned t);

static void add_topic_title(const struct forumgen *g, struct strbuf *sb,
                            unsigned t)
{
  if (g->cfg.demo) {
    demo_topic_title(g, sb, t);
    return;
  }
  add_words(g, sb, board_is_german(topic_board(g, t)), 777, t,
            3 + (unsigned)(pick(g, S_TITLE, t, 0) % 4));
  strbuf_addf(sb, " (%u)", t);
}

/* ---- links ------------------------------------------------------------- */

static void link_index(const struct forumgen *g, struct strbuf *sb)
{
  strbuf_addstr(sb, g->cfg.static_links ? "/index.html" : "./index.php");
}

static void link_board(const struct forumgen *g, struct strbuf *sb, unsigned b,
                       unsigned start)
{
  if (g->cfg.static_links)
    strbuf_addf(sb, "/forum/%u-%u.html", b, start);
  else if (start)
    strbuf_addf(sb, "./viewforum.php?f=%u&amp;start=%u", b, start);
  else
    strbuf_addf(sb, "./viewforum.php?f=%u", b);
}

static void link_topic(const struct forumgen *g, struct strbuf *sb, unsigned t,
                       unsigned start)
{
  if (g->cfg.static_links)
    strbuf_addf(sb, "/topic/%u-%u.html", t, start);
  else if (start)
    strbuf_addf(sb, "./viewtopic.php?t=%u&amp;start=%u", t, start);
  else
    strbuf_addf(sb, "./viewtopic.php?t=%u", t);
}

/* A post's permalink: the page that holds it, with its anchor. */
static void link_post(const struct forumgen *g, struct strbuf *sb, unsigned t,
                      unsigned k)
{
  unsigned ppp = g->cfg.posts_per_page;

  if (g->cfg.static_links) {
    link_topic(g, sb, t, k / ppp * ppp);
    strbuf_addf(sb, "#p%u", t * 1000 + k);
  } else {
    strbuf_addf(sb, "./viewtopic.php?p=%u#p%u", t * 1000 + k, t * 1000 + k);
  }
}

static void link_member(const struct forumgen *g, struct strbuf *sb, unsigned u)
{
  if (g->cfg.static_links)
    strbuf_addf(sb, "/member/%u.html", u);
  else
    strbuf_addf(sb, "./memberlist.php?mode=viewprofile&amp;u=%u", u);
}

static void add_user_link(const struct forumgen *g, struct strbuf *sb,
                          unsigned u)
{
  char name[64];

  strbuf_addstr(sb, "<a href=\"");
  link_member(g, sb, u);
  strbuf_addstr(sb, "\" class=\"username\">");
  add_escaped(sb, member_name(g, u, name, sizeof(name)));
  strbuf_addstr(sb, "</a>");
}

/* ---- the demo community ------------------------------------------------ */

/*
 * With cfg.demo the forum is the support community of a bike maker,
 * "Acme": boards of four kinds (products, complaints and support, how-tos,
 * off topic) in German and English, posts made of sentences from
 * templates of the board's kind, and a planted cast:
 *
 *   u = 1      AcmeSupport, the brand's account: answers about 60 % of
 *              the support threads (with an @mention of the customer)
 *   u = 2      TurboTom, the loud one: starts about a quarter of the
 *              threads outside support, pushes his own threads and
 *              chimes in elsewhere; nobody quotes or mentions him
 *   u = 3..6   Katrin_M, DaveOwens, Jürgen64, emma_w: the opinion
 *              leaders (German odd, English even), in about 30 % of the
 *              replies, quoted or mentioned by most who refer to anyone
 *   u >= 7     ordinary members, German when u is odd
 *
 * Threads start between 2022-01-01 and the end of 2024; complaint threads
 * grow denser with time and off-topic threads thinner.
 */

enum demo_kind { K_PRODUCTS, K_SUPPORT, K_HOWTO, K_OFFTOPIC, K_COUNT };
enum {
  DEMO_BRAND = 1,
  DEMO_DECOY = 2,
  DEMO_LEADER = 3, /* the first of four */
  DEMO_MEMBER = 7, /* the first ordinary member */
  DEMO_BOARDS = 2 * K_COUNT
};

/* 2022-01-01T00:00:00Z, by `date -u -d 2022-01-01 +%s`; three years. */
#define DEMO_EPOCH INT64_C(1640995200)
#define DEMO_SPAN (INT64_C(3) * 365 * 86400 - 4 * 86400)

static const char *const demo_cast[] = {"AcmeSupport", "TurboTom", "Katrin_M",
                                        "DaveOwens",   "Jürgen64", "emma_w"};
static const char *const demo_members_de[] = {
    "anna_k",  "Bernd63", "mkeller",  "Sabine", "Gülsen",   "Frank_R",
    "lena_97", "Ömer",    "PetraW",   "dirk_h", "Marie",    "Kai_L",
    "Uwe_S",   "Hannah",  "Stefan",   "Birgit", "Thorsten", "Jana_L",
    "Klaus",   "Nadine",  "Matthias", "Ute_B",  "Fritz",    "Svenja"};
static const char *const demo_members_en[] = {
    "mike_t",  "Sarah",  "joe_b", "Rachel",   "Tom_H", "Priya",
    "chris88", "Megan",  "Liam",  "olivia_r", "Ben",   "Chloe",
    "Gareth",  "Nina_P", "Ryan",  "Zoe_M",    "Owen",  "Lucy",
    "Dan_W",   "Kate_W", "Sam",   "Holly",    "Jack",  "Amy_B"};
static const char *const demo_boards_de[] = {
    "Produkte & Neuheiten", "Reklamationen & Support", "Anleitungen & Tipps",
    "Plauderecke"};
static const char *const demo_boards_en[] = {
    "Products & News", "Complaints & Support", "How-tos & Tips", "Off topic"};

/*
 * Sentences of one kind in one language: templates whose {a}, {b}, {c}
 * are filled from the three slot lists ({A}: capitalised).
 */
struct demo_vocab {
  const char *const *text, *const *title, *const *slot[3];
  size_t ntext, ntitle, nslot[3];
};

#define VOCAB(text, title, a, b, c)                                            \
  {                                                                            \
    text, title, {a, b, c}, ARRAY_SIZE(text), ARRAY_SIZE(title),               \
    {                                                                          \
      ARRAY_SIZE(a), ARRAY_SIZE(b), ARRAY_SIZE(c)                              \
    }                                                                          \
  }

static const char *const products_de[] = {
    "Ich fahre das {a} seit ein paar Monaten und {b} ist {c}.",
    "Hat jemand das {a} mit dem Vorjahresmodell verglichen? {B} wirkt {c}.",
    "Heute wurde das neue {a} vorgestellt, {b} sieht {c} aus.",
    "Für den Arbeitsweg ist das {a} super, nur {b} könnte besser sein.",
    "Bei meiner Probefahrt mit dem {a} war {b} wirklich {c}.",
    "Im Test der Fachzeitschrift schneidet das {a} gut ab, {b} gilt als {c}."};
static const char *const products_title_de[] = {
    "Erste Eindrücke vom {a}", "{a}: wie ist {b}?",
    "Das {a} nach sechs Monaten", "Neues Modell: {a}"};
static const char *const products_a[] = {"Acme Volt", "Acme Trail 500",
                                         "Acme City 3", "Acme Cargo"};
static const char *const products_b_de[] = {"die Akkureichweite", "der Motor",
                                            "das Display", "der Rahmen",
                                            "die Nabenschaltung"};
static const char *const products_c_de[] = {
    "beeindruckend", "solide", "besser als erwartet", "etwas enttäuschend",
    "hervorragend"};
static const char *const products_en[] = {
    "I have been riding the {a} for a few months and the {b} is {c}.",
    "Has anyone compared the {a} with last year's model? The {b} is {c}.",
    "The new {a} was announced today, and the {b} looks {c}.",
    "For commuting the {a} is great, although the {b} could be improved.",
    "On my test ride the {b} of the {a} felt {c}.",
    "The magazine review of the {a} calls the {b} {c}."};
static const char *const products_title_en[] = {
    "First impressions of the {a}", "{a}: how is the {b}?",
    "The {a} after six months", "New model: {a}"};
static const char *const products_b_en[] = {"battery range", "motor", "display",
                                            "frame", "gear hub"};
static const char *const products_c_en[] = {"impressive", "solid",
                                            "better than expected",
                                            "a bit disappointing", "excellent"};

static const char *const support_de[] = {
    "Ich bin wirklich verärgert: {a} {b}.",
    "Ich habe den Kundenservice vor {c} kontaktiert und {a} {b}.",
    "Weiß jemand, wie man die Support-Hotline erreicht? {A} {b}.",
    "Meine dritte Reklamation: {a} {b}, niemand beantwortet meine E-Mails.",
    "Nach {c} Wartezeit will ich mein Geld zurück, denn {a} {b}.",
    "Bei mir genauso, {a} {b} und der Kundenservice meldet sich nicht."};
static const char *const support_title_de[] = {
    "Reklamation: {a} {b}", "Immer noch keine Antwort nach {c}",
    "Ärger mit dem Kundenservice", "Erstattung verweigert?"};
static const char *const support_a_de[] = {
    "meine Bestellung", "der Ersatzakku", "meine Rückerstattung",
    "die Lieferung", "meine Garantieanfrage"};
static const char *const support_b_de[] = {
    "ist immer noch nicht angekommen", "kam beschädigt an",
    "wurde doppelt abgebucht", "wird seit Wochen ignoriert",
    "ist verloren gegangen"};
static const char *const support_c_de[] = {"drei Wochen", "zwei Monaten",
                                           "zehn Tagen", "einem Monat"};
static const char *const support_en[] = {
    "I am really annoyed: {a} {b}.",
    "I contacted customer service {c} ago and {a} {b}.",
    "Does anyone know how to reach the support hotline? {A} {b}.",
    "This is my third complaint, {a} {b} and nobody answers my emails.",
    "After {c} of waiting I want a refund, because {a} {b}.",
    "Same here, {a} {b} and customer service does not reply."};
static const char *const support_title_en[] = {
    "Complaint: {a} {b}", "Still no answer after {c}",
    "Trouble with customer service", "Refund refused?"};
static const char *const support_a_en[] = {
    "my order", "the replacement battery", "my refund", "the delivery",
    "my warranty claim"};
static const char *const support_b_en[] = {
    "still has not arrived", "arrived damaged", "was charged twice",
    "has been ignored for weeks", "got lost"};
static const char *const support_c_en[] = {"three weeks", "two months",
                                           "ten days", "a month"};

static const char *const howto_de[] = {
    "Schritt für Schritt: Um {a} einzustellen, brauchst du {b} und solltest "
    "{c}.",
    "Ein kurzer Tipp für {a}: Nimm {b} und dann {c}.",
    "Ich habe eine kurze Anleitung geschrieben, wie man {a} wechselt; du "
    "brauchst nur {b}.",
    "Wichtig bei der Wartung: {C}.",
    "Du kannst {a} selbst prüfen, dafür brauchst du nur {b}.",
    "In der Werkstatt haben sie mir gezeigt, wie man {a} richtig justiert."};
static const char *const howto_title_de[] = {
    "Anleitung: {a} einstellen", "Tipp: {a} selbst wechseln",
    "So prüft man {a}", "Wartung mit {b}"};
static const char *const howto_a_de[] = {"die Kette",       "die Bremsbeläge",
                                         "das Schaltwerk",  "den Steuersatz",
                                         "den Reifendruck", "die Sattelhöhe"};
static const char *const howto_b_de[] = {
    "einen Inbusschlüssel", "einen Drehmomentschlüssel", "eine Kettenlehre",
    "eine Standpumpe", "einen Torx-Schlüssel"};
static const char *const howto_c_de[] = {
    "vorher alles mit Entfetter reinigen", "die Schrauben mit 6 Nm anziehen",
    "die Ausrichtung zweimal prüfen", "etwas Fett auftragen",
    "danach langsam Probe fahren"};
static const char *const howto_en[] = {
    "Step by step: to adjust {a} you need {b}, and {c}.",
    "Here is a quick tip for {a}: use {b} and {c}.",
    "I wrote a short guide on replacing {a}; {b} is all you need.",
    "Important when servicing: {c}.",
    "You can check {a} yourself with {b}.",
    "The workshop showed me how to align {a} properly."};
static const char *const howto_title_en[] = {
    "How to adjust {a}", "Guide: replacing {a}", "Checking {a} at home",
    "Servicing with {b}"};
static const char *const howto_a_en[] = {
    "the chain",   "the brake pads",    "the derailleur",
    "the headset", "the tyre pressure", "the saddle height"};
static const char *const howto_b_en[] = {"a hex key", "a torque wrench",
                                         "a chain checker", "a track pump",
                                         "a Torx key"};
static const char *const howto_c_en[] = {
    "clean everything with degreaser first", "tighten the bolts to 6 Nm",
    "check the alignment twice", "apply a little grease",
    "test ride slowly afterwards"};

static const char *const offtopic_de[] = {
    "Hat noch jemand {a} am Sonntag gesehen? Das Wetter war {b}.",
    "Etwas off-topic, aber kann jemand {c} fürs Wochenende empfehlen?",
    "Wir waren am Wochenende unterwegs, es war {b}, aber {a} hat trotzdem "
    "Spaß gemacht.",
    "Schöne neue Woche allerseits, ich habe endlich {c} gefunden, absolut "
    "empfehlenswert.",
    "Wer geht dieses Jahr auf {a}? Hoffentlich wird es nicht {b}.",
    "Nach dem Urlaub erst mal Kaffee, und dann suche ich {c} für die Ferien."};
static const char *const offtopic_title_de[] = {
    "Wer geht auf {a}?", "Pläne fürs Wochenende", "Empfehlung gesucht: {c}",
    "Urlaub und Wetter"};
static const char *const offtopic_a_de[] = {
    "das Fußballspiel", "das Grillfest", "das Stadtfest", "das Konzert im Park",
    "das Sommerfest"};
static const char *const offtopic_b_de[] = {"sonnig", "verregnet", "eiskalt",
                                            "viel zu heiß"};
static const char *const offtopic_c_de[] = {
    "einen guten Film", "ein neues Rezept", "einen schönen Wanderweg",
    "ein Brettspiel", "einen Podcast"};
static const char *const offtopic_en[] = {
    "Did anyone else watch {a} on Sunday? The weather was {b}.",
    "Off topic, but can anyone recommend {c} for the weekend?",
    "We were out at the weekend, it was {b}, but {a} was great fun anyway.",
    "Happy new week everyone, I finally found {c} I can recommend.",
    "Who is going to {a} this year? I hope it will not be {b}.",
    "Coffee first after the holiday, then I am looking for {c} for the kids."};
static const char *const offtopic_title_en[] = {
    "Anyone going to {a}?", "Weekend plans", "Looking for {c}",
    "Holidays and weather"};
static const char *const offtopic_a_en[] = {
    "the football match", "the barbecue", "the street festival",
    "the concert in the park", "the summer fair"};
static const char *const offtopic_b_en[] = {"sunny", "rainy", "freezing",
                                            "far too hot"};
static const char *const offtopic_c_en[] = {"a good film", "a new recipe",
                                            "a nice hiking trail",
                                            "a board game", "a podcast"};

/* [kind][0 German, 1 English] */
static const struct demo_vocab demo_vocab[K_COUNT][2] = {
    {VOCAB(products_de, products_title_de, products_a, products_b_de,
           products_c_de),
     VOCAB(products_en, products_title_en, products_a, products_b_en,
           products_c_en)},
    {VOCAB(support_de, support_title_de, support_a_de, support_b_de,
           support_c_de),
     VOCAB(support_en, support_title_en, support_a_en, support_b_en,
           support_c_en)},
    {VOCAB(howto_de, howto_title_de, howto_a_de, howto_b_de, howto_c_de),
     VOCAB(howto_en, howto_title_en, howto_a_en, howto_b_en, howto_c_en)},
    {VOCAB(offtopic_de, offtopic_title_de, offtopic_a_de, offtopic_b_de,
           offtopic_c_de),
     VOCAB(offtopic_en, offtopic_title_en, offtopic_a_en, offtopic_b_en,
           offtopic_c_en)}};

/* What the brand and the loud one say besides the topic's sentences. */
static const char *const brand_de =
    "Hallo {n}, vielen Dank für Ihre Nachricht. Bitte senden Sie uns Ihre "
    "Bestellnummer per E-Mail, wir kümmern uns sofort darum. Viele Grüße, "
    "Ihr Acme-Support-Team.";
static const char *const brand_en =
    "Hello {n}, thank you for your message. Please send us your order "
    "number by email and we will sort it out right away. Kind regards, "
    "your Acme support team.";
static const char *const ask_brand_de = "{n}, bitte melden Sie sich bei mir!";
static const char *const ask_brand_en = "{n}, please get back to me!";
static const char *const decoy_de[] = {
    "Push! Hat denn keiner eine Meinung dazu?",
    "Hier nochmal hoch damit, das Thema ist wichtig!",
    "Erster! Ich schreibe später mehr.",
    "Schaut euch auch mein anderes Thema an, da steht alles drin."};
static const char *const decoy_en[] = {
    "Bump! Does nobody have an opinion on this?",
    "Pushing this up again, it matters!", "First! More from me later.",
    "Check out my other thread too, it has everything."};

static enum demo_kind demo_board_kind(unsigned b)
{
  return (enum demo_kind)((b - 1) / 2 % K_COUNT);
}

static enum demo_kind demo_topic_kind(const struct forumgen *g, unsigned t)
{
  return demo_board_kind(topic_board(g, t));
}

/* Ordinary members per language: more for a larger forum. */
static unsigned demo_members_per_language(const struct forumgen *g)
{
  return 12 + g->cfg.threads / 8;
}

static int demo_is_leader(unsigned u)
{
  return u >= DEMO_LEADER && u < DEMO_MEMBER;
}

/* Member u's name: the cast, then the ordinary members, numbered once
 * the names run out. */
static const char *demo_name(unsigned u, char *buf, size_t size)
{
  unsigned i = (u - DEMO_MEMBER) / 2, n = ARRAY_SIZE(demo_members_de);
  const char *const *names = u % 2 ? demo_members_de : demo_members_en;

  if (u < DEMO_MEMBER)
    snprintf(buf, size, "%s", demo_cast[u - 1]);
  else if (i < n)
    snprintf(buf, size, "%s", names[i]);
  else
    snprintf(buf, size, "%s%u", names[i % n], i / n + 1);
  return buf;
}

static unsigned demo_leader(int german, uint64_t r)
{
  return DEMO_LEADER + (german ? 0 : 1) + 2 * (unsigned)(r % 2);
}

static unsigned demo_member(const struct forumgen *g, int german, uint64_t r)
{
  return DEMO_MEMBER + (german ? 0 : 1) +
         2 * (unsigned)(r % demo_members_per_language(g));
}

static int demo_brand_answers(const struct forumgen *g, unsigned t)
{
  return pick(g, S_BRAND, t, 0) % 100 < 60;
}

/* Who writes post k of topic t (see the cast above). */
static unsigned demo_author(const struct forumgen *g, unsigned t, unsigned k)
{
  enum demo_kind kind = demo_topic_kind(g, t);
  int german = board_is_german(topic_board(g, t));
  uint64_t r = pick(g, S_AUTHOR, t, k);
  unsigned p = (unsigned)(r % 100);

  r >>= 8;
  if (k == 0) {
    if (kind != K_SUPPORT && p < 25)
      return DEMO_DECOY;
    if (kind != K_SUPPORT && p < 31)
      return demo_leader(german, r);
    return demo_member(g, german, r);
  }
  if (kind == K_SUPPORT && k == 1 && demo_brand_answers(g, t))
    return DEMO_BRAND;
  if (p < 35 && demo_author(g, t, 0) == DEMO_DECOY)
    return DEMO_DECOY;
  if (p < 8)
    return DEMO_DECOY;
  if (p < 38)
    return demo_leader(german, r);
  if (kind == K_SUPPORT && p < 44 && demo_brand_answers(g, t))
    return DEMO_BRAND;
  if (kind == K_SUPPORT && p < 54)
    return demo_author(g, t, 0);
  return demo_member(g, german, r);
}

/* Threads start over three years: complaints ever more often, off-topic
 * ever less (densities 3x^2 and 3(1 - x)^2 on the unit interval). */
static int64_t demo_topic_start(const struct forumgen *g, unsigned t)
{
  uint64_t r = pick(g, S_MINUTE, t, 9999);
  double x = (double)(r >> 11) / 9007199254740992.0; /* 2^53 */

  if (demo_topic_kind(g, t) == K_SUPPORT)
    x = cbrt(x);
  else if (demo_topic_kind(g, t) == K_OFFTOPIC)
    x = 1 - cbrt(x);
  return DEMO_EPOCH + (int64_t)(x * (double)DEMO_SPAN);
}

/* Fill a template: {a} {b} {c} from the slots by r, {n} with name,
 * {A} etc. capitalised (ASCII first letters only). */
static void demo_fill(struct strbuf *sb, const char *tmpl,
                      const struct demo_vocab *v, uint64_t r, const char *name)
{
  for (const char *s = tmpl; *s; s++) {
    char lower;
    const char *word;
    size_t from;

    if (s[0] != '{' || !s[1] || !strchr("abcnABCN", s[1]) || s[2] != '}' ||
        (!v && (s[1] | 0x20) != 'n')) {
      strbuf_addch(sb, *s);
      continue;
    }
    lower = (char)(s[1] | 0x20);
    if (lower == 'n') {
      word = name ? name : "";
    } else {
      int slot = lower - 'a';
      word = v->slot[slot][(r >> (10 * slot)) % v->nslot[slot]];
    }
    from = sb->len;
    add_escaped(sb, word);
    if (s[1] >= 'A' && s[1] <= 'Z' && sb->buf[from] >= 'a' &&
        sb->buf[from] <= 'z')
      sb->buf[from] = (char)(sb->buf[from] - 'a' + 'A');
    s += 2;
  }
}

/* One sentence of kind in the language, chosen by (a, b). */
static void demo_sentence(const struct forumgen *g, struct strbuf *sb,
                          enum demo_kind kind, int german, uint64_t a,
                          uint64_t b)
{
  const struct demo_vocab *v = &demo_vocab[kind][german ? 0 : 1];
  uint64_t r = pick(g, S_DEMO_TEXT, a, b);

  demo_fill(sb, v->text[r % v->ntext], v, r >> 8, NULL);
}

/* A title of kind in the language, chosen by a. */
static void demo_title(const struct forumgen *g, struct strbuf *sb,
                       enum demo_kind kind, int german, uint64_t a)
{
  const struct demo_vocab *v = &demo_vocab[kind][german ? 0 : 1];
  uint64_t r = pick(g, S_TITLE, a, 1);

  demo_fill(sb, v->title[r % v->ntitle], v, r >> 8, NULL);
}

static void demo_topic_title(const struct forumgen *g, struct strbuf *sb,
                             unsigned t)
{
  demo_title(g, sb, demo_topic_kind(g, t), board_is_german(topic_board(g, t)),
             t);
}

/*
 * The post k of topic t refers to: an earlier post by someone else, not
 * the loud one, by preference a leader's.  -1 for none; *quote set when
 * it is a quote rather than an @mention.
 */
static int demo_reference(const struct forumgen *g, unsigned t, unsigned k,
                          unsigned author, int *quote)
{
  uint64_t r = pick(g, S_QUOTE, t, k);
  unsigned p = (unsigned)(r % 100), any[1000], lead[1000], nany = 0, nlead = 0;

  *quote = 0;
  if (k == 0 || author == DEMO_DECOY || author == DEMO_BRAND || p >= 60)
    return -1;
  for (unsigned q = 0; q < k && q < ARRAY_SIZE(any); q++) {
    unsigned a = demo_author(g, t, q);

    if (a == DEMO_DECOY || a == author)
      continue;
    any[nany++] = q;
    if (demo_is_leader(a))
      lead[nlead++] = q;
  }
  if (!nany)
    return -1;
  *quote = p < 30;
  if (nlead && (r >> 8) % 100 < 75)
    return (int)lead[(r >> 16) % nlead];
  return (int)any[(r >> 16) % nany];
}

/* The body of post k of topic t in the demo. */
static void demo_post_body(const struct forumgen *g, struct strbuf *sb,
                           unsigned t, unsigned k, int german)
{
  enum demo_kind kind = demo_topic_kind(g, t);
  unsigned author = demo_author(g, t, k);
  unsigned n = 3 + (unsigned)(pick(g, S_LEN, t, k) % 2);
  int quote, q = demo_reference(g, t, k, author, &quote);
  char name[64];

  if (q >= 0 && quote) {
    demo_name(demo_author(g, t, (unsigned)q), name, sizeof(name));
    strbuf_addstr(sb, "<blockquote cite=\"");
    link_post(g, sb, t, (unsigned)q);
    strbuf_addstr(sb, "\"><div><cite>");
    if (german) {
      strbuf_addstr(sb, "Zitat von ");
      add_escaped(sb, name);
    } else {
      add_escaped(sb, name);
      strbuf_addstr(sb, " wrote:");
    }
    strbuf_addstr(sb, "</cite>");
    demo_sentence(g, sb, kind, german, t, (uint64_t)q * 8);
    strbuf_addstr(sb, "</div></blockquote>\n");
  } else if (q >= 0) {
    strbuf_addch(sb, '@');
    add_escaped(sb,
                demo_name(demo_author(g, t, (unsigned)q), name, sizeof(name)));
    strbuf_addch(sb, ' ');
  }
  if (author == DEMO_BRAND) {
    demo_name(demo_author(g, t, 0), name, sizeof(name));
    strbuf_addch(sb, '@');
    add_escaped(sb, name);
    strbuf_addch(sb, ' ');
    demo_fill(sb, german ? brand_de : brand_en, NULL, 0, name);
    strbuf_addstr(sb, "\n");
    return;
  }
  for (unsigned i = 0; i < n; i++) {
    if (i)
      strbuf_addstr(sb, i == 1 ? " " : "<br>\n");
    demo_sentence(g, sb, kind, german, t, (uint64_t)k * 8 + i);
  }
  if (author == DEMO_DECOY) {
    const char *const *d = german ? decoy_de : decoy_en;

    strbuf_addch(sb, ' ');
    add_escaped(sb, d[pick(g, S_LEN, k, t) % ARRAY_SIZE(decoy_de)]);
  }
  /* A customer calls on the brand by name (not an @mention): whether
   * the brand answers shows in the report's "asked and not answered". */
  if (kind == K_SUPPORT && k == 0) {
    strbuf_addch(sb, ' ');
    demo_fill(sb, german ? ask_brand_de : ask_brand_en, NULL, 0,
              demo_name(DEMO_BRAND, name, sizeof(name)));
  }
  strbuf_addstr(sb, "\n");
}

/* ---- forum pages ------------------------------------------------------- */

/* Board b's name, without the number that tells repeated names apart. */
static const char *board_label(const struct forumgen *g, unsigned b)
{
  int german = board_is_german(b);

  if (g->cfg.demo)
    return german ? demo_boards_de[demo_board_kind(b)]
                  : demo_boards_en[demo_board_kind(b)];
  return german ? boards_de[(b - 1) % ARRAY_SIZE(boards_de)]
                : boards_en[(b - 1) % ARRAY_SIZE(boards_en)];
}

static void forum_head(struct strbuf *sb, int german)
{
  strbuf_addf(sb,
              "<!DOCTYPE html>\n<html dir=\"ltr\" lang=\"%s\">\n<head>\n"
              "<meta charset=\"utf-8\">\n"
              "<link rel=\"alternate\" type=\"application/rss+xml\" "
              "title=\"Feed - Testforum\" href=\"/rss.xml\">\n",
              german ? "de" : "en-gb");
}

/* The top of <body>: breadcrumbs and the login and search links. */
static void forum_navbar(const struct forumgen *g, struct strbuf *sb,
                         const char *section, unsigned board)
{
  strbuf_addf(sb,
              "</head>\n<body id=\"phpbb\" class=\"section-%s ltr\">\n"
              "<div id=\"wrap\" class=\"wrap\">\n<div class=\"navbar\">\n"
              "<ul class=\"nav-breadcrumbs\"><li class=\"breadcrumbs\">"
              "<span class=\"crumb\"><a href=\"",
              section);
  link_index(g, sb);
  strbuf_addstr(sb, "\">Foren-Übersicht</a></span>");
  if (board) {
    strbuf_addstr(sb, "<span class=\"crumb\"><a href=\"");
    link_board(g, sb, board, 0);
    strbuf_addstr(sb, "\">");
    add_escaped(sb, board_label(g, board));
    strbuf_addstr(sb, "</a></span>");
  }
  strbuf_addstr(sb, "</li></ul>\n");
  if (!g->cfg.static_links)
    strbuf_addf(sb,
                "<ul class=\"nav-main\"><li><a href=\"./ucp.php?mode=login"
                "&amp;sid=%016llx\">Anmelden</a></li>"
                "<li><a href=\"./search.php\">Suche</a></li>"
                "<li><a href=\"./memberlist.php\">Mitglieder</a></li></ul>\n",
                (unsigned long long)pick(g, S_WORD, 4242, board));
  strbuf_addstr(sb, "</div>\n<div id=\"page-body\" class=\"page-body\">\n");
}

static void forum_foot(struct strbuf *sb)
{
  strbuf_addstr(sb, "</div>\n<div class=\"page-footer\">"
                    "<p>Alle Zeiten sind <span title=\"UTC\">UTC</span></p>"
                    "</div>\n</div>\n</body>\n</html>\n");
}

static void add_board_name(const struct forumgen *g, struct strbuf *sb,
                           unsigned b)
{
  add_escaped(sb, board_label(g, b));
  if (b > ARRAY_SIZE(boards_de) && !g->cfg.demo)
    strbuf_addf(sb, " %u", b);
}

static void render_index(const struct forumgen *g, struct strbuf *sb)
{
  forum_head(sb, 1);
  strbuf_addstr(sb, "<title>Testforum - Foren-Übersicht</title>\n");
  forum_navbar(g, sb, "index", 0);
  strbuf_addstr(sb, "<ul class=\"topiclist forums\">\n");
  for (unsigned b = 1; b <= g->boards; b++) {
    strbuf_addstr(sb, "<li class=\"row\"><dl><dt><a href=\"");
    link_board(g, sb, b, 0);
    strbuf_addstr(sb, "\" class=\"forumtitle\">");
    add_board_name(g, sb, b);
    strbuf_addf(sb, "</a></dt><dd class=\"topics\">%u</dd></dl></li>\n",
                board_topics(g, b));
  }
  if (g->cfg.demo)
    strbuf_addstr(sb, "</ul>\n<p class=\"links\"><a href=\"/blog/\">Blog</a>"
                      "</p>\n");
  else
    strbuf_addstr(sb, "</ul>\n<p class=\"links\"><a href=\"/blog/\">Blog</a> "
                      "<a href=\"/latin1/\">Archiv (alt)</a></p>\n");
  forum_foot(sb);
}

static void render_board(const struct forumgen *g, struct strbuf *sb,
                         unsigned b, unsigned start)
{
  int german = board_is_german(b);
  unsigned n = board_topics(g, b);
  unsigned pages =
      n ? (n + TOPICS_PER_BOARD_PAGE - 1) / TOPICS_PER_BOARD_PAGE : 1;
  unsigned page = start / TOPICS_PER_BOARD_PAGE + 1;

  forum_head(sb, german);
  strbuf_addstr(sb, "<title>");
  add_board_name(g, sb, b);
  strbuf_addstr(sb, " - Testforum</title>\n");
  if (page < pages) {
    strbuf_addstr(sb, "<link rel=\"next\" href=\"");
    link_board(g, sb, b, start + TOPICS_PER_BOARD_PAGE);
    strbuf_addstr(sb, "\">\n");
  }
  forum_navbar(g, sb, "viewforum", b);
  strbuf_addstr(sb, "<h2 class=\"forum-title\">");
  add_board_name(g, sb, b);
  strbuf_addf(sb,
              "</h2>\n<div class=\"pagination\">%u %s &bull; "
              "<span class=\"pagination-text\">%s %u %s %u</span></div>\n"
              "<ul class=\"topiclist topics\">\n",
              n, german ? "Themen" : "topics", german ? "Seite" : "Page", page,
              german ? "von" : "of", pages);
  for (unsigned i = start; i < n && i < start + TOPICS_PER_BOARD_PAGE; i++) {
    unsigned t = b + i * g->boards;
    unsigned np = forumgen_topic_posts(g, t);

    strbuf_addstr(sb, "<li class=\"row\"><dl><dt><a href=\"");
    link_topic(g, sb, t, 0);
    strbuf_addstr(sb, "\" class=\"topictitle\">");
    add_topic_title(g, sb, t);
    strbuf_addstr(sb, "</a> <span class=\"by\">");
    add_user_link(g, sb, post_author(g, t, 0));
    strbuf_addf(sb, "</span></dt><dd class=\"posts\">%u</dd></dl></li>\n",
                np - 1);
  }
  strbuf_addstr(sb, "</ul>\n");
  if (page < pages) {
    strbuf_addstr(sb, "<a class=\"button\" rel=\"next\" href=\"");
    link_board(g, sb, b, start + TOPICS_PER_BOARD_PAGE);
    strbuf_addf(sb, "\">%s</a>\n", german ? "Vor" : "Next");
  }
  forum_foot(sb);
}

/* The body of post k of topic t: maybe a quote of an earlier post, maybe
 * an @mention, then a few sentences. */
static void add_post_body(const struct forumgen *g, struct strbuf *sb,
                          unsigned t, unsigned k, int german)
{
  uint64_t r = pick(g, S_QUOTE, t, k);
  char name[64];

  if (g->cfg.demo) {
    demo_post_body(g, sb, t, k, german);
    return;
  }
  if (k > 0 && r % 4 == 0) {
    unsigned q = (unsigned)((r >> 8) % k);
    unsigned qa = post_author(g, t, q);

    strbuf_addstr(sb, "<blockquote cite=\"");
    link_post(g, sb, t, q);
    strbuf_addstr(sb, "\"><div><cite>");
    if (german) {
      strbuf_addstr(sb, "Zitat von ");
      add_escaped(sb, member_name(g, qa, name, sizeof(name)));
    } else {
      add_escaped(sb, member_name(g, qa, name, sizeof(name)));
      strbuf_addstr(sb, " wrote:");
    }
    strbuf_addstr(sb, "</cite>");
    add_words(g, sb, german, t, q, 6);
    strbuf_addstr(sb, " …</div></blockquote>\n");
  }
  r = pick(g, S_MENTION, t, k);
  if (k > 0 && r % 3 == 0) {
    strbuf_addstr(sb, "@");
    add_escaped(sb, user_name(post_author(g, t, (unsigned)((r >> 8) % k)), name,
                              sizeof(name)));
    strbuf_addstr(sb, " ");
  }
  add_words(g, sb, german, t, k, 6 + (unsigned)(pick(g, S_LEN, t, k) % 30));
  strbuf_addstr(sb, ".<br>\n");
  add_words(g, sb, german, t, k + 500,
            4 + (unsigned)(pick(g, S_LEN, k, t) % 12));
  strbuf_addstr(sb, ".\n");
}

/* The pagination block of a topic page: count, "Seite K von M", links. */
static void add_topic_pagination(const struct forumgen *g, struct strbuf *sb,
                                 unsigned t, unsigned page, unsigned pages,
                                 unsigned posts, int german)
{
  unsigned ppp = g->cfg.posts_per_page;

  strbuf_addf(sb,
              "<div class=\"pagination\">%u %s &bull; "
              "<span class=\"pagination-text\">%s %u %s %u</span>\n<ul>",
              posts,
              german ? (posts == 1 ? "Beitrag" : "Beiträge")
                     : (posts == 1 ? "post" : "posts"),
              german ? "Seite" : "Page", page, german ? "von" : "of", pages);
  if (page > 1) {
    strbuf_addstr(sb, "<li class=\"arrow previous\"><a class=\"button\" "
                      "rel=\"prev\" href=\"");
    link_topic(g, sb, t, (page - 2) * ppp);
    strbuf_addf(sb, "\">%s</a></li>", german ? "Zurück" : "Previous");
  }
  for (unsigned p = 1; p <= pages; p++) {
    if (p == page) {
      strbuf_addf(sb, "<li class=\"active\"><span>%u</span></li>", p);
      continue;
    }
    strbuf_addstr(sb, "<li><a class=\"button\" href=\"");
    link_topic(g, sb, t, (p - 1) * ppp);
    strbuf_addf(sb, "\">%u</a></li>", p);
  }
  if (page < pages) {
    strbuf_addstr(sb, "<li class=\"arrow next\"><a class=\"button\" "
                      "rel=\"next\" href=\"");
    link_topic(g, sb, t, page * ppp);
    strbuf_addf(sb, "\">%s</a></li>", german ? "Vor" : "Next");
  }
  strbuf_addstr(sb, "</ul></div>\n");
}

static void add_post(const struct forumgen *g, struct strbuf *sb, unsigned t,
                     unsigned k, int german)
{
  unsigned id = t * 1000 + k;
  unsigned u = post_author(g, t, k);
  int64_t when = post_time(g, t, k);

  strbuf_addf(sb,
              "<div id=\"p%u\" class=\"post has-profile %s\">\n"
              "<div class=\"inner\">\n<dl class=\"postprofile\" "
              "id=\"profile%u\"><dt>",
              id, k % 2 ? "bg1" : "bg2", id);
  add_user_link(g, sb, u);
  strbuf_addf(sb,
              "</dt></dl>\n<div class=\"postbody\">\n"
              "<div id=\"post_content%u\">\n<h3%s><a href=\"",
              id, k == 0 ? " class=\"first\"" : "");
  link_post(g, sb, t, k);
  strbuf_addstr(sb, k ? "\">Re: " : "\">");
  add_topic_title(g, sb, t);
  strbuf_addstr(sb, "</a></h3>\n<p class=\"author\"><a href=\"");
  link_post(g, sb, t, k);
  strbuf_addf(sb, "\" title=\"%s\">#%u</a> %s <strong>",
              german ? "Beitrag" : "Post", k + 1, german ? "von" : "by");
  add_user_link(g, sb, u);
  strbuf_addstr(sb, "</strong> &raquo; ");
  /* Every third post shows only the displayed date, as older phpBB did. */
  if (k % 3 == 2) {
    add_date_text(sb, when, german);
  } else {
    strbuf_addstr(sb, "<time datetime=\"");
    add_iso(sb, when);
    strbuf_addstr(sb, "\">");
    add_date_text(sb, when, german);
    strbuf_addstr(sb, "</time>");
  }
  strbuf_addstr(sb, "</p>\n<div class=\"content\">");
  add_post_body(g, sb, t, k, german);
  if (!g->cfg.demo && pick(g, S_LEN, t, k + 7777) % 16 == 0)
    strbuf_addstr(sb, "<dl class=\"attachbox\"><dd><a class=\"postlink\" "
                      "href=\"/files/big.zip\">big.zip</a> "
                      "<img src=\"/images/x.png\" alt=\"\"></dd></dl>\n");
  strbuf_addstr(sb, "</div>\n");
  if (!g->cfg.static_links)
    strbuf_addf(sb,
                "<ul class=\"post-buttons\"><li><a href=\"./posting.php?"
                "mode=quote&amp;p=%u\" class=\"button\">%s</a></li></ul>\n",
                id, german ? "Zitat" : "Quote");
  strbuf_addstr(sb, "</div>\n</div>\n</div>\n</div>\n<hr class=\"divider\">\n");
}

static void render_topic(const struct forumgen *g, struct strbuf *sb,
                         unsigned t, unsigned start)
{
  unsigned b = topic_board(g, t);
  int german = board_is_german(b);
  unsigned posts = forumgen_topic_posts(g, t);
  unsigned ppp = g->cfg.posts_per_page;
  unsigned pages = (posts + ppp - 1) / ppp;
  unsigned page = start / ppp + 1;

  start = (page - 1) * ppp;
  forum_head(sb, german);
  strbuf_addstr(sb, "<title>");
  add_topic_title(g, sb, t);
  if (page > 1)
    strbuf_addf(sb, " - %s %u", german ? "Seite" : "Page", page);
  strbuf_addstr(sb, " - Testforum</title>\n<link rel=\"canonical\" href=\"");
  link_topic(g, sb, t, start);
  strbuf_addstr(sb, "\">\n");
  forum_navbar(g, sb, "viewtopic", b);
  strbuf_addstr(sb, "<h2 class=\"topic-title\"><a href=\"");
  link_topic(g, sb, t, 0);
  strbuf_addstr(sb, "\">");
  add_topic_title(g, sb, t);
  strbuf_addstr(sb, "</a></h2>\n<div class=\"action-bar bar-top\">\n");
  if (!g->cfg.static_links)
    strbuf_addf(sb,
                "<a href=\"./posting.php?mode=reply&amp;t=%u\" "
                "class=\"button\">%s</a>\n<a href=\"./viewtopic.php?t=%u"
                "&amp;view=print\" title=\"Druckansicht\">Druckansicht</a>\n"
                "<a href=\"./viewtopic.php?t=%u&amp;sk=t&amp;sd=d\">"
                "Sortieren</a>\n",
                t, german ? "Antworten" : "Post Reply", t, t);
  add_topic_pagination(g, sb, t, page, pages, posts, german);
  strbuf_addstr(sb, "</div>\n");
  for (unsigned k = start; k < posts && k < start + ppp; k++)
    add_post(g, sb, t, k, german);
  strbuf_addstr(sb, "<div class=\"action-bar bar-bottom\">\n");
  add_topic_pagination(g, sb, t, page, pages, posts, german);
  strbuf_addstr(sb, "</div>\n");
  forum_foot(sb);
}

static void render_member(const struct forumgen *g, struct strbuf *sb,
                          unsigned u)
{
  char name[64];

  forum_head(sb, 1);
  strbuf_addstr(sb, "<title>Profil von ");
  add_escaped(sb, member_name(g, u, name, sizeof(name)));
  strbuf_addstr(sb, " - Testforum</title>\n");
  forum_navbar(g, sb, "memberlist", 0);
  strbuf_addstr(sb, "<h2 class=\"memberlist-title\">Profil von ");
  add_escaped(sb, member_name(g, u, name, sizeof(name)));
  strbuf_addf(sb,
              "</h2>\n<dl class=\"details\"><dt>Registriert:</dt>"
              "<dd>%s</dd></dl>\n",
              "Mo 1. Jan 2024, 00:00");
  forum_foot(sb);
}

/* Login, search and posting pages: forms, no content. */
static void render_form(const struct forumgen *g, struct strbuf *sb,
                        const char *section, const char *title)
{
  forum_head(sb, 1);
  strbuf_addf(sb, "<title>%s - Testforum</title>\n", title);
  forum_navbar(g, sb, section, 0);
  strbuf_addf(sb,
              "<h2>%s</h2>\n<form method=\"post\" action=\"./%s.php\">"
              "<input type=\"text\" name=\"username\"></form>\n",
              title, section);
  forum_foot(sb);
}

/* ---- feeds, sitemap, robots -------------------------------------------- */

static void render_robots(const struct forumgen *g, struct strbuf *sb)
{
  strbuf_addf(sb,
              "# robots.txt for the netno test forum\n"
              "User-agent: *\nDisallow: /ucp.php\nDisallow: /search.php\n\n"
              "Sitemap: %s/sitemap.xml\n",
              g->base_url);
}

/* A topic's first-page URL, absolute, XML-escaped. */
static void add_abs_topic(const struct forumgen *g, struct strbuf *sb,
                          unsigned t)
{
  strbuf_addstr(sb, g->base_url);
  if (g->cfg.static_links)
    strbuf_addf(sb, "/topic/%u-0.html", t);
  else
    strbuf_addf(sb, "/viewtopic.php?t=%u", t);
}

static void render_sitemap(const struct forumgen *g, struct strbuf *sb)
{
  strbuf_addstr(sb, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset "
                    "xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
  for (unsigned t = 1; t <= g->cfg.threads; t++) {
    strbuf_addstr(sb, "<url><loc>");
    add_abs_topic(g, sb, t);
    strbuf_addstr(sb, "</loc><lastmod>");
    add_iso(sb, post_time(g, t, forumgen_topic_posts(g, t) - 1));
    strbuf_addstr(sb, "</lastmod></url>\n");
  }
  strbuf_addstr(sb, "</urlset>\n");
}

/* RSS 2.0 with the 20 newest topics. */
static void render_rss(const struct forumgen *g, struct strbuf *sb)
{
  unsigned n = g->cfg.threads;

  strbuf_addf(sb,
              "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
              "<rss version=\"2.0\"><channel>\n<title>Testforum</title>\n"
              "<link>%s/</link>\n<description>Neue Themen</description>\n",
              g->base_url);
  for (unsigned t = n; t >= 1 && t + 20 > n; t--) {
    strbuf_addstr(sb, "<item><title>");
    add_topic_title(g, sb, t);
    strbuf_addstr(sb, "</title><link>");
    add_abs_topic(g, sb, t);
    strbuf_addstr(sb, "</link><guid>");
    add_abs_topic(g, sb, t);
    strbuf_addstr(sb, "</guid><pubDate>");
    add_rfc822(sb, post_time(g, t, 0));
    strbuf_addstr(sb, "</pubDate></item>\n");
  }
  strbuf_addstr(sb, "</channel></rss>\n");
}

/* ---- blog -------------------------------------------------------------- */

static int64_t blog_time(const struct forumgen *g, unsigned n)
{
  /* the demo's blog: spread over its three years, at 09:00 */
  if (g->cfg.demo)
    return DEMO_EPOCH +
           (n - 1) * DEMO_SPAN / g->cfg.blog_posts / 86400 * 86400 + 9 * 3600;
  /* 2024-03-01T09:00:00Z (1709283600, by `date -u -d`), every two days. */
  return INT64_C(1709283600) + (int64_t)(n - 1) * 2 * 86400;
}

/* The blog is German; the demo's alternates, German first. */
static int blog_is_german(const struct forumgen *g, unsigned n)
{
  return !g->cfg.demo || n % 2 == 1;
}

/* The demo blog writes about products, every third post a how-to. */
static enum demo_kind blog_kind(unsigned n)
{
  return n % 3 == 0 ? K_HOWTO : K_PRODUCTS;
}

static void add_blog_title(const struct forumgen *g, struct strbuf *sb,
                           unsigned n)
{
  if (g->cfg.demo)
    demo_title(g, sb, blog_kind(n), blog_is_german(g, n), 70000 + n);
  else
    add_words(g, sb, 1, 31337, n, 4);
}

/* Paragraph para of blog post n: words of filler, or demo sentences. */
static void add_blog_text(const struct forumgen *g, struct strbuf *sb,
                          unsigned n, unsigned para, unsigned words)
{
  if (!g->cfg.demo) {
    add_words(g, sb, 1, 4711 + para, n, words);
    return;
  }
  for (unsigned i = 0; i < 1 + para; i++) {
    if (i)
      strbuf_addch(sb, ' ');
    demo_sentence(g, sb, blog_kind(n), blog_is_german(g, n), 70000 + n,
                  para * 8 + i);
  }
}

/* The author of comment c of blog post n, whose parent is parent (0: top
 * level): leaders open the talk in the demo, the brand answers some. */
static unsigned blog_comment_author(const struct forumgen *g, unsigned n,
                                    unsigned c, unsigned parent)
{
  uint64_t r = pick(g, S_AUTHOR, 50000 + n, c);
  unsigned p = (unsigned)(r % 100);
  int german = blog_is_german(g, n);

  if (!g->cfg.demo)
    return post_author(g, 50000 + n, c);
  r >>= 8;
  if (parent && p < 20)
    return DEMO_BRAND;
  if (p < (parent ? 40u : 50u))
    return demo_leader(german, r);
  return demo_member(g, german, r);
}

static void add_blog_date(struct strbuf *sb, int64_t t, int with_time,
                          int german)
{
  time_t tt = (time_t)t;
  struct tm tm;

  gmtime_r(&tt, &tm);
  if (!german) {
    strbuf_addf(sb, "%d %s %d", tm.tm_mday, mon_en_long[tm.tm_mon],
                tm.tm_year + 1900);
    if (with_time)
      strbuf_addf(sb, " at %02d:%02d", tm.tm_hour, tm.tm_min);
    return;
  }
  strbuf_addf(sb, "%d. %s %d", tm.tm_mday, mon_de_long[tm.tm_mon],
              tm.tm_year + 1900);
  if (with_time)
    strbuf_addf(sb, " um %02d:%02d Uhr", tm.tm_hour, tm.tm_min);
}

static void blog_head(struct strbuf *sb, int german)
{
  strbuf_addf(sb,
              "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n"
              "<meta charset=\"UTF-8\">\n",
              german ? "de-DE" : "en-GB");
}

static void blog_post_link(struct strbuf *sb, unsigned n)
{
  strbuf_addf(sb, "/blog/post-%u/", n);
}

static void blog_index_link(struct strbuf *sb, unsigned page)
{
  if (page <= 1)
    strbuf_addstr(sb, "/blog/");
  else
    strbuf_addf(sb, "/blog/page/%u/", page);
}

static void add_blog_header(const struct forumgen *g, struct strbuf *sb,
                            unsigned n, int in_list)
{
  char name[64];

  strbuf_addf(sb, "<header class=\"entry-header\"><h%d class=\"entry-title\">",
              in_list ? 2 : 1);
  if (in_list) {
    strbuf_addstr(sb, "<a href=\"");
    blog_post_link(sb, n);
    strbuf_addstr(sb, "\" rel=\"bookmark\">");
  }
  add_blog_title(g, sb, n);
  strbuf_addf(sb,
              "%s</h%d>\n<div class=\"entry-meta\"><span class=\"posted-on\">"
              "<a href=\"",
              in_list ? "</a>" : "", in_list ? 2 : 1);
  blog_post_link(sb, n);
  strbuf_addstr(sb, "\" rel=\"bookmark\"><time class=\"entry-date published\" "
                    "datetime=\"");
  add_iso(sb, blog_time(g, n));
  strbuf_addstr(sb, "\">");
  add_blog_date(sb, blog_time(g, n), 0, blog_is_german(g, n));
  strbuf_addstr(sb, "</time></a></span> <span class=\"byline\">von <span "
                    "class=\"author vcard\"><span class=\"fn\">");
  add_escaped(sb, g->cfg.demo ? demo_name(DEMO_BRAND, name, sizeof(name))
                              : user_name(1 + n % 3, name, sizeof(name)));
  strbuf_addstr(sb, "</span></span></span></div></header>\n");
}

static void render_blog_index(const struct forumgen *g, struct strbuf *sb,
                              unsigned page)
{
  unsigned n = g->cfg.blog_posts;
  unsigned pages = (n + BLOG_PER_PAGE - 1) / BLOG_PER_PAGE;

  blog_head(sb, 1);
  strbuf_addstr(sb, "<title>Testblog");
  if (page > 1)
    strbuf_addf(sb, " &#8211; Seite %u", page);
  strbuf_addstr(sb, "</title>\n");
  if (page > 1) {
    strbuf_addstr(sb, "<link rel=\"prev\" href=\"");
    blog_index_link(sb, page - 1);
    strbuf_addstr(sb, "\">\n");
  }
  if (page < pages) {
    strbuf_addstr(sb, "<link rel=\"next\" href=\"");
    blog_index_link(sb, page + 1);
    strbuf_addstr(sb, "\">\n");
  }
  strbuf_addstr(sb, "</head>\n<body class=\"home blog\">\n<main id=\"main\" "
                    "class=\"site-main\">\n");
  /* Newest first, as WordPress does. */
  for (unsigned i = (page - 1) * BLOG_PER_PAGE;
       i < n && i < page * BLOG_PER_PAGE; i++) {
    unsigned p = n - i;

    strbuf_addf(sb,
                "<article id=\"post-%u\" class=\"post-%u post type-post "
                "status-publish\">\n",
                p, p);
    add_blog_header(g, sb, p, 1);
    strbuf_addstr(sb, "<div class=\"entry-summary\"><p>");
    add_blog_text(g, sb, p, 0, 20);
    strbuf_addstr(sb, " &hellip;</p></div>\n</article>\n");
  }
  strbuf_addstr(sb, "<nav class=\"navigation pagination\"><div "
                    "class=\"nav-links\">");
  if (page > 1) {
    strbuf_addstr(sb, "<a class=\"prev page-numbers\" href=\"");
    blog_index_link(sb, page - 1);
    strbuf_addstr(sb, "\">Vorherige</a> ");
  }
  if (page < pages) {
    strbuf_addstr(sb, "<a class=\"next page-numbers\" href=\"");
    blog_index_link(sb, page + 1);
    strbuf_addstr(sb, "\">Nächste</a>");
  }
  strbuf_addstr(sb, "</div></nav>\n</main>\n</body>\n</html>\n");
}

enum { MAX_COMMENTS = 12, MAX_DEPTH = 4 };

/* Comment c of blog post n: 90 minutes after the one before. */
static int64_t blog_comment_time(const struct forumgen *g, unsigned n,
                                 unsigned c)
{
  return blog_time(g, n) + (int64_t)(c + 1) * 5400;
}

/* Comment c of blog post n (IDs n * 100 + c), and its replies. */
static void add_comment(const struct forumgen *g, struct strbuf *sb, unsigned n,
                        unsigned c, const unsigned *parent, unsigned count,
                        int depth)
{
  unsigned id = n * 100 + c;
  int64_t when = blog_comment_time(g, n, c);
  char name[64];
  int has_children = 0, german = blog_is_german(g, n);

  for (unsigned i = c + 1; i < count; i++)
    if (parent[i] == c + 1)
      has_children = 1;
  strbuf_addf(sb,
              "<li id=\"comment-%u\" class=\"comment depth-%d%s\">\n"
              "<article id=\"div-comment-%u\" class=\"comment-body\">\n"
              "<footer class=\"comment-meta\"><div class=\"comment-author "
              "vcard\"><b class=\"fn\">",
              id, depth, has_children ? " parent" : "", id);
  add_escaped(sb, member_name(g, blog_comment_author(g, n, c, parent[c]), name,
                              sizeof(name)));
  strbuf_addf(sb,
              "</b> <span class=\"says\">%s:</span></div>\n"
              "<div class=\"comment-metadata\"><a href=\"",
              german ? "sagt" : "says");
  blog_post_link(sb, n);
  strbuf_addf(sb, "#comment-%u\"><time datetime=\"", id);
  add_iso(sb, when);
  strbuf_addstr(sb, "\">");
  add_blog_date(sb, when, 1, german);
  strbuf_addstr(sb,
                "</time></a></div></footer>\n<div class=\"comment-content\">"
                "<p>");
  if (g->cfg.demo)
    demo_sentence(g, sb, blog_kind(n), german, 60000 + n, c);
  else
    add_words(g, sb, 1, 60000 + n, c,
              8 + (unsigned)(pick(g, S_LEN, n, c) % 20));
  strbuf_addstr(sb, g->cfg.demo ? "</p></div>\n" : ".</p></div>\n");
  strbuf_addstr(sb, "<div class=\"reply\"><a rel=\"nofollow\" "
                    "class=\"comment-reply-link\" href=\"");
  blog_post_link(sb, n);
  strbuf_addf(sb,
              "?replytocom=%u#respond\" data-commentid=\"%u\">%s"
              "</a></div>\n</article>\n",
              id, id, german ? "Antworten" : "Reply");
  if (has_children) {
    strbuf_addstr(sb, "<ol class=\"children\">\n");
    for (unsigned i = c + 1; i < count; i++)
      if (parent[i] == c + 1)
        add_comment(g, sb, n, i, parent, count, depth + 1);
    strbuf_addstr(sb, "</ol>\n");
  }
  strbuf_addstr(sb, "</li>\n");
}

/* The comments of blog post n: their number, and each one's parent in
 * parent[] (0: top level, else the parent's index + 1). */
static unsigned blog_comments(const struct forumgen *g, unsigned n,
                              unsigned parent[MAX_COMMENTS])
{
  unsigned count = (unsigned)(pick(g, S_COMMENTS, n, 0) % (MAX_COMMENTS + 1));
  int depth[MAX_COMMENTS];

  for (unsigned c = 0; c < count; c++) {
    uint64_t r = pick(g, S_PARENT, n, c);

    parent[c] = 0;
    depth[c] = 1;
    if (c > 0 && r % 3 != 0) {
      unsigned p = (unsigned)((r >> 8) % c);

      if (depth[p] < MAX_DEPTH) {
        parent[c] = p + 1;
        depth[c] = depth[p] + 1;
      }
    }
  }
  return count;
}

static void render_blog_post(const struct forumgen *g, struct strbuf *sb,
                             unsigned n)
{
  unsigned parent[MAX_COMMENTS];
  unsigned count = blog_comments(g, n, parent);
  int german = blog_is_german(g, n);

  blog_head(sb, german);
  strbuf_addstr(sb, "<title>");
  add_blog_title(g, sb, n);
  strbuf_addstr(sb,
                " &#8211; Testblog</title>\n<link rel=\"canonical\" href=\"");
  blog_post_link(sb, n);
  strbuf_addf(sb,
              "\">\n</head>\n<body class=\"post-template-default single "
              "postid-%u\">\n<main id=\"main\" class=\"site-main\">\n"
              "<article id=\"post-%u\" class=\"post-%u post type-post\">\n",
              n, n, n);
  add_blog_header(g, sb, n, 0);
  strbuf_addstr(sb, "<div class=\"entry-content\"><p>");
  add_blog_text(g, sb, n, 0, 20);
  strbuf_addstr(sb, g->cfg.demo ? "</p>\n<p>" : ".</p>\n<p>");
  add_blog_text(g, sb, n, 1, 40);
  strbuf_addstr(sb, g->cfg.demo ? "</p></div>" : ".</p></div>");
  strbuf_addstr(sb, "\n</article>\n<nav class=\"navigation "
                    "post-navigation\"><div class=\"nav-links\">");
  if (n > 1) {
    strbuf_addstr(sb, "<a href=\"");
    blog_post_link(sb, n - 1);
    strbuf_addstr(sb, german ? "\" rel=\"prev\">Vorheriger Beitrag</a> "
                             : "\" rel=\"prev\">Previous post</a> ");
  }
  if (n < g->cfg.blog_posts) {
    strbuf_addstr(sb, "<a href=\"");
    blog_post_link(sb, n + 1);
    strbuf_addstr(sb, german ? "\" rel=\"next\">Nächster Beitrag</a>"
                             : "\" rel=\"next\">Next post</a>");
  }
  strbuf_addf(sb,
              "</div></nav>\n<div id=\"comments\" class=\"comments-area\">"
              "\n<h2 class=\"comments-title\">%u %s</h2>\n"
              "<ol class=\"comment-list\">\n",
              count, german ? "Kommentare" : "comments");
  for (unsigned c = 0; c < count; c++)
    if (parent[c] == 0)
      add_comment(g, sb, n, c, parent, count, 1);
  strbuf_addstr(sb, "</ol>\n<div id=\"respond\" class=\"comment-respond\">"
                    "</div>\n</div>\n</main>\n</body>\n</html>\n");
}

/* ---- Latin-1 pages ----------------------------------------------------- */

/* UTF-8 to ISO-8859-1 for text made only of U+0000..U+00FF, which is what
 * this file writes into Latin-1 pages. */
static void utf8_to_latin1(struct strbuf *sb, size_t from)
{
  size_t j = from;

  for (size_t i = from; i < sb->len; i++) {
    unsigned char c = (unsigned char)sb->buf[i];

    if ((c & 0xe0) == 0xc0 && i + 1 < sb->len && c <= 0xc3) {
      sb->buf[j++] = (char)(((c & 0x1f) << 6) | (sb->buf[i + 1] & 0x3f));
      i++;
    } else {
      sb->buf[j++] = (char)c;
    }
  }
  sb->len = j;
  sb->buf[j] = '\0';
}

static void render_latin1(const struct forumgen *g, struct strbuf *sb,
                          unsigned n)
{
  size_t from = sb->len;

  strbuf_addstr(sb, "<!DOCTYPE html>\n<html lang=\"de\">\n<head>\n<meta "
                    "http-equiv=\"Content-Type\" content=\"text/html; "
                    "charset=iso-8859-1\">\n<title>");
  if (n == 0) {
    strbuf_addstr(sb, "Archiv « Übersicht »</title>\n</head>\n<body>\n"
                      "<h1>Archiv – alte Beiträge</h1>\n<ul>\n");
    for (unsigned i = 1; i <= LATIN1_TOPICS; i++)
      strbuf_addf(sb,
                  "<li><a href=\"/latin1/thema-%u.html\">Thema %u: "
                  "Grüße aus Köln</a></li>\n",
                  i, i);
    strbuf_addstr(sb, "</ul>\n</body>\n</html>\n");
  } else {
    strbuf_addf(sb,
                "Thema %u: Grüße aus Köln</title>\n</head>\n<body>\n"
                "<h2 class=\"topic-title\">Thema %u: Grüße aus Köln</h2>\n"
                "<p class=\"pagination\">3 Beiträge &bull; Seite 1 von 1"
                "</p>\n",
                n, n);
    for (unsigned k = 0; k < 3; k++) {
      unsigned id = 90000 + n * 10 + k;
      int64_t when = post_time(g, 90000 + n, k);

      strbuf_addf(sb,
                  "<div id=\"p%u\" class=\"post\">\n<p class=\"author\">"
                  "<a href=\"#p%u\">#%u</a> von <strong>",
                  id, id, k + 1);
      add_user_link(g, sb, g->cfg.demo ? DEMO_MEMBER + 2 * k : 1 + k);
      strbuf_addstr(sb, "</strong> &raquo; ");
      add_date_text(sb, when, 1);
      strbuf_addstr(sb, "</p>\n<div class=\"content\">Grüße, ich heiße "
                        "René. Größer wäre schöner; Café für 5 €?\n");
      add_words(g, sb, 1, 90000 + n, k, 12);
      strbuf_addstr(sb, ".</div>\n</div>\n");
    }
    strbuf_addstr(sb, "<p><a href=\"/latin1/\">Zurück zum Archiv</a></p>\n"
                      "</body>\n</html>\n");
  }
  utf8_to_latin1(sb, from);
}

/* ---- files ------------------------------------------------------------- */

/* A zip-looking file: a local file header signature, then noise. */
static void render_zip(const struct forumgen *g, struct strbuf *sb)
{
  static const char sig[] = "PK\003\004";

  strbuf_add(sb, sig, 4);
  for (size_t i = 4; i < ZIP_SIZE; i += 8) {
    uint64_t r = pick(g, S_ZIP, i, 0);
    unsigned char b[8];

    for (int j = 0; j < 8; j++)
      b[j] = (unsigned char)(r >> (8 * j));
    strbuf_add(sb, b, ZIP_SIZE - i < 8 ? ZIP_SIZE - i : 8);
  }
}

/* ---- dispatch ---------------------------------------------------------- */

/* The unsigned value of key in a query string, or def when absent. */
static unsigned query_uint(const char *query, const char *key, unsigned def)
{
  size_t klen = strlen(key);

  for (const char *p = query; p && *p;) {
    const char *amp = strchr(p, '&');

    if (!strncmp(p, key, klen) && p[klen] == '=') {
      char *end;
      unsigned long v = strtoul(p + klen + 1, &end, 10);

      if (end != p + klen + 1 && v <= 100000000UL)
        return (unsigned)v;
      return def;
    }
    p = amp ? amp + 1 : NULL;
  }
  return def;
}

static const char html_utf8[] = "text/html; charset=UTF-8";

void forumgen_config_init(struct forumgen_config *cfg)
{
  cfg->seed = 1;
  cfg->threads = 40;
  cfg->posts_per_page = 10;
  cfg->blog_posts = 12;
  cfg->base_url = "http://127.0.0.1";
  cfg->static_links = 0;
  cfg->demo = 0;
}

struct forumgen *forumgen_new(const struct forumgen_config *cfg)
{
  struct forumgen *g;

  if (cfg->threads < 1 || cfg->threads > 100000) {
    error("cannot generate %u topics: the range is 1 to 100000", cfg->threads);
    return NULL;
  }
  if (cfg->posts_per_page < 1 || cfg->posts_per_page > 100) {
    error("cannot show %u posts a page: the range is 1 to 100",
          cfg->posts_per_page);
    return NULL;
  }
  if (cfg->demo && cfg->threads < DEMO_BOARDS) {
    error("cannot generate the demo with %u topics: it needs at least %d",
          cfg->threads, DEMO_BOARDS);
    return NULL;
  }
  if (cfg->blog_posts < 1 || cfg->blog_posts > 1000) {
    error("cannot generate %u blog posts: the range is 1 to 1000",
          cfg->blog_posts);
    return NULL;
  }
  g = xcalloc(1, sizeof(*g));
  g->cfg = *cfg;
  g->base_url = xstrdup(cfg->base_url ? cfg->base_url : "http://127.0.0.1");
  g->cfg.base_url = g->base_url;
  g->boards = 1 + (cfg->threads - 1) / 40;
  if (g->boards > 9)
    g->boards = 9;
  g->users = 16 + cfg->threads / 4;
  if (cfg->demo) {
    g->boards = DEMO_BOARDS;
    g->users = DEMO_MEMBER - 1 + 2 * demo_members_per_language(g);
  }
  return g;
}

void forumgen_free(struct forumgen *g)
{
  if (!g)
    return;
  free(g->base_url);
  free(g);
}

unsigned forumgen_topic_posts(const struct forumgen *g, unsigned t)
{
  if (t < 1 || t > g->cfg.threads)
    return 0;
  /* 1 to 5 pages' worth, at most 999 so that post IDs stay t*1000+k. */
  unsigned n =
      1 + (unsigned)(pick(g, S_POSTS, t, 0) % (5 * g->cfg.posts_per_page));
  return n > 999 ? 999 : n;
}

static int not_found(struct strbuf *sb, const char **content_type)
{
  strbuf_addstr(sb, "<!DOCTYPE html>\n<html><head><title>404 Not Found"
                    "</title></head><body><h1>Not Found</h1></body></html>\n");
  *content_type = html_utf8;
  return 404;
}

int forumgen_render(const struct forumgen *g, const char *path,
                    const char *query, struct strbuf *out,
                    const char **content_type)
{
  unsigned n;
  char tail;

  *content_type = html_utf8;
  if (!strcmp(path, "/") || !strcmp(path, "/index.php")) {
    render_index(g, out);
  } else if (!strcmp(path, "/viewforum.php")) {
    n = query_uint(query, "f", 0);
    if (n < 1 || n > g->boards ||
        query_uint(query, "start", 0) >= board_topics(g, n))
      return not_found(out, content_type);
    render_board(g, out, n, query_uint(query, "start", 0));
  } else if (!strcmp(path, "/viewtopic.php")) {
    unsigned p = query_uint(query, "p", 0), start;

    n = p ? p / 1000 : query_uint(query, "t", 0);
    if (!forumgen_topic_posts(g, n) ||
        (p && p % 1000 >= forumgen_topic_posts(g, n)))
      return not_found(out, content_type);
    start = p ? p % 1000 : query_uint(query, "start", 0);
    if (start >= forumgen_topic_posts(g, n))
      return not_found(out, content_type);
    render_topic(g, out, n, start);
  } else if (!strcmp(path, "/memberlist.php")) {
    n = query_uint(query, "u", 0);
    if (n < 1 || n > g->users)
      render_form(g, out, "memberlist", "Mitglieder");
    else
      render_member(g, out, n);
  } else if (!strcmp(path, "/ucp.php")) {
    render_form(g, out, "ucp", "Anmelden");
  } else if (!strcmp(path, "/search.php")) {
    render_form(g, out, "search", "Suche");
  } else if (!strcmp(path, "/posting.php")) {
    render_form(g, out, "posting", "Anmelden");
  } else if (!strcmp(path, "/robots.txt")) {
    *content_type = "text/plain; charset=UTF-8";
    render_robots(g, out);
  } else if (!strcmp(path, "/sitemap.xml")) {
    *content_type = "application/xml";
    render_sitemap(g, out);
  } else if (!strcmp(path, "/rss.xml")) {
    *content_type = "application/rss+xml; charset=UTF-8";
    render_rss(g, out);
  } else if (!strcmp(path, "/blog/")) {
    render_blog_index(g, out, 1);
  } else if (sscanf(path, "/blog/page/%u/%c", &n, &tail) == 1 &&
             ends_with(path, "/") && n >= 2 &&
             n <= (g->cfg.blog_posts + BLOG_PER_PAGE - 1) / BLOG_PER_PAGE) {
    render_blog_index(g, out, n);
  } else if (sscanf(path, "/blog/post-%u/%c", &n, &tail) == 1 &&
             ends_with(path, "/") && n >= 1 && n <= g->cfg.blog_posts) {
    render_blog_post(g, out, n);
  } else if (!strcmp(path, "/latin1/")) {
    *content_type = "text/html; charset=ISO-8859-1";
    render_latin1(g, out, 0);
  } else if (sscanf(path, "/latin1/thema-%u.htm%c", &n, &tail) == 2 &&
             tail == 'l' && ends_with(path, ".html") && n >= 1 &&
             n <= LATIN1_TOPICS) {
    *content_type = "text/html; charset=ISO-8859-1";
    render_latin1(g, out, n);
  } else if (!strcmp(path, "/files/big.zip")) {
    *content_type = "application/zip";
    render_zip(g, out);
  } else if (!strcmp(path, "/images/x.png")) {
    *content_type = "image/png";
    strbuf_add(out, png_1x1, sizeof(png_1x1));
  } else {
    return not_found(out, content_type);
  }
  return 200;
}

/* ---- static copy ------------------------------------------------------- */

/* Create every missing folder of path's parent. */
static int make_parents(char *path)
{
  for (char *p = strchr(path + 1, '/'); p; p = strchr(p + 1, '/')) {
    *p = '\0';
    if (mkdir(path, 0755) < 0 && errno != EEXIST) {
      int ret = error("cannot create '%s': %s", path, strerror(errno));

      *p = '/';
      return ret;
    }
    *p = '/';
  }
  return 0;
}

static int write_page(const char *dir, const char *name,
                      const struct strbuf *body)
{
  char *path = xasprintf("%s/%s", dir, name);
  FILE *f = NULL;
  int ret = -1;

  if (make_parents(path) < 0)
    goto out;
  f = fopen(path, "wb");
  if (!f) {
    error("cannot write '%s': %s", path, strerror(errno));
    goto out;
  }
  if (fwrite(body->buf, 1, body->len, f) != body->len) {
    error("cannot write '%s': %s", path, strerror(errno));
    goto out;
  }
  ret = 0;
out:
  if (f && fclose(f) != 0 && ret == 0)
    ret = error("cannot write '%s': %s", path, strerror(errno));
  free(path);
  return ret;
}

int forumgen_write_dir(const struct forumgen *g, const char *dir)
{
  struct forumgen s = *g;
  struct strbuf sb = STRBUF_INIT;
  const char *ct;
  unsigned ppp = g->cfg.posts_per_page;
  unsigned blog_pages = (g->cfg.blog_posts + BLOG_PER_PAGE - 1) / BLOG_PER_PAGE;
  int ret = -1;
  char name[64];

  s.cfg.static_links = 1;
  if (mkdir(dir, 0755) < 0 && errno != EEXIST)
    return error("cannot create '%s': %s", dir, strerror(errno));

#define PAGE(file, call)                                                       \
  do {                                                                         \
    strbuf_reset(&sb);                                                         \
    call;                                                                      \
    if (write_page(dir, file, &sb) < 0)                                        \
      goto out;                                                                \
  } while (0)

  PAGE("index.html", render_index(&s, &sb));
  for (unsigned b = 1; b <= s.boards; b++)
    for (unsigned st = 0; st == 0 || st < board_topics(&s, b);
         st += TOPICS_PER_BOARD_PAGE) {
      snprintf(name, sizeof(name), "forum/%u-%u.html", b, st);
      PAGE(name, render_board(&s, &sb, b, st));
    }
  for (unsigned t = 1; t <= s.cfg.threads; t++)
    for (unsigned st = 0; st < forumgen_topic_posts(&s, t); st += ppp) {
      snprintf(name, sizeof(name), "topic/%u-%u.html", t, st);
      PAGE(name, render_topic(&s, &sb, t, st));
    }
  for (unsigned u = 1; u <= s.users; u++) {
    snprintf(name, sizeof(name), "member/%u.html", u);
    PAGE(name, render_member(&s, &sb, u));
  }
  for (unsigned p = 1; p <= blog_pages; p++) {
    if (p == 1)
      snprintf(name, sizeof(name), "blog/index.html");
    else
      snprintf(name, sizeof(name), "blog/page/%u/index.html", p);
    PAGE(name, render_blog_index(&s, &sb, p));
  }
  for (unsigned n = 1; n <= s.cfg.blog_posts; n++) {
    snprintf(name, sizeof(name), "blog/post-%u/index.html", n);
    PAGE(name, render_blog_post(&s, &sb, n));
  }
  PAGE("latin1/index.html", render_latin1(&s, &sb, 0));
  for (unsigned n = 1; n <= LATIN1_TOPICS; n++) {
    snprintf(name, sizeof(name), "latin1/thema-%u.html", n);
    PAGE(name, render_latin1(&s, &sb, n));
  }
  PAGE("robots.txt", render_robots(&s, &sb));
  PAGE("sitemap.xml", render_sitemap(&s, &sb));
  PAGE("rss.xml", render_rss(&s, &sb));
  PAGE("files/big.zip", forumgen_render(&s, "/files/big.zip", NULL, &sb, &ct));
  PAGE("images/x.png", forumgen_render(&s, "/images/x.png", NULL, &sb, &ct));
#undef PAGE
  ret = 0;
out:
  strbuf_release(&sb);
  return ret;
}

/* ---- what the demo plants ---------------------------------------------- */

static const char *const demo_kind_names[K_COUNT] = {"products", "support",
                                                     "howto", "offtopic"};

/* The words of one vocabulary: templates (with their {a} slots), titles
 * and slot fillers, as the generator has them. */
static json_t *vocab_json(const struct demo_vocab *v)
{
  json_t *a = json_array();

  for (size_t i = 0; i < v->ntext; i++)
    json_array_append_new(a, json_string(v->text[i]));
  for (size_t i = 0; i < v->ntitle; i++)
    json_array_append_new(a, json_string(v->title[i]));
  for (int s = 0; s < 3; s++)
    for (size_t i = 0; i < v->nslot[s]; i++)
      json_array_append_new(a, json_string(v->slot[s][i]));
  return a;
}

/* One more post by member u at time when: counted, and the first and
 * last post times widened. */
static void truth_post(const struct forumgen *g, json_t *posts, unsigned u,
                       int64_t when, int64_t *first, int64_t *last)
{
  char name[64];
  json_t *n;

  member_name(g, u, name, sizeof(name));
  n = json_object_get(posts, name);
  json_object_set_new(posts, name,
                      json_integer(1 + (n ? json_integer_value(n) : 0)));
  if (when < *first)
    *first = when;
  if (when > *last)
    *last = when;
}

static void add_name(json_t *set, const char *name)
{
  json_object_set_new(set, name, json_true());
}

/* The keys of an object (names added with add_name()), in the order
 * they were added. */
static json_t *names_json(json_t *set)
{
  json_t *a = json_array();
  const char *key;
  json_t *v;

  json_object_foreach(set, key, v)
  {
    json_array_append_new(a, json_string(key));
  }
  return a;
}

/* The kinds of board: name, boards, planted trend, and the sentences and
 * words each is written from, German and English. */
static json_t *kinds_json(void)
{
  json_t *kinds = json_array();

  for (int k = 0; k < K_COUNT; k++) {
    json_t *kind = json_object(), *boards = json_array();
    json_t *de = vocab_json(&demo_vocab[k][0]);
    json_t *en = vocab_json(&demo_vocab[k][1]);

    for (unsigned b = 1; b <= DEMO_BOARDS; b++)
      if (demo_board_kind(b) == (enum demo_kind)k)
        json_array_append_new(boards, json_integer(b));
    if (k == K_SUPPORT) {
      /* what the customers and the brand say there besides */
      json_array_append_new(de, json_string(ask_brand_de));
      json_array_append_new(de, json_string(brand_de));
      json_array_append_new(en, json_string(ask_brand_en));
      json_array_append_new(en, json_string(brand_en));
    }
    json_object_set_new(kind, "name", json_string(demo_kind_names[k]));
    json_object_set_new(kind, "trend",
                        json_string(k == K_SUPPORT    ? "rising"
                                    : k == K_OFFTOPIC ? "falling"
                                                      : "even"));
    json_object_set_new(kind, "boards", boards);
    json_object_set_new(kind, "de", de);
    json_object_set_new(kind, "en", en);
    json_array_append_new(kinds, kind);
  }
  return kinds;
}

/* What the plan holds, gathered topic by topic and comment by comment. */
struct truth {
  json_t *posts; /* name: forum posts and blog comments */
  json_t *answered, *answered_blog, *asked; /* sets of names */
  json_t *answered_topics, *ignored_topics; /* paths */
  int64_t first, last;
};

/* The forum's topics: posts, and the support topics' starters answered
 * by the brand or not. */
static void truth_forum(const struct forumgen *g, struct truth *t)
{
  char name[64], path[64];

  for (unsigned topic = 1; topic <= g->cfg.threads; topic++) {
    unsigned np = forumgen_topic_posts(g, topic);
    int brand_posts = 0;

    for (unsigned k = 0; k < np; k++) {
      unsigned u = demo_author(g, topic, k);

      truth_post(g, t->posts, u, post_time(g, topic, k), &t->first, &t->last);
      brand_posts += u == DEMO_BRAND;
    }
    if (demo_topic_kind(g, topic) != K_SUPPORT)
      continue;
    member_name(g, demo_author(g, topic, 0), name, sizeof(name));
    snprintf(path, sizeof(path), "/viewtopic.php?t=%u", topic);
    /* the brand's every forum post is an @mention of the topic's starter */
    if (brand_posts) {
      add_name(t->answered, name);
      json_array_append_new(t->answered_topics, json_string(path));
    } else {
      add_name(t->asked, name);
      json_array_append_new(t->ignored_topics, json_string(path));
    }
  }
}

/* The blog: the brand's articles, the comments, and whom the brand
 * answers there. */
static void truth_blog(const struct forumgen *g, struct truth *t)
{
  char name[64];

  for (unsigned n = 1; n <= g->cfg.blog_posts; n++) {
    unsigned parent[MAX_COMMENTS];
    unsigned count = blog_comments(g, n, parent);

    truth_post(g, t->posts, DEMO_BRAND, blog_time(g, n), &t->first, &t->last);
    for (unsigned c = 0; c < count; c++) {
      unsigned u = blog_comment_author(g, n, c, parent[c]), to;

      truth_post(g, t->posts, u, blog_comment_time(g, n, c), &t->first,
                 &t->last);
      if (u != DEMO_BRAND || !parent[c])
        continue;
      /* the brand's comment answers its parent's author */
      to = blog_comment_author(g, n, parent[c] - 1, parent[parent[c] - 1]);
      if (to != DEMO_BRAND)
        add_name(t->answered_blog, member_name(g, to, name, sizeof(name)));
    }
  }
}

int forumgen_write_truth(const struct forumgen *g, const char *path)
{
  struct truth t = {json_object(), json_object(), json_object(), json_object(),
                    json_array(),  json_array(),  INT64_MAX,     INT64_MIN};
  json_t *doc = json_object(), *leaders, *ignored, *v;
  char name[64], when[32], *tmp;
  const char *key;
  FILE *f;
  int ret = -1, ok;

  if (!g->cfg.demo) {
    error("cannot write '%s': only the demo community has a plan", path);
    goto out;
  }
  truth_forum(g, &t);
  truth_blog(g, &t);
  /* ignored: asked the brand and never answered by it anywhere */
  ignored = json_object();
  json_object_foreach(t.asked, key, v)
  {
    if (!json_object_get(t.answered, key) &&
        !json_object_get(t.answered_blog, key))
      add_name(ignored, key);
  }
  leaders = json_array();
  for (unsigned u = DEMO_LEADER; u < DEMO_MEMBER; u++)
    json_array_append_new(leaders,
                          json_string(demo_name(u, name, sizeof(name))));

  json_object_set_new(doc, "seed", json_integer((json_int_t)g->cfg.seed));
  json_object_set_new(doc, "threads", json_integer(g->cfg.threads));
  json_object_set_new(doc, "blog_posts", json_integer(g->cfg.blog_posts));
  json_object_set_new(doc, "brand",
                      json_string(demo_name(DEMO_BRAND, name, sizeof(name))));
  json_object_set_new(doc, "decoy",
                      json_string(demo_name(DEMO_DECOY, name, sizeof(name))));
  json_object_set_new(doc, "leaders", leaders);
  json_object_set_new(doc, "languages", json_pack("[ss]", "de", "en"));
  json_object_set_new(
      doc, "first_post",
      json_string(time_format_iso(t.first, when, sizeof(when))));
  json_object_set_new(doc, "last_post",
                      json_string(time_format_iso(t.last, when, sizeof(when))));
  json_object_set_new(doc, "brand_answered", names_json(t.answered));
  json_object_set_new(doc, "brand_answered_blog", names_json(t.answered_blog));
  json_object_set_new(doc, "brand_ignored", names_json(ignored));
  json_decref(ignored);
  json_object_set(doc, "answered_topics", t.answered_topics);
  json_object_set(doc, "ignored_topics", t.ignored_topics);
  json_object_set(doc, "posts", t.posts);
  json_object_set_new(doc, "kinds", kinds_json());

  if (!(f = atomic_file_open(path, &tmp)))
    goto out;
  ok = json_dumpf(doc, f, JSON_INDENT(1) | JSON_SORT_KEYS) == 0 &&
       fputc('\n', f) != EOF;
  ret = atomic_file_close(f, path, tmp, ok);
out:
  json_decref(doc);
  json_decref(t.posts);
  json_decref(t.answered);
  json_decref(t.answered_blog);
  json_decref(t.asked);
  json_decref(t.answered_topics);
  json_decref(t.ignored_topics);
  return ret;
}
