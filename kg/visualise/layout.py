"""Positions for graphs too big to lay out in the browser.

vis-network's physics takes minutes to settle thousands of nodes, so above a size the
page is drawn from fixed positions computed here.  Small graphs use networkx's
``spring_layout``.  Large ones use a force layout of our own in NumPy, because
``spring_layout`` builds an n × n matrix without SciPy (3 GB at 20,000 nodes): it
attracts along edges exactly and estimates repulsion from a few randomly sampled nodes
per step, which costs O(n + m) per iteration instead of O(n²).  Both are seeded, so the
same graph always gets the same picture.

>>> import networkx as nx
>>> pos = layout(nx.path_graph(3))
>>> sorted(pos), all(len(xy) == 2 for xy in pos.values())
([0, 1, 2], True)
>>> layout(nx.path_graph(3)) == pos
True
"""

from __future__ import annotations

from collections.abc import Hashable

import networkx as nx
import numpy as np

#: Up to this many nodes, networkx's exact Fruchterman-Reingold is fast enough.
EXACT_LAYOUT_LIMIT = 500


def layout(
    G: nx.Graph, *, seed: int = 42, iterations: int = 60, samples: int = 12
) -> dict[Hashable, tuple[float, float]]:
    """Node positions in roughly [-1, 1]², deterministic for a given graph and seed.

    Parameters
    ----------
    G
        Any networkx graph; edge weights are ignored (a layout shows who is linked).
    seed
        Seed for the initial positions and the repulsion samples.
    iterations
        Force steps; the step size cools linearly to zero over them.
    samples
        Nodes sampled per node and step to estimate repulsion (large graphs only).
    """
    nodes = list(G)
    n = len(nodes)
    if n == 0:
        return {}
    if n <= EXACT_LAYOUT_LIMIT:
        pos = nx.spring_layout(G, seed=seed, iterations=iterations, weight=None)
        return {node: (float(xy[0]), float(xy[1])) for node, xy in pos.items()}

    index = {node: i for i, node in enumerate(nodes)}
    pairs = np.array(
        [(index[u], index[v]) for u, v in G.edges() if u != v], dtype=np.int64
    ).reshape(-1, 2)
    rng = np.random.default_rng(seed)
    side = np.sqrt(n)
    pos = rng.uniform(-side, side, size=(n, 2))
    k = 1.0  # the ideal edge length, in layout units before rescaling
    scale = n / samples
    step = side / 4
    gravity = 3.0  # strong enough that isolated actors stay near the rest
    for i in range(iterations):
        disp = np.zeros_like(pos)
        for _ in range(samples):
            other = rng.integers(0, n, size=n)
            delta = pos - pos[other]
            dist2 = np.einsum("ij,ij->i", delta, delta) + 1e-9
            disp += delta * (k * k * scale / dist2)[:, None]
        if len(pairs):
            delta = pos[pairs[:, 0]] - pos[pairs[:, 1]]
            dist = np.sqrt(np.einsum("ij,ij->i", delta, delta)) + 1e-9
            pull = delta * (dist / k)[:, None]
            np.add.at(disp, pairs[:, 0], -pull)
            np.add.at(disp, pairs[:, 1], pull)
        disp -= pos * (gravity * k)  # pulls small components and isolated nodes inwards
        length = np.sqrt(np.einsum("ij,ij->i", disp, disp)) + 1e-9
        limit = step * (1 - i / iterations)
        pos += disp * (np.minimum(length, limit) / length)[:, None]
    pos -= pos.mean(axis=0)
    pos /= np.abs(pos).max() or 1.0
    return {node: (float(pos[i, 0]), float(pos[i, 1])) for i, node in enumerate(nodes)}
