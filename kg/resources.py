"""Find the data files that ship with the package.

Everything is looked up through :mod:`importlib.resources`, so an installed wheel works
from any working directory.  The ontology and the shipped queries live at the top of the
repository (``ontologies/``, ``queries/``) and are copied into the wheel as
``kg/ontologies`` and ``kg/queries``; in a source checkout or an editable install they are
read from the repository itself.

>>> ontology_path("geokg.ttl").name
'geokg.ttl'
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

_PACKAGE = "kg"


def data_path(name: str) -> Path:
    """Path of a file in ``kg/data`` (gazetteers, lexicons)."""
    return Path(str(resources.files(_PACKAGE).joinpath("data", name)))


def _top_level(folder: str, name: str) -> Path:
    packaged = Path(str(resources.files(_PACKAGE).joinpath(folder, name)))
    if packaged.exists():
        return packaged
    checkout = Path(__file__).resolve().parent.parent / folder / name
    return checkout


def ontology_path(name: str = "geokg.ttl") -> Path:
    """Path of an ontology file (``geokg.ttl``, ``geokg-shapes.ttl``)."""
    return _top_level("ontologies", name)


def queries_dir() -> Path:
    """The folder of shipped SPARQL queries (``*.rq``)."""
    return _top_level("queries", "")
