"""How many articles the inputs hold, counted cheaply, so a build can show a total and an ETA.

A ``.jsonl`` file counts its lines (newlines counted a megabyte at a time, never parsed:
a gigabyte takes about a second; blank lines, which the reader skips, are counted too, so
the total can be a little high); any other file geokg reads counts one; a folder counts
what :func:`kg.ingest.iter_inputs` would visit in it (hidden entries and links to folders
left out).  A path that cannot be looked at adds nothing: the count is an estimate for a
progress bar, and reading reports the problem.

>>> import pathlib, tempfile
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "a.txt").write_text("One.", encoding="utf-8")
>>> _ = (folder / "b.jsonl").write_text('{"id": "1", "text": "x"}\\n{"id": "2", "text": "y"}', encoding="utf-8")
>>> _ = (folder / "c.pdf").write_bytes(b"%PDF")
>>> count_articles([folder]), count_articles([folder / "b.jsonl", folder / "a.txt"])
(3, 3)
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from kg.ingest import SUFFIXES

CHUNK = 1 << 20


def count_articles(paths: Iterable[str | os.PathLike[str]]) -> int:
    """The number of articles in ``paths`` (files and folders), as :mod:`kg.ingest` reads them."""
    return sum(_count_path(Path(p)) for p in paths)


def _count_path(path: Path) -> int:
    if path.is_dir() and not path.is_symlink():
        return sum(_count_file(f) for f in _files(path))
    return _count_file(path) if path.is_file() else 0


def _files(top: Path) -> Iterable[Path]:
    """Visible files below ``top``, with a stack rather than recursion (trees of any depth);
    links to folders are not followed."""
    stack = [top]
    while stack:
        try:
            with os.scandir(stack.pop()) as scan:
                entries = [e for e in scan if not e.name.startswith(".")]
        except OSError:
            continue
        for entry in entries:
            if _is_dir(entry):
                stack.append(Path(entry.path))
            else:
                yield Path(entry.path)


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir(follow_symlinks=False)
    except OSError:
        return False


def _count_file(path: Path) -> int:
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None:
        return 0
    if kind != "jsonl":
        return 1
    try:
        return _count_lines(path)
    except OSError:
        return 0


def _count_lines(path: Path) -> int:
    lines, last = 0, b"\n"
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            lines += chunk.count(b"\n")
            last = chunk[-1:]
    return lines + (last != b"\n")
