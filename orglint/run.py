"""What `orglint check` does beyond parsing arguments: check files, report, pick the exit code."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from orglint.check import CheckOptions, check_bytes
from orglint.errors import InputErrors
from orglint.findings import Finding, reaches
from orglint.report import get_formatter
from orglint.rulebook import Rulebook, load_rulebook

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT = 0, 1, 2


@dataclass(frozen=True)
class ReportOptions:
    format: str = "text"
    lang: str = "en"
    fail_on: str = "error"


def read_input(name: str) -> bytes:
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


def _check_all(
    files: Sequence[str], rulebook: Rulebook, options: CheckOptions, lang: str, err: TextIO
) -> tuple[list[Finding], bool]:
    findings: list[Finding] = []
    failed = False
    for name in files:
        try:
            findings += check_bytes(name, read_input(name), rulebook, options)
        except InputErrors as errors:
            failed = True
            err.write("".join(e.render(lang) + "\n" for e in errors.errors))
    return findings, failed


def run_check(
    files: Sequence[str], options: CheckOptions, report: ReportOptions, out: TextIO, err: TextIO
) -> int:
    try:
        rulebook = load_rulebook()
    except InputErrors as errors:
        err.write("".join(e.render(report.lang) + "\n" for e in errors.errors))
        return EXIT_INPUT
    findings, failed = _check_all(files, rulebook, options, report.lang, err)
    out.write(get_formatter(report.format, report.lang).render(findings, len(files)))
    if failed:
        return EXIT_INPUT
    return EXIT_FINDINGS if any(reaches(f, report.fail_on) for f in findings) else EXIT_OK
