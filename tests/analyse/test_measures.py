"""Rankings, neighbours, balance, centrality, explanations and graph cuts."""

from __future__ import annotations

import math

import networkx as nx
import pytest

from kg.analyse import (
    adversaries,
    alignments,
    balance,
    centrality,
    ego_subgraph,
    explain,
    filter_graph,
    friends,
    oppositions,
    signed_graph,
    toy_graph,
)
from kg.records import Entity, Evidence, Relation

ID = "https://w3id.org/geokg/id/"
USA = Entity(ID + "state/USA", "United States", "State", "USA")
CHN = Entity(ID + "state/CHN", "China", "State", "CHN")
RUS = Entity(ID + "state/RUS", "Russia", "State", "RUS")


def rel(subject, predicate, obj, *, doc="a1", date=None, confidence=1.0, text=None) -> Relation:
    sentence = text or f"{subject.label} {predicate} {obj.label}."
    return Relation(doc, subject, predicate, obj, Evidence(sentence, 0, len(sentence)), "test",
                    confidence=confidence, date=date)


def graph(edges) -> nx.Graph:
    G = nx.Graph()
    for u, v, w in edges:
        G.add_node(u, label=u.upper())
        G.add_node(v, label=v.upper())
        G.add_edge(u, v, weight=w, claims=1)
    return G


def test_alignments_and_oppositions_rank_by_strength_and_sign():
    G = graph([("a", "b", 0.2), ("b", "c", 0.9), ("c", "d", -0.4), ("a", "d", -0.8), ("a", "c", 0.0)])
    assert [(p["a"], p["b"], p["weight"]) for p in alignments(G)] == [("C", "B", 0.9), ("A", "B", 0.2)]  # better connected first
    assert [p["weight"] for p in oppositions(G)] == [-0.8, -0.4]
    assert len(alignments(G, n=1)) == 1
    assert oppositions(graph([("a", "b", 0.5)])) == []


def test_friends_and_adversaries_accept_ids_or_labels_in_any_case():
    G = toy_graph()
    assert [f["actor"] for f in friends(G, "RUS")] == ["North Korea", "South Korea"]
    assert [f["actor"] for f in friends(G, "rUsSiA")] == ["North Korea", "South Korea"]
    assert [a["actor"] for a in adversaries(G, "North Korea")] == ["South Korea", "Ukraine"]
    assert all(a["weight"] < 0 for a in adversaries(G, "Ukraine"))


def test_unknown_actor_error_suggests_close_labels():
    with pytest.raises(KeyError, match="did you mean Russia"):
        friends(toy_graph(), "Rusia")


def test_ambiguous_label_asks_for_an_id():
    G = graph([("p1", "x", 0.5)])
    G.add_node("p2", label="P1")
    with pytest.raises(KeyError, match="names 2 actors"):
        friends(G, "p1 ")  # not an id, and the label matches two nodes
    assert [f["actor"] for f in friends(G, "p1")] == ["X"]


def test_balance_counts_signed_triangles():
    G = graph([("a", "b", 0.5), ("b", "c", 0.5), ("a", "c", -0.5),     # unbalanced (+ + -)
               ("c", "d", -0.5), ("b", "d", -0.5),                      # b c d: + - - balanced
               ("a", "e", 0.5), ("b", "e", 0.0)])                       # unsigned edge: not counted
    assert balance(G) == {"triangles": 2, "balanced": 1, "ratio": 0.5}
    assert balance(graph([("a", "b", 1.0)]))["ratio"] is None


def test_centrality_pageranks_sum_to_one_and_find_the_hubs():
    G = graph([("hub", f"f{i}", 0.8) for i in range(5)] + [("foe", f"f{i}", -0.7) for i in range(3)])
    c = centrality(G)
    assert math.isclose(sum(v["pagerank_positive"] for v in c.values()), 1.0, abs_tol=1e-3)
    assert math.isclose(sum(v["pagerank_negative"] for v in c.values()), 1.0, abs_tol=1e-3)
    assert max(c, key=lambda a: c[a]["pagerank_positive"]) == "HUB"
    assert max(c, key=lambda a: c[a]["pagerank_negative"]) == "FOE"
    assert c["HUB"]["degree"] == round(5 / 6, 3)  # five of the six others


def test_explain_gives_evidence_strongest_first():
    G = signed_graph([
        rel(USA, "criticizes", CHN, doc="a1", text="The US criticised China."),
        rel(USA, "sanctions", CHN, doc="a2", text="The US sanctioned Chinese firms."),
        rel(RUS, "meetsWith", CHN, doc="a3"),
    ])
    sentences = [e["sentence"] for e in explain(G, "china", "United States")]
    assert sentences == ["The US sanctioned Chinese firms.", "The US criticised China."]
    assert explain(G, "Russia", "United States") == []
    explain(G, "China", "United States")[0]["sentence"] = "changed"
    assert G.edges[USA.iri, CHN.iri]["evidence"][0]["sentence"] != "changed"


def test_filter_graph_by_weight_drops_weak_edges_and_lonely_actors():
    G = graph([("a", "b", 0.2), ("b", "c", -0.9)])
    H = filter_graph(G, min_weight=0.5)
    assert list(H.edges()) == [("b", "c")]
    assert "a" not in H and "a" in G


def test_filter_graph_by_date_rebuilds_weights_from_the_window():
    G = signed_graph([
        rel(USA, "sanctions", CHN, doc="a1", date="2024-01-10"),
        rel(USA, "meetsWith", CHN, doc="a2", date="2024-06-10"),
        rel(USA, "criticizes", RUS, doc="a3"),
    ])
    H = filter_graph(G, since="2024-06-01")
    edge = H.edges[USA.iri, CHN.iri]
    assert edge["relations"] == ["meetsWith"]
    assert edge["weight"] == pytest.approx(math.tanh(0.1))
    assert (edge["first_seen"], edge["claims"]) == ("2024-06-10", 1)
    assert not H.has_edge(USA.iri, RUS.iri)  # undated
    assert G.edges[USA.iri, CHN.iri]["claims"] == 2  # the input is untouched


def test_filter_graph_by_relation_type():
    G = signed_graph([rel(USA, "sanctions", CHN), rel(USA, "meetsWith", CHN, doc="a2"),
                      rel(USA, "meetsWith", RUS)])
    H = filter_graph(G, relations={"sanctions"})
    assert list(H.edges(data="relations")) == [(USA.iri, CHN.iri, ["sanctions"])]
    assert H.edges[USA.iri, CHN.iri]["weight"] == pytest.approx(math.tanh(-0.4))


def test_ego_subgraph_counts_hops():
    G = graph([("a", "b", 0.5), ("b", "c", 0.5), ("c", "d", -0.5)])
    assert sorted(ego_subgraph(G, "A", hops=1)) == ["a", "b"]
    assert sorted(ego_subgraph(G, "a", hops=2)) == ["a", "b", "c"]
    assert sorted(ego_subgraph(G, "a", hops=0)) == ["a"]
    with pytest.raises(ValueError):
        ego_subgraph(G, "a", hops=-1)
