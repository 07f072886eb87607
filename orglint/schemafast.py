"""A quick "is it valid?" for the schema checks, compiled by fastjsonschema.

jsonschema takes about 2 s for a 10,000-unit org, and importing it costs ~0.1 s on every run; the
same schema compiled to Python code by fastjsonschema checks the org in a tenth of that, and the
rule files and the config in a few milliseconds. fastjsonschema only knows drafts up to 07 and
words its errors its own way, so it is used for one answer only: "valid", after which jsonschema
has nothing to find and is neither imported nor run. Any other outcome (invalid, not installed,
failing to compile, failing to run) leaves all the work, every message and location, to
jsonschema (schema.py, ruleschema.py, catalogue.py, configcheck.py).

That is sound only while both read the schema the same way: compile_quick_check refuses a schema
with a keyword outside SAME_IN_BOTH_DRAFTS, or with a keyword's value that the 2020-12
meta-schema would refuse. The second check stands in for jsonschema's `check_schema`, which a
fast "valid" skips: a malformed schema never gets the fast path, so it still fails as before.
"""

from __future__ import annotations

import copy
import enum
import re
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator, ValidationError

QuickCheck = Callable[[Any], bool]

DRAFT_07: Final = "http://json-schema.org/draft-07/schema#"
# 2.22 fixed how fastjsonschema's const and enum compare values (before, True passed as 1:
# `orglint: true`) and empty items/patternProperties schemas (we have `^x-: {}`); 2.21 added
# `detailed_exceptions`. pyproject.toml asks for 2.22 too; this covers an older copy installed
# some other way.
OLDEST_SOUND: Final = (2, 22)


class _Holds(enum.Enum):
    """What a keyword's value must be (as the 2020-12 meta-schema says), so it can be checked."""

    ANY = enum.auto()  # any value: const, default, an unknown annotation
    TEXT = enum.auto()  # a string: title, description, $comment, $schema
    ROOT_TEXT = enum.auto()  # a string, at the root only: $id (a nested one moves $ref's base)
    LIST = enum.auto()  # a list of anything: enum, examples
    NAMES = enum.auto()  # a list of distinct strings: required
    FLAG = enum.auto()  # true or false: uniqueItems
    TYPES = enum.auto()  # a type name, or a non-empty list of distinct ones
    NUMBER = enum.auto()  # a number (draft-04's boolean exclusiveMinimum means something else)
    COUNT = enum.auto()  # a non-negative integer: minLength, maxItems, ...
    PATTERN = enum.auto()  # a regular expression
    REF = enum.auto()  # a JSON pointer into this document: `#/...`
    SCHEMA = enum.auto()
    SCHEMA_MAP = enum.auto()  # name → subschema
    PATTERN_MAP = enum.auto()  # regular expression → subschema
    SCHEMA_LIST = enum.auto()  # a non-empty list of subschemas


_H = _Holds

# Keywords that mean the same in draft-07 (what fastjsonschema compiles) and 2020-12 (what
# jsonschema validates), in the form given. Left out on purpose: `items` as a list (a tuple in 07,
# prefixItems in 2020-12), `dependencies`/`dependentRequired`, `additionalItems`, `contains`
# (2020-12 adds minContains), `format` (jsonschema ignores it, fastjsonschema checks it),
# `multipleOf` (fastjsonschema divides floats as decimals: 19.01 is a multiple of 0.01 there, not
# in jsonschema), `$anchor`/`$dynamicRef` and anything else new in 2019-09/2020-12
# (unevaluatedProperties, prefixItems, …).
# `$ref` is read alike only in a narrow form, checked by _ref_problems: a pointer into this
# document (`#/...`) whose siblings are annotations; 07 ignores a `$ref`'s siblings, 2020-12
# applies them. `if`/`then`/`else` came with draft-07 and 2020-12 kept them as they were.
# `$defs` is a keyword in 2020-12 only, but it holds schemas that only a `$ref` reaches, which
# both read by JSON pointer.
SAME_IN_BOTH_DRAFTS: Final[dict[str, _Holds]] = {
    "type": _H.TYPES, "enum": _H.LIST, "const": _H.ANY, "required": _H.NAMES,
    "uniqueItems": _H.FLAG,
    "minimum": _H.NUMBER, "maximum": _H.NUMBER,
    "exclusiveMinimum": _H.NUMBER, "exclusiveMaximum": _H.NUMBER,
    "minLength": _H.COUNT, "maxLength": _H.COUNT, "minItems": _H.COUNT, "maxItems": _H.COUNT,
    "minProperties": _H.COUNT, "maxProperties": _H.COUNT,
    "pattern": _H.PATTERN,
    "properties": _H.SCHEMA_MAP, "patternProperties": _H.PATTERN_MAP, "$defs": _H.SCHEMA_MAP,
    "items": _H.SCHEMA, "additionalProperties": _H.SCHEMA, "propertyNames": _H.SCHEMA,
    "not": _H.SCHEMA, "if": _H.SCHEMA, "then": _H.SCHEMA, "else": _H.SCHEMA,
    "allOf": _H.SCHEMA_LIST, "anyOf": _H.SCHEMA_LIST, "oneOf": _H.SCHEMA_LIST,
    "$ref": _H.REF,
    # Identifiers and annotations: no effect on validity in either draft.
    "$schema": _H.TEXT, "$id": _H.ROOT_TEXT, "$comment": _H.TEXT, "title": _H.TEXT,
    "description": _H.TEXT, "markdownDescription": _H.ANY, "default": _H.ANY,
    "examples": _H.LIST,
}  # fmt: skip

# What may stand beside a `$ref`: words for people, which neither draft validates with, and the
# root's identifiers and `$defs`, which hold or name schemas but assert nothing (and our refs are
# pointers into this one document, so the base URI an `$id` sets changes nothing).
REF_SIBLINGS: Final = frozenset(
    {"$comment", "title", "description", "markdownDescription", "default", "examples"}
    | {"$schema", "$id", "$defs"}
)
SIMPLE_TYPES: Final = frozenset(
    {"array", "boolean", "integer", "null", "number", "object", "string"}
)

# fastjsonschema compiles `pattern` with every `$` made `\Z` (no match before a final newline).
# That only narrows what matches, unless a `$` sits under a negative lookaround or a conditional
# group, where narrowing the inner match widens the outer one: `^(?!a$)` would accept "a\n".
_NARROWING_BREAKS: Final = ("(?!", "(?<!", "(?(")


def unsupported_keywords(schema: Any, where: str = "#") -> list[str]:
    """Where `schema` uses a keyword, or a keyword's form, outside SAME_IN_BOTH_DRAFTS, or a
    value the 2020-12 meta-schema refuses."""
    if isinstance(schema, bool):  # true / false: a schema in both drafts
        return []
    if not isinstance(schema, dict):
        return [where]
    found = _ref_problems(schema, where)
    for keyword, value in schema.items():
        holds = SAME_IN_BOTH_DRAFTS.get(keyword)
        found += _keyword_problems(holds, value, f"{where}/{keyword}", at_root=where == "#")
    return found


def _ref_problems(schema: dict[str, Any], where: str) -> list[str]:
    if "$ref" not in schema:
        return []
    return [f"{where}/{key}" for key in schema if key != "$ref" and key not in REF_SIBLINGS]


def _keyword_problems(holds: _Holds | None, value: Any, where: str, at_root: bool) -> list[str]:
    if holds in _SUBSCHEMAS:
        return _SUBSCHEMAS[holds](value, where)
    fits = _VALUE_FITS.get(holds) if holds is not _Holds.ROOT_TEXT else _root_text(at_root)
    return [] if fits is not None and fits(value) else [where]


def _root_text(at_root: bool) -> Callable[[Any], bool] | None:
    return _is_base_uri if at_root else None


def _is_base_uri(value: Any) -> bool:
    """2020-12 allows no fragment in `$id` but an empty one (`#anchor` is `$anchor`'s now)."""
    return isinstance(value, str) and re.fullmatch(r"[^#]*#?", value) is not None


def _is_text(value: Any) -> bool:
    return isinstance(value, str)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _is_count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _is_names(value: Any) -> bool:
    return isinstance(value, list) and all(map(_is_text, value)) and len(set(value)) == len(value)


def _is_types(value: Any) -> bool:
    if isinstance(value, str):
        return value in SIMPLE_TYPES
    return bool(value) and _is_names(value) and set(value) <= SIMPLE_TYPES


def _is_pattern(value: Any) -> bool:
    if not isinstance(value, str) or ("$" in value and _has_any(value, _NARROWING_BREAKS)):
        return False
    try:  # the meta-schema's `format: regex`, which jsonschema's check_schema asserts
        re.compile(value)
    except re.error:
        return False
    return True


def _is_ref(value: Any) -> bool:
    """Only a JSON pointer into this document: nothing to fetch, no $id or anchor to look up."""
    return isinstance(value, str) and (value == "#" or value.startswith("#/"))


_VALUE_FITS: Final[dict[_Holds | None, Callable[[Any], bool]]] = {
    _Holds.ANY: lambda _value: True,
    _Holds.TEXT: _is_text,
    _Holds.LIST: lambda value: isinstance(value, list),
    _Holds.NAMES: _is_names,
    _Holds.FLAG: lambda value: isinstance(value, bool),
    _Holds.TYPES: _is_types,
    _Holds.NUMBER: _is_number,
    _Holds.COUNT: _is_count,
    _Holds.PATTERN: _is_pattern,
    _Holds.REF: _is_ref,
}


def _schema_map(value: Any, where: str) -> list[str]:
    if not isinstance(value, dict):
        return [where]
    return [p for name, sub in value.items() for p in unsupported_keywords(sub, f"{where}/{name}")]


def _pattern_map(value: Any, where: str) -> list[str]:
    found = _schema_map(value, where)
    names = value if isinstance(value, dict) else {}
    return found + [f"{where}/{name}" for name in names if not _is_pattern(name)]


def _schema_list(value: Any, where: str) -> list[str]:
    if not isinstance(value, list) or not value:
        return [where]
    return [p for i, sub in enumerate(value) for p in unsupported_keywords(sub, f"{where}/{i}")]


_SUBSCHEMAS: Final[dict[_Holds | None, Callable[[Any, str], list[str]]]] = {
    _Holds.SCHEMA: unsupported_keywords,  # `items` as a list fails here: it is not a schema
    _Holds.SCHEMA_MAP: _schema_map,
    _Holds.PATTERN_MAP: _pattern_map,
    _Holds.SCHEMA_LIST: _schema_list,
}


def _has_any(text: str, parts: tuple[str, ...]) -> bool:
    return any(part in text for part in parts)


def compile_quick_check(schema: dict[str, Any]) -> QuickCheck | None:
    """A predicate that is True only for data `schema` accepts, or None when there is none:
    a keyword outside SAME_IN_BOTH_DRAFTS, fastjsonschema missing or failing to compile."""
    if unsupported_keywords(schema):
        return None
    draft_07 = {**for_fastjsonschema(schema), "$schema": DRAFT_07}
    try:
        import fastjsonschema

        if _version(fastjsonschema.VERSION) < OLDEST_SOUND:
            return None
        # use_default=False: otherwise validating writes the schema's defaults into the data.
        # detailed_exceptions=False: only "valid or not" is asked, and leaving the wording out
        # makes compiling about three times cheaper (~25 ms instead of ~80 for the org schema).
        validate = fastjsonschema.compile(draft_07, use_default=False, detailed_exceptions=False)
    except Exception:  # an optional speed-up: without it jsonschema does all the work
        return None
    return partial(_passes, validate)


def for_fastjsonschema(schema: Any) -> Any:
    """A copy of `schema` (compiling may touch it) with `const: v` written `enum: [v]`.

    fastjsonschema 2.22 cannot compile `const` without detailed exceptions (its message names
    a field it no longer fills in). Both drafts define `const: v` as `enum: [v]`, and
    fastjsonschema compares the two alike (`_enum_value_matches`)."""
    if not isinstance(schema, dict):
        return copy.deepcopy(schema)
    copied = {
        key: _copy_value(SAME_IN_BOTH_DRAFTS.get(key), value) for key, value in schema.items()
    }
    if "const" in copied:
        const = [copied.pop("const")]
        if "enum" in copied:  # both: the value must pass each, as an allOf says
            copied["allOf"] = [*copied.get("allOf", []), {"enum": const}]
        else:
            copied["enum"] = const
    return copied


def _copy_value(holds: _Holds | None, value: Any) -> Any:
    if holds in (_Holds.SCHEMA_MAP, _Holds.PATTERN_MAP):
        return {name: for_fastjsonschema(sub) for name, sub in value.items()}
    if holds is _Holds.SCHEMA_LIST:
        return [for_fastjsonschema(sub) for sub in value]
    if holds is _Holds.SCHEMA:
        return for_fastjsonschema(value)
    return copy.deepcopy(value)  # a value (enum, const, default): never rewritten


def _version(text: str) -> tuple[int, int]:
    major, minor = text.split(".")[:2]
    return int(major), int(minor)


def _passes(validate: Callable[[Any], Any], data: Any) -> bool:
    try:
        validate(data)
    except Exception:  # JsonSchemaValueException, or anything unforeseen: jsonschema decides
        return False
    return True


class SchemaCheck:
    """One JSON Schema checked in two steps: the quick check compiled from it says "valid", or
    jsonschema (imported only then) finds every error. Both are built on first use; `schema`
    is read through the attribute, so a test may swap it (then `reset()`)."""

    def __init__(self, schema: Callable[[], dict[str, Any]], check_schema: bool = False) -> None:
        self.schema = schema
        self.check_schema = check_schema  # jsonschema's meta-schema check before validating
        self.reset()

    def reset(self) -> None:
        self._quick: tuple[QuickCheck | None] | None = None
        self._validator: Draft202012Validator | None = None

    def quick(self) -> QuickCheck | None:
        if self._quick is None:
            self._quick = (compile_quick_check(self.schema()),)
        return self._quick[0]

    def validator(self) -> Draft202012Validator:
        if self._validator is None:
            from jsonschema import Draft202012Validator  # ~0.1 s: only for data not surely valid

            if self.check_schema:
                Draft202012Validator.check_schema(self.schema())
            self._validator = Draft202012Validator(self.schema())
        return self._validator

    def surely_valid(self, data: Any) -> bool:
        quick = self.quick()
        return quick is not None and quick(data)

    def errors(self, data: Any) -> list[ValidationError]:
        """jsonschema's errors in its order; none, without asking it, when surely valid."""
        return [] if self.surely_valid(data) else list(self.validator().iter_errors(data))
