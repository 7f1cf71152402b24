"""The notebook API (``kg.build``, ``kg.open``, ``KnowledgeGraph``) on the seed article and on
small hand-built stores, including the inline page in a real Chromium."""

from __future__ import annotations

import contextlib
import html
import io
import re
import subprocess
import sys
import warnings
from pathlib import Path

import pytest
from tests.helpers import SEED_ID, SEEDS

import kg
from kg.rdf.query import QueryError, QueryResult, QuerySyntaxError
from kg.records import Article, ArticleResult
from kg.store import Store, StoreError, StoreNotFound

pd = pytest.importorskip("pandas")

PRK = "https://w3id.org/geokg/id/state/PRK"
RUS = "https://w3id.org/geokg/id/state/RUS"


@pytest.fixture(scope="module")
def graph(tmp_path_factory):
    """The seed article built with ``kg.build``, shared read-only by this module."""
    with kg.build(SEEDS, tmp_path_factory.mktemp("api") / "kg-data") as g:
        yield g


@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory) -> Path:
    """A store of the hand-built browser-test relations, whose text carries markup."""
    from tests.helpers import hostile_relations as relations

    path = tmp_path_factory.mktemp("hostile") / "kg-data"
    rels = relations()
    with Store.open(path) as store:
        for doc in sorted({r.doc for r in rels}):
            mine = [r for r in rels if r.doc == doc]
            text = max((r.evidence.sentence for r in mine), key=len)
            entities = list({e.iri: e for r in mine for e in (r.subject, r.object)}.values())
            store.ingest(ArticleResult(Article(doc, text, date=mine[0].date), mine, entities))
    return path


# -- import cost ---------------------------------------------------------------------------


def test_import_kg_loads_neither_spacy_nor_the_api():
    code = ("import sys, kg; print('spacy' in sys.modules, 'kg.api' in sys.modules); "
            "kg.KnowledgeGraph; print('spacy' in sys.modules, 'kg.api' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False", "False", "True"]


def test_unknown_attribute_is_an_attribute_error_naming_it():
    with pytest.raises(AttributeError, match="no attribute 'nonsense'"):
        kg.nonsense  # noqa: B018
    assert {"build", "open", "KnowledgeGraph"} <= set(dir(kg))


# -- build and open --------------------------------------------------------------------------


def test_build_returns_the_graph_read_only_with_its_report(graph):
    assert graph.report.added == 1 and graph.report.skipped == []
    assert graph.store.read_only and graph.articles() == [SEED_ID]
    claims = graph.stats()["claims"]
    assert claims > 10
    assert repr(graph) == f"<KnowledgeGraph {graph.path}: 1 article(s), {claims} claim(s)>"


def test_build_again_closes_this_process_graphs_on_the_store_and_skips_unchanged(tmp_path):
    store = tmp_path / "kg-data"
    first = kg.build(SEEDS / f"{SEED_ID}.txt", store)
    reader = kg.open(store)
    second = kg.build([SEEDS], store)  # would be StoreInUse if the readers stayed open
    try:
        assert first.closed and reader.closed and not second.closed
        assert second.report.unchanged == 1 and second.report.added == 0
        assert "closed" in repr(first)
        with pytest.raises(StoreError, match="closed"):
            first.relations()
    finally:
        second.close()
    assert second.closed


def test_build_warns_about_each_skipped_input(tmp_path):
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4 not an article")
    with pytest.warns(kg.SkippedInput, match=r"notes\.pdf: unsupported file type '\.pdf'"):
        g = kg.build([tmp_path / "notes.pdf"], tmp_path / "kg-data")
    with g:
        assert [p.source for p in g.report.skipped] == [str(tmp_path / "notes.pdf")]
        assert g.articles() == []


def test_open_names_a_missing_store(tmp_path):
    with pytest.raises(StoreNotFound, match=r"no geokg store at .*nowhere"):
        kg.open(tmp_path / "nowhere")


def test_open_shares_a_store_with_another_reader(graph):
    with kg.open(graph.path) as other:
        assert other.articles() == graph.articles() and other.report is None


# -- tables --------------------------------------------------------------------------------


def test_relations_frame_has_north_korea_sending_troops_to_russia(graph):
    frame = graph.relations_frame()
    assert list(frame.columns) == list(kg.api.RELATION_COLUMNS)
    assert len(frame) == graph.stats()["claims"]
    edge = frame[(frame.subject_id == PRK) & (frame.object_id == RUS)]
    assert "sendsTroopsTo" in set(edge.predicate)
    assert (frame.end > frame.start).all()


def test_actors_frame_most_mentioned_first_with_wikidata(graph):
    actors = graph.actors()
    assert list(actors.columns) == list(kg.api.ACTOR_COLUMNS)
    assert list(actors.claims) == sorted(actors.claims, reverse=True)
    prk = actors.set_index("label").loc["North Korea"]
    assert (prk.iso3, prk.wikidata, prk.id) == ("PRK", "Q423", PRK) and prk.claims > 0


def test_relations_within_dates_keep_only_what_the_undated_seed_dates_itself(graph):
    # the seed article has no date; one clause dates its event ("subject to UN sanctions since 2006")
    dated = graph.relations(since="2000-01-01")
    assert [(r.subject.label, r.predicate, r.event_date) for r in dated] == [("United Nations", "sanctions", "2006")]
    assert graph.relations(since="2007-01-01") == []
    assert len(graph.relations()) == graph.stats()["claims"]


# -- SPARQL --------------------------------------------------------------------------------


def test_query_runs_a_shipped_query_by_name_with_params(graph):
    allies = graph.query("allies-of", actor="Russia")
    assert isinstance(allies, pd.DataFrame)
    assert PRK in set(allies.ally)


def test_query_runs_inline_sparql_with_the_usual_prefixes(graph):
    hostile = graph.query(
        "SELECT DISTINCT ?s ?o WHERE { ?p rdfs:subPropertyOf* geokg:conflict . ?s ?p ?o }"
    )
    assert list(hostile.columns) == ["s", "o"]
    assert ("https://w3id.org/geokg/id/org/un", PRK) in set(zip(hostile.s, hostile.o))
    assert graph.query("ASK { id:state\\/PRK geokg:sendsTroopsTo id:state\\/RUS }").boolean[0]


def test_query_rejects_an_unknown_parameter_by_name(graph):
    with pytest.raises(QueryError, match="unknown parameter 'country'; this query takes: actor"):
        graph.query("allies-of", country="Russia")


def test_without_pandas_tables_name_the_extra_and_results_still_work(graph, monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)  # import pandas now fails
    for table in (lambda: graph.query("actors"), graph.actors, graph.relations_frame,
                  lambda: graph.claims("North Korea", "Russia")):
        with pytest.raises(ImportError, match=r'pip install "geokg\[notebooks\]"'):
            table()
    result = graph.query_result("SELECT ?a WHERE { ?a a geokg:Article }")
    assert isinstance(result, QueryResult) and len(result.rows) == 1
    assert graph.relations()


def test_query_reads_a_file_only_when_asked(graph, tmp_path):
    path = tmp_path / "articles.rq"
    path.write_text("SELECT ?a WHERE { ?a a geokg:Article }", encoding="utf-8")
    assert len(graph.query(kg.Query.file(path))) == 1
    with pytest.raises(QuerySyntaxError):
        graph.query(str(path))  # a string is SPARQL or a name, never a file name
    with pytest.raises(QuerySyntaxError):
        graph.query("/etc/hostname")


# -- analysis ------------------------------------------------------------------------------


def test_claims_behind_an_edge_come_strongest_first(graph):
    claims = graph.claims("north korea", "Russia")
    assert list(claims.columns) == list(kg.api.CLAIM_COLUMNS) and len(claims) > 3
    scores = [abs(s) for s in claims.score]
    assert scores == sorted(scores, reverse=True)
    assert set(zip(claims.subject_id, claims.object_id)) <= {(PRK, RUS), (RUS, PRK)}
    assert "sendsTroopsTo" in set(claims.predicate)


def test_claims_of_actors_not_joined_is_empty_and_unknown_actor_names_a_match(graph):
    assert len(graph.claims("Ukraine", "South Korea")) == 0
    with pytest.raises(KeyError, match="did you mean North Korea"):
        graph.claims("North Koreaa", "Russia")


def test_blocs_allies_and_adversaries(graph):
    blocs = graph.blocs()
    assert "Russia" in next(b for b in blocs if "North Korea" in b)
    assert [a["actor"] for a in graph.allies("Russia")] == ["North Korea"]
    assert "Ukraine" in [a["actor"] for a in graph.adversaries("Russia")]
    assert graph.signed_graph(structural=True).number_of_edges() > graph.signed_graph().number_of_edges()


# -- pages -----------------------------------------------------------------------------------


def test_to_html_writes_an_ego_page(graph, tmp_path):
    page = graph.to_html(tmp_path / "sub" / "ego.html", ego="Ukraine", hops=1).read_text(encoding="utf-8")
    assert "Russia" in page and "South Korea" not in page


def test_to_pyvis_iframe_escapes_the_whole_page_into_srcdoc(graph, tmp_path):
    shown = graph.to_pyvis_iframe(height=420).data
    assert shown.startswith('<div class="geokg-graph"><iframe srcdoc="') and "height: 420px" in shown
    assert "<script" not in shown and 'sandbox="allow-scripts"' in shown
    srcdoc = html.unescape(re.search(r'srcdoc="([^"]*)"', shown).group(1))
    assert srcdoc == graph.to_html(tmp_path / "g.html").read_text(encoding="utf-8")


def test_iframe_rejects_a_height_that_is_not_positive():
    with pytest.raises(ValueError, match="height must be a positive number of pixels, not 0"):
        kg.iframe("<p>x</p>", height=0)


# -- text ----------------------------------------------------------------------------------


def test_extract_text_reads_an_invented_sentence():
    rels = kg.extract_text("Brazil imposed sanctions on Venezuela.", id="t1", date="2024-03-02")
    assert [(r.doc, r.subject.label, r.predicate, r.object.label, r.date) for r in rels] == [
        ("t1", "Brazil", "sanctions", "Venezuela", "2024-03-02")]
    with pytest.raises(TypeError, match="as a str, not bytes"):
        kg.extract_text(b"Brazil imposed sanctions on Venezuela.")


def test_highlight_claim_marks_every_name_of_the_actors(graph):
    claims = graph.claims("North Korea", "Russia")
    peskov = claims[claims.sentence.str.contains("Peskov")].iloc[0]
    marked = kg.highlight_claim(peskov)
    assert "<mark>Moscow</mark>" in marked and "<mark>Pyongyang</mark>" in marked
    assert re.sub(r"</?mark>", "", marked) == html.escape(peskov.sentence)


def test_highlight_claim_escapes_hostile_text(hostile_store):
    with kg.open(hostile_store) as g:
        claim = g.claims("Russia", "Ukraine").iloc[0]
    marked = kg.highlight_claim(claim)
    assert "<script>" not in marked and "&lt;script&gt;" in marked
    assert "<mark>Russia</mark>" in marked and "<mark>Ukraine</mark>" in marked


# -- the inline page in a browser ------------------------------------------------------------


@pytest.mark.browser
def test_inline_page_draws_inside_its_iframe_and_runs_no_hostile_text(hostile_store, tmp_path):
    from tests.helpers import CHROMIUM_ARGS, chromium_path

    if chromium_path() is None:
        pytest.skip("no chromium at /usr/bin/chromium or on PATH")
    sync_api = pytest.importorskip("playwright.sync_api")
    with kg.open(hostile_store) as g:
        expected = sorted(g.signed_graph(structural=True))
        shown = g.to_pyvis_iframe(height=500).data
    host = tmp_path / "notebook.html"
    host.write_text(f"<!DOCTYPE html><html><body><p>a notebook</p>{shown}</body></html>", encoding="utf-8")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=list(CHROMIUM_ARGS), headless=True)
        try:
            page = browser.new_page()
            attempted: list[str] = []
            page.on("request", lambda r: r.url.startswith(("http:", "https:")) and attempted.append(r.url))
            page.goto(host.as_uri(), wait_until="load")
            frame = page.frames[1]
            frame.wait_for_function("window.__kgReady === true", timeout=120_000)
            drawn = sorted(frame.evaluate("kgNetwork.body.data.nodes.getIds()"))
            pwned = [page.evaluate("window.__pwned"), frame.evaluate("window.__pwned")]
        finally:
            browser.close()
    assert drawn == expected
    assert pwned == [None, None] and attempted == []


# -- the README ----------------------------------------------------------------------------


def test_readme_python_example_runs_as_written(tmp_path):
    readme = (SEEDS.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Python\n", 1)[1].split("\n## ", 1)[0]
    code = re.search(r"```python\n(.*?)```", section, re.DOTALL).group(1)
    (tmp_path / "seeds").symlink_to(SEEDS, target_is_directory=True)
    printed = io.StringIO()
    with contextlib.chdir(tmp_path), contextlib.redirect_stdout(printed):
        exec(compile(code, "README.md", "exec"), {"__name__": "readme"})  # in this process: the model is loaded once
    assert "added=1" in printed.getvalue() and "['North Korea', 'Russia']" in printed.getvalue()
    assert (tmp_path / "graph.html").is_file() and (tmp_path / "kg-data").is_dir()
