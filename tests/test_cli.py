"""The command line: exit codes, formats, languages, and no traceback whatever the input."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from orglint.cli import main
from tests.helpers import SAMPLES

LOCATION = re.compile(r"^.+:\d+:\d+: (error|错误): ", re.M)
SMALL = SAMPLES / "004-small.yaml"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_version_names_engine(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--version")
    assert code == 0 and "engine:" in out


def test_text_format_lines_and_summary(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys,
        "check",
        "--lang",
        "en",
        "--fail-on",
        "info",
        str(SAMPLES / "003-b2c-seven-departments.yaml"),
    )
    lines = out.strip().splitlines()
    assert code == 1
    pattern = re.compile(
        r"^.+:\d+:\d+: [A-Z]{2,4}-\d{2} \[(error|warning|info)\] .+ \([a-z0-9-]+\)$"
    )
    assert all(pattern.match(line) for line in lines[:-1])
    assert lines[-1].startswith("Found ")


def test_json_format_fields(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(
        capsys, "check", "--format", "json", str(SAMPLES / "003-b2c-seven-departments.yaml")
    )
    data = json.loads(out)
    assert data, "sample 003 has findings"
    keys = {
        "code",
        "name",
        "principle",
        "severity",
        "file",
        "line",
        "column",
        "path",
        "unit",
        "message",
        "source",
    }
    assert all(keys <= set(item) for item in data)


def test_fail_on_threshold(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    medium = str(SAMPLES / "004-medium.yaml")  # warnings and infos, no error
    assert run(capsys, "check", medium)[0] == 0
    assert run(capsys, "check", "--fail-on", "warning", medium)[0] == 1
    assert run(capsys, "check", "--fail-on", "info", str(SMALL))[0] == 1  # one info only
    assert run(capsys, "check", "--fail-on", "warning", str(SMALL))[0] == 0
    org = tmp_path / "org.yaml"
    org.write_text(
        "orglint: 1\ncompany: {name: x, revenue: 2亿}\nunits: [{id: a, name: 运营部, lead: 李}]\n",
        encoding="utf-8",
    )
    assert run(capsys, "check", str(org))[0] == 1  # required functions vacant: errors


def test_zh_messages(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(
        capsys, "check", "--lang", "zh", str(SAMPLES / "003-b2c-seven-departments.yaml")
    )
    assert "共 " in out.splitlines()[-1]


def test_bad_revenue_option_is_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "check", "--revenue", "lots", str(SMALL))
    assert code == 2 and "revenue" in err.lower()


def test_missing_file_is_exit_2_with_location(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = run(capsys, "check", str(tmp_path / "nope.yaml"))
    assert code == 2 and LOCATION.search(err)


def test_revenue_required_somewhere(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    org = tmp_path / "org.yaml"
    org.write_text(
        "orglint: 1\ncompany: {name: x}\nunits: [{id: a, name: 运营}]\n", encoding="utf-8"
    )
    assert run(capsys, "check", str(org))[0] == 2
    assert run(capsys, "check", "--revenue", "500万", str(org))[0] in (0, 1)


def _assert_clean_outcome(code: int, err: str) -> None:
    assert code in (0, 1, 2)
    assert "Traceback" not in err
    if code == 2:
        assert LOCATION.search(err), err


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(raw=st.binary(max_size=400))
def test_arbitrary_bytes_never_crash(
    raw: bytes, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    org = tmp_path / "org.yaml"
    org.write_bytes(raw)
    code, _, err = run(capsys, "check", str(org))
    _assert_clean_outcome(code, err)


IDS = st.sampled_from(["a", "b", "ops", "cs", "x.y", "BAD ID", ""])
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-3, 30), st.text(max_size=6), IDS)
UNIT = st.fixed_dictionaries(
    {
        "id": IDS,
        "name": st.one_of(st.sampled_from(["运营部", "客服", "倉儲物流部", "Data"]), SCALARS),
    },
    optional={
        "parent": IDS,
        "headcount": SCALARS,
        "kind": SCALARS,
        "lead": SCALARS,
        "dotted_to": st.lists(IDS, max_size=2),
        "collaborates_with": st.lists(IDS, max_size=2),
        "functions": st.lists(st.sampled_from(["finance", "hr", "nope"]), max_size=2),
        "kpis": st.lists(st.fixed_dictionaries({"name": SCALARS}), max_size=2),
        "roles": st.lists(
            st.fixed_dictionaries({"title": SCALARS}, optional={"count": SCALARS}), max_size=2
        ),
    },
)
ORG = st.fixed_dictionaries(
    {
        "orglint": st.sampled_from([1, 2, "1"]),
        "company": st.fixed_dictionaries(
            {"name": SCALARS},
            optional={
                "revenue": st.one_of(SCALARS, st.sampled_from(["1.2亿", "3000万", "5e6", "120M"])),
                "live_commerce": SCALARS,
            },
        ),
        "units": st.lists(UNIT, max_size=5),
    },
)


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(org=ORG)
def test_org_shaped_mappings_never_crash(
    org: dict[str, object], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "org.yaml"
    path.write_text(yaml.safe_dump(org, allow_unicode=True), encoding="utf-8")
    code, _, err = run(capsys, "check", str(path))
    _assert_clean_outcome(code, err)


def test_summary_never_says_passed_when_a_file_was_unreadable(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(capsys, "check", "--lang", "en", str(SAMPLES / "bad" / "cycle.yaml"))
    assert code == 2 and "cycle" in err
    assert "passed" not in out and "1 file(s) could not be checked" in out
