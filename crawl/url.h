/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Internal to crawl/: URL handling for the forum and blog crawler.
 *
 *   - url_normalize(): resolve a link against its page and bring it into
 *     the one canonical form the frontier stores (http/https only, no
 *     fragment, no default port, punycode host, tidy percent-encoding,
 *     session ids removed).  Built on libcurl's URL API; CURLU handles
 *     never leave url.c.
 *   - url_origin(), url_host(), url_request_target(): pieces of a URL.
 *   - url_trap_reason(): crawler traps and noise (action links, endless
 *     calendars, repeated path segments, overlong URLs).
 *   - url_in_scope(): does a URL belong to the crawl started at a seed.
 *
 * The pure string helpers (session parameters, splitting, thread keys)
 * are declared in util/util.h and live in util/url.c, for parse/ too.
 *
 * Every char * handed out is a new string; the caller frees it with free().
 * Reason strings are static.  The rule lists (extra session parameters,
 * extra trap patterns, length cap) are process-wide settings, set once
 * before crawling; url_rules_reset() puts them back to the defaults.
 * Nothing here is thread-safe while the rules are being changed.
 */
#ifndef NETNO_CRAWL_URL_H
#define NETNO_CRAWL_URL_H

#include "util/util.h"

#include <stddef.h>

/* Longest URL url_normalize() produces; longer ones fail with "too-long". */
#define URL_NORMALIZE_MAX 65536
/* Default cap of url_trap_reason()'s "too-long". */
#define URL_TRAP_MAX_LENGTH 2048

/*
 * Resolve href against base (an absolute http or https URL) and normalise
 * the result:
 *   - surrounding whitespace and control characters trimmed, embedded tabs
 *     and newlines removed, backslashes before the query read as slashes
 *     (as browsers do); spaces, quotes, angle brackets and non-ASCII bytes
 *     outside the host percent-encoded as UTF-8;
 *   - the fragment dropped (a fragment-only or empty href is the base);
 *   - only http and https (other schemes fail with why "scheme");
 *     "http:g" with the base's own scheme reads as the relative "g";
 *   - scheme and host lower case, host in punycode, trailing dot of the
 *     host dropped, user and password dropped, default port dropped;
 *   - empty path becomes "/", dot segments removed;
 *   - percent-encoding: hex digits upper case, unreserved characters
 *     (A-Z a-z 0-9 - . _ ~) decoded, a stray '%' encoded as "%25";
 *   - session ids dropped: query parameters named in the session table
 *     (PHPSESSID, jsessionid, osCsid, zenid, sessionid, ...; "s" and "sid"
 *     only when their value is 32 hex digits) and ";jsessionid=..." path
 *     parameters; the order of the other parameters is kept; an empty
 *     query is dropped.
 * On success stores a new string in *out (caller frees) and returns 0.
 * On failure returns -1, *out is NULL and *why (when why is not NULL) a
 * static word: "scheme", "host", "malformed", "base", "too-long".
 * Nothing is printed: bad links are common and not errors of netno.
 */
int url_normalize(const char *base, const char *href, char **out,
                  const char **why);

/* "scheme://host[:port]" of an absolute URL, lower case, without a default
 * port; NULL when url cannot be parsed.  Caller frees. */
char *url_origin(const char *url);
/* The host of an absolute URL (punycode, lower case); NULL when url cannot
 * be parsed.  Caller frees. */
char *url_host(const char *url);
/* Path and query as sent in the request line ("/a/b?x=1", at least "/");
 * NULL when url cannot be parsed.  Caller frees. */
char *url_request_target(const char *url);

/*
 * NULL when a normalised URL is worth crawling, else a static reason:
 *   "too-long"           longer than the cap (URL_TRAP_MAX_LENGTH bytes)
 *   "repeated-segments"  one path segment three or more times (/a/b/a/b/a)
 *   "calendar"           calendars and date archives out of range
 *   "action"             reply, quote, edit, report, print, login, search,
 *                        member lists, sorting, mark-read, subscribe ...
 *   "excluded"           contains a substring added by url_trap_exclude_add
 * A URL containing a substring added by url_trap_include_add() is never a
 * trap except for "too-long".  The built-in patterns are a table in url.c.
 */
const char *url_trap_reason(const char *url);
/* Add a substring that marks a URL as a trap ("excluded").  Copied. */
void url_trap_exclude_add(const char *substring);
/* Add a substring that keeps a URL out of the trap patterns.  Copied. */
void url_trap_include_add(const char *substring);
/* Set the "too-long" cap in bytes (0 restores the default). */
void url_trap_set_max_length(size_t max);
/* Forget everything added above (and url_session_param_add()) and
 * restore the defaults. */
void url_rules_reset(void);

/*
 * Is url inside the crawl of seed?  Both are normalised URLs.  scope is
 *   "host"    same host
 *   "domain"  same registrable domain by the public suffix list
 *             (forum.example.co.uk and www.example.co.uk, not other.co.uk);
 *             IP addresses and hosts without one compare as hosts
 *   "prefix"  url begins with seed
 *   "all"     anything
 * Returns 1 or 0; -1 (reported) for an unknown scope.
 */
int url_in_scope(const char *url, const char *seed, const char *scope);

#endif
