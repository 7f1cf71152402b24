"""Import a script under tools/ (not a package) by its path, for tests of converters."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]


def tool_module(relative: str, name: str) -> Iterator[ModuleType]:
    """Yield ``tools/<relative>`` imported as module ``name``; use as a pytest fixture body.

    The module is registered in ``sys.modules`` while in use, because dataclasses look their
    module up there, and removed afterwards.
    """
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / relative)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    yield module
    sys.modules.pop(spec.name, None)
