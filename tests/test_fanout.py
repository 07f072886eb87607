"""The rules cut into parts and run in forked processes give exactly what one process gives."""

from __future__ import annotations

import os
import random
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.synth import synthetic_org
from orglint import fanout
from orglint.engine.common import Fact
from orglint.facts import build_facts
from orglint.findings import Finding
from orglint.model import build_org
from orglint.validate import load_and_validate
from tests.cliutil import run
from tests.helpers import ENGINES, SAMPLES, rulebook

pytestmark = pytest.mark.skipif(not fanout.can_fork(), reason="parts run in forked processes")


def facts_of(text: str, name: str = "org.yaml") -> Sequence[Fact]:
    return build_facts(build_org(load_and_validate(name, text.encode("utf-8")), None))


def exactly(findings: list[Finding]) -> list[dict[str, Any]]:
    """Everything a report shows, fingerprints included (Finding equality leaves them out)."""
    return [finding.as_dict("zh") | {"en": finding.message.en} for finding in findings]


def synthetic_text(size: int, seed: int, revenue: str = "3亿") -> str:
    org = synthetic_org(size, random.Random(seed), revenue)
    return yaml.safe_dump(org, allow_unicode=True, sort_keys=False)


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("sample", sorted(SAMPLES.glob("*.yaml")), ids=lambda p: p.name)
def test_samples_same_findings_in_parts(sample: Path, engine: str) -> None:
    facts = facts_of(sample.read_text(encoding="utf-8"), sample.name)
    whole = fanout.findings_for(rulebook(), facts, engine, jobs=1)
    assert whole, "every seed sample has findings; a vacuous comparison proves nothing"
    for jobs in (2, 3):
        assert exactly(fanout.findings_for(rulebook(), facts, engine, jobs)) == exactly(whole)


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), size=st.integers(1, 120), jobs=st.integers(2, 4))
def test_generated_orgs_same_findings_in_parts(seed: int, size: int, jobs: int) -> None:
    facts = facts_of(synthetic_text(size, seed))
    whole = fanout.findings_for(rulebook(), facts, ENGINES[0], jobs=1)
    assert exactly(fanout.findings_for(rulebook(), facts, ENGINES[0], jobs)) == exactly(whole)


@settings(max_examples=60, deadline=None)
@given(
    codes=st.sets(st.sampled_from([r.code for r in rulebook().rules]), min_size=0, max_size=45),
    jobs=st.integers(1, 8),
)
def test_split_covers_every_rule_once_in_order(codes: set[str], jobs: int) -> None:
    rules = tuple(r for r in rulebook().rules if r.code in codes)
    parts = fanout.split_rules(rules, facts_of(synthetic_text(30, 7)), jobs)
    assert len(parts) <= max(jobs, 1) and all(parts[1:])
    assert sorted(r.code for part in parts for r in part) == sorted(codes)
    position = {r.code: i for i, r in enumerate(rules)}
    for part in parts:
        places = [position[r.code] for r in part]
        assert places == sorted(places)  # each part keeps the rulebook's order


def test_split_separates_the_costliest_rules() -> None:
    """On a big org the two most expensive rules (most matches) land in different parts."""
    facts = facts_of(synthetic_text(400, 1))
    model = fanout._CostModel(facts)
    costly = sorted(rulebook().rules, key=model.cost)[-2:]
    parts = fanout.split_rules(rulebook().rules, facts, 2)
    homes = {i for i, part in enumerate(parts) for r in part if r in costly}
    assert homes == {0, 1}


def test_auto_jobs_stays_in_one_process_for_small_files(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fanout, "usable_cpus", lambda: 8)
    assert fanout.auto_jobs(fanout.MIN_FACTS - 1) == 1
    assert fanout.auto_jobs(fanout.MIN_FACTS) == fanout.MAX_AUTO_JOBS
    monkeypatch.setattr(fanout, "usable_cpus", lambda: 1)
    assert fanout.auto_jobs(10 * fanout.MIN_FACTS) == 1
    monkeypatch.setattr(fanout, "usable_cpus", lambda: 8)
    monkeypatch.setattr(fanout, "can_fork", lambda: False)
    assert fanout.auto_jobs(10 * fanout.MIN_FACTS) == 1


def _finding_list() -> list[Finding]:
    facts = facts_of((SAMPLES / "000-startup.yaml").read_text(encoding="utf-8"))
    return fanout.findings_for(rulebook(), facts, "python", jobs=1)


def test_a_part_that_raises_raises_in_the_parent() -> None:
    def failing() -> list[Finding]:
        raise ValueError("rule part exploded")

    with pytest.raises(ValueError, match="rule part exploded"):
        fanout._run_forked([_finding_list, failing])


def test_an_exception_that_does_not_pickle_still_reaches_the_parent() -> None:
    class Local(Exception):  # a local class cannot be pickled
        pass

    def failing() -> list[Finding]:
        raise Local("not picklable")

    with pytest.raises(RuntimeError, match="not picklable"):
        fanout._run_forked([_finding_list, failing])


def test_a_part_that_dies_is_an_error_not_a_silent_loss() -> None:
    def dying() -> list[Finding]:
        os._exit(3)

    with pytest.raises(fanout.WorkerFailed, match="exit code 3"):
        fanout._run_forked([_finding_list, dying])


def test_a_failing_own_part_stops_the_children() -> None:
    def failing() -> list[Finding]:
        raise KeyError("own part")

    with pytest.raises(KeyError):
        fanout._run_forked([failing, _finding_list])


def test_results_come_back_in_part_order() -> None:
    first, second = _finding_list()[:2], _finding_list()[2:5]
    assert fanout._run_forked([lambda: first, lambda: second, lambda: []]) == [first, second, []]


@pytest.mark.parametrize("sample", ["004-large.yaml", "003-b2c-seven-departments.yaml"])
def test_cli_jobs_changes_nothing_but_the_processes(
    sample: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = str(SAMPLES / sample)
    one = run(capsys, "check", "--isolated", "--format", "json", "--jobs", "1", path)
    assert one[1].count('"code"') > 0
    assert run(capsys, "check", "--isolated", "--format", "json", "-j", "3", path) == one
    assert run(capsys, "check", "--isolated", "--format", "json", "--jobs", "auto", path) == one


@pytest.mark.parametrize("value", ["0", "-1", "two", "1.5", ""])
def test_cli_jobs_refuses_what_is_not_a_count(
    value: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "check", "--jobs", value, str(SAMPLES / "000-startup.yaml"))
    assert (code, out) == (2, "")
    assert "--jobs" in err and "whole number" in err
