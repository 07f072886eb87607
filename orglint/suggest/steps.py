"""One step of a restructuring plan: what was done, where everything went, and why."""

from __future__ import annotations

from dataclasses import dataclass, field

from orglint.errors import Text
from orglint.findings import Finding

TYPE_ORDER = {"restructure": 0, "split": 1, "add": 2, "merge": 3}


@dataclass(frozen=True)
class Move:
    """One thing that moved, such as a group, a KPI, a post or a link, and the unit it went to."""

    item: Text
    to: str  # unit id


@dataclass(frozen=True)
class Outcome:
    """What applying one action did to the file."""

    unit: str  # the unit the action is about (for an addition, the new unit)
    becomes: Text
    moves: tuple[Move, ...] = ()
    added_posts: int = 0
    new_units: tuple[str, ...] = ()


@dataclass(frozen=True)
class Step:
    number: int
    type: str
    finding: Finding  # the recommendation that asked for it
    outcome: Outcome
    also: tuple[Finding, ...] = field(default=())  # other findings the same step answers
