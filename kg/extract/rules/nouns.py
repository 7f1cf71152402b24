"""``noun``: nominal events with their agent and patient.

The agent comes from a possessor ("Moscow's cooperation with Pyongyang"), a modifier
("UN sanctions"), *of* with an actor noun ("the withdrawal of French troops"), *by* or
*from* ("sanctions by the EU"), or the subject of a light verb ("expressed concern over
…", "is at war with").  The patient is the object of the trigger's prepositions, on the
noun or on its light verb ("imposed sanctions on Iran").  "eased restrictions on
Australia" is a concession.  Carrier nouns ("drone deliveries", "a package of weapons")
take their property from what they carry.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Span, Token

from kg.extract.gazetteer import PEOPLE
from kg.extract.lexicon import Trigger
from kg.extract.mentions import Mention
from kg.extract.rules.common import all_pairs, clause_subject, pairs, symmetric
from kg.extract.rules.pairs import parties
from kg.extract.rules.registry import Candidate, Context, info, rule
from kg.extract.trend import trend_property
from kg.extract.syntax import MODIFIER_DEPS, children, pobjs, subject_of

RULE = info("noun")
#: (the tagger sometimes calls a nominal subject a verb: "Aid from the EU reached …")
_NOUN_POSITIONS = ("nsubj", "nsubjpass", "dobj", "pobj")


def _possessor_agent(noun: Token, trig: Trigger, ctx: Context) -> list[Mention]:
    """"Moscow's cooperation", and through a light noun: "Trump's introduction of sanctions"."""
    for c in children(noun, ("poss",)) + children(anchor(noun, ctx), ("poss",)):
        got = ctx.resolver.resolve(c)
        if got:
            return got
    return []


def _of_beside_patient(noun: Token, trig: Trigger, ctx: Context) -> list[Mention]:
    """"the sanctions of the UNSC against Pyongyang": with the patient named by the
    trigger's own preposition, *of* names the agent."""
    if "of" in trig.preps or not any(ctx.resolver.resolve(o, argument=True) for o in pobjs(noun, trig.preps)):
        return []
    return [m for o in pobjs(noun, ("of",)) for m in ctx.resolver.resolve(o, argument=True)]


def _modifier_agent(noun: Token, trig: Trigger, ctx: Context) -> list[Mention]:
    for c in children(noun, MODIFIER_DEPS):
        m = ctx.actors.mention_at(c)
        if c.i < noun.i and m is not None and m.kind != PEOPLE:
            return [m]
    return []


def _participle_agent(noun: Token, trig: Trigger, ctx: Context) -> list[Mention]:
    """"Saudi-led air raids", "raids led by the coalition": who leads the event does it."""
    return ctx.resolver.leaders(noun)


def _of_agent(noun: Token, trig: Trigger, ctx: Context) -> list[Mention]:
    """"the withdrawal of French troops", "the visit of the Indonesian president": for
    events without a patient of their own, *of* names who acts."""
    if trig.property not in ctx.lexicon.property_sets["of_is_agent"]:
        return []
    for obj in pobjs(noun, ("of",)):
        got = ctx.resolver.resolve(obj)
        if got:
            return got
    return []


def _by_agent(noun: Token, trig: Trigger, ctx: Context) -> list[Mention]:
    """"sanctions by the EU", "aid from Japan" (unless *from* names the other side)."""
    agent_preps = (("by",) if "from" in trig.preps else ("by", "from")) + trig.agent_preps
    # the parser may hang *by* on the object: "the expulsion of [Dutch diplomats by Russia]"
    hosts = [noun, *([] if "of" in trig.agent_preps else pobjs(noun, ("of",)))]
    for obj in (o for h in hosts for o in pobjs(h, agent_preps)):
        got = ctx.resolver.resolve(obj, argument=True)
        if got:
            return got
    return []


_AGENT_STEPS = (_possessor_agent, _by_agent, _modifier_agent, _participle_agent, _of_agent, _of_beside_patient)


def _occasion(noun: Token, trig: Trigger, ctx: Context) -> bool:
    """"pledged in talks", "agreed in a phone call", "said after talks with Japan": a meeting
    named as the occasion of the clause's act is held by the clause's subject."""
    head = noun.head
    return (trig.property in ctx.lexicon.property_sets["occasion_properties"]
            and head.lower_ in ctx.lexicon.words["occasion_preps"] and head.head.pos_ == "VERB")


def _light_verb_agent(noun: Token, trig: Trigger, ctx: Context) -> tuple[list[Mention], Token] | None:
    """"expressed concern over …", "is a threat to", "is at war with": the clause's subject;
    "sanctions were imposed on Iran by Canada": the passive's by-agent."""
    head = noun.head
    light = ctx.lexicon.words["light_verbs"] | {"be"}
    if noun.dep_ == "nsubjpass" and head.lemma_.lower() in light:
        agents = [m for obj in pobjs(head, ("by",)) for m in ctx.resolver.resolve(obj, argument=True)]
        return (agents, head) if agents else None
    if noun.dep_ in ("dobj", "attr") and head.lemma_.lower() in light | ctx.lexicon.words["reciprocal_verbs"]:
        verb = head
    elif noun.dep_ == "pobj" and (head.head.lemma_.lower() == "be" or _occasion(noun, trig, ctx)):
        verb = head.head
    else:
        return None
    subject = clause_subject(verb, ctx.lexicon)
    return (ctx.resolver.resolve(subject), verb) if subject is not None else None


def agents(noun: Token, trig: Trigger, ctx: Context) -> tuple[list[Mention], Token]:
    """The agent of a nominal event, and the word whose clause carries it."""
    for step in _AGENT_STEPS:
        got = step(noun, trig, ctx)
        if got:
            return got, noun
    return _light_verb_agent(noun, trig, ctx) or ([], noun)


def _patients_on_verb(noun: Token, trig: Trigger, ctx: Context) -> list[Mention]:
    """"imposed sanctions on Iran", "condemned Iran's deliveries to Russia": the preposition
    may hang on the verb; "gave Serbia a deadline": so may the recipient."""
    head = noun.head
    content = trig.property in ctx.lexicon.property_sets["content_patient"]
    if noun.dep_ in ("dobj", "nsubjpass") and (head.lemma_.lower() in ctx.lexicon.words["light_verbs"]
                                              or trig.theme_nouns):
        found = [m for obj in pobjs(head, trig.preps)
                 for m in ctx.resolver.resolve(obj, content=content, argument=True)]
        return found + [m for d in children(head, ("dative",)) for m in ctx.resolver.resolve(d)]
    return []


def _patients_by_clause(noun: Token, trig: Trigger, ctx: Context) -> list[Mention]:
    """"Cyprus's insistence that Turkey withdraw": a demand's target is its clause's subject."""
    if trig.property not in ctx.lexicon.property_sets["complement_subject_patient"]:
        return []
    return [m for clause in children(noun, ("acl", "ccomp"))
            for s in children(clause, ("nsubj", "nsubjpass")) for m in ctx.resolver.resolve(s)]


def _patients_by_arrival(noun: Token, ctx: Context) -> list[Mention]:
    """"Aid from the EU reached Syria": the event travels to the verb's object."""
    head = noun.head
    if noun.dep_ != "nsubj" or head.lemma_.lower() not in ctx.lexicon.words["arrival_verbs"]:
        return []
    found = [m for c in children(head, ("dobj",)) for m in ctx.resolver.resolve(c)]
    return found + [m for obj in pobjs(head, ("in", "to", "into")) for m in ctx.resolver.resolve(obj, argument=True)]


def _patients_by_exposure(noun: Token, ctx: Context) -> list[Mention]:
    """"X has been subject to UN sanctions": the patient is the subject of "subject"."""
    head = noun.head
    if not (noun.dep_ == "pobj" and head.lower_ == "to" and head.head.lower_ in ctx.lexicon.words["exposure_words"]):
        return []
    subject = subject_of(head.head.head)
    return ctx.resolver.resolve(subject) if subject is not None else []


def _patients_by_prevention(noun: Token, trig: Trigger, ctx: Context) -> list[Mention]:
    """"Poland moved tanks to deter a Russian incursion": a hostile event that someone
    acts to prevent is aimed at them (the claim is hypothetical, see kg.extract.claims)."""
    head = noun.head
    if (noun.dep_ != "dobj" or trig.property not in ctx.lexicon.property_sets["hostile"]
            or head.lemma_.lower() not in ctx.lexicon.words["prevention_verbs"]):
        return []
    subject = subject_of(head)
    return ctx.resolver.resolve(subject) if subject is not None else []


def patients(noun: Token, trig: Trigger, ctx: Context) -> list[Mention]:
    content = trig.property in ctx.lexicon.property_sets["content_patient"]
    preps = trig.preps
    of_agent = trig.property in ctx.lexicon.property_sets["of_is_agent"] or "of" in trig.agent_preps
    if not of_agent and not trig.pair:
        preps = (*preps, "of")  # "the expulsion of Dutch diplomats", "the blockade of Yemeni ports"
    # "the buildup of forces *on the borders of Ukraine*": the preposition may hang on what is moved
    moved = [m for m in pobjs(noun, ("of",)) if ctx.lexicon.theme_of(m) is not None]
    named = pobjs(noun, preps) + [o for m in moved for o in pobjs(m, trig.preps)]
    found = [m for obj in named for m in ctx.resolver.resolve(obj, content=content, argument=True)]
    found = (found or _patients_on_verb(noun, trig, ctx) or _patients_by_clause(noun, trig, ctx)
             or _patients_by_arrival(noun, ctx) or _patients_by_prevention(noun, trig, ctx)
             or _patients_by_defiance(noun, ctx))
    return found + _patients_by_exposure(noun, ctx)


def _patients_by_defiance(noun: Token, ctx: Context) -> list[Mention]:
    """"deployed the system despite the opposition of Russia": what is opposed is done by
    the clause's subject."""
    head = noun.head
    if noun.dep_ != "pobj" or head.lower_ != "despite" or head.head.pos_ not in ("VERB", "AUX"):
        return []
    subject = clause_subject(head.head, ctx.lexicon)
    return ctx.resolver.resolve(subject) if subject is not None else []


def reading(noun: Token, trig: Trigger, ctx: Context) -> str | None:
    """The property this noun trigger gives here, or None when it gives none."""
    if trig.theme_nouns:
        carried = children(noun, ("compound",)) + pobjs(noun, ("of",))
        theme = next((t for c in carried for t in [ctx.lexicon.theme_of(c)] if t), None)
        return ctx.lexicon.maps["theme_property"][theme] if theme else None
    if trig.eased_by and noun.head.lemma_.lower() in trig.eased_by:
        return "concedesTo"  # "eased restrictions on Australia"
    if trig.trend:
        return trend_property(noun, ctx.lexicon)  # "ties with Egypt improved"; bare "ties" are none
    return trig.property


def _reciprocal(noun: Token, ctx: Context) -> bool:
    return noun.dep_ == "dobj" and noun.head.lemma_.lower() in ctx.lexicon.words["reciprocal_verbs"]


def anchor(noun: Token, ctx: Context) -> Token:
    """The noun that stands in the clause for an event noun: "expressions of *support*",
    "a pledge of *aid*" (a light noun carries it)."""
    head = noun.head
    if noun.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() in ctx.lexicon.words["light_nouns"]:
        return head.head
    return noun


def _receives(verb: Token, prop: str, ctx: Context) -> bool:
    """Whether the verb's subject is who the event is addressed to: "received assurances",
    and, for what is said, "is considering a request from the US"."""
    words = ctx.lexicon.words
    lemma = verb.lemma_.lower()
    addressed = prop in ctx.lexicon.property_sets["content_patient"] and lemma in words["answering_verbs"]
    return lemma in words["receiving_verbs"] or addressed


def received(noun: Token, prop: str, ctx: Context) -> tuple[list[Mention], list[Mention]] | None:
    """"Finland received assurances of support from Norway": the giver acts, the receiver
    is the patient."""
    held = anchor(noun, ctx)
    verb = held.head
    if held.dep_ != "dobj" or not _receives(verb, prop, ctx):
        return None
    givers = [m for o in pobjs(verb, ("from", "by")) + pobjs(held, ("from", "by")) + pobjs(noun, ("from", "by"))
              for m in ctx.resolver.resolve(o, argument=True)]
    subject = clause_subject(verb, ctx.lexicon)
    return givers, (ctx.resolver.resolve(subject) if subject is not None else [])


def _is_noun(token: Token) -> bool:
    return token.pos_ in ("NOUN", "PROPN") or token.dep_ in _NOUN_POSITIONS


@rule("nouns")
def nouns(sent: Span, ctx: Context) -> Iterator[Candidate]:
    for noun in sent:
        if not _is_noun(noun):
            continue
        for trig in ctx.lexicon.nouns.get(noun.lemma_.lower(), ()):
            prop = reading(noun, trig, ctx)
            if prop is None or (trig.pair and len(parties(noun, ctx)) >= 2):
                continue
            given = received(noun, prop, ctx)
            if given is not None:
                for a, p in pairs(*given):
                    yield Candidate(a, prop, p, noun, RULE, anchor(noun, ctx).head)
                continue
            found_agents, clause = agents(noun, trig, ctx)
            if not found_agents:
                continue
            found_patients = patients(noun, trig, ctx)
            if _reciprocal(noun, ctx):
                # "Morocco and Algeria traded accusations": each at the other
                found = pairs(found_agents, found_agents)
            elif not found_patients and symmetric(prop):
                # "Armenia and Azerbaijan resumed talks": the agents meet each other
                found = all_pairs(found_agents)
            else:
                found = pairs(found_agents, found_patients)
            for a, p in found:
                yield Candidate(a, prop, p, noun, RULE, clause)
