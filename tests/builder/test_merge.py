"""Across articles: one node per actor, one edge per relation with all its claims, and a
syndicated copy flagged and counted once; batches of whole articles commit atomically."""

from __future__ import annotations

import pytest

from kg import ids
from kg.builder import dedupe
from kg.analyse import signed_graph
from kg.builder.pipeline import build
from kg.rdf.query import Query, run_query
from kg.records import Article, ArticleResult, Entity, Evidence, Relation
from kg.builder.writer import BatchWriter, untangle
from kg.store import Store

FIRST = ("Russia sanctioned Iran on Monday over the drone deliveries, officials in Moscow said. "
         "The measures cover banks and shipping companies, and they take effect next week.")
SECOND = ("Iran protested on Wednesday after Russia sanctioned Iran, and the foreign ministry "
          "in Tehran summoned the ambassador to explain the decision to the press.")
# the same wire story again: other id, a boilerplate line, other spacing
COPY = ("Russia  sanctioned Iran on Monday over the drone deliveries,   officials in Moscow said.\n"
        "Also Read | Ten places to visit this summer\n"
        "The measures cover banks and shipping companies, and they take effect next week.")


def _jsonl(path, rows):
    import json
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def store_path(tmp_path_factory):
    folder = tmp_path_factory.mktemp("merge")
    src = _jsonl(folder / "news.jsonl", [
        {"id": "wire-1", "text": FIRST, "date": "2024-05-06"},
        {"id": "daily-2", "text": SECOND, "date": "2024-05-08"},
        {"id": "herald-3", "text": COPY, "date": "2024-05-07"},
    ])
    report = build([src], folder / "kg-data", commit_size=2)
    assert (report.added, report.duplicates) == (3, 1)
    return folder / "kg-data"


pytestmark = pytest.mark.model


def test_build_same_relation_in_two_articles_is_one_edge_with_their_claims(store_path):
    with Store.open(store_path, read_only=True) as store:
        rows = run_query(store, Query.shipped("edge-summary"), {"actor": "Iran"}).rows
        edge = [r for r in rows if [str(v) for v in r[:3]] == ["Russia", "sanctions", "Iran"]]
        assert len(edge) == 1
        claims, articles, stories, first, last = (str(v) for v in edge[0][3:])
        assert (claims, articles, stories) == ("3", "3", "2")
        assert (first, last) == ("2024-05-06", "2024-05-08")
        plain = list(store.query("SELECT DISTINCT ?s ?o WHERE { ?s geokg:sanctions ?o }"))
        assert [(str(s), str(o)) for s, o in plain] == [(ids.state_iri("RUS"), ids.state_iri("IRN"))]


def test_build_same_actor_in_several_articles_is_one_node(store_path):
    with Store.open(store_path, read_only=True) as store:
        labels = list(store.query(f"SELECT ?l WHERE {{ <{ids.state_iri('RUS')}> rdfs:label ?l }}"))
        assert [str(l) for (l,) in labels] == ["Russia"]


def test_build_syndicated_copy_is_flagged_and_counted_once(store_path):
    with Store.open(store_path, read_only=True) as store:
        copies = store.copies()
        assert copies == {"herald-3": "wire-1"}
        relations = list(store.relations())
    key = (ids.state_iri("RUS"), ids.state_iri("IRN"))
    assert signed_graph(relations).edges[key]["articles"] == 3
    assert signed_graph(dedupe.fold_copies(relations, copies)).edges[key]["articles"] == 2


def test_dedupe_tells_copies_from_other_stories_on_the_same_topic():
    assert dedupe.similarity(dedupe.signature(FIRST), dedupe.signature(COPY)) >= dedupe.THRESHOLD
    assert dedupe.similarity(dedupe.signature(FIRST), dedupe.signature(SECOND)) < 0.3
    index = dedupe.DuplicateIndex()
    assert [index.add(i, dedupe.signature(t)) for i, t in
            (("a", FIRST), ("b", SECOND), ("c", COPY), ("d", COPY + " More."))] == [None, None, "a", "a"]


def _result(article_id: str, obj_iri: str) -> ArticleResult:
    text = "Alpha attacked Beta in the night, and the people of the valley said so."
    alpha = Entity(ids.state_iri("ALP"), "Alpha", "State")
    beta = Entity(obj_iri, "Beta", "State")
    rel = Relation(article_id, alpha, "attacks", beta, Evidence(text, 0, len(text)), "test")
    return ArticleResult(Article(article_id, text), [rel], [alpha])


def test_batch_writer_commits_a_batch_whole_or_not_at_all(tmp_path):
    with Store.open(tmp_path / "kg-data") as store:
        writer = BatchWriter(store, commit_size=3)
        good = [_result("ok-1", ids.state_iri("BET")), _result("ok-2", ids.state_iri("BET"))]
        bad = _result("bad-3", "not an IRI")  # fails while the batch is being written
        with pytest.raises(ValueError, match="not an absolute IRI"):
            list(writer.write([*good, bad]))
        assert store.articles() == []
        assert [o for _, o in BatchWriter(store, commit_size=3).write(good)] == ["added", "added"]
        assert store.articles() == ["ok-1", "ok-2"]


def test_two_articles_marked_copies_of_each_other_are_untangled_once(tmp_path):
    """What two writers comparing again at the same instant could leave (see ``BatchWriter._settle``)."""
    with Store.open(tmp_path / "kg-data") as store:
        list(BatchWriter(store).write([ArticleResult(Article(i, FIRST)) for i in ("b1", "b2")]))
        mark = f"<{ids.ONTOLOGY}duplicateOf>"
        store.mark_copies([f"INSERT DATA {{ GRAPH <{ids.article_graph('b1')}> {{ "
                           f"<{ids.article_iri('b1')}> {mark} <{ids.article_iri('b2')}> }} }}"])
        assert store.copies() == {"b1": "b2", "b2": "b1"}
        store.mark_copies([untangle(["b1", "b2"])])
        store.mark_copies([untangle(["b2"])])  # the other writer runs it too: nothing more goes
        assert store.copies() == {"b2": "b1"}


def test_build_keeps_a_url_that_is_not_an_iri_as_text(tmp_path):
    src = _jsonl(tmp_path / "news.jsonl", [
        {"id": "odd-url", "text": FIRST, "url": "http://example.org/caf\ufffd-story"}])
    report = build([src], tmp_path / "kg-data")
    assert report.added == 1 and report.exit_code == 0


def test_build_skips_an_article_with_invalid_text_and_keeps_the_rest(tmp_path):
    src = _jsonl(tmp_path / "news.jsonl", [
        {"id": "good-1", "text": FIRST},
        {"id": "bad-2", "text": SECOND + " \ud800"},  # a lone surrogate cannot be stored
        {"id": "good-3", "text": SECOND},
    ])
    problems = []
    report = build([src], tmp_path / "kg-data", on_problem=problems.append)
    assert report.added == 2 and report.exit_code == 1
    assert [p.source for p in problems] == [f"{src}:2"] and "surrogate" in problems[0].reason
    with Store.open(tmp_path / "kg-data", read_only=True) as store:
        assert store.articles() == ["good-1", "good-3"]
