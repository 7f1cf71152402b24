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

Each written article also carries its text signature (:mod:`kg.builder.dedupe`) and, when it is a
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

from rdflib import namespace as ns  # as a module: doctest probing warns on DefinedNamespace
from rdflib.term import Literal, URIRef

from kg import ids, vocab
from kg.builder import dedupe
from kg.records import ArticleResult
from kg.store import GraphStore
from kg.store.base import PreparedArticle, ntriples, prepare

#: Articles per committed batch unless told otherwise.
COMMIT_SIZE = 64
#: Seconds an article may wait for its batch to fill before the batch is committed anyway.
MAX_WAIT = 2.0

def load_index(store: GraphStore) -> dedupe.DuplicateIndex:
    """The duplicate index of the articles already stored (originals first)."""
    index = dedupe.DuplicateIndex()
    for article_id, sig, original in store.signatures():
        index.add(article_id, sig, original=original)
    return index


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
        self._pending: list[PreparedArticle] = []
        self._since = 0.0

    def write(self, results: Iterable[ArticleResult],
              outcomes: dict[str, str] | None = None) -> Iterator[tuple[ArticleResult, str]]:
        """Write every result; yields ``(result, outcome)`` once its batch is committed.

        Outcomes are those of :meth:`GraphStore.ingest`: ``added``, ``replaced`` or
        ``unchanged`` (same text and extractor already stored; nothing written).
        ``outcomes`` (article id -> outcome) are statuses the caller already looked up,
        so the store is not asked twice; each is used once.
        """
        known = outcomes if outcomes is not None else {}
        for result in results:
            art = result.article
            if any(p.result.article.id == art.id for p in self._pending):
                yield from self.flush()  # the same id twice in one batch: the first goes in first
            outcome = known.pop(art.id, None) or self.store.status(art.id, art.text, result.extractor)
            if outcome == "unchanged":
                yield result, "unchanged"
                continue
            try:
                # prepared now, so an article that cannot be stored fails alone
                prepared = prepare(result, replace=outcome == "replaced")
            except (ValueError, TypeError) as err:
                if self.on_error is None:
                    raise
                self.on_error(result, err)
                continue
            signed = self._signed(result)
            if signed:
                prepared.triples += "\n" + ntriples(signed)
            if not self._pending:
                self._since = time.monotonic()
            self._pending.append(prepared)
            if (len(self._pending) >= self.commit_size
                    or time.monotonic() - self._since >= self.max_wait):
                yield from self.flush()
        yield from self.flush()

    def _signed(self, result: ArticleResult) -> list[tuple[URIRef, URIRef, Literal | URIRef]]:
        """The article's text signature and, for a syndicated copy, the mark naming its original."""
        art = result.article
        sig = dedupe.signature(art.text)
        if sig is None:
            return []
        node = URIRef(ids.article_iri(art.id))
        extra: list[tuple[URIRef, URIRef, Literal | URIRef]] = [
            (node, vocab.GEOKG.textSignature, Literal(sig, datatype=ns.XSD.string))]
        original = self.index.add(art.id, sig)
        if original is not None:
            self.duplicates += 1
            extra.append((node, vocab.GEOKG.duplicateOf, URIRef(ids.article_iri(original))))
        return extra

    def flush(self) -> Iterator[tuple[ArticleResult, str]]:
        """Commit the pending batch (if any) in one update; yields its outcomes."""
        batch, self._pending = self._pending, []
        if not batch:
            return
        # The one write of the batch: every article and actor change in one transaction.
        self.store.write(batch)
        if self.on_commit:
            self.on_commit(len(batch))
        for p in batch:
            yield p.result, "replaced" if p.replace else "added"
