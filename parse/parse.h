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

#endif
