"""The HTML page without a browser: offline, escaped, and drawn as the graph says."""

from __future__ import annotations

import json
import re
import time

import networkx as nx
import pytest
from tests.helpers import CELL, ENVOY, PRK, RUS, UKR, UN, USA, hostile_graph

from kg.visualise import edge_id, page_data, render_html
from kg.visualise.page import NEGATIVE, NEUTRAL, POSITIVE, TYPE_COLOURS

REMOTE = re.compile(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//|@import\s+url\(\s*["']?(?:https?:)?//""", re.I)


@pytest.fixture(scope="module")
def page(tmp_path_factory) -> str:
    path = render_html(hostile_graph(), tmp_path_factory.mktemp("page") / "g.html", title="Test <b>graph</b>")
    return path.read_text(encoding="utf-8")


def embedded(html_text: str) -> dict:
    match = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', html_text, re.S)
    assert match, "no data element in the page"
    return json.loads(match.group(1))


def test_page_references_nothing_remote(page):
    assert REMOTE.search(page) is None
    for host in ("cdnjs.cloudflare.com", "cdn.jsdelivr.net", "unpkg.com"):  # pyvis template's CDNs
        assert host not in page
    assert "bootstrap" not in page.lower()
    assert "<link" not in page.lower()
    assert re.search(r"<script[^>]+src=", page) is None


def test_remote_pattern_would_catch_cdn_links():
    assert REMOTE.search('<script src="https://cdn.example/vis.js"></script>')
    assert REMOTE.search("<link href='//cdn.example/x.css'>")
    assert REMOTE.search("@import url(http://example.org/x.css);")


def test_page_inlines_vis_network(page):
    assert "vis-network" in page and "new vis.Network" in page
    assert len(re.findall(r"^<script", page, re.M)) == 3  # data, vis-network, our script


def test_hostile_text_never_appears_as_markup(page):
    assert "<script>window.__pwned" not in page
    assert "<img src=x" not in page
    assert "Test <b>graph</b>" not in page and "Test &lt;b&gt;graph&lt;/b&gt;" in page
    data = embedded(page)
    sentences = [e["sentence"] for edge in data["edges"] for e in edge["kg"]["evidence"]]
    assert any("<script>window.__pwned=1</script>" in s for s in sentences)  # kept, as text
    assert CELL.label in [n["label"] for n in data["nodes"]]


def test_embedded_ids_equal_the_graph(page):
    G = hostile_graph()
    data = embedded(page)
    assert sorted(n["id"] for n in data["nodes"]) == sorted(G)
    assert sorted(e["id"] for e in data["edges"]) == sorted(edge_id(u, v) for u, v in G.edges())
    assert all({e["from"], e["to"]} <= set(G) for e in data["edges"])


def test_edges_are_coloured_shaped_and_pointed_by_their_attributes():
    G = hostile_graph()
    edges = {e["id"]: e for e in page_data(G)["edges"]}
    attack = edges[edge_id(RUS.iri, UKR.iri)]
    assert attack["color"]["color"] == NEGATIVE and attack["dashes"] is False
    assert attack["arrows"] == ("to" if attack["from"] == RUS.iri else "from")
    aid = edges[edge_id(USA.iri, UKR.iri)]
    assert aid["color"]["color"] == POSITIVE
    assert edges[edge_id(ENVOY.iri, USA.iri)]["color"]["color"] == NEUTRAL
    threat = edges[edge_id(PRK.iri, USA.iri)]
    assert threat["dashes"] is True  # only a "possible" claim
    meeting = edges[edge_id(UN.iri, UKR.iri)]
    assert "arrows" not in meeting  # symmetric relation: no direction
    assert attack["width"] > aid["width"] > meeting["width"]


def test_arrows_point_both_ways_when_both_act():
    G = nx.Graph()
    G.add_edge("a", "b", weight=-0.5, directed=True, subjects=["a", "b"], relations=["criticizes"])
    (edge,) = page_data(G)["edges"]
    assert edge["arrows"] == "to, from"


def test_nodes_are_coloured_by_type_and_sized_by_degree():
    data = page_data(hostile_graph())
    nodes = {n["id"]: n for n in data["nodes"]}
    assert nodes[RUS.iri]["color"]["background"] == TYPE_COLOURS["State"]
    assert nodes[UN.iri]["color"]["background"] == TYPE_COLOURS["Organization"]
    assert nodes[ENVOY.iri]["color"]["background"] == TYPE_COLOURS["Person"]
    assert nodes[CELL.iri]["color"]["background"] == TYPE_COLOURS["Group"]
    assert nodes[UKR.iri]["size"] > nodes[UN.iri]["size"]


def test_evidence_is_cut_to_max_evidence_and_says_how_many_more():
    G = nx.Graph()
    evidence = [{"sentence": f"s{i}", "doc": "d", "predicate": "meetsWith", "score": 0.1} for i in range(8)]
    G.add_edge("a", "b", weight=0.3, relations=["meetsWith"], evidence=evidence)
    (edge,) = page_data(G, max_evidence=3)["edges"]
    assert [e["sentence"] for e in edge["kg"]["evidence"]] == ["s0", "s1", "s2"]
    assert edge["kg"]["more"] == 5
    assert "score" not in edge["kg"]["evidence"][0]


def test_filter_lists_each_relation_with_its_count(page):
    boxes = re.findall(r'<input type="checkbox" value="([^"]+)" checked>', page)
    assert sorted(boxes) == sorted(
        ["attacks", "alliedWith", "suppliesWeaponsTo", "criticizes", "providesAidTo", "meetsWith",
         "accuses", "represents", "threatens"]
    )
    assert boxes.index("alliedWith") < boxes.index("attacks") < boxes.index("represents")


def test_legend_names_every_actor_type(page):
    legend = re.search(r'<div id="kg-legend".*?</header>', page, re.S)
    assert legend
    for kind in TYPE_COLOURS:
        assert kind in page


def test_large_graphs_get_fixed_positions_quickly(tmp_path):
    G = nx.gnm_random_graph(1500, 2000, seed=3)
    nx.set_edge_attributes(G, 0.5, "weight")
    start = time.perf_counter()
    path = render_html(G, tmp_path / "big.html")
    elapsed = time.perf_counter() - start
    data = embedded(path.read_text(encoding="utf-8"))
    assert data["options"]["physics"]["enabled"] is False
    assert all("x" in n and "y" in n for n in data["nodes"])
    assert len({(n["x"], n["y"]) for n in data["nodes"]}) == 1500
    assert elapsed < 20


def test_small_graphs_keep_physics_unless_told(tmp_path):
    assert page_data(hostile_graph())["options"]["physics"]["enabled"] is True
    frozen = page_data(hostile_graph(), physics=False)
    assert frozen["options"]["physics"]["enabled"] is False
    assert all("x" in n for n in frozen["nodes"])


def test_rendering_is_deterministic(tmp_path):
    G = nx.gnm_random_graph(1200, 1500, seed=5)
    nx.set_edge_attributes(G, -0.2, "weight")
    a = render_html(G, tmp_path / "a.html").read_bytes()
    b = render_html(G, tmp_path / "b.html").read_bytes()
    assert a == b


def test_empty_graph_still_renders(tmp_path):
    data = embedded(render_html(nx.Graph(), tmp_path / "empty.html").read_text(encoding="utf-8"))
    assert data["nodes"] == [] and data["edges"] == []
