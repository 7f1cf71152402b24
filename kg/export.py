"""Extraction results as an in-memory RDF dataset, for ``kg extract --format ttl``.

The same mapping as the store (:mod:`kg.store.rdf`): one named graph per article and the
actors in the shared entities graph, so a file written here loads into any quad store.
"""

from __future__ import annotations

from collections.abc import Iterable

import rdflib
from rdflib import URIRef

from kg import ids
from kg.records import ArticleResult
from kg.store.rdf import PREFIXES, article_triples, entity_triples, merge_entities, result_entities


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
