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
        lines = [self.finding(f) for f in results.findings]
        lines += [self.error(e) for e in results.errors]
        return "".join(line + "\n" for line in lines)

    def finding(self, f: Finding) -> str:
        props = {"file": f.file, "line": f.line, "col": f.column, "title": f.code}
        return command(COMMAND[f.severity], props, f"{f.message.get(self.lang)} ({f.name})")

    def error(self, e: InputError) -> str:
        props = {"file": e.file, "line": e.line, "col": e.column, "title": "orglint"}
        return command("error", props, e.message.get(self.lang))
