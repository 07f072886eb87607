"""`orglint suggest --revenue R`: the band, structure and units come out as seed 004 says."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from orglint.cli import main
from orglint.revenue import parse_revenue
from orglint.suggest.bands import Traits, choose
from orglint.suggest.templates import default_templates, load_templates
from tests.helpers import ROOT
from tests.suggest_golden import BAND_REVENUES, LANGS, SUGGEST, band_output

SEEDS = ROOT.parent / "shared" / "seeds"
PINYIN = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)")


def band_json(capsys: pytest.CaptureFixture[str], revenue: str, *extra: str) -> dict[str, object]:
    assert main(["suggest", "--revenue", revenue, "--format", "json", "--lang", "zh", *extra]) == 0
    data: dict[str, object] = json.loads(capsys.readouterr().out)
    return data


def units_of(data: dict[str, object]) -> list[dict[str, object]]:
    units = data["units"]
    assert isinstance(units, list)
    return units


def test_small_band_is_the_four_person_team(capsys: pytest.CaptureFixture[str]) -> None:
    data = band_json(capsys, "5e6")
    assert data["structure"] == "flat_team"
    assert [u["name"] for u in units_of(data)] == ["运营", "设计", "客服", "供应链"]
    ops, _, _, supply = units_of(data)
    assert {"digital_marketing", "campaign_promotion_planning", "data_analysis"} <= set(
        ops["functions"]
    )  # type: ignore[arg-type]
    assert set(supply["functions"]) == {"procurement", "warehousing"}  # type: ignore[arg-type]
    assert sum(u["headcount"]["typical"] for u in units_of(data)) == 4  # type: ignore[index]


def test_medium_band_splits_posts_under_a_director(capsys: pytest.CaptureFixture[str]) -> None:
    data = band_json(capsys, "1.2亿")
    units = {u["id"]: u for u in units_of(data)}
    assert data["structure"] == "functional"
    assert units["director"]["name"] == "电商总监" and not units["director"]["parent"]
    owned = {f for u in units.values() for f in u["functions"]}  # type: ignore[attr-defined]
    split_posts = {
        "digital_marketing",
        "campaign_promotion_planning",
        "user_crm_operations",  # 运营
        "visual_design",
        "content_operations",  # 设计(视觉/视频)
        "cs_presale",
        "cs_aftersale",
        "cs_quality_audit",  # 客服
        "procurement",
        "warehousing",
        "logistics_delivery",  # 供应链
    }
    assert split_posts <= owned


def test_large_band_business_units_own_ops_supply_and_finance(
    capsys: pytest.CaptureFixture[str],
) -> None:
    data = band_json(capsys, "30亿")
    units = units_of(data)
    assert data["structure"] == "business_unit"
    business_units = [u["id"] for u in units if u["kind"] == "business_unit"]
    assert len(business_units) >= 2
    for bu in business_units:
        owned = {f for u in units if u["parent"] == bu for f in u["functions"]}  # type: ignore[attr-defined]
        assert owned & {"platform_store_operations", "digital_marketing"}
        assert owned & {"procurement", "warehousing", "logistics_delivery"}
        assert "finance" in owned


@pytest.mark.parametrize("revenue", ["5e6", "3000万", "120M", "1.2亿", "1e9"])
def test_assumed_headcounts_carry_reason_and_outside_source(
    capsys: pytest.CaptureFixture[str], revenue: str
) -> None:
    for unit in units_of(band_json(capsys, revenue)):
        basis = unit["headcount"]["basis"]  # type: ignore[index]
        assert basis["provenance"] in {"stated", "derived", "assumed"}
        if basis["provenance"] == "assumed":
            assert basis["reason"] and basis["outside_source"]
        if basis["provenance"] == "stated":
            assert basis["file"] and basis["quote"]


def test_user_overlay_overrides_a_headcount_range(tmp_path: Path) -> None:
    overlay = tmp_path / "mine.yaml"
    overlay.write_text(
        "bands: {medium: {units: {cs-presale: {headcount: {min: 4, max: 12, typical: 6}}}}}\n",
        encoding="utf-8",
    )
    choice = choose(2e8, load_templates(str(overlay)), Traits())
    presale = next(u for u in choice.units if u.id == "cs-presale")
    assert (presale.headcount.min, presale.headcount.max, presale.headcount.typical) == (4, 12, 6)
    assert (
        next(
            u for u in choose(2e8, default_templates(), Traits()).units if u.id == "cs-presale"
        ).headcount.max
        == 10
    )


def test_bad_overlay_is_an_input_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    overlay = tmp_path / "bad.yaml"
    overlay.write_text("bands: {medium: {units: {x: {name: oops}}}}\n", encoding="utf-8")
    assert main(["suggest", "--revenue", "2亿", "--templates", str(overlay)]) == 2
    err = capsys.readouterr().err
    assert f"{overlay}:1:1:" in err and "Traceback" not in err


def test_text_report_has_table_sources_and_next_band(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["suggest", "--revenue", "2亿", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "Recommended structure: functional" in out
    assert re.search(
        r"^Unit\s+Reports to\s+Functions\s+Key posts\s+Headcount\s+KPIs\s+Source", out, re.M
    )
    assert "When you grow into the next band" in out and "1B" in out
    assert "[1] 004_3a666a066b70c573.txt" in out


@pytest.mark.parametrize("band", sorted(BAND_REVENUES))
@pytest.mark.parametrize("lang", LANGS)
def test_band_report_matches_golden(band: str, lang: str) -> None:
    expected = (SUGGEST / "expected" / f"band-{band}.{lang}.txt").read_text(encoding="utf-8")
    assert band_output(BAND_REVENUES[band], lang) == expected


def test_every_template_quote_is_verbatim_in_its_seed() -> None:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not beside this checkout")
    templates = default_templates()
    sources = [t.source for t in templates.bands.values()]
    sources += [t.band_source for t in templates.bands.values()]
    sources += [u.source for t in templates.bands.values() for u in t.units if u.source]
    sources += [g.source for t in templates.bands.values() for g in t.grow]
    sources += [b for b in templates.bases.values() if "quote" in b]
    for source in sources:
        text = PINYIN.sub("", (SEEDS / source["file"]).read_text(encoding="utf-8"))
        assert source["quote"] in text, source


def test_posts_add_up_to_the_typical_headcount() -> None:
    for template in default_templates().bands.values():
        for unit in template.units:
            if unit.posts:
                assert sum(p.count for p in unit.posts) == unit.headcount.typical, unit.id
            assert unit.headcount.min <= unit.headcount.typical <= unit.headcount.max, unit.id


def test_revenue_forms_pick_the_same_band() -> None:
    for text in ("1.2亿", "120000000", "1.2e8", "120M"):
        assert choose(parse_revenue(text), default_templates(), Traits()).band.id == "medium"
