"""Properties of a rewrite over generated orgs (bench/synth.py): the result validates, check finds
strictly fewer recommendations, and nothing is lost: every lead, post, KPI, duty and link of the
original lands somewhere, and headcount changes only by the posts the plan says it adds."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterator
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.synth import synthetic_org
from orglint.suggest.plan import Plan, PlanInput, make_plan
from orglint.suggest.templates import default_templates
from orglint.validate import load_and_validate
from tests.helpers import rulebook

REVENUES = ["300万", "3000万", "1.5亿", "3亿", "30亿"]


def generated(seed: int, size: int, revenue: str) -> str:
    org = synthetic_org(size, random.Random(seed), revenue)
    return yaml.safe_dump(org, allow_unicode=True, sort_keys=False)


def plan_of(text: str) -> Plan:
    return make_plan(PlanInput("synth.yaml", text, rulebook(), default_templates(), None, "python"))


def units(text: str) -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = yaml.safe_load(text)["units"]
    return data


def kpi_names(unit: dict[str, Any]) -> Iterator[str]:
    yield from (k["name"] for k in unit.get("kpis") or ())
    for role in unit.get("roles") or ():
        yield from (k["name"] for k in role.get("kpis") or ())


def inventory(text: str) -> dict[str, Counter[Any]]:
    found: dict[str, Counter[Any]] = {k: Counter() for k in ("leads", "roles", "kpis", "duties")}
    for unit in units(text):
        found["leads"].update([unit["lead"]] if unit.get("lead") else [])
        found["leads"].update(m["lead"] for m in unit.get("x-merged-from") or () if "lead" in m)
        found["roles"].update((r["title"], r.get("count", 1)) for r in unit.get("roles") or ())
        found["kpis"].update(kpi_names(unit))
        found["duties"].update(unit.get("responsibilities") or ())
    return found


def families(plan: Plan) -> dict[str, set[str]]:
    """Each original unit and the units that now carry its things (split parts, merge targets)."""
    family: dict[str, set[str]] = {u.id: {u.id} for u in plan.before.org.units}
    for step in plan.steps:
        if step.type == "split":
            family[step.outcome.unit] |= set(step.outcome.new_units)
    for unit in units(plan.text):
        for merged in unit.get("x-merged-from") or ():
            family.setdefault(merged["id"], {merged["id"]}).add(unit["id"])  # may be a new unit
    return family


def links(text: str) -> set[frozenset[str]]:
    return {
        frozenset((u["id"], other))
        for u in units(text)
        for key in ("collaborates_with", "dotted_to")
        for other in u.get(key) or ()
    }


def assert_links_kept(plan: Plan) -> None:
    family, after = families(plan), links(plan.text)
    for link in links(plan.before.text):
        a, b = sorted(link)
        if family[a] & family[b]:
            continue  # merged into one unit: a link to itself is no link
        assert any(frozenset((x, y)) in after for x in family[a] for y in family[b]), (a, b)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**6), size=st.integers(2, 24), revenue=st.sampled_from(REVENUES))
def test_rewrite_conserves_validates_and_improves(seed: int, size: int, revenue: str) -> None:
    text = generated(seed, size, revenue)
    plan = plan_of(text)
    load_and_validate("rewritten.yaml", plan.text.encode())
    before, after = inventory(text), inventory(plan.text)
    for kind in before:
        assert not before[kind] - after[kind], kind
    assert_links_kept(plan)
    old, new = plan.before.metrics.total_headcount, plan.after.metrics.total_headcount
    if old >= 0:
        assert new == old + sum(s.outcome.added_posts for s in plan.steps)
    if plan.before.recommendations:
        assert len(plan.after.recommendations) < len(plan.before.recommendations)


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 10**6), size=st.integers(2, 12), revenue=st.sampled_from(REVENUES))
def test_a_second_pass_has_less_to_do(seed: int, size: int, revenue: str) -> None:
    first = plan_of(generated(seed, size, revenue))
    second = plan_of(first.text)
    assert len(second.before.recommendations) <= len(first.before.recommendations)
