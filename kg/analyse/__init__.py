"""Analysis of the signed actor graph: build it from claims, then ask it questions.

:func:`signed_graph` turns relation mentions into an undirected networkx graph whose
edges carry a signed weight in [-1, 1] and their evidence; the other functions take that
graph and return plain data (lists and dicts), so the CLI, notebooks and pages share
them.  Nothing here knows about RDF or pyvis.

>>> from kg.analyse import blocs, toy_graph
>>> blocs(toy_graph())["blocs"]
[['North Korea', 'Russia'], ['South Korea', 'Ukraine']]
"""

from kg.analyse.blocs import blocs
from kg.analyse.measures import (
    adversaries,
    alignments,
    balance,
    centrality,
    explain,
    friends,
    namer,
    oppositions,
    resolve,
    toy_graph,
)
from kg.analyse.select import ego_subgraph, filter_graph
from kg.analyse.signed import claim_score, edge_attributes, signed_graph

__all__ = [
    "adversaries",
    "alignments",
    "balance",
    "blocs",
    "centrality",
    "claim_score",
    "edge_attributes",
    "ego_subgraph",
    "explain",
    "filter_graph",
    "friends",
    "namer",
    "oppositions",
    "resolve",
    "signed_graph",
    "toy_graph",
]
