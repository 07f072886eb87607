"""The `orglint` console script and `python -m orglint`: main() with a cheap start and exit.

A pre-commit run on a small file mostly pays for starting and stopping, so this entry point, and
only this one (tests call orglint.cli.main in a process that goes on), also:

- turns the cyclic garbage collector off for the whole process, before the first orglint import.
  Start-up builds only objects that live until the end (modules, the rule catalogue, compiled
  schema checks) and a run leaves next to no cyclic garbage (tests/test_startup_exit.py counts
  it), so every collection is wasted work: ~20-30 ms of a small run. Linting a file already
  pauses it (orglint/gcpause.py);
- ends with a hard exit once standard output and error are flushed, as mypy's util.hard_exit
  does: freeing the objects of a 10k-unit run one by one takes ~0.15 s, and nothing reads them.
  Files orglint writes (--output, baselines) are closed before main() returns.
"""

from __future__ import annotations

import gc
import os
import sys
from typing import NoReturn


def console_main() -> NoReturn:
    """Run the command line in sys.argv and end the process with its exit code."""
    gc.disable()
    from orglint.cli import main  # after the collector is off: importing is half of start-up

    hard_exit(main())


def hard_exit(code: int) -> NoReturn:
    """Flush what was written, then end the process without tearing the interpreter down."""
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # a closed pipe or stream: Python's own exit reports it
        sys.exit(code)
    os._exit(code)


if __name__ == "__main__":
    console_main()
