#!/usr/bin/env python3
"""Cyclomatic complexity of every function in a package, by McCabe's count over the AST.

    python tools/complexity.py kg/extract [--max 15]

One plus one per decision: ``if``/``elif``, loops, ``except`` handlers, conditional
expressions, each extra operand of ``and``/``or``, comprehension ``if`` clauses and
``for`` clauses, ``match`` cases, ``assert``.  Nested functions count separately (as
radon does).  Prints the functions over ``--max`` (or the ten largest) and exits 1 when
any is over.
"""

from __future__ import annotations

import argparse
import ast
import sys
from pathlib import Path

_DECISIONS = (ast.If, ast.For, ast.AsyncFor, ast.While, ast.ExceptHandler, ast.IfExp,
              ast.Assert, ast.match_case)


def _count(node: ast.AST) -> int:
    total = 0
    for child in ast.iter_child_nodes(node):
        if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            continue
        if isinstance(child, _DECISIONS):
            total += 1
        elif isinstance(child, ast.BoolOp):
            total += len(child.values) - 1
        elif isinstance(child, ast.comprehension):
            total += 1 + len(child.ifs)
        total += _count(child)
    return total


def complexities(root: Path) -> list[tuple[int, str]]:
    """``(complexity, "path:line name")`` for every function under ``root``."""
    found = []
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                found.append((1 + _count(node), f"{path}:{node.lineno} {node.name}"))
    return sorted(found, reverse=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("--max", type=int, default=15)
    args = parser.parse_args()
    found = complexities(args.root)
    over = [f for f in found if f[0] > args.max]
    for value, where in over or found[:10]:
        print(f"{value:3d}  {where}")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
