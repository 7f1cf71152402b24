"""What ``kg serve`` needs to know about a SPARQL text before it runs: read by its tokens.

The endpoint hands queries to Oxigraph's own server, but first decides three things
that need no full parse, only the tokens (strings, IRIs, comments and prefixed names
set apart, so a word inside them is not a keyword):

* :func:`fetches`: whether the text uses ``SERVICE`` or ``LOAD``, which make the server
  fetch another URL (refused unless ``kg serve --allow-fetch``);
* :func:`query_form`: ``SELECT``/``ASK`` (a result table) or ``CONSTRUCT``/``DESCRIBE``
  (a graph), to choose the answer's media type;
* :func:`shift_error`: the predefined prefixes (:data:`kg.rdf.sparql.PROLOGUE`) go on
  one line before the text, and an error position is moved back by that line.

Codepoint escapes (``\\u0053ERVICE``) are decoded first, as SPARQL parsers do before
reading the grammar, so they cannot hide a keyword.

>>> fetches("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
'SERVICE'
>>> fetches('SELECT * WHERE { ?service ex:service "SERVICE" } # SERVICE')
>>> fetches("SELECT * WHERE { \\\\u0053ERVICE <http://x/> { ?s ?p ?o } }")
'SERVICE'
>>> query_form("PREFIX ex: <http://ex/> CONSTRUCT WHERE { ?s ?p ?o }"), query_form("ask {}")
('CONSTRUCT', 'ASK')
"""

from __future__ import annotations

import re
from collections.abc import Iterator

#: Keywords that make a SPARQL server fetch a URL of the query's choosing.
FETCHING = frozenset({"SERVICE", "LOAD"})
FORMS = frozenset({"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"})

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_TOKEN = re.compile(r"""
    (?P<skip>
        \#[^\n\r]*                                   # comment
      | '''(?:[^'\\]|\\.|'(?!''))*(?:'''|$)          # long strings
      | \"\"\"(?:[^"\\]|\\.|"(?!""))*(?:\"\"\"|$)
      | '(?:[^'\\\n\r]|\\.)*'?                       # short strings
      | "(?:[^"\\\n\r]|\\.)*"?
      | <[^<>"{}|^`\\\x00-\x20]*>                    # IRI
      | [?$][\w\u00b7\u0300-\u036f\u203f-\u2040]+    # variable
      | @[A-Za-z]+(?:-[A-Za-z0-9]+)*                 # language tag
      | [\w.-]*:(?:[\w.:%-]|\\.)*                    # prefixed name, blank node label
    )
  | (?P<word>[A-Za-z_]\w*)
""", re.VERBOSE | re.DOTALL)


def unescape(text: str) -> str:
    r"""Decode ``\uXXXX`` and ``\UXXXXXXXX`` codepoint escapes, as the SPARQL grammar says.

    >>> unescape("SEL\\u0045CT")
    'SELECT'
    """
    def char(match: re.Match[str]) -> str:
        code = int(match.group(1) or match.group(2), 16)
        return chr(code) if code <= 0x10FFFF else match.group(0)
    return _ESCAPE.sub(char, text)


def keywords(text: str) -> Iterator[str]:
    """The words of the text outside strings, IRIs, comments and names, upper-cased."""
    for match in _TOKEN.finditer(unescape(text)):
        word = match.group("word")
        if word:
            yield word.upper()


def fetches(text: str) -> str | None:
    """The first keyword that would fetch a URL (``SERVICE`` or ``LOAD``), or ``None``."""
    return next((word for word in keywords(text) if word in FETCHING), None)


def query_form(text: str) -> str | None:
    """``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE``: the first such keyword, or ``None``."""
    return next((word for word in keywords(text) if word in FORMS), None)


_POSITION = re.compile(r"error at (\d+):(\d+)")


def shift_error(message: str) -> str:
    """An error from the text after :data:`kg.rdf.sparql.PROLOGUE`, at the caller's line numbers.

    >>> shift_error("error at 3:7: expected '}'")
    "error at 2:7: expected '}'"
    """
    return _POSITION.sub(lambda m: f"error at {max(int(m.group(1)) - 1, 1)}:{m.group(2)}", message, count=1)
