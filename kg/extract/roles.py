"""Office titles: who represents or leads which state or organisation.

"Deputy US Ambassador to the United Nations, Robert Wood", "Ukraine's UN Ambassador,
Sergiy Kyslytsya", "Russian spokesperson Dmitry Peskov", "Ukrainian President Volodymyr
Zelenskiy", "Dmitry Peskov, the Kremlin spokesman": the title phrase sits before the name
(possibly across a comma) or in apposition after it.  Inside that phrase, a state (by
name, possessive, demonym or metonym) is what the person represents; an organisation is
only the posting ("to the United Nations") unless no state is named.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from kg.extract.gazetteer import PEOPLE
from kg.extract.lexicon import Lexicon, title_heads
from kg.extract.link import DocActors, Mention, subject_of
from kg.extract.persons import PERSON_KIND

#: Words that may stand inside a title phrase besides titles and actor names.
_TITLE_GLUE = frozenset({"of", "to", "for", "the", "'s", "’s", "-", "at", "in", "on"})
#: Words kept in the role string alongside the title itself.
_ROLE_MODIFIERS = frozenset({"deputy", "vice", "acting", "foreign", "defence", "defense", "prime",
                             "permanent", "special", "chief", "interior", "finance", "senior", "top",
                             "supreme", "crown", "press", "army", "military", "presidential",
                             "security", "national", "first", "general"})
_NOT_CURRENT = frozenset({"former", "ex", "ex-", "late", "outgoing", "then", "would-be", "aspiring"})


@dataclass(frozen=True)
class Role:
    person: Mention
    property: str  # "represents" | "leads"
    target: Mention
    role: str
    #: Token index of the title phrase: the role is evidenced by that token's sentence.
    at: int


def _title_chunk(doc: Doc, person: Mention, actors: DocActors) -> list[Token]:
    """The tokens of the title phrase that goes with a person mention, if any."""
    root = doc[person.start:person.end].root
    lex = actors.lexicon
    # apposition: "Ambassador, Robert Wood" (name is appos of the title) ...
    if root.dep_ == "appos" and root.head.lower_ in lex.titles:
        head = root.head
        return [t for t in head.subtree if not (person.start <= t.i < person.end) and t.i < person.start]
    # ... or "Dmitry Peskov, the Kremlin spokesman" (title is appos of the name)
    for child in root.children:
        if child.dep_ == "appos" and child.i > root.i and any(t.lower_ in lex.titles for t in child.subtree):
            return list(child.subtree)
    # left window: "British UN Ambassador Barbara Woodward"
    chunk: list[Token] = []
    i = person.start - 1
    sent_start = root.sent.start
    # (a comma ends the window: "… as US President, Tony Blair has said" is two phrases;
    # a title across a comma is apposition, handled above)
    while i >= sent_start and len(chunk) < 10:
        tok = doc[i]
        other = actors.mention_at(tok)
        if other is not None and other.kind == PERSON_KIND:
            break
        if (tok.pos_ in ("PROPN", "NOUN", "ADJ") or tok.lower_ in _TITLE_GLUE or other is not None
                or (tok.is_title and tok.is_alpha)):  # "Under-Secretary": 'Under' is tagged ADP
            chunk.insert(0, tok)
            i -= 1
            continue
        break
    while chunk and chunk[0].lower_ in _TITLE_GLUE:
        chunk.pop(0)
    return chunk


def _title_in(chunk: list[Token], lex: Lexicon) -> tuple[str, str] | None:
    """The longest title phrase in the chunk and its relation."""
    words = [t.lower_ for t in chunk]
    best: tuple[str, str] | None = None
    for n in (4, 3, 2, 1):
        for i in range(len(words) - n + 1):
            phrase = " ".join(words[i:i + n]).replace(" - ", "-")
            relation = lex.title_relation(phrase)
            if relation and (best is None or len(phrase) > len(best[0])):
                best = (phrase, relation)
        if best:
            return best
    return None


def _as_title(doc: Doc, actors: DocActors) -> list[tuple[Mention, list[Token]]]:
    """'his second term as US President', 'served as Iran's foreign minister',
    'with Hamid Karzai as Prime Minister': the person holding the title named after *as*."""
    found = []
    for title in doc:
        if title.dep_ != "pobj" or title.head.lower_ != "as" or title.lower_ not in title_heads():
            continue
        governor = title.head.head
        holders: list[Mention] = []
        m = actors.mention_at(governor)
        if m is not None and m.kind == PERSON_KIND:
            holders = [m]
        elif governor.pos_ in ("VERB", "AUX"):
            # "appointed X as its envoy": the object holds the title; "served as": the subject
            objects = [c for c in governor.children if c.dep_ in ("dobj", "nsubjpass")]
            subject = objects[0] if objects else subject_of(governor)
            holders = actors.resolve(subject) if subject is not None else []
        else:
            holders = [h for c in governor.children if c.dep_ == "poss" for h in actors.resolve(c)]
        for holder in holders:
            if holder.kind == PERSON_KIND:
                found.append((holder, list(title.subtree)))
    return found


def find_roles(doc: Doc, actors: DocActors) -> list[Role]:
    """Every (person, represents|leads, state or organisation) that a title states."""
    lex = actors.lexicon
    roles: list[Role] = []
    pairs = [(p, _title_chunk(doc, p, actors)) for p in actors.mentions if p.kind == PERSON_KIND]
    for person, chunk in pairs + _as_title(doc, actors):
        if not chunk or any(t.lower_ in _NOT_CURRENT for t in chunk):
            continue
        title = _title_in(chunk, lex)
        if title is None:
            continue
        inside = []
        for tok in chunk:
            # a mention in the title, or a possessive pronoun: "its chief negotiator"
            found = [actors.mention_at(tok)] if tok.dep_ != "poss" or tok.pos_ != "PRON" else actors.resolve(tok)
            for m in found:
                if m is not None and m.kind not in (PERSON_KIND, PEOPLE) and m not in inside:
                    inside.append(m)
        states = [m for m in inside if m.entity.type == "State"]
        orgs = [m for m in inside if m.entity.type != "State"]
        target = (states or orgs or [None])[0]
        if target is None:
            continue
        words = [t.text for t in chunk
                 if t.lower_ in _ROLE_MODIFIERS or t.lower_ in title[0].split()
                 or t.lower_ in title[0].split("-")]
        role = " ".join(words) or title[0]
        roles.append(Role(person, title[1], target, role, chunk[0].i))
    return roles
