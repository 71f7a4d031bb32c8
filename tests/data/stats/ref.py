# Reference values for tests/unit/test_stats.c, computed with networkx.
# Run: python3 tests/data/stats/ref.py > tests/data/stats/reference.txt
import networkx as nx
print("networkx", nx.__version__)
c = nx.DiGraph([(0, 1), (1, 2), (2, 0)])
print("cycle pagerank", nx.pagerank(c, alpha=0.85))
print("cycle betweenness", nx.betweenness_centrality(c, normalized=False))
s = nx.DiGraph()
for i in range(1, 5):
    s.add_edge(0, i)
    s.add_edge(i, 0)
print("star pagerank", nx.pagerank(s, alpha=0.85))
print("star betweenness", nx.betweenness_centrality(s, normalized=False))
print("star core_number (in+out degree)", nx.core_number(s))
