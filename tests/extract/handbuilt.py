"""Hand-built parses for testing rules without the spaCy model, as spaCy's own tests do."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc, Span

from kg.extract.components import SPAN_KEY
from kg.extract.mentions import DocActors
from kg.extract.resolve import Resolver
from kg.extract.rules import Context

VOCAB = spacy.blank("en").vocab


def parse(rows: str, actors: dict[tuple[int, int], str] | None = None) -> Doc:
    """A doc from one line per token: ``word head dep pos [lemma] [tag]`` (head = index).

    ``actors`` maps token ranges to span labels ("state:RUS|name", "person:Ann Lee|person").
    """
    words, heads, deps, pos, lemmas, tags = [], [], [], [], [], []
    for line in rows.strip().splitlines():
        parts = line.split()
        words.append(parts[0])
        heads.append(int(parts[1]))
        deps.append(parts[2])
        pos.append(parts[3])
        lemmas.append(parts[4] if len(parts) > 4 else parts[0].lower())
        tags.append(parts[5] if len(parts) > 5 else "")
    doc = Doc(VOCAB, words=words, heads=heads, deps=deps, pos=pos, lemmas=lemmas, tags=tags)
    doc.spans[SPAN_KEY] = [Span(doc, s, e, label=label) for (s, e), label in sorted((actors or {}).items())]
    return doc


def context(doc: Doc) -> Context:
    actors = DocActors(doc)
    return Context(actors, Resolver(actors), actors.lexicon)


def triples(candidates) -> set[tuple[str, str, str]]:
    return {(c.subject.entity.label, c.property, c.object.entity.label) for c in candidates}
