#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Score `netno extract` output against gold posts.

usage: score.py GOLD_DIR PRED_DIR [--per-doc]

GOLD_DIR holds NAME.gold.json and NAME.url; PRED_DIR holds NAME.jsonl (one
post per line, as `netno extract` prints).  Rules:

  posts   texts are NFKC-normalised, case-folded and split into \\w+ tokens;
          similarity is the multiset Dice coefficient 2|A&B|/(|A|+|B|);
          gold and predicted posts are paired one to one, best pairs first,
          pairs below 0.8 do not count.  P = pairs/predicted,
          R = pairs/gold, F1 their harmonic mean.
  author  over pairs whose gold names a user: equal after NFKC, case
          folding and trimming of punctuation and '@'; or, when the gold
          user is a profile URL or path, the author_url names the same URL
          (resolved against the page URL, fragment dropped) or its last
          path segment (engine decorations "name.123", "123-name" dropped)
          equals the author's name once only letters and digits are kept.
          A gold user that is no user reference (a javascript: link, a
          quote or reply button such as posting.php?mode=quote) names no
          user: the pair does not count for author.  Such gold users are
          counted on the "author:" line.
  date    over pairs whose gold has a date: the fields the gold states
          (year, month, day; hour and minute when it shows a time) must
          equal the prediction's (published, else date_text); when both
          carry a UTC offset they must be the same instant.  Numeric
          dates are day-first except m/d/y on English pages.  A gold date
          that does not parse (a relative one) must be contained in
          date_text.

Prints micro-averaged figures as "NAME VALUE" lines after a table.
"""
import json
import os
import re
import sys
import unicodedata
from collections import Counter
from datetime import datetime
from urllib.parse import urljoin, urlsplit, urlunsplit

THRESHOLD = 0.8


def tokens(s):
    return re.findall(r"\w+", unicodedata.normalize("NFKC", s or "").casefold())


def dice(a, b):
    if not a and not b:
        return 0.0
    return 2 * sum((a & b).values()) / (sum(a.values()) + sum(b.values()))


def align(gold, pred):
    """Greedy one-to-one pairing by descending similarity."""
    gt = [Counter(tokens(g.get("text"))) for g in gold]
    pt = [Counter(tokens(p.get("text"))) for p in pred]
    cand = []
    for i, a in enumerate(gt):
        for j, b in enumerate(pt):
            s = dice(a, b)
            if s >= THRESHOLD:
                cand.append((-s, abs(i - j), i, j))
    cand.sort()
    used_g, used_p, pairs = set(), set(), []
    for _, _, i, j in cand:
        if i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
            pairs.append((i, j))
    return pairs


def norm(s):
    s = unicodedata.normalize("NFKC", s or "").casefold()
    s = re.sub(r"\s+", " ", s).strip()
    return s.strip(" .,:;!?()[]{}'\"@")


def loose(s):
    return re.sub(r"[\W_]+", "", norm(s))


SESSION = {"sid", "s", "phpsessid", "sessionid"}


def url_key(u, base):
    parts = urlsplit(urljoin(base, u.strip()))
    query = "&".join(q for q in parts.query.split("&")
                     if q and q.split("=")[0].lower() not in SESSION)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))


def slug(u):
    """The name part of a profile URL's last segment or u= value."""
    parts = urlsplit(u)
    segs = [x for x in parts.path.split("/") if x]
    last = segs[-1] if segs else ""
    if not last or re.search(r"\.(php|pl|cgi|asp|aspx|html?)$", last):
        m = re.search(r"(?:^|&)(?:u|user|username|name)=([^&]+)", parts.query)
        last = m.group(1) if m else ""
    last = re.sub(r"\.\d+$", "", last)    # name.123
    last = re.sub(r"^\d+-", "", last)     # 123-name
    last = re.sub(r"-\d+$", "", last)     # name-123
    return loose(last)


def names_user(gold_user):
    """False when the gold "user" is an action link, not a user."""
    u = gold_user.strip().lower()
    return not (u.startswith("javascript:") or
                re.search(r"[?&]mode=(quote|reply)\b", u) or
                re.search(r"[?&]do=(quote|reply)\b", u))


def author_ok(gold_user, p, base):
    author, aurl = p.get("author") or "", p.get("author_url") or ""
    if norm(author) and norm(author) == norm(gold_user):
        return True
    if "/" in gold_user or "?" in gold_user:
        if aurl and url_key(aurl, base) == url_key(gold_user, base):
            return True
        s = slug(urljoin(base, gold_user))
        return bool(s) and (loose(author) == s or (aurl and slug(aurl) == s))
    return bool(aurl) and slug(aurl) == loose(gold_user)


MONTHS = {}
for num, names in enumerate([
        "jan januar janvier january", "feb februar fevrier février february",
        "mar mär märz maerz mars march", "apr april avril",
        "may mai", "jun juni juin june", "jul juli juillet july",
        "aug august août aout", "sep sept september septembre",
        "oct okt oktober octobre october", "nov november novembre",
        "dec dez dezember décembre decembre december"], 1):
    for n in names.split():
        MONTHS[n] = num
MON_RE = "|".join(sorted(MONTHS, key=len, reverse=True))


def year4(y):
    y = int(y)
    return y + (2000 if y < 70 else 1900) if y < 100 else y


def parse_date(s, mdy):
    """Fields (y, m, d, hh, mm) a displayed date states; None if none."""
    s = unicodedata.normalize("NFKC", s or "").casefold()
    fields = None
    m = re.search(r"(\d{4})-(\d{1,2})-(\d{1,2})", s)
    if m:
        fields = [int(m[1]), int(m[2]), int(m[3])]
    if not fields:
        m = re.search(r"(\d{1,2})[./-](\d{1,2})[./-](\d{2,4})", s)
        if m:
            a, b = int(m[1]), int(m[2])
            if mdy and "/" in m[0] and b <= 31 and a <= 12:
                a, b = b, a
            fields = [year4(m[3]), b, a]
    if not fields:
        m = re.search(r"(\d{1,2})(?:st|nd|rd|th)?\.?[ -](%s)\.?,?[ -](\d{2,4})"
                      % MON_RE, s)
        if m:
            fields = [year4(m[3]), MONTHS[m[2]], int(m[1])]
    if not fields:
        m = re.search(r"(%s)[a-zé]*\.? (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})"
                      % MON_RE, s)
        if m:
            fields = [int(m[3]), MONTHS[m[1]], int(m[2])]
    if not fields:
        return None
    m = re.search(r"(?<![\d.])(\d{1,2})[:h](\d{2})(?::\d{2})?(?:\s*([ap])\.?m)?",
                  s)
    if m:
        hh, mm = int(m[1]), int(m[2])
        if m[3] == "p" and hh < 12:
            hh += 12
        if m[3] == "a" and hh == 12:
            hh = 0
        fields += [hh, mm]
    return tuple(fields)


def instant(s):
    """A datetime when s is ISO 8601 with a UTC offset, else None."""
    s = (s or "").strip().replace("Z", "+00:00")
    if not re.search(r"[+-]\d{2}:\d{2}$", s):
        return None
    try:
        return datetime.fromisoformat(s)
    except ValueError:
        return None


def date_ok(gold_date, p, mdy):
    a, b = instant(gold_date), instant(p.get("published"))
    if a and b:
        # both carry an offset: the same instant, to the minute
        return abs((a - b).total_seconds()) < 60
    g = parse_date(gold_date, mdy)
    if g is None:
        dt = norm(p.get("date_text"))
        return bool(dt) and norm(gold_date) in dt
    have = None
    if p.get("published"):
        have = parse_date(p["published"].replace("T", " "), False)
    if have is None and p.get("date_text"):
        have = parse_date(p["date_text"], mdy)
    if have is None or len(have) < 3:
        return False
    if len(g) > 3 and len(have) < 5:
        return False
    return all(a == b for a, b in zip(g, have))


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    per_doc = "--per-doc" in sys.argv
    if len(args) != 2:
        sys.exit(__doc__)
    gold_dir, pred_dir = args
    tot = Counter()
    for f in sorted(os.listdir(gold_dir)):
        if not f.endswith(".gold.json"):
            continue
        name = f[:-len(".gold.json")]
        with open(os.path.join(gold_dir, f), encoding="utf-8") as fh:
            gold = json.load(fh)["posts"]
        with open(os.path.join(gold_dir, name + ".url")) as fh:
            base = fh.read().strip()
        pred = []
        path = os.path.join(pred_dir, name + ".jsonl")
        if os.path.exists(path):
            with open(path, encoding="utf-8") as fh:
                pred = [json.loads(line) for line in fh if line.strip()]
        lang = (pred[0].get("lang") or "") if pred else ""
        mdy = lang.lower().startswith("en")
        c = Counter(gold=len(gold), pred=len(pred))
        for i, j in align(gold, pred):
            c["hit"] += 1
            if gold[i].get("user") and not names_user(gold[i]["user"]):
                c["auth_unnamed"] += 1
            elif gold[i].get("user"):
                c["auth_n"] += 1
                c["auth"] += bool(author_ok(gold[i]["user"], pred[j], base))
            if gold[i].get("datetime"):
                c["date_n"] += 1
                c["date"] += date_ok(gold[i]["datetime"], pred[j], mdy)
        tot.update(c)
        if per_doc:
            print("%-52.52s %4d %4d %4d %5d/%-4d %5d/%-4d" % (
                name, c["gold"], c["pred"], c["hit"], c["auth"],
                c["auth_n"], c["date"], c["date_n"]))
    p = tot["hit"] / tot["pred"] if tot["pred"] else 0.0
    r = tot["hit"] / tot["gold"] if tot["gold"] else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    auth = tot["auth"] / tot["auth_n"] if tot["auth_n"] else 0.0
    date = tot["date"] / tot["date_n"] if tot["date_n"] else 0.0
    print("posts: gold %d, extracted %d, matched %d" %
          (tot["gold"], tot["pred"], tot["hit"]))
    print("author: %d of %d matched posts name a user; %d gold users are "
          "action links (author_unnamed)" %
          (tot["auth_n"], tot["hit"], tot["auth_unnamed"]))
    for k, v in (("precision", p), ("recall", r), ("f1", f1),
                 ("author", auth), ("date", date)):
        print("%s %.3f" % (k, v))


if __name__ == "__main__":
    main()
