"""Synthetic org files for benchmarks and property tests: realistic shapes at any size.

A tree of departments, groups and posts with names drawn from the seeds' vocabulary, roles, KPIs,
collaboration links and dotted lines. Deterministic for a given random generator.
"""

from __future__ import annotations

import random
from typing import Any

DEPARTMENTS = [
    "运营部",
    "客服部",
    "市场部",
    "采购及物流部",
    "技术部",
    "财务部",
    "人力资源部",
    "數據分析部",
    "Customer Service",
    "商品运营组",
    "视觉设计组",
    "直播运营组",
    "用户运营组",
    "仓储物流部",
    "内容创作组",
    "活动策划组",
    "合规部",
    "Data Analytics",
]
POSTS = [
    "活动运营",
    "推广专员",
    "售前客服",
    "售后客服",
    "客服质检",
    "采购专员",
    "仓库管理员",
    "数据分析师",
    "视觉设计师",
    "内容编辑",
    "SEO專員",
    "Store Operator",
    "供应链协同岗",
]
KPIS = ["转化率", "库存周转率", "动销率", "流量成本", "复购率", "好评率", "投产比", "30秒内回复率"]
PERIODS = ["daily", "weekly", "monthly", "quarterly", "yearly"]


def _kpis(rnd: random.Random) -> list[dict[str, Any]]:
    kpis = []
    for name in rnd.sample(KPIS, rnd.randint(0, 2)):
        kpi: dict[str, Any] = {"name": name}
        if rnd.random() < 0.7:
            kpi["target"] = f">= {rnd.randint(1, 99)}%"
        if rnd.random() < 0.6:
            kpi["period"] = rnd.choice(PERIODS)
        kpis.append(kpi)
    return kpis


def _unit(rnd: random.Random, index: int, parent: str | None) -> dict[str, Any]:
    is_post = parent is not None and rnd.random() < 0.4
    name = rnd.choice(POSTS if is_post else DEPARTMENTS)
    unit: dict[str, Any] = {"id": f"u{index}", "name": name if index else "电商总监"}
    if parent is not None:
        unit["parent"] = parent
    if is_post:
        unit["kind"] = "post"
    if rnd.random() < 0.85:
        unit["lead"] = f"负责人{index}"
    unit["headcount"] = 1 if is_post else rnd.randint(0, 8)
    if rnd.random() < 0.5:
        unit["responsibilities"] = rnd.sample(
            ["店铺日常运营", "平台活动报名", "售后退换货", "协助领导交办的其他工作", "采购下单"], 2
        )
    unit["kpis"] = _kpis(rnd)
    if not is_post and rnd.random() < 0.3:
        count = rnd.randint(1, 3)
        unit["roles"] = [{"title": rnd.choice(POSTS), "count": count, "kpis": _kpis(rnd)}]
        unit["headcount"] = count
    return unit


def _parent_for(rnd: random.Random, units: list[dict[str, Any]], depth: dict[str, int]) -> str:
    # Real orgs are wide and shallow: pick a recent non-post unit at most four levels down.
    for _ in range(12):
        candidate = units[max(0, len(units) - rnd.randint(1, 40))]
        if candidate.get("kind") != "post" and depth[candidate["id"]] < 4:
            return str(candidate["id"])
    return str(units[0]["id"])


def _links(rnd: random.Random, units: list[dict[str, Any]]) -> None:
    ids = [u["id"] for u in units]
    for unit in units[1:]:
        if rnd.random() < 0.3:
            unit["collaborates_with"] = sorted({rnd.choice(ids)} - {unit["id"]})
        if rnd.random() < 0.05:
            unit["dotted_to"] = sorted({rnd.choice(ids)} - {unit["id"]})


def synthetic_org(n_units: int, rnd: random.Random, revenue: str = "3亿") -> dict[str, Any]:
    units = [_unit(rnd, 0, None)]
    depth = {"u0": 0}
    for index in range(1, n_units):
        parent = _parent_for(rnd, units, depth)
        units.append(_unit(rnd, index, parent))
        depth[f"u{index}"] = depth[parent] + 1
    _links(rnd, units)
    return {
        "orglint": 1,
        "company": {
            "name": "合成测试公司",
            "revenue": revenue,
            "channels": rnd.sample(["tmall", "jd", "douyin", "own_site"], rnd.randint(1, 3)),
            "live_commerce": rnd.random() < 0.5,
            "overseas": rnd.random() < 0.2,
        },
        "units": units,
    }
