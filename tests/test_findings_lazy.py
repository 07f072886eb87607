"""Findings made from matches render their texts on demand and pickle compactly, yet compare,
hash, sort, deduplicate and pickle exactly as findings built field by field."""

from __future__ import annotations

import heapq
import pickle
import random
from collections.abc import Mapping
from dataclasses import fields, replace
from functools import cache
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from bench.synth import synthetic_org
from orglint.engine import Match, evaluate
from orglint.errors import Text
from orglint.facts import build_facts
from orglint.findings import (
    Finding,
    findings_from_matches,
    insert_sorted,
    merge_findings,
    sort_findings,
)
from orglint.frozenmap import FrozenMap
from orglint.model import build_org
from orglint.rulebook import Rule, Rulebook
from orglint.ruletext import LazyText, lazy_text
from orglint.validate import load_and_validate
from tests.helpers import rulebook


def _rule(message: Text, action: Mapping[str, Any] | None = None, code: str = "TST-01") -> Rule:
    return Rule(
        code=code,
        name="test-rule",
        principle="clarity",
        severity="warning",
        params=FrozenMap({"max": 3}),
        patterns=(),
        subject="u",
        message=message,
        fix=Text("拆分 {u.name}", "split {u.name}"),
        action=FrozenMap(action) if action is not None else None,
        source=FrozenMap({"seed": "000", "quote": "原文"}),
        file="rules/test.yaml",
    )


def _unit(line: int = 5, **fields: object) -> dict[str, object]:
    where = {"file": "org.yaml", "line": line, "column": 3, "ypath": "units[1]"}
    return {"type": "unit", "unit": "cs", "name": "CS", **where, **fields}


def _eager(finding: Finding) -> Finding:
    """The same finding built field by field, with plain Texts."""
    values = {f.name: getattr(finding, f.name) for f in fields(finding)}
    values["message"] = Text(finding.message.zh, finding.message.en)
    values["fix"] = Text(finding.fix.zh, finding.fix.en)
    return Finding(**values)


@cache
def sample_matches() -> tuple[Match, ...]:
    """A synthetic org of 60 units: messy on purpose, so nearly every rule fires."""
    text = yaml.safe_dump(synthetic_org(60, random.Random(3)), allow_unicode=True)
    facts = build_facts(build_org(load_and_validate("org.yaml", text.encode("utf-8"))))
    return tuple(evaluate(rulebook(), facts, "python"))


@cache
def sample_findings() -> tuple[Finding, ...]:
    found = tuple(findings_from_matches(rulebook(), sample_matches()))
    assert len(found) > 100 and len({f.code for f in found}) > 10
    return found


def test_a_lazy_text_is_a_text_of_its_sentences() -> None:
    text = lazy_text(("单元 {0}", "unit {0}"), ("客服",))
    assert isinstance(text, Text) and text == Text("单元 客服", "unit 客服")
    assert hash(text) == hash(Text("单元 客服", "unit 客服"))
    assert repr(text) == repr(Text("单元 客服", "unit 客服"))
    assert Text("a", "b") != Text("a", "c") and Text("a", "b") != ("a", "b")
    with pytest.raises(AttributeError):
        text.en = "other"


def test_only_the_language_read_is_rendered() -> None:
    [finding] = findings_from_matches(
        Rulebook((_rule(Text("{u.name} 无", "{u.name} none")),)), [Match("TST-01", {"u": _unit()})]
    )
    assert isinstance(finding.message, LazyText)
    assert finding.message.get("en") == "CS none"
    assert "en" in vars(finding.message) and "zh" not in vars(finding.message)
    assert "zh" not in vars(finding.fix) and "en" not in vars(finding.fix)


def test_lazy_findings_equal_hash_and_repr_as_eager_ones() -> None:
    for finding in sample_findings():
        eager = _eager(finding)
        assert finding == eager and hash(finding) == hash(eager)
        assert repr(finding) == repr(eager)
        assert finding.as_dict("zh") == eager.as_dict("zh")


def test_replace_keeps_a_finding_whole() -> None:
    finding = sample_findings()[0]
    changed = replace(finding, severity="error")
    assert changed.severity == "error" and changed.message == finding.message
    assert replace(changed, severity=finding.severity) == finding


@pytest.mark.parametrize("protocol", range(2, pickle.HIGHEST_PROTOCOL + 1))
def test_findings_pickle_to_equal_findings(protocol: int) -> None:
    found = list(sample_findings())
    back = pickle.loads(pickle.dumps(found, protocol))
    assert back == found
    assert [f.fingerprint for f in back] == [f.fingerprint for f in found]
    assert [f.as_dict("en") for f in back] == [f.as_dict("en") for f in found]
    # By hand, replaced, or with texts already rendered: the same.
    odd = [_eager(found[0]), replace(found[1], severity="info"), found[2]]
    assert found[2].message.en and found[2].fix.zh
    assert pickle.loads(pickle.dumps(odd, protocol)) == odd


def test_a_rule_is_pickled_once_however_many_findings_it_has() -> None:
    rule = _rule(Text("{u.name} 无", "{u.name} none"))
    matches = [Match("TST-01", {"u": _unit(line)}) for line in range(1, 200)]
    found = findings_from_matches(Rulebook((rule,)), matches)
    blob = pickle.dumps(found, pickle.HIGHEST_PROTOCOL)
    assert blob.count("原文".encode()) == 1 and blob.count(b"test-rule") == 1
    assert pickle.loads(blob) == found


def test_matches_whose_values_differ_but_texts_agree_make_one_finding() -> None:
    # "{u.a}{u.b}" reads the same for ("x", "yz") and ("xy", "z"): one finding, as before.
    rule = _rule(Text("{u.a}{u.b}", "{u.a}{u.b}"))
    same = [
        Match("TST-01", {"u": _unit(a="x", b="yz")}),
        Match("TST-01", {"u": _unit(a="xy", b="z")}),
    ]
    assert len(findings_from_matches(Rulebook((rule,)), same)) == 1
    other = [*same, Match("TST-01", {"u": _unit(a="x", b="y")})]
    found = findings_from_matches(Rulebook((rule,)), other)
    assert [f.message.en for f in found] == ["xy", "xyz"]


def test_matches_of_a_rule_without_placeholders_at_one_place_make_one_finding() -> None:
    rule = replace(_rule(Text("无", "none")), fix=Text("改", "fix it"))
    witnesses = [_unit(), _unit(type="role", title="A"), _unit(line=7)]
    found = findings_from_matches(Rulebook((rule,)), [Match("TST-01", {"u": u}) for u in witnesses])
    assert [(f.line, f.message.en) for f in found] == [(5, "none"), (7, "none")]


def test_an_action_is_part_of_what_makes_a_finding_distinct() -> None:
    # Same message and fix, actions differ: two findings.
    rule = _rule(Text("无", "none"), {"type": "add", "function": "{u.f}"})
    matches = [Match("TST-01", {"u": _unit(f="a")}), Match("TST-01", {"u": _unit(f="b")})]
    found = findings_from_matches(Rulebook((rule,)), matches)
    assert [dict(f.action or {}) for f in found] == [
        {"type": "add", "function": "a"},
        {"type": "add", "function": "b"},
    ]


def test_any_subset_of_the_rules_gives_those_rules_findings() -> None:
    matches, everything = sample_matches(), sample_findings()
    codes = sorted({f.code for f in everything})
    for part in (codes[::2], codes[1::2], codes[:1]):
        subset = Rulebook(tuple(r for r in rulebook().rules if r.code in part))
        found = findings_from_matches(subset, [m for m in matches if m.code in part])
        assert found == [f for f in everything if f.code in part]
        assert [f.fingerprint for f in found] == [
            f.fingerprint for f in everything if f.code in part
        ]


# Findings that tie on place and code, so the message decides: sorting must say what
# sorted(key=Finding.sort_key) says, ties of the whole key in their original order.
_FINDING = st.builds(
    lambda file, line, code, en, unit: Finding(
        code, "n", "clarity", "info", file, line, 1, "", unit, Text("", en), Text("", ""),
        FrozenMap(), None,
    ),
    st.sampled_from(["a.yaml", "b.yaml"]),
    st.integers(0, 3),
    st.sampled_from(["CLR-01", "CLR-02"]),
    st.sampled_from(["x", "y", "xy", ""]),
    st.sampled_from(["u1", "u2", None]),
)  # fmt: skip


@given(st.lists(_FINDING, max_size=30))
def test_sort_findings_is_sorted_by_sort_key(found: list[Finding]) -> None:
    assert _same(sort_findings(found), sorted(found, key=Finding.sort_key))


@given(st.lists(st.lists(_FINDING, max_size=12), max_size=4))
def test_merge_findings_is_heapq_merge(parts: list[list[Finding]]) -> None:
    parts = [sorted(part, key=Finding.sort_key) for part in parts]
    assert _same(merge_findings(parts), list(heapq.merge(*parts, key=Finding.sort_key)))


@given(st.lists(_FINDING, max_size=20), st.lists(_FINDING, max_size=5))
def test_insert_sorted_is_a_stable_sort(found: list[Finding], extra: list[Finding]) -> None:
    found = sorted(found, key=Finding.sort_key)
    assert _same(insert_sorted(found, extra), sorted(found + extra, key=Finding.sort_key))


def _same(a: list[Finding], b: list[Finding]) -> bool:
    """The very same objects in the same order (equal findings could hide a wrong tie order)."""
    return [id(f) for f in a] == [id(f) for f in b]
