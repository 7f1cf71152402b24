"""Office titles: who represents or leads which state or organisation.

"Deputy US Ambassador to the United Nations, Robert Wood", "Ukraine's UN Ambassador,
Sergiy Kyslytsya", "Russian spokesperson Dmitry Peskov", "Ukrainian President Volodymyr
Zelenskiy", "Dmitry Peskov, the Kremlin spokesman": the title phrase sits before the name
(possibly across a comma) or in apposition after it.  Inside that phrase, a state (by
name, possessive, demonym or metonym) is what the person represents; an organisation is
only the posting ("to the United Nations") unless no state is named.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from kg.extract.gazetteer import DEMONYM, PEOPLE
from kg.extract.lexicon import Lexicon, title_heads
from kg.extract.mentions import DocActors, Mention, dedupe
from kg.extract.office_holders import Holding, OfficeHolders
from kg.records import Entity
from kg.extract.persons import PERSON_KIND
from kg.extract.resolve import Resolver
from kg.extract.syntax import VERBAL, children, pobjs, subject_of

#: The longest title phrase looked for, in words ("deputy permanent representative to").
_MAX_TITLE_WORDS = 4
#: How far left of a name a title phrase may start.
_WINDOW = 10


@dataclass(frozen=True)
class Role:
    person: Mention
    property: str  # "represents" | "leads"
    target: Entity | None
    role: str | None
    #: Token index of the title phrase: the role is evidenced by that token's sentence.
    at: int
    #: "title" (read from the text) or "title.office" (from the office-holder lists).
    rule: str = "title"


def _appositive_chunk(person_root: Token, person: Mention, actors: DocActors) -> list[Token] | None:
    lex = actors.lexicon
    # "Ambassador, Robert Wood": the name is in apposition to the title ...
    if person_root.dep_ == "appos" and person_root.head.lower_ in title_heads():
        chunk = [t for t in person_root.head.subtree if t.i < person.start]
        # (a mis-parsed hyphenated title: "South Sudan's vice-president, …")
        return _extend_left(person_root.doc, chunk[0].i, actors) + chunk if chunk else chunk
    if person_root.dep_ == "appos" and person_root.head.pos_ == "NOUN":
        # "Trump's predecessor, Barack Obama": no title, but it says the office is past
        return [t for t in person_root.head.subtree if t.i < person.start]
    # ... or "Dmitry Peskov, the Kremlin spokesman": the title is in apposition to the name
    for child in children(person_root, ("appos",)):
        # "Polina Kovaleva, the stepdaughter of the Russian foreign minister": the title is
        # someone else's unless it heads the apposition
        if child.i > person_root.i and child.lower_ in title_heads():
            return list(child.subtree)
    return None


def _fits_title(tok: Token, actors: DocActors) -> bool:
    glue = actors.lexicon.words["title_glue"]
    return (tok.pos_ in ("PROPN", "NOUN", "ADJ") or tok.lower_ in glue or actors.mention_at(tok) is not None
            or (tok.is_title and tok.is_alpha))  # "Under-Secretary": 'Under' is tagged ADP


def _extend_left(doc: Doc, start: int, actors: DocActors) -> list[Token]:
    """The title-like words right before token ``start``, back to a comma, a word that
    cannot be part of a title, another person or ten words."""
    chunk: list[Token] = []
    sent_start = doc[start].sent.start
    for i in range(start - 1, max(sent_start, start - _WINDOW) - 1, -1):
        tok = doc[i]
        other = actors.mention_at(tok)
        if (other is not None and other.kind == PERSON_KIND) or not _fits_title(tok, actors):
            break
        chunk.insert(0, tok)
    return chunk


def _left_chunk(doc: Doc, person: Mention, actors: DocActors) -> list[Token]:
    """"British UN Ambassador Barbara Woodward": the words right before the name.

    A comma ends the window ("… as US President, Tony Blair has said" is two phrases; a
    title across a comma is apposition, handled above), and so does another person.
    """
    chunk = _extend_left(doc, person.start, actors)
    glue = actors.lexicon.words["title_glue"]
    while chunk and chunk[0].lower_ in glue:
        chunk.pop(0)
    before = doc[chunk[0].i - 1] if chunk and chunk[0].i > chunk[0].sent.start else None
    if before is not None and before.dep_ == "poss" and before.pos_ == "PRON":
        chunk.insert(0, before)  # "NATO and its Secretary General Jens Stoltenberg"
    return chunk


def _shared_plural_title(root: Token, actors: DocActors) -> list[Token]:
    """"Junior defence ministers Jeremy Quin and James Heappey": a plural title before the
    first name is every conjoined name's."""
    first = root.head
    if root.dep_ != "conj" or first == root:
        return []
    other = actors.mention_at(first)
    if other is None or other.kind != PERSON_KIND:
        return []
    chunk = _left_chunk(root.doc, other, actors)
    return chunk if chunk and chunk[-1].tag_ == "NNS" else []


def _title_chunk(doc: Doc, person: Mention, actors: DocActors) -> list[Token]:
    """The tokens of the title phrase that goes with a person mention, if any."""
    root = doc[person.start:person.end].root
    chunk = _appositive_chunk(root, person, actors)
    if chunk is not None:
        return chunk
    shared = _shared_plural_title(root, actors)
    if shared:
        return shared
    chunk = _left_chunk(doc, person, actors)
    # "Crown Prince Mohammed bin Salman of Saudi Arabia": the state may follow the name
    return chunk + [t for o in pobjs(root, ("of",)) for t in o.subtree] if chunk else chunk


@dataclass(frozen=True)
class _Title:
    """A title phrase found in a chunk: its text, relation, and token positions in the chunk."""

    phrase: str
    relation: str
    start: int
    end: int


def _title_in(chunk: list[Token], lex: Lexicon) -> _Title | None:
    """The title phrase that ends last in the chunk (the head of the phrase), the longest there;
    a plural title in its singular ("defence ministers X and Y")."""
    words = [t.lemma_.lower() if t.tag_ == "NNS" else t.lower_ for t in chunk]
    candidates: list[_Title] = []
    for n in range(_MAX_TITLE_WORDS, 0, -1):
        found = [_Title(p, r, i, i + n) for i in range(len(words) - n + 1)
                 for p in [" ".join(words[i:i + n]).replace(" - ", "-")]
                 for r in [lex.title_relation(p)] if r]
        if found:
            candidates.extend(found)
    # the title nearest the end of the phrase ("the UN Secretary General's *envoy*"), longest there
    return max(candidates, key=lambda t: (t.end, len(t.phrase))) if candidates else None


def _modifies_title(tok: Token, actors: DocActors) -> bool:
    """Words that belong to a title: "first deputy", "Foreign Ministry", "Kremlin"."""
    if tok.ent_type_ in ("DATE", "TIME", "CARDINAL") or tok.pos_ in ("VERB", "DET", "ADP", "PUNCT", "PRON"):
        return tok.text == "-"
    return tok.lower_ not in actors.lexicon.words["title_glue"] or tok.text == "-"


def _phrase(chunk: list[Token], title: _Title, actors: DocActors) -> list[Token]:
    """The title with the words that modify it, back to a determiner, possessive,
    preposition or date: "a longtime critic of [President]", "Speaking on Thursday
    [Chinese foreign ministry spokesperson]"."""
    start, end = title.start, title.end
    while start > 0 and _modifies_title(chunk[start - 1], actors):
        start -= 1
    # a hyphenated tail belongs to the title: "president-elect", "minister-designate"
    while end + 1 < len(chunk) and chunk[end].text == "-" and not chunk[end - 1].whitespace_:
        end += 2
    return chunk[start:end]


def _holders_of(title: Token, actors: DocActors, resolver: Resolver) -> list[Mention]:
    governor = title.head.head
    m = actors.mention_at(governor)
    if m is not None and m.kind == PERSON_KIND:
        return [m]
    if governor.pos_ in VERBAL:
        # "appointed X as its envoy": the object holds the title; "served as": the subject
        objects = children(governor, ("dobj", "nsubjpass"))
        subject = objects[0] if objects else subject_of(governor)
        return resolver.resolve(subject) if subject is not None else []
    return [h for c in children(governor, ("poss",)) for h in resolver.resolve(c)]


def _as_title(doc: Doc, actors: DocActors, resolver: Resolver) -> list[tuple[Mention, list[Token]]]:
    """'his second term as US President', 'served as Iran's foreign minister',
    'with Hamid Karzai as Prime Minister': the person holding the title named after *as*."""
    found = []
    heads = title_heads()
    for title in doc:
        if title.lower_ not in heads or title.dep_ != "pobj" or title.head.lower_ != "as":
            continue
        for holder in _holders_of(title, actors, resolver):
            if holder.kind == PERSON_KIND:
                found.append((holder, list(title.subtree)))
    return found


def _posted_to(token: Token) -> bool:
    """"UN envoy for (or on) Syria", "ambassador to Washington": where the person is posted, not
    whom they serve."""
    node = token
    while node.dep_ in ("compound", "amod", "det") and node.head != node:
        node = node.head
    return node.dep_ == "pobj" and node.head.lower_ in ("to", "for", "on")


def _affiliations(chunk: list[Token], actors: DocActors, resolver: Resolver) -> list[Mention]:
    """Actors named inside a title phrase, or a possessive pronoun's ('its chief negotiator')."""
    inside: list[Mention] = []
    for tok in chunk:
        if _posted_to(tok):
            continue
        # a possessive pronoun or description: "its chief negotiator", "the watchdog's director"
        owner = tok.dep_ == "poss" and actors.mention_at(tok) is None
        for m in resolver.resolve(tok) if owner else [actors.mention_at(tok)]:
            if m is not None and m.kind not in (PERSON_KIND, PEOPLE) and m not in inside:
                inside.append(m)
    return inside


def _role_words(phrase: list[Token], actors: DocActors) -> str:
    """The title as written, without the actors in it, in title case: "Kenya's
    agriculture minister" -> "Agriculture Minister", "the US secretary of state" ->
    "Secretary of State", "Chinese foreign ministry spokesperson" -> "Foreign Ministry
    Spokesperson"."""
    words = [t.text for t in phrase if actors.mention_at(t) is None and (t.is_alpha or t.text == "-")]
    while words and not words[0].isalpha():
        words.pop(0)
    small = actors.lexicon.words["title_glue"]
    text = " ".join(w if w.lower() in small else w[:1].upper() + w[1:] for w in words)
    return text.replace(" - ", "-")


def _relation(title: _Title, phrase: list[Token], lex: Lexicon) -> str:
    """"Deputy Crown Prince", "Vice-Chancellor": a lesser office only represents."""
    lesser = lex.words["lesser_modifiers"]
    if title.relation == "leads" and any(t.lower_ in lesser and t.lower_ not in title.phrase.split()
                                         for t in phrase):
        return "represents"
    return title.relation


def _target(inside: list[Mention], chunk: list[Token]) -> Mention | None:
    """The state named in the title, else the organisation; a state that is only the
    posting's subject ("the UN envoy *for Yemen*") gives way to the organisation."""
    portfolio = {t.i for t in chunk if t.dep_ == "pobj" and t.head.lower_ in ("for", "on")}
    states = [m for m in inside if m.entity.type == "State"]
    bodies = [m for m in inside if m.entity.type != "State"]
    own = [m for m in states if not any(i in portfolio for i in range(m.start, m.end))]
    return next(iter(own or bodies or states), None)


def _sentence_subjects(sent: Span, before: int, resolver: Resolver) -> list[Mention]:
    """The actors that the main clauses of a sentence (before token ``before``) are about."""
    found: list[Mention] = []
    for token in sent:
        if token.i < before and token.dep_ in ("nsubj", "nsubjpass") and token.head.dep_ in ("ROOT", "conj"):
            found += resolver.resolve(token)
    return found


def _other_actors_in(sent: Span, actors: DocActors) -> list[Mention]:
    """The states and organisations a sentence names."""
    return [m for m in actors.mentions if sent.start <= m.start < sent.end and m.kind != PERSON_KIND]


def _other_state_in(sent: Span, candidate: Mention, actors: DocActors) -> bool:
    """Whether the sentence is about another state that may be the person's own: as a
    subject ("Germany owes NATO …, President Donald Trump tweeted") or a demonym ("approved
    the delivery of *German* tanks"); objects of the person's act ("urged Ethiopia") and
    the candidate itself ("… said Mexico would demand …") do not count."""
    return any((m.kind == DEMONYM or actors.root(m).dep_ in ("nsubj", "nsubjpass"))
               and m.entity.iri != candidate.entity.iri for m in _other_actors_in(sent, actors))


def _about(sent: Span, person: Mention, actors: DocActors, resolver: Resolver) -> list[Mention]:
    """Who reports what the sentence says of the person: the subject of its main verb when
    that is a state or body, not the person ("Ilya Gromov, the first deputy chief of staff,
    has been put in charge …, the Kremlin said")."""
    subjects = [c for c in sent.root.children if c.dep_ in ("nsubj", "nsubjpass")]
    if any(person.start <= t.i < person.end for s in subjects for t in s.subtree):
        return []
    return dedupe(m for s in subjects for m in resolver.resolve(s) if m.entity.type in ("State", "Organization"))


def _framed_by(sent: Span, actors: DocActors) -> Mention | None:
    """"In the UK, chief of defence staff Tony Radakin said …": a sentence that opens by
    placing itself in a state speaks of that state's officials."""
    first = sent[0]
    if first.lower_ != "in" or first.dep_ != "prep":
        return None
    place = next(iter(children(first, ("pobj",))), None)
    found = actors.mention_at(place) if place is not None else None
    if found is None or found.entity.type != "State" or found.end >= sent.end or sent.doc[found.end].text != ",":
        return None
    return found


def context_affiliation(person: Mention, actors: DocActors, resolver: Resolver,
                        relation: str = "represents") -> Mention | None:
    """Whom a title without a state speaks for, when the text leaves no doubt, at the
    person's first mention: the state (or body) that reports it ("Ilya Gromov, the first
    deputy chief of staff, …, the Kremlin said"); else the one the previous sentence is about
    ("Chile's foreign ministry issued a statement. Foreign Minister Pablo Herrera …"), unless
    the sentence is about another state.  Anything less clear leaves the person
    unaffiliated: never a guess (the article's most named state is not enough: "President
    Trump" in an article about China)."""
    doc = actors.doc
    sent = doc[person.start].sent
    first = next(m for m in actors.mentions if m.entity.iri == person.entity.iri)
    if first != person:
        return None
    framed = _framed_by(sent, actors)
    if framed is not None:
        return framed
    about = _about(sent, person, actors, resolver)
    if about:
        return about[0] if len(about) == 1 else None
    if sent.start == 0:
        return None
    subjects = dedupe(_sentence_subjects(doc[sent.start - 1].sent, sent.start, resolver))
    if len(subjects) != 1 or subjects[0].entity.type not in ("State", "Organization"):
        return None
    candidate = subjects[0]
    return None if _other_state_in(sent, candidate, actors) else candidate


def _person_owner(chunk: list[Token], resolver: Resolver) -> Mention | None:
    """"Abenov's spokesman", "her foreign secretary": the title belongs to a person."""
    for tok in chunk:
        if tok.dep_ == "poss":
            found = [m for m in resolver.resolve(tok) if m.kind == PERSON_KIND]
            if found:
                return found[0]
    return None


@dataclass(frozen=True)
class _Reading:
    """What a title phrase says of a person: a role (its target may be unknown), whose
    title it is when a person owns it, and whether the text says the office is not theirs."""

    role: Role | None = None
    owner: Mention | None = None
    not_current: bool = False
    #: The state the context suggests for a title the text gives without one; the
    #: office-holder lists, where they know the person, come first.
    guess: Entity | None = None


def _read_title(person: Mention, chunk: list[Token], actors: DocActors, resolver: Resolver) -> _Reading:
    lex = actors.lexicon
    title = _title_in(chunk, lex) if chunk else None
    if title is None:
        # "Trump's predecessor, Barack Obama": no office now, whatever the lists say
        return _Reading(not_current=any(t.lower_ in lex.words["not_current"] for t in chunk))
    phrase = _phrase(chunk, title, actors)
    if any(t.lower_ in lex.words["not_current"] for t in phrase):
        return _Reading(not_current=True)  # "former president X": the text says no
    inside = _affiliations(chunk, actors, resolver)
    if title.phrase in lex.words["corporate_titles"]:
        # "the Danish shipping company's chief executive": a company's, not Denmark's
        inside = [m for m in inside if m.entity.type != "State"]
    relation = _relation(title, phrase, lex)
    target = _target(inside, chunk)
    role = Role(person, relation, target.entity if target else None,
                _role_words(phrase, actors), chunk[0].i)
    if target is not None:
        return _Reading(role)
    context = context_affiliation(person, actors, resolver, relation)
    owner = _person_owner(chunk, resolver) if context is None else None
    return _Reading(role, owner, guess=context.entity if context else None)


def find_roles(doc: Doc, actors: DocActors, resolver: Resolver, date: str | None = None) -> list[Role]:
    """Every (person, represents|leads, state or organisation) that a title states."""
    roles: list[Role] = []
    owned: list[tuple[Role, Mention]] = []
    untargeted: dict[str, Role] = {}
    not_current: set[str] = set()
    pairs = [(p, _title_chunk(doc, p, actors)) for p in actors.mentions if p.kind == PERSON_KIND]
    for person, chunk in pairs + _as_title(doc, actors, resolver):
        reading = _read_title(person, chunk, actors, resolver)
        if reading.not_current:
            not_current.add(person.entity.iri)
        elif reading.role is not None and reading.role.target is not None:
            roles.append(reading.role)
        elif reading.role is not None and reading.owner is not None and reading.owner != person:
            owned.append((reading.role, reading.owner))
        elif reading.role is not None:
            untargeted.setdefault(person.entity.iri, replace(reading.role, target=reading.guess))
    # titles without a state first (the lists, else the context), then "X's spokesman" through
    # X, then the lists for whoever is left
    waiting = {role.person.entity.iri for role, _ in owned}
    roles += office_roles(actors, roles, not_current | waiting, date, untargeted)
    roles += _through_owners(roles, owned)
    return roles + office_roles(actors, roles, not_current, date)


def _through_owners(roles: list[Role], owned: list[tuple[Role, Mention]]) -> list[Role]:
    """"Abenov's spokesman, Yerlan Dosov": the spokesman speaks for what Abenov leads."""
    serves = {r.person.entity.iri: r.target for r in roles}
    return [replace(role, target=serves[owner.entity.iri]) for role, owner in owned
            if serves.get(owner.entity.iri) is not None]


def _holding(name: str, date: str | None, titled: bool = False) -> Holding | None:
    holders = OfficeHolders.load()
    if " " in name:
        return holders.lookup(name, date)
    found = holders.leader_by_surname(name, date)  # "Merkel said …" in a 2015 article
    if found is None and date is None and titled:
        found = holders.sole_leader_by_surname(name)  # "President Trump", undated: one Trump ever led
    return found[1] if found else None


def office_roles(actors: DocActors, found: list[Role], skip: set[str], date: str | None,
                 untargeted: dict[str, Role] | None = None) -> list[Role]:
    """Affiliations from the office-holder lists, for persons whom the text gives none and
    does not call former (the text always wins), at their first mention.

    ``untargeted``: titles the text gives without a state ("President Joe Biden"); the
    lists supply the state, the text's title the relation and role ("leads", "President").
    """
    titled = {r.person.entity.iri for r in found} | skip
    untargeted = untargeted or {}
    roles: list[Role] = []
    for person in actors.mentions:
        iri = person.entity.iri
        if person.kind != PERSON_KIND or iri in titled:
            continue
        titled.add(iri)
        said = untargeted.get(iri)
        holding = _holding(person.entity.label, date, titled=said is not None and said.property == "leads")
        if holding is not None and holding.country_key in actors.gazetteer.by_key:
            target = actors.gazetteer.entity(holding.country_key)
            relation, words = (said.property, said.role) if said is not None else (holding.relation, None)
            roles.append(Role(person, relation, target, words, person.start, "title.office"))
        elif said is not None and said.target is not None:
            roles.append(said)  # the context's state, for a person the lists do not know
    return roles
