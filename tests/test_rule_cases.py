"""Data-driven rule cases (like sqlfluff's): tests/cases/<CODE>.yaml holds pass and fail snippets.

Every case runs through every available engine; a `fail` case must make its rule fire (and as many
times as `count` says, when given), a `pass` case must not. Both engines must agree exactly. Cases
run through the whole per-file pipeline with every rule selected, so the suppression rules
(SUP-xx, produced after suppressions are matched) are tested the same way.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from orglint.catalogue import load_catalogue
from orglint.revenue import parse_revenue
from tests.helpers import CASES, ENGINES, lint_text


def _load_cases() -> list[tuple[str, dict[str, Any]]]:
    cases = []
    for path in sorted(CASES.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in data["cases"]:
            cases.append((data["rule"], case))
    return cases


ALL_CASES = _load_cases()
PARAMS = [
    pytest.param(
        rule,
        case,
        id=f"{rule}:{case['name']}",
        marks=[pytest.mark.xfail(reason=case["xfail"], strict=True)] if "xfail" in case else [],
    )
    for rule, case in ALL_CASES
]


@pytest.mark.parametrize(("rule", "case"), PARAMS)
def test_rule_case(rule: str, case: dict[str, Any]) -> None:
    code = load_catalogue().get(rule).code
    revenue = parse_revenue(case["revenue"]) if "revenue" in case else None
    results = {e: lint_text(case["org"], engine=e, revenue=revenue) for e in ENGINES}
    first = next(iter(results.values()))
    assert all(r == first for r in results.values()), "engines disagree"
    hits = [f for f in first if f.code == code]
    if case["expect"] == "pass":
        assert hits == [], [f.message.en for f in hits]
    else:
        assert hits, f"{code} did not fire; got {[f.code for f in first]}"
        if "count" in case:
            assert len(hits) == case["count"], [f.message.en for f in hits]
        if "unit" in case:
            assert {f.unit for f in hits} == {case["unit"]}


def test_every_rule_has_pass_and_fail_cases() -> None:
    seen: dict[str, set[str]] = {}
    for rule, case in ALL_CASES:
        seen.setdefault(load_catalogue().get(rule).code, set()).add(case["expect"])
    missing = [r.code for r in load_catalogue().rules if seen.get(r.code) != {"pass", "fail"}]
    assert missing == []


def test_case_files_are_named_for_their_rule() -> None:
    for path in CASES.glob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert Path(path).stem == load_catalogue().get(data["rule"]).code
