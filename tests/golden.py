"""Golden outputs for samples: what `orglint check --format json` says about each sample file.

Regenerate after an intended change with:  python -m tests.golden
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from orglint.check import CheckOptions, check_bytes
from orglint.errors import InputErrors
from tests.helpers import ROOT, SAMPLES, rulebook


def sample_files() -> list[Path]:
    return sorted(SAMPLES.glob("*.yaml")) + sorted((SAMPLES / "bad").glob("*.yaml"))


def golden_path(sample: Path) -> Path:
    return sample.with_suffix(".expected.json")


def actual(sample: Path) -> dict[str, object]:
    """Findings (valid samples) or input errors (bad samples), in both languages."""
    name = sample.relative_to(ROOT).as_posix()
    try:
        findings = check_bytes(name, sample.read_bytes(), rulebook(), CheckOptions())
    except InputErrors as errors:
        return {"errors": [{"en": e.render("en"), "zh": e.render("zh")} for e in errors.errors]}
    return {"findings": [{**f.as_dict("en"), "message_zh": f.message.zh} for f in findings]}


def render(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def main() -> int:
    for sample in sample_files():
        golden_path(sample).write_text(render(actual(sample)), encoding="utf-8")
        print(f"wrote {golden_path(sample).relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
