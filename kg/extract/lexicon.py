"""The trigger lexicon, the word lists and the office titles, loaded once from ``kg/data``.

Rules stay general and the vocabulary stays data: adding a verb or noun to
``lexicon.json``, a title to ``titles.tsv``, or recompiling the CAMEO verb dictionary
into ``cameo_lexicon.json`` needs no code change.  ``lexicon.json`` is checked against
``lexicon.schema.json`` when loaded, so a misspelt key fails loudly; every property named
must exist in the ontology (checked here too).

Two sources of triggers, merged: geokg's hand-written entries, and the PETRARCH2 CAMEO
verb dictionary compiled by ``tools/cameo/compile.py``.  A lemma written by hand
overrides every compiled reading of that lemma, unless its entry says ``adds_to_compiled``
(then both stand); compiled lemmas too common in news to
signal an event on their own (``_risky`` in the compiled file, ``words.cameo_no_default``
here) keep only their readings with a named object.

>>> lex = Lexicon.load()
>>> [t.property for t in lex.verbs["condemn"]]
['criticizes']
>>> lex.title_relation("prime minister")
'leads'
>>> "ally" in lex.words["allies"]
True
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from kg.extract.schema import SchemaError, validate
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
    #: The reading needs one of these lemmas as the object ("ask for *talks*").
    object: tuple[str, ...] = ()
    #: ...as the object of this preposition rather than the direct object.
    object_prep: str | None = None
    #: Each party does it to the other ("clashed with"): both directions.
    mutual: bool = False
    #: A bare relation noun ("relations", "ties"): no relation unless a trend word gives its
    #: sign ("ties *improved*", "*frosty* relations"); see :mod:`kg.extract.trend`.
    trend: bool = False
    #: The reading needs a complement clause of this kind ("told Iraq *to expel*").
    requires_clause: str | None = None
    #: CAMEO event code of a compiled entry.
    cameo: str | None = None
    #: "hand" (lexicon.json) or "cameo" (compiled).
    source: str = "hand"


_TRIGGER_FIELDS = ("preps", "recipient_preps", "agent_preps", "eased_by", "object")


def _trigger(lemma: str, entry: dict[str, Any]) -> Trigger:
    fields: dict[str, Any] = {k: tuple(entry[k]) for k in _TRIGGER_FIELDS if k in entry}
    fields |= {k: bool(entry[k]) for k in ("pair", "reverse", "theme_subject", "theme_nouns", "mutual", "trend") if k in entry}
    return Trigger(lemma, entry["property"], theme=entry.get("theme"), object_prep=entry.get("object_prep"),
                   requires_clause=entry.get("requires_clause"), **fields)


def _hand_triggers(entries: Iterable[dict[str, Any]]) -> dict[str, list[Trigger]]:
    out: dict[str, list[Trigger]] = {}
    for entry in entries:
        for lemma in entry["lemmas"]:
            out.setdefault(lemma, []).append(_trigger(lemma, entry))
    return out


def _replacing(entries: Iterable[dict[str, Any]]) -> frozenset[str]:
    """Lemmas whose hand entries replace the compiled readings: all but the entries that
    say ``adds_to_compiled`` ("seek *control of* X" beside CAMEO's "seek help")."""
    return frozenset(lemma for entry in entries if not entry.get("adds_to_compiled") for lemma in entry["lemmas"])


def _compiled_triggers(entries: dict[str, list[dict[str, Any]]], property_preps: dict[str, tuple[str, ...]],
                       skip: frozenset[str], no_default: frozenset[str]) -> dict[str, list[Trigger]]:
    """Triggers from the compiled CAMEO lexicon, with each property's prepositions.

    ``skip``: lemmas written by hand.  ``no_default``: lemmas too common in news to signal
    an event on their own ("hit", "give", "express"); only their readings with a named
    object are kept ("exchanged *fire*", "expressed *outrage*").
    """
    out: dict[str, list[Trigger]] = {}
    for lemma, readings in entries.items():
        if lemma in skip:
            continue
        for reading in readings:
            if lemma in no_default and not reading.get("object"):
                continue
            prop = reading["property"]
            prep = reading.get("prep")
            preps = property_preps.get(prop, ())
            out.setdefault(lemma, []).append(Trigger(
                lemma, prop, preps=preps, object=tuple(reading.get("object", ())),
                object_prep=prep, cameo=reading.get("cameo"), source="cameo"))
    return out


@dataclass(frozen=True)
class Lexicon:
    verbs: dict[str, tuple[Trigger, ...]]
    nouns: dict[str, tuple[Trigger, ...]]
    themes: dict[str, frozenset[str]]
    #: Named word lists ("allies", "light_verbs", "personal_pronouns", ...).
    words: dict[str, frozenset[str]]
    #: Named lemma -> value tables ("speech", "hedges", "plan_verbs", ...).
    maps: dict[str, dict[str, str]]
    #: Named sets of property names ("hostile", "content_patient").
    property_sets: dict[str, frozenset[str]]
    titles: dict[str, str]
    names: dict[str, tuple[str, ...]]
    #: Irregular verb forms -> lemma, for when the tagger's lemma misses.
    forms: dict[str, str] = field(default_factory=dict)

    @classmethod
    @lru_cache(maxsize=1)
    def load(cls) -> "Lexicon":
        raw = json.loads(data_path("lexicon.json").read_text(encoding="utf-8"))
        schema = json.loads(data_path("lexicon.schema.json").read_text(encoding="utf-8"))
        validate(raw, schema)
        words = {k: frozenset(v) for k, v in raw["words"].items()}
        property_preps = {k: tuple(v) for k, v in raw.get("property_preps", {}).items()}
        verbs, nouns = _hand_triggers(raw["verbs"]), _hand_triggers(raw["nouns"])
        compiled = _load_compiled()
        no_default = frozenset(compiled.get("_risky", {})) | words.get("cameo_no_default", frozenset())
        for lemma, triggers in _compiled_triggers(compiled.get("verbs", {}), property_preps,
                                                  _replacing(raw["verbs"]), no_default).items():
            verbs[lemma] = verbs.get(lemma, []) + triggers
        for lemma, triggers in _compiled_triggers(compiled.get("nouns", {}), property_preps,
                                                  _replacing(raw["nouns"]), no_default).items():
            nouns[lemma] = nouns.get(lemma, []) + triggers
        lexicon = cls(
            verbs={k: tuple(v) for k, v in verbs.items()},
            nouns={k: tuple(v) for k, v in nouns.items()},
            themes={k: frozenset(v) for k, v in raw["themes"].items()},
            words=words, maps={k: dict(v) for k, v in raw["maps"].items()},
            property_sets={k: frozenset(v) for k, v in raw["property_sets"].items()},
            titles=_titles(), names={k: tuple(v) for k, v in raw["names"].items()},
            forms={**compiled.get("forms", {}), **raw["maps"].get("forms", {})})
        lexicon.check_properties()
        return lexicon

    def check_properties(self) -> None:
        """Every property the lexicon names must exist in the ontology."""
        from kg.vocab import relation_properties

        known = set(relation_properties())
        unknown = sorted(self.properties() - known)
        if unknown:
            raise SchemaError(f"lexicon names properties the ontology lacks: {unknown}")

    def title_relation(self, phrase: str) -> str | None:
        return self.titles.get(phrase.lower())

    def properties(self) -> set[str]:
        """Every property the lexicon can produce."""
        named = {t.property for ts in (*self.verbs.values(), *self.nouns.values()) for t in ts}
        return (named | set(self.titles.values()) | set(self.maps["negated_means"].values()) | set(self.maps["planned_means"].values())
                | set(self.maps["theme_property"].values()) | set().union(*self.property_sets.values())
                | {"alliedWith", "memberOf", "concedesTo"})

    def theme_of(self, token: Any) -> str | None:
        """Which theme ('troops', 'weapons', 'aid') a noun names, looking through
        quantities ("hundreds of doctors") and compounds ("drone deliveries")."""
        for candidate in _theme_candidates(token, self.words["quantity_nouns"]):
            for theme, words in self.themes.items():
                if candidate.lemma_.lower() in words or candidate.lower_ in words:
                    return theme
        return None

    def lemma(self, token: Any) -> str:
        """The token's lemma, corrected where the tagger is known to miss ('hopes' -> 'hope')."""
        return self.forms.get(token.lower_, token.lemma_.lower())

    def verb_lemma(self, verb: Any) -> str:
        """The verb's lemma, with its particle when the lexicon knows the pair ('shoot down')."""
        lemma = self.lemma(verb)
        particles = [c.lower_ for c in verb.children if c.dep_ == "prt"]
        if particles and f"{lemma} {particles[0]}" in self.verbs:
            return f"{lemma} {particles[0]}"
        return lemma


def _load_compiled() -> dict[str, Any]:
    path = data_path("cameo_lexicon.json")
    if not path.exists():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


def _titles() -> dict[str, str]:
    with open(data_path("titles.tsv"), encoding="utf-8", newline="") as handle:
        rows = csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t")
        return {r["phrase"]: r["relation"] for r in rows}


def _theme_candidates(token: Any, quantities: frozenset[str]) -> Iterable[Any]:
    ofs = [obj for prep in token.children if prep.dep_ == "prep" and prep.lower_ == "of"
           for obj in prep.children if obj.dep_ == "pobj"]
    ofs += [c for obj in ofs for c in obj.children if c.dep_ == "compound"]
    compounds = [c for c in token.children if c.dep_ == "compound"]
    if token.lemma_.lower() in quantities:  # "a package of weapons": the weapons decide
        return [*ofs, token]
    # "expressions of support" are not support: only a quantity looks through "of"
    return [token, *compounds]


@lru_cache(maxsize=1)
def title_heads() -> frozenset[str]:
    """Single words that end a title ('ambassador', 'minister', 'spokesperson' ...)."""
    return frozenset(p.split()[-1] for p in Lexicon.load().titles if " of " not in p)


@lru_cache(maxsize=1)
def title_words() -> frozenset[str]:
    """Every word of every title phrase ('crown', 'prince', 'foreign', 'minister' ...), and
    the modifiers that go with titles ('deputy', 'acting')."""
    lex = Lexicon.load()
    words = {w for p in lex.titles for w in p.replace("-", " ").split()} | lex.words["role_modifiers"]
    return frozenset(words - {"of", "the", "for", "to"})
