"""Meta-tests over the rule catalogue: complete, bilingual, cited, reachable by code and name."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from orglint.rulebook import Rule
from tests.helpers import ROOT, rulebook

PRINCIPLES = {
    "clarity",
    "measurability",
    "flexibility",
    "collaboration",
    "revenue-band",
    "reporting",
    "conditional",
}
SEEDS = ROOT.parent / "shared" / "seeds"
PINYIN = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)")
RULES = rulebook().rules


def test_catalogue_size_and_coverage() -> None:
    assert len(RULES) >= 30
    assert {r.principle for r in RULES} == PRINCIPLES


def test_codes_and_names_unique_and_well_formed() -> None:
    assert len({r.code for r in RULES}) == len(RULES)
    assert len({r.name for r in RULES}) == len(RULES)
    for rule in RULES:
        assert re.fullmatch(r"[A-Z]{2,4}-\d{2}", rule.code)
        assert re.fullmatch(r"[a-z]+(-[a-z0-9]+)+", rule.name)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_rule_reachable_by_code_and_name(rule: Rule) -> None:
    assert rulebook().get(rule.code) is rule
    assert rulebook().get(rule.name) is rule


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_rule_speaks_both_languages(rule: Rule) -> None:
    for text in (rule.message, rule.fix):
        assert text.zh.strip() and text.en.strip()
        assert re.search(r"[\u4e00-\u9fff]", text.zh), "zh text has no Chinese"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_rule_cites_its_source(rule: Rule) -> None:
    source = rule.source
    assert source["kind"] in {"seed", "assumed", "derived"}
    if source["kind"] == "seed":
        assert source["file"] and source["quote"]
    if source["kind"] == "assumed":
        assert source["reason"] and source["outside_source"]
    if source["kind"] == "derived":
        assert source["reason"]


def _seed_text(name: str) -> str:
    # Seeds 001 and 004 carry inline pinyin after some characters; quotes are given without it.
    return PINYIN.sub("", (SEEDS / name).read_text(encoding="utf-8"))


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is not beside this checkout")
@pytest.mark.parametrize("rule", [r for r in RULES if "quote" in r.source], ids=lambda r: r.code)
def test_quote_occurs_verbatim_in_its_seed(rule: Rule) -> None:
    assert rule.source["quote"] in _seed_text(rule.source["file"])


def test_rule_files_live_in_rules_lint() -> None:
    for rule in RULES:
        assert Path(rule.file).parent.name == "lint"
