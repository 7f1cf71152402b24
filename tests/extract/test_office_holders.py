"""The office-holder table is exactly what tools/petrarch/compile_office_holders.py makes from
the copied PETRARCH2 dictionaries, names only actors of our gazetteer, and answers lookups
by tenure without guessing."""

from __future__ import annotations

import doctest

import pytest
from tests.extract.tool_modules import tool_module

from kg.extract.gazetteer import Gazetteer
from kg.extract.office_holders import Holding, OfficeHolders
from kg.resources import data_path

@pytest.fixture(scope="module")
def compiler():
    """tools/petrarch/compile_office_holders.py."""
    yield from tool_module("petrarch/compile_office_holders.py", "office_holders_compile")


@pytest.fixture(scope="module")
def holders() -> OfficeHolders:
    return OfficeHolders.load()


@pytest.fixture(scope="module")
def rows() -> list[list[str]]:
    lines = data_path("office_holders.tsv").read_text(encoding="utf-8").splitlines()
    body = [line.split("\t") for line in lines if not line.startswith("#")]
    assert body[0] == ["name", "variants", "country", "sector", "start", "end", "relation"]
    return body[1:]


def test_office_holders_shipped_file_is_identical_to_a_fresh_compile(compiler, tmp_path):
    out = tmp_path / "office_holders.tsv"
    assert compiler.main(["--out", str(out)]) == 0
    assert out.read_bytes() == data_path("office_holders.tsv").read_bytes()


def test_office_holders_compiler_doctests_pass(compiler):
    result = doctest.testmod(compiler)
    assert result.attempted > 10
    assert result.failed == 0


def test_office_holders_file_names_its_source_and_licence_and_stays_small():
    path = data_path("office_holders.tsv")
    head = path.read_text(encoding="utf-8")[:1000]
    assert "openeventdata/petrarch2" in head and "MIT" in head
    assert "compile_office_holders.py" in head
    assert path.stat().st_size < 2_000_000


def test_office_holders_every_actor_is_in_the_gazetteer(rows):
    known = set(Gazetteer.load().by_key)
    keys = {row[2] if row[2].startswith("org:") else f"state:{row[2]}" for row in rows}
    assert keys - known == set()
    assert {"state:RUS", "state:USA", "org:un", "org:nato"} <= keys


def test_office_holders_rows_are_well_formed_and_unique(rows):
    assert all(len(row) == 7 for row in rows)
    assert {row[6] for row in rows} == {"leads", "represents"}
    for row in rows:
        assert len(row[0].split()) >= 2, row
        assert all(len(v.split()) >= 2 for v in filter(None, row[1].split("|"))), row
        assert all(day == "" or (len(day) == 10 and day[4] == "-") for day in row[4:6]), row
        assert not (row[4] and row[5]) or row[4] <= row[5], row
    keys = [(r[0], r[2], r[3], r[4], r[5]) for r in rows]
    assert len(keys) == len(set(keys))


def test_office_holders_drop_titles_and_opposition(rows):
    names = {row[0] for row in rows} | {v for row in rows for v in row[1].split("|")}
    assert not any(n.split()[0] in {"President", "Prime", "Chancellor", "Mr", "Vice-President"}
                   for n in filter(None, names))
    assert {row[3] for row in rows} <= {"GOV", "MIL", "SPY", "COP", "IGO"}


@pytest.mark.parametrize(("name", "date", "expected"), [
    ("Angela Merkel", "2015-06-01", ("state:DEU", "leads")),
    ("Vladimir Putin", "2003-01-01", ("state:RUS", "leads")),
    ("Vladimir Vladimirovich Putin", "2010-01-01", ("state:RUS", "leads")),
    ("Hamid Karzai", "2005-01-01", ("state:AFG", "leads")),
    ("Sergei Lavrov", "2010-01-01", ("state:RUS", "represents")),
    ("Tony Blair", "2005-01-20", ("state:GBR", "represents")),
    ("Kofi Annan", "2001-06-01", ("org:un", "leads")),
    ("Barack Obama", "2013-01-01", ("state:USA", "leads")),
])
def test_office_holders_lookup_inside_a_tenure(holders, name, date, expected):
    holding = holders.lookup(name, date)
    assert holding is not None
    assert (holding.country_key, holding.relation) == expected
    assert holding.contains(date)


@pytest.mark.parametrize(("name", "date"), [
    ("Tony Blair", "2012-01-01"),      # left office in June 2007
    ("Hamid Karzai", "1995-01-01"),    # before his tenure (only an elite row then)
    ("Kofi Annan", "2010-01-01"),      # secretary-general 1997-2006
    ("Vladimir Putin", "1990-01-01"),  # KGB and elite years: no government row
    ("Nobody Inparticular", "2010-01-01"),
])
def test_office_holders_lookup_outside_a_tenure_is_none(holders, name, date):
    assert holders.lookup(name, date) is None


def test_office_holders_lookup_ignores_case_accents_and_punctuation(holders):
    day = "2010-01-01"
    expected = holders.lookup("Recep Tayyip Erdogan", day)
    assert expected is not None and expected.country_key == "state:TUR"
    for written in ("RECEP TAYYIP ERDOĞAN", "recep tayyip erdogan", "Recep  Tayyip Erdoğan."):
        assert holders.lookup(written, day) == expected


def test_office_holders_without_a_date_answer_only_when_all_tenures_agree(holders):
    blair = holders.lookup("Tony Blair")
    assert blair == Holding("state:GBR", "represents", "GOV", "1997-05-02", "2007-06-30")
    # Ban Ki-moon: South Korean minister, then UN secretary-general -> two actors, no guess.
    assert {h.country_key for h in holders.holdings("Ban Ki-moon")} == {"state:KOR", "org:un"}
    assert holders.lookup("Ban Ki-moon") is None
    assert holders.lookup("Ban Ki-moon", "2005-01-01").country_key == "state:KOR"
    # Xi Jinping: vice-president (represents) then president (leads) -> two relations, no guess.
    assert {h.relation for h in holders.holdings("Xi Jinping")} == {"represents", "leads"}
    assert holders.lookup("Xi Jinping") is None


def test_office_holders_open_tenure_has_no_end(holders):
    king = holders.lookup("Abdullah II", "2014-01-01")
    assert king.end == ""
    assert holders.lookup("Abdullah II", "2030-01-01") == king  # PETRARCH2's lists end in 2014-15


def test_recent_table_replaces_a_listed_persons_open_tenure(holders):
    # PETRARCH2 leaves Merkel in office for ever; the recent table closes her tenure
    assert holders.lookup("Angela Merkel", "2014-01-01").country_key == "state:DEU"
    assert holders.lookup("Angela Merkel", "2022-06-01") is None
    assert holders.leader_by_surname("Scholz", "2022-06-01")[0] == "Olaf Scholz"
    assert holders.lookup("Donald Trump", "2018-03-01").relation == "leads"
    assert holders.lookup("Donald Trump", "2022-03-01") is None


def test_office_holders_reject_a_malformed_date(holders):
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        holders.lookup("Angela Merkel", "March 2015")


def test_recent_office_holders_are_well_formed_known_and_later_than_the_lists():
    """The hand-written table of holders since about 2015: same columns, actors of our
    gazetteer, dates in order, and each person in office after the PETRARCH2 lists end (their
    earlier tenures are there to replace PETRARCH2's open-ended ones)."""
    from kg.extract.office_holders import RECENT_FILE, gazetteer_key, read_rows

    recent = read_rows(RECENT_FILE)
    known = set(Gazetteer.load().by_key)
    assert len(recent) >= 20
    for row in recent:
        assert gazetteer_key(row["country"]) in known, row
        assert row["relation"] in ("leads", "represents") and row["sector"] in ("GOV", "MIL", "IGO"), row
        assert row["start"] and (not row["end"] or row["start"] <= row["end"]), row
    latest: dict[str, str] = {}
    for row in recent:
        latest[row["name"]] = max(latest.get(row["name"], ""), row["end"] or "9999")
    assert all(end >= "2015-01-01" for end in latest.values()), latest
    assert "Wikidata" in data_path(RECENT_FILE).read_text(encoding="utf-8")[:600]
