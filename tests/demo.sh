#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The demo: serve the generated demo community (a bike maker's support
# forum and blog, tests/server/README.md) on 127.0.0.1, run netno on it
# into demo/netno.db and write demo/report.html.  `make demo` runs this.
#
#   BUILD          build folder (default build)
#   DEMO_THREADS   forum topics (default 200: about 4,000 posts)
#   DEMO_DIR       where the corpus and the report go (default demo)
#
# The server's port, pid and request log are under $BUILD/demo/.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-build}
netno="$top/$build/netno"
server="$top/$build/test-server"
out=${DEMO_DIR:-$top/demo}
run="$top/$build/demo"
threads=${DEMO_THREADS:-200}
brand=AcmeSupport

for f in "$netno" "$server"; do
  [ -x "$f" ] || { echo "demo: no $f; run 'make demo'" >&2; exit 1; }
done
mkdir -p "$out" "$run"
db="$out/netno.db"
rm -f "$db" "$db-wal" "$db-shm" "$out/report.html" "$run/port" "$run/pid"

"$server" --demo --threads "$threads" --posts-per-page 8 --blog-posts 40 \
  --port-file "$run/port" --pid-file "$run/pid" --log "$run/requests.log" \
  --max-seconds 600 2> "$run/server.err" &
i=0
while [ ! -s "$run/port" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
if [ ! -s "$run/port" ]; then
  echo "demo: the test server did not start:" >&2
  cat "$run/server.err" >&2
  exit 1
fi
stop_server() {
  if [ -s "$run/pid" ]; then
    kill "$(cat "$run/pid")" 2> /dev/null || :
    i=0
    while [ -e "$run/pid" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
  fi
}
trap stop_server EXIT INT TERM
base="http://127.0.0.1:$(cat "$run/port")/"
echo "demo: serving the demo community ($threads topics) at $base"

now() { date +%s.%N; }
# seconds since $1, to a tenth
since() { awk -v a="$(now)" -v b="$1" 'BEGIN { printf "%.1f", a - b }'; }
start=$(now)
# step NAME COMMAND...: run one stage and say how long it took.
step() {
  name=$1
  shift
  t0=$(now)
  "$@"
  echo "demo: $name took $(since "$t0") s"
}

step run "$netno" --db "$db" run --delay 0 --concurrency 8 --per-host 8 \
  --brand "$brand" --seed 1 -o "$out/report.html" "$base"
stop_server
echo "demo: all took $(since "$start") s"
echo "demo: the report is $out/report.html (corpus: $db)"
