/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * util: the small things every part of netno uses.
 *
 *   - xmalloc family: allocation that aborts on out-of-memory, so callers
 *     never check for NULL.
 *   - error(), warning(), die(): messages to stderr in one voice
 *     ("netno: error: cannot open 'x': No such file or directory").
 *   - log levels set by -q / -v: info() and verbose() obey them.
 *   - struct strbuf: a growable string with an optional size cap, for
 *     untrusted bytes (like curl's dynbuf with its "toobig" limit).
 *   - UTC time: ISO 8601 formatting and parsing.
 *   - struct progress: a progress line drawn only when stderr is a terminal,
 *     with the stage of a pipeline (`netno run`) in front.
 *   - URL string helpers (util/url.c) over normalised URLs: session
 *     parameters, splitting, thread keys.
 *
 * Nothing here owns global resources except the log level, the list of
 * extra session parameter names and the progress line's stage.
 */
#ifndef NETNO_UTIL_H
#define NETNO_UTIL_H

#include <stdarg.h>
#include <stdio.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#if defined(__GNUC__)
#define NETNO_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define NETNO_NORETURN __attribute__((noreturn))
#else
#define NETNO_PRINTF(f, a)
#define NETNO_NORETURN
#endif

/* ---- memory ---------------------------------------------------------- */

/* All abort with a message on out-of-memory; the caller frees with free(). */
void *xmalloc(size_t size);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *ptr, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* Grow *array (of element size elem) to hold at least need elements;
 * *alloc is updated.  Amortised doubling. */
void xgrow(void **array, size_t elem, size_t need, size_t *alloc);
/* printf into a new string; caller frees with free(). */
char *xasprintf(const char *fmt, ...) NETNO_PRINTF(1, 2);

/* ---- messages ---------------------------------------------------------- */

/* error() prints "netno: error: ..." and returns -1, so that
 * `return error("cannot open '%s': %s", path, strerror(errno));` works. */
int error(const char *fmt, ...) NETNO_PRINTF(1, 2);
void warning(const char *fmt, ...) NETNO_PRINTF(1, 2);
NETNO_NORETURN void die(const char *fmt, ...) NETNO_PRINTF(1, 2);

enum log_level { LOG_QUIET = 0, LOG_NORMAL = 1, LOG_VERBOSE = 2 };
void log_set_level(enum log_level level);
enum log_level log_get_level(void);
/* info(): progress notes and summaries, silenced by -q.
 * verbose(): detail shown only with -v.  Both go to stderr. */
void info(const char *fmt, ...) NETNO_PRINTF(1, 2);
void verbose(const char *fmt, ...) NETNO_PRINTF(1, 2);

/* ---- string buffer ----------------------------------------------------- */

/*
 * A NUL-terminated growable buffer.  Initialise with STRBUF_INIT or
 * strbuf_init(); release with strbuf_release().  cap == 0 means no cap;
 * otherwise adding past cap bytes fails with -1 and leaves the buffer
 * unchanged (the caller decides whether that is an error).  buf is never
 * NULL after init (points to a static "" until the first add).
 */
struct strbuf {
  char *buf;
  size_t len;
  size_t alloc;
  size_t cap;
};
extern char strbuf_empty[];
#define STRBUF_INIT {strbuf_empty, 0, 0, 0}

void strbuf_init(struct strbuf *sb, size_t cap);
void strbuf_release(struct strbuf *sb);
/* Hand the string to the caller (who frees it with free()) and reset. */
char *strbuf_detach(struct strbuf *sb, size_t *len);
/* A file written whole or not at all: atomic_file_open() opens
 * path.tmp (its name to *tmp) or reports and returns NULL;
 * atomic_file_close() with ok flushes, syncs and renames it over path,
 * without ok (or on any failure, reported) removes it.  Frees tmp;
 * 0 when path now holds the new file. */
FILE *atomic_file_open(const char *path, char **tmp);
int atomic_file_close(FILE *f, const char *path, char *tmp, int ok);
/* s cut or padded with spaces to exactly width terminal columns (wide
 * characters count two, combining marks none; bytes that are not UTF-8
 * show as '?'). */
void strbuf_add_columns(struct strbuf *sb, const char *s, int width);
void strbuf_reset(struct strbuf *sb);
/* Shorten to len bytes (no-op when already shorter). */
void strbuf_truncate(struct strbuf *sb, size_t len);
int strbuf_add(struct strbuf *sb, const void *data, size_t len);
int strbuf_addstr(struct strbuf *sb, const char *s);
int strbuf_addch(struct strbuf *sb, int c);
int strbuf_addf(struct strbuf *sb, const char *fmt, ...) NETNO_PRINTF(2, 3);
int strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap);
void strbuf_trim(struct strbuf *sb);
/* Read a whole file (or stdin for "-"); -1 with a message on failure or
 * when it exceeds the cap. */
int strbuf_read_file(struct strbuf *sb, const char *path);

/* ---- strings ----------------------------------------------------------- */

int starts_with(const char *s, const char *prefix);
int ends_with(const char *s, const char *suffix);
/* ASCII case-insensitive versions (for protocol tokens, not text). */
int istarts_with(const char *s, const char *prefix);

/* ---- time -------------------------------------------------------------- */

/* Seconds since the epoch, UTC.  All stored times are int64 UTC seconds. */
int64_t now_utc(void);
/* "2024-05-01T12:34:56Z" into buf (at least 21 bytes); returns buf. */
char *time_format_iso(int64_t t, char *buf, size_t size);
/* Same, with an offset in minutes east of UTC: "2024-05-01T14:34:56+02:00".
 * Needs at least 26 bytes. */
char *time_format_iso_offset(int64_t t, int offset_min, char *buf,
                             size_t size);
/*
 * Parse ISO 8601 / RFC 3339: "2024-05-01", "2024-05-01T12:34",
 * "2024-05-01T12:34:56.789+02:00", "2024-05-01 12:34:56Z", "20240501T1234Z".
 * A time without an offset is taken as UTC.  On success stores the UTC
 * seconds in *t and, when offset_min is not NULL, the offset in minutes
 * (0 when none was given) and returns 0; -1 when the text is not a valid
 * date.  Trailing garbage is an error.
 */
int time_parse_iso(const char *s, int64_t *t, int *offset_min);
/* timegm() on broken-down UTC fields, checked: -1 on an invalid date
 * (month 13, 31 February); month 1..12. */
int time_from_fields(int year, int month, int day, int hour, int min, int sec,
                     int64_t *t);

/* ---- URLs (util/url.c) ------------------------------------------------- */

/* Spans of an absolute, normalised URL: [0, path) is "scheme://authority";
 * query and query_len are 0 when there is no query. */
struct url_spans {
  size_t path, path_len;
  size_t query, query_len;
  int has_query;
};
/* Split url (no resolution: it is normalised already); -1 when it has no
 * "://". */
int url_split(const char *url, struct url_spans *sp);

/* The segments of a path, the spans between slashes.  url_segments_split()
 * fills sg; the caller frees sg->item with free(). */
struct url_segments {
  struct {
    const char *s;
    size_t n;
  } *item;
  size_t nr, alloc;
};
void url_segments_split(const char *path, size_t len,
                        struct url_segments *sg);

/* Called for each query parameter (n may be 0); appends what to keep. */
typedef void url_param_fn(const char *p, size_t n, struct strbuf *out,
                          void *ctx);
/* Append the parameters of the query q (n bytes, without '?') that fn
 * keeps, in their order, each after the separator ('&' or ';') that came
 * before it in q.  Empty parameters go. */
void url_query_filter(const char *q, size_t n, struct strbuf *out,
                      url_param_fn *fn, void *ctx);
/* Does the query (n bytes) hold a parameter named text, or equal to text
 * ("key=value") when pair is set? */
int url_query_has(const char *q, size_t n, const char *text, int pair);

/* Is the query parameter at p (n bytes, "name=value" or "name") a session
 * id: PHPSESSID, jsessionid, osCsid, zenid, sessionid, ...; "s" and "sid"
 * only when their value is 32 hex digits; or a name added below? */
int url_is_session_param(const char *p, size_t n);
/* Add a query parameter name (case-insensitive) that counts as a session
 * id.  Copied.  url_session_params_reset() forgets the added names. */
void url_session_param_add(const char *name);
void url_session_params_reset(void);
/* The value of hexadecimal digit c, or -1 when c is none. */
int hex_digit_value(int c);

/*
 * The thread URL of a normalised page URL with its pagination removed,
 * and where that page sits in the thread.  Known pagination only:
 *   query  page=N, pg=N, pagenumber=N, cpage=N (page numbers);
 *          start=N (phpBB, an item offset); session ids
 *   path   /page-N (XenForo), /seite-N (German styles), /page/N/
 *          (WordPress), /pageN (vBulletin 4 and 5), /comment-page-N/
 *          (WordPress comments), NNN-title-N.html (vBSEO),
 *          thread-N-page-M.html (MyBB)
 *   SMF    topic=5.20 or /topic,5.20.html (offset 20): topic=5.0
 *   Discourse  /t/slug/123/45 (45 is a post number): /t/slug/123
 *   phpBB  viewtopic.php drops f= when t= is present (both forms occur)
 * p= is left alone (a post id in phpBB).  *page (when not NULL) gets the
 * page number the URL names, 0 when it names only an item offset; *offset
 * (when not NULL) gets that offset, -1 when the URL names only a page
 * number.  The first page is always page 1 and offset 0, whether it is
 * named (page=1, start=0, topic=5.0) or not.  Order the pages of a thread
 * by offset when both have one, else by page.  vBSEO names ("12-title-2"
 * is page 2) cannot be told from blog slugs by the URL alone; numbers above
 * 999 are not taken as pages.  Returns NULL when url has no "://"; caller
 * frees.
 */
char *url_thread_key(const char *url, int *page, long *offset);

/* ---- progress ---------------------------------------------------------- */

/*
 * A one-line progress display on stderr, redrawn at most ten times a
 * second, only when stderr is a terminal and the log level is not quiet.
 * total may be 0 when unknown.  progress_new() never fails;
 * progress_free(NULL) does nothing; progress_free() clears the line.
 */
struct progress;
struct progress *progress_new(const char *label, uint64_t total);
void progress_update(struct progress *p, uint64_t done);
/* Extra text after the counts, e.g. "3 failed, 2 hosts waiting". */
void progress_set_note(struct progress *p, const char *note);
void progress_free(struct progress *p);
/* Does p draw at all (stderr a terminal, not quiet)?  Lets callers skip
 * work done only for the display. */
int progress_is_drawing(const struct progress *p);
/* Take the line off the screen, if one is there (messages do this before
 * they print; so must a command before it prints to stdout while a stage
 * is set). */
void progress_clear(void);
/*
 * Stages of a pipeline run in one process: progress_stage_set() says that
 * stage k of n, called name, begins, and draws "[k/n] name" at once; the
 * lines of every progress until progress_stage_end() carry "[k/n] " and
 * the time since stage 1 began.  Off a terminal they draw nothing.
 */
void progress_stage_set(int k, int n, const char *name);
void progress_stage_end(void);

/* ---- subcommand helpers ------------------------------------------------ */

/*
 * What a subcommand says about itself: its synopsis ("status [--json]")
 * and its option help, printed by `netno CMD --help` and `netno help CMD`.
 * Keep them in step with netno.1 (a test compares them).
 */
struct cmd_usage {
  const char *name;
  const char *synopsis;
  const char *help;
};
/* Print "netno: error: MSG", the synopsis and a hint to stderr; returns 2,
 * the exit status for usage errors. */
int cmd_usage_error(const struct cmd_usage *u, const char *fmt, ...)
    NETNO_PRINTF(2, 3);
/* Print the full help to stdout; returns 0. */
int cmd_print_help(const struct cmd_usage *u);
/* Report the getopt_long failure for argv (after getopt returned '?' or
 * ':'), via cmd_usage_error(); returns 2. */
int cmd_bad_option(const struct cmd_usage *u, char **argv);
/* Parse a non-negative integer option value; -1 with a usage message. */
int cmd_parse_uint(const struct cmd_usage *u, const char *opt,
                   const char *text, unsigned long *out);

#endif
