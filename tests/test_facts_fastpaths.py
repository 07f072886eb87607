"""The fast paths of the model and facts stages give what their plain definitions give.

Metrics are computed top down once, link checks are prepared once per link, locations are cached
and the name inference skips the context when the name alone decides. Each test here states the
plain definition (as the code once read) and compares it with the fast path, on orgs drawn at
random: 简体, 繁體 and English names, ambiguous ones, scopes, links and roles.
"""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from orglint import infer, vocabulary
from orglint.domain import links, umbrella_of
from orglint.facts import FactBuilder
from orglint.metrics import UNKNOWN, Metrics
from orglint.model import Org, build_org
from orglint.validate import load_and_validate
from orglint.yamlload import yaml_path

NAMES = [
    *("电商总监", "运营部", "客服部", "售前客服组", "售后组", "仓储物流部", "采购部", "技术部"),
    *("数据分析组", "直播运营组", "品牌部", "设计组", "质检组", "SEO专员", "产品部", "CRM组"),
    *("活动策划组", "运维组", "行政部", "综合组", "倉儲物流部", "數據分析組", "客服質檢組"),
    *("Customer Service", "Warehouse", "Data Analysis Team", "Team A", "IT"),
    # keywords and an ambiguous term in one name: the context still decides the term
    *("活动策划品牌组", "CRM系统开发组", "活动策划及客服组", "客服及质检组", "设计及客服组"),
]
DUTIES = [
    *("负责天猫店铺日常运营", "处理售后退换货", "协助完成领导交办的其他工作", "客服聊天记录抽检"),
    *("商品入库验收", "负责选品和定价", "制定产品路线图", "負責庫存管理與盤點"),
    "Run paid ads on Tmall",
]
KINDS = ["department", "group", "post", "business_unit", "project_team", "committee"]
FUNCTION_IDS = sorted(vocabulary.function_ids())


@st.composite
def org_texts(draw: st.DrawFn) -> str:
    count = draw(st.integers(1, 14))
    units = [_unit(draw, index, count) for index in range(count)]
    company = {"name": "测试", "revenue": draw(st.sampled_from(["300万", "8000万", "5亿"]))}
    return yaml.safe_dump({"orglint": 1, "company": company, "units": units}, allow_unicode=True)


def _unit(draw: st.DrawFn, index: int, count: int) -> dict[str, Any]:
    ids = st.sampled_from([f"u{i}" for i in range(count)])
    unit: dict[str, Any] = {"id": f"u{index}", "name": draw(st.sampled_from(NAMES))}
    if index:
        unit["parent"] = f"u{draw(st.integers(0, index - 1))}"
    optional = {
        "kind": st.sampled_from(KINDS),
        "headcount": st.integers(0, 5),
        "responsibilities": st.lists(st.sampled_from(DUTIES), max_size=3, unique=True),
        "functions": st.lists(st.sampled_from(FUNCTION_IDS), min_size=1, max_size=3, unique=True),
        "collaborates_with": st.lists(ids, min_size=1, max_size=3, unique=True),
        "dotted_to": st.lists(ids, min_size=1, max_size=2, unique=True),
        "racing_group": st.sampled_from(["A", "B"]),
        "scope": st.dictionaries(
            st.sampled_from(["platform", "category"]), st.sampled_from(["tmall", "女装"])
        ),
        "roles": st.lists(_roles(), max_size=2),
        "kpis": st.lists(st.fixed_dictionaries({"name": st.sampled_from(["转化率", "GMV"])})),
    }
    for key, values in optional.items():
        if draw(st.booleans()):
            unit[key] = draw(values)
    return unit


def _roles() -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {"title": st.sampled_from(NAMES), "count": st.integers(1, 3)},
        optional={"responsibilities": st.lists(st.sampled_from(DUTIES), max_size=2, unique=True)},
    )


def _built(text: str) -> tuple[Org, FactBuilder]:
    org = build_org(load_and_validate("org.yaml", text.encode("utf-8")))
    return org, FactBuilder(org)


# --- the plain definitions --------------------------------------------------------------------


def plain_scope(org: Org, m: Metrics, unit_id: str) -> tuple[tuple[str, str], ...]:
    merged: dict[str, str] = {}
    for unit in (unit_id, *m.ancestors(unit_id)):
        for key, value in org.by_id[unit].scope:
            merged.setdefault(key, value)
    return tuple(sorted(merged.items()))


def plain_subtree_headcount(org: Org, m: Metrics, unit_id: str) -> int:
    counts = [m.own_headcount[unit_id]]
    counts += [plain_subtree_headcount(org, m, child) for child in org.children[unit_id]]
    return UNKNOWN if UNKNOWN in counts else sum(counts)


def plain_covering_owners(m: Metrics, function_id: str) -> set[str]:
    covering = set(m.owners.get(function_id, ()))
    for part, units in m.owners.items():
        if umbrella_of(part) == function_id:
            covering.update(units)
    return covering


def plain_connected(org: Org, m: Metrics, unit_id: str, b_owners: set[str]) -> bool:
    reach = b_owners | {a for b in b_owners for a in m.ancestors(b)}
    unit = org.by_id[unit_id]
    if unit_id in reach or b_owners.intersection(m.ancestors(unit_id)):
        return True
    if unit.parent and b_owners.intersection(org.children[unit.parent]):
        return True
    line = (unit_id, *m.ancestors(unit_id))
    return any(m.partners.get(x, set()) & reach for x in line)


# --- metrics and facts ------------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(org_texts())
def test_tree_metrics_match_their_plain_definitions(text: str) -> None:
    org, builder = _built(text)
    m = builder.m
    for unit in org.units:
        assert m.scope(unit.id) == plain_scope(org, m, unit.id)
        assert m.subtree_headcount[unit.id] == plain_subtree_headcount(org, m, unit.id)
    for function_id in FUNCTION_IDS:
        assert m.covering_owners(function_id) == plain_covering_owners(m, function_id)


@settings(max_examples=60, deadline=None)
@given(org_texts())
def test_link_facts_are_connected_by_the_plain_definition(text: str) -> None:
    org, builder = _built(text)
    far_sides = {link.id: link.b for link in links()}
    for fact in (f for f in builder.all() if f["type"] == "link"):
        b_owners = set().union(*(builder.m.covering_owners(f) for f in far_sides[fact["link"]]))
        assert fact["connected"] == plain_connected(org, builder.m, fact["unit"], b_owners), fact


@settings(max_examples=40, deadline=None)
@given(org_texts())
def test_cached_locations_are_what_locate_and_yaml_path_give(text: str) -> None:
    org, builder = _built(text)

    def plain(path: tuple[str | int, ...]) -> tuple[int, int, str]:
        mark = org.document.locate(path)
        return mark.line, mark.column, yaml_path(path)

    for unit in org.units:
        assert builder._unit_at(unit) == plain(("units", unit.index))
        for key, items in (("kpis", unit.kpis), ("dotted_to", unit.dotted_to)):
            for index in range(len(items)):
                got = builder._at_item(("units", unit.index), key, index)
                assert got == plain(("units", unit.index, key, index))


# --- name inference ---------------------------------------------------------------------------

CONTEXTS = [
    ((), ()),
    ((), ("customer_service",)),
    ((), ("tech_web_development",)),
    (("负责选品和定价",), ()),
    (("客服聊天记录抽检", "商品入库验收"), ("warehousing",)),
]


@pytest.mark.parametrize(("duties", "parents"), CONTEXTS)
def test_name_shortcut_gives_what_the_full_inference_gives(
    duties: tuple[str, ...], parents: tuple[str, ...]
) -> None:
    # The shortcut answers from the name alone when it has keywords and no ambiguous term; the
    # full inference (uncached) must agree whatever the duties and the parent's functions.
    for name in NAMES + DUTIES:
        full = infer._inferred_functions.__wrapped__(name, duties, frozenset(parents))
        assert infer.infer_functions(name, duties, parents) == full, name
        ambiguous = infer._is_ambiguous_name.__wrapped__(name, duties, frozenset(parents))
        assert infer.is_ambiguous_name(name, duties, parents) == ambiguous, name


def plain_scope_text(org: Org, m: Metrics, unit_id: str) -> tuple[tuple[str, ...], str]:
    parts = (m.bu[unit_id] or "org", *(f"{k}={v}" for k, v in plain_scope(org, m, unit_id)))
    return parts, ", ".join(parts)


@settings(max_examples=60, deadline=None)
@given(org_texts())
def test_scope_owner_facts_match_their_plain_definition(text: str) -> None:
    # Scopes are remembered per (business unit, declared scope) and rivals counted by the tuple.
    org, builder = _built(text)
    m, facts = builder.m, builder.all()
    for function_id in FUNCTION_IDS:
        top = [
            u for u in m.top_owners(function_id) if m.kind[u] not in ("project_team", "committee")
        ]
        slots: dict[tuple[str, ...], set[str]] = {}
        for unit_id in top:
            scope, _ = plain_scope_text(org, m, unit_id)
            slots.setdefault(scope, set()).add(org.by_id[unit_id].racing_group or unit_id)
        want = [
            (u, plain_scope_text(org, m, u)[1], len(slots[plain_scope_text(org, m, u)[0]]))
            for u in top
        ]
        got = [
            (f["unit"], f["scope"], f["owners_in_scope"])
            for f in facts
            if f["type"] == "scope_owner" and f["function"] == function_id
        ]
        assert got == want, function_id
