"""The extractor stays readable: no function in ``kg/extract`` above complexity 15."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _complexity_tool():
    spec = importlib.util.spec_from_file_location("complexity", ROOT / "tools" / "complexity.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_no_function_in_extract_above_complexity_15():
    found = _complexity_tool().complexities(ROOT / "kg" / "extract")
    over = [f for f in found if f[0] > 15]
    assert not over, over


def test_the_counter_counts_decisions():
    tool = _complexity_tool()
    import ast
    tree = ast.parse("def f(x):\n    if x and x > 1:\n        return [y for y in x if y]\n    return 0\n")
    assert 1 + tool._count(tree.body[0]) == 5  # if, and, for-clause, if-clause
