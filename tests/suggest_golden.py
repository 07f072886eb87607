"""Golden outputs of `orglint suggest`: plans for the cases in samples/suggest/ and band reports.

Regenerate after an intended change with:  python -m tests.suggest_golden
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from orglint.suggest.bands import Traits
from orglint.suggest.command import SuggestOptions, run_suggest
from tests.helpers import ROOT, SAMPLES

SUGGEST = SAMPLES / "suggest"
LANGS = ("zh", "en")
BAND_REVENUES = {"small": "500万", "transitional": "5000万", "medium": "2亿", "large": "30亿"}


def case_files() -> list[Path]:
    """The cases of issue 3: seed 003 at 5亿 (a top-level sample) and samples/suggest/*.yaml."""
    return [SAMPLES / "003-b2c-seven-departments.yaml", *sorted(SUGGEST.glob("*.yaml"))]


def run(options: SuggestOptions) -> str:
    out, err = io.StringIO(), io.StringIO()
    code = run_suggest(options, out, err)
    assert code == 0, err.getvalue()
    return out.getvalue()


def plan_output(case: Path, lang: str, fmt: str = "text") -> str:
    name = case.relative_to(ROOT).as_posix()
    return run(SuggestOptions(name, None, fmt, lang, engine="python"))


def band_output(revenue: str, lang: str) -> str:
    from orglint.revenue import parse_revenue

    return run(SuggestOptions(None, parse_revenue(revenue), "text", lang, traits=Traits()))


def goldens() -> dict[Path, str]:
    """Every golden file and what it should hold (paths relative to the repository root)."""
    found: dict[Path, str] = {}
    for case in case_files():
        for lang in LANGS:
            found[SUGGEST / "expected" / f"{case.stem}.plan.{lang}.txt"] = plan_output(case, lang)
        found[SUGGEST / "expected" / f"{case.stem}.rewritten.yaml"] = plan_output(
            case, "zh", "yaml"
        )
    for band, revenue in BAND_REVENUES.items():
        for lang in LANGS:
            found[SUGGEST / "expected" / f"band-{band}.{lang}.txt"] = band_output(revenue, lang)
    return found


def main() -> int:
    import os

    os.chdir(ROOT)  # plans name their file relative to the repository
    for path, text in goldens().items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
