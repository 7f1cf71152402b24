"""The page in a real headless Chromium: drawn in full, offline, and inert to hostile text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.helpers import CELL, ROOT, RUS, SCRIPT_SENTENCE, UKR, hostile_graph, open_page, skip_without_browser

from kg.visualise import edge_id, render_html

pytestmark = pytest.mark.browser

ARTIFACTS = ROOT / "test-artifacts"

skip_without_browser()


@pytest.fixture(scope="module")
def opened(tmp_path_factory):
    page = render_html(hostile_graph(), tmp_path_factory.mktemp("browser") / "graph.html",
                       title="geokg test graph")
    with open_page(page) as opened:
        yield opened


def drawn_ids(opened) -> tuple[list[str], list[str]]:
    return (
        sorted(opened.page.evaluate("kgNetwork.body.data.nodes.getIds()")),
        sorted(opened.page.evaluate("kgNetwork.body.data.edges.getIds()")),
    )


def test_draws_exactly_the_graphs_nodes_and_edges(opened):
    G = hostile_graph()
    nodes, edges = drawn_ids(opened)
    assert nodes == sorted(G)
    assert edges == sorted(edge_id(u, v) for u, v in G.edges())


def test_asks_for_nothing_over_the_network(opened):
    assert opened.attempted == []
    assert opened.console_errors == []


def test_clicking_an_edge_shows_its_evidence_as_text(opened):
    page = opened.page
    wanted = edge_id(RUS.iri, UKR.iri)
    point = page.evaluate(
        """([a, b]) => {
            const p = kgNetwork.getPositions([a, b]);
            const dom = kgNetwork.canvasToDOM({x: (p[a].x + p[b].x) / 2, y: (p[a].y + p[b].y) / 2});
            const box = document.getElementById("kg-network").getBoundingClientRect();
            return {x: box.left + dom.x, y: box.top + dom.y, hit: kgNetwork.getEdgeAt(dom)};
        }""",
        [RUS.iri, UKR.iri],
    )
    assert point["hit"] == wanted, "the edge's midpoint is covered by another edge"
    page.mouse.click(point["x"], point["y"])
    details = page.inner_text("#kg-details")
    assert "Russia \u2013 Ukraine" in details
    assert SCRIPT_SENTENCE in details  # the literal <script> tag, shown as text
    assert page.evaluate("document.querySelectorAll('#kg-details script, #kg-details img').length") == 0
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "graph.png"))


def test_clicking_a_node_shows_a_hostile_label_as_text(opened):
    page = opened.page
    point = page.evaluate(
        """(id) => {
            const p = kgNetwork.getPositions([id])[id];
            const dom = kgNetwork.canvasToDOM(p);
            const box = document.getElementById("kg-network").getBoundingClientRect();
            return {x: box.left + dom.x, y: box.top + dom.y};
        }""",
        CELL.iri,
    )
    page.mouse.click(point["x"], point["y"])
    assert page.inner_text("#kg-details h2") == CELL.label
    page.evaluate(f"kgShow('edge', {json.dumps(edge_id(UKR.iri, CELL.iri))})")
    assert "<img src=x" in page.inner_text("#kg-details")


def test_no_injected_script_ran(opened):
    assert opened.page.evaluate("typeof window.__pwned") == "undefined"


def test_relation_filter_hides_and_restores_edges(opened):
    page = opened.page
    before = drawn_ids(opened)[1]
    page.uncheck('#kg-filter input[value="attacks"]')
    after = drawn_ids(opened)[1]
    assert edge_id(RUS.iri, UKR.iri) in before and edge_id(RUS.iri, UKR.iri) not in after
    assert len(after) == len(before) - 1
    page.click('#kg-filter button[data-set="none"]')
    assert drawn_ids(opened)[1] == []
    page.click('#kg-filter button[data-set="all"]')
    assert drawn_ids(opened)[1] == before
