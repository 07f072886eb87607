"""Flatten the org model into plain fact dicts for the rules engine (see docs/architecture.md)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
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
from orglint.metrics import Metrics, compute_metrics
from orglint.model import Org, Unit
from orglint.revenue import format_revenue
from orglint.yamlload import KEY, YamlPath, yaml_path

Fact = dict[str, Any]
HORIZONTAL = ("project_team", "committee")
Path = YamlPath


Location = tuple[int, int, str]  # line, column, YAML path text
_NO_PARTNERS: frozenset[str] = frozenset()


@dataclass(frozen=True)
class _FarSide:
    """The b-side of a collaboration link, with what every a-side owner is checked against."""

    owners: frozenset[str]  # units owning a b-function (or a part of one)
    reach: frozenset[str]  # the owners and every unit above them
    owner_parents: frozenset[str]  # parents of the owners: their children are the owners' siblings


class FactBuilder:
    """Builds facts for one org; every fact carries the location a finding about it points at."""

    def __init__(self, org: Org) -> None:
        self.org = org
        self.m: Metrics = compute_metrics(org)
        self.count = 0
        self.band = org.company.band.id
        self.unit_count = len(org.units)
        self.marks = org.document.marks
        self._locations: dict[Path, Location] = {}
        self._scopes: dict[str, tuple[str, ...]] = {}

    def fact(self, type_: str, at: Location, fields: Fact) -> Fact:
        """The fact: common fields first, then `fields` (a dict literal at the call: much cheaper
        than keyword arguments for 63k facts of up to 25 fields)."""
        line, column, ypath = at
        self.count += 1
        fact = {
            "type": type_,
            "key": f"{type_}#{self.count}",
            "file": self.org.file,
            "line": line,
            "column": column,
            "ypath": ypath,
        }
        fact.update(fields)
        return fact

    def _at(self, path: Path) -> Location:
        """Remembered per path: a unit's node is where its unit, owner, scope and link facts all
        point, so one unit's location is asked for several times."""
        location = self._locations.get(path)
        if location is None:
            line, column = self._mark(path)
            location = self._locations[path] = (line, column, yaml_path(path))
        return location

    def _at_item(self, base: Path, key: str, index: int) -> Location:
        """The location of item `index` of the list `key` under `base` (a unit, a KPI). Its YAML
        path text is the base's plus `key[index]` (after a dot unless the base is the document):
        what yaml_path renders for a plain key, without rendering the whole path for every item."""
        line, column = self._mark((*base, key, index))
        prefix = self._at(base)[2]
        return line, column, f"{prefix}.{key}[{index}]" if prefix else f"{key}[{index}]"

    def _mark(self, path: Path) -> tuple[int, int]:
        """Document.locate, asking the marks directly first: the nodes facts point at exist."""
        mark = self.marks.get(path) or self.org.document.locate(path)
        return mark.line, mark.column

    def _unit_at(self, unit: Unit) -> Location:
        """The unit's own node, remembered for the owner, scope and link facts that point there."""
        path = ("units", unit.index)
        location = self._locations.get(path)
        if location is None:
            location = self._locations[path] = self._at_item((), "units", unit.index)
        return location

    def all(self) -> list[Fact]:
        return [
            *self._company(),
            *self._units(),
            *self._functions(),
            *self._stages(),
            *self._links(),
        ]

    # -- company --------------------------------------------------------------------------
    def _company(self) -> Iterator[Fact]:
        company, m = self.org.company, self.m
        has_revenue = "revenue" in (self.org.document.data.get("company") or {})
        yield self.fact(
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
                "bu_count": sum(k == "business_unit" for k in m.kind.values()),
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
    def _units(self) -> Iterator[Fact]:
        for unit in self.org.units:
            yield self._unit(unit)
            yield from self._roles(unit)
            yield from self._kpis(unit, ("units", unit.index), unit.kpis, "unit")
            yield from self._owners(unit)
            yield from self._dotted(unit)

    def _unit(self, unit: Unit) -> Fact:
        m, functions = self.m, self.org.functions[unit.id]
        return self.fact(
            "unit",
            self._unit_at(unit),
            {
                "unit": unit.id,
                "name": unit.name,
                "kind": m.kind[unit.id],
                "band": self.band,
                "parent": unit.parent,
                "bu": m.bu[unit.id],
                "depth": m.depth[unit.id],
                "direct_reports": len(self.org.children[unit.id]),
                "headcount": m.own_headcount[unit.id],
                "subtree_headcount": m.subtree_headcount[unit.id],
                "has_lead": bool(unit.lead),
                "responsibility_count": len(unit.responsibilities),
                "vague_responsibility_count": sum(
                    map(is_vague_responsibility, unit.responsibilities)
                ),
                "kpi_count": len(unit.kpis),
                "role_count": len(unit.roles),
                "role_headcount_delta": _role_headcount_delta(unit),
                "function_count": len(functions),
                "functions_explicit": bool(unit.explicit_functions),
                "name_ambiguous": is_ambiguous_name(
                    unit.name, unit.responsibilities, self.org.functions.get(unit.parent, ())
                ),
                "functions": ", ".join(functions),
                "link_degree": len(m.partners.get(unit.id, ())),
                "outsourced": unit.outsourced,
                "unit_count": self.unit_count,
            },
        )

    def _roles(self, unit: Unit) -> Iterator[Fact]:
        for j, role in enumerate(unit.roles):
            path = ("units", unit.index, "roles", j)
            yield self.fact(
                "role",
                self._at(path),
                {
                    "unit": unit.id,
                    "title": str(role["title"]),
                    "count": int(role.get("count", 1)),
                    "kpi_count": len(role.get("kpis") or ()),
                    "responsibility_count": len(role.get("responsibilities") or ()),
                },
            )
            yield from self._kpis(unit, path, role.get("kpis") or (), "role")

    def _kpis(self, unit: Unit, base: Path, kpis: Any, owner: str) -> Iterator[Fact]:
        for k, kpi in enumerate(kpis):
            name = str(kpi["name"])
            yield self.fact(
                "kpi",
                self._at_item(base, "kpis", k),
                {
                    "unit": unit.id,
                    "owner": owner,
                    "name": name,
                    "kpi_id": resolve_kpi(name) or "",
                    "has_target": "target" in kpi,
                    "has_period": "period" in kpi,
                },
            )

    def _owners(self, unit: Unit) -> Iterator[Fact]:
        in_ops, bu = unit.id in self.m.ops_subtree, self.m.bu[unit.id]
        for function_id in self.org.functions[unit.id]:
            name = function_name(function_id)
            yield self.fact(
                "owner",
                self._owner_at(unit, function_id),
                {
                    "unit": unit.id,
                    "function": function_id,
                    "bu": bu,
                    "explicit": bool(unit.explicit_functions),
                    "in_ops": in_ops,
                    "function_zh": name.zh,
                    "function_en": name.en,
                },
            )

    def _owner_at(self, unit: Unit, function_id: str) -> Location:
        """An explicit function's own list item, else the unit (the function was inferred)."""
        if function_id in unit.explicit_functions:
            index = unit.explicit_functions.index(function_id)
            return self._at_item(("units", unit.index), "functions", index)
        return self._unit_at(unit)

    def _dotted(self, unit: Unit) -> Iterator[Fact]:
        for k, target in enumerate(unit.dotted_to):
            yield self.fact(
                "dotted",
                self._at_item(("units", unit.index), "dotted_to", k),
                {
                    "unit": unit.id,
                    "target": target,
                    "target_is_parent": target == unit.parent,
                    "target_is_self": target == unit.id,
                },
            )

    # -- org-wide coverage ----------------------------------------------------------------
    def _functions(self) -> Iterator[Fact]:
        band = self.org.company.band
        for function_id in function_ids():
            name = function_name(function_id)
            yield self.fact(
                "function",
                self._at(("units", KEY)),
                {
                    "function": function_id,
                    "owner_count": self.m.owner_count(function_id),
                    "requirement": band.requirement.get(function_id, "none"),
                    "band": band.id,
                    "function_zh": name.zh,
                    "function_en": name.en,
                },
            )
            yield from self._scope_owners(function_id)

    def _scope_owners(self, function_id: str) -> Iterator[Fact]:
        # Project teams and committees are horizontal lines (matrix): they borrow the function
        # from its vertical owner rather than compete with it.
        top = [u for u in self.m.top_owners(function_id) if self.m.kind[u] not in HORIZONTAL]
        scoped = [(unit_id, self._scope(unit_id)) for unit_id in top]
        slots: dict[tuple[str, ...], set[str]] = defaultdict(set)
        for unit_id, scope in scoped:
            slots[scope].add(self.org.by_id[unit_id].racing_group or unit_id)
        name = function_name(function_id)
        for unit_id, scope in scoped:
            yield self.fact(
                "scope_owner",
                self._unit_at(self.org.by_id[unit_id]),
                {
                    "unit": unit_id,
                    "function": function_id,
                    "scope": ", ".join(scope),
                    "owners_in_scope": len(slots[scope]),
                    "function_zh": name.zh,
                    "function_en": name.en,
                },
            )

    def _scope(self, unit_id: str) -> tuple[str, ...]:
        """Owners in different business units or under different declared scopes are not rivals.
        Remembered per unit: a unit that tops several functions is asked once per function."""
        scope = self._scopes.get(unit_id)
        if scope is None:
            declared = (f"{k}={v}" for k, v in self.m.scope(unit_id))
            scope = self._scopes[unit_id] = (self.m.bu[unit_id] or "org", *declared)
        return scope

    def _stages(self) -> Iterator[Fact]:
        covered: dict[str, set[str]] = defaultdict(set)
        for function_id, units in self.m.owners.items():
            stages = function_stages(function_id)
            if stages[0] not in JOURNEY_STAGES:
                continue  # leadership and support functions serve the stages; they own none
            for stage in stages:
                covered[stage].update(units)
        for stage in JOURNEY_STAGES:
            at, owner_count = self._at(("units", KEY)), len(covered[stage])
            yield self.fact("stage", at, {"stage": stage, "owner_count": owner_count})

    def _links(self) -> Iterator[Fact]:
        for link in links():
            a_side = [(f, u) for f in link.a for u in self.m.owners.get(f, ())]
            b_owners = set().union(*(self.m.covering_owners(f) for f in link.b))
            if not a_side or not b_owners:
                continue  # nobody on the far side: the vacancy rules speak of that, not this one
            far, b_functions = self._far_side(b_owners), ", ".join(link.b)
            for function_id, unit_id in a_side:
                connected = self._connected(unit_id, far)
                yield self._link(link, b_functions, unit_id, function_id, connected)

    def _far_side(self, b_owners: set[str]) -> _FarSide:
        """`reach` holds the b-side owners and every unit above them: a link to any of these
        reaches a b-owner (a link declared between departments covers the groups inside them)."""
        return _FarSide(
            owners=frozenset(b_owners),
            reach=frozenset(b_owners | self._above(b_owners)),
            owner_parents=frozenset(self.org.by_id[b].parent for b in b_owners),
        )

    def _above(self, units: set[str]) -> set[str]:
        """Every unit above one of `units`. A walk up stops at a unit found before: the units above
        that one were found with it."""
        above: set[str] = set()
        for unit_id in units:
            for ancestor in self.m.ancestors(unit_id):
                if ancestor in above:
                    break
                above.add(ancestor)
        return above

    def _connected(self, unit_id: str, far: _FarSide) -> bool:
        """In one reporting line with a b-owner, its sibling, or linked (itself or a unit above it)
        to a b-owner or a unit above one."""
        ancestors = self.m.ancestors(unit_id)
        if unit_id in far.reach or not far.owners.isdisjoint(ancestors):
            return True
        parent = self.org.by_id[unit_id].parent
        if parent and parent in far.owner_parents:  # a b-owner's parent: a sibling of it
            return True
        partners, line = self.m.partners, (unit_id, *ancestors)
        return any(not partners.get(x, _NO_PARTNERS).isdisjoint(far.reach) for x in line)

    def _link(
        self, link: Link, b_functions: str, unit_id: str, function_id: str, connected: bool
    ) -> Fact:
        unit = self.org.by_id[unit_id]
        at = self._unit_at(unit)
        if unit.collaborates_with:
            at = self._at(("units", unit.index, "collaborates_with", KEY))
        name = function_name(function_id)
        return self.fact(
            "link",
            at,
            {
                "link": link.id,
                "strength": link.strength,
                "unit": unit_id,
                "a_function": function_id,
                "b_functions": b_functions,
                "connected": connected,
                "a_function_zh": name.zh,
                "a_function_en": name.en,
            },
        )


def _role_headcount_delta(unit: Unit) -> int:
    """Headcount minus the roles' counts; 0 when either side is missing."""
    if not unit.roles or unit.headcount is None:
        return 0
    return unit.headcount - sum(int(role.get("count", 1)) for role in unit.roles)


def build_facts(org: Org) -> list[Fact]:
    return FactBuilder(org).all()
