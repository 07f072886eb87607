"""Reading and writing org files for rewriting: ruamel.yaml round trip, atomic write, diff.

Why ruamel.yaml and not PyYAML: PyYAML's loader throws comments away and its dumper re-orders
and re-styles everything it writes, so a rewritten org file would lose the client's comments and
layout. ruamel.yaml's round-trip mode keeps comments, key order, flow/block style and quoting of
every node we do not touch, so the diff of a rewrite shows only the restructuring itself.
"""

from __future__ import annotations

import difflib
import io
import itertools
import os
import tempfile
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.util import load_yaml_guess_indent


class RoundTrip:
    """One org file held as ruamel.yaml nodes, dumped back with the file's own indentation."""

    def __init__(self, text: str) -> None:
        _, sequence, offset = load_yaml_guess_indent(text)
        self.yaml = YAML(typ="rt")
        self.yaml.preserve_quotes = True
        self.yaml.width = 4096  # never re-wrap long lines the user wrote
        offset = offset or 0
        self.yaml.indent(
            mapping=_mapping_indent(text), sequence=max(sequence or 2, offset + 2), offset=offset
        )
        self.data: CommentedMap = self.yaml.load(text)

    def dump(self) -> str:
        stream = io.StringIO()
        self.yaml.dump(self.data, stream)
        return stream.getvalue()


def _mapping_indent(text: str) -> int:
    """Spaces before the first key nested in a top-level mapping (`company:` then `  name:`)."""
    lines = text.splitlines()
    for line, following in itertools.pairwise(lines):
        if line.endswith(":") and not line.startswith((" ", "-", "#")):
            stripped = following.lstrip(" ")
            if stripped and not stripped.startswith(("-", "#")):
                return len(following) - len(stripped)
    return 2


def flow_seq(items: list[Any]) -> CommentedSeq:
    seq = CommentedSeq(items)
    seq.fa.set_flow_style()
    return seq


def flow_map(pairs: dict[str, Any]) -> CommentedMap:
    mapping = CommentedMap(pairs)
    mapping.fa.set_flow_style()
    return mapping


def unified_diff(before: str, after: str, name: str) -> str:
    lines = difflib.unified_diff(
        before.splitlines(keepends=True),
        after.splitlines(keepends=True),
        fromfile=f"a/{name}",
        tofile=f"b/{name}",
    )
    return "".join(lines)


def write_atomic(path: str, text: str) -> None:
    """Write via a temporary file in the same directory and os.replace: readers see the old file
    or the new one, never half of one, and a failure leaves the original untouched."""
    target = Path(path)
    mode = target.stat().st_mode & 0o777 if target.exists() else None
    fd, tmp = tempfile.mkstemp(
        dir=target.parent or Path("."), prefix=f".{target.name}.", suffix=".tmp"
    )
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
