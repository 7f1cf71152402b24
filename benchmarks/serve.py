"""``kg serve`` under load beside ``oxigraph serve-read-only``, on the same store, in one run.

    python benchmarks/serve.py                                  # 1 M triples, 200 clients, 60 s each
    python benchmarks/serve.py --triples 100000 --clients 50 --seconds 10   # a quick run

The store is the synthetic news graph of ``benchmarks/store.py`` (fixed seed), bulk
loaded once into ``benchmarks/.cache/`` (git-ignored).  Each server in turn listens on
127.0.0.1 only, over that store, with the same query deadline; ``--clients`` threads then
send queries for ``--seconds`` (and at most ``--max-requests`` in all), each as soon as
its last one was answered.  The mix: the shipped queries that answer within
``--alone-ms`` (default 1,000) on this store when run alone (parameters pointing at synthetic actors), ``ASK {}``, and one
runaway query (three unrelated triple patterns, a cartesian product) in every
``--runaway-every`` requests.  Reported per server: good answers per second, p50/p99
latency of the good queries, their failures, connection resets (refused, reset or
closed without an answer: target 0), how the runaways ended, and the peak RSS of the
server's process tree (psutil, every 0.2 s).  ``oxigraph serve`` gets the prefixes in
the query text, as ``kg``'s remote store sends them.
"""

from __future__ import annotations

import argparse
import http.client
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

import psutil

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from store import PARAMS, articles  # noqa: E402

from kg.rdf.mapping import article_triples, entity_triples, result_entities  # noqa: E402
from kg.rdf.query import actor_iris  # noqa: E402
from kg.rdf.sparql import PROLOGUE, Query, shipped_queries  # noqa: E402
from kg.store import Store  # noqa: E402
from kg.store.dataset import DATA_DIR  # noqa: E402

CACHE = HERE / ".cache"
BIN = Path(sys.executable).parent
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def store(triples: int) -> Path:
    """The synthetic store of about ``triples`` triples, bulk-loaded once and cached."""
    import pyoxigraph as ox
    from rdflib import URIRef

    from kg import ids
    from kg.store.base import _to_ox

    path = CACHE / f"serve-store-{triples}"
    if (path / DATA_DIR).is_dir():
        return path
    Store.open(path).close()  # a geokg store with its ontology graph
    results = articles(triples)
    inner = ox.Store(str(path / DATA_DIR))

    def quads():
        for result in results:
            graph = ox.NamedNode(ids.article_graph(result.article.id))
            for s, p, o in article_triples(result):
                yield ox.Quad(_to_ox(s), _to_ox(p), _to_ox(o), graph)
        entities = ox.NamedNode(ids.ENTITIES_GRAPH)
        for s, p, o in entity_triples([e for r in results for e in result_entities(r)]):
            yield ox.Quad(_to_ox(URIRef(s)), _to_ox(p), _to_ox(o), entities)

    inner.bulk_extend(quads())
    inner.flush()
    del inner
    return path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(kind: str, location: Path, timeout: int) -> tuple[subprocess.Popen, str]:
    port = free_port()
    if kind == "kg serve":
        cmd = [str(BIN / "kg"), "serve", "--store", str(location), "--port", str(port), "--quiet",
               "--timeout", str(timeout)]
    else:
        cmd = [str(BIN / "oxigraph"), "serve-read-only", "--location", str(location / DATA_DIR),
               "--bind", f"127.0.0.1:{port}", "--union-default-graph", "--timeout-s", str(timeout)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(600):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/query?query=ASK%7B%7D")
            conn.getresponse().read()
            conn.close()
            return proc, f"127.0.0.1:{port}"
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError(f"{kind} did not start")


def ask(address: str, sparql: str, prologue: bool, timeout: float) -> tuple[str, float]:
    """One query on a fresh connection: ``("ok"|"http NNN"|"reset"|"timeout", seconds)``."""
    host, port = address.split(":")
    started = time.monotonic()
    conn = http.client.HTTPConnection(host, int(port), timeout=timeout)
    try:
        body = ((PROLOGUE if prologue else "") + sparql).encode()
        conn.request("POST", "/query", body=body, headers={"Content-Type": "application/sparql-query",
                                                          "Accept": "application/sparql-results+json"})
        response = conn.getresponse()
        data = response.read()
        ok = response.status == 200 and b"cancelled" not in data[-200:]
        outcome = "ok" if ok else f"http {response.status}" if response.status != 200 else "cut"
    except (ConnectionError, http.client.RemoteDisconnected, http.client.IncompleteRead):
        outcome = "reset"
    except (TimeoutError, socket.timeout):
        outcome = "timeout"
    except OSError:
        outcome = "reset"
    finally:
        conn.close()
    return outcome, time.monotonic() - started


def shipped_texts(location: Path) -> dict[str, str]:
    """Every shipped query bound to :data:`PARAMS`, its actors looked up in the store first."""
    out: dict[str, str] = {}
    with Store.open(location, read_only=True) as graph:
        for name in shipped_queries():
            query = Query.shipped(name)
            params = {k: v for k, v in PARAMS.items() if k in query.params}
            out[name] = query.bind(params, actors=lambda label: actor_iris(graph, label))
    return out


def good_queries(address: str, timeout: float, alone: float, texts: dict[str, str]) -> dict[str, str]:
    """The shipped queries (and ASK) that answer alone within ``alone`` seconds on this store."""
    chosen = {"ASK {}": "ASK {}"}
    for name, text in sorted(texts.items()):
        outcome, seconds = ask(address, text, True, timeout)
        print(f"  alone: {name:<18} {outcome:<8} {seconds * 1000:8.0f} ms", flush=True)
        if outcome == "ok" and seconds < alone:
            chosen[name] = text
    return chosen


def peak_rss(proc: subprocess.Popen, stop: threading.Event, out: list[int]) -> None:
    root = psutil.Process(proc.pid)
    while not stop.is_set():
        try:
            tree = [root, *root.children(recursive=True)]
            out.append(sum(p.memory_info().rss for p in tree))
        except psutil.Error:
            pass
        time.sleep(0.2)


def load(kind: str, location: Path, args: argparse.Namespace) -> dict:
    texts = shipped_texts(location)
    proc, address = start(kind, location, args.timeout)
    try:
        queries = good_queries(address, args.timeout + 5, args.alone_ms / 1000, texts)
        stop, rss = threading.Event(), []
        sampler = threading.Thread(target=peak_rss, args=(proc, stop, rss), daemon=True)
        sampler.start()
        results: list[tuple[str, str, float]] = []
        lock = threading.Lock()
        count = [0]
        end = time.monotonic() + args.seconds

        def client(seed: int) -> None:
            rng = random.Random(seed)
            names = sorted(queries)
            while time.monotonic() < end:
                with lock:
                    if count[0] >= args.max_requests:
                        return
                    count[0] += 1
                    runaway = count[0] % args.runaway_every == 0
                name = "runaway" if runaway else rng.choice(names)
                outcome, seconds = ask(address, RUNAWAY if runaway else queries[name], True, args.timeout + 30)
                with lock:
                    results.append((name, outcome, seconds))

        threads = [threading.Thread(target=client, args=(i,)) for i in range(args.clients)]
        began = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - began
        stop.set()
        sampler.join()
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
    good = [(o, s) for n, o, s in results if n != "runaway"]
    ok = sorted(s for o, s in good if o == "ok")
    quantile = (lambda q: statistics.quantiles(ok, n=100)[q - 1] if len(ok) > 1 else float("nan"))
    runaways = [o for n, o, _ in results if n == "runaway"]
    return {
        "server": kind, "queries": len(queries), "requests": len(results), "seconds": elapsed,
        "good_per_s": len(ok) / elapsed, "p50_ms": quantile(50) * 1000, "p99_ms": quantile(99) * 1000,
        "good_failed": sum(1 for o, _ in good if o not in ("ok", "reset")),
        "good_outcomes": {o: [g for g, _ in good].count(o) for o in sorted({g for g, _ in good})},
        "resets": sum(1 for _, o, _ in results if o == "reset"),
        "runaways": {o: runaways.count(o) for o in sorted(set(runaways))},
        "peak_rss_mb": max(rss, default=0) / 2**20,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--triples", type=int, default=1_000_000)
    ap.add_argument("--clients", type=int, default=200)
    ap.add_argument("--seconds", type=float, default=60.0)
    ap.add_argument("--max-requests", type=int, default=200_000)
    ap.add_argument("--runaway-every", type=int, default=50)
    ap.add_argument("--timeout", type=int, default=5)
    ap.add_argument("--alone-ms", type=float, default=1000.0,
                    help="use the shipped queries that answer alone within this many ms")
    args = ap.parse_args()
    if not 1 <= args.clients <= 1000 or not 0 < args.seconds <= 600:
        ap.error("--clients must be 1..1000 and --seconds 0..600")
    began = time.monotonic()
    location = store(args.triples)
    print(f"store {location} ready in {time.monotonic() - began:.0f} s", flush=True)
    rows = [load(kind, location, args) for kind in ("kg serve", "oxigraph serve-read-only")]
    print(f"\n{args.clients} clients, {args.seconds:g} s, deadline {args.timeout} s, "
          f"1 runaway in {args.runaway_every} requests, queries under {args.alone_ms:g} ms alone\n")
    print("| server | good answers/s | p50 ms | p99 ms | good failed | resets | runaways | peak RSS MB |")
    print("|---|---:|---:|---:|---:|---:|---|---:|")
    for r in rows:
        print(f"  {r['server']}: {r['requests']} requests; good queries ended {r['good_outcomes']}")
    for r in rows:
        runaways = ", ".join(f"{k} {v}" for k, v in r["runaways"].items())
        print(f"| {r['server']} | {r['good_per_s']:.1f} | {r['p50_ms']:.0f} | {r['p99_ms']:.0f} | "
              f"{r['good_failed']} | {r['resets']} | {runaways} | {r['peak_rss_mb']:.0f} |")


if __name__ == "__main__":
    main()
