"""The rule registry: every rule has an id, a family and a calibrated confidence.

A rule is a generator ``(sentence, context) -> Candidate``s registered with
:func:`rule`; its id and confidence come from ``kg/data/rules.json``, so calibrating a
rule is a data change (``tools/calibrate.py --write``) and a misspelt id fails at import,
not silently.

>>> 0.5 < RULES["verb"].confidence < 1
True
>>> RULES["verb.theme"].family
'themes'
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from spacy.tokens import Span, Token

from kg.resources import data_path

if TYPE_CHECKING:
    from kg.extract.lexicon import Lexicon
    from kg.extract.mentions import DocActors, Mention
    from kg.extract.resolve import Resolver


@dataclass(frozen=True)
class RuleInfo:
    """What the rule is: its id (written on every relation), family and prior."""

    id: str
    family: str
    confidence: float
    about: str


def _raw() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(data_path("rules.json").read_text(encoding="utf-8"))
    return data


def _load() -> dict[str, RuleInfo]:
    raw = _raw()["rules"]
    return {rid: RuleInfo(rid, r["family"], float(r["confidence"]), r["about"]) for rid, r in raw.items()}


#: Every rule id known, from ``rules.json``.
RULES: dict[str, RuleInfo] = _load()

#: How a claim's modality scales its rule's confidence, fitted with the rules' confidences
#: on the dev set by ``tools/calibrate.py`` (``calibration`` in ``rules.json``); 1 if unseen.
CALIBRATION: dict[str, Any] = _raw().get("calibration", {})


@dataclass(frozen=True)
class Candidate:
    """A relation found by a rule, before claim analysis."""

    subject: "Mention"
    property: str
    object: "Mention"
    trigger: Token
    rule: RuleInfo
    #: The verb whose clause carries the claim (light verb for nouns), for modality.
    clause: Token
    #: For represents/leads found by a verb ("led Ukraine's delegation"): the office, in words.
    role: str | None = None


@dataclass
class Context:
    """What every rule reads: the doc's actors, the resolver, the lexicon, the sentence topic."""

    actors: "DocActors"
    resolver: "Resolver"
    lexicon: "Lexicon"
    #: The actor the previous sentences were about (for "allies such as …" with no owner).
    topic: list["Mention"] = field(default_factory=list)
    #: Per-document results a rule computes once (e.g. the pattern matches).
    cache: dict[str, Any] = field(default_factory=dict)


RuleFn = Callable[[Span, Context], Iterator[Candidate]]
#: Registered rule functions by family, in registration order.
FAMILIES: dict[str, list[RuleFn]] = {}


def info(rule_id: str) -> RuleInfo:
    """The rule with this id; an unknown id is an error, never a default."""
    try:
        return RULES[rule_id]
    except KeyError:
        raise KeyError(f"unknown rule id {rule_id!r}: add it to kg/data/rules.json") from None


def rule(family: str) -> Callable[[RuleFn], RuleFn]:
    """Register a rule function under its family (the families run in registration order)."""
    if not any(r.family == family for r in RULES.values()):
        raise KeyError(f"no rule of family {family!r} in kg/data/rules.json")

    def register(fn: RuleFn) -> RuleFn:
        FAMILIES.setdefault(family, []).append(fn)
        return fn
    return register
