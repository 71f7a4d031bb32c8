#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Turn the profile files named on the command line into a C table of
# strings, so that the built-in profiles are the same text a user edits.
echo "/* generated from parse/profiles/ by embed.sh: do not edit */"
echo "static const struct builtin_profile {"
echo "  const char *file;"
echo "  const char *text;"
echo "} builtin_profiles[] = {"
for f in "$@"; do
  printf '    {"%s",\n' "$(basename "$f")"
  sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/     "/' -e 's/$/\\n"/' "$f"
  echo "    },"
done
echo "};"
