"""``kg export`` for analysts' tools: GEXF with time for Gephi, the claims CSV with the article."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path

import networkx as nx
import pytest
from tests.helpers import run_kg, sample_results, sample_store

from kg.rdf.export import merge_spells, spell
from kg.store import Store


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    return sample_store(tmp_path_factory.mktemp("export-time") / "kg-data")


@pytest.fixture(scope="module")
def gexf(store, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("gexf") / "g.gexf"
    proc = run_kg("export", "--format", "gexf", "--out", out, "--store", store)
    assert proc.returncode == 0, proc.stderr
    return out


def claim_days(store: Path) -> dict[frozenset[str], set[str]]:
    """The days each pair of actors has claims on, read from the store's records."""
    days: dict[frozenset[str], set[str]] = defaultdict(set)
    with Store.open(store, read_only=True) as st:
        for rel in st.relations():
            when = rel.event_date or rel.date
            if when and rel.actor is None:
                days[frozenset((rel.subject.iri, rel.object.iri))].add(when[:10])
    return days


def test_gexf_is_a_dynamic_graph_with_dates(gexf):
    graph = ET.parse(gexf).getroot().find("{http://www.gexf.net/1.2draft}graph")
    assert graph is not None
    assert graph.get("mode") == "dynamic" and graph.get("timeformat") == "date"


def test_gexf_reads_back_with_each_edges_claim_days_as_spells(gexf, store):
    G = nx.read_gexf(gexf)
    days = claim_days(store)
    dated = {frozenset(e): d for e, d in ((tuple(e[:2]), e[2]) for e in G.edges(data=True)) if "spells" in d}
    assert len(dated) >= 4
    for pair, d in dated.items():
        assert {start for start, _end in d["spells"]} == days[pair]
    undated = [e for e in G.edges(data=True) if "spells" not in e[2]]
    assert all(not days.get(frozenset(e[:2])) for e in undated)


def test_gexf_actors_live_on_their_edges_days_and_keep_labels_and_weights(gexf):
    G = nx.read_gexf(gexf)
    for node, data in G.nodes(data=True):
        edge_days = merge_spells(s for _u, _v, d in G.edges(node, data=True) for s in d.get("spells", []))
        assert data.get("spells", []) == edge_days
    labels = dict(G.nodes(data="label"))
    assert "North Korea" in labels.values()
    assert all(isinstance(w, float) for _u, _v, w in G.edges(data="weight"))


def test_a_year_or_month_covers_all_its_days():
    assert spell("2025") == ("2025-01-01", "2025-12-31")
    assert spell("2023-02") == ("2023-02-01", "2023-02-28")
    assert spell(None) is None


def test_claims_csv_names_the_article_and_its_date(store):
    proc = run_kg("export", "-f", "csv", "--store", store)
    assert proc.returncode == 0, proc.stderr
    rows = list(csv.DictReader(io.StringIO(proc.stdout)))
    first = next(r for r in rows if r["doc"] == "a1" and r["predicate"] == "sendsTroopsTo")
    assert (first["title"], first["url"], first["date"]) == ("Troops move", "https://example.org/a1", "2024-11-05")
    assert (first["subject"], first["object"], first["modality"], first["attributed_to"]) == (
        "North Korea", "Russia", "reported", "South Korea")
    assert {r["title"] for r in rows if r["doc"] == "a3"} == {""}
    for column in ("event_date", "rule", "modality", "attributed_to"):
        assert column in first
