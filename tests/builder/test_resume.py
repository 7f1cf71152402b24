"""An interrupted build resumes to exactly the graph an uninterrupted one gives.

The build runs as a real ``kg build`` subprocess and is killed with SIGKILL once it has
committed a batch (it says so on stderr) but before it has finished; the same command run
again must add the rest, parse none of the stored articles again, and end with the same
quads as a build that was never interrupted.
"""

from __future__ import annotations

import json
import signal
import subprocess

import pytest

from tests.helpers import KG, articles, run_kg, write_jsonl
from kg.store import Store

pytestmark = pytest.mark.model

N = 16


def _quads(path) -> set:
    """The data quads (the ontology graph, with its blank nodes, is the same file anyway)."""
    with Store.open(path, read_only=True) as store:
        return set(store.quads(ontology=False))


def _count(line: str, word: str) -> int:
    """The number before ``word`` in the summary line, e.g. 3 in '3 added'."""
    words = line.replace(",", " ").replace(";", " ").split()
    return int(words[words.index(word) - 1])


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus")
    # padded articles, parsed one at a time and committed two at a time: slow enough to
    # be caught midway
    return write_jsonl(folder / "news.jsonl", articles(N, filler=12))


@pytest.fixture(scope="module")
def reference(corpus, tmp_path_factory):
    path = tmp_path_factory.mktemp("ref") / "kg-data"
    proc = run_kg("build", corpus, "--store", path, "--commit-size", "7")
    assert proc.returncode == 0, proc.stderr
    assert f"{N} added" in proc.stderr
    return path


def test_build_killed_midway_then_rerun_equals_uninterrupted(corpus, reference, tmp_path):
    store = tmp_path / "kg-data"
    cmd = [str(KG), "build", str(corpus), "--store", str(store), "--batch-size", "1", "--commit-size", "2"]
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    try:
        line = proc.stderr.readline()  # the first progress line comes after the first commit
        assert "articles done" in line, line
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
    finally:
        proc.kill()
        proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL
    stats = json.loads(run_kg("stats", "--json", "--store", store).stdout)
    stored = stats["articles"]
    assert 0 < stored < N, "the kill should land midway"
    assert stored % 2 == 0, "batches of two whole articles: never half a batch"

    again = run_kg("build", corpus, "--store", store)
    assert again.returncode == 0, again.stderr
    summary = again.stderr.strip().splitlines()[-1]
    # stored articles are skipped before parsing; only the rest is extracted and added
    assert _count(summary, "unchanged") == stored and _count(summary, "added") == N - stored
    assert _quads(store) == _quads(reference)


def test_build_rerun_of_finished_build_adds_nothing(corpus, reference, tmp_path):
    before = _quads(reference)
    proc = run_kg("build", corpus, "--store", reference)
    assert proc.returncode == 0, proc.stderr
    assert "0 added" in proc.stderr and f"{N} unchanged" in proc.stderr and "0 relations" in proc.stderr
    assert _quads(reference) == before
