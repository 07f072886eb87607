"""Which reference structure fits a revenue: the band, its template units and company traits."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from orglint.domain import BAND_ORDER, Band, band_for, bands, non_platform_channels
from orglint.errors import Text
from orglint.resources import load_rules_data
from orglint.suggest.templates import BandTemplate, CatalogueEntry, Templates, UnitSpec

STRUCTURE_NAMES = {
    "flat_team": Text(zh="扁平小组", en="flat team"),
    "functional": Text(zh="职能制", en="functional"),
    "matrix": Text(zh="矩阵制", en="matrix"),
    "business_unit": Text(zh="事业部制", en="business units"),
}


@dataclass(frozen=True)
class Traits:
    """What the consultant knows about the company beyond its revenue."""

    name: str = ""
    channels: tuple[str, ...] = ()
    live_commerce: bool = False
    overseas: bool = False

    def holds(self, condition: str) -> bool:
        platforms = set(self.channels) - non_platform_channels()
        return {
            "live_commerce": self.live_commerce,
            "overseas": self.overseas,
            "own_site": "own_site" in self.channels,
            "multi_platform": len(platforms) >= 2,
        }.get(condition, False)


@dataclass(frozen=True)
class BandChoice:
    revenue: float
    band: Band
    template: BandTemplate
    units: tuple[UnitSpec, ...]
    next_band: Band | None
    assumed: str  # why the band's bounds are an assumption, "" when the seed states them


def band_assumption(band_id: str) -> str:
    raw = next(b for b in load_rules_data("bands.yaml")["bands"] if b["id"] == band_id)
    return str((raw.get("assumed") or {}).get("reason", ""))


def choose(revenue: float, templates: Templates, traits: Traits) -> BandChoice:
    band = band_for(revenue)
    template = templates.bands[band.id]
    position = BAND_ORDER.index(band.id)
    following = bands()[position + 1] if position + 1 < len(bands()) else None
    units = with_conditions(template, templates, traits)
    return BandChoice(revenue, band, template, units, following, band_assumption(band.id))


def with_conditions(
    template: BandTemplate, templates: Templates, traits: Traits
) -> tuple[UnitSpec, ...]:
    """The template's units plus what the company's traits call for (live, overseas, …)."""
    units = list(template.units)
    for condition, change in template.conditional.items():
        if traits.holds(condition):
            units = _apply(units, change, templates)
    return tuple(units)


def _apply(
    units: list[UnitSpec], change: Mapping[str, Any], templates: Templates
) -> list[UnitSpec]:
    if "host" in change:
        extra = tuple(change["functions"])
        return [
            dataclasses.replace(u, functions=(*u.functions, *extra))
            if u.id == change["host"]
            else u
            for u in units
        ]
    entry = templates.catalogue[change["add"]]
    return [*units, from_catalogue(entry, str(change["parent"]), {u.id for u in units})]


def from_catalogue(entry: CatalogueEntry, parent: str, taken: set[str]) -> UnitSpec:
    return UnitSpec(
        id=unique_id(entry.id, taken),
        name=entry.name,
        kind=entry.kind,
        parent=parent,
        functions=(entry.function,),
        posts=(),
        headcount=entry.headcount,
        kpis=entry.kpis,
        collaborates_with=(),
        note=None,
        source=None,
    )


def unique_id(wanted: str, taken: set[str]) -> str:
    candidate, n = wanted, 2
    while candidate in taken:
        candidate, n = f"{wanted}-{n}", n + 1
    return candidate
