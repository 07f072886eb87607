"""Baselines: fingerprints without line numbers, so moving units does not resurrect old findings,
while a genuinely new finding is reported."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from orglint.baseline import baseline_text, new_findings
from tests.cliutil import LOCATION, codes, run, write
from tests.helpers import lint_text

Capture = pytest.CaptureFixture[str]

BEFORE = """\
orglint: 1
company: {name: 星河优选, revenue: 5000万, channels: [tmall, jd]}
units:
  - {id: director, name: 电商总监, lead: 王敏}
  - {id: cs, name: 客服部, kind: department, parent: director}
  - id: ads
    name: 推广部
    parent: director
    lead: 张伟
    kpis:
      - {name: 投产比}
  - {id: ads2, name: 推广二部, parent: director, lead: 李娜}
"""

# The same org with units reordered, blocks reflowed, comments and blank lines added.
MOVED = """\
# reorganised file
orglint: 1
company:
  name: 星河优选
  revenue: 5000万
  channels: [tmall, jd]
units:
  - {id: ads2, name: 推广二部, parent: director, lead: 李娜}

  - id: cs
    name: 客服部
    kind: department
    parent: director
  - {id: ads, name: 推广部, parent: director, lead: 张伟, kpis: [{name: 投产比}]}
  - {id: director, name: 电商总监, lead: 王敏}
"""

NEW_UNIT = MOVED + "  - {id: cs2, name: 售后部, kind: department, parent: director}\n"


def test_moving_units_does_not_resurrect_old_findings(repo: Path, capsys: Capture) -> None:
    org = write(repo / "org.yaml", BEFORE)
    code, out, err = run(capsys, "check", "--write-baseline", "baseline.json", "org.yaml")
    assert code == 0 and "wrote" in err and out.startswith("All checks passed")
    recorded = json.loads((repo / "baseline.json").read_text(encoding="utf-8"))["findings"]
    assert len(recorded) >= 5 and all(e["file"] == "org.yaml" for e in recorded)
    before = {(f.code, f.unit) for f in lint_text(BEFORE)}
    after = {(f.code, f.unit) for f in lint_text(MOVED)}
    assert before == after  # same findings, other lines
    assert [f.line for f in lint_text(BEFORE)] != [f.line for f in lint_text(MOVED)]
    org.write_text(MOVED, encoding="utf-8")
    code, out, _ = run(capsys, "check", "--baseline", "baseline.json", "org.yaml")
    assert (code, codes(out)) == (0, [])


def test_a_new_finding_is_reported(repo: Path, capsys: Capture) -> None:
    org = write(repo / "org.yaml", BEFORE)
    run(capsys, "check", "--write-baseline", "baseline.json", "org.yaml")
    org.write_text(NEW_UNIT, encoding="utf-8")
    code, out, _ = run(
        capsys, "check", "--baseline", "baseline.json", "--fail-on", "warning", "org.yaml"
    )
    assert code == 1
    reported = {(line.split(": ")[1].split()[0], line) for line in out.splitlines()[:-1]}
    assert {c for c, _ in reported} >= {"CLR-06"}
    assert all("cs2" in line or "售后" in line or "Customer" in line for _, line in reported), out


def test_baseline_is_relative_to_its_own_directory(
    repo: Path, capsys: Capture, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(repo / "teams" / "org.yaml", BEFORE)
    (repo / "ci").mkdir()
    run(capsys, "check", "--write-baseline", "ci/baseline.json", "teams/org.yaml")
    monkeypatch.chdir(repo / "teams")
    code, out, _ = run(capsys, "check", "--baseline", "../ci/baseline.json", "org.yaml")
    assert (code, codes(out)) == (0, [])


def test_identical_fingerprints_are_counted() -> None:
    [finding] = [f for f in lint_text(BEFORE, select=("CLR-06",))]
    twice = [finding, replace(finding, line=99)]
    baseline = Counter({("org.yaml", finding.fingerprint): 1})
    assert new_findings(twice, baseline, Path("baseline.json")) == [twice[1]]


@pytest.mark.parametrize(
    ("text", "where"),
    [
        (None, "baseline.json:1:1: error: no such baseline"),
        (
            '{"orglint-baseline": 1,\n "findings": [}',
            "baseline.json:2:15: error: the baseline is not valid JSON",
        ),
        ('{"findings": []}', "baseline.json:1:1: error: not an orglint baseline"),
        (
            '{"orglint-baseline": 1, "findings": [{"file": 3}]}',
            "baseline.json:1:1: error: not an orglint baseline",
        ),
    ],
)
def test_unusable_baselines(repo: Path, capsys: Capture, text: str | None, where: str) -> None:
    write(repo / "org.yaml", BEFORE)
    if text is not None:
        write(repo / "baseline.json", text)
    code, _, err = run(capsys, "check", "--baseline", "baseline.json", "org.yaml")
    assert code == 2 and err.startswith(where) and LOCATION.match(err)


def _entry(**changes: object) -> dict[str, object]:
    entry = {
        "file": "组织/org.yaml",
        "code": "CLR-06",
        "name": "unit-without-lead",
        "unit": "cs",
        "fingerprint": "b187c609324b64f91235",
        "message": "unit '客服部' (cs) has no lead",
    }
    return entry | changes


@pytest.mark.parametrize(
    "entries",
    [
        [],
        [_entry()],
        [_entry(), _entry(unit=None, message='q"u\\o\te \x01 😀 \u2028'), _entry(file="a\nb")],
        [_entry(unit=3), _entry(code=None), {"file": "x", "fingerprint": "y"}],
        [_entry(extra=1.5, flag=True, code='}\n      {"'), _entry(message="},\n      {")],
    ],
)
def test_the_baseline_text_is_what_json_dumps_writes(entries: list[dict[str, Any]]) -> None:
    expected = json.dumps(
        {"orglint-baseline": 1, "findings": entries}, ensure_ascii=False, indent=2
    )
    assert baseline_text(entries) == expected + "\n"
