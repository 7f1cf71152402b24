"""spaCy components that geokg adds to the pipeline.

``geokg_line_breaks`` runs before the parser and starts a new sentence after every line
break, so a paragraph or a blanked boilerplate line never glues two sentences together.

``geokg_actors`` runs after the named-entity recogniser and writes every actor mention
to ``doc.spans["geokg_actors"]``: gazetteer matches (states, organisations, groups,
capitals, metonyms, demonyms) and persons.  A span's label is ``"<entity key>|<kind>"``,
plain strings, so docs survive spaCy's multiprocessing unchanged.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from kg.extract import orgs, persons
from kg.extract.gazetteer import Gazetteer, blocking_phrases

SPAN_KEY = "geokg_actors"
_BLOCK = "block|block"


@Language.component("geokg_line_breaks", assigns=["token.is_sent_start"])
def line_breaks(doc: Doc) -> Doc:
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
    return doc


@Language.factory("geokg_actors", requires=["doc.ents"], assigns=["doc.spans"])
def make_actor_linker(nlp: Language, name: str) -> "ActorLinker":
    return ActorLinker(nlp)


class ActorLinker:
    """Finds the actors a document mentions and links each mention to one entity."""

    def __init__(self, nlp: Language):
        self.gazetteer = Gazetteer.load()
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.lower_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        by_label: dict[str, set[str]] = {}
        for surface in self.gazetteer.surfaces:
            by_label.setdefault(f"{surface.key}|{surface.kind}", set()).add(surface.text)
        self.surfaces = {label: set(texts) for label, texts in by_label.items()}
        by_label.setdefault(_BLOCK, set()).update(blocking_phrases())
        for label, texts in by_label.items():
            patterns = [nlp.make_doc(t) for t in sorted(texts)]
            self.matcher.add(label, patterns)
            if label.startswith("group:"):
                self.lower_matcher.add(label, patterns)

    def _gazetteer_spans(self, doc: Doc) -> list[Span]:
        found = [Span(doc, s, e, label=m) for m, s, e in self.matcher(doc)]
        found += [Span(doc, s, e, label=m) for m, s, e in self.lower_matcher(doc)]
        return [s for s in filter_spans(found) if s.label_ != _BLOCK]

    def __call__(self, doc: Doc) -> Doc:
        gazetteer = self._gazetteer_spans(doc)
        # "Reporters Without Borders (RSF)": a definition in the text outranks the gazetteer
        defined, claimed = orgs.defined_spans(doc, {s.text: s.label_ for s in gazetteer}, self.surfaces)
        gazetteer = [s for s in gazetteer if not any(i in claimed for i in range(s.start, s.end))]
        inside = _person_cover(doc)
        spans = [s for s in filter_spans(gazetteer + defined)
                 if not _inside_longer_person(s, inside) and not persons.after_particle(s)]
        spans += persons.find_persons(doc, spans)
        taken = {i for s in spans for i in range(s.start, s.end)}
        persons_found = {s.text.split()[-1] for s in spans if s.label_.endswith(f"|{persons.PERSON_KIND}")}
        spans += orgs.acting_spans(doc, taken, persons_found)
        spans += short_forms(doc, spans)
        doc.spans[SPAN_KEY] = sorted(filter_spans(spans), key=lambda s: s.start)
        return doc


def short_forms(doc: Doc, spans: list[Span]) -> list[Span]:
    """"the North" after North Korea is named, "the South" after South Korea: a short form
    (``maps.short_forms`` of the lexicon) names its state only in an article that names the
    state in full first; as a metonym it acts only where an actor can ("the North fired …",
    not "in the North")."""
    from kg.extract.gazetteer import METONYM
    from kg.extract.lexicon import Lexicon

    forms = Lexicon.load().maps["short_forms"]
    first: dict[str, int] = {}
    for s in spans:
        first.setdefault(s.label_.rsplit("|", 1)[0], s.start)
    taken = {i for s in spans for i in range(s.start, s.end)}
    found = []
    for tok in doc[1:-1]:
        key = forms.get(tok.text)
        named_at = first.get(key, len(doc)) if key else len(doc)
        after = doc[tok.i + 1]
        if (named_at < tok.i and doc[tok.i - 1].lower_ == "the" and tok.i not in taken
                and after.pos_ != "PROPN" and not after.text[:1].isupper()):
            found.append(Span(doc, tok.i - 1, tok.i + 1, label=f"{key}|{METONYM}"))
    return found


def _person_cover(doc: Doc) -> dict[int, tuple[int, int]]:
    """For each token inside a PERSON entity, that entity's (start, end): one pass, so the
    check below costs the same for every span whatever the article's length."""
    return {i: (ent.start, ent.end) for ent in doc.ents if ent.label_ == "PERSON"
            for i in range(ent.start, ent.end)}


def _inside_longer_person(span: Span, cover: dict[int, tuple[int, int]]) -> bool:
    """'Washington' in 'George Washington' or 'Jordan' in 'Michael Jordan' names a person."""
    ent = cover.get(span.start)
    return ent is not None and ent[0] <= span.start and span.end <= ent[1] and ent[1] - ent[0] > len(span)
