"""The domain vocabulary kept as data in rules/: canonical functions, KPI names and word lists.

Everything is read once (``orglint.resources.load_rules_data``, a safe loader) and handed out as
small frozen values, so callers never see raw YAML. The domain knowledge lives in the YAML files;
this module only gives it types. See functions.yaml, kpis.yaml and vocabulary.yaml for what each
list means.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from orglint.resources import load_rules_data

# Keys under which a word list holds its words, one per script.
_SCRIPTS = ("zh_hans", "zh_hant", "en")
# Sections of a function in functions.yaml that hold keywords (seed names, then assumed ones).
_KEYWORD_SECTIONS = ("keywords", "synonyms", "added")


@dataclass(frozen=True)
class Function:
    """A canonical function (functions.yaml)."""

    id: str
    names: Mapping[str, str]  # zh_hans, zh_hant, en
    stage_primary: str
    stage_secondary: tuple[str, ...]
    source: Mapping[str, str]  # one seed citation: file, quote
    keywords: tuple[str, ...]  # every script, seed names and assumed synonyms alike
    part_of: str | None  # the umbrella function this one is a part of (售前客服 -> 客服)


@dataclass(frozen=True)
class Reading:
    """One reading of an ambiguous name: its functions and when it applies."""

    functions: tuple[str, ...]
    when: frozenset[str]  # applies when the context owns one of these functions
    default: bool  # applies when no `when` reading does


@dataclass(frozen=True)
class AmbiguousTerm:
    """A unit name whose functions depend on where the unit sits (vocabulary.yaml)."""

    term: str
    keywords: tuple[str, ...]
    readings: tuple[Reading, ...]


@dataclass(frozen=True)
class Kpi:
    """A catalogued KPI (kpis.yaml) with every name it may be written as."""

    id: str
    names: tuple[str, ...]
    functions: tuple[str, ...]


def _load(filename: str) -> dict[str, Any]:
    data = load_rules_data(filename)
    if not isinstance(data, dict):
        raise ValueError(f"rules/{filename}: expected a mapping at the top level")
    return data


def _words(section: Mapping[str, Any] | None) -> tuple[str, ...]:
    """The words of a {zh_hans, zh_hant, en} section, in that order; missing scripts are empty."""
    if not section:
        return ()
    return tuple(str(word) for script in _SCRIPTS for word in section.get(script) or ())


def _function(raw: Mapping[str, Any]) -> Function:
    stage = raw["stage"]
    return Function(
        id=raw["id"],
        names=dict(raw["names"]),
        stage_primary=stage["primary"],
        stage_secondary=tuple(stage.get("secondary") or ()),
        source=dict(raw["source"]),
        keywords=tuple(word for key in _KEYWORD_SECTIONS for word in _words(raw.get(key))),
        part_of=raw.get("part_of"),
    )


@cache
def functions() -> Mapping[str, Function]:
    """Canonical functions by id, in the order of functions.yaml."""
    return {raw["id"]: _function(raw) for raw in _load("functions.yaml")["functions"]}


def function_ids() -> frozenset[str]:
    return frozenset(functions())


@cache
def function_keywords() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(keyword, function ids) pairs: every function's own keywords, then the compound keywords.

    A keyword may appear more than once; the matcher takes the union of its functions.
    """
    own = [(word, (f.id,)) for f in functions().values() for word in f.keywords]
    compound = [
        (word, tuple(raw["functions"]))
        for raw in _load("functions.yaml").get("compound_keywords") or ()
        for word in _words(raw["keywords"])
    ]
    return tuple(own + compound)


def _reading(raw: Mapping[str, Any]) -> Reading:
    return Reading(
        functions=tuple(raw["functions"]),
        when=frozenset(raw.get("when") or ()),
        default=bool(raw.get("default", False)),
    )


@cache
def ambiguous_terms() -> tuple[AmbiguousTerm, ...]:
    """Ambiguous unit names with their readings, in the order of vocabulary.yaml."""
    return tuple(
        AmbiguousTerm(
            term=str(raw["term"]),
            keywords=_words(raw["keywords"]),
            readings=tuple(_reading(r) for r in raw["readings"]),
        )
        for raw in _load("vocabulary.yaml")["ambiguous_names"]
    )


def _kpi(raw: Mapping[str, Any]) -> Kpi:
    return Kpi(
        id=raw["id"],
        names=_words(raw["names"]) + _words(raw.get("aliases")),
        functions=tuple(raw["functions"]),
    )


@cache
def kpis() -> Mapping[str, Kpi]:
    """Catalogued KPIs by id."""
    return {raw["id"]: _kpi(raw) for raw in _load("kpis.yaml")["kpis"]}


def vague_phrases() -> tuple[str, ...]:
    return _words(_load("vocabulary.yaml")["vague_phrases"])


def filler_words() -> tuple[str, ...]:
    return _words(_load("vocabulary.yaml")["filler_words"])


def generic_name_words() -> tuple[str, ...]:
    return _words(_load("vocabulary.yaml")["generic_name_words"])


@cache
def traditional_to_simplified() -> Mapping[str, str]:
    """繁體 -> 简体 for the characters the vocabulary uses."""
    raw = _load("vocabulary.yaml")["traditional_to_simplified"]
    return {str(t): str(s) for t, s in raw.items()}


def all_words() -> Iterable[str]:
    """Every word of every list, for building a normalizer that knows all of them."""
    yield from (word for word, _ in function_keywords())
    yield from (word for term in ambiguous_terms() for word in term.keywords)
    yield from (name for kpi in kpis().values() for name in kpi.names)
    yield from vague_phrases()
    yield from filler_words()
    yield from generic_name_words()
