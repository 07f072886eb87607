"""User-facing errors: one type, caught in one place (cli.py), always with file:line:col."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, eq=False)
class Text:
    """A sentence in both languages orglint speaks."""

    zh: str
    en: str

    def get(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en

    # Equal by the words, whatever the subclass: a finding's texts are a Text rendered on demand
    # (orglint/ruletext.py, LazyText) and still equal a Text of the same sentences.
    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Text):
            return NotImplemented
        return self.zh == other.zh and self.en == other.en

    def __hash__(self) -> int:
        return hash((self.zh, self.en))


@dataclass(frozen=True)
class InputError:
    """One problem with one input, at one place (1-based line and column)."""

    file: str
    line: int
    column: int
    message: Text
    path: str = ""  # YAML path such as units[3].parent, "" for the whole document

    def render(self, lang: str) -> str:
        where = f" ({'位置' if lang == 'zh' else 'at'} {self.path})" if self.path else ""
        label = "错误" if lang == "zh" else "error"
        return f"{self.file}:{self.line}:{self.column}: {label}: {self.message.get(lang)}{where}"


class InputErrors(Exception):
    """Raised by any stage that finds the input unreadable, invalid or unusable (exit code 2)."""

    def __init__(self, errors: Iterable[InputError]) -> None:
        self.errors = tuple(errors)
        super().__init__("; ".join(e.render("en") for e in self.errors))

    @classmethod
    def single(
        cls, file: str, line: int, column: int, zh: str, en: str, path: str = ""
    ) -> InputErrors:
        return cls([InputError(file, line, column, Text(zh, en), path)])
