"""Rule selection, decided in one place (orglint/selection.py): a truth table over layers of
select / extend-select / ignore by ALL, principle, code and name, plus per-file-ignores."""

from __future__ import annotations

import pytest

from orglint.catalogue import load_catalogue
from orglint.selection import Layer, enabled_codes, glob_match, unknown_selectors

# CLR-04 (function-overlap) and CLR-06 (unit-without-lead) are clarity rules; MEA-01 is not.
WATCHED = ("CLR-04", "CLR-06", "MEA-01")


def L(select: str | None = None, extend: str = "", ignore: str = "") -> Layer:
    def split(text: str) -> tuple[str, ...]:
        return tuple(s for s in text.split(",") if s)

    return Layer(
        "test", split(select) if select is not None else None, split(extend), split(ignore)
    )


TABLE = [
    # layers (base first), per-file ignores, expected CLR-04, CLR-06, MEA-01
    ([L("ALL")], "", (1, 1, 1)),
    ([L("ALL", ignore="clarity")], "", (0, 0, 1)),
    ([L("ALL", extend="CLR-04", ignore="clarity")], "", (1, 0, 1)),  # a rule beats a principle
    ([L("clarity", ignore="ALL")], "", (1, 1, 0)),  # a principle beats ALL
    ([L("CLR-04", ignore="CLR-04")], "", (0, 0, 0)),  # same specificity: ignore wins
    ([L("function-overlap", ignore="CLR-04")], "", (0, 0, 0)),  # code and name are one rule
    ([L("ALL"), L(ignore="CLR-04")], "", (0, 1, 1)),  # a later layer adjusts
    ([L("ALL", ignore="CLR-04"), L("clarity")], "", (1, 1, 0)),  # a later select starts afresh
    ([L("ALL", ignore="measurability"), L(extend="MEA-01")], "", (1, 1, 1)),
    ([L("ALL"), L(ignore="ALL")], "", (0, 0, 0)),
    ([L("function-overlap")], "", (1, 0, 0)),
    ([L("measurability", extend="function-overlap")], "", (1, 0, 1)),
    ([L("CLR-04")], "clarity", (0, 0, 0)),  # per-file-ignores always win
    ([L("ALL")], "unit-without-lead", (1, 0, 1)),
    ([], "", (0, 0, 0)),
    ([L(extend="CLR-06")], "", (0, 1, 0)),
]


@pytest.mark.parametrize(("layers", "file_ignores", "expected"), TABLE)
def test_selection_truth_table(
    layers: list[Layer], file_ignores: str, expected: tuple[int, int, int]
) -> None:
    ignores = [s for s in file_ignores.split(",") if s]
    enabled = enabled_codes(load_catalogue(), layers, ignores)
    assert tuple(int(code in enabled) for code in WATCHED) == expected


def test_all_selects_every_rule_including_suppression_rules() -> None:
    catalogue = load_catalogue()
    assert enabled_codes(catalogue, [L("ALL")]) == {r.code for r in catalogue.rules}
    assert {"SUP-01", "SUP-02"} <= enabled_codes(catalogue, [L("suppression")])


def test_unknown_selectors() -> None:
    assert unknown_selectors(["ALL", "clarity", "CLR-04", "unit-without-lead", "nope"]) == ["nope"]
    assert unknown_selectors(["all"]) == ["all"]  # ALL is spelled in capitals, like ruff


@pytest.mark.parametrize(
    ("pattern", "path", "matches"),
    [
        ("org*.yaml", "org.yaml", True),
        ("org*.yaml", "teams/org-east.yaml", True),  # no slash: the file name anywhere
        ("org*.yaml", "teams/other.yaml", False),
        ("teams/*.yaml", "teams/a.yaml", True),
        ("teams/*.yaml", "teams/x/a.yaml", False),
        ("teams/**/*.yaml", "teams/x/y/a.yaml", True),
        ("teams/**/*.yaml", "teams/a.yaml", True),
        ("./legacy/*.yml", "legacy/a.yml", True),
        ("legacy/", "legacy", True),
    ],
)
def test_glob_match(pattern: str, path: str, matches: bool) -> None:
    assert glob_match(pattern, path) is matches
