#!/usr/bin/env python3
"""Two commands for a fresh clone; needs nothing but python3 (3.11 or newer).

    python3 tasks.py demo   # make .venv, install geokg, build seeds/ into ./kg-data,
                            # write graph.html and print a summary and one SPARQL answer
    python3 tasks.py test   # make .venv, install geokg with its test extras, run every test

Both are idempotent: a second run reuses .venv and reinstalls only what changed.
"""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / "python"


def run(*cmd: str | Path, **kw) -> None:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    subprocess.run([str(c) for c in cmd], check=True, cwd=ROOT, **kw)


def ensure_venv(extras: str = "") -> None:
    if sys.version_info < (3, 11):
        sys.exit(f"geokg needs Python 3.11 or newer; this is {sys.version.split()[0]}")
    if not PY.exists():
        print(f"+ creating {VENV}", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
        run(PY, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    target = f".[{extras}]" if extras else "."
    run(PY, "-m", "pip", "install", "--quiet", "-e", target)


def demo() -> None:
    ensure_venv()
    kg = BIN / "kg"
    run(kg, "build", "seeds/")
    run(kg, "viz", "--out", "graph.html")
    run(kg, "stats")
    print("\nWho speaks for Russia (queries/who-represents.rq):", flush=True)
    run(kg, "query", "who-represents", "--param", "actor=Russia")
    print(f"\nOpen {ROOT / 'graph.html'} in a browser to explore the graph.")


def test() -> None:
    ensure_venv("test")
    args = sys.argv[2:]
    run(PY, "-m", "pytest", *args)


if __name__ == "__main__":
    commands = {"demo": demo, "test": test}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        sys.exit(__doc__)
    try:
        commands[sys.argv[1]]()
    except subprocess.CalledProcessError as exc:
        sys.exit(exc.returncode)
