"""`--format text`: `path:line:col: CODE [severity] message (name)` and a summary line."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Final

from orglint.findings import Finding
from orglint.report.base import Formatter
from orglint.report.results import Results

SEVERITY_ZH: Final = {"error": "错误", "warning": "警告", "info": "提示"}
_SGR: Final = {
    "error": "1;31",
    "warning": "33",
    "info": "36",
    "where": "1",
    "code": "1;35",
    "dim": "2",
}


class TextFormatter(Formatter):
    def render(self, results: Results) -> str:
        lines = [self.line(f) for f in results.findings]
        lines.append(self.summary(results.findings, len(results.files)))
        return "\n".join(lines) + "\n"

    def paint(self, text: str, style: str) -> str:
        return f"\x1b[{_SGR[style]}m{text}\x1b[0m" if self.color else text

    def line(self, f: Finding) -> str:
        severity = SEVERITY_ZH[f.severity] if self.lang == "zh" else f.severity
        where = self.paint(f"{f.file}:{f.line}:{f.column}:", "where")
        tag = self.paint(f"[{severity}]", f.severity)
        name = self.paint(f"({f.name})", "dim")
        return f"{where} {self.paint(f.code, 'code')} {tag} {f.message.get(self.lang)} {name}"

    def summary(self, findings: Sequence[Finding], files_checked: int) -> str:
        counts = Counter(f.severity for f in findings)
        e, w, i = counts["error"], counts["warning"], counts["info"]
        if self.lang == "zh":
            if not findings:
                return f"全部通过:检查了 {files_checked} 个文件,没有发现问题。"
            tally = f"错误 {e},警告 {w},提示 {i}"
            return f"共 {len(findings)} 条发现({tally}),检查了 {files_checked} 个文件。"
        if not findings:
            return f"All checks passed: {files_checked} file(s), no findings."
        return (
            f"Found {len(findings)} finding(s) ({e} error(s), {w} warning(s), {i} info) "
            f"in {files_checked} file(s)."
        )
