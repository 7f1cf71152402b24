"""The Python API for notebooks and scripts: build or open a graph, then ask it things.

The jobs here are the command line's own (:mod:`kg.app`, :func:`kg.builder.pipeline.build`), so
a notebook and ``kg ...`` give the same answers.  What this module adds is what a
notebook wants: tables as pandas DataFrames, actors named by label, and the interactive
page shown inline.  Tables are always DataFrames; without pandas (``pip install
"geokg[notebooks]"``) a table method raises an ``ImportError`` that names the extra, and
:meth:`KnowledgeGraph.query_result` and :meth:`KnowledgeGraph.relations` still work.

A graph opens from a store directory or from a SPARQL 1.1 server's URL, as ``--store``
accepts: ``kg.open("http://127.0.0.1:7878")``.

A store has one writer at a time (:class:`kg.store.StoreInUse`), and readers are
refused while it writes.  So :func:`build` writes, closes, and hands back the graph
opened *read-only*; before writing it closes any graph this process still has open on
the same store, so re-running a notebook's build cell never locks itself out.

>>> import tempfile
>>> from pathlib import Path
>>> from kg.records import Article, ArticleResult, Entity, Evidence, Relation
>>> from kg.store import Store
>>> prk = Entity("https://w3id.org/geokg/id/state/PRK", "North Korea", "State", "PRK", "Q423")
>>> rus = Entity("https://w3id.org/geokg/id/state/RUS", "Russia", "State", "RUS", "Q159")
>>> text = "North Korea sent troops to Russia."
>>> rel = Relation("a1", prk, "sendsTroopsTo", rus, Evidence(text, 0, len(text)), "svo", confidence=0.85)
>>> path = Path(tempfile.mkdtemp()) / "kg-data"
>>> with Store.open(path) as store:
...     store.ingest(ArticleResult(Article("a1", text), [rel], [prk, rus]))
'added'
>>> import kg
>>> with kg.open(path) as graph:
...     [(r.subject.label, r.predicate, r.object.label) for r in graph.relations()]
...     graph.blocs()
[('North Korea', 'sendsTroopsTo', 'Russia')]
[['North Korea', 'Russia']]
"""

from __future__ import annotations

import functools
import html
import re
import tempfile
import warnings
import weakref
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from kg import app
from kg.records import RELATION_COLUMNS, InputProblem, Relation, relation_row
from kg.rdf.sparql import Query
from kg.store import GraphStore, StoreError, is_url

if TYPE_CHECKING:  # pragma: no cover - imported for annotations only
    import networkx as nx
    import pandas

    from kg.builder.pipeline import BuildReport
    from kg.rdf.query import QueryResult

__all__ = [
    "KnowledgeGraph",
    "Query",
    "SkippedInput",
    "build",
    "extract_text",
    "highlight",
    "highlight_claim",
    "iframe",
    "open",
    "surface_forms",
]


#: Columns of :meth:`KnowledgeGraph.actors`, in order.
ACTOR_COLUMNS = ("id", "label", "type", "iso3", "wikidata", "claims")

#: Columns of :meth:`KnowledgeGraph.claims`, in order: a claim's row and its signed score.
CLAIM_COLUMNS = (*RELATION_COLUMNS, "score")

# Graphs this process has open, so build() can close them before it writes.
_OPEN: weakref.WeakSet[KnowledgeGraph] = weakref.WeakSet()


class SkippedInput(UserWarning):
    """An input :func:`build` could not read; the message names it and says why."""


class KnowledgeGraph:
    """A geokg store opened for reading, with table, analysis and drawing helpers.

    Get one from :func:`build` or :func:`open`; close it (or use ``with``) to let
    another process write to the store.

    Attributes
    ----------
    store : kg.store.GraphStore
        The underlying store (on disk or a SPARQL server), for anything not wrapped here.
    path : pathlib.Path or None
        The store directory (``None`` for a server).
    location : str
        The store directory or the server's URL, as messages name it.
    report : kg.builder.pipeline.BuildReport or None
        What :func:`build` did (added, replaced, unchanged, skipped); ``None`` after :func:`open`.
    """

    def __init__(self, store: GraphStore, report: BuildReport | None = None) -> None:
        self.store = store
        self.path: Path | None = getattr(store, "path", None)
        self.location = store.shown
        self.report = report
        _OPEN.add(self)

    # -- lifetime --------------------------------------------------------------------------

    def close(self) -> None:
        """Release the store, so another process (or :func:`build`) may write; safe twice."""
        self.store.close()
        _OPEN.discard(self)

    @property
    def closed(self) -> bool:
        """Whether :meth:`close` has been called."""
        return self not in _OPEN

    def __enter__(self) -> KnowledgeGraph:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def __repr__(self) -> str:
        if self.closed:
            return f"<KnowledgeGraph {self.location} (closed)>"
        counts = self.store.stats()
        return f"<KnowledgeGraph {self.location}: {counts['articles']} article(s), {counts['claims']} claim(s)>"

    # -- records and tables ----------------------------------------------------------------

    def articles(self) -> list[str]:
        """Ids of the stored articles, sorted."""
        return self.store.articles()

    def stats(self) -> dict[str, Any]:
        """The counts ``kg stats`` prints: articles, claims, actors by type, relations by property."""
        return self.store.stats()

    def relations(self, since: str | None = None, until: str | None = None, *,
                  include_rejected: bool = False) -> list[Relation]:
        """Every stored claim as a :class:`~kg.records.Relation`, optionally within ISO dates.

        Negated and denied claims are included (see ``negated`` and ``modality``); claims a
        reviewer rejected (``kg review reject``) only with ``include_rejected``.
        """
        return list(self.store.relations(since=since, until=until, include_rejected=include_rejected))

    def relations_frame(self, since: str | None = None, until: str | None = None) -> pandas.DataFrame:
        """The claims as a DataFrame, one row per claim, actors by label (``*_id`` columns: IRIs).

        Columns :data:`RELATION_COLUMNS`, the row shape of :func:`kg.records.relation_row`.
        """
        rows = [relation_row(r) for r in self.relations(since, until)]
        rows.sort(key=lambda r: (r["doc"], r["start"], r["subject"], r["predicate"], r["object"]))
        return _frame(rows, RELATION_COLUMNS)

    def actors(self) -> pandas.DataFrame:
        """Every actor with its type, ISO3 and Wikidata ids and its number of claims.

        Most mentioned first; a DataFrame with the columns :data:`ACTOR_COLUMNS`.
        """
        counts: Counter[str] = Counter()
        for rel in self.store.relations():
            counts.update({rel.subject.iri, rel.object.iri})
        entities = sorted(self.store.entities(), key=lambda e: (-counts[e.iri], e.label, e.iri))
        rows = [
            {"id": e.iri, "label": e.label, "type": e.type, "iso3": e.iso3,
             "wikidata": e.wikidata, "claims": counts[e.iri]}
            for e in entities
        ]
        return _frame(rows, ACTOR_COLUMNS)

    # -- SPARQL ----------------------------------------------------------------------------

    def query(self, query: Query | str, /, **params: Any) -> pandas.DataFrame:
        """Run SPARQL and return the result as a DataFrame.

        Parameters
        ----------
        query
            A shipped query's name (``"allies-of"``, see :func:`kg.rdf.sparql.shipped_queries`)
            or SPARQL text; a ``.rq`` file as ``kg.Query.file("mine.rq")`` (a string is
            never read as a file name).  The usual prefixes are predefined.
        **params
            Values for the query's declared parameters, e.g. ``actor="Russia"``.

        Returns
        -------
        pandas.DataFrame
            One column per variable, values as plain Python (IRIs as ``str``, numbers,
            booleans, dates; ``None`` when unbound).  ASK gives one column ``boolean``;
            CONSTRUCT gives ``subject``, ``predicate``, ``object``.
        """
        result = self.query_result(query, **params)
        return _pandas().DataFrame(result.rows, columns=result.variables)

    def query_result(self, query: Query | str, /, **params: Any) -> QueryResult:
        """Like :meth:`query`, but the :class:`kg.rdf.query.QueryResult` (RDF terms kept; no pandas needed)."""
        return app.run_query(self.store, query, params)

    # -- analysis --------------------------------------------------------------------------

    def signed_graph(self, *, since: str | None = None, until: str | None = None,
                     **options: Any) -> nx.Graph:
        """The signed actor graph, a syndicated story counted once (``options``: see :func:`kg.app.actor_graph`)."""
        return app.actor_graph(self.store, since=since, until=until, **options)

    def claims(self, subject: str, object: str, *, since: str | None = None,
               until: str | None = None, roll_up: bool = True) -> pandas.DataFrame:
        """The evidence behind the edge between two actors, strongest first.

        Actors are labels (any case) or IRIs.  The edge is the signed graph's, so it
        holds claims in either direction (each row says which way), structural ones
        (``represents``...) too, and with ``roll_up`` a person's acts drawn for the
        state the person represents (``actor`` names the person).  A DataFrame
        (:data:`CLAIM_COLUMNS`, with each claim's signed ``score``); empty when the two
        are not joined.  Raises ``KeyError`` naming close matches
        for an unknown actor.
        """
        G = self.signed_graph(since=since, until=until, roll_up=roll_up, structural=True)
        return _frame(app.analysis(G, "explain", (subject, object)), CLAIM_COLUMNS)

    def blocs(self, **options: Any) -> list[list[str]]:
        """Blocs of actors (labels) by structural balance, largest first (:func:`kg.analyse.blocs`)."""
        return list(app.analysis(self.signed_graph(**options), "blocs")["blocs"])

    def allies(self, actor: str, **options: Any) -> list[dict[str, Any]]:
        """Actors joined to ``actor`` by a positive edge, strongest first (:func:`kg.analyse.friends`)."""
        return list(app.analysis(self.signed_graph(**options), "allies", (actor,)))

    def adversaries(self, actor: str, **options: Any) -> list[dict[str, Any]]:
        """Actors joined to ``actor`` by a negative edge, most hostile first."""
        return list(app.analysis(self.signed_graph(**options), "adversaries", (actor,)))

    # -- drawing ---------------------------------------------------------------------------

    def to_html(self, path: str | Path, *, ego: str | None = None, hops: int = 1,
                since: str | None = None, until: str | None = None, min_weight: float = 0.0,
                structural: bool = True, title: str = "geokg", min_confidence: float = 0.0,
                modalities: list[str] | None = None) -> Path:
        """Write the interactive page, as ``kg viz`` does, and return its path.

        ``ego``/``hops`` keep one actor's neighbourhood; ``min_weight`` hides weak
        edges; ``since``/``until`` keep claims in a date window; ``min_confidence`` and
        ``modalities`` keep only those claims.
        """
        written, _G = app.write_page(self.store, path, title=title, ego=ego, hops=hops, since=since,
                                     until=until, min_weight=min_weight, structural=structural,
                                     min_confidence=min_confidence, modalities=modalities)
        return written

    def to_pyvis_iframe(self, *, height: int = 600, **options: Any) -> Any:
        """The interactive page as an ``IPython.display.HTML`` that shows it inline.

        The page from :meth:`to_html` (same ``options``) goes, escaped, into the
        ``srcdoc`` of a sandboxed ``<iframe>``, which classic Jupyter, JupyterLab and VS
        Code all render, and which keeps the page's scripts and styles away from the
        notebook's.  ``height`` is in pixels.
        """
        from IPython.display import HTML

        with tempfile.TemporaryDirectory(prefix="geokg-page-") as tmp:
            page = self.to_html(Path(tmp) / "graph.html", **options).read_text(encoding="utf-8")
        return HTML(iframe(page, height=height))


# -- module functions ----------------------------------------------------------------------


def open(store: str | Path | None = None) -> KnowledgeGraph:  # noqa: A001 - kg.open reads well
    """Open an existing store read-only: a directory (default ``./kg-data`` or ``KG_STORE``)
    or the ``http(s)://`` URL of a SPARQL 1.1 server, as ``--store`` takes.

    Several readers may share a store; a writer elsewhere makes this raise
    :class:`kg.store.StoreInUse`, a directory with no store :class:`kg.store.StoreNotFound`,
    and a server that does not answer :class:`kg.store.StoreError`.
    """
    return KnowledgeGraph(app.open_graph(store, read_only=True))


def build(paths: str | Path | Iterable[str | Path], store: str | Path | None = None, *,
          model: str | None = None, batch_size: int = 16) -> KnowledgeGraph:
    """Extract articles into a store, as ``kg build`` does, and return the graph read-only.

    Parameters
    ----------
    paths
        One path or several: ``.txt``/``.md``/``.jsonl``/``.html`` files or folders.
    store
        The store directory (created if new) or a SPARQL server's URL; default
        ``./kg-data`` or ``KG_STORE``.
    model
        spaCy model name; default ``KG_MODEL`` or the packaged English model.
    batch_size
        Articles per spaCy batch.

    Returns
    -------
    KnowledgeGraph
        Opened read-only, with ``.report`` saying what went in.  Each skipped input is
        also announced as a :class:`SkippedInput` warning.

    Graphs this process still has open on the same store are closed first (the store
    cannot be written while they read it); use the returned graph from then on.
    """
    from kg.builder.pipeline import build as run_build
    from kg.store import default_store

    target = str(store or default_store())
    if isinstance(paths, (str, Path)):
        paths = [paths]
    _close_open_graphs(target)

    def skipped(problem: InputProblem) -> None:
        verb = "ignored" if problem.ignored else "skipped"
        warnings.warn(f"{verb} {problem}", SkippedInput, stacklevel=2)

    report = run_build(list(paths), target, model=model, on_problem=skipped, batch_size=batch_size)
    try:
        return KnowledgeGraph(app.open_graph(target, read_only=True), report)
    except StoreError as err:
        raise StoreError(f"{err} (the build finished; open it later with kg.open({target!r}))") from err


def _close_open_graphs(target: str) -> None:
    if is_url(target):
        return  # a server has no lock for an open reader to hold
    where = Path(target).resolve()
    for graph in list(_OPEN):
        if graph.path is not None and Path(graph.path).resolve() == where:
            graph.close()


@functools.lru_cache(maxsize=2)
def _extractor(model: str | None) -> Any:
    from kg.extract import Extractor

    return Extractor(model)


def extract_text(text: str, id: str = "doc", *, title: str | None = None,
                 date: str | None = None, model: str | None = None) -> list[Relation]:
    """The relations in one text, without a store: for trying sentences out.

    The spaCy model is loaded once per process.  Negated and denied claims are
    included, flagged by ``negated`` and ``modality``.
    """
    from kg.records import Article

    if not isinstance(text, str):
        raise TypeError(f"extract_text needs the article text as a str, not {type(text).__name__}")
    return _extractor(model).extract_one(Article(id, text, title=title, date=date)).relations


def highlight(text: str, terms: Iterable[str | None]) -> str:
    """``text`` as escaped HTML with every whole-word occurrence of ``terms`` (any case) in ``<mark>``.

    Longer terms win where terms overlap; empty or ``None`` terms are ignored.

    >>> highlight("North Korea & Russia <met> Russians", ["russia", "Korea", "North Korea", None])
    '<mark>North Korea</mark> &amp; <mark>Russia</mark> &lt;met&gt; Russians'
    """
    wanted = sorted({t.strip() for t in terms if t and t.strip()}, key=lambda t: (-len(t), t))
    if not wanted:
        return html.escape(text)
    alternatives = "|".join(re.escape(t) for t in wanted)
    pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)
    out, last = [], 0
    for m in pattern.finditer(text):
        out.append(html.escape(text[last:m.start()]))
        out.append(f"<mark>{html.escape(m.group())}</mark>")
        last = m.end()
    out.append(html.escape(text[last:]))
    return "".join(out)


def highlight_claim(claim: Mapping[str, Any]) -> str:
    """A claim's evidence sentence as escaped HTML, its actors' names in ``<mark>``.

    ``claim`` is a row of :meth:`KnowledgeGraph.claims` (a dict or a pandas row).  The
    names marked are those the extractor knows for the subject, the object and the acting
    person: names, acronyms, capitals and metonyms, demonyms (*DPRK*, *Pyongyang*, *North
    Korean*), and a person's surname.
    """
    terms: list[str] = []
    for label, iri in ((claim.get("subject"), claim.get("subject_id")),
                       (claim.get("object"), claim.get("object_id")),
                       (claim.get("actor"), None)):
        if label:
            terms.extend(surface_forms(str(label), str(iri) if iri else None))
    return highlight(str(claim.get("sentence", "")), terms)


def surface_forms(label: str, iri: str | None = None) -> list[str]:
    """The ways text may name an actor: its gazetteer names, or a person's full name and surname.

    >>> surface_forms("Robert Wood")
    ['Robert Wood', 'Wood']
    """
    forms = {label}
    key = None
    if iri is not None:
        from kg.extract.gazetteer import Gazetteer  # the gazetteer lives with extraction (spaCy)

        gazetteer = Gazetteer.load()
        key = gazetteer.key_of_iri.get(iri)
        if key is not None:
            forms.update(s.text for s in gazetteer.surfaces if s.key == key)
    if key is None and len(label.split()) > 1 and (iri is None or "/person/" in iri):
        forms.add(label.split()[-1])
    return sorted(forms, key=lambda f: (-len(f), f))


def iframe(page: str, *, height: int = 600) -> str:
    """A ``<div>`` holding a sandboxed ``<iframe>`` whose ``srcdoc`` is ``page``, escaped.

    The sandbox allows scripts only: the page runs in an origin of its own, apart from
    the notebook.

    >>> print(iframe('<p title="x">a &amp; b</p>', height=200))  # doctest: +NORMALIZE_WHITESPACE
    <div class="geokg-graph"><iframe srcdoc="&lt;p title=&quot;x&quot;&gt;a &amp;amp; b&lt;/p&gt;"
    sandbox="allow-scripts" style="width: 100%; height: 200px; border: 0"
    title="geokg graph"></iframe></div>
    """
    if height <= 0:
        raise ValueError(f"height must be a positive number of pixels, not {height}")
    return (
        f'<div class="geokg-graph"><iframe srcdoc="{html.escape(page, quote=True)}" '
        f'sandbox="allow-scripts" style="width: 100%; height: {int(height)}px; border: 0" '
        'title="geokg graph"></iframe></div>'
    )


# -- helpers -------------------------------------------------------------------------------


def _pandas() -> Any:
    """pandas, or an ``ImportError`` naming the extra that brings it."""
    try:
        import pandas as pd
    except ImportError:
        raise ImportError(
            'geokg\'s tables are pandas DataFrames; install pandas with pip install "geokg[notebooks]" '
            "(or use .query_result() and .relations(), which need no pandas)"
        ) from None
    return pd


def _frame(rows: list[dict[str, Any]], columns: Sequence[str]) -> pandas.DataFrame:
    """A DataFrame of ``rows`` with exactly ``columns``."""
    return _pandas().DataFrame([[row.get(c) for c in columns] for row in rows], columns=list(columns))
