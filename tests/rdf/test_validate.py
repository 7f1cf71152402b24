"""SHACL validation: a well-formed store conforms, and each kind of damage is reported
with the node at fault and a message that names the problem."""

from __future__ import annotations

import hashlib
import time
from decimal import Decimal

import pytest
from rdflib import OWL, RDF, RDFS, Dataset, Graph, Literal, Namespace, URIRef
from rdflib import namespace as ns  # not XSD by name: pytest's doctest probe makes it warn
from rdflib.collection import Collection

from kg import ids
from kg.rdf.validate import ValidationReport, Violation, shapes_graph, validate
from kg.vocab import GEOKG, relation_properties

PROV = Namespace("http://www.w3.org/ns/prov#")
DCT = Namespace("http://purl.org/dc/terms/")
SH = Namespace("http://www.w3.org/ns/shacl#")

TEXT = "North Korea sent troops to Russia, officials said."
PRK, RUS = URIRef(ids.state_iri("PRK")), URIRef(ids.state_iri("RUS"))
ARTICLE = URIRef(ids.article_iri("seed"))
CLAIM = URIRef(ids.claim_iri("seed", str(PRK), "sendsTroopsTo", str(RUS), 0))


def _store(
    *,
    modality: Literal = Literal("asserted"),
    start: int = 0,
    end: int = len(TEXT),
    iso3: str = "PRK",
    derived: bool = True,
) -> Dataset:
    """A one-article store laid out as the store stage writes it."""
    ds = Dataset()
    entities = ds.graph(URIRef(ids.ENTITIES_GRAPH))
    for iri, label, code, qid in ((PRK, "North Korea", iso3, "Q423"), (RUS, "Russia", "RUS", "Q159")):
        entities.add((iri, RDF.type, GEOKG.State))
        entities.add((iri, RDFS.label, Literal(label)))
        entities.add((iri, GEOKG.iso3, Literal(code)))
        entities.add((iri, OWL.sameAs, URIRef(ids.wikidata_iri(qid))))

    graph = ds.graph(URIRef(ids.article_graph("seed")))
    graph.add((ARTICLE, RDF.type, GEOKG.Article))
    graph.add((ARTICLE, DCT.identifier, Literal("seed")))
    graph.add((ARTICLE, DCT.date, Literal("2024-10-18", datatype=ns.XSD.date)))
    graph.add((ARTICLE, GEOKG.contentHash, Literal(hashlib.sha256(TEXT.encode()).hexdigest())))
    graph.add((PRK, GEOKG.sendsTroopsTo, RUS))
    for p, o in [
        (RDF.type, GEOKG.Claim),
        (RDF.subject, PRK),
        (RDF.predicate, GEOKG.sendsTroopsTo),
        (RDF.object, RUS),
        (GEOKG.evidenceText, Literal(TEXT)),
        (GEOKG.startOffset, Literal(start)),
        (GEOKG.endOffset, Literal(end)),
        (GEOKG.rule, Literal("svo.send_troops")),
        (GEOKG.extractorVersion, Literal("0.1.0")),
        (GEOKG.confidence, Literal(Decimal("0.8"))),
        (GEOKG.modality, modality),
        (GEOKG.negated, Literal(False)),
        (DCT.date, Literal("2024-10-18", datatype=ns.XSD.date)),
    ]:
        graph.add((CLAIM, p, o))
    if derived:
        graph.add((CLAIM, PROV.wasDerivedFrom, ARTICLE))
    return ds


def _problems(report: ValidationReport, focus: URIRef, path: URIRef) -> list[Violation]:
    return [v for v in report.results if v.focus_node == str(focus) and v.path == str(path)]


def test_validate_well_formed_store_conforms():
    report = validate(_store())
    assert report.conforms, str(report)
    assert report.results == []
    assert "conforms" in str(report)


def test_validate_accepts_string_typed_modality():
    assert validate(_store(modality=Literal("reported", datatype=ns.XSD.string))).conforms


def test_validate_reads_types_across_named_graphs():
    # The claim's actors are typed only in the entities graph; validating the article
    # graph alone must fail, validating the whole dataset must not.
    ds = _store()
    alone = Graph()
    for triple in ds.graph(URIRef(ids.article_graph("seed"))):
        alone.add(triple)
    report = validate(alone)
    assert not report.conforms
    assert _problems(report, CLAIM, RDF.subject)
    assert validate(ds).conforms


def test_validate_does_not_modify_its_input():
    ds = _store(iso3="pr")
    before = len(ds)
    quads = len(list(ds.quads((None, None, None, None))))
    validate(ds)
    assert len(ds) == before
    assert len(list(ds.quads((None, None, None, None)))) == quads


def test_validate_reports_claim_without_article():
    report = validate(_store(derived=False))
    assert not report.conforms
    [problem] = _problems(report, CLAIM, PROV.wasDerivedFrom)
    assert "wasDerivedFrom" in problem.message and "Article" in problem.message
    assert problem.severity == "Violation"


def test_validate_reports_bad_modality():
    report = validate(_store(modality=Literal("rumoured")))
    [problem] = _problems(report, CLAIM, GEOKG.modality)
    assert "modality" in problem.message and "asserted" in problem.message
    assert problem.value == "rumoured"


def test_validate_reports_lowercase_iso3():
    report = validate(_store(iso3="pr"))
    [problem] = _problems(report, PRK, GEOKG.iso3)
    assert "iso3" in problem.message and "three capital letters" in problem.message


@pytest.mark.parametrize("start, end", [(10, 10), (20, 5)])
def test_validate_reports_start_not_before_end(start, end):
    report = validate(_store(start=start, end=end))
    [problem] = _problems(report, CLAIM, GEOKG.startOffset)
    assert "smaller than its geokg:endOffset" in problem.message


def test_validate_reports_every_problem_at_once():
    report = validate(_store(derived=False, modality=Literal("rumoured"), iso3="pr", start=9, end=3))
    found = {(v.focus_node, v.path) for v in report.results}
    assert found == {
        (str(CLAIM), str(PROV.wasDerivedFrom)),
        (str(CLAIM), str(GEOKG.modality)),
        (str(CLAIM), str(GEOKG.startOffset)),
        (str(PRK), str(GEOKG.iso3)),
    }
    assert str(report).startswith("4 problem(s) found:")


@pytest.mark.parametrize(
    "path, value, words",
    [
        (GEOKG.confidence, Literal(Decimal("1.5")), "between 0 and 1"),
        (GEOKG.startOffset, Literal(-1), "non-negative"),
        (GEOKG.evidenceText, Literal(""), "non-empty"),
        (RDF.predicate, GEOKG.conflict, "concrete geokg relation property"),
        (RDF.object, URIRef(ids.article_iri("seed")), "Actor"),
        (GEOKG.negated, Literal("no"), "boolean"),
    ],
)
def test_validate_reports_bad_claim_values(path, value, words):
    ds = _store()
    graph = ds.graph(URIRef(ids.article_graph("seed")))
    graph.set((CLAIM, path, value))
    report = validate(ds)
    problems = _problems(report, CLAIM, path)
    assert problems, str(report)
    assert any(words in p.message for p in problems)


def test_validate_reports_actor_without_label_and_non_wikidata_sameas():
    ds = _store()
    entities = ds.graph(URIRef(ids.ENTITIES_GRAPH))
    entities.remove((RUS, RDFS.label, None))
    entities.set((PRK, OWL.sameAs, URIRef("https://dbpedia.org/resource/North_Korea")))
    report = validate(ds)
    assert "rdfs:label" in _problems(report, RUS, RDFS.label)[0].message
    assert "Wikidata" in _problems(report, PRK, OWL.sameAs)[0].message


def test_validate_reports_article_without_identifier_or_hash():
    ds = _store()
    graph = ds.graph(URIRef(ids.article_graph("seed")))
    graph.remove((ARTICLE, DCT.identifier, None))
    graph.set((ARTICLE, GEOKG.contentHash, Literal("not-a-hash")))
    report = validate(ds)
    assert _problems(report, ARTICLE, DCT.identifier)
    assert "SHA-256" in _problems(report, ARTICLE, GEOKG.contentHash)[0].message


def test_validate_shapes_allow_exactly_the_relation_properties():
    shapes = shapes_graph()
    shape = shapes.value(predicate=SH.path, object=RDF.predicate)
    allowed = Collection(shapes, shapes.value(shape, SH["in"]))
    assert {str(p) for p in allowed} == {info.iri for info in relation_properties().values()}


def test_validate_rejects_non_graph_input():
    with pytest.raises(TypeError, match="rdflib Graph or Dataset"):
        validate("store.trig")  # type: ignore[arg-type]


def test_validate_is_fast_on_a_few_thousand_triples():
    ds = _store()
    graph = ds.graph(URIRef(ids.article_graph("seed")))
    for i in range(200):  # 200 claims of ~15 triples each, plus entities
        claim = URIRef(ids.claim_iri("seed", str(PRK), "attacks", str(RUS), i))
        for p, o in [
            (RDF.type, GEOKG.Claim),
            (RDF.subject, PRK),
            (RDF.predicate, GEOKG.attacks),
            (RDF.object, RUS),
            (GEOKG.evidenceText, Literal(TEXT)),
            (GEOKG.startOffset, Literal(i)),
            (GEOKG.endOffset, Literal(i + 10)),
            (GEOKG.rule, Literal("svo.attack")),
            (GEOKG.confidence, Literal(Decimal("0.5"))),
            (GEOKG.modality, Literal("reported")),
            (GEOKG.negated, Literal(False)),
            (PROV.wasDerivedFrom, ARTICLE),
        ]:
            graph.add((claim, p, o))
    assert len(list(ds.quads((None, None, None, None)))) > 2000
    began = time.perf_counter()
    report = validate(ds)
    elapsed = time.perf_counter() - began
    assert report.conforms, str(report)
    assert elapsed < 10, f"validation took {elapsed:.1f}s"
