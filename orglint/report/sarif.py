"""`--format sarif`: SARIF 2.1.0 for GitHub code scanning and other tools.

Full rule metadata (id = code, kebab name, descriptions and help in the chosen language,
principle and source citation, default level) and results with a physical location (startLine,
startColumn in Unicode code points) and a line-independent fingerprint.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import PurePosixPath
from typing import Any, Final
from urllib.parse import quote

from orglint import __version__
from orglint.errors import InputError
from orglint.findings import Finding
from orglint.report.base import Formatter
from orglint.report.jsontext import RawJson, indented_json
from orglint.report.results import Results
from orglint.rulebook import Rule
from orglint.ruledocs import LEVEL, citation, principle_text, rationale, show_value, title

SCHEMA_URI: Final = "https://json.schemastore.org/sarif-2.1.0.json"
FINGERPRINT_KEY: Final = "orglint/v1"


@lru_cache(maxsize=1024)  # every finding of a file asks for the same URI
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


_string: Final = json.encoder.encode_basestring  # json.dumps(ensure_ascii=False)'s escaping
# Where the results go in the rendered log: a raw NUL, which json text can never contain.
_RESULTS_SLOT: Final = RawJson("\0")
_BETWEEN_RESULTS: Final = ",\n" + " " * 8  # runs[0].results[i] is 4 levels deep


class SarifFormatter(Formatter):
    def render(self, results: Results) -> str:
        index = {rule.code: i for i, rule in enumerate(results.rules)}
        run = {
            "tool": {"driver": self.driver(results.rules)},
            "language": "zh-CN" if self.lang == "zh" else "en-US",
            "columnKind": "unicodeCodePoints",
            "results": [_RESULTS_SLOT] if results.findings else [],
            "invocations": [self.invocation(results.errors)],
        }
        log = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}
        before, _, after = indented_json(log).partition(_RESULTS_SLOT.text)
        parts = _SharedParts(index)
        listed = [self.result(f, parts) for f in results.findings] or [""]
        # What comes before and after the results rides on the first and last: the log (tens of
        # megabytes at 10k units) is copied once, by the join.
        listed[0] = before + listed[0]
        listed[-1] += after + "\n"
        return _BETWEEN_RESULTS.join(listed)

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

    def result(self, f: Finding, parts: _SharedParts) -> str:
        """One result exactly as json.dumps(log, indent=2) writes it at runs[0].results[i].

        Written by hand because json's indenting encoder is pure Python (seconds for 29k
        results) and results are the only part of the log that grows with the findings;
        tests/test_report_formats.py checks the log is exactly the indented dump of its parse.
        """
        unit = "null" if f.unit is None else _string(f.unit)
        head, name, tail = parts.of_rule(f)
        return f"""{head}{_string(f.message.get(self.lang))}
          }},
          "locations": [
            {{
              "physicalLocation": {{
                "artifactLocation": {{
                  "uri": {parts.uri(f.file)}
                }},
                "region": {{
                  "startLine": {max(f.line, 1):d},
                  "startColumn": {max(f.column, 1):d}
                }}
              }}
            }}
          ],
          "properties": {{
            "name": {name},
            "unit": {unit},
            "path": {_string(f.path)},
            "fix": {_string(f.fix.get(self.lang))}
          }}{tail}{self._fingerprint(f)}
        }}"""

    @staticmethod
    def _fingerprint(f: Finding) -> str:
        if not f.fingerprint:
            return ""
        key, value = _string(FINGERPRINT_KEY), _string(f.fingerprint)
        return f',\n          "partialFingerprints": {{\n            {key}: {value}\n          }}'

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


class _SharedParts:
    """JSON text that many results share, written once: per rule (and severity) the start of a
    result, its name and its rule index; per file its URI."""

    def __init__(self, index: dict[str, int]) -> None:
        self.index = index
        self._rules: dict[tuple[str, str, str], tuple[str, str, str]] = {}
        self._uris: dict[str, str] = {}

    def of_rule(self, f: Finding) -> tuple[str, str, str]:
        """The text before the message, the name and what follows the properties."""
        key = (f.code, f.severity, f.name)
        known = self._rules.get(key)
        if known is None:
            index = self.index
            rule_index = f',\n          "ruleIndex": {index[f.code]:d}' if f.code in index else ""
            head = f"""{{
          "ruleId": {_string(f.code)},
          "level": {_string(LEVEL[f.severity])},
          "message": {{
            "text": """
            known = self._rules[key] = (head, _string(f.name), rule_index)
        return known

    def uri(self, file: str) -> str:
        known = self._uris.get(file)
        if known is None:
            known = self._uris[file] = _string(artifact_uri(file))
        return known
