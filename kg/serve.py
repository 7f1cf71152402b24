"""A SPARQL 1.1 Protocol endpoint over the store on disk, for ``kg serve``.

Served by the standard library's ``ThreadingHTTPServer``; every query runs on Oxigraph's
own engine (``pyoxigraph.Store.query``) and is written by Oxigraph's own result
serialisers, never through rdflib's engine, which is about 100 times slower on the same
data.  The default graph is the union of all graphs and the usual prefixes (``geokg:``,
``rdf:`` ...) are predefined, as in ``kg query``.

Routes (those of ``oxigraph serve``, so one client works with both):

- ``GET /query?query=...``, ``POST /query`` with ``application/sparql-query`` or a form
  ``query=...``: SELECT/ASK answer JSON, XML, CSV or TSV by the ``Accept`` header (JSON
  when it allows anything; a ``format=json|xml|csv|tsv`` parameter overrides it);
  CONSTRUCT/DESCRIBE answer Turtle, N-Triples or RDF/XML (Turtle by default).
- ``POST /update`` with ``application/sparql-update`` or a form ``update=...``: only with
  ``--allow-update``; else ``403``.
- Errors: ``400`` with Oxigraph's message for a syntax error, ``406`` for an ``Accept``
  nothing satisfies, ``503`` when a query outlives the timeout or too many queries run.

The timeout, honestly: a query runs in a worker thread and the request waits for it until
the deadline, then answers ``503``.  pyoxigraph cannot cancel a running query, so the
worker finishes the abandoned query (and throws its answer away) while the server goes on
answering others.  At most ``workers`` queries run at once; while all are busy a new query
waits for a free worker only until its own deadline.  Updates are not timed: an update
answered "timed out" might still commit, which would be worse than waiting.

>>> negotiate("text/csv;q=0.5, application/sparql-results+xml", RESULT_TYPES)
'application/sparql-results+xml'
>>> negotiate("*/*", RDF_TYPES)
'text/turtle'
>>> negotiate("image/png", RESULT_TYPES) is None
True
"""

from __future__ import annotations

import concurrent.futures
import ipaddress
import sys
import threading
import urllib.parse
from collections.abc import Mapping
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pyoxigraph as ox

from kg.store import PREFIXES

#: Media types for SELECT/ASK results, the first is the default.
RESULT_TYPES: dict[str, ox.QueryResultsFormat] = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
#: Media types for CONSTRUCT/DESCRIBE results, the first is the default.
RDF_TYPES: dict[str, ox.RdfFormat] = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}
_FORMAT_PARAM = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                 "csv": "text/csv", "tsv": "text/tab-separated-values"}
MAX_BODY = 16 * 1024 * 1024


def negotiate(accept: str | None, offered: Mapping[str, object]) -> str | None:
    """The offered media type the ``Accept`` header likes best (``None``: none acceptable)."""
    if not accept or not accept.strip():
        return next(iter(offered))
    best: tuple[float, int, str] | None = None
    for order, item in enumerate(accept.split(",")):
        fields = [f.strip() for f in item.split(";")]
        media, q = fields[0].lower(), 1.0
        for f in fields[1:]:
            if f.startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        if q <= 0:
            continue
        match: str | None
        if media in offered:
            match = media
        elif media in ("*/*", "*"):
            match = next(iter(offered))
        elif media.endswith("/*"):
            match = next((m for m in offered if m.startswith(media[:-1])), None)
        else:
            match = None
        if match is not None and (best is None or (q, -order) > (best[0], best[1])):
            best = (q, -order, match)
    return best[2] if best else None


class Endpoint:
    """The SPARQL logic behind the HTTP handler: run a query or update, serialise the answer."""

    def __init__(self, store: ox.Store, *, allow_update: bool = False, timeout: float = 30.0,
                 workers: int = 4) -> None:
        self.store, self.allow_update, self.timeout = store, allow_update, timeout
        self._pool = concurrent.futures.ThreadPoolExecutor(max_workers=workers, thread_name_prefix="kg-query")
        self._write = threading.Lock()
        self._running = 0
        self._count = threading.Lock()

    def busy(self) -> bool:
        """Whether a query (maybe one past its deadline) is still running."""
        with self._count:
            return self._running > 0

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)

    def run_query(self, sparql: str, accept: str | None) -> tuple[int, str, bytes]:
        """``(status, content type, body)`` for one query."""
        future = self._pool.submit(self._evaluate, sparql, accept)
        try:
            return future.result(timeout=self.timeout)
        except concurrent.futures.TimeoutError:
            future.cancel()  # drops it if it never started; a running query runs on (see above)
            return _text(HTTPStatus.SERVICE_UNAVAILABLE,
                         f"the query did not finish within {self.timeout:g} s; make it more selective "
                         "(LIMIT, fewer OPTIONALs) or restart kg serve with a larger --timeout")

    def _evaluate(self, sparql: str, accept: str | None) -> tuple[int, str, bytes]:
        with self._count:
            self._running += 1
        try:
            return self._answer(sparql, accept)
        finally:
            with self._count:
                self._running -= 1

    def _answer(self, sparql: str, accept: str | None) -> tuple[int, str, bytes]:
        try:
            result = self.store.query(sparql, prefixes=dict(PREFIXES), use_default_graph_as_union=True)
        except SyntaxError as err:
            return _text(HTTPStatus.BAD_REQUEST, f"SPARQL syntax error: {err}")
        offered: Mapping[str, object] = RDF_TYPES if isinstance(result, ox.QueryTriples) else RESULT_TYPES
        media = negotiate(accept, offered)
        if media is None:
            return _text(HTTPStatus.NOT_ACCEPTABLE,
                         f"cannot answer in {accept}; accept one of {', '.join(offered)}")
        try:
            body = result.serialize(format=offered[media])  # type: ignore[arg-type]
        except OSError as err:  # evaluation errors surface while the answer is written
            return _text(HTTPStatus.INTERNAL_SERVER_ERROR, f"the query failed: {err}")
        return HTTPStatus.OK, f"{media}; charset=utf-8", body or b""

    def run_update(self, sparql: str) -> tuple[int, str, bytes]:
        if not self.allow_update:
            return _text(HTTPStatus.FORBIDDEN,
                         "this endpoint is read-only; restart kg serve with --allow-update to accept SPARQL updates")
        try:
            with self._write:
                self.store.update(sparql, prefixes=dict(PREFIXES))
        except SyntaxError as err:
            return _text(HTTPStatus.BAD_REQUEST, f"SPARQL syntax error: {err}")
        except OSError as err:
            return _text(HTTPStatus.INTERNAL_SERVER_ERROR, f"the update failed: {err}")
        return HTTPStatus.NO_CONTENT, "text/plain; charset=utf-8", b""


def _text(status: int, message: str) -> tuple[int, str, bytes]:
    return status, "text/plain; charset=utf-8", (message + "\n").encode("utf-8")


class _Handler(BaseHTTPRequestHandler):
    server: SparqlServer
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        url = urllib.parse.urlsplit(self.path)
        params = urllib.parse.parse_qs(url.query)
        if url.path in ("/query", "/sparql") and "query" in params:
            self._query(params["query"][0], params)
        elif url.path == "/":
            self._send(*_text(HTTPStatus.OK, "geokg SPARQL endpoint: GET or POST /query"
                              + (", POST /update" if self.server.endpoint.allow_update else " (read-only)")))
        elif url.path in ("/query", "/sparql"):
            self._send(*_text(HTTPStatus.BAD_REQUEST, "no query; send /query?query=SELECT..."))
        else:
            self._send(*_text(HTTPStatus.NOT_FOUND, f"no such path {url.path}; use /query or /update"))

    def do_POST(self) -> None:  # noqa: N802
        url = urllib.parse.urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            self._send(*_text(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"request body over {MAX_BODY} bytes"))
            return
        body = self.rfile.read(length).decode("utf-8", "replace")
        kind = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        params = urllib.parse.parse_qs(url.query)
        if kind == "application/x-www-form-urlencoded":
            params.update(urllib.parse.parse_qs(body))
            body = ""
        if url.path in ("/query", "/sparql") and (kind == "application/sparql-query" or "query" in params):
            self._query(body if kind == "application/sparql-query" else params["query"][0], params)
        elif url.path in ("/update", "/sparql") and (kind == "application/sparql-update" or "update" in params):
            self._send(*self.server.endpoint.run_update(
                body if kind == "application/sparql-update" else params["update"][0]))
        elif url.path in ("/query", "/update", "/sparql"):
            self._send(*_text(HTTPStatus.BAD_REQUEST,
                              "send the SPARQL as application/sparql-query, application/sparql-update, "
                              "or a form field query= / update="))
        else:
            self._send(*_text(HTTPStatus.NOT_FOUND, f"no such path {url.path}; use /query or /update"))

    def _query(self, sparql: str, params: dict[str, list[str]]) -> None:
        accept = self.headers.get("Accept")
        fmt = (params.get("format") or params.get("output") or [""])[0].lower()
        if fmt in _FORMAT_PARAM:
            accept = _FORMAT_PARAM[fmt]
        self._send(*self.server.endpoint.run_query(sparql, accept))

    def _send(self, status: int, content_type: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        if not self.server.quiet:
            sys.stderr.write(f"kg serve: {self.address_string()} {format % args}\n")


class SparqlServer(ThreadingHTTPServer):
    """The HTTP server; ``endpoint`` does the SPARQL."""

    daemon_threads = True

    def __init__(self, endpoint: Endpoint, host: str = "127.0.0.1", port: int = 7878,
                 quiet: bool = True) -> None:
        self.endpoint, self.quiet = endpoint, quiet
        super().__init__((host, port), _Handler)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        shown = host.decode() if isinstance(host, bytes) else host
        return f"http://{shown}:{port}"

    def server_close(self) -> None:
        super().server_close()
        self.endpoint.close()


def is_loopback(host: str) -> bool:
    """Whether ``host`` only listens on this machine.

    >>> is_loopback("127.0.0.1"), is_loopback("localhost"), is_loopback("0.0.0.0")
    (True, True, False)
    """
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
