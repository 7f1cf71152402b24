"""The shipped CAMEO lexicon is exactly what tools/cameo/compile.py makes from the copied
PETRARCH2 dictionary and the ontology, and it names only properties the ontology has."""

from __future__ import annotations

import doctest
import json
from pathlib import Path

import pytest
from tests.extract.tool_modules import tool_module

from kg.resources import data_path
from kg.vocab import relation_properties

ROOT = Path(__file__).resolve().parents[2]

# The converter lemmatises object nouns with the spaCy model's tables.
pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def compiler():
    """tools/cameo/compile.py."""
    yield from tool_module("cameo/compile.py", "cameo_compile")


@pytest.fixture(scope="module")
def lexicon() -> dict:
    return json.loads(data_path("cameo_lexicon.json").read_text(encoding="utf-8"))


def _defaults(readings: list[dict]) -> list[dict]:
    return [r for r in readings if "object" not in r and "prep" not in r]


def test_cameo_lexicon_shipped_file_is_identical_to_a_fresh_compile(compiler, tmp_path):
    out = tmp_path / "cameo_lexicon.json"
    assert compiler.main(["--out", str(out)]) == 0
    assert out.read_bytes() == data_path("cameo_lexicon.json").read_bytes()
    assert out.read_bytes().endswith(b"}\n")


def test_cameo_lexicon_converter_doctests_pass(compiler):
    result = doctest.testmod(compiler, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 10
    assert result.failed == 0


def test_cameo_lexicon_names_only_ontology_properties(lexicon):
    known = set(relation_properties())
    named = {r["property"] for part in ("verbs", "nouns") for rs in lexicon[part].values()
             for r in rs}
    assert named <= known, named - known
    assert len(named) >= 15  # the lexicon reaches most event properties


def test_cameo_lexicon_every_code_maps_through_the_longest_ontology_prefix(compiler, lexicon):
    prefixes = compiler.ontology_prefixes()  # raises if a prefix is on two properties
    owners = {}
    for name, info in relation_properties().items():
        for code in info.cameo:
            assert code not in owners, f"CAMEO {code}: {owners.get(code)} and {name}"
            owners[code] = name
    assert owners == prefixes
    for part in ("verbs", "nouns"):
        for key, readings in lexicon[part].items():
            for r in readings:
                assert compiler.property_for(r["cameo"], prefixes) == r["property"], (key, r)
                assert not r["cameo"].startswith("01"), (key, r)  # statements have no home


def test_cameo_lexicon_readings_are_well_formed(lexicon):
    assert set(lexicon) == {"_about", "_source", "_license", "_risky", "verbs", "forms",
                            "nouns"}
    assert "Open Event Data Alliance" in lexicon["_license"]
    assert "676801c" in lexicon["_source"]
    for verb, readings in lexicon["verbs"].items():
        assert verb == verb.lower().strip() and "_" not in verb
        assert readings, verb
        # defaults come first
        kinds = ["default" if r in _defaults(readings) else "pattern" for r in readings]
        assert kinds == sorted(kinds), verb
        for r in readings:
            assert set(r) <= {"cameo", "property", "prep", "object"}
            assert r.get("object", ["x"]) == sorted(set(r.get("object", ["x"])))
    assert set(lexicon["_risky"]) <= set(lexicon["verbs"])
    for form, lemma in lexicon["forms"].items():
        assert form != lemma and " " not in form + lemma, form


def test_cameo_lexicon_spot_checks(lexicon):
    verbs, forms, nouns = lexicon["verbs"], lexicon["forms"], lexicon["nouns"]
    # a synonym of MEET_WITH's block, and the multi-word verb itself
    assert _defaults(verbs["meet"])[0] == {"cameo": "040", "property": "meetsWith"}
    assert _defaults(verbs["meet with"])[0]["property"] == "meetsWith"
    # a verb + particle from a pattern ("- * OUT [020]" under REACH)
    assert _defaults(verbs["reach out"])[0]["property"] == "appealsTo"  # 020, an appeal
    # a pattern with a preposition and no noun: the other actor is its object
    assert {"cameo": "046", "prep": "with", "property": "meetsWith"} in verbs["talk"]
    # a pattern over the direct object with a finer code of the same property
    assert any(r["cameo"] == "022" and "assurance" in r.get("object", [])
               for r in verbs["ask"])
    # a synonym set expanded into object lemmas (&CEASEFIRE, plural forms lemmatised)
    assert any("truce" in r.get("object", []) and r["property"] == "concedesTo"
               for r in verbs["declare"])
    # irregular inflections
    assert forms["met"] == "meet" and forms["fought"] == "fight"
    assert "asked" not in forms  # regular forms are left to spaCy
    # the finer ontology codes: 112 accuse, 074 peacekeeping, 055 apologise
    assert _defaults(verbs["accuse"])[0]["property"] == "accuses"
    assert _defaults(verbs["criticize"])[0]["property"] == "criticizes"
    assert _defaults(verbs["apologize"])[0]["property"] == "concedesTo"
    # nominal triggers: the verb's default, or the row's override
    assert nouns["mediation"] == [{"cameo": "045", "property": "meetsWith"}]
    assert nouns["insistence"] == [{"cameo": "100", "property": "demands"}]
    assert nouns["asylum"][0]["property"] == "providesAidTo"


def test_cameo_lexicon_is_small_enough_to_ship(lexicon):
    assert data_path("cameo_lexicon.json").stat().st_size < 2_000_000
    assert len(lexicon["verbs"]) > 1500 and len(lexicon["nouns"]) >= 100


def test_cameo_lexicon_rejects_a_nominalization_row_with_an_unknown_verb(compiler, tmp_path):
    bad = tmp_path / "nominalizations.tsv"
    bad.write_text("# test\nnoun\tverb\tcameo\nmediation\tmediatte\t045\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"nominalizations.tsv row 2: 'mediatte'"):
        compiler.build(nominal_path=bad)


def test_cameo_lexicon_rejects_an_ontology_prefix_on_two_properties(compiler, tmp_path):
    text = (ROOT / "ontologies" / "geokg.ttl").read_text(encoding="utf-8")
    clash = tmp_path / "geokg.ttl"
    clash.write_text(text.replace('geokg:cameoCode "112"', 'geokg:cameoCode "11"'),
                     encoding="utf-8")
    with pytest.raises(ValueError, match="CAMEO 11 is on"):
        compiler.ontology_prefixes(clash)


def test_a_hand_entry_replaces_compiled_readings_unless_it_adds_to_them():
    """'press' is written by hand: only its hand readings stand.  'seek' has a hand entry
    marked ``adds_to_compiled`` (seek control of X): CAMEO's 'seek help' stands beside it."""
    from kg.extract.lexicon import Lexicon

    lex = Lexicon.load()
    press = lex.verbs["press"]
    assert press and all(t.source == "hand" for t in press)
    seek = lex.verbs["seek"]
    assert any(t.source == "hand" and "control" in t.object and t.property == "demands" for t in seek)
    assert any(t.source == "cameo" and "help" in t.object and t.property == "appealsTo" for t in seek)
