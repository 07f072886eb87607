"""What `orglint check` does beyond parsing arguments: settings, inputs, linting, baseline,
reports, exit code. InputErrors (the one user-error type) are caught here, once, for the run."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, TextIO

from orglint.baseline import load_baseline, new_findings, write_baseline
from orglint.catalogue import load_catalogue
from orglint.check import CheckOptions
from orglint.errors import InputError, InputErrors
from orglint.findings import Finding
from orglint.inputs import Input, expand_inputs
from orglint.lint import lint_bytes
from orglint.outputs import Output, use_color
from orglint.report import Results, get_formatter
from orglint.resolve import ConfigResolver
from orglint.selection import Layer
from orglint.settings import show_settings

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT = 0, 1, 2


@dataclass(frozen=True)
class ReportOptions:
    outputs: tuple[Output, ...] = (Output("text"),)
    lang: str | None = None  # None: the config's, else `default_lang`
    default_lang: str = "en"
    fail_on: str | None = None  # None: the config's (recommended: error)
    color: str = "auto"


@dataclass(frozen=True)
class SettingsOptions:
    config: str | None = None
    isolated: bool = False
    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    show: bool = False  # --show-settings


@dataclass(frozen=True)
class InputOptions:
    files: tuple[str, ...] = ()
    stdin_filename: str | None = None
    baseline: str | None = None
    write_baseline: str | None = None


@dataclass(frozen=True)
class Streams:
    out: TextIO = field(default_factory=lambda: sys.stdout)
    err: TextIO = field(default_factory=lambda: sys.stderr)
    stdin: BinaryIO = field(default_factory=lambda: sys.stdin.buffer)
    env: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))


def _write_errors(errors: Sequence[InputError], lang: str, err: TextIO) -> None:
    err.write("".join(e.render(lang) + "\n" for e in errors))


def run_check(
    inputs: InputOptions,
    settings: SettingsOptions,
    options: CheckOptions,
    report: ReportOptions,
    io: Streams,
) -> int:
    try:
        return _run(inputs, settings, options, report, io)
    except InputErrors as errors:
        _write_errors(errors.errors, report.lang or report.default_lang, io.err)
        return EXIT_INPUT


def _resolver(settings: SettingsOptions, report: ReportOptions) -> ConfigResolver:
    layer = Layer("command line", settings.select, settings.extend_select, settings.ignore)
    values = {"lang": report.lang, "fail-on": report.fail_on}
    explicit = Path(settings.config).resolve() if settings.config else None
    return ConfigResolver(explicit, settings.isolated, layer, values)


def _run(
    inputs: InputOptions,
    settings: SettingsOptions,
    options: CheckOptions,
    report: ReportOptions,
    io: Streams,
) -> int:
    resolver = _resolver(settings, report)
    lang = resolver.run_config().value("lang") or report.default_lang
    if settings.show:
        return _show_settings(resolver, inputs, io.out)
    found = expand_inputs(inputs.files, inputs.stdin_filename, resolver.config)
    results = _results(found, resolver, options, inputs, lang, io)
    _write_errors(results.errors, lang, io.err)
    _report(results, report, lang, io)
    if results.errors:
        return EXIT_INPUT
    return EXIT_FINDINGS if any(map(results.failing, results.findings)) else EXIT_OK


def _show_settings(resolver: ConfigResolver, inputs: InputOptions, out: TextIO) -> int:
    if not inputs.files:
        out.write(show_settings(resolver.settings(None), "(current directory)"))
        return EXIT_OK
    found = expand_inputs(inputs.files, inputs.stdin_filename, resolver.config)
    out.write("\n".join(show_settings(resolver.settings(i.path), i.name) for i in found))
    return EXIT_OK


def _results(
    found: Sequence[Input],
    resolver: ConfigResolver,
    options: CheckOptions,
    inputs: InputOptions,
    lang: str,
    io: Streams,
) -> Results:
    findings, errors = _lint_all(found, resolver, options, io.stdin)
    if not errors:  # a baseline of a partial run would forget the unreadable files' findings
        findings = _against_baseline(findings, inputs, lang, io.err)
    fail_on = resolver.run_config().value("fail-on") or "error"
    names = tuple(i.name for i in found)
    return Results(tuple(findings), names, load_catalogue().rules, tuple(errors), fail_on)


def _read(item: Input, stdin: BinaryIO) -> bytes:
    if item.stdin:
        return stdin.read()
    try:
        return Path(item.name).read_bytes()
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise InputErrors.single(
            item.name,
            1,
            1,
            f"无法读取文件:{reason}。请检查路径和权限。",
            f"cannot read the file: {reason}. Check the path and permissions.",
        ) from None


def _lint_all(
    found: Sequence[Input], resolver: ConfigResolver, options: CheckOptions, stdin: BinaryIO
) -> tuple[list[Finding], list[InputError]]:
    findings: list[Finding] = []
    errors: list[InputError] = []
    for item in found:
        settings = resolver.settings(item.path)  # a broken config stops the run (exit 2)
        try:
            findings += lint_bytes(item.name, _read(item, stdin), settings, options)
        except InputErrors as problem:
            errors += problem.errors
    return findings, errors


def _against_baseline(
    findings: list[Finding], inputs: InputOptions, lang: str, err: TextIO
) -> list[Finding]:
    if inputs.write_baseline:
        write_baseline(Path(inputs.write_baseline), findings)
        note = (
            f"已把 {len(findings)} 条发现写入基线 {inputs.write_baseline}"
            if lang == "zh"
            else f"wrote {len(findings)} finding(s) to the baseline {inputs.write_baseline}"
        )
        err.write(note + "\n")
        return []
    if inputs.baseline:
        path = Path(inputs.baseline)
        return new_findings(findings, load_baseline(path), path)
    return findings


def _report(results: Results, report: ReportOptions, lang: str, io: Streams) -> None:
    for output in report.outputs:
        text = get_formatter(output.format, lang, _color(output, report, io)).render(results)
        if output.path is None:
            io.out.write(text)
        else:
            _write_file(output.path, text)


def _color(output: Output, report: ReportOptions, io: Streams) -> bool:
    """Only text is coloured; a file only when asked for explicitly."""
    if output.format != "text":
        return False
    if output.path is not None:
        return report.color == "always"
    return use_color(report.color, io.out, io.env)


def _write_file(path: str, text: str) -> None:
    try:
        Path(path).write_text(text, encoding="utf-8")
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise InputErrors.single(
            path, 1, 1, f"无法写入输出文件:{reason}", f"cannot write the output file: {reason}"
        ) from None
