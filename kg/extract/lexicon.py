"""The trigger lexicon and the office titles, loaded once from ``kg/data``.

Rules stay general and the vocabulary stays data: adding a verb to ``lexicon.json`` or a
title to ``titles.tsv`` needs no code change.  Every property named there must exist in
the ontology (a test checks this).

>>> lex = Lexicon.load()
>>> [t.property for t in lex.verbs["condemn"]]
['criticizes']
>>> lex.title_relation("prime minister")
'leads'
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from functools import lru_cache

from kg.resources import data_path


@dataclass(frozen=True)
class Trigger:
    """A lemma that signals a relation, and how to find the other actor."""

    lemma: str
    property: str
    preps: tuple[str, ...] = ()
    theme: str | None = None
    recipient_preps: tuple[str, ...] = ()
    pair: bool = False
    #: The grammatical object is the relation's subject ("the G7 comprises Canada": Canada memberOf G7).
    reverse: bool = False
    #: Prepositions that give the agent in a passive ("expelled from Norway").
    agent_preps: tuple[str, ...] = ()
    #: Verbs that undo the noun's event ("eased restrictions"): the relation becomes concedesTo.
    eased_by: tuple[str, ...] = ()
    #: The theme is the subject ("troops arrived in Haiti"); its owner is the agent.
    theme_subject: bool = False
    #: A carrier noun ("deliveries", "package") whose property comes from what it carries.
    theme_nouns: bool = False


@dataclass(frozen=True)
class Lexicon:
    verbs: dict[str, tuple[Trigger, ...]]
    nouns: dict[str, tuple[Trigger, ...]]
    allies: frozenset[str]
    members: frozenset[str]
    quantity_nouns: frozenset[str]
    negated_means: dict[str, str]
    light_verbs: frozenset[str]
    themes: dict[str, frozenset[str]]
    agent_nouns: frozenset[str]
    speech: dict[str, str]
    report_nouns: dict[str, str]
    hedges: dict[str, str]
    plan_verbs: dict[str, str]
    negating_verbs: frozenset[str]
    purpose_verbs: frozenset[str]
    titles: dict[str, str]

    @classmethod
    @lru_cache(maxsize=1)
    def load(cls) -> "Lexicon":
        raw = json.loads(data_path("lexicon.json").read_text(encoding="utf-8"))

        def triggers(entries: list[dict]) -> dict[str, tuple[Trigger, ...]]:
            out: dict[str, list[Trigger]] = {}
            for entry in entries:
                for lemma in entry["lemmas"]:
                    out.setdefault(lemma, []).append(Trigger(
                        lemma, entry["property"], tuple(entry.get("preps", ())),
                        entry.get("theme"), tuple(entry.get("recipient_preps", ())),
                        bool(entry.get("pair", False)), bool(entry.get("reverse", False)),
                        tuple(entry.get("agent_preps", ())), tuple(entry.get("eased_by", ())),
                        bool(entry.get("theme_subject", False)), bool(entry.get("theme_nouns", False))))
            return {k: tuple(v) for k, v in out.items()}

        with open(data_path("titles.tsv"), encoding="utf-8", newline="") as handle:
            rows = csv.DictReader((l for l in handle if not l.startswith("#")), delimiter="\t")
            titles = {r["phrase"]: r["relation"] for r in rows}
        return cls(
            verbs=triggers(raw["verbs"]), nouns=triggers(raw["nouns"]),
            allies=frozenset(raw["allies"]), members=frozenset(raw["members"]),
            quantity_nouns=frozenset(raw["quantity_nouns"]),
            negated_means=dict(raw["negated_means"]), light_verbs=frozenset(raw["light_verbs"]),
            themes={k: frozenset(v) for k, v in raw["themes"].items()},
            agent_nouns=frozenset(raw["agent_nouns"]), speech=dict(raw["speech"]),
            report_nouns=dict(raw["report_nouns"]), hedges=dict(raw["hedges"]),
            plan_verbs=dict(raw["plan_verbs"]), negating_verbs=frozenset(raw["negating_verbs"]),
            purpose_verbs=frozenset(raw["purpose_verbs"]), titles=titles)

    def title_relation(self, phrase: str) -> str | None:
        return self.titles.get(phrase.lower())

    def properties(self) -> set[str]:
        """Every property the lexicon can produce."""
        named = {t.property for ts in (*self.verbs.values(), *self.nouns.values()) for t in ts}
        return (named | set(self.titles.values()) | set(self.negated_means.values())
                | {"alliedWith", "memberOf", "concedesTo", "sendsTroopsTo", "suppliesWeaponsTo"})

    def theme_of(self, token) -> str | None:
        """Which theme ('troops', 'weapons', 'aid') a noun names, looking through
        quantities ("hundreds of doctors") and compounds ("drone deliveries")."""
        for candidate in _theme_candidates(token, self.quantity_nouns):
            lemma = candidate.lemma_.lower()
            for theme, words in self.themes.items():
                if lemma in words or candidate.lower_ in words:
                    return theme
        return None


def _theme_candidates(token, quantities):
    ofs = [obj for prep in token.children if prep.dep_ == "prep" and prep.lower_ == "of"
           for obj in prep.children if obj.dep_ == "pobj"]
    ofs += [c for obj in ofs for c in obj.children if c.dep_ == "compound"]
    compounds = [c for c in token.children if c.dep_ == "compound"]
    if token.lemma_.lower() in quantities:  # "a package of weapons": the weapons decide
        yield from ofs
        yield token
    else:
        yield token
        yield from compounds
        yield from ofs


@lru_cache(maxsize=1)
def title_heads() -> frozenset[str]:
    """Single words that end a title ('ambassador', 'minister', 'spokesperson' ...)."""
    return frozenset(p.split()[-1] for p in Lexicon.load().titles if " of " not in p)
