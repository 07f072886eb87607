"""`suggest --format yaml` writes starter org files that pass their own `check`: no error and no
warning at every band, its boundaries and a hypothesis-drawn spread of revenues."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from orglint.check import CheckOptions, check_bytes
from orglint.findings import Finding
from orglint.revenue import parse_revenue
from orglint.suggest.bands import Traits, choose
from orglint.suggest.starter import starter_yaml
from orglint.suggest.templates import default_templates
from tests.helpers import rulebook

BOUNDARIES = [1e7, 1e8, 1e9]
REVENUES = [1, 5e6, 5e7, 2e8, 3e9, 5e11] + [b + d for b in BOUNDARIES for d in (-1, 0, 1)]


def starter(revenue: float, lang: str, traits: Traits | None = None) -> str:
    traits = traits or Traits()
    templates = default_templates()
    return starter_yaml(choose(revenue, templates, traits), traits, templates.bases, lang)


def serious(text: str, revenue: float) -> list[Finding]:
    findings = check_bytes(
        "starter.yaml", text.encode(), rulebook(), CheckOptions(revenue=revenue, engine="python")
    )
    return [f for f in findings if f.severity in ("error", "warning")]


@pytest.mark.parametrize("revenue", REVENUES)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_starter_passes_check_at_bands_and_boundaries(revenue: float, lang: str) -> None:
    text = starter(revenue, lang)
    assert serious(text, revenue) == []
    assert serious(text, None) == []  # with the revenue the file itself states


@settings(max_examples=40, deadline=None)
@given(
    revenue=st.floats(min_value=1e5, max_value=1e11, allow_nan=False),
    lang=st.sampled_from(["zh", "en"]),
)
def test_starter_passes_check_across_revenues(revenue: float, lang: str) -> None:
    assert serious(starter(revenue, lang), revenue) == []


TRAITS = [
    Traits(channels=("tmall", "jd"), live_commerce=True),
    Traits(channels=("douyin",), overseas=True),
    Traits(
        name="星河优选",
        channels=("tmall", "jd", "douyin", "own_site"),
        live_commerce=True,
        overseas=True,
    ),
]


@pytest.mark.parametrize("revenue", [5e6, 5e7, 2e8, 3e9])
@pytest.mark.parametrize("traits", TRAITS, ids=["multi-live", "overseas", "everything"])
def test_starter_with_company_traits_passes_check(revenue: float, traits: Traits) -> None:
    assert serious(starter(revenue, "zh", traits), revenue) == []


def test_starter_comments_cite_each_unit() -> None:
    text = starter(2e8, "zh")
    units = text.count("\n  - id: ")
    assert (
        text.count("  # 004_")
        + text.count("  # 000_")
        + text.count("  # 003_")
        + text.count("  # 002_")
        >= units
    )
    assert "# 依据 004_3a666a066b70c573.txt" in text


def test_starter_revenue_reads_back_exactly() -> None:
    for revenue in (99_999_999.0, 1e8, 123_456_789.5, 1.2e8):
        data = yaml.safe_load(starter(revenue, "en"))
        assert parse_revenue(data["company"]["revenue"]) == revenue
