"""`--format text`: `path:line:col: CODE [severity] message (name)` and a summary line."""

from __future__ import annotations

from collections import Counter
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
    def __init__(self, lang: str, color: bool = False) -> None:
        super().__init__(lang, color)
        # The painted code, severity tag and name of each (code, severity, name): the same for
        # every finding of a rule, so painted once per rule.
        self._rule_parts: dict[tuple[str, str, str], tuple[str, str, str]] = {}

    def render(self, results: Results) -> str:
        lines = [self.line(f) for f in results.findings]
        lines += [self.summary(results), ""]  # "" ends the text with a newline, in one join
        return "\n".join(lines)

    def paint(self, text: str, style: str) -> str:
        return f"\x1b[{_SGR[style]}m{text}\x1b[0m" if self.color else text

    def line(self, f: Finding) -> str:
        where = self.paint(f"{f.file}:{f.line}:{f.column}:", "where")
        code, tag, name = self._painted(f.code, f.severity, f.name)
        return f"{where} {code} {tag} {f.message.get(self.lang)} {name}"

    def _painted(self, code: str, severity: str, name: str) -> tuple[str, str, str]:
        known = self._rule_parts.get((code, severity, name))
        if known is None:
            shown = SEVERITY_ZH[severity] if self.lang == "zh" else severity
            known = (
                self.paint(code, "code"),
                self.paint(f"[{shown}]", severity),
                self.paint(f"({name})", "dim"),
            )
            self._rule_parts[(code, severity, name)] = known
        return known

    def summary(self, results: Results) -> str:
        counts = Counter(f.severity for f in results.findings)
        unreadable = len({e.file for e in results.errors})
        checked = len(results.files) - unreadable
        text = self._tally(len(results.findings), counts, checked, clean=not unreadable)
        return text + self._unreadable(unreadable) if unreadable else text

    def _tally(self, total: int, counts: Counter[str], checked: int, clean: bool) -> str:
        e, w, i = counts["error"], counts["warning"], counts["info"]
        if self.lang == "zh":
            if not total:
                head = "全部通过:" if clean else ""
                return f"{head}检查了 {checked} 个文件,没有发现问题。"
            return f"共 {total} 条发现(错误 {e},警告 {w},提示 {i}),检查了 {checked} 个文件。"
        if not total:
            head = "All checks passed: " if clean else "No findings in "
            return f"{head}{checked} file(s)" + (", no findings." if clean else ".")
        return (
            f"Found {total} finding(s) ({e} error(s), {w} warning(s), {i} info) "
            f"in {checked} file(s)."
        )

    def _unreadable(self, count: int) -> str:
        """Never "all passed" when an input could not be checked (its errors are on stderr)."""
        if self.lang == "zh":
            return f" 另有 {count} 个文件无法检查(错误见上)。"
        return f" {count} file(s) could not be checked (errors above)."
