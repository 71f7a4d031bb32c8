#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Crawl benchmark: a generated static forum archive (at least 20,000
# pages, written by the test server's generator) served by nginx on
# 127.0.0.1, crawled by GNU wget2 (--recursive, --max-threads equal to
# netno's concurrency, robots.txt on) and by netno (no delay, robots.txt
# on, every page stored in the corpus).  Pages/s, CPU seconds per 1,000
# pages and peak RSS of both, from one run, go to bench/RESULTS.md.
set -eu
cd "$(dirname "$0")/.."
THREADS=${BENCH_CRAWL_THREADS:-6000}
CONC=16
for tool in nginx wget2 /usr/bin/time; do
  command -v "$tool" >/dev/null 2>&1 || {
    echo "bench-crawl: needs $tool (make deps installs it)" >&2; exit 1; }
done
make -s build/netno build/test-server >/dev/null

work=$(mktemp -d)
chmod 755 "$work" # nginx workers read the site as another user
cleanup() {
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

port=$((20000 + $$ % 20000))
base="http://127.0.0.1:$port"
build/test-server --write-dir "$work/site" --base-url "$base" \
  --threads "$THREADS" --posts-per-page 10 >/dev/null
pages=$(find "$work/site" -name '*.html' | wc -l)
mkdir -p "$work/logs"
cat > "$work/nginx.conf" <<CONF
daemon on;
worker_processes 2;
pid $work/nginx.pid;
error_log $work/logs/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  default_type text/html;
  types { text/html html; text/plain txt; application/xml xml; }
  client_body_temp_path $work/tmp;
  proxy_temp_path $work/tmp;
  fastcgi_temp_path $work/tmp;
  uwsgi_temp_path $work/tmp;
  scgi_temp_path $work/tmp;
  server { listen 127.0.0.1:$port; root $work/site; index index.html; }
}
CONF
mkdir -p "$work/tmp"
nginx -p "$work" -c "$work/nginx.conf"
sleep 0.5

# "elapsed user sys maxrss_kb" of a command, from GNU time.
measure() {
  /usr/bin/time -f "%e %U %S %M" -o "$work/time.txt" "$@" >/dev/null 2>"$work/last.err" || cat "$work/last.err" >&2
  cat "$work/time.txt"
}

set -- $(measure wget2 --recursive --level=inf --max-threads=$CONC \
  --no-parent -q -P "$work/wget" "$base/")
w_s=$1 w_cpu=$(echo "$2 + $3" | bc) w_rss=$4
w_pages=$(find "$work/wget" -name '*.html' | wc -l)

set -- $(measure build/netno -q --db "$work/b.db" crawl --delay 0 \
  --concurrency $CONC --per-host $CONC --max-depth 1000 "$base/")
n_s=$1 n_cpu=$(echo "$2 + $3" | bc) n_rss=$4
n_pages=$(build/netno --db "$work/b.db" status --json |
  sed -n 's/^    "total": \([0-9]*\),/\1/p' | head -1)

rate() { echo "scale=0; $1 / $2" | bc; }
per_k() { echo "scale=2; $1 * 1000 / $2" | bc; }
w_rate=$(rate "$w_pages" "$w_s") n_rate=$(rate "$n_pages" "$n_s")
line="| crawl, $pages-page static forum on nginx, concurrency $CONC | $n_pages pages, $n_rate pages/s, $(per_k "$n_cpu" "$n_pages") CPU-s/1k pages, $((n_rss / 1024)) MB | wget2: $w_pages pages, $w_rate pages/s, $(per_k "$w_cpu" "$w_pages") CPU-s/1k pages, $((w_rss / 1024)) MB | speed $(echo "scale=2; $n_rate / $w_rate" | bc)x | >= 1x wget2, < 100 MB | $(date +%Y-%m-%d) |"
echo "$line"
echo "$line" >> bench/RESULTS.md
