"""What every geokg store does, written once over two primitives: a query and an update.

:class:`~kg.store.Store` (Oxigraph on disk) and :class:`~kg.store.RemoteStore` (a SPARQL
1.1 server over HTTP) differ only in how a SPARQL query or update reaches the data.  The
per-article ingest (drop the article's graph and insert its new triples in *one* update
request, merging actor descriptions in the same request), removal, the article hash
check, the statistics and the read-back of claims are the same SPARQL on both, so they
live here and the two classes supply :meth:`GraphStore.query` and
:meth:`GraphStore._update`.

>>> update_text = ingest_update("https://w3id.org/geokg/graph/a1", [], [])
>>> update_text.splitlines()[0]
'DROP SILENT GRAPH <https://w3id.org/geokg/graph/a1> ;'
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Mapping
from types import TracebackType
from typing import Any

import pyoxigraph as ox
import rdflib
from rdflib.query import Result
from rdflib.term import Node

import kg
from kg import ids, vocab
from kg.records import ACTOR_TYPES, ArticleResult, Entity, Relation
from kg.resources import ontology_path
from kg.store import rdf, read
from kg.store.lock import StoreError
from kg.vocab import relation_properties

_STATS_COUNTS = {
    "articles": "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a geokg:Article }",
    "claims": "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a geokg:Claim }",
}

#: Every quad of every named graph (the store's default graph is kept empty).
QUADS_QUERY = "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"


def _node(iri: str) -> str:
    return str(ox.NamedNode(iri))


#: What ``_article_meta`` gives for a graph holding more than one version of its article (a
#: store written by two builds at once before every write replaced its graph): it
#: matches no text, so the article is parsed again and its graph replaced whole.
MIXED = ("mixed versions", None)


def article_meta_query(article_id: str) -> str:
    """SPARQL for a stored article's content hash and extractor version (two rows: mixed)."""
    node, graph = _node(ids.article_iri(article_id)), _node(ids.article_graph(article_id))
    return (
        f"SELECT DISTINCT ?hash ?version WHERE {{ GRAPH {graph} {{ {node} <{vocab.GEOKG.contentHash}> ?hash "
        f"OPTIONAL {{ {node} <{vocab.GEOKG.extractorVersion}> ?version }} }} }} LIMIT 2"
    )


def one_version(metas: list[tuple[str, str | None]]) -> tuple[str, str | None] | None:
    """The article's ``(hash, version)``: ``None`` if not stored, :data:`MIXED` if several.

    >>> one_version([]), one_version([("h", "1")]), one_version([("h", "1"), ("g", "1")]) == MIXED
    (None, ('h', '1'), True)
    """
    if not metas:
        return None
    return metas[0] if len(set(metas)) == 1 else MIXED


def ingest_update(graph: str, triples: Iterable[tuple[Any, Any, Any]],
                  changed: list[Entity]) -> str:
    """One SPARQL update that replaces an article's graph and rewrites changed actors."""
    node, entities = _node(graph), _node(ids.ENTITIES_GRAPH)
    parts = [f"DROP SILENT GRAPH {node}"]
    if changed:
        values = " ".join(_node(e.iri) for e in changed)
        parts.append(
            f"DELETE {{ GRAPH {entities} {{ ?e ?p ?o }} }} "
            f"WHERE {{ GRAPH {entities} {{ VALUES ?e {{ {values} }} ?e ?p ?o }} }}"
        )
    data = f"GRAPH {node} {{\n{ntriples(triples)}\n}}"
    if changed:
        data += f"\nGRAPH {entities} {{\n{ntriples(rdf.entity_triples(changed))}\n}}"
    parts.append(f"INSERT DATA {{\n{data}\n}}")
    return " ;\n".join(parts)


def ontology_update(extra: str = "") -> tuple[str, str] | None:
    """``(digest, update)`` that (re)loads the ontology graph; ``None`` without the file.

    ``extra`` (N-Triples lines) goes into the ontology graph too; the remote store uses it
    to record the digest, as it has no directory for a mark file.
    """
    source = ontology_path()
    if not source.exists():
        return None
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    graph = _node(ids.ONTOLOGY_GRAPH)
    triples = ox.parse(path=str(source), format=ox.RdfFormat.TURTLE)
    body = "\n".join(f"{t} ." for t in triples)
    return digest, f"DROP SILENT GRAPH {graph} ;\nINSERT DATA {{ GRAPH {graph} {{\n{body}\n{extra}\n}} }}"


def ntriples(triples: Iterable[tuple[Any, Any, Any]]) -> str:
    """N-Triples lines for an ``INSERT DATA`` block, written by Oxigraph's own serialiser.

    >>> from rdflib import URIRef, Literal
    >>> ntriples([(URIRef("https://ex/a"), URIRef("https://ex/p"), Literal("x"))])
    '<https://ex/a> <https://ex/p> "x" .'
    """
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


class GraphStore:
    """The shared behaviour; subclasses provide ``query``, ``_update`` and ``close``."""

    read_only: bool = False

    #: Whether this handle is the only writer (a store on disk holds its lock); a SPARQL
    #: server may have other writers at the same time.
    exclusive: bool = False

    #: How the store is named in messages (a directory or a URL).
    shown: str = ""

    # -- primitives ----------------------------------------------------------------------

    def query(self, sparql: str, bindings: Mapping[str, Node] | None = None) -> Result:
        raise NotImplementedError

    def _update(self, sparql: str) -> None:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def _check_writable(self) -> None:
        if self.read_only:
            raise StoreError(f"store {self.shown} was opened read-only; open it without read_only to change it")

    # -- writing ---------------------------------------------------------------------------

    def ingest(self, result: ArticleResult) -> str:
        """Store one article's results: ``"added"``, ``"unchanged"`` or ``"replaced"``.

        An article already stored with the same text hash and extractor version is left
        as it is (even if ``result`` differs otherwise); else its graph is dropped and
        rewritten, and its actors merged into the entities graph, in one update request
        (one transaction on Oxigraph).
        """
        self._check_writable()
        art = result.article
        stored = self._article_meta(art.id)
        if stored == (rdf.content_hash(art.text), kg.__version__):
            return "unchanged"
        mentioned = rdf.result_entities(result)
        known = read.entities_from_graph(self, iris=[e.iri for e in mentioned])  # type: ignore[arg-type]
        merged = rdf.merge_entities([*known.values(), *mentioned])
        changed = [e for e in merged if known.get(e.iri) != e]
        self._update(ingest_update(ids.article_graph(art.id), rdf.article_triples(result), changed))
        return "added" if stored is None else "replaced"

    def remove(self, article_id: str) -> bool:
        """Drop an article's graph (its node, triples and claims); ``False`` if absent."""
        self._check_writable()
        if self._article_meta(article_id) is None:
            return False
        self._update(f"DROP GRAPH {_node(ids.article_graph(article_id))}")
        return True

    # -- reading ---------------------------------------------------------------------------

    def _article_meta(self, article_id: str) -> tuple[str, str | None] | None:
        rows = self.query(article_meta_query(article_id))
        return one_version([(str(h), str(v) if v is not None else None) for h, v in rows])  # type: ignore[misc]

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
        A graph holding two versions is never current, so it gets replaced.
        """
        return self._article_meta(article_id) == (rdf.content_hash(text), kg.__version__)

    def articles(self) -> list[str]:
        """Ids of the stored articles, sorted."""
        rows = self.query("SELECT DISTINCT ?id WHERE { ?a a geokg:Article ; dct:identifier ?id }")
        return sorted(str(row[0]) for row in rows)  # type: ignore[index]

    def relations(self, since: str | None = None, until: str | None = None) -> Iterator[Relation]:
        """Every stored claim as a :class:`Relation`, optionally within ISO dates (inclusive)."""
        return read.relations_from_graph(self, since, until)  # type: ignore[arg-type]

    def entities(self) -> list[Entity]:
        """Every actor description, sorted by IRI."""
        return list(read.entities_from_graph(self).values())  # type: ignore[arg-type]

    def stats(self) -> dict[str, Any]:
        """Counts: articles, claims, actors by type, plain relations and claims by property.

        A relation counts once per article asserting it; a claim once per mention.
        """
        props = " ".join(f"<{info.iri}>" for info in relation_properties().values())
        out: dict[str, Any] = {
            k: int(next(iter(self.query(q)))[0]) for k, q in _STATS_COUNTS.items()  # type: ignore[index]
        }
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

    def quads(self, ontology: bool = True) -> Iterator[tuple[Node, Node, Node, Node]]:
        """Every quad ``(s, p, o, graph)`` of the named graphs (without the ontology's if asked)."""
        onto = rdflib.URIRef(ids.ONTOLOGY_GRAPH)
        for g, s, p, o in self.query(QUADS_QUERY):  # type: ignore[misc]
            if ontology or g != onto:
                yield s, p, o, g

    def snapshot(self, ontology: bool = True) -> rdflib.Dataset:
        """An in-memory copy of every named graph, for exporting or validating.

        A copy, not a view: later changes to the store do not show in it.
        """
        ds = rdflib.Dataset()
        for prefix, namespace in rdf.PREFIXES.items():
            ds.bind(prefix, namespace)
        graphs: dict[Node, rdflib.Graph] = {}
        for s, p, o, g in self.quads(ontology):
            graph = graphs.get(g)
            if graph is None:
                graph = graphs[g] = ds.graph(g)  # type: ignore[arg-type]
            graph.add((s, p, o))  # type: ignore[arg-type]
        return ds
