# SPDX-License-Identifier: GPL-3.0-or-later
"""Fill a corpus made by `netno import` with a small forum, written by
hand so that every export can be checked against it.

Two sites: forum.example (two threads) and blog.example (one post).
Authors on forum.example: Anna Müller, Bernd, Carla; on blog.example:
Dora.  Post f2 has the title "Re: Anna Müller".  Relations (src post -> dst author, kind):
  p2 -> Anna  reply      p3 -> Anna  reply     p3 -> Bernd mention
  p4 -> Bernd quote      p5 -> Anna  reply     p6 -> Bernd reply
  p6 -> (unresolved name "Zed") mention
So the author edges are Bernd->Anna reply 1, Carla->Anna reply 1,
Carla->Bernd mention 1, Anna->Bernd quote 1, Bernd->Anna reply 1 (p5)
=> Bernd->Anna reply 2; and Anna->Bernd reply 1 (p6).
Usage: make_corpus.py DB
"""
import sqlite3
import sys

FORUM, BLOG = "https://forum.example", "https://blog.example"
db = sqlite3.connect(sys.argv[1])
db.execute("INSERT OR IGNORE INTO site(id, origin, host) VALUES (1, ?, 'forum.example')", (FORUM,))
db.execute("INSERT OR IGNORE INTO site(id, origin, host) VALUES (2, ?, 'blog.example')", (BLOG,))
page = db.execute("SELECT min(id) FROM page").fetchone()[0]
db.execute("INSERT INTO thread(id, site_id, url, title, kind) VALUES "
           "(1, 1, 'https://forum.example/t/1', 'Grüße von Anna Müller', 'forum_thread')")
db.execute("INSERT INTO thread(id, site_id, url, title, kind) VALUES "
           "(2, 1, 'https://forum.example/t/2', 'Zweites Thema', 'forum_thread')")
db.execute("INSERT INTO thread(id, site_id, url, title, kind) VALUES "
           "(3, 2, 'https://blog.example/2024/post', 'Blog', 'blog_post')")
authors = [(1, 1, "Anna Müller", "https://forum.example/u/anna"),
           (2, 1, "Bernd", "https://forum.example/u/bernd"),
           (3, 1, "Carla", None),
           (4, 2, "Dora", "https://blog.example/about")]
db.executemany("INSERT INTO author(id, site_id, name, profile_url) VALUES (?, ?, ?, ?)", authors)
T = 1704844800  # 2024-01-10T00:00:00Z
posts = [
    # id, uid, thread, author, published_at, text, parent, position
    (1, "f1", 1, 1, T, "Hallo zusammen, schöne Grüße aus Köln!", None, 1),
    (2, "f2", 1, 2, T + 3600, 'Anna Müller wrote:\n"Hallo"\nDanke, Anna Müller; mail me: bernd@mail.example', 1, 2),
    (3, "f3", 1, 3, T + 7200, "@Bernd siehe https://www.example.org/x, gell", 1, 3),
    (4, "f4", 2, 1, T + 40 * 86400, 'Zitat von Bernd: "ja; nein"\r\nok', None, 1),
    (5, "f5", 2, 2, T + 41 * 86400, "Antwort", 4, 2),
    (6, "f6", 2, 1, T + 42 * 86400, "Zed? Zed!", 5, 3),
    (7, "b1", 3, 4, None, "Ein Blogeintrag ohne Datum", None, 1),
]
for pid, uid, th, au, ts, text, parent, pos in posts:
    db.execute("INSERT INTO post(id, uid, thread_id, page_id, author_id, kind, published_at, text, "
               "lang, parent_id, position, permalink, title) "
               "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'de', ?, ?, ?, ?)",
               (pid, uid, th, page, au, "blog_post" if th == 3 else "forum_thread", ts, text,
                parent, pos, "https://x.example/p/%s" % uid,
                "Re: Anna Müller" if uid == "f2" else None))
rels = [(2, 1, 1, None, "reply"), (3, 1, 1, None, "reply"), (3, None, 2, "Bernd", "mention"),
        (4, None, 2, "Bernd", "quote"), (5, 4, 1, None, "reply"), (6, 5, 2, None, "reply"),
        (6, None, None, "Zed", "mention")]
db.executemany("INSERT INTO relation(src_post, dst_post, dst_author, dst_name, kind) VALUES (?, ?, ?, ?, ?)", rels)
db.commit()
