"""The modalities a claim can carry, from ``kg/data/modalities.tsv``: one table that
extraction, the store, the command line and the analyses all read.

>>> MODALITIES[:3]
('asserted', 'reported', 'planned')
>>> weight("possible"), asserts("hypothetical")
(0.5, False)
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache

from kg.resources import data_path


@dataclass(frozen=True)
class Modality:
    name: str
    #: How much a claim of this modality counts in the signed graph (asserted = 1).
    weight: float
    #: Whether the claim asserts its plain triple (goes into the store's graph and the default output).
    asserts: bool
    meaning: str


@lru_cache(maxsize=1)
def table() -> dict[str, Modality]:
    with open(data_path("modalities.tsv"), encoding="utf-8", newline="") as handle:
        rows = csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t")
        return {r["modality"]: Modality(r["modality"], float(r["weight"]), r["asserts"] == "yes", r["meaning"])
                for r in rows}


#: Every modality, firmest first.
MODALITIES: tuple[str, ...] = tuple(table())


def weight(modality: str) -> float:
    try:
        return table()[modality].weight
    except KeyError:
        raise ValueError(f"unknown modality {modality!r}; use one of {', '.join(MODALITIES)}") from None


def asserts(modality: str) -> bool:
    return modality in table() and table()[modality].asserts
