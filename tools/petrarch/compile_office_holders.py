"""Compile PETRARCH2's office-holder lists into ``kg/data/office_holders.tsv``.

Run ``python tools/petrarch/compile_office_holders.py`` from anywhere (``--stats`` also
prints what was kept and dropped).  Inputs, all beside this file unless noted:

* ``Phoenix.Countries.actors.txt`` and ``Phoenix.International.actors.txt`` -- the PETRARCH2
  actor dictionaries (MIT, (c) 2014 Open Event Data Alliance; openeventdata/petrarch2
  @676801c, ``petrarch2/data/dictionaries/``), unchanged;
* ``sectors.tsv``, ``igo_codes.tsv``, ``words.tsv``, ``corrections.tsv`` -- geokg's own
  tables (CC0): which role codes act for a state, which IGO codes name one of our
  organisations, the title and name vocabulary, and two repaired dates;
* ``kg/data/countries.tsv`` and ``kg/data/organizations.tsv`` -- our gazetteers: a code is
  kept only if its country is one of our ISO3 keys or its IGO code maps to one of our
  organisations.

Why a compiled table: the dictionaries list persons with dated codes (``[RUSGOV
991231-080507]``) so that a coder can tell who held office on an article's date.  We keep
only what answers "whom does this person act for, on this date": persons (a name of two
or more words, no title or institution word), and rows whose role code acts for a state
(government, armed forces, intelligence, police) or for one of our international bodies.
Opposition, elite, rebel, legislature and court rows are dropped: they do not speak for the
state.  A row is ``leads`` when the entry carries a head title ("PRESIDENT_PUTIN_",
"CHANCELLOR_ANGELA_MERKEL") and its code is the bare government code (``RUSGOV``, not the
ministry code ``RUSGOVEDU``); otherwise ``represents``.

Dates: ``YYMMDD`` is read as 20YY when YY <= 30 and as 19YY otherwise.  The lists were
generated in January 2014 and updated to about 2015; their six-digit dates use YY 00-14 and
31-99 only, and dates before 1931 are written with eight digits (``19270101``).  ``>D``
opens a tenure at D with no end, ``<D`` closes one at D with no known start, a code without
dates has neither (PETRARCH's default for any date).

The output is deterministic (rows sorted, ``\\n`` line ends); a test reruns this module
and compares bytes.

>>> parse_date("011222"), parse_date("19270101"), parse_date("9008223")
('2001-12-22', '1927-01-01', None)
>>> parse_code("RUSGOV 991231-080507")
('RUSGOV', '1999-12-31', '2008-05-07')
>>> parse_code("DEUGOV >051122"), parse_code("EGYGOV > 140608"), parse_code("GBRSPY")
(('DEUGOV', '2005-11-22', ''), ('EGYGOV', '2014-06-08', ''), ('GBRSPY', '', ''))
>>> parse_code("MNEGOV 20121204") is None, parse_code("EGYGOV 20121207-20120802") is None
(True, True)
>>> written(["BASHAR", "AL-ASSAD"], VOCABULARY.particles)
'Bashar al-Assad'
>>> written(["JOHN", "MCCAIN"], VOCABULARY.particles), written(["XI", "JINPING"], VOCABULARY.particles)
('John McCain', 'Xi Jinping')
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
DICTIONARIES = (HERE / "Phoenix.Countries.actors.txt", HERE / "Phoenix.International.actors.txt")
COUNTRIES = ROOT / "kg" / "data" / "countries.tsv"
ORGANIZATIONS = ROOT / "kg" / "data" / "organizations.tsv"
OUTPUT = ROOT / "kg" / "data" / "office_holders.tsv"

CENTURY_PIVOT = 30  # YYMMDD with YY <= 30 is 20YY, else 19YY (see the module docstring)
COLUMNS = ("name", "variants", "country", "sector", "start", "end", "relation")
HEADER = """\
# Office-holders with tenure dates, compiled from PETRARCH2's actor dictionaries
# Phoenix.Countries.actors.txt and Phoenix.International.actors.txt (openeventdata/petrarch2
# @676801c, petrarch2/data/dictionaries/; MIT licence, (c) 2014 Open Event Data Alliance; the
# licence is in tools/petrarch/LICENSE). Rebuild: python tools/petrarch/compile_office_holders.py
# The lists end around 2014-15: an empty end means "still in office then", not today.
# Dates YYYY-MM-DD; six-digit source dates YYMMDD read as 20YY for YY <= 30, else 19YY.
# country: ISO3 key of kg/data/countries.tsv, or org:<key> of kg/data/organizations.tsv.
# relation: leads (head of state, government or organisation) or represents.
"""


# --------------------------------------------------------------------------- tables

def _rows(path: Path) -> list[dict[str, str]]:
    """Rows of one of our TSV files, skipping ``#`` comment lines."""
    with path.open(encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


@dataclass(frozen=True)
class Sector:
    """What a role code (``GOV``, ``GOVLEG``, ``MIL``...) means for us."""

    code: str
    sector: str
    relation: str
    may_lead: bool


@dataclass(frozen=True)
class Vocabulary:
    """Word lists from ``words.tsv``, plus demonyms and place words from our gazetteers."""

    lead_titles: tuple[tuple[str, ...], ...]
    negators: frozenset[str]
    honorifics: frozenset[str]
    offices: frozenset[str]
    particles: frozenset[str]
    not_name: frozenset[str]
    demonyms: frozenset[str]
    places: frozenset[str]


@lru_cache(maxsize=1)
def sectors() -> dict[str, Sector]:
    return {r["code"]: Sector(r["code"], r["sector"], r["relation"], r["may_lead"] == "yes")
            for r in _rows(HERE / "sectors.tsv")}


@lru_cache(maxsize=1)
def igo_codes() -> dict[str, str]:
    """PETRARCH IGO code -> ``org:<key>``, checked against our organisations."""
    known = {r["key"] for r in _rows(ORGANIZATIONS)}
    table = {r["code"]: r["org"] for r in _rows(HERE / "igo_codes.tsv")}
    missing = sorted(org for org in table.values() if org not in known)
    if missing:
        raise ValueError(f"{HERE / 'igo_codes.tsv'}: organisations not in {ORGANIZATIONS}: {missing}")
    return {code: f"org:{org}" for code, org in table.items()}


@lru_cache(maxsize=1)
def country_keys() -> frozenset[str]:
    return frozenset(r["iso3"] for r in _rows(COUNTRIES))


def _words(text: str) -> list[str]:
    return [w for w in re.split(r"[\s|]+", text.upper()) if w]


def _load_vocabulary() -> Vocabulary:
    kinds: dict[str, set[str]] = {}
    for r in _rows(HERE / "words.tsv"):
        kinds.setdefault(r["kind"], set()).add(r["word"])
    countries = _rows(COUNTRIES)
    demonyms = {w for r in countries for w in _words(r["demonym"])}
    places = {w for r in countries for col in ("name", "aliases") for w in _words(r[col])}
    places |= {w for r in _rows(ORGANIZATIONS) for col in ("name", "aliases") for w in _words(r[col])}
    return Vocabulary(
        lead_titles=tuple(sorted(tuple(t.split()) for t in kinds["lead_title"])),
        negators=frozenset(kinds["negator"]),
        honorifics=frozenset(kinds["honorific"]),
        offices=frozenset(kinds["office"]),
        particles=frozenset(kinds["particle"]),
        not_name=frozenset(kinds["not_name"]),
        demonyms=frozenset(demonyms),
        places=frozenset(places | demonyms | {"THE"}),
    )


VOCABULARY = _load_vocabulary()


@lru_cache(maxsize=1)
def corrections() -> dict[tuple[str, str], str]:
    return {(r["entry"], r["as_written"]): r["as_meant"] for r in _rows(HERE / "corrections.tsv")}


# --------------------------------------------------------------------------- parsing

@dataclass
class Entry:
    """One dictionary entry: a headword, its ``+`` synonyms and its bracketed codes."""

    head: str
    source: str
    line: int
    synonyms: list[str] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)


def _phrase(words: str) -> str:
    """The first phrase of a line's word part (``OSMAN_OLCAY\t_TURKEY_`` -> ``OSMAN_OLCAY``)."""
    parts = words.split()
    return parts[0].upper() if parts else ""


def parse_dictionary(text: str, source: str) -> list[Entry]:
    """Entries of a TABARI actor dictionary, in file order.

    >>> [e.head for e in parse_dictionary("# c\\nA_B_  # x\\n+C_D\\n\\t[RUSGOV]\\nE_F [USAGOV]\\n", "t")]
    ['A_B_', 'E_F']
    """
    entries: list[Entry] = []
    for number, raw in enumerate(text.splitlines(), 1):
        body = raw.split("#", 1)[0]
        codes = re.findall(r"\[([^\]]*)\]", body)
        words = body.split("[", 1)[0]
        if raw.startswith("+") and entries:
            entries[-1].synonyms.append(_phrase(words[1:]))
            entries[-1].codes.extend(codes)
        elif raw[:1] in (" ", "\t") and entries:
            entries[-1].codes.extend(codes)
        elif _phrase(words):
            entries.append(Entry(_phrase(words), source, number, codes=list(codes)))
    return entries


def parse_date(digits: str) -> str | None:
    """ISO date of a PETRARCH date (``YYMMDD`` or ``YYYYMMDD``), or None if malformed."""
    if not digits.isdigit() or len(digits) not in (6, 8):
        return None
    if len(digits) == 6:
        yy = int(digits[:2])
        year = (2000 if yy <= CENTURY_PIVOT else 1900) + yy
    else:
        year = int(digits[:4])
    try:
        return date(year, int(digits[-4:-2]), int(digits[-2:])).isoformat()
    except ValueError:
        return None


def parse_code(text: str) -> tuple[str, str, str] | None:
    """``(code, start, end)`` of a bracket's content, or None if its dates are malformed."""
    code, _, span = text.strip().partition(" ")
    span = span.replace(" ", "")
    if not span:
        return code, "", ""
    if span[0] in "<>":
        day = parse_date(span[1:])
        if day is None:
            return None
        return (code, day, "") if span[0] == ">" else (code, "", day)
    first, dash, last = span.partition("-")
    start, end = parse_date(first), parse_date(last)
    if not dash or start is None or end is None or end < start:
        return None  # end before start: a typo in the source, no tenure to trust
    return code, start, end


# --------------------------------------------------------------------------- names

def tokens(phrase: str) -> list[str]:
    return [t for t in phrase.upper().split("_") if t]


_NAME_TOKEN = re.compile(r"[^\W\d_](?:[^\W\d_]|[.'’-])*")


def is_name(words: list[str], vocab: Vocabulary = VOCABULARY) -> bool:
    """A personal name: two or more words, no title, office or institution word.

    >>> is_name(["VLADIMIR", "V.", "PUTIN"]), is_name(["PUTIN"]), is_name(["PRESIDENT", "PUTIN"])
    (True, False, False)
    >>> is_name(["RUSSIAN", "PRESIDENT", "YELTSIN"]), is_name(["JOHN", "MAJOR"])
    (False, True)
    >>> is_name(["ISRAEL", "DEFENCE", "FORCES"]), is_name(["SHIN", "BET"])
    (False, False)
    >>> is_name(["VICE-PRESIDENT", "JOE", "BIDEN"]), is_name(["BASHAR", "AL-ASSAD"])
    (False, True)
    """
    if len([w for w in words if w not in vocab.particles]) < 2:
        return False
    if words[0] in vocab.honorifics or words[0] in vocab.demonyms:
        return False
    pieces = [p for w in words for p in [w, *w.split("-")]]  # "VICE-PRESIDENT"
    if any(p in vocab.offices or p in vocab.not_name for p in pieces):
        return False
    return all(_NAME_TOKEN.fullmatch(w) for w in words)


def _case(piece: str, first: bool, particles: frozenset[str]) -> str:
    if not first and piece in particles:
        return piece.lower()
    if not first and re.fullmatch(r"[IVX]+", piece) and len(piece) > 1:
        return piece  # regnal numbers: "Abdullah II" (but "Xi Jinping")
    if piece.startswith("MC") and len(piece) > 2:
        return "Mc" + piece[2:].capitalize()
    head, apostrophe, rest = piece.partition("'")
    if apostrophe and len(head) == 1:
        return head + "'" + rest.capitalize()  # O'Brien, D'Alema
    return piece.capitalize()


def written(words: list[str], particles: frozenset[str]) -> str:
    """A name as a reader writes it: title case, particles in lower case."""
    out = []
    for i, word in enumerate(words):
        pieces = word.split("-")
        out.append("-".join(_case(p, i == 0 and j == 0, particles) for j, p in enumerate(pieces)))
    return " ".join(out)


def normal(name: str) -> str:
    """Comparison key of a name (the lookup module has the same rule, with accents removed)."""
    return re.sub(r"[^0-9a-z]+", " ", name.casefold()).strip()


def leads_title(words: list[str], vocab: Vocabulary = VOCABULARY) -> bool:
    """Whether a phrase gives a head title: preceded only by place words, not by a negator.

    >>> leads_title(tokens("GERMAN_CHANCELLOR_ANGELA_MERKEL")), leads_title(tokens("PRESIDENT_PUTIN_"))
    (True, True)
    >>> leads_title(tokens("VICE_PRESIDENT_JOE_BIDEN")), leads_title(tokens("SENATE_PRESIDENT_X_Y"))
    (False, False)
    >>> leads_title(tokens("PRESIDENT_OF_THE_SENATE_X")), leads_title(tokens("PRESIDENT_OF_RUSSIA"))
    (False, True)
    """
    for title in vocab.lead_titles:
        size = len(title)
        for i in range(len(words) - size + 1):
            if tuple(words[i:i + size]) != title:
                continue
            before, after = words[:i], [w for w in words[i + size:] if w != "THE"]
            if any(w in vocab.negators or w.startswith("EX-") for w in before):
                continue
            if not all(w in vocab.places for w in before):
                continue
            if after[:1] == ["OF"] and (len(after) < 2 or after[1] not in vocab.places):
                continue
            return True
    return False


# --------------------------------------------------------------------------- rows

@dataclass(frozen=True)
class Holder:
    """A person entry reduced to its written name, name variants and head-title flag."""

    name: str
    variants: tuple[str, ...]
    heads: bool


def holder(entry: Entry, vocab: Vocabulary = VOCABULARY) -> Holder | None:
    """The person an entry names, or None when no phrase of it is a personal name."""
    phrases = [tokens(p) for p in [entry.head, *entry.synonyms]]
    names = [p for p in phrases if is_name(p, vocab)]
    if not names:
        return None
    canonical = written(names[0], vocab.particles)
    seen, variants = {normal(canonical)}, []
    for words in names[1:]:
        text = written(words, vocab.particles)
        if normal(text) not in seen:
            seen.add(normal(text))
            variants.append(text)
    heads = any(leads_title(p, vocab) for p in phrases)
    return Holder(canonical, tuple(sorted(variants)), heads)


def resolve(code: str) -> tuple[str, str] | None:
    """``(country key, role)`` of a code, or None when neither a country of ours nor a mapped IGO."""
    if code.startswith("IGO"):
        org = igo_codes().get(code)
        return (org, "IGO") if org else None
    if code[:3] in country_keys():
        return code[:3], code[3:]
    return None


def sector_of(role: str) -> Sector | None:
    """The longest ``sectors.tsv`` code that the role starts with."""
    table = sectors()
    for size in range(len(role), 2, -1):
        if role[:size] in table:
            return table[role[:size]]
    return None


def holding_rows(entry: Entry, person: Holder, stats: Counter) -> list[tuple[str, ...]]:
    """Output rows (without variants) of one person entry."""
    rows = []
    for text in entry.codes:
        text = corrections().get((entry.head, text.strip()), text)
        parsed = parse_code(text)
        if parsed is None:
            stats["code: malformed date"] += 1
            continue
        code, start, end = parsed
        resolved = resolve(code)
        sector = sector_of(resolved[1]) if resolved else None
        if sector is None or not sector.relation:
            stats["code: no country of ours, or no relation"] += 1
            continue
        leads = person.heads and sector.may_lead and resolved[1] == sector.code
        rows.append((person.name, resolved[0], sector.sector, start, end,
                     "leads" if leads else sector.relation))
    return rows


def compile_rows(texts: dict[str, str], stats: Counter) -> list[tuple[str, ...]]:
    """All output rows, merged on (name, country, sector, start, end) and sorted."""
    merged: dict[tuple[str, ...], dict] = {}
    for source, text in texts.items():
        for entry in parse_dictionary(text, source):
            stats["entries"] += 1
            person = holder(entry)
            if person is None:
                stats["entries: not a personal name"] += 1
                continue
            for row in holding_rows(entry, person, stats):
                slot = merged.setdefault(row[:5], {"variants": set(), "relations": set()})
                slot["variants"].update(person.variants)
                slot["relations"].add(row[5])
    out = []
    for (name, country, sector, start, end), slot in merged.items():
        relation = "leads" if "leads" in slot["relations"] else "represents"
        variants = "|".join(sorted(slot["variants"]))
        out.append((name, variants, country, sector, start, end, relation))
    out.sort(key=lambda r: (r[0].casefold(), r[0], r[2], r[3], r[4], r[5]))
    return out


def render(rows: list[tuple[str, ...]]) -> str:
    lines = [HEADER.rstrip("\n"), "\t".join(COLUMNS)]
    lines += ["\t".join(row) for row in rows]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=OUTPUT, help="where to write the TSV")
    parser.add_argument("--stats", action="store_true", help="print what was kept and dropped")
    args = parser.parse_args(argv)
    stats: Counter = Counter()
    texts = {path.name: path.read_text(encoding="utf-8") for path in DICTIONARIES}
    rows = compile_rows(texts, stats)
    args.out.write_text(render(rows), encoding="utf-8", newline="\n")
    if args.stats:
        stats["rows"] = len(rows)
        stats["persons"] = len({r[0] for r in rows})
        stats["countries and organisations"] = len({r[2] for r in rows})
        for key, value in sorted(stats.items()):
            print(f"{key}: {value}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
