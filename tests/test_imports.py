"""The package's modules import each other without a cycle, and layers keep their direction.

The import graph is read from the source with ``ast``: every ``import kg...`` and
``from kg... import ...``, at the top of a module *and inside functions* (a function-local
import only hides a cycle until the function runs), but not those under
``if TYPE_CHECKING:``, which never run.  ``from package import name`` counts as an import
of the submodule when ``name`` is one, else of the package.  (Every module is also
imported on its own by the doctest collection of ``kg/``.)
"""

from __future__ import annotations

import ast
import graphlib
from pathlib import Path

from tests.helpers import ROOT

PACKAGE = ROOT / "kg"
ABOVE_STORE = ("kg.builder", "kg.analyse", "kg.api", "kg.app", "kg.cli")
EXPORT, WRITER, DEDUPE = "kg.rdf.export", "kg.builder.writer", "kg.builder.dedupe"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py")) if "__pycache__" not in p.parts}


def _type_checking_blocks(tree: ast.AST) -> set[int]:
    """Line numbers inside ``if TYPE_CHECKING:`` blocks."""
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.body:
                lines.update(range(child.lineno, (child.end_lineno or child.lineno) + 1))
    return lines


def imports_of(name: str, path: Path, known: set[str]) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = _type_checking_blocks(tree)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if getattr(node, "lineno", 0) in skipped:
            continue
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.split(".")[0] == "kg")
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else []))
            if base.split(".")[0] != "kg":
                continue
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                found.add(sub if sub in known else base)
    return {m for m in found if m in known and m != name}


def import_graph() -> dict[str, set[str]]:
    found = modules()
    return {name: imports_of(name, path, set(found)) for name, path in found.items()}


def test_the_import_graph_has_no_cycle():
    graph = import_graph()
    try:
        order = list(graphlib.TopologicalSorter(graph).static_order())
    except graphlib.CycleError as err:
        raise AssertionError(f"import cycle: {' -> '.join(err.args[1])}") from None
    assert set(order) == set(graph) and len(order) > 40


def test_layers_keep_their_direction():
    graph = import_graph()

    def reaches(start: str) -> set[str]:
        seen, todo = set(), [start]
        while todo:
            for nxt in graph[todo.pop()]:
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        return seen

    for name in graph:
        if name.startswith("kg.store"):
            assert "kg" not in graph[name], f"{name} imports the top-level kg package"
            assert not any(m.startswith(ABOVE_STORE) for m in reaches(name)), f"{name} reaches a layer above the store"
    assert not any(m.startswith("kg.analyse") for m in reaches(EXPORT)), "export imports analyse"
    assert WRITER not in reaches(DEDUPE)


def test_no_module_hides_a_name_of_the_api():
    """``kg.build`` is a function: a subpackage ``kg/build`` would shadow it once imported."""
    import kg

    clashes = [name for name in kg._API if (PACKAGE / name).is_dir() or (PACKAGE / f"{name}.py").is_file()]
    assert clashes == []
