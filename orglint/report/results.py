"""What a `check` run found, kept apart from how it is reported (as check-jsonschema does)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from orglint.errors import InputError
from orglint.findings import Finding, reaches
from orglint.rulebook import Rule


@dataclass(frozen=True)
class Results:
    findings: tuple[Finding, ...]
    files: tuple[str, ...]  # every input, in order, including those that could not be checked
    rules: tuple[Rule, ...] = ()  # the rule catalogue, for formats that describe rules (SARIF)
    errors: tuple[InputError, ...] = ()  # inputs that could not be checked (exit 2)
    fail_on: str = "error"

    def failing(self, finding: Finding) -> bool:
        return reaches(finding, self.fail_on)

    def by_file(self, name: str) -> list[Finding]:
        return list(self._by_file.get(name, ()))

    @cached_property  # a frozen dataclass still has its own __dict__, where this is kept
    def _by_file(self) -> dict[str, list[Finding]]:
        """Findings per file, in order: one pass, not one per file of a many-file run."""
        grouped: dict[str, list[Finding]] = {}
        for finding in self.findings:
            grouped.setdefault(finding.file, []).append(finding)
        return grouped
