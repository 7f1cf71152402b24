"""Turn a file's bytes into text, or say precisely why they are not text we can read.

Every reader (plain text, JSONL, HTML) starts from bytes, and the same things go wrong
with them: the file cannot be opened, is empty, is binary, or is not UTF-8.  Each is
raised as :class:`Skip` carrying the user-facing reason from :mod:`kg.messages`, so
the reader that meets it turns it into one :class:`~kg.records.InputProblem`.

>>> decode(b"\\xef\\xbb\\xbfHello", "a.txt")  # a UTF-8 byte-order mark is dropped
'Hello'
>>> try:
...     decode(b"caf\\xe9", "a.txt")
... except Skip as skip:
...     print(skip.reason)
not UTF-8: byte 0xE9 at offset 3 cannot be decoded; re-encode the file, e.g. iconv -f WINDOWS-1252 -t UTF-8 a.txt > a.utf8.txt
"""

from __future__ import annotations

import errno
from pathlib import Path

from kg import messages

BOM = b"\xef\xbb\xbf"
#: Byte-order marks of UTF-16 (read as text files; a JSONL file must be UTF-8).
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
#: How much of a file is looked at to decide whether it is binary.
SNIFF_BYTES = 8192
#: Control bytes (other than tab, newline, carriage return, form feed) never appear in text.
_CONTROL = frozenset(range(32)) - {9, 10, 12, 13} | {127}
#: More than this share of control bytes in the sniffed head means binary.
_MAX_CONTROL_SHARE = 0.10


class Skip(Exception):
    """The input (or one line of it) is to be skipped; ``reason`` says why and how to fix it."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def os_reason(error: OSError) -> str:
    """The message for an error from opening or reading a path."""
    if isinstance(error, FileNotFoundError):
        return messages.not_found()
    if isinstance(error, PermissionError):
        return messages.unreadable()
    if error.errno in (errno.ENXIO, errno.ENODEV):
        return messages.not_a_file()
    return messages.os_error(error.strerror or str(error))


def read_bytes(path: Path) -> bytes:
    """The whole file, or :class:`Skip` if it cannot be read."""
    try:
        return path.read_bytes()
    except OSError as error:
        raise Skip(os_reason(error)) from None


def is_binary(head: bytes) -> bool:
    """Whether the first bytes of a file look like binary data rather than text.

    >>> is_binary(b"%PDF-1.7\\n\\x00\\x01")
    True
    >>> is_binary("naïve text".encode("latin-1"))  # not UTF-8, but still text
    False
    """
    head = head[:SNIFF_BYTES]
    if b"\x00" in head:
        return True
    if not head:
        return False
    controls = sum(byte in _CONTROL for byte in head)
    return controls / len(head) > _MAX_CONTROL_SHARE


def strip_bom(data: bytes) -> tuple[bytes, int]:
    """The bytes without a leading UTF-8 byte-order mark, and how many bytes were dropped."""
    return (data[len(BOM) :], len(BOM)) if data.startswith(BOM) else (data, 0)


def decode_utf8(data: bytes, path: str | Path, base_offset: int = 0) -> str:
    """Strict UTF-8; on failure, :class:`Skip` naming the first bad byte's offset in the file."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        offset = base_offset + error.start
        raise Skip(messages.not_utf8(path, offset, data[error.start])) from None


def decode(data: bytes, path: str | Path) -> str:
    """Checked text of a whole file: not binary, UTF-8 (BOM allowed) or UTF-16 with a BOM, not blank.

    >>> decode("Hello".encode("utf-16"), "a.txt")
    'Hello'
    """
    if data.startswith(UTF16_BOMS):
        return _utf16(data, path)
    if is_binary(data):
        raise Skip(messages.binary())
    body, skipped = strip_bom(data)
    text = decode_utf8(body, path, skipped)
    if not text.strip():
        raise Skip(messages.empty())
    return text


def _utf16(data: bytes, path: str | Path) -> str:
    """A UTF-16 file with its byte-order mark (UTF-16 text is full of NUL bytes, not binary)."""
    try:
        text = data.decode("utf-16")
    except UnicodeDecodeError as error:
        raise Skip(f"UTF-16 that cannot be decoded at byte {error.start}; re-encode the file as UTF-8, "
                   f"e.g. iconv -f UTF-16 -t UTF-8 {path}") from None
    if not text.strip():
        raise Skip(messages.empty())
    return text
