"""Link mentions to actors, and resolve a syntactic argument to the actors it names.

``DocActors`` reads the mentions the ``geokg_actors`` component left on a doc, turns each
into an :class:`~kg.records.Entity`, and answers the question every relation rule asks:
*which actors does this token stand for?*  A token can name an actor directly
("Russia"), through a metonym ("the Kremlin"), through the noun it heads ("North Korean
troops", "Russia's forces", "US officials"), through a pronoun ("its war"), or through the
content of a report ("reports that North Korea may be sending troops").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from kg import ids
from kg.extract.components import SPAN_KEY
from kg.extract.gazetteer import ACRONYM, CAPITAL, DEMONYM, METONYM, NAME, PEOPLE, Gazetteer
from kg.extract.lexicon import Lexicon, title_heads
from kg.extract.persons import PERSON_KIND
from kg.records import Entity

#: Prepositions after which a capital names a place, not an actor ("talks in Geneva").
LOCATIVE_PREPS = frozenset({"in", "at", "near", "from", "around", "outside", "inside", "across",
                            "throughout", "within", "into", "via", "through", "toward", "towards",
                            "across", "along", "off", "over", "between", "beyond", "to"})
PERSONAL_PRONOUNS = frozenset({"he", "him", "his", "she", "her", "hers", "himself", "herself"})
NEUTER_PRONOUNS = frozenset({"it", "its", "itself"})
RELATIVE_PRONOUNS = frozenset({"who", "whom", "whose", "which", "that"})
#: Nouns whose clause says what the actor did: "reports that X sent troops".
CONTENT_NOUNS = frozenset({"report", "claim", "allegation", "accusation", "move", "plan", "decision",
                           "action", "development", "fear", "concern", "sign", "indication",
                           "suggestion", "assessment", "news", "rumour", "rumor", "evidence"})
#: Acts done to another: their object is not the actor's own ("attacked its grid").
HOSTILE = frozenset({"attacks", "coerces", "sanctions", "threatens", "mobilizesAgainst", "criticizes", "accuses"})
ARGUMENT_DEPS = ("nsubj", "nsubjpass", "dobj", "pobj", "dative", "attr", "appos", "agent")


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


class DocActors:
    """The actor mentions of one doc, with the resolution rules over its parse."""

    def __init__(self, doc: Doc, gazetteer: Gazetteer | None = None, lexicon: Lexicon | None = None):
        self.doc = doc
        self.gazetteer = gazetteer or Gazetteer.load()
        self.lexicon = lexicon or Lexicon.load()
        self.mentions: list[Mention] = []
        for span in doc.spans.get(SPAN_KEY, []):
            key, kind = span.label_.rsplit("|", 1)
            if kind == PERSON_KIND:
                entity = person_entity(key.split(":", 1)[1])
            else:
                entity = self.gazetteer.entity(key)
            self.mentions.append(Mention(span.start, span.end, key, kind, entity))
        self._at = {i: m for m in self.mentions for i in range(m.start, m.end)}
        self._hostile = frozenset(lemma for lemma, trigs in self.lexicon.verbs.items()
                                  if any(t.property in HOSTILE for t in trigs))

    # -- direct mentions -------------------------------------------------------------
    def mention_at(self, token: Token) -> Mention | None:
        return self._at.get(token.i)

    def entities(self) -> list[Entity]:
        seen: dict[str, Entity] = {}
        for m in self.mentions:
            if m.kind not in (PEOPLE,):
                seen.setdefault(m.entity.iri, m.entity)
        return list(seen.values())

    def acts(self, mention: Mention, argument: bool = False) -> bool:
        """Whether this mention names an acting actor in its position.

        Names, acronyms and persons always do.  A capital or metonym does unless it is the
        object of a place preposition ("in Geneva").  A demonym does only when it modifies
        an actor noun ("North Korean troops"), which the noun-head rule handles, or stands
        as a noun itself ("the British").
        """
        if mention.kind in (NAME, ACRONYM, PERSON_KIND):
            return True
        root = self.doc[mention.start:mention.end].root
        if mention.kind in (CAPITAL, METONYM):
            # a rule that asked for this preposition's object ("demand … from Moscow") wants an actor
            return argument or not (root.dep_ == "pobj" and root.head.lower_ in LOCATIVE_PREPS)
        if mention.kind == DEMONYM:
            return root.pos_ in ("NOUN", "PROPN") and root.dep_ in ARGUMENT_DEPS
        return False

    # -- resolution ------------------------------------------------------------------
    def resolve(self, token: Token, *, content: bool = False, possessor: bool = True,
                argument: bool = False, _depth: int = 0) -> list[Mention]:
        """The actors a noun phrase headed by ``token`` stands for (with its conjuncts).

        ``content``: also look inside a report's clause ("reports that X ...").
        ``possessor``: fall back to the possessor ("Russia's forces" -> Russia).
        ``argument``: the token is the object of a preposition a rule asked for, so a
        capital there acts ("demand compensation from Moscow").
        """
        if _depth > 4:
            return []
        found: list[Mention] = []
        for head in [token, *token.conjuncts]:
            for m in self._resolve_one(head, content, possessor, argument, _depth):
                if m not in found:
                    found.append(m)
        return found

    def _resolve_one(self, token: Token, content: bool, possessor: bool, argument: bool,
                     depth: int) -> list[Mention]:
        mention = self.mention_at(token)
        if mention is not None:
            if self.acts(mention, argument):
                return [mention]
            if mention.kind in (CAPITAL, METONYM, DEMONYM, PEOPLE):
                return []
        lower = token.lower_
        if token.pos_ == "PRON" or lower in RELATIVE_PRONOUNS and token.tag_ in ("WP", "WDT", "WP$"):
            antecedent = self.antecedent(token)
            return [antecedent] if antecedent else []
        lemma = token.lemma_.lower()
        # "Russia's UN Ambassador, Vassily Nebenzia, dismissed …": the person acts
        if token.lower_ in title_heads():
            for child in token.children:
                m = self.mention_at(child)
                if child.dep_ == "appos" and m is not None and m.kind == PERSON_KIND:
                    return [m]
        if lemma in self.lexicon.agent_nouns or lemma in self.lexicon.themes["troops"]:
            owners = self.owners(token, depth)
            if owners:
                return owners
        if possessor:
            for child in token.children:
                if child.dep_ == "poss":
                    got = self.resolve(child, _depth=depth + 1)
                    if got:
                        return got
            # "attacks on Russian soil", "sanctions on Iranian oil": the modifier owns the thing
            if token.pos_ == "NOUN":
                for child in token.children:
                    m = self.mention_at(child)
                    if (child.dep_ in ("amod", "compound") and child.i < token.i and m is not None
                            and m.kind in (DEMONYM, NAME, ACRONYM) and m.entity.type == "State"):
                        return [m]
        if content and lemma in CONTENT_NOUNS:
            for child in token.children:
                if child.dep_ in ("acl", "ccomp", "relcl") and child.pos_ in ("VERB", "AUX"):
                    subject = subject_of(child)
                    if subject is not None:
                        got = self.resolve(subject, possessor=True, _depth=depth + 1)
                        if got:
                            return got
        return []

    def owners(self, noun: Token, depth: int) -> list[Mention]:
        """Who an actor noun belongs to: 'Russia's forces', 'US officials', 'troops from Iran'.

        A named possessor wins; then a modifier; a possessive pronoun comes last, since in
        "his Lithuanian counterpart" the modifier, not the pronoun, says whose it is.
        """
        possessors = [c for c in noun.children if c.dep_ == "poss"]
        for child in possessors:
            if child.pos_ != "PRON":
                got = self.resolve(child, _depth=depth + 1)
                if got:
                    return got
        for child in noun.children:
            if child.dep_ in ("compound", "amod", "nmod") and child.i < noun.i:
                m = self.mention_at(child)
                if m is not None and m.kind != PEOPLE:
                    # "Ukrainian and Russian negotiators": every conjoined modifier owns them
                    more = [self.mention_at(c) for c in child.conjuncts]
                    return dedupe([m, *(x for x in more if x is not None and x.kind != PEOPLE)])
                # "North Korean special forces": the demonym may sit on a sibling modifier
                for grandchild in child.subtree:
                    m = self.mention_at(grandchild)
                    if m is not None and m.kind != PEOPLE:
                        return [m]
        for child in noun.children:
            if child.dep_ == "prep" and child.lower_ in ("of", "from"):
                for obj in child.children:
                    if obj.dep_ == "pobj":
                        m = self.mention_at(obj)
                        if m is not None and m.kind in (NAME, ACRONYM, CAPITAL, METONYM):
                            return [m]
        for child in possessors:
            got = self.resolve(child, _depth=depth + 1)
            if got:
                return got
        return []

    # -- pronouns ---------------------------------------------------------------------
    def antecedent(self, pronoun: Token) -> Mention | None:
        """The nearest compatible actor before a pronoun.

        'he'/'his'/'she' take the nearest person; 'it'/'its' the nearest state,
        organisation or group among the arguments of the clause the pronoun sits in,
        else the nearest before it; 'who'/'which' the noun the relative clause modifies.
        """
        lower = pronoun.lower_
        if lower in RELATIVE_PRONOUNS:
            clause = pronoun.head
            if clause.dep_ == "relcl":
                got = self.resolve(clause.head)
                return got[0] if got else None
            return None
        before = [m for m in self.mentions if m.end <= pronoun.i and self.acts(m)
                  or (m.end <= pronoun.i and m.kind == DEMONYM)]
        if lower in PERSONAL_PRONOUNS:
            persons = [m for m in before if m.kind == PERSON_KIND]
            return persons[-1] if persons else None
        if lower in NEUTER_PRONOUNS:
            candidates = [m for m in before if m.entity.type != "Person" and m.kind != DEMONYM]
            clause = _clause_verb(pronoun)
            if lower == "its" and clause is not None and clause.lemma_.lower() in self._hostile \
                    and _in_object(pronoun, clause) and not any(t.lower_ == "own" for t in pronoun.head.children):
                # "Russia attacked its energy grid": a hostile act's object is not the actor's own
                subject = subject_of(clause)
                own = set(self.resolve(subject)) if subject is not None else set()
                candidates = [m for m in candidates if m not in own]
            if lower == "it" and clause is not None and pronoun.dep_ in ("dobj", "pobj", "dative"):
                # an object pronoun is never the subject of its own clause ("Russia attacked it")
                subject = subject_of(clause)
                own = set(self.resolve(subject)) if subject is not None else set()
                candidates = [m for m in candidates if m not in own]
            if not candidates:
                return None
            if clause is not None:
                args = [m for m in candidates
                        if self.doc[m.start:m.end].root.head == clause
                        and self.doc[m.start:m.end].root.dep_ in ("nsubj", "nsubjpass", "dobj")]
                if args:
                    return args[-1]
            sentence_start = pronoun.sent.start
            same = [m for m in candidates if m.start >= sentence_start]
            if same:
                return same[-1]
            # across a sentence boundary, the previous sentence's subject is the likeliest
            previous = [m for m in candidates if m.start >= self.doc[sentence_start - 1].sent.start] \
                if sentence_start > 0 else []
            subjects = [m for m in previous
                        if self.doc[m.start:m.end].root.dep_ in ("nsubj", "nsubjpass")]
            return (subjects or candidates)[-1]
        return None


def _in_object(token: Token, verb: Token) -> bool:
    """Whether ``token`` sits inside the direct object of ``verb``."""
    node = token
    while node.head != node and node != verb:
        if node.head == verb:
            return node.dep_ == "dobj"
        node = node.head
    return False


def subject_of(verb: Token) -> Token | None:
    """The subject of a verb, inherited when it has none of its own.

    Through xcomp/advcl/conj chains ("is preparing to dispatch"), predicative adjectives
    ("is likely to sign"), gerunds ("denied supplying"), and object control after
    *of* ("accused Belarus of preparing to send" -> Belarus).
    """
    seen = 0
    while verb is not None and seen < 6:
        for child in verb.children:
            if child.dep_ in ("nsubj", "csubj"):
                return child
        head = verb.head
        if head == verb:
            return None
        if verb.dep_ == "pcomp" and head.lower_ == "of":
            controller = [c for c in head.head.children if c.dep_ == "dobj"]
            if controller:
                return controller[0]
        if verb.dep_ in ("xcomp", "advcl", "conj", "pcomp", "acomp") or (
                verb.dep_ in ("ccomp", "dobj") and verb.tag_ == "VBG"):
            verb = head
            seen += 1
            continue
        if verb.dep_ == "prep" and head.pos_ in ("VERB", "AUX"):
            verb = head
            seen += 1
            continue
        if verb.dep_ == "relcl":
            return head
        return None
    return None


def _clause_verb(token: Token) -> Token | None:
    """The nearest verb above a token."""
    node = token.head
    for _ in range(8):
        if node.pos_ in ("VERB", "AUX"):
            return node
        if node.head == node:
            return None
        node = node.head
    return None


def dedupe(mentions: Iterable[Mention]) -> list[Mention]:
    out: list[Mention] = []
    for m in mentions:
        if all(m.entity.iri != o.entity.iri for o in out):
            out.append(m)
    return out
