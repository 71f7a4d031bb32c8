#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Seed inputs from the string fixtures of a unit test file.

  c-strings.py arrays FILE OUTDIR   every `static const char NAME[] = "...";`
  c-strings.py rows N FILE OUTDIR   the first N string literals of every
                                    table row `{"...", ...}`, joined by '\\n'

Each input is written to OUTDIR/PREFIX-K (PREFIX: the test file's name).
"""
import os
import re
import sys

LIT = r'"(?:[^"\\\n]|\\.)*"'


def unescape(lit):
    """The bytes of one C string literal (quotes included)."""
    body = lit[1:-1]
    return body.encode("utf-8").decode("unicode_escape").encode("latin-1")


def write(outdir, prefix, items):
    os.makedirs(outdir, exist_ok=True)
    for k, data in enumerate(items):
        with open(os.path.join(outdir, "%s-%d" % (prefix, k)), "wb") as f:
            f.write(data)


def main():
    mode = sys.argv[1]
    n = int(sys.argv[2]) if mode == "rows" else 0
    path, outdir = sys.argv[-2], sys.argv[-1]
    with open(path, encoding="utf-8") as f:
        src = f.read()
    items = []
    if mode == "arrays":
        pat = re.compile(r"static const char \w+\[\] =((?:\s*%s)+)\s*;" % LIT)
        for m in pat.finditer(src):
            lits = re.findall(LIT, m.group(1))
            items.append(b"".join(unescape(x) for x in lits))
    else:
        for line in src.splitlines():
            if line.lstrip().startswith('{"'):
                lits = re.findall(LIT, line)[:n]
                items.append(b"\n".join(unescape(x) for x in lits))
    prefix = os.path.splitext(os.path.basename(path))[0]
    write(outdir, prefix, items)


if __name__ == "__main__":
    main()
