"""Extraction: articles in, relation records out.

    clean ─▶ spaCy (+ line breaks, actor linker) ─▶ roles + relation rules ─▶ claims

:class:`Extractor` loads the model once and streams articles through ``nlp.pipe``;
it knows nothing of RDF or the store.  Offsets in the records are character offsets
into the article text as read (cleaning keeps every character in place).
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc, Span

from kg.extract.claims import ClaimInfo, analyse_claim, confidence
from kg.extract.link import DocActors, Mention
from kg.extract.relate import Candidate, RelationRules, sentence_topic
from kg.extract.roles import find_roles
from kg.records import Article, ArticleResult, Entity, Evidence, Relation

__all__ = ["Extractor", "extract_doc", "fits"]


def _evidence(article: Article, sent: Span) -> Evidence:
    """The sentence as the article wrote it; blanked boilerplate is trimmed off its ends."""
    cleaned = sent.doc.text
    start, end = sent.start_char, sent.end_char
    while start < end and cleaned[start].isspace():
        start += 1
    while end > start and cleaned[end - 1].isspace():
        end -= 1
    return Evidence(article.text[start:end], start, end)


def _record(article: Article, sent: Span, subject: Entity, prop: str, obj: Entity, rule: str,
            claim: ClaimInfo, role: str | None = None, actor: Entity | None = None) -> Relation:
    return Relation(
        doc=article.id, subject=subject, predicate=prop, object=obj,
        evidence=_evidence(article, sent), rule=rule, modality=claim.modality,
        negated=claim.negated,
        attributed_to=claim.attributed_to.entity if claim.attributed_to else None,
        role=role, confidence=confidence(rule, claim.modality), actor=actor, date=article.date)


def fits(prop: str, subject: Entity, obj: Entity) -> bool:
    """Whether the ontology's domain and range admit these actor types.

    A person is never ``alliedWith`` or ``atWarWith`` anyone: such a reading is kept only
    as the act of the state the person represents (the roll-up).

    >>> from kg.records import Entity
    >>> p, s = Entity("p", "A", "Person"), Entity("s", "B", "State")
    >>> fits("alliedWith", p, s), fits("alliedWith", s, s), fits("criticizes", p, s)
    (False, True, True)
    """
    from kg.vocab import relation_properties
    info = relation_properties()[prop]
    allowed = lambda spec, e: spec == "Actor" or e.type in spec.split("|")  # noqa: E731
    return allowed(info.domain, subject) and allowed(info.range, obj)


def extract_doc(doc: Doc, article: Article) -> ArticleResult:
    """All relations of one parsed article, in text order."""
    actors = DocActors(doc)
    relations: list[Relation] = []
    seen: set[tuple] = set()

    def add(rel: Relation) -> None:
        key = (rel.subject.iri, rel.predicate, rel.object.iri, rel.evidence.start, rel.actor)
        if key not in seen:
            seen.add(key)
            relations.append(rel)

    # 1. what each sentence says, before deciding whom persons act for
    rules = RelationRules(actors)
    found: list[tuple[Span, list[Candidate]]] = []
    topic: list[Mention] = []
    for sent in doc.sents:
        found.append((sent, list(rules(sent, topic))))
        topic = sentence_topic(sent, actors) or topic

    # 2. whom persons act for: titles, and verbs such as "led Ukraine's delegation"
    roles = find_roles(doc, actors)
    represented: dict[str, Entity] = {}
    for r in roles:
        if r.target.entity.type == "State":
            represented.setdefault(r.person.entity.iri, r.target.entity)
    for _, cands in found:
        for cand in cands:
            if cand.property == "represents" and cand.object.entity.type == "State":
                represented.setdefault(cand.subject.entity.iri, cand.object.entity)
    roles_at: dict[int, list] = {}
    for r in roles:
        roles_at.setdefault(r.at, []).append(r)

    # 3. the records, sentence by sentence
    for sent, cands in found:
        for start in range(sent.start, sent.end):
            for r in roles_at.get(start, ()):
                add(_record(article, sent, r.person.entity, r.property, r.target.entity,
                            "title", ClaimInfo(), role=r.role))
        for cand in cands:
            claim = analyse_claim(cand.clause, cand.trigger, actors)
            if fits(cand.property, cand.subject.entity, cand.object.entity):
                add(_record(article, sent, cand.subject.entity, cand.property, cand.object.entity,
                            cand.rule, claim, role=cand.role))
            opposite = actors.lexicon.negated_means.get(cand.property)
            if claim.negated and opposite:
                # "cannot support X" is also a stance against X
                add(_record(article, sent, cand.subject.entity, opposite, cand.object.entity,
                            cand.rule + ".negated", replace(claim, negated=False)))
            state = represented.get(cand.subject.entity.iri)
            if (state is not None and state.iri != cand.object.entity.iri
                    and fits(cand.property, state, cand.object.entity)):
                add(_record(article, sent, state, cand.property, cand.object.entity,
                            cand.rule + "+rollup", claim, actor=cand.subject.entity))
    return ArticleResult(article, relations, actors.entities())


from kg.extract.driver import Extractor  # noqa: E402  (the driver calls extract_doc)
