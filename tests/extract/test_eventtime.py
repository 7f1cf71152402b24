"""Event time: read from the claim's own clause, resolved against the article date,
stored on the claim, and used by the date filters."""

from __future__ import annotations

import datetime as dt

import pytest
import rdflib

from kg.extract.eventtime import EventTime, historical, resolve_expression
from kg.records import Article
from kg.rdf import mapping as rdf, read

REF = dt.date(2024, 7, 31)  # a Wednesday


@pytest.mark.parametrize("text, ref, expected", [
    ("in 1831", None, EventTime("1831", "year")),
    ("in August 1990", None, EventTime("1990-08", "month")),
    ("on 26 March 1979", None, EventTime("1979-03-26", "day")),
    ("on March 26, 1979", None, EventTime("1979-03-26", "day")),
    ("on 24 February", dt.date(2022, 3, 5), EventTime("2022-02-24", "day")),
    ("on 24 December", dt.date(2022, 3, 5), EventTime("2021-12-24", "day")),  # not yet this year
    ("on Monday", REF, EventTime("2024-07-29", "day")),
    ("on Wednesday", REF, EventTime("2024-07-31", "day")),
    ("yesterday", REF, EventTime("2024-07-30", "day")),
    ("last month", dt.date(2023, 1, 15), EventTime("2022-12", "month")),
    ("in December", dt.date(2025, 2, 3), EventTime("2024-12", "month")),
    ("two years ago", dt.date(2022, 6, 20), EventTime("2020", "year")),
    ("three months ago", dt.date(2022, 2, 20), EventTime("2021-11", "month")),
    ("next week", dt.date(2024, 5, 16), EventTime("2024-05", "month")),
    ("on Monday", None, None),          # relative, and no article date
    ("soon", REF, None),
])
def test_time_expressions_resolve(text, ref, expected):
    assert resolve_expression(text, ref) == expected


def test_history_is_years_before_the_article():
    assert historical(EventTime("1979", "year"), "2024-03-26")
    assert not historical(EventTime("2023-10", "month"), "2024-03-26")
    assert not historical(EventTime("1979", "year"), None)


@pytest.mark.model
def test_claims_carry_the_time_of_their_own_clause(extractor):
    text = ("Russia crushed the Polish uprising of 1831. Chile recalled its ambassador from "
            "Venezuela on Monday. Kenya criticised Uganda, which had closed the border in 2019.")
    result = extractor.extract_one(Article("t", text, date="2024-07-31"))
    by_pair = {(r.subject.iso3, r.object.iso3): r for r in result.relations}
    assert by_pair[("RUS", "POL")].event_date == "1831" and by_pair[("RUS", "POL")].historical
    chile = by_pair[("CHL", "VEN")]
    assert (chile.event_date, chile.event_precision, chile.historical) == ("2024-07-29", "day", False)
    # the date of the relative clause is not the date of the criticism
    assert by_pair[("KEN", "UGA")].event_date is None


@pytest.mark.model
def test_event_time_survives_the_store_and_drives_the_date_filter(extractor):
    result = extractor.extract_one(Article("h", "Iraq invaded Kuwait in August 1990.", date="2023-08-02"))
    graph = rdflib.Graph()
    graph += rdf.article_triples(result)
    graph += rdf.entity_triples(rdf.result_entities(result))
    back = list(read.relations_from_graph(graph))
    assert [(r.event_date, r.event_precision, r.historical) for r in back] == [("1990-08", "month", True)]
    # filtered by when it happened, not by the article's date
    assert list(read.relations_from_graph(graph, since="2023-01-01")) == []
    assert len(list(read.relations_from_graph(graph, since="1990-01-01", until="1990-12-31"))) == 1
