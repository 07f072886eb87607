"""Edits on the round-trip units list: find, insert, remove, re-parent, re-point references.

Only the nodes an edit touches change; everything else keeps its comments and layout.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from orglint.suggest.document import RoundTrip, flow_seq

LINK_KEYS = ("collaborates_with", "dotted_to")


class OrgEditor:
    def __init__(self, doc: RoundTrip) -> None:
        self.doc = doc

    @property
    def units(self) -> CommentedSeq:
        units: CommentedSeq = self.doc.data["units"]
        return units

    def ids(self) -> set[str]:
        return {str(u["id"]) for u in self.units}

    def index(self, unit_id: str) -> int:
        return next(i for i, u in enumerate(self.units) if u["id"] == unit_id)

    def unit(self, unit_id: str) -> CommentedMap:
        unit: CommentedMap = self.units[self.index(unit_id)]
        return unit

    def children(self, unit_id: str) -> list[str]:
        return [str(u["id"]) for u in self.units if u.get("parent") == unit_id]

    def subtree(self, unit_id: str) -> set[str]:
        found, stack = set(), [unit_id]
        while stack:
            current = stack.pop()
            found.add(current)
            stack += self.children(current)
        return found

    def after_subtree(self, unit_id: str) -> int:
        """The list position just after the unit and everything below it."""
        members = self.subtree(unit_id)
        return 1 + max(i for i, u in enumerate(self.units) if u["id"] in members)

    def insert(self, position: int, unit: CommentedMap) -> None:
        self.units.insert(position, unit)

    def remove(self, unit_id: str) -> None:
        del self.units[self.index(unit_id)]

    def set_key(self, unit_id: str, key: str, value: Any, after: tuple[str, ...] = ()) -> None:
        """Set a key; a new one goes after the first of `after` the unit has, else at the end."""
        unit = self.unit(unit_id)
        if key in unit:
            unit[key] = value
            return
        keys = list(unit.keys())
        anchor = next((keys.index(k) + 1 for k in after if k in unit), len(keys))
        unit.insert(anchor, key, value)

    def referrers(self, unit_id: str) -> Iterator[tuple[str, str]]:
        """(holder id, key) for every link to the unit from another unit."""
        for unit in self.units:
            for key in LINK_KEYS:
                if unit_id in (unit.get(key) or ()) and unit["id"] != unit_id:
                    yield str(unit["id"]), key

    def repoint(self, holder: str, key: str, old: str, new: str) -> None:
        """Replace `old` by `new` in a link list, without creating a duplicate or a self-link."""
        items: CommentedSeq = self.unit(holder)[key]
        position = list(items).index(old)
        if new in items or new == holder:
            del items[position]
        else:
            items[position] = new
        if not items:
            del self.unit(holder)[key]

    def add_link(self, holder: str, target: str) -> None:
        if target == holder:
            return
        unit = self.unit(holder)
        if "collaborates_with" not in unit:
            self.set_key(holder, "collaborates_with", flow_seq([]))
        if target not in unit["collaborates_with"]:
            unit["collaborates_with"].append(target)
