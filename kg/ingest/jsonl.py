"""Read articles from JSON Lines, one object per line, streaming.

A line looks like ``{"id": "a1", "text": "...", "title": "...", "date": "2024-10-03",
"url": "https://...", "publisher": "..."}``: ``id`` and ``text`` are required, the rest optional, and other
fields are ignored.  An integer ``id`` is accepted and turned into a string.  Blank
lines are skipped.  The file is read line by line, so a file of any size streams in
constant memory.

A bad line does not stop the file: it becomes an :class:`~kg.records.InputProblem`
whose source is ``file:LINE`` and the following lines are still read.  Only problems
with the file as a whole (it is binary, empty, or cannot be opened) skip all of it.

>>> parse_line('{"id": 7, "text": "Hello.", "date": "3 October 2024"}', "a.jsonl:1")
Article(id='7', text='Hello.', title=None, date='2024-10-03', url=None, source='a.jsonl:1', dateline=None, publisher=None)
>>> parse_line('["a", "b"]', "a.jsonl:2")
Traceback (most recent call last):
...
kg.ingest.decode.Skip: JSON array instead of an object; each line must look like {"id": "...", "text": "..."}
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kg import messages
from kg.ingest.dates import normalise_date
from kg.ingest.decode import SNIFF_BYTES, UTF16_BOMS, Skip, decode_utf8, is_binary, os_reason, strip_bom
from kg.records import Article, InputProblem


def json_kind(value: Any) -> str:
    """The JSON name of a parsed value's type, for messages.

    >>> json_kind([1]), json_kind(True), json_kind(1.5)
    ('array', 'boolean', 'number')
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def _optional_str(record: dict[str, Any], name: str) -> str | None:
    value = record.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise Skip(messages.wrong_type(name, json_kind(value), "a string or null"))
    return value.strip() or None


_SURROGATE = re.compile("[\ud800-\udfff]")


def parse_line(line: str, source: str) -> Article:
    """One JSON line as an :class:`Article`, or :class:`Skip` saying what is wrong with it."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        raise Skip(messages.bad_json(f"{error.msg} at column {error.colno}")) from None
    if not isinstance(record, dict):
        raise Skip(messages.not_an_object(json_kind(record)))

    article_id = record.get("id")
    if isinstance(article_id, int) and not isinstance(article_id, bool):
        article_id = str(article_id)
    if article_id is None or (isinstance(article_id, str) and not article_id.strip()):
        raise Skip(messages.missing_field("id"))
    if not isinstance(article_id, str):
        raise Skip(messages.wrong_type("id", json_kind(article_id), "a string or an integer"))

    text = record.get("text")
    if text is None or (isinstance(text, str) and not text.strip()):
        raise Skip(messages.missing_field("text"))
    if not isinstance(text, str):
        raise Skip(messages.wrong_type("text", json_kind(text), "a string"))

    for name in ("id", "text", "title", "url", "publisher"):
        value = record.get(name)
        if isinstance(value, str) and _SURROGATE.search(value):
            # "\ud800" escapes decode to text that no store can encode
            raise Skip(messages.bad_unicode(name))

    date = record.get("date")
    if date is not None and (isinstance(date, bool) or not isinstance(date, (str, int))):
        raise Skip(messages.wrong_type("date", json_kind(date), 'a string such as "2024-10-03"'))

    return Article(
        id=article_id.strip(),
        text=text,
        title=_optional_str(record, "title"),
        date=normalise_date(date),
        url=_optional_str(record, "url"),
        source=source,
        publisher=_optional_str(record, "publisher"),
    )


def iter_jsonl(path: Path, source: str) -> Iterator[Article | InputProblem]:
    """Each line's article or problem, in file order; :class:`Skip` if the whole file is bad."""
    try:
        handle = path.open("rb")
    except OSError as error:
        raise Skip(os_reason(error)) from None
    with handle:
        head = handle.read(SNIFF_BYTES)
        if head.startswith(UTF16_BOMS):
            raise Skip(messages.utf16())
        if is_binary(head):
            raise Skip(messages.binary())
        handle.seek(0)
        offset = 0  # bytes before the current line, for pointing at bad UTF-8
        any_content = False
        for number, raw in enumerate(handle, start=1):
            start, offset = offset, offset + len(raw)
            if number == 1:
                raw, skipped = strip_bom(raw)
                start += skipped
            if not raw.strip():
                continue
            any_content = True
            where = f"{source}:{number}"
            try:
                yield parse_line(decode_utf8(raw.rstrip(b"\r\n"), source, start), where)
            except Skip as skip:
                yield InputProblem(where, skip.reason)
    if not any_content:
        raise Skip(messages.empty())
