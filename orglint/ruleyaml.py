"""Rule files as plain data plus the 1-based line:column of every node (safe YAML only).

A deliberately small loader of its own: the rule loader needs positions for its error messages and
must not depend on the org-file loader (orglint/yamlload.py). Keys are also recorded under their
path plus `KEY`, so an error about an unknown key can point at the key itself.
"""

from __future__ import annotations

from typing import Any, Final

import yaml

YamlPath = tuple[str | int, ...]
Marks = dict[YamlPath, tuple[int, int]]

KEY: Final = "\0key"  # path sentinel; cannot collide with a YAML key read from a rule file

_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class RuleYamlError(ValueError):
    """Unreadable YAML: `line` and `column` are 1-based."""

    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.line, self.column = line, column


def load_with_marks(text: str) -> tuple[Any, Marks]:
    """Parse one YAML document; raise RuleYamlError for syntax errors or duplicate keys."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        marks: Marks = {}
        data = None if node is None else _build(loader, node, (), marks)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise RuleYamlError(f"{err.problem or err}", line, column) from err
    finally:
        loader.dispose()
    return data, marks


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _build(loader: yaml.SafeLoader, node: yaml.Node, path: YamlPath, marks: Marks) -> Any:
    marks[path] = _mark(node)
    if isinstance(node, yaml.MappingNode):
        return _mapping(loader, node, path, marks)
    if isinstance(node, yaml.SequenceNode):
        return [_build(loader, item, (*path, i), marks) for i, item in enumerate(node.value)]
    return loader.construct_object(node, deep=True)


def _mapping(
    loader: yaml.SafeLoader, node: yaml.MappingNode, path: YamlPath, marks: Marks
) -> dict[Any, Any]:
    result: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, (str, int)):
            raise yaml.MarkedYAMLError(
                problem="mapping keys must be text", problem_mark=key_node.start_mark
            )
        if key in result:
            raise yaml.MarkedYAMLError(
                problem=f"duplicate key {key!r}", problem_mark=key_node.start_mark
            )
        marks[(*path, key, KEY)] = _mark(key_node)
        result[key] = _build(loader, value_node, (*path, key), marks)
    return result


def locate(marks: Marks, path: YamlPath) -> tuple[int, int]:
    """The mark of `path`, or of its nearest recorded ancestor (never fails)."""
    for end in range(len(path), -1, -1):
        if path[:end] in marks:
            return marks[path[:end]]
    return 1, 1


def yaml_path(path: YamlPath) -> str:
    """Render ("rules", 3, "when") as rules[3].when."""
    text = ""
    for part in path:
        if part == KEY:
            continue
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text
