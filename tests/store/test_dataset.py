"""The on-disk store: idempotent ingest, replace, remove, reopen, the one-writer lock."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pyoxigraph as ox
import pytest

import kg
from kg import ids
from kg.records import Article, ArticleResult, Entity
from kg.store import GraphStore, Store, StoreError, StoreInUse, StoreNotFound
from kg.store.base import MIXED
from tests.helpers import KIM, PRK, RUS, sample_results


def _quads(store: Store) -> set[str]:
    """Every quad outside the ontology graph, as text (the ontology has blank nodes)."""
    onto = ox.NamedNode(ids.ONTOLOGY_GRAPH)
    return {str(q) for q in store._inner() if q.graph_name != onto}


def _filled(path: Path, results: list[ArticleResult] | None = None) -> Store:
    store = Store.open(path)
    for result in results if results is not None else sample_results():
        assert store.ingest(result) == "added"
    return store


def test_store_dataset_ingest_twice_is_unchanged(tmp_path):
    with _filled(tmp_path / "kg-data") as store:
        before = _quads(store)
        assert [store.ingest(r) for r in sample_results()] == ["unchanged"] * 3
        assert _quads(store) == before
        assert store.articles() == ["a1", "a2", "a3"]
        assert store.has_article("a2") and not store.has_article("zz")
        assert store.article_hash("zz") is None
        assert len(store.article_hash("a1") or "") == 64


def test_store_dataset_changed_text_replaces_the_article(tmp_path):
    with _filled(tmp_path / "kg-data") as store:
        a1 = sample_results()[0]
        old_hash = store.article_hash("a1")
        text = "North Korea has sent troops to Russia."
        rel = dataclasses.replace(a1.relations[0], evidence=dataclasses.replace(a1.relations[0].evidence, sentence=text, end=len(text)))
        new = ArticleResult(dataclasses.replace(a1.article, text=text), [rel], [PRK, RUS])
        assert store.ingest(new) == "replaced"
        assert store.article_hash("a1") != old_hash
        from_a1 = [r for r in store.relations() if r.doc == "a1"]
        assert from_a1 == [rel]
        # The plain triple of the dropped alliedWith claim went with the old graph.
        rows = store.query("ASK { ?s geokg:alliedWith ?o }")
        assert rows.askAnswer is False


def test_store_dataset_new_extractor_fingerprint_replaces(tmp_path, monkeypatch):
    with _filled(tmp_path / "kg-data") as store:
        a1 = sample_results()[0].article
        assert store.is_current("a1", a1.text, None) and not store.is_current("a1", a1.text + "!", None)
        monkeypatch.setattr(kg, "__version__", "9.9.9")  # the package version plays no part
        assert store.is_current("a1", a1.text, None)
        assert not store.is_current("a1", a1.text, "f00dfeedf00dfeed")
        assert store.ingest(dataclasses.replace(sample_results()[0], extractor="f00dfeedf00dfeed")) == "replaced"
        assert store.status("a1", a1.text, "f00dfeedf00dfeed") == "unchanged"
        versions = {str(r[0]) for r in store.query("SELECT DISTINCT ?v WHERE { ?c a geokg:Claim ; geokg:extractorVersion ?v }")}
        assert versions == {"f00dfeedf00dfeed"}


def test_store_dataset_graph_with_two_versions_is_never_current_and_is_replaced_whole(tmp_path):
    """What two builds racing into one server could leave: the graph holds two hashes."""
    with _filled(tmp_path / "kg-data") as store:
        a1 = sample_results()[0]
        graph, node = ids.article_graph("a1"), ids.article_iri("a1")
        store._update(f'INSERT DATA {{ GRAPH <{graph}> {{ <{node}> <{ids.ONTOLOGY}contentHash> "other" }} }}')
        assert not store.is_current("a1", a1.article.text, None)
        assert GraphStore._article_meta(store, "a1") == MIXED  # the SPARQL reading a server gets
        assert store.ingest(a1) == "replaced"
        hashes = {str(h) for (h,) in store.query(
            f"SELECT ?h WHERE {{ GRAPH <{graph}> {{ <{node}> geokg:contentHash ?h }} }}")}
        assert len(hashes) == 1 and "other" not in hashes
        assert store.is_current("a1", a1.article.text, None) and store.mixed(["a1", "a2"]) == []


def test_store_dataset_failed_build_leaves_the_old_article(tmp_path):
    with _filled(tmp_path / "kg-data") as store:
        before = _quads(store)
        a1 = sample_results()[0]
        bad = dataclasses.replace(a1.relations[0], object=Entity("not an iri", "X", "State"))
        with pytest.raises(ValueError):
            store.ingest(ArticleResult(dataclasses.replace(a1.article, text="Changed."), [bad]))
        assert _quads(store) == before


def test_store_dataset_remove_drops_claims_and_triples(tmp_path):
    with _filled(tmp_path / "kg-data") as store:
        assert store.remove("a3") is True
        assert store.remove("a3") is False
        assert store.articles() == ["a1", "a2"]
        assert {r.doc for r in store.relations()} == {"a1", "a2"}
        assert store.query("ASK { ?s geokg:agreesWith ?o }").askAnswer is False
        # Actor descriptions stay (documented): the United Nations was only in a3.
        assert any(e.label == "United Nations" for e in store.entities())


def test_store_dataset_relations_round_trip_and_date_range(tmp_path):
    results = sample_results()
    with _filled(tmp_path / "kg-data", results) as store:
        expected = sorted(
            (r for res in results for r in res.relations),
            key=lambda r: (r.doc, r.evidence.start, r.subject.iri, r.predicate, r.object.iri),
        )
        assert list(store.relations()) == expected
        assert {r.doc for r in store.relations(since="2024-11-06", until="2024-12-01")} == {"a2"}


def test_store_dataset_union_default_graph_and_ontology(tmp_path):
    with _filled(tmp_path / "kg-data") as store:
        rows = [tuple(map(str, r)) for r in store.query("SELECT ?s ?o WHERE { ?s geokg:sendsTroopsTo ?o }")]
        assert rows == [(PRK.iri, RUS.iri)]
        assert store.query("ASK { geokg:leads rdfs:subPropertyOf* geokg:structural }").askAnswer
        count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <%s> { ?s ?p ?o } }" % ids.ONTOLOGY_GRAPH
        n = int(next(iter(store.query(count)))[0])
        assert n > 100
    (tmp_path / "kg-data" / "ontology.sha256").write_text("stale\n")
    with Store.open(tmp_path / "kg-data") as store:  # reloads, without duplicating it
        assert int(next(iter(store.query(count)))[0]) == n
        assert (tmp_path / "kg-data" / "ontology.sha256").read_text().strip() != "stale"


def test_store_dataset_stats(tmp_path):
    with _filled(tmp_path / "kg-data") as store:
        stats = store.stats()
    assert stats["articles"] == 3 and stats["claims"] == 10
    assert stats["actors"] == {"State": 5, "Organization": 1, "Person": 2, "Group": 1}
    assert "attacks" not in stats["relations"] and stats["claims_by_property"]["attacks"] == 1
    assert stats["relations"]["sendsTroopsTo"] == 1


def test_store_dataset_entity_merge_is_order_independent(tmp_path):
    results = sample_results()
    dprk = Entity(PRK.iri, "DPRK", "State", None, None)
    extra = ArticleResult(Article("a4", "DPRK said little."), [], [dprk, KIM])
    with _filled(tmp_path / "one", [*results, extra]) as one, _filled(tmp_path / "two", [extra, *reversed(results)]) as two:
        assert one.entities() == two.entities()
        assert _quads(one) == _quads(two)
        assert next(e for e in one.entities() if e.iri == PRK.iri) == Entity(PRK.iri, "DPRK", "State", "PRK", "Q423", ("North Korea",))


_READER = textwrap.dedent(
    """
    import json, sys
    from kg.store import Store
    with Store.open(sys.argv[1], read_only=True) as store:
        rels = [[r.doc, r.subject.label, r.predicate, r.object.label, r.modality, r.confidence] for r in store.relations()]
        print(json.dumps({"articles": store.articles(), "relations": rels}))
    """
)


def test_store_dataset_reopens_in_a_new_process(tmp_path):
    path = tmp_path / "kg-data"
    with _filled(path) as store:
        expected = [[r.doc, r.subject.label, r.predicate, r.object.label, r.modality, r.confidence] for r in store.relations()]
    out = subprocess.run([sys.executable, "-c", _READER, str(path)], capture_output=True, text=True, check=True)
    got = json.loads(out.stdout)
    assert got == {"articles": ["a1", "a2", "a3"], "relations": expected}
    assert len(expected) == 10


_HOLDER = textwrap.dedent(
    """
    import sys
    from kg.store import Store
    store = Store.open(sys.argv[1], read_only=sys.argv[2] == "ro")
    print("ready", flush=True)
    sys.stdin.readline()
    store.close()
    """
)


def _hold(path: Path, mode: str) -> subprocess.Popen[str]:
    child = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(path), mode],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    assert child.stdout is not None and child.stdout.readline().strip() == "ready"
    return child


def _release(child: subprocess.Popen[str]) -> None:
    assert child.stdin is not None
    child.stdin.write("\n")
    child.stdin.flush()
    assert child.wait(timeout=30) == 0


def test_store_dataset_second_writer_gets_store_in_use(tmp_path):
    path = tmp_path / "kg-data"
    _filled(path).close()
    child = _hold(path, "rw")
    try:
        with pytest.raises(StoreInUse) as err:
            Store.open(path)
        assert err.value.pid == child.pid
        assert str(err.value) == (
            f"store {path} is in use by another kg process (pid {child.pid}); "
            "wait for it to finish or use another --store"
        )
        with pytest.raises(StoreInUse):  # Oxigraph: reading while another writes is undefined
            Store.open(path, read_only=True)
    finally:
        _release(child)
    with Store.open(path) as store:  # the lock went with the process
        assert store.articles() == ["a1", "a2", "a3"]


def test_store_dataset_readers_share_but_exclude_a_writer(tmp_path):
    path = tmp_path / "kg-data"
    _filled(path).close()
    child = _hold(path, "ro")
    try:
        with Store.open(path, read_only=True) as store:
            assert store.articles() == ["a1", "a2", "a3"]
            with pytest.raises(StoreError, match="opened read-only"):
                store.ingest(sample_results()[0])
        with pytest.raises(StoreInUse):
            Store.open(path)
    finally:
        _release(child)


def test_store_dataset_open_errors_name_the_path(tmp_path):
    with pytest.raises(StoreNotFound, match="no geokg store at .*missing"):
        Store.open(tmp_path / "missing", read_only=True)
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "todo.txt").write_text("x")
    with pytest.raises(StoreError, match="is not a geokg store"):
        Store.open(tmp_path / "notes")
    (tmp_path / "file").write_text("x")
    with pytest.raises(StoreError, match="is a file, not a directory"):
        Store.open(tmp_path / "file")
    store = Store.open(tmp_path / "new" / "nested")
    store.close()
    store.close()  # closing twice is harmless
    with pytest.raises(StoreError, match="is closed"):
        store.articles()
