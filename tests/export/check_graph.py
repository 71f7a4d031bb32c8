# SPDX-License-Identifier: GPL-3.0-or-later
"""GEXF and GraphML read back by networkx: node and edge counts, weights
and attributes against make_corpus.py (counted by hand) and against the
measures the corpus holds."""
import sqlite3
import networkx as nx
from exports import check, export, finish

db = sqlite3.connect("e.db")
pagerank = {name: v for name, v in db.execute(
    "SELECT a.name, m.value FROM author_metric m JOIN author a ON a.id = m.author_id "
    "WHERE m.metric = 'pagerank' AND m.run_id = (SELECT max(id) FROM run)")}
community = {name: v for name, v in db.execute(
    "SELECT a.name, c.community FROM community_member c JOIN author a ON a.id = c.author_id")}

open("g.gexf", "wb").write(export("--format", "gexf"))
open("g.graphml", "wb").write(export("--format", "graphml"))
open("site.gexf", "wb").write(export("--format", "gexf", "--site", "forum.example",
                                     "--since", "2024-02-01"))
# Hand count: Anna->Bernd (quote f4, reply f6), Bernd->Anna (f2, f5),
# Carla->Anna (f3), Carla->Bernd (mention f3).
want_edges = {("Anna Müller", "Bernd"): 2, ("Bernd", "Anna Müller"): 2,
              ("Carla", "Anna Müller"): 1, ("Carla", "Bernd"): 1}
for name, g in [("gexf", nx.read_gexf("g.gexf")), ("graphml", nx.read_graphml("g.graphml"))]:
    check(name + ": directed", g.is_directed(), True)
    check(name + ": nodes, edges", (g.number_of_nodes(), g.number_of_edges()), (4, 4))
    label = {n: d["label"] for n, d in g.nodes(data=True)}
    check(name + ": weights", {(label[u], label[v]): d["weight"] for u, v, d in g.edges(data=True)},
          want_edges)
    by = {d["label"]: d for n, d in g.nodes(data=True)}
    check(name + ": posts attribute", by["Anna Müller"]["posts"], 3.0)
    check(name + ": pagerank as stored", {k: by[k]["pagerank"] for k in by}, pagerank)
    check(name + ": community as stored", {k: by[k]["community"] for k in by}, community)
    check(name + ": site", by["Dora"]["site"], "blog.example")
    e = [d for u, v, d in g.edges(data=True) if label[u] == "Anna Müller"][0]
    check(name + ": kind counts", (e["reply"], e["quote"], e["mention"]), (1, 1, 0))

g = nx.read_gexf("site.gexf")
label = {n: d["label"] for n, d in g.nodes(data=True)}
check("gexf --site --since: nodes", sorted(label.values()), ["Anna Müller", "Bernd", "Carla"])
check("gexf --site --since: edges",
      sorted((label[u], label[v], d["weight"]) for u, v, d in g.edges(data=True)),
      [("Anna Müller", "Bernd", 2.0), ("Bernd", "Anna Müller", 1.0)])
head = open("g.gexf", encoding="utf-8").read(300)
check("gexf namespace and version",
      'xmlns="http://www.gexf.net/1.2draft" version="1.2"' in head, True)
finish()
