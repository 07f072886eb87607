"""Fingerprints are stored in users' baselines: these values were computed by the original
algorithm (json.dumps of [code, unit, sorted identities], sha256, 20 hex digits) and must never
change, however fingerprints are computed."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping

import pytest
from hypothesis import given
from hypothesis import strategies as st

from orglint.fingerprint import fingerprint, identity, match_fingerprint
from tests.cliutil import ORG
from tests.helpers import lint_text

PINNED_PARTS = [
    ("CLR-06", "cs", [("unit", "unit=cs")], "b187c609324b64f91235"),
    ("GAP-02", None, [("function", "function=客服培训"), ("company",)], "6824c1eb6f2fe12a3fbf"),
    # JSON escapes: quote, backslash, newline, tab, a control character
    ("ROL-01", "a", [("role", 'unit=a"b', "title=x\\y\n\t\x01")], "3136c585540fd3524c1b"),
    # identities sort as tuples ("name=a" before "name=a b"), not as their JSON text
    (
        "KPI-01",
        "a",
        [("kpi", "unit=a", "owner=", "name=a b"), ("kpi", "unit=a", "owner=", "name=a")],
        "db6bff4065fbe5d7ce93",
    ),
    ("SUP-01", None, [("disable", "CLR-06")], "5ec2392c31dfb55995b1"),
    ("X-01", "", [], "c4036635e2fe07fd6ec5"),
]


@pytest.mark.parametrize(("code", "unit", "parts", "expected"), PINNED_PARTS)
def test_fingerprint_values_are_pinned(
    code: str, unit: str | None, parts: list[tuple[str, ...]], expected: str
) -> None:
    assert fingerprint(code, unit, parts) == expected
    assert fingerprint(code, unit, reversed(parts)) == expected  # order does not matter


_WHERE = {"file": "org.yaml", "line": 3, "column": 5, "ypath": "units[0]", "_seq": 7, "key": "k"}
BINDINGS: Mapping[str, Mapping[str, object]] = {
    "u": {"type": "unit", "unit": "cs", "name": "客服部", **_WHERE},
    "f": {"type": "function", "function": "售后", **_WHERE},
    "k": {"type": "kpi", "unit": "cs", "owner": None, "name": 2024, **_WHERE},
    "r": {"type": "role", "unit": "cs", "title": 1.0, **_WHERE},
    # a type without an IDENTITY entry: its text fields, sorted, minus location fields
    "x": {"type": "novel", "zeta": "z", "alpha": "a", "count": 3, "flag": True, **_WHERE},
    "c": {"type": "company", "name": "星河", **_WHERE},
}


def test_identity_of_each_kind_of_fact() -> None:
    assert identity(BINDINGS["k"]) == ("kpi", "unit=cs", "owner=None", "name=2024")
    assert identity(BINDINGS["r"]) == ("role", "unit=cs", "title=1.0")
    assert identity(BINDINGS["x"]) == ("novel", "alpha=a", "zeta=z")
    assert identity(BINDINGS["c"]) == ("company",)


@pytest.mark.parametrize(
    ("aliases", "expected"),
    [
        (("u", "k", "r", "x", "c"), "28ce8914569fe21f71ef"),
        (("u", "k", "r", "x", "c", "f"), "f3092b8a30d663952607"),
        (("u", "missing"), "15ac6b2984395c9dc98a"),  # an alias not bound is no identity
    ],
)
def test_match_fingerprint_values_are_pinned(aliases: tuple[str, ...], expected: str) -> None:
    assert match_fingerprint("MIX-01", "cs", BINDINGS, aliases) == expected


def test_witnesses_do_not_change_a_fingerprint() -> None:
    other_function = {**BINDINGS, "f": {"type": "function", "function": "物流", **_WHERE}}
    aliases = ("u", "k", "r", "x", "c")
    assert match_fingerprint("MIX-01", "cs", other_function, aliases) == "28ce8914569fe21f71ef"


def test_fingerprints_of_real_findings_are_pinned() -> None:
    found = {(f.code, f.unit): f.fingerprint for f in lint_text(ORG)}
    assert found[("CLR-06", "cs")] == "b187c609324b64f91235"
    assert found[("MEA-01", "director")] == "ed0bbed5e3a256ee6f59"
    assert found[("MEA-01", "cs")] == "f27956c5158b6a62dbc7"
    assert found[("CJ-01", None)] == "d25aa86aa813076d5f88"


def _original_fingerprint(code: str, unit: str | None, parts: list[tuple[str, ...]]) -> str:
    """The algorithm baselines were first written with, kept here as the reference."""
    payload = [code, unit or "", sorted(list(part) for part in parts)]
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


# Any text UTF-8 can carry: controls, quotes, backslashes, CJK, astral characters.
_TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=12)


@given(
    code=_TEXT,
    unit=st.none() | _TEXT,
    parts=st.lists(st.lists(_TEXT, max_size=4).map(tuple), max_size=5),
)
def test_fingerprint_is_the_original_algorithm(
    code: str, unit: str | None, parts: list[tuple[str, ...]]
) -> None:
    assert fingerprint(code, unit, parts) == _original_fingerprint(code, unit, parts)
