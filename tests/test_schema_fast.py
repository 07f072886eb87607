"""The schema stage's fast path (orglint/schemafast.py): fastjsonschema may only ever say "valid"
where jsonschema finds nothing; everything else, and every message, stays jsonschema's."""

from __future__ import annotations

import copy
import math
import random
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import fastjsonschema
import pytest
import yaml
from hypothesis import HealthCheck, Phase, find, given, settings
from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy
from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError

from bench.synth import synthetic_org
from orglint import schema as schema_module
from orglint.errors import InputErrors
from orglint.schemafast import (
    SAME_IN_BOTH_DRAFTS,
    compile_quick_check,
    for_fastjsonschema,
    unsupported_keywords,
)
from orglint.yamlload import load_document
from tests.helpers import CASES
from tests.orgsamples import REPO, VALID_ORG


def _quick(data: Any) -> bool:
    check = schema_module.CHECK.quick()
    assert check is not None, "the fast path is off for the shipped schema"
    return check(data)


def _jsonschema_valid(data: Any) -> bool:
    return not any(True for _ in schema_module.CHECK.validator().iter_errors(data))


def _valid_org() -> dict[str, Any]:
    data: dict[str, Any] = load_document("org.yaml", VALID_ORG.encode()).data
    return data


# --- the schema uses only keywords that both drafts read alike ----------------------------------


def test_the_org_schema_gets_the_fast_path() -> None:
    assert unsupported_keywords(schema_module._inlined_schema()) == []
    assert schema_module.CHECK.quick() is not None


@pytest.mark.parametrize(
    "schema",
    [
        {"prefixItems": [{"type": "string"}]},
        {"type": "object", "unevaluatedProperties": False},
        {"dependentRequired": {"a": ["b"]}},
        {"$dynamicRef": "#node"},
        {"$ref": "#/$defs/unit", "type": "object"},  # 07 ignores a $ref's siblings, 2020-12 not
        {"$ref": "#unit"},  # an anchor: $anchor in 2020-12, a plain-name $id in 07
        {"$ref": "other.json#/$defs/unit"},  # another document: nothing is ever fetched
        {"properties": {"a": {"$id": "sub.json", "type": "string"}}},  # moves $ref's base
        {"$id": "org.json#unit"},  # 2020-12 allows no fragment in $id
        {"$dynamicAnchor": "node"},
        {"items": [{"type": "string"}]},  # tuple form: prefixItems' meaning in draft-07 only
        {"exclusiveMinimum": True},  # draft-04's boolean form
        {"format": "email"},  # fastjsonschema asserts formats, jsonschema does not
        {"multipleOf": 0.01},  # fastjsonschema divides floats as decimals
        {"pattern": "^(?!a$)"},  # `$` → `\Z` under a negative lookahead widens the match
        {"properties": {"units": {"items": {"properties": {"id": {"contains": {}}}}}}},
        {"anyOf": [{"type": "string"}, {"unevaluatedItems": False}]},
    ],
)
def test_keywords_read_otherwise_turn_the_fast_path_off(schema: dict[str, Any]) -> None:
    assert unsupported_keywords(schema) != []
    assert compile_quick_check(schema) is None


def test_unsupported_keywords_says_where() -> None:
    schema = {"properties": {"a": {"items": {"prefixItems": []}}}, "title": "t"}
    assert unsupported_keywords(schema) == ["#/properties/a/items/prefixItems"]


# --- $ref, $defs and if/then/else: read alike in the forms allowed ------------------------------
# The rule and config schemas use them (ruleschema.py, configcheck.py, catalogue.py).

_NODE = {
    "type": "object",
    "properties": {"kids": {"type": "array", "items": {"$ref": "#/$defs/node"}}},
}
_TEST = {  # the rule schema's `test`: a mapping of operators, else a scalar
    "if": {"type": "object"},
    "then": {
        "minProperties": 1,
        "additionalProperties": False,
        "properties": {"eq": {"$ref": "#/$defs/scalar", "description": "equal to"}},
    },
    "else": {"$ref": "#/$defs/scalar"},
}
_SCALAR = {"type": ["string", "number", "boolean"]}
_READ_ALIKE: list[tuple[dict[str, Any], list[Any]]] = [
    (
        {"$id": "https://x.invalid/t.json", "$defs": {"scalar": _SCALAR}, **_TEST},
        [{}, {"eq": 1}, {"eq": [1]}, {"eq": None}, {"ne": 1}, "x", 1, 1.5, True, None, [1]],
    ),
    (
        {
            "$defs": {"node": {**_NODE, "additionalProperties": {"type": "integer"}}},
            "$ref": "#/$defs/node",
        },
        [
            {},
            {"a": 1},
            {"a": "1"},
            {"kids": [{"a": 1}, {"kids": [{"b": "x"}]}]},
            {"kids": [[]]},
            [],
        ],
    ),
    ({"if": {"type": "string"}}, ["x", 1, None]),  # no then, no else: no effect
    ({"then": {"type": "string"}, "else": {"type": "string"}}, [1, "x"]),  # no if: ignored
    (
        {"if": {"properties": {"kind": {"const": "seed"}}}, "then": {"required": ["quote"]}},
        [{"kind": "seed"}, {"kind": "seed", "quote": "q"}, {"kind": "other"}, {}, "seed"],
    ),
    ({"const": "a", "enum": ["a", "b"]}, ["a", "b", "c"]),  # const and enum together: both hold
    ({"enum": [{"const": 1}]}, [{"const": 1}, {"enum": [1]}, 1]),  # values are never rewritten
    ({"const": True}, [True, 1, 1.0, "true"]),
    ({"const": {"a": [1, None]}}, [{"a": [1, None]}, {"a": [True, None]}, {"a": [1]}]),
]


@pytest.mark.parametrize(("schema", "values"), _READ_ALIKE)
def test_refs_ifs_and_consts_read_alike(schema: dict[str, Any], values: list[Any]) -> None:
    """Not just fast-valid ⇒ valid: on these, fastjsonschema and jsonschema give one verdict."""
    assert unsupported_keywords(schema) == []
    check = compile_quick_check(schema)
    assert check is not None
    validator = Draft202012Validator(schema)
    assert [check(value) for value in values] == [validator.is_valid(v) for v in values]


def test_compiling_leaves_the_schema_as_it_was() -> None:
    """fastjsonschema rewrites every $ref it walks; the cached schema dicts must not see it."""
    schema = {"$id": "https://x.invalid/t.json", "$defs": {"node": _NODE}, "$ref": "#/$defs/node"}
    before = copy.deepcopy(schema)
    assert compile_quick_check(schema) is not None
    assert schema == before


def test_const_is_compiled_as_a_one_value_enum() -> None:
    """fastjsonschema 2.22 cannot compile `const` without its detailed messages."""
    assert for_fastjsonschema({"properties": {"v": {"const": 1}}}) == {
        "properties": {"v": {"enum": [1]}}
    }
    assert for_fastjsonschema({"const": 1, "enum": [1, 2]}) == {
        "enum": [1, 2],
        "allOf": [{"enum": [1]}],
    }
    values = {"enum": [{"const": 1}], "default": {"const": 2}, "examples": [{"const": 3}]}
    assert for_fastjsonschema(values) == values


# A small schema with every keyword the fast path allows; each is broken in turn below.
_EVERY_KEYWORD: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://x.invalid/every.json",
    "$comment": "c", "title": "t", "description": "d", "markdownDescription": "m",
    "default": {}, "examples": [{}],
    "type": "object", "required": ["a"], "minProperties": 1, "maxProperties": 9,
    "properties": {
        "a": {"type": "string", "pattern": "^a", "minLength": 1, "maxLength": 9, "enum": ["a"]},
        "b": {"type": "array", "items": {"const": 1}, "minItems": 1, "maxItems": 2},
        "b2": {"type": "array", "uniqueItems": True},
        "c": {"type": "number", "minimum": 0, "maximum": 9},
        "c2": {"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 9},
        "d": {"$ref": "#/$defs/d", "description": "d"},
        "e": {"if": {"type": "string"}, "then": {"minLength": 1}, "else": {"type": "integer"}},
        "f": {"allOf": [{}], "anyOf": [{}], "oneOf": [{}], "not": {"type": "null"}},
    },
    "patternProperties": {"^x-": {}},
    "additionalProperties": False,
    "propertyNames": {"pattern": "^[a-z-]+$"},
    "$defs": {"d": {"type": "boolean"}},
}  # fmt: skip
_BAD_VALUES: list[Any] = [
    None,
    True,
    -1,
    1.5,
    "x",
    "(",
    [],
    ["a", "a"],
    [1],
    {},
    {"a": 1},
    {"(": {}},
]


def _keyword_spots(schema: dict[str, Any]) -> Iterator[tuple[dict[str, Any], str]]:
    """(subschema, keyword) for every keyword of _EVERY_KEYWORD and its subschemas."""
    for keyword, value in schema.items():
        yield schema, keyword
        subs = (
            value.values()
            if keyword in ("properties", "patternProperties", "$defs")
            else (value if isinstance(value, list) and keyword.endswith("Of") else [value])
        )
        for sub in subs:
            if isinstance(sub, dict) and keyword not in ("default", "examples", "enum", "const"):
                yield from _keyword_spots(sub)


def test_every_allowed_keyword_has_a_compiled_check() -> None:
    assert unsupported_keywords(_EVERY_KEYWORD) == []
    assert compile_quick_check(_EVERY_KEYWORD) is not None
    used = {keyword for _, keyword in _keyword_spots(_EVERY_KEYWORD)}
    assert set(SAME_IN_BOTH_DRAFTS) <= used


def test_a_schema_the_meta_schema_refuses_never_gets_the_fast_path() -> None:
    """A fast "valid" skips jsonschema, and with it check_schema (ruleschema.py runs it): the
    fast path must refuse every schema check_schema refuses, so that one still fails as before."""
    schema = copy.deepcopy(_EVERY_KEYWORD)
    refused = 0
    for subschema, keyword in list(_keyword_spots(schema)):
        original = subschema[keyword]
        for bad in _BAD_VALUES:
            subschema[keyword] = bad
            try:
                Draft202012Validator.check_schema(schema)
            except SchemaError:
                refused += 1
                assert unsupported_keywords(schema) != [], (keyword, bad)
        subschema[keyword] = original
    assert refused > 200


# --- values the two libraries are known to be able to read differently --------------------------


def _org_with(where: tuple[Any, ...], value: Any) -> dict[str, Any]:
    data = _valid_org()
    node: Any = data
    for step in where[:-1]:
        node = node[step]
    node[where[-1]] = value
    return data


_HEADCOUNT = ("units", 1, "headcount")
_REVENUE = ("company", "revenue")


@pytest.mark.parametrize(
    ("where", "value", "fast", "valid"),
    [
        (("orglint",), True, False, False),  # const 1: True is not 1
        (("orglint",), 1.0, True, True),  # but 1.0 is
        (_HEADCOUNT, True, False, False),  # a bool is no integer
        (_HEADCOUNT, 1.0, True, True),  # 1.0 is an integer since draft-06
        (_HEADCOUNT, 2.5, False, False),
        (_HEADCOUNT, math.nan, False, False),
        (_HEADCOUNT, -1, False, False),
        (_REVENUE, True, False, False),  # a bool is no number
        (_REVENUE, 0, False, False),  # exclusiveMinimum 0, the number form
        (_REVENUE, -0.0, False, False),
        (_REVENUE, math.inf, True, True),  # the schema lets it by; schema.py says no later
        (_REVENUE, "1.2亿\n", True, True),  # the pattern ends `\s*$`: fine with either reading
        (("company", "channels"), ["tmall", "tmall"], False, False),
        (("company", "channels"), [1, True], False, False),  # not strings (unique, in both)
        (("units", 1, "id"), "ops\n", False, True),  # `$` before a final newline: re.search's
        (("units", 1, "name"), " \t", False, False),  # `\S` somewhere
        (("units", 1, "x-note"), {"anything": [1, None]}, True, True),
        (("units", 1, "reports_to"), "director", False, False),
    ],
)
def test_known_traps(where: tuple[Any, ...], value: Any, fast: bool, valid: bool) -> None:
    data = _org_with(where, value)
    assert (_quick(data), _jsonschema_valid(data)) == (fast, valid)


def test_the_fast_path_never_writes_defaults_into_the_data() -> None:
    data = _valid_org()
    del data["units"][1]["roles"][0]["count"]  # the schema's `default: 1`
    before = copy.deepcopy(data)
    assert _quick(data)
    assert data == before


# --- the fallback: jsonschema alone, as before --------------------------------------------------


def _errors(raw: bytes) -> list[tuple[int, int, str, str]] | None:
    try:
        schema_module.validate_schema(load_document("org.yaml", raw))
    except InputErrors as exc:
        return [(e.line, e.column, e.path, e.message.en) for e in exc.errors]
    return None


_BAD_UNIT = b"    headcount: many\n    kind: dept\n    reports_to: x\n"
_BAD_ORG = VALID_ORG.encode().replace(b"    headcount: 6\n", _BAD_UNIT)
_BAD_ORG_AT = [
    (19, 16, "units[1].headcount"),
    (20, 11, "units[1].kind"),
    (21, 5, "units[1].reports_to"),
]


def _counted_quick_check(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Replace the quick check by one that records what it is asked about, and says no."""
    asked: list[Any] = []
    monkeypatch.setattr(schema_module.CHECK, "quick", lambda: asked.append)
    return asked


def test_orgs_of_any_size_ask_the_quick_check_first(monkeypatch: pytest.MonkeyPatch) -> None:
    """Compiling it (~25 ms) is cheaper than importing jsonschema (~0.1 s), even for one unit."""
    asked = _counted_quick_check(monkeypatch)
    small = load_document("org.yaml", VALID_ORG.encode())
    schema_module.validate_schema(small)
    org = synthetic_org(600, random.Random(1))
    big = load_document("big.yaml", yaml.safe_dump(org, allow_unicode=True).encode())
    schema_module.validate_schema(big)
    assert asked == [small.data, big.data]


@pytest.fixture
def no_fastjsonschema(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """`import fastjsonschema` fails, as where it is not installed; the check is compiled anew."""
    monkeypatch.setitem(sys.modules, "fastjsonschema", None)
    schema_module.CHECK.reset()
    yield
    monkeypatch.undo()
    schema_module.CHECK.reset()


@pytest.mark.usefixtures("no_fastjsonschema")
def test_without_fastjsonschema_jsonschema_does_it_all() -> None:
    assert schema_module.CHECK.quick() is None
    assert _errors(VALID_ORG.encode()) is None
    errors = _errors(_BAD_ORG)
    assert errors is not None and [error[:3] for error in errors] == _BAD_ORG_AT


def test_a_fast_pass_skips_jsonschema(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_jsonschema() -> None:
        raise AssertionError("jsonschema ran on a fast-valid org")

    monkeypatch.setattr(schema_module.CHECK, "validator", no_jsonschema)
    assert _errors(VALID_ORG.encode()) is None


@pytest.mark.parametrize(("version", "compiled"), [("2.21.2", False), ("2.22.0", True)])
def test_an_old_fastjsonschema_is_not_used(
    monkeypatch: pytest.MonkeyPatch, version: str, compiled: bool
) -> None:
    monkeypatch.setattr(fastjsonschema, "VERSION", version)
    assert (compile_quick_check({"const": 1}) is not None) == compiled


def test_a_fast_check_that_breaks_is_a_no(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(data: Any) -> None:
        raise RuntimeError("a bug in generated code")

    monkeypatch.setattr(fastjsonschema, "compile", lambda *_args, **_kwargs: broken)
    check = compile_quick_check({"type": "object"})
    assert check is not None and check({}) is False


def _every_input() -> list[tuple[str, bytes]]:
    samples = sorted((REPO / "samples").rglob("*.yaml"))
    inputs = [(path.name, path.read_bytes()) for path in samples]
    for path in sorted(Path(CASES).glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        inputs += [(f"{path.stem}:{c['name']}", c["org"].encode()) for c in data["cases"]]
    return inputs


def _outcome(raw: bytes) -> object:
    try:
        return _errors(raw)
    except InputErrors as exc:  # not YAML an org file can be: the schema never sees it
        return [e.message.en for e in exc.errors]


def test_every_sample_and_rule_case_says_the_same_without_the_fast_path(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    inputs = _every_input()
    with_fast = [_outcome(raw) for _, raw in inputs]
    monkeypatch.setattr(schema_module.CHECK, "quick", lambda: None)
    without = [_outcome(raw) for _, raw in inputs]
    assert len(inputs) > 100
    assert [
        name for (name, _), a, b in zip(inputs, with_fast, without, strict=True) if a != b
    ] == []
    assert any(errors for errors in with_fast) and None in with_fast


# --- property: fast-valid implies jsonschema-valid, on orgs with one odd value ---------------


def _fitting(schema: dict[str, Any]) -> SearchStrategy[Any]:
    """Values `schema` mostly accepts, drawn from the schema itself (so new fields are covered)."""
    if "const" in schema:
        return st.just(schema["const"])
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    kinds = schema.get("type", "string")
    return st.one_of(
        [_of_type(kind, schema) for kind in ([kinds] if isinstance(kinds, str) else kinds)]
    )


def _of_type(kind: str, schema: dict[str, Any]) -> SearchStrategy[Any]:
    if kind == "object":
        return _objects(schema)
    if kind == "array":
        items = _fitting(schema.get("items", {}))
        return st.lists(
            items,
            min_size=schema.get("minItems", 0),
            max_size=3,
            unique=schema.get("uniqueItems", False),
        )
    if kind == "string":
        examples = st.sampled_from(schema.get("examples", ["x"]))
        return examples | st.from_regex(schema.get("pattern", ""), alphabet=_TEXT)
    if kind == "integer":
        return st.integers(schema.get("minimum", 0), 5)
    if kind == "number":
        return st.integers(1, 10**9) | st.floats(1e-3, 1e12)
    return st.booleans()


_TEXT = st.sampled_from(list("az09_.-, \n运营万亿元KMCNY"))


def _objects(schema: dict[str, Any]) -> SearchStrategy[dict[str, Any]]:
    properties: dict[str, Any] = schema.get("properties", {})
    required = [key for key in schema.get("required", []) if key in properties]
    optional = {key: _fitting(sub) for key, sub in properties.items() if key not in required}
    mapping = {key: _fitting(properties[key]) for key in required}
    return st.fixed_dictionaries(mapping, optional=optional)


_ORGS = st.deferred(lambda: _objects(schema_module._inlined_schema()))

# Values JSON Schema implementations have been known to read differently: bools as numbers,
# 1.0 as an integer, NaN and infinities, `$` before a final newline, blank text, duplicates
# that are equal only across types, empty containers.
_TRAPS_LIST: list[Any] = [
    *(True, False, 0, 1, -1, 1.0, -0.0, 2.5, 1e300, math.nan, math.inf, None),
    *("", " ", "\n", "ops\n", "a", "1.2亿\n", "monthly"),
    *([], {}, [1, True], [1, 1.0], ["a", "a"], ["a", "a\n"], {"x-a": 1}, {"name": "x"}),
]


def _spots(data: Any) -> list[tuple[Any, Any]]:
    """(container, key or index) of every value in `data`, in document order."""
    children = data.items() if isinstance(data, dict) else enumerate(data)
    spots: list[tuple[Any, Any]] = []
    for key, value in children:
        spots.append((data, key))
        if isinstance(value, (dict, list)):
            spots += _spots(value)
    return spots


def _twins(value: Any) -> list[Any]:
    if isinstance(value, str):
        return [value + "\n", "\n" + value, value.upper(), value + " !", " "]
    if isinstance(value, bool):
        return [int(value), str(value).lower()]
    if isinstance(value, (int, float)):
        return [float(value), bool(value), value + 0.5, -value, -1, str(value)]
    if isinstance(value, list):
        return [value + value[:1], [*value, True, 1], [*value, 1, 1.0], [None]]
    return [{**value, "nmae": 1}, {**value, "x-a": [None]}, {}, None]


_ODD_KEYS = ["nmae", "x-note", "title"]  # unknown here and there, an extension, a role's


def one_change_each(data: dict[str, Any]) -> Iterator[None]:
    """Change `data` in place, one value or key at a time, every way _twins and _TRAPS know;
    each change is undone before the next."""
    for container, key in _spots(data):
        original = container[key]
        for odd in [*_twins(original), *_TRAPS_LIST]:
            container[key] = odd
            yield
        if isinstance(container, dict):
            del container[key]
            yield
        container[key] = original
    for mapping in [data, *(c[k] for c, k in _spots(data) if isinstance(c[k], dict))]:
        for key in set(_ODD_KEYS) - mapping.keys():
            mapping[key] = "x"
            yield
            del mapping[key]


def _assert_fast_valid_implies_valid(data: dict[str, Any]) -> int:
    """How many of the changed orgs were fast-valid (all of them jsonschema-valid)."""
    fast_valid = 0
    for _ in one_change_each(data):
        if _quick(data):
            fast_valid += 1
            assert list(schema_module.CHECK.validator().iter_errors(data)) == [], data
    return fast_valid


def test_one_change_to_the_valid_org() -> None:
    assert _assert_fast_valid_implies_valid(_valid_org()) > 100


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_ORGS)
def test_fast_valid_implies_jsonschema_valid(data: dict[str, Any]) -> None:
    _assert_fast_valid_implies_valid(data)


def test_the_property_starts_from_valid_orgs_with_units() -> None:
    def rich(data: dict[str, Any]) -> bool:
        return len(data["units"]) >= 2 and _quick(data)

    generate_only = settings(database=None, phases=[Phase.generate])
    assert len(find(_ORGS, rich, settings=generate_only)["units"]) >= 2
