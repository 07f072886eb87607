"""The rule language's condition AST, read from schema-valid rule data, and its parameter binding.

`when` is a conjunction of patterns. A positive pattern binds one fact to an alias; a negated one
(`not:`) holds when no fact matches it. `where` is a conjunction of tests and `any` disjunctions;
`join` is equality with a field of an earlier alias, the only cross-fact comparison there is.
`bind` substitutes parameters and simplifies, so both engines evaluate exactly the same thing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from dataclasses import field as dc_field
from typing import Any, Literal

from orglint.ruleyaml import YamlPath

Scalar = str | int | float | bool
ORDER_OPS = ("lt", "lte", "gt", "gte")
LIST_OPS = ("in", "not_in")
OPERATORS = ("eq", "ne", *ORDER_OPS, *LIST_OPS)
PARAM_RE = re.compile(r"\$([a-z_][a-z0-9_]*)")
JOIN_RE = re.compile(r"([a-z][a-z0-9_]*)\.([a-z_][a-z0-9_]*)")


@dataclass(frozen=True)
class ParamRef:
    name: str


Operand = Scalar | tuple[Scalar, ...] | ParamRef


@dataclass(frozen=True)
class Test:
    """`field <op> value`; `value` is a tuple for in/not_in once parameters are bound."""

    field: str
    op: str
    value: Operand
    path: YamlPath = dc_field(default=(), compare=False)


@dataclass(frozen=True)
class Condition:
    """All terms must hold; an empty condition always holds."""

    terms: tuple[Test | AnyOf, ...]


@dataclass(frozen=True)
class AnyOf:
    """At least one branch must hold."""

    branches: tuple[Condition, ...]
    path: YamlPath = dc_field(default=(), compare=False)


@dataclass(frozen=True)
class Join:
    """`field == alias.other`, where `alias` is an earlier positive pattern."""

    field: str
    alias: str
    other: str
    path: YamlPath = dc_field(default=(), compare=False)


@dataclass(frozen=True)
class Pattern:
    fact: str
    alias: str | None  # None for a negated pattern
    where: Condition
    joins: tuple[Join, ...] = ()
    path: YamlPath = dc_field(default=(), compare=False)

    @property
    def negated(self) -> bool:
        return self.alias is None


def parse_when(when: Sequence[Mapping[str, Any]], path: YamlPath) -> tuple[Pattern, ...]:
    return tuple(_pattern(item, (*path, i)) for i, item in enumerate(when))


def _pattern(item: Mapping[str, Any], path: YamlPath) -> Pattern:
    alias = item.get("as")
    if "not" in item:
        item, path = item["not"], (*path, "not")
    joins = tuple(
        _join(name, text, (*path, "join", name)) for name, text in (item.get("join") or {}).items()
    )
    where = parse_condition(item.get("where") or {}, (*path, "where"))
    return Pattern(item["fact"], alias, where, joins, path)


def _join(name: str, text: str, path: YamlPath) -> Join:
    match = JOIN_RE.fullmatch(text)
    alias, other = match.groups() if match else ("", "")
    return Join(name, alias, other, path)


def parse_condition(where: Mapping[str, Any], path: YamlPath) -> Condition:
    terms: list[Test | AnyOf] = []
    for name, value in where.items():
        if name == "any":
            branches = tuple(parse_condition(b, (*path, "any", i)) for i, b in enumerate(value))
            terms.append(AnyOf(branches, (*path, "any")))
        elif isinstance(value, Mapping):
            terms += [Test(name, op, operand(v), (*path, name, op)) for op, v in value.items()]
        else:
            terms.append(Test(name, "eq", operand(value), (*path, name)))
    return Condition(tuple(terms))


def operand(value: Any) -> Operand:
    if isinstance(value, str) and PARAM_RE.fullmatch(value):
        return ParamRef(value[1:])
    if isinstance(value, list):
        return tuple(value)
    return value  # type: ignore[no-any-return]


def walk_tests(cond: Condition) -> list[Test]:
    """Every test in `cond`, including those inside `any` branches."""
    found: list[Test] = []
    for term in cond.terms:
        if isinstance(term, Test):
            found.append(term)
        else:
            for branch in term.branches:
                found += walk_tests(branch)
    return found


# -- binding parameters --------------------------------------------------------------------


def bind(patterns: Sequence[Pattern], params: Mapping[str, object]) -> tuple[Pattern, ...] | None:
    """Substitute parameters and simplify; None when the rule can never match.

    `in []` is false and `not_in []` is true (dropped); a negated pattern that can never match is
    dropped; an `any` with an always-true branch is dropped. Lists are de-duplicated in order.
    """
    bound: list[Pattern] = []
    for pattern in patterns:
        where = _bind_condition(pattern.where, params)
        if where is None and not pattern.negated:
            return None
        if where is not None:
            bound.append(Pattern(pattern.fact, pattern.alias, where, pattern.joins, pattern.path))
    return tuple(bound)


def _bind_condition(cond: Condition, params: Mapping[str, object]) -> Condition | None:
    terms: list[Test | AnyOf] = []
    for term in cond.terms:
        bound = _bind_test(term, params) if isinstance(term, Test) else _bind_any(term, params)
        if bound is None:
            return None
        if bound is not True:
            terms.append(bound)
    return Condition(tuple(terms))


def _bind_test(test: Test, params: Mapping[str, object]) -> Test | Literal[True] | None:
    value = params[test.value.name] if isinstance(test.value, ParamRef) else test.value
    if test.op in LIST_OPS and isinstance(value, (list, tuple)):
        items = tuple(dict.fromkeys(_typed_key(v) for v in value))
        if not items:
            return None if test.op == "in" else True
        value = tuple(v for _, v in items)
    return Test(test.field, test.op, value, test.path)  # type: ignore[arg-type]


def _typed_key(value: Scalar) -> tuple[type, Scalar]:
    # 1, 1.0 and True are equal in Python but distinct list items to the user: keep them all.
    return type(value), value


def _bind_any(term: AnyOf, params: Mapping[str, object]) -> AnyOf | Literal[True] | None:
    branches = [b for b in (_bind_condition(c, params) for c in term.branches) if b is not None]
    if not branches:
        return None
    if any(not b.terms for b in branches):
        return True
    return AnyOf(tuple(branches), term.path)


def width(cond: Condition) -> int:
    """How many alternatives `cond` expands to in disjunctive normal form (durable-rules does)."""
    total = 1
    for term in cond.terms:
        if isinstance(term, AnyOf):
            total *= sum(width(b) for b in term.branches)
        elif term.op == "in" and isinstance(term.value, tuple):
            total *= len(term.value)
    return total
