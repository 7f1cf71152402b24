"""Pronouns and the actors they refer back to, within one article.

'he'/'his'/'she' take the nearest person; 'it'/'its' the nearest state, organisation or
group — preferring the arguments of the pronoun's own clause, then the same sentence,
then the previous sentence's subject; 'who'/'which' the noun their relative clause
modifies.  Two constraints keep readings sane: an object pronoun is never its own
clause's subject ("Russia attacked it"), and the possessive in the object of a hostile
act is not the actor's own ("Russia attacked its grid").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Token

from kg.extract.gazetteer import DEMONYM
from kg.extract.mentions import DocActors, Mention
from kg.extract.persons import PERSON_KIND
from kg.extract.syntax import clause_verb, in_object, subject_of

if TYPE_CHECKING:
    from kg.extract.resolve import Resolver

#: Clause positions whose actor a neuter pronoun most likely means.
_CORE_ARGS = ("nsubj", "nsubjpass", "dobj")
_OBJECT_POSITIONS = ("dobj", "pobj", "dative")


class Antecedents:
    """Resolves pronouns of one doc to earlier actor mentions."""

    def __init__(self, actors: DocActors, resolver: "Resolver"):
        self.actors = actors
        self.resolver = resolver
        words = actors.lexicon.words
        self.personal = words["personal_pronouns"]
        self.neuter = words["neuter_pronouns"]
        self.relative = words["relative_pronouns"]
        hostile = actors.lexicon.property_sets["hostile"]
        self.hostile_lemmas = frozenset(lemma for lemma, trigs in actors.lexicon.verbs.items()
                                        if any(t.property in hostile for t in trigs))

    def antecedent(self, pronoun: Token) -> Mention | None:
        lower = pronoun.lower_
        if lower in self.relative:
            return self._relative(pronoun)
        if lower in self.personal:
            persons = [m for m in self.actors.before(pronoun) if m.kind == PERSON_KIND]
            return persons[-1] if persons else None
        if lower in self.neuter:
            return self._neuter(pronoun)
        return None

    def _relative(self, pronoun: Token) -> Mention | None:
        clause = pronoun.head
        if clause.dep_ != "relcl":
            return None
        got = self.resolver.resolve(clause.head)
        return got[0] if got else None

    def _own_subject(self, clause: Token) -> set[Mention]:
        subject = subject_of(clause)
        return set(self.resolver.resolve(subject)) if subject is not None else set()

    def _excluded(self, pronoun: Token, clause: Token | None) -> set[Mention]:
        """Mentions the pronoun cannot mean, given its clause."""
        if clause is None:
            return set()
        lower = pronoun.lower_
        hostile_object = (lower == "its" and clause.lemma_.lower() in self.hostile_lemmas
                          and in_object(pronoun, clause)
                          and not any(t.lower_ == "own" for t in pronoun.head.children))
        object_pronoun = lower == "it" and pronoun.dep_ in _OBJECT_POSITIONS
        return self._own_subject(clause) if hostile_object or object_pronoun else set()

    def _neuter(self, pronoun: Token) -> Mention | None:
        clause = clause_verb(pronoun)
        excluded = self._excluded(pronoun, clause)
        candidates = [m for m in self.actors.before(pronoun)
                      if m.entity.type != "Person" and m.kind != DEMONYM and m not in excluded]
        if not candidates:
            return None
        if clause is not None:
            args = [m for m in candidates if self._is_core_argument(m, clause)]
            if args:
                return args[-1]
        sentence_start = pronoun.sent.start
        same = [m for m in candidates if m.start >= sentence_start]
        if same:
            return same[-1]
        return self._previous_subject(candidates, sentence_start) or candidates[-1]

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
