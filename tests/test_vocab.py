"""The ontology file, the GEOKG namespace and the PropertyInfo API agree with each other
and with the agreed core vocabulary."""

from __future__ import annotations

import pytest
from rdflib import OWL, RDF, RDFS, Graph, URIRef

from kg.ids import ONTOLOGY
from kg.resources import ontology_path
from kg.vocab import (
    ABSTRACT_PROPERTIES,
    GEOKG,
    QUAD_SUPERS,
    ontology_graph,
    properties,
    relation_properties,
)

# The agreed core vocabulary (copied from the project's reference TSV, as test data):
# local_name, domain, range, symmetric, plover, quad, parent
CORE = [
    ("represents", "Person", "State|Organization", False, None, None, None),
    ("leads", "Person", "State|Organization", False, None, None, "represents"),
    ("memberOf", "State|Organization", "Organization", False, None, None, None),
    ("alliedWith", "State|Organization", "State|Organization", True, None, 1, None),
    ("atWarWith", "State|Organization", "State|Organization", True, None, 4, None),
    ("agreesWith", "Actor", "Actor", True, "AGREE", 1, None),
    ("meetsWith", "Actor", "Actor", True, "CONSULT", 1, None),
    ("supports", "Actor", "Actor", False, "SUPPORT", 1, None),
    ("concedesTo", "Actor", "Actor", False, "CONCEDE", 1, None),
    ("cooperatesWith", "Actor", "Actor", True, "COOPERATE", 2, None),
    ("providesAidTo", "Actor", "Actor", False, "AID", 2, None),
    ("sendsTroopsTo", "State|Organization", "State|Organization", False, "AID", 2, "providesAidTo"),
    ("suppliesWeaponsTo", "State|Organization", "Actor", False, "AID", 2, "providesAidTo"),
    ("retreatsFrom", "Actor", "Actor", False, "RETREAT", 2, None),
    # the reference's requests is split by CAMEO's sign (issue 13): 02 appeals, 10 demands
    ("appealsTo", "Actor", "Actor", False, None, 1, "requests"),
    ("demands", "Actor", "Actor", False, "REQUEST", 3, "requests"),
    ("criticizes", "Actor", "Actor", False, "ACCUSE", 3, None),
    ("accuses", "Actor", "Actor", False, "ACCUSE", 3, "criticizes"),
    ("rejects", "Actor", "Actor", False, "REJECT", 3, None),
    ("threatens", "Actor", "Actor", False, "THREATEN", 3, None),
    ("protestsAgainst", "Actor", "Actor", False, "PROTEST", 4, None),
    ("sanctions", "Actor", "Actor", False, "SANCTION", 4, None),
    ("mobilizesAgainst", "Actor", "Actor", False, "MOBILIZE", 4, None),
    ("coerces", "Actor", "Actor", False, "COERCE", 4, None),
    ("attacks", "Actor", "Actor", False, "ASSAULT", 4, None),
]
CORE_NAMES = {row[0] for row in CORE}

# PLOVER type -> (CAMEO roots, mean Goldstein of the roots), from the ICEWS CAMEO table.
PLOVER_CAMEO = {
    "AGREE": (("03",), 4.0),
    "CONSULT": (("04",), 1.0),
    "SUPPORT": (("05",), 3.5),
    "CONCEDE": (("08",), 5.0),
    "COOPERATE": (("06",), 6.0),
    "AID": (("07",), 7.0),
    "RETREAT": (("08",), 5.0),
    "REQUEST": (("10",), -5.0),
    "ACCUSE": (("09", "11"), -2.0),
    "REJECT": (("12",), -4.0),
    "THREATEN": (("13",), -6.0),
    "PROTEST": (("14",), -6.5),
    "MOBILIZE": (("15",), -7.2),
    "SANCTION": (("16",), -4.0),
    "COERCE": (("17",), -7.0),
    "ASSAULT": (("18", "19", "20"), -29 / 3),
}

DECLARING_TYPES = (
    OWL.Class,
    OWL.ObjectProperty,
    OWL.DatatypeProperty,
    OWL.AnnotationProperty,
)


def _local(iri) -> str:
    return str(iri)[len(ONTOLOGY) :]


def test_vocab_namespace_lists_exactly_the_terms_the_ontology_defines():
    graph = ontology_graph()
    defined = {
        _local(s)
        for kind in DECLARING_TYPES
        for s in graph.subjects(RDF.type, kind)
        if isinstance(s, URIRef) and str(s).startswith(ONTOLOGY)
    }
    declared = set(GEOKG.__annotations__)
    assert declared == defined


def test_vocab_every_ontology_term_has_label_and_comment():
    graph = ontology_graph()
    for name in GEOKG.__annotations__:
        term = GEOKG[name]
        assert graph.value(term, RDFS.label), f"{name} has no rdfs:label"
        assert graph.value(term, RDFS.comment), f"{name} has no rdfs:comment"


def test_vocab_namespace_fails_on_unknown_term():
    assert str(GEOKG.attacks) == ONTOLOGY + "attacks"
    with pytest.raises(AttributeError):
        GEOKG.attack  # noqa: B018 (a typo must fail loudly)


def test_vocab_ontology_declares_its_namespace_once():
    text = ontology_path("geokg.ttl").read_text(encoding="utf-8")
    assert text.count(f"<{ONTOLOGY}>") == 1
    header = ontology_graph().value(predicate=RDF.type, object=OWL.Ontology)
    assert header is not None
    assert str(ontology_graph().value(header, OWL.versionInfo)) == "0.1.0"


@pytest.mark.parametrize("row", CORE, ids=[row[0] for row in CORE])
def test_vocab_core_property_matches_agreed_vocabulary(row):
    name, domain, range_, symmetric, plover, quad, parent = row
    info = relation_properties()[name]
    assert info.iri == ONTOLOGY + name
    assert info.label and info.comment
    # Group (armed and political groups, issue 12) may stand wherever an organisation does
    widen = lambda spec: spec if "Organization" not in spec.split("|") else spec + "|Group"  # noqa: E731
    assert (info.domain, info.range) == (widen(domain), widen(range_))
    assert info.symmetric is symmetric
    assert info.plover == plover
    assert info.quad_class == quad
    if parent is not None:
        assert info.parent == parent
        assert info.ancestors[0] == ONTOLOGY + parent
    if quad is not None:
        # quad 1 and 2 cooperate, 3 and 4 conflict; the quad super is a direct parent
        assert info.polarity == (1 if quad <= 2 else -1)
        graph = ontology_graph()
        assert (GEOKG[name], RDFS.subPropertyOf, GEOKG[QUAD_SUPERS[quad]]) in graph
    else:
        assert info.polarity == 0
        assert info.ancestors[-1] == str(GEOKG.structural)


# The CAMEO code prefixes each property codes (the ontology's geokg:cameoCode); a code
# belongs to the longest prefix it starts with.  Finer codes refine the PLOVER roots:
# 02 appeal, 036 intent to meet, 055 apologise, 057 sign agreement, 074 peacekeeping,
# 0871 ceasefire, 112 accuse (see the comments in geokg.ttl).
CAMEO_PREFIXES = {
    "agreesWith": ("03", "057"),
    "meetsWith": ("036", "04"),
    "supports": ("05",),
    "concedesTo": ("055", "08", "0871"),
    "cooperatesWith": ("06",),
    "providesAidTo": ("07",),
    "sendsTroopsTo": ("074",),
    "suppliesWeaponsTo": (),
    "retreatsFrom": ("084", "086", "087"),
    "appealsTo": ("02",),
    "demands": ("10",),
    "criticizes": ("09", "11"),
    "accuses": ("112",),
    "rejects": ("12",),
    "threatens": ("13",),
    "protestsAgainst": ("14",),
    "mobilizesAgainst": ("15",),
    "sanctions": ("16",),
    "coerces": ("17",),
    "attacks": ("18", "19", "20"),
}


@pytest.mark.parametrize("row", [r for r in CORE if r[4]], ids=[r[0] for r in CORE if r[4]])
def test_vocab_event_property_carries_cameo_codes_and_goldstein(row):
    info = relation_properties()[row[0]]
    roots, goldstein = PLOVER_CAMEO[info.plover]
    assert info.cameo == CAMEO_PREFIXES[row[0]]
    assert info.goldstein == pytest.approx(goldstein, abs=0.005)
    # the PLOVER roots are all coded by properties of that PLOVER type (RETREAT shares 08)
    owners = {p.plover for p in relation_properties().values() if set(p.cameo) & set(roots)}
    assert owners <= {info.plover, "CONCEDE"}


def test_vocab_cameo_prefixes_belong_to_one_property_each():
    seen: dict[str, str] = {}
    for name, info in relation_properties().items():
        for code in info.cameo:
            assert code.isdigit() and 2 <= len(code) <= 4, (name, code)
            assert code not in seen, f"CAMEO {code} is coded by {seen.get(code)} and {name}"
            seen[code] = name


def test_vocab_standing_relations_have_goldstein_at_the_extremes():
    props = relation_properties()
    assert props["alliedWith"].goldstein > 0
    assert props["atWarWith"].goldstein == -10.0


def test_vocab_relation_properties_are_the_core_and_exclude_abstract_ones():
    assert set(relation_properties()) == CORE_NAMES
    assert ABSTRACT_PROPERTIES <= set(properties())
    assert not ABSTRACT_PROPERTIES & set(relation_properties())


def test_vocab_ancestors_are_transitive_and_nearest_first():
    ancestors = [_local(a) for a in relation_properties()["accuses"].ancestors]
    assert ancestors == ["criticizes", "verbalConflict", "conflict"]
    assert [_local(a) for a in properties()["leads"].ancestors] == ["represents", "structural"]


def _sub_properties_of(root: str) -> set[str]:
    query = """
        PREFIX geokg: <https://w3id.org/geokg/ontology#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT DISTINCT ?p WHERE { ?p rdfs:subPropertyOf* ?root }
    """
    rows = ontology_graph().query(query, initBindings={"root": GEOKG[root]})
    return {_local(row.p) for row in rows}


@pytest.mark.parametrize(
    "root, quads, supers",
    [
        ("conflict", {3, 4}, {"conflict", "verbalConflict", "materialConflict"}),
        ("cooperation", {1, 2}, {"cooperation", "verbalCooperation", "materialCooperation"}),
    ],
)
def test_vocab_sparql_path_finds_exactly_one_polarity(root, quads, supers):
    found = _sub_properties_of(root)
    expected = {name for name, *_rest, quad, _parent in CORE if quad in quads}
    assert found - ABSTRACT_PROPERTIES == expected
    assert found & ABSTRACT_PROPERTIES == supers


def test_vocab_requests_groups_a_friendly_appeal_and_a_hostile_demand():
    props = properties()
    assert _sub_properties_of("requests") - {"requests"} == {"appealsTo", "demands"}
    assert props["requests"].polarity == 0 and props["requests"].goldstein is None
    assert (props["appealsTo"].polarity, props["appealsTo"].goldstein) == (1, 3.0)
    assert (props["demands"].polarity, props["demands"].goldstein) == (-1, -5.0)


def test_vocab_structural_path_finds_affiliations_only():
    assert _sub_properties_of("structural") - {"structural"} == {"represents", "leads", "memberOf"}


def test_vocab_union_ranges_are_owl_classes():
    graph = ontology_graph()
    union = graph.value(GEOKG.sendsTroopsTo, RDFS.range)
    assert (union, RDF.type, OWL.Class) in graph
    assert graph.value(union, OWL.unionOf) is not None


def test_vocab_ontology_parses_as_standalone_turtle():
    graph = Graph().parse(ontology_path("geokg.ttl"), format="turtle")
    assert (GEOKG.Actor, RDFS.subClassOf, URIRef("http://www.w3.org/ns/prov#Agent")) in graph
    assert (GEOKG.Claim, RDFS.subClassOf, URIRef("http://www.w3.org/ns/prov#Entity")) in graph
