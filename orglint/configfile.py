"""Read one config source — .orglint.yaml, the [tool.orglint] table of a pyproject.toml, or a
built-in preset — into plain data that can say where each key is (1-based line:column)."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import yaml

from orglint.errors import InputError, InputErrors, Text
from orglint.yamlload import KEY, load_document

ConfigPath = tuple[str | int, ...]
MAX_CONFIG_BYTES: Final = 1024 * 1024  # a config is a few lines; refuse logs and dumps quickly
_TOML_AT: Final = re.compile(r"\(at line (\d+), column (\d+)\)")
_PYPROJECT_TABLE: Final = ("tool", "orglint")


@dataclass(frozen=True)
class ConfigSource:
    """One config file's settings: `name` for messages, `base` for its relative paths."""

    name: str
    base: Path
    data: dict[str, Any]
    locator: Callable[[ConfigPath, bool], tuple[int, int]]

    def at(self, path: ConfigPath, key: bool = False) -> str:
        line, column = self.locator(path, key)
        return f"{self.name}:{line}:{column}"

    def error(self, path: ConfigPath, zh: str, en: str, key: bool = False) -> InputError:
        line, column = self.locator(path, key)
        where = ".".join(str(p) for p in path)
        return InputError(
            self.name, line, column, Text(f"配置无效:{zh}", f"invalid config: {en}"), where
        )


def read_config(path: Path, name: str) -> ConfigSource | None:
    """The settings in `path`; None for a pyproject.toml without [tool.orglint]."""
    raw = _read_bytes(path, name)
    if path.suffix == ".toml":
        return _from_toml(raw, path, name)
    return _from_yaml(raw, path, name)


def _fail(name: str, line: int, column: int, zh: str, en: str) -> InputErrors:
    return InputErrors.single(name, line, column, f"配置无效:{zh}", f"invalid config: {en}")


def _read_bytes(path: Path, name: str) -> bytes:
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_CONFIG_BYTES + 1)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise _fail(
            name, 1, 1, f"无法读取配置文件:{reason}", f"cannot read the file: {reason}"
        ) from None
    if len(raw) > MAX_CONFIG_BYTES:
        raise _fail(
            name, 1, 1, "文件超过 1 MiB,不像配置文件", "over 1 MiB; this is not a config file"
        )
    return raw


def _from_yaml(raw: bytes, path: Path, name: str) -> ConfigSource:
    if _is_blank(raw):
        return ConfigSource(name, path.parent, {}, lambda _p, _k: (1, 1))
    _require_mapping(raw, name)
    doc = load_document(name, raw)  # safe YAML, located errors, hostile input refused

    def locate(where: ConfigPath, key: bool) -> tuple[int, int]:
        mark = doc.locate((*where, KEY) if key and where else where)
        return mark.line, mark.column

    return ConfigSource(name, path.parent, doc.data, locate)


def _is_blank(raw: bytes) -> bool:
    lines = raw.decode("utf-8", errors="replace").splitlines()
    return all(not s.strip() or s.strip().startswith("#") or s.strip() == "---" for s in lines)


def _require_mapping(raw: bytes, name: str) -> None:
    """A config is `key: value` lines; say so rather than the org file's `orglint: 1` hint."""
    try:
        events = yaml.parse(raw.decode("utf-8"), Loader=yaml.SafeLoader)
        first = next(e for e in events if isinstance(e, yaml.NodeEvent))
    except (yaml.YAMLError, UnicodeDecodeError, StopIteration):
        return  # load_document explains unreadable text with its own located messages
    if not isinstance(first, yaml.MappingStartEvent):
        line, column = (
            (first.start_mark.line + 1, first.start_mark.column + 1) if first.start_mark else (1, 1)
        )
        raise _fail(
            name,
            line,
            column,
            "顶层必须是映射(`键: 值`),例如 `select: [ALL]`",
            "the top level must be a mapping (`key: value`), such as `select: [ALL]`",
        )


def _from_toml(raw: bytes, path: Path, name: str) -> ConfigSource | None:
    # Imported here, not on every run: most runs read no pyproject.toml.
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib

    text = _toml_text(raw, name)
    try:
        whole = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line, column = _toml_error_at(str(exc), text)
        raise _fail(
            name, line, column, f"TOML 语法错误:{exc}", f"TOML syntax error: {exc}"
        ) from None
    except RecursionError:
        raise _fail(name, 1, 1, "嵌套太深,无法读取", "nesting is too deep to read") from None
    table = whole.get("tool", {}).get("orglint") if isinstance(whole.get("tool"), dict) else None
    if table is None:
        return None
    from orglint.tomlmarks import TomlMarks  # only for a [tool.orglint] table: compiles patterns

    marks = TomlMarks(text, _PYPROJECT_TABLE)
    if not isinstance(table, dict):
        raise _fail(
            name, *marks.locate((), whole), "tool.orglint 必须是表", "tool.orglint must be a table"
        )
    return ConfigSource(name, path.parent, table, lambda where, _k: marks.locate(where, table))


def _toml_error_at(message: str, text: str) -> tuple[int, int]:
    found = _TOML_AT.search(message)
    if found:
        return int(found[1]), int(found[2])
    if "end of document" in message:
        return text.count("\n") + 1, len(text.rsplit("\n", 1)[-1]) + 1
    return 1, 1


def _toml_text(raw: bytes, name: str) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        text = raw[: exc.start].decode("utf-8")
        line, column = text.count("\n") + 1, len(text.rsplit("\n", 1)[-1]) + 1
        raise _fail(
            name, line, column, "不是 UTF-8 编码", "not UTF-8 text (TOML must be UTF-8)"
        ) from None
