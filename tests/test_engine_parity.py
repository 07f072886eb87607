"""Both engines give identical findings on every sample and on generated orgs (issue #2, item 5)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.synth import synthetic_org
from tests.helpers import ENGINES, SAMPLES, check_text

pytestmark = pytest.mark.skipif(len(ENGINES) < 2, reason="durable-rules is not installed here")


@pytest.mark.parametrize("sample", sorted(SAMPLES.glob("*.yaml")), ids=lambda p: p.name)
def test_samples_identical_across_engines(sample: Path) -> None:
    text = sample.read_text(encoding="utf-8")
    assert check_text(text, engine="durable") == check_text(text, engine="python")


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    size=st.integers(1, 60),
    revenue=st.sampled_from(["300万", "5000万", "2亿", "30亿"]),
)
def test_generated_orgs_identical_across_engines(seed: int, size: int, revenue: str) -> None:
    org = synthetic_org(size, random.Random(seed), revenue)
    text = yaml.safe_dump(org, allow_unicode=True, sort_keys=False)
    assert check_text(text, engine="durable") == check_text(text, engine="python")
