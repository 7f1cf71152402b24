"""``kg serve`` as an attacker and a careless client would use it: runaways, SSRF, CSRF, bad HTTP.

Every test talks to a real ``kg serve`` subprocess (and the Oxigraph engine it starts)
on 127.0.0.1, with the standard library's HTTP client or a raw socket.
"""

from __future__ import annotations

import json
import shutil
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import psutil
import pytest

from tests.helpers import free_port, kg_server

RUNAWAYS = [
    "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",  # Oxigraph stops this one itself
    "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }",  # this one, not
]


def _request(url: str, data: bytes | None = None, headers: dict | None = None,
             method: str | None = None, timeout: float = 60) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


def _query(url: str, sparql: str, accept: str = "*/*") -> tuple[int, dict, bytes]:
    return _request(url + "/query", sparql.encode(), {"Content-Type": "application/sparql-query", "Accept": accept})


def _raw(url: str, request: bytes, wait: float = 5.0) -> bytes:
    """Send bytes as they are; everything the server answers until it closes or goes quiet."""
    parts = urllib.parse.urlsplit(url)
    with socket.create_connection((parts.hostname, parts.port), timeout=wait) as sock:
        sock.sendall(request)
        got = b""
        try:
            while chunk := sock.recv(65536):
                got += chunk
        except TimeoutError:
            pass
    return got


def _server_tree(url: str) -> list[psutil.Process]:
    port = urllib.parse.urlsplit(url).port
    for proc in psutil.process_iter(["cmdline"]):
        cmd = proc.info["cmdline"] or []
        if "serve" in cmd and any(c.endswith("kg") for c in cmd[:2]):
            try:
                if any(c.laddr.port == port for c in proc.net_connections(kind="tcp")):
                    return [proc, *proc.children(recursive=True)]
            except psutil.Error:
                continue
    raise AssertionError(f"no kg serve process listens on {port}")


def _cpu(tree: list[psutil.Process], seconds: float = 1.0) -> float:
    """CPU % of the process tree over ``seconds`` (100 = one core busy)."""
    alive = [p for p in tree if p.is_running()]
    for proc in alive:
        proc.cpu_percent(None)
    time.sleep(seconds)
    total = 0.0
    for proc in alive:
        try:
            total += proc.cpu_percent(None)
        except psutil.Error:
            pass
    return total


@pytest.fixture(scope="module")
def served(seed_store):
    with kg_server(seed_store, "--timeout", "2", "--idle-timeout", "1") as url:
        yield url


def test_runaway_queries_are_stopped_and_the_server_answers_at_once(served):
    tree = _server_tree(served)
    answers: list[tuple[int, bytes]] = []

    def runaway(sparql: str) -> None:
        status, _, body = _query(served, sparql)
        answers.append((status, body))

    threads = [threading.Thread(target=runaway, args=(RUNAWAYS[i % 2],)) for i in range(4)]
    for thread in threads:
        thread.start()
    time.sleep(0.5)
    started = time.monotonic()
    status, _, body = _query(served, "ASK {}")  # answered while four runaways run
    assert status == 200 and json.loads(body)["boolean"] is True
    assert time.monotonic() - started < 1.0
    for thread in threads:
        thread.join(timeout=60)
    assert [s for s, _ in answers] == [503] * 4, answers
    assert all(b"--timeout" in b for _, b in answers)

    started = time.monotonic()
    status, _, _ = _query(served, "ASK {}")
    assert status == 200 and time.monotonic() - started < 1.0
    # nothing keeps burning CPU for the abandoned queries (the engine may have been restarted)
    tree = _server_tree(served)
    deadline = time.monotonic() + 3
    while (cpu := _cpu(tree, 0.5)) >= 30 and time.monotonic() < deadline:
        pass
    assert cpu < 30, f"kg serve still uses {cpu:.0f} % CPU"


def test_service_is_refused_unless_allowed(served, seed_store):
    target = f"http://127.0.0.1:{free_port()}/sparql"
    for sparql in (f"SELECT * WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}",
                   f"SELECT * WHERE {{ \\u0053ERVICE <{target}> {{ ?s ?p ?o }} }}"):
        status, _, body = _request(served + "/query?" + urllib.parse.urlencode({"query": sparql}))
        assert status == 403 and b"--allow-fetch" in body
    # a keyword inside a string or an IRI is no keyword
    status, _, _ = _query(served, 'SELECT * WHERE { ?s ?p "SERVICE" } LIMIT 1')
    assert status == 200
    with kg_server(seed_store, "--allow-fetch") as url:
        status, _, body = _query(url, f"SELECT * WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}")
        assert status != 403, body  # allowed: the engine tried (and failed) to reach the target


def test_cross_origin_updates_are_refused(seed_store, tmp_path):
    copy = tmp_path / "kg-data"
    shutil.copytree(seed_store, copy, ignore=shutil.ignore_patterns("kg.lock"))
    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    with kg_server(copy, "--allow-update") as url:
        quads = json.loads(_query(url, count)[2])["results"]["bindings"][0]["n"]["value"]
        assert int(quads) > 100
        attempts = [
            # what a web page's <form> can send anywhere: a form, or text/plain
            (urllib.parse.urlencode({"update": "DROP ALL"}).encode(), "application/x-www-form-urlencoded", {}),
            (b"DROP ALL", "text/plain", {}),
            # the right media type, but from another origin or site
            (b"DROP ALL", "application/sparql-update", {"Origin": "http://evil.example"}),
            (b"DROP ALL", "application/sparql-update", {"Sec-Fetch-Site": "cross-site"}),
            (b"DROP ALL", "application/sparql-update", {"Host": "evil.example"}),
            # fetching a URL into the store
            (b"LOAD <http://127.0.0.1:9/data.ttl>", "application/sparql-update", {}),
        ]
        for body, kind, extra in attempts:
            status, _, answer = _request(url + "/update", body, {"Content-Type": kind, **extra})
            assert status in (403, 415, 421), (kind, extra, status, answer)
        after = json.loads(_query(url, count)[2])["results"]["bindings"][0]["n"]["value"]
        assert after == quads
        # the same origin may update
        status, _, _ = _request(url + "/update", b"INSERT DATA { GRAPH <https://ex/g> { <https://ex/a> a geokg:Group } }",
                                {"Content-Type": "application/sparql-update", "Origin": url})
        assert status == 204
        assert json.loads(_query(url, "ASK { <https://ex/a> a geokg:Group }")[2])["boolean"] is True


def test_malformed_requests_get_one_4xx_each(served):
    head = f"POST /query HTTP/1.1\r\nHost: {urllib.parse.urlsplit(served).netloc}\r\nContent-Type: application/sparql-query\r\n"
    for length, status in ((b"abc", b"400"), (b"-1", b"400"), (b"99999999999", b"413")):
        answer = _raw(served, head.encode() + b"Content-Length: " + length + b"\r\n\r\nASK {}")
        assert answer.startswith(b"HTTP/1.1 " + status), answer[:100]
        assert answer.count(b"HTTP/1.1 ") == 1
    chunked = _raw(served, head.encode() + b"Transfer-Encoding: chunked\r\n\r\n6\r\nASK {}\r\n0\r\n\r\n")
    assert chunked.startswith(b"HTTP/1.1 411") and chunked.count(b"HTTP/1.1 ") == 1, chunked


def test_head_options_and_other_methods(served):
    query = served + "/query?" + urllib.parse.urlencode({"query": "ASK {}"})
    status, headers, body = _request(query, method="HEAD")
    assert status == 200 and body == b"" and headers["Content-Type"].startswith("application/sparql-results+json")
    status, headers, _ = _request(served + "/query", method="OPTIONS")
    assert status == 204 and "POST" in headers["Allow"]
    status, headers, _ = _request(served + "/query", b"x", method="PUT")
    assert status == 405 and "GET" in headers["Allow"]
    status, _, _ = _request(query, headers={"Host": "rebound.example:80"})
    assert status == 421


def test_a_stalled_client_is_dropped_and_others_are_served(served):
    parts = urllib.parse.urlsplit(served)
    with socket.create_connection((parts.hostname, parts.port), timeout=10) as stalled:
        stalled.sendall(f"POST /query HTTP/1.1\r\nHost: {parts.netloc}\r\n".encode()
                        + b"Content-Type: application/sparql-query\r\nContent-Length: 100\r\n\r\nASK")
        assert _query(served, "ASK {}")[0] == 200
        started = time.monotonic()
        assert stalled.recv(1024) == b""  # closed by the server after --idle-timeout 1
        assert time.monotonic() - started < 8


def test_large_answers_are_streamed_in_chunks(served):
    status, headers, body = _query(served, "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }", "text/csv")
    assert status == 200 and headers.get("Transfer-Encoding") == "chunked"
    rows = body.decode().splitlines()
    assert sorted(rows[0].split(",")) == ["g", "o", "p", "s"] and len(body) > 64 * 1024
    status, _, small = _query(served, "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 3", "text/csv")
    assert status == 200 and len(small.decode().splitlines()) == 4
