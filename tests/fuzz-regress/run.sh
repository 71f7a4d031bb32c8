#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Replay every fuzz harness, compiled without libFuzzer ($BUILD/fuzz-replay/
# NAME), on each input in tests/data/fuzz-regress/NAME (inputs that once
# crashed it) and fuzz/seeds/NAME.  One case per input: it passes when the
# harness exits 0 (no crash, no sanitizer report).  Ends with
# "fuzz: N passed, M failed".
BUILD=${BUILD:-build}
passed=0 failed=0
for bin in "$BUILD"/fuzz-replay/*; do
  [ -x "$bin" ] || continue
  name=$(basename "$bin")
  for input in tests/data/fuzz-regress/"$name"/* fuzz/seeds/"$name"/*; do
    [ -f "$input" ] || continue
    if ${NETNO_WRAP:-} "$bin" "$input" >/dev/null 2>&1; then
      passed=$((passed + 1))
    else
      failed=$((failed + 1))
      echo "FAIL fuzz $name $input"
    fi
  done
done
echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
