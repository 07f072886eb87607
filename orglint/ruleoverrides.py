"""User overrides of rule parameters: {code or name: {param: value}}, checked against defaults."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from orglint.errors import InputError, Text

if TYPE_CHECKING:
    from orglint.rulebook import Rule

Overrides = Mapping[str, Mapping[str, object]]
OVERRIDES_FILE = "<overrides>"  # overrides come from config; its loader reports their positions


def _frozen(value: object) -> object:
    return tuple(value) if isinstance(value, list) else value


def _kind(value: object) -> str:
    if isinstance(value, (list, tuple)):
        return "list"
    if isinstance(value, bool):
        return "boolean"
    return "number" if isinstance(value, (int, float)) else type(value).__name__


def _for_rule(item: Mapping[str, Any], overrides: Overrides) -> dict[str, object]:
    found: dict[str, object] = {}
    for key in (item.get("name"), item.get("code")):  # the code wins when both are given
        found.update(overrides.get(key, {}) if isinstance(key, str) else {})
    return found


def merge_params(item: Mapping[str, Any], overrides: Overrides) -> dict[str, object]:
    """Defaults of a rule's parameters, replaced by overrides of the same kind (list/number/...)."""
    params = {name: _frozen(spec["default"]) for name, spec in (item.get("params") or {}).items()}
    for name, value in _for_rule(item, overrides).items():
        if name in params and _kind(value) == _kind(params[name]):
            params[name] = _frozen(value)
    return params


def override_problems(rules: list[Rule], overrides: Overrides) -> Iterator[InputError]:
    known = {r.code: r for r in rules} | {r.name: r for r in rules}
    for key, values in overrides.items():
        rule = known.get(key)
        if rule is None:
            yield _error(f"no rule with code or name {key!r}", f"没有代码或名称为 {key!r} 的规则")
            continue
        for name, value in values.items():
            yield from _param_problem(rule, name, value)


def _param_problem(rule: Rule, name: str, value: object) -> Iterator[InputError]:
    if name not in rule.params:
        known = ", ".join(rule.params) or "none"
        yield _error(
            f"rule {rule.code} has no parameter {name!r} (parameters: {known})",
            f"规则 {rule.code} 没有参数 {name!r}(参数:{known})",
        )
    elif _kind(value) != _kind(rule.params[name]):
        yield _error(
            f"rule {rule.code}: parameter {name!r} needs a {_kind(rule.params[name])}, "
            f"got {value!r}",
            f"规则 {rule.code}:参数 {name!r} 需要 {_kind(rule.params[name])},而不是 {value!r}",
        )


def _error(en: str, zh: str) -> InputError:
    return InputError(OVERRIDES_FILE, 1, 1, Text(zh=zh, en=en))
