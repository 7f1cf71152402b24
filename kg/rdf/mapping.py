"""Map extraction records to RDF triples; no I/O.

The store writes what :func:`article_triples` and :func:`entity_triples` return, and
:mod:`kg.rdf.read` turns the triples back into records.  Keeping the mapping apart
from the disk store means the round trip ``Relation -> triples -> Relation`` can be
tested on an in-memory graph, and it must be exact: the analysis stage rebuilds its
network from the records read back.

What an article's named graph holds:

- the article node: its own description (identifier, title, date, URL, publisher when
  the input names one, dateline), its content hash and the fingerprint of the extractor
  that read it, when known.  Where the article was read from (file and line) is *not*
  stored: the same article read from any file, alone or with others, makes the same graph;
- one plain triple ``subject predicate object`` per relation that is neither negated nor
  denied (a hedged claim is still asserted; only a contradicted one is not);
- one ``geokg:Claim`` node per relation mention, carrying its evidence and provenance.
"""

from __future__ import annotations

import datetime
import hashlib
import re
from collections.abc import Callable, Iterable
from typing import Any
from decimal import Decimal

# Namespaces are used through their modules, not imported by name: pytest's doctest finder
# probes every class in a module's namespace, and rdflib's DefinedNamespace warns on each probe.
import pyoxigraph as ox
from rdflib import namespace as ns
from rdflib.term import Literal, Node, URIRef

from kg import ids, vocab
from kg.modality import asserts
from kg.records import ACTOR_TYPES, ArticleResult, Entity, Relation
from kg.rdf.sparql import PREFIXES
from kg.vocab import relation_properties

__all__ = ["PREFIXES", "article_triples", "content_hash", "entity_triples", "merge_entities",
           "result_entities"]

Triple = tuple[URIRef, URIRef, Node]

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def content_hash(text: str) -> str:
    """SHA-256 of the article text in hex, how the store spots a changed article.

    >>> content_hash("abc")[:12]
    'ba7816bf8f01'
    """
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def date_literal(value: str) -> Literal:
    """An ``xsd:date`` when ``value`` is an ISO date, else a plain string (kept verbatim).

    >>> date_literal("2024-11-05").datatype == ns.XSD.date
    True
    >>> date_literal("5 Nov 2024").datatype == ns.XSD.string
    True
    """
    if ISO_DATE.fullmatch(value):
        try:
            datetime.date.fromisoformat(value)
            return Literal(value, datatype=ns.XSD.date)
        except ValueError:  # 2024-02-30: keep the text, not a broken xsd:date
            pass
    return Literal(value, datatype=ns.XSD.string)


def _string(value: str) -> Literal:
    return Literal(value, datatype=ns.XSD.string)


_ABSOLUTE_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]*")


def _source(url: str) -> Node:
    """A URL as an IRI when it is one, else as a string, so a bad URL never fails a write.

    >>> _source("https://example.org/a%20b"), _source("http://example.org/%zz")
    (rdflib.term.URIRef('https://example.org/a%20b'), rdflib.term.Literal('http://example.org/%zz', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#string')))
    """
    # (U+FFF0..U+FFFF, e.g. the replacement character of a mis-decoded URL, are not IRI characters)
    valid = _ABSOLUTE_IRI.fullmatch(url) and not any("\ufff0" <= ch <= "\uffff" for ch in url)
    if valid:
        try:
            ox.NamedNode(url)  # the store's own IRI check (percent escapes, ports, brackets)
        except ValueError:
            valid = None
    return URIRef(url) if valid else _string(url)


def entity_node(ent: Entity) -> URIRef:
    """The entity's IRI as a node, checked, so a bad IRI fails before anything is written.

    >>> entity_node(Entity("North Korea", "North Korea", "State"))
    Traceback (most recent call last):
    ...
    ValueError: entity 'North Korea' has IRI 'North Korea', which is not an absolute IRI; mint it with kg.ids (e.g. state_iri("PRK"))
    """
    if not _ABSOLUTE_IRI.fullmatch(ent.iri):
        raise ValueError(
            f"entity {ent.label!r} has IRI {ent.iri!r}, which is not an absolute IRI; "
            'mint it with kg.ids (e.g. state_iri("PRK"))'
        )
    return URIRef(ent.iri)


def _decimal(value: float) -> Literal:
    # repr() is the shortest text that reads back as the same float, so the round trip is exact.
    return Literal(Decimal(repr(float(value))), datatype=ns.XSD.decimal)


def claim_iri(rel: Relation) -> URIRef:
    """The IRI of the claim node for one relation mention."""
    return URIRef(
        ids.claim_iri(rel.doc, rel.subject.iri, rel.predicate, rel.object.iri, rel.evidence.start)
    )


def is_asserted(rel: Relation) -> bool:
    """Whether the relation's plain triple goes into the graph: not negated, not denied."""
    return not rel.negated and asserts(rel.modality)


def predicate_iri(local_name: str) -> URIRef:
    """The ontology property for ``Relation.predicate``; a typo fails here, not in a query.

    >>> predicate_iri("attacks").endswith("#attacks")
    True
    >>> predicate_iri("invades")
    Traceback (most recent call last):
    ...
    ValueError: unknown relation property 'invades'; use one of the ontology's properties, e.g. 'attacks'
    """
    info = relation_properties().get(local_name)
    if info is None:
        raise ValueError(
            f"unknown relation property {local_name!r}; use one of the ontology's "
            "properties, e.g. 'attacks'"
        )
    return URIRef(info.iri)


def article_triples(result: ArticleResult) -> list[Triple]:
    """Everything that goes into the article's named graph, in a stable order.

    Two relations with the same claim IRI (same article, triple and sentence start) are one
    claim; the one with the highest confidence is kept (ties: the first by rule name).
    """
    art = result.article
    node = URIRef(ids.article_iri(art.id))
    out: list[Triple] = [
        (node, ns.RDF.type, vocab.GEOKG.Article),
        (node, ns.DCTERMS.identifier, _string(art.id)),
        (node, vocab.GEOKG.contentHash, _string(content_hash(art.text))),
        *_present(node, [
            (vocab.GEOKG.extractorVersion, result.extractor, _string),
            (ns.DCTERMS.title, art.title, _string),
            (ns.DCTERMS.date, art.date, date_literal),
            (ns.DCTERMS.source, art.url, _source),
            (ns.DCTERMS.publisher, art.publisher, _string),
            (vocab.GEOKG.dateline, art.dateline, _string),
        ]),
    ]

    claims: dict[URIRef, Relation] = {}
    for rel in sorted(result.relations, key=lambda r: (-r.confidence, r.rule)):
        claims.setdefault(claim_iri(rel), rel)
    asserted: set[Triple] = set()
    for iri, rel in sorted(claims.items()):
        pred = predicate_iri(rel.predicate)
        if is_asserted(rel):
            asserted.add((entity_node(rel.subject), pred, entity_node(rel.object)))
        out.extend(_claim_triples(iri, rel, pred, node, result.extractor))
    out.extend(sorted(asserted))
    return out


def _present(node: URIRef, fields: list[tuple[URIRef, Any, Callable[[Any], Node]]]) -> list[Triple]:
    """``(node, property, as_term(value))`` for each optional field whose value is set."""
    return [(node, prop, as_term(value)) for prop, value, as_term in fields if value is not None]


def _claim_triples(iri: URIRef, rel: Relation, pred: URIRef, article: URIRef,
                   extractor: str | None) -> list[Triple]:
    out: list[Triple] = [
        (iri, ns.RDF.type, vocab.GEOKG.Claim),
        (iri, ns.RDF.subject, entity_node(rel.subject)),
        (iri, ns.RDF.predicate, pred),
        (iri, ns.RDF.object, entity_node(rel.object)),
        (iri, vocab.GEOKG.evidenceText, _string(rel.evidence.sentence)),
        (iri, vocab.GEOKG.startOffset, Literal(rel.evidence.start, datatype=ns.XSD.integer)),
        (iri, vocab.GEOKG.endOffset, Literal(rel.evidence.end, datatype=ns.XSD.integer)),
        (iri, vocab.GEOKG.rule, _string(rel.rule)),
        (iri, vocab.GEOKG.confidence, _decimal(rel.confidence)),
        (iri, vocab.GEOKG.modality, _string(rel.modality)),
        (iri, vocab.GEOKG.negated, _boolean(rel.negated)),
        (iri, ns.PROV.wasDerivedFrom, article),
        *_present(iri, [
            (vocab.GEOKG.extractorVersion, extractor, _string),
            (ns.PROV.wasAttributedTo, rel.attributed_to, entity_node),
            (vocab.GEOKG.role, rel.role, _string),
            (vocab.GEOKG.actor, rel.actor, entity_node),
            (ns.DCTERMS.date, rel.date, date_literal),
            (vocab.GEOKG.eventDate, rel.event_date, event_literal),
            (vocab.GEOKG.eventDatePrecision,
             None if rel.event_date is None else rel.event_precision or "", _string),
            (vocab.GEOKG.historical, True if rel.historical else None, _boolean),
        ]),
    ]
    return out


def _boolean(value: bool) -> Literal:
    return Literal(value, datatype=ns.XSD.boolean)


def event_literal(value: str) -> Literal:
    """An ISO prefix typed by its precision: ``1831`` xsd:gYear, ``1990-08`` xsd:gYearMonth,
    ``2022-02-24`` xsd:date.

    >>> event_literal("1990-08").datatype.endswith("gYearMonth")
    True
    """
    kind = {4: ns.XSD.gYear, 7: ns.XSD.gYearMonth}.get(len(value), ns.XSD.date)
    return Literal(value, datatype=kind)


def result_entities(result: ArticleResult) -> list[Entity]:
    """Every entity the article names: its entity list plus all referenced by relations."""
    found: list[Entity] = list(result.entities)
    for rel in result.relations:
        found.extend(e for e in (rel.subject, rel.object, rel.attributed_to, rel.actor) if e)
    for ent in found:
        entity_node(ent)
    return merge_entities(found)


def merge_entities(entities: Iterable[Entity]) -> list[Entity]:
    """One description per IRI, sorted by IRI, whatever order the inputs come in.

    Each field takes the smallest non-empty value seen, so merging is commutative and
    idempotent: ingesting articles in any order gives the same descriptions.  The label
    is one not written in capitals alone (a shouting headline's "JEFF SESSIONS" names no
    one better than "Jeff Sessions"), of the fewest words ("Donald Trump" before "Donald
    J. Trump"), the smallest of those; every other label and variant seen is kept as an
    alternative label.

    >>> a = Entity("x", "Kim Jong Un", "Person")
    >>> b = Entity("x", "Kim Jong-un", "Person", wikidata="Q56226", alt=("Kim",))
    >>> merge_entities([b, a]) == merge_entities([a, b]) == [Entity("x", "Kim Jong-un", "Person", None, "Q56226", ("Kim", "Kim Jong Un"))]
    True
    >>> merge_entities([Entity("y", "JEFF SESSIONS", "Person"), Entity("y", "Jeff Sessions", "Person")])[0].label
    'Jeff Sessions'
    """
    by_iri: dict[str, Entity] = {}
    for ent in entities:
        old = by_iri.get(ent.iri)
        by_iri[ent.iri] = ent if old is None else _merge(old, ent)
    return [by_iri[iri] for iri in sorted(by_iri)]


def _merge(a: Entity, b: Entity) -> Entity:
    def pick(x: str | None, y: str | None) -> str | None:
        values = [v for v in (x, y) if v]
        return min(values) if values else None

    labels = [v for v in (a.label, b.label) if v]
    label = min(labels, key=lambda v: (v.isupper() and len(v) > 5, len(v.split()), v)) if labels else ""
    return Entity(
        a.iri,
        label,
        pick(a.type, b.type) or "",
        pick(a.iso3, b.iso3),
        pick(a.wikidata, b.wikidata),
        tuple(sorted({*a.alt, *b.alt, *labels} - {label})),
        pick(a.state, b.state),
    )


def entity_triples(entities: Iterable[Entity]) -> list[Triple]:
    """Actor descriptions for the shared entities graph, in a stable order.

    >>> [str(o) for _, _, o in entity_triples([Entity("https://ex/x", "X", "Group")])][1]
    'X'
    """
    out: list[Triple] = []
    for ent in merge_entities(entities):
        node = entity_node(ent)
        if ent.type not in ACTOR_TYPES:
            raise ValueError(
                f"entity {ent.iri} has type {ent.type!r}; use one of {', '.join(ACTOR_TYPES)}"
            )
        out.append((node, ns.RDF.type, getattr(vocab.GEOKG, ent.type)))
        out.append((node, ns.RDFS.label, _string(ent.label)))
        out.extend((node, ns.SKOS.altLabel, _string(name)) for name in ent.alt)
        if ent.iso3:
            out.append((node, vocab.GEOKG.iso3, _string(ent.iso3)))
        if ent.wikidata:
            out.append((node, ns.OWL.sameAs, URIRef(ids.wikidata_iri(ent.wikidata))))
        if ent.state:
            out.append((node, vocab.GEOKG.state, URIRef(ids.state_iri(ent.state))))
    return out
