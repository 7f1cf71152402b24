"""Shared fixtures: the seed article, its extraction, a store built from seeds/ (helpers: ``tests/helpers.py``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import SEED_FILE, SEED_ID, SEEDS, run_kg


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED_FILE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def extractor():
    from kg.extract import Extractor
    return Extractor()


@pytest.fixture(scope="session")
def seed_result(extractor, seed_text):
    from kg.records import Article
    return extractor.extract_one(Article(SEED_ID, seed_text))


@pytest.fixture(scope="session")
def seed_store(tmp_path_factory) -> Path:
    """A store built from seeds/ by ``kg build`` (in-process), shared read-only by the tests."""
    path = tmp_path_factory.mktemp("store") / "kg-data"
    proc = run_kg("build", SEEDS, "--store", path)
    assert proc.returncode == 0, proc.stderr
    return path
