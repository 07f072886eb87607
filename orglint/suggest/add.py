"""`add` actions: a new unit for a missing function (or, at the small band, one more hat)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from orglint.domain import JOURNEY_STAGES, function_name, function_stages
from orglint.errors import Text
from orglint.suggest.bands import unique_id
from orglint.suggest.context import Context, must_partners, roomy_parent
from orglint.suggest.document import flow_seq
from orglint.suggest.newunit import new_unit
from orglint.suggest.steps import Move, Outcome
from orglint.suggest.templates import CatalogueEntry


def apply_add(action: Mapping[str, Any], ctx: Context) -> Outcome | None:
    entry = ctx.templates.catalogue.get(str(action.get("function", "")))
    if entry is None:
        return None
    container = str(action.get("unit", ""))
    inside = container if container in ctx.snap.org.by_id else None
    if inside is None and ctx.snap.org.company.band.id == "small":
        host = ctx.host_for(entry.small_host, wearer=True) if entry.small_host else None
        if host is not None:
            return _extra_hat(host, entry.function, ctx)
    if entry.placement == "above_root":
        return _on_top(entry, ctx)
    parent = inside or ctx.host_for(entry.under) or ctx.snap.org.root.id
    return _new_child(entry, roomy_parent(parent, entry.function, ctx), ctx)


def _extra_hat(host: str, function_id: str, ctx: Context) -> Outcome:
    """Seed 004's small team: one person holds several functions (运营兼顾推广+活动+数据分析)."""
    unit = ctx.editor.unit(host)
    if "functions" in unit:
        unit["functions"].append(function_id)
    else:
        current = list(ctx.snap.org.functions[host])
        ctx.editor.set_key(
            host,
            "functions",
            flow_seq([*current, function_id]),
            ("headcount", "lead", "parent", "kind", "name"),
        )
    name, label = function_name(function_id), ctx.label(host)
    becomes = Text(zh=f"{label.zh}兼任「{name.zh}」", en=f"{label.en} also takes on '{name.en}'")
    return Outcome(host, becomes)


def _on_top(entry: CatalogueEntry, ctx: Context) -> Outcome:
    """A head of the whole chain: above the root when the root is itself an ops unit; under it
    when the root is a general manager owning no function, taking over the chain's departments."""
    if ctx.snap.org.functions[ctx.snap.org.root.id]:
        return _above_root(entry, ctx)
    return _under_general_manager(entry, ctx)


def _in_chain(unit_id: str, ctx: Context) -> bool:
    """Whether a unit (or anything below it) serves a customer-journey stage, not support."""
    units = ctx.snap.metrics.subtree(unit_id)
    functions = {f for u in units for f in ctx.snap.org.functions[u]}
    return any(function_stages(f)[0] in JOURNEY_STAGES for f in functions)


def _under_general_manager(entry: CatalogueEntry, ctx: Context) -> Outcome:
    root = ctx.snap.org.root.id
    new_id = unique_id(entry.id, ctx.editor.ids())
    chain = [c for c in ctx.snap.org.children[root] if _in_chain(c, ctx)]
    for child in chain:
        ctx.editor.unit(child)["parent"] = new_id
    ctx.editor.insert(ctx.editor.index(root) + 1, _build(entry, new_id, root, ctx))
    name, label = entry.name.get(ctx.lang), ctx.label(root)
    becomes = Text(
        zh=f"新设「{name}」({new_id})隶属 {label.zh},统筹全链路的 {len(chain)} 个部门",
        en=f"new '{name}' ({new_id}) under {label.en}, over the chain's {len(chain)} departments",
    )
    moves = tuple(Move(ctx.label(child), new_id) for child in chain)
    return Outcome(new_id, becomes, moves, entry.headcount.typical, (new_id,))


def _above_root(entry: CatalogueEntry, ctx: Context) -> Outcome:
    root = ctx.snap.org.root.id
    new_id = unique_id(entry.id, ctx.editor.ids())
    unit = _build(entry, new_id, None, ctx)
    ctx.editor.insert(0, unit)
    ctx.editor.set_key(root, "parent", new_id, ("kind", "name"))
    name, label = entry.name.get(ctx.lang), ctx.label(root)
    becomes = Text(
        zh=f"新设「{name}」({new_id})统筹全链路,{label.zh}改为向其汇报",
        en=f"new '{name}' ({new_id}) over the whole chain; {label.en} now reports to it",
    )
    return Outcome(new_id, becomes, added_posts=entry.headcount.typical, new_units=(new_id,))


def _new_child(entry: CatalogueEntry, parent: str, ctx: Context) -> Outcome:
    new_id = unique_id(entry.id, ctx.editor.ids())
    unit = _build(entry, new_id, parent, ctx)
    ctx.editor.insert(ctx.editor.after_subtree(parent), unit)
    for partner in must_partners(ctx.snap, entry.function):
        ctx.editor.add_link(new_id, partner)
    name, label = entry.name.get(ctx.lang), ctx.label(parent)
    becomes = Text(
        zh=f"新设「{name}」({new_id}),隶属 {label.zh}",
        en=f"new '{name}' ({new_id}) under {label.en}",
    )
    return Outcome(new_id, becomes, added_posts=entry.headcount.typical, new_units=(new_id,))


def _build(entry: CatalogueEntry, new_id: str, parent: str | None, ctx: Context) -> Any:
    return new_unit(
        new_id,
        entry.name.get(ctx.lang),
        entry.kind,
        parent,
        ctx.lang,
        headcount=entry.headcount.typical,
        functions=(entry.function,),
        kpis=entry.kpis,
    )
