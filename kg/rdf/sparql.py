r"""SPARQL text, built one way: the prologue, typed values, and queries with parameters.

Every query geokg sends is a :class:`Query` or is put together with :func:`term`, which
writes a Python value as a SPARQL term (an IRI checked by Oxigraph, a typed literal, a
boolean), so no caller pastes a value into a query by hand.

**Where a query comes from** is said explicitly, never guessed from the text:

- :meth:`Query.text` — SPARQL written by the caller;
- :meth:`Query.file` — a ``.rq`` file (read only when asked for by this constructor);
- :meth:`Query.shipped` — one of the queries that ship with geokg (``allies-of``...).

:meth:`Query.from_argument` is the command line's rule (a name, a ``.rq`` path, or the
text); :meth:`Query.from_name_or_text` is the API's (a name or the text; files only
through :meth:`Query.file`).

**Parameters.**  A query declares a parameter in a comment line ``# @param NAME[: TYPE]
= "default"`` (no default: the caller must give it) and writes the placeholder
``?_NAME`` where the value goes.  Two types:

- ``string`` (the default): the value as a string literal, wherever a value may stand;
- ``actor``: the actors the value names (a label in any case, or an IRI), written
  inside a ``VALUES`` block: ``VALUES ?actor { ?_actor }``.  The label is resolved to
  IRIs once, before the query runs, so the query itself starts from the actor's IRI
  (an index look-up) instead of comparing every label in the store.  An empty value
  leaves the variable unbound (``UNDEF``); a label no actor has gives no rows.

(Why not ``VALUES`` at the end or initial bindings?  A trailing ``VALUES`` is joined
after the ``WHERE`` clause's FILTERs have run, and Oxigraph substitutes bindings only for
projected variables.)

>>> q = Query.shipped("evidence-for")
>>> {name: (p.kind, p.default) for name, p in q.params.items()}
{'actor': ('actor', 'North Korea'), 'other': ('actor', 'Russia'), 'relation': ('string', '')}
>>> print(Query.text('# @param x = "a"\nASK { FILTER(?_x = "b") }').bind({"x": 'say "hi"'}))
# @param x = "a"
ASK { FILTER("say \"hi\"" = "b") }
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Protocol, cast

import pyoxigraph as ox
from rdflib import namespace as ns
from rdflib.query import Result, ResultRow
from rdflib.term import BNode, Literal, URIRef

from kg import ids
from kg.resources import queries_dir

#: Prefixes every query may use without declaring them.
PREFIXES: dict[str, str] = {
    "geokg": ids.ONTOLOGY,
    "rdf": str(ns.RDF),
    "rdfs": str(ns.RDFS),
    "owl": str(ns.OWL),
    "prov": str(ns.PROV),
    "dct": str(ns.DCTERMS),
    "skos": str(ns.SKOS),
    "xsd": str(ns.XSD),
    "id": ids.ID,
}

#: The ``PREFIX`` lines for :data:`PREFIXES`, one line, for servers that need them sent.
PROLOGUE = " ".join(f"PREFIX {k}: <{v}>" for k, v in PREFIXES.items()) + "\n"

_PARAM = re.compile(
    r"^\s*#\s*@param\s+(\w+)\s*(?::\s*(\w+))?\s*(?:=\s*\"((?:[^\"\\]|\\.)*)\")?", re.MULTILINE)
_NAME = re.compile(r"[\w-]+")
_ABSOLUTE_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]*")
KINDS = ("string", "actor")


class Queryable(Protocol):
    """Anything geokg's SPARQL runs on: a store, or an rdflib graph or dataset."""

    def query(self, sparql: str, /) -> Result: ...


def rows(result: Result) -> list[tuple[Any, ...]]:
    """The rows of a SELECT result as tuples of terms (``None`` where unbound)."""
    return [tuple(row) for row in cast(Iterable[ResultRow], result)]


class QueryError(ValueError):
    """A query that cannot be run as given; the message says what to change."""


# -- terms -----------------------------------------------------------------------------------


def iri(value: str) -> str:
    """An IRI as SPARQL writes it, checked by Oxigraph.

    >>> iri("https://w3id.org/geokg/id/state/PRK")
    '<https://w3id.org/geokg/id/state/PRK>'
    >>> iri("not an iri")
    Traceback (most recent call last):
    ...
    ValueError: 'not an iri' is not an absolute IRI
    """
    if not _ABSOLUTE_IRI.fullmatch(value):
        raise ValueError(f"{value!r} is not an absolute IRI")
    return str(ox.NamedNode(value))


def term(value: object) -> str:
    """A Python value or rdflib term as a SPARQL term: the one way values enter a query.

    >>> term(URIRef("https://ex/a")), term(3), term(True), term(0.5)
    ('<https://ex/a>', '3', 'true', '"0.5"^^<http://www.w3.org/2001/XMLSchema#decimal>')
    >>> print(term('say "hi"'))
    "say \\"hi\\""
    >>> term(datetime.date(2024, 11, 5))
    '"2024-11-05"^^<http://www.w3.org/2001/XMLSchema#date>'
    """
    if isinstance(value, URIRef):
        return iri(str(value))
    if isinstance(value, (Literal, BNode)):
        return value.n3()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, (float, Decimal)):
        return Literal(Decimal(repr(float(value))), datatype=ns.XSD.decimal).n3()
    if isinstance(value, datetime.date):
        return Literal(value.isoformat(), datatype=ns.XSD.date).n3()
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # a JSON string is a valid SPARQL string
    raise TypeError(f"cannot write {type(value).__name__} {value!r} as a SPARQL term")


def values(var: str, items: Iterable[object]) -> str:
    """A ``VALUES`` block binding ``?var`` to each item.

    >>> values("e", [URIRef("https://ex/a"), URIRef("https://ex/b")])
    'VALUES ?e { <https://ex/a> <https://ex/b> }'
    """
    return f"VALUES ?{var} {{ {' '.join(term(v) for v in items)} }}"


# -- queries ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Param:
    """A declared parameter: its type (``string`` or ``actor``) and default (``None``: required)."""

    kind: str
    default: str | None


@dataclass(frozen=True)
class Query:
    """SPARQL text with its declared parameters; make one with a constructor below."""

    sparql: str
    #: How messages name it: the shipped name or the file, else ``None``.
    name: str | None = None
    params: dict[str, Param] = field(default_factory=dict, compare=False)

    @classmethod
    def text(cls, sparql: str, name: str | None = None) -> Query:
        """SPARQL written by the caller (never read as a file name)."""
        return cls(sparql, name, _declared(sparql))

    @classmethod
    def file(cls, path: str | Path) -> Query:
        """The query in a ``.rq`` file."""
        try:
            sparql = Path(path).read_text(encoding="utf-8")
        except OSError as err:
            raise QueryError(f"cannot read query file {path} ({err.strerror or err}); check the path") from None
        except UnicodeDecodeError:
            raise QueryError(f"query file {path} is not UTF-8 text; save it as UTF-8") from None
        return cls.text(sparql, str(path))

    @classmethod
    def shipped(cls, name: str) -> Query:
        """A query that ships with geokg, by name (see :func:`shipped_queries`)."""
        path = queries_dir() / f"{name}.rq"
        if not _NAME.fullmatch(name) or not path.is_file():
            raise QueryError(
                f"unknown query {name!r}; use one of {', '.join(shipped_queries())}, "
                "a .rq file or the SPARQL text itself"
            )
        return cls.text(path.read_text(encoding="utf-8"), name)

    @classmethod
    def from_name_or_text(cls, arg: str) -> Query:
        """The API's reading of a string: a shipped query's name, else SPARQL text.

        Files are read only through :meth:`file`, so no string is ever taken for a path.

        >>> Query.from_name_or_text("allies-of").name, Query.from_name_or_text("ASK {}").name
        ('allies-of', None)
        """
        if _NAME.fullmatch(arg):
            return cls.shipped(arg)
        return cls.text(arg)

    @classmethod
    def from_argument(cls, arg: str) -> Query:
        """The command line's reading: a name, a path ending in ``.rq``, or SPARQL text.

        Only a one-line argument ending in ``.rq`` is read as a file, so a long query is
        never handed to the file system.

        >>> Query.from_argument("SELECT * WHERE { ?s ?p ?o } LIMIT 1" + " " * 300).name is None
        True
        """
        if arg.endswith(".rq") and "\n" not in arg:
            return cls.file(arg)
        return cls.from_name_or_text(arg)

    def bind(self, given: Mapping[str, object] | None = None,
             actors: Callable[[str], list[str]] | None = None) -> str:
        """The SPARQL with every placeholder replaced by its value (given or default).

        ``actors`` turns an ``actor`` parameter's value (a label) into IRIs; without it a
        value must be an IRI already.
        """
        given = dict(given or {})
        unknown = sorted(set(given) - set(self.params))
        if unknown:
            known = ", ".join(self.params) or "none"
            raise QueryError(f"unknown parameter {unknown[0]!r}; this query takes: {known}")
        sparql = self.sparql
        for name, param in self.params.items():
            value = given.get(name, param.default)
            if value is None:
                raise QueryError(f"the query needs a value for {name!r}; give --param {name}=...")
            text = str(value) if param.kind == "actor" else term(str(value))
            if param.kind == "actor":
                text = _actor_values(text.strip(), actors)
            sparql = re.sub(rf"[?$]_{name}\b", _replacement(text), sparql)
        return sparql


def _replacement(text: str) -> Callable[[re.Match[str]], str]:
    return lambda _match: text


def _declared(sparql: str) -> dict[str, Param]:
    out: dict[str, Param] = {}
    for m in _PARAM.finditer(sparql):
        kind = m.group(2) or "string"
        if kind not in KINDS:
            raise QueryError(f"parameter {m.group(1)!r} has unknown type {kind!r}; use one of {', '.join(KINDS)}")
        default = re.sub(r"\\(.)", r"\1", m.group(3)) if m.group(3) is not None else None
        out[m.group(1)] = Param(kind, default)
    return out


def _actor_values(value: str, actors: Callable[[str], list[str]] | None) -> str:
    """What goes inside ``VALUES ?x { ... }`` for an actor parameter."""
    if not value:
        return "UNDEF"
    if _ABSOLUTE_IRI.fullmatch(value) and "/" in value:
        return iri(value)
    if actors is None:
        raise QueryError(f"actor {value!r} must be given as an IRI here")
    return " ".join(iri(i) for i in actors(value))


#: The actors whose label is ``key`` in any case (``key`` given lower-cased); when no
#: actor has that label, the actors with it as an alternative name ("Putin", "Nato").
ACTORS_BY_LABEL = Query.text("""# @param key
SELECT DISTINCT ?e WHERE {
  VALUES ?class { geokg:State geokg:Organization geokg:Person geokg:Group }
  ?e a ?class .
  { ?e rdfs:label ?label . FILTER(LCASE(STR(?label)) = ?_key) }
  UNION
  { ?e skos:altLabel ?alt . FILTER(LCASE(STR(?alt)) = ?_key)
    FILTER NOT EXISTS { ?other rdfs:label ?named . FILTER(LCASE(STR(?named)) = ?_key) } }
} ORDER BY ?e
""", "actors-by-label")


def shipped_queries() -> list[str]:
    """Names of the queries that ship with geokg (``allies-of``, ...)."""
    return sorted(p.stem for p in queries_dir().glob("*.rq"))
