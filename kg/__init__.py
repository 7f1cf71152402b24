"""geokg: news articles in, a knowledge graph of geopolitical actors out.

The Python API (:mod:`kg.api`) is re-exported here but loaded only on first use, so
``import kg`` stays cheap (no spaCy, no store) for the command line and for the modules
that only want ``kg.__version__``:

>>> import kg
>>> kg.KnowledgeGraph.__module__
'kg.api'
"""

__version__ = "0.1.0"

#: Names served lazily from :mod:`kg.api`.
_API = ("KnowledgeGraph", "Query", "SkippedInput", "build", "extract_text", "highlight", "highlight_claim", "iframe",
        "open", "surface_forms")


def __getattr__(name: str):
    if name in _API:
        from kg import api

        return getattr(api, name)
    raise AttributeError(f"module 'kg' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *_API})
