"""What every geokg store does, written once over two primitives: a query and an update.

:class:`~kg.store.Store` (Oxigraph on disk) and :class:`~kg.store.RemoteStore` (a SPARQL
1.1 server over HTTP) differ only in how a SPARQL query or update reaches the data.  The
write (:meth:`GraphStore.write`: every article's graph dropped and inserted again in *one*
update request, actor descriptions merged in the same request), removal,
the article status check, the statistics and the read-back of claims are the same SPARQL
on both, so they live here and the two classes supply :meth:`GraphStore.query` and
:meth:`GraphStore._update`.

>>> from kg.records import Article
>>> update = articles_update([prepare(ArticleResult(Article("a1", "Text.")), replace=True)], [])
>>> update.splitlines()[0]
'DROP SILENT GRAPH <https://w3id.org/geokg/graph/a1> ;'
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any

import pyoxigraph as ox
import rdflib
from rdflib.query import Result
from rdflib.term import Node

from kg import ids, vocab
from kg.records import ACTOR_TYPES, ArticleResult, Entity, Relation
from kg.resources import ontology_path
from kg.rdf import mapping as rdf, read, reviews as decisions
from kg.rdf.sparql import PREFIXES, iri, rows, values
from kg.store.errors import StoreError
from kg.vocab import relation_properties

_STATS_COUNTS = {
    "articles": "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a geokg:Article }",
    "claims": "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a geokg:Claim }",
}

_COPIES_QUERY = """
SELECT ?id ?orig WHERE { ?a geokg:duplicateOf ?o ; dct:identifier ?id . ?o dct:identifier ?orig }
"""

#: Every quad of every named graph (the store's default graph is kept empty).
QUADS_QUERY = "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"

#: What ``_article_meta`` gives for a graph holding more than one version of its article (a
#: store written by two builds at once before every write replaced its graph): it
#: matches no text, so the article is parsed again and its graph replaced whole.
MIXED = ("mixed versions", None)


def article_meta_query(article_id: str) -> str:
    """SPARQL for a stored article's content hash and extractor fingerprint (two rows: mixed)."""
    node, graph = iri(ids.article_iri(article_id)), iri(ids.article_graph(article_id))
    return (
        f"SELECT DISTINCT ?hash ?version WHERE {{ GRAPH {graph} {{ {node} geokg:contentHash ?hash "
        f"OPTIONAL {{ {node} geokg:extractorVersion ?version }} }} }} LIMIT 2"
    )


def one_version(metas: list[tuple[str, str | None]]) -> tuple[str, str | None] | None:
    """The article's ``(hash, version)``: ``None`` if not stored, :data:`MIXED` if several.

    >>> one_version([]), one_version([("h", "1")]), one_version([("h", "1"), ("g", "1")]) == MIXED
    (None, ('h', '1'), True)
    """
    if not metas:
        return None
    return metas[0] if len(set(metas)) == 1 else MIXED


@dataclass
class PreparedArticle:
    """An article ready to write: its graph as N-Triples, its actors, and whether it replaces one.

    Made by :func:`prepare`, which fails (``ValueError``) on anything the store cannot hold,
    so a bad article fails alone, before a batch is written.  ``after`` are SPARQL updates
    run right after its graph is inserted, in the same request (the build's copy mark,
    :func:`kg.builder.writer.copy_mark`, which must see the articles written before it).
    """

    result: ArticleResult
    triples: str
    entities: list[Entity]
    replace: bool
    after: list[str] = field(default_factory=list)


def prepare(result: ArticleResult, *, replace: bool) -> PreparedArticle:
    """Map one result to what :meth:`GraphStore.write` sends (its graph as N-Triples).

    >>> from kg.records import Article
    >>> len(prepare(ArticleResult(Article("a1", "Text.")), replace=False).triples.splitlines())
    3
    """
    return PreparedArticle(result, ntriples(rdf.article_triples(result)), rdf.result_entities(result), replace)


def articles_update(batch: Sequence[PreparedArticle], changed: Sequence[Entity]) -> str:
    """One SPARQL update writing every article of ``batch`` and rewriting ``changed`` actors.

    Every article's graph is *replaced*, never added to: the update drops it and inserts
    the new one, even when the article looked new when its status was read.  Another
    writer (a second build into the same SPARQL server) may have stored the same article
    in between; dropping first means the graph ends as one whole version, never a mix of
    two.  Graphs are inserted in batch order, each followed by its ``after`` updates, so
    an article's copy mark compares it with the ones before it, never with later ones.

    >>> from kg.records import Article
    >>> batch = [prepare(ArticleResult(Article(i, "Text.")), replace=i == "a1") for i in ("a1", "a2")]
    >>> for line in articles_update(batch, []).splitlines():
    ...     if "GRAPH" in line:
    ...         print(line.replace("https://w3id.org/geokg/graph/", ""))
    DROP SILENT GRAPH <a1> ;
    DROP SILENT GRAPH <a2> ;
    INSERT DATA { GRAPH <a1> {
    INSERT DATA { GRAPH <a2> {
    """
    entities = iri(ids.ENTITIES_GRAPH)
    parts = [f"DROP SILENT GRAPH {iri(ids.article_graph(p.result.article.id))}" for p in batch]
    if changed:
        which = values("e", [rdflib.URIRef(e.iri) for e in changed])
        parts.append(
            f"DELETE {{ GRAPH {entities} {{ ?e ?p ?o }} }} "
            f"WHERE {{ GRAPH {entities} {{ {which} ?e ?p ?o }} }}"
        )
        parts.append(f"INSERT DATA {{ GRAPH {entities} {{\n{ntriples(rdf.entity_triples(changed))}\n}} }}")
    for p in batch:
        parts.append(f"INSERT DATA {{ GRAPH {iri(ids.article_graph(p.result.article.id))} {{\n{p.triples}\n}} }}")
        parts.extend(p.after)
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
    graph = iri(ids.ONTOLOGY_GRAPH)
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

    def query(self, sparql: str) -> Result:
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

        An article already stored with the same text hash and extractor fingerprint
        (``result.extractor``) is left as it is (even if ``result`` differs otherwise);
        else its graph is dropped and rewritten, and its actors merged into the entities
        graph, in one update request (one transaction on Oxigraph).
        """
        self._check_writable()
        art = result.article
        outcome = self.status(art.id, art.text, result.extractor)
        if outcome != "unchanged":
            self.write([prepare(result, replace=outcome == "replaced")])
        return outcome

    def write(self, batch: Sequence[PreparedArticle]) -> None:
        """Write prepared articles in one update: their graphs and the actors they change.

        The one write path of geokg (:meth:`ingest` and the build's batch writer both end
        here): actors are merged with the stored descriptions (one read), and every graph
        and actor change goes in one request, so the store holds all of it or none.
        """
        self._check_writable()
        if not batch:
            return
        mentioned = rdf.merge_entities(e for p in batch for e in p.entities)
        known = read.entities_from_graph(self, iris=[e.iri for e in mentioned])
        merged = rdf.merge_entities([*known.values(), *mentioned])
        changed = [e for e in merged if known.get(e.iri) != e]
        # decisions on claims are applied again to the graphs just written (kg.rdf.reviews)
        self._update(articles_update(batch, changed) + " ;\n" + decisions.SYNC)

    def mark_copies(self, marks: Sequence[str]) -> None:
        """Run copy-mark updates (:func:`kg.builder.writer.copy_mark`) in one request.

        The marks are computed by the store from what it holds when the request runs, so
        articles another writer committed meanwhile count too.
        """
        self._check_writable()
        if marks:
            self._update(" ;\n".join(marks))

    def decide(self, claim: str, decision: str, *, by: str, note: str = "") -> None:
        """Record a reviewer's decision (``rejected`` or ``confirmed``) on a stored claim and apply it.

        ``claim`` is the claim's IRI or its 16-hex-digit id; a decision on it replaces any earlier one.
        """
        self._check_writable()
        iri_ = decisions.claim_ref(claim)
        if not decisions.claim_exists(self, iri_):
            raise ValueError(f"no claim {claim} in store {self.shown}; kg review claims ACTOR lists the claims")
        self._update(decisions.decide_update(iri_, decision, by, note))

    def undo_decision(self, claim: str) -> bool:
        """Forget the decision on ``claim`` (a rejected claim counts again); ``False`` if there was none."""
        self._check_writable()
        iri_ = decisions.claim_ref(claim)
        if not any(r.claim == iri_ for r in self.reviews()):
            return False
        self._update(decisions.undo_update(iri_))
        return True

    def reviews(self) -> list[decisions.Review]:
        """Every reviewer's decision, oldest first (see :mod:`kg.rdf.reviews`)."""
        return decisions.list_reviews(self)

    def remove(self, article_id: str) -> bool:
        """Drop an article's graph (its node, triples and claims); ``False`` if absent."""
        self._check_writable()
        if self._article_meta(article_id) is None:
            return False
        self._update(f"DROP GRAPH {iri(ids.article_graph(article_id))}")
        return True

    # -- reading ---------------------------------------------------------------------------

    def _article_meta(self, article_id: str) -> tuple[str, str | None] | None:
        found = rows(self.query(article_meta_query(article_id)))
        return one_version([(str(h), str(v) if v is not None else None) for h, v in found])

    def status(self, article_id: str, text: str, extractor: str | None) -> str:
        """What ingesting this text would do: ``"unchanged"``, ``"replaced"`` or ``"added"``.

        ``"unchanged"`` when the article is stored with the same text hash and the same
        extractor fingerprint, so a build may skip parsing it.  One look-up.
        """
        stored = self._article_meta(article_id)
        if stored is None:
            return "added"
        return "unchanged" if stored == (rdf.content_hash(text), extractor) else "replaced"

    def has_article(self, article_id: str) -> bool:
        """Whether the article is stored."""
        return self._article_meta(article_id) is not None

    def article_hash(self, article_id: str) -> str | None:
        """SHA-256 of the stored article's text, or ``None`` when it is not stored."""
        meta = self._article_meta(article_id)
        return meta[0] if meta else None

    def is_current(self, article_id: str, text: str, extractor: str | None) -> bool:
        """Whether ingesting this text, read by ``extractor``, would be ``"unchanged"``."""
        return self.status(article_id, text, extractor) == "unchanged"

    def copies(self) -> dict[str, str]:
        """Syndicated copies in the store: a copy's article id -> its original's."""
        return {str(i): str(o) for i, o in rows(self.query(_COPIES_QUERY))}

    def mixed(self, article_ids: Sequence[str]) -> list[str]:
        """Those of ``article_ids`` whose graph holds more than one version (content hash), sorted.

        Two writers replacing one article at the same instant on a server with snapshot
        isolation each drop only the version they saw, so the graph may keep both.
        """
        if not article_ids:
            return []
        graphs = {ids.article_graph(a): a for a in article_ids}
        found = rows(self.query(
            f"SELECT ?g WHERE {{ {values('g', [rdflib.URIRef(g) for g in graphs])} "
            "GRAPH ?g { ?a geokg:contentHash ?h } } GROUP BY ?g HAVING (COUNT(DISTINCT ?h) > 1)"))
        return sorted(graphs[str(g)] for (g,) in found)

    def count_copies(self, article_ids: Sequence[str]) -> int:
        """How many of ``article_ids`` the store marks as syndicated copies (``geokg:duplicateOf``)."""
        if not article_ids:
            return 0
        nodes = values("a", [rdflib.URIRef(ids.article_iri(a)) for a in article_ids])
        found = rows(self.query(
            f"SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE {{ {nodes} GRAPH ?g {{ ?a geokg:duplicateOf ?o }} }}"))
        return int(found[0][0])

    def articles(self) -> list[str]:
        """Ids of the stored articles, sorted."""
        found = rows(self.query("SELECT DISTINCT ?id WHERE { ?a a geokg:Article ; dct:identifier ?id }"))
        return sorted(str(row[0]) for row in found)

    def relations(self, since: str | None = None, until: str | None = None, *,
                  include_rejected: bool = False) -> Iterator[Relation]:
        """Every stored claim as a :class:`Relation`, optionally within ISO dates (inclusive);
        claims a reviewer rejected only with ``include_rejected``."""
        return read.relations_from_graph(self, since, until, include_rejected=include_rejected)

    def article_info(self) -> dict[str, dict[str, str | None]]:
        """Each stored article's ``title``, ``date`` and ``url`` (``None`` where unknown), by id."""
        return read.articles_from_graph(self)

    def entities(self) -> list[Entity]:
        """Every actor description, sorted by IRI."""
        return list(read.entities_from_graph(self).values())

    def stats(self) -> dict[str, Any]:
        """Counts: articles, claims, actors by type, plain relations and claims by property.

        A relation counts once per article asserting it; a claim once per mention.
        """
        props = values("k", [rdflib.URIRef(info.iri) for info in relation_properties().values()])
        out: dict[str, Any] = {
            k: int(rows(self.query(q))[0][0]) for k, q in _STATS_COUNTS.items()
        }
        actors = self._grouped(
            f"SELECT ?k (COUNT(DISTINCT ?e) AS ?n) WHERE {{ GRAPH {iri(ids.ENTITIES_GRAPH)} {{ ?e a ?k }} }} GROUP BY ?k"
        )
        out["actors"] = {t: actors.get(t, 0) for t in ACTOR_TYPES}
        out["relations"] = self._grouped(
            f"SELECT ?k (COUNT(*) AS ?n) WHERE {{ {props} "
            f"GRAPH ?g {{ ?s ?k ?o }} FILTER(?g != {iri(ids.ONTOLOGY_GRAPH)}) }} GROUP BY ?k"
        )
        out["claims_by_property"] = self._grouped(
            "SELECT ?k (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a geokg:Claim ; rdf:predicate ?k } GROUP BY ?k"
        )
        return out

    def _grouped(self, sparql: str) -> dict[str, int]:
        found = sorted(rows(self.query(sparql)))
        return {str(k)[len(ids.ONTOLOGY) :]: int(n) for k, n in found}

    def quads(self, ontology: bool = True) -> Iterator[tuple[Node, Node, Node, Node]]:
        """Every quad ``(s, p, o, graph)`` of the named graphs (without the ontology's if asked)."""
        onto = rdflib.URIRef(ids.ONTOLOGY_GRAPH)
        for g, s, p, o in rows(self.query(QUADS_QUERY)):
            if ontology or g != onto:
                yield s, p, o, g

    def snapshot(self, ontology: bool = True) -> rdflib.Dataset:
        """An in-memory copy of every named graph, for exporting or validating.

        A copy, not a view: later changes to the store do not show in it.
        """
        ds = rdflib.Dataset()
        for prefix, namespace in PREFIXES.items():
            ds.bind(prefix, namespace)
        graphs: dict[Node, rdflib.Graph] = {}
        for s, p, o, g in self.quads(ontology):
            graph = graphs.get(g)
            if graph is None:
                graph = graphs[g] = ds.graph(g)  # type: ignore[arg-type]  # a named graph's IRI
            graph.add((s, p, o))
        return ds
