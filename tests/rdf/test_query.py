"""Shipped queries on a small hand-made store; parameters, errors and output formats."""

from __future__ import annotations

import csv
import datetime
import io
import json

import pyoxigraph as ox
import pytest
import rdflib
from rich.console import Console

from kg import ids
from kg.rdf.query import (
    QueryError,
    QuerySyntaxError,
    Query,
    format_table,
    run_query,
    shipped_queries,
    to_csv,
    to_json,
)
from kg.store import Store
from tests.helpers import PRK, RUS, sample_results


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    with Store.open(tmp_path_factory.mktemp("q") / "kg-data") as st:
        for result in sample_results():
            st.ingest(result)
        yield st


def _run(store, name, **params):
    return run_query(store, Query.shipped(name), params or None)


def test_query_ships_the_expected_queries():
    assert set(shipped_queries()) >= {
        "allies-of", "adversaries-of", "who-represents", "conflicts-between",
        "evidence-for", "timeline-of", "actors",
    }


def test_query_allies_of_ranks_by_signed_score(store):
    res = _run(store, "allies-of")
    assert res.variables == ["ally", "allyLabel", "score", "relations", "articles", "hedged"]
    [(ally, label, score, relations, articles, hedged)] = res.rows
    assert (ally, label, articles, hedged) == (RUS.iri, "Russia", 2, 0)
    assert set(relations.split(", ")) == {"sendsTroopsTo", "alliedWith", "agreesWith"}
    assert score == pytest.approx(_python_score(store, "North Korea", "Russia"), abs=0.001)


def test_query_adversaries_of_follows_the_hierarchy_and_skips_denials(store):
    rows = _run(store, "adversaries-of").rows
    # the most hostile first: a threat (-6) outweighs an accusation (-2)
    assert [(r[1], r[3], r[4]) for r in rows] == [("United States", "threatens", 1), ("Ukraine", "accuses", 1)]
    assert all(r[2] < 0 for r in rows)
    # Russia's attack was denied and the US sanctions negated: no adversaries for Russia.
    assert _run(store, "adversaries-of", actor="russia").rows == []
    [(_, label, score, *_rest)] = _run(store, "adversaries-of", actor="Ukraine").rows
    assert label == "North Korea"
    assert score == pytest.approx(_python_score(store, "Ukraine", "North Korea"), abs=0.001)


def _python_score(store, a, b):
    """The summed claim scores `kg analyse` gives the edge (its weight is their tanh)."""
    import math

    from kg.app import actor_graph
    from kg.analyse.measures import resolve
    G = actor_graph(store)
    return math.atanh(G.edges[resolve(G, a), resolve(G, b)]["weight"])


def test_query_signed_scores_use_the_one_modality_table():
    """The modality weights written in the signed queries are kg/data/modalities.tsv's."""
    import re

    from kg.modality import table
    expected = {name: m.weight for name, m in table().items()}
    for name in ("allies-of", "adversaries-of"):
        text = Query.shipped(name).sparql
        row = re.search(r"VALUES \(\?modality \?weight\) \{(.*?)\}", text).group(1)
        assert {m: float(w) for m, w in re.findall(r'\("(\w+)" ([\d.]+)\)', row)} == expected, name


def test_query_who_represents(store):
    rows = {r[1]: (set(r[2].split(", ")), r[3], r[4]) for r in _run(store, "who-represents").rows}
    assert rows == {
        "Choe Son Hui": ({"represents"}, "foreign minister", 1),
        "Kim Jong Un": ({"leads", "actsFor"}, "leader", 1),
    }


def test_query_conflicts_between(store):
    rows = _run(store, "conflicts-between").rows
    assert rows == [("Ukraine", "accuses", "North Korea", 1, "2024-11-20", "2024-11-20")]
    assert _run(store, "conflicts-between", actor="Russia", other="Ukraine").rows == []


def test_query_evidence_for(store):
    res = _run(store, "evidence-for")
    got = [dict(zip(res.variables, row)) for row in res.rows]
    assert [(g["subjectLabel"], g["relation"], g["objectLabel"]) for g in got] == [
        ("North Korea", "sendsTroopsTo", "Russia"),
        ("North Korea", "alliedWith", "Russia"),
        ("Russia", "agreesWith", "North Korea"),  # symmetric: counts both ways
    ]
    first = got[0]
    assert first["sentence"] == "North Korea has sent troops to Russia, officials in Seoul said."
    assert (first["modality"], first["negated"], first["confidence"]) == ("reported", False, 0.8)
    assert (first["article"], first["start"], first["end"], first["attributedTo"]) == ("a1", 0, 63, "South Korea")
    assert first["date"] == datetime.date(2024, 11, 5)
    only = _run(store, "evidence-for", relation="alliedWith").rows
    assert [r[1] for r in only] == ["alliedWith"]
    denied = _run(store, "evidence-for", actor="Russia", other="Ukraine").rows
    assert [(r[1], r[3]) for r in denied] == [("attacks", "denied")]


def test_query_timeline_of(store):
    rows = _run(store, "timeline-of").rows
    assert len(rows) == 7
    assert [r[0] for r in rows] == sorted(r[0] for r in rows)
    assert rows[0][1:4] == ("North Korea", "sendsTroopsTo", "Russia")
    assert rows[-1][1:4] == ("Russia", "agreesWith", "North Korea")


def test_query_actors(store):
    res = _run(store, "actors")
    by_label = {r[1]: r for r in res.rows}
    assert len(res.rows) == 9
    assert by_label["North Korea"] == (PRK.iri, "North Korea", "State", "PRK", "Q423", 7)
    assert by_label["United Nations"][2:] == ("Organization", None, "Q1065", 1)
    assert res.rows[0][1] == "North Korea"  # most mentioned first


def test_query_params_by_iri_any_case_and_errors(store):
    assert _run(store, "allies-of", actor=PRK.iri).rows == _run(store, "allies-of", actor="NORTH korea").rows
    with pytest.raises(QueryError, match="unknown parameter 'country'; this query takes: actor"):
        _run(store, "allies-of", country="Russia")
    text = Query.text("# @param who\nSELECT ?l WHERE { ?a rdfs:label ?l FILTER(?l = ?_who) }")
    assert {k: p.default for k, p in text.params.items()} == {"who": None}
    with pytest.raises(QueryError, match="needs a value for 'who'; give --param who="):
        run_query(store, text)
    assert run_query(store, text, {"who": 'Russia "quoted"'}).rows == []
    assert run_query(store, text, {"who": "Russia"}).rows == [("Russia",)]


def test_query_syntax_error_has_line_and_column(store):
    text = Query.text("SELECT ?s\nWHERE {\n  ?s geokg:sendsTroopsTo ?o\n  FILTER( }", name="mine.rq")
    with pytest.raises(QuerySyntaxError) as err:
        run_query(store, text)
    assert (err.value.line, err.value.column) == (4, 12)  # as Oxigraph counts (1-based)
    message = str(err.value)
    assert message.startswith("SPARQL syntax error in mine.rq at line 4, column 12: ")
    assert "  FILTER( }\n" in message and message.endswith("           ^")
    assert "unexpected text here" in message and "\\u{" not in message


def test_query_unknown_prefix_is_named(store):
    with pytest.raises(QuerySyntaxError, match="unknown prefix 'foo:'; declare it with PREFIX foo:") as err:
        run_query(store, Query.text("SELECT ?s WHERE {\n  ?s foo:bar ?o }"))
    assert err.value.line == 2


def test_query_ask_and_construct(store):
    ask = run_query(store, Query.text("ASK { ?s geokg:sendsTroopsTo ?o }"))
    assert (ask.kind, ask.variables, ask.rows, ask.boolean) == ("ASK", ["boolean"], [(True,)], True)
    assert json.loads(to_json(ask)) == {"head": {}, "boolean": True}
    con = run_query(store, Query.text("CONSTRUCT { ?s geokg:sendsTroopsTo ?o } WHERE { ?s geokg:sendsTroopsTo ?o }"))
    assert con.kind == "CONSTRUCT" and con.variables == ["subject", "predicate", "object"]
    assert con.rows == [(PRK.iri, ids.property_iri("sendsTroopsTo"), RUS.iri)]


def test_query_on_other_targets():
    graph = rdflib.Graph()
    graph.add((rdflib.URIRef(PRK.iri), rdflib.RDFS.label, rdflib.Literal("North Korea")))
    assert run_query(graph, Query.text("SELECT ?l WHERE { ?s rdfs:label ?l }")).rows == [("North Korea",)]
    with pytest.raises(QuerySyntaxError) as err:  # rdflib's own parser
        run_query(graph, Query.text("SELECT ?l\nWHERE { ?s rdfs:label }"))
    assert err.value.line == 2
    raw = ox.Store()
    raw.add(ox.Quad(ox.NamedNode(PRK.iri), ox.NamedNode(str(rdflib.RDFS.label)), ox.Literal("NK"), ox.NamedNode(ids.ENTITIES_GRAPH)))
    assert run_query(raw, Query.text("SELECT ?l WHERE { ?s rdfs:label ?l }")).rows == [("NK",)]


def test_query_csv_and_json_shapes(store):
    res = _run(store, "evidence-for")
    text = to_csv(res)
    assert text.endswith("\r\n")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == res.variables and len(rows) == 1 + len(res.rows)
    first = dict(zip(rows[0], rows[1]))
    assert (first["negated"], first["confidence"], first["start"]) == ("false", "0.8", "0")
    doc = json.loads(to_json(res))
    assert doc["head"]["vars"] == res.variables
    binding = doc["results"]["bindings"][0]
    assert binding["sentence"] == {"type": "literal", "value": "North Korea has sent troops to Russia, officials in Seoul said."}
    assert binding["start"] == {"type": "literal", "value": "0", "datatype": "http://www.w3.org/2001/XMLSchema#integer"}
    ally = json.loads(to_json(_run(store, "allies-of")))["results"]["bindings"][0]["ally"]
    assert ally == {"type": "uri", "value": RUS.iri}
    # Unbound values are left out of a JSON binding and empty in CSV.
    actors = _run(store, "actors")
    kor = next(b for b in json.loads(to_json(actors))["results"]["bindings"] if b["label"]["value"] == "Kim Jong Un")
    assert "iso3" not in kor and ",," in to_csv(actors)


def test_query_table_shows_text_literally(store):
    res = run_query(store, Query.text('SELECT ?x ?iri WHERE { BIND("[bold]x[/bold]" AS ?x) BIND(<%s> AS ?iri) }' % PRK.iri))
    console = Console(width=120, record=True)
    console.print(format_table(res, title="t"))
    out = console.export_text()
    assert "[bold]x[/bold]" in out and "id:state/PRK" in out and "1 row(s)" in out


def test_query_constructors_say_where_the_query_comes_from(tmp_path, monkeypatch):
    assert "geokg:goldstein" in Query.shipped("allies-of").sparql
    path = tmp_path / "mine.rq"
    path.write_text("ASK {}\n")
    assert Query.file(path) == Query.text("ASK {}\n", name=str(path))
    assert Query.from_argument(str(path)).sparql == "ASK {}\n"
    assert Query.from_name_or_text("ASK { ?s ?p ?o }").sparql == "ASK { ?s ?p ?o }"
    with pytest.raises(QueryError, match="unknown query 'friends-of'; use one of .*allies-of"):
        Query.from_name_or_text("friends-of")
    with pytest.raises(QueryError, match="cannot read query file .*missing.rq"):
        Query.file(tmp_path / "missing.rq")
    # A string is never read as a file unless asked: not a path, not a file of that name here.
    monkeypatch.chdir(tmp_path)
    (tmp_path / "ASK {}").write_text("SELECT * WHERE { ?s ?p ?o }")
    assert Query.from_argument("ASK {}").sparql == "ASK {}"
    assert Query.from_name_or_text("/etc/hostname").sparql == "/etc/hostname"
    long_text = "SELECT ?s WHERE { ?s ?p ?o }" + " " * 300
    assert Query.from_argument(long_text).sparql == long_text  # no [Errno 36] File name too long


def test_query_actor_parameter_is_resolved_to_iris(store):
    from kg.rdf.sparql import Query as Q
    query = Q.text("# @param who: actor\nSELECT ?a WHERE { VALUES ?a { ?_who } }")
    assert run_query(store, query, {"who": "north KOREA"}).rows == [(PRK.iri,)]
    assert run_query(store, query, {"who": PRK.iri}).rows == [(PRK.iri,)]
    assert run_query(store, query, {"who": "Atlantis"}).rows == []
    assert run_query(store, query, {"who": ""}).rows == [(None,)]


def test_actor_parameter_finds_an_actor_by_its_other_names(tmp_path):
    """Articles write "Putin" and "Vladimir Putin"; the store keeps one node with every
    name, and a query for either finds it, unless another actor is *labelled* so."""
    from kg.records import Article, ArticleResult, Entity
    from kg.rdf.sparql import Query as Q

    putin = ids.person_iri("Vladimir Putin")
    with Store.open(tmp_path / "kg-data") as st:
        st.ingest(ArticleResult(Article("p1", "Putin spoke."), [], [Entity(putin, "Vladimir Putin", "Person", alt=("Putin",))]))
        st.ingest(ArticleResult(Article("p2", "VLADIMIR PUTIN SPOKE."), [], [Entity(putin, "VLADIMIR PUTIN", "Person")]))
        [stored] = st.entities()
        assert (stored.label, stored.alt) == ("Vladimir Putin", ("Putin", "VLADIMIR PUTIN"))
        query = Q.text("# @param who: actor\nSELECT ?a WHERE { VALUES ?a { ?_who } }")
        assert run_query(st, query, {"who": "putin"}).rows == [(putin,)]
        assert run_query(st, query, {"who": "Vladimir Putin"}).rows == [(putin,)]
        other = ids.person_iri("Putin")
        st.ingest(ArticleResult(Article("p3", "A Putin spoke."), [], [Entity(other, "Putin", "Person")]))
        assert run_query(st, query, {"who": "Putin"}).rows == [(other,)]
