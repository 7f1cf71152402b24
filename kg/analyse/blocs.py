"""Split actors into blocs so that friends share a bloc and adversaries do not.

This is structural balance in its "weak" (Davis) form, also known as correlation
clustering: find the partition of the actors that leaves the fewest *frustrated* edges,
a frustrated edge being a positive edge between two blocs or a negative edge inside one.
The number of blocs is not fixed, so three mutually hostile actors make three blocs.

Ties on the count of frustrated edges are broken by their summed |weight|, then towards
more blocs: actors share a bloc only when some positive tie earns it.  Each connected
component of the signed edges is solved apart (blocs never join unconnected actors):

- up to :data:`EXACT_LIMIT` actors, exactly, by branch and bound over set partitions;
- above, by a deterministic local search: from two starts (the components of the
  positive edges, and a two-colouring that follows the signs) it moves one actor at a
  time to the bloc, or a new bloc, that frees the most frustration until no move helps,
  and keeps the better result.

Edges of weight 0 (structural, or only negated claims) are ignored, and actors with no
signed edge are in no bloc.

>>> from kg.analyse.measures import toy_graph
>>> result = blocs(toy_graph())
>>> result["blocs"], result["frustration"]
([['North Korea', 'Russia'], ['South Korea', 'Ukraine']], 1)
>>> [(e["a"], e["b"], e["kind"]) for e in result["frustrated_edges"]]
[('Russia', 'South Korea', 'positive between blocs')]
>>> [[(e["a"], e["b"]) for e in ties] for ties in result["ties"]]
[[('North Korea', 'Russia')], [('South Korea', 'Ukraine')]]
>>> [(e["a"], e["b"], e["weight"]) for e in result["divides"]][:2]
[('Russia', 'Ukraine', -0.9), ('North Korea', 'South Korea', -0.5)]
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

import networkx as nx

from kg.analyse.measures import namer

#: Components with at most this many actors are partitioned exactly.
EXACT_LIMIT = 12

#: How many edges explain each bloc (its strongest ties) and the split (the strongest divides).
EXPLAIN_EDGES = 3

#: |weight| is compared in millionths, so float noise cannot decide a tie.
_UNIT = 1_000_000

Cost = tuple[int, int]  # (frustrated edges, their summed |weight| in millionths)
Adjacency = dict[Hashable, list[tuple[Hashable, int, int]]]  # node -> (other, sign, |w|)


def blocs(G: nx.Graph, *, exact_limit: int = EXACT_LIMIT) -> dict[str, Any]:
    """The partition of the actors that best respects structural balance.

    Parameters
    ----------
    G
        A signed graph (edge ``weight`` in [-1, 1]; nodes with a ``label``).
    exact_limit
        The largest connected component solved exactly; larger ones get local search.

    Returns
    -------
    dict
        ``blocs``: lists of actor labels (largest bloc first, labels sorted);
        ``frustration``: the number of frustrated edges; ``frustrated_edges``: dicts
        with ``a``, ``b``, ``weight`` and ``kind``, heaviest first; ``method``:
        ``"exact"`` when every component was solved exactly, else ``"local search"``;
        ``ties``: for each bloc (in the same order) its strongest positive edges inside,
        and ``divides``: the strongest negative edges between blocs -- the edges that
        explain the partition, each with ``a``, ``b``, ``weight``, ``articles`` (independent
        articles), ``hedged_claims`` and ``relations``.
    """
    adjacency: Adjacency = {}
    for u, v, d in G.edges(data=True):
        w = d.get("weight", 0)
        if w == 0 or u == v:
            continue
        sign, size = (1 if w > 0 else -1), round(abs(w) * _UNIT)
        adjacency.setdefault(u, []).append((v, sign, size))
        adjacency.setdefault(v, []).append((u, sign, size))
    name = namer(G)
    order = sorted(adjacency, key=lambda n: (-len(adjacency[n]), name(n)))
    rank = {n: i for i, n in enumerate(order)}

    assignment: dict[Hashable, int] = {}
    exact = True
    for component in _components(adjacency, order, rank):
        if len(component) <= exact_limit:
            part = _exact(adjacency, component, _local(adjacency, component))
        else:
            part, exact = _local(adjacency, component), False
        offset = max(assignment.values(), default=-1) + 1
        assignment.update({n: offset + b for n, b in part.items()})

    groups: dict[int, list[str]] = {}
    for node, bloc in assignment.items():
        groups.setdefault(bloc, []).append(name(node))
    out_blocs = sorted((sorted(g) for g in groups.values()), key=lambda g: (-len(g), g))

    frustrated = []
    for u, v, d in G.edges(data=True):
        w = d.get("weight", 0)
        if w == 0 or u == v:
            continue
        same = assignment[u] == assignment[v]
        if (w > 0) != same:
            a, b = sorted((name(u), name(v)))
            kind = "negative within a bloc" if same else "positive between blocs"
            frustrated.append({"a": a, "b": b, "weight": w, "kind": kind})
    frustrated.sort(key=lambda e: (-abs(e["weight"]), e["a"], e["b"]))
    ties, divides = _strongest_edges(G, assignment, name)
    return {
        "blocs": out_blocs,
        "frustration": len(frustrated),
        "frustrated_edges": frustrated,
        "method": "exact" if exact else "local search",
        "ties": [ties.get(tuple(b), [])[:EXPLAIN_EDGES] for b in out_blocs],
        "divides": divides[:EXPLAIN_EDGES],
    }


def _strongest_edges(G: nx.Graph, assignment: dict[Hashable, int],
                     name: Any) -> tuple[dict[tuple[str, ...], list[dict[str, Any]]], list[dict[str, Any]]]:
    """Why the blocs are what they are: each bloc's strongest positive edges inside it, and
    the strongest negative edges between blocs, each with its articles and hedged claims."""
    members: dict[int, list[str]] = {}
    for node, bloc in assignment.items():
        members.setdefault(bloc, []).append(name(node))
    key = {bloc: tuple(sorted(labels)) for bloc, labels in members.items()}
    ties: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    divides: list[dict[str, Any]] = []
    for u, v, d in G.edges(data=True):
        w = d.get("weight", 0)
        if w == 0 or u == v or u not in assignment or v not in assignment:
            continue
        a, b = sorted((name(u), name(v)))
        row = {"a": a, "b": b, "weight": w, "articles": d.get("articles", 0),
               "hedged_claims": d.get("hedged_claims", 0), "relations": list(d.get("relations", []))}
        if w > 0 and assignment[u] == assignment[v]:
            ties.setdefault(key[assignment[u]], []).append(row)
        elif w < 0 and assignment[u] != assignment[v]:
            divides.append(row)
    order = lambda e: (-abs(e["weight"]), e["a"], e["b"])  # noqa: E731
    return {k: sorted(v, key=order) for k, v in ties.items()}, sorted(divides, key=order)


def _components(adjacency: Adjacency, order: list[Hashable], rank: dict[Hashable, int]) -> list[list[Hashable]]:
    seen: set[Hashable] = set()
    out = []
    for start in order:
        if start in seen:
            continue
        seen.add(start)
        stack, members = [start], []
        while stack:
            node = stack.pop()
            members.append(node)
            for other, _, _ in adjacency[node]:
                if other not in seen:
                    seen.add(other)
                    stack.append(other)
        out.append(sorted(members, key=rank.__getitem__))
    return out


def _cost(adjacency: Adjacency, part: dict[Hashable, int]) -> Cost:
    """The cost of a partition; each edge is seen from both ends, hence the halving."""
    count = weight = 0
    for u in part:
        for v, sign, size in adjacency[u]:
            if (sign > 0) != (part[u] == part[v]):
                count, weight = count + 1, weight + size
    return count // 2, weight // 2


def _exact(adjacency: Adjacency, nodes: list[Hashable], start: dict[Hashable, int]) -> dict[Hashable, int]:
    """Branch and bound: each actor goes to a new bloc or an existing one, in that order.

    The partial cost only grows, so a branch is cut as soon as it reaches the best cost
    found.  The bound starts just above the local-search cost, so the search returns the
    first optimum in its own order whatever the local search found.
    """
    index = {n: i for i, n in enumerate(nodes)}
    earlier = [[(index[o], s, w) for o, s, w in adjacency[n] if index[o] < i] for i, n in enumerate(nodes)]
    count, weight = _cost(adjacency, start)
    best: list[Any] = [(count, weight + 1), dict(start)]
    blocs_of = [0] * len(nodes)

    def search(i: int, used: int, cost: Cost) -> None:
        if cost >= best[0]:
            return
        if i == len(nodes):
            best[0], best[1] = cost, {n: blocs_of[k] for k, n in enumerate(nodes)}
            return
        for bloc in [used, *range(used)]:
            c, w = cost
            for j, sign, size in earlier[i]:
                if (sign > 0) != (blocs_of[j] == bloc):
                    c, w = c + 1, w + size
            blocs_of[i] = bloc
            search(i + 1, max(used, bloc + 1), (c, w))

    search(0, 0, (0, 0))
    return best[1]


def _local(adjacency: Adjacency, nodes: list[Hashable]) -> dict[Hashable, int]:
    """Local search from two starts; the cheaper result wins (the first on a tie).

    The starts are the components of the positive edges (right when only negative edges
    are frustrated) and a two-colouring that follows the signs along a breadth-first
    tree (right when the graph is balanced in the strong, two-bloc sense).
    """
    results = [_improve(adjacency, nodes, start(adjacency, nodes)) for start in (_positive_components, _two_colouring)]
    return min(results, key=lambda part: _cost(adjacency, part))


def _positive_components(adjacency: Adjacency, nodes: list[Hashable]) -> dict[Hashable, int]:
    part: dict[Hashable, int] = {}
    bloc = -1
    for node in nodes:
        if node in part:
            continue
        bloc, stack = bloc + 1, [node]
        part[node] = bloc
        while stack:
            current = stack.pop()
            for other, sign, _ in adjacency[current]:
                if sign > 0 and other not in part:
                    part[other] = bloc
                    stack.append(other)
    return part


def _two_colouring(adjacency: Adjacency, nodes: list[Hashable]) -> dict[Hashable, int]:
    part: dict[Hashable, int] = {}
    for node in nodes:
        if node in part:
            continue
        part[node], queue = 0, [node]
        for current in queue:  # the list grows while it is walked: breadth first
            for other, sign, _ in adjacency[current]:
                if other not in part:
                    part[other] = part[current] if sign > 0 else 1 - part[current]
                    queue.append(other)
    return part


def _improve(adjacency: Adjacency, nodes: list[Hashable], part: dict[Hashable, int], passes: int = 50) -> dict[Hashable, int]:
    """Move one actor at a time to the bloc (or a new bloc) that frees most frustration."""
    fresh = max(part.values(), default=-1) + 1
    for _ in range(passes):
        moved = False
        for node in nodes:
            positive: Cost = (0, 0)
            inside: dict[int, list[int]] = {}  # bloc -> [pos count, pos w, neg count, neg w]
            for other, sign, size in adjacency[node]:
                tally = inside.setdefault(part[other], [0, 0, 0, 0])
                k = 0 if sign > 0 else 2
                tally[k], tally[k + 1] = tally[k] + 1, tally[k + 1] + size
                if sign > 0:
                    positive = (positive[0] + 1, positive[1] + size)

            def cost_in(bloc: int) -> Cost:
                t = inside.get(bloc, [0, 0, 0, 0])
                return (positive[0] - t[0] + t[2], positive[1] - t[1] + t[3])

            here = cost_in(part[node])
            options = sorted((cost_in(b), b) for b in inside if b != part[node])
            options.append((positive, fresh))
            target_cost, target = min(options)
            if target_cost < here:
                part[node] = target
                fresh += target == fresh
                moved = True
        if not moved:
            break
    renumber: dict[int, int] = {}
    return {n: renumber.setdefault(part[n], len(renumber)) for n in nodes}
