"""The console script's start and exit (orglint/__main__.py): the collector off, a hard exit after
the output is flushed. Its runs must say exactly what main() says in-process, with the same exit
code; main() itself must leave the process it runs in as it was."""

from __future__ import annotations

import gc
import io
import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from bench.synth import synthetic_org
from orglint import __main__ as entry
from orglint.cli import main
from tests.cliutil import ORG, write
from tests.helpers import ROOT

Capture = pytest.CaptureFixture[str]


def _console(cwd: Path, *args: str, module: str = "orglint") -> subprocess.CompletedProcess[str]:
    """`orglint ARGS` as the console script runs it, in a fresh process."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "LANG": "C.UTF-8"}
    for name in ("GITHUB_ACTIONS", "NO_COLOR", "FORCE_COLOR", "ORGLINT_LANG"):
        env.pop(name, None)
    return subprocess.run(
        [sys.executable, "-m", module, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=600,
        check=False,
    )


def _in_process(capsys: Capture, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def big_org(repo: Path) -> Path:
    """An org whose JSON report (~1 MB) is far more than a pipe holds: flushing must wait."""
    org = synthetic_org(300, random.Random(7))
    return write(repo / "org.yaml", yaml.safe_dump(org, allow_unicode=True))


def test_a_large_report_is_complete_and_the_exit_code_right(
    repo: Path, big_org: Path, capsys: Capture
) -> None:
    args = ("check", "--fail-on", "warning", "--format", "json", big_org.name)
    done = _console(repo, *args)
    code, out, err = _in_process(capsys, *args)
    assert (done.returncode, done.stdout, done.stderr) == (code, out, err)
    assert len(done.stdout) > 256 * 1024 and len(json.loads(done.stdout)) > 100
    assert code == 1  # the synthetic org has warnings: findings that fail the run


def test_text_to_stdout_and_json_to_a_file(repo: Path, big_org: Path) -> None:
    args = ("check", "--fail-on", "warning", "--format", "json", big_org.name)
    done = _console(repo, *args, "--output", "out.json")
    written = json.loads((repo / "out.json").read_text(encoding="utf-8"))
    shown = _console(repo, *args)
    assert done.returncode == shown.returncode == 1
    assert done.stdout == "" and written == json.loads(shown.stdout)


def test_a_clean_run_exits_0(repo: Path, capsys: Capture) -> None:
    write(repo / "org.yaml", ORG)
    done = _console(repo, "check", "--select", "CLR-06", "org.yaml")
    assert done.returncode == 0 and "CLR-06" in done.stdout  # a warning: not a failure
    in_process = _in_process(capsys, "check", "--select", "CLR-06", "org.yaml")
    assert (done.returncode, done.stdout, done.stderr) == in_process


def test_a_broken_config_exits_2_with_its_position(repo: Path) -> None:
    write(repo / "org.yaml", ORG)
    write(repo / ".orglint.yaml", "rules:\n  CLR-04: {severity: fatal}\n")
    done = _console(repo, "check", "org.yaml")
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.startswith(".orglint.yaml:2:22: error: invalid config:")


def test_python_m_orglint_cli_is_the_console_script_too(repo: Path) -> None:
    """The benchmarks run `python -m orglint.cli`."""
    write(repo / "org.yaml", ORG)
    assert (
        _console(repo, "--version").stdout
        == _console(repo, "--version", module="orglint.cli").stdout
    )
    args = ("check", "--select", "CLR-06", "--format", "json", "org.yaml")
    done = _console(repo, *args, module="orglint.cli")
    assert done.returncode == 0 and json.loads(done.stdout)[0]["code"] == "CLR-06"


def test_the_console_script_is_the_entry_point_that_exits_hard() -> None:
    scripts = (ROOT / "pyproject.toml").read_text(encoding="utf-8").split("[project.scripts]")[1]
    assert scripts.lstrip().startswith('orglint = "orglint.__main__:console_main"\n')


class _Unflushable(io.StringIO):
    def flush(self) -> None:
        raise BrokenPipeError(32, "Broken pipe")


def test_output_that_cannot_be_flushed_gets_pythons_own_exit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`orglint check | head`: no hard exit over unwritten output; Python's exit reports it."""
    hard: list[int] = []
    monkeypatch.setattr(os, "_exit", hard.append)
    monkeypatch.setattr(sys, "stdout", _Unflushable())
    with pytest.raises(SystemExit) as stopped:
        entry.hard_exit(1)
    assert stopped.value.code == 1 and hard == []


def test_hard_exit_flushes_then_ends(monkeypatch: pytest.MonkeyPatch) -> None:
    ended: list[tuple[int, str]] = []
    out = io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(os, "_exit", lambda code: ended.append((code, out.getvalue())))
    print("last line", end="")
    entry.hard_exit(2)
    assert ended == [(2, "last line")]


def test_main_leaves_the_process_as_it_was(repo: Path, capsys: Capture) -> None:
    """Tests call main() again and again: no exit, no collector left off."""
    write(repo / "org.yaml", ORG)
    assert gc.isenabled()
    assert _in_process(capsys, "check", "org.yaml")[0] == 1
    assert _in_process(capsys, "--version")[0] == 0
    assert gc.isenabled()


def test_a_run_leaves_next_to_no_cyclic_garbage(repo: Path, capsys: Capture) -> None:
    """What makes turning the collector off for the console script's whole process safe: a run
    forms (almost) no reference cycles, so nothing piles up for the collector to find."""
    org = synthetic_org(200, random.Random(3))
    write(repo / "org.yaml", yaml.safe_dump(org, allow_unicode=True))
    _in_process(capsys, "check", "--format", "sarif", "org.yaml")  # caches and imports filled
    gc.collect()
    gc.disable()
    try:
        for fmt in ("json", "text", "sarif", "github", "junit"):
            _in_process(capsys, "check", "--format", fmt, "org.yaml")
        left = gc.collect()
    finally:
        gc.enable()
    assert left < 100
