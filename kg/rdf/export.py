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
- ``gexf``: the same graph with time, for Gephi's timeline (:func:`gexf_bytes`): each
  edge lives on the days its claims happened, each actor on its edges' days;
- ``csv``: one row per claim (:data:`CSV_COLUMNS`, the shape of
  :func:`kg.records.relation_row` with the article's title and URL): actors by name and
  IRI, article date, event date, modality, speaker, rule.

>>> sorted(FORMATS)
['csv', 'gexf', 'graphml', 'jsonld', 'nq', 'trig', 'ttl']
"""

from __future__ import annotations

import calendar
import csv
import io
import json
from collections.abc import Iterable, Mapping
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
           "graphml": None, "gexf": None, "csv": None}

#: Formats of the signed actor graph, which :func:`kg.app.export` builds.
GRAPH_FORMATS = ("graphml", "gexf")

#: The columns of the CSV export, one row per claim: the article's title after its id,
#: its URL last.
CSV_COLUMNS = [RELATION_COLUMNS[0], "title", *RELATION_COLUMNS[1:], "url"]


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
    """The whole store in ``fmt`` (one of :data:`FORMATS` but :data:`GRAPH_FORMATS`), as bytes ready to write."""
    if fmt not in FORMATS or fmt in GRAPH_FORMATS:
        shown = f"{fmt} (through kg.app.export)" if fmt in GRAPH_FORMATS else repr(fmt)
        raise ValueError(f"unknown export format {shown}; use one of {', '.join(FORMATS)}")
    if fmt == "csv":
        return claims_csv(store.relations(), store.article_info()).encode("utf-8")
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


def claims_csv(relations: Iterable[Relation],
               articles: Mapping[str, Mapping[str, str | None]] | None = None) -> str:
    """One CSV row per claim (:data:`CSV_COLUMNS`): actors by name (``*_id``: IRIs), the
    property's local name, the article's title, date and URL (from ``articles``, by id),
    the event's date, the speaker (``attributed_to``) and the rule.

    >>> from kg.records import Entity, Evidence
    >>> a, b = Entity("https://ex/a", "A", "State"), Entity("https://ex/b", "B", "State")
    >>> rel = Relation("d1", a, "attacks", b, Evidence("A attacked B.", 0, 13), "svo", confidence=0.8,
    ...                date="2024-11-05")
    >>> print(claims_csv([rel], {"d1": {"title": "A and B", "url": "https://ex/d1"}}))
    doc,title,date,event_date,event_precision,historical,subject,predicate,object,modality,negated,confidence,attributed_to,rule,sentence,start,end,actor,role,subject_id,object_id,url
    d1,A and B,2024-11-05,,,false,A,attacks,B,asserted,false,0.8,,svo,A attacked B.,0,13,,,https://ex/a,https://ex/b,https://ex/d1
    <BLANKLINE>
    """
    articles = articles or {}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for rel in relations:
        article = articles.get(rel.doc) or {}
        row = {**relation_row(rel), "title": article.get("title"), "url": article.get("url")}
        row["negated"] = "true" if rel.negated else "false"
        row["historical"] = "true" if rel.historical else "false"
        row["confidence"] = repr(float(rel.confidence))
        writer.writerow(["" if row[c] is None else row[c] for c in CSV_COLUMNS])
    return out.getvalue()


def gexf_bytes(G: nx.Graph) -> bytes:
    """GEXF 1.2 text of ``G`` with time (:func:`gexf_ready`), which Gephi's timeline reads."""
    buffer = io.BytesIO()
    nx.write_gexf(gexf_ready(G), buffer, encoding="utf-8")
    return buffer.getvalue()


def gexf_ready(G: nx.Graph) -> nx.Graph:
    """:func:`graphml_ready`, plus ``spells``: the days each edge's claims happened (the
    event's date where the text gives one, else the article's; a year or month covers all
    its days) and, for each actor, the days of its edges, overlapping spells merged.

    >>> G = nx.Graph()
    >>> G.add_edge("a", "b", weight=-0.5, evidence=[{"date": "2024-11-05"}, {"date": "2024-11-20", "event_date": "2024"}])
    >>> G.add_edge("b", "c", weight=0.2, evidence=[{"date": "2025-01-10"}])
    >>> H = gexf_ready(G)
    >>> H.edges["a", "b"]["spells"], H.nodes["b"]["spells"]
    ([('2024-01-01', '2024-12-31')], [('2024-01-01', '2024-12-31'), ('2025-01-10', '2025-01-10')])
    """
    H = graphml_ready(G)
    days: dict[Any, list[tuple[str, str]]] = {n: [] for n in G}
    for u, v, d in G.edges(data=True):
        spells = merge_spells(spell(item.get("event_date") or item.get("date")) for item in d.get("evidence") or [])
        if spells:
            H.edges[u, v]["spells"] = spells
            days[u].extend(spells)
            days[v].extend(spells)
    for node, spells in days.items():
        if spells:
            H.nodes[node]["spells"] = merge_spells(spells)
    return H


def spell(when: str | None) -> tuple[str, str] | None:
    """The days an ISO date or prefix covers, first and last; ``None`` for no date.

    >>> spell("2024"), spell("2024-02"), spell("2024-02-03T10:00:00")
    (('2024-01-01', '2024-12-31'), ('2024-02-01', '2024-02-29'), ('2024-02-03', '2024-02-03'))
    """
    if not when:
        return None
    if len(when) == 4:
        return f"{when}-01-01", f"{when}-12-31"
    if len(when) == 7:
        year, month = int(when[:4]), int(when[5:7])
        return f"{when}-01", f"{when}-{calendar.monthrange(year, month)[1]:02d}"
    return when[:10], when[:10]


def merge_spells(spells: Iterable[tuple[str, str] | None]) -> list[tuple[str, str]]:
    """Sorted intervals with overlapping ones joined (Gephi refuses overlapping spells).

    >>> merge_spells([("2024-01-05", "2024-01-05"), None, ("2024-01-01", "2024-12-31"), ("2025-01-01", "2025-01-01")])
    [('2024-01-01', '2024-12-31'), ('2025-01-01', '2025-01-01')]
    """
    merged: list[tuple[str, str]] = []
    for start, end in sorted(s for s in spells if s):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
