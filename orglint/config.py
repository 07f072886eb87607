"""Settings: find the config for a file, follow its `extends` chain, merge it with provenance.

A config is `.orglint.yaml` (or `.orglint.yml`) or the [tool.orglint] table of pyproject.toml,
found by walking up from each checked file to the repository root (the directory holding .git).
Every config starts from a preset: `recommended` unless it `extends` another preset or file.
Each value remembers where it was set (`file:line:col`, `preset:strict:4:1`, `command line`),
which `orglint check --show-settings` prints.
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

from orglint.catalogue import load_catalogue
from orglint.configcheck import check_config
from orglint.configfile import ConfigSource, read_config
from orglint.configmerge import Config, FileIgnore, Setting, merge
from orglint.errors import InputErrors
from orglint.resources import rules_dir

CONFIG_NAMES: Final = (".orglint.yaml", ".orglint.yml", "pyproject.toml")
PRESETS: Final = ("recommended", "strict")
MAX_EXTENDS: Final = 16

__all__ = ["Config", "FileIgnore", "Setting", "display", "find_config", "load_config"]


def display(path: Path) -> str:
    """A path as the user would type it: relative to the current directory when below it."""
    try:
        return path.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return str(path)


def find_config(start: Path) -> Path | None:
    """The nearest config at or above `start`, stopping at the repository root."""
    for directory in (start, *start.parents):
        found = _config_in(directory)
        if found is not None or (directory / ".git").exists():
            return found
    return None


def _config_in(directory: Path) -> Path | None:
    for name in CONFIG_NAMES:
        candidate = directory / name
        if candidate.is_file() and (name != "pyproject.toml" or _has_orglint_table(candidate)):
            return candidate
    return None


def _has_orglint_table(path: Path) -> bool:
    try:
        return read_config(path, display(path)) is not None
    except InputErrors:
        return True  # broken: let loading it report where


def load_config(path: Path | None) -> Config:
    """The merged config for a config file, or the `recommended` preset for None."""
    sources = _chain(path.resolve(), ()) if path else _preset_chain("recommended", ())
    return merge(sources)


def _preset_chain(name: str, seen: tuple[Path, ...]) -> list[ConfigSource]:
    return _chain(rules_dir() / "presets" / f"{name}.yaml", seen, f"preset:{name}")


def _chain(path: Path, seen: tuple[Path, ...], name: str | None = None) -> list[ConfigSource]:
    source = _read(path, name or display(path))
    if path in seen or len(seen) >= MAX_EXTENDS:
        raise InputErrors(
            [
                source.error(
                    ("extends",),
                    "extends 形成了循环",
                    "extends goes round in a circle: "
                    + " -> ".join(display(p) for p in (*seen, path)),
                )
            ]
        )
    parent = source.data.get("extends")
    if parent is None:
        base = (
            []
            if path == rules_dir() / "presets" / "recommended.yaml"
            else _preset_chain("recommended", (*seen, path))
        )
    elif parent in PRESETS:
        base = _preset_chain(parent, (*seen, path))
    else:
        base = _chain(_extended_file(source, parent), (*seen, path))
    return [*base, source]


def _extended_file(source: ConfigSource, target: str) -> Path:
    path = (source.base / target).resolve()
    if path.is_file():
        return path
    raise InputErrors(
        [
            source.error(
                ("extends",),
                f"extends: {target!r} 既不是预设({', '.join(PRESETS)}),"
                f"也不是文件({display(path)} 不存在)",
                f"extends: {target!r} is neither a preset ({', '.join(PRESETS)}) nor a file "
                f"({display(path)} does not exist)",
            )
        ]
    )


def _read(path: Path, name: str) -> ConfigSource:
    source = read_config(path, name)
    if source is None:
        raise InputErrors.single(
            name,
            1,
            1,
            "配置无效:没有 [tool.orglint] 表",
            "invalid config: there is no [tool.orglint] table",
        )
    check_config(source, load_catalogue())
    return source
