"""The plain data a page is drawn from: nodes, edges, every claim's filter fields, articles.

The page filters in the browser (actor types, relations, modality, confidence, a time
window) and re-weighs each edge from the claims that pass, with the rule of
:func:`kg.analyse.signed.edge_attributes`: per article, subject, relation and object the
strongest score counts once, the edge's weight is ``tanh`` of the sum.  So every edge
carries all its claims in a compact form (:func:`claim_row`) and the text of the strongest
``max_evidence`` of them; strings shared by many claims (relations, modalities, articles)
travel once, in lists the rows point into.

Large graphs open on a smaller view, which the page states and the reader can widen:
above :data:`LARGE_GRAPH` actors it draws the :data:`TOP_ACTORS` strongest (summed
``|weight|`` of their links), hides persons and structural links (``represents``,
``leads``, ``memberOf``).  On a real news corpus three quarters of the actors are
persons; 150 actors is about where labels stop being readable at the fitted zoom.

>>> from kg.analyse.measures import toy_graph
>>> d = page_data(toy_graph())
>>> len(d["nodes"]), len(d["edges"]), d["options"]["physics"]["enabled"]
(4, 6, True)
>>> sorted({e["color"]["color"] for e in d["edges"]})
['#2e9e44', '#d0342c']
>>> d["view"]["top"], d["view"]["hidden_types"], d["view"]["structural"]
(0, [], True)
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Hashable, Mapping
from typing import Any

import networkx as nx

from kg.modality import MODALITIES
from kg.visualise.layout import layout
from kg.vocab import relation_properties

#: Above this many actors, physics is off and positions come from :func:`layout`.
PHYSICS_LIMIT = 1000

#: Above this many actors the page opens on a reduced view (see the module's docstring).
LARGE_GRAPH = 150

#: How many actors a large graph's first view draws, strongest first.
TOP_ACTORS = 100

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
EVIDENCE_FIELDS = (
    "sentence", "doc", "date", "event_date", "event_precision", "predicate", "modality",
    "negated", "confidence", "subject", "object", "actor", "attributed_to",
)

#: An article's fields the evidence panel shows.
ARTICLE_FIELDS = ("title", "date", "url")


def edge_id(u: Hashable, v: Hashable) -> str:
    """The id an edge has in the page: its two node ids, sorted, as a JSON array.

    >>> edge_id("b", "a")
    '["a", "b"]'
    """
    return json.dumps(sorted((str(u), str(v))))


def page_data(
    G: nx.Graph, *, title: str = "geokg", max_evidence: int = 12, physics: bool | None = None,
    articles: Mapping[str, Mapping[str, Any]] | None = None, view: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The nodes, edges, lists and options the page is drawn from (plain data).

    ``articles`` maps an article id to its ``title``, ``date`` and ``url`` (as
    :meth:`kg.store.GraphStore.article_info` gives), shown with the evidence.  ``view``
    replaces :func:`default_view`'s choice (:data:`EVERYTHING` draws every actor and link).
    """
    live = len(G) <= PHYSICS_LIMIT if physics is None else physics
    tables = _Tables(G)
    edges = [_edge(u, v, d, max_evidence, tables) for u, v, d in G.edges(data=True)]
    return {
        "title": title,
        "nodes": _nodes(G, {} if live else layout(G)),
        "edges": edges,
        "relations": tables.relation_rows(),
        "modalities": tables.modality_rows(),
        "types": _type_rows(G),
        "articles": tables.article_rows(articles or {}),
        "view": dict(view) if view is not None else default_view(G),
        # a large graph's view of at most this many actors is laid out again in the browser
        "layout_limit": PHYSICS_LIMIT if physics is None else 0,
        "colours": {"positive": POSITIVE, "negative": NEGATIVE, "neutral": NEUTRAL},
        "options": _options(live, len(G)),
    }


#: A view that draws every actor and link.
EVERYTHING: dict[str, Any] = {"top": 0, "hidden_types": [], "structural": True}


def default_view(G: nx.Graph) -> dict[str, Any]:
    """What the page draws first: everything for a small graph, a reduced view above
    :data:`LARGE_GRAPH` actors (``top`` 0 means every actor).

    >>> big = nx.star_graph(LARGE_GRAPH)
    >>> default_view(big)
    {'top': 100, 'hidden_types': ['Person'], 'structural': False}
    """
    if len(G) <= LARGE_GRAPH:
        return dict(EVERYTHING)
    return {"top": TOP_ACTORS, "hidden_types": ["Person"], "structural": False}


class _Tables:
    """The shared string lists (relations, modalities, articles) that claim rows index."""

    def __init__(self, G: nx.Graph) -> None:
        self.relations: Counter[str] = Counter()
        self.modalities: Counter[str] = Counter()
        self.docs: dict[str, int] = {}
        self._relation_index: dict[str, int] = {}
        self._modality_index = {m: i for i, m in enumerate(MODALITIES)}
        self._table = relation_properties()
        for _u, _v, d in G.edges(data=True):
            self.relations.update(d.get("relations") or ["(unlabelled)"])
        order = sorted(self.relations, key=lambda r: (-self._polarity(r) if self._polarity(r) else 2, r))
        self._relation_index = {r: i for i, r in enumerate(order)}

    def _polarity(self, relation: str) -> int:
        info = self._table.get(relation)
        return info.polarity if info else 0

    def relation(self, name: str) -> int:
        return self._relation_index.setdefault(name, len(self._relation_index))

    def modality(self, name: str) -> int:
        self.modalities[name] += 1
        return self._modality_index.setdefault(name, len(self._modality_index))

    def doc(self, doc: str) -> int:
        return self.docs.setdefault(doc, len(self.docs))

    def relation_rows(self) -> list[dict[str, Any]]:
        return [{"name": r, "polarity": self._polarity(r), "count": self.relations[r]}
                for r in self._relation_index]

    def modality_rows(self) -> list[dict[str, Any]]:
        return [{"name": m, "count": self.modalities[m]} for m in self._modality_index]

    def article_rows(self, known: Mapping[str, Mapping[str, Any]]) -> list[dict[str, Any]]:
        return [{"id": doc, **{k: (known.get(doc) or {}).get(k) for k in ARTICLE_FIELDS}}
                for doc in self.docs]


def claim_row(item: Mapping[str, Any], source: str, tables: _Tables) -> list[Any]:
    """One claim as the page filters it: ``[score, confidence, modality, when, article,
    relation, forward]``, the strings as indexes into the page's lists; ``when`` is the
    event date where the text gives one, else the article's (``""`` if neither);
    ``forward`` is 1 when the claim's subject is the edge's ``from`` end.
    """
    return [
        round(float(item.get("score", 0.0)), 4),
        round(float(item.get("confidence", 1.0)), 3),
        tables.modality(str(item.get("modality") or "asserted")),
        str(item.get("event_date") or item.get("date") or ""),
        tables.doc(str(item.get("doc", ""))),
        tables.relation(str(item.get("predicate") or "(unlabelled)")),
        int(item.get("subject_id", source) == source),
    ]


def _nodes(G: nx.Graph, positions: Mapping[Hashable, tuple[float, float]]) -> list[dict[str, Any]]:
    spread = 60 * math.sqrt(max(len(G), 1)) + 200
    nodes = []
    for node, attrs in G.nodes(data=True):
        degree = G.degree(node)
        item: dict[str, Any] = {
            "id": str(node),
            "label": str(attrs.get("label") or node),
            "color": _node_colour(attrs.get("type")),
            "size": round(min(10 + 5 * math.sqrt(degree), 45), 1),
            "kg": {"type": attrs.get("type"), "iso3": attrs.get("iso3"),
                   "wikidata": attrs.get("wikidata"), "degree": degree},
        }
        if node in positions:
            x, y = positions[node]
            item["x"], item["y"] = round(x * spread, 1), round(y * spread, 1)
        nodes.append(item)
    return nodes


def _type_rows(G: nx.Graph) -> list[dict[str, Any]]:
    counts = Counter(str(t) if t else "Actor" for _n, t in G.nodes(data="type"))
    known = [t for t in TYPE_COLOURS if t in counts] + sorted(t for t in counts if t not in TYPE_COLOURS)
    return [{"name": t, "count": counts[t], "colour": TYPE_COLOURS.get(t, OTHER_COLOUR)} for t in known]


def edge_style(weight: float) -> dict[str, Any]:
    """Width and colour by signed weight (page.js's ``style`` redraws re-weighed edges alike).

    >>> edge_style(-0.5)
    {'width': 3.5, 'color': {'color': '#d0342c', 'highlight': '#d0342c', 'hover': '#d0342c', 'opacity': 0.73}}
    """
    colour = POSITIVE if weight > 0 else NEGATIVE if weight < 0 else NEUTRAL
    return {"width": round(1 + 5 * abs(weight), 2),
            "color": {"color": colour, "highlight": colour, "hover": colour,
                      "opacity": round(0.45 + 0.55 * abs(weight), 2)}}


def _edge(u: Hashable, v: Hashable, d: dict[str, Any], max_evidence: int, tables: _Tables) -> dict[str, Any]:
    weight = float(d.get("weight", 0.0))
    evidence = list(d.get("evidence") or [])
    item: dict[str, Any] = {
        "id": edge_id(u, v),
        "from": str(u),
        "to": str(v),
        **edge_style(weight),
        "dashes": bool(d.get("hedged", False)),
        "kg": {
            "weight": round(weight, 4),
            "relations": list(d.get("relations") or []) or ["(unlabelled)"],
            "structural": bool(d.get("structural", False)),
            "claims": d.get("claims", len(evidence)),
            "articles": d.get("articles"),
            "first_seen": d.get("first_seen"),
            "last_seen": d.get("last_seen"),
            "hedged": bool(d.get("hedged", False)),
            "rows": [claim_row(e, str(u), tables) for e in evidence],
            "evidence": [_shown(e) for e in evidence[:max_evidence]],
            "more": max(len(evidence) - max_evidence, 0),
        },
    }
    if d.get("directed"):
        subjects = set(d.get("subjects") or [])
        ends = [end for end, node in (("to", u), ("from", v)) if node in subjects]
        item["arrows"] = ", ".join(ends) or "to"
    return item


def _shown(item: Mapping[str, Any]) -> dict[str, Any]:
    """The evidence fields a page shows, those without a value left out (a smaller page).

    >>> _shown({"sentence": "A met B.", "actor": None, "score": 0.1, "negated": False})
    {'sentence': 'A met B.', 'negated': False}
    """
    return {k: item[k] for k in EVIDENCE_FIELDS if item.get(k) is not None}


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
