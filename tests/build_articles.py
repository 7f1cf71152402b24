"""Invented short news articles for the build tests (written for the tests, not copied)."""

from __future__ import annotations

import json
import random
from pathlib import Path

from kg.records import Article

STATES = ["Russia", "China", "France", "Germany", "Japan", "India", "Brazil", "Iran", "Turkey", "Egypt"]
VERBS = ["criticized", "sanctioned", "met with", "supported", "threatened", "accused"]
WORDS = ("harbour budget farmers bridge election museum railway festival drought vaccine "
         "teachers copper satellite orchestra tariffs wildfire refinery students bakery glacier").split()
FILLER = ("Markets in the region were calm, and traders said they expected little change before "
          "the holiday. Weather services forecast rain for the coast and snow in the mountains. ")


def articles(n: int, *, filler: int = 0) -> list[Article]:
    """``n`` distinct articles, one relation each, optionally padded to parse slower."""
    out = []
    for i in range(n):
        a, b = STATES[i % 10], STATES[(i * 3 + 1) % 10]
        if a == b:
            b = STATES[(i + 5) % 10]
        rng = random.Random(i)
        local = " ".join(rng.sample(WORDS, 8))  # local news, so no two articles are copies
        text = (f"{a} {VERBS[i % 6]} {b} on Tuesday after talks in Geneva, officials said. "
                f"The foreign minister of {b} called the decision hasty in report number {i}. "
                f"Local papers covered {local}. " + FILLER * filler)
        out.append(Article(f"art{i:03d}", text, date=f"2024-03-{i % 28 + 1:02d}"))
    return out


def write_jsonl(path: Path, items: list[Article]) -> Path:
    with path.open("w", encoding="utf-8") as handle:
        for art in items:
            handle.write(json.dumps({"id": art.id, "text": art.text, "date": art.date}) + "\n")
    return path
