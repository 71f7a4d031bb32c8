/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * stats: opinion leaders, communities and topics from the corpus (igraph,
 * GSL), stored per run.  igraph_t and gsl_* stay inside this module.
 *
 * Not available yet: `netno stats` reports so and exits 1.
 */
#ifndef NETNO_STATS_H
#define NETNO_STATS_H

#endif
