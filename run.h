/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `netno run`: the whole pipeline in one command (run.c). */
#ifndef NETNO_RUN_H
#define NETNO_RUN_H

int cmd_run(int argc, char **argv);

#endif
