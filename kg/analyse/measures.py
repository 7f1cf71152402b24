"""Questions asked of the signed actor graph, each answered with plain data.

Who is closest, who is most opposed, who stands with or against an actor, how balanced
the triangles are, who is central among friends and among enemies, and what evidence
lies behind one edge.  Every function takes a graph built by
:func:`kg.analyse.signed.signed_graph` (or any graph with a ``weight`` in [-1, 1] on its
edges and a ``label`` on its nodes) and returns lists and dicts ready to print or dump
as JSON.  Actors are named by label in the results; where two nodes share a label the
node id is added in brackets, so no two results are confused.

>>> G = toy_graph()
>>> [(p["a"], p["b"]) for p in alignments(G, n=1)]
[('North Korea', 'Russia')]
>>> [f["actor"] for f in adversaries(G, "ukraine")]
['Russia', 'North Korea']
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Callable, Hashable
from typing import Any

import networkx as nx


def toy_graph() -> nx.Graph:
    """A four-actor graph for examples: Russia and North Korea allied, both against Ukraine.

    South Korea sides with Ukraine against North Korea but keeps a weak tie to Russia,
    which unbalances two of the four triangles.

    >>> sorted(toy_graph().nodes(data="label"))[0]
    ('KOR', 'South Korea')
    """
    G = nx.Graph()
    for code, label in [("RUS", "Russia"), ("PRK", "North Korea"), ("UKR", "Ukraine"),
                        ("KOR", "South Korea")]:
        G.add_node(code, label=label, type="State")
    for u, v, w in [("RUS", "PRK", 0.8), ("RUS", "UKR", -0.9), ("PRK", "UKR", -0.3),
                    ("KOR", "PRK", -0.5), ("KOR", "UKR", 0.4),
                    ("KOR", "RUS", 0.1)]:
        G.add_edge(u, v, weight=w, relations=[], claims=1, articles=1, hedged_claims=0, evidence=[])
    return G


def namer(G: nx.Graph) -> Callable[[Hashable], str]:
    """A function giving the name a result uses for a node: its label, or label and id.

    The id is added in brackets only when another node has the same label.

    >>> G = nx.Graph(); G.add_node("p/1", label="Wood"); G.add_node("p/2", label="Wood")
    >>> namer(G)("p/1")
    'Wood [p/1]'
    """
    labels = {n: str(G.nodes[n].get("label") or n) for n in G}
    counts = Counter(labels.values())
    return lambda n: f"{labels[n]} [{n}]" if counts[labels[n]] > 1 else labels[n]


def resolve(G: nx.Graph, actor: Hashable) -> Hashable:
    """The node meant by ``actor``: a node id, or a label matched case-insensitively.

    >>> resolve(toy_graph(), "north korea")
    'PRK'
    >>> G = toy_graph(); G.nodes["PRK"]["alt"] = "DPRK|Pyongyang regime"; resolve(G, "dprk")
    'PRK'
    """
    if actor in G:
        return actor
    wanted = str(actor).strip().casefold()
    hits = sorted((n for n in G if str(G.nodes[n].get("label", "")).casefold() == wanted), key=str)
    # no actor has that label: the ones that have it as an alternative name ("Putin")
    hits = hits or sorted((n for n in G if wanted in str(G.nodes[n].get("alt") or "").casefold().split("|")), key=str)
    if len(hits) == 1:
        return hits[0]
    if hits:
        raise KeyError(f"{actor!r} names {len(hits)} actors ({', '.join(map(str, hits))}); give a node id")
    labels = sorted({str(G.nodes[n].get("label", n)) for n in G})
    close = difflib.get_close_matches(str(actor), labels, n=3, cutoff=0.6)
    hint = f"; did you mean {', '.join(close)}?" if close else "; check the spelling or the date window"
    raise KeyError(f"no actor {actor!r} in the graph{hint}")


def _pairs(G: nx.Graph, sign: int, n: int) -> list[dict[str, Any]]:
    """The ``n`` edges of one sign with the largest |weight|, as plain dicts."""
    name = namer(G)
    edges = [(u, v, d) for u, v, d in G.edges(data=True) if d.get("weight", 0) * sign > 0]
    edges.sort(key=lambda e: (-abs(e[2]["weight"]), -e[2].get("claims", 0), *sorted((name(e[0]), name(e[1])))))
    return [_pair(G, name, u, v, d) for u, v, d in edges[:n]]


def _pair(G: nx.Graph, name: Callable[[Hashable], str], u: Hashable, v: Hashable, data: dict[str, Any]) -> dict[str, Any]:
    a, b = sorted((u, v), key=lambda n: (-G.degree(n), name(n)))
    return {
        "a": name(a),
        "b": name(b),
        "weight": data["weight"],
        "claims": data.get("claims", 0),
        "articles": data.get("articles", 0),
        "hedged_claims": data.get("hedged_claims", 0),
        "relations": list(data.get("relations", [])),
    }


def alignments(G: nx.Graph, n: int = 10) -> list[dict[str, Any]]:
    """The ``n`` strongest positive edges, strongest first.

    Each result names the two actors (``a``, ``b``; the better connected one first) with
    the edge's ``weight``, ``claims``, ``articles`` (independent articles behind it),
    ``hedged_claims`` (claims neither asserted nor reported) and ``relations``.

    >>> [(p["a"], p["b"], p["weight"]) for p in alignments(toy_graph(), n=2)]
    [('North Korea', 'Russia', 0.8), ('South Korea', 'Ukraine', 0.4)]
    """
    return _pairs(G, +1, n)


def oppositions(G: nx.Graph, n: int = 10) -> list[dict[str, Any]]:
    """The ``n`` strongest negative edges, most hostile first (same fields as :func:`alignments`).

    >>> [(p["a"], p["b"]) for p in oppositions(toy_graph(), n=2)]
    [('Russia', 'Ukraine'), ('North Korea', 'South Korea')]
    """
    return _pairs(G, -1, n)


def _neighbours(G: nx.Graph, actor: Hashable, sign: int) -> list[dict[str, Any]]:
    node = resolve(G, actor)
    name = namer(G)
    out = [
        {
            "actor": name(other),
            "id": other,
            "weight": d["weight"],
            "claims": d.get("claims", 0),
            "articles": d.get("articles", 0),
            "hedged_claims": d.get("hedged_claims", 0),
            "relations": list(d.get("relations", [])),
        }
        for other, d in G[node].items()
        if d.get("weight", 0) * sign > 0
    ]
    out.sort(key=lambda r: (-abs(r["weight"]), -r["claims"], r["actor"]))
    return out


def friends(G: nx.Graph, actor: Hashable) -> list[dict[str, Any]]:
    """Actors joined to ``actor`` by a positive edge, strongest first.

    ``actor`` is a node id or a label (any case).  Raises ``KeyError`` naming close
    matches when there is no such actor.

    >>> [(f["actor"], f["weight"]) for f in friends(toy_graph(), "Russia")]
    [('North Korea', 0.8), ('South Korea', 0.1)]
    """
    return _neighbours(G, actor, +1)


def adversaries(G: nx.Graph, actor: Hashable) -> list[dict[str, Any]]:
    """Actors joined to ``actor`` by a negative edge, most hostile first.

    >>> [f["actor"] for f in adversaries(toy_graph(), "PRK")]
    ['South Korea', 'Ukraine']
    """
    return _neighbours(G, actor, -1)


def balance(G: nx.Graph) -> dict[str, Any]:
    """How many signed triangles are balanced (an even number of negative edges).

    Triangles with an unsigned edge (weight 0: structural, or only negated claims) are
    not counted.  ``ratio`` is ``None`` when there is no signed triangle.

    >>> balance(toy_graph())
    {'triangles': 4, 'balanced': 2, 'ratio': 0.5}
    """
    order = {node: i for i, node in enumerate(G)}
    signed = {
        node: {o for o, d in G[node].items() if d.get("weight", 0) != 0 and order[o] > order[node]}
        for node in G
    }
    triangles = balanced = 0
    for u in G:
        for v in signed[u]:
            for w in signed[u] & signed[v]:
                triangles += 1
                product = G[u][v]["weight"] * G[v][w]["weight"] * G[u][w]["weight"]
                balanced += product > 0
    return {
        "triangles": triangles,
        "balanced": balanced,
        "ratio": balanced / triangles if triangles else None,
    }


def centrality(G: nx.Graph) -> dict[str, dict[str, float]]:
    """Degree centrality, and PageRank over the positive and over the negative edges.

    ``degree`` is the share of the other actors an actor is joined to;
    ``pagerank_positive`` ranks actors by weighted positive ties (who is courted),
    ``pagerank_negative`` by weighted hostile ties (who is contested).  Each PageRank
    sums to 1 over all actors.

    >>> c = centrality(toy_graph())
    >>> max(c, key=lambda a: c[a]["pagerank_negative"])
    'Ukraine'
    >>> c["Ukraine"]["degree"]
    1.0
    """
    scale = 1 / (len(G) - 1) if len(G) > 1 else 0.0
    positive = _pagerank(G, +1)
    negative = _pagerank(G, -1)
    name = namer(G)
    return {
        name(node): {
            "degree": round(G.degree(node) * scale, 3),
            "pagerank_positive": round(positive[node], 4),
            "pagerank_negative": round(negative[node], 4),
        }
        for node in sorted(G, key=name)
    }


def _pagerank(G: nx.Graph, sign: int, alpha: float = 0.85, tol: float = 1e-10) -> dict[Hashable, float]:
    """Weighted PageRank on the edges of one sign, by power iteration (no SciPy needed)."""
    nodes = list(G)
    if not nodes:
        return {}
    out: dict[Hashable, list[tuple[Hashable, float]]] = {n: [] for n in nodes}
    for u, v, d in G.edges(data=True):
        w = d.get("weight", 0) * sign
        if w > 0:
            out[u].append((v, w))
            out[v].append((u, w))
    strength = {n: sum(w for _, w in out[n]) for n in nodes}
    size = len(nodes)
    rank = dict.fromkeys(nodes, 1.0 / size)
    for _ in range(200):
        dangling = sum(rank[n] for n in nodes if strength[n] == 0)
        base = (1 - alpha) / size + alpha * dangling / size
        new = dict.fromkeys(nodes, base)
        for n in nodes:
            if strength[n]:
                share = alpha * rank[n] / strength[n]
                for o, w in out[n]:
                    new[o] += share * w
        change = sum(abs(new[n] - rank[n]) for n in nodes)
        rank = new
        if change < size * tol:
            break
    return rank


def explain(G: nx.Graph, a: Hashable, b: Hashable) -> list[dict[str, Any]]:
    """The evidence behind the edge between ``a`` and ``b``, strongest first.

    An empty list when the two actors are not joined; ``KeyError`` when either is not
    in the graph.

    >>> G = toy_graph()
    >>> G.edges["RUS", "PRK"]["evidence"] = [{"sentence": "Russia and North Korea signed a pact."}]
    >>> explain(G, "north korea", "Russia")[0]["sentence"]
    'Russia and North Korea signed a pact.'
    """
    u, v = resolve(G, a), resolve(G, b)
    if not G.has_edge(u, v):
        return []
    return [dict(item) for item in G.edges[u, v].get("evidence", [])]
