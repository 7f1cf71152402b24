#!/usr/bin/env python3
"""Commands for a fresh clone; they need nothing but python3 (3.11 or newer).

    python3 tasks.py demo     # make .venv, install geokg, build seeds/ into ./kg-data,
                              # write graph.html and print a summary and one SPARQL answer
    python3 tasks.py test     # make .venv, install geokg with its test extras, run the type
                              # checker (mypy) and every test; extra arguments go to pytest
    python3 tasks.py install-check
                              # build the wheel, install it into a fresh venv with the pip that
                              # ships with this Python (not upgraded), run `kg build seeds/` and
                              # `kg query` from another folder, then add the notebooks extra and
                              # run the three notebooks in that venv

demo and test are idempotent: a second run reuses .venv and reinstalls only what changed.
No command upgrades pip: geokg must install with the pip that comes with Python.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN_DIR = "Scripts" if os.name == "nt" else "bin"
BIN = VENV / BIN_DIR
PY = BIN / "python"
NOTEBOOKS = ("01_build_and_inspect", "02_sparql", "03_alliances")


def run(*cmd: str | Path, cwd: Path = ROOT, check: bool = True, **kw) -> int:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    return subprocess.run([str(c) for c in cmd], check=check, cwd=cwd, **kw).returncode


def ensure_venv(extras: str = "") -> None:
    if sys.version_info < (3, 11):
        sys.exit(f"geokg needs Python 3.11 or newer; this is {sys.version.split()[0]}")
    if not PY.exists():
        print(f"+ creating {VENV}", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
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
    """mypy over the package, then pytest; both always run, and either failing fails the command."""
    ensure_venv("test")
    typed = run(PY, "-m", "mypy", check=False)
    tests = run(PY, "-m", "pytest", *_parallel(sys.argv[2:]), *sys.argv[2:], check=False)
    if typed:
        print("tasks.py test: mypy found type errors (listed above)", file=sys.stderr)
    if typed or tests:
        sys.exit(tests or typed)


def _parallel(args: list[str]) -> list[str]:
    """Both cores, one test file per worker (a file's fixtures, such as a parsed corpus, stay
    in one process); ``-n``/``-p no:xdist`` on the command line choose otherwise."""
    if any(a.startswith("-n") or a == "no:xdist" for a in args):
        return []
    return ["-n", str(min(2, os.cpu_count() or 1)), "--dist", "loadfile"]


def install_check() -> None:
    """The wheel installs and runs with the pip bundled with this Python, from anywhere."""
    ensure_venv("test")  # hatchling, to build the wheel
    with tempfile.TemporaryDirectory(prefix="geokg-install-") as tmp:
        work = Path(tmp)
        run(PY, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "-w", work / "dist", ROOT)
        wheel = next((work / "dist").glob("geokg-*.whl"))
        fresh = work / "venv"
        venv.EnvBuilder(with_pip=True).create(fresh)  # ensurepip's own pip, left as it is
        py, kg = fresh / BIN_DIR / "python", fresh / BIN_DIR / "kg"
        run(py, "-m", "pip", "--version")
        run(py, "-m", "pip", "install", "--quiet", wheel)

        elsewhere = work / "elsewhere"  # seeds and notebooks taken with the wheel, run away from the checkout
        shutil.copytree(ROOT / "seeds", elsewhere / "seeds")
        shutil.copytree(ROOT / "notebooks", elsewhere / "notebooks")
        run(kg, "build", "seeds/", cwd=elsewhere)
        answer = subprocess.run([str(kg), "query", "who-represents", "--param", "actor=Russia", "-f", "csv"],
                                cwd=elsewhere, capture_output=True, text=True, check=True).stdout
        print(answer, flush=True)
        if "Dmitry Peskov" not in answer:
            sys.exit("install-check: `kg query who-represents` did not answer as on a checkout")

        run(py, "-m", "pip", "install", "--quiet", f"geokg[notebooks] @ {wheel.as_uri()}")
        for name in NOTEBOOKS:
            # each notebook finds seeds/ by walking up from its folder: elsewhere/seeds
            run(fresh / BIN_DIR / "jupyter", "execute", "--kernel_name=python3",
                elsewhere / "notebooks" / f"{name}.ipynb", cwd=elsewhere / "notebooks")
    print("install-check: the wheel, the CLI and the notebooks work in a fresh venv with the bundled pip")


if __name__ == "__main__":
    commands = {"demo": demo, "test": test, "install-check": install_check}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        sys.exit(__doc__)
    try:
        commands[sys.argv[1]]()
    except subprocess.CalledProcessError as exc:
        sys.exit(exc.returncode)
