"""`orglint suggest --revenue R` as text (tabulate) or JSON: band, structure, units, next band."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

from tabulate import tabulate

from orglint.domain import Band
from orglint.revenue import format_revenue
from orglint.suggest.bands import STRUCTURE_NAMES, BandChoice
from orglint.suggest.starter import cite
from orglint.suggest.templates import Growth, Headcount, UnitSpec, function_source

HEADERS = {
    "zh": ["单元", "上级", "职能", "关键岗位", "人数", "KPI", "来源"],
    "en": ["Unit", "Reports to", "Functions", "Key posts", "Headcount", "KPIs", "Source"],
}
ACTION_NAMES = {
    "split": {"zh": "拆分", "en": "split"},
    "add": {"zh": "新增", "en": "add"},
    "merge": {"zh": "合并", "en": "merge"},
    "restructure": {"zh": "重组", "en": "restructure"},
}


def money(amount: float, lang: str) -> str:
    return format_revenue(amount, lang) + (" 元" if lang == "zh" else " CNY")


def band_range(band: Band, lang: str) -> str:
    low = money(band.min, lang) if band.min else "0"
    high = money(band.max, lang) if band.max is not None else ""
    return f"[{low}, {high})" if band.max is not None else f"≥ {low}"


def unit_source(unit: UnitSpec) -> Mapping[str, str]:
    return unit.source or function_source(unit.functions[0])


def posts_text(unit: UnitSpec, lang: str) -> str:
    if not unit.posts:
        return unit.name.get(lang)
    return "\n".join(f"{p.title.get(lang)} ×{p.count}" for p in unit.posts)


def headcount_text(headcount: Headcount) -> str:
    span = (
        str(headcount.min) if headcount.min == headcount.max else f"{headcount.min}-{headcount.max}"
    )
    return f"{span} ({headcount.basis['provenance']})"


def _rows(units: tuple[UnitSpec, ...], lang: str, notes: list[str]) -> Iterator[list[str]]:
    names = {u.id: u.name.get(lang) for u in units}
    for unit in units:
        quote = cite(unit_source(unit))
        if quote not in notes:
            notes.append(quote)
        kpis = "\n".join(f"{k.name.get(lang)} {k.target}" for k in unit.kpis[:3])
        yield [
            unit.name.get(lang),
            names.get(unit.parent, ""),
            "\n".join(unit.functions),
            posts_text(unit, lang),
            headcount_text(unit.headcount),
            kpis,
            f"[{notes.index(quote) + 1}]",
        ]


def _heading(choice: BandChoice, lang: str) -> Iterator[str]:
    band, template = choice.band, choice.template
    structure = STRUCTURE_NAMES[template.structure].get(lang)
    if lang == "zh":
        yield f"年销 {money(choice.revenue, 'zh')}:{band.label.zh},区间 {band_range(band, 'zh')}"
        yield f"  档位依据 {cite(template.band_source)}"
        if choice.assumed:
            yield f"  区间为假设:{choice.assumed}"
        yield f"推荐结构:{structure}({template.structure},模板 {template.template})"
        yield f"  依据 {cite(template.source)}"
    else:
        revenue, span = money(choice.revenue, "en"), band_range(band, "en")
        yield f"Annual sales {revenue}: {band.label.en}, range {span}"
        yield f"  band from {cite(template.band_source)}"
        if choice.assumed:
            yield f"  range assumed: {choice.assumed}"
        yield f"Recommended structure: {structure} ({template.structure}, "
        f"template {template.template})"
        yield f"  based on {cite(template.source)}"


def _growth_line(growth: Growth, lang: str) -> str:
    action = ACTION_NAMES[growth.type][lang]
    at = "≥ " + money(growth.at, lang)
    return f"  - {action} ({at}): {growth.what.get(lang)} [{cite(growth.source)}]"


def _next(choice: BandChoice, lang: str) -> Iterator[str]:
    following = choice.next_band
    if following is None or not choice.template.grow:
        return
    since = money(following.min, lang)
    if lang == "zh":
        yield f"发展到下一档({following.label.zh},年销 ≥ {since})时:"
    else:
        yield f"When you grow into the next band ({following.label.en}, from {since}):"
    yield from (_growth_line(g, lang) for g in choice.template.grow)


def band_text(choice: BandChoice, lang: str) -> str:
    notes: list[str] = []
    table = tabulate(list(_rows(choice.units, lang, notes)), HEADERS[lang], tablefmt="simple")
    lines = [*_heading(choice, lang), "", table, ""]
    lines += [f"[{i}] {note}" for i, note in enumerate(notes, 1)]
    bases = sorted({(u.headcount.basis_id, u.headcount.basis["provenance"]) for u in choice.units})
    label = "人数依据" if lang == "zh" else "Headcount bases"
    legend = "; ".join(f"{basis_id}: {provenance}" for basis_id, provenance in bases)
    lines.append(f"{label} (rules/templates.yaml): {legend}")
    growth = list(_next(choice, lang))
    return "\n".join([*lines, *(["", *growth] if growth else [])]) + "\n"


def _unit_json(unit: UnitSpec, lang: str) -> dict[str, Any]:
    return {
        "id": unit.id,
        "name": unit.name.get(lang),
        "parent": unit.parent or None,
        "kind": unit.kind,
        "functions": list(unit.functions),
        "posts": [{"title": p.title.get(lang), "count": p.count} for p in unit.posts],
        "headcount": {
            "min": unit.headcount.min,
            "max": unit.headcount.max,
            "typical": unit.headcount.typical,
            "basis": dict(unit.headcount.basis),
        },
        "kpis": [
            {"name": k.name.get(lang), "target": k.target, "period": k.period} for k in unit.kpis
        ],
        "source": dict(unit_source(unit)),
    }


def band_json(choice: BandChoice, lang: str) -> str:
    band, template = choice.band, choice.template
    data = {
        "revenue": choice.revenue,
        "band": {
            "id": band.id,
            "label": band.label.get(lang),
            "min": band.min,
            "max": band.max,
            "assumed": choice.assumed or None,
            "source": dict(template.band_source),
        },
        "structure": template.structure,
        "template": template.template,
        "source": dict(template.source),
        "units": [_unit_json(u, lang) for u in choice.units],
        "next_band": None
        if choice.next_band is None
        else {
            "id": choice.next_band.id,
            "from": choice.next_band.min,
            "grow": [
                {
                    "type": g.type,
                    "at": g.at,
                    "functions": list(g.functions),
                    "what": g.what.get(lang),
                    "source": dict(g.source),
                }
                for g in template.grow
            ],
        },
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
