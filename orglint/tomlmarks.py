"""Line:column of keys and values in a TOML file. tomllib gives data without positions, and an
error about a config key must point at that key (yamllint and ruff both do)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, Final

from orglint.decoding import line_col

_KEY_PART: Final = r'(?:[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|\'[^\']*\')'
_DOTTED: Final = rf"{_KEY_PART}(?:\s*\.\s*{_KEY_PART})*"
_HEADER: Final = re.compile(rf"^[ \t]*\[[ \t]*({_DOTTED})[ \t]*\]", re.M)
_ASSIGN: Final = re.compile(rf"^[ \t]*({_DOTTED})[ \t]*=", re.M)
_PART: Final = re.compile(_KEY_PART)

TomlPath = tuple[str | int, ...]


def _parts(dotted: str) -> tuple[str, ...]:
    return tuple(p.strip("\"'") for p in _PART.findall(dotted))


class TomlMarks:
    """Where each table header and `key =` line is; other positions are searched near them."""

    def __init__(self, text: str, prefix: Sequence[str] = ()) -> None:
        self.text = text
        self.prefix = tuple(prefix)
        self.starts: dict[TomlPath, int] = {}  # path -> offset of the key (or header)
        self.order: list[int] = []
        table: tuple[str, ...] = ()
        for match in sorted([*_HEADER.finditer(text), *_ASSIGN.finditer(text)], key=_start):
            if match.re is _HEADER:
                table = _parts(match.group(1))
                self.starts.setdefault(table, match.start(1))
            else:
                self.starts.setdefault((*table, *_parts(match.group(1))), match.start(1))
            self.order.append(match.start(1))

    def locate(self, path: TomlPath, data: Any) -> tuple[int, int]:
        """1-based line and column of `path` (relative to the prefix table); never fails."""
        full = (*self.prefix, *path)
        for end in range(len(full), -1, -1):
            if full[:end] in self.starts:
                offset = self._search(
                    self.starts[full[:end]], path[max(0, end - len(self.prefix)) :], data, path
                )
                return line_col(self.text, offset)
        return 1, 1

    def _search(self, offset: int, rest: TomlPath, data: Any, path: TomlPath) -> int:
        """Find the remaining keys (or string items) after `offset`, before the next key line."""
        limit = next((o for o in self.order if o > offset), len(self.text))
        node = _walk(data, path[: len(path) - len(rest)])
        for part in rest:
            node = node[part] if _has(node, part) else None
            needle = _needle(part, node)
            found = needle.search(self.text, offset, limit) if needle else None
            if found is None:
                break
            offset = found.start()
        return offset


def _start(match: re.Match[str]) -> int:
    return match.start()


def _has(node: Any, part: str | int) -> bool:
    if isinstance(part, int):
        return isinstance(node, list) and 0 <= part < len(node)
    return isinstance(node, dict) and part in node


def _walk(data: Any, path: TomlPath) -> Any:
    for part in path:
        data = data[part] if _has(data, part) else None
    return data


def _needle(part: str | int, node: Any) -> re.Pattern[str] | None:
    if isinstance(part, str):
        return re.compile(rf"(?<![\w-])[\"']?{re.escape(part)}[\"']?\s*=")
    if isinstance(node, str):
        return re.compile(rf"[\"']{re.escape(node)}[\"']")
    return None
