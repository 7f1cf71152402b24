"""Plain records that flow between the stages.

Extraction (ingest, clean, nlp, link, relate) produces these and knows nothing of RDF;
the store and the JSONL writer consume them.  They are frozen dataclasses so that a
record can be hashed, compared in tests and sent to another process unchanged.

>>> usa = Entity("https://w3id.org/geokg/id/state/USA", "United States", "State", "USA", "Q30")
>>> usa.to_json()["wikidata"]
'Q30'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kg.modality import MODALITIES  # noqa: E402,F401  (the one table, kg/data/modalities.tsv)

#: The actor classes of the ontology.
ACTOR_TYPES = ("State", "Organization", "Person", "Group")


@dataclass(frozen=True)
class Article:
    """One input article.  ``text`` is the text as read; offsets refer to it.

    ``source`` says where it was read from (file, and line) for messages only: it is not
    part of the article, and is never stored, so the same article read from any file
    makes the same graph.  ``publisher`` is the outlet, when the input names it.
    """

    id: str
    text: str
    title: str | None = None
    date: str | None = None
    url: str | None = None
    source: str | None = None
    #: Place named by a dateline ("New York:"), kept as metadata and never as an actor.
    dateline: str | None = None
    publisher: str | None = None


@dataclass(frozen=True)
class InputProblem:
    """An input that could not be read; ``source`` names it (file, and line if any).

    ``ignored`` marks a note rather than a failure: files a folder holds that are not
    articles (images, PDFs...), left out on purpose.  They are reported, but do not
    make a run's exit code 1.
    """

    source: str
    reason: str
    ignored: bool = False

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


@dataclass(frozen=True)
class Entity:
    """A canonical actor with a deterministic IRI."""

    iri: str
    label: str
    type: str
    iso3: str | None = None
    wikidata: str | None = None
    #: Other names the articles use for it ("Putin", "Nato"), sorted; ``skos:altLabel``.
    alt: tuple[str, ...] = ()
    #: For a body that belongs to a state (Gazprom, a state agency): that state's ISO 3166-1
    #: alpha-3 code.  Not ``iso3``, which identifies a state itself.
    state: str | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.iri, "label": self.label, "type": self.type}
        if self.iso3:
            out["iso3"] = self.iso3
        if self.wikidata:
            out["wikidata"] = self.wikidata
        if self.alt:
            out["aliases"] = list(self.alt)
        if self.state:
            out["state"] = self.state
        return out


@dataclass(frozen=True)
class Evidence:
    """The sentence a relation was read from, with character offsets into the article text."""

    sentence: str
    start: int
    end: int


@dataclass(frozen=True)
class Relation:
    """One relation mention (a claim): ``subject --predicate--> object`` in one sentence.

    ``predicate`` is the local name of an ontology property (``"sendsTroopsTo"``).
    ``actor`` is set when the relation was rolled up from a person to the state the
    person represents: the subject is then the state and ``actor`` the person.
    ``date`` is the article's date; ``event_date`` when the event happened, where the
    text says (see :mod:`kg.extract.eventtime`).
    """

    doc: str
    subject: Entity
    predicate: str
    object: Entity
    evidence: Evidence
    rule: str
    modality: str = "asserted"
    negated: bool = False
    attributed_to: Entity | None = None
    role: str | None = None
    confidence: float = 0.5
    actor: Entity | None = None
    date: str | None = None
    #: When the event happened, as the text says (an ISO prefix: ``1831``, ``2022-02-24``).
    event_date: str | None = None
    #: ``year``, ``month`` or ``day``: how much of ``event_date`` the text gives.
    event_precision: str | None = None
    #: The event lies years before the article (history, not news).
    historical: bool = False

    @property
    def key(self) -> tuple[str, str, str, str]:
        """What makes two mentions the same relation: document, subject, property, object."""
        return (self.doc, self.subject.iri, self.predicate, self.object.iri)


#: The one flat shape of a :class:`Relation` as a table row, in column order: the API's
#: ``relations_frame``, the CSV export and the signed graph's evidence all use it.
RELATION_COLUMNS = (
    "doc", "date", "event_date", "event_precision", "historical", "subject", "predicate",
    "object", "modality", "negated", "confidence", "attributed_to", "rule", "sentence", "start",
    "end", "actor", "role", "subject_id", "object_id",
)


def relation_row(rel: Relation, *, subject: Entity | None = None, object: Entity | None = None,
                 actor: Entity | None = None) -> dict[str, Any]:
    """A relation as a flat row (:data:`RELATION_COLUMNS`): actors by label, ``*_id`` their IRIs.

    ``subject``/``object``/``actor`` replace the relation's own, for a claim drawn between
    other actors (a person's act rolled up to the state the person represents).
    ``attributed_to`` is the speaker of a reported claim.

    >>> usa = Entity("https://ex/usa", "United States", "State")
    >>> prk = Entity("https://ex/prk", "North Korea", "State")
    >>> rel = Relation("a1", usa, "criticizes", prk, Evidence("US criticised NK.", 0, 17), "verb")
    >>> row = relation_row(rel)
    >>> list(row) == list(RELATION_COLUMNS), row["subject"], row["object_id"]
    (True, 'United States', 'https://ex/prk')
    """
    subject = subject or rel.subject
    object = object or rel.object
    actor = actor or rel.actor
    return {
        "doc": rel.doc, "date": rel.date, "event_date": rel.event_date,
        "event_precision": rel.event_precision, "historical": rel.historical,
        "subject": subject.label, "predicate": rel.predicate,
        "object": object.label, "modality": rel.modality, "negated": rel.negated,
        "confidence": rel.confidence,
        "attributed_to": rel.attributed_to.label if rel.attributed_to else None,
        "rule": rel.rule, "sentence": rel.evidence.sentence, "start": rel.evidence.start,
        "end": rel.evidence.end, "actor": actor.label if actor else None, "role": rel.role,
        "subject_id": subject.iri, "object_id": object.iri,
    }


@dataclass
class ArticleResult:
    """Everything extraction found in one article."""

    article: Article
    relations: list[Relation] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    #: The fingerprint of the extractor that read it (:mod:`kg.extract.fingerprint`), set by
    #: the build; the store keeps it to tell whether a rebuild must parse the article again.
    extractor: str | None = None
