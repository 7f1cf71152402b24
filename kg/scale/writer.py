"""Write extraction results to a store in batches of whole articles, each batch atomic.

Why batches: writing one SPARQL update per article costs a round of entity read-back,
update parsing and a commit for every article; grouping articles into one update pays
those once per batch (see ``benchmarks/build.py``), and an article that is new needs no
``DROP GRAPH`` at all (dropping even an absent graph costs a few milliseconds on disk).

The unit of commit is a **batch of whole articles**: a batch is one SPARQL update, which
Oxigraph applies as one transaction (and a SPARQL server as one request), holding each
article's whole graph, its content hash and the merged actor descriptions.  A crash
leaves every article either entirely stored or entirely absent; since an article counts
as done only when its graph (with its hash) is stored, the next run of the same command
re-reads and re-parses exactly the articles of the batches that never committed.

A batch is committed when it holds ``commit_size`` articles, when an article arrives and
the oldest pending one has waited ``max_wait`` seconds (so a slow model loses little work
to a crash), or at the end.

Each written article also carries its text signature (:mod:`kg.dedupe`) and, when it is a
syndicated copy of an article written before, ``geokg:duplicateOf`` that article.

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

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from rdflib import namespace as ns  # as a module: doctest probing warns on DefinedNamespace
from rdflib.term import Literal, URIRef

from kg import dedupe, ids, vocab
from kg.records import ArticleResult
from kg.store import GraphStore, rdf, read
from kg.store.base import ntriples

#: Articles per committed batch unless told otherwise.
COMMIT_SIZE = 64
#: Seconds an article may wait for its batch to fill before the batch is committed anyway.
MAX_WAIT = 2.0

_INDEX_QUERY = """
SELECT ?id ?sig ?orig WHERE {
  ?a a geokg:Article ; dct:identifier ?id ; geokg:textSignature ?sig .
  OPTIONAL { ?a geokg:duplicateOf ?o . ?o dct:identifier ?orig }
}
"""


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


def load_index(store: GraphStore) -> dedupe.DuplicateIndex:
    """The duplicate index of the articles already stored (originals first)."""
    rows = [(str(i), str(s), str(o) if o is not None else None)
            for i, s, o in store.query(_INDEX_QUERY)]  # type: ignore[misc]
    index = dedupe.DuplicateIndex()
    for article_id, sig, orig in sorted(rows, key=lambda r: (r[2] is not None, r[0])):
        index.add(article_id, sig, original=orig or None)
    return index


def batch_update(items: list[tuple[str, str, bool]], entities: list) -> str:
    """One SPARQL update writing several article graphs and the changed actor descriptions.

    ``items`` are ``(graph IRI, N-Triples text, replace)``; only replaced graphs are dropped first.

    >>> print(batch_update([("https://ex/g1", "", True), ("https://ex/g2", "", False)], []))
    DROP SILENT GRAPH <https://ex/g1> ;
    INSERT DATA {
    GRAPH <https://ex/g1> {
    <BLANKLINE>
    }
    GRAPH <https://ex/g2> {
    <BLANKLINE>
    }
    }
    """
    shared = f"<{ids.ENTITIES_GRAPH}>"
    parts = [f"DROP SILENT GRAPH <{graph}>" for graph, _, replace in items if replace]
    if entities:
        values = " ".join(f"<{e.iri}>" for e in entities)
        parts.append(f"DELETE {{ GRAPH {shared} {{ ?e ?p ?o }} }} "
                     f"WHERE {{ GRAPH {shared} {{ VALUES ?e {{ {values} }} ?e ?p ?o }} }}")
    data = [f"GRAPH <{graph}> {{\n{triples}\n}}" for graph, triples, _ in items]
    if entities:
        data.append(f"GRAPH {shared} {{\n{ntriples(rdf.entity_triples(entities))}\n}}")
    parts.append("INSERT DATA {\n" + "\n".join(data) + "\n}")
    return " ;\n".join(parts)


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
        self.index = load_index(store)
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
                data, entities = self._prepare(result)
            except (ValueError, TypeError) as err:
                if self.on_error is None:
                    raise
                self.on_error(result, err)
                continue
            if not self._pending:
                self._since = time.monotonic()
            self._pending.append(_Pending(result, outcome, data, entities))
            if (len(self._pending) >= self.commit_size
                    or time.monotonic() - self._since >= self.max_wait):
                yield from self.flush()
        yield from self.flush()

    def _prepare(self, result: ArticleResult) -> tuple[str, list]:
        """The article graph as N-Triples (with signature and copy mark) and its actors."""
        art = result.article
        entities = rdf.result_entities(result)
        triples = rdf.article_triples(result)
        data = ntriples(triples)
        sig = dedupe.signature(art.text)
        if sig is None:
            return data, entities
        node = URIRef(ids.article_iri(art.id))
        extra: list[tuple] = [(node, vocab.GEOKG.textSignature, Literal(sig, datatype=ns.XSD.string))]
        original = self.index.add(art.id, sig)
        if original is not None:
            self.duplicates += 1
            extra.append((node, vocab.GEOKG.duplicateOf, URIRef(ids.article_iri(original))))
        return data + "\n" + ntriples(extra), entities

    def flush(self) -> Iterator[tuple[ArticleResult, str]]:
        """Commit the pending batch (if any) in one update; yields its outcomes."""
        batch, self._pending = self._pending, []
        if not batch:
            return
        mentioned = rdf.merge_entities(e for p in batch for e in p.entities)
        known = read.entities_from_graph(self.store, iris=[e.iri for e in mentioned])  # type: ignore[arg-type]
        merged = rdf.merge_entities([*known.values(), *mentioned])
        changed = [e for e in merged if known.get(e.iri) != e]
        items = [(ids.article_graph(p.result.article.id), p.data, p.outcome == "replaced") for p in batch]
        # The one write of the batch: every article and actor change in one transaction.
        self.store._update(batch_update(items, changed))
        if self.on_commit:
            self.on_commit(len(batch))
        for p in batch:
            yield p.result, p.outcome
