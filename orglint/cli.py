"""Command line: parse arguments, hand over to orglint.run. Nothing else lives here."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

import click

from orglint import __version__
from orglint.check import CheckOptions
from orglint.engine import default_engine_name
from orglint.report import FORMATTERS
from orglint.revenue import parse_revenue
from orglint.run import ReportOptions, run_check


def _default_lang() -> str:
    chosen = os.environ.get("ORGLINT_LANG") or os.environ.get("LANG", "")
    return "zh" if chosen.lower().startswith("zh") else "en"


def _revenue(_ctx: click.Context, _param: click.Parameter, value: str | None) -> float | None:
    if value is None:
        return None
    try:
        return parse_revenue(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(
    __version__, message=f"%(prog)s %(version)s (engine: {default_engine_name()})"
)
def cli() -> None:
    """orglint: lint the organization design of an e-commerce operation."""


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option(
    "--revenue",
    callback=_revenue,
    help="Annual sales in CNY (1.2亿, 3000万, 5e6, 120M); overrides company.revenue.",
)
@click.option(
    "--format", "fmt", type=click.Choice(sorted(FORMATTERS)), default="text", show_default=True
)
@click.option(
    "--lang",
    type=click.Choice(["zh", "en"]),
    default=_default_lang,
    help="Message language [default: zh when LANG or ORGLINT_LANG starts with zh, else en].",
)
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning", "info"]),
    default="error",
    show_default=True,
    help="Exit 1 when a finding reaches this severity.",
)
@click.option(
    "--engine",
    type=click.Choice(["auto", "durable", "python"]),
    default="auto",
    show_default=True,
    help="Rules engine back end (auto = durable-rules when installed).",
)
def check(
    files: tuple[str, ...], revenue: float | None, fmt: str, lang: str, fail_on: str, engine: str
) -> None:
    """Check org files against the rule catalogue."""
    options = CheckOptions(revenue=revenue, engine=engine)
    report = ReportOptions(format=fmt, lang=lang, fail_on=fail_on)
    sys.exit(run_check(files, options, report, sys.stdout, sys.stderr))


def main(argv: Sequence[str] | None = None) -> int:
    try:
        cli.main(
            args=list(argv) if argv is not None else None,
            prog_name="orglint",
            standalone_mode=False,
        )
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except click.exceptions.Abort:
        return 2
    except SystemExit as exc:
        return int(exc.code or 0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
