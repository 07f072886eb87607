"""Time `orglint check` on synthetic orgs of 100 to 10k units, stage by stage, with both engines.

    python -m bench.run [--sizes 100,1000,10000] [--repeat 3]

Prints a Markdown table for docs/perf.md. Wall-clock times on whatever machine runs it; the suite
never asserts on time.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from bench.synth import synthetic_org
from orglint.engine import available_engines, evaluate
from orglint.facts import build_facts
from orglint.fanout import findings_for
from orglint.findings import findings_from_matches
from orglint.gcpause import collector_paused
from orglint.model import build_org
from orglint.references import validate_references
from orglint.report import get_formatter
from orglint.report.results import Results
from orglint.rulebook import load_rulebook
from orglint.schema import validate_schema
from orglint.yamlload import load_document

OUT = Path(__file__).resolve().parent / "out"
STAGES = ("parse", "schema", "refs", "model+facts", "engine", "findings", "fan-out", "json", "text")
FORMATS = ("json", "text")


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def write_org(size: int) -> Path:
    OUT.mkdir(exist_ok=True)
    path = OUT / f"org-{size}.yaml"
    org = synthetic_org(size, random.Random(size))
    path.write_text(yaml.safe_dump(org, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def stages(path: Path, engine: str) -> dict[str, float]:
    """Like the CLI (orglint/lint.py), with the cyclic garbage collector paused for the file."""
    with collector_paused():
        return _stages(path, engine)


def _stages(path: Path, engine: str) -> dict[str, float]:
    rulebook, raw = load_rulebook(), path.read_bytes()
    t: dict[str, float] = {}
    t["parse"], doc = timed(lambda: load_document(str(path), raw))
    t["schema"], _ = timed(lambda: validate_schema(doc))
    t["refs"], _ = timed(lambda: validate_references(doc))
    t["model+facts"], facts = timed(lambda: build_facts(build_org(doc)))
    t["engine"], matches = timed(lambda: evaluate(rulebook, facts, engine))
    t["findings"], found = timed(lambda: findings_from_matches(rulebook, matches))
    # engine + findings as check.py runs them: in parts, in forked processes, on big files
    t["fan-out"], _ = timed(lambda: findings_for(rulebook, facts, engine))
    results = Results(tuple(found), (str(path),), rulebook.rules)
    for fmt in FORMATS:
        t[fmt], _ = timed(lambda: get_formatter(fmt, "en").render(results))  # noqa: B023
    t["facts_n"], t["findings_n"] = float(len(facts)), float(len(found))
    return t


def end_to_end(path: Path, engine: str, fmt: str) -> float:
    cmd = [sys.executable, "-m", "orglint.cli", "check", "--engine", engine, "--format", fmt]
    cmd.append(str(path))
    seconds, _ = timed(lambda: subprocess.run(cmd, capture_output=True, check=False))
    return seconds


def best_of(repeat: int, fn: Callable[[], dict[str, float]]) -> dict[str, float]:
    runs = [fn() for _ in range(repeat)]
    return {key: min(run[key] for run in runs) for key in runs[0]}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="100,1000,5000,10000")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    ends = " | ".join(f"CLI {fmt}" for fmt in FORMATS)
    print("| units | engine | facts | findings | " + " | ".join(STAGES) + f" | {ends} |")
    print("|---:|---|---:|---:|" + "---:|" * (len(STAGES) + len(FORMATS)))
    for size in (int(s) for s in args.sizes.split(",")):
        path = write_org(size)
        for engine in available_engines():
            print(row(size, engine, path, args.repeat))
    return 0


def row(size: int, engine: str, path: Path, repeat: int) -> str:
    t = best_of(repeat, lambda: stages(path, engine))
    walls = [min(end_to_end(path, engine, fmt) for _ in range(repeat)) for fmt in FORMATS]
    cells = " | ".join(f"{t[k]:.3f}" for k in STAGES)
    counts = f"{int(t['facts_n'])} | {int(t['findings_n'])}"
    return (
        f"| {size} | {engine} | {counts} | {cells} | "
        + " | ".join(f"{w:.2f}" for w in walls)
        + " |"
    )


if __name__ == "__main__":
    sys.exit(main())
