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


@lru_cache(maxsize=4)
def _matcher(vocab: Vocab) -> DependencyMatcher:
    matcher = DependencyMatcher(vocab)
    for shape in shapes():
        matcher.add(shape.id, [shape.pattern])
    return matcher


@lru_cache(maxsize=1)
def _anchors() -> frozenset[tuple[str, str | None]]:
    """(lemma, dependency) pairs a shape's first node needs: a doc without any cannot match,
    so the (costly) matcher runs only where one stands."""
    found: set[tuple[str, str | None]] = set()
    for shape in shapes():
        attrs = shape.pattern[0]["RIGHT_ATTRS"]
        lemma = attrs.get("LEMMA")
        for value in (lemma["IN"] if isinstance(lemma, dict) else [lemma]):
            found.add((value, attrs.get("DEP")))
    return frozenset(found)


def _anchored(doc: Doc) -> bool:
    anchors = _anchors()
    return any((t.lemma_, t.dep_) in anchors or (t.lemma_, None) in anchors for t in doc)


def matches(doc: Doc) -> list[tuple[Shape, list[int]]]:
    """Every match in the doc: the shape and the token index of each of its nodes."""
    if not _anchored(doc):
        return []
    by_id = {s.id: s for s in shapes()}
    found = _matcher(doc.vocab)(doc)
    return [(by_id[doc.vocab.strings[key]], tokens) for key, tokens in found]


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
