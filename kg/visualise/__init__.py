"""Interactive, offline HTML pages of the signed actor graph.

:func:`render_html` writes one self-contained file (vis-network inlined, no remote
reference) whose evidence is shown as text, never as HTML.  :func:`ego_subgraph` and
:func:`filter_graph` cut a graph down before drawing it.
"""

from kg.visualise.layout import layout
from kg.visualise.page import edge_id, ego_subgraph, filter_graph, page_data, render_html

__all__ = ["edge_id", "ego_subgraph", "filter_graph", "layout", "page_data", "render_html"]
