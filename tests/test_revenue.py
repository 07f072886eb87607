from __future__ import annotations

import json
import math
import re

import pytest

from orglint.resources import schema_path
from orglint.revenue import (
    ACCEPTED_FORMS_EN,
    ACCEPTED_FORMS_ZH,
    REVENUE_PATTERN,
    format_revenue,
    parse_revenue,
)

VALID = [
    (120000000, 1.2e8),
    (1.5e9, 1.5e9),
    (800, 800.0),
    ("120000000", 1.2e8),
    ("1.2e8", 1.2e8),
    ("5e6", 5e6),
    ("1.2亿", 1.2e8),
    ("1.2億", 1.2e8),
    ("3000万", 3e7),
    ("3000萬", 3e7),
    ("5千万", 5e7),
    ("5千萬", 5e7),
    ("1.2亿元", 1.2e8),
    ("1,200万", 1.2e7),
    ("120,000,000", 1.2e8),
    ("120M", 1.2e8),
    ("120m", 1.2e8),
    ("1.5B", 1.5e9),
    ("800K", 8e5),
    ("800k", 8e5),
    (" 1.2 亿 元 ", 1.2e8),
    ("120M CNY", 1.2e8),
    ("120 RMB", 120.0),
    ("RMB 120M", 1.2e8),
    ("3000万元", 3e7),
]

INVALID = [
    "",
    "   ",
    "大约一个亿",
    "一亿",
    "十亿",
    "-5",
    "-1.2亿",
    "0",
    "0万",
    "1e999",
    "1,2000万",
    "1.2.3",
    "120 million",
    "120MM",
    "1.2亿美元",
    "$120M",
    "USD 120M",
    "1.2 亿亿",
    "١٢٣",  # Arabic-Indic digits: Python's float() would take them
    "nan",
    "inf",
]
INVALID_VALUES: list[object] = [0, -1, 0.0, math.inf, math.nan, True, False, None, [1], {"a": 1}]


@pytest.mark.parametrize(("text", "amount"), VALID)
def test_valid_forms(text: object, amount: float) -> None:
    assert parse_revenue(text) == pytest.approx(amount)


@pytest.mark.parametrize("value", [*INVALID, *INVALID_VALUES])
def test_invalid_forms_name_the_accepted_ones(value: object) -> None:
    with pytest.raises(ValueError, match=re.escape(ACCEPTED_FORMS_EN)):
        parse_revenue(value)


def test_accepted_forms_are_given_in_both_languages() -> None:
    for form in ("1.2亿", "3000万", "120M", "1.5B", "800K"):
        assert form in ACCEPTED_FORMS_ZH and form in ACCEPTED_FORMS_EN


def test_schema_uses_the_same_pattern() -> None:
    schema = json.loads(schema_path("org.schema.json").read_text(encoding="utf-8"))
    revenue = schema["$defs"]["company"]["properties"]["revenue"]
    assert revenue["pattern"] == REVENUE_PATTERN


@pytest.mark.parametrize("text", [t for t, _ in VALID if isinstance(t, str)])
def test_pattern_accepts_what_the_parser_accepts(text: str) -> None:
    assert re.search(REVENUE_PATTERN, text)


@pytest.mark.parametrize("text", [t for t in INVALID if t not in ("0", "0万", "1e999")])
def test_pattern_rejects_what_the_parser_rejects(text: str) -> None:
    # "0", "0万" and "1e999" are well-formed; only their value (0, infinity) is wrong.
    assert not re.search(REVENUE_PATTERN, text)


@pytest.mark.parametrize(
    ("amount", "zh", "en"),
    [
        (1.2e8, "1.2亿", "120M"),
        (3e7, "3000万", "30M"),
        (1.5e9, "15亿", "1.5B"),
        (8e5, "80万", "800K"),
        (123456789, "1.23亿", "123.46M"),
        (500, "500元", "500"),
    ],
)
def test_format_revenue(amount: float, zh: str, en: str) -> None:
    assert format_revenue(amount, "zh") == zh
    assert format_revenue(amount, "en") == en


@pytest.mark.parametrize("amount", [1.2e8, 3e7, 8e5, 5e6, 1.5e9])
def test_formatted_revenue_parses_back(amount: float) -> None:
    for lang in ("zh", "en"):
        assert parse_revenue(format_revenue(amount, lang)) == pytest.approx(amount)
