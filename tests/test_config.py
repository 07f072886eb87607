"""Config files: discovery, presets and extends, per-rule settings, per-file-ignores,
--config / --isolated / --show-settings."""

from __future__ import annotations

from pathlib import Path

import pytest

from orglint.catalogue import load_catalogue
from orglint.ruledocs import show_value
from tests.cliutil import ORG, codes, run, write

Capture = pytest.CaptureFixture[str]


def test_no_config_means_recommended(repo: Path, capsys: Capture) -> None:
    write(repo / "org.yaml", ORG)
    code, out, _ = run(capsys, "check", "--select", "CLR-06", "org.yaml")
    assert code == 0 and codes(out) == ["CLR-06"]  # a warning: recommended fails on errors only


def test_config_found_by_walking_up_and_nearest_wins(repo: Path, capsys: Capture) -> None:
    write(repo / ".orglint.yaml", "select: [CLR-06, MEA-01]\nignore: [MEA-01]\n")
    write(repo / "a" / "b" / "org.yaml", ORG)
    write(repo / "c" / "org.yaml", ORG)
    write(repo / "c" / ".orglint.yaml", "select: [MEA-01]\n")
    _, out, _ = run(capsys, "check", "a/b/org.yaml", "c/org.yaml")
    assert set(codes(out)) == {"CLR-06", "MEA-01"}
    assert all(line.startswith("a/b/") for line in out.splitlines() if "CLR-06" in line)
    assert all(line.startswith("c/") for line in out.splitlines() if "MEA-01" in line)


def test_discovery_stops_at_the_repository_root(tmp_path: Path, capsys: Capture) -> None:
    write(tmp_path / ".orglint.yaml", "select: [MEA-01]\n")  # above the repository
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    org = write(tmp_path / "repo" / "org.yaml", ORG)
    _, out, _ = run(capsys, "check", "--lang", "en", str(org))
    assert "CLR-06" in codes(out)  # recommended, not the config outside the repository


def test_pyproject_table_and_pyproject_without_one(repo: Path, capsys: Capture) -> None:
    write(repo / "pyproject.toml", '[tool.orglint]\nselect = ["unit-without-lead"]\n')
    write(repo / "sub" / "pyproject.toml", '[project]\nname = "x"\n')  # skipped: no table
    write(repo / "sub" / "org.yaml", ORG)
    _, out, _ = run(capsys, "check", "sub/org.yaml")
    assert codes(out) == ["CLR-06"]


def test_yaml_config_wins_over_pyproject_in_the_same_directory(repo: Path, capsys: Capture) -> None:
    write(repo / "pyproject.toml", '[tool.orglint]\nselect = ["MEA-01"]\n')
    write(repo / ".orglint.yaml", "select: [CLR-06]\n")
    write(repo / "org.yaml", ORG)
    assert codes(run(capsys, "check", "org.yaml")[1]) == ["CLR-06"]


def test_explicit_config_and_isolated(repo: Path, capsys: Capture) -> None:
    write(repo / ".orglint.yaml", "select: [MEA-01]\n")
    write(repo / "elsewhere.yaml", "select: [CLR-06]\n")
    write(repo / "org.yaml", ORG)
    assert codes(run(capsys, "check", "--config", "elsewhere.yaml", "org.yaml")[1]) == ["CLR-06"]
    isolated = codes(run(capsys, "check", "--isolated", "org.yaml")[1])
    assert "CLR-06" in isolated and "MEA-01" in isolated
    code, _, err = run(capsys, "check", "--isolated", "--config", "elsewhere.yaml", "org.yaml")
    assert code == 2 and "--isolated" in err


def test_strict_preset_fails_on_warnings_and_wants_reasons(repo: Path, capsys: Capture) -> None:
    write(
        repo / ".orglint.yaml", "extends: strict\nignore: [ALL]\nextend-select: [CLR-06, SUP-02]\n"
    )
    write(repo / "org.yaml", ORG.replace("  - {id: cs", "  # orglint: disable=MEA-01\n  - {id: cs"))
    code, out, _ = run(capsys, "check", "org.yaml")
    assert code == 1  # CLR-06 is a warning, and strict fails on warnings
    assert codes(out) == ["SUP-02", "CLR-06"]


def test_extends_a_file_relative_to_the_config(repo: Path, capsys: Capture) -> None:
    write(repo / "shared" / "base.yaml", "extends: strict\nselect: [CLR-06]\n")
    write(repo / ".orglint.yaml", "extends: shared/base.yaml\n")
    write(repo / "org.yaml", ORG)
    code, out, _ = run(capsys, "check", "org.yaml")
    assert code == 1 and codes(out) == ["CLR-06"]
    _, shown, _ = run(capsys, "check", "--show-settings", "org.yaml")
    assert "preset:recommended -> preset:strict -> shared/base.yaml -> .orglint.yaml" in shown


def test_severity_and_params_overrides(repo: Path, capsys: Capture) -> None:
    write(
        repo / ".orglint.yaml",
        "select: [CLR-06, function-overlap]\nrules:\n"
        "  unit-without-lead: {severity: error}\n"
        "  CLR-04: {params: {max_owners: 2}}\n",
    )
    write(repo / "org.yaml", ORG + "  - {id: cs2, name: 客服二部, parent: director, lead: 李}\n")
    code, out, _ = run(capsys, "check", "org.yaml")
    assert code == 1 and "CLR-06 [error]" in out
    assert "CLR-04" not in codes(out)  # two owners of customer service are allowed now
    write(repo / ".orglint.yaml", "select: [CLR-04]\n")
    assert codes(run(capsys, "check", "org.yaml")[1]) == ["CLR-04", "CLR-04"]


PARAMS = [(r.code, name, value) for r in load_catalogue().rules for name, value in r.params.items()]


@pytest.mark.parametrize(("code", "name", "value"), PARAMS, ids=[f"{c}.{n}" for c, n, _ in PARAMS])
def test_every_rule_parameter_can_be_set_in_config(
    repo: Path, capsys: Capture, code: str, name: str, value: object
) -> None:
    write(
        repo / ".orglint.yaml", f"rules:\n  {code}:\n    params: {{{name}: {show_value(value)}}}\n"
    )
    write(repo / "org.yaml", ORG)
    code_, out, err = run(capsys, "check", "--show-settings", "org.yaml")
    assert code_ == 0, err
    assert f"rules.{code}.params.{name} = " in out and ".orglint.yaml:3:" in out


def test_per_file_ignores_relative_to_the_config(repo: Path, capsys: Capture) -> None:
    write(
        repo / ".orglint.yaml",
        'select: [CLR-06]\nper-file-ignores:\n  "legacy/*.yaml": [clarity]\n',
    )
    write(repo / "legacy" / "org.yaml", ORG)
    write(repo / "org.yaml", ORG)
    _, out, _ = run(capsys, "check", "legacy/org.yaml", "org.yaml")
    assert [line.split(":")[0] for line in out.splitlines() if "CLR-06" in line] == ["org.yaml"]


def test_lang_and_fail_on_from_the_config_and_the_command_line(repo: Path, capsys: Capture) -> None:
    write(repo / ".orglint.yaml", "lang: zh\nfail-on: warning\nselect: [CLR-06]\n")
    write(repo / "org.yaml", ORG)
    code, out, _ = run(capsys, "check", "org.yaml")
    assert code == 1 and "[警告]" in out
    code, out, _ = run(capsys, "check", "--lang", "en", "--fail-on", "error", "org.yaml")
    assert code == 0 and "[warning]" in out


def test_command_line_selection_layers_over_the_config(repo: Path, capsys: Capture) -> None:
    write(repo / ".orglint.yaml", "select: [CLR-06]\n")
    write(repo / "org.yaml", ORG)
    assert codes(run(capsys, "check", "--ignore", "clarity", "org.yaml")[1]) == []
    out = run(capsys, "check", "--extend-select", "MEA-01,CLR-06", "org.yaml")[1]
    assert set(codes(out)) == {"CLR-06", "MEA-01"}
    code, _, err = run(capsys, "check", "--select", "CLR-6", "org.yaml")
    assert code == 2 and "CLR-6" in err and "principle" in err


def test_show_settings_names_where_each_value_came_from(repo: Path, capsys: Capture) -> None:
    write(
        repo / ".orglint.yaml",
        "extends: strict\nfail-on: info\nrules:\n  CLR-06: {severity: error}\n",
    )
    code, out, _ = run(capsys, "check", "--show-settings", "--ignore", "SUP-01")
    assert code == 0
    assert 'fail-on = "info"  # .orglint.yaml:2:1' in out
    assert 'include = ["org*.yaml", "org*.yml"]  # preset:recommended:' in out
    assert 'rules.CLR-06.severity = "error"  # .orglint.yaml:4:' in out
    assert 'ignore = ["SUP-01"]  # command line' in out
    assert "SUP-02" in out.splitlines()[-1] and "SUP-01" not in out.splitlines()[-1]
