"""The composer's nodes (yamlsafe.py): scalar values, open collections, finished nodes, merges,
and the tree of marks that Document.marks reads.

Scalars resolve and construct as in PyYAML's SafeLoader, except that dates, `=` and `<<` stay
text (JSON has no dates). A mapping frame waits for a key (WANT) or for the value of its last key:
stored under a text key, dropped after a refused key (SKIP), kept as a merge source after a merge
key `<<` (MERGING). A sequence frame waits for an ITEM. Merge keys are flattened as PyYAML's
SafeConstructor.flatten_mapping does it.

Marks mirror the data: a collection's Frame, once closed, is its tree of marks: a mapping's holds
its keys' marks and its values' trees by key, a sequence's its items' trees by index, and a
scalar's tree is the parser's own Mark object (kept, not copied: the parser made it anyway). No
path is built while loading; `find` walks a path down the tree and `walk` lists every path, in
the order the nodes appear in the file. An alias shares its anchor's tree. A mapping with merge
keys, or a key repeated through an alias, becomes FlatMarks: every relative path below it, with
the later of two marks for one path.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, Final

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.events import MappingStartEvent

if TYPE_CHECKING:
    from orglint.yamlload import PathItem, YamlPath

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


# --- nodes ----------------------------------------------------------------------------------------


class Done:
    """A finished node: what its parent, an alias to it or a merge key needs to know of it."""

    __slots__ = (
        "data", "depth", "ident", "items", "kind", "marks", "merge_error", "size", "tag", "value",
        "ymark",
    )  # fmt: skip

    def __init__(self, kind: str, tag: str, value: str, data: Any, ymark: Any, ident: int) -> None:
        self.kind, self.tag, self.value, self.data = kind, tag, value, data  # kind: as Node.id
        self.ymark, self.ident = ymark, ident  # ident: the index of the node's first event
        self.size = self.depth = 1  # after alias expansion
        self.marks: Any = ymark  # its tree of marks: a scalar's is its own mark
        self.items: list[Done] | None = None  # a sequence's items, when a merge may need them
        self.merge_error: ConstructorError | None = None  # a mapping's, flattening its merges


# Shared by every frame that has none, never written: a frame that needs one gets its own.
# Only a mapping waits for keys; idents and merges are rare (Frame.place_key, Frame.add).
_NO_KEYS: Final[dict[str, Any]] = {}
_NO_IDENTS: Final[dict[str, int]] = {}
_NO_DONES: Final[list[Done]] = []


class Frame:
    """An open mapping or sequence; once closed, its tree of marks (see the module's doc):
    `ymark`, `keys` (a mapping's keys' marks) and `marks` (its values' or items' trees). Its size
    and its count of keys are not kept up to date while it is open: the composer derives them
    from its counters (a scalar costs no update)."""

    __slots__ = (
        "anchor",
        "count",
        "data",
        "depth",
        "extra",
        "flow",
        "idents",
        "is_map",
        "items",
        "key",
        "keys",
        "level",
        "log",
        "marks",
        "merges",
        "opened",
        "skipped",
        "slow",
        "sources",
        "start",
        "ymark",
    )

    def __init__(self, event: Any, start: int, level: int, opened: int, collect: bool) -> None:
        self.is_map = is_map = isinstance(event, MappingStartEvent)
        if is_map:
            self.data: Any = {}
            self.marks: Any = {}  # the values' trees of marks, by key
            self.key: Any = WANT  # or the text key whose value comes next
            self.keys: dict[str, Any] = {}  # text and merge key → the mark of its first occurrence
            self.items: list[Done] | None = None
        else:
            self.data, self.marks, self.key, self.keys = [], [], ITEM, _NO_KEYS  # marks: items'
            self.items = [] if collect else None  # its items' Done, when a merge may need them
        self.idents: dict[str, int] = _NO_IDENTS  # key → its node's ident, for keys _key placed
        self.skipped = 0  # keys refused or repeated: not in `keys`, yet counted
        self.depth = self.extra = 0  # depth: of its collections so far; extra: see tree()
        self.flow = 1 if event.flow_style else 0
        self.start, self.level, self.opened = start, level, opened  # opened: see the composer
        self.ymark, self.anchor = event.start_mark, event.anchor
        self.merges: list[Done] = _NO_DONES  # the values of its merge keys
        self.sources: list[Done] = _NO_DONES  # the mappings merged into it, in the order they apply
        self.log: list[tuple[str, Any]] | None = None  # every value placed, once a key repeats
        self.slow = collect and not is_map  # the composer must not place scalars in it itself
        self.count = 0  # once closed: the paths in its tree, its own included

    def key_index(self) -> int:
        """How many keys came before the next one (mapping frames)."""
        return len(self.keys) + self.skipped

    def add(self, data: Any, depth: int, marks: Any, paths: int, done: Done | None = None) -> None:
        """Take a finished value or item, its tree of marks and the paths in that tree (`done`
        too when the frame keeps its items or merges the value)."""
        if depth > self.depth:
            self.depth = depth
        key = self.key
        if key is ITEM:
            self.data.append(data)
            self.marks.append(marks)
            self.extra += paths - 1
            if self.items is not None and done is not None:
                self.items.append(done)
            return
        if key is MERGING:
            if done is not None:
                if self.merges is _NO_DONES:
                    self.merges = []
                self.merges.append(done)
        elif key is not SKIP:
            self.data[key] = data
            self.marks[key] = marks
            self.extra += paths - 1
            if self.log is not None:
                self.log.append((key, marks))
        self.key = WANT

    def place_key(self, key: str, ymark: Any, ident: int) -> None:
        """A key _key placed: a merge key, an anchored key or one of a frame that logs."""
        if self.idents is _NO_IDENTS:
            self.idents = {}
        self.keys[key] = ymark
        self.idents[key] = ident

    def repeat_key(self) -> None:
        """A key comes again through an alias of itself: its value will replace the first. The
        marks of both stay (of a path in both, the later's), as the flat list of marks kept
        them, so from here on every value placed is logged for tree()."""
        if self.log is None:
            self.log = [(key, self.marks[key]) for key in self.keys if key in self.marks]
            self.slow = True

    def done(self, size: int, depth: int) -> Done:
        kind = "mapping" if self.is_map else "sequence"
        node = Done(kind, MAP if self.is_map else SEQ, "", self.data, self.ymark, self.start)
        node.size, node.depth, node.items = size, depth, self.items
        return node

    def tree(self, key_item: PathItem) -> Frame | FlatMarks:
        """The tree of marks of the collection, once closed: the frame itself, but for a
        mapping with merge keys or a repeated key. `extra`: the paths its values' or items'
        trees hold beyond one each; `keys` is empty for a sequence."""
        if self.merges or self.log is not None:  # `<<` is a key without a value of its own
            return self._flat(key_item)
        self.count = 1 + len(self.keys) + len(self.marks) + self.extra
        return self

    def _flat(self, key_item: PathItem) -> FlatMarks:
        # The mapping's own mark, then the merged mappings' pairs, then its own (key, value) in
        # the order they came: a later mark for the same path replaces the earlier one in place.
        paths: dict[YamlPath, Any] = {(): self.ymark}
        for source in self.sources:
            for rel, mark in walk(source.marks, key_item):
                if rel:
                    paths[rel] = mark
        own = self.log if self.log is not None else self.marks.items()
        for key, tree in own:
            paths[(key, key_item)] = self.keys[key]
            for rel, mark in walk(tree, key_item):
                paths[(key, *rel)] = mark
        return FlatMarks(paths)


# --- the tree of marks ---------------------------------------------------------------------------
# A leaf is the parser's Mark (yaml._yaml.Mark or yaml.error.Mark): anything but the two below.


class FlatMarks:
    """A mapping with merge keys or a key repeated through an alias: every path below it,
    relative (`()` itself), first seen first, with the mark recorded last, as the flat list of
    marks this tree replaced recorded them."""

    __slots__ = ("count", "paths", "ymark")

    def __init__(self, paths: dict[YamlPath, Any]):
        self.ymark, self.paths, self.count = paths[()], paths, len(paths)


_TREES: Final = (Frame, FlatMarks)


def paths_in(tree: Any) -> int:
    """How many paths the tree holds (a leaf: its own)."""
    return tree.count if isinstance(tree, _TREES) else 1


def find(tree: Any, path: YamlPath, key_item: PathItem) -> Any:
    """The parser's mark recorded for `path` in `tree`, None if there is none. A path ending in
    `key_item` asks for the mark of the key before it, which its mapping holds."""
    for_key = bool(path) and path[-1] is key_item
    steps = path[:-2] if for_key else path
    for at, item in enumerate(steps):
        kind = type(tree)
        if kind is Frame:
            marks = tree.marks
            if tree.is_map:
                tree = marks.get(item)
                if tree is None:
                    return None
            elif isinstance(item, int) and 0 <= item < len(marks):
                tree = marks[item]
            else:
                return None
        elif kind is FlatMarks:
            return tree.paths.get(path[at:])
        else:  # a scalar has nothing below it
            return None
    kind = type(tree)
    if not for_key:
        return tree.ymark if kind is Frame or kind is FlatMarks else tree
    if kind is Frame:  # a sequence's `keys` is empty
        return tree.keys.get(path[-2]) if len(path) > 1 else None
    return tree.paths.get(path[len(steps) :]) if kind is FlatMarks else None


def walk(tree: Any, key_item: PathItem) -> Iterator[tuple[YamlPath, Any]]:
    """Every (path, the parser's mark) in `tree`, relative to it: a node, then a mapping's key
    and its value's tree, key after key, or a sequence's items. No recursion: a path can be as
    deep as the loader's cap allows, through aliases."""
    pending: list[Iterator[tuple[YamlPath, Any]]] = [iter([((), tree)])]
    while pending:
        for path, node in pending[-1]:
            kind = type(node)
            if kind is Frame:
                yield path, node.ymark
                pending.append(_children(path, node, key_item))
                break
            if kind is FlatMarks:
                for rel, mark in node.paths.items():
                    yield (*path, *rel), mark
            else:
                yield path, node
        else:
            pending.pop()


# A generator function rather than an expression: an expression would read `path` when it runs,
# after walk() has moved on to a child's path.
def _children(path: YamlPath, node: Frame, key_item: PathItem) -> Iterator[tuple[YamlPath, Any]]:
    if not node.is_map:
        for index, item in enumerate(node.marks):
            yield (*path, index), item
        return
    for key, mark in node.keys.items():
        yield (*path, key, key_item), mark  # a leaf
        yield (*path, key), node.marks[key]


def merge(frame: Frame, marking: bool) -> ConstructorError | None:
    """Flatten `frame`'s merge keys: merged pairs first (of a list, the later mappings first),
    the mapping's own keys win; marks likewise (Frame.tree). PyYAML's error if a merge value is
    no mapping."""
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
        frame.sources = sources
    return None


def _merge_error(frame: Frame, expected: str, found: Done) -> ConstructorError:
    return ConstructorError(
        "while constructing a mapping",
        frame.ymark,
        f"expected {expected} for merging, but found {found.kind}",
        found.ymark,
    )
