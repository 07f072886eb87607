"""The fast paths of the model and reference stages give what their plain definitions give.

Like tests/test_facts_fastpaths.py: each test states the plain definition (as the code once read)
and compares it with the fast path, on inputs drawn at random.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from orglint import references
from orglint.model import Org, Unit, _unit, build_org
from orglint.validate import load_and_validate
from tests.test_facts_fastpaths import _built, org_texts

# --- units ------------------------------------------------------------------------------------


def plain_strings(raw: dict[str, Any], key: str) -> tuple[str, ...]:
    items = raw.get(key)
    return tuple(map(str, items)) if items else ()


def plain_unit(index: int, raw: dict[str, Any]) -> Unit:
    declared = raw.get("scope")
    return Unit(
        index=index,
        id=raw["id"],
        name=str(raw["name"]),
        declared_kind=str(raw.get("kind", "")),
        parent=str(raw.get("parent", "")),
        dotted_to=plain_strings(raw, "dotted_to"),
        collaborates_with=plain_strings(raw, "collaborates_with"),
        explicit_functions=plain_strings(raw, "functions"),
        lead=str(raw.get("lead") or "").strip(),
        headcount=None if raw.get("headcount") is None else int(raw["headcount"]),
        responsibilities=plain_strings(raw, "responsibilities"),
        kpis=tuple(raw.get("kpis") or ()),
        roles=tuple(raw.get("roles") or ()),
        outsourced=bool(raw.get("outsourced", False)),
        racing_group=str(raw.get("racing_group", "")),
        scope=tuple(sorted((str(k), str(v)) for k, v in declared.items())) if declared else (),
    )


def test_units_are_filled_without_their_init_safely() -> None:
    # model._filled skips the generated __init__: only right while it does nothing but store the
    # fields, i.e. no defaults, no __post_init__ (a new field must be filled by model._unit).
    fields = dataclasses.fields(Unit)
    assert all(f.default is dataclasses.MISSING for f in fields)
    assert all(f.default_factory is dataclasses.MISSING for f in fields)
    assert not hasattr(Unit, "__post_init__")


@settings(max_examples=60, deadline=None)
@given(org_texts())
def test_units_are_what_the_constructor_gives(text: str) -> None:
    doc = load_and_validate("org.yaml", text.encode("utf-8"))
    for index, raw in enumerate(doc.data["units"]):
        fast, plain = _unit(index, raw), plain_unit(index, raw)
        assert fast == plain
        assert list(vars(fast)) == [f.name for f in dataclasses.fields(Unit)]  # same field order
        assert {k: type(v) for k, v in vars(fast).items()} == {
            k: type(v) for k, v in vars(plain).items()
        }


def test_numbers_in_lists_and_float_headcounts_read_as_the_constructor_reads_them() -> None:
    raw = {"id": "a", "name": 7, "headcount": 6.0, "responsibilities": [2024, "x"], "scope": {1: 2}}
    assert _unit(0, raw) == plain_unit(0, raw)
    assert _unit(0, raw).headcount == 6 and type(_unit(0, raw).headcount) is int


# --- the tree ---------------------------------------------------------------------------------


def plain_top_down(org: Org) -> list[Unit]:
    order = [org.root.id]
    for unit_id in order:
        order.extend(org.children[unit_id])
    return [org.by_id[unit_id] for unit_id in order]


@settings(max_examples=40, deadline=None)
@given(org_texts())
def test_top_down_is_remembered_and_handed_out_as_a_fresh_list(text: str) -> None:
    org, _ = _built(text)
    first = org.top_down()
    assert first == plain_top_down(org)
    first.clear()  # a caller may change its copy
    assert org.top_down() == plain_top_down(org)
    assert build_org(org.document) == org  # the remembered order is no part of equality


# --- references -------------------------------------------------------------------------------


def plain_first_index(units: list[dict[str, Any]]) -> dict[str, int]:
    first: dict[str, int] = {}
    for index, unit in enumerate(units):
        first.setdefault(unit["id"], index)
    return first


def plain_parent_cycles(units: list[dict[str, Any]], first: dict[str, int]) -> list[list[int]]:
    parent = {i: first.get(u.get("parent", ""), -1) for i, u in enumerate(units)}
    done: set[int] = set()
    cycles = []
    for begin in range(len(units)):
        walk: dict[int, int] = {}
        node = begin
        while node >= 0 and node not in done and node not in walk:
            walk[node] = len(walk)
            node = parent[node]
        done.update(walk)
        if node in walk and parent[node] != node:
            cycles.append(list(walk)[walk[node] :])
    return cycles


@st.composite
def reporting_lines(draw: st.DrawFn) -> list[dict[str, Any]]:
    """Units with ids that may repeat and parents anywhere (earlier, later, itself, unknown)."""
    count = draw(st.integers(1, 12))
    ids = st.sampled_from([f"u{i}" for i in range(count + 2)])
    units = []
    for index in range(count):
        unit: dict[str, Any] = {"id": draw(ids) if draw(st.booleans()) else f"u{index}"}
        if draw(st.integers(0, 4)):
            unit["parent"] = draw(ids)
        units.append(unit)
    return units


@settings(max_examples=300, deadline=None)
@given(reporting_lines())
def test_reference_fast_paths_match_their_plain_definitions(units: list[dict[str, Any]]) -> None:
    first = references._first_index(units)
    assert list(first.items()) == list(plain_first_index(units).items())  # order too
    assert list(references._parent_cycles(units, first)) == plain_parent_cycles(units, first)


@settings(max_examples=100, deadline=None)
@given(reporting_lines())
def test_parents_listed_first_give_no_cycle(units: list[dict[str, Any]]) -> None:
    for index, unit in enumerate(units):  # make every parent an earlier unit (or none)
        unit["id"] = f"u{index}"
        if index and "parent" in unit:
            unit["parent"] = f"u{index // 2}"
        else:
            unit.pop("parent", None)
    first = references._first_index(units)
    assert list(references._parent_cycles(units, first)) == []
    assert plain_parent_cycles(units, first) == []
