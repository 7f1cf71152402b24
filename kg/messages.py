"""The wording of every message a user may see, kept in one place.

Each function returns the *reason* half of a problem; the CLI prints it after the
source, as ``kg: skipped <source>: <reason>``.  A reason therefore never repeats the
file name (unless a command to fix it needs it), starts in lower case, says what is
wrong with the input and, where there is one, the fix after a semicolon.

Keeping the texts here means they can be reviewed together, kept consistent, and
tested without reading the code that raises them.

>>> print(not_utf8("notes.txt", 12, 0xE9))
not UTF-8: byte 0xE9 at offset 12 cannot be decoded; re-encode the file, e.g. iconv -f WINDOWS-1252 -t UTF-8 notes.txt > notes.utf8.txt
>>> print(unsupported_type(".pdf"))
unsupported file type '.pdf'; give .txt, .md, .jsonl, .html or a directory
"""

from __future__ import annotations

import re
import shlex
from pathlib import PurePath

_UNSHOWABLE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]")


def shown(text: str) -> str:
    r"""Text safe to print on a terminal: control characters, undecodable bytes of a file
    name and bidirectional overrides as escapes, so an id or a file name cannot move the
    cursor, recolour the screen or hide what follows.

    >>> print(shown("evil\x1b[2Jid"), shown("caf\udce9.txt"), shown("two\nlines"))
    evil\x1b[2Jid caf\xe9.txt two\x0alines
    """
    def escape(match: re.Match[str]) -> str:
        ch = match.group()
        code = ord(ch)
        if 0xDC80 <= code <= 0xDCFF:  # a byte of a file name that is not UTF-8 (surrogateescape)
            return f"\\x{code - 0xDC00:02x}"
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
    return _UNSHOWABLE.sub(escape, text)


#: The input kinds ``kg`` reads, as named in messages.
SUPPORTED = ".txt, .md, .jsonl, .html or a directory"


# -- the file as a whole --------------------------------------------------------------


def not_found() -> str:
    """The path names nothing."""
    return "no such file or directory; check the path"


def unreadable() -> str:
    """The operating system refused to open the file or list the directory."""
    return "permission denied; make it readable (e.g. chmod +r) or run as its owner"


def not_a_file() -> str:
    """A device, socket or pipe: reading it could block or never end."""
    return "not a regular file or directory; give a file or a directory of files"


def os_error(detail: str) -> str:
    """Any other failure to read, with the operating system's own words."""
    return f"cannot read it ({detail}); check the path and the disk"


def undecodable_name() -> str:
    """A file name whose bytes are not UTF-8, so no id can be made from it."""
    return "the file name is not valid UTF-8; rename the file (e.g. convmv -f latin1 -t utf8)"


def utf16() -> str:
    """A JSONL file in UTF-16: its lines cannot be split byte-wise."""
    return "UTF-16 text; JSON Lines must be UTF-8: re-encode it, e.g. iconv -f UTF-16 -t UTF-8"


def unsupported_type(suffix: str) -> str:
    """A file named on the command line whose extension we do not read."""
    shown = f"'{suffix}'" if suffix else "without an extension"
    return f"unsupported file type {shown}; give {SUPPORTED}"


def other_types(counts: dict[str, int]) -> str:
    """A folder holds files of types that are not read; said once per folder.

    >>> print(other_types({".pdf": 2, "": 1, ".png": 1}))
    4 files of other types left out (.pdf ×2, .png, no extension); geokg reads .txt, .md, .jsonl, .html
    """
    total = sum(counts.values())
    kinds = ", ".join(f"{s or 'no extension'}" + (f" ×{n}" if n > 1 else "")
                      for s, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0] == "", kv[0])))
    noun = "file" if total == 1 else "files"
    return f"{total} {noun} of other types left out ({kinds}); geokg reads .txt, .md, .jsonl, .html"


def empty() -> str:
    """Nothing, or only whitespace, to read."""
    return "empty (no text, or only whitespace); remove it or add the article text"


def binary() -> str:
    """NUL bytes or mostly control characters: an image, archive, PDF or similar."""
    return f"looks like a binary file, not text; convert it to text first or give {SUPPORTED}"


def not_utf8(path: str | PurePath, offset: int, byte: int) -> str:
    """Bytes that are not UTF-8, with a ready-made ``iconv`` command to fix them."""
    src = str(path)
    p = PurePath(src)
    dst = str(p.with_name(f"{p.stem}.utf8{p.suffix}"))
    return (
        f"not UTF-8: byte 0x{byte:02X} at offset {offset} cannot be decoded; "
        f"re-encode the file, e.g. iconv -f WINDOWS-1252 -t UTF-8 {shlex.quote(src)} > {shlex.quote(dst)}"
    )


def not_english(share: float, needed: float) -> str:
    """The text does not read as English; the extraction rules only work on English."""
    return (
        f"does not look like English ({share:.0%} of words are common English words, "
        f"at least {needed:.0%} expected); geokg reads English articles only, so translate it first"
    )


# -- JSONL lines --------------------------------------------------------------------


def bad_json(detail: str) -> str:
    """A line that does not parse, with the parser's explanation."""
    return f"invalid JSON ({detail}); each line must be one JSON object"


def not_an_object(kind: str) -> str:
    """A line that parses but is a list, string or number."""
    return f'JSON {kind} instead of an object; each line must look like {{"id": "...", "text": "..."}}'


def missing_field(name: str) -> str:
    """A required field (``id`` or ``text``) is absent, null or blank."""
    return f"missing or empty '{name}'; every line needs a non-empty \"{name}\""


def wrong_type(name: str, kind: str, expected: str) -> str:
    """A field holds a value of the wrong JSON type."""
    return f"'{name}' is a JSON {kind}; it must be {expected}"


# -- across inputs ------------------------------------------------------------------


def duplicate_id(article_id: str, first_source: str) -> str:
    """Two articles share an id, so their IRIs would collide; the first one wins."""
    return (
        f"duplicate article id '{article_id}' (first seen in {first_source}); "
        "give every article a unique id (for files, a unique file name)"
    )


def no_html_text() -> str:
    """trafilatura found no main text in the page."""
    return "no article text found in the HTML; save the article page itself, or give its text as .txt"


def html_extra_missing(detail: str) -> str:
    """HTML reading is an optional extra (trafilatura, lxml_html_clean) not installed here.

    >>> print(html_extra_missing("No module named 'trafilatura'"))
    reading HTML needs the html extra (No module named 'trafilatura'); install it with pip install "geokg[html]", or give the article as .txt
    """
    return (f"reading HTML needs the html extra ({detail}); install it with "
            'pip install "geokg[html]", or give the article as .txt')


def bad_unicode(field: str) -> str:
    """A JSON string field holding a lone surrogate escape such as \\ud800."""
    return f"field '{field}' holds an invalid Unicode escape (a lone surrogate); fix the producer's encoding"
