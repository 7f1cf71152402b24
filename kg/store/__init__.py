"""The store: articles' relations and claims as RDF in Oxigraph on disk.

:class:`Store` is the way in (open, ingest, query); :mod:`kg.rdf.mapping` maps records to
triples and :mod:`kg.rdf.read` triples back to records (both pure), :mod:`kg.store.lock`
enforces the one-writer rule.  :class:`RemoteStore` does the same on a SPARQL 1.1 server;
:func:`open_store` picks one by the ``--store`` value.
"""

from __future__ import annotations

import os

from kg.store.base import GraphStore
from kg.store.dataset import Store
from kg.store.errors import StoreError, StoreInUse, StoreNotFound
from kg.rdf.mapping import PREFIXES
from kg.rdf.read import entities_from_graph, relations_from_graph
from kg.store.remote import RemoteStore, is_url


#: Where the store lives unless ``--store`` or ``KG_STORE`` says otherwise.
DEFAULT_STORE = "kg-data"


def default_store() -> str:
    """The store used when none is named: ``KG_STORE``, else ``./kg-data``."""
    return os.environ.get("KG_STORE") or DEFAULT_STORE


def open_store(spec: str | None = None, *, read_only: bool = False) -> Store | RemoteStore:
    """Open the store ``spec`` names: an ``http(s)://`` URL is a SPARQL server, else a directory.

    ``None`` is :func:`default_store`.

    >>> import tempfile, os
    >>> with open_store(os.path.join(tempfile.mkdtemp(), "kg-data")) as store:
    ...     type(store).__name__
    'Store'
    """
    spec = spec or default_store()
    if is_url(spec):
        return RemoteStore.open(spec, read_only=read_only)
    return Store.open(spec, read_only=read_only)


__all__ = [
    "PREFIXES",
    "GraphStore",
    "RemoteStore",
    "Store",
    "StoreError",
    "StoreInUse",
    "StoreNotFound",
    "default_store",
    "entities_from_graph",
    "open_store",
    "relations_from_graph",
]
