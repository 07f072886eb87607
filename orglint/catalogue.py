"""Every rule orglint knows: the engine's rules (rules/lint/) and the suppression rules
(rules/meta/), which Python produces after suppressions are matched (orglint/suppress.py).

Everything that names a rule — select, ignore, suppressions, explain, severity and parameter
overrides, baselines — looks it up here, by code or kebab name.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from orglint.errors import InputErrors, Text
from orglint.frozenmap import FrozenMap, freeze
from orglint.resources import rules_dir
from orglint.rulebook import Rule, Rulebook, load_rulebook
from orglint.ruleschema import rule_schema
from orglint.ruleyaml import RuleYamlError, load_with_marks, locate, yaml_path
from orglint.schemafast import SchemaCheck

if TYPE_CHECKING:
    from jsonschema import ValidationError

META_PRINCIPLE = "suppression"


@dataclass(frozen=True)
class Catalogue:
    engine: Rulebook  # evaluated by the rules engine
    meta: tuple[Rule, ...]  # produced by Python (suppressions); never given to the engine

    @property
    def rules(self) -> tuple[Rule, ...]:
        return (*self.engine.rules, *self.meta)

    def find(self, code_or_name: str) -> Rule | None:
        return next((r for r in self.rules if code_or_name in (r.code, r.name)), None)

    def get(self, code_or_name: str) -> Rule:
        rule = self.find(code_or_name)
        if rule is None:
            raise KeyError(f"no rule with code or name {code_or_name!r}")
        return rule

    @property
    def principles(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(r.principle for r in self.rules))


def load_catalogue(overrides: Mapping[str, Mapping[str, object]] | None = None) -> Catalogue:
    """The catalogue with parameter overrides applied; raises InputErrors like load_rulebook."""
    return _cached(freeze(dict(overrides or {})))


@cache
def _cached(overrides: Any) -> Catalogue:
    plain = {code: dict(params) for code, params in overrides.items()}
    return Catalogue(load_rulebook(overrides=plain), meta_rules())


def meta_rule_paths() -> list[Path]:
    return sorted((rules_dir() / "meta").glob("*.yaml"))


@cache
def meta_rules() -> tuple[Rule, ...]:
    return tuple(rule for path in meta_rule_paths() for rule in _load_meta(path))


def _load_meta(path: Path) -> list[Rule]:
    try:
        data, marks = load_with_marks(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, RuleYamlError) as err:
        raise InputErrors.single(str(path), 1, 1, f"无法读取规则文件:{err}", str(err)) from None
    errors = _meta_errors(data)
    if errors:
        where = tuple(errors[0].absolute_path)
        line, column = locate(marks, where)
        message = f"{errors[0].message} (at {yaml_path(where)})"
        raise InputErrors.single(str(path), line, column, message, message)
    return [
        _meta_rule(item, path, locate(marks, ("rules", i))[0])
        for i, item in enumerate(data["rules"])
    ]


def _meta_rule(item: Mapping[str, Any], path: Path, line: int) -> Rule:
    return Rule(
        code=item["code"],
        name=item["name"],
        principle=item["principle"],
        severity=item["severity"],
        params=FrozenMap({}),
        patterns=(),
        subject="s",
        message=_text(item["message"]),
        fix=_text(item["fix"]),
        action=None,
        source=FrozenMap({k: str(v) for k, v in item["source"].items()}),
        file=str(path),
        line=line,
    )


def _text(value: Mapping[str, str]) -> Text:
    return Text(zh=value["zh"], en=value["en"])


def _meta_errors(data: Any) -> list[ValidationError]:
    """jsonschema's errors, in path order; none without asking it when the quick check passes."""
    return sorted(META_CHECK.errors(data), key=lambda e: list(map(str, e.path)))


@cache
def _meta_schema() -> dict[str, Any]:
    """The lint-rule schema, minus what only the engine uses (when, subject, params, action)."""
    schema = copy.deepcopy(rule_schema())
    rule = schema["$defs"]["rule"]
    for key in ("when", "subject", "params", "action"):
        rule["properties"].pop(key, None)
    rule["required"] = [k for k in rule["required"] if k in rule["properties"]]
    rule["properties"]["principle"] = {"const": META_PRINCIPLE}
    return schema


META_CHECK = SchemaCheck(_meta_schema)
