"""Derived metrics over the org tree: depth, business unit, headcount roll-ups, owners, links.

Python computes what is hard to say in a rule condition (sums, graph questions); rules decide.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from orglint.domain import function_group, umbrella_of
from orglint.model import Org, Unit

UNKNOWN = -1


@dataclass
class Metrics:
    org: Org
    depth: dict[str, int] = field(default_factory=dict)
    bu: dict[str, str] = field(default_factory=dict)
    kind: dict[str, str] = field(default_factory=dict)
    own_headcount: dict[str, int] = field(default_factory=dict)
    subtree_headcount: dict[str, int] = field(default_factory=dict)
    chain: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @cached_property
    def owners(self) -> dict[str, list[str]]:
        """function id -> units owning it themselves, in file order."""
        owners: dict[str, list[str]] = defaultdict(list)
        for unit in self.org.units:
            for function_id in self.org.functions[unit.id]:
                owners[function_id].append(unit.id)
        return owners

    def covering_owners(self, function_id: str) -> set[str]:
        """Owners of a function, counting owners of its parts (售前客服 covers 客服)."""
        covering = set(self.owners.get(function_id, ()))
        for part, units in self.owners.items():
            if umbrella_of(part) == function_id:
                covering.update(units)
        return covering

    def owner_count(self, function_id: str) -> int:
        return len(self.covering_owners(function_id))

    def ancestors(self, unit_id: str) -> tuple[str, ...]:
        """Parent first, root last (computed once per unit, top down)."""
        return self.chain[unit_id]

    def top_owners(self, function_id: str) -> list[str]:
        """Owners with no owning ancestor (a group inside 客服部 is no rival of it)."""
        owning = set(self.owners.get(function_id, ()))
        return [u for u in self.owners.get(function_id, ()) if owning.isdisjoint(self.ancestors(u))]

    @cached_property
    def partners(self) -> dict[str, set[str]]:
        """Units linked by collaborates_with or dotted_to, in either direction."""
        partners: dict[str, set[str]] = defaultdict(set)
        for unit in self.org.units:
            for other in (*unit.collaborates_with, *unit.dotted_to):
                partners[unit.id].add(other)
                partners[other].add(unit.id)
        return partners

    def connected(self, a: str, b: str) -> bool:
        """Linked, in one reporting line, or siblings under one parent."""
        if a == b or b in self.partners[a]:
            return True
        if a in self.ancestors(b) or b in self.ancestors(a):
            return True
        return self.org.by_id[a].parent == self.org.by_id[b].parent

    @cached_property
    def ops_subtree(self) -> set[str]:
        """Everything under the top-most ops heads (电商总监, else store ops; one per platform
        department is fine); empty when there is none."""
        for function_id in function_group("ops_heads"):  # the first with an owner heads ops
            heads = self.top_owners(function_id)
            if heads:
                return set().union(*(self.subtree(head) for head in heads))
        return set()

    def scope(self, unit_id: str) -> tuple[tuple[str, str], ...]:
        """The unit's declared scope, inherited from the units above it (the nearest wins)."""
        merged: dict[str, str] = {}
        for unit in (unit_id, *self.ancestors(unit_id)):
            for key, value in self.org.by_id[unit].scope:
                merged.setdefault(key, value)
        return tuple(sorted(merged.items()))

    def subtree(self, unit_id: str) -> set[str]:
        found, stack = set(), [unit_id]
        while stack:
            current = stack.pop()
            found.add(current)
            stack.extend(self.org.children[current])
        return found

    @cached_property
    def supply_chain_outside_ops(self) -> bool:
        ops = self.ops_subtree
        owners = {u for f in function_group("supply_chain") for u in self.owners.get(f, ())}
        return bool(ops) and bool(owners - ops)

    @cached_property
    def total_headcount(self) -> int:
        return self.subtree_headcount[self.org.root.id]

    @cached_property
    def structure(self) -> str:
        if any(kind == "business_unit" for kind in self.kind.values()):
            return "business_unit"
        if any(unit.dotted_to for unit in self.org.units):
            return "matrix"
        if max(self.depth.values()) <= 1 and len(self.org.units) <= 6:
            return "flat_team"
        return "functional"


def _effective_kind(org: Org, unit: Unit) -> str:
    if unit.declared_kind:
        return unit.declared_kind
    if org.children[unit.id]:
        return "department"
    # Only a leaf known to hold at most one person is a post; unknown headcount is a group.
    one_person = unit.headcount is not None and unit.headcount <= 1
    return "post" if one_person and not unit.roles else "group"


def _own_headcount(org: Org, unit: Unit) -> int:
    if unit.headcount is not None:
        return unit.headcount
    if unit.roles:
        return sum(int(role.get("count", 1)) for role in unit.roles)
    return 0 if org.children[unit.id] else UNKNOWN  # a pure container has no staff of its own


def compute_metrics(org: Org) -> Metrics:
    metrics = Metrics(org)
    order = org.top_down()
    for unit in order:
        parent = unit.parent
        metrics.depth[unit.id] = metrics.depth[parent] + 1 if parent else 0
        metrics.chain[unit.id] = (parent, *metrics.chain[parent]) if parent else ()
        metrics.kind[unit.id] = _effective_kind(org, unit)
        own_bu = unit.id if metrics.kind[unit.id] == "business_unit" else ""
        metrics.bu[unit.id] = own_bu or (metrics.bu[parent] if parent else "")
        metrics.own_headcount[unit.id] = _own_headcount(org, unit)
    for unit in reversed(order):
        counts = [metrics.own_headcount[unit.id]]
        counts += [metrics.subtree_headcount[c] for c in org.children[unit.id]]
        metrics.subtree_headcount[unit.id] = UNKNOWN if UNKNOWN in counts else sum(counts)
    return metrics
