"""Check a geokg graph against the SHACL shapes, and list what is wrong in plain records.

A store is many named graphs: claims in one graph per article, actor types in the shared
entities graph.  A claim's subject must be an Actor, and that fact lives in another graph,
so the shapes are checked against the union of all graphs, never graph by graph (which is
what pySHACL would do with a Dataset).  The ontology is added to that union so that
``sh:class geokg:Actor`` accepts a ``geokg:State``; no inference is run, which keeps a check
of a few thousand triples well under a second.

>>> from rdflib import Graph, Literal, URIRef, RDF, RDFS
>>> from kg.vocab import GEOKG
>>> g = Graph()
>>> prk = URIRef("https://w3id.org/geokg/id/state/PRK")
>>> _ = g.add((prk, RDF.type, GEOKG.State)).add((prk, RDFS.label, Literal("North Korea")))
>>> validate(g).conforms
True
>>> _ = g.add((prk, GEOKG.iso3, Literal("prk")))
>>> report = validate(g)
>>> report.conforms, report.results[0].path.rsplit("#", 1)[1]
(False, 'iso3')
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import pyshacl
import rdflib
from rdflib import RDF, Graph
from rdflib.namespace import SH
from rdflib.term import BNode, Node, URIRef

from kg.resources import ontology_path
from kg.vocab import ontology_graph


@dataclass(frozen=True)
class Violation:
    """One failed constraint: the node at fault, the property (if any) and what is wrong.

    ``severity`` is the local name of the SHACL severity (``"Violation"``, ``"Warning"``,
    ``"Info"``); ``value`` is the offending value when SHACL names one.
    """

    focus_node: str
    path: str | None
    message: str
    severity: str
    value: str | None = None

    def __str__(self) -> str:
        where = f" {self.path}" if self.path else ""
        got = f" (got {self.value})" if self.value is not None else ""
        return f"{self.severity}: {self.focus_node}{where}: {self.message}{got}"


@dataclass(frozen=True)
class ValidationReport:
    """The outcome of :func:`validate`; ``results`` is sorted, so reports compare stably."""

    conforms: bool
    results: list[Violation] = field(default_factory=list)

    def __str__(self) -> str:
        if self.conforms:
            return "The graph conforms to the geokg shapes."
        lines = [f"{len(self.results)} problem(s) found:"]
        lines.extend(f"  {violation}" for violation in self.results)
        return "\n".join(lines)


@lru_cache(maxsize=1)
def shapes_graph() -> Graph:
    """The parsed SHACL shapes (``geokg-shapes.ttl``); cached, so treat it as read-only."""
    graph = Graph()
    graph.parse(ontology_path("geokg-shapes.ttl"), format="turtle")
    return graph


def validate(data_graph: Graph | rdflib.Dataset) -> ValidationReport:
    """Check ``data_graph`` (a Graph, or a Dataset whose graphs are merged) against the shapes.

    The input is not modified.  Raises :class:`TypeError` for anything that is not an
    rdflib graph.
    """
    if not isinstance(data_graph, Graph):
        raise TypeError(
            f"validate() needs an rdflib Graph or Dataset, got {type(data_graph).__name__}; "
            "parse the file first, e.g. rdflib.Dataset().parse('store.trig')"
        )
    union = Graph()
    for triple in _all_triples(data_graph):
        union.add(triple)
    for triple in ontology_graph():
        union.add(triple)
    conforms, results_graph, _text = pyshacl.validate(
        union,
        shacl_graph=shapes_graph(),
        inference="none",
        inplace=True,  # ``union`` is our own copy
        abort_on_first=False,
        allow_warnings=False,
        meta_shacl=False,
        advanced=False,
    )
    return ValidationReport(bool(conforms), _violations(results_graph))


def _all_triples(data: Graph):
    """Triples of every graph in ``data``: its default graph and each named graph."""
    if isinstance(data, rdflib.Dataset):
        for _s, _p, _o, *_graph in data.quads((None, None, None, None)):
            yield _s, _p, _o
    else:
        yield from data


def _violations(results: Graph) -> list[Violation]:
    out = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        path = results.value(result, SH.resultPath)
        value = results.value(result, SH.value)
        severity = results.value(result, SH.resultSeverity)
        messages = sorted(str(m) for m in results.objects(result, SH.resultMessage))
        out.append(
            Violation(
                focus_node=_name(results.value(result, SH.focusNode)),
                path=str(path) if isinstance(path, URIRef) else None,
                message="; ".join(messages) or "constraint not met",
                severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation",
                value=_name(value) if value is not None else None,
            )
        )
    return sorted(out, key=lambda v: (v.focus_node, v.path or "", v.message, v.value or ""))


def _name(node: Node | None) -> str:
    if node is None:
        return ""
    if isinstance(node, BNode):
        return f"_:{node}"
    return str(node)
