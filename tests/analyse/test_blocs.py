"""Bloc partitions: known answers on hand-built graphs, exactness, and the local search."""

from __future__ import annotations

import itertools
import random

import networkx as nx
import pytest

from kg.analyse.blocs import blocs


def signed(edges, labels=None) -> nx.Graph:
    G = nx.Graph()
    for u, v, w in edges:
        for n in (u, v):
            G.add_node(n, label=(labels or {}).get(n, n))
        G.add_edge(u, v, weight=w)
    return G


def frustration(G: nx.Graph, groups: list[list[str]]) -> int:
    where = {n: i for i, g in enumerate(groups) for n in g}
    return sum(1 for u, v, w in G.edges(data="weight") if w and (w > 0) != (where[u] == where[v]))


def partitions(items):
    """Every set partition of ``items`` (Bell-number many; keep ``items`` small)."""
    if not items:
        yield []
        return
    first, rest = items[0], items[1:]
    for part in partitions(rest):
        yield [[first], *part]
        for i in range(len(part)):
            yield [*part[:i], [first, *part[i]], *part[i + 1:]]


def two_blocs_of_three() -> nx.Graph:
    inside = [(a, b, 0.8) for a, b in itertools.combinations("ABC", 2)]
    inside += [(a, b, 0.7) for a, b in itertools.combinations("DEF", 2)]
    across = [(a, b, -0.6) for a in "ABC" for b in "DEF" if (a, b) != ("C", "D")]
    return signed(inside + across + [("C", "D", 0.3)])


def test_two_blocs_of_three_with_one_frustrated_edge():
    result = blocs(two_blocs_of_three())
    assert result["blocs"] == [["A", "B", "C"], ["D", "E", "F"]]
    assert result["frustration"] == 1
    assert result["frustrated_edges"] == [
        {"a": "C", "b": "D", "weight": 0.3, "kind": "positive between blocs"}
    ]
    assert result["method"] == "exact"


def test_local_search_agrees_on_two_blocs_of_three():
    result = blocs(two_blocs_of_three(), exact_limit=0)
    assert result["blocs"] == [["A", "B", "C"], ["D", "E", "F"]]
    assert result["frustration"] == 1
    assert result["method"] == "local search"


def test_mutual_enemies_make_separate_blocs():
    result = blocs(signed([("X", "Y", -0.5), ("Y", "Z", -0.5), ("X", "Z", -0.5)]))
    assert result["blocs"] == [["X"], ["Y"], ["Z"]]
    assert result["frustration"] == 0


def test_negative_edge_inside_a_bloc_is_reported():
    # A and B are both firmly allied with C, and mildly hostile to each other.
    G = signed([("A", "C", 0.9), ("B", "C", 0.9), ("A", "B", -0.1)])
    result = blocs(G)
    assert result["blocs"] == [["A", "B", "C"]]
    assert result["frustrated_edges"][0]["kind"] == "negative within a bloc"


def test_weights_break_ties_between_equal_counts():
    # An odd cycle: one edge must be frustrated; the lightest one is chosen.
    G = signed([("A", "B", 0.9), ("B", "C", -0.9), ("A", "C", 0.2)])
    result = blocs(G)
    assert result["frustration"] == 1
    assert (result["frustrated_edges"][0]["a"], result["frustrated_edges"][0]["b"]) == ("A", "C")


def test_unsigned_edges_and_isolated_actors_are_left_out():
    G = signed([("A", "B", 0.5), ("B", "C", 0.0)])
    G.add_node("D", label="D")
    result = blocs(G)
    assert result["blocs"] == [["A", "B"]]
    assert blocs(nx.Graph())["blocs"] == []


def test_unconnected_groups_never_share_a_bloc():
    G = signed([("A", "B", 0.5), ("C", "D", 0.5)])
    assert blocs(G)["blocs"] == [["A", "B"], ["C", "D"]]


def test_blocs_are_reported_by_label():
    G = signed([("ex:1", "ex:2", 0.5)], labels={"ex:1": "Chile", "ex:2": "Peru"})
    assert blocs(G)["blocs"] == [["Chile", "Peru"]]


@pytest.mark.parametrize("seed", range(12))
def test_exact_search_matches_brute_force(seed):
    rng = random.Random(seed)
    nodes = [f"n{i}" for i in range(7)]
    edges = [(u, v, rng.choice([-1, 1]) * rng.choice([0.2, 0.5, 0.9]))
             for u, v in itertools.combinations(nodes, 2) if rng.random() < 0.6]
    G = signed(edges)
    active = sorted({n for u, v, _ in edges for n in (u, v)})
    best = min(frustration(G, p) for p in partitions(active))
    result = blocs(G)
    assert result["frustration"] == best
    assert frustration(G, result["blocs"]) == best


def test_local_search_recovers_planted_blocs_in_a_large_balanced_graph():
    rng = random.Random(7)
    group = {f"a{i:03d}": i % 4 for i in range(240)}
    members = [sorted(n for n in group if group[n] == g) for g in range(4)]
    edges = [(m[i], m[i + 1], 0.4) for m in members for i in range(len(m) - 1)]  # each bloc connected
    for u, v in itertools.combinations(sorted(group), 2):
        if rng.random() < 0.05:
            edges.append((u, v, 0.6 if group[u] == group[v] else -0.6))
    result = blocs(signed(edges))
    assert result["method"] == "local search"
    assert result["frustration"] == 0
    found = sorted(sorted({group[n] for n in b}) for b in result["blocs"])
    assert found == [[0], [1], [2], [3]]


def test_result_does_not_depend_on_insertion_order():
    edges = list(two_blocs_of_three().edges(data="weight"))
    forward = blocs(signed(edges), exact_limit=0)
    backward = blocs(signed(edges[::-1]), exact_limit=0)
    assert forward == backward
