"""Read the inputs named on the command line as :class:`~kg.records.Article` records.

:func:`iter_inputs` is the one entry point.  It is a generator: articles are produced
one at a time, so a gigabyte of JSONL streams through in constant memory.  What cannot
be read becomes an :class:`~kg.records.InputProblem` in the same stream, in the place
the input would have been, so the caller reports it and carries on.

What is read, by extension (case-insensitive):

* ``.txt``, ``.md``: one article; id = file stem, text = the whole file, no title.
* ``.jsonl``: one article per line (see :mod:`kg.ingest.jsonl`); source = ``file:LINE``.
* ``.html``, ``.htm``: the page's main text and metadata (see :mod:`kg.ingest.html`).
* a directory: every such file below it, recursively.

Rules for directories: entries are visited in sorted (code-point) order, so runs are
reproducible; hidden files and everything under hidden directories (a name starting
with ``.``) are skipped silently; files with any other extension are left out too, since
directories often hold notes, images or PDFs next to the articles, and each folder that
holds some says so once, as an ``ignored`` problem (reported, not a failure).  A file
with an unsupported extension that is *named explicitly* is a problem, because the
user asked for it.  Symbolic links to directories are not followed (no loops).

Checks on every article: text must be UTF-8 (a byte-order mark is allowed), neither
binary nor blank, and English (see :mod:`kg.ingest.language`; texts under 20 words are
not judged).  Ids must be unique within one run: a later article with an id already
seen is a problem, and the first one is kept.

>>> import pathlib, tempfile
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "b.txt").write_text("Norland closed its border.", encoding="utf-8")
>>> _ = (folder / "a.pdf").write_bytes(b"%PDF-1.7")
>>> [type(item).__name__ + ":" + item.source[len(str(folder)) + 1:] for item in iter_inputs([folder])]
['Article:b.txt', 'InputProblem:']
>>> print(list(iter_inputs([folder]))[1].reason)
1 file of other types left out (.pdf); geokg reads .txt, .md, .jsonl, .html
>>> [str(item) for item in iter_inputs(["no/such/file.txt"])]
['no/such/file.txt: no such file or directory; check the path']
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from kg import messages
from kg.ingest.decode import Skip, decode, os_reason, read_bytes
from kg.ingest.html import read_html
from kg.ingest.jsonl import iter_jsonl
from kg.ingest.language import english_problem
from kg.records import Article, InputProblem

__all__ = ["SUFFIXES", "iter_inputs", "read_text_file"]

#: The file extensions read, and which reader reads them.
SUFFIXES = {".txt": "text", ".md": "text", ".jsonl": "jsonl", ".html": "html", ".htm": "html"}

Item = Article | InputProblem


def iter_inputs(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Item]:
    """Every article (or problem) from the given files and directories, in order."""
    seen: dict[str, str] = {}  # article id -> source of its first article
    for path in paths:
        yield from _checked(_read_path(Path(path), explicit=True), seen)


def read_text_file(path: Path, source: str) -> Article:
    """A ``.txt`` or ``.md`` file as one article; :class:`~kg.ingest.decode.Skip` if unreadable."""
    return Article(id=path.stem, text=decode(read_bytes(path), source), source=source)


def _checked(items: Iterator[Item], seen: dict[str, str]) -> Iterator[Item]:
    """Turn non-English and duplicate articles into problems; remember accepted ids."""
    for item in items:
        if isinstance(item, Article):
            source = item.source or item.id
            reason = english_problem(item.text)
            if reason is None and item.id in seen:
                reason = messages.duplicate_id(item.id, seen[item.id])
            if reason is not None:
                item = InputProblem(source, reason)
            else:
                seen[item.id] = source
        yield item


def _read_path(path: Path, explicit: bool) -> Iterator[Item]:
    source = str(path)
    try:
        mode = path.stat().st_mode
    except OSError as error:
        yield InputProblem(source, os_reason(error))
        return
    if stat.S_ISDIR(mode):
        yield from _walk(path)
    elif not stat.S_ISREG(mode):
        yield InputProblem(source, messages.not_a_file())
    elif path.suffix.lower() in SUFFIXES:
        yield from _read_file(path, SUFFIXES[path.suffix.lower()])
    elif explicit:
        yield InputProblem(source, messages.unsupported_type(path.suffix))


def _walk(top: Path) -> Iterator[Item]:
    """Every input below ``top``, depth first in sorted order, with a stack, not recursion.

    However deep the tree, no recursion limit is met; links to directories are never
    followed, so a link back up the tree cannot loop.  A folder's note about the files
    it left out comes once its entries are done.
    """
    stack: list[tuple[Iterator[tuple[Path, str]], InputProblem | None]] = []
    problem = _push(stack, top)
    if problem:
        yield problem
    while stack:
        entries, left_out = stack[-1]
        step = next(entries, None)
        if step is None:
            stack.pop()
            if left_out:
                yield left_out
            continue
        path, kind = step
        if kind == "dir":
            problem = _push(stack, path)
            if problem:
                yield problem
        elif kind == "file" and path.suffix.lower() in SUFFIXES:
            if _decodable(path.name):
                yield from _read_path(path, explicit=False)
            else:
                yield InputProblem(str(path), messages.undecodable_name())


def _push(stack: list[tuple[Iterator[tuple[Path, str]], InputProblem | None]],
          folder: Path) -> InputProblem | None:
    """Put the folder's visible entries, sorted, on the stack; a problem if it cannot be listed.

    Beside them goes the folder's ``ignored`` note on files of other types, if it has any.
    """
    try:
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=lambda entry: entry.name)
    except OSError as error:
        return InputProblem(str(folder), os_reason(error))
    # hidden entries (.git, .DS_Store, editor swap files) are skipped silently
    visible = [e for e in entries if not e.name.startswith(".")]
    others: dict[str, int] = {}
    for entry in visible:
        suffix = Path(entry.name).suffix.lower()
        if suffix not in SUFFIXES and _is_file(entry):
            others[suffix] = others.get(suffix, 0) + 1
    left_out = InputProblem(str(folder), messages.other_types(others), ignored=True) if others else None
    stack.append((iter([(folder / e.name, _entry_kind(e)) for e in visible]), left_out))
    return None


def _entry_kind(entry: os.DirEntry[str]) -> str:
    """``"dir"`` for a real directory, ``"link-dir"`` for a link to one, else ``"file"``."""
    try:
        if entry.is_dir(follow_symlinks=False):
            return "dir"
        if entry.is_symlink() and entry.is_dir(follow_symlinks=True):
            return "link-dir"  # skipped: following links to directories can loop
    except OSError:
        pass
    return "file"


def _is_file(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_file()
    except OSError:
        return False


def _decodable(name: str) -> bool:
    """Whether a file name read from the disk is valid UTF-8 (else it holds escaped bytes)."""
    return not any("\udc80" <= ch <= "\udcff" for ch in name)


def _read_file(path: Path, kind: str) -> Iterator[Item]:
    source = str(path)
    try:
        if kind == "jsonl":
            yield from iter_jsonl(path, source)
        elif kind == "html":
            yield read_html(path, source)
        else:
            yield read_text_file(path, source)
    except Skip as skip:
        yield InputProblem(source, skip.reason)
