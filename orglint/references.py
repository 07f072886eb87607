"""Checks a schema cannot express: unique ids, references that resolve, one root, no cycles.

Runs after validate_schema passed, so `units` is a non-empty list of mappings with valid ids.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from orglint.errors import InputError, InputErrors
from orglint.schema import position, unit_subject
from orglint.schemamessages import closest
from orglint.yamlload import Document

Unit = dict[str, Any]
_LIST_REFS = ("dotted_to", "collaborates_with")


def validate_references(doc: Document) -> None:
    """Raise one InputErrors with every reference problem, sorted by position."""
    units: list[Unit] = doc.data["units"]
    first = _first_index(units)
    errors = [
        *_duplicate_ids(doc, units, first),
        *_dangling(doc, units, first),
        *_roots(doc, units),
        *_cycles(doc, units, first),
    ]
    if errors:
        raise InputErrors(sorted(errors, key=position))


def _first_index(units: list[Unit]) -> dict[str, int]:
    """id -> index of the first unit with that id, in file order."""
    last = {unit["id"]: index for index, unit in enumerate(units)}  # keys in first-seen order
    if len(last) == len(units):
        return last  # ids are unique: the last index of each is its first
    first: dict[str, int] = {}
    for index, unit in enumerate(units):
        first.setdefault(unit["id"], index)
    return first


def _line(doc: Document, index: int) -> int:
    return doc.locate(("units", index, "id")).line


def _duplicate_ids(doc: Document, units: list[Unit], first: dict[str, int]) -> Iterator[InputError]:
    if len(first) == len(units):
        return  # as many ids as units: no id is used twice
    for index, unit in enumerate(units):
        uid, earlier = unit["id"], first[unit["id"]]
        if earlier != index:
            line = _line(doc, earlier)
            yield doc.error(
                ("units", index, "id"),
                f"id `{uid}` 重复,第 {line} 行的单元已使用;每个单元的 id 必须唯一",
                f"the id `{uid}` is already used by the unit on line {line}; ids must be unique",
            )


def _dangling(doc: Document, units: list[Unit], first: dict[str, int]) -> Iterator[InputError]:
    """A 10k-unit org has some 13k references and usually no bad one: each is only tested here,
    and worded (with the unit named, a spelling guessed) by _check_target when it is bad."""
    for index, unit in enumerate(units):
        if "parent" in unit:
            target = unit["parent"]
            if target == unit["id"] or target not in first:
                yield from _check_target(doc, first, unit, ("units", index, "parent"), target)
        for field in _LIST_REFS:
            for pos, target in enumerate(unit.get(field, ())):
                if target not in first:
                    yield from _check_target(doc, first, unit, ("units", index, field, pos), target)


def _check_target(
    doc: Document, first: dict[str, int], unit: Unit, path: tuple[str | int, ...], target: str
) -> Iterator[InputError]:
    field = str(path[2])
    who_zh, who_en = unit_subject(doc, path)
    if field == "parent" and target == unit["id"]:
        yield doc.error(
            path,
            f"单元 {target} 把自己设为上级;请改为它实际汇报的单元,根单元则删除 parent",
            f"unit {target} names itself as its parent; name the unit it reports to, or delete "
            "parent if it is the root",
        )
    elif target not in first:
        guess = closest(target, first)
        zh_hint = f";是不是 `{guess}`?" if guess else ";请检查拼写,或补上这个单元"
        en_hint = f"; did you mean `{guess}`?" if guess else "; check the spelling or add the unit"
        yield doc.error(
            path,
            f"{who_zh}{field} 引用的 `{target}` 不是任何单元的 id{zh_hint}",
            f"{who_en}{field} refers to `{target}`, which is not the id of any unit{en_hint}",
        )


def _roots(doc: Document, units: list[Unit]) -> Iterator[InputError]:
    roots = [index for index, unit in enumerate(units) if "parent" not in unit]
    if not roots:
        yield doc.error(
            ("units",),
            "没有根单元:每个单元都有 parent;最上级的单元(如电商总监)不应写 parent",
            "there is no root: every unit has a parent; the top unit (such as the e-commerce "
            "director) must have no parent",
        )
        return
    names = ", ".join(units[index]["id"] for index in roots[:10])
    names += ", …" if len(roots) > 10 else ""  # a flat list of 300 units must not flood each line
    top, line = units[roots[0]]["id"], _line(doc, roots[0])
    for index in roots[1:]:
        uid = units[index]["id"]
        yield doc.error(
            ("units", index, "id"),
            f"单元 {uid} 没有 parent,但第 {line} 行的 {top} 已是根单元;组织只能有一个根,"
            f"请给 {uid} 指定上级(没有上级的单元:{names})",
            f"unit {uid} has no parent, but {top} on line {line} is already the root; an org "
            f"has exactly one root — give {uid} a parent (units without a parent: {names})",
        )


def _cycles(doc: Document, units: list[Unit], first: dict[str, int]) -> Iterator[InputError]:
    for cycle in _parent_cycles(units, first):
        start = min(cycle)  # report once, at the unit of the cycle that comes first in the file
        at = cycle.index(start)
        loop = [units[i]["id"] for i in cycle[at:] + cycle[:at]]
        text = " → ".join([*loop, loop[0]])
        yield doc.error(
            ("units", start, "parent"),
            f"汇报关系形成了环:{text};环中至少一个单元要向环外的单元汇报",
            f"the reporting lines form a cycle: {text}; at least one of these units must report "
            "to a unit outside the loop",
        )


def _parent_cycles(units: list[Unit], first: dict[str, int]) -> Iterator[list[int]]:
    """Cycles of the parent relation (each unit has at most one parent), in walk order."""
    parent = [first.get(u.get("parent", ""), -1) for u in units]
    if all(above < index for index, above in enumerate(parent)):
        return  # every parent comes earlier in the file: a walk up only ever goes back, no cycle
    done: set[int] = set()
    for begin in range(len(units)):
        walk: dict[int, int] = {}  # unit index → position in this walk (dicts keep order)
        node = begin
        while node >= 0 and node not in done and node not in walk:
            walk[node] = len(walk)
            node = parent[node]
        done.update(walk)
        if node in walk and parent[node] != node:  # a unit that is its own parent: reported above
            yield list(walk)[walk[node] :]
