"""A SPARQL 1.1 Protocol endpoint over the store on disk, for ``kg serve``.

The engine is Oxigraph's own server (:mod:`kg.oxserver`) on a private loopback port: it
cancels a query at the deadline, streams results as they are computed and answers many
clients at once.  This module is the front every request passes first, on
``ThreadingHTTPServer``; it adds what a public endpoint needs and Oxigraph's server
does not do for us:

- the usual prefixes (``geokg:``, ``rdf:`` ...) are predefined, as in ``kg query``; the
  default graph is the union of all graphs;
- ``SERVICE`` and ``LOAD`` are refused (``403``) unless ``--allow-fetch``: either makes the
  server request a URL of the caller's choosing (server-side request forgery);
- updates only as ``POST /update`` with an ``application/sparql-update`` body, only with
  ``--allow-update``, and only when ``Origin`` (if sent) and ``Host`` name this server:
  a web page in a browser can send a form or ``text/plain`` anywhere, but not this
  media type without a CORS preflight, which is never granted;
- the request is checked before anything runs: ``Content-Length`` a number from 0 to
  :data:`MAX_BODY` (else ``400``/``413``), a chunked body ``411``, a ``Host`` that is not
  this server ``421``; sockets time out after :data:`SOCKET_TIMEOUT` seconds idle, so a
  stalled client holds nothing for long; ``HEAD`` and ``OPTIONS`` are answered;
- the answer's media type is chosen here from ``Accept`` (or ``format=``), so SELECT/ASK
  answer JSON, XML, CSV or TSV and CONSTRUCT/DESCRIBE Turtle, N-Triples or RDF/XML.
- ``/`` and ``/explorer/...`` are the explorer (:mod:`kg.explorer`): a page in the browser
  over this same endpoint; its corrections (``POST /explorer/review``) pass the same checks
  as updates (``--allow-update``, else ``403``; ``Origin`` and ``Sec-Fetch-Site``).

A query past the deadline: Oxigraph stops most queries itself (its CPU is freed at
once), but not all: a join it builds in one go (say four unrelated triple patterns)
does not look at the clock.  So the front watches too: when the engine has sent
nothing for :data:`GRACE` seconds past a query's deadline, the engine process is killed
and started again (about 0.1 s; queries in flight on it are retried once, updates are
not, since one may have committed).  If nothing of the answer was sent yet, which is
the case for any answer held back because it is small (up to :data:`HOLD` bytes), the
client gets ``503``; a long streamed answer that is cut is ended without its closing
chunk, so the client sees an incomplete response, never a short one that looks whole.

>>> negotiate("text/csv;q=0.5, application/sparql-results+xml", RESULT_TYPES)
'application/sparql-results+xml'
>>> negotiate("*/*", RDF_TYPES)
'text/turtle'
>>> negotiate("image/png", RESULT_TYPES) is None
True
"""

from __future__ import annotations

import http.client
import ipaddress
import queue
import socket
import sys
import threading
import time
import urllib.parse
from collections.abc import Mapping
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from kg.explorer import Denied, Explorer
from kg.rdf import sparql_text
from kg.rdf.sparql import PROLOGUE

#: Media types for SELECT/ASK results, the first is the default.
RESULT_TYPES: dict[str, str] = {
    "application/sparql-results+json": "application/sparql-results+json",
    "application/json": "application/sparql-results+json",
    "application/sparql-results+xml": "application/sparql-results+xml",
    "application/xml": "application/sparql-results+xml",
    "text/csv": "text/csv",
    "text/tab-separated-values": "text/tab-separated-values",
}
#: Media types for CONSTRUCT/DESCRIBE results, the first is the default.
RDF_TYPES: dict[str, str] = {
    "text/turtle": "text/turtle",
    "application/n-triples": "application/n-triples",
    "application/rdf+xml": "application/rdf+xml",
}
_FORMAT_PARAM = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                 "csv": "text/csv", "tsv": "text/tab-separated-values", "ttl": "text/turtle",
                 "turtle": "text/turtle", "nt": "application/n-triples"}
#: Largest request body read.
MAX_BODY = 16 * 1024 * 1024
#: Seconds a client socket may sit idle (reading a request, or taking the answer).
SOCKET_TIMEOUT = 30.0
#: Bytes of an answer held back before it is sent; a smaller answer is checked whole.
HOLD = 64 * 1024
#: Connections waiting to be accepted (the default of 5 resets clients under load).
BACKLOG = 1024
#: Seconds past a query's deadline the engine may stay silent before it is restarted.
GRACE = 1.0
_CANCELLED = b"operation has been cancelled"
_ALLOW = "GET, HEAD, POST, OPTIONS"


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


class Refused(Exception):
    """A request answered with an error before it reaches the engine."""

    def __init__(self, status: int, message: str, *, close: bool = False) -> None:
        super().__init__(message)
        self.status, self.message, self.close = status, message, close


class EngineSilent(Exception):
    """The engine sent nothing until past a query's deadline and grace."""


class Engine:
    """The Oxigraph server process, restarted when a query will not stop (see the module notes).

    Restarts run on one long-lived thread: on Linux the engine is told to die with the
    thread that started it (so it never outlives ``kg serve``), and a request's thread
    ends with its connection.
    """

    def __init__(self, server) -> None:  # an OxigraphServer, or anything with url/stop/start
        self.server = server
        self.generation = 0
        self._lock = threading.Lock()
        self._asks: queue.Queue[tuple[int, threading.Event]] = queue.Queue()
        threading.Thread(target=self._keeper, name="kg-engine", daemon=True).start()

    @property
    def address(self) -> tuple[str, int]:
        parts = urllib.parse.urlsplit(self.server.url)
        return parts.hostname or "127.0.0.1", parts.port or 80

    def restart(self, generation: int) -> None:
        """Kill and start the engine, unless another request did so since ``generation``."""
        done = threading.Event()
        self._asks.put((generation, done))
        done.wait()

    def settled(self) -> None:
        """Wait while a restart is under way."""
        with self._lock:
            pass

    def _keeper(self) -> None:
        while True:
            generation, done = self._asks.get()
            try:
                with self._lock:
                    if generation == self.generation:
                        self.server.stop()
                        self.server.start()
                        self.generation += 1
            except Exception as err:  # noqa: BLE001 - reported; later requests get 502
                sys.stderr.write(f"kg serve: the SPARQL engine could not be restarted: {err}\n")
            finally:
                done.set()


class Endpoint:
    """The policy in front of the engine: what may run, and how long."""

    def __init__(self, engine: Engine, *, allow_update: bool = False, allow_fetch: bool = False,
                 timeout: float = 30.0) -> None:
        self.engine = engine
        self.allow_update, self.allow_fetch, self.timeout = allow_update, allow_fetch, timeout

    def check_fetch(self, sparql: str) -> None:
        word = sparql_text.fetches(sparql)
        if word and not self.allow_fetch:
            raise Refused(HTTPStatus.FORBIDDEN,
                          f"{word} makes this server fetch another URL and is refused; "
                          "restart kg serve with --allow-fetch to allow SERVICE and LOAD")

    def connect(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection(*self.engine.address, timeout=self.timeout + GRACE)


def _until(connection: http.client.HTTPConnection, deadline: float | None) -> None:
    """Let the engine socket wait until ``deadline`` at most (no limit for ``None``)."""
    if connection.sock is not None:
        connection.sock.settimeout(None if deadline is None else max(0.05, deadline - time.monotonic()))


def _text(status: int, message: str) -> tuple[int, str, bytes]:
    return status, "text/plain; charset=utf-8", (message + "\n").encode("utf-8")


class _Handler(BaseHTTPRequestHandler):
    server: SparqlServer
    protocol_version = "HTTP/1.1"
    timeout = SOCKET_TIMEOUT  # applied to the client socket by StreamRequestHandler
    _engine: http.client.HTTPConnection | None = None
    #: The engine generation the request was last sent to: the one to restart if it runs away.
    _generation = 0

    # -- methods ---------------------------------------------------------------------

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        self._guarded(self._get)

    def do_HEAD(self) -> None:  # noqa: N802
        self._guarded(self._get)

    def do_POST(self) -> None:  # noqa: N802
        self._guarded(self._post)

    def do_OPTIONS(self) -> None:  # noqa: N802
        def answer() -> None:
            self._check_host()
            self.send_response(HTTPStatus.NO_CONTENT)
            self.send_header("Allow", _ALLOW)
            self.send_header("Content-Length", "0")
            self.end_headers()
        self._guarded(answer)

    def _other(self) -> None:
        self._guarded(lambda: self._refuse(Refused(HTTPStatus.METHOD_NOT_ALLOWED,
                                                    f"{self.command} is not supported; use {_ALLOW}")))

    do_PUT = do_DELETE = do_PATCH = _other  # noqa: N815

    # -- the routes ------------------------------------------------------------------

    def _get(self) -> None:
        self._check_host()
        url = urllib.parse.urlsplit(self.path)
        params = urllib.parse.parse_qs(url.query)
        if url.path in ("/query", "/sparql") and "query" in params:
            self._query(params["query"][0], params)
        elif self._explore(self.server.explorer.get, url.path, params):
            return
        elif url.path in ("/query", "/sparql"):
            raise Refused(HTTPStatus.BAD_REQUEST, "no query; send /query?query=SELECT...")
        elif url.path == "/update":
            raise Refused(HTTPStatus.METHOD_NOT_ALLOWED, "send updates with POST, as application/sparql-update")
        else:
            raise Refused(HTTPStatus.NOT_FOUND, f"no such path {url.path}; use /query or /update")

    def _post(self) -> None:
        self._check_host()
        body = self._body()
        url = urllib.parse.urlsplit(self.path)
        kind = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        params = urllib.parse.parse_qs(url.query)
        if url.path in ("/query", "/sparql") and kind == "application/sparql-query":
            self._query(body.decode("utf-8", "replace"), params)
        elif url.path in ("/query", "/sparql") and kind == "application/x-www-form-urlencoded":
            form = urllib.parse.parse_qs(body.decode("utf-8", "replace"))
            if "update" in form:
                raise Refused(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, "send updates to /update as application/sparql-update")
            if "query" not in form:
                raise Refused(HTTPStatus.BAD_REQUEST, "no query; send a form field query=...")
            self._query(form["query"][0], {**params, **form})
        elif url.path in ("/update", "/sparql"):
            self._update(body, kind)
        elif url.path.startswith("/explorer/") and self._check_origin("explorer requests"):
            if not self._explore(self.server.explorer.post, url.path, body, kind):
                raise Refused(HTTPStatus.NOT_FOUND, f"no such path {url.path}")
        elif url.path == "/query":
            raise Refused(HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                          "send the query as application/sparql-query or a form field query=")
        else:
            raise Refused(HTTPStatus.NOT_FOUND, f"no such path {url.path}; use /query or /update")

    # -- checks ----------------------------------------------------------------------

    def _check_host(self) -> None:
        """``Host`` must name this server: a page on another name (DNS rebinding) is refused."""
        host = (self.headers.get("Host") or "").strip()
        if not host:
            return  # HTTP/1.0 clients may leave it out
        if not self.server.names_me(host):
            raise Refused(HTTPStatus.MISDIRECTED_REQUEST, f"this server does not answer for host {host!r}",
                          close=True)

    def _body(self) -> bytes:
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            raise Refused(HTTPStatus.LENGTH_REQUIRED, "send the body with a Content-Length, not chunked",
                          close=True)
        raw = (self.headers.get("Content-Length") or "0").strip()
        if not raw.isdigit():
            raise Refused(HTTPStatus.BAD_REQUEST, f"Content-Length {raw!r} is not a number of bytes", close=True)
        length = int(raw)
        if length > MAX_BODY:
            raise Refused(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"request body over {MAX_BODY} bytes", close=True)
        body = self.rfile.read(length)
        if len(body) < length:
            raise Refused(HTTPStatus.BAD_REQUEST, "the body ended before Content-Length bytes", close=True)
        return body

    def _update(self, body: bytes, kind: str) -> None:
        endpoint = self.server.endpoint
        if not endpoint.allow_update:
            raise Refused(HTTPStatus.FORBIDDEN, "this endpoint is read-only; restart kg serve with "
                                                "--allow-update to accept SPARQL updates")
        if kind != "application/sparql-update":
            raise Refused(HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                          "send updates as an application/sparql-update body (forms are refused: "
                          "any web page can post a form)")
        self._check_origin("updates")
        sparql = body.decode("utf-8", "replace")
        endpoint.check_fetch(sparql)
        self._forward("/update", (PROLOGUE + sparql).encode("utf-8"),
                      "application/sparql-update", "*/*")

    def _check_origin(self, what: str) -> bool:
        """A write must come from this server's own pages (or from no web page at all)."""
        origin = self.headers.get("Origin")
        if origin is not None and not self.server.names_me(urllib.parse.urlsplit(origin).netloc or origin):
            raise Refused(HTTPStatus.FORBIDDEN, f"{what} from the web origin {origin} are refused")
        if (self.headers.get("Sec-Fetch-Site") or "").lower() == "cross-site":
            raise Refused(HTTPStatus.FORBIDDEN, f"cross-site {what} are refused")
        return True

    def _explore(self, route, *args: object) -> bool:
        """Answer from the explorer (:mod:`kg.explorer`); ``False`` when the path is not one of its own."""
        try:
            answer = route(*args)
        except Denied as denied:
            raise Refused(denied.status, denied.message) from None
        if answer is None:
            return False
        self._send(answer.status, answer.content_type, answer.body, answer.headers)
        return True

    def _query(self, sparql: str, params: dict[str, list[str]]) -> None:
        self.server.endpoint.check_fetch(sparql)
        accept = self.headers.get("Accept")
        fmt = (params.get("format") or params.get("output") or [""])[0].lower()
        if fmt in _FORMAT_PARAM:
            accept = _FORMAT_PARAM[fmt]
        form = sparql_text.query_form(sparql)
        offered = RDF_TYPES if form in ("CONSTRUCT", "DESCRIBE") else RESULT_TYPES
        media = negotiate(accept, offered)
        if media is None:
            raise Refused(HTTPStatus.NOT_ACCEPTABLE, f"cannot answer in {accept}; accept one of {', '.join(offered)}")
        self._forward("/query", (PROLOGUE + sparql).encode("utf-8"),
                      "application/sparql-query", offered[media])

    # -- the engine --------------------------------------------------------------------

    def _forward(self, path: str, body: bytes, content_type: str, accept: str) -> None:
        engine = self.server.endpoint.engine
        deadline = time.monotonic() + self.server.endpoint.timeout
        timed = path == "/query"  # updates are not timed: one answered "too late" may still commit
        try:
            response = self._ask_engine(path, body, content_type, accept, retry=timed,
                                        deadline=deadline + GRACE if timed else None)
            try:
                if response.status != HTTPStatus.OK:
                    self._relay_error(response)
                else:
                    self._stream(response, deadline if timed else None)
            finally:
                response.close()
        except EngineSilent:
            # the engine ignored the deadline: stop the query by stopping the engine
            self._drop_engine()
            engine.restart(self._generation)
            raise Refused(HTTPStatus.SERVICE_UNAVAILABLE, self._late()) from None

    def _relay_error(self, response: http.client.HTTPResponse) -> None:
        message = response.read().decode("utf-8", "replace").strip()
        if response.status == HTTPStatus.BAD_REQUEST and "error at" in message:
            message = "SPARQL syntax error: " + sparql_text.shift_error(message)
        if response.status == HTTPStatus.NO_CONTENT:
            self._send(HTTPStatus.NO_CONTENT, "text/plain; charset=utf-8", b"")
        else:
            self._send(*_text(response.status, message or response.reason))

    def _ask_engine(self, path: str, body: bytes, content_type: str, accept: str, *, retry: bool,
                    deadline: float | None) -> http.client.HTTPResponse:
        headers = {"Content-Type": f"{content_type}; charset=utf-8", "Accept": accept}
        for attempt in (1, 2):
            if self._engine is None or not retry:
                self._drop_engine()
                self._engine = self.server.endpoint.connect()
            # a query re-sent after a restart runs on the new engine: that is the one to stop
            self.server.endpoint.engine.settled()
            self._generation = self.server.endpoint.engine.generation
            try:
                if self._engine.sock is None:
                    self._engine.connect()
                _until(self._engine, deadline)
                self._engine.request("POST", path, body=body, headers=headers)
                return self._engine.getresponse()
            except socket.timeout:
                raise EngineSilent from None
            except (ConnectionError, http.client.HTTPException, OSError):
                self._drop_engine()
                if attempt == 2 or not retry:
                    raise Refused(HTTPStatus.BAD_GATEWAY, "the SPARQL engine did not answer (it may have "
                                                          "been restarted to stop a runaway query); "
                                                          "send the request again") from None
                self.server.endpoint.engine.settled()  # a restart under way: wait for it
                if deadline is not None and time.monotonic() >= deadline:
                    raise Refused(HTTPStatus.SERVICE_UNAVAILABLE, self._late()) from None
        raise AssertionError("unreachable")

    def _drop_engine(self) -> None:
        if self._engine is not None:
            self._engine.close()
            self._engine = None

    def _stream(self, response: http.client.HTTPResponse, deadline: float | None) -> None:
        """Pass the answer on: whole when small, else in chunks as the engine makes it."""
        kind = response.getheader("Content-Type") or "application/octet-stream"
        held = b""
        while len(held) <= HOLD:
            piece = self._read(response, deadline)
            if not piece:
                break
            held += piece
        else:
            self._chunked(response, kind, held, deadline)
            return
        if self._cancelled(held, deadline):
            self._send(*_text(HTTPStatus.SERVICE_UNAVAILABLE, self._late()))
            return
        self._send(HTTPStatus.OK, kind, held)

    def _read(self, response: http.client.HTTPResponse, deadline: float | None) -> bytes:
        """The next bytes of the answer; ``socket.timeout`` if the engine stays silent past the deadline."""
        if self._engine is not None:
            _until(self._engine, None if deadline is None else deadline + GRACE)
        try:
            return response.read1(HOLD)
        except socket.timeout:
            raise EngineSilent from None

    def _chunked(self, response: http.client.HTTPResponse, kind: str, held: bytes,
                 deadline: float | None) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", kind)
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        if self.command == "HEAD":
            self.close_connection = True
            self._drop_engine()  # the rest of the answer is not wanted
            return
        tail = held  # the last bytes are held back until the end is known
        while True:
            piece = self._read(response, deadline)
            if not piece:
                break
            tail += piece
            if len(tail) > 1024:
                self._chunk(tail[:-1024])
                tail = tail[-1024:]
        if self._cancelled(tail, deadline):
            # cut at the deadline: end without the closing chunk, so it cannot pass for whole
            self.close_connection = True
            return
        self._chunk(tail)
        self.wfile.write(b"0\r\n\r\n")

    def _chunk(self, data: bytes) -> None:
        if data:
            self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))

    def _cancelled(self, tail: bytes, deadline: float | None) -> bool:
        late = deadline is not None and time.monotonic() >= deadline - 0.1 * self.server.endpoint.timeout
        return late and _CANCELLED in tail[-300:]

    def _late(self) -> str:
        return (f"the query did not finish within {self.server.endpoint.timeout:g} s and was stopped; "
                "make it more selective (LIMIT, fewer OPTIONALs) or restart kg serve with a larger --timeout")

    # -- plumbing --------------------------------------------------------------------

    def _guarded(self, route) -> None:
        try:
            route()
        except Refused as refusal:
            self._refuse(refusal)
        except (ConnectionError, TimeoutError, socket.timeout):
            self.close_connection = True  # the client went away or stalled

    def _refuse(self, refusal: Refused) -> None:
        if refusal.close:
            self.close_connection = True
        self._send(*_text(refusal.status, refusal.message))

    def _send(self, status: int, content_type: str, body: bytes,
              headers: Mapping[str, str] | None = None) -> None:
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if status == HTTPStatus.METHOD_NOT_ALLOWED:
            self.send_header("Allow", _ALLOW)
        if self.close_connection:
            self.send_header("Connection", "close")
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def finish(self) -> None:
        self._drop_engine()
        super().finish()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        if not self.server.quiet:
            sys.stderr.write(f"kg serve: {self.address_string()} {format % args}\n")


class SparqlServer(ThreadingHTTPServer):
    """The HTTP front; ``endpoint`` says what may run and where the engine is."""

    daemon_threads = True
    request_queue_size = BACKLOG

    def __init__(self, endpoint: Endpoint, host: str = "127.0.0.1", port: int = 7878,
                 quiet: bool = True, idle_timeout: float = SOCKET_TIMEOUT) -> None:
        self.endpoint, self.quiet = endpoint, quiet
        self.explorer = Explorer(lambda: endpoint.engine.server.url, allow_update=endpoint.allow_update)
        handler = type("Handler", (_Handler,), {"timeout": idle_timeout})
        super().__init__((host, port), handler)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        shown = host.decode() if isinstance(host, bytes) else host
        return f"http://{shown}:{port}"

    def names_me(self, netloc: str) -> bool:
        """Whether a ``Host`` or ``Origin`` value names this server (any port of a loopback name
        when it listens on loopback, else its own address)."""
        host = urllib.parse.urlsplit("//" + netloc).hostname or ""
        bound = str(self.server_address[0])
        if host == bound or (is_loopback(bound) and is_loopback(host)):
            return True
        return bound in ("0.0.0.0", "::") and _is_address(host)


def _is_address(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
        return True
    except ValueError:
        return False


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
