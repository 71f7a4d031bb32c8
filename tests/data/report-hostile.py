# SPDX-License-Identifier: GPL-3.0-or-later
# Fill a fresh corpus (made by `netno import`) with hostile content for
# the report escaping tests: markup, event handlers and javascript: URLs
# in author names, thread titles, post text, permalinks and profile URLs,
# and a canary that would change document.title if a browser ran it.
import random, sqlite3, sys

db = sqlite3.connect(sys.argv[1])
SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
JS = "javascript:alert(1)"
CANARY = ("<script>document.title='PWNED'</script>"
          "<img src=x onerror=\"document.title='PWNED'\">"
          "<svg onload=\"document.title='PWNED'\"></svg>")
db.execute("INSERT OR IGNORE INTO site(id, origin, host) "
           "VALUES (1, 'https://f.example', 'f.example')")
db.execute("INSERT INTO thread(id, site_id, url, title, kind, claimed_posts) "
           "VALUES (1, 1, ?, ?, 'forum_thread', 99)", (JS, SCRIPT + IMG))
db.execute("INSERT INTO thread(id, site_id, url, title, kind) "
           "VALUES (2, 1, 'https://f.example/t/2', ?, 'forum_thread')",
           ("Garden " + CANARY,))
# bytes that are not UTF-8 (a page decoded wrongly): the JSON report must
# still be valid UTF-8
db.execute("INSERT INTO thread(id, site_id, url, title, kind, claimed_posts) "
           "VALUES (3, 1, 'https://f.example/t/3', CAST(? AS TEXT), "
           "'forum_thread', 5)", (b"Caf\xe9 \xff\xfe broken",))
authors = [SCRIPT, IMG, "Brand", "anna", "bernd", "carla", CANARY]
for i, name in enumerate(authors, 1):
    db.execute("INSERT INTO author(id, site_id, name, profile_url) "
               "VALUES (?, 1, ?, ?)", (i, name, JS if i % 2 else
                                        "https://f.example/u/%d" % i))
words = ("garden roses soil water spring compost seeds tomato harvest "
         "bicycle chain brake gears tyre saddle wheel pump ride").split()
rng = random.Random(4)
for i in range(1, 61):
    thread = 1 + i % 2
    author = 1 + i % len(authors)
    text = " ".join(rng.choice(words[:9] if i % 2 else words[9:])
                    for _ in range(12))
    if i % 5 == 0:
        text += " " + SCRIPT + " " + IMG + " " + JS + " [x](" + JS + ") " + CANARY
    db.execute("INSERT INTO post(id, uid, thread_id, author_id, kind, text, "
               "position, published_at, permalink) "
               "VALUES (?, ?, ?, ?, 'forum_thread', ?, ?, ?, ?)",
               (i, "u%03d" % i, thread, author, text, i,
                1704067200 + 86400 * 3 * i,
                JS if i % 3 else "https://f.example/p/%d" % i))
    if i > 2:
        db.execute("INSERT INTO relation(src_post, dst_post, dst_author, "
                   "kind) VALUES (?, ?, ?, 'reply')",
                   (i, i - 2, 1 + (i - 2) % len(authors)))
db.execute("INSERT INTO post(id, uid, thread_id, author_id, kind, text, "
           "position, published_at) VALUES (61, 'u061', 3, 4, 'forum_thread', "
           "CAST(? AS TEXT), 1, 1704067200)", (b"Gr\xfc\xdfe \xc3", ))
db.commit()
