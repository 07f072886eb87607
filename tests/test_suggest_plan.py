"""`orglint suggest ORG_FILE`: the cases of issue 3 come out as stated, in order, with reasons."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from orglint.cli import main
from orglint.suggest.plan import Plan, PlanInput, make_plan
from orglint.suggest.templates import default_templates
from tests.helpers import ROOT, SAMPLES, rulebook
from tests.suggest_golden import LANGS, SUGGEST, case_files, plan_output

SEED_003 = SAMPLES / "003-b2c-seven-departments.yaml"


def plan_for(path: Path, revenue: float | None = None) -> Plan:
    text = path.read_text(encoding="utf-8")
    return make_plan(PlanInput(path.name, text, rulebook(), default_templates(), revenue, "python"))


def units(plan: Plan) -> dict[str, dict[str, Any]]:
    return {u["id"]: u for u in yaml.safe_load(plan.text)["units"]}


def test_seed_003_purchasing_and_logistics_splits_in_two() -> None:
    plan = plan_for(SEED_003)
    first = plan.steps[0]
    assert (first.type, first.finding.code, first.outcome.unit) == (
        "split",
        "RST-01",
        "procurement-logistics",
    )
    after = units(plan)
    assert after["procurement-logistics"]["name"] == "采购部"
    assert after["warehouse-logistics"]["name"] == "仓储物流部"
    assert after["pl-purchasing"]["parent"] == "procurement-logistics"
    assert (
        after["pl-warehouse"]["parent"] == after["pl-delivery"]["parent"] == "warehouse-logistics"
    )
    assert after["procurement-logistics"]["lead"] == "方正"
    assert "订单配送周期" in {k["name"] for k in after["warehouse-logistics"]["kpis"]}
    assert "RST-01" not in {f.code for f in plan.after.findings}


def test_seed_003_plan_says_where_everything_went() -> None:
    moves = {m.item.en: m.to for m in plan_for(SEED_003).steps[0].outcome.moves}
    assert moves["'采购组' (pl-purchasing)"] == "procurement-logistics"
    assert moves["'配送组' (pl-delivery)"] == "warehouse-logistics"
    assert moves["KPI '订单配送周期'"] == "warehouse-logistics"
    assert moves["lead 方正"] == "procurement-logistics"


def test_four_person_team_at_5m_gets_no_split() -> None:
    plan = plan_for(SUGGEST / "four-person-5m.yaml")
    assert [s for s in plan.steps if s.type == "split"] == []
    assert plan.text == (SUGGEST / "four-person-5m.yaml").read_text(encoding="utf-8")


def test_functional_2e8_without_director_adds_one() -> None:
    plan = plan_for(SUGGEST / "functional-2e8-no-director.yaml")
    step = plan.steps[0]
    assert (step.type, step.finding.code) == ("add", "FLX-02")
    after = units(plan)
    assert after["director"]["name"] == "电商总监" and after["director"]["parent"] == "gm"
    assert after["ops"]["parent"] == after["supply"]["parent"] == "director"
    assert after["finance"]["parent"] == after["hr"]["parent"] == "gm"  # support stays with the GM


def test_functional_30e8_on_several_platforms_becomes_business_units() -> None:
    plan = plan_for(SUGGEST / "functional-30e8-platforms.yaml")
    assert plan.steps[0].type == "restructure" and plan.steps[0].finding.code == "BND-03"
    after = units(plan)
    business_units = [u for u in after.values() if u.get("kind") == "business_unit"]
    assert {u["scope"]["platform"] for u in business_units} == {"tmall", "jd", "douyin"}
    for bu in business_units:
        legs = {f for u in after.values() if u.get("parent") == bu["id"] for f in u["functions"]}
        assert {"platform_store_operations", "supply_chain_liaison", "finance"} <= legs
    assert not {"BND-03", "RRB-02", "RRB-03", "RRB-04"} & {f.code for f in plan.after.findings}


def test_live_commerce_at_1e8_adds_a_live_group() -> None:
    plan = plan_for(SUGGEST / "live-1e8-no-live-group.yaml")
    step = plan.steps[0]
    assert (step.type, step.finding.code) == ("add", "GAP-03")
    live = units(plan)[step.outcome.unit]
    assert live["functions"] == ["live_streaming_operations"] and live["parent"] == "ops"


def test_overseas_without_cross_border_adds_one() -> None:
    plan = plan_for(SUGGEST / "overseas-no-cross-border.yaml")
    step = plan.steps[0]
    assert (step.type, step.finding.code) == ("add", "GAP-06")
    assert units(plan)[step.outcome.unit]["functions"] == ["cross_border_operations"]


def test_plan_orders_structure_splits_additions_merges() -> None:
    text = (SUGGEST / "functional-30e8-platforms.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "  - id: director\n    name: 电商总监\n    kind: post\n",
        "  - id: director\n    name: 总经理\n    kind: post\n",
    )
    text = text.replace("    lead: 赵磊\n    headcount: 8\n", "    lead: 赵磊\n    headcount: 25\n")
    plan = make_plan(PlanInput("x.yaml", text, rulebook(), default_templates(), None, "python"))
    order = {"restructure": 0, "split": 1, "add": 2, "merge": 3}
    kinds = [order[s.type] for s in plan.steps]
    assert kinds == sorted(kinds) and {"restructure", "add"} <= {s.type for s in plan.steps}


def test_a_small_band_addition_is_one_more_hat_not_a_new_unit(tmp_path: Path) -> None:
    text = (SAMPLES / "004-small.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "functions: [procurement, warehousing, logistics_delivery]",
        "functions: [procurement, logistics_delivery]",
    )
    plan = make_plan(PlanInput("s.yaml", text, rulebook(), default_templates(), None, "python"))
    assert [s.finding.code for s in plan.steps] == ["GAP-01"]
    assert "warehousing" in units(plan)["supply"]["functions"]
    assert len(units(plan)) == 4


def test_json_plan_carries_reasons_thresholds_and_sources(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert (
        main(["suggest", str(SEED_003), "--format", "json", "--lang", "en", "--engine", "python"])
        == 0
    )
    data = json.loads(capsys.readouterr().out)
    step = data["steps"][0]
    assert step["type"] == "split" and step["why"]["params"]["min_headcount"] == 20
    assert "27 people" in step["why"]["message"]
    assert step["source"]["file"] == "003_e42e12d8db004578.txt"
    assert data["recommendations"]["before"] > data["recommendations"]["after"]
    assert {m["to"] for m in step["moves"]} == {"procurement-logistics", "warehouse-logistics"}


@pytest.mark.parametrize("case", case_files(), ids=lambda p: p.stem)
@pytest.mark.parametrize("lang", LANGS)
def test_plan_matches_golden(case: Path, lang: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    expected = SUGGEST / "expected" / f"{case.stem}.plan.{lang}.txt"
    assert plan_output(case, lang) == expected.read_text(encoding="utf-8")


@pytest.mark.parametrize("case", case_files(), ids=lambda p: p.stem)
def test_rewritten_file_matches_golden(case: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    expected = SUGGEST / "expected" / f"{case.stem}.rewritten.yaml"
    assert plan_output(case, "zh", "yaml") == expected.read_text(encoding="utf-8")
