#!/usr/bin/env python3
"""Fit each rule's and each modality's confidence on the dev set, so confidence means odds.

    python tools/calibrate.py                 # fit, print the reliability tables
    python tools/calibrate.py --write         # ... and store the fit in kg/data/rules.json
    python tools/calibrate.py --dev DIR       # another gold set (default ../shared/eval/dev)

Run at development time only: geokg never reads the dev set at run or test time, only the
numbers this script writes into ``kg/data/rules.json``.

**What "correct" means.**  The extractor reads every dev article; each claim it asserts
(the ones ``kg extract`` prints by default: not negated, of a modality that asserts) is
correct when the dev scorer (``score.py`` beside the dev folder, imported, not copied)
would count it toward precision: its two actors resolve through the gold file's aliases
and a gold relation (required or optional) matches its property or a super-property.

**The fit** is per-rule empirical precision with hierarchical smoothing (a Beta prior,
``K`` pseudo-claims, from the level above)::

    p0        = correct / claims over all claims
    p(rule)   = (correct_rule + K * p0) / (claims_rule + K)          ("verb+rollup" counts as "verb")
    f(mod)    = ((correct_mod + K * p0) / (claims_mod + K)) / p0      (a modality's factor)
    confidence(rule, modality) = min(0.99, p(rule) * f(mod))

so a rule seen on few claims stays near the overall precision and one seen on many gets
its own.  Modalities with no claim on the dev set (hypothetical, desired, denied) keep a
factor of 1.  ``p(rule)`` becomes the rule's ``confidence`` in ``rules.json`` (with the
counts it came from) and ``f(mod)`` goes to ``modality_factors``.

**The check** is a reliability table: claims binned by confidence, the share correct in
each bin; in every bin with at least 20 claims the share should be within 0.1 of the bin's
midpoint.  The table is printed twice: on the fit itself (in sample) and with 5-fold
cross-validation by article (each fold's claims scored by a fit on the other folds), the
honest one.

>>> fit([("verb", "asserted", True)] * 8 + [("verb", "asserted", False)] * 2, k=5)["rules"]["verb"]
0.8
>>> rows = reliability([(0.85, True)] * 17 + [(0.85, False)] * 3)
>>> [(r["bin"], r["claims"], r["correct"], r["ok"]) for r in rows if r["claims"]]
[('0.8-0.9', 20, 0.85, True)]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
RULES = ROOT / "kg" / "data" / "rules.json"
DEFAULT_DEV = ROOT.parent / "shared" / "eval" / "dev"

#: Pseudo-claims of the prior: how many claims a rule needs before its own precision dominates.
K = 5
#: No claim is certain.
CEILING = 0.99
#: The reliability bins: [0, 0.5), then tenths up to 1.0 (the last bin includes 1.0).
EDGES = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)
#: Bins with at least this many claims are checked.
MIN_BIN = 20
FOLDS = 5

Outcome = tuple[str, str, bool]  # (rule, modality, correct)


def base_rule(rule: str) -> str:
    """'verb+rollup' -> 'verb': a rolled-up claim is the same reading, drawn at state level."""
    return rule.split("+", 1)[0]


def fit(outcomes: Sequence[Outcome], k: float = K) -> dict[str, Any]:
    """Smoothed precision per rule and per modality (see the module docstring)."""
    if not outcomes:
        raise ValueError("no claims to fit on")
    p0 = sum(ok for _, _, ok in outcomes) / len(outcomes)
    counts: dict[str, dict[str, list[int]]] = {"rules": defaultdict(lambda: [0, 0]), "modalities": defaultdict(lambda: [0, 0])}
    for rule, modality, ok in outcomes:
        for level, key in (("rules", base_rule(rule)), ("modalities", modality)):
            counts[level][key][0] += ok
            counts[level][key][1] += 1
    rules = {r: round((c + k * p0) / (n + k), 3) for r, (c, n) in counts["rules"].items()}
    factors = {m: round((c + k * p0) / (n + k) / p0, 3) for m, (c, n) in counts["modalities"].items()}
    return {"p0": round(p0, 6), "k": k, "rules": rules, "modality_factors": factors,
            "counts": {level: {key: list(v) for key, v in sorted(table.items())} for level, table in counts.items()}}


def predict(model: dict[str, Any], rule: str, modality: str) -> float:
    """The calibrated confidence of one claim under ``model`` (as ``kg.extract.claims.confidence``)."""
    p = model["rules"].get(base_rule(rule), model["p0"])
    return round(min(CEILING, p * model["modality_factors"].get(modality, 1.0)), 3)


def reliability(scored: Iterable[tuple[float, bool]]) -> list[dict[str, Any]]:
    """Confidence bins: how many claims, the share correct, and whether it is within 0.1."""
    bins: list[list[bool]] = [[] for _ in EDGES[:-1]]
    for conf, ok in scored:
        i = next(i for i in range(len(EDGES) - 1) if conf < EDGES[i + 1] or i == len(EDGES) - 2)
        bins[i].append(ok)
    rows = []
    for (lo, hi), oks in zip(zip(EDGES, EDGES[1:]), bins):
        share = round(sum(oks) / len(oks), 3) if oks else None
        mid = (lo + hi) / 2
        checked = len(oks) >= MIN_BIN
        rows.append({"bin": f"{lo:.1f}-{hi:.1f}", "claims": len(oks), "correct": share,
                     "ok": (abs(share - mid) <= 0.1) if checked and share is not None else None})
    return rows


def cross_validated(outcomes: Sequence[Outcome], docs: Sequence[str], folds: int = FOLDS) -> list[tuple[float, bool]]:
    """Each claim scored by a fit on the articles of the other folds."""
    order = sorted(set(docs))
    fold_of = {doc: i % folds for i, doc in enumerate(order)}
    scored = []
    for f in range(folds):
        train = [o for o, d in zip(outcomes, docs) if fold_of[d] != f]
        model = fit(train)
        scored += [(predict(model, r, m), ok) for (r, m, ok), d in zip(outcomes, docs) if fold_of[d] == f]
    return scored


# -- reading the dev set -----------------------------------------------------------------------


def load_scorer(dev: Path) -> ModuleType:
    """The dev scorer ``score.py`` (beside the dev folder), imported for its matching."""
    path = dev.parent / "score.py"
    spec = importlib.util.spec_from_file_location("geokg_dev_score", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"calibrate: cannot import the scorer {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def judged_claims(dev: Path) -> tuple[list[Outcome], list[str], list[float]]:
    """Every asserted claim the extractor finds in the dev articles, judged by the scorer."""
    sys.path.insert(0, str(ROOT))
    from kg.extract import Extractor
    from kg.ingest.jsonl import iter_jsonl
    from kg.records import Article
    from kg.jsonl import relation_to_json
    from kg.modality import asserts

    scorer = load_scorer(dev)
    golds = {}
    for path in sorted(dev.glob("gold_*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        for gold in data if isinstance(data, list) else [data]:
            doc = scorer.Doc(gold)
            golds[doc.key] = doc
    path = dev / "articles.jsonl"
    articles = [a for a in iter_jsonl(path, str(path)) if isinstance(a, Article) and scorer.doc_key(a.id) in golds]
    outcomes, docs, shipped = [], [], []
    for result in Extractor().extract(articles):
        for rel in result.relations:
            if rel.negated or not asserts(rel.modality):
                continue
            doc = golds[scorer.doc_key(rel.doc)]
            outcomes.append((rel.rule, rel.modality, _correct(scorer, doc, relation_to_json(rel))))
            docs.append(doc.key)
            shipped.append(rel.confidence)
    return outcomes, docs, shipped


def _correct(scorer: ModuleType, doc: Any, row: dict[str, Any]) -> bool:
    """What score.py counts as a true positive: both actors resolve and a gold relation matches."""
    s, o = doc.resolve(row["subject"]), doc.resolve(row["object"])
    names = {scorer.local_name(row["predicate"])} | {scorer.local_name(a) for a in row["ancestors"]}
    return bool(s and o and any(doc.matches(rel, s, names, o) for rel in doc.gold["relations"]))


# -- output --------------------------------------------------------------------------------------


def write(model: dict[str, Any]) -> None:
    """Store the fit in rules.json: each rule's confidence and counts, the modality factors."""
    data = json.loads(RULES.read_text(encoding="utf-8"))
    counts = model["counts"]["rules"]
    for rid, rule in data["rules"].items():
        if rid in model["rules"]:
            rule["confidence"] = model["rules"][rid]
            rule["dev"] = {"claims": counts[rid][1], "correct": counts[rid][0]}
        else:
            rule["confidence"] = model["p0"]  # unseen on the dev set: the overall precision
            rule["dev"] = {"claims": 0, "correct": 0}
    data["calibration"] = {
        "about": "Fitted by tools/calibrate.py on the dev set: per-rule precision smoothed towards the "
                 "overall precision p0 with k pseudo-claims; a claim's confidence is "
                 "min(0.99, rule confidence x modality factor). See README, Calibrated confidence.",
        "p0": model["p0"], "k": model["k"], "ceiling": CEILING,
        "modality_factors": dict(sorted(model["modality_factors"].items())),
        "modality_counts": model["counts"]["modalities"],
    }
    RULES.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def table(rows: list[dict[str, Any]]) -> str:
    lines = ["| confidence | claims | share correct | within 0.1 of midpoint |", "|---|---|---|---|"]
    for r in rows:
        check = "n/a (< 20 claims)" if r["ok"] is None else ("yes" if r["ok"] else "NO")
        share = "" if r["correct"] is None else f"{r['correct']:.3f}"
        lines.append(f"| {r['bin']} | {r['claims']} | {share} | {check} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--dev", type=Path, default=DEFAULT_DEV, help="folder with articles.jsonl and gold_*.json")
    ap.add_argument("--write", action="store_true", help="store the fit in kg/data/rules.json")
    args = ap.parse_args(argv)
    outcomes, docs, shipped = judged_claims(args.dev)
    model = fit(outcomes)
    in_sample = reliability((predict(model, r, m), ok) for r, m, ok in outcomes)
    held_out = reliability(cross_validated(outcomes, docs))
    print(f"{len(outcomes)} asserted claims in {len(set(docs))} dev articles, {model['p0']:.3f} correct overall")
    print("rules:", json.dumps(model["rules"], sort_keys=True))
    print("modality factors:", json.dumps(model["modality_factors"], sort_keys=True))
    print("\nIn sample (the fit that ships):\n" + table(in_sample))
    print(f"\n{FOLDS}-fold cross-validated by article:\n" + table(held_out))
    print("\nAs the extractor writes them now (kg/data/rules.json):\n"
          + table(reliability((c, ok) for c, (_, _, ok) in zip(shipped, outcomes))))
    if args.write:
        write(model)
        print(f"\nwrote {RULES.relative_to(ROOT)}")
    return 0 if all(r["ok"] is not False for r in in_sample) else 1


if __name__ == "__main__":
    sys.exit(main())
