"""``verb``: subject–verb–object, passives with a *by*-agent, prepositional objects.

"Beijing accused Washington of …", "Ukraine was invaded by Russia", "met with Macron",
"is allied with" (a predicative adjective), "shared intelligence with Russia" (the
preposition hangs on the object).  Subjects are inherited through xcomp/advcl chains
("is preparing to dispatch").  A trigger whose reading needs a particular object
("ask for *talks*") fires only with it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from spacy.tokens import Span, Token

from kg.extract.lexicon import Trigger
from kg.extract.mentions import Mention
from kg.extract.rules.common import all_pairs, clause_subject, pairs, symmetric
from kg.extract.rules.naming import names_object
from kg.extract.rules.registry import Candidate, Context, info, rule
from kg.extract.rules.themes import serves_theme
from kg.extract.syntax import OBJECT_DEPS, children, for_clause, is_passive, pobjs

RULE = info("verb")
_NOMINAL_OBJECT = ("NOUN", "PROPN", "PRON")
#: Prepositions whose object, in a complement clause, is the target of a demand or threat.
_COMPLEMENT_PREPS = ("to", "on", "against", "at", "with", "from", "into")


def _content(trig: Trigger, ctx: Context) -> bool:
    return trig.property in ctx.lexicon.property_sets["content_patient"]


def _passive_arguments(verb: Token, trig: Trigger, ctx: Context) -> tuple[list[Mention], list[Mention]]:
    resolve = ctx.resolver.resolve
    patients = [m for c in children(verb, ("nsubjpass",)) for m in resolve(c, content=_content(trig, ctx))]
    agents = [m for obj in pobjs(verb, ("by", *trig.agent_preps)) for m in resolve(obj, argument=True)]
    if not agents and symmetric(trig.property):
        # "The Philippines is allied with the US": a state, not a passive
        return patients, []
    return agents, patients


def _active_arguments(verb: Token, trig: Trigger, ctx: Context) -> tuple[list[Mention], list[Mention]]:
    resolve = ctx.resolver.resolve
    subject = clause_subject(verb, ctx.lexicon)
    # "the positions of Moscow and Tokyo coincide": whose positions agree
    own_words = trig.property in ctx.lexicon.property_sets["content_agent"]
    agents = resolve(subject, content=own_words) if subject is not None and _fit_agent(subject, trig, ctx) else []
    objects = [c for c in children(verb, OBJECT_DEPS) if c.pos_ in _NOMINAL_OBJECT and _fit_patient(c, trig, ctx)]
    objects = objects or object_gap(verb) or _named_object_owners(verb, trig, ctx) or _shared_objects(verb)
    patients = [m for c in objects for m in resolve(c, content=_content(trig, ctx))]
    patients = patients or [m for c in _partner_inside(verb, ctx) for m in resolve(c)]
    return agents, patients


def _fit_agent(subject: Token, trig: Trigger, ctx: Context) -> bool:
    """"Russian troops travelled to Syria" is no visit: some properties need an agent that
    is not troops, weapons or aid moving."""
    if trig.property not in ctx.lexicon.property_sets["person_like_agent"]:
        return True
    return ctx.lexicon.theme_of(subject) is None and subject.lemma_.lower() not in ctx.lexicon.words["citizen_nouns"]


def _fit_patient(obj: Token, trig: Trigger, ctx: Context) -> bool:
    """"withdrew its troops": for some properties the troops moved are no patient;
    "reiterated China's opposition": the object a reading names is what is done, not whom
    to (its owner is rather the agent)."""
    lemma = obj.lemma_.lower()
    if lemma in trig.object and lemma not in ctx.lexicon.words["agent_nouns"]:
        return False  # ("summoned the British ambassador": an envoy stands for the state)
    return trig.property not in ctx.lexicon.property_sets["theme_object_not_patient"] or ctx.lexicon.theme_of(obj) is None


def _named_object_owners(verb: Token, trig: Trigger, ctx: Context) -> list[Token]:
    """"seeking Beijing's help": the object an appeal names is no patient, its owner is
    (a stance's owner is rather its agent: "reiterated China's opposition")."""
    if trig.property not in ctx.lexicon.property_sets["owner_is_patient"]:
        return []
    return [p for c in children(verb, ("dobj",)) if c.lemma_.lower() in trig.object
            for p in children(c, ("poss",))]


def _partner_inside(verb: Token, ctx: Context) -> list[Token]:
    """"hailed a turning point *in relations with the United States*": the ties named
    inside the object point to the other party."""
    partners = ctx.lexicon.words["partner_nouns"]
    return [o for c in children(verb, ("dobj",)) for o in pobjs(c, ("in", "of"))
            if o.lemma_.lower() in partners and pobjs(o, ("with",))][:1]


def _shared_objects(verb: Token) -> list[Token]:
    """"Canada condemned and sanctioned Russia": a verb without an object shares the one of
    the verb coordinated after it."""
    if children(verb, OBJECT_DEPS) or children(verb, ("ccomp", "xcomp")):
        return []
    return [o for c in _later_verbs(verb) for o in children(c, ("dobj",)) if o.pos_ in _NOMINAL_OBJECT][:1]


def _shared_preps(verb: Token, trig: Trigger) -> list[Token]:
    """"hosted and played golf with Abe": the preposition of the verb coordinated after it."""
    return [o for c in _later_verbs(verb) for o in pobjs(c, trig.preps)]


def _later_verbs(verb: Token) -> list[Token]:
    """The verbs coordinated after this one ("condemned and *sanctioned*")."""
    return [c for c in children(verb, ("conj",)) if c.pos_ == "VERB" and c.i > verb.i]


def object_gap(verb: Token) -> list[Token]:
    """The object a relative clause leaves out: "the systems [the UK sent to Ukraine]"."""
    if verb.dep_ == "relcl" and not children(verb, ("nsubjpass",)) and children(verb, ("nsubj",)):
        return [verb.head]
    return []


def _gerunds(verb: Token) -> list[Token]:
    """"halted providing gas to Finland": a gerund that stands in for the verb's object."""
    return [c for c in children(verb, ("xcomp",)) if c.tag_ == "VBG"]


def _prepositional(verb: Token, trig: Trigger, patients: list[Mention], ctx: Context) -> list[Mention]:
    """Patients named by the trigger's prepositions, on the verb or on its object."""
    objects = children(verb, ("dobj",)) + (_gerunds(verb) if trig.object else [])
    # "we're very angry" at North Korea: an adjective's preposition may hang on its copula
    hosts = [verb, verb.head] if verb.dep_ == "acomp" else [verb]
    named = [o for h in hosts for o in pobjs(h, trig.preps)] + [o for c in objects for o in pobjs(c, trig.preps)]
    named = named or ([] if objects else _shared_preps(verb, trig))
    by_prep = [m for obj in named for m in ctx.resolver.resolve(obj, content=_content(trig, ctx), argument=True)]
    if not by_prep:
        return patients
    # "shared NATO intelligence with Russia": the preposition names the partner; an object
    # counts only when it names an actor itself, not through what it owns
    direct = [m for m in patients if any(ctx.actors.mention_at(c) == m for c in verb.children)]
    return direct + by_prep


def _object_lemmas(verb: Token) -> frozenset[str]:
    """The lemmas a reading's object requirement is checked against: the object or passive
    subject, and a gerund standing in for it with its own object."""
    gerunds = _gerunds(verb)
    heads = children(verb, ("dobj", "nsubjpass")) + gerunds + [o for g in gerunds for o in children(g, ("dobj",))]
    return frozenset(h.lemma_.lower() for h in heads)


def object_fits(verb: Token, trig: Trigger, objects: frozenset[str] | None = None) -> bool:
    """Whether the verb has the object (or clause) a trigger's reading needs ("ask for
    talks", "told Iraq to expel"); ``objects``: the verb's object lemmas, when known."""
    # a clause has a verb ("to Salisbury Plain" is sometimes parsed as a to-clause)
    if trig.requires_clause and not any(c.pos_ in ("VERB", "AUX") for c in children(verb, (trig.requires_clause,))):
        return False
    if not trig.object:
        return True
    if trig.object_prep:
        return any(h.lemma_.lower() in trig.object for h in pobjs(verb, (trig.object_prep,)))
    return not (objects if objects is not None else _object_lemmas(verb)).isdisjoint(trig.object)


def _clause_subject_patient(verb: Token, ctx: Context) -> list[Mention]:
    """"demanded that Sudan reopen …", "pressed for Berlin to halt …": the clause's subject."""
    clauses = children(verb, ("ccomp",)) + [c for c in verb.children if for_clause(c)]
    for clause in clauses:
        subject = children(clause, ("nsubj", "nsubjpass"))
        if subject:
            return ctx.resolver.resolve(subject[0])
    return []


def _clause_object_patient(verb: Token, ctx: Context) -> list[Mention]:
    """"pushed for sanctions on Iran", "threatened to cut off supplies to Syria"."""
    resolve = ctx.resolver.resolve
    # "pushed for sanctions on Iran": the target of what is asked for
    for asked in pobjs(verb, ("for",)):
        found = [m for o in pobjs(asked, _COMPLEMENT_PREPS) for m in resolve(o, argument=True)]
        if found:
            return found
    for clause in children(verb, ("xcomp",)):
        direct = children(clause, OBJECT_DEPS)
        # "threatened to raise taxes on Chinese goods": the preposition may hang on the object
        objects = direct + pobjs(clause, _COMPLEMENT_PREPS) + [o for d in direct for o in pobjs(d, _COMPLEMENT_PREPS)]
        # "threatened to use nuclear weapons in conflicts with the US": one noun deeper
        objects += [o for p in children(clause, ("prep",)) for n in children(p, ("pobj",)) for o in pobjs(n, _COMPLEMENT_PREPS)]
        found = [m for o in objects for m in resolve(o, argument=o.dep_ == "pobj")]
        if found:
            return found
    return []


def _complement(verb: Token, trig: Trigger, ctx: Context) -> list[Mention]:
    """The patient of a demand, threat or accusation carried by its complement clause:
    "demanded that Sudan reopen the port" (its subject), "threatened to cut off supplies to
    Syria" (its objects)."""
    sets = ctx.lexicon.property_sets
    found = _clause_subject_patient(verb, ctx) if trig.property in sets["complement_subject_patient"] else []
    if found or trig.property not in sets["complement_object_patient"]:
        return found
    return _clause_object_patient(verb, ctx)


def _participle_arguments(verb: Token, ctx: Context) -> tuple[list[Mention], list[Mention]]:
    """A participle that modifies its patient: "Iranian-backed militias", "Hezbollah,
    supported by Iran," (the agent is the hyphenated modifier or the *by* object)."""
    resolve = ctx.resolver.resolve
    # the hyphenated modifier names its actor whatever its kind ("Iranian-backed")
    agents = [m for t in children(verb, ("npadvmod",)) if (m := ctx.actors.mention_at(t)) is not None]
    agents += [m for t in pobjs(verb, ("by",)) for m in resolve(t, argument=True)]
    return agents, (resolve(verb.head) if agents else [])


def _is_participle(verb: Token) -> bool:
    return verb.dep_ in ("amod", "acl") and verb.tag_ == "VBN" and not children(verb, ("nsubj", "nsubjpass"))


def arguments(verb: Token, trig: Trigger, ctx: Context) -> tuple[list[Mention], list[Mention]]:
    """Agents and patients of a verb trigger, direction applied."""
    agents, patients = _participle_arguments(verb, ctx) if _is_participle(verb) else ([], [])
    if patients:
        return (patients, agents) if trig.reverse else (agents, patients)
    if is_passive(verb) or agents:
        agents, patients = _passive_arguments(verb, trig, ctx)
    else:
        agents, patients = _active_arguments(verb, trig, ctx)
    patients = _prepositional(verb, trig, patients, ctx) or _complement(verb, trig, ctx)
    # "the US and South Korea pushed to bolster their defence": a group acting on itself
    own = {m.entity.iri for m in agents}
    patients = [m for m in patients if m.entity.iri not in own]
    return (patients, agents) if trig.reverse else (agents, patients)


def reciprocal(verb: Token) -> bool:
    """"accused each other", "met one another": the agents act on each other."""
    objects = children(verb, OBJECT_DEPS) + [o for p in children(verb, ("prep",)) for o in children(p, ("pobj",))]
    return any(o.lower_ in ("other", "another") and any(d.lower_ in ("each", "one") for d in o.children)
               for o in objects)


def _role(verb: Token, ctx: Context) -> str:
    """'led the delegation' -> 'head of delegation'; 'represented Chile' -> 'representative'."""
    objects = children(verb, ("dobj", "nsubjpass"))
    if verb.lemma_.lower() in ctx.lexicon.words["heading_verbs"] and objects:
        return f"head of {objects[0].lemma_.lower()}"
    return "representative"


def figurative(verb: Token, trig: Trigger, ctx: Context) -> bool:
    """Whether a violent verb hits words, not bodies: "attacked Bolivia's *plan*",
    "hit out *at* the remarks" (its object is in ``words.figurative_objects``)."""
    if trig.property not in ctx.lexicon.maps["figurative"]:
        return False
    targets = children(verb, ("dobj", "nsubjpass")) + pobjs(verb, ("at", "on"))
    return any(t.lemma_.lower() in ctx.lexicon.words["figurative_objects"] for t in targets)


def _literal_or_figurative(prop: str, words_only: bool, agent: Mention, patient: Mention, ctx: Context) -> str:
    """The figurative reading (an attack in words is criticism) when the verb hits words,
    or when one person attacks another ("Macron attacked Le Pen"): a politician's attack
    on a rival in the news is speech."""
    people = agent.entity.type == "Person" and patient.entity.type == "Person"
    if words_only or people:
        return ctx.lexicon.maps["figurative"].get(prop, prop)
    return prop


def _against(verb: Token, ctx: Context) -> set[int]:
    """Token positions inside "against X" / "on X" in what the verb asks for: "called for
    action *against the Houthis*", "pushed for sanctions *on Iran*" (not "called *on* Chad",
    whose preposition is the verb's own)."""
    preps = ctx.lexicon.words["against_preps"]
    return {t.i for p in verb.subtree if p.dep_ == "prep" and p.lower_ in preps and p.head.i != verb.i
            for o in children(p, ("pobj",)) for t in o.subtree}


def _asked_against(prop: str, patient: Mention, against: set[int], ctx: Context) -> str:
    """An appeal whose target is what is asked *against* is hostile to it: a demand."""
    if patient.start in against:
        return ctx.lexicon.maps["appeal_against"].get(prop, prop)
    return prop


def _asks_a_question(verb: Token, ctx: Context) -> bool:
    """"asked Trump whether he would meet …", "will ask Merkel about …": a question, not an appeal."""
    if ctx.lexicon.lemma(verb) not in ctx.lexicon.words["question_verbs"]:
        return False
    marks = ctx.lexicon.words["question_marks"]
    return any(c.dep_ == "prep" and c.lower_ in marks for c in verb.children) or any(
        m.lower_ in marks for c in children(verb, ("ccomp",)) for m in c.children if m.dep_ in ("mark", "advmod", "nsubj"))


def _is_verb(token: Token) -> bool:
    # verbs, and predicative adjectives such as "is allied with"
    return token.pos_ == "VERB" or token.dep_ == "acomp"


def readings(verb: Token, ctx: Context) -> list[Trigger]:
    """The non-theme triggers of a verb whose object requirement holds.

    Readings that need a particular object or clause come first and replace the plain
    reading of the same verb ("ask for talks" is a meeting, not a request; "invited Namibia
    to join" an appeal, not a visit).
    """
    candidates = ctx.lexicon.verbs.get(ctx.lexicon.verb_lemma(verb), ())
    objects = _object_lemmas(verb) if any(t.object and not t.object_prep for t in candidates) else frozenset()
    triggers = [t for t in candidates if not t.theme and object_fits(verb, t, objects)]
    specific = [t for t in triggers if t.object or t.requires_clause]
    return specific[:1] if specific else triggers


def _who_with_whom(verb: Token, trig: Trigger, agents: list[Mention], patients: list[Mention]) -> Iterable[tuple[Mention, Mention]]:
    """The (agent, patient) pairs of one reading."""
    if reciprocal(verb):
        return pairs(agents, agents)
    # the object is the event itself when the reading asks for it ("fought *a war*")
    eventful = trig.object and not trig.object_prep
    if not patients and (eventful or not children(verb, ("dobj",))) and symmetric(trig.property) and trig.source == "hand":
        # "Ukrainian and Russian negotiators met", "Argentina and Britain fought a war":
        # only verbs written to mean it
        return all_pairs(agents)
    return pairs(agents, patients)


def _verb_triggers(verb: Token, ctx: Context) -> list[Trigger]:
    """The readings the verb rule gives this token (none for a naming verb, read by verb.naming)."""
    if not _is_verb(verb) or ctx.lexicon.lemma(verb) not in ctx.lexicon.verbs or serves_theme(verb, ctx):
        return []
    if names_object(verb, ctx.lexicon) or _asks_a_question(verb, ctx) or _scoreline(verb):
        # "called Kenya a brother" is read by verb.naming; "asked whether …" asks nothing;
        # "France crushed Italy 3-0" is a match
        return []
    return readings(verb, ctx)


_SCORE = re.compile(r"(?<![\d,.])\d{1,2} ?[-–] ?\d{1,2}(?![\d,.])")


def _scoreline(verb: Token) -> bool:
    """A match result right after the verb or its object ("beat Spain 2-1", "won 3-0")."""
    after = verb.doc[verb.i + 1:min(len(verb.doc), verb.i + 7, verb.sent.end)]
    return any(t.text[:1].isdigit() for t in after) and bool(_SCORE.search(after.text))


@rule("verbs")
def verbs(sent: Span, ctx: Context) -> Iterator[Candidate]:
    for verb in sent:
        for trig in _verb_triggers(verb, ctx):
            agents, patients = arguments(verb, trig, ctx)
            role = _role(verb, ctx) if trig.property == "represents" else None
            words_only, against = figurative(verb, trig, ctx), _against(verb, ctx)
            for a, p in _who_with_whom(verb, trig, agents, patients):
                prop = _asked_against(_literal_or_figurative(trig.property, words_only, a, p, ctx), p, against, ctx)
                yield Candidate(a, prop, p, verb, RULE, verb, role)
                if trig.mutual:
                    yield Candidate(p, prop, a, verb, RULE, verb, role)
