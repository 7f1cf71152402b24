"""Records -> triples -> records, on an in-memory graph (the sample articles are in
``tests/helpers.py``)."""

from __future__ import annotations

import dataclasses

import pytest
import rdflib
from rdflib import namespace as ns

from kg import ids
from kg.records import Article, ArticleResult, Entity, Evidence, Relation
from kg.rdf import mapping as rdf, read
from kg.vocab import GEOKG
from tests.helpers import KIM, KOR, PRK, RUS, UKR, USA, sample_results

def _graph(results: list[ArticleResult]) -> rdflib.Graph:
    """All graphs in one, as the store's union default graph shows them."""
    graph = rdflib.Graph()
    for result in results:
        graph += rdf.article_triples(result)
    graph += rdf.entity_triples(e for r in results for e in rdf.result_entities(r))
    return graph


def test_store_rdf_round_trip_is_exact():
    results = sample_results()
    expected = sorted(
        (r for res in results for r in res.relations),
        key=lambda r: (r.doc, r.evidence.start, r.subject.iri, r.predicate, r.object.iri),
    )
    back = list(read.relations_from_graph(_graph(results)))
    assert back == expected
    # Optional fields both set and unset survive.
    assert {r.role for r in back} == {None, "leader", "foreign minister"}
    assert any(r.actor == KIM for r in back) and any(r.attributed_to == KOR for r in back)


def test_store_rdf_negated_and_denied_claims_assert_no_triple():
    a2 = sample_results()[1]
    triples = set(rdf.article_triples(a2))
    iri = rdflib.URIRef
    assert (iri(UKR.iri), GEOKG.accuses, iri(PRK.iri)) in triples
    assert (iri(RUS.iri), GEOKG.attacks, iri(UKR.iri)) not in triples  # denied
    assert (iri(USA.iri), GEOKG.sanctions, iri(RUS.iri)) not in triples  # negated
    assert sum(1 for t in triples if t[1] == ns.RDF.type and t[2] == GEOKG.Claim) == 6


def test_store_rdf_date_filter_uses_claim_then_article_date():
    graph = _graph(sample_results())
    docs = {r.doc for r in read.relations_from_graph(graph, since="2024-11-10", until="2024-12-31")}
    assert docs == {"a2"}
    assert {r.doc for r in read.relations_from_graph(graph, since="2025-01-01")} == {"a3"}
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        list(read.relations_from_graph(graph, since="last week"))


def test_store_rdf_duplicate_claim_keeps_highest_confidence():
    rel = sample_results()[0].relations[0]
    low = dataclasses.replace(rel, confidence=0.1, rule="weak")
    result = ArticleResult(sample_results()[0].article, [low, rel], [PRK, RUS, KOR])
    confs = [o for _, p, o in rdf.article_triples(result) if p == GEOKG.confidence]
    assert [float(c) for c in confs] == [0.8]


def test_store_rdf_unknown_predicate_and_type_fail_with_the_fix():
    rel = dataclasses.replace(sample_results()[0].relations[0], predicate="invades")
    with pytest.raises(ValueError, match="unknown relation property 'invades'"):
        rdf.article_triples(ArticleResult(Article("x", "t"), [rel]))
    with pytest.raises(ValueError, match="use one of State, Organization"):
        rdf.entity_triples([Entity("https://example.org/x", "X", "Country")])


def test_store_rdf_merge_is_order_independent():
    a = Entity(PRK.iri, "North Korea", "State", "PRK", None)
    b = Entity(PRK.iri, "DPRK", "State", None, "Q423")
    assert rdf.merge_entities([a, b]) == rdf.merge_entities([b, a, b])
    # the label not chosen stays as an alternative name
    assert rdf.merge_entities([a, b])[0] == Entity(PRK.iri, "DPRK", "State", "PRK", "Q423", ("North Korea",))


def test_store_rdf_odd_dates_and_urls_are_kept_verbatim():
    art = Article("odd", "Text.", date="5 Nov 2024", url="not a url")
    triples = {p: o for _, p, o in rdf.article_triples(ArticleResult(art))}
    assert triples[ns.DCTERMS.date] == rdflib.Literal("5 Nov 2024", datatype=ns.XSD.string)
    assert triples[ns.DCTERMS.source] == rdflib.Literal("not a url", datatype=ns.XSD.string)
    assert rdf.date_literal("2024-02-30").datatype == ns.XSD.string


def test_a_state_company_keeps_its_state_apart_from_iso3():
    """Gazprom belongs to Russia: the link is ``geokg:state`` to Russia's node, and the
    company gets no ``geokg:iso3`` (that code identifies a state; the scorer and every
    reader would take the company for Russia)."""
    gazprom = Entity("https://w3id.org/geokg/id/org/gazprom", "Gazprom", "Organization", state="RUS")
    graph = rdflib.Graph()
    graph += rdf.entity_triples([gazprom])
    node = rdflib.URIRef(gazprom.iri)
    assert graph.value(node, GEOKG.state) == rdflib.URIRef(ids.state_iri("RUS"))
    assert graph.value(node, GEOKG.iso3) is None
    assert read.entities_from_graph(graph)[gazprom.iri] == gazprom
    assert gazprom.to_json()["state"] == "RUS" and "iso3" not in gazprom.to_json()
