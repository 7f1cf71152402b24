"""The hand-written sentence files for issues 10 and 13 are well formed (no model needed).

``tests/extract/data/sentences_issue10.jsonl`` and ``sentences_issue13.jsonl`` use the format of
``tests/extract/data/sentences.jsonl`` (see ``tests/extract/test_sentences.py``) plus a ``cause``:
the kind of miss or trap the sentence exercises.  This test checks what a typo would break
silently: every actor key names a state, organisation or group of the gazetteer (or is a
person's name, or ``label:<name>`` for an entity matched by its label, such as a state
company), every property exists in the ontology, ids are unique across all sentence files,
each cause has its minimum number of sentences, and dates are ISO prefixes.
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from pathlib import Path

import pytest

from kg.records import MODALITIES
from kg.resources import data_path
from kg.vocab import relation_properties

DATA = Path(__file__).parent / "data"

#: file -> (id prefix, {cause: minimum count}, minimum total)
SPECS = {
    "sentences_issue10.jsonl": ("i10-", {
        "lexicon": 25, "coordination": 20, "nested_np": 20, "complement": 20, "coreference": 20,
        "title_no_state": 20, "collective_actor": 20, "trap": 20}, 230),
    "sentences_issue13.jsonl": ("i13-", dict.fromkeys((
        "border", "relations_trend", "appeal_vs_demand", "name_calling", "figurative", "conditional", "purpose",
        "question", "hope", "counterfactual", "denial", "historical_date", "relative_date"), 5), 70),
    # the same traps in new sentences, written when the signs from meaning were built
    "sentences_meaning.jsonl": ("m13-", dict.fromkeys((
        "border", "relations_trend", "appeal_vs_demand", "name_calling", "figurative", "conditional", "purpose",
        "question", "hope", "counterfactual", "denial", "historical_date", "relative_date"), 5), 65),
}

#: Modalities issue 13 adds to the claim vocabulary (hypotheticals and wishes).
NEW_MODALITIES = {"hypothetical", "desired"}
ISO_PREFIX = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


def _tsv(name: str) -> list[dict[str, str]]:
    lines = [ln for ln in data_path(name).read_text(encoding="utf-8").splitlines() if not ln.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


ISO3 = {row["iso3"] for row in _tsv("countries.tsv") if row["iso3"]}
ORGS = {row["key"] for row in _tsv("organizations.tsv")}
GROUPS = {row["key"] for row in _tsv("groups.tsv")}
#: What a gold item may name: a concrete property, or "requests" for either of its kinds
#: (appealsTo, demands), as the dev scorer accepts a sub-property.
PROPERTIES = set(relation_properties()) | {"requests"}


def _rows(name: str) -> list[dict]:
    return [json.loads(line) for line in (DATA / name).read_text(encoding="utf-8").splitlines() if line.strip()]


def _any(value) -> list:
    return value if isinstance(value, list) else [value]


def actor_problem(key) -> str | None:
    """Why ``key`` is not a usable actor key, or None.

    >>> actor_problem("org:nato"), actor_problem("group:west"), actor_problem("Jane Doe")
    (None, None, None)
    >>> actor_problem("org:natoo")
    'unknown organisation org:natoo'
    >>> actor_problem("XYZ")
    'unknown ISO3 code XYZ'
    """
    if not isinstance(key, str) or not key.strip():
        return f"empty actor {key!r}"
    if key.startswith("org:"):
        return None if key[4:] in ORGS else f"unknown organisation {key}"
    if key.startswith("group:"):
        return None if key[6:] in GROUPS else f"unknown group {key}"
    if key.startswith("label:"):
        return None if key[6:].strip() else f"empty label {key}"
    if re.fullmatch(r"[A-Z]{3}", key):
        return None if key in ISO3 else f"unknown ISO3 code {key}"
    return None if re.fullmatch(r"[A-Z][\w'’.-]*( [\w'’.-]+)+", key) else f"not a full person name {key!r}"


def row_problems(row: dict) -> list[str]:
    """Every way one line breaks the format."""
    out = []
    for field in ("id", "cause", "text", "rule"):
        if not str(row.get(field, "")).strip():
            out.append(f"no {field}")
    if "date" in row and not ISO_PREFIX.fullmatch(str(row["date"])):
        out.append(f"bad article date {row['date']!r}")
    if not row.get("expect") and not row.get("forbid"):
        out.append("neither expect nor forbid")
    for kind in ("expect", "forbid"):
        for item in row.get(kind, []):
            for slot in ("s", "o"):
                values = _any(item.get(slot))
                if kind == "expect" and None in values:
                    out.append(f"expect with empty {slot}: {item}")
                out += [p for k in values if k is not None and (p := actor_problem(k))]
            props = _any(item.get("p"))
            if kind == "expect" and None in props:
                out.append(f"expect without property: {item}")
            out += [f"unknown property {p}" for p in props if p is not None and p not in PROPERTIES]
            out += [f"unknown modality {m}" for m in _any(item.get("modality", []))
                    if m not in set(MODALITIES) | NEW_MODALITIES]
            if "event_date" in item and not ISO_PREFIX.fullmatch(str(item["event_date"])):
                out.append(f"bad event_date {item['event_date']!r}")
    return out


@pytest.mark.parametrize("name", sorted(SPECS))
def test_sentence_file_is_well_formed(name):
    prefix, minimum, total = SPECS[name]
    rows = _rows(name)
    bad = {row.get("id", "?"): found for row in rows if (found := row_problems(row))}
    assert not bad, bad
    assert all(row["id"].startswith(prefix) for row in rows)
    assert len(rows) >= total
    counts = Counter(row["cause"] for row in rows)
    assert set(counts) == set(minimum), set(counts) ^ set(minimum)
    short = {cause: counts[cause] for cause, n in minimum.items() if counts[cause] < n}
    assert not short, short


def test_ids_unique_across_sentence_files():
    ids = [row["id"] for path in sorted(DATA.glob("sentences*.jsonl")) for row in _rows(path.name)]
    assert [i for i, n in Counter(ids).items() if n > 1] == []


def test_row_problems_catches_typos():
    row = {"id": "x", "cause": "trap", "text": "t", "rule": "r", "date": "May 2022",
           "expect": [{"s": "RUS", "p": "attack", "o": "org:nat0", "modality": "maybe", "event_date": "1831-2"}],
           "forbid": [{"s": None, "p": None, "o": "ZZZ"}]}
    found = row_problems(row)
    assert "unknown property attack" in found and "unknown organisation org:nat0" in found
    assert "unknown modality maybe" in found and "unknown ISO3 code ZZZ" in found
    assert any("event_date" in f for f in found) and any("article date" in f for f in found)


def test_dated_rows_give_the_article_date():
    """A relative date ('on Monday', 'last month') only resolves against the article's date."""
    rows = [row for row in _rows("sentences_issue13.jsonl") if row["cause"] == "relative_date"]
    assert rows and all("date" in row and any("event_date" in i for i in row["expect"]) for row in rows)
