"""``verb.naming``: "called X a Y" (or "said X is a Y") takes its sign from Y.

"Tanzania's president called Kenya a true brother" is praise; "North Korea called South
Korea a puppet of Washington" is criticism; neither is a request, though *call* is also
"call on X to …".  A naming verb (``words.naming_verbs``: call, brand, label, describe …)
with an object and a name for it (the parser's ``oprd``, an apposition to the object, the
object after a ``dative``, or *as* + noun) gives ``supports`` when the name or its
adjectives are in ``words.name_positive`` and ``criticizes`` when they are in
``words.name_negative`` (a negative word wins: "a dangerous friend"); a neutral name
("called the talks constructive" has no actor object anyway) gives nothing.  The naming
reading replaces the verb's other readings (see :func:`names_object`), so the verb rule
does not also read a request.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Span, Token

from kg.extract.lexicon import Lexicon
from kg.extract.rules.common import pairs
from kg.extract.rules.registry import Candidate, Context, info, rule
from kg.extract.syntax import children, subject_of

RULE = info("verb.naming")


def _named_and_name(verb: Token) -> tuple[Token, Token] | None:
    """The object the verb names and the name it gives, if the clause has both."""
    objects = children(verb, ("dobj",))
    datives = children(verb, ("dative",))
    names = children(verb, ("oprd",))
    if datives and objects:  # "branded [Belarus] [a threat]"
        return datives[0], objects[0]
    if objects and names:  # "called [Kenya] [a brother]"
        return objects[0], names[0]
    if objects:
        appos = children(objects[0], ("appos",))  # "called [Venezuela's leader] [a dictator]"
        if appos:
            return objects[0], appos[0]
        # "described [Japan] as [a reliable partner]", "… as [particularly worrisome]"
        as_names = [o for p in children(verb, ("prep",)) if p.lower_ == "as" for o in children(p, ("pobj", "amod", "acomp"))]
        if as_names:
            return objects[0], as_names[0]
    return _glued(names)


def _glued(names: list[Token]) -> tuple[Token, Token] | None:
    """"called [Hungary's veto] [unacceptable]" parsed as one phrase: the named object hangs
    on the name."""
    inner = [c for n in names[:1] for c in children(n, ("poss", "compound")) if c.i < n.i]
    return (inner[0], names[0]) if inner else None


def names_object(verb: Token, lexicon: Lexicon) -> tuple[Token, Token] | None:
    """(named, name) when ``verb`` is a naming verb used to name its object."""
    if lexicon.lemma(verb) not in lexicon.words["naming_verbs"]:
        return None
    return _named_and_name(verb)


def said_to_be(verb: Token, lexicon: Lexicon) -> tuple[Token, Token] | None:
    """"Joly said China has become an increasingly disruptive power", "Peskov said the
    alliance was a tool of confrontation": a verb of saying whose content calls an actor
    something names it as much as *call* does."""
    if lexicon.lemma(verb) not in lexicon.maps["speech"]:
        return None
    for clause in children(verb, ("ccomp",)):
        if clause.lemma_.lower() not in lexicon.words["copulas"]:
            continue
        named = children(clause, ("nsubj",))
        names = children(clause, ("attr", "acomp", "oprd"))
        if named and names:
            return named[0], names[0]
    return None


def polarity(name: Token, lexicon: Lexicon) -> str | None:
    """'-', '+' or None for a name and its modifiers ("a desperate rogue operator")."""
    heads = [name, *children(name, ("conj",))]  # "a true brother and partner"
    words = heads + [c for h in heads for c in children(h, ("amod", "compound"))]
    lemmas = {w.lemma_.lower() for w in words} | {w.lower_ for w in words}
    if lemmas & lexicon.words["name_negative"]:
        return "-"
    if lemmas & lexicon.words["name_positive"]:
        return "+"
    return None


@rule("verbs")
def naming(sent: Span, ctx: Context) -> Iterator[Candidate]:
    for verb in sent:
        if verb.pos_ != "VERB":
            continue
        found = names_object(verb, ctx.lexicon) or said_to_be(verb, ctx.lexicon)
        if found is None:
            continue
        named, name = found
        sign = polarity(name, ctx.lexicon)
        subject = subject_of(verb)
        if sign is None or subject is None:
            continue
        prop = ctx.lexicon.maps["naming_property"][sign]
        agents = ctx.resolver.resolve(subject)
        # an actor, or what it did: "called Russia's war the greatest challenge"
        patients = ctx.resolver.resolve(named, content=True)
        for a, p in pairs(agents, patients):
            yield Candidate(a, prop, p, verb, RULE, verb)
