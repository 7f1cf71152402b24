"""``kg export``: RDF round trips are isomorphic, GraphML and CSV read back whole."""

from __future__ import annotations

import csv
import io

import networkx as nx
import pytest
import rdflib
from rdflib.compare import isomorphic

from tests.helpers import run_kg
from kg import ids
from kg.app import actor_graph
from kg.rdf.export import CSV_COLUMNS, export_store
from kg.store import Store


@pytest.fixture(scope="module")
def store(seed_store):
    with Store.open(seed_store, read_only=True) as st:
        yield st


def _canonical(graph: rdflib.Graph) -> rdflib.Graph:
    """Decimals by value: Oxigraph keeps ``"7"``, rdflib's Turtle writer prints ``7.0``."""
    out = rdflib.Graph()
    for s, p, o in graph:
        if isinstance(o, rdflib.Literal) and o.datatype == rdflib.XSD.decimal:
            o = rdflib.Literal(format(o.toPython().normalize(), "f"), datatype=rdflib.XSD.decimal)
        out.add((s, p, o))
    return out


def _graphs(ds: rdflib.Dataset) -> dict[str, rdflib.Graph]:
    return {str(g.identifier): _canonical(g) for g in ds.graphs() if len(g)}


@pytest.mark.parametrize("fmt,parser", [("trig", "trig"), ("nq", "nquads"), ("jsonld", "json-ld")])
def test_export_quads_round_trip_is_isomorphic(store, fmt, parser):
    loaded = rdflib.Dataset().parse(data=export_store(store, fmt), format=parser)
    expected = _graphs(store.snapshot())
    got = _graphs(loaded)
    assert got.keys() == expected.keys() and ids.ONTOLOGY_GRAPH in got
    for name, graph in expected.items():
        assert isomorphic(got[name], graph), name


def test_export_ttl_is_the_union_of_the_data_graphs(store):
    loaded = rdflib.Graph().parse(data=export_store(store, "ttl"), format="turtle")
    union = rdflib.Graph()
    for s, p, o, g in store.quads():
        if str(g) != ids.ONTOLOGY_GRAPH:
            union.add((s, p, o))
    assert isomorphic(loaded, union) and len(loaded) > 100
    assert (None, rdflib.RDF.type, rdflib.OWL.ObjectProperty) not in loaded  # no ontology


def test_export_graphml_reads_back_with_the_same_nodes_and_edges(store, tmp_path):
    out = tmp_path / "g.graphml"
    proc = run_kg("export", "--format", "graphml", "--out", out, "--store", store.path)
    assert proc.returncode == 0, proc.stderr
    back = nx.read_graphml(out)
    G = actor_graph(store, structural=True)
    assert set(back.nodes) == set(G.nodes)
    assert {frozenset(e) for e in back.edges} == {frozenset(e) for e in G.edges}
    u, v = next(iter(G.edges))
    assert back.edges[u, v]["weight"] == pytest.approx(G.edges[u, v]["weight"])
    assert back.nodes[u]["label"] == G.nodes[u]["label"]


def test_export_csv_has_one_row_per_claim(store):
    proc = run_kg("export", "-f", "csv", "--store", store.path)
    assert proc.returncode == 0, proc.stderr
    rows = list(csv.DictReader(io.StringIO(proc.stdout)))
    rels = list(store.relations())
    assert list(rows[0]) == CSV_COLUMNS and len(rows) == len(rels)
    for row, rel in zip(rows, rels):
        assert (row["doc"], row["subject"], row["predicate"], row["object"]) == (
            rel.doc, rel.subject.label, rel.predicate, rel.object.label)
        assert (row["subject_id"], row["object_id"]) == (rel.subject.iri, rel.object.iri)
        assert row["rule"] == rel.rule and row["date"] == (rel.date or "")
        assert row["attributed_to"] == (rel.attributed_to.label if rel.attributed_to else "")
        assert row["sentence"] == rel.evidence.sentence and int(row["start"]) == rel.evidence.start
        assert float(row["confidence"]) == rel.confidence and row["negated"] in ("true", "false")


def test_export_unknown_format_is_a_usage_error(store):
    proc = run_kg("export", "--format", "xlsx", "--store", store.path)
    assert proc.returncode == 2 and "ttl, trig" in proc.stderr
