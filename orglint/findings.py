"""Findings: small frozen values built from engine matches. Reporters only read them.

A finding's message and fix are LazyTexts (orglint/ruletext.py): the values a match fills the
rule's templates with are kept, and each language is rendered the first time it is read, so a
run renders only the language it reports in. A finding made here also keeps its rule's shared
part (`RuleTexts`), which makes pickling it (orglint/fanout.py sends findings between processes)
cost a reference to the rule plus the few values of its own.
"""

from __future__ import annotations

from bisect import insort
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields
from itertools import compress, islice
from operator import attrgetter, eq
from typing import Any, Final, cast

from orglint.engine import Match
from orglint.errors import Text
from orglint.fingerprint import facts_fingerprint, match_fingerprint
from orglint.frozenmap import FrozenMap, freeze
from orglint.rulebook import Rule, Rulebook
from orglint.ruletext import (
    CompiledTemplates,
    LazyText,
    Placeholder,
    compile_templates,
    lazy_text,
    parse_template,
)

SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}
_SCALARS: Final = (str, int, float, type(None))
# Which rule made a finding and where it is (code, file, line, column, path, unit): with its
# texts, everything two findings of one rule are compared on (name, source... follow the code).
_Place = tuple[str, str, int, int, str, str | None]


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

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled as its rule's shared part (once per pickle, then a reference) and what is its
        own; one made by hand (suppressions, dataclasses.replace) as its fields."""
        rule = self.__dict__.get(_RULE)
        if rule is None:
            return (Finding, tuple(getattr(self, f.name) for f in fields(self)))
        values = cast(LazyText, self.message).values  # RuleTexts.finding made it
        own = (self.file, self.line, self.column, self.path, self.unit, self.fingerprint)
        return (_unpickled, (rule, values, *own))


# Where a finding made from matches keeps its RuleTexts. Not a field: equality, hashing, repr and
# dataclasses.replace ignore it (a replaced finding is pickled field by field).
_RULE: Final = "_rule"
_new: Final = object.__new__


class RuleTexts:
    """What every finding of one rule shares: code, name, principle, severity, source, and its
    message, fix and action templates compiled with the rule's parameters."""

    def __init__(
        self,
        identity: tuple[str, str, str, str],
        source: Mapping[str, Any],
        templates: CompiledTemplates,
        action: Mapping[str, Any] | None,
    ) -> None:
        self.identity = identity  # code, name, principle, severity
        self.source = source
        self.templates = templates
        patterns = templates.patterns
        self.message: tuple[str, str] = (patterns[0], patterns[1])
        self.fix: tuple[str, str] = (patterns[2], patterns[3])
        self.action = action  # templated values are str (patterns[4:] in order), others frozen

    @classmethod
    def of(cls, rule: Rule) -> RuleTexts:
        action = dict(rule.action) if rule.action is not None else None
        templated = [v for v in (action or {}).values() if isinstance(v, str)]
        message, fix = rule.message, rule.fix
        texts = [message.zh, message.en, fix.zh, fix.en, *templated]
        templates = compile_templates(texts, rule.params)
        frozen = None if action is None else {k: freeze(v) for k, v in action.items()}
        identity = (rule.code, rule.name, rule.principle, rule.severity)
        return cls(identity, rule.source, templates, frozen)

    def __reduce__(self) -> tuple[Any, ...]:
        return (RuleTexts, (self.identity, self.source, self.templates, self.action))

    def finding(
        self,
        values: tuple[str, ...],
        place: _Place,
        fingerprint: str,
    ) -> Finding:
        """A Finding as its constructor would make it, at a fraction of the cost: a frozen
        dataclass's __init__ calls object.__setattr__ for every field. (Set that way, findings
        and their texts would share tables of attribute names, 13 MB less at 10k units, but
        building them would cost a fifth more.)"""
        code, name, principle, severity = self.identity
        _, file, line, column, path, unit = place
        finding = _new(Finding)
        finding.__dict__.update(
            code=code,
            name=name,
            principle=principle,
            severity=severity,
            file=file,
            line=line,
            column=column,
            path=path,
            unit=unit,
            message=lazy_text(self.message, values),
            fix=lazy_text(self.fix, values),
            source=self.source,
            action=None if self.action is None else self._action(values),
            fingerprint=fingerprint,
            _rule=self,
        )
        return finding

    def _action(self, values: tuple[str, ...]) -> FrozenMap[Any]:
        """The rule's action with its templated values rendered, in the rule's key order."""
        assert self.action is not None
        rendered = iter(self.templates.patterns[4:])
        return FrozenMap(
            {
                key: next(rendered).format(*values) if isinstance(value, str) else value
                for key, value in self.action.items()
            }
        )

    def texts(self, values: tuple[str, ...]) -> tuple[str, ...]:
        """Every text a finding with these values shows: message, fix and action values."""
        return self.templates.texts(values)


def _unpickled(
    rule: RuleTexts,
    values: tuple[str, ...],
    file: str,
    line: int,
    column: int,
    path: str,
    unit: str | None,
    fingerprint: str,
) -> Finding:
    return rule.finding(values, (rule.identity[0], file, line, column, path, unit), fingerprint)


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


class _RuleFindings:
    """Turns one rule's matches into findings: the aliases it speaks about, its texts."""

    def __init__(self, rule: Rule) -> None:
        self.code = rule.code
        self.subject = rule.subject
        self.spoken = spoken_aliases(rule)
        # Most rules speak about their subject alone: its fact is the fingerprint's only one.
        self.subject_only = self.spoken == {rule.subject}
        self.texts = RuleTexts.of(rule)

    def place(self, match: Match) -> _Place:
        return (self.code, *_where(match.bindings[self.subject]))

    def finding(self, match: Match, place: _Place, values: tuple[str, ...]) -> Finding:
        bindings, unit = match.bindings, place[5]
        if self.subject_only:
            fingerprint = facts_fingerprint(self.code, unit, [bindings[self.subject]])
        else:
            fingerprint = match_fingerprint(self.code, unit, bindings, self.spoken)
        return self.texts.finding(values, place, fingerprint)


class _Distinct:
    """Which (place, texts) were seen. Texts are only rendered when two matches of one rule at one
    place fill its templates with different values: equal values always render equal texts,
    while different values may still read the same ("{a}{b}" for "x", "yz" and "xy", "z")."""

    def __init__(self) -> None:
        self._first: dict[_Place, tuple[str, ...]] = {}  # the values first seen at a place
        self._more: dict[_Place, list[tuple[str, ...]]] = {}  # values of other texts there

    def is_new(self, place: _Place, values: tuple[str, ...], rule: RuleTexts) -> bool:
        """Whether no finding so far has this place and these texts; if so, it now has."""
        first = self._first.get(place)
        if first is None:  # nothing at this place yet: the usual case
            self._first[place] = values
            return True
        seen = [first, *self._more.get(place, ())]
        if values in seen:
            return False
        texts = rule.texts(values)
        if any(rule.texts(other) == texts for other in seen):
            return False
        self._more.setdefault(place, []).append(values)
        return True


def findings_from_matches(rulebook: Rulebook, matches: Iterable[Match]) -> list[Finding]:
    """The findings the matches make, each once, sorted. Matches that differ only in witnesses
    make the same finding; it keeps the first one's fingerprint (as a set of findings did).
    Any subset of the rulebook's rules gives the findings of those rules."""
    rules: dict[str, _RuleFindings] = {}
    distinct = _Distinct()
    kept: list[Finding] = []
    for match in matches:
        rule = rules.get(match.code)
        if rule is None:
            rule = rules[match.code] = _RuleFindings(rulebook.get(match.code))
        place = rule.place(match)
        values = rule.texts.templates.values(match.bindings)
        if distinct.is_new(place, values, rule.texts):
            kept.append(rule.finding(match, place, values))
    return sort_findings(kept)


_PLACE_AND_CODE: Final = attrgetter("file", "line", "column", "code")
_ENGLISH: Final = attrgetter("message.en")


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    """`sorted(findings, key=Finding.sort_key)`, rendering `message.en` only for findings whose
    file, line, column and code tie: sorting stably by those, then each tie by the message, is
    the same order, without rendering every message in a language the run may not report in."""
    ordered = sorted(findings, key=_PLACE_AND_CODE)
    places = list(map(_PLACE_AND_CODE, ordered))
    # i is in `tied` when ordered[i] has the place and code of ordered[i - 1] (C loops).
    tied = compress(range(1, len(places)), map(eq, places, islice(places, 1, None)))
    for start, end in _runs(tied):
        ordered[start:end] = sorted(ordered[start:end], key=_ENGLISH)
    return ordered


def _runs(tied: Iterable[int]) -> Iterator[tuple[int, int]]:
    """Slices [start, end) of consecutive tied positions, each with the position before."""
    start = end = -1
    for i in tied:
        if i != end:
            if end > 0:
                yield start, end
            start = i - 1
        end = i + 1
    if end > 0:
        yield start, end


def merge_findings(parts: Iterable[Sequence[Finding]]) -> list[Finding]:
    """`list(heapq.merge(*parts, key=Finding.sort_key))` for sorted parts (orglint/fanout.py):
    on equal keys, earlier parts first. A stable sort of the parts one after another is that
    order, and sort_findings renders only the messages it must compare."""
    return sort_findings(finding for part in parts for finding in part)


def insert_sorted(findings: list[Finding], extra: Iterable[Finding]) -> list[Finding]:
    """`sorted(findings + extra, key=Finding.sort_key)` for sorted `findings` and a few extra
    findings: each goes after every finding with the same key, as a stable sort puts it."""
    merged = list(findings)
    for finding in extra:
        insort(merged, finding, key=Finding.sort_key)
    return merged


def reaches(finding: Finding, threshold: str) -> bool:
    return SEVERITY_RANK[finding.severity] >= SEVERITY_RANK[threshold]
