"""`--format github`: GitHub Actions workflow commands, which become annotations on the diff.

`::error file=F,line=L,col=C,title=CODE::message`, escaped as GitHub's runner expects: in the
message `%`, CR and LF; in a property value also `:` and `,`.
"""

from __future__ import annotations

from typing import Final

from orglint.errors import InputError
from orglint.findings import Finding
from orglint.report.base import Formatter
from orglint.report.results import Results

COMMAND: Final = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(kind: str, props: dict[str, object], message: str) -> str:
    given = ",".join(f"{key}={escape_property(str(value))}" for key, value in props.items())
    return f"::{kind} {given}::{escape_data(message)}"


class GithubFormatter(Formatter):
    def render(self, results: Results) -> str:
        escaped = _EscapedOnce()
        lines = [self.finding(f, escaped) for f in results.findings]
        lines += [self.error(e) for e in results.errors]
        lines.append("")  # every line ends with a newline, in one join
        return "\n".join(lines)

    def finding(self, f: Finding, escaped: _EscapedOnce | None = None) -> str:
        """`command(COMMAND[f.severity], {file, line, col, title}, message (name))`, with the file
        and the code escaped once per render (numbers never need escaping)."""
        escaped = escaped or _EscapedOnce()
        props = f"file={escaped.property(f.file)},line={f.line},col={f.column}"
        title = escaped.property(f.code)
        message = escape_data(f"{f.message.get(self.lang)} ({f.name})")
        return f"::{COMMAND[f.severity]} {props},title={title}::{message}"

    def error(self, e: InputError) -> str:
        props = {"file": e.file, "line": e.line, "col": e.column, "title": "orglint"}
        return command("error", props, e.message.get(self.lang))


class _EscapedOnce:
    """Property values many annotations share (file names, rule codes), escaped once each."""

    def __init__(self) -> None:
        self._properties: dict[str, str] = {}

    def property(self, text: str) -> str:
        known = self._properties.get(text)
        if known is None:
            known = self._properties[text] = escape_property(text)
        return known
