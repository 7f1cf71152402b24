"""A small JSON Schema checker for geokg's own data files.

The lexicon is data that people edit by hand; a misspelt key must fail loudly at load
time rather than be ignored.  This checks the part of JSON Schema the schemas in
``kg/data`` use (``type``, ``properties``, ``required``, ``additionalProperties``,
``items``, ``enum``, local ``$ref``), so geokg needs no schema library at run time.

>>> schema = {"type": "object", "required": ["a"], "additionalProperties": False,
...           "properties": {"a": {"type": "array", "items": {"type": "string"}}}}
>>> validate({"a": ["x"]}, schema)
>>> validate({"a": ["x"], "b": 1}, schema)
Traceback (most recent call last):
...
kg.extract.schema.SchemaError: $: unknown key 'b'
"""

from __future__ import annotations

from typing import Any

_TYPES: dict[str, type | tuple[type, ...]] = {
    "object": dict, "array": list, "string": str, "boolean": bool,
    "number": (int, float), "integer": int,
}


class SchemaError(ValueError):
    """A data file does not have the shape its schema describes."""


def validate(value: Any, schema: dict[str, Any], *, root: dict[str, Any] | None = None,
             path: str = "$") -> None:
    """Raise :class:`SchemaError` naming the first place where ``value`` breaks ``schema``."""
    root = root or schema
    if "$ref" in schema:
        schema = _follow(root, schema["$ref"])
    _check_type(value, schema, path)
    if "enum" in schema and value not in schema["enum"]:
        raise SchemaError(f"{path}: {value!r} is not one of {schema['enum']}")
    if isinstance(value, dict):
        _check_object(value, schema, root, path)
    elif isinstance(value, list) and "items" in schema:
        for i, item in enumerate(value):
            validate(item, schema["items"], root=root, path=f"{path}[{i}]")


def _follow(root: dict[str, Any], ref: str) -> dict[str, Any]:
    node: Any = root
    for part in ref.removeprefix("#/").split("/"):
        node = node[part]
    return node


def _check_type(value: Any, schema: dict[str, Any], path: str) -> None:
    wanted = schema.get("type")
    if wanted is None:
        return
    python = _TYPES[wanted]
    if not isinstance(value, python) or (wanted != "boolean" and isinstance(value, bool)):
        raise SchemaError(f"{path}: expected {wanted}, found {type(value).__name__}")


def _check_object(value: dict[str, Any], schema: dict[str, Any], root: dict[str, Any],
                  path: str) -> None:
    for key in schema.get("required", ()):
        if key not in value:
            raise SchemaError(f"{path}: missing key '{key}'")
    known = schema.get("properties", {})
    extra = schema.get("additionalProperties", True)
    for key, item in value.items():
        if key in known:
            validate(item, known[key], root=root, path=f"{path}.{key}")
        elif extra is False:
            raise SchemaError(f"{path}: unknown key '{key}'")
        elif isinstance(extra, dict):
            validate(item, extra, root=root, path=f"{path}.{key}")
