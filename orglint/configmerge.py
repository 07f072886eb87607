"""Merge a config chain (base first) into one Config, each value keeping where it was set."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Final

from orglint.catalogue import Catalogue, load_catalogue
from orglint.configfile import ConfigSource
from orglint.selection import Layer

CLI_ORIGIN: Final = "command line"


@dataclass(frozen=True)
class Setting:
    value: Any
    origin: str


@dataclass(frozen=True)
class FileIgnore:
    base: Path  # the globs are relative to the directory of the config that set them
    pattern: str
    selectors: tuple[str, ...]
    origin: str


@dataclass(frozen=True)
class Config:
    """Merged settings of one config chain (base first), ready to resolve per file."""

    name: str
    chain: tuple[str, ...]
    layers: tuple[Layer, ...] = ()
    severities: Mapping[str, Setting] = field(default_factory=dict)  # by rule code
    params: Mapping[str, Mapping[str, Setting]] = field(default_factory=dict)
    per_file_ignores: tuple[FileIgnore, ...] = ()
    values: Mapping[str, Setting] = field(default_factory=dict)  # fail-on, lang, include...

    def value(self, key: str) -> Any:
        return self.values[key].value if key in self.values else None

    def overrides(self) -> dict[str, dict[str, object]]:
        """Parameter overrides in the shape load_rulebook takes."""
        return {code: {p: s.value for p, s in ps.items()} for code, ps in self.params.items()}

    def catalogue(self) -> Catalogue:
        return load_catalogue(self.overrides())

    def with_command_line(self, layer: Layer, values: Mapping[str, Any]) -> Config:
        given = {k: Setting(v, CLI_ORIGIN) for k, v in values.items() if v is not None}
        return replace(self, layers=(*self.layers, layer), values={**self.values, **given})


def merge(sources: list[ConfigSource]) -> Config:
    config = Config(name=sources[-1].name, chain=tuple(s.name for s in sources))
    for source in sources:
        config = _apply(config, source)
    return config


def _layer(source: ConfigSource) -> Layer:
    data = source.data
    return Layer(
        origin=source.name,
        select=tuple(data["select"]) if "select" in data else None,
        extend_select=tuple(data.get("extend-select", ())),
        ignore=tuple(data.get("ignore", ())),
    )


def _apply(config: Config, source: ConfigSource) -> Config:
    data, catalogue = source.data, load_catalogue()
    severities, params = dict(config.severities), {k: dict(v) for k, v in config.params.items()}
    for key, settings in data.get("rules", {}).items():
        code = catalogue.get(key).code
        if "severity" in settings:
            severities[code] = Setting(settings["severity"], source.at(("rules", key, "severity")))
        for name, value in settings.get("params", {}).items():
            where = source.at(("rules", key, "params", name))
            params.setdefault(code, {})[name] = Setting(value, where)
    return replace(
        config,
        layers=(*config.layers, _layer(source)),
        severities=severities,
        params=params,
        per_file_ignores=_file_ignores(source)
        if "per-file-ignores" in data
        else config.per_file_ignores,
        values=_values(dict(config.values), source),
    )


def _file_ignores(source: ConfigSource) -> tuple[FileIgnore, ...]:
    table: dict[str, list[str]] = source.data["per-file-ignores"]
    return tuple(
        FileIgnore(
            source.base, pattern, tuple(sel), source.at(("per-file-ignores", pattern), key=True)
        )
        for pattern, sel in table.items()
    )


def _values(values: dict[str, Setting], source: ConfigSource) -> dict[str, Setting]:
    data = source.data
    for key in ("fail-on", "lang", "include", "exclude"):
        if key in data:
            values[key] = Setting(_rooted(key, data[key], source), source.at((key,), key=True))
    for key, target in (("extend-include", "include"), ("extend-exclude", "exclude")):
        if key in data:
            before = values[target].value if target in values else ()
            origin = (
                f"{values[target].origin}; {source.at((key,), key=True)}"
                if target in values
                else source.at((key,), key=True)
            )
            values[target] = Setting((*before, *_rooted(key, data[key], source)), origin)
    return values


def _rooted(key: str, value: Any, source: ConfigSource) -> Any:
    """Globs containing `/` are relative to the directory of the config that sets them."""
    if key not in ("include", "exclude", "extend-include", "extend-exclude"):
        return value
    return tuple(str(source.base / g) if "/" in g.rstrip("/") else g for g in value)
