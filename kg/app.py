"""The jobs the command line and the Python API both do, written once.

``kg ...`` (:mod:`kg.cli`) and ``import kg`` (:mod:`kg.api`) differ only in how they
present results: the CLI prints lines and tables, the API hands back objects and
DataFrames.  What they compute comes from here, so the two always agree:

- :func:`open_graph`: a store from a directory or a SPARQL server URL;
- :func:`actor_graph`: the signed actor graph of a store (syndicated copies folded);
- :func:`analysis`: one of the analyses by name, as plain data;
- :func:`write_page`: the interactive page of ``kg viz``;
- :func:`run_query`: SPARQL from a :class:`~kg.rdf.sparql.Query` or a name/text string;
- :func:`export`: the whole store in one of ``kg export``'s formats.

The row shape of a claim is :func:`kg.records.relation_row`.

>>> sorted(ANALYSES)
['adversaries', 'allies', 'balance', 'blocs', 'centrality', 'explain']
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx

from kg import analyse as an
from kg.rdf.sparql import Query
from kg.store import GraphStore, default_store, open_store

if TYPE_CHECKING:  # the query runner (rich tables) is imported when a query runs
    from kg.rdf.query import QueryResult


def open_graph(spec: str | Path | None = None, *, read_only: bool = True) -> GraphStore:
    """The store ``spec`` names: an ``http(s)://`` URL (a SPARQL 1.1 server) or a directory.

    ``None`` means :func:`default_store`.  Raises :class:`kg.store.StoreError` (or a
    subclass) with the reason when it cannot be opened.
    """
    return open_store(str(spec or default_store()), read_only=read_only)


def actor_graph(store: GraphStore, *, since: str | None = None, until: str | None = None,
                roll_up: bool = True, structural: bool = False, min_confidence: float = 0.0,
                modalities: list[str] | tuple[str, ...] | None = None,
                include_rejected: bool = False) -> nx.Graph:
    """The signed actor graph of the store, a syndicated story counted once.

    See :func:`kg.analyse.signed_graph` for ``roll_up``, ``structural``,
    ``min_confidence`` and ``modalities``; claims a reviewer rejected count only with
    ``include_rejected``.
    """
    from kg.builder.dedupe import story_relations

    found = story_relations(store, since, until, include_rejected=include_rejected)
    return an.signed_graph(found, roll_up=roll_up, structural=structural,
                           min_confidence=min_confidence, modalities=modalities)


def ranked_centrality(G: nx.Graph) -> list[dict[str, Any]]:
    """Centrality as rows, most central first: by degree, then by both PageRanks.

    >>> from kg.analyse import toy_graph
    >>> [row["actor"] for row in ranked_centrality(toy_graph())][:2]
    ['Russia', 'Ukraine']
    """
    scores = an.centrality(G)
    ranked = sorted(scores, key=lambda a: (-scores[a]["degree"],
                                          -(scores[a]["pagerank_positive"] + scores[a]["pagerank_negative"]), a))
    return [{"actor": actor, **scores[actor]} for actor in ranked]


#: Analysis name -> (how many actor names it takes, the function).
ANALYSES: dict[str, tuple[int, Callable[..., Any]]] = {
    "blocs": (0, an.blocs), "balance": (0, an.balance), "centrality": (0, ranked_centrality),
    "allies": (1, an.friends), "adversaries": (1, an.adversaries), "explain": (2, an.explain),
}


def check_analysis(what: str, actors: list[str] | tuple[str, ...] = ()) -> Callable[..., Any]:
    """The function of analysis ``what``; ``ValueError`` for an unknown one or a wrong number of names.

    >>> check_analysis("explain", ["Russia"])
    Traceback (most recent call last):
    ...
    ValueError: 'explain' takes 2 actor name(s)
    """
    if what not in ANALYSES:
        raise ValueError(f"unknown analysis '{what}'; use one of {', '.join(ANALYSES)}")
    needed, run = ANALYSES[what]
    if len(actors) != needed:
        raise ValueError(f"'{what}' takes {needed} actor name(s)")
    return run


def analysis(G: nx.Graph, what: str, actors: list[str] | tuple[str, ...] = ()) -> Any:
    """Run the analysis ``what`` (one of :data:`ANALYSES`) with its actor names.

    Raises ``ValueError`` for an unknown analysis or a wrong number of names, and
    ``KeyError`` (naming close matches) for an actor not in the graph.
    """
    return check_analysis(what, actors)(G, *actors)


def page_graph(store: GraphStore, *, ego: str | None = None, hops: int = 1,
               since: str | None = None, until: str | None = None, min_weight: float = 0.0,
               structural: bool = True, min_confidence: float = 0.0,
               modalities: list[str] | None = None, include_rejected: bool = False) -> nx.Graph:
    """The graph ``kg viz`` draws: one actor's neighbourhood, edges at least ``min_weight``,
    each rebuilt from its claims at least ``min_confidence`` confident and of ``modalities``."""
    G = actor_graph(store, since=since, until=until, structural=structural, include_rejected=include_rejected)
    if ego:
        G = an.ego_subgraph(G, ego, hops)
    if min_weight or min_confidence or modalities:
        G = an.filter_graph(G, min_weight=min_weight, min_confidence=min_confidence, modalities=modalities)
    return G


def write_page(store: GraphStore, path: str | Path, *, title: str = "geokg",
               **options: Any) -> tuple[Path, nx.Graph]:
    """Write the interactive page (``options`` as :func:`page_graph`); its path and graph.

    The evidence shows each article's title, date and link, read from the store.
    """
    from kg.visualise import render_html

    G = page_graph(store, **options)
    return render_html(G, path, title=title, articles=store.article_info()), G


def export(store: GraphStore, fmt: str) -> bytes:
    """The whole store in ``fmt`` (see :mod:`kg.rdf.export`); ``graphml`` and ``gexf`` are the graph ``kg viz`` draws."""
    from kg.rdf.export import export_store, gexf_bytes, graphml_bytes

    if fmt == "graphml":
        return graphml_bytes(actor_graph(store, structural=True))
    if fmt == "gexf":
        return gexf_bytes(actor_graph(store, structural=True))
    return export_store(store, fmt)


def as_query(query: Query | str) -> Query:
    """A :class:`Query` as is; a string as a shipped query's name or SPARQL text (never a file)."""
    return query if isinstance(query, Query) else Query.from_name_or_text(query)


def run_query(store: GraphStore, query: Query | str, params: dict[str, Any] | None = None) -> QueryResult:
    """Run a query (see :func:`as_query`) on the store; a :class:`kg.rdf.query.QueryResult`."""
    from kg.rdf import query as q

    return q.run_query(store, as_query(query), {k: str(v) for k, v in (params or {}).items()})
