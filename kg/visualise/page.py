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

Large graphs (more than :data:`PHYSICS_LIMIT` actors) are laid out once in Python with a
fixed seed and drawn with physics off; the node and edge lists are filled directly,
not one ``add_node`` call at a time, which is slow at that size.

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
import math
from collections import Counter
from collections.abc import Hashable
from functools import lru_cache
from importlib import resources
from pathlib import Path
from string import Template
from typing import Any

import networkx as nx
import pyvis
from pyvis.network import Network

from kg.analyse.select import ego_subgraph, filter_graph
from kg.visualise.layout import layout
from kg.vocab import relation_properties

__all__ = ["edge_id", "ego_subgraph", "filter_graph", "page_data", "render_html"]

#: Above this many actors, physics is off and positions come from :func:`layout`.
PHYSICS_LIMIT = 1000

#: Node fill colour by actor class; anything else is drawn grey.
TYPE_COLOURS = {
    "State": "#3b6fb6",
    "Organization": "#8e5cc4",
    "Person": "#e08a2c",
    "Group": "#6d8f3a",
}
OTHER_COLOUR = "#9aa0a6"
POSITIVE, NEGATIVE, NEUTRAL = "#2e9e44", "#d0342c", "#9a9a9a"

#: The evidence fields a page shows; the rest (offsets, ids, rule) stay out of it.
_EVIDENCE_FIELDS = (
    "sentence", "doc", "date", "predicate", "modality", "negated", "confidence",
    "subject", "object", "actor", "attributed_to",
)


def edge_id(u: Hashable, v: Hashable) -> str:
    """The id an edge has in the page: its two node ids, sorted, as a JSON array.

    >>> edge_id("b", "a")
    '["a", "b"]'
    """
    return json.dumps(sorted((str(u), str(v))))


def render_html(
    G: nx.Graph,
    path: str | Path,
    *,
    title: str = "geokg",
    max_evidence: int = 5,
    physics: bool | None = None,
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
        Evidence sentences embedded per edge, strongest first.
    physics
        Let vis-network lay the graph out and keep it live; ``None`` means yes up to
        :data:`PHYSICS_LIMIT` actors, and fixed positions above.
    """
    data = page_data(G, title=title, max_evidence=max_evidence, physics=physics)
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
        filter=_filter(data["relations"]),
        data=_script_json(payload),
    )
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(page, encoding="utf-8")
    return out


def page_data(
    G: nx.Graph, *, title: str = "geokg", max_evidence: int = 5, physics: bool | None = None
) -> dict[str, Any]:
    """The nodes, edges, options and relation list the page is drawn from (plain data).

    >>> from kg.analyse.measures import toy_graph
    >>> d = page_data(toy_graph())
    >>> len(d["nodes"]), len(d["edges"]), d["options"]["physics"]["enabled"]
    (4, 6, True)
    >>> sorted({e["color"]["color"] for e in d["edges"]})
    ['#2e9e44', '#d0342c']
    """
    live = len(G) <= PHYSICS_LIMIT if physics is None else physics
    positions = {} if live else layout(G)
    spread = 60 * math.sqrt(max(len(G), 1)) + 200
    nodes = []
    for node, attrs in G.nodes(data=True):
        degree = G.degree(node)
        item: dict[str, Any] = {
            "id": str(node),
            "label": str(attrs.get("label") or node),
            "color": _node_colour(attrs.get("type")),
            "size": round(min(10 + 5 * math.sqrt(degree), 45), 1),
            "kg": {
                "type": attrs.get("type"),
                "iso3": attrs.get("iso3"),
                "wikidata": attrs.get("wikidata"),
                "degree": degree,
            },
        }
        if node in positions:
            x, y = positions[node]
            item["x"], item["y"] = round(x * spread, 1), round(y * spread, 1)
        nodes.append(item)

    table = relation_properties()
    counts: Counter[str] = Counter()
    edges = [_edge(u, v, d, max_evidence) for u, v, d in G.edges(data=True)]
    for edge in edges:
        counts.update(edge["kg"]["relations"])
    polarity = {r: table[r].polarity if r in table else 0 for r in counts}
    order = sorted(counts, key=lambda r: (-polarity[r] if polarity[r] else 2, r))
    relations = [{"name": r, "polarity": polarity[r], "count": counts[r]} for r in order]
    return {
        "title": title,
        "nodes": nodes,
        "edges": edges,
        "relations": relations,
        "options": _options(live, len(G)),
    }


def _edge(u: Hashable, v: Hashable, d: dict[str, Any], max_evidence: int) -> dict[str, Any]:
    weight = float(d.get("weight", 0.0))
    relations = list(d.get("relations") or [])
    structural = bool(d.get("structural", False))
    colour = POSITIVE if weight > 0 else NEGATIVE if weight < 0 else NEUTRAL
    evidence = list(d.get("evidence") or [])
    item: dict[str, Any] = {
        "id": edge_id(u, v),
        "from": str(u),
        "to": str(v),
        "width": round(1 + 5 * abs(weight), 2),
        "color": {"color": colour, "highlight": colour, "hover": colour,
                  "opacity": round(0.45 + 0.55 * abs(weight), 2)},
        "dashes": bool(d.get("hedged", False)),
        "kg": {
            "weight": round(weight, 4),
            "relations": relations or ["(unlabelled)"],
            "structural": structural,
            "claims": d.get("claims", len(evidence)),
            "articles": d.get("articles"),
            "first_seen": d.get("first_seen"),
            "last_seen": d.get("last_seen"),
            "hedged": bool(d.get("hedged", False)),
            "evidence": [{k: e.get(k) for k in _EVIDENCE_FIELDS} for e in evidence[:max_evidence]],
            "more": max(len(evidence) - max_evidence, 0),
        },
    }
    if d.get("directed"):
        subjects = set(d.get("subjects") or [])
        ends = [end for end, node in (("to", u), ("from", v)) if node in subjects]
        item["arrows"] = ", ".join(ends) or "to"
    return item


def _node_colour(kind: str | None) -> dict[str, Any]:
    fill = TYPE_COLOURS.get(kind or "", OTHER_COLOUR)
    return {"background": fill, "border": "#ffffff", "highlight": {"background": fill, "border": "#222222"},
            "hover": {"background": fill, "border": "#222222"}}


def _options(live: bool, size: int) -> dict[str, Any]:
    return {
        "nodes": {"shape": "dot", "borderWidth": 1.5,
                  "font": {"size": 14, "face": "system-ui, sans-serif", "color": "#222222",
                           "strokeWidth": 3, "strokeColor": "#ffffff"}},
        "edges": {"smooth": False, "selectionWidth": 2, "hoverWidth": 1,
                  "arrows": {"to": {"scaleFactor": 0.6}, "from": {"scaleFactor": 0.6}}},
        "physics": {
            "enabled": live,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -80, "springLength": 110,
                                 "springConstant": 0.06, "avoidOverlap": 0.5},
            "stabilization": {"enabled": live, "iterations": 300, "updateInterval": 50, "fit": True},
            "minVelocity": 1.5,
        },
        "interaction": {"hover": True, "tooltipDelay": 200, "hideEdgesOnDrag": size > 300,
                        "hideEdgesOnZoom": size > PHYSICS_LIMIT, "keyboard": False},
        "layout": {"randomSeed": 42, "improvedLayout": size <= 100},
    }


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
