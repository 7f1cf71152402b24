"""Organisations the gazetteer does not know, found in the text.

Two signals make a name an organisation actor:

* a definition: "the International Security Assistance Force (ISAF)" defines ISAF for
  the rest of the article, and overrides the gazetteer's reading of the same letters
  ("Reporters Without Borders (RSF)" is not the Rapid Support Forces there);
* acting: a name the recogniser calls an organisation that says or does something
  ("Oxfam said …"), or that a titled person works for ("Maersk chief executive Lars
  Vinding", "a spokeswoman for Oxfam").  News agencies and state organs ("the foreign
  ministry") are left out: the first report, the second speak for their state.

Each becomes a span labelled ``neworg:<name>|name``, which links to an Organization with
a stable IRI from its name.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from spacy.tokens import Doc, Span

from kg.extract.lexicon import Lexicon, title_heads, title_words

NEW_ORG = "neworg"
_WORD = r"[A-Z][\w'’&.-]*"
_SMALL = r"(?:of|for|on|and|the|de|des|du|la|le|sans|without|in|to|against|&)"
#: "Long Name Of Words (ACRONYM)"
DEFINITION = re.compile(rf"(?P<long>{_WORD}(?:\s+(?:{_WORD}|{_SMALL}))*\s+{_WORD})\s*\((?P<short>[A-Z][A-Za-z0-9&.-]{{1,9}})\)")


def label(name: str) -> str:
    return f"{NEW_ORG}:{name}|name"


def _char_span(doc: Doc, start: int, end: int) -> Span | None:
    return doc.char_span(start, end, alignment_mode="contract")


def definitions(doc: Doc) -> dict[str, Span]:
    """Acronym -> the span of its long form, for every "Long Form (ACR)" in the text whose
    initial letters agree."""
    found: dict[str, Span] = {}
    for match in DEFINITION.finditer(doc.text):
        long_text, short = match.group("long"), match.group("short")
        long_text = re.sub(r"^(?:The|the)\s+", "", long_text)
        start = match.start("long") + match.group("long").index(long_text)
        span = _char_span(doc, start, start + len(long_text))
        if span is not None and short[0].upper() == long_text[0].upper() and short not in found:
            found[short] = span
    return found


def defined_spans(doc: Doc, known: dict[str, str],
                  surfaces: dict[str, set[str]] | None = None) -> tuple[list[Span], set[int]]:
    """Spans for defined organisations and every later use of their acronym.

    ``known``: text -> gazetteer label of the gazetteer's matches in this doc, so that
    "International Atomic Energy Agency (IAEA)" links to the gazetteer's entity; and so
    does a long form worded a little differently from the gazetteer's when the acronym is
    the gazetteer's too ("Islamic State in Iraq and the Levant (ISIL)"; ``surfaces``:
    gazetteer label -> its names).  Also returns the token indices these spans claim,
    which outrank the gazetteer's own matches.
    """
    spans: list[Span] = []
    for short, long_span in definitions(doc).items():
        tag = (known.get(long_span.text) or _same_body(known.get(short), long_span.text, surfaces or {})
               or label(long_span.text))
        spans.append(Span(doc, long_span.start, long_span.end, label=tag))
        spans += [Span(doc, t.i, t.i + 1, label=tag) for t in doc if t.text == short]
    claimed = {i for s in spans for i in range(s.start, s.end)}
    return spans, claimed


def _same_body(tag: str | None, long_form: str, surfaces: dict[str, set[str]]) -> str | None:
    """``tag`` when one of its names has the long form's words, small words aside:
    "Islamic State in Iraq and the Levant" is "Islamic State of Iraq and the Levant", but
    "Reporters Without Borders" is not the Rapid Support Forces.

    >>> _same_body("org:is|acronym", "Islamic State in Iraq and the Levant", {"org:is|name": {"Islamic State of Iraq and the Levant"}})
    'org:is|acronym'
    """
    if tag is None:
        return None
    key = tag.rsplit("|", 1)[0]
    words = _content_words(long_form)
    names = (n for label_, texts in surfaces.items() if label_.rsplit("|", 1)[0] == key for n in texts)
    return tag if any(_content_words(n) == words for n in names) else None


def _content_words(text: str) -> tuple[str, ...]:
    return tuple(w for w in re.findall(r"[\w'’&.-]+", text.lower()) if not re.fullmatch(_SMALL, w))


def _works_for(ent: Span, heads: frozenset[str]) -> bool:
    """"Maersk chief executive Lars Vinding", "a spokeswoman for Oxfam", "Oxfam's adviser"."""
    root = ent.root
    head = root.head
    if root.dep_ in ("compound", "poss", "nmod") and (head.lower_ in heads or head.ent_type_ == "PERSON"):
        return True
    return root.dep_ == "pobj" and head.lower_ in ("for", "at") and head.head.lower_ in heads


def _person_named(ent: Span, surnames: set[str]) -> bool:
    """"Irina Sokolova" tagged as an organisation, while "Sokolova" is a person elsewhere."""
    return len(ent) > 1 and ent[-1].text in surnames


def _acts(ent: Span, lex: Lexicon) -> bool:
    root = ent.root
    if root.dep_ != "nsubj":
        return False
    verb = lex.lemma(root.head)
    return verb in lex.maps["speech"] or verb in lex.verbs


def _candidate_name(ent: Span, lex: Lexicon, surnames: set[str]) -> str | None:
    """The name of an organisation entity that may be an actor, or None: not a news agency,
    not a state organ ("the foreign ministry"), not a title word, not a person's name."""
    name = re.sub(r"^(?:The|the)\s+", "", ent.text).strip()
    if not name or not name[0].isupper() or name in lex.names["media"] or name.lower() in title_words():
        return None
    if any(w.lower() in lex.words["state_organ_words"] for w in name.split()) or _person_named(ent, surnames):
        return None
    return name


def acting_spans(doc: Doc, taken: set[int], persons: set[str]) -> Iterator[Span]:
    """Organisations the recogniser found that act or that a titled person works for.
    ``persons``: surnames of the persons found, which an organisation's name must not end in."""
    lex = Lexicon.load()
    heads = title_heads()
    surnames = {e.text.split()[-1] for e in doc.ents if e.label_ == "PERSON"} | persons
    for ent in doc.ents:
        if ent.label_ != "ORG" or any(i in taken for i in range(ent.start, ent.end)):
            continue
        name = _candidate_name(ent, lex, surnames)
        # a lone capitalised word that speaks ("Trump said") is as likely a person: only an
        # acronym, a longer name, or an employer of a titled person counts
        speaks = _acts(ent, lex) and (len(ent) > 1 or ent.text.isupper())
        if name is not None and (speaks or _works_for(ent, heads)):
            start = ent.start + (1 if ent[0].lower_ == "the" else 0)
            yield Span(doc, start, ent.end, label=label(name))
