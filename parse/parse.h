/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * parse: from a page to posts with author, time, text, thread and reply
 * relations (site profiles, schema.org, a generic detector).  xmlDoc*
 * stays inside this module.
 *
 * Not available yet: `netno parse` and `netno extract` report so and
 * exit 1.
 */
#ifndef NETNO_PARSE_H
#define NETNO_PARSE_H

#endif
