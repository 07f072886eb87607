"""`merge` actions. `functional`: business units below the 1B band become ordinary departments.
`four_person_team`: a small team's leaf units fold into seed 004's four posts (运营/设计/客服/
供应链); everything of a folded unit, its people, posts, KPIs, duties and links, moves into the one
it joins, and its id, name and lead are kept under `x-merged-from`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from orglint.errors import Text
from orglint.suggest.assign import best_part
from orglint.suggest.context import Context
from orglint.suggest.document import flow_map, flow_seq
from orglint.suggest.editor import LINK_KEYS
from orglint.suggest.steps import Move, Outcome
from orglint.suggest.templates import Part

LISTS = ("roles", "kpis", "responsibilities")


def apply_merge(action: Mapping[str, Any], ctx: Context) -> Outcome | None:
    into = action.get("into")
    if into == "functional":
        return _business_units_to_departments(ctx)
    if into == "four_person_team":
        return _four_posts(ctx)
    return None


def _business_units_to_departments(ctx: Context) -> Outcome | None:
    moved = [u for u in ctx.editor.units if u.get("kind") == "business_unit"]
    for unit in moved:
        unit["kind"] = "department"
    if not moved:
        return None
    names = "、".join(ctx.label(str(u["id"])).zh for u in moved)
    names_en = ", ".join(ctx.label(str(u["id"])).en for u in moved)
    becomes = Text(
        zh=f"事业部改为职能部门:{names}", en=f"business units become departments: {names_en}"
    )
    return Outcome(str(moved[0]["id"]), becomes)


def _squads(ctx: Context) -> list[Part]:
    small = ctx.templates.bands["small"]
    return [Part(u.id, u.name, u.functions) for u in small.units]


def _four_posts(ctx: Context) -> Outcome | None:
    """Every unit below the root joins the squad post closest to its functions (those matching
    none join 运营, the post that covers most); each squad's first unit keeps the others."""
    org, squads = ctx.snap.org, _squads(ctx)
    groups: dict[int, list[str]] = {}
    for unit in org.top_down()[1:]:
        groups.setdefault(best_part(squads, org.functions[unit.id]), []).append(unit.id)
    folds = [_best_first(groups[i], squads[i], ctx) for i in sorted(groups)]
    if all(len(members) == 1 for members in folds):
        return None
    moves = [move for members in folds for move in _fold(members, ctx)]
    for members in folds:
        ctx.editor.unit(members[0])["parent"] = org.root.id  # the squad reports to the root
    kept = "、".join(ctx.label(m[0]).zh for m in folds)
    kept_en = ", ".join(ctx.label(m[0]).en for m in folds)
    becomes = Text(
        zh=f"按四人小组制合并到:{kept}", en=f"folded into the four-person squad posts: {kept_en}"
    )
    return Outcome(folds[0][0], becomes, tuple(moves))


def _best_first(members: list[str], squad: Part, ctx: Context) -> list[str]:
    """The member closest to the squad's functions keeps the others (file order breaks ties)."""

    def overlap(unit_id: str) -> int:
        return len(set(ctx.snap.org.functions[unit_id]) & set(squad.functions))

    return sorted(members, key=lambda unit_id: -overlap(unit_id))


def _fold(members: list[str], ctx: Context) -> list[Move]:
    keep, moves = members[0], []
    functions = list(dict.fromkeys(f for m in members for f in ctx.snap.org.functions[m]))
    ctx.editor.set_key(
        keep, "functions", flow_seq(functions), ("headcount", "lead", "parent", "kind", "name")
    )
    for other in members[1:]:
        _absorb(keep, other, ctx)
        moves.append(Move(ctx.label(other), keep))
    return moves


def _absorb(keep: str, other: str, ctx: Context) -> None:
    editor = ctx.editor
    target, source = editor.unit(keep), editor.unit(other)
    _add_headcount(target, source, editor, keep)
    for key in LISTS:
        for item in source.get(key) or ():
            if key not in target:
                editor.set_key(
                    keep, key, flow_seq([]) if key == "responsibilities" else CommentedSeq()
                )
            target[key].append(item)
    for key in LINK_KEYS:
        for partner in source.get(key) or ():
            _link(editor, keep, key, str(partner), other)
    _record(keep, source, editor)
    for holder, key in list(editor.referrers(other)):
        editor.repoint(holder, key, other, keep)
    editor.remove(other)


def _link(editor: Any, keep: str, key: str, partner: str, other: str) -> None:
    if partner in (keep, other):
        return
    if key not in editor.unit(keep):
        editor.set_key(keep, key, flow_seq([]))
    if partner not in editor.unit(keep)[key]:
        editor.unit(keep)[key].append(partner)


def _add_headcount(target: CommentedMap, source: CommentedMap, editor: Any, keep: str) -> None:
    if source.get("headcount") is None:
        return
    total = int(target.get("headcount") or 0) + int(source["headcount"])
    editor.set_key(keep, "headcount", total, ("lead", "parent", "kind", "name"))


def _record(keep: str, source: CommentedMap, editor: Any) -> None:
    entry = {"id": source["id"], "name": source["name"]}
    if source.get("lead"):
        entry["lead"] = source["lead"]
    target = editor.unit(keep)
    if "x-merged-from" not in target:
        target["x-merged-from"] = CommentedSeq()
    target["x-merged-from"].append(flow_map(entry))
