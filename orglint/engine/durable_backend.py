"""Evaluate rules with durable-rules 2.0.28, wrapped as ../shared/notes/durable-rules.md advises.

Per run: one fresh QuietHost (no background threads, §3.3) and fresh rulesets, so two runs never
share facts (§4.4). Each ruleset gets the shadow copies for its negated patterns first, then the
positive copies (compile_durable explains why), each kind in one `assert_facts` batch (§4.5).
Batching is safe because every copy carries an id no other copy's hash can be taken for
(durable_ids: §3.6), and because each batch ends with a sentinel fact that only a batch read to
its end reaches: the C loop stops silently at a fact it cannot parse. Queued actions are then
drained on this thread (§4.5). The actions only append to a list (§3.12); their errors are
collected and raised, never swallowed (§3.11).

Fewer copies, same matches: a copy carries only the fields some rule reads, so facts that agree on
all of them are one and the same fact to every pattern. Shadow copies are asserted once per such
group (a negation only asks whether one exists); positive copies of a groupable type
(compile_durable.Plan.groupable) once per group too, and every match of a group's copy is
reported for each fact of the group. Nothing is decided in Python: durable matches the copies, the
groups only say which facts each copy stands for.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import product
from operator import itemgetter
from typing import Any

import durable_rules_engine
from durable.engine import Host

from orglint.engine import durable_json
from orglint.engine.common import Fact, RawMatch
from orglint.engine.compile_durable import Chunk, Plan, compile_rules
from orglint.engine.durable_ids import fact_ids
from orglint.rulebook import Rule
from orglint.rulecheck import SHADOW

Action = Callable[[str], None]
Frames = list[tuple[int, ...]]  # per match, the `_seq` of the copy bound to p0, p1, ...
Kind = tuple[str, bool]  # (fact type, shadow?)
# The rule and fact type that close every batch; `~` cannot start a rule code or a fact type.
SENTINEL = "~end"
# An alias and the `_seq` of the copy bound to it, as an action's text shows them: a copy's text
# starts with `_seq` (durable_json.copy_text), and a string value cannot imitate the pattern
# because its quotes are escaped.
_BOUND = re.compile(r'"p(\d+)":\{"_seq":(\d+)[,}]')


class QuietHost(Host):  # type: ignore[misc]
    """A Host without the `_run` dispatcher threads; actions resolved by name (§1, §4.3)."""

    def __init__(self, arity: Mapping[str, int]) -> None:
        self.arity = arity
        self.found: list[tuple[str, tuple[int, ...]]] = []  # (code, `_seq` per positive alias)
        self.errors: list[str] = []
        super().__init__()

    def _run(self) -> None:
        """The default starts two timer threads that steal queued actions and never stop (§3.3)."""

    def get_action(self, action_name: str) -> Action:
        arity = self.arity[action_name]

        def record(message: str) -> None:
            try:
                self.found += [(action_name, seqs) for seqs in _frames(message, arity)]
            except Exception as err:  # the engine would swallow it (§3.11): keep it
                self.errors.append(f"{action_name}: {err!r}")

        return record


def _frames(message: str, arity: int) -> Frames:
    """Every match in one action's text (`{"CODE":[{"p0":{copy},"p1":{copy}},...]}`): durable
    writes each match's aliases together, so they come from the text `arity` at a time. Reading
    only `_seq` instead of parsing every copy's JSON is what makes draining cheap."""
    bound = _BOUND.findall(message)
    if not bound or len(bound) % arity:
        raise ValueError(f"cannot read {arity} aliases per match from {message[:200]!r}")
    if arity == 1:
        if any(alias != "0" for alias, _seq in bound):
            raise ValueError(f"unexpected alias in {message[:200]!r}")
        return [(int(seq),) for _alias, seq in bound]
    frames: Frames = []
    wanted = [str(i) for i in range(arity)]
    for start in range(0, len(bound), arity):
        by_alias = dict(bound[start : start + arity])
        frames.append(tuple(int(by_alias[alias]) for alias in wanted))
    return frames


class _Ruleset:
    """A durable-rules ruleset made from orglint's own JSON text (durable_json: json.dumps
    writes floats durable cannot parse) with its actions bound through the host by `run` name."""

    def __init__(self, name: str, host: QuietHost, definition: dict[str, Any]) -> None:
        self.actions = {rule: host.get_action(spec.pop("run")) for rule, spec in definition.items()}
        self.handle = durable_rules_engine.create_ruleset(name, durable_json.dumps(definition))

    def assert_batch(self, text: str) -> None:
        """Its result code is only that of the last fact that matched nothing, so it is ignored;
        errors (a limit exceeded, say) raise."""
        try:
            durable_rules_engine.assert_facts(self.handle, text)
        except durable_rules_engine.error as err:
            raise RuntimeError(f"durable-rules rejected a batch of facts: {err}") from err

    def drain(self) -> None:
        """Run every queued action on this thread, with the calls engine.py's Ruleset.dispatch
        and _flush_actions make (start_action, complete_and_start_action), minus their Closure,
        state update and 10-second lease (§3.12), none of which a recording action needs."""
        while started := durable_rules_engine.start_action(self.handle):
            message: str | None = started[1]
            while message:
                self.actions[_rule_of(message)](message)
                message = durable_rules_engine.complete_and_start_action(self.handle, started[2])


def _rule_of(message: str) -> str:
    """The rule an action's text is for: it reads `{"CODE":...`; codes need no escaping."""
    return message[2 : message.index('"', 2)]


def sentinel_text(fact_id: str, number: int) -> str:
    return f'{{"_seq":{number},"id":"{fact_id}","type":"{SENTINEL}"}}'


def _with_sentinel(definition: dict[str, Any]) -> dict[str, Any]:
    return {**definition, SENTINEL: {"all": [{"p0": {"type": SENTINEL}}], "run": SENTINEL}}


def _split_sentinels(
    found: list[tuple[str, tuple[int, ...]]],
) -> tuple[list[tuple[str, tuple[int, ...]]], set[int]]:
    """The rules' matches (of copies), and the numbers of the batches whose sentinel fired."""
    ends = {seqs[0] for code, seqs in found if code == SENTINEL}
    return [(code, seqs) for code, seqs in found if code != SENTINEL], ends


def _groups(indices: list[int], facts: Sequence[Fact], fields: Sequence[str]) -> list[list[int]]:
    """Indices of the facts whose copies would be identical, first appearance first: equal values
    of equal types (1, 1.0 and True are equal in Python, not in a join), and for floats equal
    texts too (0.0 == -0.0). One pass: each fact is read once (reading them is the cost)."""
    if not fields:
        return [list(indices)] if indices else []
    by_key: dict[tuple[tuple[object, ...], tuple[type, ...]] | _Alone, list[int]]
    by_key = defaultdict(list)
    values_of = itemgetter(*fields)  # C speed; a missing field raises, and is rare
    one_field = len(fields) == 1
    for i in indices:
        try:
            values = values_of(facts[i])
        except KeyError:  # alone in a group of its own: never wrong, only less grouped
            by_key[_Alone(i)].append(i)
            continue
        if one_field:
            values = (values,)
        by_key[values, tuple(map(type, values))].append(i)
    groups: list[list[int]] = []
    for key, members in by_key.items():
        if len(members) > 1 and isinstance(key, tuple) and float in key[1]:
            groups += _by_float_text(members, facts, fields)
        else:
            groups.append(members)
    return groups


def _by_float_text(
    group: list[int], facts: Sequence[Fact], fields: Sequence[str]
) -> list[list[int]]:
    """Split a group of equal values of equal types holding floats by the floats' texts."""
    exact: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for i in group:
        exact[tuple(repr(facts[i][name]) for name in fields)].append(i)
    return list(exact.values())


@dataclass(frozen=True)
class _Alone:
    """A grouping key equal to no other: the fact at `index` lacks a field."""

    index: int


class _Run:
    """One evaluation: the copies of each kind (fact type, shadow?) encoded once. A copy's `_seq`
    is its number, which indexes `members` (the facts it stands for) and the ids, drawn from one
    list so that no two copies in a ruleset share an id's hash."""

    def __init__(self, plan: Plan, facts: Sequence[Fact]) -> None:
        self.plan, self.facts = plan, facts
        by_type: dict[object, list[int]] = defaultdict(list)
        for i, fact in enumerate(facts):
            by_type[fact.get("type")].append(i)
        kinds = sorted({(t, s) for c in plan.chunks for s in (True, False) for t in c.types(s)})
        grouped = {kind: self._group(kind, by_type.get(kind[0], [])) for kind in kinds}
        self.members: list[list[int]] = [g for groups in grouped.values() for g in groups]
        self.ids = fact_ids(len(self.members) + 2 * len(plan.chunks))
        self.kinds: dict[Kind, str] = {}
        first = 0
        for kind, groups in grouped.items():
            self.kinds[kind] = self._text(kind, groups, first)
            first += len(groups)

    def _fields(self, kind: Kind) -> tuple[str, ...]:
        fact_type, shadow = kind
        return (self.plan.shadow_fields if shadow else self.plan.fields)[fact_type]

    def _group(self, kind: Kind, indices: list[int]) -> list[list[int]]:
        """A negation only asks whether a matching copy exists, so identical shadow copies are
        one; positive copies only where the plan allows it."""
        fact_type, shadow = kind
        if shadow or fact_type in self.plan.groupable:
            return _groups(indices, self.facts, self._fields(kind))
        return [[i] for i in indices]

    def _text(self, kind: Kind, groups: list[list[int]], first: int) -> str:
        """Every copy of one kind, comma-separated JSON objects: one per group, its first fact's,
        numbered from `first`."""
        fields, copy_type = self._fields(kind), kind[0] + SHADOW * kind[1]
        facts, ids = self.facts, self.ids
        return ",".join(
            durable_json.copy_text(facts[group[0]], ids[seq], copy_type, seq, fields)
            for seq, group in enumerate(groups, first)
        )

    def batch(self, chunk: Chunk, shadow: bool, number: int) -> str:
        """One JSON array: every copy of one kind the chunk's rules need, then the sentinel."""
        texts = [self.kinds[fact_type, shadow] for fact_type in sorted(chunk.types(shadow))]
        texts.append(sentinel_text(self.ids[len(self.members) + number], number))
        return "[" + ",".join(text for text in texts if text) + "]"

    def assert_all(self, ruleset: _Ruleset, chunk: Chunk, number: int) -> None:
        for shadow in (True, False):  # every blocker is present before anything can fire
            batch_number = 2 * number + (not shadow)
            ruleset.assert_batch(self.batch(chunk, shadow, batch_number))

    def matches(self, found: Iterable[tuple[str, tuple[int, ...]]]) -> list[RawMatch]:
        """Each match of copies as matches of the facts they stand for. No fact can appear twice
        in one: a type bound to two aliases is never grouped, and types never share facts."""
        members = self.members
        raw: list[RawMatch] = []
        for code, seqs in dict.fromkeys(found):  # `$or` branches can report one match twice
            if len(seqs) == 1:
                raw += [(code, (i,)) for i in members[seqs[0]]]
            else:
                raw += [(code, combo) for combo in product(*(members[s] for s in seqs))]
        return raw


def run(rules: Sequence[Rule], facts: Sequence[Fact]) -> list[RawMatch]:
    plan = compile_rules(rules)
    arity = {rule.code: rule.arity for chunk in plan.chunks for rule in chunk.rules}
    host = QuietHost({**arity, SENTINEL: 1})
    state = _Run(plan, facts)
    for number, chunk in enumerate(plan.chunks):
        ruleset = _Ruleset(f"orglint{number}", host, _with_sentinel(chunk.definition()))
        state.assert_all(ruleset, chunk, number)
        ruleset.drain()
    if host.errors:
        raise RuntimeError("durable-rules actions failed: " + "; ".join(host.errors))
    found, ends = _split_sentinels(host.found)
    if ends != set(range(2 * len(plan.chunks))):
        raise RuntimeError("durable-rules stopped reading a batch of facts before its end")
    return state.matches(found)
