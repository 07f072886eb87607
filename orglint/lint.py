"""One org file through everything `orglint check` applies: the rules that are enabled for it,
suppression comments, severity overrides. orglint/check.py is the engine part of it."""

from __future__ import annotations

from orglint.check import CheckOptions, check_document
from orglint.decoding import decode_text
from orglint.findings import Finding
from orglint.gcpause import collector_paused
from orglint.rulebook import Rulebook
from orglint.settings import FileSettings
from orglint.suppress import Suppressor


def lint_bytes(
    name: str, raw: bytes, settings: FileSettings, options: CheckOptions
) -> list[Finding]:
    """Findings for one file as the user's settings want them; raises InputErrors."""
    # Linting a file builds millions of objects that live until it is done (marks, facts,
    # matches) and makes almost no reference cycles: the cycle collector would walk them again
    # and again, about a fifth of a 10k-unit check. It resumes once they are freed (by reference
    # counting, when _unsuppressed returns), so it never has to walk them at all.
    with collector_paused():
        kept = _unsuppressed(name, raw, settings, options)
    return sorted((settings.relevel(f) for f in kept), key=Finding.sort_key)


def _unsuppressed(
    name: str, raw: bytes, settings: FileSettings, options: CheckOptions
) -> list[Finding]:
    engine_rules = settings.catalogue.engine.rules
    rulebook = Rulebook(tuple(r for r in engine_rules if r.code in settings.enabled))
    document, findings = check_document(name, raw, rulebook, options)
    suppressor = Suppressor(document, decode_text(name, raw), settings.catalogue, settings.enabled)
    return suppressor.apply(findings)
