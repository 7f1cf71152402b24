"""The knowledge graph on disk: an Oxigraph store behind an rdflib ``Dataset``.

Layout of a store directory::

    <store>/oxigraph/        the Oxigraph (RocksDB) database
    <store>/kg.lock          the process lock (see :mod:`kg.store.lock`)
    <store>/ontology.sha256  digest of the ontology last loaded into the ontology graph

Graphs: one named graph per article (its node, plain triples and claims, see
:mod:`kg.store.rdf`), the shared actor descriptions in ``ENTITIES_GRAPH`` and the ontology
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
:func:`kg.store.rdf.merge_entities`) and *stay* when an article is removed or replaced:
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
import hashlib
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from types import TracebackType
from typing import Any

import pyoxigraph as ox
import rdflib
from oxrdflib.store import OxigraphStore
from rdflib.query import Result
from rdflib.term import Node, Variable

import kg
from kg import ids
from kg.records import ACTOR_TYPES, ArticleResult, Entity, Relation
from kg.resources import ontology_path
from kg.store import rdf, read
from kg.store.lock import StoreError, StoreLock
from kg import vocab
from kg.vocab import relation_properties

DATA_DIR = "oxigraph"
ONTOLOGY_MARK = "ontology.sha256"

_HASH = ox.NamedNode(str(vocab.GEOKG.contentHash))
_VERSION = ox.NamedNode(str(vocab.GEOKG.extractorVersion))


class StoreNotFound(StoreError, FileNotFoundError):
    """A read-only open of a directory that holds no store."""


class Store:
    """A geokg knowledge graph on disk; open it with :meth:`Store.open`."""

    def __init__(self, path: Path, inner: ox.Store, lock: StoreLock, read_only: bool) -> None:
        self.path = path
        self.read_only = read_only
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

    def _sync_ontology(self) -> None:
        """Load the ontology into its graph when it is missing or the file changed."""
        source = ontology_path()
        if not source.exists():
            return
        digest = hashlib.sha256(source.read_bytes()).hexdigest()
        mark = self.path / ONTOLOGY_MARK
        graph = ox.NamedNode(ids.ONTOLOGY_GRAPH)
        inner = self._writable()
        if mark.exists() and mark.read_text().strip() == digest and inner.contains_named_graph(graph):
            return
        triples = ox.parse(path=str(source), format=ox.RdfFormat.TURTLE)
        body = "\n".join(f"{t} ." for t in triples)
        inner.update(f"DROP SILENT GRAPH {graph} ;\nINSERT DATA {{ GRAPH {graph} {{\n{body}\n}} }}")
        mark.write_text(digest + "\n")

    # -- writing ---------------------------------------------------------------------------

    def ingest(self, result: ArticleResult) -> str:
        """Store one article's results: ``"added"``, ``"unchanged"`` or ``"replaced"``.

        An article already stored with the same text hash and extractor version is left
        as it is (even if ``result`` differs otherwise); else its graph is dropped and
        rewritten, and its actors merged into the entities graph, in one transaction.
        """
        inner = self._writable()
        art = result.article
        stored = self._article_meta(art.id)
        if stored == (rdf.content_hash(art.text), kg.__version__):
            return "unchanged"
        graph = ox.NamedNode(ids.article_graph(art.id))
        mentioned = rdf.result_entities(result)
        known = read.entities_from_graph(self.dataset, iris=[e.iri for e in mentioned])
        merged = rdf.merge_entities([*known.values(), *mentioned])
        changed = [e for e in merged if known.get(e.iri) != e]
        parts = [f"DROP SILENT GRAPH {graph}"]
        entities = ox.NamedNode(ids.ENTITIES_GRAPH)
        if changed:
            values = " ".join(str(ox.NamedNode(e.iri)) for e in changed)
            parts.append(
                f"DELETE {{ GRAPH {entities} {{ ?e ?p ?o }} }} "
                f"WHERE {{ GRAPH {entities} {{ VALUES ?e {{ {values} }} ?e ?p ?o }} }}"
            )
        data = f"GRAPH {graph} {{\n{_ntriples(rdf.article_triples(result))}\n}}"
        if changed:
            data += f"\nGRAPH {entities} {{\n{_ntriples(rdf.entity_triples(changed))}\n}}"
        parts.append(f"INSERT DATA {{\n{data}\n}}")
        inner.update(" ;\n".join(parts))
        return "added" if stored is None else "replaced"

    def remove(self, article_id: str) -> bool:
        """Drop an article's graph (its node, triples and claims); ``False`` if absent."""
        inner = self._writable()
        if self._article_meta(article_id) is None:
            return False
        inner.update(f"DROP GRAPH {ox.NamedNode(ids.article_graph(article_id))}")
        return True

    # -- reading ---------------------------------------------------------------------------

    def _article_meta(self, article_id: str) -> tuple[str, str | None] | None:
        inner = self._inner()
        node = ox.NamedNode(ids.article_iri(article_id))
        graph = ox.NamedNode(ids.article_graph(article_id))
        hashes = [q.object.value for q in inner.quads_for_pattern(node, _HASH, None, graph)]
        if not hashes:
            return None
        versions = [q.object.value for q in inner.quads_for_pattern(node, _VERSION, None, graph)]
        return hashes[0], (versions[0] if versions else None)

    def has_article(self, article_id: str) -> bool:
        """Whether the article is stored."""
        return self._article_meta(article_id) is not None

    def article_hash(self, article_id: str) -> str | None:
        """SHA-256 of the stored article's text, or ``None`` when it is not stored."""
        meta = self._article_meta(article_id)
        return meta[0] if meta else None

    def is_current(self, article_id: str, text: str) -> bool:
        """Whether ingesting this text would be ``"unchanged"``: same hash, same extractor.

        Lets a caller skip parsing an article the store already holds as it would be now.
        """
        return self._article_meta(article_id) == (rdf.content_hash(text), kg.__version__)

    def articles(self) -> list[str]:
        """Ids of the stored articles, sorted."""
        rows = self.query("SELECT DISTINCT ?id WHERE { ?a a geokg:Article ; dct:identifier ?id }")
        return sorted(str(row[0]) for row in rows)  # type: ignore[index]

    def relations(self, since: str | None = None, until: str | None = None) -> Iterator[Relation]:
        """Every stored claim as a :class:`Relation`, optionally within ISO dates (inclusive)."""
        return read.relations_from_graph(self.dataset, since, until)

    def entities(self) -> list[Entity]:
        """Every actor description, sorted by IRI."""
        return list(read.entities_from_graph(self.dataset).values())

    def stats(self) -> dict[str, Any]:
        """Counts: articles, claims, actors by type, plain relations and claims by property.

        A relation counts once per article asserting it; a claim once per mention.
        """
        props = " ".join(f"<{info.iri}>" for info in relation_properties().values())
        counts = {
            "articles": "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a geokg:Article }",
            "claims": "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a geokg:Claim }",
        }
        out: dict[str, Any] = {k: int(next(iter(self.query(q)))[0]) for k, q in counts.items()}  # type: ignore[index]
        actors = self._grouped(
            f"SELECT ?k (COUNT(DISTINCT ?e) AS ?n) WHERE {{ GRAPH <{ids.ENTITIES_GRAPH}> {{ ?e a ?k }} }} GROUP BY ?k"
        )
        out["actors"] = {t: actors.get(t, 0) for t in ACTOR_TYPES}
        out["relations"] = self._grouped(
            f"SELECT ?k (COUNT(*) AS ?n) WHERE {{ VALUES ?k {{ {props} }} "
            f"GRAPH ?g {{ ?s ?k ?o }} FILTER(?g != <{ids.ONTOLOGY_GRAPH}>) }} GROUP BY ?k"
        )
        out["claims_by_property"] = self._grouped(
            "SELECT ?k (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a geokg:Claim ; rdf:predicate ?k } GROUP BY ?k"
        )
        return out

    def _grouped(self, sparql: str) -> dict[str, int]:
        rows = self.query(sparql)
        return {str(k)[len(ids.ONTOLOGY) :]: int(n) for k, n in sorted(rows)}  # type: ignore[misc]

    def query(self, sparql: str, bindings: Mapping[str, Node] | None = None) -> Result:
        """Run SPARQL on Oxigraph over the union of all graphs; the usual prefixes are predefined.

        ``bindings`` (variable name -> term) are substituted for those variables before
        the query runs.
        """
        init = {Variable(str(k)): v for k, v in (bindings or {}).items()}
        return self.dataset.query(sparql, initNs=rdf.PREFIXES, initBindings=init)


def _ntriples(triples: Iterable[tuple[Any, Any, Any]]) -> str:
    """N-Triples lines for an ``INSERT DATA`` block, written by Oxigraph's own serialiser."""
    return "\n".join(f"{ox.Triple(*(_to_ox(t) for t in triple))} ." for triple in triples)


def _to_ox(term: Any) -> Any:
    if isinstance(term, rdflib.URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, rdflib.Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        datatype = str(term.datatype) if term.datatype else str(rdflib.XSD.string)
        return ox.Literal(str(term), datatype=ox.NamedNode(datatype))
    raise TypeError(f"cannot store {term!r}: the store writes IRIs and literals only")
