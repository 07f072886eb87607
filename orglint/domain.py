"""Domain data from rules/: revenue bands, collaboration links, function stages.

Only loading and lookup live here; what the data means is decided by the lint rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from orglint.errors import Text
from orglint.resources import load_rules_data

BAND_ORDER = ("small", "transitional", "medium", "large")
JOURNEY_STAGES = ("traffic", "conversion", "fulfilment", "retention")


@dataclass(frozen=True)
class Band:
    id: str
    label: Text
    min: float
    max: float | None
    structure: str
    requirement: dict[str, str]  # function id -> required | recommended | optional
    source: dict[str, str]

    def contains(self, revenue: float) -> bool:
        return revenue >= self.min and (self.max is None or revenue < self.max)


@dataclass(frozen=True)
class Link:
    id: str
    strength: str
    a: tuple[str, ...]
    b: tuple[str, ...]


def _load(name: str) -> Any:
    return load_rules_data(name)


def _requirement(functions: dict[str, Any]) -> dict[str, str]:
    levels: dict[str, str] = {}
    for level in ("optional", "recommended", "required"):  # stronger levels win
        for function_id in functions.get(level, []):
            levels[function_id] = level
    return levels


@cache
def bands() -> tuple[Band, ...]:
    return tuple(
        Band(
            id=raw["id"],
            label=Text(**raw["label"]),
            min=float(raw["min"]),
            max=None if raw["max"] is None else float(raw["max"]),
            structure=raw["structure"],
            requirement=_requirement(raw["functions"]),
            source=raw["source"],
        )
        for raw in _load("bands.yaml")["bands"]
    )


def band_for(revenue: float) -> Band:
    for band in bands():
        if band.contains(revenue):
            return band
    return bands()[0]  # revenue is validated positive, so only a gap in the data lands here


def non_platform_channels() -> frozenset[str]:
    """Channels with no platform rules of their own (own site, private domain, offline)."""
    return frozenset(_load("vocabulary.yaml").get("non_platform_channels", ()))


def band_of_stage(stage: str) -> str | None:
    mapping: dict[str, str] = _load("bands.yaml")["stage_band"]
    return mapping.get(stage)


@cache
def links() -> tuple[Link, ...]:
    return tuple(
        Link(raw["id"], raw["strength"], tuple(raw["a"]), tuple(raw["b"]))
        for raw in _load("links.yaml")["links"]
    )


@cache
def _functions() -> dict[str, dict[str, Any]]:
    return {raw["id"]: raw for raw in _load("functions.yaml")["functions"]}


def function_ids() -> tuple[str, ...]:
    return tuple(_functions())


def function_stages(function_id: str) -> tuple[str, ...]:
    stage = _functions()[function_id].get("stage", {})
    return (stage.get("primary", ""), *stage.get("secondary", []))


def function_group(name: str) -> tuple[str, ...]:
    """A named group of functions from functions.yaml (supply_chain, ops_heads)."""
    return tuple(_load("functions.yaml")["groups"][name])


@cache
def function_name(function_id: str) -> Text:
    names = _functions()[function_id].get("names", {})
    english = re.sub(r"\s*\([^)]*\)$", "", str(names.get("en", function_id)))  # gloss is for docs
    return Text(zh=names.get("zh_hans", function_id), en=english)


def umbrella_of(function_id: str) -> str | None:
    """The umbrella function a sub-function belongs to (售前客服 is part of 客服)."""
    part_of: str | None = _functions()[function_id].get("part_of")
    return part_of
