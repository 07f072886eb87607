"""Message placeholders: `{alias.field}` and `{$param}`, nothing else (rule files never run code).

Templates are parsed by a regular expression, never by str.format, so user text cannot reach
attributes, indexes or format specs. `{{` and `}}` stand for literal braces.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Final, overload

from orglint.errors import Text

_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")
_FIELD = re.compile(r"([a-z][a-z0-9_]*)\.([a-z_][a-z0-9_]*)")
_PARAM = re.compile(r"\$([a-z_][a-z0-9_]*)")


class TemplateError(ValueError):
    """A malformed placeholder; the message names it."""


@dataclass(frozen=True)
class Placeholder:
    alias: str | None  # None for a parameter
    name: str  # field or parameter name


Segment = str | Placeholder


@lru_cache(maxsize=4096)
def parse_template(template: str) -> tuple[Segment, ...]:
    segments: list[Segment] = []
    end = 0
    for match in _TOKEN.finditer(template):
        segments.append(template[end : match.start()])
        segments.append(_token(match))
        end = match.end()
    segments.append(template[end:])
    return tuple(s for s in segments if s != "")


def _token(match: re.Match[str]) -> Segment:
    text = match.group(0)
    if text in ("{{", "}}"):
        return text[0]
    if text in ("{", "}"):
        raise TemplateError(f"unmatched {text!r} (write {text * 2!r} for a literal brace)")
    inner = match.group(1).strip()
    if found := _FIELD.fullmatch(inner):
        return Placeholder(found.group(1), found.group(2))
    if found := _PARAM.fullmatch(inner):
        return Placeholder(None, found.group(1))
    raise TemplateError(f"placeholder {text!r} must be {{alias.field}} or {{$param}}")


def placeholders(template: str) -> list[Placeholder]:
    return [s for s in parse_template(template) if isinstance(s, Placeholder)]


def format_value(value: object) -> str:
    """Plain text for a value: whole floats without '.0', lists comma-separated."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    if isinstance(value, (list, tuple)):
        return ", ".join(format_value(v) for v in value)
    return str(value)


def render(
    template: str, bindings: Mapping[str, Mapping[str, object]], params: Mapping[str, object]
) -> str:
    """Fill a template; a field the bound fact lacks renders as ""."""
    parts: list[str] = []
    for segment in parse_template(template):
        if isinstance(segment, str):
            parts.append(segment)
        elif segment.alias is None:
            parts.append(format_value(params[segment.name]))
        else:
            parts.append(format_value(bindings[segment.alias].get(segment.name, "")))
    return "".join(parts)


Field = tuple[str, str]  # (alias, field) of an `{alias.field}` placeholder


@dataclass(frozen=True)
class CompiledTemplates:
    """Templates of one rule with its parameters filled in once, as `str.format` patterns whose
    `{i}` stands for `fields[i]`: rendering many matches then costs one lookup per field and one
    C-level format per template, with the same text as `render`."""

    fields: tuple[Field, ...]  # every field any of the templates names, in order of first use
    patterns: tuple[str, ...]  # one per template; literal braces doubled

    def render(self, bindings: Mapping[str, Mapping[str, object]]) -> tuple[str, ...]:
        return self.texts(self.values(bindings))

    def values(self, bindings: Mapping[str, Mapping[str, object]]) -> tuple[str, ...]:
        """The text of every field: all a match contributes to the templates' texts, so two
        matches with equal values render equal texts."""
        values = []
        for alias, name in self.fields:
            value = bindings[alias].get(name, "")
            values.append(value if type(value) is str else format_value(value))
        return tuple(values)

    def texts(self, values: Sequence[str]) -> tuple[str, ...]:
        return tuple(pattern.format(*values) for pattern in self.patterns)


def compile_templates(templates: Sequence[str], params: Mapping[str, object]) -> CompiledTemplates:
    """Raises TemplateError or KeyError (an unknown parameter) as `render` would."""
    fields: dict[Field, int] = {}
    patterns = tuple(_pattern(template, params, fields) for template in templates)
    return CompiledTemplates(tuple(fields), patterns)


def _pattern(template: str, params: Mapping[str, object], fields: dict[Field, int]) -> str:
    parts: list[str] = []
    for segment in parse_template(template):
        if isinstance(segment, str):
            parts.append(_literal(segment))
        elif segment.alias is None:
            parts.append(_literal(format_value(params[segment.name])))
        else:
            index = fields.setdefault((segment.alias, segment.name), len(fields))
            parts.append(f"{{{index}}}")
    return "".join(parts)


def _literal(text: str) -> str:
    return text.replace("{", "{{").replace("}", "}}")


class _Sentence:
    """One language of a LazyText: rendered when first read, then kept in the instance's
    __dict__, which Python consults before a descriptor without __set__ such as this one."""

    def __init__(self, index: int) -> None:
        self.index = index  # 0: zh, 1: en, as in LazyText.patterns
        self.name = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, text: None, owner: type | None = None) -> _Sentence: ...
    @overload
    def __get__(self, text: LazyText, owner: type | None = None) -> str: ...
    def __get__(self, text: LazyText | None, owner: type | None = None) -> str | _Sentence:
        if text is None:
            return self
        sentence = text.patterns[self.index].format(*text.values)
        text.__dict__[self.name] = sentence
        return sentence


_new: Final = object.__new__


class LazyText(Text):
    """A Text filled in from compiled patterns (CompiledTemplates) the first time each language
    is read: a run reports in one language, so the other is never rendered. Equal to, and
    hashed as, the Text of the same sentences; immutable like it.

    Made by `lazy_text`, not by Text's __init__ (`dataclasses.replace` still works: it passes
    the sentences, which then simply sit in the instance)."""

    patterns: tuple[str, str]  # str.format patterns for zh and en
    values: tuple[str, ...]  # what fills them: CompiledTemplates.values of one match
    zh = _Sentence(0)
    en = _Sentence(1)

    def __repr__(self) -> str:
        return f"Text(zh={self.zh!r}, en={self.en!r})"


def lazy_text(patterns: tuple[str, str], values: tuple[str, ...]) -> LazyText:
    text = _new(LazyText)
    slots = text.__dict__  # Text is frozen: its own __setattr__ refuses
    slots["patterns"] = patterns
    slots["values"] = values
    return text
