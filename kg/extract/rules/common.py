"""Small pieces every rule family shares."""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from spacy.tokens import Token

from kg.extract.lexicon import Lexicon
from kg.extract.mentions import Mention, dedupe
from kg.extract.syntax import subject_of


def clause_subject(verb: Token, lexicon: Lexicon) -> Token | None:
    """The subject of a clause, with the lexicon's raising, object-control and instrument verbs."""
    words = lexicon.words
    return subject_of(verb, words["raising_verbs"], words["control_verbs"], words["instrument_verbs"])


def pairs(agents: list[Mention], patients: list[Mention]) -> Iterator[tuple[Mention, Mention]]:
    """Every (agent, patient) pair of two different actors."""
    for a in dedupe(agents):
        for p in dedupe(patients):
            if a.entity.iri != p.entity.iri:
                yield a, p


def all_pairs(members: list[Mention]) -> Iterator[tuple[Mention, Mention]]:
    """Every unordered pair of different actors, for multi-party symmetric events."""
    distinct = dedupe(members)
    for i, a in enumerate(distinct):
        for b in distinct[i + 1:]:
            yield a, b


@lru_cache(maxsize=None)
def symmetric(prop: str) -> bool:
    from kg.vocab import relation_properties
    return relation_properties()[prop].symmetric
