#!/usr/bin/env python3
"""List the hand-written test sentences the extractor still gets wrong.

    python tools/sentence_gaps.py          # rewrites tests/extract/data/sentences_known_gaps.json

``tests/extract/test_sentences.py`` marks the listed sentences as strict expected failures,
so the suite stays green while they are known and turns red when one is fixed (its entry
must then go).  Run this after a change to the extractor and read the diff: a sentence that
leaves the list is a fix, one that joins it is a regression to mend, not to list.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "tests" / "extract" / "data" / "sentences_known_gaps.json"


def main() -> None:
    sys.path.insert(0, str(ROOT))
    from tests.extract import test_sentences as sentences  # the test's own loader and matcher

    from kg.extract import Extractor
    from kg.records import Article

    rows = sentences.ROWS
    results = Extractor().extract(Article(r["id"], r["text"], date=r.get("date")) for r in rows)
    found = {res.article.id: res.relations for res in results}
    gaps = {r["id"]: problems[0][:200] for r in rows for problems in [sentences.problems(r, found[r["id"]])] if problems}
    about = json.loads(OUT.read_text(encoding="utf-8"))["_about"] if OUT.exists() else ""
    OUT.write_text(json.dumps({"_about": about, "gaps": gaps}, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(gaps)} of {len(rows)} sentences still wrong; written to {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
