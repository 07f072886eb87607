"""The engine facade and both back ends, on hand-made facts and rule files written into tmp_path."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from orglint.engine import Match, available_engines, default_engine_name, evaluate
from orglint.rulebook import Rulebook, load_rulebook

ENGINES = available_engines()
needs_durable = pytest.mark.skipif("durable" not in ENGINES, reason="durable-rules not installed")


def rule(code: str, when: list[dict[str, Any]], subject: str = "u", **extra: Any) -> dict[str, Any]:
    name = "r-" + code.lower()
    return {
        "code": code,
        "name": name,
        "principle": "clarity",
        "severity": "warning",
        **extra,
        "when": when,
        "subject": subject,
        "message": {"zh": "规则 {" + subject + ".key}", "en": "rule {" + subject + ".key}"},
        "fix": {"zh": "修", "en": "fix"},
        "source": {"kind": "derived", "reason": "test"},
    }


def book(tmp_path: Path, *rules: dict[str, Any]) -> Rulebook:
    path = tmp_path / "rules.yaml"
    path.write_text(yaml.safe_dump({"rules": list(rules)}, allow_unicode=True), encoding="utf-8")
    return load_rulebook([path])


def unit(key: str, **fields: Any) -> dict[str, Any]:
    base = {
        "unit": key,
        "name": key.upper(),
        "kind": "team",
        "band": "small",
        "parent": "",
        "bu": "",
        "depth": 1,
        "headcount": 5,
        "has_lead": True,
        "outsourced": False,
    }
    return {
        "type": "unit",
        "key": key,
        "file": "org.yaml",
        "line": 1,
        "column": 1,
        "ypath": f"units.{key}",
        **base,
        **fields,
    }


def owner(key: str, unit_id: str, function: str, **fields: Any) -> dict[str, Any]:
    return {
        "type": "owner",
        "key": key,
        "file": "org.yaml",
        "line": 2,
        "column": 1,
        "ypath": "",
        "unit": unit_id,
        "function": function,
        "bu": "",
        "explicit": True,
        **fields,
    }


def keys(matches: list[Match], code: str | None = None) -> list[tuple[str, ...]]:
    return [
        tuple(str(f["key"]) for f in m.bindings.values())
        for m in matches
        if code is None or m.code == code
    ]


def run_all(rulebook: Rulebook, facts: list[dict[str, Any]]) -> list[Match]:
    """Evaluate with every available engine, insist they agree, return the result."""
    results = [evaluate(rulebook, facts, engine) for engine in ENGINES]
    assert all(r == results[0] for r in results), "engines disagree"
    return results[0]


UNITS = [
    unit("a", depth=0, kind="team"),
    unit("b", depth=2, kind="post"),
    unit("c", depth=3, kind="department", has_lead=False),
    unit("d", depth=5, kind="team"),
]


@pytest.mark.parametrize(
    ("where", "expected"),
    [
        ({"kind": "team"}, ["a", "d"]),
        ({"kind": {"eq": "post"}}, ["b"]),
        ({"kind": {"ne": "team"}}, ["b", "c"]),
        ({"depth": {"lt": 2}}, ["a"]),
        ({"depth": {"lte": 2}}, ["a", "b"]),
        ({"depth": {"gt": 3}}, ["d"]),
        ({"depth": {"gte": 3}}, ["c", "d"]),
        ({"depth": {"gte": 1, "lt": 4}}, ["b", "c"]),
        ({"depth": {"gt": 2.5}}, ["c", "d"]),
        ({"kind": {"in": ["post", "department"]}}, ["b", "c"]),
        ({"kind": {"not_in": ["post", "department"]}}, ["a", "d"]),
        ({"kind": {"in": []}}, []),
        ({"kind": {"not_in": []}}, ["a", "b", "c", "d"]),
        ({"has_lead": False}, ["c"]),
        ({"has_lead": {"ne": False}, "depth": {"in": [0, 5]}}, ["a", "d"]),
    ],
    ids=str,
)
def test_every_operator(tmp_path: Path, where: dict[str, Any], expected: list[str]) -> None:
    rulebook = book(tmp_path, rule("OP-01", [{"fact": "unit", "as": "u", "where": where}]))
    assert keys(run_all(rulebook, UNITS)) == [(k,) for k in expected]


def test_any_nested_and_deduplicated(tmp_path: Path) -> None:
    where = {"any": [{"depth": {"gte": 3}}, {"kind": "team", "any": [{"depth": 0}, {"depth": 5}]}]}
    rulebook = book(tmp_path, rule("ANY-01", [{"fact": "unit", "as": "u", "where": where}]))
    # d matches two branches; durable-rules fires once per branch, the facade keeps one
    assert keys(run_all(rulebook, UNITS)) == [("a",), ("c",), ("d",)]


def test_parameters_and_overrides(tmp_path: Path) -> None:
    spec = rule(
        "PAR-01",
        [
            {
                "fact": "unit",
                "as": "u",
                "where": {"depth": {"gt": "$max"}, "kind": {"not_in": "$skip"}},
            }
        ],
        params={
            "max": {"default": 1, "description": {"zh": "层", "en": "depth"}},
            "skip": {"default": ["post"], "description": {"zh": "类", "en": "kinds"}},
        },
    )
    path = tmp_path / "p.yaml"
    path.write_text(yaml.safe_dump({"rules": [spec]}), encoding="utf-8")
    assert keys(run_all(load_rulebook([path]), UNITS)) == [("c",), ("d",)]
    changed = load_rulebook([path], {"r-par-01": {"max": 3, "skip": []}})
    assert keys(run_all(changed, UNITS)) == [("d",)]


def test_join(tmp_path: Path) -> None:
    rulebook = book(
        tmp_path,
        rule(
            "JN-01",
            [
                {"fact": "unit", "as": "u", "where": {"kind": "team"}},
                {
                    "fact": "owner",
                    "as": "o",
                    "join": {"unit": "u.unit"},
                    "where": {"function": "cs"},
                },
            ],
        ),
    )
    facts = [
        *UNITS,
        owner("o1", "a", "cs"),
        owner("o2", "a", "finance"),
        owner("o3", "b", "cs"),
        owner("o4", "d", "cs"),
        owner("o5", "zz", "cs"),
    ]
    assert keys(run_all(rulebook, facts)) == [("a", "o1"), ("d", "o4")]


def test_negation_with_and_without_join(tmp_path: Path) -> None:
    rulebook = book(
        tmp_path,
        rule(
            "NEG-01",
            [
                {"fact": "unit", "as": "u"},
                {"not": {"fact": "owner", "join": {"unit": "u.unit"}, "where": {"function": "cs"}}},
            ],
        ),
        rule(
            "NEG-02",
            [
                {"fact": "unit", "as": "u", "where": {"depth": 0}},
                {"not": {"fact": "owner", "where": {"function": "finance"}}},
            ],
        ),
        rule(
            "NEG-03",
            [
                {"fact": "unit", "as": "u", "where": {"depth": 0}},
                {"not": {"fact": "owner", "where": {"function": "legal"}}},
            ],
        ),
        # a fact blocks its own negation when it matches (no fact matching this pattern exists)
        rule(
            "NEG-04",
            [{"fact": "unit", "as": "u"}, {"not": {"fact": "unit", "join": {"parent": "u.unit"}}}],
        ),
    )
    facts = [
        owner("o1", "a", "cs"),
        owner("o2", "c", "finance"),
        *UNITS,
        unit("e", parent="d"),
        owner("o3", "e", "cs"),
    ]
    found = run_all(rulebook, facts)
    assert keys(found, "NEG-01") == [("b",), ("c",), ("d",)]
    assert keys(found, "NEG-02") == []
    assert keys(found, "NEG-03") == [("a",)]
    assert keys(found, "NEG-04") == [("a",), ("b",), ("c",), ("e",)]


def test_negation_blocker_asserted_after_its_subject(tmp_path: Path) -> None:
    """durable-rules loses pending activations when a later fact cancels one through $not; the
    shadow copies make the order of facts irrelevant (compile_durable)."""
    rulebook = book(
        tmp_path,
        rule("ORD-01", [{"fact": "unit", "as": "u"}]),
        rule(
            "ORD-02",
            [{"fact": "unit", "as": "u"}, {"not": {"fact": "owner", "join": {"unit": "u.unit"}}}],
        ),
    )
    facts = [*UNITS, owner("o1", "a", "cs")]
    for order in (facts, facts[::-1]):
        found = run_all(rulebook, order)
        assert keys(found, "ORD-01") == [("a",), ("b",), ("c",), ("d",)]
        assert keys(found, "ORD-02") == [("b",), ("c",), ("d",)]


def test_self_join_mirror_pairs_kept_once(tmp_path: Path) -> None:
    rulebook = book(
        tmp_path,
        rule(
            "DUP-01",
            [
                {"fact": "unit", "as": "u"},
                {"fact": "unit", "as": "v", "join": {"name": "u.name"}},
            ],
            subject="v",
        ),
    )
    facts = [unit("b", name="X"), unit("a", name="X"), unit("c", name="X"), unit("d", name="Y")]
    # never one fact under both aliases; of (a,b)/(b,a) the one with ascending keys stays
    assert keys(run_all(rulebook, facts)) == [("a", "b"), ("a", "c"), ("b", "c")]


def test_missing_fields_fail_every_test(tmp_path: Path) -> None:
    rulebook = book(
        tmp_path,
        rule("MIS-01", [{"fact": "unit", "as": "u", "where": {"headcount": {"ne": 3}}}]),
        rule("MIS-02", [{"fact": "unit", "as": "u", "where": {"kind": {"not_in": ["x"]}}}]),
    )
    bare = {k: v for k, v in unit("z").items() if k not in ("headcount", "kind")}
    assert keys(run_all(rulebook, [bare, unit("y")])) == [("y",), ("y",)]


def test_matches_sorted_by_code_then_subject_key(tmp_path: Path) -> None:
    rulebook = book(
        tmp_path,
        rule("ZZ-01", [{"fact": "unit", "as": "u"}]),
        rule("AA-01", [{"fact": "unit", "as": "u", "where": {"depth": {"gt": 1}}}]),
    )
    found = run_all(rulebook, list(reversed(UNITS)))
    assert [(m.code, m.bindings["u"]["key"]) for m in found] == [
        ("AA-01", "b"),
        ("AA-01", "c"),
        ("AA-01", "d"),
        ("ZZ-01", "a"),
        ("ZZ-01", "b"),
        ("ZZ-01", "c"),
        ("ZZ-01", "d"),
    ]
    assert found[0].bindings["u"] is UNITS[1]  # the original fact dict, not an engine copy


def test_numbers_durable_cannot_parse_as_json_dumps_writes_them(tmp_path: Path) -> None:
    rulebook = book(
        tmp_path,
        rule("NUM-01", [{"fact": "company", "as": "u", "where": {"revenue": {"gte": 1e-05}}}]),
    )
    values = [0.0, 1e-06, 1e-05, 2.5e-05, 1e16, 1e20, float("inf"), 2**70, 120000000.0, -1e300]
    facts = [{"type": "company", "key": f"c{i}", "revenue": v} for i, v in enumerate(values)]
    assert keys(run_all(rulebook, facts)) == [
        ("c2",),
        ("c3",),
        ("c4",),
        ("c5",),
        ("c6",),
        ("c7",),
        ("c8",),
    ]


def test_unknown_engine_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown engine"):
        evaluate(book(tmp_path, rule("EN-01", [{"fact": "unit", "as": "u"}])), [], "clips")


def test_engine_names() -> None:
    assert ENGINES[-1] == "python"
    assert default_engine_name().startswith(
        "durable-rules 2.0" if "durable" in ENGINES else "python"
    )


# -- isolation, threads, collisions, errors, limits (durable back end) ------------------------


@needs_durable
def test_runs_never_see_each_others_facts(tmp_path: Path) -> None:
    rulebook = book(
        tmp_path,
        rule(
            "ISO-01",
            [{"fact": "unit", "as": "u"}, {"not": {"fact": "owner", "join": {"unit": "u.unit"}}}],
        ),
    )
    first = [unit("a"), unit("b"), owner("o", "a", "cs")]
    second = [unit("a"), unit("c")]
    expect = {1: [("b",)], 2: [("a",), ("c",)]}
    for number in (1, 2, 2, 1, 1, 2):  # sequential and alternating
        assert (
            keys(evaluate(rulebook, first if number == 1 else second, "durable")) == expect[number]
        )


@needs_durable
def test_concurrent_runs_in_threads_stay_apart(tmp_path: Path) -> None:
    rulebook = book(tmp_path, rule("THR-01", [{"fact": "unit", "as": "u"}]))
    results: dict[int, list[tuple[str, ...]]] = {}

    def work(n: int) -> None:
        results[n] = keys(evaluate(rulebook, [unit(f"t{n}-{i}") for i in range(200)], "durable"))

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(
        results[n] == [(f"t{n}-{i}",) for i in sorted(range(200), key=str)] for n in range(4)
    )


@needs_durable
def test_ids_whose_hashes_collide_are_one_fact_to_durable() -> None:
    """The identity model durable_ids relies on: durable files a fact under fnv1a32 of its id and
    compares nothing else (notes §3.6), so "797186" is refused after "40189", "40190" is not."""
    import durable_rules_engine as engine

    from orglint.engine.durable_ids import fnv1a32

    assert fnv1a32("797186") == fnv1a32("40189") != fnv1a32("40190")
    rules = {"r": {"all": [{"p0": {"type": "T"}}]}}
    handle = engine.create_ruleset("collide", json.dumps(rules))
    assert engine.assert_fact(handle, '{"id":"40189","type":"T","_seq":1}')[0] == 0
    assert engine.assert_fact(handle, '{"id":"797186","type":"T","_seq":2}')[0] == 2  # observed
    assert engine.assert_fact(handle, '{"id":"40190","type":"T","_seq":3}')[0] == 0


def test_fact_ids_never_share_a_hash() -> None:
    from orglint.engine.durable_ids import CONTIGUOUS, STATE_FACT_ID, _hashed_ids, fnv1a32

    hashed = _hashed_ids(CONTIGUOUS + 5)  # what fact_ids gives beyond CONTIGUOUS
    assert hashed[:CONTIGUOUS] == [str(i) for i in range(CONTIGUOUS)]  # the shortcut holds
    assert str(CONTIGUOUS) not in hashed  # "797186": the first numeral skipped
    hashes = {fnv1a32(text) for text in hashed}
    assert len(hashes) == len(hashed) and fnv1a32(STATE_FACT_ID) not in hashes


@needs_durable
def test_a_batch_cut_short_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """durable's assert_facts stops silently at a fact it cannot parse; the sentinel shows it."""
    from orglint.engine import durable_json

    real = durable_json.copy_text

    def unparsable_b(fact: Any, *args: Any) -> str:
        text = real(fact, *args)
        return text.replace('"_seq":', '"_seq":1e0', 1) if fact["key"] == "b" else text

    monkeypatch.setattr(durable_json, "copy_text", unparsable_b)
    # the rule reads `unit`, so each unit has a copy of its own (durable_backend groups copies)
    where = {"unit": {"ne": ""}}
    rulebook = book(tmp_path, rule("CUT-01", [{"fact": "unit", "as": "u", "where": where}]))
    with pytest.raises(RuntimeError, match="before its end"):
        evaluate(rulebook, [unit("a"), unit("b"), unit("c")], "durable")


@needs_durable
def test_callback_error_is_surfaced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from orglint.engine import durable_backend

    def broken(message: str, arity: int) -> list[tuple[int, ...]]:
        raise KeyError("_seq")

    monkeypatch.setattr(durable_backend, "_frames", broken)
    rulebook = book(tmp_path, rule("ERR-01", [{"fact": "unit", "as": "u"}]))
    with pytest.raises(RuntimeError, match="ERR-01"):
        evaluate(rulebook, [unit("a")], "durable")


def _many(count: int, values: int = 1) -> Iterator[dict[str, Any]]:
    for i in range(count):
        depths = list(range(i % 7, i % 7 + values))
        where = {"depth": {"in": depths}} if values > 1 else {"depth": {"gte": i % 7}}
        yield rule(
            f"MNY-{i:02d}" if i < 100 else f"MNYZ-{i - 100:02d}",
            [{"fact": "unit", "as": "u", "where": where}],
        )


@needs_durable
@pytest.mark.parametrize(("count", "values"), [(120, 1), (40, 20)])
def test_rules_are_chunked_and_all_fire(tmp_path: Path, count: int, values: int) -> None:
    from orglint.engine.compile_durable import MAX_RULES_PER_RULESET, compile_rules
    from orglint.rulecheck import MAX_ALTERNATIVES

    rulebook = book(tmp_path, *_many(count, values))
    plan = compile_rules(rulebook.rules)
    assert len(plan.chunks) > 1
    assert all(len(c.rules) <= MAX_RULES_PER_RULESET for c in plan.chunks)
    assert all(sum(values for _ in c.rules) <= MAX_ALTERNATIVES for c in plan.chunks)
    facts = [unit(f"u{d}", depth=d) for d in range(30)]
    found = run_all(rulebook, facts)
    assert {m.code for m in found} == {r.code for r in rulebook.rules}


@needs_durable
def test_no_threads_left_behind(tmp_path: Path) -> None:
    rulebook = book(tmp_path, rule("THD-01", [{"fact": "unit", "as": "u"}]))
    before = threading.active_count()
    for _ in range(50):
        evaluate(rulebook, UNITS, "durable")
    assert threading.active_count() == before


# -- the two engines agree on random facts for rules using every construct --------------------

PROPERTY_RULES = [
    rule(
        "PR-01",
        [
            {
                "fact": "unit",
                "as": "u",
                "where": {
                    "depth": {"gte": 1, "lt": 4},
                    "kind": {"in": ["team", "post"]},
                    "has_lead": False,
                },
            }
        ],
    ),
    rule(
        "PR-02",
        [
            {
                "fact": "unit",
                "as": "u",
                "where": {
                    "any": [
                        {"band": "small", "headcount": {"gt": "$big"}},
                        {"kind": {"not_in": ["team"]}, "any": [{"depth": 0}, {"outsourced": True}]},
                    ]
                },
            }
        ],
        params={"big": {"default": 4, "description": {"zh": "大", "en": "big"}}},
    ),
    rule(
        "PR-03",
        [
            {"fact": "unit", "as": "u"},
            {
                "fact": "owner",
                "as": "o",
                "join": {"unit": "u.unit"},
                "where": {"function": {"ne": "cs"}},
            },
        ],
        subject="o",
    ),
    rule(
        "PR-04",
        [
            {"fact": "unit", "as": "u", "where": {"kind": "team"}},
            {
                "not": {
                    "fact": "owner",
                    "join": {"unit": "u.unit"},
                    "where": {"function": {"in": ["cs", "finance"]}},
                }
            },
        ],
    ),
    rule(
        "PR-05",
        [
            {"fact": "unit", "as": "u"},
            {"fact": "unit", "as": "v", "join": {"parent": "u.unit", "band": "u.band"}},
            {"not": {"fact": "owner", "join": {"unit": "v.unit"}}},
        ],
    ),
    rule(
        "PR-06",
        [
            {"fact": "unit", "as": "u"},
            {
                "fact": "unit",
                "as": "v",
                "join": {"name": "u.name"},
                "where": {"headcount": {"lte": 3}},
            },
        ],
    ),
    rule(
        "PR-07",
        [
            {"fact": "owner", "as": "u", "where": {"explicit": True}},
            {"not": {"fact": "unit", "where": {"depth": {"gt": 3}}}},
        ],
    ),
    rule(
        "PR-08",
        [
            {
                "fact": "company",
                "as": "u",
                "where": {
                    "revenue": {"gte": "$floor"},
                    "any": [{"overseas": True}, {"revenue": {"lt": 1e-05}}],
                },
            }
        ],
        params={"floor": {"default": -1e20, "description": {"zh": "下限", "en": "floor"}}},
    ),
]

_names = st.sampled_from(["a", "b", "c", "d", "电商"])
_units = st.builds(
    lambda k, parent, name, kind, band, depth, hc, lead, out: unit(
        k,
        parent=parent,
        name=name,
        kind=kind,
        band=band,
        depth=depth,
        headcount=hc,
        has_lead=lead,
        outsourced=out,
    ),
    _names,
    st.sampled_from(["", "a", "b", "c"]),
    _names,
    st.sampled_from(["team", "post", "department"]),
    st.sampled_from(["small", "large"]),
    st.integers(0, 5),
    st.integers(-1, 8),
    st.booleans(),
    st.booleans(),
)
_owners = st.builds(
    lambda u, f, e: owner("", u, f, explicit=e),
    _names,
    st.sampled_from(["cs", "finance", "ops"]),
    st.booleans(),
)
_companies = st.builds(
    lambda revenue, overseas: {
        "type": "company",
        "key": "",
        "revenue": revenue,
        "overseas": overseas,
    },
    st.floats(allow_nan=False) | st.integers(-(2**62), 2**62),
    st.booleans(),
)


@needs_durable
@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(facts=st.lists(_units | _owners | _companies, max_size=14), order=st.randoms())
def test_engines_agree_on_random_facts(
    tmp_path: Path, facts: list[dict[str, Any]], order: Any
) -> None:
    for i, fact in enumerate(facts):
        fact["key"] = f"{fact['type']}{i:02d}"
    order.shuffle(facts)
    rulebook = book(tmp_path, *PROPERTY_RULES)
    assert evaluate(rulebook, facts, "durable") == evaluate(rulebook, facts, "python")


# -- durable-rules 2.0.28 behaviours the wrapper works around (fail here if an upgrade changes them)


def _raw_run(rules: dict[str, Any], texts: list[str]) -> list[tuple[str, tuple[int, ...]]]:
    import json

    import durable_rules_engine as engine

    handle = engine.create_ruleset(f"probe{id(texts)}", json.dumps(rules))
    for text in texts:
        engine.assert_fact(handle, text)
    found: list[tuple[str, tuple[int, ...]]] = []
    while started := engine.start_action(handle):
        message = started[1]
        while message:
            for name, frame in json.loads(message).items():
                found.append((name, tuple(frame[a]["_seq"] for a in sorted(frame))))
            message = engine.complete_and_start_action(handle, started[2])
    return sorted(found)


@needs_durable
def test_durable_rejects_exponents_without_a_point() -> None:
    import durable_rules_engine as engine

    rules = {"r": {"all": [{"p0": {"$and": [{"type": "T"}, {"$gt": {"x": 0}}]}}]}}
    assert _raw_run(rules, ['{"type":"T","_seq":1,"x":1.0e-05}']) == [("r", (1,))]
    with pytest.raises(engine.error, match="204"):
        _raw_run(rules, ['{"type":"T","_seq":1,"x":1e-05}'])  # what json.dumps writes


@needs_durable
def test_durable_joins_compare_types_but_alpha_tests_coerce() -> None:
    join = {
        "r": {"all": [{"p0": {"type": "A"}}, {"p1": {"$and": [{"type": "B"}, {"k": {"p0": "k"}}]}}]}
    }
    texts = [
        '{"type":"A","_seq":1,"k":1}',
        '{"type":"B","_seq":2,"k":1.0}',
        '{"type":"B","_seq":3,"k":1}',
        '{"type":"A","_seq":4,"k":true}',
    ]
    assert _raw_run(join, texts) == [("r", (1, 3))]
    alpha = {"r": {"all": [{"p0": {"$and": [{"type": "A"}, {"k": 1.0}]}}]}}
    assert _raw_run(alpha, texts) == [("r", (1,)), ("r", (4,))]


@needs_durable
@pytest.mark.parametrize(
    ("alias", "late"),
    [
        ("p0", [("alpha", (1,)), ("neg", (1,))]),  # the late blocker does not cancel `neg`
        ("u", []),  # the late blocker cancels `neg` and takes the pending `alpha` with it
    ],
)
def test_durable_mishandles_a_negation_blocker_that_arrives_late(
    alias: str, late: list[tuple[str, tuple[int, ...]]]
) -> None:
    """Why negated patterns match shadow copies asserted before everything else."""
    rules = {
        "alpha": {"all": [{alias: {"type": "A"}}]},
        "neg": {
            "all": [
                {alias: {"type": "A"}},
                {"n1$not": {"$and": [{"type": "B"}, {"k": {alias: "k"}}]}},
            ]
        },
    }
    a, b = '{"type":"A","_seq":1,"k":"x"}', '{"type":"B","_seq":2,"k":"x"}'
    assert _raw_run(rules, [b, a]) == [("alpha", (1,))]  # blocker first: correct
    assert _raw_run(rules, [a, b]) == late
