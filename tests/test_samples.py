"""Every sample gives exactly its golden findings (or, for samples/bad, its golden errors)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.golden import actual, golden_path, render, sample_files


@pytest.mark.parametrize("sample", sample_files(), ids=lambda p: p.name)
def test_sample_matches_golden(sample: Path) -> None:
    expected = golden_path(sample)
    assert expected.exists(), f"no golden for {sample.name}: run python -m tests.golden"
    assert render(actual(sample)) == expected.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "sample", [s for s in sample_files() if s.parent.name == "bad"], ids=lambda p: p.name
)
def test_bad_samples_are_input_errors(sample: Path) -> None:
    assert "errors" in actual(sample)
