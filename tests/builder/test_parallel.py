"""Parallel builds write exactly what a single-process build writes: spaCy's own
multiprocessing (``--processes``) and a real Dask ``LocalCluster`` of two worker processes
on 127.0.0.1 (``--workers``)."""

from __future__ import annotations

import pytest

from tests.helpers import articles, run_kg, write_jsonl
from kg.builder.pipeline import build
from kg.builder.cluster import dask_client
from kg.store import Store

pytestmark = pytest.mark.model


def _quads(path) -> set:
    with Store.open(path, read_only=True) as store:
        return set(store.quads(ontology=False))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return write_jsonl(tmp_path_factory.mktemp("corpus") / "news.jsonl", articles(12))


@pytest.fixture(scope="module")
def single(corpus, tmp_path_factory):
    path = tmp_path_factory.mktemp("single") / "kg-data"
    report = build([corpus], path)
    assert report.added == 12 and report.relations >= 12
    return _quads(path)


def test_build_on_dask_local_cluster_equals_single_process(corpus, single, tmp_path):
    report = build([corpus], tmp_path / "kg-data", workers=2, batch_size=2, commit_size=5)
    assert report.added == 12
    assert _quads(tmp_path / "kg-data") == single


def test_build_with_spacy_processes_equals_single_process(corpus, single, tmp_path):
    proc = run_kg("build", corpus, "--store", tmp_path / "kg-data", "--processes", "2", "--batch-size", "3")
    assert proc.returncode == 0, proc.stderr
    assert "12 added" in proc.stderr
    assert _quads(tmp_path / "kg-data") == single


def test_build_refuses_workers_and_scheduler_together(corpus, tmp_path):
    proc = run_kg("build", corpus, "--store", tmp_path / "s", "--workers", "2", "--scheduler", "tcp://127.0.0.1:8786")
    assert proc.returncode == 2 and "not both" in proc.stderr


def test_build_names_an_unreachable_scheduler():
    with pytest.raises(ConnectionError, match=r"tcp://127\.0\.0\.1:9 .*dask scheduler"):
        with dask_client(scheduler="tcp://127.0.0.1:9", timeout=1):
            pass
