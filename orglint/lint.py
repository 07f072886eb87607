"""One org file through everything `orglint check` applies: the rules that are enabled for it,
suppression comments, severity overrides. orglint/check.py is the engine part of it."""

from __future__ import annotations

from orglint.check import CheckOptions, check_document
from orglint.decoding import decode_text
from orglint.findings import Finding
from orglint.rulebook import Rulebook
from orglint.settings import FileSettings
from orglint.suppress import Suppressor


def lint_bytes(
    name: str, raw: bytes, settings: FileSettings, options: CheckOptions
) -> list[Finding]:
    """Findings for one file as the user's settings want them; raises InputErrors."""
    engine_rules = settings.catalogue.engine.rules
    rulebook = Rulebook(tuple(r for r in engine_rules if r.code in settings.enabled))
    document, findings = check_document(name, raw, rulebook, options)
    suppressor = Suppressor(document, decode_text(name, raw), settings.catalogue, settings.enabled)
    kept = suppressor.apply(findings)
    return sorted((settings.relevel(f) for f in kept), key=Finding.sort_key)
