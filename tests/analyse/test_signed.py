"""The signed actor graph: per-claim scores, aggregation, roll-up and date windows."""

from __future__ import annotations

import dataclasses
import math

import pytest

from kg.analyse.signed import claim_score, signed_graph
from kg.records import Entity, Evidence, Relation

ID = "https://w3id.org/geokg/id/"
USA = Entity(ID + "state/USA", "United States", "State", "USA", "Q30")
CHN = Entity(ID + "state/CHN", "China", "State", "CHN", "Q148")
RUS = Entity(ID + "state/RUS", "Russia", "State", "RUS", "Q159")
UN = Entity(ID + "org/un", "United Nations", "Organization", None, "Q1065")
ENVOY = Entity(ID + "person/ada-quill", "Ada Quill", "Person")
CRITIC = Entity(ID + "person/bo-renn", "Bo Renn", "Person")


def rel(subject, predicate, obj, *, doc="a1", start=0, text=None, **kw) -> Relation:
    sentence = text or f"{subject.label} {predicate} {obj.label}."
    return Relation(doc, subject, predicate, obj, Evidence(sentence, start, start + len(sentence)), "test", **kw)


@pytest.mark.parametrize(
    ("modality", "factor"),
    [("asserted", 1.0), ("reported", 0.8), ("planned", 0.7), ("likely", 0.7),
     ("alleged", 0.6), ("possible", 0.5), ("denied", 0.0)],
)
def test_claim_score_scales_by_modality(modality, factor):
    # sanctions: Goldstein -4, so an asserted, fully confident claim scores -0.4.
    score = claim_score(rel(USA, "sanctions", CHN, modality=modality, confidence=1.0))
    assert score == pytest.approx(-0.4 * factor)


def test_claim_score_combines_confidence_attribution_and_polarity():
    plain = claim_score(rel(USA, "providesAidTo", UN, confidence=0.5))
    quoted = claim_score(rel(USA, "providesAidTo", UN, confidence=0.5, attributed_to=RUS))
    assert plain == pytest.approx(0.7 * 0.5)
    assert quoted == pytest.approx(0.7 * 0.5 * 0.9)
    assert claim_score(rel(USA, "providesAidTo", UN, negated=True)) == 0.0
    assert claim_score(rel(ENVOY, "represents", USA)) == 0.0


def test_unknown_property_or_modality_is_named_in_the_error():
    with pytest.raises(ValueError, match="'befriends'.*attacks"):
        signed_graph([rel(USA, "befriends", CHN)])
    with pytest.raises(ValueError, match="'rumoured'"):
        signed_graph([rel(USA, "attacks", CHN, modality="rumoured")])


def test_nodes_carry_entity_attributes():
    G = signed_graph([rel(USA, "meetsWith", CHN)])
    assert G.nodes[USA.iri] == {"label": "United States", "type": "State", "iso3": "USA", "wikidata": "Q30"}
    named = dataclasses.replace(USA, alt=("America", "U.S."))
    assert signed_graph([rel(named, "meetsWith", CHN)]).nodes[USA.iri]["alt"] == "America|U.S."


def test_repeats_in_one_article_count_once_but_articles_add():
    one = signed_graph([rel(USA, "criticizes", CHN, start=0, confidence=1.0),
                        rel(USA, "criticizes", CHN, start=50, confidence=0.5)])
    two = signed_graph([rel(USA, "criticizes", CHN, doc="a1", confidence=1.0),
                        rel(USA, "criticizes", CHN, doc="a2", confidence=1.0)])
    e1, e2 = one.edges[USA.iri, CHN.iri], two.edges[USA.iri, CHN.iri]
    assert e1["weight"] == pytest.approx(math.tanh(-0.2))
    assert (e1["claims"], e1["articles"]) == (2, 1)
    assert e2["weight"] == pytest.approx(math.tanh(-0.4))
    assert (e2["claims"], e2["articles"]) == (2, 2)


def test_cooperation_and_conflict_cancel_and_weight_stays_bounded():
    mixed = signed_graph([rel(USA, "meetsWith", CHN, doc="a1", confidence=1.0),
                          rel(USA, "criticizes", CHN, doc="a2", confidence=0.5)])
    assert mixed.edges[USA.iri, CHN.iri]["weight"] == pytest.approx(math.tanh(0.1 - 0.1))
    many = signed_graph([rel(RUS, "attacks", USA, doc=f"a{i}", confidence=1.0) for i in range(60)])
    assert -1.0 <= many.edges[RUS.iri, USA.iri]["weight"] < -0.99


def test_symmetric_claims_in_both_directions_make_one_undirected_edge():
    G = signed_graph([rel(USA, "meetsWith", CHN), rel(CHN, "meetsWith", USA, doc="a2")])
    assert G.number_of_edges() == 1
    edge = G.edges[CHN.iri, USA.iri]
    assert edge["directed"] is False and edge["subjects"] == []


def test_directed_edges_record_who_acts():
    G = signed_graph([rel(USA, "sanctions", RUS), rel(USA, "meetsWith", RUS, doc="a2")])
    edge = G.edges[RUS.iri, USA.iri]
    assert edge["directed"] is True
    assert edge["subjects"] == [USA.iri]
    assert edge["relations"] == ["meetsWith", "sanctions"]


def test_hedged_only_when_no_firm_claim():
    hedged = signed_graph([rel(RUS, "attacks", USA, modality="alleged"),
                           rel(RUS, "attacks", USA, modality="asserted", negated=True, doc="a2")])
    firm = signed_graph([rel(RUS, "attacks", USA, modality="alleged"),
                         rel(RUS, "attacks", USA, modality="reported", doc="a2")])
    assert hedged.edges[RUS.iri, USA.iri]["hedged"] is True
    assert firm.edges[RUS.iri, USA.iri]["hedged"] is False


def test_negated_and_denied_claims_are_listed_last_and_count_zero():
    G = signed_graph([
        rel(RUS, "attacks", USA, negated=True, doc="a1", confidence=0.9, text="Russia did not attack."),
        rel(RUS, "attacks", USA, modality="denied", doc="a2", text="Russia denied attacking."),
        rel(RUS, "threatens", USA, doc="a3", confidence=0.8, text="Russia threatened the US."),
    ])
    edge = G.edges[RUS.iri, USA.iri]
    assert edge["weight"] == pytest.approx(math.tanh(-0.6 * 0.8))
    assert [e["sentence"] for e in edge["evidence"]][0] == "Russia threatened the US."
    assert [e["score"] for e in edge["evidence"]][1:] == [0.0, 0.0]
    assert edge["claims"] == 3


def test_evidence_dicts_carry_what_a_reader_needs():
    G = signed_graph([rel(USA, "accuses", CHN, date="2024-03-02", confidence=0.7, modality="reported",
                          attributed_to=RUS)])
    (item,) = G.edges[USA.iri, CHN.iri]["evidence"]
    assert {k: item[k] for k in ("doc", "date", "predicate", "modality", "confidence", "subject",
                                 "object", "attributed_to")} == {
        "doc": "a1", "date": "2024-03-02", "predicate": "accuses", "modality": "reported",
        "confidence": 0.7, "subject": "United States", "object": "China", "attributed_to": "Russia"}


def test_first_and_last_seen_span_the_dated_claims():
    G = signed_graph([rel(USA, "meetsWith", CHN, doc="a1", date="2024-05-01"),
                      rel(USA, "meetsWith", CHN, doc="a2", date="2024-02-10"),
                      rel(USA, "meetsWith", CHN, doc="a3")])
    edge = G.edges[USA.iri, CHN.iri]
    assert (edge["first_seen"], edge["last_seen"]) == ("2024-02-10", "2024-05-01")
    undated = signed_graph([rel(USA, "meetsWith", CHN)]).edges[USA.iri, CHN.iri]
    assert (undated["first_seen"], undated["last_seen"]) == (None, None)


def test_person_acts_roll_up_to_the_state_they_represent():
    relations = [
        rel(ENVOY, "represents", USA, doc="a0"),
        rel(ENVOY, "criticizes", CHN, doc="a1", text="Quill criticised China."),
        rel(RUS, "threatens", ENVOY, doc="a2"),
    ]
    G = signed_graph(relations)
    assert set(G) == {USA.iri, CHN.iri, RUS.iri}
    (item,) = G.edges[USA.iri, CHN.iri]["evidence"]
    assert item["actor"] == "Ada Quill" and item["subject"] == "United States"
    assert G.has_edge(RUS.iri, USA.iri)
    assert G.edges[RUS.iri, USA.iri]["subjects"] == [RUS.iri]


def test_without_roll_up_persons_stay_and_structure_can_be_kept():
    relations = [rel(ENVOY, "represents", USA), rel(ENVOY, "criticizes", CHN)]
    G = signed_graph(relations, roll_up=False)
    assert set(G) == {ENVOY.iri, CHN.iri}
    S = signed_graph(relations, roll_up=False, structural=True)
    edge = S.edges[ENVOY.iri, USA.iri]
    assert edge["weight"] == 0.0 and edge["structural"] is True
    assert S.edges[ENVOY.iri, CHN.iri]["structural"] is False


def test_roll_up_ignores_persons_without_a_state_and_drops_self_edges():
    relations = [rel(ENVOY, "represents", USA), rel(ENVOY, "criticizes", USA),
                 rel(CRITIC, "leads", UN), rel(CRITIC, "criticizes", CHN)]
    G = signed_graph(relations)
    assert not G.has_edge(USA.iri, USA.iri)
    assert G.has_edge(CRITIC.iri, CHN.iri)  # leads an organisation, not a state: stays a person


def test_roll_up_picks_the_most_named_state():
    relations = [rel(ENVOY, "represents", USA, doc="a1"), rel(ENVOY, "represents", USA, doc="a2"),
                 rel(ENVOY, "represents", RUS, doc="a3"), rel(ENVOY, "meetsWith", CHN, doc="a4")]
    assert signed_graph(relations).has_edge(USA.iri, CHN.iri)


def test_date_window_keeps_dated_claims_inside_it():
    relations = [rel(USA, "meetsWith", CHN, doc="a1", date="2024-01-15"),
                 rel(USA, "sanctions", RUS, doc="a2", date="2024-03-01T09:30:00Z"),
                 rel(RUS, "attacks", UN, doc="a3")]
    assert set(signed_graph(relations).edges()) == {(USA.iri, CHN.iri), (USA.iri, RUS.iri), (RUS.iri, UN.iri)}
    window = signed_graph(relations, since="2024-02-01", until="2024-03-01")
    assert list(window.edges()) == [(USA.iri, RUS.iri)]
    from datetime import date
    assert list(signed_graph(relations, until=date(2024, 1, 31)).edges()) == [(USA.iri, CHN.iri)]


def test_roles_are_learned_outside_the_date_window():
    relations = [rel(ENVOY, "represents", USA, date="2023-01-01"),
                 rel(ENVOY, "meetsWith", CHN, date="2024-06-01")]
    assert signed_graph(relations, since="2024-01-01").has_edge(USA.iri, CHN.iri)


def test_signed_graph_keeps_claims_by_confidence_and_modality():
    claims = [rel(USA, "sanctions", CHN, confidence=0.9),
              rel(USA, "sanctions", CHN, doc="a2", confidence=0.5),
              rel(USA, "attacks", CHN, doc="a3", modality="possible", confidence=0.9)]
    every = signed_graph(claims).edges[USA.iri, CHN.iri]
    assert (every["claims"], every["articles"], every["hedged_claims"]) == (3, 3, 1)
    sure = signed_graph(claims, min_confidence=0.8).edges[USA.iri, CHN.iri]
    assert (sure["claims"], sure["hedged_claims"]) == (2, 1)
    firm = signed_graph(claims, modalities={"asserted"}).edges[USA.iri, CHN.iri]
    assert (firm["claims"], firm["hedged_claims"], firm["relations"]) == (2, 0, ["sanctions"])
    assert not signed_graph(claims, min_confidence=0.95).edges
    with pytest.raises(ValueError, match="unknown modality 'sure'"):
        signed_graph(claims, modalities=["sure"])


def test_appeals_are_friendly_and_demands_hostile():
    appeal = claim_score(rel(USA, "appealsTo", UN, confidence=1.0))
    demand = claim_score(rel(USA, "demands", UN, confidence=1.0))
    assert (appeal, demand) == (pytest.approx(0.3), pytest.approx(-0.5))


def test_a_meeting_never_outweighs_an_attack():
    G = signed_graph([rel(RUS, "meetsWith", CHN, confidence=1.0),
                      rel(RUS, "meetsWith", CHN, doc="a2", confidence=1.0),
                      rel(RUS, "attacks", CHN, doc="a3", confidence=0.7)])
    assert G.edges[RUS.iri, CHN.iri]["weight"] < 0
