"""The fact types the engine sees and the Python type of each field (docs/architecture.md, Facts).

The rule loader uses this registry to reject a rule that names an unknown fact type or field, or
compares a field with a value of the wrong type; tests use `fact_problems` to check that the facts
orglint produces conform. `float` fields also accept `int` values (a revenue may be whole).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

FieldType = type[str] | type[int] | type[float] | type[bool]

COMMON_FIELDS: Mapping[str, FieldType] = MappingProxyType(
    {
        "type": str,
        "key": str,
        "file": str,
        "line": int,
        "column": int,
        "ypath": str,
    }
)

# Display names of functions, so messages can name a function in either language.
_FUNCTION_NAMES: dict[str, FieldType] = {"function_zh": str, "function_en": str}

_TYPES: dict[str, dict[str, FieldType]] = {
    "company": {
        "band": str,
        "revenue": float,
        "stage": str,
        "stage_band_distance": int,
        "live_commerce": bool,
        "overseas": bool,
        "channel_count": int,
        "platform_count": int,
        "category_count": int,
        "unit_count": int,
        "total_headcount": int,
        "bu_count": int,
        "structure": str,
        "supply_chain_outside_ops": bool,
        "revenue_zh": str,
        "revenue_en": str,
        "own_site": bool,
    },
    "unit": {
        "unit": str,
        "name": str,
        "kind": str,
        "band": str,
        "parent": str,
        "bu": str,
        "depth": int,
        "direct_reports": int,
        "headcount": int,
        "subtree_headcount": int,
        "has_lead": bool,
        "responsibility_count": int,
        "vague_responsibility_count": int,
        "kpi_count": int,
        "role_count": int,
        "role_headcount_delta": int,
        "function_count": int,
        "functions": str,
        "functions_explicit": bool,
        "name_ambiguous": bool,
        "link_degree": int,
        "outsourced": bool,
        "unit_count": int,
    },
    "role": {
        "unit": str,
        "title": str,
        "count": int,
        "kpi_count": int,
        "responsibility_count": int,
    },
    "kpi": {
        "unit": str,
        "owner": str,
        "name": str,
        "kpi_id": str,
        "has_target": bool,
        "has_period": bool,
    },
    "owner": {
        "unit": str,
        "function": str,
        "bu": str,
        "explicit": bool,
        "in_ops": bool,
        **_FUNCTION_NAMES,
    },
    "function": {
        "function": str,
        "owner_count": int,
        "requirement": str,
        "band": str,
        **_FUNCTION_NAMES,
    },
    "scope_owner": {
        "unit": str,
        "function": str,
        "scope": str,
        "owners_in_scope": int,
        **_FUNCTION_NAMES,
    },
    "stage": {"stage": str, "owner_count": int},
    "link": {
        "link": str,
        "strength": str,
        "unit": str,
        "a_function": str,
        "b_functions": str,
        "connected": bool,
        "a_function_zh": str,
        "a_function_en": str,
    },
    "dotted": {"unit": str, "target": str, "target_is_parent": bool, "target_is_self": bool},
}

FACT_TYPES: Mapping[str, Mapping[str, FieldType]] = MappingProxyType(
    {name: MappingProxyType({**COMMON_FIELDS, **fields}) for name, fields in _TYPES.items()}
)


def field_type(fact_type: str, field: str) -> FieldType | None:
    """The declared type of `field` on `fact_type`, or None when either is unknown."""
    fields = FACT_TYPES.get(fact_type)
    return None if fields is None else fields.get(field)


def is_numeric(kind: FieldType) -> bool:
    return kind is int or kind is float


def value_fits(kind: FieldType, value: object) -> bool:
    """Whether `value` may stand in a field of type `kind` (bool is never a number here)."""
    if isinstance(value, bool) or kind is bool:
        return isinstance(value, bool) and kind is bool
    if is_numeric(kind):
        return isinstance(value, (int, float)) and (kind is float or isinstance(value, int))
    return isinstance(value, kind)


def fact_problems(fact: Mapping[str, object]) -> list[str]:
    """Every way `fact` departs from its spec: unknown type, missing, extra or mistyped fields."""
    fields = FACT_TYPES.get(str(fact.get("type")))
    if fields is None:
        return [f"unknown fact type {fact.get('type')!r}"]
    problems = [f"missing field {name!r}" for name in fields if name not in fact]
    problems += [f"unknown field {name!r}" for name in fact if name not in fields]
    problems += [
        f"field {name!r} is {type(value).__name__}, expected {fields[name].__name__}"
        for name, value in fact.items()
        if name in fields and not value_fits(fields[name], value)
    ]
    return problems
