"""A restructuring plan as text (tabulate) or JSON: each step, why, where everything went."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

from tabulate import tabulate

from orglint.findings import Finding
from orglint.rulebook import Rulebook
from orglint.suggest.bandreport import ACTION_NAMES, money
from orglint.suggest.plan import Plan
from orglint.suggest.starter import cite
from orglint.suggest.steps import Step

HEADERS = {
    "zh": ["#", "动作", "单元", "变为", "原因(规则、阈值、本组织的数字)", "依据"],
    "en": ["#", "Action", "Unit", "Becomes", "Why (rule, threshold, this org's numbers)", "Source"],
}
WIDTHS = [None, None, 16, 34, 52, None]
NOTHING_TO_DO = {
    "zh": "无需调整:check 对该组织没有提出拆分、新增、合并或重组建议。",
    "en": "No restructuring needed: check recommends no split, addition, merge or restructuring.",
}


def thresholds(finding: Finding, rulebook: Rulebook) -> str:
    """The rule's numeric parameters (its thresholds) with the values in force."""
    params = rulebook.get(finding.code).params
    numbers = {
        k: v for k, v in params.items() if isinstance(v, int | float) and not isinstance(v, bool)
    }
    return ", ".join(f"{k}={v}" for k, v in numbers.items())


def source_text(source: Mapping[str, Any]) -> str:
    quoted = cite(source) if "quote" in source else ""
    if source.get("kind") == "assumed":
        return f"{quoted} (assumed: {source['reason']} — {source['outside_source']})".strip()
    return quoted


def _why(step: Step, rulebook: Rulebook, lang: str) -> str:
    finding = step.finding
    codes = ", ".join(f.code for f in (finding, *step.also))
    limits = thresholds(finding, rulebook)
    label = "阈值" if lang == "zh" else "threshold"
    tail = f"; {label}: {limits}" if limits else ""
    return f"{codes} ({finding.principle}): {finding.message.get(lang)}{tail}"


def _unit(step: Step, plan: Plan) -> str:
    unit = step.finding.unit or step.outcome.unit
    for org in (plan.before.org, plan.after.org):
        if unit in org.by_id:
            return f"{org.by_id[unit].name} ({unit})"
    return unit


def _rows(plan: Plan, rulebook: Rulebook, lang: str, notes: list[str]) -> Iterator[list[str]]:
    for step in plan.steps:
        note = source_text(step.finding.source)
        if note not in notes:
            notes.append(note)
        yield [
            str(step.number),
            ACTION_NAMES[step.type][lang],
            _unit(step, plan),
            step.outcome.becomes.get(lang),
            _why(step, rulebook, lang),
            f"[{notes.index(note) + 1}]",
        ]


def _moves(plan: Plan, lang: str) -> Iterator[str]:
    names = {u.id: u.name for u in plan.after.org.units}
    for step in plan.steps:
        for move in step.outcome.moves:
            where = f"{names.get(move.to, move.to)} ({move.to})"
            yield f"  {step.number}. {move.item.get(lang)} → {where}"


def new_findings(plan: Plan) -> list[Finding]:
    """Findings (not recommendations) the rewrite brings that the original did not have."""
    seen = {(f.code, f.unit, f.message.en) for f in plan.before.findings}
    fresh = [f for f in plan.after.findings if (f.code, f.unit, f.message.en) not in seen]
    return [f for f in fresh if f.severity != "info"]


def _new_warnings(plan: Plan, lang: str) -> list[str]:
    fresh = new_findings(plan)
    if not fresh:
        return []
    head = (
        "改写后 check 新出现的问题(请一并处理):"
        if lang == "zh"
        else "New findings check reports after the rewrite (handle them too):"
    )
    return [head, *(f"  {f.code} [{f.severity}] {f.message.get(lang)}" for f in fresh)]


def _people(count: int, lang: str) -> str:
    if count >= 0:
        return str(count)
    return "未知(有单元未写 headcount)" if lang == "zh" else "unknown (a unit has no headcount)"


def _summary(plan: Plan, lang: str, hint: bool) -> list[str]:
    before = _people(plan.before.metrics.total_headcount, lang)
    after = _people(plan.after.metrics.total_headcount, lang)
    added = sum(s.outcome.added_posts for s in plan.steps)
    count_before, count_after = len(plan.before.recommendations), len(plan.after.recommendations)
    if lang == "zh":
        lines = [
            f"人数:{before} → {after}(其中新增岗位 {added} 个,其余人员全部保留)",
            f"check 的建议类结果:{count_before} → {count_after}",
            "写回原文件用 --write,另存用 -o OUT,只看改动用 --diff。",
        ]
    else:
        lines = [
            f"Headcount: {before} → {after} ({added} new post(s); everyone else is kept)",
            f"check's recommendation findings: {count_before} → {count_after}",
            "Write it back with --write, elsewhere with -o OUT, or review it with --diff.",
        ]
    return lines if hint else lines[:2]


def _title(plan: Plan, lang: str) -> str:
    company = plan.before.org.company
    revenue = money(company.revenue, lang)
    if lang == "zh":
        return f"{plan.before.org.file}:{company.name},年销 {revenue}({company.band.label.zh})"
    return (
        f"{plan.before.org.file}: {company.name}, annual sales {revenue} ({company.band.label.en})"
    )


def plan_text(plan: Plan, rulebook: Rulebook, lang: str, hint: bool = True) -> str:
    if not plan.steps:
        return f"{_title(plan, lang)}\n{NOTHING_TO_DO[lang]}\n"
    notes: list[str] = []
    rows = list(_rows(plan, rulebook, lang, notes))
    heading = (
        "重组方案(先结构,再拆分、新增、合并):"
        if lang == "zh"
        else "Restructuring plan (structure first, then splits, additions, merges):"
    )
    table = tabulate(rows, HEADERS[lang], tablefmt="simple", maxcolwidths=WIDTHS)
    moved = "去向:" if lang == "zh" else "Where everything goes:"
    moves = list(_moves(plan, lang))
    lines = [_title(plan, lang), heading, "", table, ""] + ([moved, *moves, ""] if moves else [])
    lines += [f"[{i}] {n}" for i, n in enumerate(notes, 1)] + [""] + _summary(plan, lang, hint)
    warnings = _new_warnings(plan, lang)
    lines += ["", *warnings] if warnings else []
    return "\n".join(lines) + "\n"


def _step_json(step: Step, rulebook: Rulebook, lang: str) -> dict[str, Any]:
    finding = step.finding
    return {
        "step": step.number,
        "type": step.type,
        "unit": step.finding.unit or step.outcome.unit,
        "becomes": step.outcome.becomes.get(lang),
        "new_units": list(step.outcome.new_units),
        "added_posts": step.outcome.added_posts,
        "why": {
            "codes": [f.code for f in (finding, *step.also)],
            "principle": finding.principle,
            "message": finding.message.get(lang),
            "params": {
                k: list(v) if isinstance(v, tuple) else v
                for k, v in rulebook.get(finding.code).params.items()
            },
            "fix": finding.fix.get(lang),
        },
        "action": {
            k: list(v) if isinstance(v, tuple) else v for k, v in (finding.action or {}).items()
        },
        "source": dict(finding.source),
        "moves": [{"item": m.item.get(lang), "to": m.to} for m in step.outcome.moves],
    }


def plan_json(plan: Plan, rulebook: Rulebook, lang: str) -> str:
    data = {
        "file": plan.before.org.file,
        "revenue": plan.before.org.company.revenue,
        "band": plan.before.org.company.band.id,
        "steps": [_step_json(s, rulebook, lang) for s in plan.steps],
        "not_applied": [{"code": f.code, "message": f.message.get(lang)} for f in plan.skipped],
        "headcount": {
            "before": plan.before.metrics.total_headcount,
            "after": plan.after.metrics.total_headcount,
            "added_posts": sum(s.outcome.added_posts for s in plan.steps),
        },
        "recommendations": {
            "before": len(plan.before.recommendations),
            "after": len(plan.after.recommendations),
        },
        "new_findings": [
            {"code": f.code, "severity": f.severity, "message": f.message.get(lang)}
            for f in new_findings(plan)
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
