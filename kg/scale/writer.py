"""Write extraction results to a store in batches of whole articles, each batch atomic.

Why batches: writing one SPARQL update per article costs a round of entity read-back,
update parsing and a commit for every article; grouping articles into one update pays
those once per batch (see ``benchmarks/build.py``).

Every article's graph is *replaced*, never added to: its part of the update drops the
graph and inserts the new one, even when the article looked new when the batch began.
Another writer (a second ``kg build`` into the same SPARQL server) may have stored the
same article in between; dropping first means the graph ends as one whole version, the
last one written, never a mix of two.

The unit of commit is a **batch of whole articles**: a batch is one SPARQL update, which
Oxigraph applies as one transaction (and a SPARQL server as one request), holding each
article's whole graph, its content hash and the merged actor descriptions.  A crash
leaves every article either entirely stored or entirely absent; since an article counts
as done only when its graph (with its hash) is stored, the next run of the same command
re-reads and re-parses exactly the articles of the batches that never committed.

A batch is committed when it holds ``commit_size`` articles, when an article arrives and
the oldest pending one has waited ``max_wait`` seconds (so a slow model loses little work
to a crash), or at the end.

Each written article also carries its text signature and its LSH band keys
(:mod:`kg.dedupe`).  Whether it is a syndicated copy is decided *in the store*, by the
same update that writes it: a ``INSERT ... WHERE`` finds the stored articles sharing a
band key and counts the equal hashes, and marks the article ``geokg:duplicateOf`` the
original.  The server applies the update as one transaction, so what it sees is every
article committed before, by this writer or any other; no index lives in one process.

>>> import tempfile
>>> from pathlib import Path
>>> from kg.records import Article, ArticleResult
>>> from kg.store import Store
>>> text = "Nothing at all happened in the capital today, officials said on Monday."
>>> with Store.open(Path(tempfile.mkdtemp()) / "kg-data") as store:
...     writer = BatchWriter(store, commit_size=2)
...     done = list(writer.write([ArticleResult(Article(i, text)) for i in ("a1", "a2", "a1")]))
...     store.articles(), [(r.article.id, outcome) for r, outcome in done], writer.duplicates
(['a1', 'a2'], [('a1', 'added'), ('a2', 'added'), ('a1', 'unchanged')], 1)
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from rdflib import namespace as ns  # as a module: doctest probing warns on DefinedNamespace
from rdflib.term import Literal, URIRef

from kg import dedupe, ids, vocab
from kg.records import ArticleResult
from kg.store import GraphStore, rdf, read
from kg.store.base import ntriples
from kg.store.lock import StoreError

#: Articles per committed batch unless told otherwise.
COMMIT_SIZE = 64
#: Seconds an article may wait for its batch to fill before the batch is committed anyway.
MAX_WAIT = 2.0
#: Rewrites of an article another writer mixed into, before the build gives up on it.
SETTLE_TRIES = 8

_COPIES_QUERY = """
SELECT ?id ?orig WHERE { ?a geokg:duplicateOf ?o ; dct:identifier ?id . ?o dct:identifier ?orig }
"""


def stored_copies(store: GraphStore) -> dict[str, str]:
    """Syndicated copies in the store: copy's article id -> the original's."""
    return {str(i): str(o) for i, o in store.query(_COPIES_QUERY)}  # type: ignore[misc]


@dataclass
class _Pending:
    result: ArticleResult
    outcome: str  # "added" or "replaced"
    data: str  # the article graph's triples, serialised
    entities: list
    sig: str | None  # its text signature, when it is long enough to have one


def batch_update(items: list[tuple[str, str, str | None]], entities: list) -> str:
    """One SPARQL update replacing several article graphs and the changed actor descriptions.

    ``items`` are ``(graph IRI, N-Triples text, copy mark or None)``: every graph is
    dropped, then each is inserted and its copy mark (see :func:`copy_mark`) run, in
    order, so an article is compared with the ones before it, never with later ones.

    >>> print(batch_update([("https://ex/g1", "", None), ("https://ex/g2", "", None)], []))
    DROP SILENT GRAPH <https://ex/g1> ;
    DROP SILENT GRAPH <https://ex/g2> ;
    INSERT DATA { GRAPH <https://ex/g1> {
    <BLANKLINE>
    } } ;
    INSERT DATA { GRAPH <https://ex/g2> {
    <BLANKLINE>
    } }
    """
    shared = f"<{ids.ENTITIES_GRAPH}>"
    parts = [f"DROP SILENT GRAPH <{graph}>" for graph, _, _ in items]
    if entities:
        values = " ".join(f"<{e.iri}>" for e in entities)
        parts.append(f"DELETE {{ GRAPH {shared} {{ ?e ?p ?o }} }} "
                     f"WHERE {{ GRAPH {shared} {{ VALUES ?e {{ {values} }} ?e ?p ?o }} }}")
        parts.append(f"INSERT DATA {{ GRAPH {shared} {{\n{ntriples(rdf.entity_triples(entities))}\n}} }}")
    for graph, triples, mark in items:
        parts.append(f"INSERT DATA {{ GRAPH <{graph}> {{\n{triples}\n}} }}")
        if mark:
            parts.append(mark)
    return " ;\n".join(parts)


def copy_mark(article_id: str, sig: str, *, again: bool = False) -> str:
    """The update that marks the article a copy of the stored story it copies, if any.

    Candidates share a band key; a candidate is the same story when at least
    :data:`kg.dedupe.MIN_EQUAL` of its hashes equal the article's (estimated Jaccard
    similarity at least :data:`kg.dedupe.THRESHOLD`).  A candidate that is itself a copy
    stands for its original; of several originals the smallest IRI is taken, so the
    choice does not depend on the order the server returns them in.  ``again`` is for
    comparing once more after a concurrent write: a candidate already marked as a copy
    of this article is then passed over, so two articles never copy each other.
    """
    node = f"<{ids.article_iri(article_id)}>"
    graph = f"<{ids.article_graph(article_id)}>"
    keys = " ".join(f'"{key}"' for key in dedupe.bands(sig))
    width = len(sig) // dedupe.PERMUTATIONS
    equal = " + ".join(f'IF(SUBSTR(?sig, {i * width + 1}, {width}) = "{sig[i * width:(i + 1) * width]}", 1, 0)'
                       for i in range(dedupe.PERMUTATIONS))
    guard = f"FILTER NOT EXISTS {{ GRAPH ?h {{ ?other <{vocab.GEOKG.duplicateOf}> {node} }} }} " if again else ""
    return (f"INSERT {{ GRAPH {graph} {{ {node} <{vocab.GEOKG.duplicateOf}> ?original }} }} WHERE {{ "
            f"FILTER NOT EXISTS {{ GRAPH {graph} {{ {node} <{vocab.GEOKG.duplicateOf}> ?marked }} }} "
            f"{{ SELECT ?original WHERE {{ VALUES ?key {{ {keys} }} "
            f"GRAPH ?g {{ ?other <{vocab.GEOKG.signatureBand}> ?key ; <{vocab.GEOKG.textSignature}> ?sig }} "
            f"FILTER(?other != {node}) {guard}"
            f"OPTIONAL {{ GRAPH ?g {{ ?other <{vocab.GEOKG.duplicateOf}> ?first }} }} "
            f"FILTER(({equal}) >= {dedupe.MIN_EQUAL}) "
            f"BIND(COALESCE(?first, ?other) AS ?original) }} ORDER BY STR(?original) LIMIT 1 }} }}")


def _mark(pending: _Pending) -> str | None:
    return copy_mark(pending.result.article.id, pending.sig) if pending.sig else None


def _mixed_graphs(store: GraphStore, graphs: list[str]) -> list[str]:
    """Those of ``graphs`` that hold more than one version (content hash) of their article."""
    values = " ".join(f"<{g}>" for g in graphs)
    rows = store.query(f"SELECT ?g WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?a <{vocab.GEOKG.contentHash}> ?h }} }} "
                       "GROUP BY ?g HAVING (COUNT(DISTINCT ?h) > 1)")
    return sorted(str(g) for (g,) in rows)  # type: ignore[misc]


def _copies_among(store: GraphStore, article_ids: list[str]) -> int:
    """How many of these articles the store marks as syndicated copies."""
    if not article_ids:
        return 0
    values = " ".join(f"<{ids.article_iri(a)}>" for a in article_ids)
    rows = store.query(f"SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE {{ VALUES ?a {{ {values} }} "
                       f"GRAPH ?g {{ ?a <{vocab.GEOKG.duplicateOf}> ?o }} }}")
    return int(next(iter(rows))[0])  # type: ignore[index]


class BatchWriter:
    """Commits results to ``store`` in atomic batches of whole articles.

    Parameters
    ----------
    store:
        An open, writable store (on disk or remote).
    commit_size, max_wait:
        When to commit a batch: this many articles, or its oldest waited this long.
    on_commit:
        Called after each commit with the number of articles it wrote.
    on_error:
        Called with a result that cannot be stored (say, a URL that is no valid IRI) and
        the error; the article is left out and the rest goes on.  Without it, the error
        is raised.
    """

    def __init__(self, store: GraphStore, *, commit_size: int = COMMIT_SIZE,
                 max_wait: float = MAX_WAIT, on_commit: Callable[[int], None] | None = None,
                 on_error: Callable[[ArticleResult, Exception], None] | None = None) -> None:
        if commit_size < 1:
            raise ValueError(f"commit size {commit_size} must be at least 1; e.g. --commit-size 64")
        self.store = store
        self.commit_size = commit_size
        self.max_wait = max_wait
        self.on_commit = on_commit
        self.on_error = on_error
        #: Articles written so far that copy an earlier one.
        self.duplicates = 0
        self._pending: list[_Pending] = []
        self._since = 0.0

    def write(self, results: Iterable[ArticleResult]) -> Iterator[tuple[ArticleResult, str]]:
        """Write every result; yields ``(result, outcome)`` once its batch is committed.

        Outcomes are those of :meth:`GraphStore.ingest`: ``added``, ``replaced`` or
        ``unchanged`` (same text and extractor version already stored; nothing written).
        """
        for result in results:
            art = result.article
            if any(p.result.article.id == art.id for p in self._pending):
                yield from self.flush()  # the same id twice in one batch: the first goes in first
            if self.store.is_current(art.id, art.text):
                yield result, "unchanged"
                continue
            outcome = "replaced" if self.store.has_article(art.id) else "added"
            try:
                # serialised now, so an article that cannot be stored fails alone
                data, entities, sig = self._prepare(result)
            except (ValueError, TypeError) as err:
                if self.on_error is None:
                    raise
                self.on_error(result, err)
                continue
            if not self._pending:
                self._since = time.monotonic()
            self._pending.append(_Pending(result, outcome, data, entities, sig))
            if (len(self._pending) >= self.commit_size
                    or time.monotonic() - self._since >= self.max_wait):
                yield from self.flush()
        yield from self.flush()

    def _prepare(self, result: ArticleResult) -> tuple[str, list, str | None]:
        """The article graph as N-Triples (with signature and band keys), its actors, its signature."""
        art = result.article
        entities = rdf.result_entities(result)
        triples = rdf.article_triples(result)
        data = ntriples(triples)
        sig = dedupe.signature(art.text)
        if sig is None:
            return data, entities, None
        node = URIRef(ids.article_iri(art.id))
        extra: list[tuple] = [(node, vocab.GEOKG.textSignature, Literal(sig, datatype=ns.XSD.string))]
        extra += [(node, vocab.GEOKG.signatureBand, Literal(key, datatype=ns.XSD.string)) for key in dedupe.bands(sig)]
        return data + "\n" + ntriples(extra), entities, sig

    def _settle(self, batch: list[_Pending]) -> None:
        """On a shared server, undo what a writer running at the same time may have mixed in.

        The server applies each update as one transaction but, as Oxigraph does, with
        snapshot isolation, not one after another: two writers replacing the same article
        at the same instant each drop only the version they saw, and the graph keeps both.
        So after its commit a writer looks: a graph of its batch holding two hashes is
        written again (drop + insert, one request) until it holds one, and an article that
        got no copy mark is compared again, now that the other writer's articles are
        committed.  The last writer to commit always looks last, so the store ends whole.
        """
        by_graph = {ids.article_graph(p.result.article.id): p for p in batch}
        for attempt in range(SETTLE_TRIES):
            mixed = _mixed_graphs(self.store, list(by_graph))
            if not mixed:
                break
            time.sleep(random.uniform(0, 0.05 * 2 ** attempt))  # let the other writer finish
            self.store._update(batch_update([(g, by_graph[g].data, _mark(by_graph[g])) for g in mixed], []))
        else:
            raise StoreError(f"articles {', '.join(sorted(by_graph[g].result.article.id for g in mixed))} "
                             f"were written by another build at the same time {SETTLE_TRIES} times in a row; "
                             "run this build again to settle them")
        marks = [copy_mark(p.result.article.id, p.sig, again=True) for p in batch if p.sig]
        if marks:
            self.store._update(" ;\n".join(marks))

    def flush(self) -> Iterator[tuple[ArticleResult, str]]:
        """Commit the pending batch (if any) in one update; yields its outcomes."""
        batch, self._pending = self._pending, []
        if not batch:
            return
        mentioned = rdf.merge_entities(e for p in batch for e in p.entities)
        known = read.entities_from_graph(self.store, iris=[e.iri for e in mentioned])  # type: ignore[arg-type]
        merged = rdf.merge_entities([*known.values(), *mentioned])
        changed = [e for e in merged if known.get(e.iri) != e]
        items = [(ids.article_graph(p.result.article.id), p.data, _mark(p)) for p in batch]
        # The one write of the batch: every article, copy mark and actor change in one transaction.
        self.store._update(batch_update(items, changed))
        if not self.store.exclusive:
            self._settle(batch)
        if any(p.sig for p in batch):
            self.duplicates += _copies_among(self.store, [p.result.article.id for p in batch if p.sig])
        if self.on_commit:
            self.on_commit(len(batch))
        for p in batch:
            yield p.result, p.outcome
