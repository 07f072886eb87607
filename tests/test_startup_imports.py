"""What `orglint check` imports: only what the run needs. jsonschema (~0.1 s to import) only to
word the errors of input that is not valid; `rules`' tables and the TOML reader not at all."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.cliutil import ORG, write
from tests.helpers import ROOT

# Never needed to check a valid org file with a YAML config (or none).
_NOT_FOR_A_VALID_RUN = ("jsonschema", "tabulate", "difflib", "tomllib", "orglint.rulelist")

_PROBE = """
import json, sys
from orglint.cli import main
code = main(sys.argv[1:])
sys.stderr.write("\\nMODULES " + json.dumps(sorted(sys.modules)) + "\\n")
sys.exit(code)
"""


def _modules_after(cwd: Path, *args: str) -> tuple[int, set[str]]:
    """The exit code and every module loaded by `orglint ARGS` in a fresh interpreter."""
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=600,
        check=False,
    )
    listed = done.stderr.rsplit("MODULES ", 1)[1]
    return done.returncode, set(json.loads(listed))


def test_a_valid_run_imports_no_jsonschema(repo: Path) -> None:
    write(repo / "org.yaml", ORG)
    write(repo / ".orglint.yaml", "ignore: [GAP-06]\n")
    code, modules = _modules_after(repo, "check", "--format", "json", "org.yaml")
    assert code == 1  # errors found: the whole pipeline ran
    assert "fastjsonschema" in modules and "orglint.schemafast" in modules
    assert [name for name in _NOT_FOR_A_VALID_RUN if name in modules] == []


def test_an_invalid_org_brings_jsonschema_in_to_word_its_errors(repo: Path) -> None:
    write(repo / "org.yaml", ORG.replace("lead: 王敏", "lead: 王敏, headcount: many"))
    code, modules = _modules_after(repo, "check", "org.yaml")
    assert code == 2 and "jsonschema" in modules


def test_a_broken_config_brings_jsonschema_in(repo: Path) -> None:
    write(repo / "org.yaml", ORG)
    write(repo / ".orglint.yaml", "fail-on: sometimes\n")
    code, modules = _modules_after(repo, "check", "org.yaml")
    assert code == 2 and "jsonschema" in modules
