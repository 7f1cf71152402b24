"""``kg viz`` on a real store: the claim filters it takes and the article details it embeds."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from tests.helpers import run_kg, sample_results, sample_store

from kg.visualise import edge_id


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    return sample_store(tmp_path_factory.mktemp("viz") / "kg-data")


def embedded(page: Path) -> dict:
    match = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>',
                      page.read_text(encoding="utf-8"), re.S)
    assert match
    return json.loads(match.group(1))


def drawn_edges(store: Path, tmp_path: Path, *options: str) -> set[str]:
    page = tmp_path / "g.html"
    proc = run_kg("viz", "--out", page, "--store", store, *options)
    assert proc.returncode == 0, proc.stderr
    return {e["id"] for e in embedded(page)["edges"]}


def expected_edges(keep) -> set[str]:
    """Pairs with a claim that ``keep`` accepts, computed from the records, not the page."""
    return {edge_id(r.subject.iri, r.object.iri) for result in sample_results()
            for r in result.relations if r.actor is None and keep(r)}


def test_min_confidence_keeps_only_edges_with_a_confident_claim(store, tmp_path):
    assert drawn_edges(store, tmp_path, "--min-confidence", "0.85") == expected_edges(lambda r: r.confidence >= 0.85)


def test_modality_keeps_only_edges_with_a_claim_of_that_modality(store, tmp_path):
    got = drawn_edges(store, tmp_path, "--modality", "reported,denied")
    assert got == expected_edges(lambda r: r.modality in {"reported", "denied"})
    assert len(got) == 2


def test_unknown_modality_is_a_usage_error(store, tmp_path):
    proc = run_kg("viz", "--out", tmp_path / "g.html", "--store", store, "--modality", "rumoured")
    assert proc.returncode == 2
    assert "rumoured" in proc.stderr and "asserted" in proc.stderr


def test_the_page_carries_each_articles_title_date_and_url(store, tmp_path):
    page = tmp_path / "g.html"
    assert run_kg("viz", "--out", page, "--store", store).returncode == 0
    articles = {a["id"]: a for a in embedded(page)["articles"]}
    assert articles["a1"] == {"id": "a1", "title": "Troops move", "date": "2024-11-05",
                              "url": "https://example.org/a1"}
    assert articles["a3"]["title"] is None and articles["a3"]["date"] == "2025-01-10"
