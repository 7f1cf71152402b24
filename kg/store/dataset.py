"""The knowledge graph on disk: an Oxigraph store behind an rdflib ``Dataset``.

Layout of a store directory::

    <store>/oxigraph/        the Oxigraph (RocksDB) database
    <store>/kg.lock          the process lock (see :mod:`kg.store.lock`)
    <store>/ontology.sha256  digest of the ontology last loaded into the ontology graph

Graphs: one named graph per article (its node, plain triples and claims, see
:mod:`kg.rdf.mapping`), the shared actor descriptions in ``ENTITIES_GRAPH`` and the ontology
in ``ONTOLOGY_GRAPH``.  SPARQL sees the union of all graphs as its default graph, so
``SELECT ?s ?o WHERE { ?s geokg:sendsTroopsTo ?o }`` needs no ``GRAPH`` clause (an edge
asserted by two articles comes back twice; use ``DISTINCT`` to fold them).  Queries run
on Oxigraph's own engine through oxrdflib, never on rdflib's much slower one.

What a write guarantees: :meth:`Store.ingest` and :meth:`Store.remove` each send one
SPARQL update, which Oxigraph applies as a single transaction, so a crash leaves either
the old article or the new one, never half of it, and the entity descriptions change in
the same transaction.  A finished write survives the process crashing (RocksDB's log);
after a power cut the last writes may be lost, still whole.

Actor descriptions are merged across articles (each field keeps its smallest value, see
:func:`kg.rdf.mapping.merge_entities`) and *stay* when an article is removed or replaced:
they describe actors, not articles, and dropping them would need every article's
mentions.  So :meth:`Store.entities` may list actors no remaining article mentions.

>>> import tempfile
>>> from kg.records import Article, ArticleResult
>>> with Store.open(Path(tempfile.mkdtemp()) / "kg-data") as store:
...     store.ingest(ArticleResult(Article("a1", "Nothing happened today.")))
...     store.ingest(ArticleResult(Article("a1", "Nothing happened today.")))
...     store.articles()
'added'
'unchanged'
['a1']
"""

from __future__ import annotations

import gc
from pathlib import Path
from types import TracebackType

import pyoxigraph as ox
import rdflib
from oxrdflib.store import OxigraphStore
from rdflib.query import Result

from kg import ids, vocab
from kg.rdf import mapping as rdf
from kg.rdf.sparql import PREFIXES
from kg.store.base import MIXED, GraphStore, ontology_update
from kg.store.errors import StoreError, StoreNotFound
from kg.store.lock import StoreLock

DATA_DIR = "oxigraph"
ONTOLOGY_MARK = "ontology.sha256"

_HASH = ox.NamedNode(str(vocab.GEOKG.contentHash))
_VERSION = ox.NamedNode(str(vocab.GEOKG.extractorVersion))


class Store(GraphStore):
    """A geokg knowledge graph on disk; open it with :meth:`Store.open`.

    Ingest, remove, stats and the read-back of records come from
    :class:`~kg.store.base.GraphStore`, shared with the remote store.
    """

    def __init__(self, path: Path, inner: ox.Store, lock: StoreLock, read_only: bool) -> None:
        self.path = path
        self.shown = str(path)
        self.read_only = read_only
        self.exclusive = not read_only  # the lock keeps every other writer out
        self._ox: ox.Store | None = inner
        self._lock = lock
        self._dataset = rdflib.Dataset(store=OxigraphStore(store=inner), default_union=True)

    # -- opening and closing ------------------------------------------------------------

    @classmethod
    def open(cls, path: str | Path, *, read_only: bool = False) -> Store:
        """Open (and for writing, create) the store in directory ``path``.

        Raises :class:`StoreInUse` when another process holds it, :class:`StoreNotFound`
        for a read-only open of a missing store, :class:`StoreError` for a path that is
        not a store directory.
        """
        shown = str(path)
        root = Path(path)
        data = root / DATA_DIR
        if root.exists() and not root.is_dir():
            raise StoreError(f"store {shown} is a file, not a directory; give a directory for --store")
        if read_only and not data.is_dir():
            raise StoreNotFound(
                f"no geokg store at {shown}; check the path, or ingest articles into it first"
            )
        if not read_only:
            if root.is_dir() and not data.is_dir() and any(root.iterdir()):
                raise StoreError(
                    f"{shown} is not a geokg store (it holds other files); "
                    "give a new or empty directory for --store"
                )
            root.mkdir(parents=True, exist_ok=True)
        lock = StoreLock(root, exclusive=not read_only, shown_as=shown).acquire()
        try:
            inner = ox.Store.read_only(str(data)) if read_only else ox.Store(str(data))
        except OSError as err:
            lock.release()
            if "lock" in str(err).lower():
                # We hold the kg lock, so the database is held by this very process (a
                # store not closed, or a query result still alive) or by a non-kg program.
                raise StoreError(
                    f"store {shown} is still open, in this process or another program; "
                    "close the other Store (and finish its query results) first"
                ) from err
            raise StoreError(f"cannot open store {shown} ({err}); check the path and its permissions") from err
        store = cls(root, inner, lock, read_only)
        if not read_only:
            store._sync_ontology()
        return store

    def close(self) -> None:
        """Close the database and release the lock; safe to call twice."""
        if self._ox is not None:
            self._dataset.close()
            self._ox = None
            # Query results can keep the database alive through reference cycles; collect
            # them now so RocksDB lets go of its files before the lock is released.
            gc.collect()
        self._lock.release()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @property
    def dataset(self) -> rdflib.Dataset:
        """The rdflib view (default graph = union of all graphs) for library users."""
        self._inner()
        return self._dataset

    def _inner(self) -> ox.Store:
        if self._ox is None:
            raise StoreError(f"store {self.path} is closed; open it again with Store.open")
        return self._ox

    def _writable(self) -> ox.Store:
        inner = self._inner()
        if self.read_only:
            raise StoreError(f"store {self.path} was opened read-only; open it without read_only to change it")
        return inner

    @property
    def oxigraph(self) -> ox.Store:
        """The pyoxigraph store itself, for running SPARQL on Oxigraph directly (``kg serve``)."""
        return self._inner()

    def _sync_ontology(self) -> None:
        """Load the ontology into its graph when it is missing or the file changed."""
        loaded = ontology_update()
        if loaded is None:
            return
        digest, update = loaded
        mark = self.path / ONTOLOGY_MARK
        inner = self._writable()
        graph = ox.NamedNode(ids.ONTOLOGY_GRAPH)
        if mark.exists() and mark.read_text().strip() == digest and inner.contains_named_graph(graph):
            return
        inner.update(update)
        mark.write_text(digest + "\n")

    # -- the primitives GraphStore builds on ----------------------------------------------

    def _update(self, sparql: str) -> None:
        self._writable().update(sparql)

    def _article_meta(self, article_id: str) -> tuple[str, str | None] | None:
        # Direct pattern lookups: cheaper than a SPARQL query, and run once per article.
        inner = self._inner()
        node = ox.NamedNode(ids.article_iri(article_id))
        graph = ox.NamedNode(ids.article_graph(article_id))
        hashes = {str(getattr(q.object, "value", q.object))
                  for q in inner.quads_for_pattern(node, _HASH, None, graph)}
        if not hashes:
            return None
        versions = {str(getattr(q.object, "value", q.object))
                    for q in inner.quads_for_pattern(node, _VERSION, None, graph)}
        if len(hashes) > 1 or len(versions) > 1:
            return MIXED
        return hashes.pop(), (versions.pop() if versions else None)

    def query(self, sparql: str) -> Result:
        """Run SPARQL on Oxigraph over the union of all graphs; the usual prefixes are predefined.

        Values go into the text with :func:`kg.rdf.sparql.term` or a :class:`kg.rdf.sparql.Query`.
        """
        return self.dataset.query(sparql, initNs=PREFIXES)
