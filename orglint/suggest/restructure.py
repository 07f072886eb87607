"""`restructure: business_units`: one business unit per sales platform (else per category), each
with seed 004's ops – supply chain – finance loop as new posts. Existing departments stay as group
shared services; units already scoped to a platform or category move into its business unit."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from orglint.domain import non_platform_channels
from orglint.errors import Text
from orglint.suggest.bands import unique_id
from orglint.suggest.context import Context
from orglint.suggest.document import flow_map
from orglint.suggest.newunit import new_unit
from orglint.suggest.steps import Move, Outcome


def apply_restructure(action: Mapping[str, Any], ctx: Context) -> Outcome | None:
    if action.get("into") != "business_units":
        return None
    moves: list[Move] = []
    new_ids: list[str] = []
    added = 0
    for scope_key, value, label in _labels(ctx):
        bu_id, count = _business_unit(scope_key, value, label, ctx, moves)
        new_ids.append(bu_id)
        added += count
    labels = [f"「{ctx.editor.unit(u)['name']}」({u})" for u in new_ids]
    names, names_en = "、".join(labels), ", ".join(labels)
    by = ("平台", "platform") if _by_platform(ctx) else ("品类", "category")
    becomes = Text(
        zh=f"按{by[0]}设立事业部:{names},各具“运营-供应链-财务”闭环;"
        "现有部门作为集团共享服务保留,人员划入各事业部由客户确定",
        en=f"business units by {by[1]}: {names_en}, each "
        "with its own ops, supply chain and finance; existing departments stay as group shared "
        "services until the client moves people into the business units",
    )
    return Outcome(ctx.snap.org.root.id, becomes, tuple(moves), added, tuple(new_ids))


def _platforms(ctx: Context) -> list[str]:
    channels = ctx.snap.org.company.channels
    return list(dict.fromkeys(c for c in channels if c not in non_platform_channels()))


def _by_platform(ctx: Context) -> bool:
    return len(_platforms(ctx)) >= 2 or len(ctx.snap.org.company.categories) < 2


def _labels(ctx: Context) -> list[tuple[str, str, Text]]:
    """(scope key, scope value, display label) per business unit; at least two."""
    if _by_platform(ctx):
        names = ctx.templates.channel_names
        found = [("platform", p, names.get(p, Text(p, p))) for p in _platforms(ctx)]
    else:
        found = [("category", c, Text(c, c)) for c in ctx.snap.org.company.categories]
    generic = [("", s, Text(s, s)) for s in ("A", "B")]  # no platform or category to scope by
    return found if len(found) >= 2 else (found + generic)[:2]


def _business_unit(
    scope_key: str, value: str, label: Text, ctx: Context, moves: list[Move]
) -> tuple[str, int]:
    spec, root = ctx.templates.business_unit, ctx.snap.org.root.id
    slug = (
        value
        if value.isascii() and value.replace("_", "").isalnum()
        else str(len(ctx.editor.ids()))
    )
    bu_id = unique_id(f"bu-{slug.lower().replace('_', '-')}", ctx.editor.ids())
    name = spec.name.get(ctx.lang).format(label=label.get(ctx.lang))
    head = spec.headcount.typical
    unit = new_unit(
        bu_id,
        name,
        "business_unit",
        root,
        ctx.lang,
        headcount=head,
        functions=spec.functions,
        kpis=spec.kpis,
    )
    if scope_key:
        unit["scope"] = flow_map({scope_key: value})
    ctx.editor.insert(_after_business_units(ctx), unit)
    covered = _move_scoped(bu_id, scope_key, value, ctx, moves) if scope_key else set()
    return bu_id, head + _legs(bu_id, label, covered, ctx)


def _after_business_units(ctx: Context) -> int:
    """Just after the root, or after the business units this restructuring already added."""
    root = ctx.snap.org.root.id
    added = [u["id"] for u in ctx.editor.units if u["id"] not in ctx.snap.org.by_id]
    if not added:
        return ctx.editor.index(root) + 1
    return max(ctx.editor.index(str(u)) for u in added) + 1


def _move_scoped(bu_id: str, key: str, value: str, ctx: Context, moves: list[Move]) -> set[str]:
    """Units declared for this platform or category (and not above others) move into it."""
    covered: set[str] = set()
    for unit in ctx.snap.org.units:
        if dict(unit.scope).get(key) == value and unit.parent and unit.id != bu_id:
            ctx.editor.unit(unit.id)["parent"] = bu_id
            covered.update(ctx.snap.org.functions[unit.id])
            moves.append(Move(ctx.label(unit.id), bu_id))
    return covered


def _legs(bu_id: str, label: Text, covered: set[str], ctx: Context) -> int:
    added = 0
    for function_id in ctx.templates.business_unit.legs:
        if function_id in covered:
            continue
        entry = ctx.templates.catalogue[function_id]
        joiner = "" if ctx.lang == "zh" else " "
        name = f"{label.get(ctx.lang)}{joiner}{entry.name.get(ctx.lang)}"
        leg_id = unique_id(f"{bu_id}-{entry.id}", ctx.editor.ids())
        unit = new_unit(
            leg_id,
            name,
            entry.kind,
            bu_id,
            ctx.lang,
            headcount=entry.headcount.typical,
            functions=(function_id,),
            kpis=entry.kpis,
        )
        ctx.editor.insert(ctx.editor.after_subtree(bu_id), unit)
        added += entry.headcount.typical
    return added
