"""The composer's nodes (yamlsafe.py): scalar values, open collections, finished nodes, merges.

Scalars resolve and construct as in PyYAML's SafeLoader, except that dates, `=` and `<<` stay
text (JSON has no dates). A mapping frame waits for a key (WANT) or for the value of its last key:
stored under a text key, dropped after a refused key (SKIP), kept as a merge source after a merge
key `<<` (MERGING). A sequence frame waits for an ITEM. Merge keys are flattened as PyYAML's
SafeConstructor.flatten_mapping does it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Final

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.events import MappingStartEvent

if TYPE_CHECKING:
    from orglint.yamlload import Position, YamlPath

_TAG: Final = "tag:yaml.org,2002:"
STR, MAP, SEQ, MERGE = _TAG + "str", _TAG + "map", _TAG + "seq", _TAG + "merge"
_TEXT_TAGS: Final = frozenset({STR, _TAG + "timestamp", _TAG + "value", MERGE})
_BUILD: Final[dict[str, Callable[[SafeConstructor, yaml.ScalarNode], Any]]] = {
    _TAG + "int": SafeConstructor.construct_yaml_int,
    _TAG + "float": SafeConstructor.construct_yaml_float,
    _TAG + "bool": SafeConstructor.construct_yaml_bool,
    _TAG + "null": SafeConstructor.construct_yaml_null,
}
KNOWN_TAGS: Final = _TEXT_TAGS | _BUILD.keys() | {MAP, SEQ, "!"}


class UnknownTag(Exception):
    """A scalar tag orglint does not read (`!!binary`, `!!python/…`, `!foo`)."""


class Scalars:
    """Scalar text → (tag, value). Plain results are cached (keys and many values repeat)."""

    def __init__(self) -> None:
        self.cache: dict[str, tuple[str, Any]] = {}
        self.resolvers = yaml.SafeLoader.yaml_implicit_resolvers
        self.constructor = SafeConstructor()

    def resolve(self, tag: str | None, value: str) -> tuple[str, Any]:
        """`tag` None or `!` (PyYAML's parser reads `!` as plain) resolves from the text. Raises
        UnknownTag, or ValueError(the tag) when the text is not what it says (`!!int x`)."""
        implicit = tag is None or tag == "!"
        if tag is None or tag == "!":
            resolvers = self.resolvers.get(value[:1], ())
            tag = next((t for t, regexp in resolvers if regexp.match(value)), STR)
        if tag in _TEXT_TAGS:
            data: Any = value
        elif tag in _BUILD:
            try:
                data = _BUILD[tag](self.constructor, yaml.ScalarNode(tag, value))
            except (ValueError, OverflowError, KeyError, IndexError) as exc:  # `!!bool x`, …
                raise ValueError(tag) from exc
        else:
            raise UnknownTag(tag)
        if implicit:
            self.cache[value] = (tag, data)
        return tag, data


class _State:
    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name


WANT: Final[Any] = _State("WANT")
SKIP: Final[Any] = _State("SKIP")
MERGING: Final[Any] = _State("MERGING")
ITEM: Final[Any] = _State("ITEM")


class Done:
    """A finished node: what its parent, an alias to it or a merge key needs to know of it."""

    __slots__ = (
        "data", "depth", "ident", "items", "kind", "merge_error", "rel", "size", "tag", "value",
        "ymark",
    )  # fmt: skip

    def __init__(self, kind: str, tag: str, value: str, data: Any, ymark: Any, ident: int) -> None:
        self.kind, self.tag, self.value, self.data = kind, tag, value, data  # kind: as Node.id
        self.ymark, self.ident = ymark, ident  # ident: the index of the node's first event
        self.size = self.depth = 1  # after alias expansion
        self.rel: list[tuple[YamlPath, Position]] = []  # its marks, paths relative to the node
        self.items: list[Done] | None = None  # a sequence's items, when a merge may need them
        self.merge_error: ConstructorError | None = None  # a mapping's, flattening its merges


class Frame:
    """An open mapping or sequence."""

    __slots__ = (
        "anchor",
        "count",
        "data",
        "depth",
        "entry",
        "flow",
        "is_key",
        "is_map",
        "items",
        "key",
        "keys",
        "level",
        "merges",
        "path",
        "size",
        "start",
        "ymark",
    )

    def __init__(self, event: Any, start: int, level: int, path: YamlPath, collect: bool) -> None:
        self.is_map = isinstance(event, MappingStartEvent)
        self.data: Any = {} if self.is_map else []
        self.key: Any = WANT if self.is_map else ITEM  # or the text key whose value comes next
        self.keys: dict[str, tuple[int, Any]] = {}  # key → (ident of its node, its mark)
        self.count = self.size = self.depth = self.entry = 0  # count: keys or items so far
        self.flow = 1 if event.flow_style else 0
        self.start, self.level, self.path, self.is_key = start, level, path, False
        self.ymark, self.anchor = event.start_mark, event.anchor
        self.merges: list[Done] = []
        self.items: list[Done] | None = [] if collect and not self.is_map else None

    def child_path(self) -> YamlPath:
        """The path of the node that comes next (in a mapping: the value of the last key)."""
        return (*self.path, self.count if self.key is ITEM else self.key)

    def wants_info(self) -> bool:
        return self.items is not None or self.key is MERGING

    def add(self, data: Any, size: int, depth: int, done: Done | None = None) -> None:
        """Take a finished value or item (`done` when wants_info)."""
        self.size += size
        self.depth = max(self.depth, depth)
        if self.key is ITEM:
            self.data.append(data)
            self.count += 1
            if self.items is not None and done is not None:
                self.items.append(done)
            return
        if self.key is MERGING and done is not None:
            self.merges.append(done)
        elif self.key is not SKIP and self.key is not MERGING:
            self.data[self.key] = data
        self.key = WANT

    def done(self) -> Done:
        kind = "mapping" if self.is_map else "sequence"
        node = Done(kind, MAP if self.is_map else SEQ, "", self.data, self.ymark, self.start)
        node.size, node.depth, node.items = self.size + 1, self.depth + 1, self.items
        return node


def merge(
    frame: Frame, entries: list[tuple[YamlPath, Position]], marking: bool
) -> ConstructorError | None:
    """Flatten `frame`'s merge keys: merged pairs first (of a list, the later mappings first),
    the mapping's own keys win; marks likewise. PyYAML's error if a merge value is no mapping."""
    sources: list[Done] = []
    for value in frame.merges:
        if value.kind == "scalar":
            return _merge_error(frame, "a mapping or list of mappings", value)
        items = (value.items or []) if value.kind == "sequence" else [value]
        for item in items:  # PyYAML flattens each merged mapping first: its error comes first
            if item.kind != "mapping":
                return _merge_error(frame, "a mapping", item)
            if item.merge_error is not None:
                return item.merge_error
        sources.extend(reversed(items) if value.kind == "sequence" else items)
    if marking:
        own = dict(frame.data)
        frame.data.clear()
        for source in sources:
            frame.data.update(source.data)
        frame.data.update(own)
        merged = [(frame.path + s, m) for source in sources for s, m in source.rel if s]
        entries[frame.entry + 1 : frame.entry + 1] = merged
    return None


def _merge_error(frame: Frame, expected: str, found: Done) -> ConstructorError:
    return ConstructorError(
        "while constructing a mapping",
        frame.ymark,
        f"expected {expected} for merging, but found {found.kind}",
        found.ymark,
    )
