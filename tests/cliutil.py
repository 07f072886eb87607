"""Running the real command line inside a temporary directory, for the CLI-level tests."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

LOCATION = re.compile(r"^(?P<file>[^\n]+?):(?P<line>\d+):(?P<col>\d+): (error|错误): ", re.M)

# CLR-06 fires on `cs` (line 5): a department without a lead.
ORG = """\
orglint: 1
company: {name: 星河优选, revenue: 5000万}
units:
  - {id: director, name: 电商总监, lead: 王敏}
  - {id: cs, name: 客服部, kind: department, parent: director}
"""


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    from orglint.cli import main  # here, so that conftest.py imports no more than it needs

    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def codes(out: str) -> list[str]:
    """Rule codes in text output, in order."""
    return re.findall(r": ([A-Z]{2,4}-\d{2}) \[", out)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh git-like repository as the current directory, with no environment surprises."""
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    for name in ("GITHUB_ACTIONS", "NO_COLOR", "FORCE_COLOR", "ORGLINT_LANG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    return tmp_path
