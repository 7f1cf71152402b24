r"""Reviewers' decisions on claims: reject a wrong one, confirm a checked one.

A decision is a ``geokg:Review`` in its own named graph, :data:`kg.ids.REVIEWS_GRAPH`, with
the claim it decides on (``geokg:reviewOf``), the decision (``"rejected"`` or
``"confirmed"``), who (``dct:creator``), when (``dct:created``) and why (``rdfs:comment``).
No build or removal of articles touches that graph, so a decision outlives any rebuild.

Why decisions key on the claim's IRI: :func:`kg.ids.claim_iri` hashes the article id, the
triple and where the sentence starts, so the same text read again gives the same claim the
same IRI, and an article extracted again, rebuilt from scratch or removed and added back
finds its decisions waiting.  (A changed text that moves the sentence, or an extractor that
reads a different triple, makes a different claim, which no one has reviewed yet.)

How a rejection takes effect: in one place, the store, by :data:`SYNC`, an update that runs
after every write of articles (:meth:`kg.store.base.GraphStore.write`) and every decision.
It types each rejected claim ``geokg:RejectedClaim`` instead of ``geokg:Claim`` and takes
its plain triple out of the article's graph unless another asserting claim there still
says it; a claim no longer rejected gets both back.  So every reader that asks for
``geokg:Claim`` or for plain triples (the analyses, the pages, ``kg query``'s shipped
queries, ``relations()``) leaves rejected claims out without knowing about reviews, and one
that wants them asks for ``geokg:RejectedClaim`` too
(:func:`kg.rdf.read.relations_from_graph` with ``include_rejected=True``).

>>> claim_ref("2bbbb0a731a9c472") == claim_ref("id:claim/2bbbb0a731a9c472")
True
>>> claim_ref("Russia")
Traceback (most recent call last):
...
ValueError: 'Russia' is not a claim id; give the 16 hex digits of a claim (kg review claims ACTOR lists them) or its IRI
"""

from __future__ import annotations

import datetime
import re
from dataclasses import asdict, dataclass
from typing import Any

from kg import ids
from kg.modality import table as modality_table
from kg.rdf.sparql import PREFIXES, Query, Queryable, rows, term

DECISIONS = ("rejected", "confirmed")
_PREFIXED = re.compile(r"\b(" + "|".join(PREFIXES) + r"):(\w+)")


def _expand(template: str) -> str:
    """Prefixed names written out as IRIs: an update may not declare prefixes after its first part.

    >>> _expand("?c a geokg:Claim")
    '?c a <https://w3id.org/geokg/ontology#Claim>'
    """
    return _PREFIXED.sub(lambda m: f"<{PREFIXES[m.group(1)]}{m.group(2)}>", template)


_HEX = re.compile(r"[0-9a-f]{16}")
_REVIEWS = f"<{ids.REVIEWS_GRAPH}>"
_ASSERTING = ", ".join(term(m.name) for m in modality_table().values() if m.asserts)
_REJECTED = f'GRAPH {_REVIEWS} {{ ?review geokg:reviewOf ?c ; geokg:decision "rejected" }}'
_ASSERTS = f"geokg:negated false ; geokg:modality ?m FILTER(?m IN ({_ASSERTING}))"

#: Brings the article graphs in line with the decisions: restores claims no longer rejected
#: (their plain triple first, while they are still told apart by type), then hides rejected ones.
SYNC = _expand(f"""INSERT {{ GRAPH ?g {{ ?s ?p ?o }} }} WHERE {{
  GRAPH ?g {{ ?c a geokg:RejectedClaim ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; {_ASSERTS} }}
  FILTER NOT EXISTS {{ {_REJECTED} }}
}} ;
DELETE {{ GRAPH ?g {{ ?c a geokg:RejectedClaim }} }} INSERT {{ GRAPH ?g {{ ?c a geokg:Claim }} }} WHERE {{
  GRAPH ?g {{ ?c a geokg:RejectedClaim }} FILTER NOT EXISTS {{ {_REJECTED} }}
}} ;
DELETE {{ GRAPH ?g {{ ?c a geokg:Claim }} }} INSERT {{ GRAPH ?g {{ ?c a geokg:RejectedClaim }} }} WHERE {{
  {_REJECTED} GRAPH ?g {{ ?c a geokg:Claim }}
}} ;
DELETE {{ GRAPH ?g {{ ?s ?p ?o }} }} WHERE {{
  {_REJECTED}
  GRAPH ?g {{ ?c a geokg:RejectedClaim ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o }}
  FILTER NOT EXISTS {{ GRAPH ?g {{ ?k a geokg:Claim ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; {_ASSERTS} }} }}
}}""")


@dataclass(frozen=True)
class Review:
    """One decision, with what it is about when the claim is stored (else ``None``)."""

    claim: str
    decision: str
    by: str
    at: str
    note: str
    article: str | None = None
    subject: str | None = None
    predicate: str | None = None
    object: str | None = None
    sentence: str | None = None

    @property
    def claim_id(self) -> str:
        """The short id the command line takes (the claim IRI's last segment)."""
        return self.claim.rsplit("/", 1)[-1]

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.claim_id, **asdict(self)}


def claim_ref(value: str) -> str:
    """The claim IRI for a short id (16 hex digits) or the IRI itself."""
    value = value.strip()
    if _HEX.fullmatch(value):
        return f"{ids.ID}claim/{value}"
    tail = value.rsplit("/", 1)[-1]
    if value in (f"{ids.ID}claim/{tail}", f"id:claim/{tail}") and _HEX.fullmatch(tail):
        return f"{ids.ID}claim/{tail}"
    raise ValueError(f"{value!r} is not a claim id; give the 16 hex digits of a claim "
                     "(kg review claims ACTOR lists them) or its IRI")


def decide_update(claim: str, decision: str, by: str, note: str, at: str | None = None) -> str:
    """The update that records ``decision`` on ``claim`` (replacing an earlier one) and applies it.

    >>> print(decide_update(claim_ref("2bbbb0a731a9c472"), "rejected", "ana", "wrong actor",
    ...                     "2026-01-02T03:04:05+00:00").split(" ;\\n")[1])  # doctest: +ELLIPSIS
    INSERT DATA { GRAPH <...> { <...review/2bbbb0a731a9c472> a <...#Review> ; <...#reviewOf> <...claim/2bbbb0a731a9c472> ; <...#decision> "rejected" ; <...creator> "ana" ; <...created> "2026-01-02T03:04:05+00:00"^^<...#dateTime> ; <...#comment> "wrong actor" } }
    """
    if decision not in DECISIONS:
        raise ValueError(f"unknown decision {decision!r}; use one of {', '.join(DECISIONS)}")
    when = at or datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")
    review = f"<{ids.review_iri(claim)}>"
    fields = (_expand(f"{review} a geokg:Review ; geokg:reviewOf <{claim}> ; geokg:decision ")
              + term(decision) + _expand(" ; dct:creator ") + term(by) + _expand(" ; dct:created ")
              + term(when) + _expand("^^xsd:dateTime ; rdfs:comment ") + term(note))
    return f"{_forget(claim)} ;\nINSERT DATA {{ GRAPH {_REVIEWS} {{ {fields} }} }} ;\n{SYNC}"


def undo_update(claim: str) -> str:
    """The update that forgets the decision on ``claim`` and restores the claim if it was rejected."""
    return f"{_forget(claim)} ;\n{SYNC}"


def _forget(claim: str) -> str:
    return f"DELETE WHERE {{ GRAPH {_REVIEWS} {{ <{ids.review_iri(claim)}> ?p ?o }} }}"


def claim_exists(store: Queryable, claim: str) -> bool:
    """Whether ``claim`` is stored (rejected or not)."""
    return bool(store.query(f"ASK {{ VALUES ?t {{ geokg:Claim geokg:RejectedClaim }} <{claim}> a ?t }}").askAnswer)


_LIST = f"""SELECT ?claim ?decision ?by ?at ?note ?doc ?sl ?p ?ol ?sentence WHERE {{
  GRAPH {_REVIEWS} {{
    ?r a geokg:Review ; geokg:reviewOf ?claim ; geokg:decision ?decision ; dct:creator ?by ; dct:created ?at .
    OPTIONAL {{ ?r rdfs:comment ?note }}
  }}
  OPTIONAL {{
    ?claim rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; geokg:evidenceText ?sentence ;
           prov:wasDerivedFrom ?art .
    ?art dct:identifier ?doc .
    OPTIONAL {{ ?s rdfs:label ?sl }} OPTIONAL {{ ?o rdfs:label ?ol }}
  }}
}} ORDER BY ?at ?claim"""


def list_reviews(store: Queryable) -> list[Review]:
    """Every decision, oldest first, with its claim's article, triple and sentence when stored."""
    out = []
    for claim, decision, by, at, note, doc, sl, p, ol, sentence in rows(store.query(_LIST)):
        out.append(Review(str(claim), str(decision), str(by), str(at), str(note or ""),
                          _text(doc), _text(sl), _local(p), _text(ol), _text(sentence)))
    return out


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _local(iri: Any) -> str | None:
    return None if iri is None else str(iri).rsplit("#", 1)[-1]


#: The claims between two actors (or of one), rejected ones too, with their decision if any:
#: how a reviewer finds the id of the claim to decide on.
CLAIMS_OF = Query.text(f"""# @param actor: actor   one actor's label (any case) or IRI
# @param other: actor = ""   the other actor, or "" for every claim of the first
SELECT ?id ?claim ?subject ?subjectLabel ?relation ?object ?objectLabel ?modality ?negated ?confidence
       ?sentence ?article ?decision ?note WHERE {{
  VALUES ?actor {{ ?_actor }}
  VALUES ?other {{ ?_other }}
  {{ ?claim rdf:subject ?actor ; rdf:object ?other }} UNION {{ ?claim rdf:object ?actor ; rdf:subject ?other }}
  VALUES ?type {{ geokg:Claim geokg:RejectedClaim }}
  ?claim a ?type ; rdf:subject ?subject ; rdf:predicate ?p ; rdf:object ?object ;
         geokg:modality ?modality ; geokg:negated ?negated ; geokg:confidence ?confidence ;
         geokg:evidenceText ?sentence ; prov:wasDerivedFrom ?art .
  ?art dct:identifier ?article .
  OPTIONAL {{ ?subject rdfs:label ?subjectLabel }} OPTIONAL {{ ?object rdfs:label ?objectLabel }}
  OPTIONAL {{ GRAPH {_REVIEWS} {{ ?r geokg:reviewOf ?claim ; geokg:decision ?decision .
                                OPTIONAL {{ ?r rdfs:comment ?note }} }} }}
  BIND(STRAFTER(STR(?p), "#") AS ?relation)
  BIND(STRAFTER(STR(?claim), "/claim/") AS ?id)
}} ORDER BY DESC(?confidence) ?article ?claim
""", "claims-of")
