"""`--format junit`: JUnit XML for CI test reports. One testcase per file; each finding that
reaches --fail-on is a <failure>, the others are listed in the testcase's <system-out>; a file
that could not be checked has an <error>."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from orglint.errors import InputError
from orglint.findings import Finding
from orglint.report.base import Formatter
from orglint.report.results import Results


class JunitFormatter(Formatter):
    def render(self, results: Results) -> str:
        cases = [self.testcase(name, results) for name in results.files]
        failed = sum(case.find("failure") is not None for case in cases)
        errored = sum(case.find("error") is not None for case in cases)
        counts = {"tests": str(len(cases)), "failures": str(failed), "errors": str(errored)}
        suites = ET.Element("testsuites", {"name": "orglint", **counts})
        suite = ET.SubElement(suites, "testsuite", {"name": "orglint", **counts, "skipped": "0"})
        suite.extend(cases)
        ET.indent(suites)
        return ET.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"

    def testcase(self, name: str, results: Results) -> ET.Element:
        case = ET.Element("testcase", {"classname": "orglint", "name": name, "file": name})
        for error in (e for e in results.errors if e.file == name):
            self.error(case, error)
        quiet: list[str] = []
        for finding in results.by_file(name):
            described = self.describe(finding)
            if results.failing(finding):
                self.failure(case, finding, described)
            else:
                quiet.append(described)
        if quiet:
            ET.SubElement(case, "system-out").text = "\n".join(quiet)
        return case

    def describe(self, f: Finding) -> str:
        where = f"{f.file}:{f.line}:{f.column}"
        return f"{where}: {f.code} [{f.severity}] {f.message.get(self.lang)} ({f.name})"

    def failure(self, case: ET.Element, f: Finding, described: str) -> None:
        attrs = {"type": f.code, "message": described}
        body = f"{described}\nfix: {f.fix.get(self.lang)}"
        ET.SubElement(case, "failure", attrs).text = body

    def error(self, case: ET.Element, e: InputError) -> None:
        text = e.render(self.lang)
        ET.SubElement(case, "error", {"type": "input", "message": text}).text = text
