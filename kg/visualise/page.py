"""Write the signed actor graph as one self-contained, offline HTML page.

pyvis's ``Network`` holds the nodes, edges and vis-network options, but its template
links Bootstrap and vis-network from CDNs even when asked to inline them, so the page
is written from our own small template (``assets/page.html``): vis-network's script and
stylesheet are inlined from pyvis's packaged copy, and the page's own CSS and JS come
from ``assets/``.  The
result opens from a file with no network at all, and makes no request.

Article text is untrusted.  The graph data travels as JSON inside a
``<script type="application/json">`` element with ``<``, ``>`` and ``&`` escaped, so no
string can close the element; the page script reads it with ``JSON.parse`` and writes
every string into the page with ``textContent``, never as HTML; and vis-network gets no
``title`` to build tooltips from.  Node labels are drawn on a canvas, as text.

The data (:mod:`kg.visualise.pagedata`) holds every claim's modality, confidence and date,
so the page filters and re-weighs edges in the browser; large graphs open on a reduced
view the page states (:func:`kg.visualise.pagedata.default_view`), and graphs above
:data:`~kg.visualise.pagedata.PHYSICS_LIMIT` actors are laid out once in Python with a
fixed seed and drawn with physics off.

>>> import tempfile, pathlib
>>> from kg.analyse.measures import toy_graph
>>> out = render_html(toy_graph(), pathlib.Path(tempfile.mkdtemp()) / "toy.html")
>>> text = out.read_text(encoding="utf-8")
>>> "new vis.Network" in text, 'src="http' in text, "<link" in text
(True, False, False)
"""

from __future__ import annotations

import html
import json
from collections.abc import Collection, Mapping
from functools import lru_cache
from importlib import resources
from pathlib import Path
from string import Template
from typing import Any

import networkx as nx
import pyvis
from pyvis.network import Network

from kg.analyse.select import ego_subgraph, filter_graph
from kg.visualise.pagedata import (
    NEGATIVE, NEUTRAL, POSITIVE, TYPE_COLOURS, edge_id, page_data,
)

__all__ = ["edge_id", "ego_subgraph", "filter_graph", "page_data", "render_html"]


def render_html(
    G: nx.Graph,
    path: str | Path,
    *,
    title: str = "geokg",
    max_evidence: int = 12,
    physics: bool | None = None,
    articles: Mapping[str, Mapping[str, Any]] | None = None,
    view: Mapping[str, Any] | None = None,
) -> Path:
    """Write ``G`` as an interactive page and return its path.

    Parameters
    ----------
    G
        A graph from :func:`kg.analyse.signed.signed_graph`, or any graph with node
        ``label``/``type`` and edge ``weight`` (missing attributes get defaults).
    path
        Where to write the page; parent folders are created.
    title
        The page title and heading (shown as text).
    max_evidence
        Evidence sentences embedded per edge, strongest first (every claim's
        modality, confidence and date are embedded, for the filters).
    physics
        Let vis-network lay the graph out; ``None`` means yes up to
        :data:`~kg.visualise.pagedata.PHYSICS_LIMIT` actors, and fixed positions above.
    articles
        Article id -> ``title``, ``date``, ``url``, shown with the evidence.
    view
        What the page draws first (``top``, ``hidden_types``, ``structural``); ``None``
        for :func:`~kg.visualise.pagedata.default_view`.
    """
    data = page_data(G, title=title, max_evidence=max_evidence, physics=physics, articles=articles, view=view)
    net = Network(height="100%", width="100%", directed=False, heading=title, cdn_resources="in_line")
    net.nodes, net.edges, net.options = data["nodes"], data["edges"], data["options"]
    net.node_ids = [node["id"] for node in data["nodes"]]
    net.node_map = {node["id"]: node for node in data["nodes"]}
    nodes, edges, _, _, _, options = net.get_network_data()
    payload = {**data, "nodes": nodes, "edges": edges, "options": json.loads(options)}

    page = Template(_asset("page.html")).substitute(
        title=html.escape(title),
        stats=html.escape(f"{len(nodes):,} actors \u00b7 {len(edges):,} links"),
        vis_css=_asset("vis-network.css"),
        vis_js=_asset("vis-network.min.js"),
        page_css=_asset("page.css"),
        page_js=_asset("page.js"),
        legend=_legend(),
        types=_checkboxes(data["types"], "kg-types", hidden=set(data["view"]["hidden_types"])),
        modalities=_checkboxes([m for m in data["modalities"] if m["count"]], "kg-modalities"),
        filter=_filter(data["relations"]),
        top=_top_options(len(nodes), data["view"]["top"]),
        structural=" checked" if data["view"]["structural"] else "",
        data=_script_json(payload),
    )
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(page, encoding="utf-8")
    return out


def _legend() -> str:
    rows = [f'<div><span class="kg-dot" style="background:{c}"></span>{html.escape(t)}</div>'
            for t, c in TYPE_COLOURS.items()]
    rows.append('<span class="kg-sep"></span>')
    for text, style in [
        ("cooperation", f"border-color:{POSITIVE}"),
        ("conflict", f"border-color:{NEGATIVE}"),
        ("structural / no sign", f"border-color:{NEUTRAL}"),
        ("hedged claims only", f"border-color:#555;border-top-style:dashed"),
    ]:
        rows.append(f'<div><span class="kg-line" style="{style}"></span>{html.escape(text)}</div>')
    rows.append('<div title="arrow: who acts on whom; width: strength">\u2192 acts on</div>')
    return '<div id="kg-legend" aria-label="legend">' + "".join(rows) + "</div>"


def _filter(relations: list[dict[str, Any]]) -> str:
    rows = []
    for r in relations:
        colour = POSITIVE if r["polarity"] > 0 else NEGATIVE if r["polarity"] < 0 else NEUTRAL
        name = html.escape(r["name"], quote=True)
        rows.append(
            f'<label><input type="checkbox" value="{name}" checked>'
            f'<span class="kg-swatch" style="background:{colour}"></span>{name}'
            f'<span class="kg-count">{int(r["count"])}</span></label>'
        )
    return "".join(rows)


def _checkboxes(rows: list[dict[str, Any]], name: str, hidden: Collection[str] = ()) -> str:
    """One checkbox per row (actor types, modalities), ticked unless its name is in ``hidden``.

    >>> _checkboxes([{"name": "State", "count": 3, "colour": "#3b6fb6"}], "kg-types", {"State"})
    '<label><input type="checkbox" name="kg-types" value="State"><span class="kg-dot" style="background:#3b6fb6"></span>State<span class="kg-count">3</span></label>'
    """
    out = []
    for row in rows:
        value = html.escape(row["name"], quote=True)
        ticked = "" if row["name"] in hidden else " checked"
        dot = f'<span class="kg-dot" style="background:{row["colour"]}"></span>' if "colour" in row else ""
        out.append(f'<label><input type="checkbox" name="{name}" value="{value}"{ticked}>{dot}{value}'
                   f'<span class="kg-count">{int(row["count"])}</span></label>')
    return "".join(out)


def _top_options(size: int, top: int) -> str:
    """The choices of how many actors to draw, strongest first (``0``: all of them).

    >>> _top_options(300, 100).count("<option"), 'value="100" selected' in _top_options(300, 100)
    (5, True)
    """
    choices = [n for n in (25, 50, 100, 200, 500, 1000, 2000) if n < size] + [0]
    return "".join(f'<option value="{n}"{" selected" if n == top else ""}>{n if n else f"all {size:,}"}</option>'
                   for n in choices)


def _script_json(payload: dict[str, Any]) -> str:
    """JSON that cannot end the ``<script>`` element holding it, whatever its strings say."""
    text = json.dumps(payload, ensure_ascii=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


@lru_cache(maxsize=None)
def _asset(name: str) -> str:
    """An inlined file: vis-network's from pyvis's packaged copy, ours from ``assets/``."""
    if name.startswith("vis-network"):
        text = (Path(pyvis.__file__).parent / "lib" / "vis-9.1.2" / name).read_text(encoding="utf-8")
    else:
        text = resources.files("kg.visualise").joinpath("assets", name).read_text(encoding="utf-8")
    lowered = text.lower()
    if name != "page.html" and ("</script" in lowered or "</style" in lowered):
        raise ValueError(f"{name} contains a closing tag and cannot be inlined")
    return text
