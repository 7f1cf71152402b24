"""Find persons, including the ones spaCy's recogniser mislabels, and merge short names.

spaCy's small model tags "Wood" or "Vassily Nebenzia" as organisations.  Three signals
correct it: a PERSON entity; a proper-noun name standing in apposition to, or right after,
an office title ("Ambassador, Robert Wood", "spokesperson Dmitry Peskov"); and, within one
article, a bare surname that matches a full name already found ("Wood" -> "Robert Wood").
Every mention is labelled with the longest full name of its person in the article, so all
of them link to one entity.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from kg.extract.lexicon import title_heads

PERSON_KIND = "person"
_HONORIFICS = {"mr", "mrs", "ms", "dr", "sir", "dame", "mr.", "mrs.", "ms.", "dr."}
_NAME_RE = re.compile(r"^[A-Z][\w'’.-]*$")


def _is_name_token(token: Token) -> bool:
    return token.pos_ == "PROPN" and bool(_NAME_RE.match(token.text)) and token.lower_ not in title_heads()


def _name_run(doc: Doc, i: int, taken: set[int]) -> tuple[int, int] | None:
    """The run of capitalised proper nouns around token ``i`` that is not already an actor."""
    if i in taken or not _is_name_token(doc[i]):
        return None
    start = i
    while start > 0 and (start - 1) not in taken and _is_name_token(doc[start - 1]):
        start -= 1
    end = i + 1
    while end < len(doc) and end not in taken and _is_name_token(doc[end]):
        end += 1
    if end - start > 4:
        return None
    return start, end


def _strip(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Drop honorifics and titles at the front and a possessive at the end."""
    while start < end and (doc[start].lower_ in _HONORIFICS or doc[start].lower_ in title_heads()):
        start += 1
    while end > start and doc[end - 1].text in ("'s", "’s", "'", "’"):
        end -= 1
    return start, end


def find_persons(doc: Doc, actor_spans: list[Span]) -> list[Span]:
    taken = {i for s in actor_spans for i in range(s.start, s.end)}
    runs: set[tuple[int, int]] = set()
    for ent in doc.ents:
        if ent.label_ == "PERSON" and not any(i in taken for i in range(ent.start, ent.end)):
            start, end = _strip(doc, ent.start, ent.end)
            if end > start:
                runs.add((start, end))
    for token in doc:
        # a name in apposition to a title: "Ambassador, Robert Wood"
        if token.dep_ == "appos" and token.head.lower_ in title_heads():
            run = _name_run(doc, token.i, taken)
            if run:
                runs.add(run)
        # a name with a title in apposition after it: "Anatoly Grigoryev, Russia's deputy minister,"
        if any(c.dep_ == "appos" and c.i > token.i and c.lower_ in title_heads() for c in token.children):
            run = _name_run(doc, token.i, taken)
            if run:
                runs.add(run)
        # a name right after a title: "spokesperson Dmitry Peskov"
        if token.lower_ in title_heads() and token.i + 1 < len(doc):
            run = _name_run(doc, token.i + 1, taken)
            if run and run[0] == token.i + 1:
                runs.add(run)
    runs = _drop_nested(runs)
    full_names = {doc[s:e].text: (s, e) for s, e in runs}
    by_surname: dict[str, str] = {}
    for name in sorted(full_names, key=len):
        by_surname[name.split()[-1]] = name
    # bare surnames anywhere: "Wood stated"
    covered = {i for s, e in runs for i in range(s, e)}
    for token in doc:
        if token.i in covered or token.i in taken or token.text not in by_surname:
            continue
        # a surname the tagger took for a noun ("Stone later urged …") still names the person
        # when it stands as an argument
        if (_is_name_token(token) or token.ent_type_ in ("PERSON", "ORG", "GPE", "NORP")
                or token.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj", "poss")):
            runs.add((token.i, token.i + 1))
    spans = []
    for start, end in sorted(runs):
        text = doc[start:end].text
        canonical = by_surname.get(text.split()[-1], text)
        if len(canonical) < len(text):
            canonical = text
        spans.append(Span(doc, start, end, label=f"person:{canonical}|{PERSON_KIND}"))
    return spans


def _drop_nested(runs: set[tuple[int, int]]) -> set[tuple[int, int]]:
    out = set()
    for a in runs:
        if not any(b != a and b[0] <= a[0] and a[1] <= b[1] for b in runs):
            out.add(a)
    return out
