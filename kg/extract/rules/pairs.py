"""``noun.pair``: a symmetric relation between named parties.

"ties between A and B", "talks among A, B and C", "the A-B relationship", "the
Russia–China partnership".  Every pair of the parties is related (a symmetric property
needs one direction).
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Span, Token

from kg.extract.mentions import Mention, dedupe
from kg.extract.persons import PERSON_KIND
from kg.extract.gazetteer import PEOPLE
from kg.extract.rules.common import all_pairs
from kg.extract.rules.registry import Candidate, Context, info, rule
from kg.extract.trend import trend_property
from kg.extract.syntax import MODIFIER_DEPS, children, clause_verb, pobjs, subject_of

RULE = info("noun.pair")
MEDIATION = info("mediation")
_NOT_PARTIES = frozenset({PEOPLE, PERSON_KIND})


def parties(noun: Token, ctx: Context) -> list[Mention]:
    """The parties a relation noun names: 'between A and B', or modifiers 'the A-B …'."""
    members = [m for obj in pobjs(noun, ("between", "among")) for m in ctx.resolver.resolve(obj)]
    if len(dedupe(members)) >= 2:
        return dedupe(members)
    members = []
    for c in noun.children:
        if c.dep_ in MODIFIER_DEPS and c.i < noun.i:
            members += [m for t in c.subtree for m in [ctx.actors.mention_at(t)]
                        if m is not None and m.kind not in _NOT_PARTIES]
    return dedupe(members)


@rule("pairs")
def pair_nouns(sent: Span, ctx: Context) -> Iterator[Candidate]:
    for noun in sent:
        for trig in ctx.lexicon.nouns.get(noun.lemma_.lower(), ()):
            if not trig.pair:
                continue
            prop = trend_property(noun, ctx.lexicon) if trig.trend else trig.property
            members = parties(noun, ctx)
            if prop is None or len(members) < 2:
                continue
            ordered = sorted(members, key=lambda m: m.start)
            for a, b in all_pairs(ordered):
                yield Candidate(a, prop, b, noun, RULE, noun.head)


def _named_by_participle(participle: Token, ctx: Context) -> list[Mention]:
    """"US-brokered", "talks hosted by China": who the participle names as doing it."""
    modifiers = [ctx.actors.mention_at(t) for t in children(participle, ("npadvmod", "compound", "nmod"))]
    by = [m for t in pobjs(participle, ("by",)) for m in ctx.resolver.resolve(t, argument=True)]
    return [m for m in modifiers if m is not None and m.kind not in _NOT_PARTIES] + by


def _event_parties(noun: Token, ctx: Context) -> list[Mention]:
    """The parties to a mediated event: 'between A and B', else the clause's subject
    ("Iran and Saudi Arabia agreed … after talks hosted by China")."""
    found = parties(noun, ctx)
    if found:
        return found
    verb = clause_verb(noun)
    subject = subject_of(verb) if verb is not None else None
    return dedupe(ctx.resolver.resolve(subject)) if subject is not None else []


def _mediated(token: Token, ctx: Context) -> tuple[list[Mention], list[Mention]]:
    """Mediators and parties around a mediation verb or noun."""
    resolve = ctx.resolver.resolve
    words = ctx.lexicon.words
    lemma = token.lemma_.lower()
    if lemma in words["mediation_nouns"] and token.pos_ == "NOUN":
        owners = [m for c in children(token, ("poss",) + tuple(MODIFIER_DEPS)) for m in resolve(c)]
        return owners, parties(token, ctx)
    if lemma not in words["mediation_verbs"] or token.pos_ != "VERB":
        return [], []
    if token.dep_ in ("amod", "acl"):
        return _named_by_participle(token, ctx), _event_parties(token.head, ctx)
    subject = subject_of(token)
    mediators = resolve(subject) if subject is not None else []
    between = [m for o in pobjs(token, ("between", "among")) for m in resolve(o, argument=True)]
    for obj in children(token, ("dobj",)):
        between += parties(obj, ctx)
    # "China will chair a UN conference" mediates between no one
    partners = dedupe(between)
    return mediators, partners if len(partners) >= 2 else []


@rule("pairs")
def mediation(sent: Span, ctx: Context) -> Iterator[Candidate]:
    """A mediator or host meets each party (CAMEO 045, mediate, is a kind of consultation)."""
    for token in sent:
        mediators, partners = _mediated(token, ctx)
        for m in dedupe(mediators):
            for p in partners:
                if m.entity.iri != p.entity.iri:
                    yield Candidate(m, "meetsWith", p, token, MEDIATION, token if token.pos_ == "VERB" else token.head)
