"""Which rules run on which file: decided here and nowhere else (like ruff's rule selection).

Settings come in layers, base first: the preset, each config of the `extends` chain, then the
command line. Within a layer, selectors apply from least to most specific (ALL, then a
principle, then one rule by code or name), so `select: [clarity]` with `ignore: [ALL]` keeps the
clarity rules; at equal specificity `ignore` wins. A layer with `select` starts afresh; a layer
with only `extend-select` / `ignore` adjusts what the layers below chose. per-file-ignores apply
last and always win.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from orglint.catalogue import Catalogue

ALL: Final = "ALL"
SELECTOR_KEYS: Final = ("select", "extend-select", "ignore")


@dataclass(frozen=True)
class Layer:
    """One config (or the command line) as far as selection goes; `select=None`: not given."""

    origin: str
    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()


def specificity(selector: str, catalogue: Catalogue) -> int:
    if selector == ALL:
        return 0
    return 1 if selector in catalogue.principles else 2


def expand(selector: str, catalogue: Catalogue) -> frozenset[str]:
    """The codes a selector names (empty for an unknown one; configs are checked before)."""
    if selector == ALL:
        return frozenset(r.code for r in catalogue.rules)
    if selector in catalogue.principles:
        return frozenset(r.code for r in catalogue.rules if r.principle == selector)
    rule = catalogue.find(selector)
    return frozenset({rule.code} if rule else ())


def _layer_updates(layer: Layer, catalogue: Catalogue) -> dict[str, bool]:
    """code -> on/off as this layer alone says, most specific selector last (and so winning)."""
    updates: dict[str, bool] = {}
    positive = (*(layer.select or ()), *layer.extend_select)
    for level in (0, 1, 2):
        for selectors, on in ((positive, True), (layer.ignore, False)):
            for selector in selectors:
                if specificity(selector, catalogue) == level:
                    updates.update(dict.fromkeys(expand(selector, catalogue), on))
    return updates


def enabled_codes(
    catalogue: Catalogue, layers: Sequence[Layer], file_ignores: Iterable[str] = ()
) -> frozenset[str]:
    """The codes of the rules that run on one file."""
    enabled: set[str] = set()
    for layer in layers:
        updates = _layer_updates(layer, catalogue)
        on = {code for code, value in updates.items() if value}
        if layer.select is not None:
            enabled = on
        else:
            enabled = (enabled | on) - {code for code, value in updates.items() if not value}
    ignored = {code for selector in file_ignores for code in expand(selector, catalogue)}
    return frozenset(enabled - ignored)


@lru_cache(maxsize=512)
def _glob_regex(pattern: str) -> re.Pattern[str]:
    """`**` crosses directories, `*` and `?` do not; the rest as fnmatch."""
    out, i = "", 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out, i = out + "(?:.*/)?", i + 3
        elif pattern.startswith("**", i):
            out, i = out + ".*", i + 2
        elif pattern[i] == "*":
            out, i = out + "[^/]*", i + 1
        elif pattern[i] == "?":
            out, i = out + "[^/]", i + 1
        else:
            out, i = out + re.escape(pattern[i]), i + 1
    return re.compile(out + r"\Z")


def glob_match(pattern: str, relative: str) -> bool:
    """Whether a posix path relative to the config's directory matches a config glob.

    A pattern without `/` also matches the file name alone (`org*.yaml` anywhere below).
    """
    pattern = pattern.removeprefix("./")
    if "/" not in pattern.rstrip("/") and fnmatch.fnmatchcase(relative.rsplit("/", 1)[-1], pattern):
        return True
    return bool(_glob_regex(pattern.rstrip("/")).match(relative))


def unknown_selectors(selectors: Iterable[str], catalogue: Catalogue | None = None) -> list[str]:
    """The selectors that name no rule, no principle and are not ALL."""
    if catalogue is None:
        from orglint.catalogue import load_catalogue  # the catalogue imports nothing from here

        catalogue = load_catalogue()
    known = {ALL, *catalogue.principles}
    return [s for s in selectors if s not in known and catalogue.find(s) is None]
