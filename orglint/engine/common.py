"""What the back ends share: the fact and raw-match shapes, and the join-key convention."""

from __future__ import annotations

from collections.abc import Mapping

Fact = Mapping[str, object]
# A back end reports (rule code, index into `facts` of the fact bound to each positive alias,
# in the order the rule declares them); the facade turns these into sorted, deduplicated Matches.
RawMatch = tuple[str, tuple[int, ...]]


def join_key(value: object) -> tuple[type, object] | None:
    """A join compares type and value: durable-rules' hashed equality join never matches 1 with
    1.0 or True with 1 (measured; alpha tests do coerce), so neither may the Python back end.
    None (or a missing field) never joins."""
    return None if value is None else (value.__class__, value)
