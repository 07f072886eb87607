"""`# orglint: disable=…` comments: find them, silence the findings they name, and report the
ones that silence nothing (SUP-01) or give no reason (SUP-02).

The YAML loader drops comments, so they are read from the text here. A comment at the end of a
line applies to that line; a comment on a line of its own applies to the next line that is not a
comment. It silences a finding of the named rule located on that line, or about the unit that
starts there (`- id: …`). `disable-file=` silences the named rules in the whole file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Final

from orglint.catalogue import Catalogue
from orglint.errors import Text
from orglint.findings import Finding
from orglint.fingerprint import fingerprint
from orglint.rulebook import Rule, render
from orglint.yamlload import Document, yaml_path

_BREAK: Final = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
_COMMENT: Final = re.compile(r"(?:^|(?<=\s))#\s*orglint\s*:(?P<body>.*)$")
# Somewhere in the text, maybe across lines: a file without it has no suppression comment, and
# most files have none, so the line-by-line scan (a tenth of a second at 10k units) is skipped.
_ANY_COMMENT: Final = re.compile(r"#\s*orglint\s*:")
_BODY: Final = re.compile(
    r"\s*(?P<kind>disable-file|disable)\s*=\s*(?P<rules>[\w-]+(?:\s*,\s*[\w-]+)*)"
    r"(?:\s+reason\s*=\s*(?:\"(?P<dq>[^\"]*)\"|'(?P<sq>[^']*)'))?\s*$"
)
UNUSED, NO_REASON = "SUP-01", "SUP-02"


@dataclass(frozen=True)
class Suppression:
    line: int
    column: int
    kind: str  # disable | disable-file | malformed
    rules: tuple[str, ...]  # as written: codes or names
    reason: str | None
    target: int | None  # the line it applies to (disable only)
    text: str


def parse_suppressions(text: str) -> list[Suppression]:
    if _ANY_COMMENT.search(text) is None:
        return []
    lines = _BREAK.split(text)
    return [s for number, line in enumerate(lines, 1) if (s := _parse(lines, number, line))]


def _parse(lines: Sequence[str], number: int, line: str) -> Suppression | None:
    found = _COMMENT.search(line)
    if found is None or _inside_quotes(line[: found.start()]):
        return None
    column = found.start() + 1
    own_line = not line[: found.start()].strip()
    target = _next_content_line(lines, number) if own_line else number
    body = _BODY.match(found["body"])
    if body is None:
        return Suppression(
            number, column, "malformed", (found["body"].strip(),), None, None, found[0]
        )
    rules = tuple(r.strip() for r in body["rules"].split(","))
    reason = body["dq"] if body["dq"] is not None else body["sq"]
    return Suppression(number, column, body["kind"], rules, reason, target, found[0])


def _inside_quotes(before: str) -> bool:
    """A `#` inside a quoted scalar is text, not a comment (a heuristic good for one line)."""
    return before.count('"') % 2 == 1 or before.count("'") % 2 == 1


def _next_content_line(lines: Sequence[str], number: int) -> int | None:
    for index in range(number, len(lines)):
        stripped = lines[index].strip()
        if not stripped:
            return None  # a blank line detaches the comment
        if not stripped.startswith("#"):
            return index + 1
    return None


@dataclass
class _Entry:
    """One rule named by one suppression, and whether it silenced anything."""

    suppression: Suppression
    written: str
    rule: Rule | None
    used: bool = False


class Suppressor:
    """Applies one file's suppressions to its findings and reports the idle ones."""

    def __init__(self, doc: Document, text: str, catalogue: Catalogue, enabled: frozenset[str]):
        self.doc, self.catalogue, self.enabled = doc, catalogue, enabled
        self.suppressions = parse_suppressions(text)
        self.entries = [
            _Entry(s, name, catalogue.find(name))
            for s in self.suppressions
            if s.kind != "malformed"
            for name in s.rules
        ]
        # By the code of the rule they name: an entry only ever covers findings of that rule, so
        # a finding of any other rule (most of them) is not tested against each suppression.
        self.by_code: dict[str, list[_Entry]] = {}
        for entry in self.entries:
            if entry.rule is not None:
                self.by_code.setdefault(entry.rule.code, []).append(entry)

    @cached_property
    def units(self) -> _Units:
        """Only needed when the file has suppressions."""
        return _Units.of(self.doc)

    def apply(self, findings: Iterable[Finding]) -> list[Finding]:
        """The findings no suppression silences, then SUP-01/SUP-02 findings (if enabled)."""
        kept = self.silence(findings)
        return kept + self.meta_findings()

    def silence(self, findings: Iterable[Finding]) -> list[Finding]:
        """The findings no suppression silences, in their order; notes which suppressions
        were used, so call it before meta_findings."""
        if not self.by_code:  # no comment names a known rule: the usual file
            return list(findings)
        return [f for f in findings if not self._silenced(f, meta=False)]

    def meta_findings(self) -> list[Finding]:
        """SUP-01/SUP-02 findings of the rules enabled, minus those a suppression silences."""
        meta = [f for f in self._meta_findings() if f.code in self.enabled]
        return [f for f in meta if not self._silenced(f, meta=True)]

    def _silenced(self, finding: Finding, meta: bool) -> bool:
        entries = self.by_code.get(finding.code)
        if entries is None:
            return False
        hits = [e for e in entries if self._covers(e, finding, meta)]
        for entry in hits:
            entry.used = True
        return bool(hits)

    def _covers(self, entry: _Entry, finding: Finding, meta: bool) -> bool:
        s = entry.suppression
        if entry.rule is None or entry.rule.code != finding.code:
            return False
        if s.kind == "disable-file" or meta:
            return s.kind == "disable-file"
        unit_line = self.units.line.get(finding.unit or "")
        return s.target is not None and s.target in (finding.line, unit_line)

    def _meta_findings(self) -> Iterator[Finding]:
        for entry in self.entries:
            if not entry.used:
                yield self._finding(UNUSED, entry.suppression, entry.written, self._why(entry))
        for s in self.suppressions:
            if s.kind != "malformed" and not s.reason:
                yield self._finding(NO_REASON, s, ",".join(s.rules), ("", ""))
        for s in self.suppressions:
            if s.kind == "malformed":
                yield self._finding(UNUSED, s, s.rules[0], _MALFORMED)

    def _why(self, entry: _Entry) -> tuple[str, str]:
        s, name = entry.suppression, entry.written
        if entry.rule is None:
            return f"没有名为 {name!r} 的规则", f"no rule is called {name!r}"
        if entry.rule.code not in self.enabled:
            return (
                f"本文件未启用 {entry.rule.code}",
                f"{entry.rule.code} is not enabled for this file",
            )
        if s.kind == "disable-file":
            return (
                f"本文件没有 {entry.rule.code} 的发现",
                f"no {entry.rule.code} finding in this file",
            )
        if s.target is None:
            return "它下面没有紧挨着的内容行", "no content line follows it directly"
        unit = self.units.at.get(s.target)
        if unit is not None:
            return (
                f"单元 {unit} 没有 {entry.rule.code} 的发现",
                f"no {entry.rule.code} finding about unit {unit}",
            )
        return (
            f"第 {s.target} 行没有 {entry.rule.code} 的发现",
            f"no {entry.rule.code} finding on line {s.target}",
        )

    def _finding(self, code: str, s: Suppression, rule_text: str, why: tuple[str, str]) -> Finding:
        rule = self.catalogue.get(code)
        unit = self.units.at.get(s.target) if s.target is not None else None
        bindings: dict[str, dict[str, Any]] = {
            "s": {"rule": rule_text, "why_zh": why[0], "why_en": why[1]}
        }
        return Finding(
            code=rule.code,
            name=rule.name,
            principle=rule.principle,
            severity=rule.severity,
            file=self.doc.name,
            line=s.line,
            column=s.column,
            path=yaml_path(("units", self.units.index[unit])) if unit is not None else "",
            unit=unit,
            message=_render(rule.message, bindings),
            fix=_render(rule.fix, bindings),
            source=rule.source,
            action=None,
            fingerprint=fingerprint(rule.code, unit, [(s.kind, rule_text)]),
        )


_MALFORMED: Final = (
    '无法读取;应写作 `# orglint: disable=CODE reason="…"` 或 `disable-file=CODE`',
    'cannot read it; write `# orglint: disable=CODE reason="…"` or `disable-file=CODE`',
)


def _render(template: Text, bindings: dict[str, dict[str, Any]]) -> Text:
    return Text(zh=render(template.zh, bindings, {}), en=render(template.en, bindings, {}))


@dataclass(frozen=True)
class _Units:
    """Where each unit starts: id -> index in `units`, id -> line, line -> id."""

    index: dict[str, int]
    line: dict[str, int]
    at: dict[int, str]

    @classmethod
    def of(cls, doc: Document) -> _Units:
        units = doc.data.get("units")
        index: dict[str, int] = {}
        for i, unit in enumerate(units if isinstance(units, list) else []):
            if isinstance(unit, dict) and isinstance(unit.get("id"), str):
                index.setdefault(unit["id"], i)
        line = {uid: doc.locate(("units", i)).line for uid, i in index.items()}
        return cls(index, line, {n: uid for uid, n in line.items()})
