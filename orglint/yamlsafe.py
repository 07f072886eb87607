"""Parser events → plain data and the mark of every node, in one iterative, checked pass.

PyYAML composes a node graph and then constructs values by walking it again; libyaml's composer
(yaml.CSafeLoader) recurses in C and crashes the process on 100,000 nested `[`. Here one loop
turns parser events — libyaml's or PyYAML's, the same events — into data and marks, and refuses
on the way what an org file never needs and a hostile file may hold: tags, keys that are not text,
duplicate keys, deep nesting, a node count that explodes through aliases ("billion laughs"),
recursive aliases. Aliases share the anchor's data, as in PyYAML; merge keys: yamlnodes.merge.
Of several problems, the one raised is the one PyYAML's compose → check → construct pipeline
would meet first (`_Composer.offer`). Marks are a tree beside the data (yamlnodes).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Final

from yaml import events as ev

from orglint import yamlmessages as msg
from orglint import yamlnodes as nodes
from orglint.yamlnodes import ITEM, MERGING, SKIP, STR, WANT, Done, Frame

if TYPE_CHECKING:
    from orglint.yamlload import PathItem

# Nesting an org file needs: mapping → units → unit → roles → role → kpis → kpi → value, about 8.
MAX_DEPTH: Final = 100
# A 10,000-unit org is about 300,000 nodes. Counted after alias expansion ("billion laughs").
MAX_NODES: Final = 1_000_000

_BLOCK_STYLES: Final = ("|", ">")


def compose(
    get_event: Callable[[], Any], guard: Callable[[Any, int], None] | None, key: PathItem
) -> Done | None:
    """The root (None for an empty stream); its `marks` is the tree of marks of the document,
    whose paths end in `key` for a key's own mark. `guard(event, flow depth)` sees every event
    with a tag, an empty or block scalar or inside a flow collection. Raises LoadProblem,
    yaml.YAMLError, or what `guard` raises."""
    return _Composer(get_event, guard, key).run()


class _Composer:
    """Counters instead of per-node bookkeeping: `events` numbers the events of the document,
    `closes` counts its collection ends, so the nodes so far are `events - closes`, and
    `aliased` adds what aliases expand to. A collection's size is how much their sum grew while
    it was open; its count of keys is len(keys) plus the keys that were not kept."""

    __slots__ = (
        "aliased",
        "anchors",
        "closes",
        "events",
        "flow",
        "get",
        "guard",
        "key_item",
        "marking",
        "max_depth",
        "max_nodes",
        "problem",
        "problem_at",
        "root",
        "scalars",
        "stack",
    )

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
        self.problem: Exception | None = None
        self.problem_at: tuple[int, ...] = ()
        self.marking = True  # off once an error is certain: no more merging of marks
        self.events = self.closes = self.aliased = self.flow = 0
        self.scalars = nodes.Scalars()
        self.root: Done | None = None

    def run(self) -> Done | None:
        self.get()  # StreamStartEvent
        if isinstance(self.get(), ev.StreamEndEvent):  # or else the DocumentStartEvent
            return None
        self._document()
        self.get()  # DocumentEndEvent
        after = self.get()
        if not isinstance(after, ev.StreamEndEvent):
            raise msg.more_documents(after.start_mark)
        if self.problem is not None:
            raise self.problem
        return self.root

    def _document(self) -> None:
        """The events of the document's root node. Most events are scalars whose parent takes
        them as they are: those are placed here, with the loop's state in local variables (a
        method call, attribute updates and a path per scalar were half of the composer's time).
        The methods below do the rest; `self.events` is brought up to date before each."""
        get, guard, cache, stack = self.get, self.guard, self.scalars.cache, self.stack
        scalar_event, want, item, text = ev.ScalarEvent, WANT, ITEM, STR
        max_depth, max_nodes = self.max_depth, self.max_nodes
        events, flow = 0, 0
        # The last event number at which a node is within the caps: nodes are events - closes,
        # and none fits when the stack is as deep as it may be (PyYAML's compose_node).
        limit = max_nodes if max_depth > 0 else -1
        top: Frame | None = None  # the innermost open collection
        plain_top: Frame | None = None  # top, when it takes scalars as they are
        while True:
            event = get()
            events += 1
            kind = type(event)
            if kind is scalar_event:
                if events > limit:
                    self._refuse(event)
                value, tag = event.value, event.tag
                if tag is None and event.implicit[0]:  # plain (implicit[0]: plain and untagged)
                    if guard is not None and (flow or not value):
                        guard(event, flow)
                    hit = cache.get(value)
                    if hit is None:
                        self.events = events
                        tag, data = self._resolve(event, top)
                    else:
                        tag, data = hit
                else:
                    if guard is not None and (
                        flow or not value or tag is not None or event.style in _BLOCK_STYLES
                    ):
                        guard(event, flow)
                    if tag is None:  # quoted or a block scalar
                        tag, data = text, value
                    else:
                        self.events = events
                        tag, data = self._resolve(event, top)
                if plain_top is not None and event.anchor is None:
                    key = plain_top.key
                    if key is want:  # a text key seen for the first time, or else the general way
                        keys = plain_top.keys
                        if tag == text and value not in keys:
                            keys[value] = event.start_mark
                            plain_top.key = value
                            continue
                    elif key is item:
                        plain_top.data.append(data)
                        plain_top.marks.append(event.start_mark)
                        continue
                    elif key is not SKIP and key is not MERGING:
                        plain_top.data[key] = data
                        plain_top.marks[key] = event.start_mark
                        plain_top.key = want
                        continue
                self.events = events
                self._node(event, top, Done("scalar", tag, value, data, event.start_mark, events))
            else:
                self.events = events
                if kind is ev.MappingEndEvent or kind is ev.SequenceEndEvent:
                    self._close()
                else:
                    if events > limit:
                        self._refuse(event)
                    if kind is ev.AliasEvent:
                        self._alias(event)
                    else:
                        self._open(event)
                flow = self.flow
                limit = -1 if len(stack) >= max_depth else max_nodes + self.closes
            if not stack:
                return
            top = stack[-1]
            plain_top = None if top.slow else top

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

    def _refuse(self, event: Any) -> None:
        if len(self.stack) >= self.max_depth:
            raise msg.too_deep(event.start_mark, self.max_depth)
        raise msg.too_big(event.start_mark, self.max_nodes)

    def _node(self, event: Any, parent: Frame | None, done: Done) -> None:
        if event.anchor is not None:
            self._anchor(event, done)
        self._place(parent, done)

    def _alias(self, event: Any) -> None:
        parent = self.stack[-1] if self.stack else None
        target = self.anchors.get(event.anchor)
        if target is None:
            raise msg.undefined_alias(event.start_mark, event.anchor)
        if isinstance(target, Frame):  # still open: the alias sits inside its own anchor
            self.offer((0, self.events), msg.recursive_alias(target.ymark))
            target = Done("scalar", STR, "", None, target.ymark, self.events)
        self.aliased += target.size - 1
        if self.events - self.closes + self.aliased > self.max_nodes:
            self.marking = False  # the size check will fail: do not merge the marks as well
        self._place(parent, target)

    def _open(self, event: Any) -> None:
        stack = self.stack
        parent = stack[-1] if stack else None
        tag, anchor = event.tag, event.anchor
        if self.guard is not None and (self.flow or tag is not None):
            self.guard(event, self.flow)
        is_key = parent is not None and parent.key is WANT
        collect = anchor is not None or (parent is not None and parent.key is MERGING)
        opened = self.events - self.closes + self.aliased  # this node counted: see _close
        frame = Frame(event, self.events, len(stack), opened, collect)
        if tag is not None and tag != "!" and tag != (nodes.MAP if frame.is_map else nodes.SEQ):
            self.offer((0, self.events), msg.unsupported_tag(event.start_mark, tag))
        if anchor is not None:
            self._anchor(event, frame)
        if parent is not None and is_key:
            at = (0, parent.start, 1, parent.key_index())
            self.offer(at, msg.key_not_scalar(event.start_mark))
        self.flow += frame.flow
        stack.append(frame)

    def _close(self) -> None:
        self.closes += 1
        stack = self.stack
        frame = stack.pop()
        self.flow -= frame.flow
        # The nodes counted since the frame opened, with what aliases expand to: its children.
        size = self.events - self.closes + self.aliased - frame.opened + 1
        # A scalar child is 1 deep; frame.depth has what collections and aliases below it add.
        depth = (frame.depth or (1 if size > 1 else 0)) + 1
        if size > self.max_nodes or depth > self.max_depth:
            self._check_caps(frame, size, depth)
        parent = stack[-1] if stack else None
        if (
            parent is not None
            and parent.items is None
            and parent.key is not WANT
            and parent.key is not MERGING
            and frame.anchor is None
            and not frame.merges
        ):
            # Nearly every collection is a plain value or item: no key, anchor or merge of its
            # own, nor a parent that keeps its items or merges it, so nothing asks for its Done.
            tree = frame.tree(self.key_item)
            parent.add(frame.data, depth, tree, tree.count)
            return
        done = frame.done(size, depth)
        if frame.merges:
            done.merge_error = nodes.merge(frame, self.marking)
            self.offer((1, frame.level, frame.start, -1), done.merge_error)
        done.marks = frame.tree(self.key_item)
        if frame.anchor is not None:
            self.anchors[frame.anchor] = done
        self._place(parent, done)

    def _check_caps(self, frame: Frame, size: int, depth: int) -> None:
        if size > self.max_nodes:
            self.offer((0, self.events), msg.too_big(frame.ymark, self.max_nodes))
        elif depth > self.max_depth:
            self.offer((0, self.events), msg.too_deep(frame.ymark, self.max_depth))

    # --- placing a finished node ----------------------------------------------------------------

    def _place(self, parent: Frame | None, done: Done) -> None:
        if parent is None:
            self.root = done
        elif parent.key is WANT:
            self._key(parent, done)
        else:
            parent.add(done.data, done.depth, done.marks, nodes.paths_in(done.marks), done)

    def _key(self, parent: Frame, key: Done) -> None:
        at, state = (0, parent.start, 1, parent.key_index()), SKIP  # state: what comes next
        if key.kind != "scalar":
            self.offer(at, msg.key_not_scalar(key.ymark))
            parent.skipped += 1
        elif key.tag != STR and key.tag != nodes.MERGE:
            self.offer(at, msg.key_not_text(key.ymark, key.tag, key.value))
            parent.skipped += 1
        else:
            first = parent.keys.get(key.value)
            if first is None:
                parent.place_key(key.value, key.ymark, key.ident)
            else:
                parent.skipped += 1
                # An alias of the same anchor is the same key, as in PyYAML; a key the composer
                # placed itself had no anchor, so it has no ident here and is a duplicate.
                if parent.idents.get(key.value) != key.ident:
                    line = first.line + 1
                    self.offer(at, msg.duplicate_key(key.ymark, key.value, line))
                elif key.tag == STR:
                    parent.repeat_key()
            state = MERGING if key.tag == nodes.MERGE else key.value
        parent.depth = max(parent.depth, key.depth)
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
