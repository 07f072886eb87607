"""Shared test helpers: run the real pipeline on org text with a chosen engine."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from orglint.check import CheckOptions, check_bytes
from orglint.engine import available_engines
from orglint.findings import Finding
from orglint.rulebook import Rulebook, load_rulebook

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
CASES = Path(__file__).resolve().parent / "cases"
ENGINES = tuple(available_engines())


@cache
def rulebook() -> Rulebook:
    return load_rulebook()


def check_text(
    text: str, engine: str = "auto", revenue: float | None = None, name: str = "org.yaml"
) -> list[Finding]:
    options = CheckOptions(revenue=revenue, engine=engine)
    return check_bytes(name, text.encode("utf-8"), rulebook(), options)
