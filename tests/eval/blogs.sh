#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Blog evaluation: run `netno extract` over the pages in
# tests/data/eval-blogs and check their snippet-level ground truth with
# tests/eval/blogs.py (text that must and must not be extracted, comment
# snippets, author, date); print the table and fail when a share falls
# below its floor in tests/eval/blogs-floors.txt.  Floors only ever
# rise.  Ends with "blogs: N passed, M failed".
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
bin=${NETNO_BIN:-$top/build/netno}
if ! command -v python3 >/dev/null 2>&1; then
  echo "skip blogs (needs python3)"
  echo "blogs: 0 passed, 0 failed"
  exit 0
fi
out=$(mktemp)
trap 'rm -f "$out"' EXIT
python3 "$here/blogs.py" "$bin" "$top/tests/data/eval-blogs" > "$out" || {
  echo "blogs: scorer failed"; echo "blogs: 0 passed, 1 failed"; exit 1; }
cat "$out"
passed=0 failed=0
while read -r key floor; do
  case "$key" in ''|\#*) continue ;; esac
  got=$(awk -v k="$key" '$1 == k { print $2 }' "$out")
  if [ -n "$got" ] && awk -v g="$got" -v f="$floor" 'BEGIN { exit !(g >= f) }'; then
    passed=$((passed + 1))
  else
    echo "FAIL blogs $key: ${got:-missing} below the floor $floor"
    failed=$((failed + 1))
  fi
done < "$here/blogs-floors.txt"
echo "blogs: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
