"""`split` actions: one unit becomes several, and every person, post, KPI, duty and link of it
lands in exactly one of them (the plan lists where). The first part keeps the unit's id, lead
and comments, so references from elsewhere stay valid unless a link belongs with another part."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from orglint.errors import Text
from orglint.suggest.assign import best_part, kpi_part, link_part, split_headcounts, text_part
from orglint.suggest.bands import unique_id
from orglint.suggest.context import Context
from orglint.suggest.document import flow_seq
from orglint.suggest.labels import function_label, item_label, link_label
from orglint.suggest.newunit import kpi_list, new_unit
from orglint.suggest.steps import Move, Outcome
from orglint.suggest.templates import Part

CARRIED = ("scope", "racing_group", "outsourced")
AFTER_HEADCOUNT = ("headcount", "lead", "parent", "kind", "name")


def apply_split(action: Mapping[str, Any], ctx: Context) -> Outcome | None:
    unit_id = str(action.get("unit", ""))
    if unit_id not in ctx.snap.org.by_id:
        return None
    into = action.get("into") or ()
    refs = [into] if isinstance(into, str) else list(into)
    named = bool(refs) and all(r in ctx.templates.parts for r in refs)
    functions = _ordered_functions(unit_id, ctx)
    parts = [ctx.templates.part(r) for r in refs] if refs else _function_parts(functions, ctx)
    if len(parts) < 2:
        return None
    return _Splitter(unit_id, parts, named, functions, ctx).run()


def _ordered_functions(unit_id: str, ctx: Context) -> tuple[str, ...]:
    explicit = ctx.snap.org.by_id[unit_id].explicit_functions
    return tuple(dict.fromkeys(explicit)) or ctx.snap.org.functions[unit_id]


def _function_parts(functions: Sequence[str], ctx: Context) -> list[Part]:
    """One post or group per function the catalogue knows; the rest stay with the first."""
    return [ctx.templates.part(f) for f in functions if f in ctx.templates.catalogue]


class _Splitter:
    def __init__(
        self, unit_id: str, parts: list[Part], named: bool, functions: Sequence[str], ctx: Context
    ) -> None:
        self.x, self.parts, self.named, self.ctx = unit_id, parts, named, ctx
        self.functions = tuple(functions)
        self.raw: CommentedMap = ctx.editor.unit(unit_id)
        taken = ctx.editor.ids()
        self.ids = [unit_id] + [unique_id(p.id, taken | {unit_id}) for p in parts[1:]]
        self.moves: list[Move] = []
        self.added = 0

    def run(self) -> Outcome:
        functions = self._functions()
        buckets = {key: self._bucket(key, chooser) for key, chooser in self._choosers().items()}
        heads = self._headcounts(buckets["roles"])
        lead = self.raw.get("lead")
        if lead:
            self._move(Text(zh=f"负责人 {lead}", en=f"lead {lead}"), 0)
        self._move_children()
        self._move_links()
        self._rewrite_first(functions[0], buckets, heads[0])
        for i in range(1, len(self.parts)):
            self._create(i, functions[i], buckets, heads[i])
        return Outcome(self.x, self._becomes(), tuple(self.moves), self.added, tuple(self.ids[1:]))

    # -- deciding -------------------------------------------------------------------------
    def _functions(self) -> list[list[str]]:
        found: list[list[str]] = [[] for _ in self.parts]
        for function_id in self.functions:
            found[best_part(self.parts, [function_id])].append(function_id)
        for i, part in enumerate(self.parts):
            if not found[i]:
                found[i] = list(part.functions[:1])
            for function_id in found[i]:
                self._move(function_label(function_id), i)
        return found

    def _choosers(self) -> dict[str, Callable[[Any], int]]:
        context = self.functions
        return {
            "roles": lambda role: text_part(self.parts, str(role["title"]), context),
            "kpis": lambda kpi: kpi_part(self.parts, str(kpi["name"])),
            "responsibilities": lambda duty: text_part(self.parts, str(duty), context),
        }

    def _bucket(self, key: str, chooser: Callable[[Any], int]) -> list[list[Any]]:
        buckets: list[list[Any]] = [[] for _ in self.parts]
        for item in self.raw.get(key) or ():
            i = chooser(item)
            buckets[i].append(item)
            self._move(item_label(key, item), i)
        return buckets

    def _headcounts(self, roles: list[list[Any]]) -> list[int | None]:
        moved = [sum(int(r.get("count", 1)) for r in bucket) for bucket in roles]
        own = self.raw.get("headcount")
        has_children = bool(self.ctx.editor.children(self.x))
        heads, self.added = split_headcounts(own, moved, has_children)
        for i, count in enumerate(heads):
            if count:
                self._move(Text(zh=f"{count} 人", en=f"{count} person(s)"), i)
        return heads

    # -- editing ----------------------------------------------------------------------------
    def _move_children(self) -> None:
        for child in self.ctx.editor.children(self.x):
            own = self.ctx.snap.org.functions[child] or self._subtree_functions(child)
            i = best_part(self.parts, own)
            if i:
                self.ctx.editor.unit(child)["parent"] = self.ids[i]
            self._move(self.ctx.label(child), i)

    def _subtree_functions(self, unit_id: str) -> set[str]:
        units = self.ctx.snap.metrics.subtree(unit_id)
        return {f for u in units for f in self.ctx.snap.org.functions[u]}

    def _move_links(self) -> None:
        for holder, key in list(self.ctx.editor.referrers(self.x)):
            i = link_part(self.parts, self.ctx.snap.org.functions.get(holder, ()))
            if i:  # the link also stays with the first part: a must-link through it may rely on it
                self.ctx.editor.add_link(
                    holder, self.ids[i]
                ) if key == "collaborates_with" else None
            self._move(link_label(self.ctx.label(holder), "from" if not i else "kept"), i)

    def _own_links(self) -> dict[str, list[list[str]]]:
        found: dict[str, list[list[str]]] = {}
        for key in ("collaborates_with", "dotted_to"):
            found[key] = [[] for _ in self.parts]
            for target in self.raw.get(key) or ():
                i = link_part(self.parts, self.ctx.snap.org.functions.get(target, ()))
                found[key][i].append(str(target))
                self._move(link_label(self.ctx.label(str(target)), "to"), i)
        return found

    def _rewrite_first(
        self, functions: list[str], buckets: dict[str, Any], head: int | None
    ) -> None:
        self.own_links = self._own_links()
        if self.named:
            self.raw["name"] = self.parts[0].name.get(self.ctx.lang)
        self.ctx.editor.set_key(self.x, "functions", flow_seq(functions), AFTER_HEADCOUNT)
        if head is not None:
            self.ctx.editor.set_key(self.x, "headcount", head, ("lead", "parent", "kind", "name"))
        for key in ("roles", "kpis", "responsibilities"):
            self._keep(key, buckets[key][0])
        for key, lists in self.own_links.items():
            self._keep(key, lists[0])
        if "kpis" not in self.raw:
            self._default_kpis(self.x, functions, 0)

    def _keep(self, key: str, items: list[Any]) -> None:
        if key not in self.raw:
            return
        if items:
            kept = self.raw[key]
            kept[:] = items
        else:
            del self.raw[key]

    def _create(
        self, i: int, functions: list[str], buckets: dict[str, Any], head: int | None
    ) -> None:
        editor, part = self.ctx.editor, self.parts[i]
        kind = self.raw.get("kind") or self.ctx.snap.metrics.kind[self.x]
        unit = new_unit(
            self.ids[i],
            part.name.get(self.ctx.lang),
            str(kind),
            self.raw.get("parent"),
            self.ctx.lang,
            headcount=head or 0,
            functions=functions,
        )
        self._fill(unit, i, buckets)
        editor.insert(self._position(i), unit)
        editor.add_link(self.ids[i], self.x)

    def _fill(self, unit: CommentedMap, i: int, buckets: dict[str, Any]) -> None:
        if buckets["responsibilities"][i]:
            unit["responsibilities"] = flow_seq(buckets["responsibilities"][i])
        if buckets["kpis"][i]:
            unit["kpis"] = CommentedSeq(buckets["kpis"][i])
        else:
            unit["kpis"] = kpi_list(self._catalogue_kpis(unit["functions"]), self.ctx.lang)
            self._move(Text(zh="新增 KPI(目标待定)", en="new KPI (target to agree)"), i)
        if buckets["roles"][i]:
            unit["roles"] = CommentedSeq(buckets["roles"][i])
        for key, lists in self.own_links.items():
            if lists[i]:
                unit[key] = flow_seq(lists[i])
        for key in CARRIED:
            if key in self.raw:
                unit[key] = self.raw[key]

    def _catalogue_kpis(self, functions: Sequence[str]) -> Any:
        entry = next(
            (
                self.ctx.templates.catalogue[f]
                for f in functions
                if f in self.ctx.templates.catalogue
            ),
            None,
        )
        return entry.kpis if entry else ()

    def _default_kpis(self, unit_id: str, functions: Sequence[str], i: int) -> None:
        kpis = self._catalogue_kpis(functions)
        if kpis:
            self.ctx.editor.set_key(unit_id, "kpis", kpi_list(kpis, self.ctx.lang))
            self._move(Text(zh="新增 KPI(目标待定)", en="new KPI (target to agree)"), i)

    def _position(self, i: int) -> int:
        """Just before the first unit that now reports to the part, else after the old unit."""
        units = self.ctx.editor.units
        below = [n for n, u in enumerate(units) if u.get("parent") == self.ids[i]]
        return min(below) if below else self.ctx.editor.after_subtree(self.x)

    # -- reporting --------------------------------------------------------------------------
    def _move(self, item: Text, i: int) -> None:
        self.moves.append(Move(item, self.ids[i]))

    def _becomes(self) -> Text:
        lang = self.ctx.lang
        first = self.parts[0].name.get(lang) if self.named else self.ctx.snap.name(self.x)
        names = [(first, self.x)]
        names += [(p.name.get(lang), self.ids[i]) for i, p in enumerate(self.parts) if i]
        label = self.ctx.label(self.x)
        zh = " + ".join(f"「{n}」({i})" for n, i in names)
        en = " + ".join(f"'{n}' ({i})" for n, i in names)
        return Text(zh=f"{label.zh}拆分为 {zh}", en=f"{label.en} splits into {en}")
