"""Option helpers shared by the `check` and `suggest` commands."""

from __future__ import annotations

import os

import click

from orglint.revenue import parse_revenue


def default_lang() -> str:
    """zh when ORGLINT_LANG (else LANG) starts with zh, else en."""
    chosen = os.environ.get("ORGLINT_LANG") or os.environ.get("LANG", "")
    return "zh" if chosen.lower().startswith("zh") else "en"


def revenue_callback(
    _ctx: click.Context, _param: click.Parameter, value: str | None
) -> float | None:
    """`--revenue` in any form the org file accepts (1.2亿, 3000万, 5e6, 120M)."""
    if value is None:
        return None
    try:
        return parse_revenue(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


# One definition for every command that takes a revenue, so the forms and help stay in step.
revenue_option = click.option(
    "--revenue",
    callback=revenue_callback,
    help="Annual sales in CNY (1.2亿, 3000万, 5e6, 120M); overrides company.revenue.",
)
