r"""Run a :class:`~kg.rdf.sparql.Query` on a store and hand back plain rows, a table, CSV or JSON.

Queries run on Oxigraph's engine with the usual prefixes predefined (``geokg:``,
``rdf:``, ``rdfs:``, ``owl:``, ``prov:``, ``dct:``, ``skos:``, ``xsd:`` and ``id:``), so a
query may use them without ``PREFIX`` lines; a query's own ``PREFIX`` wins.  How a query
is made (text, file or shipped name) and how its parameters are bound is
:mod:`kg.rdf.sparql`'s business; here an actor parameter's label is resolved to IRIs on the
target before the query runs.

>>> import rdflib
>>> g = rdflib.Graph()
>>> run_query(g, Query.text("ASK { ?s ?p ?o }")).boolean
False
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pyoxigraph as ox
import rdflib
from oxrdflib.store import OxigraphStore
from pyparsing import ParseException
from rdflib.query import Result
from rdflib.term import BNode, Literal, Node, URIRef
from rich.table import Table
from rich.text import Text

from kg.rdf.sparql import ACTORS_BY_LABEL, PREFIXES, Query, Queryable, QueryError, rows, shipped_queries

__all__ = ["Query", "QueryError", "QueryResult", "QuerySyntaxError", "format_table", "python_value",
           "run_query", "shipped_queries", "to_csv", "to_json"]

_OX_POSITION = re.compile(r"error at (\d+):(\d+):\s*(.*)", re.DOTALL)
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


class QuerySyntaxError(QueryError):
    """SPARQL that does not parse; ``line`` and ``column`` (1-based) point at the trouble."""

    def __init__(self, detail: str, line: int, column: int, text: str, name: str | None = None):
        self.line, self.column, self.detail, self.name = line, column, detail, name
        where = f" in {name}" if name else ""
        lines = text.splitlines()
        shown = lines[line - 1] if 0 < line <= len(lines) else ""
        caret = " " * max(column - 1, 0) + "^"
        super().__init__(
            f"SPARQL syntax error{where} at line {line}, column {column}: {detail}\n"
            f"  {shown}\n  {caret}"
        )


@dataclass
class QueryResult:
    """What a query returned: ``kind`` is ``SELECT``, ``ASK`` or ``CONSTRUCT``.

    ``terms`` keeps the RDF terms (``None`` for unbound); ``rows`` gives the same values
    as plain Python: IRIs as ``str``, literals as their value (numbers, booleans, dates)
    or ``str``.  ASK gives one row ``(answer,)`` under ``boolean``; CONSTRUCT gives rows
    ``(subject, predicate, object)``.
    """

    kind: str
    variables: list[str]
    terms: list[tuple[Node | None, ...]] = field(default_factory=list)

    @property
    def rows(self) -> list[tuple[Any, ...]]:
        return [tuple(python_value(t) for t in row) for row in self.terms]

    @property
    def boolean(self) -> bool | None:
        return bool(self.terms[0][0]) if self.kind == "ASK" else None


def python_value(term: Node | None) -> Any:
    """A term as a plain Python value.

    >>> python_value(Literal("3", datatype=rdflib.XSD.integer)), python_value(URIRef("https://ex/a"))
    (3, 'https://ex/a')
    >>> python_value(Literal("0.85", datatype=rdflib.XSD.decimal))
    0.85
    """
    if term is None:
        return None
    if isinstance(term, Literal):
        if term.language or term.datatype is None or term.ill_typed:
            return str(term)
        value = term.toPython()
        if isinstance(value, Decimal):
            return float(value)
        return str(term) if isinstance(value, Literal) else value
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


# -- running ---------------------------------------------------------------------------------


#: A store (:class:`~kg.store.GraphStore`, anything with ``query(sparql)``), an rdflib
#: graph or dataset, or a ``pyoxigraph.Store``.
Target = Queryable | rdflib.Graph | ox.Store


def run_query(target: Target, query: Query, params: dict[str, Any] | None = None) -> QueryResult:
    """Run ``query`` with its parameters bound (see :mod:`kg.rdf.sparql`) and collect the result.

    ``target`` is a :class:`~kg.store.Store` or :class:`~kg.store.RemoteStore`, an rdflib
    graph or dataset (its default graph, or union when ``default_union``), or a
    ``pyoxigraph.Store`` (union of graphs).
    """
    if not isinstance(query, Query):
        raise TypeError(f"run_query needs a kg.rdf.sparql.Query (Query.text, .file or .shipped), not {type(query).__name__}")
    if isinstance(target, ox.Store):
        target = rdflib.Dataset(store=OxigraphStore(store=target), default_union=True)
    text = query.bind(params, actors=lambda label: actor_iris(target, label))
    return _collect(_execute(target, text, query.name))


def actor_iris(target: Queryable | rdflib.Graph, label: str) -> list[str]:
    """The IRIs of the actors labelled ``label`` (any case): how an actor parameter is resolved."""
    sparql = ACTORS_BY_LABEL.bind({"key": label.lower()})
    return [str(row[0]) for row in rows(_execute(target, sparql, ACTORS_BY_LABEL.name))]


def _execute(target: Queryable | rdflib.Graph, text: str, name: str | None) -> Result:
    try:
        if isinstance(target, rdflib.Graph):  # rdflib's own graphs take the prefixes apart
            return target.query(text, initNs=PREFIXES)
        return target.query(text)
    except SyntaxError as err:  # Oxigraph: "error at LINE:COL: detail"
        raise _from_oxigraph(str(err), text, name) from None
    except ParseException as err:  # rdflib's own engine
        raise QuerySyntaxError(_short(str(err.msg)), err.lineno, err.col, text, name) from None


def _collect(result: Result) -> QueryResult:
    if result.type == "ASK":
        return QueryResult("ASK", ["boolean"], [(Literal(bool(result.askAnswer)),)])
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        triples = sorted(result.graph or ())
        return QueryResult("CONSTRUCT", ["subject", "predicate", "object"], [tuple(t) for t in triples])
    variables = [str(v) for v in result.vars or []]
    return QueryResult("SELECT", variables, rows(result))


def _from_oxigraph(message: str, text: str, name: str | None) -> QuerySyntaxError:
    m = _OX_POSITION.search(message)
    if not m:
        return QuerySyntaxError(_short(message), 1, 1, text, name)
    line, column, detail = int(m.group(1)), int(m.group(2)), m.group(3)
    if "Prefix not found" in detail:
        before = (text.splitlines()[line - 1] if line <= len(text.splitlines()) else "")[:column]
        prefixes = re.findall(r"([A-Za-z][\w.-]*)?:", before)
        prefix = prefixes[-1] if prefixes else ""
        detail = f"unknown prefix '{prefix}:'; declare it with PREFIX {prefix}: <...>"
    return QuerySyntaxError(_short(detail), line, column, text, name)


def _short(detail: str, limit: int = 120) -> str:
    """Oxigraph's 'expected one of ...' when short and readable, else 'unexpected text here'.

    >>> _short("expected one of DESCRIBE, [_]")
    'unexpected text here'
    >>> _short('expected one of "}", "."')
    'expected one of "}", "."'
    """
    detail = " ".join(detail.split())
    if "[" in detail or "\\u{" in detail or len(detail) > limit or not detail:
        return "unexpected text here"
    return detail


# -- output ----------------------------------------------------------------------------------


def _display(term: Node | None) -> str:
    """Short text for a table cell: IRIs with a known prefix shortened (``id:state/PRK``)."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        iri = str(term)
        for prefix, ns in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
            if iri.startswith(ns):
                return f"{prefix}:{iri[len(ns):]}"
        return iri
    value = python_value(term)
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return str(term) if isinstance(term, Literal) else str(value)


def format_table(result: QueryResult, title: str | None = None) -> Table:
    """A rich table of the result; cell text is shown literally, never read as markup."""
    table = Table(title=title, caption=f"{len(result.terms)} row(s)")
    for var in result.variables:
        table.add_column(var, overflow="fold")
    for row in result.terms:
        table.add_row(*(Text(_display(t)) for t in row))
    return table


def to_csv(result: QueryResult) -> str:
    """SPARQL 1.1 CSV results: a header of variable names, then lexical values."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(result.variables)
    for row in result.terms:
        writer.writerow(["" if t is None else _csv_value(t) for t in row])
    return out.getvalue()


def _csv_value(term: Node) -> str:
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, Literal) and term.datatype is not None and str(term.datatype).endswith("#boolean"):
        return str(term).lower()
    return str(term)


def to_json(result: QueryResult) -> str:
    """SPARQL 1.1 JSON results (ASK: ``{"head": {}, "boolean": ...}``)."""
    if result.kind == "ASK":
        return json.dumps({"head": {}, "boolean": result.boolean}, ensure_ascii=False)
    bindings = [
        {var: _json_term(t) for var, t in zip(result.variables, row) if t is not None}
        for row in result.terms
    ]
    doc = {"head": {"vars": result.variables}, "results": {"bindings": bindings}}
    return json.dumps(doc, ensure_ascii=False, indent=1)


def _json_term(term: Node) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    assert isinstance(term, Literal)
    out = {"type": "literal", "value": str(term)}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype is not None and str(term.datatype) != _XSD_STRING:
        out["datatype"] = str(term.datatype)
    return out
