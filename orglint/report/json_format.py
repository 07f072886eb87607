"""`--format json`: a JSON array of findings, one object each, keys as documented in the README.

One finding per line: the array stays valid JSON for `jq`, a line is one finding for `grep`, and
each line is exactly `json.dumps(finding.as_dict(lang), ensure_ascii=False)` (an indented dump
would fall back to json's pure-Python encoder, seconds for tens of thousands of findings).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, Final

from orglint.findings import Finding, thawed
from orglint.report.base import Formatter
from orglint.report.results import Results

_ENCODER: Final = json.JSONEncoder(ensure_ascii=False)  # json.dumps(..., ensure_ascii=False)
_string: Final = json.encoder.encode_basestring  # the same encoder's escaping of one string


class JsonFormatter(Formatter):
    def render(self, results: Results) -> str:
        if not results.findings:
            return "[]\n"
        shared = _EncodedOnce()
        lines = [self.line(f, shared) for f in results.findings]
        # The brackets ride on the first and last lines: the text (tens of megabytes at 10k
        # units) is then copied once, by the join, not again by each concatenation.
        lines[0] = "[\n" + lines[0]
        lines[-1] += "\n]\n"
        return ",\n".join(lines)

    def line(self, f: Finding, shared: _EncodedOnce) -> str:
        """`json.dumps(f.as_dict(lang), ensure_ascii=False)`, by a template: what many findings
        share (a rule's code to file, a rule's source) is encoded once.
        tests/test_report_formats.py compares the lines with json.dumps of as_dict."""
        unit = "null" if f.unit is None else _string(f.unit)
        action = "" if f.action is None else f', "action": {_ENCODER.encode(thawed(f.action))}'
        return (
            f'{shared.head(f)}{f.line:d}, "column": {f.column:d}, '
            f'"path": {_string(f.path)}, "unit": {unit}, '
            f'"message": {_string(f.message.get(self.lang))}, '
            f'"fix": {_string(f.fix.get(self.lang))}, "source": {shared.text(f.source)}, '
            f'"fingerprint": {_string(f.fingerprint)}{action}}}'
        )


_Head = tuple[str, str, str, str, str]  # code, name, principle, severity, file


class _EncodedOnce:
    """The JSON text of what many findings share, encoded once each: the start of a line up to
    the line number (the same for every finding of a rule in a file), and each rule's source."""

    def __init__(self) -> None:
        self._heads: dict[_Head, str] = {}
        # By id(): FrozenMaps hash slowly. An entry keeps its value alive, so the id stays its own.
        self._texts: dict[int, tuple[Mapping[str, Any], str]] = {}

    def head(self, f: Finding) -> str:
        key = (f.code, f.name, f.principle, f.severity, f.file)
        known = self._heads.get(key)
        if known is None:
            known = self._heads[key] = (
                f'{{"code": {_string(f.code)}, "name": {_string(f.name)}, '
                f'"principle": {_string(f.principle)}, "severity": {_string(f.severity)}, '
                f'"file": {_string(f.file)}, "line": '
            )
        return known

    def text(self, value: Mapping[str, Any]) -> str:
        known = self._texts.get(id(value))
        if known is None:
            known = self._texts[id(value)] = (value, _ENCODER.encode(thawed(value)))
        return known[1]
