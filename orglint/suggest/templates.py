"""rules/templates.yaml: reference units per revenue band, the add catalogue and split parts.

Plain data, merged with an optional user overlay (`--templates FILE`): mappings merge key by key,
lists and scalars replace. Problems with an overlay are InputErrors pointing at that file.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from orglint.errors import InputErrors, Text
from orglint.resources import load_rules_data
from orglint.suggest.specs import (
    BandTemplate,
    BusinessUnitSpec,
    CatalogueEntry,
    Growth,
    Headcount,
    Kpi,
    Part,
    Post,
    Templates,
    UnitSpec,
)

__all__ = [
    "BandTemplate",
    "BusinessUnitSpec",
    "CatalogueEntry",
    "Growth",
    "Headcount",
    "Kpi",
    "Part",
    "Post",
    "Templates",
    "UnitSpec",
    "default_templates",
    "function_source",
    "load_templates",
    "merge",
]


def merge(base: Any, overlay: Any) -> Any:
    """Overlay on base: mappings merge recursively, anything else replaces."""
    if isinstance(base, Mapping) and isinstance(overlay, Mapping):
        merged = dict(base)
        for key, value in overlay.items():
            merged[key] = merge(base.get(key), value) if key in base else value
        return merged
    return overlay


def _text(raw: Mapping[str, str]) -> Text:
    return Text(zh=str(raw["zh"]), en=str(raw["en"]))


def _headcount(raw: Mapping[str, Any], bases: Mapping[str, Mapping[str, str]]) -> Headcount:
    return Headcount(
        int(raw["min"]), int(raw["max"]), int(raw["typical"]), raw["basis"], bases[raw["basis"]]
    )


def _kpis(raw: Any) -> tuple[Kpi, ...]:
    return tuple(Kpi(_text(k["name"]), str(k["target"]), str(k["period"])) for k in raw or ())


def _unit(unit_id: str, raw: Mapping[str, Any], bases: Mapping[str, Any]) -> UnitSpec:
    posts = tuple(Post(_text(p["title"]), int(p["count"])) for p in raw.get("posts") or ())
    return UnitSpec(
        id=unit_id,
        name=_text(raw["name"]),
        kind=str(raw["kind"]),
        parent=str(raw.get("parent", "")),
        functions=tuple(raw["functions"]),
        posts=posts,
        headcount=_headcount(raw["headcount"], bases),
        kpis=_kpis(raw.get("kpis")),
        collaborates_with=tuple(raw.get("collaborates_with") or ()),
        note=_text(raw["note"]) if raw.get("note") else None,
        source=raw.get("source"),
    )


def _growth(raw: Mapping[str, Any]) -> Growth:
    return Growth(
        str(raw["type"]),
        float(raw["at"]),
        tuple(raw["functions"]),
        _text(raw["what"]),
        raw["source"],
    )


def _band(band_id: str, raw: Mapping[str, Any], bases: Mapping[str, Any]) -> BandTemplate:
    return BandTemplate(
        id=band_id,
        structure=str(raw["structure"]),
        template=str(raw["template"]),
        band_source=raw["band_source"],
        source=raw["source"],
        units=tuple(_unit(k, v, bases) for k, v in raw["units"].items()),
        conditional=raw.get("conditional") or {},
        grow=tuple(_growth(g) for g in raw.get("grow") or ()),
    )


def _entry(function_id: str, raw: Mapping[str, Any], bases: Mapping[str, Any]) -> CatalogueEntry:
    return CatalogueEntry(
        function=function_id,
        id=str(raw["id"]),
        name=_text(raw["name"]),
        kind=str(raw["kind"]),
        placement=str(raw.get("placement", "under")),
        under=tuple(raw.get("under") or ()),
        small_host=tuple(raw.get("small_host") or ()),
        headcount=_headcount(raw["headcount"], bases),
        kpis=_kpis(raw.get("kpis")),
    )


def _business_unit(raw: Mapping[str, Any], bases: Mapping[str, Any]) -> BusinessUnitSpec:
    return BusinessUnitSpec(
        name=_text(raw["name"]),
        functions=tuple(raw["functions"]),
        headcount=_headcount(raw["headcount"], bases),
        kpis=_kpis(raw.get("kpis")),
        legs=tuple(raw["legs"]),
        source=raw["source"],
    )


def build_templates(raw: Mapping[str, Any]) -> Templates:
    bases = raw["bases"]
    return Templates(
        catalogue={k: _entry(k, v, bases) for k, v in raw["catalogue"].items()},
        parts={
            k: Part(str(v["id"]), _text(v["name"]), tuple(v["functions"]))
            for k, v in raw["parts"].items()
        },
        business_unit=_business_unit(raw["business_unit"], bases),
        bands={k: _band(k, v, bases) for k, v in raw["bands"].items()},
        bases=bases,
        channel_names={k: _text(v) for k, v in (raw.get("channel_names") or {}).items()},
    )


@cache
def function_source(function_id: str) -> Mapping[str, str]:
    """The seed citation rules/functions.yaml keeps for a function."""
    functions = load_rules_data("functions.yaml")["functions"]
    source: Mapping[str, str] = next(f for f in functions if f["id"] == function_id)["source"]
    return source


@cache
def default_templates() -> Templates:
    return build_templates(load_rules_data("templates.yaml"))


def load_templates(overlay_path: str | None) -> Templates:
    """The shipped templates, with the user's overlay file merged over them when given."""
    if overlay_path is None:
        return default_templates()
    try:
        overlay = yaml.safe_load(Path(overlay_path).read_text(encoding="utf-8")) or {}
        return build_templates(merge(load_rules_data("templates.yaml"), overlay))
    except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError) as exc:
        raise InputErrors.single(
            overlay_path,
            1,
            1,
            f"模板覆盖文件无效:{exc!r}。格式见 rules/templates.yaml 开头的说明",
            f"invalid templates overlay: {exc!r}. See the header of rules/templates.yaml",
        ) from None
