"""Is a config source usable? schemas/config.schema.json first, then what a schema cannot know:
rule codes and names, principles, parameter names and kinds. Every problem names the file, the
key (file:line:col) and what is allowed.

Every run reads at least the `recommended` preset, so the schema check goes through the
fastjsonschema quick check (orglint/schemafast.py) first; jsonschema, ~0.1 s to import, is only
brought in to find and word the problems of a config that does not pass it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache
from typing import TYPE_CHECKING, Any

from orglint.catalogue import Catalogue
from orglint.configfile import ConfigPath, ConfigSource
from orglint.errors import InputError, InputErrors
from orglint.resources import schema_path
from orglint.rulebook import Rule
from orglint.schemafast import SchemaCheck
from orglint.selection import ALL, SELECTOR_KEYS

if TYPE_CHECKING:
    from jsonschema import ValidationError

_TYPE_WORDS = {"array": "a list", "object": "a mapping", "string": "text", "integer": "a number"}


@cache
def _schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(schema_path("config.schema.json").read_text("utf-8"))
    return schema


CHECK = SchemaCheck(_schema)


def check_config(source: ConfigSource, catalogue: Catalogue) -> None:
    """Raise InputErrors listing every problem in `source`, in file order."""
    errors = [_schema_error(source, e) for e in CHECK.errors(source.data)]
    if not errors:
        errors = list(_semantic_errors(source, catalogue))
    if errors:
        raise InputErrors(sorted(errors, key=lambda e: (e.line, e.column, e.message.en)))


def _dotted(path: ConfigPath) -> str:
    return ".".join(str(p) for p in path) or "(top level)"


def _allowed_keys(error: ValidationError) -> list[str]:
    return sorted(error.schema.get("properties", {})) if isinstance(error.schema, dict) else []


def _schema_error(source: ConfigSource, error: ValidationError) -> InputError:
    path: ConfigPath = tuple(error.absolute_path)
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        allowed = _allowed_keys(error)
        extra = next((k for k in error.instance if k not in allowed), "?")
        hint = _did_you_mean(extra, allowed)
        return source.error(
            (*path, extra),
            f"未知的键 {extra!r}{hint}(允许:{', '.join(allowed)})",
            f"unknown key {extra!r} in {_dotted(path)}{hint} (allowed: {', '.join(allowed)})",
            key=True,
        )
    return source.error(path, *_value_problem(path, error))


def _value_problem(path: ConfigPath, error: ValidationError) -> tuple[str, str]:
    got = json.dumps(error.instance, ensure_ascii=False, default=str)[:60]
    if error.validator == "enum":
        allowed = ", ".join(map(str, _schema_value(error)))
        return (
            f"{_dotted(path)} 只能是 {allowed},而不是 {got}",
            f"{_dotted(path)} must be one of {allowed}, not {got}",
        )
    if error.validator == "type":
        word = _TYPE_WORDS.get(str(error.validator_value), str(error.validator_value))
        return (
            f"{_dotted(path)} 必须是 {word},而不是 {got}",
            f"{_dotted(path)} must be {word}, not {got}",
        )
    if error.validator == "minLength":
        return f"{_dotted(path)} 不能为空", f"{_dotted(path)} must not be empty"
    return f"{_dotted(path)}:{error.message}", f"{_dotted(path)}: {error.message}"


def _schema_value(error: ValidationError) -> Any:
    """The keyword's value in the schema (typed `Any | Unset` by jsonschema; always set here)."""
    return error.validator_value


def _did_you_mean(word: str, choices: list[str]) -> str:
    import difflib  # only for a broken config: not worth its import on every run

    found = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f"; did you mean {found[0]!r}?" if found else ""


def _semantic_errors(source: ConfigSource, catalogue: Catalogue) -> Iterator[InputError]:
    data = source.data
    for key in SELECTOR_KEYS:
        for i, selector in enumerate(data.get(key, [])):
            yield from _selector_error(source, (key, i), selector, catalogue)
    for pattern, selectors in data.get("per-file-ignores", {}).items():
        for i, selector in enumerate(selectors):
            yield from _selector_error(
                source, ("per-file-ignores", pattern, i), selector, catalogue
            )
    yield from _rules_errors(source, data.get("rules", {}), catalogue)


def _selector_error(
    source: ConfigSource, path: ConfigPath, selector: str, catalogue: Catalogue
) -> Iterator[InputError]:
    if selector == ALL or selector in catalogue.principles or catalogue.find(selector):
        return
    choices = [r.code for r in catalogue.rules] + [r.name for r in catalogue.rules]
    hint = _did_you_mean(selector, [*choices, *catalogue.principles])
    principles = ", ".join(catalogue.principles)
    yield source.error(
        path,
        f"没有名为 {selector!r} 的规则或原则{hint};可用:规则代码(如 CLR-04)、规则名"
        f"(如 function-overlap)、原则({principles})或 ALL",
        f"no rule or principle {selector!r}{hint}; allowed: a rule code (e.g. CLR-04), a rule "
        f"name (e.g. function-overlap), a principle ({principles}) or ALL",
    )


def _rules_errors(
    source: ConfigSource, rules: dict[str, Any], catalogue: Catalogue
) -> Iterator[InputError]:
    seen: dict[str, str] = {}
    for key, settings in rules.items():
        rule = catalogue.find(key)
        if rule is None:
            hint = _did_you_mean(
                key, [r.code for r in catalogue.rules] + [r.name for r in catalogue.rules]
            )
            yield source.error(
                ("rules", key),
                f"没有代码或名称为 {key!r} 的规则{hint}(`orglint rules` 列出全部规则)",
                f"no rule with code or name {key!r}{hint} (`orglint rules` lists them all)",
                key=True,
            )
            continue
        if rule.code in seen:
            yield source.error(
                ("rules", key),
                f"{key!r} 与 {seen[rule.code]!r} 是同一条规则 {rule.code};只写一次",
                f"{key!r} and {seen[rule.code]!r} are the same rule {rule.code}; set it once",
                key=True,
            )
        seen.setdefault(rule.code, key)
        for name, value in settings.get("params", {}).items():
            yield from _param_error(source, ("rules", key, "params", name), rule, name, value)


def kind_of(value: object) -> str:
    """The kinds a parameter can have: number, text, boolean, list."""
    if isinstance(value, (list, tuple)):
        return "list"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    return "text" if isinstance(value, str) else type(value).__name__


def _param_error(
    source: ConfigSource, path: ConfigPath, rule: Rule, name: str, value: object
) -> Iterator[InputError]:
    if name not in rule.params:
        known = ", ".join(rule.params) or "none"
        hint = _did_you_mean(name, list(rule.params))
        yield source.error(
            path,
            f"规则 {rule.code} 没有参数 {name!r}{hint}(参数:{known})",
            f"rule {rule.code} ({rule.name}) has no parameter {name!r}{hint} (parameters: {known})",
            key=True,
        )
        return
    default = rule.params[name]
    if kind_of(value) != kind_of(default) or not _items_fit(value, default):
        want = _kind_text(default)
        got = json.dumps(value, ensure_ascii=False, default=str)[:60]
        yield source.error(
            path,
            f"规则 {rule.code} 的参数 {name} 需要{want}(默认 {_show(default)}),而不是 {got}",
            f"rule {rule.code} parameter {name} needs {want} (default {_show(default)}), not {got}",
        )


def _items_fit(value: object, default: object) -> bool:
    if not isinstance(value, list) or not isinstance(default, (list, tuple)) or not default:
        return True
    kinds = {kind_of(item) for item in default}
    return all(kind_of(item) in kinds and not isinstance(item, list) for item in value)


def _kind_text(default: object) -> str:
    if isinstance(default, (list, tuple)) and default:
        return f"a list of {kind_of(default[0])}"
    return "a " + kind_of(default) if kind_of(default) != "text" else "text"


def _show(value: object) -> str:
    plain = list(value) if isinstance(value, tuple) else value
    return json.dumps(plain, ensure_ascii=False)
