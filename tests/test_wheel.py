"""The wheel carries rules/ and schemas/: build it, install it into a fresh virtual environment
(not editable) and run `orglint check` on a sample from outside the source tree."""

from __future__ import annotations

import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from tests.helpers import ROOT, SAMPLES


def _run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(a) for a in args], cwd=cwd, capture_output=True, text=True, timeout=900, check=False
    )


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("wheel")
    built = _run(
        sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", work / "dist", ROOT, cwd=work
    )
    assert built.returncode == 0, built.stderr
    wheel = next((work / "dist").glob("orglint-*.whl"))
    venv.create(work / "venv", with_pip=True)
    bindir = work / "venv" / ("Scripts" if sys.platform == "win32" else "bin")
    done = _run(bindir / "python", "-m", "pip", "install", "-q", wheel, cwd=work)
    assert done.returncode == 0, done.stderr
    return bindir


def test_installed_package_is_not_the_source_tree(installed: Path, tmp_path: Path) -> None:
    where = _run(
        installed / "python", "-c", "import orglint; print(orglint.__file__)", cwd=tmp_path
    )
    assert "site-packages" in where.stdout and str(ROOT) not in where.stdout


def test_wheel_checks_a_sample_outside_the_tree(installed: Path, tmp_path: Path) -> None:
    sample = shutil.copy(SAMPLES / "004-small.yaml", tmp_path / "org.yaml")
    result = _run(
        installed / "orglint", "check", "--lang", "en", "--format", "json", sample, cwd=tmp_path
    )
    assert result.returncode in (0, 1), result.stderr
    assert result.stdout.lstrip().startswith("[")


def test_wheel_reports_bad_input_with_exit_2(installed: Path, tmp_path: Path) -> None:
    bad = tmp_path / "org.yaml"
    bad.write_text(
        "orglint: 1\ncompany: {name: x, revenue: 5e6}\nunits: [{id: a, name: 运营, parent: zz}]\n",
        encoding="utf-8",
    )
    result = _run(installed / "orglint", "check", "--lang", "en", bad, cwd=tmp_path)
    assert result.returncode == 2
    assert f"{bad}:3:" in result.stderr
    assert "Traceback" not in result.stderr


def test_wheel_version_names_the_engine(installed: Path, tmp_path: Path) -> None:
    result = _run(installed / "orglint", "--version", cwd=tmp_path)
    assert result.returncode == 0 and "engine:" in result.stdout


def test_wheel_explains_rules_with_examples_and_reads_config(
    installed: Path, tmp_path: Path
) -> None:
    """The wheel carries the rule cases (examples for `explain`) and the presets."""
    result = _run(installed / "orglint", "explain", "CLR-06", "--lang", "en", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "example that fails" in result.stdout and "→ org.yaml:5:5: CLR-06" in result.stdout
    (tmp_path / ".orglint.yaml").write_text("extends: strict\nselect: [CLR-06]\n", encoding="utf-8")
    shown = _run(installed / "orglint", "check", "--show-settings", cwd=tmp_path)
    assert shown.returncode == 0 and "preset:strict" in shown.stdout, shown.stderr
