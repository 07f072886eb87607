"""Flatten the org model into plain fact dicts for the rules engine (see docs/architecture.md).

A 10k-unit org gives some 63k facts, so the builders of the numerous kinds (unit, role, KPI,
owner, scope owner, link) write each fact as a dict display, common fields included: one dict
built at its final size instead of a dict of fields copied into a second one. Facts are appended
to one list rather than passed up through nested generators, and every location (a lookup in the
document's marks) is asked for once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import cache
from operator import countOf
from typing import Any

from orglint.domain import (
    BAND_ORDER,
    JOURNEY_STAGES,
    Link,
    band_of_stage,
    function_ids,
    function_name,
    function_stages,
    links,
    non_platform_channels,
)
from orglint.infer import is_ambiguous_name, is_vague_responsibility, resolve_kpi
from orglint.metrics import Metrics, Scope, compute_metrics
from orglint.model import Org, Unit
from orglint.revenue import format_revenue
from orglint.yamlload import KEY, YamlPath, yaml_path

Fact = dict[str, Any]
HORIZONTAL = ("project_team", "committee")
Path = YamlPath


Location = tuple[int, int, str]  # line, column, YAML path text


@dataclass(frozen=True)
class _FarSide:
    """The b-side of a collaboration link, with what every a-side owner is checked against.
    Plain sets, built once per link: some hold thousands of units, too many to copy again."""

    owners: AbstractSet[str]  # units owning a b-function (or a part of one)
    reach: AbstractSet[str]  # the owners and every unit above them
    linked: AbstractSet[str]  # units linked to a unit of `reach` (partners are mutual)
    owner_parents: AbstractSet[str]  # the owners' parents: their children are owners' siblings


@cache
def _function_names() -> dict[str, tuple[str, str]]:
    """function id -> (zh, en) display names, looked up once rather than once per fact."""
    return {f: (function_name(f).zh, function_name(f).en) for f in function_ids()}


class FactBuilder:
    """Builds facts for one org; every fact carries the location a finding about it points at."""

    def __init__(self, org: Org) -> None:
        self.org = org
        self.m: Metrics = compute_metrics(org)
        self.count = 0
        self.file = org.file
        self.band = org.company.band.id
        self.unit_count = len(org.units)
        self.marks = org.document.marks
        self._locations: dict[Path, Location] = {}
        self._unit_locations: list[Location | None] = [None] * len(org.units)
        self._link_locations: list[Location | None] = [None] * len(org.units)
        self._scopes: dict[tuple[str, Scope], tuple[tuple[str, ...], str]] = {}
        self._names = _function_names()
        self._parent_of = {unit.id: unit.parent for unit in org.units}

    def fact(self, type_: str, at: Location, fields: Fact) -> Fact:
        """A fact of a rare kind: common fields first, then `fields`."""
        line, column, ypath = at
        self.count += 1
        fact = {
            "type": type_,
            "key": f"{type_}#{self.count}",
            "file": self.file,
            "line": line,
            "column": column,
            "ypath": ypath,
        }
        fact.update(fields)
        return fact

    # -- locations --------------------------------------------------------------------------
    def _at(self, path: Path) -> Location:
        """Remembered per path: the org-wide facts all point at `units`, a unit's link facts at
        its collaborates_with key."""
        location = self._locations.get(path)
        if location is None:
            line, column = self._mark(path)
            location = self._locations[path] = (line, column, yaml_path(path))
        return location

    def _at_item(self, base: Path, key: str, index: int) -> Location:
        """The location of item `index` of the list `key` under `base` (a unit, a KPI)."""
        return self._item_at(base, self._at(base)[2], key, index)

    def _item_at(self, base: Path, prefix: str, key: str, index: int) -> Location:
        """Item `index` of the list `key` under `base`, whose YAML path text is `prefix`: the
        item's text is the prefix plus `key[index]` (after a dot unless the base is the
        document), what yaml_path renders for a plain key, without rendering the whole path."""
        line, column = self._mark((*base, key, index))
        return line, column, f"{prefix}.{key}[{index}]" if prefix else f"{key}[{index}]"

    def _mark(self, path: Path) -> tuple[int, int]:
        """Document.locate, asking the marks directly first: the nodes facts point at exist.
        (Indexing rather than Mapping.get, which is Python code calling the same __getitem__.)"""
        try:
            mark = self.marks[path]
        except KeyError:
            mark = self.org.document.locate(path)
        return mark.line, mark.column

    def _unit_at(self, unit: Unit) -> Location:
        """The unit's own node, remembered for the owner, scope and link facts that point there."""
        location = self._unit_locations[unit.index]
        if location is None:
            location = self._unit_locations[unit.index] = self._item_at((), "", "units", unit.index)
        return location

    def _link_at(self, unit: Unit) -> Location:
        """Link facts point at the unit's collaborates_with key (its YAML path text is the
        unit's plus `.collaborates_with`, as yaml_path renders it), else at the unit."""
        location = self._link_locations[unit.index]
        if location is None:
            location = unit_at = self._unit_at(unit)
            if unit.collaborates_with:
                line, column = self._mark(("units", unit.index, "collaborates_with", KEY))
                location = (line, column, f"{unit_at[2]}.collaborates_with")
            self._link_locations[unit.index] = location
        return location

    def all(self) -> list[Fact]:
        facts: list[Fact] = [self._company()]
        self._units(facts)
        self._functions(facts)
        self._stages(facts)
        self._links(facts)
        return facts

    # -- company --------------------------------------------------------------------------
    def _company(self) -> Fact:
        company, m = self.org.company, self.m
        has_revenue = "revenue" in (self.org.document.data.get("company") or {})
        return self.fact(
            "company",
            self._at(("company", "revenue") if has_revenue else ("company",)),
            {
                "band": company.band.id,
                "revenue": company.revenue,
                "stage": company.stage,
                "revenue_zh": format_revenue(company.revenue, "zh"),
                "revenue_en": format_revenue(company.revenue, "en"),
                "stage_band_distance": self._stage_distance(),
                "live_commerce": company.live_commerce,
                "overseas": company.overseas,
                "channel_count": len(set(company.channels)),
                "platform_count": len(set(company.channels) - non_platform_channels()),
                "category_count": len(set(company.categories)),
                "unit_count": len(self.org.units),
                "total_headcount": m.total_headcount,
                "bu_count": countOf(m.kind.values(), "business_unit"),
                "structure": m.structure,
                "supply_chain_outside_ops": m.supply_chain_outside_ops,
                "own_site": "own_site" in company.channels,
            },
        )

    def _stage_distance(self) -> int:
        declared = band_of_stage(self.org.company.stage)
        if declared is None:
            return 0
        return abs(BAND_ORDER.index(declared) - BAND_ORDER.index(self.org.company.band.id))

    # -- units and what hangs off them ----------------------------------------------------
    def _units(self, facts: list[Fact]) -> None:
        add = facts.append
        for unit in self.org.units:
            at = self._unit_at(unit)
            add(self._unit(unit, at))
            if unit.roles:
                self._roles(unit, at, facts)
            if unit.kpis:
                self._kpis(unit, ("units", unit.index), at[2], unit.kpis, "unit", facts)
            self._owners(unit, at, facts)
            if unit.dotted_to:
                self._dotted(unit, at, facts)

    def _unit(self, unit: Unit, at: Location) -> Fact:
        m, org, unit_id = self.m, self.org, unit.id
        functions = org.functions[unit_id]
        line, column, ypath = at
        self.count += 1
        # A dict display of more than 15 entries is compiled as two dicts, the second merged
        # into the first: the first 15 fields as a display and the rest assigned one by one
        # (still in the order of the spec) builds the same dict at half the cost.
        fact = {
            "type": "unit",
            "key": f"unit#{self.count}",
            "file": self.file,
            "line": line,
            "column": column,
            "ypath": ypath,
            "unit": unit_id,
            "name": unit.name,
            "kind": m.kind[unit_id],
            "band": self.band,
            "parent": unit.parent,
            "bu": m.bu[unit_id],
            "depth": m.depth[unit_id],
            "direct_reports": len(org.children[unit_id]),
            "headcount": m.own_headcount[unit_id],
        }
        fact["subtree_headcount"] = m.subtree_headcount[unit_id]
        fact["has_lead"] = bool(unit.lead)
        fact["responsibility_count"] = len(unit.responsibilities)
        fact["vague_responsibility_count"] = _vague_count(unit.responsibilities)
        fact["kpi_count"] = len(unit.kpis)
        fact["role_count"] = len(unit.roles)
        fact["role_headcount_delta"] = _role_headcount_delta(unit)
        fact["function_count"] = len(functions)
        fact["functions_explicit"] = bool(unit.explicit_functions)
        fact["name_ambiguous"] = is_ambiguous_name(
            unit.name, unit.responsibilities, org.functions.get(unit.parent, ())
        )
        fact["functions"] = ", ".join(functions)
        fact["link_degree"] = len(m.partners.get(unit_id, ()))
        fact["outsourced"] = unit.outsourced
        fact["unit_count"] = self.unit_count
        return fact

    def _roles(self, unit: Unit, unit_at: Location, facts: list[Fact]) -> None:
        unit_path, prefix = ("units", unit.index), unit_at[2]
        for j, role in enumerate(unit.roles):
            line, column, ypath = at = self._item_at(unit_path, prefix, "roles", j)
            kpis = role.get("kpis") or ()
            self.count += 1
            facts.append(
                {
                    "type": "role",
                    "key": f"role#{self.count}",
                    "file": self.file,
                    "line": line,
                    "column": column,
                    "ypath": ypath,
                    "unit": unit.id,
                    "title": str(role["title"]),
                    "count": int(role.get("count", 1)),
                    "kpi_count": len(kpis),
                    "responsibility_count": len(role.get("responsibilities") or ()),
                }
            )
            if kpis:
                self._kpis(unit, (*unit_path, "roles", j), at[2], kpis, "role", facts)

    def _kpis(
        self, unit: Unit, base: Path, prefix: str, kpis: Any, owner: str, facts: list[Fact]
    ) -> None:
        """The KPIs listed under `base` (a unit or a role), whose YAML path text is `prefix`."""
        for k, kpi in enumerate(kpis):
            name = str(kpi["name"])
            line, column, ypath = self._item_at(base, prefix, "kpis", k)
            self.count += 1
            facts.append(
                {
                    "type": "kpi",
                    "key": f"kpi#{self.count}",
                    "file": self.file,
                    "line": line,
                    "column": column,
                    "ypath": ypath,
                    "unit": unit.id,
                    "owner": owner,
                    "name": name,
                    "kpi_id": resolve_kpi(name) or "",
                    "has_target": "target" in kpi,
                    "has_period": "period" in kpi,
                }
            )

    def _owners(self, unit: Unit, unit_at: Location, facts: list[Fact]) -> None:
        unit_id, names = unit.id, self._names
        in_ops, bu = unit_id in self.m.ops_subtree, self.m.bu[unit_id]
        explicit = bool(unit.explicit_functions)
        for function_id in self.org.functions[unit_id]:
            zh, en = names[function_id]
            line, column, ypath = (
                self._owner_at(unit, unit_at, function_id) if explicit else unit_at
            )
            self.count += 1
            facts.append(
                {
                    "type": "owner",
                    "key": f"owner#{self.count}",
                    "file": self.file,
                    "line": line,
                    "column": column,
                    "ypath": ypath,
                    "unit": unit_id,
                    "function": function_id,
                    "bu": bu,
                    "explicit": explicit,
                    "in_ops": in_ops,
                    "function_zh": zh,
                    "function_en": en,
                }
            )

    def _owner_at(self, unit: Unit, unit_at: Location, function_id: str) -> Location:
        """An explicit function's own list item, else the unit (the function was inferred)."""
        if function_id in unit.explicit_functions:
            index = unit.explicit_functions.index(function_id)
            return self._item_at(("units", unit.index), unit_at[2], "functions", index)
        return unit_at

    def _dotted(self, unit: Unit, unit_at: Location, facts: list[Fact]) -> None:
        for k, target in enumerate(unit.dotted_to):
            facts.append(
                self.fact(
                    "dotted",
                    self._item_at(("units", unit.index), unit_at[2], "dotted_to", k),
                    {
                        "unit": unit.id,
                        "target": target,
                        "target_is_parent": target == unit.parent,
                        "target_is_self": target == unit.id,
                    },
                )
            )

    # -- org-wide coverage ----------------------------------------------------------------
    def _functions(self, facts: list[Fact]) -> None:
        band = self.org.company.band
        for function_id in function_ids():
            zh, en = self._names[function_id]
            facts.append(
                self.fact(
                    "function",
                    self._at(("units", KEY)),
                    {
                        "function": function_id,
                        "owner_count": self.m.owner_count(function_id),
                        "requirement": band.requirement.get(function_id, "none"),
                        "band": band.id,
                        "function_zh": zh,
                        "function_en": en,
                    },
                )
            )
            self._scope_owners(function_id, facts)

    def _scope_owners(self, function_id: str, facts: list[Fact]) -> None:
        # Project teams and committees are horizontal lines (matrix): they borrow the function
        # from its vertical owner rather than compete with it.
        kind, by_id = self.m.kind, self.org.by_id
        top = [u for u in self.m.top_owners(function_id) if kind[u] not in HORIZONTAL]
        scoped = [(unit_id, self._scope(unit_id)) for unit_id in top]
        slots: dict[tuple[str, ...], set[str]] = defaultdict(set)
        for unit_id, (scope, _) in scoped:
            slots[scope].add(by_id[unit_id].racing_group or unit_id)
        zh, en = self._names[function_id]
        for unit_id, (scope, scope_text) in scoped:
            line, column, ypath = self._unit_at(by_id[unit_id])
            self.count += 1
            facts.append(
                {
                    "type": "scope_owner",
                    "key": f"scope_owner#{self.count}",
                    "file": self.file,
                    "line": line,
                    "column": column,
                    "ypath": ypath,
                    "unit": unit_id,
                    "function": function_id,
                    "scope": scope_text,
                    "owners_in_scope": len(slots[scope]),
                    "function_zh": zh,
                    "function_en": en,
                }
            )

    def _scope(self, unit_id: str) -> tuple[tuple[str, ...], str]:
        """Owners in different business units or under different declared scopes are not rivals.
        The scope and its text, remembered per business unit and declared scope: thousands of
        owners share a handful. (Rivals are counted by the tuple: two scopes may read alike.)"""
        key = (self.m.bu[unit_id], self.m.scope(unit_id))
        scope = self._scopes.get(key)
        if scope is None:
            bu, declared = key
            parts = (bu or "org", *(f"{k}={v}" for k, v in declared))
            scope = self._scopes[key] = (parts, ", ".join(parts))
        return scope

    def _stages(self, facts: list[Fact]) -> None:
        covered: dict[str, set[str]] = defaultdict(set)
        for function_id, units in self.m.owners.items():
            stages = function_stages(function_id)
            if stages[0] not in JOURNEY_STAGES:
                continue  # leadership and support functions serve the stages; they own none
            for stage in stages:
                covered[stage].update(units)
        for stage in JOURNEY_STAGES:
            at, owner_count = self._at(("units", KEY)), len(covered[stage])
            facts.append(self.fact("stage", at, {"stage": stage, "owner_count": owner_count}))

    def _links(self, facts: list[Fact]) -> None:
        owners = self.m.owners
        for link in links():
            a_side = [(f, u) for f in link.a for u in owners.get(f, ())]
            b_owners = set().union(*(self.m.covering_owners(f) for f in link.b))
            if not a_side or not b_owners:
                continue  # nobody on the far side: the vacancy rules speak of that, not this one
            self._link_facts(link, a_side, self._far_side(b_owners), facts)

    def _far_side(self, b_owners: set[str]) -> _FarSide:
        """`reach` holds the b-side owners and every unit above them: a link to any of these
        reaches a b-owner (a link declared between departments covers the groups inside them)."""
        parents = set(map(self._parent_of.__getitem__, b_owners))
        parents.discard("")  # the root's: no unit has the root as its sibling
        # The units above the owners are their parents and the parents' ancestors: far fewer
        # chains to merge than one per owner, as owners share parents.
        reach = b_owners.union(parents, *map(self.m.chain.__getitem__, parents))
        partners = self.m.partners
        linked = set().union(*map(partners.__getitem__, partners.keys() & reach))
        return _FarSide(owners=b_owners, reach=reach, linked=linked, owner_parents=parents)

    def _connected(self, unit_id: str, far: _FarSide) -> bool:
        """In one reporting line with a b-owner, its sibling, or linked (itself or a unit above it)
        to a b-owner or a unit above one."""
        if unit_id in far.reach or unit_id in far.linked:
            return True
        ancestors = self.m.chain[unit_id]  # parent first
        if not ancestors:
            return False
        return (
            ancestors[0] in far.owner_parents  # a sibling of a b-owner
            or not far.owners.isdisjoint(ancestors)
            or not far.linked.isdisjoint(ancestors)
        )

    def _link_facts(
        self, link: Link, a_side: list[tuple[str, str]], far: _FarSide, facts: list[Fact]
    ) -> None:
        """One fact per (a-function, owner of it): 15k of them at 10k units, so the loop works
        on local names."""
        b_functions, names, by_id = ", ".join(link.b), self._names, self.org.by_id
        link_id, strength, file, connected_to = link.id, link.strength, self.file, self._connected
        for function_id, unit_id in a_side:
            line, column, ypath = self._link_at(by_id[unit_id])
            zh, en = names[function_id]
            self.count += 1
            facts.append(
                {
                    "type": "link",
                    "key": f"link#{self.count}",
                    "file": file,
                    "line": line,
                    "column": column,
                    "ypath": ypath,
                    "link": link_id,
                    "strength": strength,
                    "unit": unit_id,
                    "a_function": function_id,
                    "b_functions": b_functions,
                    "connected": connected_to(unit_id, far),
                    "a_function_zh": zh,
                    "a_function_en": en,
                }
            )


def _vague_count(responsibilities: tuple[str, ...]) -> int:
    return sum(map(is_vague_responsibility, responsibilities)) if responsibilities else 0


def _role_headcount_delta(unit: Unit) -> int:
    """Headcount minus the roles' counts; 0 when either side is missing."""
    if not unit.roles or unit.headcount is None:
        return 0
    return unit.headcount - sum(int(role.get("count", 1)) for role in unit.roles)


def build_facts(org: Org) -> list[Fact]:
    return FactBuilder(org).all()
