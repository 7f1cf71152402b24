"""What geokg's rules cost on top of spaCy: `kg extract` vs bare ``nlp.pipe``, one run.

    python benchmarks/extract.py PATH... [--repeat N] [--model NAME]
    python benchmarks/extract.py PATH... --lengths    # also time one article of 10 k … 1 M characters

PATH: any articles geokg reads (.txt/.md/.jsonl/.html or folders).  Both sides parse the
same texts with the same model in the same process, interleaved, best of ``--repeat``
rounds; the report is the ratio, since absolute times on shared machines are noisy.
Targets: the rules add at most 20 % to the spaCy time (issue 10); with ``--lengths``, the
time per character of one long article (built by repeating the inputs' paragraphs, each
repetition a new paragraph) stays flat within 2× from 10 k to 1 M characters (issue 15).
"""

from __future__ import annotations

import argparse
import io
import time

import spacy

from kg.clean import clean
from kg.extract import Extractor
from kg.ingest import iter_inputs
from kg.jsonl import write_jsonl
from kg.records import Article


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("paths", nargs="+")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--model", default=None)
    ap.add_argument("--lengths", action="store_true", help="also time one article per length")
    args = ap.parse_args()
    articles = [a for a in iter_inputs(args.paths) if isinstance(a, Article)]
    # repeat small inputs so each round takes long enough to time
    scale = max(1, 200 // max(1, len(articles)))
    articles = articles * scale
    chars = sum(len(a.text) for a in articles)
    extractor = Extractor(args.model)
    bare = spacy.load(extractor.model)
    texts = [clean(a.text).text for a in articles]

    def run_bare() -> None:
        for _ in bare.pipe(texts, batch_size=16):
            pass

    def run_kg() -> None:
        out = io.StringIO()
        for result in extractor.extract(articles, batch_size=16):
            write_jsonl(result.relations, out)

    best = {"spaCy nlp.pipe": float("inf"), "kg extract": float("inf")}
    for _ in range(args.repeat):
        for name, fn in (("spaCy nlp.pipe", run_bare), ("kg extract", run_kg)):
            start = time.perf_counter()
            fn()
            best[name] = min(best[name], time.perf_counter() - start)
    print(f"{len(articles)} articles ({len(articles) // scale} distinct), {chars:,} characters, model {extractor.model}")
    print(f"{'':16} {'seconds':>8} {'articles/s':>11}")
    for name, secs in best.items():
        print(f"{name:16} {secs:8.2f} {len(articles) / secs:11.1f}")
    ratio = best["kg extract"] / best["spaCy nlp.pipe"]
    print(f"kg extract / bare spaCy time: {ratio:.2f} (rules add {100 * (ratio - 1):.0f} %)")
    if args.lengths:
        length_series(extractor, [a.text for a in articles[: len(articles) // scale]])


LENGTHS = (10_000, 30_000, 100_000, 300_000, 1_000_000)


def length_series(extractor: Extractor, texts: list[str]) -> None:
    """Time one article of each length, made of the inputs' paragraphs one after another."""
    paragraphs = [p.strip() for t in texts for p in t.split("\n") if len(p.strip()) > 40]
    print(f"\n{'characters':>10} {'seconds':>8} {'µs/char':>8}")
    per_char = []
    for length in LENGTHS:
        parts: list[str] = []
        size = 0
        while size < length:
            part = paragraphs[len(parts) % len(paragraphs)]
            parts.append(part)
            size += len(part) + 2
        text = "\n\n".join(parts)[:length]
        start = time.perf_counter()
        result = extractor.extract_one(Article("long", text))
        secs = time.perf_counter() - start
        per_char.append(secs / len(text))
        print(f"{len(text):>10,} {secs:8.2f} {1e6 * secs / len(text):8.2f}   ({len(result.relations)} relations)")
    print(f"time per character, slowest / fastest: {max(per_char) / min(per_char):.2f} (target ≤ 2)")


if __name__ == "__main__":
    main()
