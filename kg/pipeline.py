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

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from kg.extract import Extractor
from kg.ingest import iter_inputs
from kg.records import Article, ArticleResult, InputProblem

#: Where the store lives unless ``--store`` or ``KG_STORE`` says otherwise.
DEFAULT_STORE = "kg-data"


def default_store() -> str:
    return os.environ.get("KG_STORE") or DEFAULT_STORE


@dataclass
class BuildReport:
    """What a run did: counts by outcome, and the inputs it skipped."""

    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    relations: int = 0
    skipped: list[InputProblem] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        """0 when every input went in, 1 when some were skipped."""
        return 1 if self.skipped else 0


def _articles(paths: Iterable[str | Path], report: BuildReport,
              on_problem: Callable[[InputProblem], None] | None) -> Iterator[Article]:
    for item in iter_inputs(paths):
        if isinstance(item, InputProblem):
            report.skipped.append(item)
            if on_problem:
                on_problem(item)
        else:
            yield item


def extract_paths(paths: Iterable[str | Path], *, model: str | None = None,
                  report: BuildReport | None = None,
                  on_problem: Callable[[InputProblem], None] | None = None,
                  batch_size: int = 16, n_process: int = 1) -> Iterator[ArticleResult]:
    """Read the inputs and extract each article; problems go to ``report``/``on_problem``."""
    report = report if report is not None else BuildReport()
    extractor = Extractor(model)
    for result in extractor.extract(_articles(paths, report, on_problem),
                                    batch_size=batch_size, n_process=n_process):
        report.relations += len(result.relations)
        yield result


def build(paths: Iterable[str | Path], store_path: str | Path | None = None, *,
          model: str | None = None,
          on_problem: Callable[[InputProblem], None] | None = None,
          on_result: Callable[[ArticleResult, str], None] | None = None,
          batch_size: int = 16, n_process: int = 1) -> BuildReport:
    """Extract every input and ingest it into the store, one transaction per article.

    Articles already stored with the same text are not parsed again.
    """
    from kg.store import Store

    report = BuildReport()
    with Store.open(store_path or default_store()) as store:
        def fresh() -> Iterator[Article]:
            for article in _articles(paths, report, on_problem):
                if store.is_current(article.id, article.text):
                    report.unchanged += 1
                    continue
                yield article

        extractor = Extractor(model)
        for result in extractor.extract(fresh(), batch_size=batch_size, n_process=n_process):
            outcome = store.ingest(result)
            setattr(report, outcome, getattr(report, outcome) + 1)
            report.relations += len(result.relations)
            if on_result:
                on_result(result, outcome)
    return report
