"""Formatters, picked by name. Each turns the same results into one output format."""

from __future__ import annotations

from orglint.report.base import Formatter
from orglint.report.github import GithubFormatter
from orglint.report.json_format import JsonFormatter
from orglint.report.junit import JunitFormatter
from orglint.report.results import Results
from orglint.report.sarif import SarifFormatter
from orglint.report.text import TextFormatter

FORMATTERS: dict[str, type[Formatter]] = {
    "text": TextFormatter,
    "json": JsonFormatter,
    "sarif": SarifFormatter,
    "github": GithubFormatter,
    "junit": JunitFormatter,
}

__all__ = ["FORMATTERS", "Formatter", "Results", "get_formatter"]


def get_formatter(name: str, lang: str, color: bool = False) -> Formatter:
    return FORMATTERS[name](lang, color)
