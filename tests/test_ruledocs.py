"""`orglint rules`, `orglint explain` and docs/rules.md, all generated from the rule files."""

from __future__ import annotations

import json
import re

import pytest

from orglint.catalogue import load_catalogue
from orglint.rulebook import Rule
from orglint.ruleexamples import examples
from tests.cliutil import run
from tests.helpers import ROOT

Capture = pytest.CaptureFixture[str]
RULES = load_catalogue().rules
DOCS = ROOT / "docs" / "rules.md"


def test_docs_rules_md_is_up_to_date(capsys: Capture) -> None:
    code, out, _ = run(capsys, "rules", "--format", "md")
    assert code == 0
    assert out == DOCS.read_text(encoding="utf-8"), (
        "docs/rules.md is stale; regenerate it with: orglint rules --format md > docs/rules.md"
    )


def test_docs_cover_every_rule_in_both_languages() -> None:
    text = DOCS.read_text(encoding="utf-8")
    for rule in RULES:
        assert f"### {rule.code}\n" in text and f"`{rule.name}`" in text
        assert rule.message.zh in text and rule.message.en in text


def test_rules_table_and_json(capsys: Capture) -> None:
    code, out, _ = run(capsys, "rules", "--lang", "en")
    rows = [line.split()[:4] for line in out.splitlines()[2:]]
    assert code == 0 and [r[0] for r in rows] == [r.code for r in RULES]
    assert ["CLR-06", "unit-without-lead", "clarity", "warning"] in rows
    data = json.loads(run(capsys, "rules", "--format", "json", "--lang", "zh")[1])
    clr04 = next(item for item in data if item["code"] == "CLR-04")
    assert clr04["params"] == {"max_owners": 1} and clr04["engine"] is True
    assert "职能" in clr04["message"] and clr04["source"]["kind"] == "seed"
    assert next(item for item in data if item["code"] == "SUP-01")["engine"] is False


@pytest.mark.parametrize("key", ["CLR-04", "function-overlap"])
def test_explain_everything_about_a_rule(capsys: Capture, key: str) -> None:
    code, out, _ = run(capsys, "explain", key, "--lang", "en")
    assert code == 0
    assert out.startswith("CLR-04 function-overlap\n")
    assert "principle:        clarity — Clarity" in out
    assert "default severity: warning" in out
    assert "seed quote:       “明确分工与责任" in out
    assert re.search(
        r"^  max_owners = 1 +owners one function may have within one scope$", out, re.M
    )
    fails, passes = out.split("example that fails")[1].split("example that passes")
    assert "→ org.yaml:5:5: CLR-04 [warning]" in fails
    assert passes.rstrip().endswith("→ (no finding)")


def test_explain_an_assumed_rule_in_chinese(capsys: Capture) -> None:
    out = run(capsys, "explain", "SUP-02", "--lang", "zh")[1]
    assert "outside source:   eslint-plugin-eslint-comments" in out
    assert "[警告] 抑制注释 disable=unit-without-lead 没有写明原因" in out


def test_explain_unknown(capsys: Capture) -> None:
    code, _, err = run(capsys, "explain", "CLR-99")
    assert code == 2 and "'CLR-99' is not a rule" in err
    assert "a principle" in run(capsys, "explain", "clarity")[2]


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_every_rule_has_a_failing_and_a_passing_example(rule: Rule) -> None:
    assert [e.expect for e in examples(rule.code)] == ["fail", "pass"]
