"""Where the shipped data lives: inside the wheel, or beside the package in a source checkout."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

# libyaml when present: the shipped data is read on every run, and the C loader is ~10x faster.
_DATA_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_PACKAGE_DIR = Path(__file__).resolve().parent


@cache
def data_dir(name: str) -> Path:
    """Return the directory holding `rules` or `schemas`.

    A wheel carries them as `orglint/_data/<name>` (hatch force-include); a source checkout or an
    editable install keeps them at the repository's top level, as the user asked.
    """
    for candidate in (_PACKAGE_DIR / "_data" / name, _PACKAGE_DIR.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"orglint data directory {name!r} is missing from this installation")


def rules_dir() -> Path:
    return data_dir("rules")


def schema_path(name: str) -> Path:
    return data_dir("schemas") / name


@cache
def load_rules_data(name: str) -> Any:
    """A data file under rules/ (functions, bands, links, kpis, vocabulary), parsed once."""
    with (rules_dir() / name).open(encoding="utf-8") as handle:
        return yaml.load(handle, Loader=_DATA_LOADER)
