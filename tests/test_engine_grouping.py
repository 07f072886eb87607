"""The durable back end's cheaper encoding keeps every match: facts it asserts as one copy, matches
it reads in batches and from the action's text, and the facade's ordering (orglint/engine/)."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from orglint.engine import evaluate
from orglint.rulebook import Rulebook
from tests.test_engine import ENGINES, book, keys, owner, rule, run_all, unit

needs_durable = pytest.mark.skipif("durable" not in ENGINES, reason="durable-rules not installed")


@needs_durable
def test_facts_alike_to_every_rule_are_one_copy_and_all_match(tmp_path: Path) -> None:
    from orglint.engine.compile_durable import compile_rules
    from orglint.engine.durable_backend import _Run

    rulebook = book(tmp_path, rule("GRP-01", [{"fact": "unit", "as": "u", "where": {"depth": 1}}]))
    facts = [unit(f"u{i:02d}", depth=i % 3) for i in range(30)]
    state = _Run(compile_rules(rulebook.rules), facts)
    assert sorted(map(len, state.members)) == [10, 10, 10]  # one copy per depth
    assert keys(run_all(rulebook, facts)) == [(f"u{i:02d}",) for i in range(1, 30, 3)]


@needs_durable
def test_groups_tell_apart_what_durable_tells_apart() -> None:
    from orglint.engine.durable_backend import _groups

    facts: list[dict[str, Any]] = [
        {"k": 1},
        {"k": True},
        {"k": 1.0},
        {"k": 1},
        {"k": 0.0},
        {"k": -0.0},
        {"k": 0.0},
        {},
        {"k": None},
        {},
    ]
    groups = _groups(list(range(len(facts))), facts, ("k",))
    assert sorted(groups) == [[0, 3], [1], [2], [4, 6], [5], [7], [8], [9]]
    # without several types in a field, equal values are enough
    assert _groups([0, 3, 8], facts, ("k",)) == [[0, 3], [8]]
    assert _groups([0, 1, 2], facts, ()) == [[0, 1, 2]]


def test_a_type_bound_twice_keeps_every_pair(tmp_path: Path) -> None:
    rulebook = book(
        tmp_path,
        rule(
            "TWO-01",
            [
                {"fact": "unit", "as": "u"},
                {"fact": "unit", "as": "v", "join": {"name": "u.name"}},
            ],
        ),
    )
    facts = [unit(k, name="same") for k in "abcd"]
    pairs = [(a, b) for a in "abcd" for b in "abcd" if a < b]
    assert keys(run_all(rulebook, facts)) == pairs


def test_joins_still_compare_types_when_copies_are_grouped(tmp_path: Path) -> None:
    rulebook = book(
        tmp_path,
        rule(
            "JT-01",
            [
                {"fact": "unit", "as": "u", "where": {"kind": "team"}},
                {"fact": "owner", "as": "o", "join": {"explicit": "u.has_lead"}},
            ],
        ),
        rule(
            "JT-02",
            [
                {"fact": "unit", "as": "u", "where": {"kind": "team"}},
                {"not": {"fact": "owner", "join": {"explicit": "u.has_lead"}}},
            ],
        ),
    )
    facts = [
        unit("t", has_lead=True),
        unit("i", has_lead=1),
        unit("f", has_lead=1.0),
        unit("s", has_lead=True),
        unit("z", has_lead=False),
        owner("o1", "a", "cs", explicit=True),
        owner("o2", "b", "ops", explicit=True),
    ]
    found = run_all(rulebook, facts)
    assert keys(found, "JT-01") == [("s", "o1"), ("s", "o2"), ("t", "o1"), ("t", "o2")]
    assert keys(found, "JT-02") == [("f",), ("i",), ("z",)]


@needs_durable
@pytest.mark.parametrize("batch", [1, 2, 3, 5000])
def test_matches_read_in_batches_of_any_size(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, batch: int
) -> None:
    from orglint.engine import compile_durable

    monkeypatch.setattr(compile_durable, "ACTION_BATCH", batch)
    rulebook = book(
        tmp_path,
        rule("BAT-01", [{"fact": "unit", "as": "u", "where": {"unit": {"ne": ""}}}]),
        rule(
            "BAT-02",
            [
                {"fact": "unit", "as": "u"},
                {"fact": "owner", "as": "o", "join": {"unit": "u.unit"}},
                {"fact": "owner", "as": "p", "join": {"unit": "u.unit", "function": "o.function"}},
            ],
        ),
    )
    facts = [unit(f"u{i}") for i in range(7)]
    facts += [owner(f"o{i}{j}", f"u{i}", "cs") for i in range(7) for j in range(2)]
    found = evaluate(rulebook, facts, "durable")
    assert found == evaluate(rulebook, facts, "python")
    assert len(keys(found, "BAT-01")) == 7
    assert len(keys(found, "BAT-02")) == 7


@needs_durable
def test_action_text_is_read_by_alias_not_position() -> None:
    from orglint.engine.durable_backend import _frames

    def copy(seq: int) -> str:  # a string value imitating an alias cannot fool the reader
        return f'{{"_seq":{seq},"id":"{seq}","type":"unit","name":"\\"p0\\":{{\\"_seq\\":99,"}}'

    def match(*aliases: tuple[str, int]) -> str:
        return "{" + ",".join(f'"{alias}":{copy(seq)}' for alias, seq in aliases) + "}"

    batch = '{"R":[' + match(("p1", 5), ("p0", 2)) + "," + match(("p1", 7), ("p0", 2)) + "]}"
    assert _frames(batch, 2) == [(2, 5), (2, 7)]
    assert _frames('{"R":' + match(("p0", 3)) + "}", 1) == [(3,)]
    with pytest.raises(ValueError):
        _frames('{"R":{"p0":{"id":"3","_seq":3}}}', 1)  # a copy that does not start with _seq
    with pytest.raises(ValueError):
        _frames('{"R":[' + match(("p0", 3)) + "]}", 2)
    with pytest.raises(KeyError):
        _frames('{"R":[' + match(("p0", 3), ("p0", 4)) + "]}", 2)


# -- both engines agree on facts with many look-alikes (what grouping changes) ---------------

LOOKALIKE_RULES = [
    rule("LA-01", [{"fact": "unit", "as": "u", "where": {"depth": {"gte": 1}}}]),
    rule(
        "LA-02",
        [
            {"fact": "unit", "as": "u", "where": {"kind": {"in": ["team", "post"]}}},
            {"fact": "owner", "as": "o", "join": {"unit": "u.unit"}},
        ],
        subject="o",
    ),
    rule(
        "LA-03",
        [
            {"fact": "owner", "as": "u", "where": {"function": "cs"}},
            {"not": {"fact": "unit", "join": {"unit": "u.unit"}, "where": {"depth": 0}}},
        ],
    ),
    rule(
        "LA-04",
        [
            {"fact": "unit", "as": "u", "where": {"band": "small"}},
            {"fact": "unit", "as": "v", "join": {"parent": "u.unit"}},
        ],
    ),
    rule(
        "LA-05",
        [
            {"fact": "company", "as": "u", "where": {"revenue": {"lte": 0}}},
            {"fact": "owner", "as": "o", "where": {"explicit": True}},
        ],
    ),
]


def _lookalikes(rnd: random.Random, count: int) -> list[dict[str, Any]]:
    ids, numbers = ["a", "b", "c"], [0, 1, True, 1.0, 0.0, -0.0]
    facts: list[dict[str, Any]] = []
    for i in range(count):
        pick = rnd.random()
        if pick < 0.5:
            facts.append(
                unit(
                    f"u{i:03d}",
                    unit=rnd.choice(ids),
                    parent=rnd.choice(["", *ids]),
                    depth=rnd.choice(numbers),
                    kind=rnd.choice(["team", "post", "department"]),
                    band=rnd.choice(["small", "large"]),
                )
            )
        elif pick < 0.9:
            function = rnd.choice(["cs", "ops"])
            fact = owner(f"o{i:03d}", rnd.choice(ids), function, explicit=rnd.random() < 0.5)
            facts.append(fact)
        else:
            revenue = rnd.choice(numbers)
            facts.append({"type": "company", "key": f"c{i:03d}", "revenue": revenue})
    return facts


@needs_durable
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(seed=st.integers(0, 2**32 - 1), count=st.integers(0, 60))
def test_engines_agree_on_lookalike_facts(tmp_path: Path, seed: int, count: int) -> None:
    rulebook = book(tmp_path, *LOOKALIKE_RULES)
    facts = _lookalikes(random.Random(seed), count)
    assert evaluate(rulebook, facts, "durable") == evaluate(rulebook, facts, "python")
    # and each rule alone, as a caller running subsets of the rules would
    for one in rulebook.rules:
        alone = Rulebook((one,))
        assert evaluate(alone, facts, "durable") == evaluate(alone, facts, "python")
