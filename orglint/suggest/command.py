"""`orglint suggest`: a reference structure for a revenue (`--revenue R`), or a restructuring plan
for an org file (`ORG_FILE`), optionally written back (`--write`, `-o OUT`) or shown as a diff."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

import click

from orglint.cliopts import default_lang, revenue_option
from orglint.decoding import decode_text
from orglint.errors import InputErrors
from orglint.rulebook import load_rulebook
from orglint.suggest.bandreport import band_json, band_text
from orglint.suggest.bands import Traits, choose
from orglint.suggest.document import unified_diff, write_atomic
from orglint.suggest.plan import PlanInput, make_plan
from orglint.suggest.planreport import plan_json, plan_text
from orglint.suggest.starter import starter_yaml
from orglint.suggest.templates import load_templates

EXIT_OK, EXIT_INPUT = 0, 2


@dataclass(frozen=True)
class SuggestOptions:
    org_file: str | None
    revenue: float | None
    format: str = "text"
    lang: str = "en"
    write: bool = False
    output: str | None = None
    diff: bool = False
    templates: str | None = None
    traits: Traits = field(default_factory=Traits)
    engine: str = "auto"


def read_bytes(name: str) -> bytes:
    try:
        return Path(name).read_bytes()
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise InputErrors.single(
            name,
            1,
            1,
            f"无法读取文件:{reason}。请检查路径和权限。",
            f"cannot read the file: {reason}. Check the path and permissions.",
        ) from None


def _reference(options: SuggestOptions, out: TextIO) -> None:
    assert options.revenue is not None
    templates = load_templates(options.templates)
    choice = choose(options.revenue, templates, options.traits)
    starter = starter_yaml(choice, options.traits, templates.bases, options.lang)
    if options.output:
        write_atomic(options.output, starter)
    if options.format == "yaml" and not options.output:
        out.write(starter)
    elif options.format == "json":
        out.write(band_json(choice, options.lang))
    elif options.format == "text":
        out.write(band_text(choice, options.lang))
    if options.output:
        out.write(_wrote(options.output, options.lang))


def _wrote(path: str, lang: str) -> str:
    return f"已写入 {path}\n" if lang == "zh" else f"wrote {path}\n"


def _restructure(options: SuggestOptions, out: TextIO) -> None:
    assert options.org_file is not None
    name = options.org_file
    raw = read_bytes(name)
    text = decode_text(name, raw)
    rulebook = load_rulebook()
    given = PlanInput(
        name, text, rulebook, load_templates(options.templates), options.revenue, options.engine
    )
    plan = make_plan(given)
    if options.diff:
        out.write(unified_diff(text, plan.text, name))
        return
    target = name if options.write else options.output
    if target:
        write_atomic(target, plan.text)
    if options.format == "yaml" and not target:
        out.write(plan.text)
    elif options.format == "json":
        out.write(plan_json(plan, rulebook, options.lang))
    elif options.format == "text":
        out.write(plan_text(plan, rulebook, options.lang, hint=not target))
    if target:
        out.write(_wrote(target, options.lang))


def run_suggest(options: SuggestOptions, out: TextIO, err: TextIO) -> int:
    """Everything `suggest` does after argument parsing; input problems print and return 2."""
    try:
        (_restructure if options.org_file else _reference)(options, out)
    except InputErrors as errors:
        err.write("".join(e.render(options.lang) + "\n" for e in errors.errors))
        return EXIT_INPUT
    return EXIT_OK


def _usage(
    org_file: str | None, revenue: float | None, write: bool, output: str | None, diff: bool
) -> None:
    if org_file is None and revenue is None:
        raise click.UsageError(
            "give an ORG_FILE to restructure, or --revenue R for a reference structure"
        )
    if sum((write, output is not None, diff)) > 1:
        raise click.UsageError("--write, -o/--output and --diff exclude each other")
    if org_file is None and (write or diff):
        raise click.UsageError("--write and --diff need an ORG_FILE")


@click.command()
@click.argument("org_file", required=False, type=click.Path(dir_okay=False))
@revenue_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "yaml"]),
    default="text",
    show_default=True,
    help="yaml: a starter org file (with --revenue) or the restructured org file (with ORG_FILE).",
)
@click.option(
    "--lang",
    type=click.Choice(["zh", "en"]),
    default=default_lang,
    help="Output language [default: zh when LANG or ORGLINT_LANG starts with zh, else en].",
)
@click.option("--write", is_flag=True, help="Rewrite ORG_FILE in place (atomically).")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    help="Write the restructured (or starter) org file here.",
)
@click.option("--diff", is_flag=True, help="Print a unified diff of the rewrite; write nothing.")
@click.option(
    "--templates",
    type=click.Path(dir_okay=False),
    help="YAML merged over rules/templates.yaml (headcount ranges, names, ...).",
)
@click.option("--name", default="", help="Company name for a starter file.")
@click.option(
    "--channels",
    default="",
    help="Comma-separated sales channels for a starter file (tmall,jd,douyin,own_site).",
)
@click.option(
    "--live-commerce", is_flag=True, help="The company sells through live streams (starter file)."
)
@click.option("--overseas", is_flag=True, help="The company sells overseas (starter file).")
@click.option(
    "--engine",
    type=click.Choice(["auto", "durable", "python"]),
    default="auto",
    show_default=True,
    help="Rules engine back end.",
)
def suggest(
    org_file: str | None,
    revenue: float | None,
    fmt: str,
    lang: str,
    write: bool,
    output: str | None,
    diff: bool,
    templates: str | None,
    name: str,
    channels: str,
    live_commerce: bool,
    overseas: bool,
    engine: str,
) -> None:
    """Recommend a structure for a revenue band, or a restructuring plan for ORG_FILE."""
    _usage(org_file, revenue, write, output, diff)
    traits = Traits(
        name, tuple(c.strip() for c in channels.split(",") if c.strip()), live_commerce, overseas
    )
    options = SuggestOptions(
        org_file, revenue, fmt, lang, write, output, diff, templates, traits, engine
    )
    sys.exit(run_suggest(options, sys.stdout, sys.stderr))
