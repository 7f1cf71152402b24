"""The actor mentions of one parsed document, and when a mention acts.

``geokg_actors`` (see :mod:`kg.extract.components`) leaves every actor mention in
``doc.spans``; :class:`DocActors` turns each into a :class:`Mention` linked to one
:class:`~kg.records.Entity` and indexes them by token.  Whether a mention *acts* depends
on its kind and position: a name always does, a capital only where an actor can
("Pyongyang is preparing…", not "talks in Geneva"), a demonym only as a noun of its own
("the British"), and a plural demonym with the definite article ("the Hungarians
rejected …") stands for its state — as a modifier ("North Korean troops") the argument resolver reads it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from kg import ids
from kg.extract.components import SPAN_KEY
from kg.extract.gazetteer import ACRONYM, CAPITAL, DEMONYM, METONYM, NAME, PEOPLE, Gazetteer
from kg.extract.lexicon import Lexicon
from kg.extract.orgs import NEW_ORG
from kg.extract.office_holders import OfficeHolders
from kg.extract.persons import PERSON_KIND, front_words
from kg.extract.syntax import ARGUMENT_DEPS
from kg.records import Entity

#: Kinds that name their actor wherever they stand.
ALWAYS_ACTS = frozenset({NAME, ACRONYM, PERSON_KIND})
#: Kinds that name a place as often as an actor.
PLACE_LIKE = frozenset({CAPITAL, METONYM})


@dataclass(frozen=True)
class Mention:
    """A stretch of text that names an actor."""

    start: int
    end: int
    key: str
    kind: str
    entity: Entity

    def span(self, doc: Doc) -> Span:
        return doc[self.start:self.end]


def person_entity(name: str) -> Entity:
    return Entity(ids.person_iri(name), name, "Person")


def _entity(key: str, kind: str, gazetteer: Gazetteer) -> Entity:
    if kind == PERSON_KIND:
        return person_entity(key.split(":", 1)[1])
    if key.startswith(f"{NEW_ORG}:"):
        name = key.split(":", 1)[1]
        return Entity(ids.org_iri(ids.slug(name)), name, "Organization")
    return gazetteer.entity(key)


class DocActors:
    """The actor mentions of one doc, indexed by token."""

    def __init__(self, doc: Doc, gazetteer: Gazetteer | None = None, lexicon: Lexicon | None = None,
                 date: str | None = None):
        self.doc = doc
        self.gazetteer = gazetteer or Gazetteer.load()
        self.lexicon = lexicon or Lexicon.load()
        self.mentions: list[Mention] = []
        for span in doc.spans.get(SPAN_KEY, []):
            key, kind = span.label_.rsplit("|", 1)
            self.mentions.append(Mention(span.start, span.end, key, kind, _entity(key, kind, self.gazetteer)))
        self.mentions = with_leaders_named(doc, with_listed_spelling(self.mentions), date)
        self._at = {i: m for m in self.mentions for i in range(m.start, m.end)}
        self._roots = {m: doc[m.start:m.end].root for m in self.mentions}
        #: Mentions that can be referred back to, in text order (see :meth:`before`).
        self._referable = [m for m in self.mentions if m.kind == DEMONYM or self.acts(m)]

    def mention_at(self, token: Token) -> Mention | None:
        return self._at.get(token.i)

    def root(self, mention: Mention) -> Token:
        root = self._roots.get(mention)
        return root if root is not None else self.doc[mention.start:mention.end].root

    def entities(self) -> list[Entity]:
        """Every actor named, each with the other names the article writes for it
        (``alt``): "Putin" and "Vladimir Putin", "Nato" for NATO; not a capital or a
        demonym, which name the actor without being its name."""
        seen: dict[str, Entity] = {}
        names: dict[str, set[str]] = {}
        for m in self.mentions:
            if m.kind != PEOPLE:
                seen.setdefault(m.entity.iri, m.entity)
            if m.kind in ALWAYS_ACTS:
                names.setdefault(m.entity.iri, set()).add(" ".join(m.span(self.doc).text.split()))
        return [replace(e, alt=tuple(sorted(names.get(iri, set()) - {e.label, *e.alt})) or e.alt)
                for iri, e in seen.items()]

    def acts(self, mention: Mention, argument: bool = False) -> bool:
        """Whether this mention names an acting actor in its position.

        ``argument``: a rule asked for this preposition's object ("demand … from Moscow"),
        so a capital there names the actor, not the place.
        """
        if mention.kind in ALWAYS_ACTS:
            return True
        root = self.root(mention)
        if mention.kind in PLACE_LIKE:
            locative = root.dep_ == "pobj" and root.head.lower_ in self.lexicon.words["locative_preps"]
            return argument or not locative
        if mention.kind == DEMONYM:
            return root.pos_ in ("NOUN", "PROPN") and root.dep_ in ARGUMENT_DEPS
        if mention.kind == PEOPLE:
            # "the Hungarians rejected …": a definite plural demonym speaks for its state;
            # a bare one ("Russians living abroad") is people, not the state, unless a rule
            # asked for it ("imposed a curfew on Palestinians")
            definite = any(c.lower_ == "the" for c in root.children)
            return root.dep_ in ARGUMENT_DEPS and (definite or argument)
        return False

    def before(self, token: Token) -> list[Mention]:
        """Mentions that end before ``token`` and could be referred back to."""
        return [m for m in self._referable if m.end <= token.i]


#: How long after leaving office a listed holder's surname alone still names them.
RECENTLY_LEFT_DAYS = 365


def with_listed_spelling(mentions: list[Mention]) -> list[Mention]:
    """A full name the office-holder lists give as a variant of one person's name takes
    the IRI of their spelling ("Sergei Lavrov" is Sergey Lavrov, "Bashar Assad" Bashar
    al-Assad), so articles that spell a name differently still make one node; the article
    keeps its own spelling as the label, which the store keeps as an alternative one."""
    holders = OfficeHolders.load()
    out = []
    for m in mentions:
        listed = holders.name_of(m.entity.label) if m.kind == PERSON_KIND and " " in m.entity.label else None
        iri = ids.person_iri(listed) if listed else m.entity.iri
        out.append(replace(m, entity=replace(m.entity, iri=iri)) if iri != m.entity.iri else m)
    return out


def with_leaders_named(doc: Doc, mentions: list[Mention], date: str | None) -> list[Mention]:
    """A surname that the article never writes in full ("President Obama", "Mr Putin")
    names the one office-holder with that surname in office on the article's date, so it
    is one node with the full name other articles write.  A head of state, government or
    organisation (:meth:`OfficeHolders.leader_by_surname`) needs the article to name
    what they lead or a title before the surname; any other office-holder in office or
    out of it for under a year (:meth:`OfficeHolders.holder_by_surname`: ministers are
    many) needs the article to name the state they serve.  Only the name is linked: the
    affiliation still comes from a tenure containing the date (:mod:`kg.extract.roles`).  Without a date, or with two holders of that surname,
    the surname stays a node of its own."""
    lone = {m.entity.label for m in mentions if m.kind == PERSON_KIND and " " not in m.entity.label}
    if date is None or not lone:
        return mentions
    named = {m.key for m in mentions}
    front = front_words()
    titled = {m.entity.label for m in mentions if m.start > 0 and doc[m.start - 1].lower_ in front}
    full = {surname: person_entity(name) for surname in sorted(lone)
            if (name := _holder_named(surname, date, named, surname in titled))}
    return [replace(m, entity=full[m.entity.label]) if m.kind == PERSON_KIND and m.entity.label in full else m
            for m in mentions]


def _holder_named(surname: str, date: str, named: set[str], titled: bool) -> str | None:
    """The full name of the one listed holder of ``surname`` on ``date`` whom the article
    can mean (see :func:`with_leaders_named`)."""
    holders = OfficeHolders.load()
    leader = holders.leader_by_surname(surname, date)
    if leader is not None:
        return leader[0] if leader[1].country_key in named or titled else None
    # news names a minister by surname for a while after they leave office ("Flynn" in March 2017)
    holder = holders.holder_by_surname(surname, date, grace_days=RECENTLY_LEFT_DAYS)
    return holder[0] if holder is not None and holder[1].country_key in named else None


def dedupe(mentions: Iterable[Mention]) -> list[Mention]:
    """One mention per entity, first kept."""
    out: list[Mention] = []
    seen: set[str] = set()
    for m in mentions:
        if m.entity.iri not in seen:
            seen.add(m.entity.iri)
            out.append(m)
    return out
