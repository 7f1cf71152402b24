"""Cut a signed graph down to what a reader wants to look at.

A page with thousands of actors is hard to read; an actor's neighbourhood, the strong
edges only, or one month usually answers the question.  These functions return new
graphs and never change the one given.  A date window rebuilds each edge from the
evidence dated inside it, with the same rules as :func:`kg.analyse.signed.signed_graph`,
so an edge's weight always matches the claims it shows.

>>> from kg.analyse.measures import toy_graph
>>> sorted(ego_subgraph(toy_graph(), "Russia", hops=1))
['KOR', 'PRK', 'RUS', 'UKR']
>>> sorted(filter_graph(toy_graph(), min_weight=0.5).edges())
[('PRK', 'KOR'), ('RUS', 'PRK'), ('RUS', 'UKR')]
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Hashable
from typing import Any

import networkx as nx

from kg.analyse.measures import resolve
from kg.analyse.signed import DateLike, iso_day, in_window, edge_attributes
from kg.modality import weight


def ego_subgraph(G: nx.Graph, actor: Hashable, hops: int = 1) -> nx.Graph:
    """The actors within ``hops`` edges of ``actor`` (id or label), and the edges among them.

    >>> from kg.analyse.measures import toy_graph
    >>> G = toy_graph(); G.remove_edge("RUS", "KOR")
    >>> sorted(ego_subgraph(G, "south korea", hops=1))
    ['KOR', 'PRK', 'UKR']
    """
    if hops < 0:
        raise ValueError(f"hops must be 0 or more, not {hops}")
    return nx.ego_graph(G, resolve(G, actor), radius=hops).copy()


def filter_graph(
    G: nx.Graph,
    *,
    min_weight: float = 0.0,
    since: DateLike = None,
    until: DateLike = None,
    relations: Collection[str] | None = None,
    min_confidence: float = 0.0,
    modalities: Collection[str] | None = None,
) -> nx.Graph:
    """The edges with ``|weight| >= min_weight``, rebuilt from the claims that pass the claim filters.

    Parameters
    ----------
    G
        A graph from :func:`kg.analyse.signed.signed_graph`.
    min_weight
        Keep edges at least this strong, either sign (0 keeps all, structural included).
    since, until
        Keep the evidence dated within ``[since, until]`` (the event's date where known,
        else the article's); undated evidence is dropped when a bound is given.
    relations
        Keep only the evidence of these properties (``{"attacks", "sanctions"}``).
    min_confidence
        Keep only claims at least this confident.
    modalities
        Keep only claims of these modalities (``{"asserted", "reported"}``).

    Returns
    -------
    networkx.Graph
        A new graph; each edge with a claim filter set is rebuilt from its kept
        evidence (:func:`kg.analyse.signed.edge_attributes`); actors left without an
        edge are dropped.

    >>> from kg.analyse.measures import toy_graph
    >>> sorted(filter_graph(toy_graph(), modalities={"possible"}).edges())
    []
    """
    keep = _claim_filter(since, until, relations, min_confidence, modalities)
    H = nx.Graph()
    H.graph.update(G.graph)
    for u, v, data in G.edges(data=True):
        if keep is not None:
            kept = [item for item in data.get("evidence", []) if keep(item)]
            if not kept:
                continue
            data = {**data, **edge_attributes(kept)}
        if abs(data.get("weight", 0.0)) < min_weight:
            continue
        for node in (u, v):
            if node not in H:
                H.add_node(node, **G.nodes[node])
        H.add_edge(u, v, **data)
    return H


def _claim_filter(
    since: DateLike, until: DateLike, relations: Collection[str] | None,
    min_confidence: float, modalities: Collection[str] | None,
) -> Callable[[dict[str, Any]], bool] | None:
    """A test an evidence item must pass, or ``None`` when no claim filter is set.

    >>> keep = _claim_filter("2024-01-01", None, None, 0.5, {"asserted"})
    >>> keep({"date": "2024-03-01", "confidence": 0.8, "modality": "asserted", "predicate": "attacks"})
    True
    >>> keep({"event_date": "2023", "date": "2024-03-01", "confidence": 0.8, "modality": "asserted", "predicate": "attacks"})
    False
    """
    lo, hi = iso_day(since), iso_day(until)
    if not (lo or hi) and relations is None and not min_confidence and modalities is None:
        return None
    for name in sorted(modalities or ()):
        weight(name)  # raises, naming the known modalities, for an unknown one

    def keep(item: dict[str, Any]) -> bool:
        return (
            (not (lo or hi) or in_window(item.get("event_date") or item.get("date"), lo, hi))
            and (relations is None or item["predicate"] in relations)
            and float(item.get("confidence", 1.0)) >= min_confidence
            and (modalities is None or item.get("modality", "asserted") in modalities)
        )

    return keep
