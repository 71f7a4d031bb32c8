/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Internal to corpus/: mbox archives (mailing lists, Usenet) into messages
 * for `netno import`.  Pure parsing, no SQLite: the import code stores each
 * message as a post, threads it by Message-ID / In-Reply-To / References and
 * records its quotes.
 *
 * A reader streams one message at a time (memory bounded by
 * MBOX_MESSAGE_MAX however large the archive).  Messages are separated by
 * "From " lines (mboxo / mboxrd; ">From " in bodies is unescaped); a file
 * without any "From " line is one message.
 *
 * Ownership: struct mbox_message is filled by mbox_next() or
 * mbox_parse_message() and owns every string in it; the caller releases it
 * with mbox_message_release() (which leaves it zeroed, ready for reuse).
 * The reader is freed by mbox_close(); mbox_close(NULL) does nothing.
 */
#ifndef NETNO_CORPUS_MBOX_H
#define NETNO_CORPUS_MBOX_H

#include <stddef.h>
#include <stdint.h>

/* Bytes of one message kept (headers and body); the rest is dropped and
 * the message marked truncated. */
#define MBOX_MESSAGE_MAX (16u * 1024 * 1024)
/* References kept per message: the first and the most recent ones. */
#define MBOX_REFERENCES_MAX 128

struct mbox_message {
  /* Message-ID without <>; when the message has none, a stable id made
   * from a hash of From, Date, Subject and the body, ending in
   * "@netno.invalid", and id_synthesized is 1.  Never NULL. */
  char *message_id;
  int id_synthesized;
  /* The parent: In-Reply-To's id, or when that has none the last
   * References id; NULL for a thread starter. */
  char *in_reply_to;
  char **references; /* ids, oldest first */
  size_t nreferences;
  char *from_name; /* decoded display name, NULL when none */
  char *from_addr; /* address as written ("x@y"), NULL when none */
  char *subject;   /* decoded UTF-8, NULL when none */
  /* subject without Re:/AW:/Fwd:/WG:/SV: and [list] prefixes; NULL when
   * subject is NULL */
  char *thread_subject;
  int64_t date; /* UTC seconds when has_date */
  int has_date;
  int offset_min;     /* the Date: zone, minutes east of UTC */
  char *date_text;    /* the Date: header as written, NULL when none */
  char *newsgroups;   /* Newsgroups: header, NULL when none */
  char *content_type; /* "text/plain" etc. of the part text came from */
  /* Body as UTF-8 NFC: the text/plain part (text/html made rough text when
   * there is no plain one), decoded, quoted lines, their attribution line
   * and the signature ("-- ") removed.  Never NULL. */
  char *text;
  /* The quoted lines removed from text, without their '>' / '|>'
   * markers, joined with '\n'.  Never NULL. */
  char *quoted;
  /* Name in the attribution line before the first quote ("In article
   * <id>, X writes:", "X wrote:", "Am ... schrieb X:"), else NULL. */
  char *quote_attribution;
  /* The id in an "In article <id>" attribution, else NULL. */
  char *quote_message_id;
  int truncated;   /* the message was over MBOX_MESSAGE_MAX */
  uint64_t offset; /* byte offset of the message ("From " line) in file */
};

struct mbox_reader;

/* Open an mbox file ("-" for stdin); NULL after error() on failure. */
struct mbox_reader *mbox_open(const char *path);
/* Read the next message into m (which must not hold one: release it
 * first).  1 = got one, 0 = end of file, -1 = read error (reported). */
int mbox_next(struct mbox_reader *r, struct mbox_message *m);
void mbox_close(struct mbox_reader *r);
/* The next message unparsed, for storing as it was: its From_ line (when
 * the file has one) and the message, *len bytes owned by r until the next
 * call; *offset is where it starts in the file.  1, 0 at the end, -1 on a
 * read error.  mbox_parse_message() reads such bytes back. */
int mbox_next_raw(struct mbox_reader *r, const char **data, size_t *len,
                  uint64_t *offset);
/* Does this look like the start of one RFC 5322 message (a header block
 * of known fields)? */
int mbox_looks_like_message(const char *data, size_t len);

/* Parse one message (headers and body, optionally preceded by a "From "
 * line) from memory.  Never fails on malformed input: returns 0 and fills
 * m with what could be understood; -1 only when data is NULL. */
int mbox_parse_message(const char *data, size_t len, struct mbox_message *m);
/* Free everything m holds and zero it. */
void mbox_message_release(struct mbox_message *m);

/* Exposed for tests and for other importers (news, WARC'd mail). */

/* Decode RFC 2047 encoded-words in a header value into UTF-8 NFC; raw
 * 8-bit bytes are taken as UTF-8 when valid, else windows-1252.  Caller
 * frees with free(). */
char *mbox_decode_header(const char *value);
/* Parse an RFC 5322 date (with obsolete forms and asctime); 0 with the UTC
 * seconds and the zone offset in minutes, or -1. */
int mbox_parse_date(const char *text, int64_t *t, int *offset_min);
/* Subject without reply/forward and [list] prefixes; caller frees. */
char *mbox_thread_subject(const char *subject);

#endif
