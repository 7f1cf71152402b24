"""Load and query times: the Oxigraph store on disk vs rdflib's in-memory Dataset, one run.

A synthetic news graph (fixed seed): made-up actors and sentences, articles of 20 claims
each, mapped to triples by :mod:`kg.rdf.mapping` exactly as real articles are, until about
``--triples`` triples (default 1,000,000).  Both sides get the same quads and the ontology.

- load: Oxigraph through the store's one write path, 64 articles per SPARQL update (as
  ``kg build`` commits them); rdflib by adding the same triples to a ``Dataset``
  (``default_union=True``).
- queries (Oxigraph: best of ``--repeat`` runs, default 3): each shipped query in ``queries/`` (parameters pointing at synthetic actors),
  ``stats()`` and the read-back of every claim as records, through ``kg.rdf.query.run_query``.
  rdflib runs each query in a forked child that is killed after ``--cap`` seconds
  (reported as ``>cap``), since its engine cannot be interrupted.

Every shipped query runs with ``actor`` = "Actor 1" and ``other`` = "Actor 2" where it
takes them.  Run: ``.venv/bin/python benchmarks/store.py [--triples N] [--cap SECONDS]
[--no-rdflib]``.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import random
import sys
import tempfile
import time
from pathlib import Path

import rdflib

from kg import ids
from kg.rdf.query import Query, run_query, shipped_queries
from kg.records import Article, ArticleResult, Entity, Evidence, Relation
from kg.rdf.sparql import PREFIXES
from kg.builder.writer import COMMIT_SIZE
from kg.store import GraphStore, Store
from kg.store.base import prepare
from kg.rdf.mapping import article_triples, entity_triples, result_entities
from kg.vocab import ontology_graph, relation_properties

TYPES = ("State", "State", "Organization", "Person", "Group")
MODALITIES = ("asserted", "asserted", "reported", "alleged", "possible", "planned", "denied")
PARAMS = {"actor": "Actor 1", "other": "Actor 2"}


def actors(n: int, rng: random.Random) -> list[Entity]:
    out = []
    for i in range(n):
        kind = rng.choice(TYPES)
        if kind == "State":
            code = f"X{i // 26 % 26 + 65:c}{i % 26 + 65:c}"
            out.append(Entity(ids.state_iri(code), f"Actor {i}", kind, code, f"Q{900000 + i}"))
        elif kind == "Organization":
            out.append(Entity(ids.org_iri(f"org{i}"), f"Actor {i}", kind, None, f"Q{900000 + i}"))
        elif kind == "Person":
            out.append(Entity(ids.person_iri(f"Actor {i}"), f"Actor {i}", kind))
        else:
            out.append(Entity(ids.group_iri(f"Actor {i}"), f"Actor {i}", kind))
    return out


def articles(target: int, seed: int = 7) -> list[ArticleResult]:
    """Synthetic articles until about ``target`` triples (entities graph included)."""
    rng = random.Random(seed)
    people = actors(400, rng)
    props = sorted(relation_properties())
    out: list[ArticleResult] = []
    total = 0
    while total < target:
        n = len(out)
        date = f"2024-{n % 12 + 1:02d}-{n % 28 + 1:02d}"
        sentences, rels, offset = [], [], 0
        for k in range(20):
            s, o = rng.sample(people[:60] if k % 2 else people, 2)
            pred = rng.choice(props)
            sentence = f"{s.label} and {o.label} were in the news, item {n}-{k}."
            rels.append(Relation(f"syn{n}", s, pred, o, Evidence(sentence, offset, offset + len(sentence)),
                                 "synthetic", rng.choice(MODALITIES), rng.random() < 0.05,
                                 confidence=round(rng.uniform(0.3, 0.95), 2), date=date))
            sentences.append(sentence)
            offset += len(sentence) + 1
        result = ArticleResult(Article(f"syn{n}", " ".join(sentences), title=f"Item {n}", date=date), rels)
        total += len(article_triples(result))
        out.append(result)
    return out


def load_oxigraph(results: list[ArticleResult], path: Path) -> float:
    start = time.perf_counter()
    with Store.open(path) as store:
        for i in range(0, len(results), COMMIT_SIZE):
            store.write([prepare(r, replace=False) for r in results[i:i + COMMIT_SIZE]])
    return time.perf_counter() - start


def load_rdflib(results: list[ArticleResult]) -> tuple[rdflib.Dataset, float]:
    start = time.perf_counter()
    ds = rdflib.Dataset(default_union=True)
    onto = ds.graph(rdflib.URIRef(ids.ONTOLOGY_GRAPH))
    for triple in ontology_graph():
        onto.add(triple)
    entities = []
    for result in results:
        graph = ds.graph(rdflib.URIRef(ids.article_graph(result.article.id)))
        for triple in article_triples(result):
            graph.add(triple)
        entities.extend(result_entities(result))
    shared = ds.graph(rdflib.URIRef(ids.ENTITIES_GRAPH))
    for triple in entity_triples(entities):
        shared.add(triple)
    return ds, time.perf_counter() - start


def jobs() -> list[tuple[str, object]]:
    """``(name, callable(target) -> row count)`` for every measured query."""
    out: list[tuple[str, object]] = []
    for name in shipped_queries():
        query = Query.shipped(name)

        def job(target, query=query):
            params = {k: v for k, v in PARAMS.items() if k in query.params}
            return len(run_query(target, query, params).rows)
        out.append((name, job))
    out.append(("stats()", lambda t: len(_store(t).stats())))
    out.append(("relations()", lambda t: sum(1 for _ in _store(t).relations())))
    return out


class RdflibStore(GraphStore):
    """The shared store logic over an in-memory rdflib Dataset, so both sides run the same SPARQL."""

    def __init__(self, ds: rdflib.Dataset) -> None:
        self.ds = ds

    def query(self, sparql):
        return self.ds.query(sparql, initNs=PREFIXES)


def _store(target) -> GraphStore:
    return target if isinstance(target, Store) else RdflibStore(target)


def _child(job, ds, conn) -> None:
    start = time.perf_counter()
    try:
        rows = job(ds)
    except Exception as exc:  # rdflib's engine fails on some queries; report, not hang
        conn.send((None, f"{type(exc).__name__}"))
        return
    conn.send((time.perf_counter() - start, rows))


def best_of(n: int, job, target) -> tuple[float, int]:
    """The shortest of ``n`` runs (a shared machine's noise only ever adds time) and the row count."""
    best, rows = float("inf"), 0
    for _ in range(n):
        start = time.perf_counter()
        rows = job(target)
        best = min(best, time.perf_counter() - start)
    return best, rows


def timed_with_cap(job, ds, cap: float) -> tuple[float | None, int | None]:
    ctx = mp.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(job, ds, child))
    proc.start()
    if parent.poll(cap):
        seconds, rows = parent.recv()
        proc.join()
        return seconds, rows  # seconds None: the query failed, rows names the error
    proc.kill()
    proc.join()
    return None, None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--cap", type=float, default=60.0, help="seconds before an rdflib query is stopped")
    parser.add_argument("--no-rdflib", action="store_true", help="time Oxigraph only (no rdflib comparison)")
    parser.add_argument("--repeat", type=int, default=3, help="Oxigraph runs per query; the best is shown")
    args = parser.parse_args()

    results = articles(args.triples)
    claims = sum(len(r.relations) for r in results)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "kg-data"
        ox_load = load_oxigraph(results, path)
        ds, rdf_load = (None, 0.0) if args.no_rdflib else load_rdflib(results)
        with Store.open(path, read_only=True) as store:
            quads = sum(1 for _ in store.oxigraph)
            print(f"{len(results)} articles, {claims} claims, {quads} quads (ontology included); "
                  f"rdflib query cap {args.cap:g} s", flush=True)
            print(f"{'step':<22} {'oxigraph s':>11} {'rdflib s':>10} {'rdflib/ox':>10} {'rows':>7}")
            print(f"{'load':<22} {ox_load:>11.2f} {rdf_load:>10.2f} {rdf_load / ox_load:>10.1f} {'':>7}", flush=True)
            for name, job in jobs():
                ox_s, rows = best_of(args.repeat, job, store)
                rdf_s, rdf_rows = (None, "skipped") if ds is None else timed_with_cap(job, ds, args.cap)
                if rdf_s is None and rdf_rows == "skipped":
                    shown, ratio = "-", "-"
                elif rdf_s is None and rdf_rows is not None:
                    shown, ratio = "failed", str(rdf_rows)
                elif rdf_s is None:
                    shown, ratio = f">{args.cap:g}", f">{args.cap / ox_s:.0f}"
                else:
                    shown, ratio = f"{rdf_s:.2f}", f"{rdf_s / ox_s:.1f}"
                    if name != "stats()" and rdf_rows != rows:
                        ratio += " (rows differ: %s)" % rdf_rows
                print(f"{name:<22} {ox_s:>11.3f} {shown:>10} {ratio:>10} {rows:>7}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
