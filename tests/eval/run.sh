#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Extraction evaluation: run `netno extract` over the gold pages in
# tests/data/eval-forums, score with tests/eval/score.py, print the table
# and fail when a figure falls below its floor in tests/eval/floors.txt.
# Floors only ever rise.  Ends with "eval: N passed, M failed".
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
bin=${NETNO_BIN:-$top/build/netno}
data=$top/tests/data/eval-forums
if ! command -v python3 >/dev/null 2>&1; then
  echo "skip eval (needs python3)"
  echo "eval: 0 passed, 0 failed"
  exit 0
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for page in "$data"/*.html; do
  name=$(basename "$page" .html)
  # the benchmark's gold posts include the text they quote
  ${NETNO_WRAP:-} "$bin" extract --url "$(cat "$data/$name.url")" \
    "$page" > "$out/$name.jsonl" 2> "$out/$name.err" ||
    echo "eval: extract failed on $name: $(head -1 "$out/$name.err")"
done
python3 "$here/score.py" "$data" "$out" > "$out/score.txt" || {
  echo "eval: scorer failed"; echo "eval: 0 passed, 1 failed"; exit 1; }
cat "$out/score.txt"
passed=0 failed=0
while read -r key floor; do
  case "$key" in ''|\#*) continue ;; esac
  got=$(awk -v k="$key" '$1 == k { print $2 }' "$out/score.txt")
  if [ -n "$got" ] && awk -v g="$got" -v f="$floor" 'BEGIN { exit !(g >= f) }'; then
    passed=$((passed + 1))
  else
    echo "FAIL eval $key: ${got:-missing} below the floor $floor"
    failed=$((failed + 1))
  fi
done < "$here/floors.txt"
echo "eval: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
