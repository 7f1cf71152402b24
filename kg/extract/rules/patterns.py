"""Fixed shapes as data: spaCy ``DependencyMatcher`` patterns from ``kg/data/patterns.json``.

A shape that is always the same few arcs ("X is an ally of Y", "X is a member of Y") is
better written as a pattern than as code: it is read at a glance, tested by its example,
and a new one needs no code.  Each match names its subject and object nodes; both are
resolved to actors (with their conjuncts) like any rule's arguments.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from spacy.matcher import DependencyMatcher
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

from kg.extract.mentions import Mention
from kg.extract.rules.common import all_pairs, pairs
from kg.extract.rules.registry import Candidate, Context, RuleInfo, info, rule
from kg.resources import data_path


@dataclass(frozen=True)
class Shape:
    id: str
    rule: RuleInfo
    property: str
    subject: str
    object: str
    subject_types: tuple[str, ...]
    object_types: tuple[str, ...]
    pattern: list[dict[str, Any]]
    example: str
    #: The node whose clause carries the claim (its modality); by default the first node's head.
    clause: str | None = None

    def node(self, name: str) -> int:
        return next(i for i, n in enumerate(self.pattern) if n["RIGHT_ID"] == name)


@lru_cache(maxsize=1)
def shapes() -> tuple[Shape, ...]:
    raw = json.loads(data_path("patterns.json").read_text(encoding="utf-8"))["patterns"]
    return tuple(Shape(p["id"], info(p["rule"]), p["property"], p["subject"], p["object"],
                       tuple(p.get("subject_types", ())), tuple(p.get("object_types", ())),
                       p["pattern"], p.get("example", ""), p.get("clause")) for p in raw)


@lru_cache(maxsize=64)
def _matcher(vocab: Vocab, ids: tuple[str, ...]) -> DependencyMatcher:
    matcher = DependencyMatcher(vocab)
    for shape in shapes():
        if shape.id in ids:
            matcher.add(shape.id, [shape.pattern])
    return matcher


def _lemmas(node: dict[str, Any]) -> frozenset[str] | None:
    lemma = node["RIGHT_ATTRS"].get("LEMMA")
    if lemma is None:
        return None
    return frozenset(lemma["IN"] if isinstance(lemma, dict) else [lemma])


@lru_cache(maxsize=1)
def _needs() -> tuple[tuple[str, tuple[frozenset[str], ...]], ...]:
    """For each shape, the lemma sets its nodes require: a doc lacking a lemma of any one set
    cannot match the shape, so the (costly) matcher runs only for shapes that might."""
    return tuple((s.id, tuple(n for n in map(_lemmas, s.pattern) if n is not None)) for s in shapes())


def _possible(sent: Span) -> tuple[str, ...]:
    lemmas = {t.lemma_ for t in sent}
    return tuple(sid for sid, needs in _needs() if all(need & lemmas for need in needs))


def matches(doc: Doc) -> list[tuple[Shape, list[int]]]:
    """Every match in the doc: the shape and the token index of each of its nodes (the
    matcher runs sentence by sentence, only for the shapes a sentence's words allow)."""
    by_id = {s.id: s for s in shapes()}
    found: list[tuple[Shape, list[int]]] = []
    for sent in doc.sents:
        possible = _possible(sent)
        if possible:
            found += [(by_id[doc.vocab.strings[key]], [sent.start + i for i in tokens])
                      for key, tokens in _matcher(doc.vocab, possible)(sent)]
    return found


def _typed(mentions: list[Mention], types: tuple[str, ...]) -> list[Mention]:
    return [m for m in mentions if not types or m.entity.type in types]


@rule("membership")
def fixed_shapes(sent: Span, ctx: Context) -> Iterator[Candidate]:
    if "patterns" not in ctx.cache:
        ctx.cache["patterns"] = matches(sent.doc)
    doc = sent.doc
    for shape, tokens in ctx.cache["patterns"]:
        if not sent.start <= tokens[0] < sent.end:
            continue
        subject = doc[tokens[shape.node(shape.subject)]]
        obj = doc[tokens[shape.node(shape.object)]]
        subjects = _typed(ctx.resolver.resolve(subject), shape.subject_types)
        objects = _typed(ctx.resolver.resolve(obj), shape.object_types)
        anchor = doc[tokens[0]]
        clause = doc[tokens[shape.node(shape.clause)]] if shape.clause else anchor.head
        # a shape whose subject and object are one node relates its parties to each other, once
        found = all_pairs(subjects) if shape.subject == shape.object else pairs(subjects, objects)
        for a, p in found:
            yield Candidate(a, shape.property, p, anchor, shape.rule, clause)
