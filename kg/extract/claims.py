"""How sure the text is: modality, negation and attribution of a relation mention.

A relation read from "North Korea may be sending troops" is *possible*; from "Zelenskiy
claimed that Pyongyang is preparing to dispatch soldiers" it is *alleged* and attributed
to Zelenskiy; from "did not attack" it is negated; from "denied sending troops" it is
*denied*.  The analysis climbs the parse from the clause that carries the relation up
through its governing clauses and report nouns; the nearest signal wins, except that a
denial anywhere above makes the claim denied.

Confidence (documented in the README): ``rule base × modality factor``; the bases are
data (``kg/data/rules.json``), the factors in :data:`MODALITY_FACTOR`.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from kg.extract.lexicon import Lexicon
from kg.extract.mentions import Mention
from kg.extract.resolve import Resolver
from kg.extract.rules.registry import RuleInfo
from kg.extract.syntax import VERBAL, ancestors_until, children, subject_of

#: How much the text commits to the relation.
MODALITY_FACTOR = {
    "asserted": 1.0, "reported": 0.9, "planned": 0.8, "likely": 0.8, "alleged": 0.7,
    "possible": 0.6, "denied": 0.5,
}
#: Links the analysis climbs from the relation's clause towards the sentence root.
_CLIMB = frozenset({"xcomp", "advcl", "conj", "ccomp", "acl", "relcl", "pcomp", "pobj", "prep",
                    "dobj", "nsubj", "nsubjpass", "attr", "acomp", "csubj", "advmod", "parataxis",
                    "amod"})
#: How a clause below a verb of saying is its content.
_REPORTED_DEPS = ("ccomp", "parataxis", "xcomp", "dobj")


@dataclass(frozen=True)
class ClaimInfo:
    modality: str = "asserted"
    negated: bool = False
    attributed_to: Mention | None = None


@dataclass
class _Reading:
    """What the climb has found so far; the nearest signal of each kind wins."""

    modality: str | None = None
    negated: bool = False
    speaker: Mention | None = None
    denied: bool = False

    def hedge(self, kind: str | None) -> None:
        self.modality = self.modality or kind

    def report(self, kind: str, speaker: Mention | None) -> None:
        self.denied = self.denied or kind == "denied"
        self.speaker = self.speaker or speaker
        self.hedge(kind)


def _hedge(verb: Token, lex: Lexicon) -> str | None:
    hedges = lex.maps["hedges"]
    for child in children(verb, ("aux", "advmod", "acomp")):
        if child.lower_ in hedges:
            return hedges[child.lower_]
    return None


def _negated(verb: Token, lex: Lexicon) -> bool:
    if any(c.dep_ == "neg" or (c.lower_ in ("never", "no") and c.dep_ in ("advmod", "det"))
           for c in verb.children):
        return True
    # "refused to sign", "failed to reach"
    return verb.dep_ == "xcomp" and verb.head.lemma_.lower() in lex.words["negating_verbs"]


class ClaimReader:
    """Reads modality, negation and speaker of relation mentions in one doc."""

    def __init__(self, resolver: Resolver):
        self.resolver = resolver
        self.lex = resolver.actors.lexicon

    def _first(self, token: Token | None) -> Mention | None:
        got = self.resolver.resolve(token) if token is not None else []
        return got[0] if got else None

    def speaker(self, node: Token) -> Mention | None:
        """Who says it: the subject of a verb of saying; the owner of a report noun."""
        if node.pos_ not in ("NOUN", "PROPN"):
            return self._first(subject_of(node))
        for c in node.children:
            if c.dep_ == "poss":
                got = self._first(c)
            elif c.dep_ == "prep" and c.lower_ in ("from", "by"):
                got = next((m for obj in c.children for m in [self._first(obj)] if m), None)
            else:
                continue
            if got:
                return got
        return None

    def according_to(self, verb: Token) -> Mention | None:
        """The source named by 'according to X' on this clause or the one above it."""
        for node in (verb, verb.head):
            for according in node.children:
                if according.dep_ == "prep" and according.lower_ == "according":
                    for obj in (o for to in according.children for o in to.children):
                        got = self.resolver.resolve(obj, argument=True)
                        if got:
                            return got[0]
        return None

    def _verb_signal(self, child: Token, node: Token, reading: _Reading) -> None:
        lemma = node.lemma_.lower()
        speech, plans = self.lex.maps["speech"], self.lex.maps["plan_verbs"]
        # "accused Belarus of preparing …": the content may hang on *of*
        reported = child.dep_ in _REPORTED_DEPS or (child.dep_ == "prep" and child.lower_ == "of")
        if lemma in speech and reported:
            reading.report(speech[lemma], self.speaker(node) if reading.speaker is None else None)
        elif lemma in plans and child.dep_ == "xcomp":
            reading.hedge(plans[lemma])
        elif child.dep_ in ("ccomp", "xcomp"):
            reading.hedge(_hedge(node, self.lex))
        if lemma in self.lex.words["negating_verbs"] and child.dep_ == "xcomp":
            reading.negated = True

    def _noun_signal(self, child: Token, node: Token, reading: _Reading) -> None:
        kind = self.lex.maps["report_nouns"].get(node.lemma_.lower())
        if kind and child.dep_ in ("acl", "ccomp", "relcl"):
            reading.report(kind, self.speaker(node) if reading.speaker is None else None)

    def _signal(self, child: Token, node: Token, reading: _Reading) -> None:
        hedges = self.lex.maps["hedges"]
        if node.pos_ == "ADJ" and node.lower_ in hedges and child.dep_ in ("xcomp", "ccomp"):
            reading.hedge(hedges[node.lower_])  # "is likely to sign"
        if node.pos_ in VERBAL:
            self._verb_signal(child, node, reading)
        elif node.pos_ in ("NOUN", "PROPN"):
            self._noun_signal(child, node, reading)

    def read(self, clause: Token, trigger: Token) -> ClaimInfo:
        """Modality, negation and speaker for a relation carried by ``clause``."""
        reading = _Reading(modality=_hedge(clause, self.lex))
        reading.negated = _negated(clause, self.lex) or (
            trigger != clause and trigger.pos_ == "VERB" and _negated(trigger, self.lex))
        source = self.according_to(clause)
        if source is not None:
            reading.speaker = source  # "According to the Pentagon, …"
            reading.hedge("reported")
        for child, node in ancestors_until(clause):
            if child.dep_ not in _CLIMB:
                break
            self._signal(child, node, reading)
        modality = "denied" if reading.denied else reading.modality or "asserted"
        return ClaimInfo(modality, reading.negated, reading.speaker)


def confidence(rule: RuleInfo, modality: str) -> float:
    """Prior of the rule times how firmly the text states it.

    >>> from kg.extract.rules.registry import RULES
    >>> confidence(RULES["verb"], "possible")
    0.48
    """
    return round(rule.confidence * MODALITY_FACTOR[modality], 3)
