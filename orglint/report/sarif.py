"""`--format sarif`: SARIF 2.1.0 for GitHub code scanning and other tools.

Full rule metadata (id = code, kebab name, descriptions and help in the chosen language,
principle and source citation, default level) and results with a physical location (startLine,
startColumn in Unicode code points) and a line-independent fingerprint.
"""

from __future__ import annotations

import json
from pathlib import PurePosixPath
from typing import Any, Final
from urllib.parse import quote

from orglint import __version__
from orglint.errors import InputError
from orglint.findings import Finding
from orglint.report.base import Formatter
from orglint.report.results import Results
from orglint.rulebook import Rule
from orglint.ruledocs import LEVEL, citation, principle_text, rationale, show_value, title

SCHEMA_URI: Final = "https://json.schemastore.org/sarif-2.1.0.json"
FINGERPRINT_KEY: Final = "orglint/v1"


def artifact_uri(name: str) -> str:
    """A URI reference for a file name: relative names stay relative (to the repository root)."""
    path = PurePosixPath(name.replace("\\", "/"))
    if path.is_absolute():
        return "file://" + quote(str(path))
    return quote(str(path))


def _location(file: str, line: int, column: int) -> dict[str, Any]:
    return {
        "physicalLocation": {
            "artifactLocation": {"uri": artifact_uri(file)},
            "region": {"startLine": max(line, 1), "startColumn": max(column, 1)},
        }
    }


class SarifFormatter(Formatter):
    def render(self, results: Results) -> str:
        index = {rule.code: i for i, rule in enumerate(results.rules)}
        run = {
            "tool": {"driver": self.driver(results.rules)},
            "language": "zh-CN" if self.lang == "zh" else "en-US",
            "columnKind": "unicodeCodePoints",
            "results": [self.result(f, index) for f in results.findings],
            "invocations": [self.invocation(results.errors)],
        }
        log = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}
        return json.dumps(log, ensure_ascii=False, indent=2) + "\n"

    def driver(self, rules: tuple[Rule, ...]) -> dict[str, Any]:
        return {
            "name": "orglint",
            "version": __version__,
            "semanticVersion": __version__,
            "rules": [self.descriptor(rule) for rule in rules],
        }

    def descriptor(self, rule: Rule) -> dict[str, Any]:
        lang = self.lang
        principle = principle_text(rule.principle, lang)
        help_text = f"{rule.fix.get(lang)}\n{citation(rule)}"
        markdown = "\n\n".join(
            (f"**{rule.fix.get(lang)}**", principle, rationale(rule, lang), f"> {citation(rule)}")
        )
        return {
            "id": rule.code,
            "name": rule.name,
            "shortDescription": {"text": title(rule, lang)},
            "fullDescription": {"text": f"{principle}. {rationale(rule, lang)}"},
            "help": {"text": help_text, "markdown": markdown},
            "defaultConfiguration": {"level": LEVEL[rule.severity]},
            "properties": {
                "principle": rule.principle,
                "tags": [rule.principle],
                "source": {key: str(value) for key, value in rule.source.items()},
                "parameters": {name: json.loads(show_value(v)) for name, v in rule.params.items()},
            },
        }

    def result(self, f: Finding, index: dict[str, int]) -> dict[str, Any]:
        result: dict[str, Any] = {
            "ruleId": f.code,
            "level": LEVEL[f.severity],
            "message": {"text": f.message.get(self.lang)},
            "locations": [_location(f.file, f.line, f.column)],
            "properties": {
                "name": f.name,
                "unit": f.unit,
                "path": f.path,
                "fix": f.fix.get(self.lang),
            },
        }
        if f.code in index:
            result["ruleIndex"] = index[f.code]
        if f.fingerprint:
            result["partialFingerprints"] = {FINGERPRINT_KEY: f.fingerprint}
        return result

    def invocation(self, errors: tuple[InputError, ...]) -> dict[str, Any]:
        notes = [
            {
                "level": "error",
                "message": {"text": e.message.get(self.lang)},
                "locations": [_location(e.file, e.line, e.column)],
            }
            for e in errors
        ]
        return {"executionSuccessful": not errors, "toolExecutionNotifications": notes}
