"""Records -> triples -> records, on an in-memory graph; also the sample articles the store
and query tests share (``sample_results``).  All sentences are written for these tests."""

from __future__ import annotations

import dataclasses

import pytest
import rdflib
from rdflib import namespace as ns

from kg import ids
from kg.records import Article, ArticleResult, Entity, Evidence, Relation
from kg.store import rdf, read
from kg.vocab import GEOKG

PRK = Entity(ids.state_iri("PRK"), "North Korea", "State", "PRK", "Q423")
RUS = Entity(ids.state_iri("RUS"), "Russia", "State", "RUS", "Q159")
UKR = Entity(ids.state_iri("UKR"), "Ukraine", "State", "UKR", "Q212")
USA = Entity(ids.state_iri("USA"), "United States", "State", "USA", "Q30")
KOR = Entity(ids.state_iri("KOR"), "South Korea", "State", "KOR", "Q884")
UN = Entity(ids.org_iri("un"), "United Nations", "Organization", None, "Q1065")
KIM = Entity(ids.person_iri("Kim Jong Un"), "Kim Jong Un", "Person")
CHOE = Entity(ids.person_iri("Choe Son Hui"), "Choe Son Hui", "Person")
WAGNER = Entity(ids.group_iri("Northern Volunteers"), "Northern Volunteers", "Group")


def _rel(doc: str, text: str, s: Entity, p: str, o: Entity, sentence: str, **kw) -> Relation:
    start = text.index(sentence)
    return Relation(doc, s, p, o, Evidence(sentence, start, start + len(sentence)), kw.pop("rule", "svo"), **kw)


A1 = "North Korea has sent troops to Russia, officials in Seoul said. The two are allies now."
A2 = (
    "Ukraine accused North Korea of joining the war. Russia denied that it attacked Kyiv. "
    "Kim Jong Un threatened the United States. The United States did not sanction Russia. "
    "Kim Jong Un leads North Korea. Choe Son Hui spoke for North Korea."
)
A3 = "Russia and North Korea signed a defence pact. The United Nations criticised the Northern Volunteers."


def sample_results() -> list[ArticleResult]:
    """Three short hand-written articles covering every optional field of a Relation."""
    s1, s2 = A1.split(". ", 1)
    a1 = ArticleResult(
        Article("a1", A1, title="Troops move", date="2024-11-05", url="https://example.org/a1", source="Example Wire", dateline="Seoul"),
        [
            _rel("a1", A1, PRK, "sendsTroopsTo", RUS, s1 + ".", modality="reported", attributed_to=KOR, confidence=0.8, date="2024-11-05"),
            _rel("a1", A1, PRK, "alliedWith", RUS, s2, confidence=0.65, date="2024-11-05"),
        ],
        [PRK, RUS, KOR],
    )
    sents = [s if s.endswith(".") else s + "." for s in A2.split(". ")]
    a2 = ArticleResult(
        Article("a2", A2, title="Accusations", date="2024-11-20"),
        [
            _rel("a2", A2, UKR, "accuses", PRK, sents[0], rule="verb-accuse", date="2024-11-20"),
            _rel("a2", A2, RUS, "attacks", UKR, sents[1], modality="denied", attributed_to=RUS, date="2024-11-20"),
            _rel("a2", A2, PRK, "threatens", USA, sents[2], actor=KIM, role="leader", confidence=0.9),
            _rel("a2", A2, USA, "sanctions", RUS, sents[3], negated=True, confidence=0.7),
            _rel("a2", A2, KIM, "leads", PRK, sents[4], rule="appos-role", role="leader"),
            _rel("a2", A2, CHOE, "represents", PRK, sents[5], role="foreign minister"),
        ],
        [UKR, PRK, RUS, USA, KIM, CHOE],
    )
    t1, t2 = A3.split(". ")
    a3 = ArticleResult(
        Article("a3", A3, date="2025-01-10"),
        [
            _rel("a3", A3, RUS, "agreesWith", PRK, t1 + ".", date="2025-01-10"),
            _rel("a3", A3, UN, "criticizes", WAGNER, t2, date="2025-01-10"),
        ],
        [RUS, PRK, UN, WAGNER],
    )
    return [a1, a2, a3]


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
    assert rdf.merge_entities([a, b])[0] == Entity(PRK.iri, "DPRK", "State", "PRK", "Q423")


def test_store_rdf_odd_dates_and_urls_are_kept_verbatim():
    art = Article("odd", "Text.", date="5 Nov 2024", url="not a url")
    triples = {p: o for _, p, o in rdf.article_triples(ArticleResult(art))}
    assert triples[ns.DCTERMS.date] == rdflib.Literal("5 Nov 2024", datatype=ns.XSD.string)
    assert triples[ns.DCTERMS.source] == rdflib.Literal("not a url", datatype=ns.XSD.string)
    assert rdf.date_literal("2024-02-30").datatype == ns.XSD.string
