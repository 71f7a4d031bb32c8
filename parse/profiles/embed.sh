#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Turn the profile files named on the command line into C tables of
# lines, so that the built-in profiles are the same text a user edits.
# One string per line keeps every literal short (C17 promises 4095
# characters per string literal, no more).
echo "/* generated from parse/profiles/ by embed.sh: do not edit */"
n=0
for f in "$@"; do
  echo "static const char *const builtin_lines_$n[] = {"
  sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/    "/' -e 's/$/\\n",/' "$f"
  echo "    NULL,"
  echo "};"
  n=$((n + 1))
done
echo "static const struct builtin_profile {"
echo "  const char *file;"
echo "  const char *const *lines;"
echo "} builtin_profiles[] = {"
n=0
for f in "$@"; do
  printf '    {"%s", builtin_lines_%d},\n' "$(basename "$f")" "$n"
  n=$((n + 1))
done
echo "};"
