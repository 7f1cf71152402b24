"""Drive spaCy over a stream of articles: parse windows, and one bad article never stops the rest.

:class:`Extractor` loads the model once and streams articles through ``nlp.pipe``; the
per-document step is :func:`kg.extract.extract_doc`.  Two things can go wrong with real
corpora, and both are handled here rather than in the rules:

* **Length.** spaCy refuses a text over ``nlp.max_length`` (error E088), and parsing
  memory grows with the text.  A long article is cut into parse *windows* of at most
  :data:`WINDOW_CHARS` characters, at a paragraph break when there is one, else at a
  sentence end, else at a space (see :func:`windows`).  Each window is parsed and
  extracted on its own and its relations are shifted back to offsets into the whole
  article, so nothing is truncated and every offset still points into the text as read.
  Articles shorter than a window, nearly all news, are parsed whole, exactly as before.
* **Failures.** An exception while parsing or extracting one article becomes an
  :class:`~kg.records.InputProblem` naming it (given to ``on_problem``) and the stream
  goes on.  ``nlp.pipe`` works in batches, so when it raises, the articles it held are
  parsed again one at a time to find the one at fault, and a fresh pipe carries on
  with the articles after them.

>>> windows("First paragraph.\\n\\nSecond one, longer.", limit=25)
[(0, 'First paragraph.\\n\\n'), (18, 'Second one, longer.')]
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace

from kg.clean import clean
from kg.records import Article, ArticleResult, Entity, Evidence, InputProblem

#: Longest text parsed as one spaCy document.  Parsing memory grows with the document
#: (spaCy's guide: about 1 GB per 100,000 characters for the parser and NER); news
#: articles are far shorter, so this only ever cuts book-length inputs.
WINDOW_CHARS = 100_000

#: Where a window may end, best first: after a blank line, after a line break, after a
#: sentence's closing punctuation and space, after any space.
_BREAKS = (re.compile(r"\n[ \t]*\n\s*"), re.compile(r"\n\s*"), re.compile(r"[.!?][\"')\]]*\s+"),
           re.compile(r"\s+"))


class ExtractionFailed(RuntimeError):
    """One article could not be parsed or extracted; ``problem`` names it and says why."""

    def __init__(self, problem: InputProblem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def windows(text: str, limit: int = WINDOW_CHARS) -> list[tuple[int, str]]:
    """``(offset, piece)`` pairs that cover ``text`` exactly, each at most ``limit`` long.

    A piece ends at the last paragraph break that fits, else the last line break, else
    the last sentence end, else the last space; a text with no space at all in ``limit``
    characters is cut hard.  The pieces joined give the text back.

    >>> text = "One. Two three. " * 3
    >>> [piece for _, piece in windows(text, limit=20)]
    ['One. Two three. ', 'One. Two three. ', 'One. Two three. ']
    >>> "".join(p for _, p in windows("x" * 25, limit=10)) == "x" * 25
    True
    """
    if limit < 1:
        raise ValueError(f"window limit {limit} must be at least 1")
    out: list[tuple[int, str]] = []
    start = 0
    while len(text) - start > limit:
        end = _cut(text, start, start + limit)
        out.append((start, text[start:end]))
        start = end
    if start < len(text) or not out:
        out.append((start, text[start:]))
    return out


def _cut(text: str, start: int, stop: int) -> int:
    """Where the window starting at ``start`` ends: a break at or before ``stop``."""
    for pattern in _BREAKS:
        ends = [m.end() for m in pattern.finditer(text, start + 1, stop) if m.end() <= stop]
        if ends:
            return ends[-1]
    return stop


def shift(result: ArticleResult, offset: int, article: Article) -> ArticleResult:
    """A window's result as the whole article's: evidence offsets moved by ``offset``."""
    if offset == 0:
        return replace(result, article=article)
    relations = [replace(r, doc=article.id, evidence=Evidence(r.evidence.sentence, r.evidence.start + offset,
                                                              r.evidence.end + offset))
                 for r in result.relations]
    return ArticleResult(article, relations, list(result.entities))


@dataclass
class _Job:
    """One article on its way through spaCy: its windows and the results back so far."""

    article: Article
    pieces: list[tuple[int, str]]  # (offset, cleaned text) per window
    parts: list[ArticleResult] = field(default_factory=list)
    received: int = 0
    failed: bool = False


class Extractor:
    """Turns articles into :class:`~kg.records.ArticleResult` records.

    Parameters
    ----------
    model:
        spaCy model name; ``None`` means ``KG_MODEL`` or the default (see :mod:`kg.extract.nlp`).
    window:
        Longest text parsed as one document (capped below ``nlp.max_length``).
    """

    def __init__(self, model: str | None = None, *, window: int = WINDOW_CHARS):
        from kg.extract.nlp import load_nlp, resolve_model_name

        self.model = resolve_model_name(model)
        self.nlp = load_nlp(self.model)
        self.window = window

    @property
    def limit(self) -> int:
        """The longest window: ``window``, and always under spaCy's ``max_length``."""
        return max(1, min(self.window, self.nlp.max_length - 1))

    def extract(self, articles: Iterable[Article], *, batch_size: int = 16, n_process: int = 1,
                on_problem: Callable[[InputProblem], None] | None = None) -> Iterator[ArticleResult]:
        """Each article's result, in input order.

        An article that fails is left out and reported to ``on_problem``; without it,
        :class:`ExtractionFailed` is raised.
        """
        report = on_problem or _raise
        source = iter(articles)
        while True:
            pending: deque[_Job] = deque()
            feed = self._feed(source, pending, report)
            try:
                for doc, job in self.nlp.pipe(feed, as_tuples=True, batch_size=batch_size,
                                              n_process=n_process):
                    if self._part(job, doc, report):
                        pending.popleft()
                        if not job.failed:
                            yield _merge(job.article, job.parts)
                return
            except ExtractionFailed:
                raise
            except Exception:  # noqa: BLE001 - a batch failed: find the article at fault
                pass
            # the batch spaCy held: again, one article at a time; then a new pipe for the rest
            for job in pending:
                result = self._alone(job, report)
                if result is not None:
                    yield result

    def extract_one(self, article: Article) -> ArticleResult:
        """The result for one article; :class:`ExtractionFailed` if it cannot be extracted."""
        return next(self.extract([article]))

    # -- the steps -------------------------------------------------------------------

    def _feed(self, source: Iterator[Article], pending: deque[_Job],
              report: Callable[[InputProblem], None]) -> Iterator[tuple[str, _Job]]:
        """The windows of the next articles, as spaCy takes them; each job noted as pending."""
        for article in source:
            try:
                pieces = windows(clean(article.text).text, self.limit)
            except Exception as err:  # noqa: BLE001 - one article's text, never the run
                report(_problem(article, "cannot be cleaned", err))
                continue
            job = _Job(article, pieces)
            pending.append(job)
            for _offset, piece in pieces:
                yield piece, job

    def _part(self, job: _Job, doc, report: Callable[[InputProblem], None]) -> bool:
        """Extract one parsed window; ``True`` once the article's last window is in."""
        from kg.extract.assemble import extract_doc

        offset, piece = job.pieces[job.received]
        job.received += 1
        if not job.failed:
            window = job.article if len(job.pieces) == 1 else replace(
                job.article, text=job.article.text[offset:offset + len(piece)])
            try:
                job.parts.append(shift(extract_doc(doc, window), offset, job.article))
            except Exception as err:  # noqa: BLE001 - the rules failed on this article only
                job.failed = True
                report(_problem(job.article, "extraction failed", err))
        return job.received == len(job.pieces)

    def _alone(self, job: _Job, report: Callable[[InputProblem], None]) -> ArticleResult | None:
        """Parse one article's windows on their own, so its failure is its own."""
        job.parts, job.received, job.failed = [], 0, False
        for _offset, piece in job.pieces:
            try:
                doc = self.nlp(piece)
            except Exception as err:  # noqa: BLE001
                report(_problem(job.article, "spaCy could not parse it", err))
                return None
            self._part(job, doc, report)
            if job.failed:
                return None
        return _merge(job.article, job.parts)


def _merge(article: Article, parts: list[ArticleResult]) -> ArticleResult:
    """The windows' results as one: relations in text order, each actor once."""
    if len(parts) == 1:
        return parts[0]
    entities: dict[str, Entity] = {}
    for part in parts:
        for ent in part.entities:
            entities.setdefault(ent.iri, ent)
    return ArticleResult(article, [r for part in parts for r in part.relations], list(entities.values()))


def _problem(article: Article, what: str, err: Exception) -> InputProblem:
    detail = f"{type(err).__name__}: {err}".strip()
    if len(detail) > 300:
        detail = detail[:300] + "..."
    return InputProblem(article.source or article.id,
                        f"article {article.id}: {what} ({detail}); the other articles went on")


def _raise(problem: InputProblem) -> None:
    raise ExtractionFailed(problem)
