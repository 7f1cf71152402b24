"""Read the main text and metadata of a saved web page with trafilatura.

Pages are parsed from the bytes on disk; nothing is fetched, even when the page names
its own URL.  trafilatura honours the page's declared character set, so HTML is not
required to be UTF-8.  Navigation, comments and other page furniture are dropped by
trafilatura; what is left is one paragraph per line.

HTML reading is an extra (``pip install "geokg[html]"``): trafilatura and the lxml
cleaner it needs are large, and text and JSONL users never need them.  trafilatura is
imported only when an HTML page is met; without it the page is skipped with a message
naming the extra, and the other inputs still go in.
"""

from __future__ import annotations

from pathlib import Path

from kg import messages
from kg.ingest.dates import normalise_date
from kg.ingest.decode import UTF16_BOMS, Skip, decode, is_binary, read_bytes
from kg.records import Article


def read_html(path: Path, source: str) -> Article:
    """The page's article (id = file stem, title/date/url from the page if it has them)."""
    data = read_bytes(path)
    if data.startswith(UTF16_BOMS):
        data = decode(data, source).encode("utf-8")  # trafilatura sniffs bytes; give it UTF-8
    if is_binary(data):
        raise Skip(messages.binary())
    if not data.strip():
        raise Skip(messages.empty())
    try:
        import trafilatura
    except ImportError as err:
        raise Skip(messages.html_extra_missing(str(err).splitlines()[0])) from None
    document = trafilatura.bare_extraction(data, with_metadata=True, include_comments=False)
    text = getattr(document, "text", None) if document is not None else None
    if not text or not text.strip():
        raise Skip(messages.no_html_text())
    return Article(
        id=path.stem,
        text=text,
        title=(getattr(document, "title", None) or None),
        date=normalise_date(getattr(document, "date", None)),
        url=(getattr(document, "url", None) or None),
        source=source,
        publisher=(getattr(document, "sitename", None) or None),
    )
