"""A small pure-Python evaluator of the rule language: the cross-check of the durable-rules back
end in tests and the fallback where durable-rules cannot be installed (Python 3.13+).

Semantics match durable-rules as measured (tests/test_engine.py): a missing field fails every
test; numbers compare across int/float; one fact is never bound to two aliases of one match; joins
compare type and value (common.join_key); a negated pattern holds when no fact matches it.
"""

from __future__ import annotations

import operator
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from orglint.engine.common import Fact, RawMatch, join_key
from orglint.rulebook import Rule
from orglint.rulelang import AnyOf, Condition, Pattern, Test

Predicate = Callable[[Fact], bool]
Partial = tuple[int, ...]  # indices of the facts bound so far, in alias order

_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "eq": operator.eq,
    "ne": operator.ne,
    "lt": operator.lt,
    "lte": operator.le,
    "gt": operator.gt,
    "gte": operator.ge,
    "in": lambda value, values: value in values,
    "not_in": lambda value, values: value not in values,
}


def run(rules: Sequence[Rule], facts: Sequence[Fact]) -> Iterator[RawMatch]:
    by_type: dict[object, list[int]] = defaultdict(list)
    for i, fact in enumerate(facts):
        by_type[fact.get("type")].append(i)
    for rule in rules:
        patterns = rule.bound()
        if patterns is not None:
            for partial in _matches(patterns, facts, by_type):
                yield rule.code, partial


def _matches(
    patterns: tuple[Pattern, ...], facts: Sequence[Fact], by_type: dict[object, list[int]]
) -> list[Partial]:
    partials: list[Partial] = [()]
    positions: dict[str, int] = {}  # alias -> its index within a partial
    for pattern in patterns:
        keep = predicate(pattern.where)
        candidates = [i for i in by_type.get(pattern.fact, ()) if keep(facts[i])]
        partials = _extend(pattern, candidates, partials, positions, facts)
        if pattern.alias is not None:
            positions[pattern.alias] = len(positions)
        if not partials:
            break
    return partials


def _extend(
    pattern: Pattern,
    candidates: list[int],
    partials: list[Partial],
    positions: dict[str, int],
    facts: Sequence[Fact],
) -> list[Partial]:
    if not pattern.joins:
        if pattern.negated:
            return [] if candidates else partials
        return [(*p, i) for p in partials for i in candidates if i not in p]
    index: dict[tuple[object, ...], list[int]] = defaultdict(list)
    for i in candidates:
        key = tuple(join_key(facts[i].get(j.field)) for j in pattern.joins)
        if None not in key:
            index[key].append(i)
    extended: list[Partial] = []
    for p in partials:
        key = tuple(join_key(facts[p[positions[j.alias]]].get(j.other)) for j in pattern.joins)
        found = index.get(key, ()) if None not in key else ()
        if pattern.negated:
            extended += [] if found else [p]
        else:
            extended += [(*p, i) for i in found if i not in p]
    return extended


def predicate(cond: Condition) -> Predicate:
    checks = [_test(t) if isinstance(t, Test) else _any(t) for t in cond.terms]
    if len(checks) == 1:
        return checks[0]
    return lambda fact: all(check(fact) for check in checks)


def _any(term: AnyOf) -> Predicate:
    branches = [predicate(b) for b in term.branches]
    return lambda fact: any(branch(fact) for branch in branches)


def _test(test: Test) -> Predicate:
    name, value, compare = test.field, test.value, _COMPARE[test.op]

    def check(fact: Fact) -> bool:
        actual = fact.get(name)
        return actual is not None and compare(actual, value)

    return check
