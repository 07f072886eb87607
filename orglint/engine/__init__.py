"""The rules engine facade: `evaluate(rulebook, facts, engine)` -> sorted, deduplicated Matches.

Two back ends give identical results: `durable` (durable-rules 2.0.28, a fresh quiet host per call)
and `python` (a pure evaluator of the same rule language, the fallback on Python 3.13+).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from operator import methodcaller
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
def _durable_installed() -> bool:
    try:
        import durable.engine  # noqa: F401
        import durable_rules_engine  # noqa: F401
    except ImportError:
        return False
    return True


def _durable_version() -> str | None:
    """Only `orglint --version` asks: importing importlib.metadata costs ~40 ms a run."""
    if not _durable_installed():
        return None
    import importlib.metadata

    try:
        return importlib.metadata.version("durable-rules")
    except importlib.metadata.PackageNotFoundError:
        return "unknown version"


def available_engines() -> list[str]:
    return ["durable", "python"] if _durable_installed() else ["python"]


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
    if engine == "durable" and _durable_installed():
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

    @property
    def mirrored(self) -> bool:
        """Whether two aliases share a type, so that one match can have mirror images."""
        return len(self.same_type) < len(self.aliases)

    def mirror_class(self, indices: tuple[int, ...]) -> object:
        """Matches binding the same facts to same-type aliases in another order share this."""
        return tuple(tuple(sorted(indices[i] for i in group)) for group in self.same_type)

    def ordered(self, found: Iterable[tuple[int, ...]], keys: list[str]) -> list[tuple[int, ...]]:
        """One rule's distinct matches, mirror images dropped, ordered by the subject's key, then
        every alias's key, then fact positions."""
        if self.mirrored:
            found = self._without_mirror_images(found, keys)
        if len(self.aliases) == 1:  # the common case: sort (key, index) pairs at C speed
            return [(i,) for _key, i in sorted([(keys[t[0]], t[0]) for t in found])]
        subject = self.subject
        decorated = [(keys[t[subject]], tuple([keys[i] for i in t]), t) for t in found]
        decorated.sort()
        return [t for _key, _keys, t in decorated]

    def _without_mirror_images(
        self, found: Iterable[tuple[int, ...]], keys: list[str]
    ) -> list[tuple[int, ...]]:
        """Of mirror images, keep the one whose keys ascend (then positions)."""
        kept: dict[object, tuple[int, ...]] = {}
        for _keys, indices in sorted((tuple([keys[i] for i in t]), t) for t in found):
            kept.setdefault(self.mirror_class(indices), indices)
        return list(kept.values())


def _finish(rulebook: Rulebook, facts: Sequence[Fact], raw: set[RawMatch]) -> list[Match]:
    """Distinct matches, sorted by code, then as _Shape.ordered says."""
    shapes = {rule.code: _Shape.of(rule) for rule in rulebook.rules}
    keys = list(map(str, map(methodcaller("get", "key", ""), facts)))
    by_code: dict[str, list[tuple[int, ...]]] = defaultdict(list)
    for code, indices in raw:
        by_code[code].append(indices)
    matches: list[Match] = []
    for code in sorted(by_code):
        matches += _matches(code, shapes[code], shapes[code].ordered(by_code[code], keys), facts)
    return matches


def _matches(
    code: str, shape: _Shape, ordered: list[tuple[int, ...]], facts: Sequence[Fact]
) -> list[Match]:
    """Each match with the original fact dict bound to each alias."""
    if len(shape.aliases) == 1:  # the common case, without zip
        alias = shape.aliases[0]
        return [Match(code, MappingProxyType({alias: facts[i]})) for (i,) in ordered]
    return [
        Match(code, MappingProxyType(dict(zip(shape.aliases, [facts[i] for i in t], strict=True))))
        for t in ordered
    ]
