"""Evaluate rules with durable-rules 2.0.28, wrapped as ../shared/notes/durable-rules.md advises.

Per run: one fresh QuietHost (no background threads, §3.3) and fresh rulesets, so two runs never
share facts (§4.4). Each ruleset gets the shadow copies for its negated patterns first, then the
positive copies (compile_durable explains why), one `assert_fact` at a time so that a collision is
seen per fact (§3.6). Queued actions are then drained on this thread (§4.5). The actions only
append to a list (§3.12); their errors are collected and raised, never swallowed (§3.11).
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
from orglint.rulebook import Rule
from orglint.rulecheck import SHADOW

MAX_ATTEMPTS = 5  # asserts of one fact (first + re-asserts after identity-hash collisions)
_OBSERVED = 2  # assert_fact result code for "already observed" (engine.py Ruleset._handle_result)
Action = Callable[[Any], None]


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

    def assert_text(self, text: str, fact: Fact) -> int:
        try:
            return int(durable_rules_engine.assert_fact(self.handle, text)[0])
        except durable_rules_engine.error as err:
            raise RuntimeError(f"durable-rules rejected fact {fact.get('key')!r}: {err}") from err

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


class _Run:
    """One evaluation: fact copies encoded once, `_seq` -> fact index, asserts with retries."""

    def __init__(self, plan: Plan, facts: Sequence[Fact]) -> None:
        self.plan, self.facts = plan, facts
        self.seq_index: list[int] = list(range(len(facts)))  # _seq -> index into facts
        self.by_type: dict[object, list[int]] = defaultdict(list)
        for i, fact in enumerate(facts):
            self.by_type[fact.get("type")].append(i)
        self.texts: dict[tuple[int, bool], str] = {}

    def text(self, index: int, shadow: bool, seq: int) -> str:
        fact_type = str(self.facts[index].get("type"))
        fields = (self.plan.shadow_fields if shadow else self.plan.fields)[fact_type]
        return durable_json.fact_text(self.facts[index], fact_type + SHADOW * shadow, seq, fields)

    def assert_all(self, ruleset: _Ruleset, chunk: Chunk) -> None:
        for shadow in (True, False):  # every blocker is present before anything can fire
            for fact_type in sorted(chunk.types(negated=shadow)):
                for index in self.by_type.get(fact_type, ()):
                    self.assert_one(ruleset, index, shadow)

    def assert_one(self, ruleset: _Ruleset, index: int, shadow: bool) -> None:
        text = self.texts.get((index, shadow))
        if text is None:
            text = self.texts[index, shadow] = self.text(index, shadow, index)
        for _ in range(MAX_ATTEMPTS):
            if ruleset.assert_text(text, self.facts[index]) != _OBSERVED:
                return  # handled, or matched nothing (the normal case for a linter, §3.1)
            # A distinct fact "already observed" is a 32-bit identity-hash collision (§3.6):
            # re-assert the same content under a fresh _seq, which changes its hash.
            self.seq_index.append(index)
            text = self.text(index, shadow, len(self.seq_index) - 1)
        raise RuntimeError(
            f"durable-rules kept rejecting fact {self.facts[index].get('key')!r} "
            f"as already observed ({MAX_ATTEMPTS} attempts)"
        )


def run(rules: Sequence[Rule], facts: Sequence[Fact]) -> list[RawMatch]:
    plan = compile_rules(rules)
    host = QuietHost({rule.code: rule.arity for chunk in plan.chunks for rule in chunk.rules})
    state = _Run(plan, facts)
    for number, chunk in enumerate(plan.chunks):
        ruleset = _Ruleset(f"orglint{number}", host, chunk.definition())
        state.assert_all(ruleset, chunk)
        ruleset.drain()
    if host.errors:
        raise RuntimeError("durable-rules actions failed: " + "; ".join(host.errors))
    return [(code, tuple(state.seq_index[s] for s in seqs)) for code, seqs in host.found]
