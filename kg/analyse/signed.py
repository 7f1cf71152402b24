"""Build the signed actor graph: one undirected edge per pair of actors, many claims each.

Every claim gets a signed score, and an edge's ``weight`` squashes the sum of its claims'
scores into [-1, 1].  The score of one claim is::

    polarity × |goldstein| / 10 × confidence × modality factor (× 0.9 when attributed)

with the polarity, Goldstein weight and symmetry read from the ontology through
:func:`kg.vocab.relation_properties` (one source of truth).  A negated or denied claim
scores 0: it is kept in the edge's evidence, so a reader sees it, but it moves nothing.

Aggregation: within one article the mentions of the same relation (same subject,
property, object) count once, at their strongest, because an article repeating itself is
not a second source; across articles and properties the scores add, and
``weight = tanh(sum)``.  The sum lets agreement between sources strengthen an edge and
lets cooperation and conflict cancel; tanh keeps the result in (-1, 1) and makes each
further article count for less than the one before.

Person acts: a person who ``represents`` or ``leads`` a state (learned from those
relations in the same input) acts for it, so with ``roll_up=True`` the person's claims
are drawn between the state and the other party, and the evidence names the person as
``actor``.  Roles are learned from the whole input, whatever the date window.  Relations
that the extractor already rolled up (their ``actor`` is set) are skipped, so that a
person's act is counted once whichever way ``roll_up`` is set.

>>> from kg.records import Entity, Evidence, Relation
>>> usa = Entity("https://w3id.org/geokg/id/state/USA", "United States", "State", "USA")
>>> prk = Entity("https://w3id.org/geokg/id/state/PRK", "North Korea", "State", "PRK")
>>> ev = Evidence("The United States sanctioned North Korea.", 0, 41)
>>> G = signed_graph([Relation("a1", usa, "sanctions", prk, ev, "r1", confidence=1.0)])
>>> edge = G.edges[usa.iri, prk.iri]
>>> round(edge["weight"], 3), edge["relations"], edge["directed"], edge["hedged"]
(-0.38, ['sanctions'], True, False)
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from datetime import date as _date
from typing import Any

import networkx as nx

from kg.modality import asserts, table as modality_table, weight
from kg.records import Entity, Relation, relation_row
from kg.vocab import PropertyInfo, relation_properties

#: How much a claim of each modality counts, relative to a plainly asserted one: the one
#: table in ``kg/data/modalities.tsv`` (see :mod:`kg.modality`).
MODALITY_FACTOR: dict[str, float] = {name: m.weight for name, m in modality_table().items()}

#: A claim someone is quoted as making counts for a little less than the writer's own.
ATTRIBUTION_FACTOR = 0.9

#: Modalities that state a relation firmly; an edge with none of them is ``hedged``.
FIRM_MODALITIES = frozenset({"asserted", "reported"})

#: Relations that say who belongs to whom rather than who does what to whom.
STRUCTURAL = frozenset({"represents", "leads", "memberOf"})

#: The relations through which a person acts for a state.
ROLE_PROPERTIES = frozenset({"represents", "leads"})

DateLike = str | _date | None


def claim_score(relation: Relation, info: PropertyInfo | None = None) -> float:
    """The signed score of one claim, in [-1, 1].

    >>> from kg.records import Entity, Evidence, Relation
    >>> a, b = Entity("ex:a", "A", "State"), Entity("ex:b", "B", "State")
    >>> ev = Evidence("A attacked B.", 0, 13)
    >>> claim_score(Relation("d", a, "attacks", b, ev, "r", confidence=1.0))
    -0.967
    >>> claim_score(Relation("d", a, "attacks", b, ev, "r", confidence=1.0, negated=True))
    0.0
    """
    info = info or _property(relation)
    if relation.negated or info.polarity == 0:
        return 0.0
    factor = MODALITY_FACTOR.get(relation.modality)
    if factor is None:
        raise ValueError(
            f"relation in {relation.doc!r} has unknown modality {relation.modality!r}; "
            f"use one of {', '.join(MODALITY_FACTOR)}"
        )
    if relation.attributed_to is not None:
        factor *= ATTRIBUTION_FACTOR
    goldstein = abs(info.goldstein or 0.0) / 10.0
    confidence = min(max(relation.confidence, 0.0), 1.0)
    return round(info.polarity * goldstein * confidence * factor, 6)


def signed_graph(
    relations: Iterable[Relation],
    *,
    since: DateLike = None,
    until: DateLike = None,
    roll_up: bool = True,
    structural: bool = False,
    min_confidence: float = 0.0,
    modalities: Iterable[str] | None = None,
) -> nx.Graph:
    """Aggregate relation mentions into an undirected, signed graph of actors.

    Parameters
    ----------
    relations
        Relation mentions (claims), from one article or many.
    since, until
        Keep only claims dated within ``[since, until]`` (ISO strings or dates), by when
        the event happened where the text says, else by the article's date.  When either
        is given, undated claims are left out, since they cannot be placed.
    roll_up
        Draw the acts of a person who represents or leads a state as the state's acts.
    structural
        Keep ``represents``/``leads``/``memberOf`` edges (weight 0) in the graph.
    min_confidence
        Keep only claims at least this confident (the extractor's calibrated confidence).
    modalities
        Keep only claims of these modalities (``{"asserted", "reported"}``); None keeps all.

    Returns
    -------
    networkx.Graph
        Nodes are entity IRIs with ``label``, ``type``, ``iso3``, ``wikidata``.  Edges
        carry ``weight``, ``claims``, ``articles``, ``first_seen``, ``last_seen``,
        ``relations``, ``hedged``, ``hedged_claims`` (how many claims are neither asserted
        nor reported), ``directed``, ``subjects`` (the node ids that are the
        subject of a non-symmetric claim, so a drawing knows where arrows point),
        ``structural`` and ``evidence`` (dicts, strongest first).
    """
    relations = list(relations)
    table = relation_properties()
    for rel in relations:
        _property(rel, table)
    relations = keep(relations, min_confidence=min_confidence, modalities=modalities)
    lo, hi = iso_day(since), iso_day(until)
    roles = _roles(relations) if roll_up else {}

    G = nx.Graph()
    claims: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for rel in relations:
        if rel.actor is not None:
            continue  # the extractor's own roll-up of a person's act: redone here per roll_up
        if rel.predicate in STRUCTURAL and not structural:
            continue
        if (lo or hi) and not in_window(rel.event_date or rel.date, lo, hi):
            continue
        subject, obj, actor = rel.subject, rel.object, rel.actor
        if rel.predicate not in STRUCTURAL:
            if subject.iri in roles:
                subject, actor = roles[subject.iri], actor or subject
            if obj.iri in roles:
                obj = roles[obj.iri]
        if subject.iri == obj.iri:
            continue  # a state's envoy criticising that state is not an edge
        for entity in (subject, obj):
            if entity.iri not in G:
                G.add_node(entity.iri, **_node_attrs(entity))
        item = _evidence(rel, subject, obj, actor, table[rel.predicate])
        claims[_pair(subject.iri, obj.iri)].append(item)

    for (u, v), items in claims.items():
        G.add_edge(u, v, **edge_attributes(items))
    return G


def keep(relations: Sequence[Relation], *, min_confidence: float = 0.0,
         modalities: Iterable[str] | None = None) -> list[Relation]:
    """The claims at least ``min_confidence`` confident, of the given modalities (None: all).

    An unknown modality name is an error naming the known ones, so a typo never silently
    empties the graph.

    >>> keep([], modalities=["sure"])
    Traceback (most recent call last):
    ...
    ValueError: unknown modality 'sure'; use one of asserted, reported, planned, likely, alleged, possible, desired, hypothetical, denied
    """
    wanted = None if modalities is None else set(modalities)
    for name in sorted(wanted or ()):
        weight(name)  # raises for an unknown name
    return [rel for rel in relations
            if rel.confidence >= min_confidence and (wanted is None or rel.modality in wanted)]


def edge_attributes(evidence: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Aggregate one edge's evidence dicts (as built by :func:`signed_graph`) into its attributes.

    Public so that a filter (by date, say) can rebuild an edge from a subset of its
    evidence with exactly the same rules.

    >>> e = {"doc": "d1", "date": "2024-05-01", "predicate": "meetsWith", "modality": "asserted",
    ...      "negated": False, "score": 0.1, "subject_id": "a", "object_id": "b", "start": 0,
    ...      "confidence": 1.0, "sentence": "A met B."}
    >>> attrs = edge_attributes([e, dict(e, start=40)])
    >>> attrs["claims"], attrs["articles"], round(attrs["weight"], 4)
    (2, 1, 0.0997)
    """
    table = relation_properties()
    strongest: dict[tuple[str, str, str, str], float] = {}
    for item in evidence:
        key = (item["doc"], item["subject_id"], item["predicate"], item["object_id"])
        if abs(item["score"]) > abs(strongest.get(key, 0.0)):
            strongest[key] = item["score"]
    dates = sorted(item["date"] for item in evidence if item.get("date"))
    relations = sorted({item["predicate"] for item in evidence})
    subjects = sorted(
        {item["subject_id"] for item in evidence if not table[item["predicate"]].symmetric}
    )
    firm = any(
        item["modality"] in FIRM_MODALITIES and not item["negated"] for item in evidence
    )
    return {
        "weight": math.tanh(sum(strongest.values())),
        "claims": len(evidence),
        "articles": len({item["doc"] for item in evidence}),
        "first_seen": dates[0] if dates else None,
        "last_seen": dates[-1] if dates else None,
        "relations": relations,
        "hedged": not firm,
        "hedged_claims": sum(item["modality"] not in FIRM_MODALITIES for item in evidence),
        "directed": bool(subjects),
        "subjects": subjects,
        "structural": all(r in STRUCTURAL for r in relations),
        "evidence": sorted(evidence, key=_strength),
    }


def _strength(item: dict[str, Any]) -> tuple[Any, ...]:
    """Strongest first: largest |score|, then most confident, then stable by place."""
    return (-abs(item["score"]), -item["confidence"], item["doc"], item["start"])


def _property(rel: Relation, table: dict[str, PropertyInfo] | None = None) -> PropertyInfo:
    table = table if table is not None else relation_properties()
    try:
        return table[rel.predicate]
    except KeyError:
        raise ValueError(
            f"relation in {rel.doc!r} ({rel.subject.label} -> {rel.object.label}) uses "
            f"{rel.predicate!r}, which is not a geokg relation property; use one of "
            f"{', '.join(sorted(table))}"
        ) from None


def _roles(relations: Sequence[Relation]) -> dict[str, Entity]:
    """Map each person IRI to the state it acts for (the most often named, then by IRI)."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    states: dict[str, Entity] = {}
    for rel in relations:
        if (
            rel.predicate in ROLE_PROPERTIES
            and rel.subject.type == "Person"
            and rel.object.type == "State"
            and not rel.negated
            and asserts(rel.modality)
        ):
            counts[rel.subject.iri][rel.object.iri] += 1
            states[rel.object.iri] = rel.object
    return {
        person: states[min(c, key=lambda iri: (-c[iri], iri))] for person, c in counts.items()
    }


def _evidence(
    rel: Relation, subject: Entity, obj: Entity, actor: Entity | None, info: PropertyInfo
) -> dict[str, Any]:
    """The claim as an evidence row: :func:`kg.records.relation_row` between the drawn actors, with its score."""
    return {**relation_row(rel, subject=subject, object=obj, actor=actor), "score": claim_score(rel, info)}


def _node_attrs(entity: Entity) -> dict[str, Any]:
    """The entity's description; its other names joined by ``|`` (a string, so GraphML
    can carry it), only when it has some."""
    attrs: dict[str, Any] = {
        "label": entity.label,
        "type": entity.type,
        "iso3": entity.iso3,
        "wikidata": entity.wikidata,
    }
    if entity.alt:
        attrs["alt"] = "|".join(entity.alt)
    return attrs


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a <= b else (b, a)


def iso_day(value: DateLike) -> str | None:
    """The ``YYYY-MM-DD`` day of an ISO string or a date, or None for no bound.

    >>> iso_day("2024-06-19T08:00:00Z")
    '2024-06-19'
    """
    if value is None or value == "":
        return None
    return (value.isoformat() if isinstance(value, _date) else str(value))[:10]


def in_window(day: str | None, lo: str | None, hi: str | None) -> bool:
    """Whether an ISO date falls within ``[lo, hi]``; an unknown date never does.

    >>> in_window("2024-06-19", "2024-06-01", None), in_window(None, None, "2024-07-01")
    (True, False)
    """
    if not day:
        return False
    day = day[:10]
    return (lo is None or day >= lo) and (hi is None or day <= hi)
