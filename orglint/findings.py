"""Findings: small frozen values built from engine matches. Reporters only read them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from orglint.engine import Match
from orglint.errors import Text
from orglint.fingerprint import match_fingerprint
from orglint.frozenmap import FrozenMap, freeze
from orglint.rulebook import Rule, Rulebook
from orglint.ruletext import Placeholder, compile_templates, parse_template

SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}
_SCALARS: Final = (str, int, float, type(None))


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
            "source": thawed(self.source),
            "fingerprint": self.fingerprint,
        }
        if self.action is not None:
            data["action"] = thawed(self.action)
        return data


def _number(value: object) -> int:
    return value if isinstance(value, int) else 0


def _where(subject: Mapping[str, object]) -> tuple[str, int, int, str, str | None]:
    """File, line, column, YAML path and unit of the fact a finding is about."""
    unit = subject.get("unit")
    line, column = _number(subject["line"]), _number(subject["column"])
    return str(subject["file"]), line, column, str(subject["ypath"]), str(unit) if unit else None


def thawed(value: Any) -> Any:
    """JSON-ready copy of a frozen value (FrozenMap -> dict, tuple -> list)."""
    if isinstance(value, _SCALARS):  # most values; a cheaper test than the Mapping ABC's
        return value
    if isinstance(value, Mapping):
        return {key: thawed(item) for key, item in value.items()}
    if isinstance(value, tuple):
        return [thawed(item) for item in value]
    return value


def spoken_aliases(rule: Rule) -> frozenset[str]:
    """The subject and every alias the rule's message, fix or action names."""
    texts = [rule.message.zh, rule.message.en, rule.fix.zh, rule.fix.en]
    texts += [v for v in (rule.action or {}).values() if isinstance(v, str)]
    named = {p.alias for t in texts for p in parse_template(t) if isinstance(p, Placeholder)}
    return frozenset({rule.subject, *(a for a in named if a is not None)})


# Everything a finding is compared on, except what its rule's code fixes (name, severity,
# source...): code, file, line, column, path, unit and its rendered texts.
_Key = tuple[object, ...]


class _RuleFindings:
    """What every finding of one rule shares, worked out once: the aliases it speaks about and its
    message, fix and action templates compiled with the rule's parameters."""

    def __init__(self, rule: Rule) -> None:
        self.rule = rule
        self.spoken = spoken_aliases(rule)
        self.action = dict(rule.action) if rule.action is not None else None
        templated = [v for v in (self.action or {}).values() if isinstance(v, str)]
        message, fix = rule.message, rule.fix
        texts = [message.zh, message.en, fix.zh, fix.en, *templated]
        self.templates = compile_templates(texts, rule.params)

    def finding(self, match: Match) -> tuple[_Key, Finding]:
        rule, bindings = self.rule, match.bindings
        file, line, column, path, unit = _where(bindings[rule.subject])
        texts = self.templates.render(bindings)
        finding = Finding(
            code=rule.code,
            name=rule.name,
            principle=rule.principle,
            severity=rule.severity,
            file=file,
            line=line,
            column=column,
            path=path,
            unit=unit,
            message=Text(texts[0], texts[1]),
            fix=Text(texts[2], texts[3]),
            source=rule.source,
            action=self._action(texts[4:]),
            fingerprint=match_fingerprint(rule.code, unit, bindings, self.spoken),
        )
        return (rule.code, file, line, column, path, unit, texts), finding

    def _action(self, rendered: Sequence[str]) -> FrozenMap[Any] | None:
        """The rule's action with its templated values rendered, in the rule's key order."""
        if self.action is None:
            return None
        texts = iter(rendered)
        items = {k: next(texts) if isinstance(v, str) else v for k, v in self.action.items()}
        return FrozenMap({key: freeze(value) for key, value in items.items()})


def findings_from_matches(rulebook: Rulebook, matches: Iterable[Match]) -> list[Finding]:
    """The findings the matches make, each once, sorted. Matches that differ only in witnesses
    make the same finding; it keeps the first one's fingerprint (as a set of findings did)."""
    rules: dict[str, _RuleFindings] = {}
    found: dict[_Key, Finding] = {}
    for match in matches:
        rule = rules.get(match.code)
        if rule is None:
            rule = rules[match.code] = _RuleFindings(rulebook.get(match.code))
        key, finding = rule.finding(match)
        found.setdefault(key, finding)
    return sorted(found.values(), key=Finding.sort_key)


def reaches(finding: Finding, threshold: str) -> bool:
    return SEVERITY_RANK[finding.severity] >= SEVERITY_RANK[threshold]
