"""What the explorer's requests get (see :mod:`kg.explorer`); HTTP itself is :mod:`kg.serve`'s job.

>>> explorer = Explorer(lambda: "http://127.0.0.1:1", allow_update=False)
>>> answer = explorer.get("/explorer/config", {})
>>> int(answer.status), json.loads(answer.body)
(200, {'allow_update': False})
>>> explorer.get("/elsewhere", {}) is None
True
"""

from __future__ import annotations

import json
import re
import tempfile
from importlib import resources
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from http import HTTPStatus
from pathlib import Path
from typing import Any


_ASSETS = {"explorer.js": "text/javascript; charset=utf-8", "explorer.css": "text/css; charset=utf-8"}
#: The page runs only its own script and style, talks only to this server and frames only the graph.
PAGE_POLICY = ("default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
               "frame-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'")
_JSON = "application/json; charset=utf-8"


@dataclass
class Answer:
    status: int
    content_type: str
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)


class Denied(Exception):
    """A request the explorer refuses; ``kg serve`` answers it with ``status`` and the message."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


def _json(data: Any) -> Answer:
    return Answer(HTTPStatus.OK, _JSON, json.dumps(data, ensure_ascii=False, default=str).encode("utf-8"))


def _asset(name: str) -> bytes:
    return resources.files("kg.explorer").joinpath("assets", name).read_bytes()


class Explorer:
    """The explorer's routes over the store the engine at ``engine_url()`` serves."""

    def __init__(self, engine_url: Callable[[], str], *, allow_update: bool) -> None:
        self.engine_url, self.allow_update = engine_url, allow_update

    def _store(self, *, write: bool = False) -> Any:
        from kg.store import RemoteStore

        return RemoteStore.open(self.engine_url(), read_only=not write)

    # -- GET ---------------------------------------------------------------------------------

    def get(self, path: str, params: Mapping[str, list[str]]) -> Answer | None:
        """The answer to ``GET path``, or ``None`` when the path is not the explorer's."""
        if path == "/":
            return Answer(HTTPStatus.OK, "text/html; charset=utf-8", _asset("index.html"),
                          {"Content-Security-Policy": PAGE_POLICY})
        name = path.removeprefix("/explorer/")
        if name == path:
            return None
        if name in _ASSETS:
            return Answer(HTTPStatus.OK, _ASSETS[name], _asset(name))
        reads: dict[str, Callable[[Mapping[str, list[str]]], Answer]] = {
            "config": lambda _: _json({"allow_update": self.allow_update}),
            "graph": lambda _: self._graph(), "queries": lambda _: _json(shipped()),
            "actors": lambda _: self._actors(), "claims": self._claims,
        }
        if name not in reads:
            raise Denied(HTTPStatus.NOT_FOUND, f"no such path {path}")
        return reads[name](params)

    def _graph(self) -> Answer:
        from kg import app

        with self._store() as store, tempfile.TemporaryDirectory(prefix="kg-explorer-") as tmp:
            page, _G = app.write_page(store, Path(tmp) / "graph.html", title="geokg explorer")
            return Answer(HTTPStatus.OK, "text/html; charset=utf-8", page.read_bytes())

    def _actors(self) -> Answer:
        with self._store() as store:
            return _json([{"iri": e.iri, "label": e.label, "type": e.type} for e in store.entities()])

    def _claims(self, params: Mapping[str, list[str]]) -> Answer:
        from kg.rdf.query import QueryError, run_query
        from kg.rdf.reviews import CLAIMS_OF

        given = {k: (params.get(k) or [""])[0] for k in ("actor", "other")}
        if not given["actor"]:
            raise Denied(HTTPStatus.BAD_REQUEST, "give actor= (a label or an IRI)")
        with self._store() as store:
            try:
                result = run_query(store, CLAIMS_OF, given)
            except QueryError as err:
                raise Denied(HTTPStatus.BAD_REQUEST, str(err)) from None
        return _json([dict(zip(result.variables, row)) for row in result.rows])

    # -- POST --------------------------------------------------------------------------------

    def post(self, path: str, body: bytes, content_type: str) -> Answer | None:
        """The answer to ``POST path`` with a JSON body, or ``None`` when the path is not the explorer's."""
        routes = {"/explorer/bind": self._bind, "/explorer/review": self._review}
        if path not in routes:
            return None
        if path == "/explorer/review" and not self.allow_update:
            raise Denied(HTTPStatus.FORBIDDEN, "this server takes no corrections; restart kg serve "
                                               "with --allow-update to reject or confirm claims")
        if content_type != "application/json":
            raise Denied(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, "send a JSON body (application/json)")
        try:
            data = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise Denied(HTTPStatus.BAD_REQUEST, "the body is not JSON") from None
        if not isinstance(data, dict):
            raise Denied(HTTPStatus.BAD_REQUEST, "send a JSON object")
        return routes[path](data)

    def _bind(self, data: dict[str, Any]) -> Answer:
        from kg.rdf.query import actor_iris
        from kg.rdf.sparql import Query, QueryError

        given = data.get("params") or {}
        if not isinstance(data.get("sparql"), str) or not isinstance(given, dict):
            raise Denied(HTTPStatus.BAD_REQUEST, 'send {"sparql": "...", "params": {...}}')
        with self._store() as store:
            try:
                query = Query.text(data["sparql"])
                used = {k: str(v) for k, v in given.items() if k in query.params}
                text = query.bind(used, actors=lambda label: actor_iris(store, label))
            except (QueryError, ValueError) as err:
                raise Denied(HTTPStatus.BAD_REQUEST, str(err)) from None
        return _json({"sparql": text})

    def _review(self, data: dict[str, Any]) -> Answer:
        claim, decision = str(data.get("claim") or ""), str(data.get("decision") or "")
        note, by = str(data.get("note") or ""), str(data.get("by") or "explorer")
        with self._store(write=True) as store:
            try:
                if decision == "undo":
                    store.undo_decision(claim)
                else:
                    store.decide(claim, decision, by=by, note=note)
            except ValueError as err:
                raise Denied(HTTPStatus.BAD_REQUEST, str(err)) from None
        return _json({"claim": claim, "decision": decision})


def shipped() -> list[dict[str, Any]]:
    """The shipped queries as the explorer offers them: name, what it answers, parameters, text.

    >>> [q["params"] for q in shipped() if q["name"] == "conflicts-between"][0][0]
    {'name': 'actor', 'kind': 'actor', 'default': 'North Korea'}
    """
    from kg.rdf.sparql import Query, shipped_queries

    out = []
    for name in shipped_queries():
        query = Query.shipped(name)
        out.append({"name": name, "about": _about(query.sparql),
                    "params": [{"name": k, "kind": p.kind, "default": p.default} for k, p in query.params.items()],
                    "sparql": query.sparql})
    return out


def _about(sparql: str) -> str:
    r"""A shipped query's first comment paragraph, without its name: what it answers.

    >>> _about("# q: who is\n# allied.\n#\n# @param x\nASK {}")
    'who is allied.'
    """
    lines = []
    for line in sparql.splitlines():
        text = line.lstrip("#").strip()
        if not line.startswith("#") or not text:
            break
        lines.append(text)
    return re.sub(r"^[\w-]+:\s*", "", " ".join(lines))
