"""One org file through everything `orglint check` applies: the rules that are enabled for it,
suppression comments, severity overrides. orglint/check.py is the engine part of it."""

from __future__ import annotations

from orglint.check import CheckOptions, check_document
from orglint.decoding import decode_text
from orglint.findings import Finding, insert_sorted
from orglint.gcpause import collector_paused
from orglint.rulebook import Rulebook
from orglint.settings import FileSettings
from orglint.suppress import Suppressor


def lint_bytes(
    name: str, raw: bytes, settings: FileSettings, options: CheckOptions
) -> list[Finding]:
    """Findings for one file as the user's settings want them, sorted; raises InputErrors."""
    # Linting a file builds millions of objects that live until it is done (marks, facts,
    # matches) and makes almost no reference cycles: the cycle collector would walk them again
    # and again, about a fifth of a 10k-unit check. It resumes once they are freed (by reference
    # counting, when _unsuppressed returns), so it never has to walk them at all.
    with collector_paused():
        kept, meta = _unsuppressed(name, raw, settings, options)
    # The engine's findings come sorted (check_document), and neither silencing some nor a new
    # severity changes their order: only the suppression findings, if any, need placing.
    kept = _relevelled(kept, settings)
    if not meta:
        return kept
    return insert_sorted(kept, _relevelled(meta, settings))


def _unsuppressed(
    name: str, raw: bytes, settings: FileSettings, options: CheckOptions
) -> tuple[list[Finding], list[Finding]]:
    """The engine's findings no suppression silences, and the suppression rules' findings."""
    engine_rules = settings.catalogue.engine.rules
    rulebook = Rulebook(tuple(r for r in engine_rules if r.code in settings.enabled))
    document, findings = check_document(name, raw, rulebook, options)
    suppressor = Suppressor(document, decode_text(name, raw), settings.catalogue, settings.enabled)
    kept = suppressor.silence(findings)
    return kept, suppressor.meta_findings()


def _relevelled(findings: list[Finding], settings: FileSettings) -> list[Finding]:
    """The findings at the severities the config gives their rules: only the findings of a rule
    with an override are looked at (most configs have none)."""
    overridden = settings.config.severities
    if not overridden:
        return findings
    return [settings.relevel(f) if f.code in overridden else f for f in findings]
