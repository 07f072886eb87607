"""Rules → findings, the rules cut into parts that run at once on machines with cores to spare.

A rule's matches and findings never depend on the other rules in the run (each back end evaluates
every rule on its own patterns; findings are deduplicated per rule), so the rulebook can be cut
into parts, each part evaluated in a forked process, and the sorted findings merged: the result is
the one a single process gives (tests/test_fanout.py compares them). A fork shares the facts with
the child at no cost, and only the findings travel back (pickled). Forking, copying touched pages
and pickling cost ~0.1-0.3 s; since the engine and findings got two to three times cheaper, two
parts gain ~0-10% at 10k units on two cores (bench/fanout.py, docs/perf.md), so the CLI runs one
process unless asked (`--jobs auto|N`).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from typing import Any, Final

from orglint.engine import evaluate
from orglint.engine.common import Fact
from orglint.engine.python_backend import predicate
from orglint.findings import Finding, findings_from_matches, merge_findings
from orglint.rulebook import Rule, Rulebook
from orglint.rulecheck import SHADOW, alternatives
from orglint.rulelang import Pattern

# `--jobs auto`: below this many facts (~3,000 units) one process is as fast (bench/fanout.py).
MIN_FACTS: Final = 20_000
MAX_AUTO_JOBS: Final = 2  # more parts repeat per-part work (encoding facts) for little gain
# A rule's cost, for cutting the rulebook into parts of equal cost: the facts its patterns are
# tested against, plus its matches (estimated on every SAMPLE_STEP-th fact of its first pattern's
# type), each worth MATCH_WEIGHT fact tests: the engine's action, sorting and the finding's texts.
SAMPLE_STEP: Final = 16
MATCH_WEIGHT: Final = 20

Work = Callable[[], list[Finding]]


def findings_for(
    rulebook: Rulebook, facts: Sequence[Fact], engine: str, jobs: int | None = None
) -> list[Finding]:
    """The sorted findings of every rule; `jobs` None decides by the facts and the machine."""
    jobs = auto_jobs(len(facts)) if jobs is None else jobs if can_fork() else 1
    parts = split_rules(rulebook.rules, facts, jobs)
    work = [_work(Rulebook(part), facts, engine) for part in parts]
    if len(work) == 1:
        return work[0]()
    return merge_findings(_run_forked(work))


def _work(rulebook: Rulebook, facts: Sequence[Fact], engine: str) -> Work:
    return lambda: findings_from_matches(rulebook, evaluate(rulebook, facts, engine))


def auto_jobs(facts: int) -> int:
    """Two parts for a big file where this process may use two cores and can fork, else one."""
    if facts < MIN_FACTS or not can_fork():
        return 1
    return max(1, min(MAX_AUTO_JOBS, usable_cpus()))


def can_fork() -> bool:
    """Fork is safe on Linux; macOS's system libraries may break in a forked child."""
    return sys.platform.startswith("linux") and hasattr(os, "fork")


def usable_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


# --- cutting the rulebook ------------------------------------------------------------------------


def split_rules(rules: Sequence[Rule], facts: Sequence[Fact], jobs: int) -> list[tuple[Rule, ...]]:
    """At most `jobs` non-empty parts of about equal estimated cost, each in rulebook order.
    Greedy, costliest rule first, into the cheapest part so far."""
    if jobs <= 1 or len(rules) <= 1:
        return [tuple(rules)]
    estimate = _CostModel(facts)
    cost = {rule.code: estimate.cost(rule) for rule in rules}
    loads = [0] * min(jobs, len(rules))
    part_of: dict[str, int] = {}
    for rule in sorted(rules, key=lambda r: (-cost[r.code], r.code)):
        cheapest = loads.index(min(loads))
        part_of[rule.code] = cheapest
        loads[cheapest] += cost[rule.code]
    parts = [tuple(r for r in rules if part_of[r.code] == i) for i in range(len(loads))]
    return [part for part in parts if part]


class _CostModel:
    """What a rule will cost on these facts, roughly; only ever used to balance the parts."""

    def __init__(self, facts: Sequence[Fact]) -> None:
        self.by_type: dict[object, list[Fact]] = {}
        for fact in facts:
            self.by_type.setdefault(fact.get("type"), []).append(fact)

    def cost(self, rule: Rule) -> int:
        patterns = rule.bound()
        if patterns is None:  # disabled by its parameters: costs nothing
            return 1
        tests = sum(
            n * len(self.by_type.get(fact_type.removesuffix(SHADOW), ()))
            for fact_type, n in alternatives(patterns).items()
        )
        return 1 + tests + MATCH_WEIGHT * self._matches(patterns)

    def _matches(self, patterns: tuple[Pattern, ...]) -> int:
        """Facts of the first positive pattern's type that pass its tests, from a sample."""
        first = next((p for p in patterns if not p.negated), None)
        if first is None:
            return 1
        sample = self.by_type.get(first.fact, [])[::SAMPLE_STEP]
        return SAMPLE_STEP * sum(map(predicate(first.where), sample))


# --- running parts in forked processes -----------------------------------------------------------


class WorkerFailed(RuntimeError):
    """A forked part ended without sending its findings (killed, or crashed in C code)."""


def _run_forked(work: Sequence[Work]) -> list[list[Finding]]:
    """The first part runs here, every other one in a forked child, all at once."""
    import multiprocessing  # only big files on multi-core machines pay for the import

    context = multiprocessing.get_context("fork")
    children = []
    for part in work[1:]:
        receiver, sender = context.Pipe(duplex=False)
        child = context.Process(target=_child, args=(part, sender), daemon=True)
        child.start()
        sender.close()  # the child's copy stays open: EOF here means the child is gone
        children.append((child, receiver))
    try:
        results = [work[0]()]
    except BaseException:
        for child, _ in children:
            child.terminate()
        raise
    for child, receiver in children:
        results.append(_result_of(child, receiver))
    return results


def _child(work: Work, sender: Any) -> None:
    """In the child: send ("ok", findings) or ("error", the exception) and return."""
    try:
        reply: tuple[str, object] = ("ok", work())
    except BaseException as exc:  # the parent re-raises it
        reply = ("error", exc)
    try:
        sender.send(reply)
    except Exception as exc:  # it does not pickle: send its text instead
        error = reply[1] if reply[0] == "error" else exc
        sender.send(("error", RuntimeError(f"{type(error).__name__}: {error}")))
    sender.close()


def _result_of(child: Any, receiver: Any) -> list[Finding]:
    try:
        status, value = receiver.recv()
    except EOFError:
        child.join()
        ended = f"a rules worker ended without a result (exit code {child.exitcode})"
        raise WorkerFailed(ended) from None
    finally:
        receiver.close()
    child.join()
    if status == "error":
        raise value
    return list(value)
