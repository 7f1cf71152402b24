"""The extractor's own version: a fingerprint of everything that decides what it extracts.

A stored article is *current* when its text and the extractor that read it are unchanged,
and then a rebuild does not parse it again.  The package version is the wrong test for
"the extractor is unchanged": a release that only touches the page or the CLI would mark
the whole corpus out of date.  So the store records this fingerprint instead, a hash of

- every file under ``kg/data/`` (gazetteers, titles, the trigger lexicon),
- every ``.py`` file under ``kg/extract/`` (components, linking, rules, claims),
- ``kg/clean.py`` (boilerplate blanking and datelines) and the ontology
  (``geokg.ttl``: relation properties, domain and range), which the rules read too,
- the spaCy model's name and installed version,

each file as its path relative to its root and its bytes, in sorted order.  New rules or
lexicon entries change it without anyone remembering to bump a number; a release that
leaves them alone keeps it.

>>> a = fingerprint("no_such_model")
>>> a == fingerprint("no_such_model") and len(a) == 16
True
>>> fingerprint("another_model") != a
True
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path

#: The package directory (``kg/``) whose data and extraction code are hashed.
PACKAGE = Path(__file__).resolve().parent.parent


def source_files(package: Path = PACKAGE) -> list[tuple[str, Path]]:
    """``(name, path)`` of every file the fingerprint reads, sorted by name.

    >>> names = [name for name, _ in source_files()]
    >>> "data/lexicon.json" in names and "extract/claims.py" in names and "clean.py" in names
    True
    >>> any(name.endswith(".pyc") for name in names)
    False
    """
    from kg.resources import ontology_path

    files = [(f"data/{p.relative_to(package / 'data').as_posix()}", p)
             for p in _files(package / "data") if "__pycache__" not in p.parts]
    files += [(f"extract/{p.relative_to(package / 'extract').as_posix()}", p)
              for p in _files(package / "extract") if p.suffix == ".py"]
    files.append(("clean.py", package / "clean.py"))
    files.append(("ontologies/geokg.ttl", ontology_path("geokg.ttl")))
    return sorted(files)


def _files(root: Path) -> Iterable[Path]:
    return (p for p in root.rglob("*") if p.is_file())


def model_version(model: str) -> str:
    """The installed version of a spaCy model package, or ``""`` when it is not installed.

    >>> model_version("no_such_model")
    ''
    """
    for name in (model, model.replace("_", "-")):
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return ""


def fingerprint(model: str, *, package: Path = PACKAGE) -> str:
    """16 hex digits naming this extractor: its data, code, ontology and spaCy model.

    ``model`` is the resolved model name (see :func:`kg.extract.nlp.resolve_model_name`);
    ``package`` is the ``kg`` folder to read, so a test can fingerprint a changed copy.
    """
    digest = hashlib.sha256()
    for name, path in source_files(package):
        data = path.read_bytes() if path.is_file() else b""
        digest.update(f"{name}\0{len(data)}\0".encode())
        digest.update(data)
    digest.update(f"model\0{model}\0{model_version(model)}".encode())
    return digest.hexdigest()[:16]
