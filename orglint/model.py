"""The org model: units in a tree with their functions resolved (given or inferred).

Input is a Document that already passed schema and reference validation, so ids resolve, there is
exactly one root and no cycle. Derived metrics that need the whole tree live in orglint/metrics.py.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from orglint.domain import Band, band_for
from orglint.errors import InputErrors
from orglint.infer import infer_functions
from orglint.revenue import parse_revenue
from orglint.yamlload import Document


@dataclass(frozen=True)
class Company:
    name: str
    revenue: float
    band: Band
    stage: str
    channels: tuple[str, ...]
    categories: tuple[str, ...]
    overseas: bool
    live_commerce: bool


@dataclass(frozen=True)
class Unit:
    index: int  # position in the `units` list, for locations
    id: str
    name: str
    declared_kind: str
    parent: str
    dotted_to: tuple[str, ...]
    collaborates_with: tuple[str, ...]
    explicit_functions: tuple[str, ...]
    lead: str
    headcount: int | None  # as written; None when not given
    responsibilities: tuple[str, ...]
    kpis: tuple[Mapping[str, Any], ...]
    roles: tuple[Mapping[str, Any], ...]
    outsourced: bool
    racing_group: str
    scope: tuple[tuple[str, str], ...]


@dataclass
class Org:
    file: str
    document: Document
    company: Company
    units: tuple[Unit, ...]
    by_id: dict[str, Unit] = field(default_factory=dict)
    children: dict[str, list[str]] = field(default_factory=dict)
    functions: dict[str, tuple[str, ...]] = field(default_factory=dict)
    _top_down: tuple[Unit, ...] = field(default=(), init=False, repr=False, compare=False)

    @property
    def root(self) -> Unit:
        return next(unit for unit in self.units if not unit.parent)

    def top_down(self) -> list[Unit]:
        """Units ordered so that every parent comes before its children (breadth first).
        Worked out once (the tree does not change after build_org): the model and the metrics
        both walk it."""
        if not self._top_down:
            order = [self.root.id]
            for unit_id in order:  # the list grows while it is walked: a queue keeping its items
                order.extend(self.children[unit_id])
            self._top_down = tuple(map(self.by_id.__getitem__, order))
        return list(self._top_down)


def _strings(raw: Mapping[str, Any], key: str) -> tuple[str, ...]:
    items = raw.get(key)
    return tuple(map(str, items)) if items else ()


def _scope(raw: Mapping[str, Any]) -> tuple[tuple[str, str], ...]:
    declared = raw.get("scope")
    return tuple(sorted((str(k), str(v)) for k, v in declared.items())) if declared else ()


def _unit(index: int, raw: Mapping[str, Any]) -> Unit:
    get = raw.get
    headcount = get("headcount")
    return _filled(
        Unit,
        {
            "index": index,
            "id": raw["id"],
            "name": str(raw["name"]),
            "declared_kind": str(get("kind", "")),
            "parent": str(get("parent", "")),
            "dotted_to": _strings(raw, "dotted_to"),
            "collaborates_with": _strings(raw, "collaborates_with"),
            "explicit_functions": _strings(raw, "functions"),
            "lead": str(get("lead") or "").strip(),
            "headcount": None if headcount is None else int(headcount),  # 6.0 is 6
            "responsibilities": _strings(raw, "responsibilities"),
            "kpis": tuple(get("kpis") or ()),
            "roles": tuple(get("roles") or ()),
            "outsourced": bool(get("outsourced", False)),
            "racing_group": str(get("racing_group", "")),
            "scope": _scope(raw),
        },
    )


_Frozen = TypeVar("_Frozen")


def _filled(cls: type[_Frozen], fields: dict[str, Any]) -> _Frozen:
    """An instance of the frozen dataclass `cls` with exactly `fields` (every field, in order).

    What cls(**fields) gives, without the generated __init__ setting the fields one by one
    through object.__setattr__ (frozen): that was a third of building the model of a 10k-unit
    org. Only for classes with no defaults and no __post_init__ (tests/test_facts_model.py)."""
    instance = object.__new__(cls)
    instance.__dict__.update(fields)
    return instance


def _revenue(doc: Document, override: float | None) -> float:
    if override is not None:
        return override
    raw = (doc.data.get("company") or {}).get("revenue")
    if raw is None:
        mark = doc.locate(("company",))
        raise InputErrors.single(
            doc.name,
            mark.line,
            mark.column,
            "缺少年销售额:请在 company.revenue 中填写(如 1.2亿、3000万、5e6),或使用 --revenue",
            "no revenue: add company.revenue (e.g. 1.2亿, 3000万, 5e6) or pass --revenue",
            "company",
        )
    return parse_revenue(raw)  # validated already, cannot fail here


def _company(doc: Document, revenue_override: float | None) -> Company:
    raw = doc.data.get("company") or {}
    revenue = _revenue(doc, revenue_override)
    return Company(
        name=str(raw.get("name", "")),
        revenue=revenue,
        band=band_for(revenue),
        stage=str(raw.get("stage", "")),
        channels=_strings(raw, "channels"),
        categories=_strings(raw, "categories"),
        overseas=bool(raw.get("overseas", False)),
        live_commerce=bool(raw.get("live_commerce", False)),
    )


def _role_functions(unit: Unit, parent_functions: tuple[str, ...]) -> set[str]:
    found: set[str] = set()
    for role in unit.roles:
        found.update(
            infer_functions(
                str(role["title"]), _strings(role, "responsibilities"), parent_functions
            )
        )
    return found


def _resolve_functions(org: Org) -> None:
    """Explicit `functions:` win; else infer from the name (then responsibilities) and roles."""
    for unit in org.top_down():
        if unit.explicit_functions:
            org.functions[unit.id] = tuple(sorted(set(unit.explicit_functions)))
            continue
        org.functions[unit.id] = _inferred_functions(unit, org.functions.get(unit.parent, ()))


def _inferred_functions(unit: Unit, parent_functions: tuple[str, ...]) -> tuple[str, ...]:
    own = infer_functions(unit.name, unit.responsibilities, parent_functions)  # sorted, unique
    if not unit.roles:
        return own
    # A post is read in the context of its own unit first: SEO专员 in 技术部 is web development.
    return tuple(sorted({*own, *_role_functions(unit, (*own, *parent_functions))}))


def build_org(doc: Document, revenue_override: float | None = None) -> Org:
    units = tuple(_unit(i, raw) for i, raw in enumerate(doc.data["units"]))
    org = Org(doc.name, doc, _company(doc, revenue_override), units)
    org.by_id = {unit.id: unit for unit in units}
    org.children = {unit.id: [] for unit in units}
    for unit in units:
        if unit.parent:
            org.children[unit.parent].append(unit.id)
    _resolve_functions(org)
    return org
