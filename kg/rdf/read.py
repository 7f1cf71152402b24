"""Read claims and actor descriptions back from RDF into records.

The inverse of :mod:`kg.rdf.mapping`: one SPARQL query for the actors and one for the
claims, run through ``graph.query`` so that on the disk store they run on Oxigraph's
engine, and on a plain in-memory graph on rdflib's.  The analysis stage builds its network
from the :class:`~kg.records.Relation` records this returns, so records -> store ->
records must give back equal records.

>>> from kg.records import Article, ArticleResult
>>> from kg.rdf.mapping import article_triples, entity_triples, result_entities
>>> from kg.ids import state_iri
>>> prk = Entity(state_iri("PRK"), "North Korea", "State", "PRK", "Q423")
>>> rus = Entity(state_iri("RUS"), "Russia", "State", "RUS", "Q159")
>>> text = "North Korea sent troops to Russia."
>>> rel = Relation("a1", prk, "sendsTroopsTo", rus, Evidence(text, 0, len(text)), "svo")
>>> result = ArticleResult(Article("a1", text, date="2024-11-05"), [rel], [prk, rus])
>>> graph = rdflib.Graph()
>>> graph += article_triples(result)
>>> graph += entity_triples(result_entities(result))
>>> list(relations_from_graph(graph)) == [rel]
True
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import rdflib
from rdflib.term import Literal, Node, URIRef

from kg import ids, vocab
from kg.records import ACTOR_TYPES, Entity, Evidence, Relation
from kg.rdf.sparql import PROLOGUE, Queryable, rows, term, values
from kg.rdf import mapping as rdf

_ACTOR_CLASSES = {getattr(vocab.GEOKG, name): name for name in ACTOR_TYPES}

_ENTITIES_QUERY = PROLOGUE + """SELECT ?e ?type ?label ?iso3 ?same ?alt ?state WHERE {{
  {only}
  ?e a ?type .
  VALUES ?type {{ geokg:State geokg:Organization geokg:Person geokg:Group }}
  OPTIONAL {{ ?e rdfs:label ?label }}
  OPTIONAL {{ ?e geokg:iso3 ?iso3 }}
  OPTIONAL {{ ?e owl:sameAs ?same FILTER(STRSTARTS(STR(?same), {wikidata})) }}
  OPTIONAL {{ ?e skos:altLabel ?alt }}
  OPTIONAL {{ ?e geokg:state ?state }}
}}
"""

_CLAIMS_QUERY = PROLOGUE + """SELECT ?doc ?s ?p ?o ?text ?start ?end ?rule ?modality ?negated ?conf
       ?attributed ?role ?actor ?claimDate ?eventDate ?precision ?historical WHERE {{
  VALUES ?type {{ {types} }}
  ?c a ?type ;
     rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
     geokg:evidenceText ?text ; geokg:startOffset ?start ; geokg:endOffset ?end ;
     geokg:rule ?rule ; geokg:modality ?modality ; geokg:negated ?negated ;
     geokg:confidence ?conf ; prov:wasDerivedFrom ?art .
  ?art dct:identifier ?doc .
  OPTIONAL {{ ?c prov:wasAttributedTo ?attributed }}
  OPTIONAL {{ ?c geokg:role ?role }}
  OPTIONAL {{ ?c geokg:actor ?actor }}
  OPTIONAL {{ ?c dct:date ?claimDate }}
  OPTIONAL {{ ?c geokg:eventDate ?eventDate }}
  OPTIONAL {{ ?c geokg:eventDatePrecision ?precision }}
  OPTIONAL {{ ?c geokg:historical ?historical }}
  OPTIONAL {{ ?art dct:date ?artDate }}
  BIND(COALESCE(?eventDate, ?claimDate, ?artDate) AS ?when)
  {filters}
}}
ORDER BY ?doc ?start ?s ?p ?o ?rule
"""


_ARTICLES_QUERY = PROLOGUE + """SELECT ?id ?title ?date ?url WHERE {
  ?a a geokg:Article ; dct:identifier ?id .
  OPTIONAL { ?a dct:title ?title }
  OPTIONAL { ?a dct:date ?date }
  OPTIONAL { ?a dct:source ?url }
}
"""


def articles_from_graph(graph: Queryable) -> dict[str, dict[str, str | None]]:
    """Each article's ``title``, ``date`` and ``url`` (``None`` where not known), by id.

    >>> from kg.records import Article, ArticleResult
    >>> from kg.rdf.mapping import article_triples
    >>> graph = rdflib.Graph()
    >>> graph += article_triples(ArticleResult(Article("a1", "Text.", title="T", url="https://ex.org/a1")))
    >>> articles_from_graph(graph)
    {'a1': {'title': 'T', 'date': None, 'url': 'https://ex.org/a1'}}
    """
    found: dict[str, dict[str, str | None]] = {}
    for id_, title, date, url in rows(graph.query(_ARTICLES_QUERY)):
        found[str(id_)] = {"title": _text(title), "date": _text(date), "url": _text(url)}
    return found


def _text(value: Node | None) -> str | None:
    return None if value is None else str(value)


def entities_from_graph(
    graph: Queryable, iris: Iterable[str] | None = None
) -> dict[str, Entity]:
    """Actor descriptions by IRI (all, or only those in ``iris``), sorted by IRI.

    ``graph`` is a plain ``Graph`` or a ``Dataset`` with ``default_union=True``.
    """
    only = ""
    if iris is not None:
        wanted = sorted(set(iris))
        if not wanted:
            return {}
        only = values("e", [URIRef(i) for i in wanted])
    found: list[Entity] = []
    sparql = _ENTITIES_QUERY.format(only=only, wikidata=term(ids.WIKIDATA))
    for e, type_, label, iso3, same, alt, state in rows(graph.query(sparql)):
        wikidata = str(same)[len(ids.WIKIDATA) :] if same is not None else None
        found.append(
            Entity(
                str(e),
                str(label) if label is not None else _tail(str(e)),
                _ACTOR_CLASSES[type_],
                str(iso3) if iso3 is not None else None,
                wikidata,
                (str(alt),) if alt is not None else (),
                _tail(str(state)) if state is not None else None,
            )
        )
    return {ent.iri: ent for ent in rdf.merge_entities(found)}


def _tail(iri: str) -> str:
    return re.split(r"[/#]", iri.rstrip("/#"))[-1]


def _entity(iri: Node, known: Mapping[str, Entity]) -> Entity:
    """The described entity, or a bare one (label from the IRI) when no description exists."""
    return known.get(str(iri)) or Entity(str(iri), _tail(str(iri)), "Actor")


def _date_filters(since: str | None, until: str | None) -> str:
    parts = []
    if since is not None:
        parts.append(f"FILTER(BOUND(?when) && SUBSTR(STR(?when), 1, 10) >= {_check_date(since)})")
    if until is not None:
        parts.append(f"FILTER(BOUND(?when) && SUBSTR(STR(?when), 1, 10) <= {_check_date(until)})")
    return "\n  ".join(parts)


def _check_date(value: str) -> str:
    if not rdf.ISO_DATE.fullmatch(value):
        raise ValueError(f"date {value!r} is not an ISO date; write it as YYYY-MM-DD, e.g. 2024-11-05")
    return term(value)


def relations_from_graph(
    graph: Queryable, since: str | None = None, until: str | None = None, *,
    include_rejected: bool = False,
) -> Iterator[Relation]:
    """Read claim nodes back into :class:`Relation` records, ordered by article and offset.

    ``since``/``until`` (inclusive ISO dates) keep claims whose event date, or else their
    date, or else their article's date, falls in the range; claims with no date at all are then left out.
    Claims a reviewer rejected (``geokg:RejectedClaim``, see :mod:`kg.rdf.reviews`) are left
    out unless ``include_rejected``.  Entities are rebuilt from the actor descriptions in ``graph``.
    """
    known = entities_from_graph(graph)
    types = "geokg:Claim geokg:RejectedClaim" if include_rejected else "geokg:Claim"
    query = _CLAIMS_QUERY.format(filters=_date_filters(since, until), types=types)
    for row in rows(graph.query(query)):
        yield _relation(row, known)


def _relation(row: Any, known: Mapping[str, Entity]) -> Relation:
    (doc, s, p, o, text, start, end, rule, modality, negated, conf,
     attributed, role, actor, date, event_date, precision, historical) = row  # fmt: skip
    return Relation(
        doc=str(doc),
        subject=_entity(s, known),
        predicate=str(p)[len(ids.ONTOLOGY) :],
        object=_entity(o, known),
        evidence=Evidence(str(text), int(start), int(end)),
        rule=str(rule),
        modality=str(modality),
        negated=bool(negated.toPython()),
        attributed_to=_entity(attributed, known) if attributed is not None else None,
        role=str(role) if role is not None else None,
        confidence=float(conf.toPython()),
        actor=_entity(actor, known) if actor is not None else None,
        date=str(date) if date is not None else None,
        event_date=str(event_date) if event_date is not None else None,
        event_precision=str(precision) if precision is not None else None,
        historical=bool(historical.toPython()) if historical is not None else False,
    )
