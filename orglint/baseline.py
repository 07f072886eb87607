"""Baselines: `--write-baseline FILE` records today's findings, `--baseline FILE` reports only
findings that are not in it. Entries match by file and fingerprint (orglint/fingerprint.py),
never by line, and count: two identical old findings cover two, not three."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Final

from orglint.errors import InputErrors
from orglint.findings import Finding
from orglint.report.jsontext import RawJson, indented_json
from orglint.settings import relative_to

FORMAT_KEY: Final = "orglint-baseline"
VERSION: Final = 1

Key = tuple[str, str]  # (file relative to the baseline's directory, fingerprint)


class _Keys:
    """Finding → Key against one base directory. Resolving a path asks the file system, so it is
    done once per file, not once per finding (29k findings at 10k units). One per call: a
    relative name means another file once the working directory changes."""

    def __init__(self, base: Path) -> None:
        self.base = base
        self.files: dict[str, str] = {}

    def __call__(self, finding: Finding) -> Key:
        file = self.files.get(finding.file)
        if file is None:
            file = self.files[finding.file] = relative_to(Path(finding.file).resolve(), self.base)
        return file, finding.fingerprint


def _entry(finding: Finding, keys: _Keys) -> dict[str, Any]:
    file, fingerprint = keys(finding)
    return {
        "file": file,
        "code": finding.code,
        "name": finding.name,
        "unit": finding.unit,
        "fingerprint": fingerprint,
        "message": finding.message.en,  # for people reading the diff; never matched
    }


def write_baseline(path: Path, findings: Sequence[Finding]) -> None:
    keys = _Keys(path.resolve().parent)
    entries = sorted(
        (_entry(f, keys) for f in findings), key=lambda e: (e["file"], e["code"], e["fingerprint"])
    )
    try:
        path.write_text(baseline_text(entries), encoding="utf-8")
    except OSError as exc:
        raise _error(
            str(path),
            1,
            1,
            f"无法写入基线:{exc.strerror}",
            f"cannot write the baseline: {exc.strerror}",
        ) from None


def baseline_text(entries: Sequence[dict[str, Any]]) -> str:
    """`json.dumps({FORMAT_KEY: VERSION, "findings": entries}, ensure_ascii=False, indent=2)`
    and a newline, for non-empty entries of scalar values (as `_entry` makes them).

    json's indenting encoder is pure Python (half a second for 29k entries); its C encoder only
    runs without `indent`, but takes any item separator. With the separator between members of
    an entry, all entries are encoded in one call; what is left is to break the lines at the
    entries' braces, found as "}" + separator + "{": a raw newline never occurs in JSON text
    but as a separator, and inside an entry a separator is followed by a key ("...")."""
    if not entries:
        return indented_json({FORMAT_KEY: VERSION, "findings": []}) + "\n"
    flat = _MEMBERS.encode(entries)  # [{"file": "…",\n      "code": …},\n      {…}]
    listed = (
        "[\n    {\n      "
        + flat[2:-2].replace("}" + _MEMBER + "{", "\n    },\n    {\n      ")
        + "\n    }\n  ]"
    )
    return indented_json({FORMAT_KEY: VERSION, "findings": RawJson(listed)}) + "\n"


# findings[i] is two levels deep in the document, so its members are three.
_MEMBER: Final = ",\n      "
_MEMBERS: Final = json.JSONEncoder(ensure_ascii=False, separators=(_MEMBER, ": "))


def load_baseline(path: Path) -> Counter[Key]:
    name = str(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise _error(
            name,
            1,
            1,
            "基线文件不存在;先用 --write-baseline 生成",
            "no such baseline; create it with --write-baseline",
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise _error(
            name, 1, 1, f"无法读取基线:{exc}", f"cannot read the baseline: {exc}"
        ) from None
    except json.JSONDecodeError as exc:
        raise _error(
            name,
            exc.lineno,
            exc.colno,
            f"基线不是有效的 JSON:{exc.msg}",
            f"the baseline is not valid JSON: {exc.msg}",
        ) from None
    return Counter(_keys(name, data))


def _keys(name: str, data: Any) -> Iterable[Key]:
    entries = (
        data.get("findings") if isinstance(data, dict) and data.get(FORMAT_KEY) == VERSION else None
    )
    if not isinstance(entries, list) or not all(_well_formed(e) for e in entries):
        raise _error(
            name,
            1,
            1,
            f'不是 orglint 基线文件(需要 {{"{FORMAT_KEY}": {VERSION}, "findings": [...]}})',
            f'not an orglint baseline (expected {{"{FORMAT_KEY}": {VERSION}, "findings": [...]}})',
        )
    return [(e["file"], e["fingerprint"]) for e in entries]


def _well_formed(entry: Any) -> bool:
    return (
        isinstance(entry, dict)
        and isinstance(entry.get("file"), str)
        and isinstance(entry.get("fingerprint"), str)
    )


def new_findings(findings: Sequence[Finding], baseline: Counter[Key], path: Path) -> list[Finding]:
    """The findings the baseline does not account for, in their original order."""
    keys, left, fresh = _Keys(path.resolve().parent), Counter(baseline), []
    for finding in findings:
        key = keys(finding)
        if left[key] > 0:
            left[key] -= 1
        else:
            fresh.append(finding)
    return fresh


def _error(name: str, line: int, column: int, zh: str, en: str) -> InputErrors:
    return InputErrors.single(name, line, column, zh, en)
