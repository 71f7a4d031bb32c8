#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Topic clustering speed (issue 6).
#
# 1. The 20 Newsgroups training half (tests/data/20news, 11,314 posts),
#    20 topics, from the texts in memory to labelled topics: netno's
#    model (build/bench-topics) beside scikit-learn's TF-IDF +
#    TruncatedSVD(100) + KMeans(20, 10 restarts) (Debian python3-sklearn,
#    bench/topics_sklearn.py) on the very same texts, as a ratio of wall
#    times, each with its NMI against the newsgroup labels.  Goal: at
#    least 3x faster at equal or better NMI.
# 2. 1,000,000 generated posts, K chosen by netno (--topics auto): wall
#    time and peak RSS.  Goal: under 3 minutes and 4 GB.
# Usage: sh bench/bench-topics.sh [POSTS]
set -eu
cd "$(dirname "$0")/.."
posts=${1:-1000000}
py=/usr/bin/python3
[ -x "$py" ] || py=python3
make -s build/bench-topics
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

tv() { # tv OUT CMD...: run with /usr/bin/time -v into OUT.time
  out=$1
  shift
  /usr/bin/time -v "$@" > "$out" 2> "$out.time"
}
field() { sed -n "s/.*$1: //p" "$2"; }

tv "$work/netno" build/bench-topics \
  --news tests/data/20news/20news-bydate-train.tar.gz --dump "$work/docs.jsonl"
tv "$work/sk" "$py" bench/topics_sklearn.py "$work/docs.jsonl" 20
cat "$work/netno" "$work/sk"
n_s=$(awk '{print $8}' "$work/netno"); n_nmi=$(awk '{print $10}' "$work/netno")
s_s=$(awk '{print $2}' "$work/sk"); s_nmi=$(awk '{print $4}' "$work/sk")
n_cpu=$(echo "$(field 'User time (seconds)' "$work/netno.time") + $(field 'System time (seconds)' "$work/netno.time")" | bc)
s_cpu=$(echo "$(field 'User time (seconds)' "$work/sk.time") + $(field 'System time (seconds)' "$work/sk.time")" | bc)
ratio=$(echo "scale=1; $s_s / $n_s" | bc)
printf '| topics, 20news train (11314 posts), k=20, tokenise to labels | %s s (%s CPU-s), NMI %s | scikit-learn: %s s (%s CPU-s), NMI %s | %sx faster | >= 3x, NMI >= reference | %s |\n' \
  "$n_s" "$n_cpu" "$n_nmi" "$s_s" "$s_cpu" "$s_nmi" "$ratio" "$(date -u +%Y-%m-%d)" >> bench/RESULTS.md

tv "$work/big" build/bench-topics --synthetic "$posts" --k 0
cat "$work/big"
wall=$(field 'Elapsed (wall clock) time (h:mm:ss or m:ss)' "$work/big.time")
rss=$(field 'Maximum resident set size (kbytes)' "$work/big.time")
k=$(awk '{print $6}' "$work/big")
echo "netno topics, $posts posts: wall $wall, peak RSS $((rss / 1024)) MB, k $k"
printf '| topics, %s generated posts, --topics auto (k=%s), model in memory | %s, %s MB | - | - | < 3 min, < 4 GB | %s |\n' \
  "$posts" "$k" "$wall" "$((rss / 1024))" "$(date -u +%Y-%m-%d)" >> bench/RESULTS.md
