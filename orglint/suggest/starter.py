"""A complete starter org file (format v1) for a revenue band, with comments citing each unit.

Written as text, not dumped: the comments are the point, and a new file has no layout to keep.
Every scalar goes through the YAML emitter, so quoting is always right.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import yaml

from orglint.revenue import format_revenue, parse_revenue
from orglint.suggest.bands import STRUCTURE_NAMES, BandChoice, Traits
from orglint.suggest.templates import Headcount, UnitSpec, function_source


def scalar(value: Any) -> str:
    """One value in YAML flow style on one line (strings quoted only when they must be)."""
    text = yaml.safe_dump(
        value, default_flow_style=True, allow_unicode=True, width=10**6, sort_keys=False
    )
    return text.removesuffix("\n").removesuffix("\n...")


def revenue_text(revenue: float) -> str:
    """1.2亿 when that reads back as exactly the same amount, else the plain number."""
    friendly = format_revenue(revenue, "zh")
    if parse_revenue(friendly) == revenue:
        return friendly
    return str(int(revenue)) if revenue.is_integer() else repr(revenue)


def cite(source: Mapping[str, str] | None) -> str:
    if not source:
        return ""
    return f"{source['file']}: “{source['quote']}”"


def headcount_note(headcount: Headcount, lang: str) -> str:
    label = "人数" if lang == "zh" else "headcount"
    return f"{label} {headcount.min}-{headcount.max} [{headcount.basis_id}]"


def basis_legend(bases: Mapping[str, Mapping[str, str]], used: set[str]) -> Iterator[str]:
    """One comment line per headcount basis the file uses: provenance, then its citation."""
    for basis_id in sorted(used):
        basis = bases[basis_id]
        why = cite(basis) if basis["provenance"] == "stated" else basis["reason"]
        yield f"#   [{basis_id}] {basis['provenance']}: {why}"
        if "outside_source" in basis:
            yield f"#     {basis['outside_source']}"


def _header(choice: BandChoice, lang: str) -> Iterator[str]:
    band, template = choice.band, choice.template
    structure = STRUCTURE_NAMES[template.structure].get(lang)
    if lang == "zh":
        yield f"# orglint 起步架构:{band.label.zh},{structure}(模板 {template.template})"
        yield "# 由 `orglint suggest --format yaml` 生成;用 `orglint check` 检查。"
        yield f"# 依据 {cite(template.source)}"
        yield "# 人数为规划默认值(范围见各单元注释);种子未给出的 KPI 目标为占位值,需与客户商定。"
        yield "# 人数依据:"
    else:
        yield f"# orglint starter org: {band.label.en}, {structure} (template {template.template})"
        yield "# Written by `orglint suggest --format yaml`; check it with `orglint check`."
        yield f"# Based on {cite(template.source)}"
        yield "# Headcounts are planning defaults (ranges in each unit's comment); KPI targets the"
        yield "# seeds do not state are placeholders to agree with the client. Headcount bases:"


def _company(choice: BandChoice, traits: Traits, lang: str) -> Iterator[str]:
    yield "orglint: 1"
    yield "company:"
    default_name = "示例公司" if lang == "zh" else "Example Co."
    yield f"  name: {scalar(traits.name or default_name)}"
    yield f"  revenue: {scalar(revenue_text(choice.revenue))}"
    if traits.channels:
        yield f"  channels: {scalar(list(traits.channels))}"
    if traits.live_commerce:
        yield "  live_commerce: true"
    if traits.overseas:
        yield "  overseas: true"


def _unit_comment(unit: UnitSpec, lang: str) -> Iterator[str]:
    yield f"  # {unit.name.get(lang)}: {headcount_note(unit.headcount, lang)}"
    if unit.note:
        yield f"  # {unit.note.get(lang)}"
    source = unit.source or function_source(unit.functions[0])
    yield f"  # {cite(source)}"


def _unit(unit: UnitSpec, lang: str) -> Iterator[str]:
    yield from _unit_comment(unit, lang)
    yield f"  - id: {scalar(unit.id)}"
    yield f"    name: {scalar(unit.name.get(lang))}"
    yield f"    kind: {unit.kind}"
    if unit.parent:
        yield f"    parent: {scalar(unit.parent)}"
    yield f"    lead: {scalar(unit.lead(lang))}"
    yield f"    headcount: {unit.headcount.typical}"
    yield f"    functions: {scalar(list(unit.functions))}"
    yield from _kpis(unit, lang)
    if unit.collaborates_with:
        yield f"    collaborates_with: {scalar(list(unit.collaborates_with))}"
    yield from _roles(unit, lang)


def _kpi(kpi: Any, lang: str) -> dict[str, str]:
    return {"name": kpi.name.get(lang), "target": kpi.target, "period": kpi.period}


def _kpis(unit: UnitSpec, lang: str) -> Iterator[str]:
    yield "    kpis:"
    for kpi in unit.kpis:
        yield f"      - {scalar(_kpi(kpi, lang))}"


def _roles(unit: UnitSpec, lang: str) -> Iterator[str]:
    """Posts become roles when a unit has several, each measured on the unit's first KPI."""
    if len(unit.posts) < 2 and not (unit.posts and unit.posts[0].count > 1):
        return
    yield "    roles:"
    for post in unit.posts:
        role = {
            "title": post.title.get(lang),
            "count": post.count,
            "kpis": [_kpi(unit.kpis[0], lang)],
        }
        yield f"      - {scalar(role)}"


def starter_yaml(
    choice: BandChoice, traits: Traits, bases: Mapping[str, Mapping[str, str]], lang: str
) -> str:
    used = {unit.headcount.basis_id for unit in choice.units}
    lines = [*_header(choice, lang), *basis_legend(bases, used)]
    lines += [*_company(choice, traits, lang), "units:"]
    for unit in choice.units:
        lines += _unit(unit, lang)
    return "\n".join(lines) + "\n"
