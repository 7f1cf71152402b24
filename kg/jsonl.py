"""Relations as JSON Lines: the exchange format of ``kg extract``.

One object per relation mention, with the property's IRI, its super-properties, its
PLOVER type and quad class from the ontology, and the claim's evidence.  This is the shape
the evaluation scorer reads; ``tests/test_cli.py`` (``test_cli_extract_jsonl_shape``)
pins every field.

>>> from kg.records import Entity, Evidence, Relation
>>> prk = Entity("https://w3id.org/geokg/id/state/PRK", "North Korea", "State", "PRK", "Q423")
>>> rus = Entity("https://w3id.org/geokg/id/state/RUS", "Russia", "State", "RUS", "Q159")
>>> rel = Relation("a1", prk, "sendsTroopsTo", rus, Evidence("X.", 0, 2), "verb.theme")
>>> row = relation_to_json(rel)
>>> row["plover"], row["quad_class"], row["predicate"].rsplit("#", 1)[1]
('AID', 2, 'sendsTroopsTo')
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import replace
from typing import Any, TextIO

from kg.records import Entity, Evidence, Relation  # noqa: F401 (Evidence: for the doctest)
from kg.vocab import relation_properties


def relation_to_json(rel: Relation) -> dict[str, Any]:
    info = relation_properties()[rel.predicate]
    attributed = rel.attributed_to
    return {
        "doc": rel.doc,
        "subject": rel.subject.to_json(),
        "predicate": info.iri,
        "ancestors": list(info.ancestors),
        "object": rel.object.to_json(),
        "plover": info.plover,
        "quad_class": info.quad_class,
        "modality": rel.modality,
        "negated": rel.negated,
        "attributed_to": {"id": attributed.iri, "label": attributed.label} if attributed else None,
        "role": rel.role,
        "actor": {"id": rel.actor.iri, "label": rel.actor.label} if rel.actor else None,
        "confidence": rel.confidence,
        "date": rel.date,
        "event_date": rel.event_date,
        "event_precision": rel.event_precision,
        "historical": rel.historical,
        "evidence": {"sentence": rel.evidence.sentence, "start": rel.evidence.start,
                     "end": rel.evidence.end},
        "rule": rel.rule,
    }


def with_article_names(relations: Iterable[Relation], entities: Iterable[Entity]) -> list[Relation]:
    """The relations with each actor as the article describes it: the other names the
    article writes for it ("Western nations" for the West, "Putin"), so that a reader of
    one line sees how the text named both sides.

    >>> west = Entity("https://w3id.org/geokg/id/group/west", "Western countries", "Group")
    >>> prk = Entity("https://w3id.org/geokg/id/state/PRK", "North Korea", "State", "PRK")
    >>> rel = Relation("a1", west, "criticizes", prk, Evidence("x", 0, 1), "verb")
    >>> named = with_article_names([rel], [replace(west, alt=("Western nations",))])
    >>> named[0].subject.to_json()["aliases"]
    ['Western nations']
    """
    by_iri = {e.iri: e for e in entities}
    return [replace(r, subject=by_iri.get(r.subject.iri, r.subject), object=by_iri.get(r.object.iri, r.object))
            for r in relations]


def write_jsonl(relations: Iterable[Relation], out: TextIO) -> int:
    """Write one line per relation; return how many were written."""
    n = 0
    for rel in relations:
        out.write(json.dumps(relation_to_json(rel), ensure_ascii=False) + "\n")
        n += 1
    return n
