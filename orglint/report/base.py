"""The formatter interface: results in, text out. No formatter decides what is reported."""

from __future__ import annotations

from orglint.report.results import Results


class Formatter:
    """One output format; `color` is only honoured by formats meant for a terminal."""

    def __init__(self, lang: str, color: bool = False) -> None:
        self.lang = lang
        self.color = color

    def render(self, results: Results) -> str:
        raise NotImplementedError
