"""Indented JSON text, exactly as `json.dumps(value, ensure_ascii=False, indent=2)` writes it,
with room for parts written elsewhere (RawJson).

json falls back to its pure-Python encoder whenever `indent` is set: seconds for the 29k results
of a 10k-unit org's SARIF log. A formatter can write such a repeated part with a template of its
own and splice it in as RawJson; everything else is written here, value by value, with json's C
string escaper, and anything unusual (floats, keys that are not strings, other types) is left to
json itself, so the text never differs from json's.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

# json.dumps(ensure_ascii=False)'s own string escaping (the C one when available).
_STRING: Final[Callable[[str], str]] = json.encoder.encode_basestring


@dataclass(frozen=True)
class RawJson:
    """Text already written as indented_json would write it where it stands in the document."""

    text: str


def indented_json(value: object, depth: int = 0) -> str:
    """`value` as json.dumps(indent=2) writes it `depth` levels deep inside a larger document."""
    # The same order of tests as json's encoder: bool before int, str keys only.
    if isinstance(value, RawJson):
        return value.text
    if isinstance(value, str):
        return _STRING(value)
    if value is None or isinstance(value, bool):
        return "null" if value is None else "true" if value else "false"
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, list | tuple):
        return _array(value, depth)
    if isinstance(value, dict) and all(isinstance(key, str) for key in value):
        return _object(value, depth)
    return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", _newline(depth))


def _object(value: dict[str, object], depth: int) -> str:
    if not value:
        return "{}"
    inner = _newline(depth + 1)
    members = [f"{_STRING(key)}: {indented_json(item, depth + 1)}" for key, item in value.items()]
    return "{" + inner + ("," + inner).join(members) + _newline(depth) + "}"


def _array(value: list[object] | tuple[object, ...], depth: int) -> str:
    if not value:
        return "[]"
    inner = _newline(depth + 1)
    items = [indented_json(item, depth + 1) for item in value]
    return "[" + inner + ("," + inner).join(items) + _newline(depth) + "]"


def _newline(depth: int) -> str:
    return "\n" + "  " * depth
