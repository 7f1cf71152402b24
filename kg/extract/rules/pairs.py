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
from kg.extract.syntax import MODIFIER_DEPS, pobjs

RULE = info("noun.pair")
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
            members = parties(noun, ctx)
            if len(members) < 2:
                continue
            ordered = sorted(members, key=lambda m: m.start)
            for a, b in all_pairs(ordered):
                yield Candidate(a, trig.property, b, noun, RULE, noun.head)
