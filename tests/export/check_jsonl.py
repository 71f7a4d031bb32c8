# SPDX-License-Identifier: GPL-3.0-or-later
"""posts-jsonl read back by Python's json module: one object per line,
every post field and the provenance (page and hash from the corpus)."""
import json
import sqlite3
from exports import POSTS, check, export, finish

lines = export("--format", "posts-jsonl").decode("utf-8").splitlines()
got = [json.loads(l) for l in lines]
check("one object per post", [o["id"] for o in got], list(POSTS))
check("fields", {o["id"]: (o["thread_url"], o["author"], o["text"]) for o in got},
      {k: v[:3] for k, v in POSTS.items()})
o = {x["id"]: x for x in got}
check("times", (o["f1"]["published_at"], o["f1"]["unix_timestamp"], o["b1"]["published_at"]),
      ("2024-01-10T00:00:00Z", 1704844800, None))
check("parent, position, topic", (o["f5"]["parent_id"], o["f5"]["position"], o["f1"]["topic"]),
      ("f4", 2, 3))
check("author url", o["f1"]["author_url"], "https://forum.example/u/anna")
check("title", (o["f2"]["title"], o["f1"]["title"]), ("Re: Anna Müller", None))
db = sqlite3.connect("e.db")
url, sha, fetched = db.execute("SELECT url, sha256, datetime(fetched_at, 'unixepoch') FROM page").fetchone()
p = o["f3"]["provenance"]
check("provenance", (p["page_url"], p["page_sha256"], p["fetched_at"], p["crawl_id"]),
      (url, sha, fetched.replace(" ", "T") + "Z", None))
check("netno version", p["netno_version"].count("."), 2)
check("keys", sorted(o["f1"]), sorted([
    "id", "kind", "native_id", "url", "thread_url", "thread_title", "thread_kind", "board",
    "site", "author", "author_url", "published_at", "unix_timestamp", "utc_offset_minutes",
    "date_text", "title", "text", "lang", "parent_id", "parent_implicit", "position", "topic",
    "evidence", "provenance"]))
finish()
