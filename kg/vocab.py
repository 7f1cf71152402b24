"""The geokg ontology's terms, and what the ontology says about each relation property.

``ontologies/geokg.ttl`` is the source of truth.  Code gets terms from :class:`GEOKG`, a
``DefinedNamespace`` with ``_fail = True``, so a misspelt term raises at once instead of
minting a stray IRI; ``tests/test_vocab.py`` checks that its term list equals the terms the
Turtle file defines.  Stages that need a property's polarity, quad class or ancestors ask
:func:`properties` or :func:`relation_properties`, which read the packaged Turtle file, so
those facts are written down once.

>>> str(GEOKG.sendsTroopsTo)
'https://w3id.org/geokg/ontology#sendsTroopsTo'
>>> info = relation_properties()["sendsTroopsTo"]
>>> info.plover, info.quad_class, info.polarity, info.parent
('AID', 2, 1, 'providesAidTo')
>>> [iri.rsplit("#", 1)[1] for iri in info.ancestors]
['providesAidTo', 'materialCooperation', 'cooperation']
>>> relation_properties()["accuses"].cameo
('112',)
>>> "conflict" in relation_properties()
False
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import rdflib
from rdflib import OWL, RDF, RDFS

# Imported as a module, not by name: pytest's doctest finder probes every class in this
# module's namespace, and rdflib's bare DefinedNamespace warns on each probe.
from rdflib import namespace as _namespace
from rdflib.collection import Collection
from rdflib.term import BNode, Literal, Node, URIRef

from kg.ids import ONTOLOGY
from kg.resources import ontology_path


class GEOKG(_namespace.DefinedNamespace):
    """Every class and property of the geokg ontology (``https://w3id.org/geokg/ontology#``)."""

    _fail = True
    _NS = _namespace.Namespace(ONTOLOGY)

    # Classes
    Actor: URIRef  # anyone who can act in international politics
    State: URIRef
    Organization: URIRef
    Person: URIRef
    Group: URIRef
    Article: URIRef  # a news article that was read
    Claim: URIRef  # one relation mention, with its evidence
    RejectedClaim: URIRef  # a claim a reviewer rejected (kg.rdf.reviews)
    Review: URIRef  # a reviewer's decision on one claim

    # Abstract super-properties (never asserted; for property paths)
    structural: URIRef
    cooperation: URIRef
    conflict: URIRef
    verbalCooperation: URIRef  # quad class 1
    materialCooperation: URIRef  # quad class 2
    verbalConflict: URIRef  # quad class 3
    materialConflict: URIRef  # quad class 4

    # Relation properties between actors
    represents: URIRef
    leads: URIRef
    memberOf: URIRef
    alliedWith: URIRef
    atWarWith: URIRef
    agreesWith: URIRef
    meetsWith: URIRef
    supports: URIRef
    concedesTo: URIRef
    cooperatesWith: URIRef
    providesAidTo: URIRef
    sendsTroopsTo: URIRef
    suppliesWeaponsTo: URIRef
    retreatsFrom: URIRef
    requests: URIRef  # abstract: appealsTo or demands
    appealsTo: URIRef
    demands: URIRef
    criticizes: URIRef
    accuses: URIRef
    rejects: URIRef
    threatens: URIRef
    protestsAgainst: URIRef
    sanctions: URIRef
    mobilizesAgainst: URIRef
    coerces: URIRef
    attacks: URIRef

    # Claim properties
    evidenceText: URIRef
    startOffset: URIRef
    endOffset: URIRef
    rule: URIRef
    extractorVersion: URIRef
    confidence: URIRef
    eventDate: URIRef
    eventDatePrecision: URIRef
    historical: URIRef
    modality: URIRef
    negated: URIRef
    role: URIRef
    actor: URIRef  # the person whose act was rolled up to a state

    # Review properties
    reviewOf: URIRef
    decision: URIRef

    # Article and actor properties
    contentHash: URIRef
    duplicateOf: URIRef  # a syndicated copy of an earlier article (see kg.builder.dedupe)
    textSignature: URIRef  # MinHash signature for spotting copies
    signatureBand: URIRef  # one LSH band of it, for finding copies with an indexed lookup
    dateline: URIRef
    iso3: URIRef
    state: URIRef  # the state a body belongs to (Gazprom: Russia)

    # Annotations on relation properties
    plover: URIRef
    quadClass: URIRef
    cameoCode: URIRef
    goldstein: URIRef


#: The abstract super-property each CAMEO quad class sits under.
QUAD_SUPERS: dict[int, str] = {
    1: "verbalCooperation",
    2: "materialCooperation",
    3: "verbalConflict",
    4: "materialConflict",
}

#: Properties that only group others; no triple or claim should use them.
ABSTRACT_PROPERTIES: frozenset[str] = frozenset(
    {"structural", "cooperation", "conflict", "requests", *QUAD_SUPERS.values()}
)


@dataclass(frozen=True)
class PropertyInfo:
    """What the ontology says about one object property between actors.

    ``ancestors`` holds the IRIs of every transitive super-property, nearest first (so a
    query or an aggregation can roll a property up to any level); ``polarity`` is +1 under
    ``cooperation``, -1 under ``conflict`` and 0 for structural relations.  ``domain`` and
    ``range`` are class local names, ``|``-joined for a union (``"State|Organization"``).
    """

    name: str
    iri: str
    label: str
    comment: str
    parent: str | None
    ancestors: tuple[str, ...]
    symmetric: bool
    plover: str | None
    quad_class: int | None
    cameo: tuple[str, ...]
    goldstein: float | None
    polarity: int
    domain: str
    range: str


@lru_cache(maxsize=1)
def ontology_graph() -> rdflib.Graph:
    """The parsed ontology (``geokg.ttl``); cached, so treat it as read-only."""
    graph = rdflib.Graph()
    graph.parse(ontology_path("geokg.ttl"), format="turtle")
    return graph


@lru_cache(maxsize=1)
def properties() -> dict[str, PropertyInfo]:
    """Every geokg object property between actors, abstract ones included, by local name.

    >>> properties()["conflict"].polarity
    -1
    >>> properties()["leads"].ancestors[-1].endswith("#structural")
    True
    """
    graph = ontology_graph()
    out: dict[str, PropertyInfo] = {}
    for prop in sorted(set(graph.subjects(RDF.type, OWL.ObjectProperty)), key=str):
        if not isinstance(prop, URIRef) or not str(prop).startswith(ONTOLOGY):
            continue
        if prop in (GEOKG.actor, GEOKG.duplicateOf, GEOKG.reviewOf):  # not between actors
            continue
        if prop == GEOKG.state:  # a gazetteer fact about a body, never a claim
            continue
        out[_local(prop)] = _describe(graph, prop)
    return out


@lru_cache(maxsize=1)
def relation_properties() -> dict[str, PropertyInfo]:
    """The concrete relation properties, the ones a triple or a claim may use.

    >>> len(relation_properties())
    25
    """
    return {k: v for k, v in properties().items() if k not in ABSTRACT_PROPERTIES}


def _local(iri: Node) -> str:
    return str(iri)[len(ONTOLOGY) :]


def _describe(graph: rdflib.Graph, prop: URIRef) -> PropertyInfo:
    parents = sorted(graph.objects(prop, RDFS.subPropertyOf), key=str)
    ancestors = _ancestors(graph, prop)
    cooperation, conflict = str(GEOKG.cooperation), str(GEOKG.conflict)
    polarity = 1 if cooperation in ancestors else -1 if conflict in ancestors else 0
    if prop in (GEOKG.cooperation, GEOKG.conflict):
        polarity = 1 if prop == GEOKG.cooperation else -1
    # The nearest parent is the one that is not the quad super (when there are two).
    parent: str | None = None
    if parents:
        specific = [p for p in parents if _local(p) not in ABSTRACT_PROPERTIES]
        parent = _local((specific or parents)[0])
    quad = graph.value(prop, GEOKG.quadClass)
    goldstein = graph.value(prop, GEOKG.goldstein)
    plover = graph.value(prop, GEOKG.plover)
    return PropertyInfo(
        name=_local(prop),
        iri=str(prop),
        label=str(graph.value(prop, RDFS.label) or _local(prop)),
        comment=str(graph.value(prop, RDFS.comment) or ""),
        parent=parent,
        ancestors=ancestors,
        symmetric=(prop, RDF.type, OWL.SymmetricProperty) in graph,
        plover=str(plover) if plover is not None else None,
        quad_class=int(quad.toPython()) if isinstance(quad, Literal) else None,
        cameo=tuple(sorted(str(c) for c in graph.objects(prop, GEOKG.cameoCode))),
        goldstein=float(goldstein.toPython()) if isinstance(goldstein, Literal) else None,
        polarity=polarity,
        domain=_class_expression(graph, graph.value(prop, RDFS.domain)),
        range=_class_expression(graph, graph.value(prop, RDFS.range)),
    )


def _ancestors(graph: rdflib.Graph, prop: URIRef) -> tuple[str, ...]:
    """Breadth-first walk up ``rdfs:subPropertyOf``, so nearer ancestors come first."""
    seen: list[str] = []
    frontier = [prop]
    while frontier:
        step: list[URIRef] = []
        for node in frontier:
            for parent in sorted(graph.objects(node, RDFS.subPropertyOf), key=str):
                if isinstance(parent, URIRef) and str(parent) not in seen and parent != prop:
                    seen.append(str(parent))
                    step.append(parent)
        frontier = step
    # A direct quad super that is also reached through a specific parent belongs after it.
    return tuple(sorted(seen, key=lambda iri: _depth_rank(graph, prop, iri)))


def _depth_rank(graph: rdflib.Graph, prop: URIRef, ancestor: str) -> int:
    """The longest path length from ``prop`` up to ``ancestor`` (longer = farther away)."""
    best = 0
    for parent in graph.objects(prop, RDFS.subPropertyOf):
        if str(parent) == ancestor:
            best = max(best, 1)
        elif isinstance(parent, URIRef):
            below = _depth_rank(graph, parent, ancestor)
            if below:
                best = max(best, below + 1)
    return best


def _class_expression(graph: rdflib.Graph, node: Node | None) -> str:
    if node is None:
        return ""
    if isinstance(node, BNode):
        members = graph.value(node, OWL.unionOf)
        if members is not None:
            return "|".join(_local(m) for m in Collection(graph, members))
    return _local(node)
