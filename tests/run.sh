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
# The unit runner's own exit status too: under valgrind (make valgrind) an
# error it finds shows only there, not in the runner's counts.
{ ${NETNO_WRAP:-} "$BUILD/unit-tests"; echo $? > "$log.unit"; } | tee -a "$log"
unit_status=$(cat "$log.unit")
rm -f "$log.unit"
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
if [ "$unit_status" != 0 ] && ! grep -q '^unit: .* [1-9][0-9]* failed$' "$log"; then
  echo "the unit runner exited with status $unit_status" >&2
  failed=$((failed + 1))
fi
[ "$failed" -eq 0 ] || status=1
echo "$passed passed, $failed failed"
exit $status
