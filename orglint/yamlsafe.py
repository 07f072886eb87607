"""Parser events → plain data and the mark of every node, in one iterative, checked pass.

PyYAML composes a node graph and then constructs values by walking it again; libyaml's composer
(yaml.CSafeLoader) recurses in C and crashes the process on 100,000 nested `[`. Here one loop
turns parser events — libyaml's or PyYAML's, the same events — into data and marks, and refuses
on the way what an org file never needs and a hostile file may hold: tags, keys that are not text,
duplicate keys, deep nesting, a node count that explodes through aliases ("billion laughs"),
recursive aliases. Aliases share the anchor's data, as in PyYAML; merge keys: yamlnodes.merge.
Of several problems, the one raised is the one PyYAML's compose → check → construct pipeline
would meet first (`_Composer.offer`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Final

from yaml import events as ev

from orglint import yamlmessages as msg
from orglint import yamlnodes as nodes
from orglint.yamlnodes import ITEM, MERGING, SKIP, STR, WANT, Done, Frame

if TYPE_CHECKING:
    from orglint.yamlload import PathItem, Position, YamlPath

# Nesting an org file needs: mapping → units → unit → roles → role → kpis → kpi → value, about 8.
MAX_DEPTH: Final = 100
# A 10,000-unit org is about 300,000 nodes. Counted after alias expansion ("billion laughs").
MAX_NODES: Final = 1_000_000

Entries = list[tuple["YamlPath", "Position"]]
_BLOCK_STYLES: Final = ("|", ">")


def compose(
    get_event: Callable[[], Any], guard: Callable[[Any, int], None] | None, key: PathItem
) -> tuple[Done | None, dict[YamlPath, Position]]:
    """The root (None for an empty stream) and the position of every node and key (path + `key`).
    `guard(event, flow depth)` sees every event with a tag, an empty or block scalar or inside a
    flow collection. Raises LoadProblem, yaml.YAMLError, or what `guard` raises."""
    composer = _Composer(get_event, guard, key)
    root = composer.run()
    # Later entries win (an explicit key over a merged one). The list dies here, while the caller
    # still holds the garbage collector off: it never scans these quarter million tuples.
    return root, dict(composer.entries)


class _Composer:
    def __init__(
        self,
        get: Callable[[], Any],
        guard: Callable[[Any, int], None] | None,
        key: PathItem,
    ) -> None:
        self.get, self.guard, self.key_item = get, guard, key
        self.max_depth, self.max_nodes = MAX_DEPTH, MAX_NODES  # read per load: tests lower them
        self.stack: list[Frame] = []
        self.anchors: dict[str, Done | Frame] = {}
        self.entries: Entries = []
        self.problem: Exception | None = None
        self.problem_at: tuple[int, ...] = ()
        self.marking = True  # off once an error is certain: no more marks or alias expansion
        self.events = self.nodes = self.aliased = self.flow = 0
        self.scalars = nodes.Scalars()
        self.root: Done | None = None

    def run(self) -> Done | None:
        self.get()  # StreamStartEvent
        if isinstance(self.get(), ev.StreamEndEvent):  # or else the DocumentStartEvent
            return None
        handlers: dict[type, Callable[[Any], None]] = {
            ev.ScalarEvent: self._scalar, ev.AliasEvent: self._alias,
            ev.MappingStartEvent: self._open, ev.SequenceStartEvent: self._open,
            ev.MappingEndEvent: self._close, ev.SequenceEndEvent: self._close,
        }  # fmt: skip
        get, stack = self.get, self.stack
        while True:
            event = get()
            self.events += 1
            handlers[type(event)](event)
            if not stack:
                break
        self.get()  # DocumentEndEvent
        after = self.get()
        if not isinstance(after, ev.StreamEndEvent):
            raise msg.more_documents(after.start_mark)
        if self.problem is not None:
            raise self.problem
        return self.root

    def offer(self, at: tuple[int, ...], problem: Exception | None) -> None:
        """Keep the problem the old compose → check → construct pipeline raised first. `at`:
        (0, event index, …) for checks — tags and a mapping's keys where the node starts, size and
        depth where it ends; (1, level, …) for construction, breadth first like SafeConstructor
        (which, through an alias, may reach a deeper value earlier: not modelled)."""
        if problem is None:
            return
        if self.problem is None or at < self.problem_at:
            self.problem, self.problem_at = problem, at
        self.marking = False

    # --- one handler per event kind -------------------------------------------------------------

    def _count(self, event: Any) -> Frame | None:
        """Count a node (PyYAML's compose_node with our caps); its parent, None for the root."""
        self.nodes += 1
        if len(self.stack) >= self.max_depth or self.nodes > self.max_nodes:
            self._refuse(event)
        return self.stack[-1] if self.stack else None

    def _refuse(self, event: Any) -> None:
        if len(self.stack) >= self.max_depth:
            raise msg.too_deep(event.start_mark, self.max_depth)
        raise msg.too_big(event.start_mark, self.max_nodes)

    def _scalar(self, event: Any) -> None:
        # Most events: a plain text key, or a value in a mapping or sequence. Kept inline.
        stack = self.stack
        self.nodes += 1
        if len(stack) >= self.max_depth or self.nodes > self.max_nodes:
            self._refuse(event)
        parent = stack[-1] if stack else None
        value, tag = event.value, event.tag
        if self.guard is not None and (
            self.flow or not value or tag is not None or event.style in _BLOCK_STYLES
        ):
            self.guard(event, self.flow)
        if tag is None and not event.implicit[0]:
            tag, data = STR, value
        else:
            hit = self.scalars.cache.get(value) if tag is None else None
            tag, data = hit if hit is not None else self._resolve(event, parent)
        ymark = event.start_mark
        if parent is None or event.anchor is not None or parent.items is not None:
            return self._node(event, parent, Done("scalar", tag, value, data, ymark, self.events))
        key = parent.key
        if key is MERGING:
            return self._node(event, parent, Done("scalar", tag, value, data, ymark, self.events))
        if key is WANT:  # a text key seen for the first time, or else the general way
            if tag != STR or parent.keys.setdefault(value, (self.events, ymark))[0] != self.events:
                return self._key(parent, Done("scalar", tag, value, data, ymark, self.events))
            path: YamlPath = (*parent.path, value, self.key_item)
            parent.count += 1
            parent.key = value
        elif key is ITEM:
            path = (*parent.path, parent.count)
            parent.data.append(data)
            parent.count += 1
        else:
            path = (*parent.path, key)
            if key is not SKIP:
                parent.data[key] = data
            parent.key = WANT
        if self.marking and key is not SKIP:
            self.entries.append((path, (ymark.line, ymark.column)))  # as _position, inline
        parent.size += 1
        parent.depth = parent.depth or 1

    def _node(self, event: Any, parent: Frame | None, done: Done) -> None:
        if self.marking:
            done.rel = [((), self._position(done.ymark))]
        if event.anchor is not None:
            self._anchor(event, done)
        self._place(parent, done, done.ymark, len(self.entries))

    def _alias(self, event: Any) -> None:
        parent = self._count(event)
        target = self.anchors.get(event.anchor)
        if target is None:
            raise msg.undefined_alias(event.start_mark, event.anchor)
        if isinstance(target, Frame):  # still open: the alias sits inside its own anchor
            self.offer((0, self.events), msg.recursive_alias(target.ymark))
            target = Done("scalar", STR, "", None, target.ymark, self.events)
        self.aliased += target.size - 1
        if self.nodes + self.aliased > self.max_nodes:
            self.marking = False  # the size check will fail: do not expand the marks as well
        start = len(self.entries)
        if self.marking and parent is not None and parent.key not in (WANT, MERGING):
            path = parent.child_path()
            self.entries.extend([(path + suffix, m) for suffix, m in target.rel])
        self._place(parent, target, None, start)

    def _open(self, event: Any) -> None:
        parent = self._count(event)
        if self.guard is not None and (self.flow or event.tag is not None):
            self.guard(event, self.flow)
        is_key = parent is not None and parent.key is WANT
        path = () if parent is None or is_key else parent.child_path()
        collect = event.anchor is not None or (parent is not None and parent.key is MERGING)
        frame = Frame(event, self.events, len(self.stack), path, collect)
        frame.entry, frame.is_key = len(self.entries), is_key
        if event.tag not in (None, "!", nodes.MAP if frame.is_map else nodes.SEQ):
            self.offer((0, self.events), msg.unsupported_tag(event.start_mark, event.tag))
        if event.anchor is not None:
            self._anchor(event, frame)
        if parent is not None and is_key:
            self.offer((0, parent.start, 1, parent.count), msg.key_not_scalar(event.start_mark))
        elif self.marking and (parent is None or parent.key is not SKIP):
            self.entries.append((path, self._position(event.start_mark)))
        self.flow += frame.flow
        self.stack.append(frame)

    def _close(self, _event: Any) -> None:
        frame = self.stack.pop()
        self.flow -= frame.flow
        parent = self.stack[-1] if self.stack else None
        if parent is not None and _plain(frame, parent):
            # Nearly every collection: skipping its Done saves 5-10% of a load.
            self._check_caps(frame, frame.size + 1, frame.depth + 1)
            parent.add(frame.data, frame.size + 1, frame.depth + 1)
            return
        done = frame.done()
        if frame.merges:
            done.merge_error = nodes.merge(frame, self.entries, self.marking)
            self.offer((1, frame.level, frame.start, -1), done.merge_error)
        self._check_caps(frame, done.size, done.depth)
        if frame.anchor is not None or (parent is not None and parent.wants_info()):
            if self.marking:
                cut = len(frame.path)
                done.rel = [(path[cut:], m) for path, m in self.entries[frame.entry :]]
            if frame.anchor is not None:
                self.anchors[frame.anchor] = done
        self._place(parent, done, None, frame.entry)

    def _check_caps(self, frame: Frame, size: int, depth: int) -> None:
        if size > self.max_nodes:
            self.offer((0, self.events), msg.too_big(frame.ymark, self.max_nodes))
        elif depth > self.max_depth:
            self.offer((0, self.events), msg.too_deep(frame.ymark, self.max_depth))

    # --- placing a finished node ----------------------------------------------------------------

    def _place(self, parent: Frame | None, done: Done, ymark: Any, start: int) -> None:
        """`ymark`: record the node's mark here (scalars); `start`: its first entry."""
        if parent is None:
            self.root = done
        elif parent.key is WANT:
            self._key(parent, done)
        else:
            if ymark is not None and self.marking and parent.key not in (MERGING, SKIP):
                self.entries.append((parent.child_path(), self._position(ymark)))
            if parent.key is MERGING:
                del self.entries[start:]  # merged at the parent's end, not kept under `<<`
            parent.add(done.data, done.size, done.depth, done)

    def _key(self, parent: Frame, key: Done) -> None:
        at, state = (0, parent.start, 1, parent.count), SKIP  # state: what comes next
        if key.kind != "scalar":
            self.offer(at, msg.key_not_scalar(key.ymark))
        elif key.tag != STR and key.tag != nodes.MERGE:
            self.offer(at, msg.key_not_text(key.ymark, key.tag, key.value))
        else:
            first = parent.keys.setdefault(key.value, (key.ident, key.ymark))
            if first[0] != key.ident:  # an alias of the same anchor is the same key, as in PyYAML
                self.offer(at, msg.duplicate_key(key.ymark, key.value, first[1].line + 1))
            state = MERGING if key.tag == nodes.MERGE else key.value
            if key.tag == STR and self.marking:
                path: YamlPath = (*parent.path, key.value, self.key_item)
                self.entries.append((path, self._position(key.ymark)))
        parent.size += key.size
        parent.depth = max(parent.depth, key.depth)
        parent.count += 1
        parent.key = state

    def _anchor(self, event: Any, node: Done | Frame) -> None:
        if event.anchor in self.anchors:
            first = self.anchors[event.anchor].ymark
            raise msg.duplicate_anchor(first, event.start_mark, event.anchor)
        self.anchors[event.anchor] = node

    def _resolve(self, event: Any, parent: Frame | None) -> tuple[str, Any]:
        try:
            return self.scalars.resolve(event.tag, event.value)
        except nodes.UnknownTag:
            self.offer((0, self.events), msg.unsupported_tag(event.start_mark, event.tag))
            return event.tag, None
        except ValueError as exc:  # `tag` is what the text resolved to
            tag = str(exc)
            at = (1, -1 if parent is None else parent.level, self.events)
            self.offer(at, msg.unreadable(event.start_mark, tag))
            return tag, None

    def _position(self, ymark: Any) -> Position:
        return ymark.line, ymark.column


def _plain(frame: Frame, parent: Frame) -> bool:
    """A finished collection that is a plain value or item: no key, anchor or merge of its own,
    nor a parent that keeps its items or merges it, so nothing asks for its Done."""
    return (
        parent.key is not WANT
        and not parent.wants_info()
        and frame.anchor is None
        and not frame.merges
    )
