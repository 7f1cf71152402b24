"""``allies`` and ``members``: lists of allies and members.

"allies such as A and B", "X and its partners, including A": alliedWith, owned by the
possessor or modifier, else the subject of the clause ("Kyiv briefed its European
partners, including France"), else the sentence topic ("Allies such as A and B echoed
the concern").  "NATO members France and Turkey", "EU member states such as Hungary":
memberOf.  The copular shapes ("X is an ally of Y", "X is a member of Y") are patterns
(:mod:`kg.extract.rules.patterns`).
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Span, Token

from kg.extract.mentions import Mention, dedupe
from kg.extract.rules.common import pairs
from kg.extract.rules.registry import Candidate, Context, RuleInfo, info, rule
from kg.extract.syntax import VERBAL, children, pobjs, sentences_back, subject_of

_MEMBER_TYPES = ("State", "Organization", "Group")


def listed(noun: Token, ctx: Context) -> list[Mention]:
    """The actors a group noun lists: 'such as A', 'including A', 'like A', apposition."""
    resolve = ctx.resolver.resolve
    found = [m for obj in pobjs(noun, ctx.lexicon.words["list_preps"]) for m in resolve(obj, possessor=False)]
    for such in children(noun, ("amod",)):
        if such.lower_ == "such":
            found += [m for a in such.children for obj in children(a, ("pobj",))
                      for m in resolve(obj, possessor=False)]
    found += [m for c in children(noun, ("appos",)) for m in resolve(c, possessor=False)]
    return found + _others_of(noun, ctx)


def _others_of(noun: Token, ctx: Context) -> list[Mention]:
    """"Britain and other Nato allies", "France, like other EU members": the actor set
    beside the *other* ones is one of them."""
    if not any(c.dep_ == "amod" and c.lower_ == "other" for c in noun.children):
        return []
    if noun.dep_ == "conj":
        return [m for m in ctx.resolver.resolve(noun.head, possessor=False) if ctx.actors.mention_at(noun) != m]
    if noun.dep_ == "pobj" and noun.head.lower_ == "like" and noun.head.head.pos_ in VERBAL:
        subject = subject_of(noun.head.head)
        return ctx.resolver.resolve(subject, possessor=False) if subject is not None else []
    return []


def _named_owners(noun: Token, ctx: Context) -> list[Mention]:
    owners = [m for c in children(noun, ("poss",)) for m in ctx.resolver.resolve(c)]
    for c in children(noun, ("compound", "amod")):
        m = ctx.actors.mention_at(c)
        if c.i < noun.i and m is not None:
            owners.append(m)
    return owners


def _owners(noun: Token, ctx: Context) -> tuple[list[Mention], RuleInfo]:
    owners = _named_owners(noun, ctx) or (_named_owners(noun.head, ctx) if noun.dep_ == "conj" else [])
    if owners:
        return owners, info("allies")
    if noun.dep_ in ("dobj", "pobj", "dative"):
        verb = noun.head.head if noun.dep_ == "pobj" else noun.head
        subject = subject_of(verb) if verb.pos_ in VERBAL else None
        return (ctx.resolver.resolve(subject) if subject is not None else []), info("allies.subject")
    return ctx.topic[:1], info("allies.topic")


def _apposed(noun: Token, ctx: Context) -> list[Mention]:
    """"China, North Korea's main trading partner and historic ally": the actor the ally
    noun stands beside, when the noun says whose ally it is."""
    if noun.dep_ != "appos" and not (noun.dep_ == "conj" and noun.head.dep_ == "appos"):
        return []
    anchor = noun.head if noun.dep_ == "appos" else noun.head.head
    return ctx.resolver.resolve(anchor) if _named_owners(noun, ctx) or _named_owners(noun.head, ctx) else []


@rule("membership")
def allies(sent: Span, ctx: Context) -> Iterator[Candidate]:
    for noun in sent:
        if noun.lemma_.lower() not in ctx.lexicon.words["allies"] or noun.pos_ != "NOUN" or noun.dep_ == "attr":
            continue
        members = listed(noun, ctx) or _apposed(noun, ctx)
        if not members:
            continue
        owners, which = _owners(noun, ctx)
        for a, p in pairs(owners, members):
            if a.entity.type == "Organization" and p.entity.type in ("State", "Group"):
                # "NATO allies such as Poland": members of the alliance
                yield Candidate(p, "memberOf", a, noun, info("members"), noun.head)
            else:
                yield Candidate(a, "alliedWith", p, noun, which, noun.head)


def _as_members(noun: Token, ctx: Context) -> list[Mention]:
    """"The Baltic states joined as members of the EU": who is a member *as* the clause says."""
    if noun.dep_ != "pobj" or noun.head.lower_ != "as" or noun.head.head.pos_ not in VERBAL:
        return []
    subject = subject_of(noun.head.head)
    return ctx.resolver.resolve(subject) if subject is not None else []


def _bodies(noun: Token, ctx: Context) -> list[Mention]:
    """The organisation a member noun belongs to: 'NATO members', 'members of the EU' (or
    each one: 'members of the EU and NATO')."""
    before = [ctx.actors.mention_at(t) for t in noun.subtree if t.i < noun.i]
    first = next((m for m in before if m is not None and m.entity.type == "Organization"), None)
    if first is not None:
        return [first]
    return [m for o in pobjs(noun, ("of",)) for m in ctx.resolver.resolve(o) if m.entity.type == "Organization"]


#: How many sentences back an unnamed body of members may be found.
_CONTEXT_SENTENCES = 2


def _body_in_context(noun: Token, listed: list[Mention], ctx: Context) -> list[Mention]:
    """"… applied to join Nato. They won support from several members including the US":
    members named with no body belong to the one organisation the last sentences name;
    with none, or two, nothing."""
    start = sentences_back(noun, _CONTEXT_SENTENCES)[0].start
    named = {m.entity.iri for m in listed}
    bodies = dedupe(m for m in ctx.actors.before(noun) if m.start >= start
                    and m.entity.type == "Organization" and m.entity.iri not in named)
    return bodies if len(bodies) == 1 else []


def _is_member_noun(noun: Token, ctx: Context) -> bool:
    lemma = noun.lemma_.lower()
    if noun.pos_ not in ("NOUN", "PROPN") or lemma not in ctx.lexicon.words["members"] or noun.dep_ == "attr":
        return False
    return lemma == "member" or any(c.lemma_.lower() == "member" for c in noun.children)


@rule("membership")
def members(sent: Span, ctx: Context) -> Iterator[Candidate]:
    """'NATO members France and Turkey', 'EU member states such as Hungary': memberOf."""
    for noun in sent:
        if not _is_member_noun(noun, ctx):
            continue
        found = listed(noun, ctx) + _as_members(noun, ctx)
        bodies, how = _bodies(noun, ctx), info("members")
        if not bodies and found:
            bodies, how = _body_in_context(noun, found, ctx), info("members.context")
        if noun.dep_ == "compound" and noun.head.pos_ == "PROPN":
            found += ctx.resolver.resolve(noun.head, possessor=False)
        for m, body in ((m, b) for m in dedupe(found) for b in bodies):
            if m.entity.type in _MEMBER_TYPES and m.entity.iri != body.entity.iri:
                yield Candidate(m, "memberOf", body, noun, how, noun)
