"""Pronouns and the actors they refer back to, within one article.

'he'/'his'/'she' take the nearest person; 'it'/'its' the nearest state, organisation or
group — preferring the arguments of the pronoun's own clause, then the same sentence,
then the previous sentence's subject; 'who'/'which' the noun their relative clause
modifies; 'I'/'we' inside a quotation its speaker (:mod:`kg.extract.quotes`).  Two constraints keep readings sane: an object pronoun is never its own
clause's subject ("Russia attacked it"), and the possessive in the object of a hostile
act is not the actor's own ("Russia attacked its grid").
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from spacy.tokens import Token

from kg.extract.gazetteer import DEMONYM
from kg.extract.lexicon import Lexicon
from kg.extract.mentions import DocActors, Mention, dedupe
from kg.extract.persons import PERSON_KIND
from kg.extract.quotes import QuoteSpan, enclosing, quote_spans, speaker_subject
from kg.extract.syntax import clause_verb, in_object, sentences_back, subject_of

if TYPE_CHECKING:
    from kg.extract.resolve import Resolver

#: Clause positions whose actor a neuter pronoun most likely means.
_CORE_ARGS = ("nsubj", "nsubjpass", "dobj")
_OBJECT_POSITIONS = ("dobj", "pobj", "dative")
#: How many sentences back a description or plural pronoun may reach.
_WINDOW_SENTENCES = 2


@lru_cache(maxsize=1)
def hostile_lemmas() -> frozenset[str]:
    """Verbs whose object is the actor's target, not its own ("Russia attacked its grid")."""
    lexicon = Lexicon.load()
    hostile = lexicon.property_sets["hostile"]
    return frozenset(lemma for lemma, trigs in lexicon.verbs.items()
                     if any(t.property in hostile and not t.object for t in trigs))


class Antecedents:
    """Resolves pronouns of one doc to earlier actor mentions."""

    def __init__(self, actors: DocActors, resolver: "Resolver"):
        self.actors = actors
        self.resolver = resolver
        words = actors.lexicon.words
        self.personal = words["personal_pronouns"]
        self.neuter = words["neuter_pronouns"]
        self.relative = words["relative_pronouns"]
        self.plural = words["plural_pronouns"]
        self.first_person = words["first_person_pronouns"]
        self.speech = actors.lexicon.maps["speech"]
        self._quotes: list[QuoteSpan] | None = None
        #: Descriptions whose clause subject is being resolved, so that none loops back.
        self._acting_open: set[int] = set()
        self.descriptions = actors.lexicon.maps["descriptions"]
        self.hostile_lemmas = hostile_lemmas()

    def antecedents(self, pronoun: Token) -> list[Mention]:
        """What a pronoun refers to: one actor, or several for 'they'/'them'/'their'."""
        if pronoun.lower_ in self.plural:
            return self._plural(pronoun)
        found = self.antecedent(pronoun)
        return [found] if found else []

    def antecedent(self, pronoun: Token) -> Mention | None:
        lower = pronoun.lower_
        if lower in self.relative:
            return self._relative(pronoun)
        if lower in self.personal:
            persons = [m for m in self.actors.before(pronoun) if m.kind == PERSON_KIND]
            return persons[-1] if persons else None
        if lower in self.neuter:
            return self._neuter(pronoun)
        if lower in self.first_person:
            return self._quoted_speaker(pronoun)
        return None

    def _quoted_speaker(self, pronoun: Token) -> Mention | None:
        """'"We will challenge China," Joly said': *I* and *we* in a quote are its speaker."""
        if self._quotes is None:
            self._quotes = quote_spans(self.actors.doc)
        span = enclosing(self._quotes, pronoun.i)
        subject = speaker_subject(self.actors.doc, span, self.speech) if span else None
        found = self.resolver.resolve(subject) if subject is not None else []
        return found[0] if len(found) == 1 else None

    def _relative(self, pronoun: Token) -> Mention | None:
        clause = pronoun.head
        if pronoun.dep_ == "poss":
            clause = clause.head  # "the Kremlin, whose spokesperson … said": up from the owned noun
        if clause.dep_ != "relcl":
            return None
        got = self.resolver.resolve(clause.head, argument=True)
        return got[0] if got else None

    def _own_subject(self, clause: Token) -> set[Mention]:
        subject = subject_of(clause)
        return set(self.resolver.resolve(subject)) if subject is not None else set()

    def _excluded(self, pronoun: Token, clause: Token | None) -> set[Mention]:
        """Mentions the pronoun cannot mean, given its clause ("China, *its* ally": not China)."""
        apposed = self._apposed_to(pronoun)
        if clause is None:
            return apposed
        lower = pronoun.lower_
        hostile_object = (lower == "its" and clause.lemma_.lower() in self.hostile_lemmas
                          and in_object(pronoun, clause)
                          and not any(t.lower_ == "own" for t in pronoun.head.children))
        object_pronoun = lower == "it" and pronoun.dep_ in _OBJECT_POSITIONS
        return apposed | (self._own_subject(clause) if hostile_object or object_pronoun else set())

    def _apposed_to(self, pronoun: Token) -> set[Mention]:
        """The actor a possessive's noun stands in apposition to: "lose China, its ally"."""
        owned = pronoun.head
        if pronoun.dep_ != "poss" or owned.dep_ != "appos":
            return set()
        found = self.actors.mention_at(owned.head)
        return {found} if found is not None else set()

    def _neuter(self, pronoun: Token) -> Mention | None:
        clause = clause_verb(pronoun)
        excluded = self._excluded(pronoun, clause)
        candidates = [m for m in self.actors.before(pronoun)
                      if m.entity.type != "Person" and m.kind != DEMONYM and m not in excluded]
        if not candidates:
            return None
        coordinated = self._coordinated_owner(pronoun, candidates)
        if coordinated is not None:
            return coordinated
        here = self._in_clause(pronoun, clause, candidates) if clause is not None else None
        if here is not None:
            return here
        sentence_start = pronoun.sent.start
        same = [m for m in candidates if m.start >= sentence_start]
        if same:
            return same[-1]
        return self._previous_subject(candidates, sentence_start) or candidates[-1]

    def _coordinated_owner(self, pronoun: Token, candidates: list[Mention]) -> Mention | None:
        """"members of NATO and its Secretary General": a possessive in a conjunct refers into
        the conjunct beside it."""
        owned = pronoun.head
        if pronoun.dep_ != "poss" or owned.dep_ != "conj":
            return None
        first = owned.head
        inside = [m for m in candidates if first.left_edge.i <= m.start and m.end <= owned.left_edge.i]
        return inside[-1] if inside else None

    def _in_clause(self, pronoun: Token, clause: Token, candidates: list[Mention]) -> Mention | None:
        """The pronoun's own clause's arguments first, then a conjoined clause's subject."""
        args = [m for m in candidates if self._is_core_argument(m, clause)]
        return args[-1] if args else self._parallel_subject(pronoun, clause, candidates)

    def _parallel_subject(self, pronoun: Token, clause: Token, candidates: list[Mention]) -> Mention | None:
        """"The UK leads a battlegroup in Estonia, and *it* has 150 based in Poland": the
        subject of a conjoined clause is the first clause's subject."""
        if pronoun.dep_ != "nsubj" or clause.dep_ != "conj":
            return None
        first = [m for m in candidates if self.actors.root(m).head == clause.head
                 and self.actors.root(m).dep_ in ("nsubj", "nsubjpass")]
        return first[-1] if first else None

    def _is_core_argument(self, mention: Mention, clause: Token) -> bool:
        root = self.actors.root(mention)
        return root.head == clause and root.dep_ in _CORE_ARGS

    def _previous_subject(self, candidates: list[Mention], sentence_start: int) -> Mention | None:
        """Across a sentence boundary, the previous sentence's subject is the likeliest."""
        if sentence_start == 0:
            return None
        previous_start = self.actors.doc[sentence_start - 1].sent.start
        subjects = [m for m in candidates if m.start >= previous_start
                    and self.actors.root(m).dep_ in ("nsubj", "nsubjpass")]
        return subjects[-1] if subjects else None

    # -- several actors at once ---------------------------------------------------------
    def _plural(self, pronoun: Token) -> list[Mention]:
        """'They also criticised Hungary': the nearest earlier subject naming two or more actors
        (or a group), in this sentence or the previous one; otherwise nothing."""
        for sent in reversed(sentences_back(pronoun, _WINDOW_SENTENCES)[-2:]):
            subjects = [t for t in sent if t.dep_ in ("nsubj", "nsubjpass") and t.i < pronoun.i
                        and t.lower_ not in self.plural]
            for subject in reversed(subjects):
                found = dedupe(self.resolver.resolve(subject))
                if len(found) >= 2 or (found and found[0].entity.type == "Group"):
                    return found
        return []

    def _owned(self, noun: Token) -> bool:
        """"Russia's army", "the Venezuelan government": the noun says whose it is, so it
        refers back to nothing."""
        return any(c.dep_ == "poss" or (c.dep_ in ("amod", "compound") and self.actors.mention_at(c) is not None)
                   for c in noun.children)

    def description(self, noun: Token) -> list[Mention] | None:
        """'the country', 'the bloc', 'the two sides': the one compatible actor (or the two)
        in the last sentences; None when the noun is no such description, [] when unclear."""
        wanted = self.descriptions.get(noun.lemma_.lower())
        if wanted is None or self._owned(noun):
            return None
        dets = {c.lower_ for c in noun.children if c.dep_ in ("det", "nummod", "predet")}
        count = 2 if dets & {"two", "both"} else 1
        if count == 1 and ("the" not in dets or wanted == "Person"):
            return None  # "the leaders of Uzbekistan and Kyrgyzstan" names its own; "the two leaders" looks back
        seen = self._described(noun, wanted)
        return seen[:count] if len(seen) == count else []

    def _described(self, noun: Token, wanted: str) -> list[Mention]:
        """The actors of the wanted type in the window before ``noun``, nearest first."""
        window_start = sentences_back(noun, _WINDOW_SENTENCES)[0].start
        acting = self._acting_on(noun)
        return dedupe(reversed([m for m in self.actors.before(noun) if m.start >= window_start
                                and m.kind != DEMONYM and (wanted == "Actor" or m.entity.type == wanted)
                                and m not in acting]))

    def _acting_on(self, noun: Token) -> set[Mention]:
        """"The US has been pressing both sides": the clause's own subject is not one of the
        sides it acts on (a description inside that subject, "the country's president", is
        part of it, not acted on)."""
        clause = clause_verb(noun)
        subject = subject_of(clause) if clause is not None else None
        if subject is None or subject.left_edge.i <= noun.i <= subject.right_edge.i or noun.i in self._acting_open:
            return set()
        self._acting_open.add(noun.i)
        try:
            return set(self.resolver.resolve(subject))
        finally:
            self._acting_open.discard(noun.i)
