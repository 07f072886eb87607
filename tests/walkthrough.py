"""The README's consultant walkthrough (suggest → write → check), run for real.

The block between the walkthrough markers in README.md is exactly what these commands print in a
fresh directory holding a copy of samples/003; tests/test_suggest_readme.py checks that, and
`python -m tests.walkthrough` rewrites the block after an intended change.
"""

from __future__ import annotations

import contextlib
import io
import os
import shlex
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from orglint.cli import main
from tests.helpers import ROOT, SAMPLES

README = ROOT / "README.md"
BEGIN, END = "<!-- walkthrough:suggest -->", "<!-- /walkthrough:suggest -->"
COMMANDS = [
    "orglint suggest --revenue 500万 --lang en",
    "orglint suggest --revenue 500万 --lang en --format yaml --name 'Xiaoman Home' -o starter.yaml",
    "orglint check starter.yaml --lang en",
    "cp samples/003-b2c-seven-departments.yaml client.yaml",
    "orglint suggest client.yaml --lang en",
    "orglint suggest client.yaml --diff | head -12",
    "orglint suggest client.yaml --write --lang en | tail -3",
    "orglint check client.yaml --lang en | tail -1",
]


def _orglint(argv: list[str]) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        main(argv)
    return out.getvalue()


def run_command(line: str) -> str:
    """One shell-like line: `cp A B`, or `orglint ...` optionally piped to head/tail -N."""
    command, _, pipe = line.partition(" | ")
    argv = shlex.split(command)
    if argv[0] == "cp":
        shutil.copy(argv[1], argv[2])
        return ""
    lines = _orglint(argv[1:]).splitlines(keepends=True)
    if pipe:
        tool, count = pipe.split(" -")
        lines = lines[: int(count)] if tool == "head" else lines[-int(count) :]
    return "".join(lines)


@contextlib.contextmanager
def scratch() -> Iterator[Path]:
    """A fresh directory with the sample a consultant would start from."""
    home = os.getcwd()
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "samples").mkdir()
        shutil.copy(SAMPLES / "003-b2c-seven-departments.yaml", Path(tmp) / "samples")
        os.chdir(tmp)
        try:
            yield Path(tmp)
        finally:
            os.chdir(home)


def transcript() -> str:
    with scratch():
        parts = [f"$ {line}\n{run_command(line)}" for line in COMMANDS]
    return "```console\n" + "".join(parts) + "```\n"


def readme_block() -> str:
    text = README.read_text(encoding="utf-8")
    return text[text.index(BEGIN) + len(BEGIN) + 1 : text.index(END)]


def main_update() -> int:
    text = README.read_text(encoding="utf-8")
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    README.write_text(f"{head}{BEGIN}\n{transcript()}{END}{tail}", encoding="utf-8")
    print(f"updated {README.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main_update())
