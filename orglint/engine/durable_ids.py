"""Fact ids that durable-rules 2.0.28 can never take for one another.

durable-rules files every stored fact under fnv1a32 of its id and compares nothing else
(../shared/notes/durable-rules.md §3.6; state.c `storeMessage`), so two facts whose ids hash
alike are one fact to it and the second is refused as "already observed". A fact without an id
gets one made from a hash of its content, filed under fnv1a32 again: about a 1% chance of a lost
fact at 10k stored facts. So every fact copy orglint asserts carries an id chosen here, such that
no two ids of a run, nor the id of the engine's own state fact, share an fnv1a32 value. With
identity settled before anything is asserted, a whole batch can go in one `assert_facts` call
(notes §4.5) instead of one call per fact watching for collisions.
"""

from __future__ import annotations

from typing import Final

_OFFSET: Final = 0x811C9DC5  # FNV-1a 32-bit offset basis and prime, as in state.c
_PRIME: Final = 0x01000193
_MASK: Final = 0xFFFFFFFF
_ZERO: Final = ord("0")
_DIGITS: Final = tuple((str(d), _ZERO + d) for d in range(10))
# events.c handleMessageCore: the first assert of a session stores {"id": "sid-0", "$s": 1}.
STATE_FACT_ID: Final = "sid-0"
# "0" ... "797185" hash apart from each other and from "sid-0"; "797186" is the first numeral
# that does not (tests/test_durable_ids.py recomputes this). Below it no hash need be computed.
CONTIGUOUS: Final = 797_186


def fnv1a32(text: str) -> int:
    """durable's fnv1Hash32 over the text's bytes. ASCII only: the C code XORs a signed `char`,
    which agrees with the byte value below 128 only."""
    value = _OFFSET
    for byte in text.encode("ascii"):
        value = ((value ^ byte) * _PRIME) & _MASK
    return value


def _digit(value: int, digit: int) -> int:
    return ((value ^ (_ZERO + digit)) * _PRIME) & _MASK


Numerals = list[tuple[str, int]]  # (decimal numeral, its fnv1a32)


def _longer(prefixes: Numerals) -> Numerals:
    """Each prefix followed by each digit; a hash extends its prefix's by one digit instead of
    hashing the text again."""
    return [
        (text + digit, ((value ^ byte) * _PRIME) & _MASK)
        for text, value in prefixes
        for digit, byte in _DIGITS
    ]


def _take(numerals: Numerals, taken: set[int], ids: list[str], count: int) -> None:
    """Append numerals whose hash is new to `ids` until it holds `count`."""
    numerals = numerals[: count - len(ids)]
    hashes = {value for _text, value in numerals}
    if len(hashes) == len(numerals) and hashes.isdisjoint(taken):  # the usual case, at C speed
        taken |= hashes
        ids += [text for text, _value in numerals]
        return
    for text, value in numerals:
        if value not in taken:
            taken.add(value)
            ids.append(text)


def fact_ids(count: int) -> list[str]:
    """`count` distinct decimal numerals whose fnv1a32 values all differ from each other and
    from the state fact's: "0", "1", ... with a gap wherever a numeral's hash is taken."""
    if count <= CONTIGUOUS:
        return [str(i) for i in range(count)]
    return _hashed_ids(count)


def _hashed_ids(count: int) -> list[str]:
    taken = {fnv1a32(STATE_FACT_ID)}
    ids: list[str] = []
    _take([("0", _digit(_OFFSET, 0))], taken, ids, count)
    level = [(str(d), _digit(_OFFSET, d)) for d in range(1, 10)]
    while len(ids) < count:
        _take(level, taken, ids, count)
        # Only as many prefixes as the numerals still missing need: skipping a numeral leaves a
        # gap in the sequence, never a duplicate, so the next level may start from a cut one.
        level = _longer(level[: (count - len(ids)) // 10 + 1])
    return ids
