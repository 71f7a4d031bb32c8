#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Run the unit tests, the CLI golden cases, the extraction evaluations
# (forums, blogs) and the fuzz regression replay; end with one line
# "N passed, M failed" and a non-zero exit status when anything failed.
BUILD=${BUILD:-build}
top=$(pwd)
log=$(mktemp)
trap 'rm -f "$log"' EXIT

status=0
${NETNO_WRAP:-} "$BUILD/unit-tests" | tee -a "$log" || status=1
NETNO_BIN="$top/$BUILD/netno" sh tests/cli/run.sh | tee -a "$log" || status=1
NETNO_BIN="$top/$BUILD/netno" sh tests/eval/run.sh | tee -a "$log" || status=1
NETNO_BIN="$top/$BUILD/netno" sh tests/eval/blogs.sh | tee -a "$log" || status=1
BUILD=$BUILD NETNO_WRAP="${NETNO_WRAP:-}" sh tests/fuzz-regress/run.sh | tee -a "$log" || status=1

# Each runner ends with "NAME: ... N passed, M failed".
sums=$(sed -n 's/^[a-z]*: .*[^0-9]\([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed$/\1 \2/p; s/^[a-z]*: \([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed$/\1 \2/p' "$log" |
  awk '{ p += $1; f += $2; n++ } END { printf "%d %d %d", p, f, n }')
set -- $sums
passed=$1 failed=$2 runners=$3
if [ "$runners" -lt 5 ]; then
  echo "a test runner did not finish" >&2
  failed=$((failed + 1))
fi
[ "$failed" -eq 0 ] || status=1
echo "$passed passed, $failed failed"
exit $status
