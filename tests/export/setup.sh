# SPDX-License-Identifier: GPL-3.0-or-later
# Sourced by the export CLI cases: the corpus of make_corpus.py in e.db,
# with a stats run (no topics) and two hand-made topic rows for post f1
# in that run (topic 3 with the higher weight, so f1's topic is 3).
netno -q --db e.db import --url https://forum.example/t/1 "$SRCDIR/tests/export/page.html"
python3 "$SRCDIR/tests/export/make_corpus.py" e.db
netno -q --db e.db stats --topics none > /dev/null
python3 - <<'PY'
import sqlite3
db = sqlite3.connect("e.db")
run = db.execute("SELECT max(id) FROM run").fetchone()[0]
db.execute("INSERT INTO post_topic(run_id, post_id, topic, weight) VALUES (?, 1, 3, 0.9), (?, 1, 1, 0.1)", (run, run))
db.commit()
PY
