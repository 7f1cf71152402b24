"""The knowledge graph on a SPARQL 1.1 server, reached over HTTP.

:class:`RemoteStore` does what :class:`~kg.store.Store` does (the shared logic is in
:class:`~kg.store.base.GraphStore`) but sends each query to the server's SPARQL 1.1
Query endpoint and each write to its Update endpoint, with the standard library's
``urllib``.  An ingest is still one update request (``DROP SILENT GRAPH`` + ``INSERT
DATA``), which Oxigraph and most servers apply atomically.

Endpoints: give the server's base URL (``http://127.0.0.1:7878``, as ``oxigraph serve``
or ``kg serve`` print) and geokg uses ``/query`` and ``/update`` under it; or give the
query URL itself (ending in ``/query`` or ``/sparql``) and the update URL is the same
path ending in ``/update``; or pass ``update_url`` explicitly from Python.

>>> endpoints("http://127.0.0.1:7878")
('http://127.0.0.1:7878/query', 'http://127.0.0.1:7878/update')
>>> endpoints("http://example.org/ds/sparql")
('http://example.org/ds/sparql', 'http://example.org/ds/update')

Limits, honestly:

- geokg queries the *union* of all graphs as the default graph.  Each query carries
  Oxigraph's ``union-default-graph`` URL parameter; another server must be configured
  so (e.g. Fuseki's ``tdb2:unionDefaultGraph true``) or queries see an empty default graph.
- There is no store lock: the server orders the requests.  Two ``kg build`` runs into one
  server may interleave their actor-description merges (each article is still whole).
- :attr:`RemoteStore.dataset` is an rdflib ``Dataset`` over rdflib's ``SPARQLUpdateStore``
  (``query`` and ``triples`` work; iterating quads or graphs does not, an rdflib limit);
  :meth:`~kg.store.base.GraphStore.snapshot` gives an in-memory copy of every graph.
"""

from __future__ import annotations

import io
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping

import rdflib
from rdflib.plugins.stores.sparqlstore import SPARQLUpdateStore
from rdflib.query import Result
from rdflib.term import Node

from kg import ids, vocab
from kg.store.base import GraphStore, ntriples, ontology_update
from kg.rdf.sparql import PROLOGUE
from kg.store.errors import StoreError

_URL = re.compile(r"https?://", re.IGNORECASE)
_RESULT_TYPES = "application/sparql-results+json, application/n-triples;q=0.9, text/turtle;q=0.8"
_ERROR_AT = re.compile(r"error at (\d+):(\d+)")
_RDF_FORMATS = {"application/n-triples": "nt", "text/plain": "nt", "text/turtle": "turtle",
                "application/rdf+xml": "xml"}


def _line_back(match: re.Match[str]) -> str:
    """``error at 3:7`` -> ``error at 2:7``: the prologue line the caller did not write.

    >>> _ERROR_AT.sub(_line_back, "error at 3:7: expected")
    'error at 2:7: expected'
    """
    return f"error at {max(int(match.group(1)) - 1, 1)}:{match.group(2)}"


def is_url(spec: str) -> bool:
    """Whether a ``--store`` value names a server rather than a directory.

    >>> is_url("http://127.0.0.1:7878"), is_url("kg-data")
    (True, False)
    """
    return bool(_URL.match(spec))


def endpoints(url: str) -> tuple[str, str]:
    """``(query_url, update_url)`` for a server's base URL or its query URL."""
    base = url.rstrip("/")
    for tail in ("/query", "/sparql"):
        if base.endswith(tail):
            return base, base[: -len(tail)] + "/update"
    return base + "/query", base + "/update"


class RemoteStore(GraphStore):
    """A geokg knowledge graph on a SPARQL 1.1 server; open it with :meth:`RemoteStore.open`."""

    def __init__(self, query_url: str, update_url: str, read_only: bool, timeout: float) -> None:
        self.query_url, self.update_url = query_url, update_url
        self.read_only, self.timeout = read_only, timeout
        self.shown = query_url
        self._closed = False

    @classmethod
    def open(cls, url: str, *, read_only: bool = False, update_url: str | None = None,
             timeout: float = 300.0) -> RemoteStore:
        """Connect to the server at ``url`` (base or query URL; see the module notes).

        Raises :class:`~kg.store.StoreError` when the server does not answer a SPARQL query.
        For writing, loads the ontology into its graph when it is missing or changed.
        """
        query_url, default_update = endpoints(url)
        store = cls(query_url, update_url or default_update, read_only, timeout)
        store.query("ASK {}")  # fails early, with the reason, when nothing answers
        if not read_only:
            store._sync_ontology()
        return store

    def close(self) -> None:
        """Nothing to release but the object; safe to call twice."""
        self._closed = True

    def __enter__(self) -> RemoteStore:
        return self

    # -- HTTP ------------------------------------------------------------------------------

    def _send(self, url: str, body: str, content_type: str, accept: str) -> tuple[str, bytes]:
        if self._closed:
            raise StoreError(f"store {self.shown} is closed; open it again with RemoteStore.open")
        request = urllib.request.Request(
            url, data=body.encode("utf-8"), method="POST",
            headers={"Content-Type": f"{content_type}; charset=utf-8", "Accept": accept},
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                kind = response.headers.get_content_type()
                return kind, response.read()
        except urllib.error.HTTPError as err:
            detail = err.read().decode("utf-8", "replace").strip()
            if err.code == 400 and "error at" in detail:
                # Oxigraph's "error at LINE:COL: ..." – kg.rdf.query turns it into line and column.
                raise SyntaxError(detail) from None
            raise StoreError(
                f"SPARQL server {url} answered {err.code} {err.reason}: {detail[:500] or 'no details'}"
            ) from None
        except (urllib.error.URLError, OSError) as err:
            reason = getattr(err, "reason", err)
            raise StoreError(
                f"cannot reach the SPARQL server at {url} ({reason}); start it, or check the --store URL"
            ) from None

    def query(self, sparql: str) -> Result:
        """Send SPARQL to the server's query endpoint; the usual prefixes are predefined."""
        # One line of prefixes (a query's own PREFIX redeclares them), so an error at
        # line L of the sent text is at line L - 1 of the caller's.
        text = PROLOGUE + sparql
        url = self.query_url + ("&" if "?" in self.query_url else "?") + "union-default-graph"
        try:
            kind, body = self._send(url, text, "application/sparql-query", _RESULT_TYPES)
        except SyntaxError as err:
            raise SyntaxError(_ERROR_AT.sub(_line_back, str(err), count=1)) from None
        if kind in _RDF_FORMATS:
            result = Result("CONSTRUCT")
            result.graph = rdflib.Graph().parse(data=body, format=_RDF_FORMATS[kind])
            return result
        return Result.parse(io.BytesIO(body), content_type=kind)

    def _update(self, sparql: str) -> None:
        self._check_writable()
        self._send(self.update_url, sparql, "application/sparql-update", "*/*")

    # -- the ontology and the rdflib view --------------------------------------------------

    def _sync_ontology(self) -> None:
        """Load the ontology graph when the server lacks it or holds another version.

        The digest of the loaded file is kept in the ontology graph itself, as
        ``<ontology graph> geokg:contentHash "..."`` (no class, so no shape applies).
        """
        graph = rdflib.URIRef(ids.ONTOLOGY_GRAPH)
        loaded = ontology_update()
        if loaded is None:
            return
        digest = loaded[0]
        mark = (graph, vocab.GEOKG.contentHash, rdflib.Literal(digest, datatype=rdflib.XSD.string))
        ask = f"ASK {{ GRAPH {graph.n3()} {{ {graph.n3()} {mark[1].n3()} {mark[2].n3()} }} }}"
        if self.query(ask).askAnswer:
            return
        _digest, update = ontology_update(ntriples([mark]))  # type: ignore[misc]
        self._update(update)

    @property
    def dataset(self) -> rdflib.Dataset:
        """An rdflib view over the server (queries and ``triples`` only; see the module notes)."""
        store = SPARQLUpdateStore(
            query_endpoint=self.query_url, update_endpoint=self.update_url, method="POST",
            returnFormat="json", params={"union-default-graph": ""},
        )
        return rdflib.Dataset(store=store, default_union=True)
