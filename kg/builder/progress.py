"""How far a build has got: a live rich bar on a terminal, log lines otherwise.

On a terminal the bar shows articles done, articles per second, relations found, and the
unchanged and skipped inputs; given the ``total`` the inputs hold
(:func:`kg.ingest.size.count_articles`), it also shows a bar, the percentage and the time
left.  When stderr is not a terminal (a log file, a CI job, a test reading the pipe) a
plain line is printed after the first committed batch and then at most every ``every``
seconds, so a long unattended build still says where it is.

>>> import io
>>> out = io.StringIO()
>>> with BuildProgress(stream=out, live=False, every=0) as progress:
...     progress.update(done=3, relations=7, unchanged=1, skipped=0)
>>> out.getvalue().split(",")[0]
'kg: 3 articles done'
>>> out = io.StringIO()
>>> with BuildProgress(stream=out, live=False, every=0, total=300) as progress:
...     progress.update(done=30, relations=7, unchanged=0, skipped=0)
>>> out.getvalue().split(",")[0]
'kg: 30/300 articles done (10%)'
"""

from __future__ import annotations

import sys
import time
from types import TracebackType
from typing import TextIO

from rich.console import Console
from rich.progress import (
    BarColumn, Progress, ProgressColumn, SpinnerColumn, TaskID, TaskProgressColumn, TextColumn,
    TimeElapsedColumn, TimeRemainingColumn,
)


class BuildProgress:
    """Progress of one build; call :meth:`update` with running totals.

    Give the ``console`` other messages go through, so they print above the live bar.
    """

    def __init__(self, *, stream: TextIO | None = None, live: bool | None = None,
                 every: float = 10.0, console: Console | None = None, total: int | None = None) -> None:
        self.console = console or Console(file=stream or sys.stderr)
        self.stream = stream or self.console.file
        self.live = self.console.is_terminal if live is None else live
        self.every = every
        self.total = total or None
        self._start = time.monotonic()
        self._last: float | None = None
        self._progress: Progress | None = None
        self._task: TaskID | None = None

    def __enter__(self) -> BuildProgress:
        self._start = time.monotonic()
        if self.live:
            self._progress = Progress(*self._columns(), console=self.console, transient=True)
            self._progress.start()
            self._task = self._progress.add_task("build", total=self.total, rate=0.0, relations=0,
                                                 unchanged=0, skipped=0)
        return self

    def _columns(self) -> list[ProgressColumn]:
        counted = "[bold]{task.completed}[/]" + ("/{task.total}" if self.total else "") + " articles"
        sized: list[ProgressColumn] = [BarColumn(bar_width=24), TaskProgressColumn(), TextColumn("ETA"),
                                       TimeRemainingColumn()] if self.total else []
        return [SpinnerColumn(), TextColumn(counted), *sized,
                TextColumn("{task.fields[rate]:.1f}/s"), TextColumn("{task.fields[relations]} relations"),
                TextColumn("{task.fields[unchanged]} unchanged"), TextColumn("{task.fields[skipped]} skipped"),
                TimeElapsedColumn()]

    def update(self, *, done: int, relations: int, unchanged: int, skipped: int) -> None:
        """Show the running totals (articles written or found unchanged, relations, skips).

        Against the total, a skipped input counts as handled: the bar reaches 100 %.
        """
        now = time.monotonic()
        rate = done / max(now - self._start, 1e-9)
        handled = done + skipped
        if self._progress is not None:
            self._progress.update(self._task, completed=handled if self.total else done, rate=rate,  # type: ignore[arg-type]
                                  relations=relations, unchanged=unchanged, skipped=skipped)
        elif self._last is None or now - self._last >= self.every:
            self._last = now
            print(f"kg: {self._counted(done, handled, now)}, {rate:.1f} articles/s, {relations} relations, "
                  f"{unchanged} unchanged, {skipped} skipped", file=self.stream, flush=True)

    def _counted(self, done: int, handled: int, now: float) -> str:
        """'3 articles done', or with a total '30/300 articles done (10%), ETA 1m05s'."""
        if not self.total:
            return f"{done} articles done"
        share = min(handled / self.total, 1.0)
        text = f"{done}/{self.total} articles done ({share:.0%})"
        if 0 < handled < self.total:
            left = (now - self._start) * (self.total - handled) / handled
            text += f", ETA {int(left // 60)}m{int(left % 60):02d}s"
        return text

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if self._progress is not None:
            self._progress.stop()
