"""The rule loader: broken rule files give InputErrors naming file, line and rule code."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from orglint import rulelang
from orglint.errors import InputError, InputErrors
from orglint.rulebook import Rulebook, load_rulebook, render

GOOD = {
    "code": "TST-01",
    "name": "unit-too-deep",
    "principle": "reporting",
    "severity": "warning",
    "params": {
        "max_depth": {"default": 3, "description": {"zh": "最大层级", "en": "max depth"}},
        "kinds": {"default": ["post"], "description": {"zh": "类型", "en": "kinds"}},
    },
    "when": [
        {
            "fact": "unit",
            "as": "u",
            "where": {"depth": {"gt": "$max_depth"}, "kind": {"not_in": "$kinds"}},
        },
        {"fact": "owner", "as": "o", "join": {"unit": "u.unit"}},
        {"not": {"fact": "kpi", "join": {"unit": "u.unit"}}},
    ],
    "subject": "u",
    "message": {
        "zh": "「{u.name}」层级 {u.depth} 超过 {$max_depth}",
        "en": "'{u.name}' is {u.depth} deep, over {$max_depth} ({$kinds} exempt)",
    },
    "fix": {"zh": "减少层级", "en": "flatten it"},
    "action": {"type": "restructure", "unit": "{u.unit}", "into": ["a", "b"]},
    "source": {"kind": "seed", "file": "000.txt", "quote": "扁平化"},
}


def write(tmp_path: Path, name: str, *rules: dict[str, Any]) -> Path:
    path = tmp_path / name
    path.write_text(
        yaml.safe_dump({"rules": list(rules)}, allow_unicode=True, sort_keys=False),
        encoding="utf-8",
    )
    return path


def variant(**changes: Any) -> dict[str, Any]:
    rule: dict[str, Any] = yaml.safe_load(
        yaml.safe_dump(GOOD, allow_unicode=True, sort_keys=False)
    )  # a deep copy
    rule.update(changes)
    return rule


def line_of(path: Path, chain: str) -> int:
    """The line of the last needle of "A >> B >> C", each found on a line below the previous."""
    lines = path.read_text(encoding="utf-8").splitlines()
    number = 0
    for needle in chain.split(" >> "):
        number = next(n for n in range(number + 1, len(lines) + 1) if needle in lines[n - 1])
    return number


def only_error(paths: list[Path]) -> InputError:
    with pytest.raises(InputErrors) as caught:
        load_rulebook(paths)
    assert len(caught.value.errors) == 1, [e.render("en") for e in caught.value.errors]
    return caught.value.errors[0]


def test_good_rule_loads(tmp_path: Path) -> None:
    book = load_rulebook([write(tmp_path, "a.yaml", GOOD)])
    rule = book.get("TST-01")
    assert book.get("unit-too-deep") is rule and book.rules == (rule,)
    assert rule.params == {"max_depth": 3, "kinds": ("post",)}
    assert rule.aliases == ("u", "o") and rule.subject == "u"
    assert rule.patterns[0].where.terms[0] == rulelang.Test(
        "depth", "gt", rulelang.ParamRef("max_depth")
    )
    assert rule.patterns[2].negated and rule.patterns[2].joins[0].alias == "u"
    assert rule.message.en.startswith("'{u.name}'") and rule.fix.zh == "减少层级"
    assert rule.source["kind"] == "seed" and rule.action is not None
    assert rule.file.endswith("a.yaml") and rule.line == 2
    assert rule.param_docs["max_depth"].en == "max depth"
    hash(rule.source), hash(rule.action), hash(rule.params)  # frozen values stay hashable
    with pytest.raises(KeyError, match="no rule"):
        book.get("nope")


def test_overrides_change_params(tmp_path: Path) -> None:
    path = write(tmp_path, "a.yaml", GOOD)
    by_name = load_rulebook([path], {"unit-too-deep": {"max_depth": 5}}).get("TST-01")
    by_code = load_rulebook([path], {"TST-01": {"kinds": ["team", "post"]}}).get("TST-01")
    assert by_name.params == {"max_depth": 5, "kinds": ("post",)}
    assert by_code.params == {"max_depth": 3, "kinds": ("team", "post")}
    bound = by_code.bound()
    assert bound is not None
    test = bound[0].where.terms[1]
    assert isinstance(test, rulelang.Test) and test.value == ("team", "post")


@pytest.mark.parametrize(
    ("overrides", "text"),
    [
        ({"NOPE-01": {"x": 1}}, "no rule with code or name 'NOPE-01'"),
        ({"TST-01": {"depth": 1}}, "has no parameter 'depth'"),
        ({"TST-01": {"max_depth": "deep"}}, "parameter 'max_depth' needs a number"),
        ({"TST-01": {"kinds": "post"}}, "parameter 'kinds' needs a list"),
    ],
)
def test_bad_overrides(tmp_path: Path, overrides: dict[str, Any], text: str) -> None:
    with pytest.raises(InputErrors, match=text):
        load_rulebook([write(tmp_path, "a.yaml", GOOD)], overrides)


# Each case: the changed rule, and text on the line the error must point at.
BROKEN: dict[str, tuple[dict[str, Any], str, str]] = {
    "schema error": (variant(severity="fatal"), "severity: fatal", "'fatal' is not one of"),
    "unknown key": (variant(owner="x"), "owner: x", "unknown key 'owner'"),
    "missing language": (variant(message={"zh": "只有中文"}), "message:", "'en' is a required"),
    "seed without quote": (
        variant(source={"kind": "seed", "file": "0.txt"}),
        "source:",
        "'quote' is a required",
    ),
    "unknown alias": (variant(subject="x"), "subject: x", "subject 'x' is not"),
    "join to a later alias": (
        variant(
            when=[
                {"fact": "owner", "as": "o", "join": {"unit": "u.unit"}},
                {"fact": "unit", "as": "u"},
            ]
        ),
        "unit: u.unit",
        "not an alias defined by an earlier",
    ),
    "non-equality join": (
        variant(
            when=[
                {"fact": "unit", "as": "u"},
                {"fact": "owner", "as": "o", "join": {"unit": {"ne": "u.unit"}}},
            ]
        ),
        "join: >> unit:",
        "joins are equality only",
    ),
    "join smuggled into where": (
        variant(
            when=[
                {"fact": "unit", "as": "u"},
                {"fact": "owner", "as": "o", "where": {"unit": {"ne": "u.unit"}}},
            ]
        ),
        "ne: u.unit",
        "only equality joins exist",
    ),
    "join of different types": (
        variant(
            when=[
                {"fact": "unit", "as": "u"},
                {"fact": "owner", "as": "o", "join": {"unit": "u.depth"}},
            ]
        ),
        "unit: u.depth",
        "same type",
    ),
    "unknown param": (
        variant(when=[{"fact": "unit", "as": "u", "where": {"depth": {"gt": "$deepest"}}}]),
        "gt: $deepest",
        "unknown parameter $deepest",
    ),
    "unknown fact type": (
        variant(when=[{"fact": "person", "as": "u"}]),
        "fact: person",
        "unknown fact type 'person'",
    ),
    "unknown fact field": (
        variant(when=[{"fact": "unit", "as": "u", "where": {"colour": "red"}}]),
        "colour: red",
        "has no field 'colour'",
    ),
    "order on text": (
        variant(when=[{"fact": "unit", "as": "u", "where": {"name": {"lt": "b"}}}]),
        "lt: b",
        "lt compares numbers",
    ),
    "wrong literal type": (
        variant(when=[{"fact": "unit", "as": "u", "where": {"has_lead": "no"}}]),
        "has_lead: 'no'",
        "has_lead is bool",
    ),
    "bad placeholder": (
        variant(fix={"zh": "修 {u}", "en": "fix"}),
        "修 {u}",
        "must be {alias.field}",
    ),
    "placeholder field": (
        variant(fix={"zh": "修", "en": "fix {u.colour}"}),
        "fix {u.colour}",
        "has no field 'colour'",
    ),
    "placeholder param": (
        variant(fix={"zh": "修", "en": "fix {$nope}"}),
        "fix {$nope}",
        "names no parameter",
    ),
    "duplicate alias": (
        variant(when=[{"fact": "unit", "as": "u"}, {"fact": "unit", "as": "u"}]),
        "as: u >> as: u",
        "alias 'u' is defined twice",
    ),
    "too many facts": (
        variant(when=[{"fact": "unit", "as": f"u{i}" if i else "u"} for i in range(17)]),
        "when:",
        "at most 16 facts",
    ),
    "too many alternatives": (
        variant(
            when=[
                {
                    "fact": "unit",
                    "as": "u",
                    "where": {"depth": {"in": list(range(9))}, "kind": {"in": list("abcdefg")}},
                }
            ]
        ),
        "when:",
        "63 alternatives",
    ),
}


@pytest.mark.parametrize("case", BROKEN, ids=str)
def test_broken_rule_file(tmp_path: Path, case: str) -> None:
    rule, needle, text = BROKEN[case]
    path = write(tmp_path, "broken.yaml", GOOD | {"code": "OK-01", "name": "fine"}, rule)
    error = only_error([path])
    assert error.file == str(path)
    assert error.line == line_of(path, "code: TST-01 >> " + needle)
    assert text in error.message.en and "TST-01" in error.message.en
    assert "TST-01" in error.message.zh and error.render("en").startswith(f"{path}:")


@pytest.mark.parametrize("attr", ["code", "name"])
def test_duplicates_across_files(tmp_path: Path, attr: str) -> None:
    first = write(tmp_path, "a.yaml", GOOD)
    other = variant(code="TST-02", name="other") | {attr: GOOD[attr]}
    second = write(tmp_path, "b.yaml", other)
    error = only_error([first, second])
    assert error.file == str(second) and error.line == line_of(second, f"{attr}:")
    assert f"duplicate {attr} {GOOD[attr]!r}" in error.message.en and str(first) in error.message.en


def test_yaml_syntax_and_duplicate_keys(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("rules:\n  - code: A-01\n    code: B-02\n", encoding="utf-8")
    error = only_error([bad])
    assert (error.line, error.column) == (3, 5) and "duplicate key 'code'" in error.message.en
    bad.write_text("rules: [\n", encoding="utf-8")
    assert "invalid YAML" in only_error([bad]).message.en


def test_every_problem_is_reported(tmp_path: Path) -> None:
    path = write(
        tmp_path, "a.yaml", variant(severity="x"), variant(code="TST-02", name="b", subject="nope")
    )
    with pytest.raises(InputErrors) as caught:
        load_rulebook([path])
    assert [e.line for e in caught.value.errors] == sorted(e.line for e in caught.value.errors)
    assert len(caught.value.errors) == 2


def test_render_placeholders() -> None:
    bindings = {"u": {"name": "运营部", "depth": 4, "ok": True, "revenue": 1.2e8}}
    params = {"max": 3, "kinds": ("post", "team")}
    assert (
        render("「{u.name}」{u.depth}>{$max} {$kinds} {u.ok} {u.revenue}", bindings, params)
        == "「运营部」4>3 post, team true 120000000"
    )
    assert render("{{u.name}} {u.missing}", bindings, params) == "{u.name} "


def test_render_never_reaches_attributes() -> None:
    with pytest.raises(ValueError, match="must be"):
        render("{u.name.__class__}", {"u": {"name": "x"}}, {})
    assert render("{u.__class__}", {"u": {"name": "x"}}, {}) == ""


def test_default_paths_are_the_shipped_catalogue() -> None:
    from orglint.rulebook import default_rule_paths

    assert all(p.parent.name == "lint" and p.suffix == ".yaml" for p in default_rule_paths())
    assert isinstance(load_rulebook(default_rule_paths()), Rulebook)
