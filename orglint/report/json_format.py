"""`--format json`: a list of findings, one object each, keys as documented in the README."""

from __future__ import annotations

import json

from orglint.report.base import Formatter
from orglint.report.results import Results


class JsonFormatter(Formatter):
    def render(self, results: Results) -> str:
        findings = [f.as_dict(self.lang) for f in results.findings]
        return json.dumps(findings, ensure_ascii=False, indent=2) + "\n"
