"""The analyses on the store built from seeds/: the alignments a reader sees in the article."""

from __future__ import annotations

import json

import pytest

from tests.helpers import run_kg
from kg.analyse import adversaries, blocs, explain, friends, signed_graph
from kg.store import Store


@pytest.fixture(scope="module")
def seed_graph(seed_store):
    with Store.open(seed_store, read_only=True) as store:
        return signed_graph(list(store.relations()))


def _names(rows):
    return {row["actor"] for row in rows}


def test_seed_north_korea_and_russia_aligned(seed_graph):
    assert "Russia" in _names(friends(seed_graph, "North Korea"))
    assert "Russia" not in _names(adversaries(seed_graph, "North Korea"))


def test_seed_russia_and_ukraine_opposed(seed_graph):
    assert "Ukraine" in _names(adversaries(seed_graph, "Russia"))


def test_seed_united_states_sides(seed_graph):
    assert "North Korea" in _names(adversaries(seed_graph, "United States"))
    assert {"South Korea", "United Kingdom"} <= _names(friends(seed_graph, "United States"))


def test_seed_blocs_keep_north_korea_with_russia_and_apart_from_the_us(seed_graph):
    result = blocs(seed_graph)
    bloc_of = {name: i for i, bloc in enumerate(result["blocs"]) for name in bloc}
    assert bloc_of["North Korea"] == bloc_of["Russia"]
    assert bloc_of["United States"] == bloc_of["South Korea"] == bloc_of["United Kingdom"]
    assert bloc_of["United States"] != bloc_of["North Korea"]


def test_seed_explain_gives_the_troops_sentences_strongest_first(seed_graph):
    rows = explain(seed_graph, "North Korea", "Russia")
    assert any(r["predicate"] == "sendsTroopsTo" for r in rows)
    scores = [abs(r["score"]) for r in rows]
    assert scores == sorted(scores, reverse=True)


def test_seed_cli_analyse_blocs_and_adversaries(seed_store):
    proc = run_kg("analyse", "blocs", "--json", "--store", seed_store)
    assert proc.returncode == 0, proc.stderr
    assert any({"North Korea", "Russia"} <= set(b) for b in json.loads(proc.stdout)["blocs"])
    proc = run_kg("analyse", "adversaries", "Russia", "--store", seed_store)
    assert proc.returncode == 0 and "Ukraine" in proc.stdout


def test_seed_cli_analyse_unknown_actor_is_clear(seed_store):
    proc = run_kg("analyse", "allies", "Atlantis", "--store", seed_store)
    assert proc.returncode == 2 and "Atlantis" in proc.stderr
