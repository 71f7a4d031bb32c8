/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The qdpx export: not written yet. */
#include "corpus/export.h"
#include "util/util.h"

int export_qdpx(struct corpus *c, const struct export_opts *o, FILE *out)
{
  (void)c;
  (void)out;
  error("export format '%s' is not available yet", o->format);
  return -1;
}
