from __future__ import annotations

from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from orglint.errors import InputErrors
from orglint.validate import load_and_validate
from tests.orgsamples import assert_bilingual, input_errors, sample_errors


@pytest.mark.parametrize(
    ("name", "line", "column", "path", "words"),
    [
        ("unknown-parent.yaml", 10, 13, "units[1].parent", ["`directer`", "`director`"]),
        ("unknown-dotted.yaml", 11, 17, "units[1].dotted_to[0]", ["`data`"]),
        ("unknown-collaborator.yaml", 11, 29, "units[1].collaborates_with[1]", ["`supply`"]),
        ("duplicate-id.yaml", 11, 9, "units[2].id", ["`ops`", "line 8"]),
        ("two-roots.yaml", 11, 9, "units[2].id", ["director on line 6", "director, cs"]),
        ("cycle.yaml", 10, 13, "units[1].parent", ["ops → visual → merch → ops"]),
        ("self-parent.yaml", 10, 13, "units[1].parent", ["itself"]),
    ],
)
def test_bad_sample(name: str, line: int, column: int, path: str, words: list[str]) -> None:
    (error,) = sample_errors(name)
    assert (error.file, error.line, error.column, error.path) == (name, line, column, path)
    for word in words:
        assert word in error.message.en
    assert_bilingual(error)


def _org(*units: dict[str, Any]) -> bytes:
    data = {"orglint": 1, "company": {"name": "星河优选"}, "units": list(units)}
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode("utf-8")


def test_no_root_and_its_cycle() -> None:
    errors = input_errors(
        _org({"id": "a", "name": "甲", "parent": "b"}, {"id": "b", "name": "乙", "parent": "a"})
    )
    messages = [e.message.en for e in errors]
    assert any("there is no root" in m for m in messages)
    assert any("a → b → a" in m for m in messages)
    assert len(errors) == 2


def test_each_cycle_is_reported_once_at_its_first_unit() -> None:
    errors = input_errors(
        _org(
            {"id": "root", "name": "总监"},
            {"id": "c", "name": "丙", "parent": "d"},
            {"id": "d", "name": "丁", "parent": "e"},
            {"id": "e", "name": "戊", "parent": "c"},
            {"id": "tail", "name": "尾", "parent": "e"},  # hangs off the cycle, is not part of it
            {"id": "x", "name": "己", "parent": "y"},
            {"id": "y", "name": "庚", "parent": "x"},
        )
    )
    assert [(e.path, e.message.en.split(";")[0]) for e in errors] == [
        ("units[1].parent", "the reporting lines form a cycle: c → d → e → c"),
        ("units[5].parent", "the reporting lines form a cycle: x → y → x"),
    ]


def test_every_extra_root_is_reported() -> None:
    errors = input_errors(
        _org({"id": "a", "name": "甲"}, {"id": "b", "name": "乙"}, {"id": "c", "name": "丙"})
    )
    assert [e.path for e in errors] == ["units[1].id", "units[2].id"]
    assert all("a, b, c" in e.message.en for e in errors)


def test_unknown_reference_without_a_close_id() -> None:
    (error,) = input_errors(
        _org(
            {"id": "director", "name": "总监"},
            {"id": "ops", "name": "运营", "parent": "director", "collaborates_with": ["zzz"]},
        )
    )
    assert "check the spelling or add the unit" in error.message.en
    assert error.message.en.startswith("unit ops: ")


def test_duplicate_ids_and_their_references_do_not_confuse_each_other() -> None:
    errors = input_errors(
        _org(
            {"id": "a", "name": "甲"},
            {"id": "b", "name": "乙", "parent": "a"},
            {"id": "b", "name": "乙二", "parent": "b"},
        )
    )
    assert [e.path for e in errors] == ["units[2].id", "units[2].parent"]


# --- property: org-shaped data never gets anything but a Document or InputErrors --------------

# Mostly well-formed values, so that many examples get past the schema to the reference checks.
_IDS = st.sampled_from(["director", "ops", "cs", "data", "supply", "x"] * 3 + ["Bad Id", ""])
_TEXT = st.sampled_from(["运营部", "客服部", "数据组", "x", " "]) | st.text(max_size=8)
_UNIT = st.fixed_dictionaries(
    {"id": _IDS, "name": _TEXT},
    optional={
        "parent": _IDS,
        "dotted_to": st.lists(_IDS, max_size=3),
        "collaborates_with": st.lists(_IDS, max_size=3),
        "functions": st.lists(st.sampled_from(["customer_service", "finance", "nope"]), max_size=2),
        "headcount": st.integers(-2, 50) | st.none() | _TEXT,
        "kpis": st.lists(
            st.fixed_dictionaries(
                {"name": _TEXT}, optional={"period": st.sampled_from(["monthly", "hourly"])}
            ),
            max_size=2,
        ),
        "roles": st.lists(
            st.fixed_dictionaries({"title": _TEXT}, optional={"count": st.integers(-1, 3)}),
            max_size=2,
        ),
        "kind": st.sampled_from(["department", "post", "squad"]),
        "x-note": _TEXT,
        "reports_to": _IDS,  # not a v1 key
    },
)
_COMPANY = st.fixed_dictionaries(
    {"name": _TEXT},
    optional={
        "revenue": st.sampled_from(["1.2亿", "3000万", "lots", 0, 1.5e9, -1]),
        "stage": st.sampled_from(["growth", "seed"]),
        "channels": st.lists(st.sampled_from(["tmall", "jd", "tmall"]), max_size=3),
    },
)


# Well-formed units with random references: these get past the schema to the reference checks.
_GOOD_ID = st.sampled_from(["director", "ops", "cs", "data", "supply", "x"])
_LINKED_UNIT = st.fixed_dictionaries(
    {"id": _GOOD_ID, "name": st.sampled_from(["运营部", "客服部", "数据组"])},
    optional={
        "parent": _GOOD_ID,
        "dotted_to": st.lists(_GOOD_ID, max_size=3, unique=True),
        "collaborates_with": st.lists(_GOOD_ID, max_size=3, unique=True),
    },
)
_SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_SETTINGS
@given(_COMPANY, st.lists(_UNIT, max_size=8))
def test_org_shaped_data(company: dict[str, Any], units: list[dict[str, Any]]) -> None:
    _document_or_input_errors(company, units)


@_SETTINGS
@given(st.lists(_LINKED_UNIT, min_size=1, max_size=8))
def test_random_reporting_lines(units: list[dict[str, Any]]) -> None:
    _document_or_input_errors({"name": "星河优选"}, units)


def _document_or_input_errors(company: dict[str, Any], units: list[dict[str, Any]]) -> None:
    data = {"orglint": 1, "company": company, "units": units}
    raw = yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode("utf-8")
    try:
        doc = load_and_validate("org.yaml", raw)
    except InputErrors as exc:
        assert exc.errors
        for error in exc.errors:
            assert_bilingual(error)
    else:
        assert doc.data["units"] == units
        _assert_one_tree(units)


def _assert_one_tree(units: list[dict[str, Any]]) -> None:
    """What validate_references promises: unique ids, one root, every unit reaches it."""
    parent = {unit["id"]: unit.get("parent") for unit in units}
    assert len(parent) == len(units)
    roots = [uid for uid, up in parent.items() if up is None]
    assert len(roots) == 1
    for uid in parent:
        seen: set[str] = set()
        while uid is not None:
            assert uid not in seen and uid in parent
            seen.add(uid)
            uid = parent[uid]
