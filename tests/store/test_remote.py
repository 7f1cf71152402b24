"""The remote store against a real ``oxigraph serve`` on 127.0.0.1: build, query, re-ingest, remove."""

from __future__ import annotations

import json

import pytest

import kg
from tests.helpers import SEEDS, SEED_ID, free_port, oxigraph_server, run_kg, sample_results
from kg.rdf.query import Query, QuerySyntaxError, run_query
from kg.store import RemoteStore, Store, StoreError, open_store


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with oxigraph_server(tmp_path_factory.mktemp("oxigraph")) as url:
        yield url


def test_store_remote_build_matches_the_embedded_store(server, seed_store):
    proc = run_kg("build", SEEDS, "--store", server)
    assert proc.returncode == 0, proc.stderr
    assert "1 added" in proc.stderr

    remote = json.loads(run_kg("stats", "--json", "--store", server).stdout)
    local = json.loads(run_kg("stats", "--json", "--store", seed_store).stdout)
    assert remote == local and remote["claims"] > 10

    for name, params in [("allies-of", {"actor": "Russia"}), ("evidence-for", {}), ("actors", {})]:
        with open_store(server, read_only=True) as rs, Store.open(seed_store, read_only=True) as ls:
            assert isinstance(rs, RemoteStore)
            text = Query.shipped(name)
            assert run_query(rs, text, params).rows == run_query(ls, text, params).rows
    with open_store(server, read_only=True) as rs, Store.open(seed_store, read_only=True) as ls:
        assert list(rs.relations()) == list(ls.relations())
        assert rs.entities() == ls.entities()
        assert rs.articles() == [SEED_ID]

    again = run_kg("build", SEEDS, "--store", server)
    assert again.returncode == 0 and "1 unchanged" in again.stderr, again.stderr
    assert json.loads(run_kg("stats", "--json", "--store", server).stdout) == remote

    assert run_kg("validate", "--store", server).returncode == 0

    # The Python API opens a server as the CLI does, with the same answers.
    with kg.open(server) as remote_graph, kg.open(seed_store) as local_graph:
        assert remote_graph.path is None and remote_graph.location.startswith(server)
        assert remote_graph.actors().equals(local_graph.actors())
        assert remote_graph.query("allies-of", actor="Russia").equals(local_graph.query("allies-of", actor="Russia"))
        assert remote_graph.blocs() == local_graph.blocs()

    removed = run_kg("remove", SEED_ID, "--store", server)
    assert removed.returncode == 0, removed.stderr
    after = json.loads(run_kg("stats", "--json", "--store", server).stdout)
    assert after["articles"] == 0 and after["claims"] == 0 and after["relations"] == {}
    assert run_kg("remove", SEED_ID, "--store", server).returncode == 1


def test_store_remote_ingest_is_idempotent_and_errors_are_clear(server):
    results = sample_results()
    with RemoteStore.open(server + "/query") as store:  # the query URL works as well as the base
        for result in results:
            store.remove(result.article.id)
        assert [store.ingest(r) for r in results] == ["added"] * len(results)
        assert [store.ingest(r) for r in results] == ["unchanged"] * len(results)
        assert store.is_current("a1", results[0].article.text, None)
        assert not store.is_current("a1", "other text", None)
        assert len(store.article_hash("a1") or "") == 64
        rels = [r for r in store.relations() if r.doc in ("a1", "a2", "a3")]
        assert rels == sorted(rels, key=lambda r: (r.doc, r.evidence.start)) and rels
        with pytest.raises(QuerySyntaxError) as info:
            run_query(store, Query.text("SELECT ?x\nWHERE { ?x ?y }"))
        assert info.value.line == 2  # the predefined prefixes do not shift the line
        assert store.query("ASK { ?s ?p ?o }").askAnswer is True
        for result in results:
            assert store.remove(result.article.id)
    with RemoteStore.open(server, read_only=True) as store, pytest.raises(StoreError, match="read-only"):
        store.remove("a1")


def test_store_remote_unreachable_server_is_named():
    url = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(StoreError, match="cannot reach the SPARQL server"):
        RemoteStore.open(url)
    proc = run_kg("stats", "--store", url)
    assert proc.returncode == 2 and url in proc.stderr and "Traceback" not in proc.stderr
