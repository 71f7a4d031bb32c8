/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Text for the topic model: tokens, built-in stop words and a light
 * English/German detector.  Tokens are NFKC-normalised and case folded
 * with utf8proc; stemming happens in the model, per language.
 */
#include "stats/topics.h"
#include "util/util.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* Short, common function words; the corpus adds its own stop words
 * (terms in too many documents) in the model. */
static const char *const stop_en[] = {
    "a", "about", "above", "after", "again", "against", "all", "also", "am",
    "an", "and", "any", "are", "as", "at", "be", "because", "been", "before",
    "being", "below", "between", "both", "but", "by", "can", "could", "did",
    "do", "does", "doing", "don", "down", "during", "each", "even", "few",
    "for", "from", "further", "get", "got", "had", "has", "have", "having",
    "he", "her", "here", "hers", "herself", "him", "himself", "his", "how", "i",
    "if", "in", "into", "is", "it", "its", "itself", "just", "know", "like",
    "ll", "me", "might", "more", "most", "much", "must", "my", "myself", "no",
    "nor", "not", "now", "of", "off", "on", "once", "one", "only", "or",
    "other", "our", "ours", "ourselves", "out", "over", "own", "re", "same",
    "say", "she", "should", "so", "some", "such", "than", "that", "the",
    "their", "theirs", "them", "themselves", "then", "there", "these", "they",
    "think", "this", "those", "through", "to", "too", "under", "until", "up",
    "us", "ve", "very", "was", "we", "well", "were", "what", "when", "where",
    "which", "while", "who", "whom", "why", "will", "with", "would", "writes",
    "wrote", "you", "your", "yours", "yourself", "yourselves", "article",
    "subject", "lines", "organization",
    /* forum courtesy, in posts on any subject */
    "thanks", "thank", "please", "anyone", "advance", "hi", "hello", "regards",
    "cheers", "etc"};

static const char *const stop_de[] = {
    "aber",    "alle",  "allem",  "allen",  "aller",  "alles",  "als",
    "also",    "am",    "an",     "auch",   "auf",    "aus",    "bei",
    "bin",     "bis",   "bist",   "da",     "damit",  "dann",   "das",
    "dass",    "dem",   "den",    "denn",   "der",    "des",    "dich",
    "die",     "dies",  "diese",  "diesem", "diesen", "dieser", "dir",
    "doch",    "dort",  "du",     "durch",  "ein",    "eine",   "einem",
    "einen",   "einer", "eines",  "er",     "es",     "etwas",  "euch",
    "für",     "gegen", "habe",   "haben",  "hat",    "hatte",  "ich",
    "ihm",     "ihn",   "ihr",    "ihre",   "im",     "in",     "ist",
    "ja",      "jetzt", "kann",   "kein",   "keine",  "man",    "mein",
    "mich",    "mir",   "mit",    "muss",   "nach",   "nicht",  "nichts",
    "noch",    "nun",   "nur",    "ob",     "oder",   "ohne",   "schon",
    "sehr",    "sein",  "sich",   "sie",    "sind",   "so",     "soll",
    "sondern", "um",    "und",    "uns",    "unser",  "unter",  "viel",
    "vom",     "von",   "vor",    "war",    "waren",  "was",    "weil",
    "wenn",    "wer",   "werden", "wie",    "wir",    "wird",   "wo",
    "zu",      "zum",   "zur",    "über"};

/* Whether tok (len bytes) is in the list. */
static int in_list(const char *const *list, size_t n, const char *tok,
                   size_t len)
{
  for (size_t i = 0; i < n; i++)
    if (len && list[i][0] == tok[0] && strlen(list[i]) == len &&
        memcmp(list[i], tok, len) == 0)
      return 1;
  return 0;
}

int text_is_stop(enum text_lang lang, const char *tok, size_t len)
{
  if (lang == TEXT_LANG_DE)
    return in_list(stop_de, sizeof stop_de / sizeof *stop_de, tok, len);
  return in_list(stop_en, sizeof stop_en / sizeof *stop_en, tok, len);
}

int text_lang_from_tag(const char *tag)
{
  if (!tag || strlen(tag) < 2 || (tag[2] && tag[2] != '-' && tag[2] != '_'))
    return -1;
  if ((tag[0] | 0x20) == 'e' && (tag[1] | 0x20) == 'n')
    return TEXT_LANG_EN;
  if ((tag[0] | 0x20) == 'd' && (tag[1] | 0x20) == 'e')
    return TEXT_LANG_DE;
  return -1;
}

/* Markers that tell the languages apart: frequent words of one language
 * that are rare or absent in the other. */
static const char *const mark_en[] = {"the",  "and", "is",   "of",  "to",
                                      "that", "it",  "with", "you", "this",
                                      "are",  "for", "have", "not"};
static const char *const mark_de[] = {"der",  "die",  "und", "ist", "nicht",
                                      "das",  "ich",  "mit", "sie", "ein",
                                      "eine", "auch", "es",  "zu",  "den"};

int text_lang_mark(const char *tok, size_t len)
{
  if (in_list(mark_en, sizeof mark_en / sizeof *mark_en, tok, len))
    return TEXT_LANG_EN + 1;
  if (in_list(mark_de, sizeof mark_de / sizeof *mark_de, tok, len))
    return TEXT_LANG_DE + 1;
  return 0;
}

struct lang_count {
  int n[2];
};

static void count_marks(const char *tok, size_t len, int line, void *arg)
{
  struct lang_count *lc = arg;
  int mark = text_lang_mark(tok, len);

  (void)line;
  if (mark)
    lc->n[mark - 1]++;
}

enum text_lang text_lang_detect(const char *s)
{
  struct lang_count lc = {{0, 0}};

  text_tokenize(s, count_marks, &lc);
  return lc.n[TEXT_LANG_DE] > lc.n[TEXT_LANG_EN] ? TEXT_LANG_DE : TEXT_LANG_EN;
}

/* Whether the whitespace-delimited word w[0..len) is a URL or an e-mail
 * address. */
static int is_link(const char *w, size_t len)
{
  for (size_t i = 0; i < len; i++) {
    if (w[i] == '@' && i > 0 && i + 1 < len)
      return 1;
    if (w[i] == ':' && i + 2 < len && w[i + 1] == '/' && w[i + 2] == '/')
      return 1;
  }
  return len > 4 && memcmp(w, "www.", 4) == 0;
}

/* Whether code point cp (its category) belongs in a token. */
static int is_word_cp(utf8proc_int32_t cp)
{
  switch (utf8proc_category(cp)) {
  case UTF8PROC_CATEGORY_LU:
  case UTF8PROC_CATEGORY_LL:
  case UTF8PROC_CATEGORY_LT:
  case UTF8PROC_CATEGORY_LM:
  case UTF8PROC_CATEGORY_LO:
  case UTF8PROC_CATEGORY_MN:
  case UTF8PROC_CATEGORY_MC:
  case UTF8PROC_CATEGORY_ND:
  case UTF8PROC_CATEGORY_NL:
  case UTF8PROC_CATEGORY_NO:
    return 1;
  default:
    return 0;
  }
}

/* Emit the tokens of one whitespace-free word w[0..len). */
static int word_tokens(const char *w, size_t len, int line,
                       void (*fn)(const char *, size_t, int, void *), void *arg)
{
  size_t i = 0, start = 0;
  int n = 0, digits_only = 1, in_tok = 0, switches = 0, last = 0;

  while (i <= len) {
    utf8proc_int32_t cp = -1;
    utf8proc_ssize_t step = 1;
    int word = 0;

    if (i < len) {
      unsigned char b = (unsigned char)w[i];
      if (b < 0x80) {
        cp = b;
        word = (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9') ||
               (b >= 'A' && b <= 'Z');
      } else {
        step = utf8proc_iterate((const utf8proc_uint8_t *)w + i,
                                (utf8proc_ssize_t)(len - i), &cp);
        if (step < 1)
          step = 1, cp = -1;
        word = cp >= 0 && is_word_cp(cp);
      }
    }
    if (word) {
      int digit = cp >= '0' && cp <= '9';
      if (!in_tok)
        in_tok = 1, start = i, digits_only = 1, switches = 0, last = digit;
      if (digit != last)
        switches++, last = digit;
      if (!digit)
        digits_only = 0;
    } else if (in_tok) {
      size_t tl = i - start;
      in_tok = 0;
      /* One-letter tokens carry little; very long ones are noise
       * (uuencoded data, hashes). */
      /* Letters and digits mixed back and forth ("g9v", "b8f") are
       * encoded data, not words. */
      if (!digits_only && switches < 2 && tl >= 2 && tl <= 40) {
        fn(w + start, tl, line, arg);
        n++;
      }
    }
    i += (size_t)step;
  }
  return n;
}

int text_tokenize(const char *s, void (*fn)(const char *, size_t, int, void *),
                  void *arg)
{
  utf8proc_uint8_t *mapped = NULL;
  utf8proc_ssize_t mlen;
  const char *p, *end;
  int n = 0, line = 0;

  if (!s)
    return 0;
  /* NFKC leaves ASCII alone and its case folding is plain lower case:
   * the common case without utf8proc's work. */
  for (p = s; *p && !(*p & 0x80); p++)
    ;
  if (!*p) {
    size_t len = (size_t)(p - s);
    mapped = xmalloc(len + 1);
    for (size_t i = 0; i <= len; i++)
      mapped[i] =
          (utf8proc_uint8_t)((s[i] >= 'A' && s[i] <= 'Z') ? s[i] + ('a' - 'A')
                                                          : s[i]);
    mlen = (utf8proc_ssize_t)len;
  } else {
    mlen = utf8proc_map((const utf8proc_uint8_t *)s, 0, &mapped,
                        UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE |
                            UTF8PROC_COMPAT | UTF8PROC_CASEFOLD);
    if (mlen < 0)
      return -1;
  }
  p = (const char *)mapped;
  end = p + mlen;
  while (p < end) {
    const char *eol = memchr(p, '\n', (size_t)(end - p));
    const char *q = p;

    if (!eol)
      eol = end;
    while (q < eol && (*q == ' ' || *q == '\t'))
      q++;
    /* Quoted text of other posts, and the attribution line above it. */
    if (q < eol && (*q == '>' || *q == '|')) {
      p = eol + 1;
      continue;
    }
    /* Encoded data (uuencode, base64): long lines without a space. */
    if (eol - q > 40 && !memchr(q, ' ', (size_t)(eol - q))) {
      p = eol + 1;
      continue;
    }
    if (eol - q > 7 &&
        memcmp(eol - (eol[-1] == '\r' ? 8 : 7), "writes:", 7) == 0) {
      p = eol + 1;
      continue;
    }
    while (q < eol) {
      const char *w;
      while (q < eol && (*q == ' ' || *q == '\t' || *q == '\r'))
        q++;
      w = q;
      while (q < eol && *q != ' ' && *q != '\t' && *q != '\r')
        q++;
      if (q > w && !is_link(w, (size_t)(q - w)))
        n += word_tokens(w, (size_t)(q - w), line, fn, arg);
    }
    line++;
    p = eol + 1;
  }
  free(mapped);
  return n;
}
