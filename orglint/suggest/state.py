"""What check says about the org file as it stands mid-plan: model, metrics and findings."""

from __future__ import annotations

from dataclasses import dataclass

from orglint.engine import evaluate
from orglint.facts import build_facts
from orglint.findings import Finding, findings_from_matches
from orglint.metrics import Metrics, compute_metrics
from orglint.model import Org, build_org
from orglint.rulebook import Rulebook
from orglint.validate import load_and_validate


@dataclass(frozen=True)
class Snapshot:
    text: str
    org: Org
    metrics: Metrics
    findings: tuple[Finding, ...]

    @property
    def recommendations(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.action is not None)

    def top_owner(self, function_id: str) -> str | None:
        owners = self.metrics.top_owners(function_id)
        return owners[0] if owners else None

    def name(self, unit_id: str) -> str:
        return self.org.by_id[unit_id].name


def take_snapshot(
    name: str, text: str, rulebook: Rulebook, revenue: float | None, engine: str
) -> Snapshot:
    """Raises InputErrors when the text is not a valid org file (never for our own rewrites)."""
    document = load_and_validate(name, text.encode("utf-8"))
    org = build_org(document, revenue)
    findings = findings_from_matches(rulebook, evaluate(rulebook, build_facts(org), engine))
    return Snapshot(text, org, compute_metrics(org), tuple(findings))
