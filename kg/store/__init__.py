"""The store: articles' relations and claims as RDF in Oxigraph on disk.

:class:`Store` is the way in (open, ingest, query); :mod:`kg.store.rdf` maps records to
triples and :mod:`kg.store.read` triples back to records (both pure), :mod:`kg.store.lock`
enforces the one-writer rule.
"""

from kg.store.dataset import Store, StoreNotFound
from kg.store.lock import StoreError, StoreInUse
from kg.store.rdf import PREFIXES
from kg.store.read import entities_from_graph, relations_from_graph

__all__ = [
    "PREFIXES",
    "Store",
    "StoreError",
    "StoreInUse",
    "StoreNotFound",
    "entities_from_graph",
    "relations_from_graph",
]
