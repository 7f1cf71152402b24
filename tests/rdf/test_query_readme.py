"""The README's example output of every shipped query is what the query gives on the seeds."""

from __future__ import annotations

import csv
import io
import re
import shlex

import pytest

from tests.helpers import ROOT
from kg.rdf.query import Query, run_query, shipped_queries, to_csv
from kg.store import Store

_BLOCK = re.compile(r"```console\n\$ (kg query .*?)\n(.*?)```", re.DOTALL)


def readme_examples() -> list[tuple[str, dict[str, str], list[list[str]], bool]]:
    """``(query name, params, shown rows with header, trimmed?)`` per README block."""
    out = []
    for command, body in _BLOCK.findall((ROOT / "README.md").read_text(encoding="utf-8")):
        words = shlex.split(command)[2:]
        name, params = words[0], {}
        for flag, value in zip(words, words[1:]):
            if flag in ("--param", "-p"):
                key, _, val = value.partition("=")
                params[key] = val
        rows = list(csv.reader(io.StringIO(body)))
        trimmed = rows[-1:] == [["…"]]
        out.append((name, params, rows[:-1] if trimmed else rows, trimmed))
    return out


def _matches(shown: str, real: str) -> bool:
    """Equal, or a prefix when ``shown`` ends in "…"; GROUP_CONCAT lists in any order."""
    if shown.endswith("…"):
        return real.startswith(shown[:-1])
    return shown == real or sorted(shown.split(", ")) == sorted(real.split(", "))


def test_query_readme_shows_every_shipped_query():
    assert {name for name, *_ in readme_examples()} == set(shipped_queries())


@pytest.mark.parametrize("name,params,shown,trimmed", readme_examples(), ids=lambda v: v if isinstance(v, str) else "")
def test_query_readme_output_is_true(seed_store, name, params, shown, trimmed):
    with Store.open(seed_store, read_only=True) as store:
        real = list(csv.reader(io.StringIO(to_csv(run_query(store, Query.shipped(name), params)))))
    assert real[0] == shown[0], "header"
    body, real_body = shown[1:], real[1:]
    assert len(real_body) >= len(body) if trimmed else len(real_body) == len(body), real_body
    for got, want in zip(real_body, body):
        assert len(got) == len(want) and all(_matches(w, g) for w, g in zip(want, got)), (want, got)
