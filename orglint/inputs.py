"""What to check: files as named, directories expanded (files matching the config's include
globs, by default org*.yaml / org*.yml, outside exclude), and `-` for standard input."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from orglint.config import Config
from orglint.errors import InputErrors
from orglint.selection import glob_match
from orglint.settings import relative_to

STDIN = "-"


@dataclass(frozen=True)
class Input:
    name: str  # as findings show it
    path: Path | None  # resolved, for config discovery and per-file-ignores; None: nameless stdin
    stdin: bool = False


def _matches(patterns: Sequence[str], path: Path, top: Path) -> bool:
    """Globs rooted at a config (absolute) match the full path, others the path below `top`."""
    for pattern in patterns:
        target = path.as_posix() if pattern.startswith("/") else relative_to(path, top)
        if glob_match(pattern, target):
            return True
    return False


def _walk(arg: str, config: Config) -> list[Input]:
    """Matching files below `arg`, sorted by path; excluded directories are not entered."""
    top = Path(arg).resolve()
    include, exclude = config.value("include") or (), config.value("exclude") or ()
    found: list[Path] = []
    for directory, subdirs, files in os.walk(top):
        here = Path(directory)
        subdirs[:] = [d for d in subdirs if not _matches(exclude, here / d, top)]
        found += [here / name for name in files if _matches(include, here / name, top)]
    kept = sorted(p for p in found if not _matches(exclude, p, top))
    return [Input((Path(arg) / p.relative_to(top)).as_posix(), p) for p in kept]


def expand_inputs(
    args: Sequence[str], stdin_filename: str | None, config_for: Callable[[Path], Config]
) -> list[Input]:
    """Every input once, in order; raises InputErrors when nothing at all matched."""
    found: dict[object, Input] = {}
    for arg in args or (".",):
        for item in _expand(arg, stdin_filename, config_for):
            found.setdefault(item.path if item.path is not None else STDIN, item)
    if not found:
        raise _nothing_matched(args or (".",), config_for)
    return list(found.values())


def _expand(
    arg: str, stdin_filename: str | None, config_for: Callable[[Path], Config]
) -> Iterator[Input]:
    if arg == STDIN:
        path = Path(stdin_filename).resolve() if stdin_filename else None
        yield Input(stdin_filename or STDIN, path, stdin=True)
    elif os.path.isdir(arg):
        yield from _walk(arg, config_for(Path(arg).resolve()))
    else:
        yield Input(arg, Path(arg).resolve())  # a missing file is reported when it is read


def _nothing_matched(args: Sequence[str], config_for: Callable[[Path], Config]) -> InputErrors:
    first = args[0]
    include = config_for(Path(first).resolve()).value("include") or ()
    globs = ", ".join(include)
    return InputErrors.single(
        first,
        1,
        1,
        f"没有找到要检查的组织架构文件(查找的是 {globs});"
        "请直接写出文件名,或在配置的 include 中列出",
        f"no org files to check (looked for {globs}); name the files, or list them under "
        "include in the config",
    )
