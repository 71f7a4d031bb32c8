/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * stats: opinion leaders, communities and topics from the corpus (igraph,
 * GSL), stored per run.  igraph_t and gsl_* stay inside this module.
 */
#ifndef NETNO_STATS_H
#define NETNO_STATS_H

/* netno stats: leaders, roles and communities of the author network,
 * stored as a run in the corpus; a summary table on stdout. */
int cmd_stats(int argc, char **argv);

#endif
