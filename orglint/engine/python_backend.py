"""A small pure-Python evaluator of the rule language: the cross-check of the durable-rules back
end in tests and the fallback where durable-rules cannot be installed (Python 3.13+).

Semantics match durable-rules as measured (tests/test_engine.py): a missing field fails every
test; numbers compare across int/float; one fact is never bound to two aliases of one match; joins
compare type and value (common.join_key); a negated pattern holds when no fact matches it.
"""

from __future__ import annotations

import operator
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
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
    bound = [(rule.code, patterns) for rule in rules if (patterns := rule.bound()) is not None]
    source = _Source(facts, _shared_equalities(p for _code, ps in bound for p in ps))
    for code, patterns in bound:
        for partial in _matches(patterns, source):
            yield code, partial


class _Source:
    """The facts by type and, for the fields `indexed` names, by the value of that field."""

    def __init__(self, facts: Sequence[Fact], indexed: set[tuple[str, str]]) -> None:
        self.facts = facts
        self.by_type: dict[object, list[int]] = defaultdict(list)
        for i, fact in enumerate(facts):
            self.by_type[fact.get("type")].append(i)
        self.indexed = indexed
        self.indexes: dict[tuple[str, str], dict[object, list[int]]] = {}

    def candidates(self, pattern: Pattern) -> list[int]:
        """Indices of the facts of the pattern's type that its condition accepts, ascending."""
        keep, facts = predicate(pattern.where), self.facts
        return [i for i in self._narrowed(pattern) if keep(facts[i])]

    def _narrowed(self, pattern: Pattern) -> Sequence[int]:
        """The facts a top-level `eq` or `in` test on an indexed field can accept: those holding
        (one of) its values, found by dict lookup, where equal values meet whatever their type
        (1, 1.0, True) as they do in the test itself. Only narrows: the whole condition is still
        checked on each."""
        test = next(
            (t for t in _equalities(pattern) if (pattern.fact, t.field) in self.indexed), None
        )
        if test is None:
            return self.by_type.get(pattern.fact, [])
        index = self._index(pattern.fact, test.field)
        values = test.value if isinstance(test.value, tuple) else (test.value,)
        if len(values) == 1:
            return index.get(values[0], [])
        return sorted({i for value in values for i in index.get(value, ())})

    def _index(self, fact_type: str, field: str) -> dict[object, list[int]]:
        index = self.indexes.get((fact_type, field))
        if index is None:
            index = self.indexes[fact_type, field] = defaultdict(list)
            for i in self.by_type.get(fact_type, ()):
                index[self.facts[i].get(field)].append(i)
        return index


def _shared_equalities(patterns: Iterable[Pattern]) -> set[tuple[str, str]]:
    """(fact type, field) of the equality tests of more than one pattern: an index costs a pass
    over the facts of the type, as much as checking one pattern on all of them, so it only pays
    when it is used twice or more."""
    uses = Counter((p.fact, t.field) for p in patterns for t in _equalities(p))
    return {pair for pair, count in uses.items() if count > 1}


def _equalities(pattern: Pattern) -> Iterator[Test]:
    """The pattern's top-level tests that only facts holding one of a few values pass."""
    for term in pattern.where.terms:
        if isinstance(term, Test) and term.op in ("eq", "in") and _hashable(term.value):
            yield term


def _hashable(value: object) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True


def _matches(patterns: tuple[Pattern, ...], source: _Source) -> list[Partial]:
    partials: list[Partial] = [()]
    positions: dict[str, int] = {}  # alias -> its index within a partial
    for pattern in patterns:
        candidates = source.candidates(pattern)
        partials = _extend(pattern, candidates, partials, positions, source.facts)
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
    """All terms hold. Checks are chained with `and` rather than looped over: the predicates run
    once per fact and pattern, and a loop costs more than the tests themselves."""
    checks = [_test(t) if isinstance(t, Test) else _any(t) for t in cond.terms]
    if not checks:
        return lambda fact: True
    combined = checks[-1]
    for check in reversed(checks[:-1]):
        combined = _both(check, combined)
    return combined


def _both(first: Predicate, rest: Predicate) -> Predicate:
    return lambda fact: first(fact) and rest(fact)


def _either(first: Predicate, rest: Predicate) -> Predicate:
    return lambda fact: first(fact) or rest(fact)


def _any(term: AnyOf) -> Predicate:
    branches = [predicate(b) for b in term.branches]
    combined = branches[-1]
    for branch in reversed(branches[:-1]):
        combined = _either(branch, combined)
    return combined


def _test(test: Test) -> Predicate:
    name, value = test.field, test.value
    # A missing field (None) fails every test. `eq` a value and `in` a tuple of values need no
    # check for it: None equals no scalar.
    if test.op == "eq" and value is not None:
        return lambda fact: fact.get(name) == value
    if test.op == "in" and isinstance(value, tuple) and None not in value:
        return lambda fact: fact.get(name) in value
    compare = _COMPARE[test.op]

    def check(fact: Fact) -> bool:
        actual = fact.get(name)
        return actual is not None and compare(actual, value)

    return check
