"""Inputs: several files and directories in one run, `-` with --stdin-filename, and exit 2 when
nothing matched."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from orglint.check import CheckOptions
from orglint.run import InputOptions, ReportOptions, SettingsOptions, Streams, run_check
from tests.cliutil import ORG, codes, run, write

Capture = pytest.CaptureFixture[str]


def test_files_and_directories(repo: Path, capsys: Capture) -> None:
    for name in ("teams/east/org.yaml", "teams/org-west.yml", "teams/notes.yaml", "org.yaml"):
        write(repo / name, ORG)
    write(repo / "teams" / "node_modules" / "org.yaml", ORG)  # excluded by default
    code, out, _ = run(
        capsys, "check", "--select", "CLR-06", "teams", "org.yaml", "teams/east/org.yaml"
    )
    files = [line.split(":")[0] for line in out.splitlines() if "CLR-06" in line]
    assert code == 0 and files == ["teams/east/org.yaml", "teams/org-west.yml", "org.yaml"]
    assert out.splitlines()[-1].endswith("in 3 file(s).")


def test_no_argument_means_the_current_directory(repo: Path, capsys: Capture) -> None:
    write(repo / "org.yaml", ORG)
    assert codes(run(capsys, "check", "--select", "CLR-06")[1]) == ["CLR-06"]


def test_include_and_exclude_from_the_config(repo: Path, capsys: Capture) -> None:
    write(
        repo / ".orglint.yaml",
        "select: [CLR-06]\nextend-include: ['structure/*.yaml']\nextend-exclude: [archive]\n",
    )
    write(repo / "structure" / "east.yaml", ORG)
    write(repo / "archive" / "org.yaml", ORG)
    write(repo / "org.yaml", ORG)
    out = run(capsys, "check", ".")[1]
    assert [line.split(":")[0] for line in out.splitlines()[:-1]] == [
        "org.yaml",
        "structure/east.yaml",
    ]


def test_nothing_matched_is_exit_2(repo: Path, capsys: Capture) -> None:
    (repo / "empty").mkdir()
    write(repo / "empty" / "notes.yaml", ORG)
    code, out, err = run(capsys, "check", "empty")
    assert code == 2 and out == ""
    assert err.startswith(
        "empty:1:1: error: no org files to check (looked for org*.yaml, org*.yml)"
    )
    assert run(capsys, "check")[0] == 2  # an empty repository does not pass silently


def test_stdin_with_a_file_name(repo: Path) -> None:
    write(repo / ".orglint.yaml", "select: [CLR-06]\nper-file-ignores:\n  'legacy/*': [ALL]\n")
    out, err = io.StringIO(), io.StringIO()

    def check(*files: str, name: str | None) -> int:
        streams = Streams(out, err, io.BytesIO(ORG.encode("utf-8")), {})
        return run_check(
            InputOptions(files, name), SettingsOptions(), CheckOptions(), ReportOptions(), streams
        )

    assert check("-", name="teams/org.yaml") == 0
    assert out.getvalue().startswith("teams/org.yaml:5:5: CLR-06")
    out.truncate(0)
    out.seek(0)
    assert check("-", name="legacy/org.yaml") == 0 and codes(out.getvalue()) == []
    out.truncate(0)
    out.seek(0)
    assert check("-", name=None) == 0 and out.getvalue().startswith("-:5:5: CLR-06")


def test_missing_and_unreadable_files_still_report_the_rest(repo: Path, capsys: Capture) -> None:
    write(repo / "org.yaml", ORG)
    code, out, err = run(capsys, "check", "--select", "CLR-06", "nope.yaml", "org.yaml")
    assert code == 2 and "nope.yaml:1:1: error: cannot read the file" in err
    assert codes(out) == ["CLR-06"]
