"""How long headless Chromium takes to open a geokg page and finish drawing it.

Synthetic signed graphs (fixed seed, about 1.5 edges per actor, a few evidence
sentences per edge) of 500, 5,000 and 20,000 actors are written with
``kg.visualise.render_html`` and opened offline in Debian's Chromium; the time runs from
navigation until the page reports ``window.__kgReady`` ("draw s"; "+launch" adds
starting Chromium) (after vis-network's first
drawing that follows stabilisation, or the first drawing when physics is off).  Each size
is opened twice: on the page's default view ("default": above 150 actors, the 100
strongest, persons and structural links hidden) and drawing every actor and link ("all",
``view=EVERYTHING``), which is what the page drew before it had a default view.

Run: ``.venv/bin/python benchmarks/viz.py [sizes...] [--screenshots DIR]``; needs ``chromium`` and the
``playwright`` package (no ``playwright install``).
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.helpers import chromium_path, open_page  # noqa: E402

from kg.visualise import render_html  # noqa: E402
from kg.visualise.pagedata import EVERYTHING, PHYSICS_LIMIT  # noqa: E402

TYPES = ("State", "Organization", "Person", "Group")
RELATIONS = ("attacks", "sanctions", "criticizes", "meetsWith", "supports", "providesAidTo")


def synthetic(n: int, seed: int = 42) -> nx.Graph:
    """A random signed graph shaped like the output of ``signed_graph``."""
    rng = random.Random(seed)
    G = nx.gnm_random_graph(n, int(n * 1.5), seed=seed)
    G = nx.relabel_nodes(G, {i: f"https://w3id.org/geokg/id/x/{i}" for i in G})
    for node in G:
        G.nodes[node].update(label=f"Actor {node.rsplit('/', 1)[1]}", type=rng.choice(TYPES))
    for u, v, d in G.edges(data=True):
        relation = rng.choice(RELATIONS)
        weight = rng.uniform(0.05, 0.95) * (-1 if relation in RELATIONS[:3] else 1)
        d.update(
            weight=weight, claims=3, articles=2, relations=[relation], hedged=rng.random() < 0.2,
            directed=relation != "meetsWith", subjects=[u], structural=False,
            first_seen="2024-01-01", last_seen="2024-02-01",
            evidence=[{"sentence": f"Synthetic sentence {i} about {relation}.", "doc": f"a{i}",
                       "date": "2024-01-01", "predicate": relation, "modality": "asserted",
                       "negated": False, "confidence": 0.8, "subject": u, "object": v}
                      for i in range(3)],
        )
    return G


def main(sizes: list[int], shots: str | None = None) -> None:
    if chromium_path() is None:
        sys.exit("no chromium found; install it, e.g. apt-get install chromium")
    print(f"{'actors':>8} {'links':>8} {'view':>8} {'drawn':>7} {'write s':>8} {'MB':>6} {'draw s':>8} {'+launch':>8}  physics")
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            G = synthetic(n)
            for name, view in (("default", None), ("all", EVERYTHING)):
                start = time.perf_counter()
                page = render_html(G, Path(tmp) / f"g{n}-{name}.html", view=view)
                written = time.perf_counter() - start
                start = time.perf_counter()
                with open_page(page, timeout_ms=600_000) as opened:
                    total, drawn = time.perf_counter() - start, opened.seconds
                    physics = n <= PHYSICS_LIMIT
                    shown = opened.page.evaluate("kgNetwork.body.data.nodes.getIds().length")
                    assert not opened.attempted, opened.attempted
                    if shots:
                        opened.page.screenshot(path=str(Path(shots) / f"viz-{n}-{name}.png"))
                size = page.stat().st_size / 1e6
                print(f"{n:>8,} {G.number_of_edges():>8,} {name:>8} {shown:>7,} {written:>8.2f} {size:>6.1f} "
                      f"{drawn:>8.2f} {total:>8.2f}  {physics}", flush=True)


if __name__ == "__main__":
    args = sys.argv[1:]
    shots = args.pop(args.index("--screenshots") + 1) if "--screenshots" in args else None
    args = [a for a in args if a != "--screenshots"]
    main([int(a) for a in args] or [500, 5_000, 20_000], shots)
