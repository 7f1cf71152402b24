"""The end-to-end jobs the CLI and the notebooks share: extract, and build a store.

Both stream: articles are read lazily, parsed in batches and handed on one at a time,
and a bad input is reported through ``on_problem`` while the rest carries on.

>>> from kg.records import InputProblem
>>> report = BuildReport()
>>> report.skipped.append(InputProblem("x.bin", "binary file"))
>>> report.exit_code
1
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from kg.extract import Extractor
from kg.extract.fingerprint import fingerprint
from kg.extract.nlp import resolve_model_name
from kg.ingest import iter_inputs
from kg.records import Article, ArticleResult, InputProblem
from kg.store import default_store


class BuildCrashed(RuntimeError):
    """An unexpected error stopped a build; ``article`` names the article being handled.

    Everything committed before it stays stored (the batch in hand is committed first
    when the store still answers), so running the same command again resumes.
    """

    def __init__(self, article: str, cause: BaseException, report: BuildReport) -> None:
        super().__init__(f"build stopped by an unexpected error while handling {article}: "
                         f"{type(cause).__name__}: {cause}")
        self.article, self.cause, self.report = article, cause, report


@dataclass
class BuildReport:
    """What a run did: counts by outcome, and the inputs it skipped."""

    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    relations: int = 0
    #: Articles written that are syndicated copies of an earlier one (``geokg:duplicateOf``).
    duplicates: int = 0
    skipped: list[InputProblem] = field(default_factory=list)
    #: Notes on files left out on purpose (other file types in a folder); no effect on the exit code.
    ignored: list[InputProblem] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        """0 when every input went in, 1 when some were skipped."""
        return 1 if self.skipped else 0


def _articles(paths: Iterable[str | Path], report: BuildReport,
              on_problem: Callable[[InputProblem], None] | None) -> Iterator[Article]:
    for item in iter_inputs(paths):
        if isinstance(item, InputProblem):
            (report.ignored if item.ignored else report.skipped).append(item)
            if on_problem:
                on_problem(item)
        else:
            yield item


def _reporter(report: BuildReport,
              on_problem: Callable[[InputProblem], None] | None) -> Callable[[InputProblem], None]:
    """Record a problem in the report and pass it on."""
    def note(problem: InputProblem) -> None:
        report.skipped.append(problem)
        if on_problem:
            on_problem(problem)
    return note


def _named(article: Article) -> str:
    """How a crash names the article: its id and where it was read from."""
    where = f" ({article.source})" if article.source and article.source != article.id else ""
    return f"article {article.id}{where}"


def extract_paths(paths: Iterable[str | Path], *, model: str | None = None,
                  report: BuildReport | None = None,
                  on_problem: Callable[[InputProblem], None] | None = None,
                  batch_size: int = 16, n_process: int = 1) -> Iterator[ArticleResult]:
    """Read the inputs and extract each article; problems go to ``report``/``on_problem``."""
    report = report if report is not None else BuildReport()
    extractor = Extractor(model)
    version = fingerprint(extractor.model)
    for result in extractor.extract(_articles(paths, report, on_problem),
                                    batch_size=batch_size, n_process=n_process,
                                    on_problem=_reporter(report, on_problem)):
        result.extractor = version
        report.relations += len(result.relations)
        yield result


def build(paths: Iterable[str | Path], store_path: str | Path | None = None, *,
          model: str | None = None,
          on_problem: Callable[[InputProblem], None] | None = None,
          on_result: Callable[[ArticleResult, str], None] | None = None,
          batch_size: int = 16, n_process: int = 1,
          commit_size: int | None = None,
          workers: int | None = None, scheduler: str | None = None,
          report: BuildReport | None = None, extractor: str | None = None) -> BuildReport:
    """Extract every input and write it to the store in atomic batches of whole articles.

    Streaming and bounded: inputs are read lazily, parsed ``batch_size`` at a time (on
    ``n_process`` spaCy processes, or on Dask workers with ``workers``/``scheduler``, see
    :mod:`kg.builder.cluster`), and committed ``commit_size`` articles per transaction (see
    :mod:`kg.builder.writer`; default 64).  Resumable: an article already stored with the same text is
    not parsed again, and a crash loses at most the uncommitted batch, which the next run
    redoes.  Syndicated copies are marked ``geokg:duplicateOf`` (:mod:`kg.builder.dedupe`).

    ``store_path`` is a directory or the URL of a SPARQL 1.1 server (see
    :func:`kg.store.open_store`).  ``on_result(result, outcome)`` is called for each
    article once it is committed (or found unchanged); ``report`` (returned) is kept up
    to date as it goes, so a progress display can read it.

    An article is *unchanged*, and not parsed, when it is stored with the same text and
    the same extractor fingerprint (:mod:`kg.extract.fingerprint`; ``extractor``
    overrides it): a new geokg release that leaves the rules, lexicon, gazetteers and
    model alone re-parses nothing.
    """
    from kg.builder.writer import COMMIT_SIZE, BatchWriter
    from kg.extract.nlp import ModelNotFound
    from kg.store import StoreError, open_store

    report = report if report is not None else BuildReport()
    note = _reporter(report, on_problem)
    version = extractor or fingerprint(resolve_model_name(model))
    outcomes: dict[str, str] = {}  # looked up before parsing, handed to the writer
    current: list[Article] = []  # the article in hand, for naming it if the run crashes
    with open_store(str(store_path or default_store())) as store:
        def fresh() -> Iterator[Article]:
            for article in _articles(paths, report, on_problem):
                current[:] = [article]
                outcome = store.status(article.id, article.text, version)
                if outcome == "unchanged":
                    report.unchanged += 1
                    if on_result:
                        on_result(ArticleResult(article, extractor=version), "unchanged")
                    continue
                outcomes[article.id] = outcome
                yield article

        def unstorable(result: ArticleResult, err: Exception) -> None:
            art = result.article
            note(InputProblem(art.source or art.id,
                              f"article {art.id} cannot be stored ({err}); correct its url or id and build again"))

        writer = BatchWriter(store, commit_size=commit_size or COMMIT_SIZE, on_error=unstorable)
        try:
            with _results(fresh(), model=model, batch_size=batch_size, n_process=n_process,
                          workers=workers, scheduler=scheduler, on_problem=note) as results:
                for result, outcome in writer.write(_versioned(results, version), outcomes):
                    current[:] = [result.article]
                    _count(report, result, outcome, on_result)
        except (KeyboardInterrupt, StoreError, ConnectionError, ModelNotFound):
            raise
        except Exception as err:  # noqa: BLE001 - name the article, keep what was extracted
            try:
                for result, outcome in writer.flush():
                    _count(report, result, outcome, on_result)
            except Exception:  # noqa: BLE001, S110 - the store itself failed; report the first error
                pass
            raise BuildCrashed(_named(current[0]) if current else "the inputs", err, report) from err
        report.duplicates = writer.duplicates
    return report


def _versioned(results: Iterable[ArticleResult], version: str) -> Iterator[ArticleResult]:
    for result in results:
        result.extractor = version
        yield result


def _count(report: BuildReport, result: ArticleResult, outcome: str,
           on_result: Callable[[ArticleResult, str], None] | None) -> None:
    setattr(report, outcome, getattr(report, outcome) + 1)
    report.relations += len(result.relations)
    if on_result:
        on_result(result, outcome)


@contextmanager
def _results(articles: Iterator[Article], *, model: str | None, batch_size: int, n_process: int,
             workers: int | None, scheduler: str | None,
             on_problem: Callable[[InputProblem], None]) -> Iterator[Iterator[ArticleResult]]:
    """Extraction results, in input order, from this process or from Dask workers."""
    if workers or scheduler:
        from kg.builder.cluster import dask_client, extract_distributed

        with dask_client(workers, scheduler) as client:
            yield extract_distributed(articles, client, model=model, batch_size=batch_size,
                                      on_problem=on_problem)
        return
    yield Extractor(model).extract(articles, batch_size=batch_size, n_process=n_process,
                                   on_problem=on_problem)
