"""The shapes of rules/templates.yaml once loaded: units, headcounts, KPIs, parts, bands."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from orglint.errors import Text


@dataclass(frozen=True)
class Headcount:
    min: int
    max: int
    typical: int
    basis_id: str
    basis: Mapping[str, str]  # provenance, and file/quote or reason/outside_source


@dataclass(frozen=True)
class Kpi:
    name: Text
    target: str
    period: str


@dataclass(frozen=True)
class Post:
    title: Text
    count: int


@dataclass(frozen=True)
class UnitSpec:
    id: str
    name: Text
    kind: str
    parent: str
    functions: tuple[str, ...]
    posts: tuple[Post, ...]
    headcount: Headcount
    kpis: tuple[Kpi, ...]
    collaborates_with: tuple[str, ...]
    note: Text | None
    source: Mapping[str, str] | None

    def lead(self, lang: str) -> str:
        """A title to put as lead in a starter file: the first post, else the unit's own name."""
        if self.posts:
            return self.posts[0].title.get(lang)
        return self.name.get(lang)


@dataclass(frozen=True)
class Growth:
    type: str
    at: float
    functions: tuple[str, ...]
    what: Text
    source: Mapping[str, str]


@dataclass(frozen=True)
class BandTemplate:
    id: str
    structure: str
    template: str
    band_source: Mapping[str, str]
    source: Mapping[str, str]
    units: tuple[UnitSpec, ...]
    conditional: Mapping[str, Mapping[str, Any]]
    grow: tuple[Growth, ...]


@dataclass(frozen=True)
class CatalogueEntry:
    function: str
    id: str
    name: Text
    kind: str
    placement: str  # "under" or "above_root"
    under: tuple[str, ...]
    small_host: tuple[str, ...]
    headcount: Headcount
    kpis: tuple[Kpi, ...]


@dataclass(frozen=True)
class Part:
    id: str
    name: Text
    functions: tuple[str, ...]


@dataclass(frozen=True)
class BusinessUnitSpec:
    name: Text  # with a {label} placeholder for the platform or category
    functions: tuple[str, ...]
    headcount: Headcount
    kpis: tuple[Kpi, ...]
    legs: tuple[str, ...]  # functions each business unit gets a post for
    source: Mapping[str, str]


@dataclass(frozen=True)
class Templates:
    catalogue: Mapping[str, CatalogueEntry]
    parts: Mapping[str, Part]
    business_unit: BusinessUnitSpec
    bands: Mapping[str, BandTemplate]
    bases: Mapping[str, Mapping[str, str]]
    channel_names: Mapping[str, Text]

    def part(self, ref: str) -> Part:
        """A split part by id, or the catalogue entry of a function id standing for one."""
        if ref in self.parts:
            return self.parts[ref]
        entry = self.catalogue[ref]
        return Part(entry.id, entry.name, (ref,))
