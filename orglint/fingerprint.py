"""Finding fingerprints for baselines: what a finding is about, never where it is or its wording.

A fingerprint hashes the rule code, the unit and the stable identity of every fact the rule
matched (a unit's id, a function id, a link id, a KPI's name, a role's title...). Line numbers,
YAML paths with list indexes and rendered messages are left out, so moving units around in the
file, or rewording a message, does not turn an old finding into a new one.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Mapping
from typing import Final

# Per fact type (docs/architecture.md, Facts): the fields that name the thing the fact is about.
IDENTITY: Final[Mapping[str, tuple[str, ...]]] = {
    "company": (),
    "unit": ("unit",),
    "role": ("unit", "title"),
    "kpi": ("unit", "owner", "name"),
    "owner": ("unit", "function"),
    "function": ("function",),
    "scope_owner": ("unit", "function", "scope"),
    "stage": ("stage",),
    "link": ("link", "unit"),
    "dotted": ("unit", "target"),
}
# Never identity: where the fact sits in the file, and the engine's bookkeeping.
_LOCATION: Final = frozenset({"type", "key", "file", "line", "column", "ypath", "_seq"})

# json.dumps(ensure_ascii=False)'s own string escaping (the C one when available).
_ENCODE: Final[Callable[[str], str]] = json.encoder.encode_basestring

_Encoded = tuple[tuple[str, ...], str]  # an identity and its JSON text


def identity(fact: Mapping[str, object]) -> tuple[str, ...]:
    """The fact's type and identifying fields; a type not listed above uses its text fields."""
    kind = str(fact.get("type", ""))
    fields = IDENTITY.get(kind)
    if fields is None:
        fields = tuple(
            sorted(k for k, v in fact.items() if k not in _LOCATION and isinstance(v, str))
        )
    return (kind, *(f"{name}={fact.get(name, '')}" for name in fields))


def fingerprint(code: str, unit: str | None, parts: Iterable[Iterable[str]]) -> str:
    """A short stable hash of the rule, the unit and the identities (order does not matter)."""
    return _digest(code, unit, [_encoded(tuple(part)) for part in parts])


def match_fingerprint(
    code: str,
    unit: str | None,
    bindings: Mapping[str, Mapping[str, object]],
    aliases: Iterable[str],
) -> str:
    """Only the aliases the finding speaks about count: the subject and those its texts name.

    Other bindings are witnesses (which of a unit's several customer-service functions made it
    match); findings that differ only in witnesses are one finding, with one fingerprint.
    """
    wanted = aliases if isinstance(aliases, frozenset | set) else set(aliases)
    return facts_fingerprint(code, unit, [f for a, f in bindings.items() if a in wanted])


def facts_fingerprint(code: str, unit: str | None, facts: Iterable[Mapping[str, object]]) -> str:
    """The fingerprint of a finding about exactly these facts (order does not matter)."""
    return _digest(code, unit, [_encoded_fact(fact) for fact in facts])


def _encoded_fact(fact: Mapping[str, object]) -> _Encoded:
    """`_encoded(identity(fact))` without the generator: one per finding, so it counts."""
    kind = str(fact.get("type", ""))
    fields = IDENTITY.get(kind)
    if fields is None:
        return _encoded(identity(fact))
    parts = (kind, *[f"{name}={fact.get(name, '')}" for name in fields])
    return parts, "[" + ",".join(map(_ENCODE, parts)) + "]"


def _encoded(identity: tuple[str, ...]) -> _Encoded:
    return identity, "[" + ",".join(map(_ENCODE, identity)) + "]"


def _digest(code: str, unit: str | None, identities: list[_Encoded]) -> str:
    """The hash of exactly the text that baselines were written with,
    `json.dumps([code, unit or "", sorted(identities)], ensure_ascii=False, separators=(",", ":"))`,
    put together from identities encoded once (tests/test_findings_fingerprint.py pins values)."""
    if len(identities) == 1:  # a finding speaks about its subject alone, as a rule
        listed = identities[0][1]
    else:
        identities.sort()  # by the identities themselves, not their JSON text
        listed = ",".join(text for _, text in identities)
    payload = f"[{_ENCODE(code)},{_ENCODE(unit or '')},[{listed}]]"
    return hashlib.sha256(payload.encode("utf-8")).digest()[:10].hex()  # = hexdigest()[:20]
