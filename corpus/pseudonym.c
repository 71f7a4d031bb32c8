/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Pseudonyms: stable replacements for author names in exports and
 * reports.
 *
 * A pseudonym is a keyed BLAKE2b hash (libsodium's crypto_generichash) of
 * the author's site origin and name, written as "user-" and ten base32
 * characters.  The key is the corpus's own, made once and kept in its
 * meta table, unless a key file names another (so that several corpora of
 * one project share pseudonyms).  The key never leaves the corpus or key
 * file: exports and reports carry only the pseudonyms.
 */
#include "corpus/internal.h"
#include "util/util.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <string.h>
#include <unistd.h>

#define KEY_HEX_LEN (2 * PSEUDONYM_KEY_BYTES)
#define META_KEY "pseudonym_key"

struct pseudonymizer {
  enum pseudonym_mode mode;
  unsigned char key[PSEUDONYM_KEY_BYTES];
  unsigned strip; /* PSEUDONYM_STRIP_* */
  char name[PSEUDONYM_MAX];
};

/* Decode KEY_HEX_LEN hex digits (surrounding white space allowed) into
 * key; -1 when s is anything else. */
static int key_from_hex(const char *s, unsigned char key[PSEUDONYM_KEY_BYTES])
{
  size_t len;
  const char *end;

  while (isspace((unsigned char)*s))
    s++;
  len = strlen(s);
  while (len && isspace((unsigned char)s[len - 1]))
    len--;
  if (len != KEY_HEX_LEN)
    return -1;
  if (sodium_hex2bin(key, PSEUDONYM_KEY_BYTES, s, len, NULL, NULL, &end) <
          0 ||
      end != s + len)
    return -1;
  return 0;
}

/* Read the key in path, or create path (mode 0600) with a new key when it
 * does not exist. */
static int key_file_load(const char *path,
                         unsigned char key[PSEUDONYM_KEY_BYTES])
{
  char buf[KEY_HEX_LEN + 64], hex[KEY_HEX_LEN + 1];
  ssize_t n;
  int fd, rc = -1;

  fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd >= 0) {
    n = read(fd, buf, sizeof(buf) - 1);
    close(fd);
    if (n < 0) {
      error("cannot read key file '%s': %s", path, strerror(errno));
      return -1;
    }
    buf[n] = '\0';
    if (key_from_hex(buf, key) < 0) {
      error("key file '%s' does not hold a key (%d hexadecimal digits)",
            path, KEY_HEX_LEN);
      return -1;
    }
    return 0;
  }
  if (errno != ENOENT) {
    error("cannot open key file '%s': %s", path, strerror(errno));
    return -1;
  }
  fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    error("cannot create key file '%s': %s", path, strerror(errno));
    return -1;
  }
  randombytes_buf(key, PSEUDONYM_KEY_BYTES);
  sodium_bin2hex(hex, sizeof(hex), key, PSEUDONYM_KEY_BYTES);
  hex[KEY_HEX_LEN] = '\n';
  if (write(fd, hex, KEY_HEX_LEN + 1) != KEY_HEX_LEN + 1) {
    error("cannot write key file '%s': %s", path, strerror(errno));
    unlink(path);
    goto out;
  }
  if (close(fd) < 0) {
    fd = -1;
    error("cannot write key file '%s': %s", path, strerror(errno));
    unlink(path);
    goto out;
  }
  fd = -1;
  info("created pseudonym key file '%s'; keep it private", path);
  rc = 0;
out:
  if (fd >= 0)
    close(fd);
  return rc;
}

/* Read the corpus's key from its meta table; 1 found, 0 none, -1 error. */
static int key_meta_read(struct corpus *c,
                         unsigned char key[PSEUDONYM_KEY_BYTES])
{
  sqlite3_stmt *st;
  int rc = 0;

  st = corpus_prepare(c, "SELECT value FROM meta WHERE key = '" META_KEY
                         "'");
  if (!st)
    return -1;
  switch (sqlite3_step(st)) {
  case SQLITE_ROW: {
    const char *hex = (const char *)sqlite3_column_text(st, 0);
    if (!hex || key_from_hex(hex, key) < 0) {
      error("corpus '%s' holds a damaged pseudonym key", c->path);
      rc = -1;
    } else {
      rc = 1;
    }
    break;
  }
  case SQLITE_DONE:
    break;
  default:
    rc = corpus_sql_error(c, "reading the pseudonym key");
  }
  sqlite3_finalize(st);
  return rc;
}

/* Make a key and store it in the corpus, unless another process stored
 * one first (then that one is read). */
static int key_meta_create(struct corpus *c,
                           unsigned char key[PSEUDONYM_KEY_BYTES])
{
  char hex[KEY_HEX_LEN + 1];
  sqlite3_stmt *st;
  int rc;

  randombytes_buf(key, PSEUDONYM_KEY_BYTES);
  sodium_bin2hex(hex, sizeof(hex), key, PSEUDONYM_KEY_BYTES);
  st = corpus_prepare(c, "INSERT OR IGNORE INTO meta(key, value) VALUES ('" META_KEY
                         "', ?1)");
  if (!st)
    return -1;
  sqlite3_bind_text(st, 1, hex, -1, SQLITE_STATIC);
  rc = sqlite3_step(st) == SQLITE_DONE
           ? 0
           : corpus_sql_error(c, "storing the pseudonym key");
  sqlite3_finalize(st);
  sodium_memzero(hex, sizeof(hex));
  if (rc < 0)
    return -1;
  return key_meta_read(c, key) == 1 ? 0 : -1;
}

int corpus_pseudonym_key(struct corpus *c, const char *key_file,
                         unsigned char key[PSEUDONYM_KEY_BYTES])
{
  struct corpus *w;
  int rc;

  if (key_file)
    return key_file_load(key_file, key);
  rc = key_meta_read(c, key);
  if (rc != 0)
    return rc < 0 ? -1 : 0;
  if (c->mode != CORPUS_READ)
    return key_meta_create(c, key);
  /* A reader (report, search) makes the key through a writing handle of
   * its own. */
  w = corpus_open(c->path, CORPUS_WRITE);
  if (!w)
    return -1;
  rc = key_meta_create(w, key);
  if (corpus_close(w) < 0)
    rc = -1;
  return rc;
}

void pseudonym_make(const unsigned char key[PSEUDONYM_KEY_BYTES],
                    const char *origin, const char *name,
                    char out[PSEUDONYM_MAX])
{
  /* RFC 4648 base32 alphabet, lower-cased. */
  static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz234567";
  unsigned char hash[16];
  crypto_generichash_state st;
  uint64_t bits = 0;

  crypto_generichash_init(&st, key, PSEUDONYM_KEY_BYTES, sizeof(hash));
  crypto_generichash_update(&st, (const unsigned char *)(origin ? origin : ""),
                            strlen(origin ? origin : ""));
  crypto_generichash_update(&st, (const unsigned char *)"\n", 1);
  crypto_generichash_update(&st, (const unsigned char *)name, strlen(name));
  crypto_generichash_final(&st, hash, sizeof(hash));
  /* The first 50 bits, five at a time, most significant first. */
  for (int i = 0; i < 7; i++)
    bits = bits << 8 | hash[i];
  bits >>= 6;
  memcpy(out, "user-", 5);
  for (int i = 0; i < 10; i++)
    out[5 + i] = alphabet[(bits >> (5 * (9 - i))) & 31];
  out[15] = '\0';
}

struct pseudonymizer *pseudonymizer_new(struct corpus *c,
                                        enum pseudonym_mode mode,
                                        const char *key_file, unsigned strip)
{
  struct pseudonymizer *p = xcalloc(1, sizeof(*p));

  p->mode = mode;
  p->strip = strip;
  if (mode == PSEUDONYM_NAMES &&
      corpus_pseudonym_key(c, key_file, p->key) < 0) {
    pseudonymizer_free(p);
    return NULL;
  }
  return p;
}

void pseudonymizer_free(struct pseudonymizer *p)
{
  if (!p)
    return;
  sodium_memzero(p->key, sizeof(p->key));
  free(p);
}

enum pseudonym_mode pseudonymizer_mode(const struct pseudonymizer *p)
{
  return p ? p->mode : PSEUDONYM_OFF;
}

const char *pseudonymizer_name(struct pseudonymizer *p, const char *origin,
                               const char *name)
{
  if (!name || !p || p->mode == PSEUDONYM_OFF)
    return name;
  if (p->mode == PSEUDONYM_REDACT)
    return "REDACTED";
  pseudonym_make(p->key, origin, name, p->name);
  return p->name;
}

/* A byte that continues a word: ASCII letters and digits, '_', and any
 * byte of a multi-byte UTF-8 character (names are often not ASCII). */
static int is_word_byte(unsigned char ch)
{
  return isalnum(ch) || ch == '_' || ch >= 0x80;
}

/* Whether name (len bytes) occurs in text at i as a whole word,
 * compared without regard to ASCII case. */
static int name_at(const char *text, size_t i, size_t tlen, const char *name,
                   size_t len)
{
  if (!len || i + len > tlen || strncasecmp(text + i, name, len))
    return 0;
  if (i > 0 && is_word_byte((unsigned char)text[i - 1]) &&
      is_word_byte((unsigned char)name[0]))
    return 0;
  if (i + len < tlen && is_word_byte((unsigned char)text[i + len]) &&
      is_word_byte((unsigned char)name[len - 1]))
    return 0;
  return 1;
}

/* Length of an e-mail address starting at text[i] (a word start), or 0. */
static size_t email_at(const char *text, size_t i, size_t tlen)
{
  size_t j = i, at = 0;

  while (j < tlen) {
    unsigned char ch = (unsigned char)text[j];
    if (ch == '@' && !at && j > i)
      at = j;
    else if (!(isalnum(ch) || strchr("._%+-", ch)))
      break;
    j++;
  }
  while (j > i && text[j - 1] == '.')
    j--;
  if (!at || j <= at + 1)
    return 0;
  /* The domain needs a dot with something on both sides. */
  for (size_t k = at + 2; k + 1 < j; k++)
    if (text[k] == '.')
      return j - i;
  return 0;
}

/* Length of an http(s) or www. URL starting at text[i], or 0. */
static size_t url_at(const char *text, size_t i, size_t tlen)
{
  size_t j = i;

  if (!(tlen - i > 7 && !strncasecmp(text + i, "http://", 7)) &&
      !(tlen - i > 8 && !strncasecmp(text + i, "https://", 8)) &&
      !(tlen - i > 4 && !strncasecmp(text + i, "www.", 4)))
    return 0;
  while (j < tlen && !isspace((unsigned char)text[j]) && text[j] != '<' &&
         text[j] != '>' && text[j] != '"')
    j++;
  /* Trailing punctuation belongs to the sentence, not the URL. */
  while (j > i && strchr(".,;:!?)]'", text[j - 1]))
    j--;
  return j - i;
}

char *pseudonymizer_text(struct pseudonymizer *p, const char *origin,
                         const char *text, const char *const *names,
                         size_t nnames)
{
  struct strbuf out = STRBUF_INIT;
  size_t tlen, i = 0, run = 0; /* text[run..i) is still to be copied */

  if (!text)
    return NULL;
  tlen = strlen(text);
  if (!p || (p->mode == PSEUDONYM_OFF && !p->strip))
    return xstrdup(text);
  while (i < tlen) {
    int word_start = i == 0 || !is_word_byte((unsigned char)text[i - 1]);
    size_t best = 0, best_k = 0, n;

    if (!word_start) {
      i++;
      continue;
    }
    if ((p->strip & PSEUDONYM_STRIP_URLS) && (n = url_at(text, i, tlen))) {
      strbuf_add(&out, text + run, i - run);
      strbuf_addstr(&out, "[url]");
      run = i += n;
      continue;
    }
    if ((p->strip & PSEUDONYM_STRIP_EMAILS) &&
        (n = email_at(text, i, tlen))) {
      strbuf_add(&out, text + run, i - run);
      strbuf_addstr(&out, "[email]");
      run = i += n;
      continue;
    }
    /* The longest name that matches here ("Anna Maria" before "Anna"). */
    if (p->mode != PSEUDONYM_OFF)
      for (size_t k = 0; k < nnames; k++) {
        size_t len = names[k] ? strlen(names[k]) : 0;
        if (len > best && name_at(text, i, tlen, names[k], len)) {
          best = len;
          best_k = k;
        }
      }
    if (best) {
      strbuf_add(&out, text + run, i - run);
      strbuf_addstr(&out, pseudonymizer_name(p, origin, names[best_k]));
      run = i += best;
      continue;
    }
    i++;
  }
  strbuf_add(&out, text + run, tlen - run);
  return strbuf_detach(&out, NULL);
}
