"""Command line: parse arguments, hand over to orglint.run / orglint.rulelist. Nothing else.

orglint runs as a pre-commit hook, mostly on small files, so what it costs to start counts: a
command imports what it needs when it runs (`check` never loads `rules`' tables, and only
`--version` asks which engine is installed). The console script's own start and exit are in
orglint/__main__.py; main() here is what tests call, and leaves the process as it found it.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Sequence
from typing import Any, ClassVar, Final

import click

from orglint import __version__
from orglint.cliopts import default_lang, revenue_option
from orglint.outputs import default_format, pair_outputs
from orglint.report import FORMATTERS
from orglint.selection import unknown_selectors

_ORDER = "orglint.output_order"
LIST_FORMATS: Final = ("table", "json", "md")  # `orglint rules --format`


def _jobs(_ctx: click.Context, _param: click.Parameter, value: str) -> int | None:
    """`auto` (None: orglint/fanout.py decides per file) or a whole number of at least 1."""
    if value == "auto":
        return None
    if value.isdigit() and int(value) >= 1:
        return int(value)
    raise click.BadParameter(f"{value!r} is neither `auto` nor a whole number of at least 1")


def _selectors(
    _ctx: click.Context, _param: click.Parameter, value: tuple[str, ...]
) -> tuple[str, ...]:
    """Comma-separated and repeatable: `--ignore CLR-04,measurability --ignore GAP-06`."""
    found = tuple(s.strip() for item in value for s in item.split(",") if s.strip())
    unknown = unknown_selectors(found)
    if unknown:
        raise click.BadParameter(
            f"no rule or principle {', '.join(map(repr, unknown))}; use a rule code (CLR-04), "
            "a rule name (function-overlap), a principle (clarity) or ALL "
            "(`orglint rules` lists them)"
        )
    return found


class _OrderedCommand(click.Command):
    """Remembers the order of --format and --output on the command line, to pair them."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        _, _, order = self.make_parser(ctx).parse_args(args=list(args))
        names = {"fmt": "format", "output": "output"}
        ctx.meta[_ORDER] = [names[p.name] for p in order if p.name in names]
        return super().parse_args(ctx, args)


class _LazyGroup(click.Group):
    """Imports a command's module only when the command is used or listed (click's docs,
    "Lazily Loading Subcommands"): `suggest` pulls in ruamel.yaml, which `check` never needs."""

    LAZY: ClassVar[dict[str, str]] = {"suggest": "orglint.suggest.command:suggest"}

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *self.LAZY])

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.LAZY:
            return super().get_command(ctx, cmd_name)
        module, name = self.LAZY[cmd_name].split(":")
        command = getattr(importlib.import_module(module), name)
        assert isinstance(command, click.Command)
        return command


def _show_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    """click.version_option's output, with the engine looked up only when asked: naming it
    means importing durable-rules and reading its package metadata."""
    if not value or ctx.resilient_parsing:
        return
    from orglint.engine import default_engine_name

    prog = ctx.find_root().info_name
    click.echo(f"{prog} {__version__} (engine: {default_engine_name()})", color=ctx.color)
    ctx.exit()


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_show_version,
    help="Show the version and exit.",
)
def cli() -> None:
    """orglint: lint the organization design of an e-commerce operation."""


_LANG = click.option(
    "--lang",
    type=click.Choice(["zh", "en"]),
    default=None,
    help="Message language [default: the config's lang, else zh when LANG or ORGLINT_LANG "
    "starts with zh, else en].",
)


@cli.command(cls=_OrderedCommand)
@click.argument("files", nargs=-1)
@revenue_option
@click.option(
    "--format",
    "fmt",
    multiple=True,
    type=click.Choice(sorted(FORMATTERS)),
    help="Output format; repeatable [default: text, or github when GITHUB_ACTIONS=true].",
)
@click.option(
    "--output",
    multiple=True,
    metavar="FILE",
    help="Write the preceding --format to FILE instead of standard output.",
)
@click.option(
    "--color",
    type=click.Choice(["auto", "always", "never"]),
    default="auto",
    show_default=True,
    help="Colour text output (auto honours NO_COLOR and FORCE_COLOR).",
)
@_LANG
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning", "info"]),
    default=None,
    help="Exit 1 when a finding reaches this severity [default: the config's, else error].",
)
@click.option(
    "--engine",
    type=click.Choice(["auto", "durable", "python"]),
    default="auto",
    show_default=True,
    help="Rules engine back end (auto = durable-rules when installed).",
)
@click.option(
    "--jobs",
    "-j",
    default="1",
    show_default=True,
    callback=_jobs,
    metavar="N|auto",
    help="Processes to spread the rules of one file over (Linux; auto: 2 on big files).",
)
@click.option(
    "--config",
    "config_path",
    metavar="PATH",
    help="Use this config file for every input (no discovery).",
)
@click.option(
    "--isolated", is_flag=True, help="Ignore all config files (built-in recommended settings)."
)
@click.option(
    "--select",
    multiple=True,
    callback=_selectors,
    metavar="RULES",
    help="Rules to enable instead of the config's (codes, names, principles, ALL).",
)
@click.option(
    "--extend-select",
    multiple=True,
    callback=_selectors,
    metavar="RULES",
    help="Rules to enable in addition.",
)
@click.option(
    "--ignore", multiple=True, callback=_selectors, metavar="RULES", help="Rules to disable."
)
@click.option(
    "--show-settings",
    is_flag=True,
    help="Print the merged settings of each input and where each value came from, then exit.",
)
@click.option(
    "--stdin-filename",
    metavar="NAME",
    help="Name of the file read from `-` (for messages, config discovery and per-file-ignores).",
)
@click.option(
    "--baseline", metavar="FILE", help="Report only findings not recorded in this baseline."
)
@click.option(
    "--write-baseline",
    metavar="FILE",
    help="Record every current finding in FILE (then report none of them).",
)
def check(files: tuple[str, ...], **opts: Any) -> None:
    """Check org files (and directories: org*.yaml, org*.yml) against the rule catalogue."""
    from orglint.check import CheckOptions
    from orglint.run import InputOptions, ReportOptions, SettingsOptions, Streams, run_check

    if opts["config_path"] and opts["isolated"]:
        raise click.UsageError("--config and --isolated exclude each other")
    order = click.get_current_context().meta.get(_ORDER, [])
    try:
        outputs = pair_outputs(order, opts["fmt"], opts["output"], default_format(os.environ))
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    report = ReportOptions(
        tuple(outputs), opts["lang"], default_lang(), opts["fail_on"], opts["color"]
    )
    settings = SettingsOptions(
        opts["config_path"],
        opts["isolated"],
        opts["select"] or None,
        opts["extend_select"],
        opts["ignore"],
        opts["show_settings"],
    )
    inputs = InputOptions(files, opts["stdin_filename"], opts["baseline"], opts["write_baseline"])
    check_options = CheckOptions(revenue=opts["revenue"], engine=opts["engine"], jobs=opts["jobs"])
    sys.exit(run_check(inputs, settings, check_options, report, Streams()))


@cli.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(LIST_FORMATS),
    default="table",
    show_default=True,
    help="md is bilingual: it is docs/rules.md.",
)
@_LANG
def rules(fmt: str, lang: str | None) -> None:
    """List every rule: code, name, principle, default severity."""
    from orglint.rulelist import list_rules

    sys.exit(list_rules(fmt, lang or default_lang(), sys.stdout, sys.stderr))


@cli.command()
@click.argument("rule")
@_LANG
def explain(rule: str, lang: str | None) -> None:
    """Explain one rule (by code or name): principle, rationale, source, parameters, examples."""
    from orglint.rulelist import explain_rule

    sys.exit(explain_rule(rule, lang or default_lang(), sys.stdout, sys.stderr))


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command and return its exit code; safe to call again in the same process."""
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


if __name__ == "__main__":  # `python -m orglint.cli`, as the benchmarks run it: the console script
    from orglint.__main__ import console_main

    console_main()
