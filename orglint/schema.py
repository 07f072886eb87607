"""Validate a Document against schemas/org.schema.json; every problem located, in zh and en."""

from __future__ import annotations

import json
from functools import cache
from typing import TYPE_CHECKING, Any, Final

from orglint.errors import InputError, InputErrors
from orglint.resources import schema_path
from orglint.revenue import parse_revenue
from orglint.schemafast import SchemaCheck
from orglint.schemamessages import Said, describe, revenue_said, show
from orglint.yamlload import Document, YamlPath

if TYPE_CHECKING:
    pass

# Past this many, further errors are usually one mistake repeated (a wrong indent, a renamed
# key); the first screenful is what the user can act on.
MAX_ERRORS: Final = 50


@cache
def _inlined_schema() -> dict[str, Any]:
    schema = json.loads(schema_path("org.schema.json").read_text(encoding="utf-8"))
    defs = schema.pop("$defs", {})
    # Inlining the local `$defs` refs once saves a reference lookup per unit and KPI: a third of
    # the validation time on a 10k-unit org (docs/perf.md). The schema file keeps its $refs for
    # editors; validation is the same.
    inlined: dict[str, Any] = _inline_refs(schema, defs)
    return inlined


CHECK = SchemaCheck(_inlined_schema)


def _inline_refs(node: Any, defs: dict[str, Any]) -> Any:
    if isinstance(node, list):
        return [_inline_refs(item, defs) for item in node]
    if not isinstance(node, dict):
        return node
    ref = node.get("$ref", "")
    if not ref.startswith("#/$defs/"):
        return {key: _inline_refs(value, defs) for key, value in node.items()}
    siblings = {key: _inline_refs(value, defs) for key, value in node.items() if key != "$ref"}
    return {**_inline_refs(defs[ref.removeprefix("#/$defs/")], defs), **siblings}


def validate_schema(doc: Document) -> None:
    """Raise one InputErrors with every schema problem in `doc`, sorted by position."""
    said = [] if _surely_valid(doc) else _schema_said(doc.data)
    said += _revenue_value(doc, said)
    if said:
        raise InputErrors(capped(sorted((_locate(doc, s) for s in said), key=position)))


def _surely_valid(doc: Document) -> bool:
    """fastjsonschema's compiled check (schemafast.py): when it passes, jsonschema would find
    nothing; otherwise jsonschema finds and words every error. Even for a small org it is the
    cheaper way: compiling it costs ~25 ms, importing jsonschema ~100 ms."""
    return CHECK.surely_valid(doc.data)


def _schema_said(data: dict[str, Any]) -> list[Said]:
    # dict.fromkeys: jsonschema reports `required` once per missing key, describe() all at once.
    return list(dict.fromkeys(s for e in CHECK.validator().iter_errors(data) for s in describe(e)))


def _revenue_value(doc: Document, said: list[Said]) -> list[Said]:
    """A revenue the schema lets through can still be unusable: "0", `.inf`, "1e999" (→ inf)."""
    path: YamlPath = ("company", "revenue")
    company = doc.data.get("company")
    if not isinstance(company, dict) or "revenue" not in company:
        return []
    if any(where[:2] == path for where, _zh, _en in said):
        return []  # already reported by the schema
    try:
        parse_revenue(company["revenue"])
    except ValueError:
        return [revenue_said(path, show(company["revenue"]))]
    return []


def _locate(doc: Document, said: Said) -> InputError:
    path, zh, en = said
    subject_zh, subject_en = unit_subject(doc, path)
    return doc.error(path, subject_zh + zh, subject_en + en)


def unit_subject(doc: Document, path: YamlPath) -> tuple[str, str]:
    """`单元 ops:` / `unit ops: ` when the path is inside a unit that has a usable id."""
    if len(path) < 2 or path[0] != "units" or not isinstance(path[1], int):
        return "", ""
    units: Any = doc.data.get("units")
    unit = units[path[1]] if isinstance(units, list) and path[1] < len(units) else None
    unit_id = unit.get("id") if isinstance(unit, dict) else None
    if not isinstance(unit_id, str) or not unit_id:
        return "", ""
    return f"单元 {show(unit_id)}:", f"unit {show(unit_id)}: "


def position(error: InputError) -> tuple[int, int, str, str]:
    """Sort key: file order, then path and wording so the order is stable."""
    return error.line, error.column, error.path, error.message.en


def capped(errors: list[InputError]) -> list[InputError]:
    """The first MAX_ERRORS errors, plus one line saying how many were left out."""
    if len(errors) <= MAX_ERRORS:
        return errors
    rest, last = len(errors) - MAX_ERRORS, errors[MAX_ERRORS]
    note = InputErrors.single(
        last.file,
        last.line,
        last.column,
        f"另有 {rest} 个错误未列出;请先修正以上错误",
        f"{rest} more errors not shown; fix the ones above first",
    ).errors
    return [*errors[:MAX_ERRORS], *note]
