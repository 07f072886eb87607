"""`# orglint: disable=…` in org files: what they silence, and what they do not."""

from __future__ import annotations

from orglint.suppress import parse_suppressions
from tests.helpers import lint_text

HEAD = "orglint: 1\ncompany: {name: 星河优选, revenue: 5000万}\nunits:\n"
DIRECTOR = "  - {id: director, name: 电商总监, lead: 王敏}\n"
CS = "  - {id: cs, name: 客服部, kind: department, parent: director}"
BLOCK_CS = "  - id: cs\n    name: 客服部\n    kind: department\n    parent: director\n"


def found(text: str, *select: str) -> list[tuple[str, int, str | None]]:
    return [
        (f.code, f.line, f.unit)
        for f in lint_text(text, select=select or ("CLR-06", "suppression"))
    ]


def test_on_the_units_line_or_the_line_above() -> None:
    assert found(HEAD + DIRECTOR + CS + '  # orglint: disable=CLR-06 reason="x"\n') == []
    assert found(HEAD + DIRECTOR + '  # orglint: disable=CLR-06 reason="x"\n' + CS + "\n") == []
    assert (
        found(HEAD + DIRECTOR + '  # orglint: disable=unit-without-lead reason="x"\n' + BLOCK_CS)
        == []
    )


def test_stacked_comments_above_a_unit_all_apply() -> None:
    text = (
        HEAD
        + DIRECTOR
        + '  # orglint: disable=CLR-06 reason="a"\n  # orglint: disable=MEA-01 reason="b"\n'
        + CS
        + "\n"
    )
    assert found(text, "CLR-06", "MEA-01", "suppression") == [("MEA-01", 4, "director")]


def test_a_blank_line_detaches_the_comment() -> None:
    text = HEAD + DIRECTOR + '  # orglint: disable=CLR-06 reason="x"\n\n' + CS + "\n"
    assert found(text) == [("SUP-01", 5, None), ("CLR-06", 7, "cs")]


def test_only_the_named_rule_and_only_that_unit() -> None:
    two = (
        HEAD
        + DIRECTOR
        + CS
        + '  # orglint: disable=MEA-01 reason="x"\n'
        + CS.replace("cs", "cs2")
        + "\n"
    )
    assert found(two, "CLR-06") == [("CLR-06", 5, "cs"), ("CLR-06", 6, "cs2")]


def test_a_finding_located_inside_the_unit_is_silenced_from_the_units_line() -> None:
    kpi = (
        "  - id: cs\n    name: 客服部\n    lead: 周洁\n    parent: director\n"
        "    kpis:\n      - {name: 响应速度}\n"
    )
    text = HEAD + DIRECTOR + kpi
    assert [c for c, _, _ in found(text, "MEA-02")] == ["MEA-02"]  # at the KPI, line 9
    silenced = HEAD + DIRECTOR + '  # orglint: disable=MEA-02 reason="x"\n' + kpi
    assert found(silenced, "MEA-02", "suppression") == []


def test_disable_file_and_several_rules() -> None:
    text = "# orglint: disable-file=CLR-06,MEA-01 reason='legacy'\n" + HEAD + DIRECTOR + CS + "\n"
    assert found(text, "CLR-06", "MEA-01", "suppression") == []


def test_unused_parts_are_reported_one_by_one() -> None:
    text = HEAD + DIRECTOR + CS + "  # orglint: disable=CLR-06,CLR-04 reason='x'\n"
    findings = lint_text(text, select=("CLR-06", "CLR-04", "suppression"))
    assert [(f.code, f.unit) for f in findings] == [("SUP-01", "cs")]
    assert "CLR-04" in findings[0].message.en and "unit cs" in findings[0].message.en


def test_suppressing_a_rule_that_is_not_selected_is_reported_as_such() -> None:
    text = HEAD + DIRECTOR + CS + "  # orglint: disable=MEA-01 reason='x'\n"
    [finding] = [f for f in lint_text(text, select=("CLR-06", "SUP-01")) if f.code == "SUP-01"]
    assert "not enabled" in finding.message.en


def test_suppression_rules_can_themselves_be_disabled_for_the_file() -> None:
    text = (
        "# orglint: disable-file=SUP-01 reason='migrating'\n"
        + HEAD
        + DIRECTOR
        + CS
        + "  # orglint: disable=CLR-99\n"
    )
    assert [c for c, _, _ in found(text, "CLR-06", "SUP-01")] == ["CLR-06"]


def test_reason_syntax_and_positions() -> None:
    [s] = parse_suppressions(
        'units:  # orglint: disable=CLR-04, function-overlap reason="双11 临时"\n'
    )
    assert (s.line, s.column, s.kind, s.rules, s.reason, s.target) == (
        1,
        9,
        "disable",
        ("CLR-04", "function-overlap"),
        "双11 临时",
        1,
    )
    [bad] = parse_suppressions("x: 1 # orglint: disable CLR-04\n")
    assert bad.kind == "malformed"
    assert parse_suppressions("name: 'a # orglint: disable=CLR-04'\n") == []
    assert parse_suppressions("name: a#orglint: disable=CLR-04\n") == []  # `#` must follow a space


def test_a_finding_without_a_unit_is_silenced_on_its_own_line() -> None:
    org = HEAD + DIRECTOR
    vacant = [f for f in lint_text(org, select=("GAP-01",))]
    assert vacant and {f.line for f in vacant} == {3}  # at the `units:` key
    silenced = org.replace("units:\n", "units:  # orglint: disable=GAP-01 reason='hiring'\n")
    assert found(silenced, "GAP-01", "suppression") == []


def test_spacing_and_line_breaks_around_the_marker() -> None:
    # Files without `#…orglint…:` skip the line-by-line scan; these must still be found.
    texts = ["a: 1  #orglint:disable=CLR-04\n", "a: 1\r\n\t# \torglint \t: disable=CLR-04\r\n"]
    assert [s.rules for t in texts for s in parse_suppressions(t)] == [("CLR-04",), ("CLR-04",)]
    assert parse_suppressions("x: 1 #\n  orglint: disable=CLR-04\n") == []  # split over lines
    assert parse_suppressions(HEAD + DIRECTOR + "# a plain comment\n# orglint is great\n") == []
