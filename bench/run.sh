#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Benchmarks: each bench/*.sh measures netno against a reference tool in
# the same run and appends its row to bench/RESULTS.md.
set -eu
cd "$(dirname "$0")/.."
found=0
for b in bench/bench-*.sh; do
  [ -e "$b" ] || continue
  found=1
  echo "== $b"
  sh "$b"
done
[ $found = 1 ] || echo "netno: no benchmarks yet"
