"""docs/rules.md: the rule catalogue as Markdown, generated from the rule files (bilingual, so
one page serves both languages). Regenerate with `orglint rules --format md > docs/rules.md`."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from orglint.rulebook import Rule
from orglint.ruledocs import PRINCIPLES, citation, param_rows, rationale, title

HEADER = """# orglint rules

<!-- Generated from rules/lint/*.yaml and rules/meta/*.yaml by
     `orglint rules --format md > docs/rules.md`; tests/test_ruledocs.py fails when it is stale. -->

Every rule is selected, ignored, re-levelled and suppressed by its code or its name; `select` and
`ignore` also take a principle. `orglint explain CODE` shows a failing and a passing example.
"""


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def rules_markdown(rules: Sequence[Rule]) -> str:
    lines = [HEADER, "| code | name | principle | severity | finding |", "|---|---|---|---|---|"]
    lines += [
        f"| [{r.code}](#{r.code.lower()}) | `{r.name}` | {r.principle} | {r.severity} "
        f"| {_cell(title(r, 'en'))} |"
        for r in rules
    ]
    for principle in dict.fromkeys(r.principle for r in rules):
        text = PRINCIPLES.get(principle)
        lines += ["", f"## {principle}" + (f" — {text.en} / {text.zh}" if text else "")]
        for rule in (r for r in rules if r.principle == principle):
            lines += ["", *_rule_section(rule)]
    return "\n".join(lines) + "\n"


def _rule_section(rule: Rule) -> Iterator[str]:
    where = Path(rule.file)
    yield f"### {rule.code}"
    yield ""
    defined = f"rules/{where.parent.name}/{where.name}"
    yield f"`{rule.name}` · default severity **{rule.severity}** · defined in `{defined}`"
    yield ""
    yield f"- finding: {rule.message.en}"
    yield f"- 发现:{rule.message.zh}"
    yield f"- fix: {rule.fix.en}"
    yield f"- 修正:{rule.fix.zh}"
    if "reason" in rule.source:
        yield f"- rationale: {rationale(rule, 'en')}"
    yield f"- source: {citation(rule)}"
    if rule.action is not None:
        yield f"- recommends: `{dict(rule.action)}`"
    rows = param_rows(rule, "en")
    if rows:
        yield ""
        yield "| parameter | default | meaning |"
        yield "|---|---|---|"
        yield from (
            f"| `{name}` | `{_cell(default)}` | {_cell(text)} |" for name, default, text in rows
        )
