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


def lint_text(
    text: str,
    engine: str = "auto",
    revenue: float | None = None,
    select: tuple[str, ...] = ("ALL",),
    name: str = "org.yaml",
) -> list[Finding]:
    """Everything `orglint check` applies (selection, suppressions), isolated from any config."""
    from orglint.config import load_config
    from orglint.lint import lint_bytes
    from orglint.selection import Layer
    from orglint.settings import file_settings

    config = load_config(None).with_command_line(Layer("test", select=select), {})
    options = CheckOptions(revenue=revenue, engine=engine)
    return lint_bytes(name, text.encode("utf-8"), file_settings(config, None), options)
