"""``kg serve`` as a real subprocess on 127.0.0.1, queried with standard SPARQL clients."""

from __future__ import annotations

import csv
import io
import json
import shutil
import urllib.error
import urllib.parse
import urllib.request

import pytest
import rdflib
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, TURTLE, XML, SPARQLWrapper

from tests.helpers import SEED_ID, kg_server, run_kg, sample_results
from kg.store import RemoteStore, Store

COUNT_CLAIMS = "SELECT (COUNT(?c) AS ?n) WHERE { ?c a geokg:Claim }"


@pytest.fixture(scope="module")
def served(seed_store):
    with kg_server(seed_store) as url:
        yield url


@pytest.fixture(scope="module")
def claims(seed_store) -> int:
    with Store.open(seed_store, read_only=True) as store:
        return len(list(store.relations()))


def _post(url: str, data: bytes, content_type: str, accept: str = "*/*") -> tuple[int, str]:
    request = urllib.request.Request(url, data=data, headers={"Content-Type": content_type, "Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode()


def test_serve_answers_sparqlwrapper_in_json_csv_and_xml(served, claims):
    client = SPARQLWrapper(served + "/query")
    client.setQuery(COUNT_CLAIMS)
    client.setReturnFormat(JSON)
    doc = client.query().convert()
    assert int(doc["results"]["bindings"][0]["n"]["value"]) == claims

    client.setReturnFormat(CSV)
    rows = list(csv.reader(io.StringIO(client.query().convert().decode())))
    assert rows == [["n"], [str(claims)]]

    client.setMethod("POST")
    client.setReturnFormat(XML)
    xml = client.query().convert()
    assert xml.getElementsByTagName("literal")[0].firstChild.data == str(claims)

    client.setQuery("CONSTRUCT { ?s a geokg:State } WHERE { ?s a geokg:State }")
    client.setReturnFormat(TURTLE)
    graph = rdflib.Graph().parse(data=client.query().convert(), format="turtle")
    assert rdflib.URIRef("https://w3id.org/geokg/id/state/PRK") in set(graph.subjects())


def test_serve_answers_rdflib_sparqlstore_and_tsv(served, claims):
    graph = rdflib.Graph(store=SPARQLStore(served + "/query", returnFormat="xml"))
    rows = list(graph.query("PREFIX geokg: <https://w3id.org/geokg/ontology#> " + COUNT_CLAIMS))
    assert int(rows[0][0]) == claims
    status, body = _post(served + "/query", COUNT_CLAIMS.encode(), "application/sparql-query",
                         "text/tab-separated-values")
    assert status == 200 and body.splitlines()[0] == "?n"


def test_serve_syntax_error_is_400_with_the_position(served):
    query = urllib.parse.urlencode({"query": "SELECT ?x WHERE { ?x ?y }"})
    with pytest.raises(urllib.error.HTTPError) as info:
        urllib.request.urlopen(f"{served}/query?{query}", timeout=60)
    assert info.value.code == 400
    assert "syntax error: error at 1:" in info.value.read().decode()


def test_serve_refuses_updates_when_read_only(served, claims):
    status, body = _post(served + "/update", b"DELETE WHERE { ?s ?p ?o }", "application/sparql-update")
    assert status == 403 and "--allow-update" in body
    status, body = _post(served + "/update", urllib.parse.urlencode({"update": "CLEAR ALL"}).encode(),
                         "application/x-www-form-urlencoded")
    assert status == 403
    with RemoteStore.open(served, read_only=True) as store:
        assert len(list(store.relations())) == claims


def test_serve_allow_update_accepts_writes_and_a_remote_store(seed_store, tmp_path):
    copy = tmp_path / "kg-data"
    shutil.copytree(seed_store, copy, ignore=shutil.ignore_patterns("kg.lock"))
    with kg_server(copy, "--allow-update") as url:
        status, _ = _post(url + "/update", b"INSERT DATA { GRAPH <https://ex/g> { <https://ex/a> a geokg:Group } }",
                          "application/sparql-update")
        assert status == 204
        with RemoteStore.open(url) as store:  # kg serve speaks the protocol RemoteStore uses
            assert store.query("ASK { <https://ex/a> a geokg:Group }").askAnswer
            assert [store.ingest(r) for r in sample_results()] == ["added"] * 3
            assert store.articles() == sorted(["a1", "a2", "a3", SEED_ID])
            assert store.remove("a2")
    with Store.open(copy, read_only=True) as store:
        assert store.articles() == sorted(["a1", "a3", SEED_ID])


def test_serve_times_out_a_runaway_query(seed_store):
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    with kg_server(seed_store, "--timeout", "0.5") as url:
        status, body = _post(url + "/query", slow.encode(), "application/sparql-query")
        assert status == 503 and "--timeout" in body
        status, _ = _post(url + "/query", b"ASK {}", "application/sparql-query")  # still answering
        assert status == 200


def test_serve_rejects_a_url_store_and_a_bad_timeout():
    proc = run_kg("serve", "--store", "http://127.0.0.1:1/")
    assert proc.returncode == 2 and "store directory" in proc.stderr
    proc = run_kg("serve", "--timeout", "0")
    assert proc.returncode == 2 and "--timeout" in proc.stderr


def test_serve_takes_writes_from_this_machine_only_unless_told(tmp_path):
    proc = run_kg("serve", "--allow-update", "--host", "0.0.0.0", "--store", tmp_path / "kg-data")
    assert proc.returncode == 2 and "--allow-remote-update" in proc.stderr
    assert not (tmp_path / "kg-data").exists()  # refused before anything was opened
