"""The gazetteer: known states, organisations and groups, and every way text names them.

Each surface form carries a *kind*, because the kind decides when a mention acts:
a country's name always names the actor, a capital or seat of power ("Pyongyang",
"the Kremlin") only when it acts rather than hosts, and a demonym ("North Korean") only
when it modifies an actor noun ("North Korean troops").

Data: ``countries.tsv`` and ``organizations.tsv`` (sources and licences in
``kg/data/SOURCES.md``) and geokg's own ``groups.tsv``.

>>> gaz = Gazetteer.load()
>>> gaz.by_key["state:PRK"].wikidata
'Q423'
>>> sorted(s.kind for s in gaz.surfaces if s.text == "Pyongyang")
['capital']
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from kg import ids
from kg.records import Entity
from kg.resources import data_path

#: Surface kinds.  NAME and ACRONYM always act; the others act only in some positions.
NAME, ACRONYM, CAPITAL, METONYM, DEMONYM, PEOPLE = (
    "name", "acronym", "capital", "metonym", "demonym", "people")

#: Names that are never linked on their own, because they name several actors, and longer
#: names that contain a gazetteer name but are not that actor ("Washington State", "New
#: Jersey"), whose inner match is dropped: both are data (``names`` in ``lexicon.json``).


def ambiguous_names() -> frozenset[str]:
    from kg.extract.lexicon import Lexicon
    return frozenset(Lexicon.load().names["ambiguous"])


def blocking_phrases() -> tuple[str, ...]:
    from kg.extract.lexicon import Lexicon
    return Lexicon.load().names["blocking_phrases"]


@dataclass(frozen=True)
class Surface:
    """One way of naming an entity in text."""

    text: str
    key: str
    kind: str


def _cells(value: str) -> list[str]:
    return [v.strip() for v in value.split("|") if v.strip()]


def _is_acronym(text: str) -> bool:
    return bool(re.fullmatch(r"[A-Z][A-Z.\-&+]*[A-Z.+]", text)) and sum(c.isupper() for c in text) >= 2


def _plural(demonym: str) -> str | None:
    """'American' -> 'Americans'; demonyms in -ese/-ish/-ch are their own plural ('the Chinese')."""
    if re.search(r"(ese|ish|ch|sh|ss)$", demonym):
        return None
    return demonym + "s"


def _rows(name: str) -> Iterator[dict[str, str]]:
    with open(data_path(name), encoding="utf-8", newline="") as handle:
        lines = (line for line in handle if not line.startswith("#"))
        yield from csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)


class Gazetteer:
    """Entities by key (``state:PRK``, ``org:nato``, ``group:west``) and their surface forms."""

    def __init__(self, entities: dict[str, Entity], surfaces: list[Surface],
                 members: dict[str, frozenset[str]]):
        self.by_key = entities
        self.surfaces = surfaces
        self.members = members
        self.key_of_iri = {e.iri: k for k, e in entities.items()}

    @classmethod
    @lru_cache(maxsize=1)
    def load(cls) -> "Gazetteer":
        builder = _Builder(ambiguous_names())
        builder.countries(_rows("countries.tsv"))
        builder.organizations(_rows("organizations.tsv"))
        builder.groups(_rows("groups.tsv"))
        return cls(builder.entities, builder.distinct_surfaces(), builder.members)

    def entity(self, key: str) -> Entity:
        return self.by_key[key]


class _Builder:
    """Collects entities and their surface forms from the gazetteer files."""

    def __init__(self, ambiguous: frozenset[str]):
        self.ambiguous = ambiguous
        self.entities: dict[str, Entity] = {}
        self.surfaces: list[Surface] = []
        self.members: dict[str, frozenset[str]] = {}

    def add(self, text: str, key: str, kind: str) -> None:
        text = text.strip()
        if not text or text in self.ambiguous:
            return
        if kind == NAME and _is_acronym(text):
            kind = ACRONYM
        self.surfaces.append(Surface(text, key, kind))
        if kind == ACRONYM and len(text) >= 4 and text.isalpha():
            # "Nato", "Opec", "Unicef": news style writes long acronyms as words; short ones
            # ("Un", "Us") would be ordinary words, so only four letters and more
            self.surfaces.append(Surface(text.capitalize(), key, ACRONYM))
        if kind in (NAME, METONYM) and text.startswith("the "):
            self.surfaces.append(Surface(text[4:], key, kind))

    def countries(self, rows: Iterator[dict[str, str]]) -> None:
        for row in rows:
            code = row["iso3"] or ids.slug(row["name"])
            key = f"state:{code}"
            self.entities[key] = Entity(ids.state_iri(code), row["name"], "State",
                                        row["iso3"] or None, row["wikidata"] or None)
            for text in [row["name"], row["official_name"], *_cells(row["aliases"])]:
                self.add(text, key, NAME)
            self.add(row["capital"], key, CAPITAL)
            for text in _cells(row["metonyms"]):
                self.add(text, key, METONYM)
            for demonym in _cells(row["demonym"].replace(",", "|").replace(" or ", "|")):
                self.add(demonym, key, DEMONYM)
                self.add(_plural(demonym) or "", key, PEOPLE)

    def organizations(self, rows: Iterator[dict[str, str]]) -> None:
        """Organisations; armed and political groups are typed Group, and a company that acts
        for a state records that state's code as its ``state`` (Gazprom: RUS)."""
        from kg.extract.lexicon import Lexicon

        group_types = Lexicon.load().names["group_types"]
        for row in rows:
            key = f"org:{row['key']}"
            qid = row["wikidata"].rstrip("?") or None
            kind = "Group" if any(row["type"].startswith(t) for t in group_types) else "Organization"
            self.entities[key] = Entity(ids.org_iri(row["key"]), row["name"], kind, None, qid,
                                        state=row.get("state") or None)
            for text in [row["name"], *_cells(row["aliases"])]:
                self.add(text, key, NAME)
            self.members[key] = frozenset(f"state:{m}" for m in _cells(row["members"]))

    def groups(self, rows: Iterator[dict[str, str]]) -> None:
        for row in rows:
            key = f"group:{row['key']}"
            self.entities[key] = Entity(ids.group_iri(row["label"]), row["label"], "Group")
            for text in _cells(row["aliases"]):
                self.add(text, key, NAME)

    def distinct_surfaces(self) -> list[Surface]:
        """A demonym shared by two states ("Congolese", "Dominican") names neither; a form
        that is also a name ("Taiwan" as a demonym) is a name; each form is listed once."""
        owners: dict[str, set[str]] = {}
        for s in self.surfaces:
            if s.kind in (DEMONYM, PEOPLE):
                owners.setdefault(s.text, set()).add(s.key)
        surfaces = [s for s in self.surfaces if not (s.kind in (DEMONYM, PEOPLE) and len(owners[s.text]) > 1)]
        names = {(s.text, s.key) for s in surfaces if s.kind in (NAME, ACRONYM)}
        return list(dict.fromkeys(
            s for s in surfaces if s.kind in (NAME, ACRONYM) or (s.text, s.key) not in names))

