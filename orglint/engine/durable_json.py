"""JSON text that durable-rules 2.0.28 reads exactly as Python means it.

Measured: its parser rejects a number with an exponent but no decimal point (error 204), which is
how json.dumps writes 1e-05, 1e+16 or 1e+20, while `1.0e-05` parses, and parses to the same double
(checked against Python's comparisons on 700 floats, subnormals and neighbours included). So floats
are written by repr with `.0` added to such mantissas; infinities as 1.0e999 (the parser overflows
to inf); NaN has no meaning in a comparison both engines share and is refused.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

_string = json.encoder.encode_basestring  # C-accelerated, keeps non-ASCII text (UTF-8)
_INT64 = 2**63  # durable stores integers as 64-bit: beyond, compare as a double, not wrapped


def float_text(value: float) -> str:
    if value != value:
        raise ValueError("NaN cannot be compared by the rules engine")
    if value in (float("inf"), float("-inf")):
        return "1.0e999" if value > 0 else "-1.0e999"
    text = repr(value)
    mantissa, e, exponent = text.partition("e")
    return f"{mantissa}.0e{exponent}" if e and "." not in mantissa else text


def scalar_text(value: object) -> str:
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return _int_text(value)
    if isinstance(value, float):
        return float_text(value)
    raise TypeError(f"{type(value).__name__} is not a fact value (str, int, float or bool)")


def dumps(value: Any) -> str:
    """Encode nested dicts, lists and scalars (a ruleset definition)."""
    if isinstance(value, Mapping):
        return "{" + ",".join(f"{_string(str(k))}:{dumps(v)}" for k, v in value.items()) + "}"
    if isinstance(value, Sequence) and not isinstance(value, str):
        return "[" + ",".join(dumps(v) for v in value) + "]"
    return scalar_text(value)


def _int_text(value: int) -> str:
    return str(value) if -_INT64 <= value < _INT64 else float_text(float(value))


def copy_text(
    fact: Mapping[str, object], fact_id: str, fact_type: str, seq: int, fields: Sequence[str]
) -> str:
    """The copy of `fact` durable-rules sees: the engine's `_seq` first (the drain finds it right
    after the alias in an action's text), the `id` (durable_ids), its type and only `fields` (the
    ones some rule reads); a missing or None field is left out, so every test on it fails."""
    parts = [f'{{"_seq":{seq},"id":{_string(fact_id)},"type":{_string(fact_type)}']
    get = fact.get
    for name in fields:
        # field names are identifiers (factspec, checked by the loader): no escaping needed.
        # Runs once per copy and field, so the common types are written inline (scalar_text).
        value: Any = get(name)
        kind = type(value)
        if kind is str:
            parts.append(f'"{name}":{_string(value)}')
        elif kind is bool:
            parts.append(f'"{name}":true' if value else f'"{name}":false')
        elif kind is int and -_INT64 <= value < _INT64:
            parts.append(f'"{name}":{value}')
        elif value is not None:
            parts.append(f'"{name}":{scalar_text(value)}')
    return ",".join(parts) + "}"
