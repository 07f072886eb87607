"""Load an org file: bytes → Document(data, marks), safe YAML only, every node located.

The contract is docs/architecture.md § Document. Everything that goes wrong becomes InputErrors
with file:line:col; no input, however broken or hostile, produces a traceback.
"""

from __future__ import annotations

import enum
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

import yaml
from yaml.nodes import MappingNode, Node, SequenceNode

from orglint.decoding import decode_text
from orglint.errors import InputError, InputErrors, Text
from orglint.yamlmessages import explain
from orglint.yamlsafe import LoadProblem, OrgLoader, check_graph, single_document


class _Key(enum.Enum):
    KEY = "KEY"

    def __repr__(self) -> str:
        return "KEY"


# Appended to a mapping entry's path to address the key itself rather than its value. An enum
# member, so it can never collide with a real key or index.
KEY: Final = _Key.KEY

PathItem = str | int | _Key
YamlPath = tuple[PathItem, ...]


@dataclass(frozen=True, order=True)
class Mark:
    """A position in the file, 1-based."""

    line: int
    column: int


@dataclass(frozen=True)
class Document:
    """One loaded org file: plain data plus the position of every node and mapping key."""

    name: str
    data: dict[str, Any]
    marks: Mapping[YamlPath, Mark]

    def locate(self, path: YamlPath) -> Mark:
        """The mark of `path`, or of its nearest recorded ancestor; 1:1 when nothing is known."""
        for end in range(len(path), -1, -1):
            mark = self.marks.get(path[:end])
            if mark is not None:
                return mark
        return Mark(1, 1)

    def error(self, path: YamlPath, zh: str, en: str) -> InputError:
        """An InputError located at `path` (a key when `path` ends with KEY)."""
        mark = self.locate(path)
        return InputError(self.name, mark.line, mark.column, Text(zh, en), yaml_path(path))


_PLAIN_KEY: Final = re.compile(r"[\w-]+")


def yaml_path(path: YamlPath) -> str:
    """Render ("units", 3, "parent") as units[3].parent; odd keys as ["a.b"]; KEY is dropped."""
    out = ""
    for item in path:
        if isinstance(item, _Key):
            continue
        if isinstance(item, int):
            out += f"[{item}]"
        elif _PLAIN_KEY.fullmatch(item):
            out += f".{item}" if out else item
        else:
            out += f"[{json.dumps(item, ensure_ascii=False)}]"
    return out


def load_document(name: str, raw: bytes) -> Document:
    """Decode, parse and locate one org file; raise InputErrors for anything unusable."""
    root, data = _parse_or_explain(name, decode_text(name, raw))
    if root is None or data is None:
        raise _at(
            name,
            None,
            "文件是空的;组织架构文件以 `orglint: 1` 开头",
            "the file is empty; an org file starts with `orglint: 1`",
        )
    if not isinstance(root, MappingNode):
        raise _not_a_mapping(name, root, data)
    marks: dict[YamlPath, Mark] = {}
    _record(root, (), marks)
    return Document(name, data, marks)


def _parse_or_explain(name: str, text: str) -> tuple[Node | None, Any]:
    try:
        return _parse(text)
    except LoadProblem as exc:
        raise _at(name, exc.mark, exc.zh, exc.en) from None
    except yaml.MarkedYAMLError as exc:
        raise _at(name, *explain(exc)) from None
    except yaml.YAMLError as exc:  # unmarked (ReaderError): decode_text already rules these out
        raise _at(name, None, f"YAML 读取错误:{exc}", f"YAML cannot read the file: {exc}") from None
    except RecursionError:  # a safety net only: MAX_DEPTH keeps PyYAML far from the limit
        raise _at(name, None, "嵌套太深,无法读取", "nesting is too deep to read") from None


def _parse(text: str) -> tuple[Node | None, Any]:
    loader = OrgLoader(text)
    try:
        root = single_document(loader)
        if root is None:
            return None, None
        check_graph(root)
        return root, loader.construct_document(root)
    finally:
        loader.dispose()


def _at(name: str, mark: yaml.Mark | None, zh: str, en: str) -> InputErrors:
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    return InputErrors.single(name, line, column, zh, en)


def _not_a_mapping(name: str, root: Node, data: Any) -> InputErrors:
    zh_kind, en_kind = ("单个值", "a single value")
    if isinstance(data, list):
        zh_kind, en_kind = ("列表", "a list")
    return _at(
        name,
        root.start_mark,
        f"文件顶层必须是映射(`键: 值`,从 `orglint: 1` 开始),而这里是{zh_kind}",
        f"the top level must be a mapping (`key: value`, starting with `orglint: 1`), "
        f"not {en_kind}",
    )


def _record(node: Node, path: YamlPath, marks: dict[YamlPath, Mark]) -> None:
    # Depth is bounded by MAX_DEPTH and size by MAX_NODES (check_graph), so recursion is safe.
    # Mappings were flattened by construction (merge keys `<<` inlined, later keys last), so the
    # last mark for a key is the one whose value the data holds.
    marks[path] = Mark(node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, MappingNode):
        for key, value in node.value:
            marks[(*path, key.value, KEY)] = Mark(
                key.start_mark.line + 1, key.start_mark.column + 1
            )
            _record(value, (*path, key.value), marks)
    elif isinstance(node, SequenceNode):
        for index, item in enumerate(node.value):
            _record(item, (*path, index), marks)
