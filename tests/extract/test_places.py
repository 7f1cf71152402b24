"""The shipped place list is what its compiler makes from GeoNames, and it keeps towns
from becoming persons."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from kg.extract.persons import place_key, places
from kg.resources import data_path

ROOT = Path(__file__).resolve().parents[2]


def test_shipped_places_equal_a_fresh_compile(tmp_path):
    spec = importlib.util.spec_from_file_location("compile_places", ROOT / "tools" / "places" / "compile_places.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    out = tmp_path / "places.txt"
    out.write_text(module.HEADER + "\n".join(module.names()) + "\n", encoding="utf-8")
    assert out.read_bytes() == data_path("places.txt").read_bytes()


def test_places_know_towns_that_the_tagger_takes_for_persons():
    assert {place_key(n) for n in ("Kherson", "Kerch", "Odesa", "Lviv", "al-Bab")} <= places()
