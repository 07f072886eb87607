"""A quick "is it valid?" for the schema stage, compiled by fastjsonschema.

jsonschema takes about 2 s for a 10,000-unit org; the same schema compiled to Python code by
fastjsonschema checks it in a tenth of that. fastjsonschema only knows drafts up to 07 and words
its errors its own way, so it is used for one answer only: "valid", after which jsonschema has
nothing to find and is skipped. Any other outcome (invalid, not installed, failing to compile,
failing to run) leaves all the work, every message and location, to jsonschema (schema.py).
That is sound only while both read the schema the same way: compile_quick_check refuses a schema
with a keyword outside SAME_IN_BOTH_DRAFTS.
"""

from __future__ import annotations

import copy
import enum
from collections.abc import Callable
from functools import partial
from typing import Any, Final

QuickCheck = Callable[[Any], bool]

DRAFT_07: Final = "http://json-schema.org/draft-07/schema#"
# 2.22 fixed how fastjsonschema's const and enum compare values (before, True passed as 1:
# `orglint: true`) and empty items/patternProperties schemas (we have `^x-: {}`). pyproject.toml
# asks for 2.22 too; this covers an older copy installed some other way.
OLDEST_SOUND: Final = (2, 22)


class _Holds(enum.Enum):
    """What a keyword's value is, so that the keyword check can look inside it."""

    VALUE = enum.auto()  # a value, or an annotation: nothing to check inside
    NUMBER = enum.auto()  # a number (draft-04's boolean exclusiveMinimum means something else)
    PATTERN = enum.auto()
    SCHEMA = enum.auto()
    SCHEMA_MAP = enum.auto()  # name → subschema
    SCHEMA_LIST = enum.auto()


_V, _N, _P = _Holds.VALUE, _Holds.NUMBER, _Holds.PATTERN
_S, _MAP, _LIST = _Holds.SCHEMA, _Holds.SCHEMA_MAP, _Holds.SCHEMA_LIST

# Keywords that mean the same in draft-07 (what fastjsonschema compiles) and 2020-12 (what
# jsonschema validates), in the form given. Left out on purpose: `items` as a list (a tuple in 07,
# prefixItems in 2020-12), `dependencies`/`dependentRequired`, `additionalItems`, `contains`
# (2020-12 adds minContains), `format` (jsonschema ignores it, fastjsonschema checks it), `$ref`
# (2020-12 reads its siblings, 07 ignores them; schema.py inlines local refs first), `multipleOf`
# (fastjsonschema divides floats as decimals: 19.01 is a multiple of 0.01 there, not in
# jsonschema), and anything new in 2019-09/2020-12 (unevaluatedProperties, prefixItems, …).
SAME_IN_BOTH_DRAFTS: Final[dict[str, _Holds]] = {
    "type": _V, "enum": _V, "const": _V, "required": _V, "uniqueItems": _V,
    "minimum": _N, "maximum": _N, "exclusiveMinimum": _N, "exclusiveMaximum": _N,
    "minLength": _N, "maxLength": _N, "minItems": _N, "maxItems": _N,
    "minProperties": _N, "maxProperties": _N,
    "pattern": _P,
    "properties": _MAP, "patternProperties": _MAP,
    "items": _S, "additionalProperties": _S, "propertyNames": _S, "not": _S,
    "allOf": _LIST, "anyOf": _LIST, "oneOf": _LIST,
    # Identifiers and annotations: no effect on validity in either draft.
    "$schema": _V, "$id": _V, "$comment": _V, "title": _V, "description": _V,
    "markdownDescription": _V, "default": _V, "examples": _V,
}  # fmt: skip

# fastjsonschema compiles `pattern` with every `$` made `\Z` (no match before a final newline).
# That only narrows what matches, unless a `$` sits under a negative lookaround or a conditional
# group, where narrowing the inner match widens the outer one: `^(?!a$)` would accept "a\n".
_NARROWING_BREAKS: Final = ("(?!", "(?<!", "(?(")


def unsupported_keywords(schema: Any, where: str = "#") -> list[str]:
    """Where `schema` uses a keyword, or a keyword's form, outside SAME_IN_BOTH_DRAFTS."""
    if isinstance(schema, bool):  # true / false: a schema in both drafts
        return []
    if not isinstance(schema, dict):
        return [where]
    found: list[str] = []
    for keyword, value in schema.items():
        found += _keyword_problems(SAME_IN_BOTH_DRAFTS.get(keyword), value, f"{where}/{keyword}")
    return found


def _keyword_problems(holds: _Holds | None, value: Any, where: str) -> list[str]:
    if holds is None:
        return [where]
    if holds is _Holds.NUMBER:
        return [] if isinstance(value, (int, float)) and not isinstance(value, bool) else [where]
    if holds is _Holds.PATTERN:
        plain = isinstance(value, str) and not ("$" in value and _has_any(value, _NARROWING_BREAKS))
        return [] if plain else [where]
    if holds is _Holds.SCHEMA:  # `items` as a list fails here: it is not a schema
        return unsupported_keywords(value, where)
    if holds is _Holds.SCHEMA_MAP:
        items = value.items() if isinstance(value, dict) else [("?", None)]
        return [p for name, sub in items for p in unsupported_keywords(sub, f"{where}/{name}")]
    if holds is _Holds.SCHEMA_LIST:
        subs = value if isinstance(value, list) else [None]
        return [p for i, sub in enumerate(subs) for p in unsupported_keywords(sub, f"{where}/{i}")]
    return []


def _has_any(text: str, parts: tuple[str, ...]) -> bool:
    return any(part in text for part in parts)


def compile_quick_check(schema: dict[str, Any]) -> QuickCheck | None:
    """A predicate that is True only for data `schema` accepts, or None when there is none:
    a keyword outside SAME_IN_BOTH_DRAFTS, fastjsonschema missing or failing to compile."""
    if unsupported_keywords(schema):
        return None
    draft_07 = {**copy.deepcopy(schema), "$schema": DRAFT_07}  # compile may keep or touch it
    try:
        import fastjsonschema

        if _version(fastjsonschema.VERSION) < OLDEST_SOUND:
            return None
        # use_default=False: otherwise validating writes the schema's defaults into the org data.
        validate = fastjsonschema.compile(draft_07, use_default=False)
    except Exception:  # an optional speed-up: without it jsonschema does all the work
        return None
    return partial(_passes, validate)


def _version(text: str) -> tuple[int, int]:
    major, minor = text.split(".")[:2]
    return int(major), int(minor)


def _passes(validate: Callable[[Any], Any], data: Any) -> bool:
    try:
        validate(data)
    except Exception:  # JsonSchemaValueException, or anything unforeseen: jsonschema decides
        return False
    return True
