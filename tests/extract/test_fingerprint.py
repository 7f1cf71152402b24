"""The extractor's fingerprint, not the package version, decides what a rebuild parses again."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.helpers import SEED_FILE
from kg.extract.fingerprint import PACKAGE, fingerprint, source_files
from kg.extract.nlp import resolve_model_name
from kg.builder.pipeline import build

TEXTS = {
    "b1": "Russia and North Korea signed a defence pact in Pyongyang on Tuesday, officials said.",
    "b2": "The United States imposed new sanctions on Iran over its nuclear programme on Monday.",
}


@pytest.fixture
def package_copy(tmp_path) -> Path:
    """A copy of the files the fingerprint reads, laid out as the ``kg`` package."""
    copy = tmp_path / "pkg" / "kg"
    for name, path in source_files():
        if name.startswith("ontologies/"):
            continue  # read through kg.resources, from the installed package
        target = copy / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    shutil.copyfile(PACKAGE / "__init__.py", copy / "__init__.py")
    return copy


@pytest.fixture
def inputs(tmp_path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SEED_FILE, folder)
    for name, text in TEXTS.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    return folder


def test_a_copy_has_the_same_fingerprint(package_copy):
    model = resolve_model_name()
    assert fingerprint(model, package=package_copy) == fingerprint(model)


def test_bumping_the_package_version_reparses_nothing(package_copy, inputs, tmp_path):
    model = resolve_model_name()
    store = tmp_path / "kg-data"
    first = build([inputs], store)
    assert (first.added, first.replaced, first.unchanged) == (3, 0, 0)

    init = package_copy / "__init__.py"
    text = init.read_text(encoding="utf-8")
    assert '__version__ = "' in text
    init.write_text(text.replace('__version__ = "', '__version__ = "99.'), encoding="utf-8")
    bumped = fingerprint(model, package=package_copy)
    again = build([inputs], store, extractor=bumped)
    assert (again.added, again.replaced, again.unchanged) == (0, 0, 3)


def test_changing_the_lexicon_reparses_every_article(package_copy, inputs, tmp_path):
    model = resolve_model_name()
    store = tmp_path / "kg-data"
    build([inputs], store)

    lexicon = package_copy / "data" / "lexicon.json"
    data = json.loads(lexicon.read_text(encoding="utf-8"))
    lexicon.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    changed = fingerprint(model, package=package_copy)
    assert changed != fingerprint(model)
    again = build([inputs], store, extractor=changed)
    assert (again.added, again.replaced, again.unchanged) == (0, 3, 0)
    third = build([inputs], store, extractor=changed)
    assert (third.added, third.replaced, third.unchanged) == (0, 0, 3)


def test_a_rule_file_changes_the_fingerprint(package_copy):
    model = resolve_model_name()
    rules = package_copy / "extract" / "rules" / "verbs.py"
    rules.write_text(rules.read_text(encoding="utf-8") + "\n# a new rule\n", encoding="utf-8")
    assert fingerprint(model, package=package_copy) != fingerprint(model)
