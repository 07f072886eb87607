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
    order: list[Unit] = field(default_factory=list)  # top down: every parent before its children

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
        for part in self.owned_parts.get(function_id, ()):
            covering.update(self.owners[part])
        return covering

    @cached_property
    def owned_parts(self) -> dict[str, list[str]]:
        """umbrella function -> its parts that have owners (looked up once, not per question)."""
        parts: dict[str, list[str]] = defaultdict(list)
        for part in self.owners:
            umbrella = umbrella_of(part)
            if umbrella is not None:
                parts[umbrella].append(part)
        return parts

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
        return self.scopes[unit_id]

    @cached_property
    def scopes(self) -> dict[str, tuple[tuple[str, str], ...]]:
        """Every unit's scope, top down: a unit declaring none shares its parent's."""
        scopes: dict[str, tuple[tuple[str, str], ...]] = {}
        for unit in self.order:
            inherited = scopes[unit.parent] if unit.parent else ()
            scopes[unit.id] = _merged_scope(unit.scope, inherited) if unit.scope else inherited
        return scopes

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


def _merged_scope(
    own: tuple[tuple[str, str], ...], inherited: tuple[tuple[str, str], ...]
) -> tuple[tuple[str, str], ...]:
    """The unit's own entries first, so they win over inherited ones for the same key (and the
    first of duplicate own keys wins, as it always has)."""
    merged: dict[str, str] = {}
    for key, value in (*own, *inherited):
        merged.setdefault(key, value)
    return tuple(sorted(merged.items()))


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
    metrics = Metrics(org, order=org.top_down())
    for unit in metrics.order:
        _place(metrics, unit)
    for unit in reversed(metrics.order):  # children before their parent
        metrics.subtree_headcount[unit.id] = _subtree_headcount(metrics, unit)
    return metrics


def _place(metrics: Metrics, unit: Unit) -> None:
    """Depth, chain of ancestors, kind, business unit and own headcount; the parent is placed."""
    unit_id, parent, org = unit.id, unit.parent, metrics.org
    kind = metrics.kind[unit_id] = _effective_kind(org, unit)
    if parent:
        metrics.depth[unit_id] = metrics.depth[parent] + 1
        metrics.chain[unit_id] = (parent, *metrics.chain[parent])
        metrics.bu[unit_id] = unit_id if kind == "business_unit" else metrics.bu[parent]
    else:
        metrics.depth[unit_id], metrics.chain[unit_id] = 0, ()
        metrics.bu[unit_id] = unit_id if kind == "business_unit" else ""
    metrics.own_headcount[unit_id] = _own_headcount(org, unit)


def _subtree_headcount(metrics: Metrics, unit: Unit) -> int:
    """Own headcount plus the children's subtree headcounts; unknown when any of them is."""
    total = metrics.own_headcount[unit.id]
    if total == UNKNOWN:
        return UNKNOWN
    for child in metrics.org.children[unit.id]:
        below = metrics.subtree_headcount[child]
        if below == UNKNOWN:
            return UNKNOWN
        total += below
    return total
