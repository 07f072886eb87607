"""Turning engine matches into findings: compiled templates say exactly what `render` says, and
findings_from_matches keeps one finding per distinct finding, sorted, with its fingerprint."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest

from orglint.engine import Match
from orglint.errors import Text
from orglint.fingerprint import match_fingerprint
from orglint.frozenmap import FrozenMap, freeze
from orglint.rulebook import Rule, Rulebook
from orglint.ruletext import TemplateError, compile_templates, render

PARAMS: Mapping[str, object] = {"max": 7.0, "names": ["a", "b"], "brace": "{x}", "on": True}
BINDINGS: Mapping[str, Mapping[str, object]] = {
    "u": {"name": "客服部", "span": 12, "share": 0.25, "tags": ("x", 2.0), "ok": False},
    "f": {"function": "售后 {not a placeholder}"},
}


@pytest.mark.parametrize(
    "template",
    [
        "",
        "plain text, no placeholders",
        "unit {u.name} has {u.span} reports (at most {$max})",
        "{{literal}} braces around {u.name}, {{ and }} alone",
        "{ u.name } spaced, {u.missing} missing, {f.function} with braces in its value",
        "{$names} / {$brace} / {$on} / {u.share} / {u.tags} / {u.ok}",
        "{u.name}{u.name}{f.function}",
    ],
)
def test_compiled_templates_render_like_render(template: str) -> None:
    other = f"另一个 {{u.span}}: {template}"  # a second template of the same rule
    compiled = compile_templates([template, other, "{u.name}"], PARAMS)
    expected = (render(template, BINDINGS, PARAMS), render(other, BINDINGS, PARAMS))
    assert compiled.render(BINDINGS)[:2] == expected
    assert compiled.render(BINDINGS)[2] == "客服部"


def test_each_field_is_looked_up_once_for_all_templates() -> None:
    compiled = compile_templates(["{u.name} {f.function}", "{f.function}: {u.name}"], {})
    assert compiled.fields == (("u", "name"), ("f", "function"))


@pytest.mark.parametrize(("template", "error"), [("{$nope}", KeyError), ("{u}", TemplateError)])
def test_compiling_fails_as_rendering_does(template: str, error: type[Exception]) -> None:
    with pytest.raises(error):
        render(template, BINDINGS, PARAMS)
    with pytest.raises(error):
        compile_templates([template], PARAMS)


def _rule(action: Mapping[str, Any] | None = None) -> Rule:
    return Rule(
        code="TST-01",
        name="test-rule",
        principle="clarity",
        severity="warning",
        params=FrozenMap({"max": 3}),
        patterns=(),
        subject="u",
        message=Text("单元 {u.name} 超过 {$max}", "unit {u.name} is over {$max}"),
        fix=Text("拆分 {u.name}", "split {u.name}"),
        action=FrozenMap(action) if action is not None else None,
        source=FrozenMap({"seed": "000", "quote": "原文"}),
        file="rules/test.yaml",
    )


def _unit(uid: str, line: int, **extra: object) -> dict[str, object]:
    where = {"file": "org.yaml", "line": line, "column": 3, "ypath": f"units[{line}]"}
    return {"type": "unit", "unit": uid, "name": uid.upper(), **where, **extra}


def _match(unit: Mapping[str, object], witness: str) -> Match:
    return Match("TST-01", {"u": unit, "w": {"type": "function", "function": witness}})


def _findings(rule: Rule, matches: list[Match]) -> list[Any]:
    from orglint.findings import findings_from_matches

    return findings_from_matches(Rulebook((rule,)), matches)


def test_a_finding_has_every_field_of_its_rule_and_subject() -> None:
    [finding] = _findings(_rule(), [_match(_unit("cs", 5), "售后")])
    assert (finding.code, finding.name, finding.principle, finding.severity) == (
        "TST-01",
        "test-rule",
        "clarity",
        "warning",
    )
    assert (finding.file, finding.line, finding.column, finding.path, finding.unit) == (
        "org.yaml",
        5,
        3,
        "units[5]",
        "cs",
    )
    assert finding.message == Text("单元 CS 超过 3", "unit CS is over 3")
    assert finding.fix == Text("拆分 CS", "split CS")
    assert finding.source == {"seed": "000", "quote": "原文"} and finding.action is None
    unit = _unit("cs", 5)
    assert finding.fingerprint == match_fingerprint("TST-01", "cs", {"u": unit}, {"u"})


def test_matches_differing_only_in_witnesses_are_one_finding_with_the_first_fingerprint() -> None:
    # Two roles of one unit: the texts name neither title, so both matches say the same thing,
    # but the titles are part of the facts' identities, so their fingerprints differ.
    first, second = _unit("cs", 5, type="role", title="A"), _unit("cs", 5, type="role", title="B")
    fingerprints = [match_fingerprint("TST-01", "cs", {"u": u}, {"u"}) for u in (first, second)]
    assert fingerprints[0] != fingerprints[1]
    for order in ([first, second], [second, first]):
        found = _findings(_rule(), [_match(unit, "售后") for unit in order])
        assert len(found) == 1
        assert found[0].fingerprint == match_fingerprint("TST-01", "cs", {"u": order[0]}, {"u"})


def test_findings_come_sorted_by_place_then_code_then_message() -> None:
    matches = [_match(_unit(uid, line), "w") for uid, line in [("b", 9), ("a", 2), ("c", 2)]]
    found = _findings(_rule(), matches)
    assert [(f.line, f.unit) for f in found] == [(2, "a"), (2, "c"), (9, "b")]


def test_a_unit_that_is_not_text_and_a_missing_unit() -> None:
    found = _findings(_rule(), [_match(_unit("x", 1) | {"unit": 42}, "w")])
    assert found[0].unit == "42"
    found = _findings(_rule(), [_match(_unit("x", 1) | {"unit": ""}, "w")])
    assert found[0].unit is None


def test_actions_keep_their_key_order_and_render_their_templates() -> None:
    action = {"type": "split", "unit": "{u.unit}", "into": ["a", "b"], "why": "{$max} max"}
    [finding] = _findings(_rule(action), [_match(_unit("cs", 5), "w")])
    assert list(finding.action) == ["type", "unit", "into", "why"]
    assert dict(finding.action) == {
        "type": "split",
        "unit": "cs",
        "into": freeze(["a", "b"]),
        "why": "3 max",
    }
    assert finding.as_dict("en")["action"] == {
        "type": "split",
        "unit": "cs",
        "into": ["a", "b"],
        "why": "3 max",
    }
