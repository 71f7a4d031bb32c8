/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * report: the audit report (HTML with SVG charts, Markdown, JSON) from the
 * corpus and its latest stats run.
 *
 * Not available yet: `netno report` reports so and exits 1.
 */
#ifndef NETNO_REPORT_H
#define NETNO_REPORT_H

#endif
