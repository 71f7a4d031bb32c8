# SPDX-License-Identifier: GPL-3.0-or-later
"""Pseudonymised and anonymised exports: no real name and no profile URL
in any format, pseudonyms stable across exports and matching an
independent computation (Python's hashlib BLAKE2b, keyed, 16 bytes, the
first 50 bits in RFC 4648 base32, lower case), another key giving other
pseudonyms, names in text replaced, --anonymize writing REDACTED."""
import base64
import csv
import hashlib
import io
import json
import re
from exports import NAMES, check, export, finish

FORMATS = ["posts-csv", "posts-jsonl", "authors-csv", "edges-csv", "netlytic-csv",
           "gexf", "graphml"]


def pseudonym(key, origin, name):
    h = hashlib.blake2b((origin + "\n" + name).encode(), key=key, digest_size=16).digest()
    return "user-" + base64.b32encode(h[:7]).decode().lower()[:10]


def posts(data):
    return {r["id"]: r for r in csv.DictReader(io.StringIO(data.decode(), newline=""))}


for flag in ["--pseudonymize", "--anonymize"]:
    for f in FORMATS:
        out = export("--format", f, flag).decode()
        found = [n for n in NAMES if re.search(re.escape(n), out, re.I)]
        check("%s %s: no real name" % (flag, f), found, [])
        check("%s %s: no profile URL" % (flag, f),
              "/u/anna" in out or "/u/bernd" in out or "/about" in out, False)

# Stable across two exports, and the same pseudonym in every format.
a, b = export("--format", "posts-csv", "--pseudonymize"), export("--format", "posts-csv", "--pseudonymize")
check("stable across exports", a == b, True)
p = posts(a)
anna = p["f1"]["author"]
check("pseudonym form", re.fullmatch(r"user-[a-z2-7]{10}", anna) is not None, True)
edges = export("--format", "edges-csv", "--pseudonymize").decode()
check("edges use the same pseudonyms", anna in edges and p["f2"]["author"] in edges, True)
gexf = export("--format", "gexf", "--pseudonymize").decode()
check("gexf uses the same pseudonyms", 'label="%s"' % anna in gexf, True)
check("'X wrote:' in text", p["f2"]["body"].split("\n")[0], anna + " wrote:")
check("names in the thread title", p["f1"]["thread_title"], "Grüße von " + anna)
check("@mention in text", p["f3"]["body"].split()[0], "@" + p["f2"]["author"])

# A key file: pseudonyms computed independently from its key.
k1 = export("--format", "posts-csv", "--pseudonymize", "--key-file", "k1.key")
key = bytes.fromhex(open("k1.key").read().strip())
p1 = posts(k1)
check("key file: pseudonyms as computed by hashlib",
      {u: p1[u]["author"] for u in ("f1", "f2", "b1")},
      {"f1": pseudonym(key, "https://forum.example", "Anna Müller"),
       "f2": pseudonym(key, "https://forum.example", "Bernd"),
       "b1": pseudonym(key, "https://blog.example", "Dora")})
check("key file: stable", export("--format", "posts-csv", "--pseudonymize", "--key-file", "k1.key"), k1)
k2 = posts(export("--format", "posts-csv", "--pseudonymize", "--key-file", "k2.key"))
check("another key, other pseudonyms", k2["f1"]["author"] != p1["f1"]["author"]
      and p1["f1"]["author"] != anna, True)
check("the key is not exported", key.hex() in k1.decode(), False)

# Stripping.
s = posts(export("--format", "posts-csv", "--pseudonymize", "--strip-emails", "--strip-urls"))
check("--strip-emails", s["f2"]["body"].endswith("mail me: [email]"), True)
check("--strip-urls", s["f3"]["body"].endswith("siehe [url], gell"), True)
check("urls kept without --strip-urls", "https://www.example.org/x" in p["f3"]["body"], True)

# Anonymised.
r = posts(export("--format", "posts-csv", "--anonymize"))
check("--anonymize: authors", {x["author"] for x in r.values()}, {"REDACTED"})
check("--anonymize: text", r["f2"]["body"].split("\n")[0], "REDACTED wrote:")
j = [json.loads(l) for l in export("--format", "posts-jsonl", "--anonymize").decode().splitlines()]
check("--anonymize: jsonl author_url", {o["author_url"] for o in j}, {None})
check("--anonymize: post title", j[1]["title"], "Re: REDACTED")
finish()
