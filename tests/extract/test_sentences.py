"""Hand-written test sentences: one or more per extraction rule and per trap (issue 3).

``tests/extract/data/sentences.jsonl`` holds one short text per line, written for these tests, with
what a careful reader lists (``expect``) and what would be wrong (``forbid``)::

    {"id": "passive-attacks", "text": "Ukraine was invaded by Russia in February 2022.",
     "rule": "passive with by-agent: ...",
     "expect": [{"s": "RUS", "p": "attacks", "o": "UKR"}],
     "forbid": [{"s": "UKR", "p": "attacks", "o": "RUS"}]}

Actors are an ISO3 code (``"PRK"``), ``org:<key>`` (``kg/data/organizations.tsv``),
``group:<key>`` (``kg/data/groups.tsv``) or a person's full name; ``p`` is a property's local
name.  ``s``, ``p`` and ``o`` may be a list of acceptable values; in ``forbid``, ``null``
means any.  Symmetric properties match either way round.  An ``expect`` item may also ask
for ``modality`` (one or a list), ``attributed_to`` (an actor or a list) and
``negated: true``: the relation must then be extracted as negated or denied, and never as
a positive claim.  A ``forbid`` item matches a claim the output asserts: neither negated
nor of a modality that asserts nothing (denied, hypothetical, desired; see
``kg/data/modalities.tsv``) — those are kept as claims but never drawn as edges.

All texts go through one :class:`~kg.extract.Extractor` in one batch; each sentence is
its own test, named by its id.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

from kg import ids
from kg.modality import asserts
from kg.records import MODALITIES, Article, Entity, Relation
from kg.resources import data_path
from kg.vocab import relation_properties
from tests.helpers import cases_with_known_gaps

#: The sentence files this test checks.
FILES = ("sentences.jsonl", "sentences_issue10.jsonl", "sentences_issue13.jsonl", "sentences_meaning.jsonl")
ROWS = [json.loads(line) for name in FILES
        for line in (Path(__file__).parent / "data" / name).read_text(encoding="utf-8").splitlines() if line.strip()]
PROPERTIES = relation_properties()
SYMMETRIC = {name for name, info in PROPERTIES.items() if info.symmetric}


def _tsv(name: str) -> list[dict[str, str]]:
    lines = [ln for ln in data_path(name).read_text(encoding="utf-8").splitlines() if not ln.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


GROUP_IRI = {row["key"]: ids.group_iri(row["label"]) for row in _tsv("groups.tsv")}
ISO3 = {row["iso3"] for row in _tsv("countries.tsv")}
ORGS = {row["key"] for row in _tsv("organizations.tsv")}


def _any(value) -> list:
    return value if isinstance(value, list) else [value]


def is_actor(entity: Entity | None, key) -> bool:
    """Does ``entity`` stand for the gold actor ``key`` (or one of a list; ``None`` = any)?"""
    if key is None:
        return True
    if entity is None:
        return False
    for k in _any(key):
        if k.startswith("label:"):
            hit = entity.label.casefold() == k[6:].casefold()
        elif k.startswith("org:"):
            hit = entity.iri == ids.org_iri(k[4:])
        elif k.startswith("group:"):
            hit = entity.iri == GROUP_IRI[k[6:]]
        elif re.fullmatch(r"[A-Z]{3}", k):
            hit = entity.iri == ids.state_iri(k)
        else:
            hit = entity.type == "Person" and entity.label.casefold() == k.casefold()
        if hit:
            return True
    return False


def names(predicate: str) -> set[str]:
    """The property and every property above it: ``appealsTo`` is also ``requests``."""
    return {predicate} | {iri.rsplit("#", 1)[1] for iri in PROPERTIES[predicate].ancestors}


def matches(rel: Relation, item: dict) -> bool:
    """Same property or a sub-property of it (any, if ``p`` is null; as ``score.py`` counts)
    and the same two actors, either way if symmetric."""
    if item.get("p") is not None and not names(rel.predicate) & set(_any(item["p"])):
        return False
    s, o = item.get("s"), item.get("o")
    if is_actor(rel.subject, s) and is_actor(rel.object, o):
        return True
    return rel.predicate in SYMMETRIC and is_actor(rel.subject, o) and is_actor(rel.object, s)


def positive(rel: Relation) -> bool:
    return not rel.negated and rel.modality != "denied"


def problems(row: dict, relations: list[Relation]) -> list[str]:
    """Every way the extracted relations differ from the row's gold."""
    out = []
    for item in row.get("expect", []):
        found = [r for r in relations if matches(r, item)]
        drawn = [r for r in found if positive(r)]
        if item.get("negated") and drawn:
            out.append(f"drawn as a positive edge, should be negated: {item}")
            continue
        pool = found if item.get("negated") else drawn
        if not pool:
            out.append(f"missing: {item}")
            continue
        if "modality" in item:
            pool = [r for r in pool if r.modality in _any(item["modality"])]
            if not pool:
                out.append(f"wrong modality: {item}")
                continue
        if "attributed_to" in item and not any(is_actor(r.attributed_to, item["attributed_to"]) for r in pool):
            out.append(f"wrong or no attribution: {item}")
        if "event_date" in item and not any((r.event_date or "").startswith(item["event_date"]) for r in pool):
            out.append(f"wrong or no event date: {item} (got {sorted({r.event_date for r in pool}, key=str)})")
    for item in row.get("forbid", []):
        for r in relations:
            if asserts(r.modality) and not r.negated and matches(r, item):
                out.append(f"forbidden {item}: {_show(r)}")
    return out


def _key(entity: Entity) -> str:
    return entity.iso3 or entity.label


def _show(rel: Relation) -> str:
    flags = "".join([f" {rel.modality}" if rel.modality != "asserted" else "", " NEGATED" if rel.negated else "",
                     f" by={_key(rel.attributed_to)}" if rel.attributed_to else ""])
    return f"{_key(rel.subject)} {rel.predicate} {_key(rel.object)}{flags} [{rel.rule}]"


@pytest.fixture(scope="module")
def extracted(extractor) -> dict[str, list[Relation]]:
    results = extractor.extract(Article(row["id"], row["text"], date=row.get("date")) for row in ROWS)
    return {res.article.id: res.relations for res in results}


#: Sentences still wrong, with the reason (``tools/sentence_gaps.py`` lists them).
KNOWN_GAPS: dict[str, str] = json.loads(
    (Path(__file__).parent / "data" / "sentences_known_gaps.json").read_text(encoding="utf-8"))["gaps"]


@pytest.mark.model
@pytest.mark.parametrize("row", cases_with_known_gaps(ROWS, KNOWN_GAPS))
def test_sentence(row, extracted):
    relations = extracted[row["id"]]
    found = problems(row, relations)
    assert not found, "\n".join([row["text"], f"rule: {row['rule']}", *found, "extracted:",
                                 *(f"  {_show(r)}" for r in relations)])


def test_known_gaps_name_real_sentences_and_stay_a_minority():
    ids = {row["id"] for row in ROWS}
    assert set(KNOWN_GAPS) <= ids
    # the per-rule sentences of sentences.jsonl all pass; gaps are only among the newer files
    assert not [i for i in KNOWN_GAPS if not i.startswith(("i10-", "i13-", "m13-"))]
    assert len(KNOWN_GAPS) < len(ROWS) / 2


def test_sentences_file_is_well_formed():
    assert len(ROWS) >= 80
    assert len({row["id"] for row in ROWS}) == len(ROWS)

    def known_actor(key) -> bool:
        if key.startswith("label:"):
            return bool(key[6:].strip())
        if key.startswith("org:"):
            return key[4:] in ORGS
        if key.startswith("group:"):
            return key[6:] in GROUP_IRI
        return key in ISO3 if re.fullmatch(r"[A-Z]{3}", key) else bool(key.strip())

    for row in ROWS:
        assert row["text"].strip() and row["rule"].strip(), row["id"]
        assert row["expect"] or row["forbid"], row["id"]
        for item in row["expect"]:
            assert item["s"] and item["p"] and item["o"], (row["id"], item)
            assert set(_any(item.get("modality", []))) <= set(MODALITIES), (row["id"], item)
        for item in row["expect"] + row["forbid"]:
            for key in ("s", "o"):
                assert all(known_actor(k) for k in _any(item[key]) if k is not None), (row["id"], item)
            assert all(p in PROPERTIES or p == "requests" for p in _any(item["p"]) if p is not None), (row["id"], item)
