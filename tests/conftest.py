"""Shared fixtures: the seed article, the real ``kg`` command, a store built from seeds/."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED_ID = "000_73f6baf72998de63"
SEED_FILE = SEEDS / f"{SEED_ID}.txt"
KG = Path(sys.executable).parent / "kg"


def run_kg(*args: str | Path, cwd: Path | None = None, env: dict | None = None,
           input: str | None = None) -> subprocess.CompletedProcess:
    """Run the installed ``kg`` command for real and capture its output."""
    full_env = {**os.environ, **(env or {})}
    full_env.pop("KG_STORE", None) if env is None or "KG_STORE" not in env else None
    return subprocess.run([str(KG), *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, env=full_env, input=input, timeout=300)


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
    """A store built from seeds/ by the real CLI, shared read-only by the tests."""
    path = tmp_path_factory.mktemp("store") / "kg-data"
    proc = run_kg("build", SEEDS, "--store", path)
    assert proc.returncode == 0, proc.stderr
    return path
