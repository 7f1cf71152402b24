"""Reviewers' decisions on a real store on disk: a rejected claim leaves every reader, and stays
rejected when its article is written again, removed and added back, or read by another extractor."""

from __future__ import annotations

import dataclasses
import json

import pytest

from kg import ids
from kg.rdf.mapping import claim_iri
from kg.rdf.query import run_query
from kg.rdf.sparql import Query
from kg.records import Article, ArticleResult, Evidence, Relation
from kg.store import Store
from tests.helpers import PRK, RUS, run_kg, sample_results

TROOPS = sample_results()[0].relations[0]  # a1: North Korea sendsTroopsTo Russia (reported)
TROOPS_ID = str(claim_iri(TROOPS)).rsplit("/", 1)[-1]


def _triples(store: Store) -> set[tuple[str, str, str]]:
    return {(r.subject.label, r.predicate, r.object.label) for r in store.relations()}


def _plain(store: Store, doc: str, rel: Relation) -> bool:
    pred = ids.property_iri(rel.predicate)
    ask = f"ASK {{ GRAPH <{ids.article_graph(doc)}> {{ <{rel.subject.iri}> <{pred}> <{rel.object.iri}> }} }}"
    return bool(store.query(ask).askAnswer)


@pytest.fixture
def store(tmp_path):
    with Store.open(tmp_path / "kg-data") as opened:
        for result in sample_results():
            opened.ingest(result)
        yield opened


def test_a_rejected_claim_leaves_relations_the_graph_and_the_shipped_queries(store):
    assert ("North Korea", "sendsTroopsTo", "Russia") in _triples(store)
    claims_before = store.stats()["claims"]
    allies = run_query(store, Query.shipped("allies-of"), {"actor": "North Korea"}).rows
    assert any("sendsTroopsTo" in row[2] for row in allies)
    store.decide(TROOPS_ID, "rejected", by="ana", note="the officials said no such thing")
    assert ("North Korea", "sendsTroopsTo", "Russia") not in _triples(store)
    assert ("North Korea", "alliedWith", "Russia") in _triples(store)  # its neighbour stays
    assert not _plain(store, "a1", TROOPS)
    assert store.stats()["claims"] == claims_before - 1
    allies = run_query(store, Query.shipped("allies-of"), {"actor": "North Korea"}).rows
    assert allies and all("sendsTroopsTo" not in row[2] for row in allies)
    evidence = run_query(store, Query.shipped("evidence-for"), {"actor": "North Korea", "other": "Russia"}).rows
    assert [row[1] for row in evidence if row[1] == "sendsTroopsTo"] == []
    everything = store.relations(include_rejected=True)
    assert TROOPS in list(everything)


def test_a_rejected_claim_leaves_the_queries_that_count_claims(store):
    threat = sample_results()[1].relations[2]  # a2: North Korea threatens the United States, through Kim Jong Un
    def shown():
        actors = {row[1]: row[5] for row in run_query(store, Query.shipped("actors")).rows}
        people = {row[1]: row[2] for row in run_query(store, Query.shipped("who-represents"), {"actor": "North Korea"}).rows}
        return actors["United States"], people["Kim Jong Un"]
    assert shown() == (2, "leads, actsFor")
    store.decide(str(claim_iri(threat)), "rejected", by="ana", note="")
    assert shown() == (1, "leads")


def test_undo_and_confirm_bring_the_claim_and_its_triple_back(store):
    store.decide(TROOPS_ID, "rejected", by="ana", note="")
    assert store.undo_decision(TROOPS_ID) is True
    assert _plain(store, "a1", TROOPS) and ("North Korea", "sendsTroopsTo", "Russia") in _triples(store)
    assert store.undo_decision(TROOPS_ID) is False
    store.decide(TROOPS_ID, "rejected", by="ana", note="")
    store.decide(TROOPS_ID, "confirmed", by="bo", note="checked the source")  # replaces the rejection
    assert _plain(store, "a1", TROOPS)
    [review] = store.reviews()
    assert (review.decision, review.by, review.note, review.article, review.predicate) == (
        "confirmed", "bo", "checked the source", "a1", "sendsTroopsTo")


def test_a_rejection_survives_rewriting_removing_and_re_extracting_the_article(store):
    store.decide(TROOPS_ID, "rejected", by="ana", note="")
    first = sample_results()[0]
    again = dataclasses.replace(first, extractor="another-extractor")  # a new extractor reads it again
    assert store.ingest(again) == "replaced"
    assert ("North Korea", "sendsTroopsTo", "Russia") not in _triples(store)
    assert store.remove("a1") and store.ingest(first) == "added"
    assert ("North Korea", "sendsTroopsTo", "Russia") not in _triples(store)
    assert not _plain(store, "a1", TROOPS)


def test_the_plain_triple_stays_while_another_claim_in_the_article_asserts_it(tmp_path):
    text = "North Korea sent troops to Russia. Later, North Korea sent more troops to Russia."
    first, second = text.split(". ")
    rels = [Relation("t", PRK, "sendsTroopsTo", RUS, Evidence(first + ".", 0, len(first) + 1), "svo"),
            Relation("t", PRK, "sendsTroopsTo", RUS, Evidence(second, text.index(second), len(text)), "svo")]
    with Store.open(tmp_path / "kg-data") as st:
        st.ingest(ArticleResult(Article("t", text), rels, [PRK, RUS]))
        st.decide(str(claim_iri(rels[0])), "rejected", by="ana", note="")
        assert _plain(st, "t", rels[0])
        assert len(list(st.relations())) == 1
        st.decide(str(claim_iri(rels[1])), "rejected", by="ana", note="")
        assert not _plain(st, "t", rels[0])


def test_a_decision_on_an_unknown_claim_or_a_bad_id_is_refused(store):
    with pytest.raises(ValueError, match="no claim 0123456789abcdef"):
        store.decide("0123456789abcdef", "rejected", by="ana", note="")
    with pytest.raises(ValueError, match="not a claim id"):
        store.decide("Russia", "rejected", by="ana", note="")
    with pytest.raises(ValueError, match="unknown decision"):
        store.decide(TROOPS_ID, "maybe", by="ana", note="")
    assert store.reviews() == []


def test_the_review_commands_and_the_analyses(tmp_path):
    path = tmp_path / "kg-data"
    with Store.open(path) as st:
        for result in sample_results():
            st.ingest(result)
    listed = run_kg("review", "claims", "North Korea", "Russia", "-f", "json", "--store", path)
    assert listed.returncode == 0, listed.stderr
    rows = json.loads(listed.stdout)["results"]["bindings"]
    troops = [r["claim"]["value"] for r in rows if r["relation"]["value"] == "sendsTroopsTo"]
    assert troops == [str(claim_iri(TROOPS))]
    explain = ["analyse", "explain", "North Korea", "Russia", "--json", "--store", path]
    assert "sendsTroopsTo" in run_kg(*explain).stdout
    done = run_kg("review", "reject", TROOPS_ID, "--note", "no source", "--by", "ana", "--store", path)
    assert done.returncode == 0, done.stderr
    assert "sendsTroopsTo" not in run_kg(*explain).stdout
    assert "sendsTroopsTo" in run_kg(*explain, "--include-rejected").stdout
    [review] = json.loads(run_kg("review", "list", "--json", "--store", path).stdout)
    assert (review["id"], review["decision"], review["by"], review["note"]) == (TROOPS_ID, "rejected", "ana", "no source")
    assert run_kg("validate", "--store", path).returncode == 0  # a rejected claim is still a whole claim
    exported = run_kg("export", "--format", "nq", "--store", path).stdout
    assert f"<{ids.REVIEWS_GRAPH}>" in exported and "no source" in exported
    assert run_kg("review", "undo", TROOPS_ID, "--store", path).returncode == 0
    assert run_kg("review", "undo", TROOPS_ID, "--store", path).returncode == 1
    assert run_kg("review", "reject", "nonsense", "--store", path).returncode == 2
