#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Run each libFuzzer harness named on the command line for FUZZ_SECONDS
# (default 60) on its corpus in $BUILD/corpus/NAME: a copy of the
# seeds (fuzz/seeds/NAME, inputs taken from tests/data and the unit test
# fixtures, tests/data/fuzz-regress/NAME) that keeps what the fuzzer adds
# between runs.  Fails when a harness crashes, leaks or hangs, naming the
# reproducer; logs are in $BUILD/log/NAME.log.
set -u
BUILD=${BUILD:-build/fuzz}
FUZZ_SECONDS=${FUZZ_SECONDS:-60}
top=$(pwd)
status=0

# Longest input per harness (bytes).
max_len() {
  case $1 in
  date) echo 256 ;;
  url) echo 4096 ;;
  profile) echo 8192 ;;
  extract) echo 32768 ;;
  robots | jsonld | charset) echo 16384 ;;
  warc) echo 262144 ;;
  *) echo 65536 ;;
  esac
}

# Fill corpus directory $2 for harness $1.
seed() {
  name=$1 dir=$2
  mkdir -p "$dir"
  [ -d "fuzz/seeds/$name" ] && cp fuzz/seeds/"$name"/* "$dir"/ 2>/dev/null
  [ -d "tests/data/fuzz-regress/$name" ] &&
    cp tests/data/fuzz-regress/"$name"/* "$dir"/ 2>/dev/null
  case $name in
  extract)
    # URL line, then the page, as the harness reads it
    for html in tests/data/eval-forums/*.html; do
      base=${html%.html}
      { cat "$base.url"; echo; cat "$html"; } >"$dir/eval-$(basename "$base")"
    done
    cp tests/data/extract/*.html tests/data/charset/*.html "$dir"/ ;;
  url)
    for u in tests/data/eval-forums/*.url; do
      cp "$u" "$dir/eval-$(basename "$u")"
    done
    python3 fuzz/c-strings.py rows 2 tests/unit/test_url.c "$dir" ;;
  date) python3 fuzz/c-strings.py rows 1 tests/unit/test_date.c "$dir" ;;
  robots) python3 fuzz/c-strings.py arrays tests/unit/test_robots.c "$dir" ;;
  sitemap) python3 fuzz/c-strings.py arrays tests/unit/test_sitemap.c "$dir" ;;
  charset) cp tests/data/charset/*.html "$dir"/ ;;
  warc)
    for w in tests/data/warc/*.warc.gz; do
      cp "$w" "$dir"/
      gzip -dc "$w" >"$dir/$(basename "$w" .gz)"
    done ;;
  mbox) cp tests/data/mbox/*.mbox tests/data/mbox/20news/* "$dir"/ ;;
  profile) cp parse/profiles/*.profile "$dir"/ ;;
  esac
}

mkdir -p "$BUILD/log"
for name in "$@"; do
  bin=$BUILD/fuzz-bin/$name
  corpus=$BUILD/corpus/$name
  crashes=$BUILD/crashes/$name
  log=$BUILD/log/$name.log
  seed "$name" "$corpus"
  mkdir -p "$crashes"
  dict=
  [ -f "fuzz/$name.dict" ] && dict="-dict=$top/fuzz/$name.dict"
  # stderr of the harness (netno's error messages) is closed; libFuzzer's
  # and the sanitizers' reports still reach the log
  "$bin" -max_total_time="$FUZZ_SECONDS" -max_len="$(max_len "$name")" \
    -timeout=30 -rss_limit_mb=2048 -close_fd_mask=2 -print_final_stats=1 \
    -artifact_prefix="$crashes/" $dict "$corpus" >"$log" 2>&1
  rc=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
  units=$(ls "$corpus" | wc -l)
  if [ $rc -eq 0 ]; then
    echo "fuzz $name: ${execs:-?} runs, ${rate:-?}/s, corpus $units"
  else
    status=1
    echo "fuzz $name: FAILED (exit $rc), log $log"
    grep -E '^==[0-9]+==ERROR|SUMMARY|runtime error' "$log" | head -5
    sed -n 's|.*Test unit written to \(.*\)$|reproduce: '"$bin"' \1|p' "$log"
  fi
done
exit $status
