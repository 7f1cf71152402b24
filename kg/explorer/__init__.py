"""The explorer ``kg serve`` shows at ``/``: the graph of ``kg viz`` drawn from the live store, a
SPARQL box with the shipped queries, and the evidence behind an actor or an edge, with reject
and confirm buttons when the server was started with ``--allow-update``.

The browser side is three static files in ``assets/`` (shipped in the package, so nothing is
fetched from elsewhere).  This module answers the few requests they make besides SPARQL
itself, which goes to ``/query`` like any client's:

======================  ==================================================================
``GET /``               the explorer page
``GET /explorer/NAME``  its script and style sheet
``GET /explorer/config`` whether corrections are accepted
``GET /explorer/graph`` the ``kg viz`` page of the store as it is now
``GET /explorer/queries`` the shipped queries with their parameters
``GET /explorer/actors`` every actor's IRI, label and type (to spot actors in results)
``GET /explorer/claims?actor=&other=`` the claims of an actor or between two, with decisions
``POST /explorer/bind`` a query's ``?_NAME`` placeholders filled in (actor labels resolved)
``POST /explorer/review`` a decision on a claim (``403`` without ``--allow-update``)
======================  ==================================================================

Each request opens the store through the engine's own SPARQL endpoint (a
:class:`~kg.store.RemoteStore`), so the explorer reads what the endpoint serves.
"""

from kg.explorer.routes import Answer, Denied, Explorer

__all__ = ["Answer", "Denied", "Explorer"]
