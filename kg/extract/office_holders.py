"""Office-holders with tenure dates: whom a named person acted for on a given day.

Where an article names a person without saying whom they speak for, PETRARCH2's
office-holder lists may: ``office_holders.tsv`` (compiled by
``tools/petrarch/compile_office_holders.py``; source and licence in ``kg/data/SOURCES.md``)
gives, per person, the state or international body, the sector and the tenure.  The text
always wins: call this only when the article gives no affiliation.

PETRARCH2's lists end around 2014-15.  An open end there means "still in office when the
list was made", so a tenure that ended later would still be open (Angela Merkel chancellor in
2022), and anyone who took office after 2015 would be missing.  A second table
(``office_holders_recent.tsv``, facts from Wikidata, entered by hand) gives heads of state,
government and international bodies, and ministers news names by surname alone, since about
2015; a listed person's open PETRARCH2 tenure ends where their first tenure there begins.
Lookups never guess: a name that the lists give to two actors on the date, or to two actors
overall when there is no date, gets no answer.

>>> holders = OfficeHolders.load()
>>> holders.lookup("Angela Merkel", "2015-06-01")
Holding(country_key='state:DEU', relation='leads', sector='GOV', start='2005-11-22', end='2021-12-08')
>>> holders.lookup("Angela Merkel", "2022-06-01") is None
True
>>> holders.lookup("Tony Blair", "2012-01-01") is None     # left office in 2007
True
>>> holders.lookup("VLADIMIR V. PUTIN", "2004-05-01").country_key
'state:RUS'
>>> holders.lookup("Recep Tayyip Erdoğan", None).relation   # accents do not matter
'leads'
>>> holders.lookup("Ban Ki-moon", None) is None   # South Korea, then the UN: no date, no answer
True
>>> holders.lookup("Ban Ki-moon", "2010-01-01").country_key
'org:un'
>>> holders.leader_by_surname("Trump", "2017-03-01")    # from the recent holders
('Donald Trump', Holding(country_key='state:USA', relation='leads', sector='GOV', start='2017-01-20', end='2021-01-20'))
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import unicodedata
from collections import defaultdict
from functools import lru_cache
from typing import NamedTuple

from kg.resources import data_path

FILE = "office_holders.tsv"
#: Tenures since about 2015, written for geokg in the same columns (see the module docstring).
RECENT_FILE = "office_holders_recent.tsv"
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


class Holding(NamedTuple):
    """One tenure: the actor's gazetteer key (``state:DEU``, ``org:un``), ``leads`` or
    ``represents``, the PETRARCH sector (``GOV``, ``MIL``...), and ISO start and end dates
    (empty when open)."""

    country_key: str
    relation: str
    sector: str
    start: str
    end: str

    def contains(self, day: str, grace_days: int = 0) -> bool:
        """Whether ``day`` falls in the tenure, or up to ``grace_days`` after it ended."""
        end = self.end
        if end and grace_days:
            end = (dt.date.fromisoformat(end) + dt.timedelta(days=grace_days)).isoformat()
        return (not self.start or self.start <= day) and (not end or day <= end)

    @property
    def dated(self) -> bool:
        return bool(self.start or self.end)


def normal_name(name: str) -> str:
    """Comparison key: accents, case and punctuation removed.

    >>> normal_name("Recep Tayyip Erdoğan"), normal_name("KIM JONG-UN"), normal_name("Vladimir V. Putin")
    ('recep tayyip erdogan', 'kim jong un', 'vladimir v putin')
    """
    decomposed = unicodedata.normalize("NFKD", name)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[\W_]+", " ", bare.casefold()).strip()


def gazetteer_key(country: str) -> str:
    """``DEU`` -> ``state:DEU``; ``org:un`` stays."""
    return country if country.startswith("org:") else f"state:{country}"


def _day(date: str | None) -> str | None:
    if date is None:
        return None
    if not _DAY.match(date):
        raise ValueError(f"date must start with YYYY-MM-DD, got {date!r}")
    return date[:10]


def _on_day(holdings: list[Holding], day: str) -> Holding | None:
    """The tenure containing ``day``: dated tenures first, undated ones as PETRARCH's default."""
    for candidates in ([h for h in holdings if h.dated], [h for h in holdings if not h.dated]):
        hits = [h for h in candidates if h.contains(day)]
        if not hits:
            continue
        if len({h.country_key for h in hits}) > 1:
            return None
        return max(hits, key=lambda h: (h.relation == "leads", h.start))
    return None


def _overall(holdings: list[Holding]) -> Holding | None:
    """One holding spanning all tenures, when they agree on actor and relation."""
    if len({(h.country_key, h.relation) for h in holdings}) != 1:
        return None
    latest = max(holdings, key=lambda h: h.start)
    start = "" if any(not h.start for h in holdings) else min(h.start for h in holdings)
    end = "" if any(not h.end for h in holdings) else max(h.end for h in holdings)
    return latest._replace(start=start, end=end)


class OfficeHolders:
    """The compiled lists, indexed by the normalised name and every name variant."""

    def __init__(self, rows: list[dict[str, str]]):
        index: dict[str, set[Holding]] = defaultdict(set)
        spelled: dict[str, set[str]] = defaultdict(set)
        heads: dict[str, set[tuple[str, Holding]]] = defaultdict(set)
        surnames: dict[str, set[tuple[str, Holding]]] = defaultdict(set)
        for row in rows:
            holding = Holding(gazetteer_key(row["country"]), row["relation"], row["sector"],
                              row["start"], row["end"])
            names = [row["name"], *filter(None, row["variants"].split("|"))]
            for name in names:
                index[normal_name(name)].add(holding)
                spelled[normal_name(name)].add(row["name"])
            surnames[normal_name(row["name"]).split()[-1]].add((row["name"], holding))
            if holding.relation == "leads":
                parts = normal_name(row["name"]).split()
                # "Putin"; and family names written first ("Xi" of Xi Jinping)
                for key in {parts[-1], parts[0]} if len(parts) == 2 else {parts[-1]}:
                    heads[key].add((row["name"], holding))
        self._index = {key: sorted(value) for key, value in index.items()}
        self._heads = {key: sorted(value) for key, value in heads.items()}
        self._surnames = {key: sorted(value) for key, value in surnames.items()}
        # one spelling per listed person (rows may write "Bashar al Assad" and "Bashar al-Assad")
        spelling: dict[str, str] = {}
        for names_ in spelled.values():
            for name in names_:
                spelling[normal_name(name)] = min(name, spelling.get(normal_name(name), name))
        self._names = {key: spelling[normal_name(min(value))] for key, value in spelled.items()
                       if len({normal_name(v) for v in value}) == 1}

    @classmethod
    def load(cls) -> OfficeHolders:
        """The shipped table, read once."""
        return _load()

    def holdings(self, full_name: str) -> list[Holding]:
        """Every tenure listed under a name, sorted."""
        return list(self._index.get(normal_name(full_name), []))

    def lookup(self, full_name: str, date: str | None = None) -> Holding | None:
        """Whom ``full_name`` acted for on ``date`` (``YYYY-MM-DD``...), or None.

        With a date: the tenure containing it (a ``leads`` tenure before a ``represents``
        one, then the latest start); None when tenures on that date name two actors.
        Without a date: a holding only when all the person's tenures agree on one actor
        and one relation, spanning them all.
        """
        holdings = self.holdings(full_name)
        if not holdings:
            return None
        day = _day(date)
        return _overall(holdings) if day is None else _on_day(holdings, day)

    def is_surname(self, word: str) -> bool:
        """Whether some listed office-holder has this surname ("Netanyahu"; not "Greenpeace").

        >>> holders = OfficeHolders.load()
        >>> holders.is_surname("Netanyahu"), holders.is_surname("Greenpeace")
        (True, False)
        """
        return normal_name(word) in self._surnames

    def first_names(self) -> frozenset[str]:
        """The first word of every listed name of two words or more, normalised: mostly
        given names ("vladimir"), with family names written first ("xi") and particles.

        >>> "angela" in OfficeHolders.load().first_names()
        True
        """
        return frozenset(key.split()[0] for key in self._index if " " in key)

    def name_of(self, full_name: str) -> str | None:
        """The lists' own spelling of a name they give as a variant, when only one listed
        person has it: "Sergei Lavrov" is Sergey Lavrov, "Donald J. Trump" Donald Trump.

        >>> OfficeHolders.load().name_of("Sergei Lavrov")
        'Sergey Lavrov'
        """
        return self._names.get(normal_name(full_name))

    def leader_by_surname(self, surname: str, date: str | None) -> tuple[str, Holding] | None:
        """The one head of state, government or organisation with this surname in office on
        ``date``, with their full name: "Merkel" in 2015 is Angela Merkel.  News writes
        leaders by surname alone; only a dated article and a single match give an answer.

        >>> OfficeHolders.load().leader_by_surname("Merkel", "2015-08-31")[0]
        'Angela Merkel'
        >>> OfficeHolders.load().leader_by_surname("Merkel", None) is None
        True
        """
        day = _day(date)
        if day is None:
            return None
        found = [(name, h) for name, h in self._heads.get(normal_name(surname), []) if h.contains(day)]
        return found[0] if len({name for name, _ in found}) == 1 else None

    def sole_leader_by_surname(self, surname: str) -> tuple[str, Holding] | None:
        """For an undated article that titles a leader by surname ("President Trump"): the
        latest tenure, when every head ever listed with that surname is one person.

        >>> OfficeHolders.load().sole_leader_by_surname("Trump")[1].country_key
        'state:USA'
        >>> OfficeHolders.load().sole_leader_by_surname("Bush") is None   # two presidents
        True
        """
        found = self._heads.get(normal_name(surname), [])
        if len({name for name, _ in found}) != 1:
            return None
        return max(found, key=lambda pair: pair[1].start)

    def holder_by_surname(self, surname: str, date: str | None,
                          grace_days: int = 0) -> tuple[str, Holding] | None:
        """The one office-holder of any rank with this surname in office on ``date`` (or
        left it at most ``grace_days`` before), with their full name: "Rabin" in 1995 is
        Yitzhak Rabin.  Ministers are many, so callers ask this only when the article names
        the actor the holder serves.

        >>> OfficeHolders.load().holder_by_surname("Rabin", "1995-09-28")[0]
        'Yitzhak Rabin'
        >>> OfficeHolders.load().holder_by_surname("Flynn", "2017-03-02") is None   # left on 13 February
        True
        >>> OfficeHolders.load().holder_by_surname("Flynn", "2017-03-02", grace_days=365)[0]
        'Michael Flynn'
        """
        day = _day(date)
        if day is None:
            return None
        found = [(name, h) for name, h in self._surnames.get(normal_name(surname), [])
                 if h.contains(day, grace_days)]
        return found[0] if len({name for name, _ in found}) == 1 else None

    def __len__(self) -> int:
        return len(self._index)


def read_rows(name: str) -> list[dict[str, str]]:
    """The rows of one office-holder table in ``kg/data``."""
    with data_path(name).open(encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


@lru_cache(maxsize=1)
def _load() -> OfficeHolders:
    """PETRARCH2's lists and the recent table; a person the recent table lists keeps only the
    PETRARCH2 tenures before their first recent one (an open end is cut there)."""
    recent = read_rows(RECENT_FILE)
    first: dict[str, str] = {}
    for row in recent:
        for name in [row["name"], *filter(None, row["variants"].split("|"))]:
            key = normal_name(name)
            first[key] = min(first.get(key, row["start"]), row["start"])
    return OfficeHolders([*_until_recent(read_rows(FILE), first), *recent])


def _until_recent(rows: list[dict[str, str]], first: dict[str, str]) -> list[dict[str, str]]:
    """PETRARCH2 rows cut at the person's first recent tenure; rows left empty are dropped."""
    kept = []
    for row in rows:
        start = first.get(normal_name(row["name"]))
        if start is None:
            kept.append(row)
        elif row["start"] and row["start"] < start:
            end = row["end"] if row["end"] and row["end"] <= start else start
            kept.append({**row, "end": end})
    return kept
