"""Examples for `orglint explain`: the first failing and the first passing case of a rule's test
cases (tests/cases/<CODE>.yaml). The wheel ships that directory as package data (orglint/_data/
cases), so the examples are the very snippets the test suite checks — never a copy that drifts."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

_PACKAGE_DIR = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Example:
    name: str
    expect: str  # pass | fail
    org: str
    revenue: str | None
    source: str  # tests/cases/<CODE>.yaml


@cache
def cases_dir() -> Path | None:
    for candidate in (_PACKAGE_DIR / "_data" / "cases", _PACKAGE_DIR.parent / "tests" / "cases"):
        if candidate.is_dir():
            return candidate
    return None


def examples(code: str) -> list[Example]:
    """The first failing and the first passing case (either may be missing)."""
    folder = cases_dir()
    path = folder / f"{code}.yaml" if folder else None
    if path is None or not path.is_file():
        return []
    data: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
    cases = [c for c in data.get("cases", []) if isinstance(c, dict) and "xfail" not in c]
    chosen = [next((c for c in cases if c.get("expect") == e), None) for e in ("fail", "pass")]
    return [_example(c, path) for c in chosen if c is not None]


def _example(case: dict[str, Any], path: Path) -> Example:
    revenue = case.get("revenue")
    return Example(
        name=str(case.get("name", "")),
        expect=str(case["expect"]),
        org=str(case.get("org", "")),
        revenue=str(revenue) if revenue is not None else None,
        source=f"tests/cases/{path.name}",
    )
