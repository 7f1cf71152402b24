"""Extraction on Dask distributed workers; the results stream back to the one writer.

Why Dask: parsing is the expensive, embarrassingly parallel part of a build, and Dask
already schedules work, ships data, restarts dead workers and scales from a laptop
(``--workers N``: a ``LocalCluster`` on 127.0.0.1) to many machines (``--scheduler
tcp://HOST:8786``; each worker machine needs geokg and the spaCy model installed).

Each worker process loads the model once (:func:`worker_extractor` is cached per
process) and parses whole batches of articles; the client keeps a bounded number of
batches in flight and hands results on **in input order**, so a distributed build writes
exactly what a single-process build writes, and memory stays bounded whatever the
corpus size.  Writing stays with the client (one writer per store on disk; for many
writers use a SPARQL server as the store).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from itertools import islice
from typing import Any

from kg.records import Article, ArticleResult, InputProblem

#: Batches per worker kept in flight: enough to keep workers busy, few enough to bound memory.
IN_FLIGHT_PER_WORKER = 2


@lru_cache(maxsize=2)
def worker_extractor(model: str | None):
    """The process's :class:`~kg.extract.Extractor`, loaded on first use and kept."""
    from kg.extract import Extractor

    return Extractor(model)


def extract_batch(articles: list[Article], model: str | None) -> list[ArticleResult | InputProblem]:
    """Runs on a worker: parse a batch of articles with the worker's cached model.

    An article that fails comes back as the :class:`~kg.records.InputProblem` naming it.
    """
    out: list[ArticleResult | InputProblem] = []
    out.extend(worker_extractor(model).extract(articles, batch_size=max(1, len(articles)),
                                               on_problem=out.append))
    return out


def _batches(items: Iterable[Article], size: int) -> Iterator[list[Article]]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


@contextmanager
def dask_client(workers: int | None = None, scheduler: str | None = None, *,
                timeout: float = 10.0) -> Iterator[Any]:
    """A Dask client: to ``scheduler`` if given, else to a local cluster of ``workers`` processes.

    The local cluster listens on 127.0.0.1 only, with one thread per worker (spaCy is not
    faster with threads) and no dashboard.
    """
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as err:  # pragma: no cover - dask is a dependency
        raise RuntimeError("Dask is not installed; pip install 'dask[distributed]'") from err
    if scheduler:
        try:
            client = Client(scheduler, timeout=f"{timeout}s")
        except OSError as err:
            raise ConnectionError(
                f"cannot reach the Dask scheduler {scheduler} ({err}); start one with "
                "'dask scheduler' and workers with 'dask worker "
                f"{scheduler}', or use --workers N for a local cluster") from err
        with client:
            yield client
        return
    if workers is None or workers < 1:
        raise ValueError(f"--workers {workers} must be at least 1")
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None) as cluster, Client(cluster) as client:
        yield client


def extract_distributed(articles: Iterable[Article], client: Any, *, model: str | None = None,
                        batch_size: int = 16,
                        on_problem: Callable[[InputProblem], None] | None = None) -> Iterator[ArticleResult]:
    """Parse ``articles`` on the client's workers; yields results in input order.

    An article a worker could not extract goes to ``on_problem`` (or is dropped).

    Articles are read lazily: only ``IN_FLIGHT_PER_WORKER`` batches per worker are
    submitted ahead of the one being handed on.
    """
    workers = max(1, len(client.scheduler_info().get("workers", {})))
    limit = IN_FLIGHT_PER_WORKER * workers
    futures: deque = deque()
    for batch in _batches(articles, max(1, batch_size)):
        futures.append(client.submit(extract_batch, batch, model, pure=False))
        if len(futures) >= limit:
            yield from _sorted(futures.popleft().result(), on_problem)
    while futures:
        yield from _sorted(futures.popleft().result(), on_problem)


def _sorted(items: list[ArticleResult | InputProblem],
            on_problem: Callable[[InputProblem], None] | None) -> Iterator[ArticleResult]:
    for item in items:
        if isinstance(item, InputProblem):
            if on_problem:
                on_problem(item)
        else:
            yield item
