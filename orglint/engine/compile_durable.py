"""Compile bound rule patterns into durable-rules ruleset definitions, chunked to fit its limits.

Conventions (each a workaround measured in ../shared/notes/durable-rules.md or tests/test_engine):
- Every pattern starts with `{"type": T}` so the engine's own state fact never matches (§3.2).
- Joins are cross-fact equality `{"field": {"alias": "field"}}` only; no other cross-fact term is
  ever emitted (§3.8: non-equality terms in a join read out of bounds).
- Aliases become p0, p1, ... (positive, in order: the action reads them by position) and
  n<i>$not; user aliases such as `s` (durable's Closure keeps its state there) never reach it.
- A negated pattern matches *shadow* copies of facts (type `T~`), asserted before any positive
  fact. durable-rules mishandles a `$not` blocker that arrives after the activation it should
  cancel: depending on alias names it either fires the rule anyway or also drops other pending
  activations of the same fact (measured; tests/test_engine.py keeps both cases). With every
  blocker present first, no activation is ever cancelled, whatever order the facts come in.
- `in` / `not_in` become `$or` / `$and` of `$eq` / `$neq`; `any` becomes `$or`. durable joins
  the branches of an `$or` again at one forward alpha node (rete.c createAlpha, HASH_OR), so the
  terms after it and the beta nodes are shared, but a fact passing two branches goes on twice and
  fires once per branch it passes; the facade removes the duplicates.
- Rulesets hold at most 50 rules and at most MAX_ALTERNATIVES alternatives per fact type (§6:
  64 pending alpha branches per fact, < 256 rules per first condition, 512 children per node).
- Every rule has `cap`: durable hands out up to ACTION_BATCH queued matches of a rule per action
  instead of one, so draining costs a few round trips per rule instead of one per match. `cap`
  changes only how the queue is read (state.c getNextResultInState), never what matches.
- A fact type that no rule binds to two positive aliases is *groupable*: facts of it that agree on
  every field the rules read are indistinguishable to every pattern, so the back end asserts one
  copy per group and gives each match of that copy to every fact of the group (durable_backend).
  A type bound twice in one rule is not: one copy could never stand for two distinct facts.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from orglint.rulebook import Rule
from orglint.rulecheck import MAX_ALTERNATIVES, SHADOW, alternatives
from orglint.rulelang import AnyOf, Condition, Join, Pattern, Test

MAX_RULES_PER_RULESET = 50
ACTION_BATCH = 4096  # `cap`: matches per action; durable stores it in 16 bits (notes §6)
_OPS = {"ne": "$neq", "lt": "$lt", "lte": "$lte", "gt": "$gt", "gte": "$gte"}

Json = dict[str, Any]


@dataclass(frozen=True)
class CompiledRule:
    code: str
    patterns: tuple[Pattern, ...]  # bound (parameters substituted)

    @property
    def arity(self) -> int:
        return sum(not p.negated for p in self.patterns)

    def definition(self) -> Json:
        """A fresh rule dict; `run` names the action Host.get_action resolves (notes §1)."""
        aliases: dict[str, str] = {}
        sequence: list[Json] = []
        for i, pattern in enumerate(self.patterns):
            name = f"n{i}$not" if pattern.negated else f"p{len(aliases)}"
            sequence.append({name: _pattern(pattern, aliases)})
            if pattern.alias is not None:
                aliases[pattern.alias] = name
        return {"all": sequence, "cap": ACTION_BATCH, "run": self.code}


@dataclass(frozen=True)
class Chunk:
    """One ruleset: its rules and the fact types each of them needs asserted."""

    rules: tuple[CompiledRule, ...]

    def definition(self) -> Json:
        return {rule.code: rule.definition() for rule in self.rules}

    def types(self, negated: bool) -> set[str]:
        return {p.fact for r in self.rules for p in r.patterns if p.negated == negated}


@dataclass(frozen=True)
class Plan:
    chunks: tuple[Chunk, ...]
    fields: dict[str, tuple[str, ...]]  # fact type -> fields its positive copies carry
    shadow_fields: dict[str, tuple[str, ...]]  # fact type -> fields its shadow copies carry
    groupable: frozenset[str]  # fact types no rule binds to two positive aliases


def compile_rules(rules: Sequence[Rule]) -> Plan:
    compiled = [CompiledRule(r.code, bound) for r in rules if (bound := r.bound()) is not None]
    fields, shadow = _fields(compiled)
    groupable = frozenset(fields) - _bound_twice(compiled)
    return Plan(tuple(_chunks(compiled)), fields, shadow, groupable)


def _bound_twice(rules: list[CompiledRule]) -> set[str]:
    """Fact types some rule binds to two or more positive aliases."""
    twice: set[str] = set()
    for rule in rules:
        counts = Counter(p.fact for p in rule.patterns if not p.negated)
        twice.update(t for t, n in counts.items() if n > 1)
    return twice


def _chunks(rules: list[CompiledRule]) -> list[Chunk]:
    chunks: list[list[CompiledRule]] = []
    load: Counter[str] = Counter()
    for rule in rules:
        need = alternatives(rule.patterns)
        full = not chunks or len(chunks[-1]) >= MAX_RULES_PER_RULESET
        if full or any(load[t] + n > MAX_ALTERNATIVES for t, n in need.items()):
            chunks.append([])
            load = Counter()
        chunks[-1].append(rule)
        load.update(need)
    return [Chunk(tuple(c)) for c in chunks]


def _fields(
    rules: list[CompiledRule],
) -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    positive: dict[str, set[str]] = {}
    negated: dict[str, set[str]] = {}
    for rule in rules:
        types = {p.alias: p.fact for p in rule.patterns if p.alias is not None}
        for p in rule.patterns:
            own = negated if p.negated else positive
            own.setdefault(p.fact, set()).update(_used(p.where), (j.field for j in p.joins))
            for j in p.joins:
                positive.setdefault(types[j.alias], set()).add(j.other)
    # `type` is written by the encoder itself (with the shadow suffix where needed)
    return (
        {t: tuple(sorted(f - {"type"})) for t, f in positive.items()},
        {t: tuple(sorted(f - {"type"})) for t, f in negated.items()},
    )


def _used(cond: Condition) -> set[str]:
    found: set[str] = set()
    for term in cond.terms:
        if isinstance(term, Test):
            found.add(term.field)
        else:
            for branch in term.branches:
                found |= _used(branch)
    return found


def _pattern(pattern: Pattern, aliases: dict[str, str]) -> Json:
    fact_type = pattern.fact + (SHADOW if pattern.negated else "")
    terms = [{"type": fact_type}, *(_join(j, aliases) for j in pattern.joins)]
    return _and([*terms, *_terms(pattern.where)])


def _join(join: Join, aliases: dict[str, str]) -> Json:
    return {join.field: {aliases[join.alias]: join.other}}


def _and(terms: list[Json]) -> Json:
    return terms[0] if len(terms) == 1 else {"$and": terms}


def _terms(cond: Condition) -> list[Json]:
    terms: list[Json] = []
    for term in cond.terms:
        terms += _any(term) if isinstance(term, AnyOf) else _test(term)
    return terms


def _any(term: AnyOf) -> list[Json]:
    return [{"$or": [_and(_terms(branch)) for branch in term.branches]}]


def _test(test: Test) -> list[Json]:
    if test.op == "eq":
        return [{test.field: test.value}]
    if test.op in _OPS:
        return [{_OPS[test.op]: {test.field: test.value}}]
    values = test.value if isinstance(test.value, tuple) else (test.value,)
    if test.op == "not_in":
        return [{"$neq": {test.field: v}} for v in values]
    return [_or([{test.field: v} for v in values])]


def _or(terms: list[Json]) -> Json:
    return terms[0] if len(terms) == 1 else {"$or": terms}
