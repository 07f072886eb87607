"""Rule files, the suppression rules and configs are checked by a compiled fastjsonschema check
first (orglint/schemafast.py) and by jsonschema only when that says no. Every check that ran
before still runs, with the same messages: the fast check may only ever say "valid" where
jsonschema finds nothing."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError

from orglint import catalogue, configcheck, ruleschema
from orglint.catalogue import load_catalogue, meta_rule_paths
from orglint.configfile import read_config
from orglint.errors import InputErrors
from orglint.resources import rules_dir
from orglint.rulebook import default_rule_paths
from orglint.ruleyaml import load_with_marks
from tests.test_config_errors import CASES as BROKEN_CONFIGS
from tests.test_rulebook import BROKEN as BROKEN_RULES
from tests.test_rulebook import GOOD
from tests.test_schema_fast import one_change_each

QuickCheck = Callable[[Any], bool]


def _rule_files() -> list[dict[str, Any]]:
    return [load_with_marks(path.read_text(encoding="utf-8"))[0] for path in default_rule_paths()]


def _meta_file() -> dict[str, Any]:
    data: dict[str, Any] = load_with_marks(meta_rule_paths()[0].read_text(encoding="utf-8"))[0]
    return data


def _presets() -> list[dict[str, Any]]:
    return [yaml.safe_load(p.read_text("utf-8")) or {} for p in (rules_dir() / "presets").iterdir()]


def _fast(check: QuickCheck | None) -> QuickCheck:
    assert check is not None, "the fast path is off"
    return check


# --- the shipped data gets the fast path --------------------------------------------------------


def test_every_shipped_rule_file_meta_file_and_preset_is_fast_valid() -> None:
    assert all(map(_fast(ruleschema.CHECK.quick()), _rule_files()))
    assert _fast(catalogue.META_CHECK.quick())(_meta_file())
    assert all(map(_fast(configcheck.CHECK.quick()), _presets()))


def test_loading_the_catalogue_asks_jsonschema_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_jsonschema() -> None:
        raise AssertionError("jsonschema was asked about fast-valid data")

    monkeypatch.setattr(ruleschema.CHECK, "validator", no_jsonschema)
    monkeypatch.setattr(catalogue.META_CHECK, "validator", no_jsonschema)
    monkeypatch.setattr(configcheck.CHECK, "validator", no_jsonschema)
    catalogue._cached.cache_clear()
    catalogue.meta_rules.cache_clear()
    try:
        assert len(load_catalogue().rules) > 40
    finally:
        catalogue._cached.cache_clear()
        catalogue.meta_rules.cache_clear()


# --- fast-valid implies jsonschema-valid, one change at a time ----------------------------------


def _some_rules() -> list[dict[str, Any]]:
    """The first rule of each file, and the first with each construct the schema branches on."""
    rules = [rule for data in _rule_files() for rule in data["rules"]]
    chosen = [data["rules"][0] for data in _rule_files()]
    for needle in ('"not"', '"any"', '"action"', '"params"', '"in"', '"assumed"', '"derived"'):
        chosen.append(next(r for r in rules if needle in json.dumps(r)))
    return chosen


def _assert_fast_valid_implies_valid(
    data: dict[str, Any], check: QuickCheck, validator: Draft202012Validator
) -> tuple[int, int]:
    """(changes tried, changes fast-valid); every fast-valid one is jsonschema-valid."""
    tried = fast_valid = 0
    for _ in one_change_each(data):
        tried += 1
        if check(data):
            fast_valid += 1
            assert list(validator.iter_errors(data)) == [], data
    return tried, fast_valid


def test_changed_rules_fast_valid_implies_valid() -> None:
    check = _fast(ruleschema.CHECK.quick())
    validator = Draft202012Validator(ruleschema.rule_schema())
    counts = [
        _assert_fast_valid_implies_valid({"rules": [copy.deepcopy(rule)]}, check, validator)
        for rule in _some_rules()
    ]
    assert sum(fast for _, fast in counts) > 500
    assert sum(tried for tried, _ in counts) > sum(fast for _, fast in counts) * 2


def test_changed_meta_rules_and_configs_fast_valid_implies_valid() -> None:
    meta = _assert_fast_valid_implies_valid(
        _meta_file(),
        _fast(catalogue.META_CHECK.quick()),
        Draft202012Validator(catalogue._meta_schema()),
    )
    config = {
        "extends": "strict",
        "select": ["ALL"],
        "extend-select": ["CLR-04"],
        "ignore": ["clarity"],
        "per-file-ignores": {"legacy/*.yaml": ["measurability"]},
        "rules": {"CLR-04": {"severity": "error", "params": {"max_owners": 2}}},
        "fail-on": "warning",
        "lang": "zh",
        "include": ["org*.yaml"],
        "extend-include": ["x/*.yaml"],
        "exclude": ["old/"],
        "extend-exclude": ["tmp/"],
    }
    configs = _assert_fast_valid_implies_valid(
        config,
        _fast(configcheck.CHECK.quick()),
        Draft202012Validator(configcheck._schema()),
    )
    assert meta[1] > 50 and configs[1] > 20


# --- broken input: the same errors as before, worded by jsonschema ------------------------------


def _problems_both_ways(data: Any, monkeypatch: pytest.MonkeyPatch) -> tuple[list[Any], list[Any]]:
    with_fast = ruleschema.schema_problems(data)
    with monkeypatch.context() as patched:
        patched.setattr(ruleschema.CHECK, "quick", lambda: None)
        without = ruleschema.schema_problems(data)
    return with_fast, without


@pytest.mark.parametrize("case", BROKEN_RULES, ids=str)
def test_broken_rules_are_worded_as_before(case: str, monkeypatch: pytest.MonkeyPatch) -> None:
    data = {"rules": [GOOD, BROKEN_RULES[case][0]]}
    with_fast, without = _problems_both_ways(data, monkeypatch)
    assert with_fast == without


def test_a_rule_file_that_is_no_mapping_is_worded_as_before(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for data in ([], "rules", {"rules": None}, {"rules": [None]}, {}, {"rules": [], "x": 1}):
        with_fast, without = _problems_both_ways(data, monkeypatch)
        assert with_fast == without and with_fast


def test_a_broken_rule_schema_still_fails_as_before(monkeypatch: pytest.MonkeyPatch) -> None:
    """The meta-schema check (check_schema) still runs on the jsonschema path, and a schema it
    would refuse never gets the fast path (tests/test_schema_fast.py)."""
    broken = copy.deepcopy(ruleschema.rule_schema())
    broken["$defs"]["text"]["properties"]["zh"]["type"] = "strin"
    monkeypatch.setattr(ruleschema.CHECK, "schema", lambda: broken)
    ruleschema.CHECK.reset()
    try:
        assert ruleschema.CHECK.quick() is None
        with pytest.raises(SchemaError):
            ruleschema.schema_problems({"rules": [GOOD]})
    finally:
        monkeypatch.undo()
        ruleschema.CHECK.reset()


def test_a_broken_meta_rule_is_reported_as_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = _meta_file()
    data["rules"][0]["principle"] = "clarity"
    del data["rules"][1]["fix"]["en"]
    path = tmp_path / "meta.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(InputErrors) as fast:
        catalogue._load_meta(path)
    monkeypatch.setattr(catalogue.META_CHECK, "quick", lambda: None)
    with pytest.raises(InputErrors) as slow:
        catalogue._load_meta(path)
    rendered = [e.render("en") for e in fast.value.errors]
    assert rendered == [e.render("en") for e in slow.value.errors]
    assert rendered[0].startswith(f"{path}:") and "'suppression' was expected" in rendered[0]


@pytest.mark.parametrize(("text", "_where", "_words"), BROKEN_CONFIGS, ids=lambda c: str(c)[:30])
def test_broken_configs_are_reported_as_before(
    text: str, _where: str, _words: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / ".orglint.yaml"
    path.write_text(text, encoding="utf-8")

    def outcome() -> list[str]:
        try:
            source = read_config(path, ".orglint.yaml")
            assert source is not None
            configcheck.check_config(source, load_catalogue())
        except InputErrors as errors:
            return [e.render("en") for e in errors.errors]
        return []

    with_fast = outcome()
    monkeypatch.setattr(configcheck.CHECK, "quick", lambda: None)
    assert with_fast == outcome()
