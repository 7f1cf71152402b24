"""Normalise the dates articles come with to ISO ``YYYY-MM-DD`` where that is safe.

Dates arrive in every shape ("2024-10-03T08:00:00Z", "3 October 2024", "Oct. 3, 2024").
The graph wants ISO days so that SPARQL can compare them; but a date we cannot read
is still better kept as given than dropped, and must never stop ingestion.  Only
unambiguous forms are parsed: all-numeric day/month orders such as "03/10/2024" are
ambiguous between countries and are kept as given.

>>> normalise_date("2024-10-03T08:15:00Z")
'2024-10-03'
>>> normalise_date("Oct. 3, 2024")
'2024-10-03'
>>> normalise_date("03/10/2024")
'03/10/2024'
>>> normalise_date("  ") is None
True
"""

from __future__ import annotations

import re
from datetime import date, datetime

#: strptime formats tried in order, after the ISO parser; all name the month in words.
_FORMATS = (
    "%Y/%m/%d",
    "%Y.%m.%d",
    "%d %B %Y",
    "%d %b %Y",
    "%B %d %Y",
    "%b %d %Y",
    "%A %d %B %Y",
    "%A %B %d %Y",
    "%a %d %b %Y",
    "%a %b %d %Y",
)

_NOISE = re.compile(r"(?<=\d)(?:st|nd|rd|th)\b|[.,]")  # ordinal suffixes, dots and commas
_SEPT = re.compile(r"\bSept\b", re.IGNORECASE)  # "Sept" is common but not a %b abbreviation


def normalise_date(value: str | int | None) -> str | None:
    """``YYYY-MM-DD`` when the date can be read without guessing, else the value as given."""
    if value is None:
        return None
    raw = str(value).strip()
    if not raw:
        return None
    try:
        return datetime.fromisoformat(raw).date().isoformat()
    except ValueError:
        pass
    simple = " ".join(_SEPT.sub("Sep", _NOISE.sub(" ", raw)).split())
    for fmt in _FORMATS:
        try:
            parsed: date = datetime.strptime(simple, fmt).date()
        except ValueError:
            continue
        return parsed.isoformat()
    return raw
