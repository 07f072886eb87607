"""Findings: small frozen values built from engine matches. Reporters only read them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from orglint.engine import Match
from orglint.errors import Text
from orglint.fingerprint import match_fingerprint
from orglint.frozenmap import FrozenMap, freeze
from orglint.rulebook import Rule, Rulebook, render
from orglint.ruletext import Placeholder, parse_template

SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}


@dataclass(frozen=True)
class Finding:
    code: str
    name: str
    principle: str
    severity: str
    file: str
    line: int
    column: int
    path: str
    unit: str | None
    message: Text
    fix: Text
    source: Mapping[str, Any]
    action: Mapping[str, Any] | None
    # What the finding is about, without positions (orglint/fingerprint.py); not part of equality,
    # so findings that differ only in the facts that witnessed them stay one finding.
    fingerprint: str = field(default="", compare=False)

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.file, self.line, self.column, self.code, self.message.en)

    def as_dict(self, lang: str) -> dict[str, Any]:
        """The JSON shape (issue #2): stable keys, message in the chosen language."""
        data: dict[str, Any] = {
            "code": self.code,
            "name": self.name,
            "principle": self.principle,
            "severity": self.severity,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "path": self.path,
            "unit": self.unit,
            "message": self.message.get(lang),
            "fix": self.fix.get(lang),
            "source": _thawed(self.source),
            "fingerprint": self.fingerprint,
        }
        if self.action is not None:
            data["action"] = _thawed(self.action)
        return data


def _number(value: object) -> int:
    return value if isinstance(value, int) else 0


def _thawed(value: Any) -> Any:
    """JSON-ready copy of a frozen value (FrozenMap -> dict, tuple -> list)."""
    if isinstance(value, Mapping):
        return {key: _thawed(item) for key, item in value.items()}
    if isinstance(value, tuple):
        return [_thawed(item) for item in value]
    return value


def _text(template: Text, bindings: Mapping[str, Mapping[str, Any]], rule: Rule) -> Text:
    return Text(
        zh=render(template.zh, bindings, rule.params), en=render(template.en, bindings, rule.params)
    )


def _action(rule: Rule, bindings: Mapping[str, Mapping[str, Any]]) -> FrozenMap[Any] | None:
    if rule.action is None:
        return None
    rendered = {
        key: render(value, bindings, rule.params) if isinstance(value, str) else value
        for key, value in rule.action.items()
    }
    return FrozenMap({key: freeze(value) for key, value in rendered.items()})


def spoken_aliases(rule: Rule) -> frozenset[str]:
    """The subject and every alias the rule's message, fix or action names."""
    texts = [rule.message.zh, rule.message.en, rule.fix.zh, rule.fix.en]
    texts += [v for v in (rule.action or {}).values() if isinstance(v, str)]
    named = {p.alias for t in texts for p in parse_template(t) if isinstance(p, Placeholder)}
    return frozenset({rule.subject, *(a for a in named if a is not None)})


def finding_from_match(rule: Rule, match: Match) -> Finding:
    subject = match.bindings[rule.subject]
    unit = subject.get("unit")
    return Finding(
        code=rule.code,
        name=rule.name,
        principle=rule.principle,
        severity=rule.severity,
        file=str(subject["file"]),
        line=_number(subject["line"]),
        column=_number(subject["column"]),
        path=str(subject["ypath"]),
        unit=str(unit) if unit else None,
        message=_text(rule.message, match.bindings, rule),
        fix=_text(rule.fix, match.bindings, rule),
        source=rule.source,
        action=_action(rule, match.bindings),
        fingerprint=match_fingerprint(
            rule.code, str(unit) if unit else None, match.bindings, spoken_aliases(rule)
        ),
    )


def findings_from_matches(rulebook: Rulebook, matches: Iterable[Match]) -> list[Finding]:
    found = {finding_from_match(rulebook.get(m.code), m) for m in matches}
    return sorted(found, key=Finding.sort_key)


def reaches(finding: Finding, threshold: str) -> bool:
    return SEVERITY_RANK[finding.severity] >= SEVERITY_RANK[threshold]
