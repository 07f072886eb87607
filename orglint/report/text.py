"""`--format text`: `path:line:col: CODE [severity] message (name)` and a summary line."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from orglint.findings import Finding
from orglint.report.base import Formatter

SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}


class TextFormatter(Formatter):
    def render(self, findings: Sequence[Finding], files_checked: int) -> str:
        lines = [self.line(f) for f in findings]
        lines.append(self.summary(findings, files_checked))
        return "\n".join(lines) + "\n"

    def line(self, f: Finding) -> str:
        severity = SEVERITY_ZH[f.severity] if self.lang == "zh" else f.severity
        where = f"{f.file}:{f.line}:{f.column}"
        return f"{where}: {f.code} [{severity}] {f.message.get(self.lang)} ({f.name})"

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
