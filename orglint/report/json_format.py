"""`--format json`: a list of findings, one object each, keys as documented in the README."""

from __future__ import annotations

import json
from collections.abc import Sequence

from orglint.findings import Finding
from orglint.report.base import Formatter


class JsonFormatter(Formatter):
    def render(self, findings: Sequence[Finding], files_checked: int) -> str:
        return (
            json.dumps([f.as_dict(self.lang) for f in findings], ensure_ascii=False, indent=2)
            + "\n"
        )
