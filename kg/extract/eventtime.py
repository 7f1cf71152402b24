"""When a claimed event happened, read from its own clause and resolved against the article date.

An article of 2022 that recalls "the Polish uprising of 1831" does not put Russia's war on
Poland in 2022.  The time expression must belong to the relation's own clause (a date
attached to another clause says nothing of this one); it is resolved to an ISO prefix
with its precision:

* explicit: "in 1831" (year), "in August 1990" (month), "on 26 March 1979" (day),
  "on 24 February" (day, the year from the article, or the year before when that day
  is still to come);
* relative to the article date: "yesterday", "on Monday" (the last Monday up to the
  article date), "last month", "in December" (the last December up to the article
  date), "next week", "two years ago", "last year".

Without an article date only explicit years (and months or days with a year) resolve.

>>> import datetime as dt
>>> resolve_expression("in August 1990", None)
EventTime(date='1990-08', precision='month')
>>> resolve_expression("on Monday", dt.date(2024, 7, 31))
EventTime(date='2024-07-29', precision='day')
>>> resolve_expression("two years ago", dt.date(2022, 6, 20))
EventTime(date='2020', precision='year')
>>> resolve_expression("in December", dt.date(2025, 2, 3))
EventTime(date='2024-12', precision='month')
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import NamedTuple

from spacy.tokens import Token

MONTHS = {m: i for i, m in enumerate(
    "january february march april may june july august september october november december".split(), 1)}
MONTHS |= {m[:3]: i for m, i in list(MONTHS.items())} | {"sept": 9}
WEEKDAYS = {d: i for i, d in enumerate("monday tuesday wednesday thursday friday saturday sunday".split())}
NUMBERS = {w: i for i, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve".split())}
NUMBERS |= {"a": 1, "an": 1, "several": 3, "a few": 3}
#: A date older than this many years before the article is history, not news.
HISTORY_YEARS = 2


class EventTime(NamedTuple):
    """An ISO date prefix (``1831``, ``1990-08``, ``2024-07-29``) and its precision."""

    date: str
    precision: str  # "year" | "month" | "day"

    def year(self) -> int:
        return int(self.date[:4])


def _day(d: dt.date) -> EventTime:
    return EventTime(d.isoformat(), "day")


def _month(year: int, month: int) -> EventTime:
    return EventTime(f"{year:04d}-{month:02d}", "month")


def _year(year: int) -> EventTime:
    return EventTime(f"{year:04d}", "year")


def _months_back(year: int, month: int, n: int) -> tuple[int, int]:
    total = year * 12 + (month - 1) - n
    return total // 12, total % 12 + 1


_YEAR = r"1[0-9]{3}|20[0-9]{2}"
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_NUMBER = r"\d+|" + "|".join(sorted(NUMBERS, key=len, reverse=True))


def _explicit_day(m: re.Match[str], ref: dt.date | None) -> EventTime | None:
    day, month, year = int(m.group("d")), MONTHS[m.group("m")], m.group("y")
    if year:
        return _day(dt.date(int(year), month, day))
    if ref is None:
        return None
    guess = dt.date(ref.year, month, day)
    return _day(guess if guess <= ref else dt.date(ref.year - 1, month, day))


def _month_year(m: re.Match[str], ref: dt.date | None) -> EventTime | None:
    month, year = MONTHS[m.group("m")], m.group("y")
    if year:
        return _month(int(year), month)
    if ref is None:
        return None
    return _month(ref.year if month <= ref.month else ref.year - 1, month)


def _weekday(m: re.Match[str], ref: dt.date | None) -> EventTime | None:
    if ref is None:
        return None
    back = (ref.weekday() - WEEKDAYS[m.group("w")]) % 7
    return _day(ref - dt.timedelta(days=back))


def _ago(m: re.Match[str], ref: dt.date | None) -> EventTime | None:
    if ref is None:
        return None
    raw = m.group("n")
    n = int(raw) if raw.isdigit() else NUMBERS[raw]
    unit = m.group("u")
    if unit.startswith("year"):
        return _year(ref.year - n)
    if unit.startswith("month"):
        return _month(*_months_back(ref.year, ref.month, n))
    if unit.startswith("week"):
        return _day(ref - dt.timedelta(weeks=n)) if n else None
    return _day(ref - dt.timedelta(days=n))


def _relative(m: re.Match[str], ref: dt.date | None) -> EventTime | None:
    if ref is None:
        return None
    which, unit = m.group("which"), m.group("u")
    step = {"last": -1, "past": -1, "previous": -1, "this": 0, "next": 1, "coming": 1}[which]
    if unit == "year":
        return _year(ref.year + step)
    if unit == "month":
        return _month(*_months_back(ref.year, ref.month, -step))
    # "next week": the month that week falls in (a week is no day)
    shifted = ref + dt.timedelta(weeks=step)
    return _month(shifted.year, shifted.month)


def _words(m: re.Match[str], ref: dt.date | None) -> EventTime | None:
    if ref is None:
        return None
    return _day(ref + dt.timedelta(days={"yesterday": -1, "today": 0, "tomorrow": 1}[m.group("w")]))


#: Patterns tried in order on the lower-cased expression; the first that resolves wins.
PATTERNS: tuple[tuple[re.Pattern[str], Callable[[re.Match[str], dt.date | None], EventTime | None]], ...] = (
    # "24 February 2022", "24th of February"
    (re.compile(rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m>{_MONTH})\b\.?,?(?:\s+(?P<y>{_YEAR}))?"), _explicit_day),
    # "February 24, 2022"
    (re.compile(rf"\b(?P<m>{_MONTH})\b\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b,?(?:\s+(?P<y>{_YEAR}))?"), _explicit_day),
    # "August 1990", "in December"
    (re.compile(rf"\b(?P<m>{_MONTH})\b\.?(?:\s+(?:of\s+)?(?P<y>{_YEAR}))?"), _month_year),
    (re.compile(rf"\b({_YEAR})\b"), lambda m, ref: _year(int(m.group(1)))),
    (re.compile(r"\b(?P<w>monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b"), _weekday),
    (re.compile(rf"\b(?P<n>{_NUMBER})\s+(?P<u>years?|months?|weeks?|days?)\s+ago\b"), _ago),
    (re.compile(r"\b(?P<which>last|past|previous|this|next|coming)\s+(?P<u>year|month|week)\b"), _relative),
    (re.compile(r"\b(?P<w>yesterday|today|tomorrow)\b"), _words),
)


def resolve_expression(text: str, ref: dt.date | None) -> EventTime | None:
    """An ISO prefix for a time expression, resolved against the article date ``ref``."""
    lowered = text.lower()
    for pattern, make in PATTERNS:
        m = pattern.search(lowered)
        if m:
            try:
                found = make(m, ref)
            except (ValueError, KeyError):
                found = None
            if found is not None:
                return found
    return None


def parse_date(value: str | None) -> dt.date | None:
    """The article date (``YYYY-MM-DD``, or a longer ISO timestamp), or None."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


#: How a time expression attaches to the clause it dates.
_ATTACH = ("prep", "npadvmod", "advmod", "tmod", "pobj", "obl", "nmod", "appos", "amod", "compound")


def _clause_of(token: Token) -> Token:
    """The verb (or, for a sentence with none, the root) a time expression's token hangs on."""
    node = token
    for _ in range(6):
        if node.pos_ in ("VERB", "AUX") or node.head == node:
            return node
        node = node.head
    return node


def time_tokens(clause: Token, trigger: Token) -> list[list[Token]]:
    """The DATE expressions that date this clause: attached to the clause verb, or inside
    the trigger noun's own phrase ("the Polish uprising of 1831")."""
    found: dict[int, list[Token]] = {}
    for token in clause.sent:
        if token.ent_type_ != "DATE":
            continue
        owner = _clause_of(token)
        inside_trigger = token in set(trigger.subtree) and trigger != clause
        if owner == clause or inside_trigger:
            found.setdefault(_ent_start(token), []).append(token)
    return [found[k] for k in sorted(found)]


def _ent_start(token: Token) -> int:
    i = token.i
    while i > 0 and token.doc[i].ent_iob_ == "I" and token.doc[i - 1].ent_type_ == "DATE":
        i -= 1
    return i


def event_time(clause: Token, trigger: Token, article_date: str | None) -> EventTime | None:
    """When the relation carried by ``clause`` happened, if its clause says."""
    ref = parse_date(article_date)
    found = _own_time(clause, trigger, ref)
    if found is None and clause.dep_ == "conj":
        # "In 1979, Vietnam invaded Cambodia and toppled its government": the time is shared
        found = _own_time(clause.head, clause.head, ref)
    if found is None and clause.pos_ not in ("VERB", "AUX"):
        # "Egypt and Israel signed their peace treaty on 26 March 1979": a nominal event is
        # dated by the verb whose clause holds it
        found = _own_time(_clause_of(clause), trigger, ref)
    return found


def _own_time(clause: Token, trigger: Token, ref: dt.date | None) -> EventTime | None:
    for tokens in time_tokens(clause, trigger):
        start, end = tokens[0].i, tokens[-1].i + 1
        # include the preposition, which decides nothing here but keeps "in" with "1831"
        found = resolve_expression(clause.doc[start:end].text, ref)
        if found is not None:
            return found
    return None


def historical(found: EventTime | None, article_date: str | None) -> bool:
    """Whether an event lies years before the article: history, not news.

    >>> historical(EventTime("1831", "year"), "2022-03-10"), historical(EventTime("2021", "year"), "2022-03-10")
    (True, False)
    """
    ref = parse_date(article_date)
    return found is not None and ref is not None and found.year() < ref.year - HISTORY_YEARS
