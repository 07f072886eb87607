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
Scope = tuple[tuple[str, str], ...]  # declared scope: sorted (key, value) pairs


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
        if function_id not in self.owned_parts:  # no parts: its owners, each listed once
            return len(self.owners.get(function_id, ()))
        return len(self.covering_owners(function_id))

    def ancestors(self, unit_id: str) -> tuple[str, ...]:
        """Parent first, root last (computed once per unit, top down)."""
        return self.chain[unit_id]

    def top_owners(self, function_id: str) -> list[str]:
        """Owners with no owning ancestor (a group inside 客服部 is no rival of it)."""
        owners, chain = self.owners.get(function_id, ()), self.chain
        owning = set(owners)
        return [u for u in owners if owning.isdisjoint(chain[u])]

    @cached_property
    def partners(self) -> dict[str, set[str]]:
        """Units linked by collaborates_with or dotted_to, in either direction."""
        partners: dict[str, set[str]] = defaultdict(set)
        for unit in self.org.units:
            if not (unit.collaborates_with or unit.dotted_to):
                continue  # most units have no links: skip building an empty tuple
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

    def scope(self, unit_id: str) -> Scope:
        """The unit's declared scope, inherited from the units above it (the nearest wins)."""
        return self.scopes[unit_id]

    @cached_property
    def scopes(self) -> dict[str, Scope]:
        """Every unit's scope, top down: a unit declaring none shares its parent's."""
        scopes: dict[str, Scope] = {}
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
        if "business_unit" in self.kind.values():
            return "business_unit"
        if any(unit.dotted_to for unit in self.org.units):
            return "matrix"
        if max(self.depth.values()) <= 1 and len(self.org.units) <= 6:
            return "flat_team"
        return "functional"


def _merged_scope(own: Scope, inherited: Scope) -> Scope:
    """The unit's own entries first, so they win over inherited ones for the same key (and the
    first of duplicate own keys wins, as it always has)."""
    merged: dict[str, str] = {}
    for key, value in (*own, *inherited):
        merged.setdefault(key, value)
    return tuple(sorted(merged.items()))


def _effective_kind(unit: Unit, has_children: bool) -> str:
    if unit.declared_kind:
        return unit.declared_kind
    if has_children:
        return "department"
    # Only a leaf known to hold at most one person is a post; unknown headcount is a group.
    one_person = unit.headcount is not None and unit.headcount <= 1
    return "post" if one_person and not unit.roles else "group"


def _own_headcount(unit: Unit, has_children: bool) -> int:
    if unit.headcount is not None:
        return unit.headcount
    if unit.roles:
        return sum(int(role.get("count", 1)) for role in unit.roles)
    return 0 if has_children else UNKNOWN  # a pure container has no staff of its own


def compute_metrics(org: Org) -> Metrics:
    metrics = Metrics(org, order=org.top_down())
    _place_all(metrics)
    _add_subtree_headcounts(metrics)
    return metrics


def _place_all(metrics: Metrics) -> None:
    """Depth, chain of ancestors, kind, business unit and own headcount of every unit, top down
    (so the parent is placed). One loop over local names: it runs once per unit."""
    depth, chain, bu, kinds = metrics.depth, metrics.chain, metrics.bu, metrics.kind
    own_headcount, children = metrics.own_headcount, metrics.org.children
    for unit in metrics.order:
        unit_id, parent = unit.id, unit.parent
        has_children = bool(children[unit_id])
        kind = kinds[unit_id] = _effective_kind(unit, has_children)
        if parent:
            depth[unit_id] = depth[parent] + 1
            chain[unit_id] = (parent, *chain[parent])
            bu[unit_id] = unit_id if kind == "business_unit" else bu[parent]
        else:
            depth[unit_id], chain[unit_id] = 0, ()
            bu[unit_id] = unit_id if kind == "business_unit" else ""
        own_headcount[unit_id] = _own_headcount(unit, has_children)


def _add_subtree_headcounts(metrics: Metrics) -> None:
    """Own headcount plus the children's subtree headcounts; unknown when any of them is.
    Bottom up, so every child's total is known before its parent's."""
    own, subtree, children = metrics.own_headcount, metrics.subtree_headcount, metrics.org.children
    for unit in reversed(metrics.order):
        total = own[unit.id]
        for child in children[unit.id] if total != UNKNOWN else ():
            below = subtree[child]
            if below == UNKNOWN:
                total = UNKNOWN
                break
            total += below
        subtree[unit.id] = total
