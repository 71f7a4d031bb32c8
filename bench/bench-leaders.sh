#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# netno stats on a generated network: 1,000,000 reply relations among
# 200,000 authors (answer targets drawn with a heavy tail so that some
# authors are answered a lot), spread over 20,000 threads and 24 months.
# Measures the whole leader step (reading the corpus, igraph, storing the
# run) with /usr/bin/time -v: wall time and peak RSS.  Goal (issue 5):
# under 30 s on 2 cores, under 2 GB.  No reference tool runs here.
# Usage: sh bench/bench-leaders.sh [RELATIONS] [AUTHORS]
set -eu
cd "$(dirname "$0")/.."
rel=${1:-1000000}
authors=${2:-200000}
[ -x build/netno ] || make -s build/netno
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf '<!DOCTYPE html><title>x</title><p>x</p>\n' > "$work/p.html"
build/netno -q --db "$work/b.db" import --url https://bench.example/t/0 "$work/p.html"
python3 - "$work/b.db" "$rel" "$authors" <<'PY'
import random, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
rel, n = int(sys.argv[2]), int(sys.argv[3])
rng = random.Random(1)
db.execute("PRAGMA synchronous = OFF")
db.execute("DROP TRIGGER IF EXISTS post_ai")  # no full-text index needed
for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'post'").fetchall():
    db.execute("DROP TRIGGER %s" % name)
db.execute("INSERT OR IGNORE INTO site(id, origin, host) VALUES (1, 'https://bench.example', 'bench.example')")
threads = 20000
db.executemany("INSERT INTO thread(id, site_id, url, kind) VALUES (?, 1, ?, 'forum_thread')",
               ((t, "https://bench.example/t/%d" % t) for t in range(1, threads + 1)))
db.executemany("INSERT INTO author(id, site_id, name) VALUES (?, 1, ?)",
               ((a, "user%d" % a) for a in range(1, n + 1)))
t0 = 1640995200
def posts():
    for p in range(1, rel + 1):
        yield (p, "p%d" % p, rng.randint(1, threads), rng.randint(1, n), p,
               t0 + rng.randint(0, 730 * 86400))
db.executemany("INSERT INTO post(id, uid, thread_id, author_id, kind, text, position, published_at) "
               "VALUES (?, ?, ?, ?, 'forum_thread', 'x', ?, ?)", posts())
def rels():
    for p in range(1, rel + 1):
        # heavy tail: author k answered with probability ~ 1/k
        dst = min(n, int(n ** rng.random()))
        yield (p, dst)
db.executemany("INSERT INTO relation(src_post, dst_author, kind) VALUES (?, ?, 'reply')", rels())
db.commit()
PY
/usr/bin/time -v build/netno -v --db "$work/b.db" stats --top 5 \
  > "$work/out.txt" 2> "$work/time.txt"
cat "$work/out.txt"; grep "^netno: " "$work/time.txt" || true
wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$work/time.txt")
rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/time.txt")
echo "netno stats: wall $wall, peak RSS $((rss / 1024)) MB"
printf '| stats leaders, %s relations / %s authors, %s cores | %s, %s MB | - | - | < 30 s, < 2 GB | %s |\n' \
  "$rel" "$authors" "$(nproc)" "$wall" "$((rss / 1024))" "$(date -u +%Y-%m-%d)" >> bench/RESULTS.md
