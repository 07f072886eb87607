"""Rules → findings in one process vs cut into parts in forked processes (orglint/fanout.py).

    python -m bench.fanout [--sizes 1000,2000,3000,5000,10000] [--repeat 3]

Prints a Markdown table: seconds (wall clock, best of `repeat`, the garbage collector paused as the
CLI does) for jobs=1 and jobs=2 per engine, with the fact count that `fanout.MIN_FACTS` is set
against. Only meaningful on an otherwise idle machine with two free cores; the suite never asserts
on time.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from bench.run import timed, write_org
from orglint import fanout
from orglint.engine import available_engines
from orglint.engine.common import Fact
from orglint.facts import build_facts
from orglint.gcpause import collector_paused
from orglint.model import build_org
from orglint.rulebook import Rulebook, load_rulebook
from orglint.yamlload import load_document

JOBS = (1, 2)


def best_seconds(
    rulebook: Rulebook, facts: Sequence[Fact], engine: str, jobs: int, repeat: int
) -> float:
    with collector_paused():
        return min(
            timed(lambda: fanout.findings_for(rulebook, facts, engine, jobs))[0]
            for _ in range(repeat)
        )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000,2000,3000,5000,10000")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    rulebook = load_rulebook()
    print("| units | facts | engine | " + " | ".join(f"jobs={j}" for j in JOBS) + " |")
    print("|---:|---:|---|" + "---:|" * len(JOBS))
    for size in (int(s) for s in args.sizes.split(",")):
        path = write_org(size)
        with collector_paused():
            facts = build_facts(build_org(load_document(str(path), path.read_bytes())))
        for engine in available_engines():
            cells = [best_seconds(rulebook, facts, engine, j, args.repeat) for j in JOBS]
            times = " | ".join(f"{c:.3f}" for c in cells)
            print(f"| {size} | {len(facts)} | {engine} | {times} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
