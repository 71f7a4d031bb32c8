#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Extraction speed (issue 4): the evaluation pages (tests/data/eval-forums
# and the blog pages in tests/data/eval-blogs) through extract_page(),
# what `netno extract` does short of printing JSON, beside libxml2 alone
# parsing the same bytes with htmlReadMemory(), both timed in one process
# by build/bench-parse (bench/parse.c) over repetitions of all pages, the
# fastest repetition of each.
# Goal: extraction costs at most twice the bare parse.
# Usage: sh bench/bench-parse.sh [MIN_SECONDS]
set -eu
cd "$(dirname "$0")/.."
min=${1:-5}
make -s build/bench-parse
pages=$(find tests/data/eval-forums tests/data/eval-blogs -name '*.html' | sort)
# shellcheck disable=SC2086
line=$(build/bench-parse --min-seconds "$min" $pages)
echo "$line"
get() { echo "$line" | awk -v k="$1" '{ for (i = 1; i < NF; i++) if ($i == k) print $(i + 1) }'; }
n=$(get pages)
mb=$(echo "scale=1; $(get bytes) / 1000000" | bc)
printf '| parse, %s evaluation pages (%s MB), extract_page per page | %s MB/s (%s CPU-s per pass, %s posts) | libxml2 htmlReadMemory: %s MB/s (%s CPU-s) | extract/parse %sx | <= 2x | %s |\n' \
  "$n" "$mb" "$(get extract_mbs)" "$(get extract_s)" "$(get posts)" \
  "$(get parse_mbs)" "$(get parse_s)" "$(get ratio)" "$(date -u +%Y-%m-%d)" >> bench/RESULTS.md
tail -1 bench/RESULTS.md
