"""What orglint says about a rule, in either language: title, principle, rationale, citation,
parameters. `orglint rules`, `orglint explain`, docs/rules.md and SARIF's rule metadata all use
these, so a rule reads the same everywhere."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Final

from orglint.errors import Text
from orglint.rulebook import Rule
from orglint.ruletext import Placeholder, parse_template

PRINCIPLES: Final[Mapping[str, Text]] = {
    "clarity": Text(
        "明确性:每个岗位职责具体清晰,不重叠、不空缺",
        "Clarity: every post's duties specific and clear, no overlap, no vacuum",
    ),
    "measurability": Text(
        "可量化性:职责有可衡量的 KPI", "Measurability: duties come with measurable KPIs"
    ),
    "flexibility": Text(
        "灵活性:结构能随业务调整", "Flexibility: the structure can adapt as the business changes"
    ),
    "collaboration": Text(
        "协同性:部门之间有明确的协作",
        "Collaboration: departments that depend on each other are linked",
    ),
    "revenue-band": Text(
        "营收规模匹配:架构与年销售额所处阶段相符",
        "Revenue-band fit: the structure suits the annual sales band",
    ),
    "reporting": Text("汇报关系:一条清晰的实线汇报", "Reporting: one clear solid reporting line"),
    "conditional": Text(
        "条件职能:直播、跨境等业务需要的职能",
        "Conditional functions: what live commerce, overseas sales and the like need",
    ),
    "suppression": Text(
        "抑制注释:`# orglint: disable=…` 本身也要保持整洁",
        "Suppressions: `# orglint: disable=…` comments kept honest",
    ),
}
LEVEL: Final = {"error": "error", "warning": "warning", "info": "note"}  # SARIF levels


def principle_text(principle: str, lang: str) -> str:
    text = PRINCIPLES.get(principle)
    return text.get(lang) if text else principle


def title(rule: Rule, lang: str) -> str:
    """The message with its placeholders shown as `…` (parameters as their values)."""
    return blanked(rule, rule.message.get(lang))


def blanked(rule: Rule, template: str) -> str:
    """A rule text with fact placeholders shown as `…` and parameters as their values."""
    out = []
    for segment in parse_template(template):
        if isinstance(segment, Placeholder):
            out.append("…" if segment.alias is not None else _plain(rule.params.get(segment.name)))
        else:
            out.append(segment)
    return "".join(out)


def _plain(value: object) -> str:
    if isinstance(value, tuple):
        return ", ".join(map(str, value))
    return "…" if value is None else str(value)


def rationale(rule: Rule, lang: str) -> str:
    """Why the rule exists: the stated reason, else what the seed article says."""
    source = rule.source
    if "reason" in source:
        return str(source["reason"])
    file, quote = source.get("file", ""), source.get("quote", "")
    return (
        f"种子文章 {file}:“{quote}”" if lang == "zh" else f"The seed article {file} says “{quote}”"
    )


def citation(rule: Rule) -> str:
    """One line: the seed file and quote, or the outside source of an assumption."""
    source = rule.source
    parts = [str(source["kind"])]
    if "file" in source:
        parts.append(str(source["file"]))
    if "quote" in source:
        parts.append(f"“{source['quote']}”")
    if "outside_source" in source:
        parts.append(str(source["outside_source"]))
    return " · ".join(parts)


def param_rows(rule: Rule, lang: str) -> list[tuple[str, str, str]]:
    """(name, default as JSON, description) for each parameter."""
    return [
        (
            name,
            show_value(rule.params[name]),
            rule.param_docs[name].get(lang) if name in rule.param_docs else "",
        )
        for name in rule.params
    ]


def show_value(value: object) -> str:
    return json.dumps(list(value) if isinstance(value, tuple) else value, ensure_ascii=False)


def rule_record(rule: Rule, lang: str) -> dict[str, object]:
    """The JSON shape of `orglint rules --format json`."""
    return {
        "code": rule.code,
        "name": rule.name,
        "principle": rule.principle,
        "severity": rule.severity,
        "title": title(rule, lang),
        "message": rule.message.get(lang),
        "fix": rule.fix.get(lang),
        "params": {name: _json_ready(value) for name, value in rule.params.items()},
        "source": {key: str(value) for key, value in rule.source.items()},
        "engine": bool(rule.patterns),
    }


def _json_ready(value: object) -> object:
    return list(value) if isinstance(value, tuple) else value
