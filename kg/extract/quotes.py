"""Direct quotations and who speaks them.

News gives a speaker's own words between quote marks and names the speaker beside them:
'"We will challenge China when we ought to," Joly said.'  Inside the quote, *I* and *we*
are the speaker, so the act is theirs (and, through the roll-up, their state's).  A quote
whose speaker the sentence does not name, or that runs past a paragraph break without
closing, gives nothing: no guess.

>>> import spacy
>>> nlp = spacy.blank("en")
>>> doc = nlp('"We will cooperate with China," Joly said.')
>>> quote_spans(doc)
[(0, 7)]
>>> enclosing(quote_spans(doc), 1), enclosing(quote_spans(doc), 9)
((0, 7), None)
"""

from __future__ import annotations

from collections.abc import Collection, Iterator

from spacy.tokens import Doc, Span, Token

from kg.extract.syntax import subject_of

_OPENING = frozenset({"“", "``"})
_CLOSING = frozenset({"”", "''"})
_STRAIGHT = frozenset({'"'})

QuoteSpan = tuple[int, int]


def quote_spans(doc: Doc) -> list[QuoteSpan]:
    """(first, last) token indexes of each closed quotation, quote marks included."""
    spans: list[QuoteSpan] = []
    start: int | None = None
    for token in doc:
        text = token.text
        if token.is_space and "\n" in text:
            start = None  # a quote left open at a paragraph break: its speaker is out of reach
        elif start is None and (text in _OPENING or text in _STRAIGHT):
            start = token.i
        elif start is not None and (text in _CLOSING or text in _STRAIGHT):
            spans.append((start, token.i))
            start = None
        elif text in _OPENING:
            start = token.i
    return spans


def enclosing(spans: list[QuoteSpan], i: int) -> QuoteSpan | None:
    """The quotation token ``i`` lies in, if any."""
    return next(((a, b) for a, b in spans if a < i < b), None)


def _sentences_around(doc: Doc, span: QuoteSpan) -> Iterator[Span]:
    """Where the speaker is named: the sentence the quote closes in, the one right after
    it when the quote ends a sentence ('"…." Joly said.'), and the one it opens in
    ('Joly said: "…"')."""
    start, end = span
    closing = doc[end].sent
    yield closing
    after = end + 1
    if after < len(doc) and (closing.end <= after + 1 or doc[after].is_sent_start):
        yield doc[min(after + (1 if doc[after].is_space else 0), len(doc) - 1)].sent
    yield doc[start].sent


def speaker_subject(doc: Doc, span: QuoteSpan, speech: Collection[str]) -> Token | None:
    """The subject of the verb of saying outside the quotation, if the text names one."""
    start, end = span
    for sent in _sentences_around(doc, span):
        for token in sent:
            if start <= token.i <= end or token.pos_ != "VERB" or token.lemma_.lower() not in speech:
                continue
            subject = subject_of(token)
            if subject is not None and not start <= subject.i <= end:
                return subject
    return None
