"""Where reports go: `--format F [--output FILE]` pairs, and whether text gets colour."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TextIO


@dataclass(frozen=True)
class Output:
    format: str
    path: str | None = None  # None: standard output


def default_format(env: Mapping[str, str]) -> str:
    """github annotations inside GitHub Actions, else text."""
    return "github" if env.get("GITHUB_ACTIONS") == "true" else "text"


def pair_outputs(
    order: Sequence[str], formats: Sequence[str], paths: Sequence[str], default: str
) -> list[Output]:
    """Pair each --output with the --format before it (`order` lists 'format'/'output' as they
    appeared). An --output before any --format goes with the default format. Raises ValueError
    when one format is given two outputs."""
    pairs: list[tuple[str, str | None]] = []
    next_format, next_path = iter(formats), iter(paths)
    for kind in order:
        if kind == "format":
            pairs.append((next(next_format), None))
            continue
        path = next(next_path)
        if not pairs:
            pairs.append((default, None))
        if pairs[-1][1] is not None:
            raise ValueError(
                f"--output {path}: --format {pairs[-1][0]} already writes to {pairs[-1][1]}; "
                "give each --output its own --format"
            )
        pairs[-1] = (pairs[-1][0], path)
    return [Output(fmt, path) for fmt, path in pairs] or [Output(default)]


def use_color(choice: str, stream: TextIO, env: Mapping[str, str]) -> bool:
    """--color always/never wins; for auto, NO_COLOR (any value) turns colour off, then
    FORCE_COLOR (any value) turns it on, else colour only on a terminal."""
    if choice != "auto":
        return choice == "always"
    if env.get("NO_COLOR"):
        return False
    if env.get("FORCE_COLOR"):
        return True
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())
