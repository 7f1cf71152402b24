"""Fixed layouts for large graphs: seeded, spread out, and linear in the graph's size."""

from __future__ import annotations

import math
import time

import networkx as nx

from kg.visualise.layout import EXACT_LAYOUT_LIMIT, layout


def spread(pos) -> float:
    xs = [x for x, _ in pos.values()]
    ys = [y for _, y in pos.values()]
    return (max(xs) - min(xs)) * (max(ys) - min(ys))


def test_same_graph_same_seed_same_positions():
    G = nx.gnm_random_graph(EXACT_LAYOUT_LIMIT + 300, 1200, seed=1)
    assert layout(G) == layout(G)
    assert layout(G, seed=1) != layout(G, seed=2)


def test_large_layout_is_bounded_and_spread_out():
    G = nx.gnm_random_graph(3000, 4500, seed=2)
    pos = layout(G)
    assert set(pos) == set(G)
    assert all(abs(x) <= 1.0 + 1e-9 and abs(y) <= 1.0 + 1e-9 for x, y in pos.values())
    assert spread(pos) > 1.0  # not collapsed onto a line or a point
    radii = sorted(math.hypot(x, y) for x, y in pos.values())
    assert radii[len(radii) // 2] > 0.25  # the bulk is not squeezed by a few far-flung nodes


def test_linked_nodes_sit_closer_than_random_pairs():
    G = nx.connected_caveman_graph(120, 6)  # 720 nodes in tight groups
    pos = layout(G)
    def dist(u, v):
        return math.dist(pos[u], pos[v])
    linked = sum(dist(u, v) for u, v in G.edges()) / G.number_of_edges()
    nodes = list(G)
    unlinked = sum(dist(nodes[i], nodes[(i * 7919) % len(nodes)]) for i in range(len(nodes))) / len(nodes)
    assert linked < unlinked / 3


def test_twenty_thousand_nodes_in_seconds():
    G = nx.gnm_random_graph(20_000, 30_000, seed=3)
    start = time.perf_counter()
    pos = layout(G)
    assert len(pos) == 20_000
    assert time.perf_counter() - start < 15


def test_small_and_empty_graphs():
    assert layout(nx.Graph()) == {}
    G = nx.Graph()
    G.add_node("only")
    assert set(layout(G)) == {"only"}
