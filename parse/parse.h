/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * parse: from a page to posts with author, time, text, thread and reply
 * relations (site profiles, schema.org, a generic detector).  xmlDoc*
 * stays inside this module; parse/extract.h is its internal header.
 */
#ifndef NETNO_PARSE_H
#define NETNO_PARSE_H

/* `netno extract FILE [--url URL] [--profile FILE] [--explain]`: print
 * the posts of one saved page as JSON lines; returns the exit status. */
int cmd_extract(int argc, char **argv);
/* `netno parse [--all] [--profile FILE]... [--engine NAME [--site HOST]]
 * [--list-engines]`: extract from the corpus pages; returns the exit
 * status. */
int cmd_parse(int argc, char **argv);
/* Does name name an engine (see --engine)?  0, or -1 with a message
 * naming the nearest ones; for `netno run`, before it crawls. */
int parse_engine_check(const char *name);

/* Does the URL name a login page (/login, /signin, ucp.php?mode=login,
 * member.php?action=login, ...)?  1 or 0; for the crawler, which sees
 * redirects before parse sees pages (parse/detect.c). */
int detect_login_url(const char *url);

/* Is a fetched page a login wall where content was expected (a login
 * form and little else, or 401/403)?  1 or 0; for the crawler's check
 * that --cookies give a session (parse/detect.c). */
int detect_login_wall_page(const char *body, size_t len, const char *url,
                           int status);

#endif
