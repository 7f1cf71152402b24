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
(:mod:`kg.builder.dedupe`).  Whether it is a syndicated copy is decided *in the store*, by
the same update that writes it (:func:`copy_mark`): an ``INSERT ... WHERE`` finds the
stored articles sharing a band key and counts the equal hashes, and marks the article
``geokg:duplicateOf`` the original.  The server applies the update as one transaction, so
what it sees is every article committed before, by this writer or any other; no index
lives in one process.

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

from rdflib import namespace as ns  # as a module: doctest probing warns on DefinedNamespace
from rdflib.term import Literal, URIRef

from kg import ids, vocab
from kg.builder import dedupe
from kg.rdf.sparql import iri, term, values
from kg.records import ArticleResult
from kg.store import GraphStore, StoreError
from kg.store.base import PreparedArticle, ntriples, prepare

#: Articles per committed batch unless told otherwise.
COMMIT_SIZE = 64
#: Seconds an article may wait for its batch to fill before the batch is committed anyway.
MAX_WAIT = 2.0
#: Rewrites of an article another writer mixed into, before the build gives up on it.
SETTLE_TRIES = 8


def copy_mark(article_id: str, sig: str, *, again: bool = False) -> str:
    """The update that marks the article a copy of the stored story it copies, if any.

    Candidates share a band key; a candidate is the same story when at least
    :data:`kg.builder.dedupe.MIN_EQUAL` of its hashes equal the article's (estimated Jaccard
    similarity at least :data:`kg.builder.dedupe.THRESHOLD`).  A candidate that is itself a
    copy stands for its original; of several originals the smallest IRI is taken, so the
    choice does not depend on the order the server returns them in.  ``again`` is for
    comparing once more after a concurrent write: a candidate already marked as a copy
    of this article is then passed over, so two articles never copy each other.

    >>> from kg.builder.dedupe import signature
    >>> mark = copy_mark("a1", signature("one two three four five six seven eight nine"))
    >>> mark.startswith("INSERT { GRAPH <https://w3id.org/geokg/graph/a1>"), mark.count("IF(SUBSTR")
    (True, 64)
    """
    node, graph = iri(ids.article_iri(article_id)), iri(ids.article_graph(article_id))
    copy_of, band = iri(str(vocab.GEOKG.duplicateOf)), iri(str(vocab.GEOKG.signatureBand))
    signed = iri(str(vocab.GEOKG.textSignature))
    width = len(sig) // dedupe.PERMUTATIONS
    equal = " + ".join(f"IF(SUBSTR(?sig, {i * width + 1}, {width}) = {term(sig[i * width:(i + 1) * width])}, 1, 0)"
                       for i in range(dedupe.PERMUTATIONS))
    guard = f"FILTER NOT EXISTS {{ GRAPH ?h {{ ?other {copy_of} {node} }} }} " if again else ""
    return (f"INSERT {{ GRAPH {graph} {{ {node} {copy_of} ?original }} }} WHERE {{ "
            f"FILTER NOT EXISTS {{ GRAPH {graph} {{ {node} {copy_of} ?marked }} }} "
            f"{{ SELECT ?original WHERE {{ {values('key', dedupe.bands(sig))} "
            f"GRAPH ?g {{ ?other {band} ?key ; {signed} ?sig }} "
            f"FILTER(?other != {node}) {guard}"
            f"OPTIONAL {{ GRAPH ?g {{ ?other {copy_of} ?first }} }} "
            f"FILTER(({equal}) >= {dedupe.MIN_EQUAL}) "
            f"BIND(COALESCE(?first, ?other) AS ?original) }} ORDER BY STR(?original) LIMIT 1 }} }}")


def untangle(article_ids: list[str]) -> str:
    """The update that undoes two articles marked as copies of each other, the smaller IRI kept as original.

    Two writers comparing again at the same instant each see the other's article unmarked
    (snapshot isolation), so each may mark its own one a copy of the other.  Run after
    those marks are committed, in a request of its own, this sees both and drops one; two
    writers running it drop the same one.

    >>> "VALUES ?a { <https://w3id.org/geokg/id/article/a1> }" in untangle(["a1"])
    True
    """
    copy_of = iri(str(vocab.GEOKG.duplicateOf))
    return (f"DELETE {{ GRAPH ?gx {{ ?x {copy_of} ?y }} }} WHERE {{ "
            f"{values('a', [URIRef(ids.article_iri(a)) for a in article_ids])} "
            f"GRAPH ?ga {{ ?a {copy_of} ?b }} GRAPH ?gb {{ ?b {copy_of} ?a }} "
            "BIND(STR(?a) < STR(?b) AS ?first) "
            "BIND(IF(?first, ?a, ?b) AS ?x) BIND(IF(?first, ?b, ?a) AS ?y) BIND(IF(?first, ?ga, ?gb) AS ?gx) }")


def _signed(prepared: PreparedArticle) -> str | None:
    """Add the article's signature, band keys and copy mark to ``prepared``; its signature."""
    art = prepared.result.article
    sig = dedupe.signature(art.text)
    if sig is None:
        return None
    node = URIRef(ids.article_iri(art.id))
    extra: list[tuple[URIRef, URIRef, Literal]] = [(node, vocab.GEOKG.textSignature, Literal(sig, datatype=ns.XSD.string))]
    extra += [(node, vocab.GEOKG.signatureBand, Literal(key, datatype=ns.XSD.string)) for key in dedupe.bands(sig)]
    prepared.triples += "\n" + ntriples(extra)
    prepared.after.append(copy_mark(art.id, sig))
    return sig


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
        self._pending: list[PreparedArticle] = []
        self._sigs: dict[str, str] = {}  # pending article id -> its text signature
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
            sig = _signed(prepared)
            if sig:
                self._sigs[art.id] = sig
            if not self._pending:
                self._since = time.monotonic()
            self._pending.append(prepared)
            if (len(self._pending) >= self.commit_size
                    or time.monotonic() - self._since >= self.max_wait):
                yield from self.flush()
        yield from self.flush()

    def _settle(self, batch: list[PreparedArticle], sigs: dict[str, str]) -> None:
        """On a shared server, undo what a writer running at the same time may have mixed in.

        The server applies each update as one transaction but, as Oxigraph does, with
        snapshot isolation, not one after another: two writers replacing the same article
        at the same instant each drop only the version they saw, and the graph keeps both.
        So after its commit a writer looks: a graph of its batch holding two hashes is
        written again (drop + insert, one request) until it holds one, and an article that
        got no copy mark is compared again, now that the other writer's articles are
        committed; two articles that got marked as copies of each other are then untangled.
        The last writer to commit always looks last, so the store ends whole.
        """
        by_id = {p.result.article.id: p for p in batch}
        for attempt in range(SETTLE_TRIES):
            mixed = self.store.mixed(list(by_id))
            if not mixed:
                break
            time.sleep(random.uniform(0, 0.05 * 2 ** attempt))  # let the other writer finish
            self.store.write([by_id[a] for a in mixed])
        else:
            raise StoreError(f"articles {', '.join(mixed)} were written by another build at the same "
                             f"time {SETTLE_TRIES} times in a row; run this build again to settle them")
        self.store.mark_copies([copy_mark(a, sig, again=True) for a, sig in sigs.items()])
        if sigs:  # a request of its own, so it sees the marks the other writer committed meanwhile
            self.store.mark_copies([untangle(list(sigs))])

    def flush(self) -> Iterator[tuple[ArticleResult, str]]:
        """Commit the pending batch (if any) in one update; yields its outcomes."""
        batch, self._pending = self._pending, []
        sigs, self._sigs = self._sigs, {}
        if not batch:
            return
        # The one write of the batch: every article, copy mark and actor change in one transaction.
        self.store.write(batch)
        if not self.store.exclusive:
            self._settle(batch, sigs)
        self.duplicates += self.store.count_copies(list(sigs))
        if self.on_commit:
            self.on_commit(len(batch))
        for p in batch:
            yield p.result, "replaced" if p.replace else "added"
