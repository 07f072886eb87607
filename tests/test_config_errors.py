"""A config that cannot be used is exit 2 with file:line:col, the key and what is allowed —
never a traceback, whatever the file holds."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.cliutil import LOCATION, ORG, run, write

Capture = pytest.CaptureFixture[str]

CASES = [
    # config text, expected location, words the message must contain
    (
        "selct: [ALL]\n",
        ".orglint.yaml:1:1",
        ["selct", "did you mean 'select'", "allowed:", "extend-select"],
    ),
    (
        "rules:\n  CLR-04: {severty: error}\n",
        ".orglint.yaml:2:12",
        ["severty", "params", "severity"],
    ),
    ("rules:\n  CLR-99: {severity: error}\n", ".orglint.yaml:2:3", ["CLR-99", "orglint rules"]),
    (
        "rules:\n  CLR-04:\n    params: {max_owner: 2}\n",
        ".orglint.yaml:3:14",
        ["max_owner", "max_owners"],
    ),
    (
        "rules:\n  CLR-04:\n    params: {max_owners: two}\n",
        ".orglint.yaml:3:26",
        ["max_owners", "number", "default 1"],
    ),
    (
        "rules:\n  CLR-06:\n    params: {exempt_kinds: [1]}\n",
        ".orglint.yaml:3:28",
        ["exempt_kinds", "list of text"],
    ),
    (
        "rules:\n  CLR-04: {severity: fatal}\n",
        ".orglint.yaml:2:22",
        ["error, warning, info", "fatal"],
    ),
    (
        "rules:\n  CLR-04: {severity: error}\n  function-overlap: {severity: info}\n",
        ".orglint.yaml:3:3",
        ["same rule CLR-04"],
    ),
    ("select: CLR-04\n", ".orglint.yaml:1:9", ["select", "a list"]),
    (
        "ignore: [ALL, clarty]\n",
        ".orglint.yaml:1:15",
        ["clarty", "did you mean 'clarity'", "principle"],
    ),
    ("per-file-ignores:\n  'x/*.yaml': [nope]\n", ".orglint.yaml:2:16", ["nope", "ALL"]),
    ("fail-on: warn\n", ".orglint.yaml:1:10", ["error, warning, info"]),
    (
        "extends: strcit\n",
        ".orglint.yaml:1:10",
        ["strcit", "recommended, strict", "does not exist"],
    ),
    ("- select\n", ".orglint.yaml:1:1", ["top level must be a mapping"]),
    ("select: [ALL\n", ".orglint.yaml:2:1", []),
    ("a: &a [x]\nb: *a\nselect: [ALL]\n", ".orglint.yaml:", []),
    ("select: [ALL]\nselect: [CLR-04]\n", ".orglint.yaml:2:1", ["select"]),
    ("!!python/object:os.system {}\n", ".orglint.yaml:1:1", []),
]


@pytest.mark.parametrize(("text", "where", "words"), CASES, ids=[c[0][:30] for c in CASES])
def test_bad_yaml_config(
    repo: Path, capsys: Capture, text: str, where: str, words: list[str]
) -> None:
    write(repo / ".orglint.yaml", text)
    write(repo / "org.yaml", ORG)
    code, out, err = run(capsys, "check", "--lang", "en", "org.yaml")
    assert code == 2 and out == ""
    assert err.startswith(where), err
    assert LOCATION.match(err) and "Traceback" not in err
    for word in words:
        assert word in err


TOML_CASES = [
    (
        '[tool.orglint]\nselect = ["ALL"]\nignroe = ["CLR-04"]\n',
        "pyproject.toml:3:1",
        ["ignroe", "'ignore'"],
    ),
    ('[tool.orglint]\nignore = [\n  "CLR-04",\n  "nope",\n]\n', "pyproject.toml:4:3", ["nope"]),
    (
        '[tool.orglint.rules.function-overlap]\nparams = {max_owners = "2"}\n',
        "pyproject.toml:2:11",
        ["max_owners", "number"],
    ),
    ("[tool.orglint]\nselect = [\n", "pyproject.toml:3:1", ["TOML", "end of document"]),
    ("[tool]\norglint = 3\n", "pyproject.toml:2:1", ["must be a table"]),
    ("x = " + "[" * 5000 + "]" * 5000 + "\n[tool.orglint]\n", "pyproject.toml:1:1", []),
]


@pytest.mark.parametrize(
    ("text", "where", "words"), TOML_CASES, ids=[c[0][:30] for c in TOML_CASES]
)
def test_bad_pyproject_config(
    repo: Path, capsys: Capture, text: str, where: str, words: list[str]
) -> None:
    write(repo / "pyproject.toml", text)
    write(repo / "org.yaml", ORG)
    code, _, err = run(capsys, "check", "--lang", "en", "org.yaml")
    assert code == 2 and err.startswith(where), err
    assert "Traceback" not in err
    for word in words:
        assert word in err


def test_extends_cycle_names_the_files(repo: Path, capsys: Capture) -> None:
    write(repo / ".orglint.yaml", "extends: a.yaml\n")
    write(repo / "a.yaml", "extends: .orglint.yaml\n")
    write(repo / "org.yaml", ORG)
    code, _, err = run(capsys, "check", "org.yaml")
    assert code == 2 and "circle" in err and "a.yaml" in err and LOCATION.match(err)


def test_hostile_config_files(repo: Path, capsys: Capture) -> None:
    write(repo / "org.yaml", ORG)
    laughs = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(9)
    )
    for raw in (
        laughs.encode(),
        b"\xff\xfe\x00garbage\x00",
        ("select:" + " [" * 3000 + "]" * 3000).encode(),
        b"#" * (2 * 1024 * 1024),
        b"select: [ALL]\n\x07\n",
    ):
        (repo / ".orglint.yaml").write_bytes(raw)
        code, _, err = run(capsys, "check", "org.yaml")
        assert code == 2 and LOCATION.match(err) and "Traceback" not in err, err


def test_empty_and_comment_only_configs_are_fine(repo: Path, capsys: Capture) -> None:
    write(repo / "org.yaml", ORG)
    expected = run(capsys, "check", "--isolated", "org.yaml")
    for text in ("", "# nothing yet\n", "---\n"):
        write(repo / ".orglint.yaml", text)
        assert run(capsys, "check", "org.yaml") == expected


def test_missing_explicit_config(repo: Path, capsys: Capture) -> None:
    write(repo / "org.yaml", ORG)
    code, _, err = run(capsys, "check", "--config", "nope.yaml", "org.yaml")
    assert code == 2 and "nope.yaml:1:1:" in err and "cannot read" in err


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(raw=st.binary(max_size=300) | st.text(max_size=200).map(lambda t: t.encode("utf-8")))
def test_arbitrary_config_bytes_never_crash(repo: Path, capsys: Capture, raw: bytes) -> None:
    write(repo / "org.yaml", ORG)
    (repo / ".orglint.yaml").write_bytes(raw)
    code, _, err = run(capsys, "check", "org.yaml")
    assert code in (0, 1, 2) and "Traceback" not in err
    if code == 2:
        assert LOCATION.match(err), err


KEYS = st.sampled_from(
    [
        "select",
        "ignore",
        "extend-select",
        "rules",
        "per-file-ignores",
        "fail-on",
        "extends",
        "lang",
        "include",
    ]
)
VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.sampled_from(["ALL", "CLR-04", "clarity", "x", "strict", "error"]),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(
            st.sampled_from(["CLR-04", "severity", "params", "max_owners", "*.yaml"]),
            inner,
            max_size=3,
        )
    ),
    max_leaves=8,
)


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(config=st.dictionaries(KEYS, VALUES, max_size=4))
def test_config_shaped_values_never_crash(
    repo: Path, capsys: Capture, config: dict[str, object]
) -> None:
    import json

    write(repo / "org.yaml", ORG)
    write(repo / ".orglint.yaml", json.dumps(config))  # JSON is YAML
    code, _, err = run(capsys, "check", "org.yaml")
    assert code in (0, 1, 2) and "Traceback" not in err
    if code == 2:
        assert LOCATION.match(err), err
