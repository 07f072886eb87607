"""A restructuring plan: check's recommendation findings, ordered (structure first, then splits,
additions, merges) and applied one at a time to the round-trip file. After every step check runs
again, so a recommendation an earlier step already answered is not acted on twice (the rules
decide; this module only orders and dispatches)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from orglint.findings import Finding
from orglint.rulebook import Rulebook
from orglint.suggest.add import apply_add
from orglint.suggest.context import Context
from orglint.suggest.document import RoundTrip
from orglint.suggest.editor import OrgEditor
from orglint.suggest.merge import apply_merge
from orglint.suggest.restructure import apply_restructure
from orglint.suggest.split import apply_split
from orglint.suggest.state import Snapshot, take_snapshot
from orglint.suggest.steps import TYPE_ORDER, Outcome, Step
from orglint.suggest.templates import Templates

Apply = Callable[[Mapping[str, Any], Context], Outcome | None]
APPLY: dict[str, Apply] = {
    "restructure": apply_restructure,
    "split": apply_split,
    "add": apply_add,
    "merge": apply_merge,
}
MAX_STEPS = 200  # a plan never needs more; guards against a rule that an edit cannot satisfy


@dataclass(frozen=True)
class PlanInput:
    name: str  # file name used in messages
    text: str
    rulebook: Rulebook
    templates: Templates
    revenue: float | None
    engine: str


@dataclass(frozen=True)
class Plan:
    before: Snapshot
    after: Snapshot
    steps: tuple[Step, ...]
    skipped: tuple[Finding, ...]  # recommendations no edit could carry out

    @property
    def text(self) -> str:
        return self.after.text


def action_of(finding: Finding) -> Mapping[str, Any]:
    return finding.action or {}


def kind_of(finding: Finding) -> str:
    return str(action_of(finding)["type"])


def action_key(finding: Finding) -> tuple[str, tuple[tuple[str, str], ...]]:
    return finding.code, tuple(sorted((k, repr(v)) for k, v in action_of(finding).items()))


def same_action(finding: Finding) -> tuple[tuple[str, str], ...]:
    return action_key(finding)[1]


def _next(snap: Snapshot, tried: set[Any]) -> Finding | None:
    pending = [f for f in snap.recommendations if action_key(f) not in tried]
    if not pending:
        return None
    position = {f: i for i, f in enumerate(snap.findings)}
    return min(pending, key=lambda f: (TYPE_ORDER[kind_of(f)], position[f]))


def names_language(snap: Snapshot) -> str:
    """New units are named in the file's own language: Chinese if any unit name is."""
    cjk = any("\u4e00" <= ch <= "\u9fff" for unit in snap.org.units for ch in unit.name)
    return "zh" if cjk else "en"


def make_plan(given: PlanInput) -> Plan:
    snap = before = _snapshot(given, given.text)
    lang = names_language(before)
    doc = RoundTrip(given.text)
    steps: list[Step] = []
    skipped: list[Finding] = []
    tried: set[Any] = set()
    while len(tried) < MAX_STEPS and (finding := _next(snap, tried)) is not None:
        tried.update(
            action_key(f) for f in snap.recommendations if same_action(f) == same_action(finding)
        )
        ctx = Context(OrgEditor(doc), snap, given.templates, lang, _max_span(given.rulebook))
        outcome = APPLY[kind_of(finding)](action_of(finding), ctx)
        if outcome is None:
            skipped.append(finding)
            continue
        also = tuple(
            f
            for f in snap.recommendations
            if same_action(f) == same_action(finding) and f != finding
        )
        steps.append(Step(len(steps) + 1, kind_of(finding), finding, outcome, also))
        snap = _snapshot(given, doc.dump())
    return Plan(before, snap, tuple(steps), tuple(skipped))


def _max_span(rulebook: Rulebook) -> int:
    try:
        return int(str(rulebook.get("REP-05").params["max_direct_reports"]))
    except KeyError:
        return MAX_STEPS  # the span rule is switched off: any parent has room


def _snapshot(given: PlanInput, text: str) -> Snapshot:
    return take_snapshot(given.name, text, given.rulebook, given.revenue, given.engine)
