"""Load an org file: bytes → Document(data, marks), safe YAML only, every node located.

The contract is docs/architecture.md § Document. Everything that goes wrong becomes InputErrors
with file:line:col; no input, however broken or hostile, produces a traceback.
"""

from __future__ import annotations

import enum
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Final

import yaml

from orglint.decoding import decode, refuse_non_printable
from orglint.errors import InputError, InputErrors, Text
from orglint.gcpause import collector_paused
from orglint.yamlmessages import LoadProblem, explain
from orglint.yamlnodes import KNOWN_TAGS, Done, find, paths_in, walk
from orglint.yamlsafe import compose

# libyaml's parser is some 20 times faster than PyYAML's pure-Python one and gives the same events,
# except where _LibyamlGuard says it might not. There, and for any text libyaml cannot parse, PyYAML
# reads the text again: its results, messages and marks are the reference. (A file with a syntax
# error is thus parsed twice; the error path only.) Tests run both ways.
USE_LIBYAML: bool = yaml.__with_libyaml__
_PARSE_ERRORS: Final = (yaml.scanner.ScannerError, yaml.parser.ParserError, yaml.reader.ReaderError)
_HEADER_COMMENT: Final = re.compile(r"[|>][-+0-9]*#")  # `|#`: PyYAML refuses it, libyaml not


class _Key(enum.Enum):
    KEY = "KEY"

    def __repr__(self) -> str:
        return "KEY"

    # Enum's own __hash__ is Python code; every key mark's path hashes KEY (a singleton).
    __hash__ = object.__hash__


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


class _Marks(Mapping[YamlPath, Mark]):
    """Document.marks of a loaded file: a read-only view of the composer's tree of marks
    (yamlnodes), which mirrors the data. Of the quarter million nodes of a 10k-unit org
    only the few that findings and errors point at are asked for: their path is walked and their
    Mark made then, not at load."""

    __slots__ = ("_tree",)

    def __init__(self, tree: Any) -> None:
        self._tree = tree

    def __getitem__(self, path: YamlPath) -> Mark:
        found = find(self._tree, path, KEY) if type(path) is tuple else _not_a_path(path)
        if found is None:
            raise KeyError(path)
        return Mark(found.line + 1, found.column + 1)

    def get(self, path: YamlPath, default: Any = None) -> Any:  # Mapping.get, without a raise
        found = find(self._tree, path, KEY) if type(path) is tuple else _not_a_path(path)
        return default if found is None else Mark(found.line + 1, found.column + 1)

    def __contains__(self, path: object) -> bool:
        found = find(self._tree, path, KEY) if type(path) is tuple else _not_a_path(path)
        return found is not None

    def __iter__(self) -> Iterator[YamlPath]:
        return (path for path, _ in walk(self._tree, KEY))

    def __len__(self) -> int:
        return paths_in(self._tree)


def _not_a_path(key: object) -> Any:
    """Only tuples are paths; an unhashable key is a TypeError, as in a dict."""
    hash(key)
    return None


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
    root = _compose_or_explain(name, decode(name, raw))
    if root is None or root.data is None:
        raise _at(
            name,
            None,
            "文件是空的;组织架构文件以 `orglint: 1` 开头",
            "the file is empty; an org file starts with `orglint: 1`",
        )
    if root.kind != "mapping":
        raise _not_a_mapping(name, root)
    return Document(name, root.data, _Marks(root.marks))


def _compose_or_explain(name: str, text: str) -> Done | None:
    try:
        return _compose(name, text)
    except LoadProblem as exc:
        raise _at(name, exc.mark, exc.zh, exc.en) from None
    except yaml.MarkedYAMLError as exc:
        raise _at(name, *explain(exc)) from None
    except yaml.YAMLError as exc:  # unmarked (ReaderError): refuse_non_printable rules these out
        raise _at(name, None, f"YAML 读取错误:{exc}", f"YAML cannot read the file: {exc}") from None


def _compose(name: str, text: str) -> Done | None:
    # Loading allocates a few hundred thousand objects that all stay alive: the cyclic garbage
    # collector would scan the growing heap over and over for nothing (a third of the time).
    with collector_paused():
        if USE_LIBYAML and "\t" not in text and "\ufeff" not in text:  # PyYAML has its own rules
            try:  # for tabs, and for a BOM after the first character
                parser = yaml._yaml.CParser(text)
                return compose(parser.get_event, _LibyamlGuard(text), KEY)
            except Exception as exc:  # re-raised below, unless PyYAML is to read the text
                failed: Exception = exc
            # libyaml's reader refuses exactly the characters refuse_non_printable does (checked
            # for every code point), so a text it read to the end needs no check of its own. When
            # it stopped early, whatever stopped it, the check comes first, as it did before.
            refuse_non_printable(name, text)
            if not isinstance(failed, (_Divergence, *_PARSE_ERRORS)):
                raise failed
        else:
            refuse_non_printable(name, text)
        return compose(yaml.SafeLoader(text).get_event, None, KEY)


class _Divergence(Exception):
    """libyaml may read this text otherwise than PyYAML."""


class _LibyamlGuard:
    """Where libyaml reads a text otherwise than PyYAML, as found by fuzzing both: raise
    _Divergence so that PyYAML reads it. The composer shows it every event that has a tag, an
    empty or block scalar, or is inside a flow collection."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.header_comment: bool | None = None  # does `|#` or `>-#` occur in the text?

    def __call__(self, event: Any, flow: int) -> None:
        tag, value = event.tag, getattr(event, "value", None)
        plain = value is not None and not event.style
        if tag is not None and (flow or tag not in KNOWN_TAGS):
            raise _Divergence  # `[!x, y]`, `!a'!b`: the tag ends elsewhere, or PyYAML refuses it
        if flow and plain and (not value or "?" in value):
            raise _Divergence  # `[a?b]` PyYAML refuses; `{a: , b: c}` the empty value's mark
        if value == "" and event.start_mark.index >= len(self.text):
            raise _Divergence  # `? a` ending a text that has no final line break: its mark
        if value is not None and event.style in ("|", ">"):
            if self.header_comment is None:
                self.header_comment = _HEADER_COMMENT.search(self.text) is not None
            if self.header_comment:
                raise _Divergence  # PyYAML refuses a comment right after the indicators


def _at(name: str, mark: yaml.Mark | None, zh: str, en: str) -> InputErrors:
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    return InputErrors.single(name, line, column, zh, en)


def _not_a_mapping(name: str, root: Done) -> InputErrors:
    zh_kind, en_kind = ("单个值", "a single value")
    if root.kind == "sequence":
        zh_kind, en_kind = ("列表", "a list")
    return _at(
        name,
        root.ymark,
        f"文件顶层必须是映射(`键: 值`,从 `orglint: 1` 开始),而这里是{zh_kind}",
        f"the top level must be a mapping (`key: value`, starting with `orglint: 1`), "
        f"not {en_kind}",
    )
