"""The extractor's data files: shape, names, and agreement with the code and ontology."""

from __future__ import annotations

import json

import pytest

from kg.extract.lexicon import Lexicon
from kg.extract.rules import FAMILIES, RULES, ORDER
from kg.extract.rules.patterns import shapes
from kg.extract.schema import SchemaError, validate
from kg.resources import data_path
from kg.vocab import relation_properties


def _raw(name: str) -> dict:
    return json.loads(data_path(name).read_text(encoding="utf-8"))


def test_lexicon_matches_its_schema():
    validate(_raw("lexicon.json"), _raw("lexicon.schema.json"))


@pytest.mark.parametrize("mutate, message", [
    (lambda d: d["verbs"][0].update(prepz=["on"]), "unknown key 'prepz'"),
    (lambda d: d["verbs"][0].pop("property"), "missing key 'property'"),
    (lambda d: d["words"].update(allies="ally"), "expected array"),
    (lambda d: d["verbs"][1].update(theme="tanks"), "is not one of"),
    (lambda d: d["words"].pop("light_verbs"), "missing key 'light_verbs'"),
])
def test_a_misspelt_or_missing_key_fails_loudly(mutate, message):
    data = _raw("lexicon.json")
    mutate(data)
    with pytest.raises(SchemaError, match=message):
        validate(data, _raw("lexicon.schema.json"))


def test_every_property_the_lexicon_names_is_in_the_ontology():
    assert Lexicon.load().properties() <= set(relation_properties())


def test_rules_file_and_registered_rules_agree():
    families = {r.family for r in RULES.values()}
    assert set(FAMILIES) | {"roles"} == families
    assert set(FAMILIES) <= set(ORDER)
    assert all(0 < r.confidence <= 1 for r in RULES.values())


def test_every_pattern_names_known_rule_property_and_nodes():
    for shape in shapes():
        assert shape.property in relation_properties(), shape.id
        assert shape.rule.id in RULES, shape.id
        shape.node(shape.subject), shape.node(shape.object)  # both nodes exist
        assert shape.example, shape.id


@pytest.mark.model
def test_every_pattern_finds_its_own_example(extractor):
    from kg.records import Article

    for shape in shapes():
        result = extractor.extract_one(Article("x", shape.example))
        assert any(r.predicate == shape.property for r in result.relations), (shape.id, result.relations)
