"""Validate rule-file data against schemas/rule.schema.json, as (path, en, zh) problems.

The shipped rule files are read on every run. A fastjsonschema check compiled from the same
schema (orglint/schemafast.py) says "valid" for them in milliseconds; only a file it does not
pass brings in jsonschema (~0.1 s to import, ~0.07 s to validate the catalogue), which checks the
schema itself and then finds and words every problem, as it always did.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache
from typing import TYPE_CHECKING, Any

from orglint.resources import schema_path
from orglint.rulecheck import Problem
from orglint.ruleyaml import KEY, YamlPath
from orglint.schemafast import SchemaCheck

if TYPE_CHECKING:
    from jsonschema import ValidationError

_JOIN_HELP_EN = (
    "join values must be alias.field, meaning this field equals that field of an "
    "earlier pattern; joins are equality only (durable-rules joins safely only on "
    "equality, notes §3.8), so compare with a literal in where instead"
)
_JOIN_HELP_ZH = "join 的值必须是 别名.字段,表示与前面模式的该字段相等;连接只支持相等比较"


@cache
def rule_schema() -> dict[str, Any]:
    """schemas/rule.schema.json, parsed once; callers must not change it."""
    schema: dict[str, Any] = json.loads(schema_path("rule.schema.json").read_text("utf-8"))
    return schema


CHECK = SchemaCheck(rule_schema, check_schema=True)


def schema_problems(data: Any) -> list[Problem]:
    """Every schema violation in one rule file's data, innermost message first."""
    errors = sorted(CHECK.errors(data), key=lambda e: list(map(str, e.absolute_path)))
    return [_problem(e) for e in errors]


def _problem(error: ValidationError) -> Problem:
    path: YamlPath = tuple(error.absolute_path)
    if "join" in path[:-1] and len(path) >= 2 and path[-2] == "join":
        return Problem(
            path,
            f"{_short(error.instance)}: {_JOIN_HELP_EN}",
            f"{_short(error.instance)}:{_JOIN_HELP_ZH}",
        )
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        extra = next(_unexpected(error, error.instance), None)
        if extra is not None:
            return Problem(
                (*path, extra, KEY),
                f"unknown key {extra!r}; allowed: {', '.join(_allowed(error))}",
                f"未知的键 {extra!r}",
            )
    from jsonschema.exceptions import best_match  # loaded with the validator already

    context = error.context if isinstance(error.context, list) else []
    deepest = best_match(context) if context else error
    return Problem(path, deepest.message, f"不符合规则文件格式:{deepest.message}")


def _unexpected(error: ValidationError, instance: dict[str, Any]) -> Iterator[str]:
    allowed = set(_allowed(error))
    return (key for key in instance if key not in allowed)


def _allowed(error: ValidationError) -> list[str]:
    schema = error.schema if isinstance(error.schema, dict) else {}
    return list(schema.get("properties", {}))


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
