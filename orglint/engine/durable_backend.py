"""Evaluate rules with durable-rules 2.0.28, wrapped as ../shared/notes/durable-rules.md advises.

Per run: one fresh QuietHost (no background threads, §3.3) and fresh rulesets, so two runs never
share facts (§4.4). Each ruleset gets the shadow copies for its negated patterns first, then the
positive copies (compile_durable explains why), each kind in one `assert_facts` batch (§4.5).
Batching is safe because every copy carries an id no other copy's hash can be taken for
(durable_ids: §3.6), and because each batch ends with a sentinel fact that only a batch read to
its end reaches: the C loop stops silently at a fact it cannot parse. Queued actions are then
drained on this thread (§4.5). The actions only append to a list (§3.12); their errors are
collected and raised, never swallowed (§3.11).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import durable_rules_engine
from durable.engine import Host

from orglint.engine import durable_json
from orglint.engine.common import Fact, RawMatch
from orglint.engine.compile_durable import Chunk, Plan, compile_rules
from orglint.engine.durable_ids import fact_ids
from orglint.rulebook import Rule
from orglint.rulecheck import SHADOW

Action = Callable[[Any], None]
# The rule and fact type that close every batch; `~` cannot start a rule code or a fact type.
SENTINEL = "~end"


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
        aliases = [f"p{i}" for i in range(self.arity[action_name])]

        def record(frame: Any) -> None:
            try:
                self.found.append((action_name, tuple(_seq_of(frame, a) for a in aliases)))
            except Exception as err:  # the engine would swallow it (§3.11): keep it
                self.errors.append(f"{action_name}: {err!r}")

        return record


def _seq_of(frame: Mapping[str, Any], alias: str) -> int:
    return int(frame[alias]["_seq"])


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
                for rule, frame in json.loads(message).items():
                    self.actions[rule](frame)
                message = durable_rules_engine.complete_and_start_action(self.handle, started[2])


def sentinel_text(fact_id: str, number: int) -> str:
    return f'{{"id":"{fact_id}","type":"{SENTINEL}","_seq":{number}}}'


def _with_sentinel(definition: dict[str, Any]) -> dict[str, Any]:
    return {**definition, SENTINEL: {"all": [{"p0": {"type": SENTINEL}}], "run": SENTINEL}}


def _split_sentinels(
    found: list[tuple[str, tuple[int, ...]]],
) -> tuple[list[RawMatch], set[int]]:
    """The rules' matches, and the numbers of the batches whose sentinel fired."""
    ends = {seqs[0] for code, seqs in found if code == SENTINEL}
    return [(code, seqs) for code, seqs in found if code != SENTINEL], ends


class _Run:
    """One evaluation: the copies of each kind (fact type, shadow?) encoded once, ids drawn in
    order from one list so that no two copies in a ruleset share an id's hash."""

    def __init__(self, plan: Plan, facts: Sequence[Fact]) -> None:
        self.plan, self.facts = plan, facts
        self.by_type: dict[object, list[int]] = defaultdict(list)
        for i, fact in enumerate(facts):
            self.by_type[fact.get("type")].append(i)
        self.ids = fact_ids(self._copies_needed())
        self.drawn = 0
        self.kinds: dict[tuple[str, bool], str] = {}

    def _copies_needed(self) -> int:
        """Distinct copies over all chunks, plus one sentinel per batch."""
        kinds = {(t, s) for c in self.plan.chunks for s in (True, False) for t in c.types(s)}
        return sum(len(self.by_type.get(t, ())) for t, _ in kinds) + 2 * len(self.plan.chunks)

    def draw(self, count: int) -> list[str]:
        self.drawn += count
        return self.ids[self.drawn - count : self.drawn]

    def kind(self, fact_type: str, shadow: bool) -> str:
        """Every copy of one kind, comma-separated JSON objects, made on first use."""
        text = self.kinds.get((fact_type, shadow))
        if text is None:
            indices = self.by_type.get(fact_type, [])
            fields = (self.plan.shadow_fields if shadow else self.plan.fields)[fact_type]
            copy_type = fact_type + SHADOW * shadow
            ids = self.draw(len(indices))
            text = self.kinds[fact_type, shadow] = ",".join(
                durable_json.copy_text(self.facts[i], id_, copy_type, i, fields)
                for i, id_ in zip(indices, ids, strict=True)
            )
        return text

    def batch(self, chunk: Chunk, shadow: bool, number: int) -> str:
        """One JSON array: every copy of one kind the chunk's rules need, then the sentinel."""
        texts = [self.kind(fact_type, shadow) for fact_type in sorted(chunk.types(shadow))]
        texts.append(sentinel_text(self.draw(1)[0], number))
        return "[" + ",".join(text for text in texts if text) + "]"

    def assert_all(self, ruleset: _Ruleset, chunk: Chunk, number: int) -> None:
        for shadow in (True, False):  # every blocker is present before anything can fire
            batch_number = 2 * number + (not shadow)
            ruleset.assert_batch(self.batch(chunk, shadow, batch_number))


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
    return found
