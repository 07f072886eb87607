"""Annual revenue as users write it (120000000, 1.2e8, 1.2亿, 3000万, 120M) → CNY as a float."""

from __future__ import annotations

import math
import re
from typing import Final

# One regular expression for both this parser and schemas/org.schema.json (`company.revenue`
# pattern), so editors and orglint agree on what a revenue string is. It sticks to syntax that
# ECMA-262 and Python read alike: [0-9] rather than \d (Python's \d also matches Arabic-Indic
# digits), no named groups, no inline flags. Groups: 1 number, 2 multiplier.
REVENUE_PATTERN: Final = (
    r"^\s*(?:(?:CNY|RMB|cny|rmb)\s*)?"
    r"([0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]*)?(?:[eE][+-]?[0-9]+)?|\.[0-9]+)"
    r"\s*([十百千]?[万萬亿億]|[KkMmBb])?"
    r"\s*(?:元|CNY|RMB|cny|rmb)?\s*$"
)
_REVENUE_RE: Final = re.compile(REVENUE_PATTERN)

_MULTIPLIERS: Final[dict[str, float]] = {
    "十": 10.0,
    "百": 100.0,
    "千": 1e3,
    "万": 1e4,
    "萬": 1e4,
    "亿": 1e8,
    "億": 1e8,
    "k": 1e3,
    "m": 1e6,
    "b": 1e9,
}

ACCEPTED_FORMS_EN: Final = (
    "a number greater than 0 (120000000, 1.2e8) or text such as 1.2亿, 1.2億, 3000万, 3000萬, "
    "5千万, 1,200万, 120M, 1.5B or 800K, optionally with 元, CNY or RMB (1.2亿元, 120M CNY)"
)
ACCEPTED_FORMS_ZH: Final = (
    "大于 0 的数字(120000000、1.2e8),或文字:1.2亿、1.2億、3000万、3000萬、5千万、1,200万、"
    "120M、1.5B、800K,可带“元”“CNY”“RMB”(如 1.2亿元、120M CNY)"
)


def parse_revenue(value: object) -> float:
    """Return annual revenue in CNY; raise ValueError naming the accepted forms otherwise."""
    if isinstance(value, bool):  # bool is an int subclass; `revenue: true` is a mistake
        raise ValueError(f"revenue must be {ACCEPTED_FORMS_EN}, not a true/false value")
    if isinstance(value, (int, float)):
        return _positive_finite(float(value), value)
    if isinstance(value, str):
        return _positive_finite(_parse_text(value), value)
    raise ValueError(f"revenue must be {ACCEPTED_FORMS_EN}, not {type(value).__name__}")


def _parse_text(text: str) -> float:
    match = _REVENUE_RE.match(text.strip())
    if match is None:
        raise ValueError(f"revenue {text!r} is not understood; write {ACCEPTED_FORMS_EN}")
    number, unit = match.group(1), match.group(2) or ""
    factor = math.prod(_MULTIPLIERS[ch] for ch in unit.lower())
    return float(number.replace(",", "")) * factor


def _positive_finite(amount: float, original: object) -> float:
    if not math.isfinite(amount) or amount <= 0:
        raise ValueError(
            f"revenue {original!r} must be greater than 0 and finite; write {ACCEPTED_FORMS_EN}"
        )
    return amount


def format_revenue(amount: float, lang: str) -> str:
    """Render an amount the way people say it: 1.2亿 / 3000万 in zh, 120M / 1.5B in en."""
    steps = _ZH_STEPS if lang == "zh" else _EN_STEPS
    for size, suffix in steps:
        if abs(amount) >= size:
            return f"{_trim(amount / size)}{suffix}"
    return f"{_trim(amount)}{'元' if lang == 'zh' else ''}"


_ZH_STEPS: Final = ((1e8, "亿"), (1e4, "万"))
_EN_STEPS: Final = ((1e9, "B"), (1e6, "M"), (1e3, "K"))


def _trim(number: float) -> str:
    """At most two decimals, no trailing zeros: 1.20 → 1.2, 3000.00 → 3000."""
    return f"{number:.2f}".rstrip("0").rstrip(".")
