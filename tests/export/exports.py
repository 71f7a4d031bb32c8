# SPDX-License-Identifier: GPL-3.0-or-later
"""What the export tests share: running netno export and the corpus of
make_corpus.py as the tests expect to read it back."""
import subprocess

# The posts of make_corpus.py: uid -> (thread URL, author, text, timestamp).
POSTS = {
    "f1": ("https://forum.example/t/1", "Anna Müller",
           "Hallo zusammen, schöne Grüße aus Köln!", "2024-01-10 00:00:00"),
    "f2": ("https://forum.example/t/1", "Bernd",
           'Anna Müller wrote:\n"Hallo"\nDanke, Anna Müller; mail me: bernd@mail.example',
           "2024-01-10 01:00:00"),
    "f3": ("https://forum.example/t/1", "Carla",
           "@Bernd siehe https://www.example.org/x, gell", "2024-01-10 02:00:00"),
    "f4": ("https://forum.example/t/2", "Anna Müller",
           'Zitat von Bernd: "ja; nein"\r\nok', "2024-02-19 00:00:00"),
    "f5": ("https://forum.example/t/2", "Bernd", "Antwort", "2024-02-20 00:00:00"),
    "f6": ("https://forum.example/t/2", "Anna Müller", "Zed? Zed!", "2024-02-21 00:00:00"),
    "b1": ("https://blog.example/2024/post", "Dora", "Ein Blogeintrag ohne Datum", ""),
}
NAMES = ["Anna", "Müller", "Bernd", "Carla", "Dora", "Zed"]
failures = 0


def export(*args, db="e.db"):
    """netno export ARGS to standard output; the bytes."""
    r = subprocess.run(["netno", "--db", db, "export"] + list(args),
                       capture_output=True)
    if r.returncode != 0:
        raise SystemExit("export %s: exit %d: %s" % (args, r.returncode, r.stderr.decode()))
    return r.stdout


def check(name, got, want):
    """Print ok NAME, or the difference (and count the failure)."""
    global failures
    if got == want:
        print("ok", name)
    else:
        failures += 1
        print("FAIL %s: got %r, want %r" % (name, got, want))


def finish():
    raise SystemExit(1 if failures else 0)
