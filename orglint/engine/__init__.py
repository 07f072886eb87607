"""The rules engine facade: `evaluate(rulebook, facts, engine)` -> sorted, deduplicated Matches.

Two back ends give identical results: `durable` (durable-rules 2.0.28, a fresh quiet host per call)
and `python` (a pure evaluator of the same rule language, the fallback on Python 3.13+).
"""

from __future__ import annotations

import importlib.metadata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType

from orglint.engine.common import Fact, RawMatch
from orglint.rulebook import Rule, Rulebook

Backend = Callable[[Sequence[Rule], Sequence[Fact]], Iterable[RawMatch]]


@dataclass(frozen=True)
class Match:
    """One way a rule matched: its code and the original fact dict bound to each alias."""

    code: str
    bindings: Mapping[str, Mapping[str, object]]


@cache
def _durable_version() -> str | None:
    try:
        import durable.engine  # noqa: F401
        import durable_rules_engine  # noqa: F401
    except ImportError:
        return None
    try:
        return importlib.metadata.version("durable-rules")
    except importlib.metadata.PackageNotFoundError:
        return "unknown version"


def available_engines() -> list[str]:
    return ["durable", "python"] if _durable_version() else ["python"]


def default_engine_name() -> str:
    """What `auto` uses, for `orglint --version`."""
    version = _durable_version()
    return f"durable-rules {version}" if version else "python (durable-rules not installed)"


def _backend(engine: str) -> Backend:
    if engine == "auto":
        engine = available_engines()[0]
    if engine == "python":
        from orglint.engine import python_backend

        return python_backend.run
    if engine == "durable" and _durable_version():
        from orglint.engine import durable_backend

        return durable_backend.run
    if engine == "durable":
        raise ValueError("engine 'durable' needs durable-rules, which is not installed here")
    raise ValueError(f"unknown engine {engine!r} (choose auto, durable or python)")


def evaluate(rulebook: Rulebook, facts: Sequence[Fact], engine: str = "auto") -> list[Match]:
    raw = set(_backend(engine)(rulebook.rules, facts))  # a set: identical matches count once
    return _finish(rulebook, facts, raw)


@dataclass(frozen=True)
class _Shape:
    """Per rule: its aliases, the subject's position, and positions of aliases of one type."""

    aliases: tuple[str, ...]
    subject: int
    same_type: tuple[tuple[int, ...], ...]

    @classmethod
    def of(cls, rule: Rule) -> _Shape:
        types = [p.fact for p in rule.patterns if not p.negated]
        groups = {t: tuple(i for i, u in enumerate(types) if u == t) for t in types}
        return cls(rule.aliases, rule.aliases.index(rule.subject), tuple(groups.values()))

    def mirror_class(self, indices: tuple[int, ...]) -> object:
        """Matches binding the same facts to same-type aliases in another order share this."""
        if len(self.same_type) == len(indices):  # no two aliases of one type: the common case
            return indices
        return tuple(tuple(sorted(indices[i] for i in group)) for group in self.same_type)


def _finish(rulebook: Rulebook, facts: Sequence[Fact], raw: set[RawMatch]) -> list[Match]:
    shapes = {rule.code: _Shape.of(rule) for rule in rulebook.rules}
    keys = [str(fact.get("key", "")) for fact in facts]

    def order(match: RawMatch) -> tuple[str, str, tuple[str, ...], tuple[int, ...]]:
        code, indices = match
        subject = indices[shapes[code].subject]
        return code, keys[subject], tuple(keys[i] for i in indices), indices

    def ascending(match: RawMatch) -> tuple[tuple[str, ...], tuple[int, ...]]:
        return tuple(keys[i] for i in match[1]), match[1]

    kept: dict[tuple[str, object], RawMatch] = {}
    for match in sorted(raw, key=ascending):  # of mirror images, keep the one keys ascend in
        kept.setdefault((match[0], shapes[match[0]].mirror_class(match[1])), match)
    return [
        _match(code, indices, shapes[code], facts)
        for code, indices in sorted(kept.values(), key=order)
    ]


def _match(code: str, indices: tuple[int, ...], shape: _Shape, facts: Sequence[Fact]) -> Match:
    bindings = {alias: facts[i] for alias, i in zip(shape.aliases, indices, strict=True)}
    return Match(code, MappingProxyType(bindings))
