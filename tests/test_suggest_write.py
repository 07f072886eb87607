"""Writing a plan back: --write (atomic, in place), -o OUT, --diff (writes nothing); untouched
parts keep comments, key order and formatting; bad input is exit 2 and leaves the file alone."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from orglint.cli import main
from orglint.suggest import document
from orglint.validate import load_and_validate
from tests.helpers import SAMPLES

SEED_003 = SAMPLES / "003-b2c-seven-departments.yaml"
LOCATION = re.compile(r"^.+:\d+:\d+: (error|错误): ", re.M)


@pytest.fixture
def client(tmp_path: Path) -> Path:
    target = tmp_path / "client.yaml"
    shutil.copy(SEED_003, target)
    return target


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["suggest", *args, "--engine", "python"])
    out, err = capsys.readouterr()
    return code, out, err


def test_write_rewrites_in_place_and_keeps_comments(
    client: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = client.read_text(encoding="utf-8")
    code, out, _ = run(capsys, str(client), "--write", "--lang", "en")
    after = client.read_text(encoding="utf-8")
    assert code == 0 and f"wrote {client}" in out
    assert after != before
    load_and_validate(str(client), after.encode())
    comments = [line for line in before.splitlines() if line.lstrip().startswith("#")]
    assert all(line in after.splitlines() for line in comments)
    assert after.startswith(before.split("units:")[0])  # header, company block: byte for byte


def test_untouched_units_keep_their_exact_text(
    client: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = client.read_text(encoding="utf-8")
    run(capsys, str(client), "--write")
    after = client.read_text(encoding="utf-8")
    finance = before[before.index("  - id: finance") :]
    assert finance in after  # the last two units, flow-style KPIs with their "quotes", unchanged


def test_output_writes_elsewhere_and_leaves_the_original(
    client: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = client.read_bytes()
    out_file = tmp_path / "restructured.yaml"
    code, _, _ = run(capsys, str(client), "-o", str(out_file))
    assert code == 0 and client.read_bytes() == before
    assert "仓储物流部" in out_file.read_text(encoding="utf-8")


def test_diff_prints_a_unified_diff_and_writes_nothing(
    client: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = client.read_bytes()
    code, out, _ = run(capsys, str(client), "--diff")
    assert code == 0 and client.read_bytes() == before
    assert out.startswith(f"--- a/{client}\n+++ b/{client}\n@@ ")
    assert "-    name: 采购及物流部\n+    name: 采购部\n" in out
    removed = [
        line for line in out.splitlines() if line.startswith("-") and not line.startswith("---")
    ]
    touched = (
        "name: 采购及物流部",
        "kpis:",
        "订单配送周期",
        "parent: procurement-logistics",
        "collaborates_with:",
    )
    assert all(any(t in line for t in touched) for line in removed), removed


def test_write_is_atomic_a_failure_leaves_the_file(
    client: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    before = client.read_bytes()

    def broken(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(document.os, "replace", broken)
    with pytest.raises(OSError):
        main(["suggest", str(client), "--write", "--engine", "python"])
    assert client.read_bytes() == before
    assert [p.name for p in client.parent.iterdir()] == ["client.yaml"]  # no temp file left


def test_write_keeps_the_file_mode(client: Path, capsys: pytest.CaptureFixture[str]) -> None:
    os.chmod(client, 0o640)
    run(capsys, str(client), "--write")
    assert client.stat().st_mode & 0o777 == 0o640


BAD = [
    "syntax-error.yaml",
    "duplicate-key.yaml",
    "schema-wrong-type.yaml",
    "unknown-parent.yaml",
    "cycle.yaml",
    "empty.yaml",
]


@pytest.mark.parametrize("name", BAD)
def test_bad_input_is_exit_2_with_location_and_file_untouched(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / name
    shutil.copy(SAMPLES / "bad" / name, target)
    before = target.read_bytes()
    code, out, err = run(capsys, str(target), "--write")
    assert code == 2 and out == ""
    assert LOCATION.search(err) and str(target) in err
    assert "Traceback" not in err
    assert target.read_bytes() == before


def test_missing_file_is_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, str(tmp_path / "nope.yaml"))
    assert code == 2 and f"{tmp_path / 'nope.yaml'}:1:1:" in err


def test_no_file_and_no_revenue_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["suggest"]) == 2
    assert "--revenue" in capsys.readouterr().err


def test_write_and_diff_exclude_each_other(
    client: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = client.read_bytes()
    assert main(["suggest", str(client), "--write", "--diff"]) == 2
    assert client.read_bytes() == before


def test_starter_can_be_written_with_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "org.yaml"
    code, out, _ = run(
        capsys, "--revenue", "2亿", "--format", "yaml", "-o", str(target), "--lang", "zh"
    )
    assert code == 0 and out == f"已写入 {target}\n"
    load_and_validate(str(target), target.read_bytes())


def test_round_trip_of_every_sample_is_byte_identical() -> None:
    for sample in sorted(SAMPLES.glob("*.yaml")):
        text = sample.read_text(encoding="utf-8")
        assert document.RoundTrip(text).dump() == text, sample.name
