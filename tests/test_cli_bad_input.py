"""Bad inputs are named on stderr with the reason; the rest still goes in; exit 1."""

from __future__ import annotations

import json
import os

import pytest

from tests.helpers import SEED_FILE, run_kg

GOOD = ("Norland and Sudria signed a trade agreement on Monday. The Norland foreign minister "
        "said the deal would help both countries, and officials in Sudria welcomed it.")
FRENCH = ("Le gouvernement a annoncé mardi une nouvelle réforme des retraites. Les syndicats "
          "ont dénoncé une décision prise sans concertation et appellent à la grève dans tout le pays.")


def _make(tmp_path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _unreadable(tmp_path):
    """A file even root cannot read: a link to /proc/self/mem (reading it gives EIO)."""
    link = tmp_path / "unreadable.txt"
    os.symlink("/proc/self/mem", link)
    return link


CASES = {
    "empty": (lambda p: _make(p, "empty.txt", b""), "empty"),
    "blank": (lambda p: _make(p, "blank.txt", b"  \n\t \n"), "empty"),
    "binary": (lambda p: _make(p, "binary.txt", bytes(range(256)) * 4), "binary"),
    "latin1": (lambda p: _make(p, "latin1.txt", "Caf\xe9 au lait pour tout le monde.".encode("latin-1")), "UTF-8"),
    "unknown extension": (lambda p: _make(p, "report.pdf", b"%PDF-1.7"), "unsupported file type"),
    "non-English": (lambda p: _make(p, "french.txt", FRENCH.encode()), "English"),
    "unreadable": (_unreadable, "read"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_is_named_and_the_rest_goes_in(tmp_path, case):
    make, reason = CASES[case]
    bad = make(tmp_path)
    good = _make(tmp_path, "good.txt", GOOD.encode())
    proc = run_kg("extract", bad, good, SEED_FILE, "--format", "jsonl")
    assert proc.returncode == 1, proc.stderr
    lines = [l for l in proc.stderr.splitlines() if l.startswith("kg: skipped")]
    assert len(lines) == 1, proc.stderr
    assert str(bad) in lines[0] and reason.lower() in lines[0].lower(), lines[0]
    docs = {json.loads(l)["doc"] for l in proc.stdout.splitlines()}
    assert "000_73f6baf72998de63" in docs


def test_malformed_jsonl_line_names_its_line_number(tmp_path):
    rows = [json.dumps({"id": "a1", "text": GOOD}), "{not json", json.dumps({"id": "a3", "text": GOOD}),
            json.dumps({"id": "", "text": GOOD})]
    path = _make(tmp_path, "batch.jsonl", "\n".join(rows).encode())
    store = tmp_path / "store"
    proc = run_kg("build", path, "--store", store)
    assert proc.returncode == 1
    assert f"{path}:2" in proc.stderr and f"{path}:4" in proc.stderr
    stats = json.loads(run_kg("stats", "--store", store, "--json").stdout)
    assert stats["articles"] == 2


def test_missing_path_is_named(tmp_path):
    proc = run_kg("extract", tmp_path / "nope.txt", SEED_FILE)
    assert proc.returncode == 1
    assert "nope.txt" in proc.stderr and "no such file" in proc.stderr


def test_all_good_exits_zero(tmp_path):
    good = _make(tmp_path, "good.txt", GOOD.encode())
    proc = run_kg("extract", good)
    assert proc.returncode == 0 and proc.stderr == ""


def test_usage_error_exits_two():
    proc = run_kg("extract")
    assert proc.returncode == 2
