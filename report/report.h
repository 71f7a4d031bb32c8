/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * report: the audit report researchers hand to their clients, from the
 * corpus and its newest stats run, as one self-contained HTML page (inline
 * CSS and SVG charts, no scripts), as Markdown (charts as SVG files beside
 * it) or as the JSON document both are drawn from.
 *
 * The data comes from corpus_report_data() (corpus/report_data.c); this
 * module adds the sentences, lays out and escapes.  It owns nothing that
 * outlives a call.
 */
#ifndef NETNO_REPORT_H
#define NETNO_REPORT_H

/* `netno report`: see netno(1). */
int cmd_report(int argc, char **argv);

#endif
