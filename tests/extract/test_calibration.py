"""The shipped confidences are the output of the calibration method, and the method holds.

``tools/calibrate.py`` fits them on the dev set at development time; the dev set is not
here, so these tests check what can be checked without it: every rule's confidence in
``kg/data/rules.json`` follows from the dev counts stored beside it, the extractor applies
rule and modality as documented, and the fitting and binning functions behave.
"""

from __future__ import annotations

import json

import pytest

from kg.extract.claims import confidence
from kg.extract.rules.registry import RULES
from kg.resources import data_path
from tests.extract.tool_modules import tool_module

DATA = json.loads(data_path("rules.json").read_text(encoding="utf-8"))
CAL = DATA["calibration"]


@pytest.fixture(scope="module")
def calibrate():
    yield from tool_module("calibrate.py", "geokg_calibrate")


@pytest.mark.parametrize("rid", sorted(DATA["rules"]))
def test_each_rule_confidence_is_its_smoothed_dev_precision(rid):
    rule, p0, k = DATA["rules"][rid], CAL["p0"], CAL["k"]
    correct, claims = rule["dev"]["correct"], rule["dev"]["claims"]
    assert rule["confidence"] == pytest.approx((correct + k * p0) / (claims + k), abs=0.001)


def test_modality_factors_follow_their_counts():
    p0, k = CAL["p0"], CAL["k"]
    for modality, (correct, claims) in CAL["modality_counts"].items():
        assert CAL["modality_factors"][modality] == pytest.approx((correct + k * p0) / (claims + k) / p0, abs=0.001)


def test_claim_confidence_is_rule_times_modality_capped():
    verb = RULES["verb"]
    for modality, factor in CAL["modality_factors"].items():
        assert confidence(verb, modality) == pytest.approx(min(CAL["ceiling"], verb.confidence * factor), abs=0.001)
    assert confidence(verb, "hypothetical") == pytest.approx(verb.confidence, abs=0.001)  # unseen: factor 1
    assert all(confidence(r, m) <= CAL["ceiling"] for r in RULES.values() for m in CAL["modality_factors"])


def test_fit_backs_off_to_the_overall_precision(calibrate):
    outcomes = [("verb", "asserted", True)] * 30 + [("verb", "asserted", False)] * 10 + [("rare", "possible", False)]
    model = calibrate.fit(outcomes, k=5)
    p0 = 30 / 41
    assert model["p0"] == pytest.approx(p0, abs=0.001)
    assert model["rules"]["verb"] == pytest.approx((30 + 5 * p0) / 45, abs=0.001)
    # one wrong claim moves a rule only a little away from p0
    assert p0 - 0.2 < model["rules"]["rare"] < p0
    assert calibrate.predict(model, "verb+rollup", "asserted") == calibrate.predict(model, "verb", "asserted")


def test_reliability_bins_and_checks(calibrate):
    scored = [(0.95, True)] * 19 + [(0.95, False)] + [(0.65, True)] * 10 + [(0.65, False)] * 10 + [(0.3, True)]
    rows = {r["bin"]: r for r in calibrate.reliability(scored)}
    assert (rows["0.9-1.0"]["claims"], rows["0.9-1.0"]["correct"], rows["0.9-1.0"]["ok"]) == (20, 0.95, True)
    assert (rows["0.6-0.7"]["correct"], rows["0.6-0.7"]["ok"]) == (0.5, False)  # 0.5 is 0.15 from 0.65
    assert rows["0.0-0.5"]["ok"] is None  # too few claims to check
    assert calibrate.reliability([(1.0, True)])[-1]["claims"] == 1  # 1.0 falls in the last bin
