"""`orglint rules` and `orglint explain`: everything about a rule, from its code or its name."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import TextIO

from tabulate import tabulate

from orglint.catalogue import load_catalogue
from orglint.check import CheckOptions
from orglint.config import load_config
from orglint.errors import InputErrors
from orglint.lint import lint_bytes
from orglint.report.text import TextFormatter
from orglint.revenue import parse_revenue
from orglint.rulebook import Rule
from orglint.ruledocs import blanked, param_rows, principle_text, rationale, rule_record, title
from orglint.ruleexamples import Example, examples
from orglint.rulesmd import rules_markdown
from orglint.selection import Layer, unknown_selectors
from orglint.settings import file_settings


def list_rules(fmt: str, lang: str, out: TextIO, err: TextIO) -> int:
    """Every rule as `fmt`: one of cli.LIST_FORMATS (table, json, md)."""
    try:
        rules = load_catalogue().rules
    except InputErrors as errors:
        err.write("".join(e.render(lang) + "\n" for e in errors.errors))
        return 2
    if fmt == "json":
        out.write(
            json.dumps([rule_record(r, lang) for r in rules], ensure_ascii=False, indent=2) + "\n"
        )
    elif fmt == "md":
        out.write(rules_markdown(rules))
    else:
        rows = [(r.code, r.name, r.principle, r.severity, title(r, lang)) for r in rules]
        out.write(
            tabulate(rows, headers=["code", "name", "principle", "severity", "finding"]) + "\n"
        )
    return 0


def explain_rule(name: str, lang: str, out: TextIO, err: TextIO) -> int:
    catalogue = load_catalogue()
    rule = catalogue.find(name)
    if rule is None:
        what = "a principle, not a rule" if not unknown_selectors([name]) else "not a rule"
        err.write(f"orglint: {name!r} is {what}; `orglint rules` lists every rule\n")
        return 2
    out.write("\n".join(explanation(rule, lang)) + "\n")
    return 0


def explanation(rule: Rule, lang: str) -> Iterator[str]:
    yield f"{rule.code} {rule.name}"
    yield f"  {title(rule, lang)}"
    yield ""
    yield f"principle:        {rule.principle} — {principle_text(rule.principle, lang)}"
    yield f"default severity: {rule.severity}"
    yield f"rationale:        {rationale(rule, lang)}"
    yield from _source_lines(rule)
    yield f"fix:              {blanked(rule, rule.fix.get(lang))}"
    rows = param_rows(rule, lang)
    yield "parameters:" + ("       none" if not rows else "")
    for param, default, description in rows:
        yield f"  {param} = {default}    {description}"
    for example in examples(rule.code):
        yield from _example_lines(rule, example, lang)


def _source_lines(rule: Rule) -> Iterator[str]:
    source = rule.source
    yield f"source:           {source['kind']}" + (
        f" · {source['file']}" if "file" in source else ""
    )
    if "quote" in source:
        yield f"seed quote:       “{source['quote']}”"
    if "outside_source" in source:
        yield f"outside source:   {source['outside_source']}"


def _example_lines(rule: Rule, example: Example, lang: str) -> Iterator[str]:
    verdict = "fails" if example.expect == "fail" else "passes"
    yield ""
    yield f"example that {verdict} ({example.source}: {example.name}):"
    yield from (f"    {line}" for line in example.org.rstrip("\n").splitlines())
    for line in _run_example(rule, example, lang):
        yield f"  → {line}"


def _run_example(rule: Rule, example: Example, lang: str) -> list[str]:
    """What orglint says about the example, as the rule's tests see it (every rule selected)."""
    config = load_config(None).with_command_line(Layer("explain", select=("ALL",)), {})
    revenue = parse_revenue(example.revenue) if example.revenue else None
    try:
        found = lint_bytes(
            "org.yaml",
            example.org.encode("utf-8"),
            file_settings(config, None),
            CheckOptions(revenue=revenue),
        )
    except InputErrors as errors:
        return [e.render(lang) for e in errors.errors]
    formatter = TextFormatter(lang)
    return [formatter.line(f) for f in found if f.code == rule.code] or [
        "(no finding)" if lang == "en" else "(没有发现)"
    ]
