"""Which part of a split unit each of its things goes to, decided by the functions they serve."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from orglint.domain import links
from orglint.infer import infer_functions, resolve_kpi
from orglint.suggest.templates import Part
from orglint.vocabulary import kpis


def best_part(parts: Sequence[Part], functions: Iterable[str]) -> int:
    """The part sharing the most functions with the item; ties and strangers go to the first."""
    wanted = set(functions)
    scores = [len(wanted & set(part.functions)) for part in parts]
    best = max(scores)
    return scores.index(best) if best else 0


def text_part(parts: Sequence[Part], text: str, context: Sequence[str]) -> int:
    """For a post title or a responsibility: the part its inferred functions belong to."""
    return best_part(parts, infer_functions(text, (), tuple(context)))


def kpi_part(parts: Sequence[Part], name: str) -> int:
    kpi_id = resolve_kpi(name)
    functions = kpis()[kpi_id].functions if kpi_id else ()
    return best_part(parts, functions)


def linked_functions(partner_functions: Iterable[str]) -> set[str]:
    """Functions the seeds link to any of the partner's functions (rules/links.yaml, both ways)."""
    mine = set(partner_functions)
    found: set[str] = set()
    for link in links():
        if mine & set(link.a):
            found.update(link.b)
        if mine & set(link.b):
            found.update(link.a)
    return found | mine


def link_part(parts: Sequence[Part], partner_functions: Iterable[str]) -> int:
    return best_part(parts, linked_functions(partner_functions))


def share(total: int, count: int) -> list[int]:
    """Split `total` people over `count` parts as evenly as possible, the remainder to the first,
    and at least one person per part (the shortfall is posts the split adds)."""
    base, extra = divmod(total, count)
    shares = [base + (extra if i == 0 else 0) for i in range(count)]
    return [max(1, s) for s in shares]


def split_headcounts(
    own: int | None, moved: list[int], has_children: bool
) -> tuple[list[int | None], int]:
    """People per part of a split, and how many posts the split adds. Posts (roles) take their
    people with them; a department's other parts start with its groups and no staff of their own;
    a leaf without roles shares its people out, at least one per part."""
    if any(moved[1:]) or has_children:
        heads: list[int | None] = [None if own is None else int(own) - sum(moved[1:])]
        heads += [m or (0 if has_children else 1) for m in moved[1:]]
        return heads, sum(1 for m in moved[1:] if not m and not has_children)
    shares = share(int(own or 0), len(moved))
    return [*shares], sum(shares) - int(own or 0)
