"""Write graphs out: extraction results as RDF, and a whole store in six formats.

:func:`results_to_dataset` serves ``kg extract --format ttl``: the same mapping as the
store (:mod:`kg.rdf.mapping`), one named graph per article and the actors in the shared
entities graph, so a file written here loads into any quad store.

:func:`export_store` serves ``kg export``, for a store on disk or on a server alike
(the ``graphml`` format gets its graph from :func:`kg.app.export`, which builds it):

- ``ttl``: the union of the data graphs as one Turtle graph (no ontology);
- ``trig`` / ``nq``: every named graph, the ontology's included, so loading the file into
  an empty quad store gives the same dataset;
- ``jsonld``: the same named graphs as JSON-LD (rdflib's writer);
- ``graphml``: the signed actor graph (:func:`graphml_bytes`; with the structural
  represents/leads/memberOf edges), list and dict attributes as JSON text;
- ``csv``: one row per claim (:data:`CSV_COLUMNS`, the shape of
  :func:`kg.records.relation_row`): actors by name and IRI, date, speaker, rule.

>>> sorted(FORMATS)
['csv', 'graphml', 'jsonld', 'nq', 'trig', 'ttl']
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import networkx as nx
import rdflib
from rdflib import URIRef

from kg import ids
from kg.records import RELATION_COLUMNS, ArticleResult, Relation, relation_row
from kg.rdf.sparql import PREFIXES
from kg.rdf.mapping import article_triples, entity_triples, merge_entities, result_entities

if TYPE_CHECKING:  # a store is passed in, never imported: export sits below the store
    from kg.store import GraphStore

#: ``kg export`` formats and the rdflib serialiser behind the RDF ones.
FORMATS = {"ttl": "turtle", "trig": "trig", "nq": "nquads", "jsonld": "json-ld",
           "graphml": None, "csv": None}

#: The columns of the CSV export, one row per claim.
CSV_COLUMNS = list(RELATION_COLUMNS)


def results_to_dataset(results: Iterable[ArticleResult]) -> rdflib.Dataset:
    ds = rdflib.Dataset()
    for prefix, namespace in PREFIXES.items():
        ds.bind(prefix, namespace)
    entities = []
    for result in results:
        graph = ds.graph(URIRef(ids.article_graph(result.article.id)))
        for triple in article_triples(result):
            graph.add(triple)
        entities.extend(result_entities(result))
    shared = ds.graph(URIRef(ids.ENTITIES_GRAPH))
    for triple in entity_triples(merge_entities(entities)):
        shared.add(triple)
    return ds


def export_store(store: GraphStore, fmt: str) -> bytes:
    """The whole store in ``fmt`` (one of :data:`FORMATS` but ``graphml``), as bytes ready to write."""
    if fmt not in FORMATS or fmt == "graphml":
        shown = "graphml (through kg.app.export)" if fmt == "graphml" else repr(fmt)
        raise ValueError(f"unknown export format {shown}; use one of {', '.join(FORMATS)}")
    if fmt == "csv":
        return claims_csv(store.relations()).encode("utf-8")
    if fmt == "ttl":
        union = rdflib.Graph()
        for prefix, namespace in PREFIXES.items():
            union.bind(prefix, namespace)
        for s, p, o, _g in store.quads(ontology=False):
            union.add((s, p, o))
        return union.serialize(format="turtle", encoding="utf-8")
    return store.snapshot().serialize(format=FORMATS[fmt] or fmt, encoding="utf-8")


def graphml_ready(G: nx.Graph) -> nx.Graph:
    """A copy GraphML can hold: lists and dicts as JSON text, ``None`` values left out.

    >>> G = nx.Graph()
    >>> G.add_edge("a", "b", relations=["attacks"], first_seen=None, weight=-0.5)
    >>> graphml_ready(G).edges["a", "b"]
    {'relations': '["attacks"]', 'weight': -0.5}
    """
    H = G.__class__()
    H.graph.update(_plain(G.graph))
    H.add_nodes_from((n, _plain(d)) for n, d in G.nodes(data=True))
    H.add_edges_from((u, v, _plain(d)) for u, v, d in G.edges(data=True))
    return H


def _plain(attrs: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in attrs.items():
        if value is None:
            continue
        if isinstance(value, (list, tuple, dict, set)):
            value = json.dumps(sorted(value) if isinstance(value, set) else value,
                               ensure_ascii=False, default=str)
        elif not isinstance(value, (str, int, float, bool)):
            value = str(value)
        out[key] = value
    return out


def graphml_bytes(G: nx.Graph) -> bytes:
    """GraphML text of ``G`` after :func:`graphml_ready`."""
    buffer = io.BytesIO()
    nx.write_graphml(graphml_ready(G), buffer, encoding="utf-8")
    return buffer.getvalue()


def claims_csv(relations: Iterable[Relation]) -> str:
    """One CSV row per claim (:data:`CSV_COLUMNS`): actors by name (``*_id``: IRIs), the
    property's local name, the article's date and the event's, the speaker
    (``attributed_to``) and the rule.

    >>> from kg.records import Entity, Evidence
    >>> a, b = Entity("https://ex/a", "A", "State"), Entity("https://ex/b", "B", "State")
    >>> rel = Relation("d1", a, "attacks", b, Evidence("A attacked B.", 0, 13), "svo", confidence=0.8,
    ...                date="2024-11-05")
    >>> print(claims_csv([rel]))
    doc,date,event_date,event_precision,historical,subject,predicate,object,modality,negated,confidence,attributed_to,rule,sentence,start,end,actor,role,subject_id,object_id
    d1,2024-11-05,,,false,A,attacks,B,asserted,false,0.8,,svo,A attacked B.,0,13,,,https://ex/a,https://ex/b
    <BLANKLINE>
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for rel in relations:
        row = relation_row(rel)
        row["negated"] = "true" if rel.negated else "false"
        row["historical"] = "true" if rel.historical else "false"
        row["confidence"] = repr(float(rel.confidence))
        writer.writerow(["" if row[c] is None else row[c] for c in CSV_COLUMNS])
    return out.getvalue()
