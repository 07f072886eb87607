"""The `check` pipeline for one file: load, validate, model, facts, engine, findings."""

from __future__ import annotations

from dataclasses import dataclass

from orglint.facts import build_facts
from orglint.fanout import findings_for
from orglint.findings import Finding
from orglint.model import build_org
from orglint.rulebook import Rulebook
from orglint.validate import load_and_validate
from orglint.yamlload import Document


@dataclass(frozen=True)
class CheckOptions:
    revenue: float | None = None  # overrides company.revenue
    engine: str = "auto"
    # Processes to spread the rules over; None: orglint/fanout decides. One by default: on two
    # cores the parts gain nothing measurable since the engine got cheap (docs/perf.md).
    jobs: int | None = 1


def check_bytes(name: str, raw: bytes, rulebook: Rulebook, options: CheckOptions) -> list[Finding]:
    """Findings for one org file; raises InputErrors when the file is unreadable or invalid."""
    return check_document(name, raw, rulebook, options)[1]


def check_document(
    name: str, raw: bytes, rulebook: Rulebook, options: CheckOptions
) -> tuple[Document, list[Finding]]:
    """The loaded document and its findings (suppressions need the document's positions)."""
    document = load_and_validate(name, raw)
    org = build_org(document, options.revenue)
    findings = findings_for(rulebook, build_facts(org), options.engine, options.jobs)
    return document, findings
