#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Blog and forum pages with snippet-level ground truth.

usage: blogs.py NETNO DATA_DIR

DATA_DIR is tests/data/eval-blogs: trafilatura's tests/evaldata.json
(per URL: file, with[], without[], comments[], author, date) over the
pages in tests/eval/ and tests/cache/, and readability's test pages with
expected-metadata.json (byline, publishedTime).  Each page is run through
`NETNO extract` (the command may be prefixed by $NETNO_WRAP) and checked:

  with      each snippet appears in the text of the extracted posts
  without   no such snippet appears there
  comments  each comment snippet appears there
  author    the first post's author is the page's author
  date      the first post's published date is the page's date; with a
            UTC offset on both sides, the same instant

Texts are compared after NFKC normalisation, case folding and collapsing
white space.  Prints a table per page, then "NAME VALUE" lines: the share
of checks passed per kind, over all pages.
"""
import json
import os
import re
import shlex
import subprocess
import sys
import unicodedata
from datetime import datetime


def norm(s):
    s = unicodedata.normalize("NFKC", s or "").casefold()
    return re.sub(r"\s+", " ", s).strip()


def cases(data):
    """(name, path, url, truth) per page."""
    out = []
    base = os.path.join(data, "trafilatura", "tests")
    with open(os.path.join(base, "evaldata.json"), encoding="utf-8") as fh:
        truth = json.load(fh)
    for url, t in sorted(truth.items(), key=lambda kv: kv[1].get("file", "")):
        for sub in ("eval", "cache"):
            path = os.path.join(base, sub, t.get("file", ""))
            if t.get("file") and os.path.exists(path):
                out.append((t["file"][:-5], path, url, t))
    pages = os.path.join(data, "readability", "test", "test-pages")
    for d in sorted(os.listdir(pages)):
        meta = os.path.join(pages, d, "expected-metadata.json")
        with open(meta, encoding="utf-8") as fh:
            m = json.load(fh)
        t = {"author": m.get("byline") or "", "date": m.get("publishedTime")}
        out.append(("readability-" + d, os.path.join(pages, d, "source.html"),
                    None, t))
    return out


def instant(s):
    s = (s or "").strip().replace("Z", "+00:00")
    if not re.search(r"[+-]\d{2}:\d{2}$", s):
        return None
    try:
        return datetime.fromisoformat(s)
    except ValueError:
        return None


def date_ok(want, got):
    if not got:
        return False
    a, b = instant(want), instant(got)
    if a and b and "T" in want:
        return abs((a - b).total_seconds()) < 60
    return got[:10] == want[:10]


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    netno, data = sys.argv[1], sys.argv[2]
    wrap = shlex.split(os.environ.get("NETNO_WRAP", ""))
    tot = {k: [0, 0] for k in ("with", "without", "comments", "author",
                               "date")}
    print("%-44s %5s %5s %5s %6s %4s %5s" % (
        "page", "posts", "with", "w/o", "comm", "auth", "date"))
    for name, path, url, t in cases(data):
        cmd = wrap + [netno, "extract"]
        if url:
            cmd += ["--url", url]
        cmd.append(path)
        r = subprocess.run(cmd, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE)
        if r.returncode != 0:
            print("blogs: extract failed on %s: %s" %
                  (name, r.stderr.decode(errors="replace").strip()))
        posts = [json.loads(x) for x in r.stdout.decode().splitlines()
                 if x.strip()]
        text = norm(" ".join(p.get("text") or "" for p in posts))
        row = {}
        for kind, want in (("with", True), ("without", False),
                           ("comments", True)):
            snips = [s for s in t.get(kind) or [] if norm(s)]
            ok = sum((norm(s) in text) == want for s in snips)
            tot[kind][0] += ok
            tot[kind][1] += len(snips)
            row[kind] = "%d/%d" % (ok, len(snips)) if snips else "-"
        first = posts[0] if posts else {}
        if t.get("author"):
            ok = norm(first.get("author")) == norm(t["author"])
            tot["author"][0] += ok
            tot["author"][1] += 1
            row["author"] = "ok" if ok else "no"
        else:
            row["author"] = "-"
        if t.get("date"):
            ok = date_ok(t["date"], first.get("published"))
            tot["date"][0] += ok
            tot["date"][1] += 1
            row["date"] = "ok" if ok else "no"
        else:
            row["date"] = "-"
        print("%-44.44s %5d %5s %5s %6s %4s %5s" % (
            name, len(posts), row["with"], row["without"], row["comments"],
            row["author"], row["date"]))
    for k, (ok, n) in tot.items():
        print("%s %.3f" % (k, ok / n if n else 1.0))


if __name__ == "__main__":
    main()
