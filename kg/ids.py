"""Deterministic identifiers: the same input always mints the same IRIs.

Rebuilding a store from the same articles must give an isomorphic graph, so no IRI
depends on time, order or randomness.  Gazetteer actors are keyed by ISO 3166 alpha-3
code or organisation key; persons and groups by a slug of their canonical name.  A person's
canonical name is the full name the article writes (the longest, for its short forms), or
the office-holder lists' spelling of it (:mod:`kg.extract.mentions`), so the same full name
in any article gives the same IRI; a surname alone gets its own IRI unless the article ties
it to a full name.

>>> state_iri("PRK")
'https://w3id.org/geokg/id/state/PRK'
>>> person_iri("Robert Wood")
'https://w3id.org/geokg/id/person/robert-wood'
>>> slug("Démocratic  People’s Republic")
'democratic-peoples-republic'
>>> claim_iri("seed", "https://w3id.org/geokg/id/state/PRK", "sendsTroopsTo", "https://w3id.org/geokg/id/state/RUS", 10)
'https://w3id.org/geokg/id/claim/2bbbb0a731a9c472'
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import quote

BASE = "https://w3id.org/geokg/"
ONTOLOGY = BASE + "ontology#"
ID = BASE + "id/"
GRAPH = BASE + "graph/"
WIKIDATA = "http://www.wikidata.org/entity/"

#: The named graph holding actor descriptions shared by all articles.
ENTITIES_GRAPH = GRAPH + "_entities"
#: The named graph holding the ontology itself, so SPARQL can follow the hierarchy.
ONTOLOGY_GRAPH = GRAPH + "_ontology"
#: The named graph holding reviewers' decisions on claims (:mod:`kg.rdf.reviews`); no build
#: or removal of articles touches it.
REVIEWS_GRAPH = GRAPH + "_reviews"


def slug(text: str) -> str:
    """Lower-case ASCII words joined by hyphens."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"['’`]", "", text.lower())
    return "-".join(re.findall(r"[a-z0-9]+", text))


def state_iri(code: str) -> str:
    return f"{ID}state/{quote(code, safe='')}"


def org_iri(key: str) -> str:
    return f"{ID}org/{quote(key, safe='')}"


def person_iri(name: str) -> str:
    return f"{ID}person/{slug(name)}"


def group_iri(name: str) -> str:
    return f"{ID}group/{slug(name)}"


def article_iri(article_id: str) -> str:
    return f"{ID}article/{quote(article_id, safe='')}"


def article_graph(article_id: str) -> str:
    """The named graph that holds one article's relations and claims."""
    return f"{GRAPH}{quote(article_id, safe='')}"


def property_iri(local_name: str) -> str:
    return ONTOLOGY + local_name


def wikidata_iri(qid: str) -> str:
    return WIKIDATA + qid


def review_iri(claim: str) -> str:
    """The decision on a claim: one per claim, named after it.

    >>> review_iri("https://w3id.org/geokg/id/claim/2bbbb0a731a9c472")
    'https://w3id.org/geokg/id/review/2bbbb0a731a9c472'
    """
    return f"{ID}review/{claim.rsplit('/', 1)[-1]}"


def claim_iri(doc: str, subject: str, predicate: str, obj: str, start: int) -> str:
    """A claim is one relation mention: the article, the triple and where the sentence starts."""
    key = "\x1f".join([doc, subject, predicate, obj, str(start)])
    return f"{ID}claim/{hashlib.sha1(key.encode('utf-8')).hexdigest()[:16]}"
