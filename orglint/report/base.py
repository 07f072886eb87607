"""The formatter interface: findings in, text out. No formatter decides what is reported."""

from __future__ import annotations

from collections.abc import Sequence

from orglint.findings import Finding


class Formatter:
    def __init__(self, lang: str) -> None:
        self.lang = lang

    def render(self, findings: Sequence[Finding], files_checked: int) -> str:
        raise NotImplementedError
