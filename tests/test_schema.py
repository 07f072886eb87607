from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator

from orglint import schema as schema_module
from orglint.resources import schema_path
from orglint.schemamessages import ID_PATTERN, NONBLANK_PATTERN
from orglint.validate import load_and_validate
from orglint.yamlload import KEY, load_document
from tests.orgsamples import REPO, VALID_ORG, assert_bilingual, input_errors, sample_errors

SCHEMA: dict[str, Any] = json.loads(schema_path("org.schema.json").read_text(encoding="utf-8"))


def test_schema_is_valid_2020_12() -> None:
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert SCHEMA["$id"] and SCHEMA["title"]
    Draft202012Validator.check_schema(SCHEMA)


def _properties(node: object, where: str = "#") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every (location, subschema) declared under `properties` or `patternProperties`."""
    if isinstance(node, dict):
        for group in ("properties", "patternProperties"):
            for key, sub in node.get(group, {}).items():
                yield f"{where}/{group}/{key}", sub
        for key, value in node.items():
            yield from _properties(value, f"{where}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _properties(value, f"{where}/{index}")


def test_every_property_has_a_description() -> None:
    found = list(_properties(SCHEMA))
    assert len(found) > 40
    missing = [where for where, sub in found if not sub.get("description")]
    assert missing == []


def test_objects_are_closed_but_take_x_extensions() -> None:
    objects = [sub for _, sub in _properties(SCHEMA) if sub.get("type") == "object"]
    objects += [d for d in SCHEMA["$defs"].values() if d.get("type") == "object"] + [SCHEMA]
    for sub in objects:
        assert sub["additionalProperties"] is False
        assert "^x-" in sub["patternProperties"]


def test_function_ids_are_the_canonical_41() -> None:
    ids = SCHEMA["$defs"]["function_id"]["enum"]
    assert len(ids) == len(set(ids)) == 41
    functions = REPO / "rules" / "functions.yaml"
    if not functions.exists():
        pytest.skip("rules/functions.yaml not written yet")
    data = yaml.safe_load(functions.read_text(encoding="utf-8"))
    entries = data["functions"] if isinstance(data, dict) else data
    assert sorted(ids) == sorted(f["id"] for f in entries)


def test_valid_design_example_loads_and_validates() -> None:
    doc = load_and_validate("org.yaml", VALID_ORG.encode("utf-8"))
    assert doc.data["units"][1]["kpis"][0] == {
        "name": "转化率",
        "target": ">= 3%",
        "period": "monthly",
    }


def test_x_keys_are_allowed_everywhere() -> None:
    text = VALID_ORG.replace("  stage: growth\n", "  stage: growth\n  x-crm: {vendor: 有赞}\n")
    text = text.replace("    lead: 王敏\n", "    lead: 王敏\n    x-hris-id: 10086\n")
    load_and_validate("org.yaml", ("x-owner: hr\n" + text).encode("utf-8"))


@pytest.mark.parametrize(
    ("name", "line", "column", "path", "word"),
    [
        ("schema-unknown-key.yaml", 10, 5, "units[1].reports_to", "did you mean `parent`"),
        ("schema-wrong-type.yaml", 11, 16, "units[1].headcount", "whole number"),
        ("bad-revenue.yaml", 5, 12, "company.revenue", "1.2亿"),
        ("bad-function-id.yaml", 11, 17, "units[1].functions[0]", "`customer_service`"),
    ],
)
def test_bad_sample(name: str, line: int, column: int, path: str, word: str) -> None:
    (error,) = sample_errors(name)
    assert (error.file, error.line, error.column, error.path) == (name, line, column, path)
    assert word in error.message.en
    assert_bilingual(error)


def _org_with(unit_lines: str, company: str = "  name: 星河优选\n") -> bytes:
    return ("orglint: 1\ncompany:\n" + company + "units:\n" + unit_lines).encode("utf-8")


ROOT_UNIT = "  - id: director\n    name: 电商总监\n"


@pytest.mark.parametrize(
    ("raw", "line", "column", "words"),
    [
        (b"orglint: 2\ncompany: {name: x}\nunits: [{id: a, name: b}]\n", 1, 10, ["must be 1"]),
        (b"company: {name: x}\nunits: [{id: a, name: b}]\n", 1, 1, ["`orglint`", "missing"]),
        (_org_with("  - {id: a}\n"), 5, 5, ["`name`", "unit a"]),
        (_org_with("  - id: Ops\n    name: 运营\n"), 5, 9, ["lowercase"]),
        (_org_with("  - id: a\n    name: '  '\n"), 6, 11, ["empty"]),
        (_org_with("  - id: a\n    name: x\n    lead:\n"), 7, 10, ["no value"]),
        (_org_with("  - id: a\n    name: x\n    kind: dept\n"), 7, 11, ["department", "group"]),
        (_org_with("  - id: a\n    name: x\n    headcount: -1\n"), 7, 16, ["at least 0"]),
        (_org_with("  - id: a\n    name: x\n    dotted_to: [b, b]\n"), 7, 16, ["`b`", "once"]),
        (
            _org_with(
                "  - id: a\n    name: x\n    responsibilities: []\n    kpis: [{target: 3}]\n"
            ),
            8,
            12,
            ["`name`"],
        ),
        (
            _org_with("  - id: a\n    name: x\n    roles: [{title: 客服, count: 0}]\n"),
            7,
            32,
            ["at least 1"],
        ),
        (
            _org_with("  - id: a\n    name: x\n    scope: {brand: x, city: 杭州}\n"),
            7,
            23,
            ["unknown key `city`", "region"],
        ),
        (
            _org_with("  - id: a\n    name: x\n    outsourced: yes please\n"),
            7,
            17,
            ["true or false"],
        ),
        (b"orglint: 1\ncompany: {name: x}\nunits: []\n", 3, 8, ["at least 1 item"]),
        (_org_with(ROOT_UNIT, "  name: x\n  revenue: 0\n"), 4, 12, ["1.2亿"]),
        (_org_with(ROOT_UNIT, "  name: x\n  revenue: '0'\n"), 4, 12, ["1.2亿"]),
        (_org_with(ROOT_UNIT, "  name: x\n  revenue: .inf\n"), 4, 12, ["1.2亿"]),
        (_org_with(ROOT_UNIT, "  name: x\n  revenue: true\n"), 4, 12, ["a number or text"]),
        (_org_with(ROOT_UNIT, "  name: x\n  stage: early\n"), 4, 10, ["startup", "mature"]),
        (_org_with(ROOT_UNIT, "  nmae: x\n"), 3, 3, ["`nmae`", "did you mean `name`"]),
        (_org_with(ROOT_UNIT, "  x-id: 1\n"), 3, 3, ["`name`", "missing"]),
    ],
)
def test_schema_errors(raw: bytes, line: int, column: int, words: list[str]) -> None:
    errors = input_errors(raw)
    error = errors[0]
    assert (error.line, error.column) == (line, column), [e.render("en") for e in errors]
    for word in words:
        assert word in error.message.en
    assert_bilingual(error)


def test_unknown_key_points_at_the_key() -> None:
    doc = load_document("org.yaml", _org_with("  - id: a\n    name: x\n    reports_to: b\n"))
    (error,) = input_errors(_org_with("  - id: a\n    name: x\n    reports_to: b\n"))
    mark = doc.marks[("units", 0, "reports_to", KEY)]
    assert (error.line, error.column) == (mark.line, mark.column)


def test_all_errors_are_collected_sorted_and_capped() -> None:
    units = "".join(f"  - id: u{i}\n    name: 单元{i}\n    headcount: many\n" for i in range(80))
    errors = input_errors(_org_with(units))
    assert len(errors) == schema_module.MAX_ERRORS + 1
    lines = [e.line for e in errors[:-1]]
    assert lines == sorted(lines)
    assert "30 more errors" in errors[-1].message.en


def test_schema_errors_come_before_reference_checks() -> None:
    # A wrong type and a dangling parent: only the schema error is reported (references need
    # well-formed units).
    unit = "  - id: a\n    name: x\n    parent: nobody\n    headcount: x\n"
    errors = input_errors(_org_with(unit))
    assert [e.path for e in errors] == ["units[0].headcount"]


def test_patterns_with_own_messages_are_the_schema_ones() -> None:
    assert SCHEMA["$defs"]["unit_id"]["pattern"] == ID_PATTERN
    assert SCHEMA["$defs"]["unit"]["properties"]["name"]["pattern"] == NONBLANK_PATTERN
