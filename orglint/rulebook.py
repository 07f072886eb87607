"""Load lint rules from YAML (rules/lint/*.yaml) into frozen `Rule`s, or say exactly what is wrong.

Each file is checked against schemas/rule.schema.json, then semantically (orglint/rulecheck.py);
every problem becomes an InputError naming the file, line:column and the rule's code.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from orglint.errors import InputError, InputErrors, Text
from orglint.frozenmap import FrozenMap, freeze
from orglint.resources import rules_dir
from orglint.rulecheck import Problem, check_rule
from orglint.rulelang import Pattern, bind, parse_when
from orglint.ruleoverrides import Overrides, merge_params, override_problems
from orglint.ruleschema import schema_problems
from orglint.ruletext import render
from orglint.ruleyaml import KEY, Marks, RuleYamlError, YamlPath, load_with_marks, locate, yaml_path

__all__ = ["Rule", "Rulebook", "load_rulebook", "render"]


@dataclass(frozen=True)
class Rule:
    """One checked rule; `patterns` keep `$param` references, `bound()` substitutes them."""

    code: str
    name: str
    principle: str
    severity: str
    params: Mapping[str, object]  # defaults merged with overrides
    patterns: tuple[Pattern, ...]
    subject: str
    message: Text
    fix: Text
    action: Mapping[str, object] | None
    source: Mapping[str, str]
    file: str
    line: int = 1
    param_docs: Mapping[str, Text] = field(default_factory=FrozenMap)

    @property
    def aliases(self) -> tuple[str, ...]:
        """Aliases of the positive patterns, in order: the keys of a match's bindings."""
        return tuple(p.alias for p in self.patterns if p.alias is not None)

    def bound(self) -> tuple[Pattern, ...] | None:
        """Patterns with parameters substituted (rulelang.bind); None if it can never match."""
        return bind(self.patterns, self.params)


@dataclass(frozen=True)
class Rulebook:
    """Every loaded rule, in file order; `get` accepts a code or a name."""

    rules: tuple[Rule, ...]
    _index: Mapping[str, Rule] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        index = {r.code: r for r in self.rules} | {r.name: r for r in self.rules}
        object.__setattr__(self, "_index", MappingProxyType(index))

    def get(self, code_or_name: str) -> Rule:
        try:
            return self._index[code_or_name]
        except KeyError:
            raise KeyError(f"no rule with code or name {code_or_name!r}") from None


_Loaded = tuple[Rule, Marks]  # a rule and the positions of its code and name


def default_rule_paths() -> list[Path]:
    return sorted((rules_dir() / "lint").glob("*.yaml"))


def load_rulebook(
    paths: Sequence[Path] | None = None, overrides: Mapping[str, Mapping[str, object]] | None = None
) -> Rulebook:
    """Load and check every rule file; raise InputErrors listing every problem found."""
    overrides = overrides or {}
    loaded: list[_Loaded] = []
    errors: list[InputError] = []
    for path in default_rule_paths() if paths is None else paths:
        try:
            loaded += _load_file(Path(path), overrides)
        except InputErrors as err:
            errors += err.errors
    errors += _duplicates(loaded)
    rules = [rule for rule, _ in loaded]
    if not errors:
        errors += override_problems(rules, overrides)
    if errors:
        raise InputErrors(sorted(errors, key=lambda e: (e.file, e.line, e.column)))
    return Rulebook(tuple(rules))


def _load_file(path: Path, overrides: Overrides) -> list[_Loaded]:
    data, marks = _read(path)
    problems = schema_problems(data)
    broken = {p.path[1] for p in problems if len(p.path) > 1 and p.path[0] == "rules"}
    items = data.get("rules", []) if isinstance(data, dict) else []
    rules: list[_Loaded] = []
    for i, item in enumerate(items):
        if i in broken or not isinstance(item, dict):
            continue
        rule, found = _build_rule(item, ("rules", i), path, marks, overrides)
        problems += found
        if rule is not None:
            rules.append((rule, {(k,): locate(marks, ("rules", i, k)) for k in ("code", "name")}))
    if problems:
        raise InputErrors(_located(path, data, marks, problems))
    return rules


def _read(path: Path) -> tuple[Any, Marks]:
    try:
        return load_with_marks(path.read_text(encoding="utf-8"))
    except RuleYamlError as err:
        raise InputErrors.single(
            str(path), err.line, err.column, f"YAML 语法错误:{err}", f"invalid YAML: {err}"
        ) from err
    except (OSError, UnicodeDecodeError) as err:
        raise InputErrors.single(
            str(path), 1, 1, f"无法读取规则文件:{err}", f"cannot read rule file: {err}"
        ) from err


def _build_rule(
    item: Mapping[str, Any], path: YamlPath, file: Path, marks: Marks, overrides: Overrides
) -> tuple[Rule | None, list[Problem]]:
    params = merge_params(item, overrides)
    patterns = parse_when(item["when"], (*path, "when"))
    problems = check_rule(item, patterns, params, path)
    if problems:
        return None, problems
    declared = item.get("params") or {}
    return Rule(
        code=item["code"],
        name=item["name"],
        principle=item["principle"],
        severity=item["severity"],
        params=FrozenMap(params),
        patterns=patterns,
        subject=item["subject"],
        message=_text(item["message"]),
        fix=_text(item["fix"]),
        action=_frozen(item["action"]) if "action" in item else None,
        source=_frozen(item["source"]),
        file=str(file),
        line=locate(marks, path)[0],
        param_docs=FrozenMap({k: _text(v["description"]) for k, v in declared.items()}),
    ), []


def _frozen(value: Mapping[str, Any]) -> FrozenMap[Any]:
    return FrozenMap({k: freeze(v) for k, v in value.items()})


def _text(value: Mapping[str, str]) -> Text:
    return Text(zh=value["zh"], en=value["en"])


def _located(file: Path, data: Any, marks: Marks, problems: list[Problem]) -> Iterator[InputError]:
    for problem in problems:
        line, column = _position(data, marks, problem.path)
        rule = _rule_label(data, problem.path)
        text = (
            Text(zh=f"规则 {rule}:{problem.zh}", en=f"rule {rule}: {problem.en}")
            if rule
            else Text(zh=problem.zh, en=problem.en)
        )
        yield InputError(str(file), line, column, text, yaml_path(problem.path))


def _position(data: Any, marks: Marks, path: YamlPath) -> tuple[int, int]:
    """Where to point: a block mapping or list starts a line below its key, so use the key."""
    node = data
    for part in path:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return locate(marks, path)
    key = (*path, KEY)
    return marks[key] if isinstance(node, dict | list) and key in marks else locate(marks, path)


def _rule_label(data: Any, path: YamlPath) -> str:
    """The code of the rule `path` lies in (or its position when it has none), else ""."""
    if len(path) < 2 or path[0] != "rules" or not isinstance(path[1], int):
        return ""
    item = data["rules"][path[1]]
    code = item.get("code") if isinstance(item, dict) else None
    return code if isinstance(code, str) else f"#{path[1] + 1}"


def _duplicates(loaded: list[_Loaded]) -> Iterator[InputError]:
    for attr in ("code", "name"):
        first: dict[str, Rule] = {}
        for rule, marks in loaded:
            value = getattr(rule, attr)
            if value in first:
                where = f"{first[value].file}:{first[value].line}"
                yield InputError(
                    rule.file,
                    *marks[(attr,)],
                    Text(
                        zh=f"规则 {rule.code}:{attr} {value!r} 重复(首次定义于 {where})",
                        en=f"rule {rule.code}: duplicate {attr} {value!r} (first at {where})",
                    ),
                )
            first.setdefault(value, rule)
