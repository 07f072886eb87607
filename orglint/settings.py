"""Per-file settings (which rules run, at what severity) and `--show-settings`."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from orglint.catalogue import Catalogue
from orglint.config import Config, FileIgnore
from orglint.findings import Finding
from orglint.selection import enabled_codes, glob_match


@dataclass(frozen=True)
class FileSettings:
    config: Config
    catalogue: Catalogue
    enabled: frozenset[str]

    def relevel(self, finding: Finding) -> Finding:
        """The finding at the severity the config gives its rule (findings stay frozen)."""
        setting = self.config.severities.get(finding.code)
        if setting is None or setting.value == finding.severity:
            return finding
        return replace(finding, severity=setting.value)


def relative_to(path: Path, base: Path) -> str:
    try:
        return path.relative_to(base).as_posix()
    except ValueError:
        return path.as_posix()


def _ignores(entry: FileIgnore, path: Path | None) -> bool:
    return path is not None and glob_match(entry.pattern, relative_to(path, entry.base))


def file_settings(config: Config, path: Path | None) -> FileSettings:
    """Settings for one file (`path` resolved; None for stdin without --stdin-filename)."""
    catalogue = config.catalogue()
    ignored = [s for e in config.per_file_ignores if _ignores(e, path) for s in e.selectors]
    return FileSettings(config, catalogue, enabled_codes(catalogue, config.layers, ignored))


def show_settings(settings: FileSettings, file: str) -> str:
    """The merged settings for one file, each with where it came from (TOML-like lines)."""
    return "\n".join(_show_lines(settings, file)) + "\n"


def _json(value: object) -> str:
    return json.dumps(list(value) if isinstance(value, tuple) else value, ensure_ascii=False)


def _show_lines(settings: FileSettings, file: str) -> Iterator[str]:
    config = settings.config
    yield f"# Settings for {file}"
    yield f"# config: {config.name}  (chain: {' -> '.join(config.chain)})"
    for key, setting in sorted(config.values.items()):
        yield f"{key} = {_json(setting.value)}  # {setting.origin}"
    yield "# rule selection, in the order applied:"
    for layer in config.layers:
        for key, value in (
            ("select", layer.select),
            ("extend-select", layer.extend_select),
            ("ignore", layer.ignore),
        ):
            if value:
                yield f"{key} = {_json(value)}  # {layer.origin}"
    for entry in config.per_file_ignores:
        yield f'per-file-ignores."{entry.pattern}" = {_json(entry.selectors)}  # {entry.origin}'
    for code, setting in sorted(config.severities.items()):
        yield f"rules.{code}.severity = {_json(setting.value)}  # {setting.origin}"
    for code, params in sorted(config.params.items()):
        for name, setting in sorted(params.items()):
            yield f"rules.{code}.params.{name} = {_json(setting.value)}  # {setting.origin}"
    enabled = [r.code for r in settings.catalogue.rules if r.code in settings.enabled]
    total = len(settings.catalogue.rules)
    yield f"# enabled rules ({len(enabled)} of {total}): {', '.join(enabled)}"
