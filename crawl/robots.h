/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * robots: robots.txt parsing and matching per RFC 9309, for the crawler.
 * Internal header of crawl/.
 *
 * A struct robots holds the rules that apply to netno on one origin: the
 * groups of the robots.txt that name netno's product token (combined),
 * else the "*" groups (combined), else none (allow all).  It also keeps
 * the Crawl-delay of the selected groups and every Sitemap line.  It owns
 * all its strings; robots_free() releases them.  Nothing in it changes
 * after robots_parse(), so one object may be shared by readers.
 *
 * Group selection: a "User-agent:" value is reduced to its product token
 * (the leading run of letters, '_' and '-', so "netno/1.0" and "NetNo bot"
 * name "netno" while "netnobot" does not) and compared with the crawler's
 * token case-insensitively.  A value of "*" (alone or followed by
 * whitespace) names every crawler.  Consecutive User-agent lines (blank
 * lines between them do not count) share one group; a User-agent line
 * after an Allow, Disallow or Crawl-delay line starts a new group.  Rules
 * before the first User-agent line are ignored.  Sitemap lines belong to
 * no group and do not end one.
 *
 * Matching: the rule with the longest pattern (in octets, after
 * normalisation) that matches the start of the path decides; on a tie
 * Allow wins; no match allows.  '*' matches any run of octets, a final '$'
 * anchors the end.  Before comparing, both sides are normalised: %XX of
 * unreserved characters decoded, other %XX upper-cased, octets outside
 * printable ASCII (and the few ASCII characters URIs never carry literally)
 * percent-encoded.  So "/%7efoo" equals "/~foo" but "/foo%2Fbar" does not
 * equal "/foo/bar".  In the query (after the first '?') ':', '/', '?' and
 * '@' equal their encoded forms, as RFC 9309 section 2.2.2 shows.
 * "/robots.txt" is always allowed.
 *
 * Limits: the first ROBOTS_MAX_BODY bytes are parsed (a line cut there is
 * dropped), lines are cut at ROBOTS_MAX_LINE bytes, at most
 * ROBOTS_MAX_RULES rules and ROBOTS_MAX_SITEMAPS sitemaps are kept.
 */
#ifndef NETNO_CRAWL_ROBOTS_H
#define NETNO_CRAWL_ROBOTS_H

#include <stddef.h>

#define ROBOTS_MAX_BODY (500 * 1024)
#define ROBOTS_MAX_LINE 16384
#define ROBOTS_MAX_RULES 100000
#define ROBOTS_MAX_SITEMAPS 1000

struct robots;

/*
 * Parse a robots.txt body of len bytes (need not be NUL-terminated) and
 * keep the groups for product token agent ("netno"; anything after the
 * token, as in "netno/0.1", is ignored; NULL selects only "*" groups).
 * Never fails: garbage yields an object that allows everything.  Caller
 * frees with robots_free().
 */
struct robots *robots_parse(const char *body, size_t len, const char *agent);
/*
 * robots_parse() for a body as served, with its Content-Type (may be
 * NULL).  RFC 9309 wants UTF-8: a body in another charset named by
 * Content-Type (ISO-8859-1, windows-1252, ...) is converted to UTF-8
 * first, and bytes that are not valid UTF-8 (no charset named, or a
 * wrong one) are read as ISO-8859-1.  Paths with umlauts then compare
 * with URLs, whose non-ASCII characters are percent-encoded UTF-8.
 * Caller frees with robots_free().
 */
struct robots *robots_parse_response(const char *body, size_t len,
                                     const char *content_type,
                                     const char *agent);
/* For fetch outcomes without a body: 4xx allows all, 5xx and network
 * errors disallow all.  Caller frees with robots_free(). */
struct robots *robots_allow_all(void);
struct robots *robots_disallow_all(void);
/* robots_free(NULL) does nothing. */
void robots_free(struct robots *r);

/*
 * Is path_and_query (the request target: path, "?" and query, percent-
 * encoded as on the wire; "" counts as "/"; a "#fragment" is ignored)
 * allowed?  Returns 1 or 0.
 * When matched_rule is not NULL it receives the deciding rule as text,
 * such as "Disallow: /private" (normalised pattern; owned by r), or NULL
 * when no rule matched.
 */
int robots_allows(const struct robots *r, const char *path_and_query,
                  const char **matched_rule);
/* Crawl-delay in seconds of the selected groups (the first valid one), or
 * -1 when there is none.  Not part of RFC 9309. */
double robots_crawl_delay(const struct robots *r);
/* The Sitemap values, anywhere in the file, in file order; *urls points
 * into r.  Returns their number. */
size_t robots_sitemaps(const struct robots *r, const char *const **urls);
/* Number of rules kept for the selected groups (for logs and limits). */
size_t robots_rule_count(const struct robots *r);

#endif
