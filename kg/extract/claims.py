"""How sure the text is: modality, negation and attribution of a relation mention.

A relation read from "North Korea may be sending troops" is *possible*; from "Zelenskiy
claimed that Pyongyang is preparing to dispatch soldiers" it is *alleged* and attributed
to Zelenskiy; from "did not attack" it is negated; from "denied sending troops" it is
*denied*.  The analysis climbs the parse from the clause that carries the relation up
through its governing clauses and report nouns; the nearest signal wins, except that a
denial anywhere above makes the claim denied.

Confidence (documented in the README): ``rule base × modality factor``; the bases are
in :data:`RULE_CONFIDENCE`, the factors in :data:`MODALITY_FACTOR`.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from kg.extract.lexicon import Lexicon
from kg.extract.link import DocActors, Mention, subject_of

#: How often each rule is right on our test sentences: the prior of a relation it finds.
RULE_CONFIDENCE = {
    "title": 0.95, "verb": 0.8, "verb.theme": 0.85, "noun": 0.7, "noun.pair": 0.75,
    "allies": 0.8, "allies.subject": 0.7, "allies.topic": 0.6, "members": 0.8,
}
#: How much the text commits to the relation.
MODALITY_FACTOR = {
    "asserted": 1.0, "reported": 0.9, "planned": 0.8, "likely": 0.8, "alleged": 0.7,
    "possible": 0.6, "denied": 0.5,
}
_CLIMB = frozenset({"xcomp", "advcl", "conj", "ccomp", "acl", "relcl", "pcomp", "pobj", "prep",
                    "dobj", "nsubj", "nsubjpass", "attr", "acomp", "csubj", "advmod", "parataxis",
                    "amod"})


@dataclass(frozen=True)
class ClaimInfo:
    modality: str = "asserted"
    negated: bool = False
    attributed_to: Mention | None = None


def _hedge(verb: Token, lex: Lexicon) -> str | None:
    for child in verb.children:
        if child.dep_ in ("aux", "advmod", "acomp") and child.lower_ in lex.hedges:
            return lex.hedges[child.lower_]
    return None


def _negated(verb: Token, lex: Lexicon) -> bool:
    if any(c.dep_ == "neg" or c.lower_ in ("never", "no") and c.dep_ in ("advmod", "det")
           for c in verb.children):
        return True
    # "refused to sign", "failed to reach"
    return verb.dep_ == "xcomp" and verb.head.lemma_.lower() in lex.negating_verbs


def _speaker(node: Token, actors: DocActors) -> Mention | None:
    if node.pos_ in ("NOUN", "PROPN"):
        for c in node.children:
            if c.dep_ == "poss":
                got = actors.resolve(c)
                if got:
                    return got[0]
            if c.dep_ == "prep" and c.lower_ in ("from", "by"):
                for obj in c.children:
                    got = actors.resolve(obj)
                    if got:
                        return got[0]
        return None
    subject = subject_of(node)
    if subject is None:
        return None
    got = actors.resolve(subject)
    return got[0] if got else None


def _according_to(verb: Token, actors: DocActors) -> Mention | None:
    """The source named by 'according to X' on this clause or the one above it."""
    for node in (verb, verb.head):
        for c in node.children:
            if c.dep_ == "prep" and c.lower_ == "according":
                for to in c.children:
                    for obj in to.children:
                        got = actors.resolve(obj, argument=True)
                        if got:
                            return got[0]
    return None


def analyse_claim(clause: Token, trigger: Token, actors: DocActors) -> ClaimInfo:
    """Modality, negation and speaker for a relation carried by ``clause``."""
    lex = actors.lexicon
    negated = _negated(clause, lex) or (trigger != clause and trigger.pos_ == "VERB"
                                        and _negated(trigger, lex))
    modality = _hedge(clause, lex)
    speaker: Mention | None = None
    denied = False
    source = _according_to(clause, actors)
    if source is not None:
        # "According to the Pentagon, …"
        speaker, modality = source, modality or "reported"
    node = clause
    for _ in range(10):
        if node.dep_ not in _CLIMB or node.head == node:
            break
        child, node = node, node.head
        lemma = node.lemma_.lower()
        if node.pos_ == "ADJ" and node.lower_ in lex.hedges and child.dep_ in ("xcomp", "ccomp"):
            modality = modality or lex.hedges[node.lower_]  # "is likely to sign"
        if node.pos_ in ("VERB", "AUX"):
            reported = child.dep_ in ("ccomp", "parataxis", "xcomp", "dobj") or (
                child.dep_ == "prep" and child.lower_ == "of")  # "accused Belarus of preparing …"
            if lemma in lex.speech and reported:
                kind = lex.speech[lemma]
                denied = denied or kind == "denied"
                if speaker is None:
                    speaker = _speaker(node, actors)
                modality = modality or kind
            elif lemma in lex.plan_verbs and child.dep_ == "xcomp":
                modality = modality or lex.plan_verbs[lemma]
            elif child.dep_ in ("ccomp", "xcomp"):
                modality = modality or _hedge(node, lex)
            if lemma in lex.negating_verbs and child.dep_ == "xcomp":
                negated = True
        elif node.pos_ in ("NOUN", "PROPN") and child.dep_ in ("acl", "ccomp", "relcl"):
            kind = lex.report_nouns.get(lemma)
            if kind:
                denied = denied or kind == "denied"
                modality = modality or kind
                if speaker is None:
                    speaker = _speaker(node, actors)
    if denied:
        modality = "denied"
    return ClaimInfo(modality or "asserted", negated, speaker)


def confidence(rule: str, modality: str) -> float:
    """Prior of the rule times how firmly the text states it.

    >>> confidence("verb", "possible")
    0.48
    """
    base = RULE_CONFIDENCE.get(rule.split("+")[0].removesuffix(".negated"), 0.6)
    return round(base * MODALITY_FACTOR.get(modality, 0.6), 3)
