"""Blank out what is not article content, without moving a single character.

News text as scraped carries page furniture: "Also Read | ..." teasers, newsletter
prompts, photo credits, bylines, "Advertisement", share buttons, and a dateline
("NEW YORK (Reuters) - ") that names a place which is not an actor.  Left in, they
become false mentions and false relations.

The cleaned text has exactly the length of the input, so every character offset into
it is also an offset into the article as read, and evidence spans can be shown
against the original.  To keep that promise:

* normalisation maps one character to one character (curly quotes to straight ones,
  unusual spaces and tabs to a plain space, unusual line breaks to ``\\n``);
* removed text is overwritten with spaces, and newlines are never touched.

Boilerplate rules look only at *whole lines* (the text between two newlines, trimmed)
no longer than :data:`MAX_LINE` characters, so a sentence that merely contains "read"
or "by" is left alone; the dateline rule looks only at the start of the first content
line (or of the second, when the first is a headline without a full stop).

>>> cleaned = clean("WASHINGTON, Oct 3 (AP) — Norland’s envoy left.\\nAdvertisement\\nShe said so.")
>>> cleaned.dateline
'Washington'
>>> cleaned.text
"                         Norland's envoy left.\\n             \\nShe said so."
>>> [(start, end, why) for start, end, why in cleaned.removed]
[(0, 24, 'dateline'), (47, 60, 'advertisement')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from kg.records import Article

#: Lines longer than this are content: boilerplate lines are short.
MAX_LINE = 300

# -- one-to-one character normalisation ---------------------------------------------

_QUOTES = {c: "'" for c in "\u2018\u2019\u201a\u201b\u02bc"} | {c: '"' for c in "\u201c\u201d\u201e\u201f"}
_SPACES = {c: " " for c in "\t\u00a0\u1680\u180e\u200b\u202f\u205f\u3000\ufeff"} | {
    chr(c): " " for c in range(0x2000, 0x200B)
}
_BREAKS = {c: "\n" for c in "\x0b\x0c\x85\u2028\u2029"}
#: The character map applied to every text; every value is exactly one character.
NORMALISE = str.maketrans(_QUOTES | _SPACES | _BREAKS)
_LONE_CR = re.compile(r"\r(?!\n)")  # old Mac line ends: a newline, one character for one

# -- pieces shared by the line rules -------------------------------------------------

_UPPER = "A-ZÀ-ÖØ-Þ"
_NAME = rf"[{_UPPER}][\w'.\-]*"  # a capitalised word of a name: Smith, O'Neill, J., Al-Amin
_NAMES = rf"{_NAME}(?:\s+{_NAME}){{0,4}}"  # one name of up to five capitalised words
_NAME_LIST = rf"{_NAMES}(?:\s*(?:,|&|\band\b)\s*{_NAMES})*"  # names joined by commas or "and"
_PHOTO = r"(?i:(?:file\s+)?(?:photo|image|picture|pic|photograph|video)s?(?:\s+credits?)?|credits?|courtesy)"
_CREDIT_NAMES = rf"{_NAMES}(?:\s+in\s+{_NAMES})?(?:\s*(?:,|&|\band\b)\s*{_NAMES}(?:\s+in\s+{_NAMES})?)*"

_MONTH_WORD = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?"

#: (reason, pattern) pairs tried on every trimmed line, with ``fullmatch``.
LINE_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    # "Also Read | ...", "READ MORE: ...", "Related: ...", "Watch: ...", "See also - ..."
    ("teaser", re.compile(
        r"(?i:also\s+read|read\s+also|read\s+more|must\s+read|see\s+also|related(?:\s+(?:news|stories|articles?|coverage|video))?"
        r"|more\s+on\s+this(?:\s+story)?|recommended|don't\s+miss|trending|read|watch|listen|video)"
        r"\s*[:|>»\-–—]+\s*\S.*")),
    # a bare "ALSO READ" or "Related stories" heading line
    ("teaser", re.compile(r"(?i:also\s+read|read\s+more|related\s+(?:news|stories|articles|coverage)|recommended\s+stories)\s*:?")),
    # "Subscribe to our newsletter", "Sign up for our daily briefing", "Get alerts in your inbox"
    ("subscription", re.compile(
        r"(?i:(?:subscribe|sign\s+up|register|(?:get|join)\s+(?:our|the\s+latest|free|daily|breaking)\b)\b.{0,150}?"
        r"\b(?:newsletters?|alerts?|inbox|briefings?|digest|e-?mails?|updates|subscription|channel)\b.*)")),
    # "Subscribe now", "Already a subscriber? Log in"
    ("subscription", re.compile(r"(?i:subscribe(?:\s+(?:now|today|here))?[.!]?|already\s+a\s+subscriber\b.*)")),
    # "Photo: Reuters", "(Photo credit: AFP)", "Image: AFP/Getty", "Photo by Jane Doe / AP"
    ("photo credit", re.compile(
        rf"[(\[]?\s*{_PHOTO}\s*[:/|]\s*[^.!?]{{1,80}}?\s*[)\]]?\.?")),
    # "Photo by Jane Doe / AP", "(Pictures by John Roe)"
    ("photo credit", re.compile(rf"[(\[]?\s*{_PHOTO}\s+(?i:by)\s+{_NAME_LIST}(?:\s*[/|,]\s*{_NAMES})*\s*[)\]]?\.?")),
    # "File photo", "(Representational image)"
    ("photo credit", re.compile(r"[(\[]?\s*(?i:(?:file|representational|representative)\s+(?:photo|image|picture))\s*[)\]]?\.?")),
    # "REUTERS/Jane Doe", "AFP/Getty Images"
    ("photo credit", re.compile(r"[(\[]?(?:REUTERS|Reuters|AFP|AP|EPA|Getty\s+Images)\s*/\s*[^.!?/]{1,60}(?:/[^.!?/]{1,40})?[)\]]?")),
    # "By John Smith", "By Jane Doe and John Roe | Reuters", "BY JOHN SMITH, Staff Reporter"
    ("byline", re.compile(rf"(?i:written\s+)?(?i:by):?\s+{_NAME_LIST}(?:\s*[|,/\-–—]\s*{_NAMES})?\.?")),
    # "By Jane Doe in Athens", "By Jane Doe, in Kyiv"
    ("byline", re.compile(rf"(?i:by):?\s+{_NAME_LIST},?\s+(?i:in)\s+{_NAMES}\.?")),
    # "Reporting by Jane Doe in Kyiv; Editing by John Roe", also in brackets
    ("byline", re.compile(
        rf"[(\[]?\s*(?:(?i:(?:additional\s+)?(?:reporting|writing|editing|compiled|edited|written|translated|research|graphics)"
        rf"\s+by)\s+{_CREDIT_NAMES}\s*[;.,]?\s*)+[)\]]?")),
    # "Sat 14 Jan 2023 06.00 GMT", "Updated at 23.45 BST", "Last modified on Mon 3 Apr 2023 10.12 BST"
    ("time stamp", re.compile(
        rf"(?i:(?:last\s+)?(?:updated|modified|published|first\s+published)(?:\s+(?:at|on))?\s+)?"
        rf"(?:(?i:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?(?:\d{{1,2}}\s+{_MONTH_WORD}\s+\d{{4}}\s*)?"
        rf"\d{{1,2}}[.:]\d{{2}}\s*(?:[AP]M\s*)?(?:GMT|BST|CET|CEST|EST|EDT|ET|UTC)?")),
    # "Advertisement", "Story continues below advertisement", "Continue reading"
    ("advertisement", re.compile(
        r"(?i:advertisement|advertising|sponsored(?:\s+content)?|ad"
        r"|(?:story|article)\s+continues\s+(?:below|after)(?:\s+(?:this\s+)?(?:advertisement|ad))?"
        r"|continue\s+reading(?:\s+(?:below|the\s+main\s+story))?|scroll\s+(?:down\s+)?to\s+continue(?:\s+reading)?)[.:]?")),
    # "Share this article", "Follow us on Twitter", "Click here to ..."
    ("social", re.compile(
        r"(?i:share\s+(?:this\s+(?:article|story|post|page|video)|on|via)\b.{0,80}|follow\s+us\b.{0,80}|(?:like|join)\s+us\s+on\b.{0,80}"
        r"|follow\s+.{1,40}?\s+on\s+(?:twitter|x|facebook|instagram|telegram|whatsapp|linkedin|youtube|threads)\b.{0,40}"
        r"|click\s+here\b.{0,120})")),
    # a share bar: "Facebook Twitter WhatsApp Email"
    ("social", re.compile(
        r"(?:(?i:facebook|twitter|x|whatsapp|e-?mail|linkedin|telegram|reddit|print|copy\s+link|share)\s*[|·•,/]?\s*){2,}")),
)

#: (reason, pattern) pairs searched for inside content lines: furniture glued to the text.
INLINE_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    # a live blog's time stamp at the start of an entry: "22.56Graham Ashworth …", "23.41 Russia's …"
    ("time stamp", re.compile(r"^\d{1,2}[.:]\d{2}(?:\s*(?:GMT|BST|CET|EST|ET|UTC))?(?=\s|[A-Z])")),
    # a caption's credit: "… on arrival. Photograph: Jane Doe/AP", "Photo: John Roe/AFP/Getty Images"
    ("photo credit", re.compile(
        r"(?:Photograph|Photo|Photos|Image|Picture|Illustration)\s*:\s*[^.!?\n/]{1,60}?"
        r"(?:/\s*(?:AP|AFP|Reuters|REUTERS|EPA|EPA-EFE|Getty Images|Getty|PA|PA Media|Shutterstock|Rex|Bloomberg"
        r"|Anadolu|Xinhua|Tass|TASS|Sipa|Alamy|NurPhoto|SOPA Images|LightRocket|The Guardian|[A-Z][\w.&-]+))+")),
)
#: "Sarah Whitcombe in Nairobi" alone on one of the first lines: a byline.
TOP_BYLINE = re.compile(rf"{_NAME}(?:\s+{_NAME}){{1,3}}\s+in\s+{_NAME}(?:\s+{_NAME}){{0,2}}")
#: How many first content lines may carry a bare byline.
TOP_LINES = 3

# -- the dateline --------------------------------------------------------------------

_PLACE = rf"{_NAME}(?:\s+{_NAME}){{0,3}}"  # up to four capitalised words: NEW YORK, St. Louis
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?"
#: "NEW YORK (Reuters) - ", "WASHINGTON, Oct 3 (AP) — ", "Kyiv, Ukraine — ", "New Delhi: "
DATELINE = re.compile(
    rf"(?P<place>{_PLACE}(?:,\s+{_PLACE})?)"  # a place, with its region or country
    rf"(?:,\s+(?P<date>(?:{_MONTH}\s+\d{{1,2}}|\d{{1,2}}\s+{_MONTH})(?:,?\s+\d{{4}})?))?"  # a day
    r"(?:\s*\((?P<agency>[^()\n]{1,40})\))?"  # the agency
    r"(?:\s*:|\s+--?|\s*[–—])[ ]*"  # the separator
    r"(?=[A-Z0-9À-Ö\"'])"  # and a sentence starts
)
#: "(Reuters) - ": an agency tag with no place.
AGENCY_ONLY = re.compile(r"\((?P<agency>[A-Z][\w .&-]{1,30})\)(?:\s+--?|\s*[–—])[ ]*(?=[A-Z0-9\"'])")
#: Kickers that open headlines and ledes ("ANALYSIS: ...") but never name a place.
_KICKERS = frozenset(
    """analysis opinion exclusive breaking update updated explainer editorial comment live
    factbox timeline interview review note editor's watch read photos video""".split()
)
#: Words that start a sentence but not a place written in mixed case ("The Pentagon — ").
_SENTENCE_STARTS = frozenset("the a an in on at for to of from but and as when after before while if this that".split())


@dataclass(frozen=True)
class Cleaned:
    """The cleaned text (same length as the input), the dateline's place, what was blanked."""

    text: str
    dateline: str | None = None
    #: ``(start, end, reason)`` for each blanked span, in text order.
    removed: tuple[tuple[int, int, str], ...] = ()


def normalise(text: str) -> str:
    """Straight quotes, plain spaces and ``\\n`` line breaks; always the same length.

    >>> normalise("“Yes,”\\u00a0she said\\tit’s")
    '"Yes," she said it\\'s'
    """
    return _LONE_CR.sub("\n", text.translate(NORMALISE))


def _lines(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each line's content with surrounding whitespace trimmed."""
    spans = []
    for match in re.finditer(r"[^\n]+", text):
        line = match.group()
        stripped = line.strip()
        if stripped:
            start = match.start() + len(line) - len(line.lstrip())
            spans.append((start, start + len(stripped)))
    return spans


def _line_reason(line: str) -> str | None:
    if len(line) > MAX_LINE:
        return None
    for reason, pattern in LINE_RULES:
        if pattern.fullmatch(line):
            return reason
    return None


def _inline(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """Furniture glued into a content line (time stamps, caption credits), as spans."""
    line = text[start:end]
    return [(start + m.start(), start + m.end(), why) for why, pattern in INLINE_RULES
            for m in pattern.finditer(line)]


def _place_name(place: str) -> str:
    """Each all-capitals part is title-cased: "ST. LOUIS, Missouri" -> "St. Louis, Missouri".

    >>> _place_name("WASHINGTON, D.C.")
    'Washington, D.C.'
    """
    return ", ".join(part.title() if part.isupper() else part for part in place.split(", "))


def _looks_like_headline(line: str) -> bool:
    """No closing punctuation and at most 20 words: a title, not a paragraph."""
    return line.rstrip()[-1:] not in ".!?\"'" and len(line.split()) <= 20


def _dateline_at(line: str) -> tuple[int, str | None] | None:
    """The length of a dateline at the start of ``line`` and its place, or ``None``.

    On a headline-like line only a dateline with a date or an agency counts, so that a
    headline such as "Norland: Talks Stall" does not lose its actor.
    """
    headline = _looks_like_headline(line)
    match = DATELINE.match(line)
    if match:
        place = " ".join(match.group("place").split())
        first = place.split()[0].lower().rstrip(",")
        strong = bool(match.group("date") or match.group("agency"))
        if (
            first not in _KICKERS
            and (place.isupper() or first not in _SENTENCE_STARTS)
            and (strong or not headline)
        ):
            return match.end(), _place_name(place)
    match = AGENCY_ONLY.match(line)
    if match:
        return match.end(), None
    return None


def _find_dateline(text: str, lines: list[tuple[int, int]]) -> tuple[int, int, str | None] | None:
    """Look at the first content line, and at the second when the first is a headline."""
    for start, end in lines[:2]:
        found = _dateline_at(text[start:end])
        if found:
            return start, start + found[0], found[1]
        if not _looks_like_headline(text[start:end]):
            return None
    return None


def clean(text: str) -> Cleaned:
    """Blank boilerplate lines and the dateline; see the module docstring for the rules."""
    chars = list(normalise(text))
    normal = "".join(chars)
    removed: list[tuple[int, int, str]] = []
    content: list[tuple[int, int]] = []
    for n, (start, end) in enumerate(_lines(normal)):
        reason = _line_reason(normal[start:end])
        if reason is None and n < TOP_LINES and TOP_BYLINE.fullmatch(normal[start:end]):
            reason = "byline"
        if reason is None:
            content.append((start, end))
            for a, b, why in _inline(normal, start, end):
                removed.append((a, b, why))
                chars[a:b] = " " * (b - a)
        else:
            removed.append((start, end, reason))
            chars[start:end] = " " * (end - start)

    dateline = None
    found = _find_dateline(normal, content)
    if found:
        start, end, dateline = found
        end = len(normal[:end].rstrip())  # keep the spaces after the separator out of the span
        removed.append((start, end, "dateline"))
        chars[start:end] = " " * (end - start)

    return Cleaned("".join(chars), dateline, _disjoint(removed))


def _disjoint(removed: list[tuple[int, int, str]]) -> tuple[tuple[int, int, str], ...]:
    """The blanked spans in text order, overlapping ones (a dateline over a glued caption
    credit) joined under the first one's reason."""
    out: list[tuple[int, int, str]] = []
    for start, end, why in sorted(removed):
        if out and start < out[-1][1]:
            last = out[-1]
            out[-1] = (last[0], max(last[1], end), last[2])
        else:
            out.append((start, end, why))
    return tuple(out)


def clean_article(article: Article) -> Article:
    """The article with its text cleaned and its dateline set; offsets stay valid.

    >>> clean_article(Article("a1", "KYIV (Reuters) - Talks resumed.")).dateline
    'Kyiv'
    """
    cleaned = clean(article.text)
    return replace(article, text=cleaned.text, dateline=cleaned.dateline or article.dateline)
