# SPDX-License-Identifier: GPL-3.0-or-later
"""The CSV exports read back by Python's csv module (RFC 4180 dialect),
with both delimiters, a BOM, embedded quotes and line breaks and German
umlauts; expected values from make_corpus.py (see exports.py)."""
import csv
import io
from exports import POSTS, check, export, finish


def rows(data, delimiter=",", bom=False):
    check("bom %s" % bom, data.startswith(b"\xef\xbb\xbf"), bom)
    text = data.decode("utf-8-sig" if bom else "utf-8")
    check("crlf line ends", text.split("\n")[0].endswith("\r"), True)
    return list(csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter))


for args, delim, bom in [((), ",", False), (("--delimiter", ";", "--bom"), ";", True),
                         (("--delimiter", "tab"), "\t", False)]:
    got = rows(export("--format", "posts-csv", *args), delim, bom)
    check("posts %r: ids in thread order" % delim, [r["id"] for r in got],
          ["f1", "f2", "f3", "f4", "f5", "f6", "b1"])
    check("posts %r: fields" % delim,
          {r["id"]: (r["thread_id"], r["author"], r["body"], r["timestamp"]) for r in got},
          POSTS)

got = rows(export("--format", "posts-csv"))
check("posts: 4CAT columns first", list(got[0].keys())[:5],
      ["id", "thread_id", "author", "body", "timestamp"])
f = {r["id"]: r for r in got}
# 2024-01-10T00:00:00Z is 1704844800 (date -u -d 2024-01-10 +%s).
check("posts: unix timestamp", (f["f1"]["unix_timestamp"], f["b1"]["unix_timestamp"]),
      ("1704844800", ""))
check("posts: parent, site, lang, url",
      (f["f5"]["parent_id"], f["f1"]["parent_id"], f["b1"]["site"], f["f2"]["lang"], f["f3"]["url"]),
      ("f4", "", "blog.example", "de", "https://x.example/p/f3"))
check("posts: thread title", f["f2"]["thread_title"], "Grüße von Anna Müller")
check("posts: topic of the latest run", (f["f1"]["topic"], f["f2"]["topic"]), ("3", ""))

got = rows(export("--format", "authors-csv", "--delimiter", ";"), ";")
a = {r["author"]: r for r in got}
check("authors: every author", sorted(a), ["Anna Müller", "Bernd", "Carla", "Dora"])
head = list(got[0].keys())
check("authors: columns", (head[:3], head[-2:]), (["author", "site", "profile_url"], ["community", "role"]))
check("authors: metric columns sorted", head[3:-2] == sorted(head[3:-2]) and "pagerank" in head, True)
# Counted by hand from make_corpus.py: Anna wrote f1, f4, f6 and was
# answered by Bernd twice (f2, f5) and Carla once (f3).
check("authors: Anna's posts and in-strength", (a["Anna Müller"]["posts"], a["Anna Müller"]["in_strength"]),
      ("3", "3"))
check("authors: profile URL", (a["Bernd"]["profile_url"], a["Carla"]["profile_url"]),
      ("https://forum.example/u/bernd", ""))
check("authors: site", a["Dora"]["site"], "blog.example")
check("authors: role and community stored", (a["Anna Müller"]["role"] != "", a["Dora"]["community"] != ""),
      (True, True))

got = rows(export("--format", "edges-csv"))
check("edges: rows", [tuple(r.values()) for r in got], [
    ("Anna Müller", "Bernd", "1", "quote"),
    ("Anna Müller", "Bernd", "1", "reply"),
    ("Bernd", "Anna Müller", "2", "reply"),
    ("Carla", "Anna Müller", "1", "reply"),
    ("Carla", "Bernd", "1", "mention")])

got = rows(export("--format", "netlytic-csv"))
check("netlytic: columns", list(got[0].keys()), ["author", "to", "description", "pubdate"])
check("netlytic: one row per relation", [(r["author"], r["to"]) for r in got], [
    ("Bernd", "Anna Müller"), ("Carla", "Anna Müller"), ("Carla", "Bernd"),
    ("Anna Müller", "Bernd"), ("Bernd", "Anna Müller"), ("Anna Müller", "Bernd"),
    ("Anna Müller", "Zed")])
check("netlytic: description folds white space", got[0]["description"],
      'Anna Müller wrote: "Hallo" Danke, Anna Müller; mail me: bernd@mail.example')
check("netlytic: pubdate", got[3]["pubdate"], "2024-02-19 00:00:00")
finish()
