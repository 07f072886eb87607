"""Flatten the org model into plain fact dicts for the rules engine (see docs/architecture.md)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from orglint.domain import (
    BAND_ORDER,
    JOURNEY_STAGES,
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


def _named(function_id: str, prefix: str = "function") -> dict[str, str]:
    """The function's display names, so messages can name it in either language."""
    name = function_name(function_id)
    return {f"{prefix}_zh": name.zh, f"{prefix}_en": name.en}


class FactBuilder:
    """Builds facts for one org; every fact carries the location a finding about it points at."""

    def __init__(self, org: Org) -> None:
        self.org = org
        self.m: Metrics = compute_metrics(org)
        self.count = 0

    def fact(self, type_: str, path: Path, **fields: Any) -> Fact:
        mark = self.org.document.locate(path)
        self.count += 1
        return {
            "type": type_,
            "key": f"{type_}#{self.count}",
            "file": self.org.file,
            "line": mark.line,
            "column": mark.column,
            "ypath": yaml_path(path),
            **fields,
        }

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
            ("company", "revenue") if has_revenue else ("company",),
            band=company.band.id,
            revenue=company.revenue,
            stage=company.stage,
            revenue_zh=format_revenue(company.revenue, "zh"),
            revenue_en=format_revenue(company.revenue, "en"),
            stage_band_distance=self._stage_distance(),
            live_commerce=company.live_commerce,
            overseas=company.overseas,
            channel_count=len(set(company.channels)),
            platform_count=len(set(company.channels) - non_platform_channels()),
            category_count=len(set(company.categories)),
            unit_count=len(self.org.units),
            total_headcount=m.total_headcount,
            bu_count=sum(k == "business_unit" for k in m.kind.values()),
            structure=m.structure,
            supply_chain_outside_ops=m.supply_chain_outside_ops,
            own_site="own_site" in company.channels,
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
        role_total = sum(int(r.get("count", 1)) for r in unit.roles)
        delta = unit.headcount - role_total if unit.roles and unit.headcount is not None else 0
        return self.fact(
            "unit",
            ("units", unit.index),
            unit=unit.id,
            name=unit.name,
            kind=m.kind[unit.id],
            band=self.org.company.band.id,
            parent=unit.parent,
            bu=m.bu[unit.id],
            depth=m.depth[unit.id],
            direct_reports=len(self.org.children[unit.id]),
            headcount=m.own_headcount[unit.id],
            subtree_headcount=m.subtree_headcount[unit.id],
            has_lead=bool(unit.lead),
            responsibility_count=len(unit.responsibilities),
            vague_responsibility_count=sum(map(is_vague_responsibility, unit.responsibilities)),
            kpi_count=len(unit.kpis),
            role_count=len(unit.roles),
            role_headcount_delta=delta,
            function_count=len(functions),
            functions_explicit=bool(unit.explicit_functions),
            name_ambiguous=is_ambiguous_name(
                unit.name, unit.responsibilities, self.org.functions.get(unit.parent, ())
            ),
            functions=", ".join(functions),
            link_degree=len(m.partners[unit.id]),
            outsourced=unit.outsourced,
            unit_count=len(self.org.units),
        )

    def _roles(self, unit: Unit) -> Iterator[Fact]:
        for j, role in enumerate(unit.roles):
            path = ("units", unit.index, "roles", j)
            yield self.fact(
                "role",
                path,
                unit=unit.id,
                title=str(role["title"]),
                count=int(role.get("count", 1)),
                kpi_count=len(role.get("kpis") or ()),
                responsibility_count=len(role.get("responsibilities") or ()),
            )
            yield from self._kpis(unit, path, role.get("kpis") or (), "role")

    def _kpis(self, unit: Unit, base: Path, kpis: Any, owner: str) -> Iterator[Fact]:
        for k, kpi in enumerate(kpis):
            name = str(kpi["name"])
            yield self.fact(
                "kpi",
                (*base, "kpis", k),
                unit=unit.id,
                owner=owner,
                name=name,
                kpi_id=resolve_kpi(name) or "",
                has_target="target" in kpi,
                has_period="period" in kpi,
            )

    def _owners(self, unit: Unit) -> Iterator[Fact]:
        in_ops = unit.id in self.m.ops_subtree
        for function_id in self.org.functions[unit.id]:
            path: Path = ("units", unit.index)
            if function_id in unit.explicit_functions:
                path = (*path, "functions", unit.explicit_functions.index(function_id))
            yield self.fact(
                "owner",
                path,
                unit=unit.id,
                function=function_id,
                bu=self.m.bu[unit.id],
                explicit=bool(unit.explicit_functions),
                in_ops=in_ops,
                **_named(function_id),
            )

    def _dotted(self, unit: Unit) -> Iterator[Fact]:
        for k, target in enumerate(unit.dotted_to):
            yield self.fact(
                "dotted",
                ("units", unit.index, "dotted_to", k),
                unit=unit.id,
                target=target,
                target_is_parent=target == unit.parent,
                target_is_self=target == unit.id,
            )

    # -- org-wide coverage ----------------------------------------------------------------
    def _functions(self) -> Iterator[Fact]:
        band = self.org.company.band
        for function_id in function_ids():
            yield self.fact(
                "function",
                ("units", KEY),
                function=function_id,
                owner_count=self.m.owner_count(function_id),
                requirement=band.requirement.get(function_id, "none"),
                band=band.id,
                **_named(function_id),
            )
            yield from self._scope_owners(function_id)

    def _scope_owners(self, function_id: str) -> Iterator[Fact]:
        slots: dict[tuple[str, ...], set[str]] = defaultdict(set)
        # Project teams and committees are horizontal lines (matrix): they borrow the function
        # from its vertical owner rather than compete with it.
        top = [u for u in self.m.top_owners(function_id) if self.m.kind[u] not in HORIZONTAL]
        for unit_id in top:
            slots[self._scope(unit_id)].add(self.org.by_id[unit_id].racing_group or unit_id)
        for unit_id in top:
            unit, scope = self.org.by_id[unit_id], self._scope(unit_id)
            yield self.fact(
                "scope_owner",
                ("units", unit.index),
                unit=unit_id,
                function=function_id,
                scope=", ".join(scope),
                owners_in_scope=len(slots[scope]),
                **_named(function_id),
            )

    def _scope(self, unit_id: str) -> tuple[str, ...]:
        """Owners in different business units or under different declared scopes are not rivals."""
        declared = (f"{k}={v}" for k, v in self.m.scope(unit_id))
        return (self.m.bu[unit_id] or "org", *declared)

    def _stages(self) -> Iterator[Fact]:
        covered: dict[str, set[str]] = defaultdict(set)
        for function_id, units in self.m.owners.items():
            stages = function_stages(function_id)
            if stages[0] not in JOURNEY_STAGES:
                continue  # leadership and support functions serve the stages; they own none
            for stage in stages:
                covered[stage].update(units)
        for stage in JOURNEY_STAGES:
            yield self.fact("stage", ("units", KEY), stage=stage, owner_count=len(covered[stage]))

    def _links(self) -> Iterator[Fact]:
        for link in links():
            b_owners = set().union(*(self.m.covering_owners(f) for f in link.b))
            if not b_owners:
                continue  # nobody on the far side: the vacancy rules speak of that, not this one
            reach = self._reach(b_owners)
            for function_id in link.a:
                for unit_id in self.m.owners.get(function_id, ()):
                    yield self._link(
                        link.id,
                        link.strength,
                        unit_id,
                        function_id,
                        link.b,
                        self._connected(unit_id, b_owners, reach),
                    )

    def _reach(self, b_owners: set[str]) -> set[str]:
        """The b-side owners and every unit above them: a link to any of these reaches a b-owner
        (a link declared between departments covers the groups inside them)."""
        return b_owners | {a for b in b_owners for a in self.m.ancestors(b)}

    def _connected(self, unit_id: str, b_owners: set[str], reach: set[str]) -> bool:
        """In one reporting line with a b-owner, its sibling, or linked (itself or a unit above it)
        to a b-owner or a unit above one."""
        unit = self.org.by_id[unit_id]
        if unit_id in reach or b_owners.intersection(self.m.ancestors(unit_id)):
            return True
        if unit.parent and b_owners.intersection(self.org.children[unit.parent]):
            return True
        return any(self.m.partners[x] & reach for x in (unit_id, *self.m.ancestors(unit_id)))

    def _link(
        self,
        link_id: str,
        strength: str,
        unit_id: str,
        function_id: str,
        b: tuple[str, ...],
        connected: bool,
    ) -> Fact:
        unit = self.org.by_id[unit_id]
        path: Path = ("units", unit.index)
        if unit.collaborates_with:
            path = (*path, "collaborates_with", KEY)
        return self.fact(
            "link",
            path,
            link=link_id,
            strength=strength,
            unit=unit_id,
            a_function=function_id,
            b_functions=", ".join(b),
            connected=connected,
            **_named(function_id, "a_function"),
        )


def build_facts(org: Org) -> list[Fact]:
    return FactBuilder(org).all()
