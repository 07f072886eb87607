"""What every edit needs: the file being rewritten, check's view of it, templates, language."""

from __future__ import annotations

from dataclasses import dataclass

from orglint.domain import links
from orglint.errors import Text
from orglint.suggest.assign import linked_functions
from orglint.suggest.editor import OrgEditor
from orglint.suggest.state import Snapshot
from orglint.suggest.templates import Templates


@dataclass(frozen=True)
class Context:
    editor: OrgEditor
    snap: Snapshot
    templates: Templates
    lang: str
    max_span: int = 10  # REP-05's max_direct_reports: where a new unit no longer fits

    def label(self, unit_id: str) -> Text:
        """How the plan names an existing unit: 「名称」(id)."""
        name = self.snap.name(unit_id) if unit_id in self.snap.org.by_id else unit_id
        return Text(zh=f"「{name}」({unit_id})", en=f"'{name}' ({unit_id})")

    def host_for(self, functions: tuple[str, ...], *, wearer: bool = False) -> str | None:
        """The top-most owner of the first function that has one; a leaf post defers to its
        parent (a post with reports of its own is a head and can take a unit under it). With
        `wearer`, the owner itself: the person who takes one more function on."""
        for function_id in functions:
            owner = self.snap.top_owner(function_id)
            if owner is None:
                continue
            unit = self.snap.org.by_id[owner]
            if wearer:
                return owner
            leaf = not self.snap.org.children[owner]
            if self.snap.metrics.kind[owner] == "post" and leaf and unit.parent:
                return unit.parent
            return owner
        return None


def roomy_parent(parent: str, function_id: str, ctx: Context) -> str:
    """Where a new unit for the function goes when `parent` has no room left (REP-05): the
    sub-department closest to the function by the seeds' links; `parent` when none is."""
    wanted = linked_functions([function_id])
    while len(ctx.snap.org.children[parent]) >= ctx.max_span:
        scored = [
            (len(wanted & _subtree_functions(child, ctx)), child)
            for child in ctx.snap.org.children[parent]
            if ctx.snap.org.children[child] and len(ctx.snap.org.children[child]) < ctx.max_span
        ]
        best = max(scored, default=(0, parent))
        if best[0] == 0:
            return parent
        parent = best[1]
    return parent


def _subtree_functions(unit_id: str, ctx: Context) -> set[str]:
    return {f for u in ctx.snap.metrics.subtree(unit_id) for f in ctx.snap.org.functions[u]}


def must_partners(snap: Snapshot, function_id: str) -> list[str]:
    """Units a new owner of the function must be linked to (rules/links.yaml, strength must):
    one owner of the far side when the function is on side a, every owner of side a when on b."""
    partners: list[str] = []
    for link in links():
        if link.strength != "must":
            continue
        if function_id in link.a:
            owners = [o for f in link.b for o in snap.metrics.top_owners(f)]
            partners += owners[:1]
        if function_id in link.b:
            partners += [o for f in link.a for o in snap.metrics.top_owners(f)]
    return list(dict.fromkeys(partners))
