"""One parsed article in, its relation records out.

    mentions ─▶ rules per sentence ─▶ roles (titles) ─▶ claims ─▶ records (+ roll-up)

Persons' acts are also recorded as the acts of the state they represent (the roll-up:
subject = the state, ``actor`` = the person), and a negated stance that means its
opposite ("cannot support X") is also recorded as that opposite.  Domain and range from
the ontology filter impossible readings.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Span

from kg.extract.claims import ClaimInfo, ClaimReader, confidence
from kg.extract.eventtime import EventTime, event_time, historical
from kg.extract.mentions import DocActors, Mention
from kg.extract.resolve import Resolver
from kg.extract.roles import Role, find_roles
from kg.extract.rules import Candidate, Context, info, run
from kg.extract.syntax import VERBAL, subject_of
from kg.records import Article, ArticleResult, Entity, Evidence, Relation

__all__ = ["extract_doc", "fits"]


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

    spec = relation_properties()[prop]
    return _allowed(spec.domain, subject) and _allowed(spec.range, obj)


def _allowed(spec: str, entity: Entity) -> bool:
    return spec == "Actor" or entity.type in spec.split("|")


def sentence_topic(sent: Span, resolver: Resolver) -> list[Mention]:
    """The actor a sentence is about: what the subject of its main verb names."""
    root = sent.root
    subject = subject_of(root) if root.pos_ in VERBAL else None
    if subject is None:
        return []
    return [m for m in resolver.resolve(subject) if m.entity.type != "Person"]


@dataclass
class _Records:
    """The relations of one article, each (subject, property, object, sentence, actor) once."""

    article: Article
    relations: list[Relation] = field(default_factory=list)
    seen: set[tuple] = field(default_factory=set)
    cleaned: str | None = None

    def evidence(self, sent: Span) -> Evidence:
        """The sentence as the article wrote it; blanked boilerplate is trimmed off its ends."""
        if self.cleaned is None:
            self.cleaned = sent.doc.text  # built once: Doc.text joins every token
        cleaned = self.cleaned
        start, end = sent.start_char, sent.end_char
        while start < end and cleaned[start].isspace():
            start += 1
        while end > start and cleaned[end - 1].isspace():
            end -= 1
        return Evidence(self.article.text[start:end], start, end)

    def add(self, sent: Span, subject: Entity, prop: str, obj: Entity, rule: str, score: float,
            claim: ClaimInfo, role: str | None = None, actor: Entity | None = None,
            when: EventTime | None = None) -> None:
        evidence = self.evidence(sent)
        key = (subject.iri, prop, obj.iri, evidence.start, actor)
        if key in self.seen:
            return
        self.seen.add(key)
        self.relations.append(Relation(
            doc=self.article.id, subject=subject, predicate=prop, object=obj, evidence=evidence,
            rule=rule, modality=claim.modality, negated=claim.negated,
            attributed_to=claim.attributed_to.entity if claim.attributed_to else None,
            role=role, confidence=score, actor=actor, date=self.article.date,
            event_date=when.date if when else None, event_precision=when.precision if when else None,
            historical=historical(when, self.article.date)))


def _candidates(doc: Doc, ctx: Context) -> list[tuple[Span, list[Candidate]]]:
    found = []
    for sent in doc.sents:
        found.append((sent, list(run(sent, ctx))))
        ctx.topic = sentence_topic(sent, ctx.resolver) or ctx.topic
    return found


def _represented(roles: list[Role], found: Iterable[tuple[Span, list[Candidate]]]) -> dict[str, Entity]:
    """Whom each person acts for: the first state a title or a verb ('represented') gives."""
    represented: dict[str, Entity] = {}
    for r in roles:
        if r.target is not None and r.target.type == "State":
            represented.setdefault(r.person.entity.iri, r.target)
    for _, cands in found:
        for cand in cands:
            if cand.property == "represents" and cand.object.entity.type == "State":
                represented.setdefault(cand.subject.entity.iri, cand.object.entity)
    return represented


class _Assembler:
    def __init__(self, article: Article, ctx: Context, represented: dict[str, Entity]):
        self.records = _Records(article)
        self.claims = ClaimReader(ctx.resolver)
        self.negated_means = ctx.lexicon.maps["negated_means"]
        self.planned_means = ctx.lexicon.maps["planned_means"]
        self.represented = represented

    def _speaks_for(self, subject: Entity, obj: Entity) -> bool:
        return any(self.represented.get(a.iri) == b for a, b in ((subject, obj), (obj, subject)))

    def role(self, sent: Span, r: Role) -> None:
        if r.target is None:
            return
        title = info(r.rule)
        self.records.add(sent, r.person.entity, r.property, r.target, title.id,
                         confidence(title), ClaimInfo(), role=r.role)

    def candidate(self, sent: Span, cand: Candidate) -> None:
        claim = self.claims.read(cand.clause, cand.trigger)
        subject, obj, rule = cand.subject.entity, cand.object.entity, cand.rule
        score = confidence(rule, claim.modality)
        if self._speaks_for(subject, obj):
            return  # a person acting on the state they represent: they speak for it
        when = event_time(cand.clause, cand.trigger, self.records.article.date)
        if fits(cand.property, subject, obj):
            self.records.add(sent, subject, cand.property, obj, rule.id, score, claim, role=cand.role, when=when)
        opposite = self.negated_means.get(cand.property)
        if claim.negated and opposite:
            # "cannot support X" is also a stance against X
            self.records.add(sent, subject, opposite, obj, rule.id + ".negated",
                             score, replace(claim, negated=False), when=when)
        bid = self.planned_means.get(cand.property)
        if bid and claim.modality == "planned" and not claim.negated:
            # "Sweden applied to join NATO": the membership is planned, the bid is made
            self.records.add(sent, subject, bid, obj, rule.id + ".bid", score,
                             replace(claim, modality="asserted"), when=when)
        self._rollup(sent, cand, claim, score, when)

    def _rollup(self, sent: Span, cand: Candidate, claim: ClaimInfo, score: float,
                when: EventTime | None) -> None:
        """A person's act is also the act of the state they represent, at one level: the
        other side rises to its state too when it is a person, and stays out when that
        person's state is unknown (never a state–person pair)."""
        subject, obj = cand.subject.entity, cand.object.entity
        state = self.represented.get(subject.iri)
        if state is None:
            return
        if obj.type == "Person":
            other = self.represented.get(obj.iri)
            if other is None:
                return
            obj = other
        if state.iri != obj.iri and fits(cand.property, state, obj):
            self.records.add(sent, state, cand.property, obj, cand.rule.id + "+rollup", score, claim,
                             actor=subject, when=when)


def extract_doc(doc: Doc, article: Article) -> ArticleResult:
    """All relations of one parsed article, in text order."""
    actors = DocActors(doc, date=article.date)
    resolver = Resolver(actors)
    ctx = Context(actors, resolver, actors.lexicon)
    # 1. what each sentence says, before deciding whom persons act for
    found = _candidates(doc, ctx)
    # 2. whom persons act for: titles, and verbs such as "led Ukraine's delegation"
    roles = find_roles(doc, actors, resolver, article.date)
    assembler = _Assembler(article, ctx, _represented(roles, found))
    roles_at: dict[int, list[Role]] = {}
    for r in roles:
        roles_at.setdefault(r.at, []).append(r)
    # 3. the records, sentence by sentence
    for sent, cands in found:
        for start in range(sent.start, sent.end):
            for r in roles_at.get(start, ()):
                assembler.role(sent, r)
        for cand in cands:
            assembler.candidate(sent, cand)
    return ArticleResult(article, assembler.records.relations, actors.entities())
