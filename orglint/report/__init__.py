"""Formatters, picked by name. Each turns the same findings into one output format."""

from __future__ import annotations

from orglint.report.base import Formatter
from orglint.report.json_format import JsonFormatter
from orglint.report.text import TextFormatter

FORMATTERS: dict[str, type[Formatter]] = {"text": TextFormatter, "json": JsonFormatter}


def get_formatter(name: str, lang: str) -> Formatter:
    return FORMATTERS[name](lang)
