"""Output formats: SARIF (validated against the official 2.1.0 schema), GitHub annotations,
JUnit XML, --format/--output pairs, colour."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from jsonschema import Draft4Validator

from orglint.catalogue import load_catalogue
from orglint.errors import InputError, Text
from orglint.findings import Finding
from orglint.frozenmap import FrozenMap
from orglint.outputs import pair_outputs, use_color
from orglint.report import Results, get_formatter
from orglint.report.github import COMMAND, command, escape_data, escape_property
from orglint.report.jsontext import RawJson, indented_json
from tests.cliutil import ORG, run, write
from tests.helpers import lint_text

Capture = pytest.CaptureFixture[str]
SCHEMA = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"
BROKEN = "orglint: 1\ncompany: {name: x, revenue: 5e6}\nunits: [{id: a, name: 运营, parent: zz}]\n"


@cache
def sarif_validator() -> Draft4Validator:
    return Draft4Validator(json.loads(SCHEMA.read_text(encoding="utf-8")))


def sarif(capsys: Capture, *args: str) -> dict[str, Any]:
    code, out, err = run(capsys, "check", "--format", "sarif", *args)
    assert code in (0, 1, 2) and "Traceback" not in err
    log: dict[str, Any] = json.loads(out)
    errors = sorted(sarif_validator().iter_errors(log), key=str)
    assert errors == [], errors[0].message
    return log


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_sarif_is_valid_and_describes_every_rule(repo: Path, capsys: Capture, lang: str) -> None:
    write(repo / "org.yaml", ORG)
    log = sarif(capsys, "--lang", lang, "org.yaml")
    run_ = log["runs"][0]
    rules = run_["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [r.code for r in load_catalogue().rules]
    clr06 = next(r for r in rules if r["id"] == "CLR-06")
    assert clr06["name"] == "unit-without-lead"
    assert clr06["defaultConfiguration"] == {"level": "warning"}
    assert clr06["properties"]["principle"] == "clarity"
    assert clr06["properties"]["source"]["quote"] == "确保每个环节都有专人负责"
    assert ("accountable" in clr06["help"]["text"]) is (lang == "en")
    assert ("对该单元负责" in clr06["help"]["text"]) is (lang == "zh")
    result = next(r for r in run_["results"] if r["ruleId"] == "CLR-06")
    assert rules[result["ruleIndex"]]["id"] == "CLR-06"
    region = result["locations"][0]["physicalLocation"]
    assert region == {
        "artifactLocation": {"uri": "org.yaml"},
        "region": {"startLine": 5, "startColumn": 5},
    }
    assert result["partialFingerprints"]["orglint/v1"]


def test_sarif_with_odd_paths_and_unreadable_input(repo: Path, capsys: Capture) -> None:
    write(repo / "组织 架构" / "org#1.yaml", ORG)
    write(repo / "broken" / "org.yaml", BROKEN)
    log = sarif(capsys, "组织 架构/org#1.yaml", str(repo / "broken" / "org.yaml"))
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in log["runs"][0]["results"]
    }
    assert uris == {"%E7%BB%84%E7%BB%87%20%E6%9E%B6%E6%9E%84/org%231.yaml"}
    invocation = log["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    notes = invocation["toolExecutionNotifications"]
    assert notes and all(
        n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].startswith("file:///")
        for n in notes
    )


def _finding(**changes: Any) -> Finding:
    fields: dict[str, Any] = {
        "code": "CLR-06",
        "name": "unit-without-lead",
        "principle": "clarity",
        "severity": "warning",
        "file": "org.yaml",
        "line": 5,
        "column": 5,
        "path": "units[1]",
        "unit": "cs",
        "message": Text("单元 '客服部' 没有负责人", "unit '客服部' (cs) has no lead"),
        "fix": Text("指定负责人", "name a lead"),
        "source": FrozenMap({"seed": "000", "quote": "确保每个环节都有专人负责"}),
        "action": None,
        "fingerprint": "b187c609324b64f91235",
    }
    return Finding(**(fields | changes))


# Findings whose every part could trip a hand-written writer: no unit, no fingerprint, a code
# outside the catalogue (no ruleIndex), JSON escapes, CJK, astral characters, line 0, odd paths.
ODD_FINDINGS = (
    _finding(),
    _finding(unit=None, fingerprint="", line=0, column=0, path=""),
    _finding(code="XYZ-99", severity="info", file="/abs/组织 架构/o#1.yaml"),
    _finding(
        severity="error",
        file="C:\\org\\a,b:c.yaml",
        unit='q"u\\o\te',
        message=Text("多行\n消息 \x01 😀", 'line\r\n"quoted" \\ </script> \u2028'),
        fix=Text("", "{}[],:"),
        action=FrozenMap({"type": "split", "into": ("a", "b")}),
    ),
)
ODD_ERRORS = (InputError("bad.yaml", 3, 1, Text("坏", 'bad "input"\n'), "units[0]"),)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(("findings", "errors"), [(ODD_FINDINGS, ODD_ERRORS), ((), ())])
def test_sarif_is_exactly_an_indented_json_dump(
    lang: str, findings: tuple[Finding, ...], errors: tuple[InputError, ...]
) -> None:
    """Results are written by hand for speed; the text must still be what json.dumps writes."""
    results = Results(findings, ("org.yaml",), load_catalogue().rules, errors)
    out = get_formatter("sarif", lang).render(results)
    log = json.loads(out)
    assert out == json.dumps(log, ensure_ascii=False, indent=2) + "\n"
    assert sarif_validator().is_valid(log)
    assert len(log["runs"][0]["results"]) == len(findings)
    if findings:
        first, second, third, _ = log["runs"][0]["results"]
        assert first["partialFingerprints"] == {"orglint/v1": "b187c609324b64f91235"}
        assert "partialFingerprints" not in second and second["properties"]["unit"] is None
        assert second["locations"][0]["physicalLocation"]["region"] == {
            "startLine": 1,
            "startColumn": 1,
        }
        assert "ruleIndex" not in third and "ruleIndex" in first


def test_json_is_an_array_with_one_finding_per_line(repo: Path, capsys: Capture) -> None:
    write(repo / "org.yaml", ORG)
    out = run(capsys, "check", "--format", "json", "--lang", "zh", "org.yaml")[1]
    lines = out.split("\n")[:-1]
    assert (lines[0], lines[-1], out[-2:]) == ("[", "]", "]\n")
    found = [json.loads(line.removesuffix(",")) for line in lines[1:-1]]
    assert found == json.loads(out) and len(found) > 5
    clr06 = next(f for f in found if f["code"] == "CLR-06")
    assert list(clr06) == [
        "code", "name", "principle", "severity", "file", "line", "column", "path", "unit",
        "message", "fix", "source", "fingerprint",
    ]  # fmt: skip
    assert "客服部" in clr06["message"]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_json_lines_are_exactly_json_dumps_of_each_finding(lang: str) -> None:
    findings = (*lint_text(ORG), *ODD_FINDINGS)
    out = get_formatter("json", lang).render(Results(findings, ("org.yaml",)))
    lines = out.split("\n")[1:-2]  # a line is up to "\n" (U+2028 in a message is no break)
    assert len(lines) == len(findings)
    for line, finding in zip(lines, findings, strict=True):
        expected = json.dumps(finding.as_dict(lang), ensure_ascii=False)
        assert line.removesuffix(",") == expected
    assert json.loads(out)[-1]["action"] == {"type": "split", "into": ["a", "b"]}
    assert get_formatter("json", lang).render(Results((), ("org.yaml",))) == "[]\n"


_JSON_SCALARS = (
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(st.characters(), max_size=8)
)
_JSON_VALUES = st.recursive(
    _JSON_SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.lists(inner, max_size=3).map(tuple)
        | st.dictionaries(st.text(max_size=5), inner, max_size=4)
        | st.dictionaries(st.integers(), inner, min_size=1, max_size=2)  # left to json
    ),
    max_leaves=20,
)


@given(value=_JSON_VALUES, depth=st.integers(0, 3))
def test_indented_json_writes_what_json_dumps_writes(value: object, depth: int) -> None:
    expected = json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + "  " * depth)
    assert indented_json(value, depth) == expected


def test_indented_json_takes_raw_parts_as_they_are() -> None:
    text = indented_json({"a": [RawJson("<raw>"), 1], "b": RawJson("{}")})
    assert text == '{\n  "a": [\n    <raw>,\n    1\n  ],\n  "b": {}\n}'


def test_github_annotations_and_escaping(repo: Path, capsys: Capture) -> None:
    write(repo / "a,b:c" / "org.yaml", ORG)
    code, out, _ = run(
        capsys, "check", "--format", "github", "--select", "CLR-06,GAP-01", "a,b:c/org.yaml"
    )
    lines = out.splitlines()
    assert code == 1
    expected = "::warning file=a%2Cb%3Ac/org.yaml,line=5,col=5,title=CLR-06::"
    assert expected + "unit '客服部' (cs) has no lead (unit-without-lead)" in lines
    assert any(
        line.startswith("::error file=a%2Cb%3Ac/org.yaml,") and "title=GAP-01" in line
        for line in lines
    )
    assert escape_data("50%\r\nx") == "50%25%0D%0Ax"
    assert escape_property("a:b,c%") == "a%3Ab%2Cc%25"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_github_lines_are_the_workflow_command_of_each_finding(lang: str) -> None:
    """Annotations reuse escaped files and codes; each line is still `command(...)`."""
    findings = (*lint_text(ORG), *ODD_FINDINGS)
    out = get_formatter("github", lang).render(Results(findings, ("org.yaml",)))
    expected = [
        command(
            COMMAND[f.severity],
            {"file": f.file, "line": f.line, "col": f.column, "title": f.code},
            f"{f.message.get(lang)} ({f.name})",
        )
        for f in findings
    ]
    assert out == "".join(line + "\n" for line in expected)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_formats_render_texts_in_their_language_only(lang: str) -> None:
    """Findings render their texts on demand; a format asks for its language only (sorting may
    have rendered some English messages already: those that tie on place and code)."""
    other = "zh" if lang == "en" else "en"

    def rendered(findings: tuple[Finding, ...]) -> list[tuple[bool, bool]]:
        return [(other in vars(f.message), other in vars(f.fix)) for f in findings]

    for name in ("text", "json", "sarif", "github", "junit"):
        findings = tuple(lint_text(ORG))
        before = rendered(findings)
        get_formatter(name, lang).render(Results(findings, ("org.yaml",), fail_on="info"))
        assert rendered(findings) == before, name


def test_github_is_the_default_inside_github_actions(
    repo: Path, capsys: Capture, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(repo / "org.yaml", ORG)
    write(repo / "bad" / "org.yaml", BROKEN)
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    out = run(capsys, "check", "--select", "CLR-06", "org.yaml", "bad/org.yaml")[1]
    assert out.splitlines()[0].startswith("::warning file=org.yaml,line=5,col=5,title=CLR-06::")
    assert out.splitlines()[1].startswith("::error file=bad/org.yaml,line=3,")
    assert run(capsys, "check", "--format", "text", "--select", "CLR-06", "org.yaml")[1].startswith(
        "org.yaml:5:5: CLR-06"
    )


def test_junit_one_testcase_per_file(repo: Path, capsys: Capture) -> None:
    write(repo / "a" / "org.yaml", ORG)
    write(
        repo / "b" / "org.yaml",
        ORG.replace("kind: department, parent", "lead: 周洁, kind: department, parent"),
    )
    write(repo / "c" / "org.yaml", BROKEN)
    code, out, _ = run(
        capsys,
        "check",
        "--format",
        "junit",
        "--fail-on",
        "warning",
        "--select",
        "CLR-06,CLR-02",
        "a",
        "b",
        "c",
    )
    assert code == 2
    suites = ET.fromstring(out)
    suite = suites.find("testsuite")
    assert suite is not None and suite.attrib["tests"] == "3"
    assert (suite.attrib["failures"], suite.attrib["errors"]) == ("1", "1")
    cases = {case.attrib["name"]: case for case in suite.iter("testcase")}
    assert list(cases) == ["a/org.yaml", "b/org.yaml", "c/org.yaml"]
    [failure] = cases["a/org.yaml"].findall("failure")
    assert failure.attrib["type"] == "CLR-06" and "a/org.yaml:5:5" in failure.attrib["message"]
    assert (
        cases["b/org.yaml"].findall("failure") == []
        and cases["c/org.yaml"].find("error") is not None
    )


def test_junit_lists_findings_below_fail_on_as_output(repo: Path, capsys: Capture) -> None:
    write(repo / "org.yaml", ORG)
    out = run(capsys, "check", "--format", "junit", "--select", "CLR-06", "org.yaml")[1]
    case = ET.fromstring(out).find("testsuite/testcase")
    assert case is not None and case.find("failure") is None
    assert "CLR-06" in (case.findtext("system-out") or "")


def test_output_pairs_write_files(repo: Path, capsys: Capture) -> None:
    write(repo / "org.yaml", ORG)
    (repo / "out").mkdir()
    code, out, _ = run(
        capsys,
        "check",
        "--select",
        "CLR-06",
        "--format",
        "github",
        "--format",
        "sarif",
        "--output",
        "out/r.sarif",
        "--format",
        "junit",
        "--output",
        "r.xml",
        "org.yaml",
    )
    assert code == 0 and out.startswith("::warning file=org.yaml") and len(out.splitlines()) == 1
    assert json.loads((repo / "out" / "r.sarif").read_text(encoding="utf-8"))["version"] == "2.1.0"
    assert ET.fromstring((repo / "r.xml").read_text(encoding="utf-8")).tag == "testsuites"


def test_output_errors(repo: Path, capsys: Capture) -> None:
    write(repo / "org.yaml", ORG)
    code, _, err = run(
        capsys, "check", "--format", "json", "--output", "a", "--output", "b", "org.yaml"
    )
    assert code == 2 and "--format json already writes to a" in err
    code, _, err = run(capsys, "check", "--output", "missing-dir/x.txt", "org.yaml")
    assert code == 2 and err.startswith("missing-dir/x.txt:1:1: error: cannot write")


def test_pairing_rules() -> None:
    assert [(o.format, o.path) for o in pair_outputs([], [], [], "text")] == [("text", None)]
    order = ["output", "format", "format", "output"]
    pairs = pair_outputs(order, ["json", "sarif"], ["a.txt", "b.sarif"], "github")
    assert [(o.format, o.path) for o in pairs] == [
        ("github", "a.txt"),
        ("json", None),
        ("sarif", "b.sarif"),
    ]


class _Tty:
    def __init__(self, tty: bool) -> None:
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


@pytest.mark.parametrize(
    ("choice", "env", "tty", "expected"),
    [
        ("always", {"NO_COLOR": "1"}, False, True),
        ("never", {"FORCE_COLOR": "1"}, True, False),
        ("auto", {}, True, True),
        ("auto", {}, False, False),
        ("auto", {"NO_COLOR": "1"}, True, False),
        ("auto", {"NO_COLOR": ""}, True, True),  # an empty NO_COLOR is no request
        ("auto", {"FORCE_COLOR": "1"}, False, True),
        ("auto", {"FORCE_COLOR": "1", "NO_COLOR": "1"}, False, False),
    ],
)
def test_color_decision(choice: str, env: dict[str, str], tty: bool, expected: bool) -> None:
    assert use_color(choice, _Tty(tty), env) is expected  # type: ignore[arg-type]


def test_color_only_in_text(repo: Path, capsys: Capture, monkeypatch: pytest.MonkeyPatch) -> None:
    write(repo / "org.yaml", ORG)
    assert "\x1b[" in run(capsys, "check", "--color", "always", "--select", "CLR-06", "org.yaml")[1]
    assert "\x1b[" not in run(capsys, "check", "--select", "CLR-06", "org.yaml")[1]
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert "\x1b[" in run(capsys, "check", "--select", "CLR-06", "org.yaml")[1]
    assert (
        "\x1b[" not in run(capsys, "check", "--format", "json", "--color", "always", "org.yaml")[1]
    )
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in run(capsys, "check", "--select", "CLR-06", "org.yaml")[1]
