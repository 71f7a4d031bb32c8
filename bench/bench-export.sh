#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# netno export on a generated corpus: 1,000,000 posts (20,000 threads,
# 50,000 authors, one reply relation per post) and the same at 100,000
# posts.  Times posts-csv and gexf with /usr/bin/time -v (wall time, peak
# RSS).  Export must stream: the goal is a peak RSS that does not grow
# with the corpus, RSS(1M) / RSS(100k) close to 1.  No export tool does
# what netno export does; for the time, the reference is sqlite3 -csv
# dumping the posts-csv columns with the same joins and order.
# Usage: sh bench/bench-export.sh [POSTS]
set -eu
cd "$(dirname "$0")/.."
big=${1:-1000000}
small=$((big / 10))
[ -x build/netno ] || make -s build/netno
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf '<!DOCTYPE html><title>x</title><p>x</p>\n' > "$work/p.html"

# make_corpus DB POSTS: schema from netno, rows from SQL (no full-text
# index: its triggers are dropped first, the export does not read it).
make_corpus() {
  build/netno -q --db "$1" import --url https://bench.example/t/0 "$work/p.html"
  sqlite3 "$1" <<SQL
PRAGMA synchronous = OFF;
DROP TRIGGER post_fts_insert;
DROP TRIGGER post_fts_delete;
DROP TRIGGER post_fts_update;
INSERT OR IGNORE INTO site(id, origin, host)
  VALUES (1, 'https://bench.example', 'bench.example');
UPDATE page SET site_id = 1;
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)
INSERT INTO thread(id, site_id, url, title, kind)
  SELECT i, 1, 'https://bench.example/t/' || i, 'Thema ' || i, 'forum_thread' FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 50000)
INSERT INTO author(id, site_id, name, profile_url)
  SELECT i, 1, 'Nutzer ' || i, 'https://bench.example/u/' || i FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $2)
INSERT INTO post(id, uid, thread_id, page_id, author_id, kind, permalink,
                 published_at, text, lang, position)
  SELECT i, 'p' || i, i % 20000 + 1, 1, abs(random()) % 50000 + 1,
         'forum_thread', 'https://bench.example/p/' || i,
         1640995200 + i * 60,
         'Nutzer ' || (i % 50000 + 1) || ' schrieb: "Grüße; ' || i ||
         '"' || char(10) || 'Antwort mit Umlauten äöü, ' ||
         hex(randomblob(48)), 'de', i / 20000 FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $2)
INSERT INTO relation(src_post, dst_author, kind)
  SELECT i, abs(random()) % 50000 + 1, 'reply' FROM n;
COMMIT;
SQL
}

# timed NAME CMD...: run with /usr/bin/time -v; sets wall_NAME, rss_NAME.
timed() {
  name=$1
  shift
  /usr/bin/time -v "$@" 2> "$work/time.txt" > /dev/null
  eval "wall_$name=\$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' \"\$work/time.txt\")"
  eval "rss_$name=\$(( \$(sed -n 's/.*Maximum resident set size (kbytes): //p' \"\$work/time.txt\") / 1024 ))"
}

for n in "$small" "$big"; do
  make_corpus "$work/$n.db" "$n"
  timed "csv$n" build/netno -q --db "$work/$n.db" export --format posts-csv \
    -o "$work/out.csv"
  timed "gexf$n" build/netno -q --db "$work/$n.db" export --format gexf \
    -o "$work/out.gexf"
  timed "sqlite$n" sqlite3 -csv "$work/$n.db" \
    "SELECT p.uid, t.url, a.name, p.text,
            datetime(p.published_at, 'unixepoch'), p.published_at,
            p.permalink, t.title, pp.uid, s.host, p.lang, NULL
     FROM thread t JOIN post p ON p.thread_id = t.id
     LEFT JOIN site s ON s.id = t.site_id
     LEFT JOIN author a ON a.id = p.author_id
     LEFT JOIN post pp ON pp.id = p.parent_id
     ORDER BY t.id, p.position, p.id"
  rm -f "$work/$n.db" "$work/$n.db-wal" "$work/$n.db-shm"
done

eval "wc=\$wall_csv$big rc=\$rss_csv$big rcs=\$rss_csv$small"
eval "wg=\$wall_gexf$big rg=\$rss_gexf$big rgs=\$rss_gexf$small"
eval "ws=\$wall_sqlite$big rs=\$rss_sqlite$big"
secs() { echo "$1" | awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }'; }
ratio_t=$(echo "scale=2; $(secs "$wc") / $(secs "$ws")" | bc)
ratio_c=$(echo "scale=2; $rc / $rcs" | bc)
ratio_g=$(echo "scale=2; $rg / $rgs" | bc)
echo "posts-csv: $small posts ${rcs} MB; $big posts $wc, ${rc} MB"
echo "gexf: $small posts ${rgs} MB; $big posts $wg, ${rg} MB"
echo "sqlite3 -csv: $big posts $ws, ${rs} MB"
d=$(date -u +%Y-%m-%d)
printf '| export posts-csv, %s posts, %s cores | %s, %s MB (%s MB at %s posts) | sqlite3 -csv: %s, %s MB | time %sx sqlite3, RSS %s/%s posts %sx | RSS does not grow with posts | %s |\n' \
  "$big" "$(nproc)" "$wc" "$rc" "$rcs" "$small" "$ws" "$rs" "$ratio_t" "$big" "$small" "$ratio_c" "$d" >> bench/RESULTS.md
printf '| export gexf, %s posts / 50000 authors, %s cores | %s, %s MB (%s MB at %s posts) | - | RSS %s/%s posts %sx | RSS does not grow with posts | %s |\n' \
  "$big" "$(nproc)" "$wg" "$rg" "$rgs" "$small" "$big" "$small" "$ratio_g" "$d" >> bench/RESULTS.md
