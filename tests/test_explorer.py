"""The explorer of ``kg serve`` for real: a store built on disk from seeds/ and articles written for
this test, ``kg serve`` as a process on 127.0.0.1, and the page in a headless Chromium.

- a query typed in the box answers the rows ``kg query`` prints, and so do its CSV and JSON links;
- an actor or an edge clicked in the results is focused in the graph and its evidence listed;
- read-only (the default), the page offers no correction and the server refuses one (403);
- with ``--allow-update`` a claim rejected in the browser is gone from ``kg analyse`` and from the
  page, and stays gone after the store is rebuilt from the same inputs.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import CHROMIUM_ARGS, ROOT, SEEDS, chromium_path, kg_server, run_kg, skip_without_browser

pytestmark = pytest.mark.browser

ARTIFACTS = ROOT / "test-artifacts"

skip_without_browser()

#: Written for this test.  Peru -> Bolivia is the only claim between the two, so rejecting it
#: takes the edge out of the graph.
ARTICLES = [
    {"id": "x-fish", "title": "Fishing row", "date": "2025-03-04",
     "text": "Norway criticized Chile over the fishing quotas on Tuesday. The two governments will "
             "meet again in spring, officials said."},
    {"id": "x-grain", "title": "Grain deal", "date": "2025-03-05",
     "text": "Kenya signed a grain agreement with Egypt on Wednesday. Egypt sent aid to Kenya after the floods."},
    {"id": "x-border", "title": "Border dispute", "date": "2025-03-07",
     "text": "Peru accused Bolivia of hiding smugglers near the border on Friday. The ministry gave no further details."},
]
BORDER = "Peru accused Bolivia of hiding smugglers near the border on Friday."
TYPED = "SELECT ?actor ?label ?type WHERE { ?actor a ?type ; rdfs:label ?label . VALUES ?type { geokg:State geokg:Group } } ORDER BY ?label"


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> list[Path]:
    folder = tmp_path_factory.mktemp("explorer-inputs")
    crafted = folder / "crafted.jsonl"
    crafted.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES), encoding="utf-8")
    return [SEEDS, crafted]


@pytest.fixture(scope="module")
def built(tmp_path_factory, inputs) -> Path:
    store = tmp_path_factory.mktemp("explorer-store") / "kg-data"
    done = run_kg("build", *inputs, "--store", store, "--quiet")
    assert done.returncode == 0, done.stderr
    return store


@contextmanager
def explorer(url: str) -> Iterator[tuple[Any, list[str]]]:
    """The explorer at ``url`` in Chromium; requests to any other origin are aborted and listed."""
    from playwright.sync_api import sync_playwright

    origin = url.rstrip("/")
    elsewhere: list[str] = []

    def guard(route: Any) -> None:
        if route.request.url.startswith(origin + "/"):
            route.continue_()
        else:
            elsewhere.append(route.request.url)
            route.abort()

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=list(CHROMIUM_ARGS), headless=True)
        try:
            context = browser.new_context(viewport={"width": 1400, "height": 900}, service_workers="block",
                                          bypass_csp=True)
            context.route("**/*", guard)
            page = context.new_page()
            page.set_default_timeout(60_000)
            page.goto(origin + "/", wait_until="load")
            page.wait_for_function("window.__explorerReady === true")
            yield page, elsewhere
        finally:
            browser.close()


def run_in_box(page: Any, sparql: str) -> list[list[str]]:
    page.fill("#sparql", sparql)
    return run_shown(page)


def run_shown(page: Any) -> list[list[str]]:
    page.evaluate("document.getElementById('status').textContent = ''")
    page.click("#run")
    page.wait_for_function("/row\\(s\\)|error/.test(document.getElementById('status').textContent + "
                           "document.getElementById('status').className)")
    assert page.get_attribute("#status", "class") != "error", page.inner_text("#status")
    return page.evaluate("""() => [...document.querySelectorAll('#table tr')].slice(1).map(
        tr => [...tr.querySelectorAll('td')].slice(1).map(td => td.textContent))""")


def open_edge(page: Any, actor: str, other: str) -> list[list[str]]:
    """Run evidence-for between two actors and click the first row's edge button; the rows shown."""
    page.select_option("#shipped", "evidence-for")
    page.fill("#params input[data-param=actor]", actor)
    page.fill("#params input[data-param=other]", other)
    shown = run_shown(page)
    page.click("#table tr:nth-child(2) button.edge")
    page.wait_for_selector("#claims li[data-claim]")
    return shown


def cli_rows(store: Path, *args: str) -> list[list[str]]:
    """The rows ``kg query ... -f json`` prints, as the lexical values the table shows."""
    done = run_kg("query", *args, "-f", "json", "--store", store)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    names = data["head"]["vars"]
    return [[b[v]["value"] if v in b else "" for v in names] for b in data["results"]["bindings"]]


def fetch(url: str, *, data: bytes | None = None, headers: dict[str, str] | None = None) -> tuple[int, str]:
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, answer.read().decode("utf-8")
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode("utf-8")


# -- read-only ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def read_only(built) -> Iterator[str]:
    with kg_server(built) as url:
        yield url


def test_a_query_typed_in_the_box_returns_the_rows_of_kg_query(read_only, built):
    with explorer(read_only) as (page, elsewhere):
        shown = run_in_box(page, TYPED)
        expected = cli_rows(built, TYPED)
        assert len(expected) >= 8 and shown == expected
        csv_link, json_link = (read_only + page.get_attribute(f"#{k}", "href") for k in ("csv", "json"))
        assert elsewhere == []
    status, text = fetch(csv_link)
    assert status == 200 and list(csv.reader(io.StringIO(text)))[1:] == expected
    status, text = fetch(json_link)
    names = json.loads(text)["head"]["vars"]
    assert [[b[v]["value"] for v in names] for b in json.loads(text)["results"]["bindings"]] == expected


def test_a_shipped_query_with_its_parameter_returns_the_rows_of_kg_query(read_only, built):
    with explorer(read_only) as (page, _):
        page.select_option("#shipped", "adversaries-of")
        page.fill("#params input[data-param=actor]", "Peru")
        shown = run_shown(page)
    assert shown and shown == cli_rows(built, "adversaries-of", "--param", "actor=Peru")
    assert shown[0][1] == "Bolivia"


def test_an_actor_or_an_edge_clicked_in_a_result_shows_in_the_graph_with_its_evidence(read_only):
    with explorer(read_only) as (page, elsewhere):
        page.select_option("#shipped", "evidence-for")
        page.fill("#params input[data-param=actor]", "Peru")
        page.fill("#params input[data-param=other]", "Bolivia")
        assert run_shown(page)[0][:3] == ["Peru", "accuses", "Bolivia"]
        page.click("#table tr:nth-child(2) button.actor >> nth=1")  # Bolivia
        frame_hash = "() => document.getElementById('graph').contentWindow.location.hash"
        assert urllib.parse.unquote(page.evaluate(frame_hash)) == "#focus=https://w3id.org/geokg/id/state/BOL"
        page.wait_for_selector("#claims li[data-claim]")
        page.click("#table tr:nth-child(2) button.edge")
        assert urllib.parse.unquote(page.evaluate(frame_hash)) == "#focus=https://w3id.org/geokg/id/state/PER"
        page.wait_for_function("document.getElementById('evidence-title').textContent.includes('Peru \u2013 Bolivia')")
        page.wait_for_selector("#claims li[data-claim]")
        assert BORDER in page.inner_text("#claims")
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "explorer-read-only.png"))
        assert elsewhere == []


def test_read_only_offers_no_correction_and_refuses_one(read_only):
    with explorer(read_only) as (page, _):
        open_edge(page, "Peru", "Bolivia")
        assert page.locator("button.review").count() == 0
        assert page.is_hidden("#review-note")
        claim = page.get_attribute("#claims li[data-claim]", "data-claim")
    body = json.dumps({"claim": claim, "decision": "rejected", "note": "x"}).encode()
    status, text = fetch(read_only + "/explorer/review", data=body, headers={"Content-Type": "application/json"})
    assert status == 403 and "--allow-update" in text


# -- corrections --------------------------------------------------------------------------------


def _explained(store: Path) -> list[dict[str, Any]]:
    done = run_kg("analyse", "explain", "Peru", "Bolivia", "--json", "--store", store)
    return json.loads(done.stdout) if done.returncode == 0 else []


def _central(store: Path) -> list[str]:
    done = run_kg("analyse", "centrality", "--json", "--store", store)
    assert done.returncode == 0, done.stderr
    return [row["actor"] for row in json.loads(done.stdout)]


def test_a_claim_rejected_in_the_browser_stays_out_after_a_full_rebuild(built, inputs, tmp_path):
    store = tmp_path / "kg-data"
    shutil.copytree(built, store)
    assert any(c["sentence"] == BORDER for c in _explained(store))
    with kg_server(store, "--allow-update") as url, explorer(url) as (page, elsewhere):
        open_edge(page, "Peru", "Bolivia")
        page.fill("#note", "the ministry denied it")
        page.click("#claims li[data-claim] button[data-decision=rejected]")
        page.wait_for_selector("#claims li.rejected")
        page.screenshot(path=str(ARTIFACTS / "explorer-rejected.png"))
        assert elsewhere == []
    assert _explained(store) == []  # the only claim between them: the edge is gone
    assert "Peru" not in _central(store) and "Norway" in _central(store)
    [review] = json.loads(run_kg("review", "list", "--json", "--store", store).stdout)
    assert (review["decision"], review["note"], review["sentence"]) == ("rejected", "the ministry denied it", BORDER)
    rebuild(store, inputs)
    assert _explained(store) == []
    assert "Peru" not in _central(store) and "Norway" in _central(store)
    assert any(c["sentence"] == BORDER for c in json.loads(run_kg(
        "analyse", "explain", "Peru", "Bolivia", "--json", "--include-rejected", "--store", store).stdout))
    page_file = tmp_path / "graph.html"
    assert run_kg("viz", "--out", page_file, "--store", store).returncode == 0
    assert "hiding smugglers" not in page_file.read_text(encoding="utf-8")
    with kg_server(store) as url, explorer(url) as (page, _):
        frame = page.frame_locator("#graph")
        frame.locator("body").wait_for()
        graph = page.frames[1]
        graph.wait_for_function("window.__kgReady === true")
        nodes = graph.evaluate("kgNetwork.body.data.nodes.getIds()")
        assert "https://w3id.org/geokg/id/state/NOR" in nodes
        assert "https://w3id.org/geokg/id/state/PER" not in nodes


def rebuild(store: Path, inputs: list[Path]) -> None:
    """Every article removed and built again from the same inputs: each graph written anew."""
    articles = json.loads(run_kg("stats", "--json", "--store", store).stdout)["articles"]
    ids = [row[0] for row in cli_rows(store, "SELECT ?id WHERE { ?a a geokg:Article ; dct:identifier ?id }")]
    assert len(ids) == articles
    assert run_kg("remove", *ids, "--store", store).returncode == 0
    assert json.loads(run_kg("stats", "--json", "--store", store).stdout)["articles"] == 0
    done = run_kg("build", *inputs, "--store", store, "--quiet")
    assert done.returncode == 0, done.stderr
    assert json.loads(run_kg("stats", "--json", "--store", store).stdout)["articles"] == articles
