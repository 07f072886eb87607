"""A PyYAML SafeLoader that refuses what an org file never needs and a hostile file may hold.

PyYAML composes a node graph (aliases are shared nodes, so an alias "bomb" is small here) and then
constructs Python values. We check the graph in between — tags, keys, duplicate keys, expanded size
and depth, recursive aliases — so that construction, the marks walk and JSON Schema validation
only ever see a bounded tree.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar, Final

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

# Nesting an org file needs: mapping → units → unit → roles → role → kpis → kpi → value, about 8.
# PyYAML's composer recurses (3 Python frames per level), so the cap also keeps it far from the
# interpreter's recursion limit, and every later stage may recurse over the data safely.
MAX_DEPTH: Final = 100
# A 10,000-unit org is about 300,000 nodes. Counted after alias expansion ("billion laughs").
MAX_NODES: Final = 1_000_000

_TAG: Final = "tag:yaml.org,2002:"
STR, MAP, SEQ, MERGE = _TAG + "str", _TAG + "map", _TAG + "seq", _TAG + "merge"
TIMESTAMP, VALUE = _TAG + "timestamp", _TAG + "value"
_SCALAR_TAGS: Final = frozenset(
    _TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp", "merge", "value")
)
_TAG_WORDS: Final = {  # what YAML turned an unquoted key into, for the "quote it" hint
    _TAG + "int": ("数字", "a number"),
    _TAG + "float": ("数字", "a number"),
    _TAG + "bool": ("布尔值", "true/false"),
    _TAG + "null": ("空值", "null"),
    TIMESTAMP: ("日期", "a date"),
    VALUE: ("特殊值", "a special value"),
}


class LoadProblem(Exception):
    """A problem found while loading, at a PyYAML mark (0-based); turned into InputErrors later."""

    def __init__(self, mark: yaml.Mark | None, zh: str, en: str) -> None:
        super().__init__(en)
        self.mark, self.zh, self.en = mark, zh, en


def _construct_text(loader: yaml.SafeLoader, node: ScalarNode) -> str:
    return loader.construct_scalar(node)


class OrgLoader(yaml.SafeLoader):
    """SafeLoader with caps on depth and node count; dates stay text (JSON has no dates)."""

    # A class-level copy, so PyYAML's shared SafeLoader tables are never modified.
    yaml_constructors: ClassVar[dict[str | None, Any]] = {
        **yaml.SafeLoader.yaml_constructors,
        TIMESTAMP: _construct_text,  # `target: 2024-12-31` is text to orglint, as in JSON
        VALUE: _construct_text,  # SafeLoader resolves a bare `=` but has no constructor for it
        MERGE: _construct_text,  # a `<<` used as a value, not as a merge key
    }

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self._depth = 0
        self._composed = 0

    def compose_node(self, parent: Node | None, index: int) -> Node | None:
        self._composed += 1
        if self._depth >= MAX_DEPTH:
            raise _too_deep(self.next_mark())
        if self._composed > MAX_NODES:
            raise _too_big(self.next_mark())
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def next_mark(self) -> yaml.Mark:
        """Where the next event starts (types-PyYAML leaves the parser API untyped)."""
        mark: yaml.Mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
        return mark

    def construct_object(self, node: Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep)
        except (ValueError, OverflowError):  # int() digit limit, `!!float abc`, …
            zh_kind, en_kind = _TAG_WORDS.get(node.tag, ("值", "a value"))
            raise LoadProblem(
                node.start_mark,
                f"无法按{zh_kind}读取这个值;如果它是文字,请加引号",
                f"this value cannot be read as {en_kind}; if it is text, put it in quotes",
            ) from None


def single_document(loader: OrgLoader) -> Node | None:
    """The one document in the stream, or None when there is none; a second one is an error."""
    loader.get_event()  # type: ignore[no-untyped-call]  # the StreamStartEvent
    if loader.check_event(yaml.StreamEndEvent):
        return None
    root = loader.compose_document()
    if not loader.check_event(yaml.StreamEndEvent):
        raise LoadProblem(
            loader.next_mark(),
            "文件里有多个 YAML 文档(第二个 `---`);一个组织架构文件只能有一个文档,"
            "请删除多余的或拆分到另一个文件",
            "the file holds more than one YAML document (a second `---`); an org file is one "
            "document — delete the rest or move it to another file",
        )
    return root


def check_graph(root: Node) -> None:
    """Check every node once (aliases are shared nodes) and the tree the aliases expand to."""
    size: dict[int, int] = {}
    depth: dict[int, int] = {}
    _check_node(root)
    stack: list[tuple[Node, Iterator[Node]]] = [(root, _children(root))]
    open_ids = {id(root)}  # nodes on the current path: meeting one again is a recursive alias
    while stack:
        node, pending = stack[-1]
        child = next(pending, None)
        if child is None:
            stack.pop()
            open_ids.discard(id(node))
            _finish(node, size, depth)
        elif id(child) in open_ids:
            raise _recursive(child.start_mark)
        elif id(child) not in size:
            _check_node(child)
            open_ids.add(id(child))
            stack.append((child, _children(child)))


def _children(node: Node) -> Iterator[Node]:
    if isinstance(node, MappingNode):
        return (part for pair in node.value for part in pair)
    if isinstance(node, SequenceNode):
        return iter(node.value)
    return iter(())


def _finish(node: Node, size: dict[int, int], depth: dict[int, int]) -> None:
    kids = list(_children(node))
    size[id(node)] = 1 + sum(size[id(kid)] for kid in kids)
    depth[id(node)] = 1 + max((depth[id(kid)] for kid in kids), default=0)
    if size[id(node)] > MAX_NODES:
        raise _too_big(node.start_mark)
    if depth[id(node)] > MAX_DEPTH:
        raise _too_deep(node.start_mark)


def _recursive(mark: yaml.Mark) -> LoadProblem:
    return LoadProblem(
        mark,
        "别名引用了包含它自己的锚点(递归别名);请展开写出",
        "an alias refers to an anchor that contains it (a recursive alias); write it out",
    )


def _too_big(mark: yaml.Mark) -> LoadProblem:
    return LoadProblem(
        mark,
        f"文件展开后超过 {MAX_NODES} 个节点(可能是锚点/别名的“billion laughs”炸弹);"
        "请不要在别名里层层引用别名",
        f"the file expands to more than {MAX_NODES} nodes (an anchor/alias 'billion laughs' "
        "bomb?); stop nesting aliases inside aliases",
    )


def _too_deep(mark: yaml.Mark) -> LoadProblem:
    return LoadProblem(
        mark,
        f"嵌套超过 {MAX_DEPTH} 层;组织架构文件不需要这么深,请检查缩进或括号",
        f"nesting is deeper than {MAX_DEPTH} levels; an org file never needs that — "
        "check the indentation and brackets",
    )


def _check_node(node: Node) -> None:
    _check_tag(node)
    if isinstance(node, MappingNode):
        _check_keys(node)


def _check_tag(node: Node) -> None:
    expected: frozenset[str] = _SCALAR_TAGS
    if isinstance(node, MappingNode):
        expected = frozenset({MAP})
    elif isinstance(node, SequenceNode):
        expected = frozenset({SEQ})
    if node.tag not in expected:
        tag = node.tag.replace(_TAG, "!!")
        raise LoadProblem(
            node.start_mark,
            f"不支持标签 `{tag}`;orglint 只读普通 YAML(文本、数字、true/false、列表、映射),"
            "请删除标签",
            f"the tag `{tag}` is not supported; orglint reads plain YAML only (text, numbers, "
            "true/false, lists, mappings) — remove the tag",
        )


def _check_keys(node: MappingNode) -> None:
    seen: dict[str, Node] = {}
    for key, _value in node.value:
        if key.tag != MERGE:
            _check_key_is_text(key)
        first = seen.setdefault(key.value, key)
        if first is not key:
            line = first.start_mark.line + 1
            raise LoadProblem(
                key.start_mark,
                f"键 `{key.value}` 重复,第一次出现在第 {line} 行;请合并或删除其中一个",
                f"duplicate key `{key.value}`; it first appears on line {line} — "
                "merge the two or delete one",
            )


def _check_key_is_text(key: Node) -> None:
    if isinstance(key, ScalarNode) and key.tag == STR:
        return
    if isinstance(key, ScalarNode):
        zh_kind, en_kind = _TAG_WORDS.get(key.tag, ("非文本", "not text"))
        shown = key.value or "~"
        raise LoadProblem(
            key.start_mark,
            f'键 `{shown}` 被 YAML 读成了{zh_kind};键必须是文本,请加引号:"{shown}"',
            f"the key `{shown}` is read by YAML as {en_kind}; keys must be text — "
            f'put it in quotes: "{shown}"',
        )
    raise LoadProblem(
        key.start_mark,
        "键必须是文本,不能是列表或映射",
        "a key must be text, not a list or a mapping",
    )
