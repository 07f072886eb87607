"""Function inference from unit names, ambiguity and vagueness checks, KPI name resolution.

The name table (tests/data/function_names.yaml) is the main specification: realistic department and
post names in 简体, 繁體 and English with the exact functions expected.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from orglint import vocabulary
from orglint.infer import (
    infer_functions,
    is_ambiguous_name,
    is_vague_responsibility,
    resolve_kpi,
)

TABLE = yaml.safe_load(
    (Path(__file__).parent / "data" / "function_names.yaml").read_text(encoding="utf-8")
)
SCRIPTS = ("zh_hans", "zh_hant", "en")
STAGES = {"traffic", "conversion", "fulfilment", "retention", "support"}
FUNCTION_IDS = sorted(vocabulary.function_ids())


def _case_id(case: dict[str, Any]) -> str:
    parent = case.get("parent")
    return f"{case['name']} | under {','.join(parent)}" if parent else str(case["name"])


NAMED_CASES = [case for script in SCRIPTS for case in TABLE[script]]


# --- the name table ---------------------------------------------------------------------------


@pytest.mark.parametrize("case", NAMED_CASES, ids=_case_id)
def test_name_infers_expected_functions(case: dict[str, Any]) -> None:
    got = infer_functions(case["name"], parent_functions=case.get("parent", ()))
    assert got == tuple(case["functions"])


@pytest.mark.parametrize("name", TABLE["nothing"])
def test_name_outside_every_function_maps_to_nothing(name: str) -> None:
    assert infer_functions(name) == ()


def test_table_is_large_and_covers_the_three_scripts() -> None:
    counts = {script: len(TABLE[script]) for script in SCRIPTS}
    assert sum(counts.values()) >= 150
    assert min(counts.values()) >= sum(counts.values()) // 4  # roughly a third each
    assert len(TABLE["nothing"]) >= 15


def test_table_expectations_are_sorted_known_ids() -> None:
    for case in NAMED_CASES:
        assert case["functions"] == sorted(set(case["functions"])), case
        assert set(case["functions"]) <= set(FUNCTION_IDS), case


def test_every_function_is_named_somewhere_in_the_table() -> None:
    named = {f for case in NAMED_CASES for f in case["functions"]}
    assert named == set(FUNCTION_IDS)


# --- normalization ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "客 服 部",
        "客服部（华东）",
        "【客服部】",
        "客服部-2组",
        "ＣＵＳＴＯＭＥＲ ＳＥＲＶＩＣＥ",
        "customer   SERVICE",
        "Customer-Service Team",
        "Customer Services",
    ],
)
def test_spacing_punctuation_width_case_and_plurals_do_not_matter(name: str) -> None:
    assert infer_functions(name) == ("customer_service",)


def test_english_words_match_whole_not_inside_other_words() -> None:
    # "pr" (PR) and "it" (IT) must not be found inside "product" / "quality" / "facilities".
    assert infer_functions("Product Quality Facilities") == ()
    assert infer_functions("PR") == ("pr_brand",)


def test_generic_suffixes_do_not_form_spurious_keywords() -> None:
    assert infer_functions("销售中心") == ()  # not 售中 (in-sale service)
    assert infer_functions("天猫运营经理") == ("platform_store_operations",)
    assert infer_functions("Head of Customer Service") == ("customer_service",)


def test_longest_keyword_wins() -> None:
    assert infer_functions("售前客服") == ("cs_presale",)
    assert infer_functions("用户体验设计") == ("platform_product_ux",)
    assert infer_functions("Social Media Ads") == ("digital_marketing",)
    assert infer_functions("Social Media") == ("content_operations",)


# --- results: order, uniqueness, several functions ------------------------------------------


def test_result_is_sorted_and_unique() -> None:
    assert infer_functions("采购及物流部") == ("logistics_delivery", "procurement", "warehousing")
    assert infer_functions("客服部客服组") == ("customer_service",)
    got = infer_functions("物流及售后及采购组", ["客服", "售后"])
    assert got == tuple(sorted(set(got)))


def test_unit_named_for_several_functions_owns_them_all() -> None:
    assert infer_functions("数据分析及直播运营组") == ("data_analysis", "live_streaming_operations")


# --- responsibilities -------------------------------------------------------------------------


def test_responsibilities_decide_only_when_the_name_yields_nothing() -> None:
    duties = ["负责天猫店铺日常运营", "处理售后退换货"]
    assert infer_functions("综合一组", duties) == ("cs_aftersale", "platform_store_operations")
    assert infer_functions("客服部", ["负责直播间场控"]) == ("customer_service",)


def test_responsibilities_in_traditional_and_english() -> None:
    assert infer_functions("小王", ["負責庫存管理與盤點"]) == ("warehousing",)
    assert infer_functions("Team A", ["Run paid ads on Tmall"]) == ("digital_marketing",)


def test_vague_responsibilities_give_nothing() -> None:
    assert infer_functions("综合组", ["协助完成领导交办的其他工作"]) == ()


def test_responsibilities_resolve_an_ambiguous_name() -> None:
    assert infer_functions("产品部", ["负责选品和定价"]) == ("product_merchandising",)
    assert infer_functions("产品部", ["制定产品路线图"]) == ("platform_product_ux",)
    assert infer_functions("产品部", ["推动新品开发"]) == ("product_development",)
    assert infer_functions("质检组", ["客服聊天记录抽检"]) == ("cs_quality_audit",)


def test_ambiguous_name_resolving_to_nothing_falls_back_to_responsibilities() -> None:
    duties = ["商品入库验收", "仓库盘点"]
    assert infer_functions("质检组", duties, ["warehousing"]) == ("warehousing",)


# --- parent context ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "parents", "expected"),
    [
        ("质检组", ["customer_service"], ("cs_quality_audit",)),
        ("质检组", ["cs_aftersale"], ("cs_quality_audit",)),
        ("质检组", ["warehousing"], ()),
        ("质检组", [], ()),
        ("SEO专员", ["tech_web_development"], ("tech_web_development",)),
        ("SEO专员", ["digital_marketing"], ("digital_marketing",)),
        ("设计组", ["tech_system_development"], ("tech_web_development",)),
        ("设计组", ["platform_product_ux"], ("platform_product_ux",)),
        ("设计组", [], ("visual_design",)),
        ("活动策划组", ["pr_brand"], ("pr_brand",)),
        ("活动策划组", ["platform_store_operations"], ("campaign_promotion_planning",)),
        ("CRM组", ["tech_system_development"], ("tech_system_development",)),
        ("CRM组", [], ("user_crm_operations",)),
        ("CRM系统开发组", [], ("tech_system_development",)),
        ("活动策划品牌组", [], ("pr_brand",)),
        ("客服质检组", [], ("cs_quality_audit",)),
        ("CRM", ["tech_system_development"], ("tech_system_development",)),
        ("EDM", ["digital_marketing"], ("digital_marketing",)),
        ("EDM", [], ("user_crm_operations",)),
        ("运维组", [], ()),
        ("运维组", ["tech_web_development"], ("tech_ops_maintenance",)),
    ],
)
def test_parent_functions_resolve_ambiguous_names(
    name: str, parents: list[str], expected: tuple[str, ...]
) -> None:
    assert infer_functions(name, parent_functions=parents) == expected


def test_parent_context_wins_over_responsibilities() -> None:
    got = infer_functions("设计组", ["详情页和海报设计"], ["tech_web_development"])
    assert got == ("tech_web_development",)


def test_parent_context_does_not_change_unambiguous_names() -> None:
    assert infer_functions("客服部", parent_functions=["tech_web_development"]) == (
        "customer_service",
    )


# --- ambiguity --------------------------------------------------------------------------------

TERM_KEYWORDS = [word for term in vocabulary.ambiguous_terms() for word in term.keywords]


@pytest.mark.parametrize("keyword", TERM_KEYWORDS)
def test_every_ambiguous_keyword_is_detected(keyword: str) -> None:
    assert is_ambiguous_name(keyword)


@pytest.mark.parametrize("suffix", ["部", "组", "中心", "团队", " Team", " Department"])
def test_ambiguous_keywords_stay_ambiguous_with_a_unit_suffix(suffix: str) -> None:
    assert all(is_ambiguous_name(word + suffix) for word in TERM_KEYWORDS)


@pytest.mark.parametrize(
    "name",
    [
        "天猫运营",
        "售前客服组",
        "客服部",
        "电商总监",
        "运营总监",
        "客服质检",
        "平面设计师",
        "Customer Service",
        "Store Ops",
        "行政部",
    ],
)
def test_specific_names_are_not_ambiguous(name: str) -> None:
    assert not is_ambiguous_name(name)


@pytest.mark.parametrize(
    "name", ["运营部", "運營部", "质检组", "產品部", "SEO", "设计中心", "Operations"]
)
def test_ambiguous_names_in_every_script(name: str) -> None:
    assert is_ambiguous_name(name)


# --- vague responsibilities -------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "协助完成领导交办的其他工作",
        "完成上级安排的临时任务",
        "配合其他部门的相关工作",
        "其他",
        "协助经理处理日常事务等",
        "協助完成領導交辦的其他工作",
        "配合其他部門",
        "Other duties as assigned",
        "Assist the manager with daily tasks",
        "Support the team and other related work",
        "",
        "——",
    ],
)
def test_vague_responsibility(text: str) -> None:
    assert is_vague_responsibility(text)


@pytest.mark.parametrize(
    "text",
    [
        "负责天猫店铺日常运营",
        "协助市场部进行内容营销",
        "处理售后退换货",
        "协助处理客户投诉",
        "负责办公室绿植养护",
        "負責天貓店鋪日常運營",
        "Manage Tmall store operations",
        "Assist with inventory counts",
        "每周输出数据报表",
    ],
)
def test_specific_responsibility_is_not_vague(text: str) -> None:
    assert not is_vague_responsibility(text)


# --- KPI names --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "kpi_id"),
    [
        ("库存周转率", "inventory_turnover"),
        ("庫存周轉率", "inventory_turnover"),
        ("inventory turnover", "inventory_turnover"),
        ("Inventory Turnover (days)", "inventory_turnover"),
        ("库存周转率（天）", "inventory_turnover"),
        ("转化率", "conversion_rate"),
        ("店铺转化率", "conversion_rate"),
        ("轉化率", "conversion_rate"),
        ("Conversion Rate", "conversion_rate"),
        ("UV转化率", "conversion_rate"),
        ("客单价", "average_order_value"),
        ("客單價", "average_order_value"),
        ("AOV", "average_order_value"),
        ("复购率", "repurchase_rate"),
        ("Repeat purchase rate", "repurchase_rate"),
        ("投入产出比(ROI)", "roi"),
        ("ROI", "roi"),
        ("活动ROI", "campaign_roi"),
        ("活动GMV", "project_goal"),
        ("GMV", "sales_target"),
        ("30秒内回复率", "cs_response_rate_30s"),
        ("好評率", "positive_review_rate"),
        ("差评率", "negative_review_rate"),
        ("动销率", "sell_through_rate"),
        ("Sell-through", "sell_through_rate"),
        ("用户满意度", "customer_satisfaction"),
        ("配送满意度", "delivery_satisfaction"),
        ("物流成本", "logistics_cost"),
        ("Top10商品销售占比", "top10_sales_share"),
        ("LTV", "ltv"),
        ("點擊率", "click_through_rate"),
        ("CTR", "click_through_rate"),
        ("舆情响应时效", "public_opinion_response_time"),
    ],
)
def test_kpi_names_resolve(name: str, kpi_id: str) -> None:
    assert resolve_kpi(name) == kpi_id


@pytest.mark.parametrize("name", ["", "员工幸福感", "Number of meetings", "出勤率", "——"])
def test_unknown_kpi_names_resolve_to_none(name: str) -> None:
    assert resolve_kpi(name) is None


def test_every_catalogued_kpi_name_resolves_to_its_own_kpi() -> None:
    for kpi in vocabulary.kpis().values():
        for name in kpi.names:
            assert resolve_kpi(name) == kpi.id, (kpi.id, name)


# --- the vocabulary data ----------------------------------------------------------------------


def test_there_are_41_functions_with_names_stage_and_source() -> None:
    functions = vocabulary.functions()
    assert len(functions) == 41
    for f in functions.values():
        assert set(f.names) == set(SCRIPTS) and all(f.names.values()), f.id
        assert f.stage_primary in STAGES and set(f.stage_secondary) <= STAGES, f.id
        assert f.source["file"].endswith(".txt") and f.source["quote"], f.id
        assert f.part_of is None or f.part_of in functions, f.id


def test_every_function_is_inferred_from_its_own_main_names() -> None:
    for f in vocabulary.functions().values():
        for script in ("zh_hans", "zh_hant"):
            assert f.id in infer_functions(f.names[script]), (f.id, f.names[script])


def test_referenced_function_ids_exist() -> None:
    known = vocabulary.function_ids()
    for _, ids in vocabulary.function_keywords():
        assert set(ids) <= known
    for term in vocabulary.ambiguous_terms():
        for reading in term.readings:
            assert set(reading.functions) | reading.when <= known, term.term
    for kpi in vocabulary.kpis().values():
        assert set(kpi.functions) <= known, kpi.id


def test_kpi_catalogue_has_57_kpis_named_in_three_scripts() -> None:
    kpis = vocabulary.kpis()
    assert len(kpis) == 57
    assert all(kpi.names for kpi in kpis.values())


def test_character_map_is_one_step() -> None:
    t2s = vocabulary.traditional_to_simplified()
    assert t2s and all(len(t) == len(s) == 1 for t, s in t2s.items())
    assert not set(t2s) & set(t2s.values())  # no character is mapped twice


def test_every_ambiguous_term_has_a_reading() -> None:
    terms = vocabulary.ambiguous_terms()
    assert len(terms) == 12
    for term in terms:
        assert term.keywords and term.readings, term.term
        assert sum(r.default for r in term.readings) <= 1, term.term


SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
# Seeds 001/004 carry pinyin after some characters (標(biāo)準(zhǔn)); quotes are kept without it.
PINYIN = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜ]+\)")


def _citations(node: Any) -> Iterator[dict[str, str]]:
    if isinstance(node, dict):
        if "file" in node and "quote" in node:
            yield node
        for value in node.values():
            yield from _citations(value)
    elif isinstance(node, list):
        for value in node:
            yield from _citations(value)


@pytest.mark.parametrize("filename", ["functions.yaml", "kpis.yaml", "vocabulary.yaml"])
def test_citations_quote_the_seeds(filename: str) -> None:
    if not SEEDS.is_dir():
        pytest.skip("shared/seeds is not beside the repository")
    rules = Path(__file__).resolve().parents[1] / "rules" / filename
    data = yaml.safe_load(rules.read_text(encoding="utf-8"))
    for citation in _citations(data):
        seed = (SEEDS / citation["file"]).read_text(encoding="utf-8")
        assert citation["quote"] in seed or citation["quote"] in PINYIN.sub("", seed), citation


# --- robustness and speed ---------------------------------------------------------------------

TEXT = st.text(max_size=40)


@settings(max_examples=300, deadline=None)
@given(
    name=TEXT,
    duties=st.lists(TEXT, max_size=4),
    parents=st.lists(st.sampled_from(FUNCTION_IDS) | TEXT, max_size=4),
)
def test_any_text_gives_sorted_known_function_ids(
    name: str, duties: list[str], parents: list[str]
) -> None:
    got = infer_functions(name, duties, parents)
    assert isinstance(got, tuple)
    assert list(got) == sorted(set(got))
    assert set(got) <= vocabulary.function_ids()


@settings(max_examples=300, deadline=None)
@given(text=TEXT)
def test_checks_accept_any_text(text: str) -> None:
    assert isinstance(is_ambiguous_name(text), bool)
    assert isinstance(is_vague_responsibility(text), bool)
    kpi = resolve_kpi(text)
    assert kpi is None or kpi in vocabulary.kpis()
