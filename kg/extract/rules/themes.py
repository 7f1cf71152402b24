"""``verb.theme``: who sends troops, weapons or aid to whom.

The theme is the object ("sent troops"), the passive subject ("troops were sent"), the
object of *with* ("supplied Ukraine with jets"), or for verbs of arriving the subject
("troops arrived in Haiti").  The recipient is the object of *to* (or the trigger's
prepositions), a dative, or the object of a purpose clause ("sending troops to assist
Russia"), never a place further down ("… in its war against Ukraine").  Verbs of
receiving are reversed: the giver is the object of *from* ("received tanks from the US").
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Span, Token

from kg.extract.lexicon import Trigger
from kg.extract.mentions import Mention
from kg.extract.rules.common import clause_subject, pairs
from kg.extract.rules.registry import Candidate, Context, info, rule
from kg.extract.syntax import children, is_passive, pobjs

RULE = info("verb.theme")
_PURPOSE_DEPS = ("advcl", "xcomp")


@dataclass(frozen=True)
class Theme:
    """The carried thing, and any recipient the *with*-shape names ("supplied Ukraine with jets")."""

    token: Token
    recipients: tuple[Token, ...] = ()


def _theme_deps(verb: Token, trig: Trigger) -> tuple[str, ...]:
    if trig.theme_subject:
        return ("nsubj", "nsubjpass")
    return ("nsubjpass",) if is_passive(verb) else ("dobj",)


def find_theme(verb: Token, trig: Trigger, ctx: Context) -> Theme | None:
    theme_of = ctx.lexicon.theme_of
    gap = [verb.head] if verb.dep_ == "relcl" and not trig.theme_subject else []
    for c in children(verb, _theme_deps(verb, trig)) + gap:
        if theme_of(c) == trig.theme:
            return Theme(c)
    # "pledged $400m in military aid to Ukraine": an amount, and what it is in
    amounts = [c for c in children(verb, ("dobj",)) if _is_amount(c)]
    for obj in (o for a in amounts for o in pobjs(verb, ("in",)) + pobjs(a, ("in", "of"))):
        if theme_of(obj) == trig.theme:
            return Theme(obj)
    # "supplied Ukraine with weapons" / "Ukraine was supplied with jets by …"
    with_obj = [o for o in pobjs(verb, ("with",)) if theme_of(o) == trig.theme]
    if not with_obj:
        return None
    holders = ("nsubjpass",) if is_passive(verb) else ("dobj", "dative")
    return Theme(with_obj[0], tuple(children(verb, holders)))


def _is_amount(token: Token) -> bool:
    """"$400m", "€1bn", "2 billion euros": a sum of money or a count."""
    return token.like_num or any(c.pos_ in ("NUM", "SYM") or c.tag_ == "$" for c in token.children)


def _theme_triggers(verb: Token, ctx: Context) -> list[Trigger]:
    return [t for t in ctx.lexicon.verbs.get(ctx.lexicon.verb_lemma(verb), ()) if t.theme]


def serves_theme(verb: Token, ctx: Context) -> bool:
    """Whether ``verb`` is the purpose clause of a theme verb ("sent troops *to assist* X"):
    its object is then the recipient, and the verb is no relation of its own."""
    if verb.dep_ not in _PURPOSE_DEPS or verb.lemma_.lower() not in ctx.lexicon.words["purpose_verbs"]:
        return False
    head = verb.head
    if not any(find_theme(head, t, ctx) for t in _theme_triggers(head, ctx)):
        return False
    return any(ctx.resolver.resolve(obj) for obj in children(verb, ("dobj",)))


def _purpose_recipients(verb: Token, ctx: Context) -> list[Mention]:
    """"to assist Russia", "to bolster Russia's forces"."""
    found: list[Mention] = []
    for clause in children(verb, _PURPOSE_DEPS):
        if clause.lemma_.lower() in ctx.lexicon.words["purpose_verbs"]:
            found += [m for obj in children(clause, ("dobj",)) for m in ctx.resolver.resolve(obj)]
    return found


def _recipients(verb: Token, trig: Trigger, theme: Theme, ctx: Context) -> list[Mention]:
    resolve = ctx.resolver.resolve
    found = [m for t in theme.recipients for m in resolve(t)]
    found += [m for obj in pobjs(verb, trig.recipient_preps) for m in resolve(obj, argument=True)]
    # "$400m in military aid to Ukraine": the recipient may hang on the carried noun
    found += [m for obj in pobjs(theme.token, trig.recipient_preps) if obj.dep_ == "pobj"
              for m in resolve(obj, argument=True)]
    found += [m for c in children(verb, ("dative",)) if c.pos_ in ("PROPN", "NOUN", "PRON") for m in resolve(c)]
    return found + _purpose_recipients(verb, ctx)


def _carried(theme: Token, ctx: Context) -> Token:
    """'hundreds of Kenyan troops' -> 'troops' (the noun whose modifiers say whose they are)."""
    if theme.lemma_.lower() in ctx.lexicon.words["quantity_nouns"]:
        for obj in pobjs(theme, ("of",)):
            return obj
    return theme


def _agents(verb: Token, trig: Trigger, theme: Theme, ctx: Context) -> list[Mention]:
    resolve = ctx.resolver.resolve
    agents: list[Mention] = []
    if is_passive(verb):
        agents = [m for obj in pobjs(verb, ("by",)) for m in resolve(obj)]
    elif not trig.theme_subject:
        subject = clause_subject(verb, ctx.lexicon)
        agents = resolve(subject) if subject is not None else []
    # "North Korean special forces had been sent to …": the owner sends them
    return agents or ctx.resolver.owners(_carried(theme.token, ctx))


def _gerund(verb: Token, trig: Trigger, ctx: Context) -> tuple[list[Mention], list[Mention]] | None:
    """The tagger may hang a gerund on its object: "denied [supplying] missiles to Russia"."""
    if not (verb.dep_ == "amod" and verb.tag_ == "VBG" and verb.head.dep_ == "dobj"):
        return None
    if ctx.lexicon.theme_of(verb.head) != trig.theme:
        return [], []
    host = verb.head.head
    subject = clause_subject(host, ctx.lexicon)
    agents = ctx.resolver.resolve(subject) if subject is not None else []
    recipients = [m for o in pobjs(host, trig.recipient_preps) for m in ctx.resolver.resolve(o, argument=True)]
    return agents, recipients


def arguments(verb: Token, trig: Trigger, ctx: Context) -> tuple[list[Mention], list[Mention]]:
    """Senders and recipients of one theme trigger (direction applied)."""
    found = _gerund(verb, trig, ctx)
    if found is None:
        theme = find_theme(verb, trig, ctx)
        if theme is None:
            return [], []
        found = _agents(verb, trig, theme, ctx), _recipients(verb, trig, theme, ctx)
    agents, recipients = found
    return (recipients, agents) if trig.reverse else (agents, recipients)


@rule("themes")
def theme_verbs(sent: Span, ctx: Context) -> Iterator[Candidate]:
    known = ctx.lexicon.verbs
    for verb in sent:
        if verb.pos_ != "VERB" or ctx.lexicon.lemma(verb) not in known:
            continue
        for trig in _theme_triggers(verb, ctx):
            agents, recipients = arguments(verb, trig, ctx)
            for a, p in pairs(agents, recipients):
                yield Candidate(a, trig.property, p, verb, RULE, verb)
