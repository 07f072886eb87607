"""Semantic checks of one schema-valid rule: what JSON Schema cannot say.

Aliases are unique and defined before use; joins are equality with a field of an earlier alias, of
the same type; fact types, fields, parameters and placeholders exist; literals fit their field's
type; and the rule stays inside durable-rules' hard limits (../shared/notes/durable-rules.md §6).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from orglint.factspec import FACT_TYPES, FieldType, field_type, is_numeric
from orglint.rulelang import (
    JOIN_RE,
    LIST_OPS,
    ORDER_OPS,
    Join,
    ParamRef,
    Pattern,
    Test,
    bind,
    walk_tests,
    width,
)
from orglint.ruletext import TemplateError, placeholders
from orglint.ruleyaml import YamlPath

# durable-rules limits (notes §6), measured again for orglint in tests/test_engine.py:
MAX_FACTS_PER_RULE = 16  # MAX_MESSAGE_FRAMES: the 17th fact of a sequence fails (error 304)
MAX_JOIN_TERMS = 29  # MAX_SEQUENCE_EXPRESSIONS: 30 equality terms failed with error 113
# At most 64 alpha branches may be pending for one fact (error 303) and 512 children of one node
# hang set_rulesets; durable expands `in` and `any` into DNF, so cap the alternatives per type.
MAX_ALTERNATIVES = 60
SHADOW = "~"  # the durable compiler matches negated patterns against copies of type T~


@dataclass(frozen=True)
class Problem:
    path: YamlPath
    en: str
    zh: str


def check_rule(
    rule: Mapping[str, Any],
    patterns: tuple[Pattern, ...],
    params: Mapping[str, object],
    path: YamlPath,
) -> list[Problem]:
    problems = list(_patterns(patterns, params))
    problems += _subject(rule, patterns, path)
    problems += _texts(rule, patterns, params, path)
    if not problems:
        problems += _limits(patterns, params, path)
    return problems


def _patterns(patterns: tuple[Pattern, ...], params: Mapping[str, object]) -> Iterator[Problem]:
    known: dict[str, str] = {}  # alias -> fact type, in order of definition
    every = set(_aliases(patterns))
    for pattern in patterns:
        if pattern.fact not in FACT_TYPES:
            yield Problem(
                (*pattern.path, "fact"),
                f"unknown fact type {pattern.fact!r} (known: {', '.join(sorted(FACT_TYPES))})",
                f"未知的事实类型 {pattern.fact!r}(可用:{', '.join(sorted(FACT_TYPES))})",
            )
            continue
        for join in pattern.joins:
            yield from _join(pattern.fact, join, known)
        for test in walk_tests(pattern.where):
            yield from _cross_fact(test, every)
            yield from _test(pattern.fact, test, params)
        if pattern.alias is not None:
            if pattern.alias in known:
                yield Problem(
                    (*pattern.path, "as"),
                    f"alias {pattern.alias!r} is defined twice",
                    f"别名 {pattern.alias!r} 重复定义",
                )
            known[pattern.alias] = pattern.fact


def _unknown_field(path: YamlPath, fact: str, name: str) -> Problem:
    # `type` is named by `fact:`; conditions on it would differ for the shadow copies.
    fields = ", ".join(sorted(set(FACT_TYPES[fact]) - {"type"}))
    return Problem(
        path,
        f"fact type {fact!r} has no field {name!r} (fields: {fields})",
        f"事实类型 {fact!r} 没有字段 {name!r}(字段:{fields})",
    )


def _join(fact: str, join: Join, known: Mapping[str, str]) -> Iterator[Problem]:
    mine = None if join.field == "type" else field_type(fact, join.field)
    if mine is None:
        yield _unknown_field(join.path, fact, join.field)
    if join.alias not in known:
        yield Problem(
            join.path,
            f"join refers to {join.alias!r}, which is not an alias defined "
            "by an earlier positive pattern",
            f"连接引用的 {join.alias!r} 不是前面正向模式定义的别名",
        )
        return
    theirs = field_type(known[join.alias], join.other)
    if theirs is None:
        yield _unknown_field(join.path, known[join.alias], join.other)
    elif mine is not None and (mine is not theirs or mine is float):
        yield Problem(
            join.path,
            f"join compares {join.field} ({mine.__name__}) with "
            f"{join.alias}.{join.other} ({theirs.__name__}); joins need two text, "
            "integer or boolean fields of the same type",
            f"连接比较的 {join.field} 与 {join.alias}.{join.other} 类型不同或为小数",
        )


def _cross_fact(test: Test, aliases: set[str]) -> Iterator[Problem]:
    """`where: {unit: {ne: u.unit}}` would silently compare with the text "u.unit"."""
    values = test.value if isinstance(test.value, tuple) else (test.value,)
    for value in values:
        match = JOIN_RE.fullmatch(value) if isinstance(value, str) else None
        if match and match.group(1) in aliases:
            yield Problem(
                test.path,
                f"{value!r} compares with another fact's field; only "
                "equality joins exist: write join: {field: alias.field}",
                f"{value!r} 试图与另一个事实的字段比较;只支持相等连接(join)",
            )


def _test(fact: str, test: Test, params: Mapping[str, object]) -> Iterator[Problem]:
    kind = field_type(fact, test.field)
    if kind is None or test.field == "type":
        yield _unknown_field(test.path, fact, test.field)
        return
    if isinstance(test.value, ParamRef) and test.value.name not in params:
        yield Problem(
            test.path, f"unknown parameter ${test.value.name}", f"未定义的参数 ${test.value.name}"
        )
        return
    yield from _operand(kind, test, params)


def _operand(kind: FieldType, test: Test, params: Mapping[str, object]) -> Iterator[Problem]:
    value = params[test.value.name] if isinstance(test.value, ParamRef) else test.value
    what = f"parameter ${test.value.name}" if isinstance(test.value, ParamRef) else "the value"
    if test.op in ORDER_OPS and not is_numeric(kind):
        yield Problem(
            test.path,
            f"{test.op} compares numbers, but {test.field} is {kind.__name__}",
            f"{test.op} 只能比较数字,而 {test.field} 是 {kind.__name__}",
        )
    elif test.op in LIST_OPS and not isinstance(value, (list, tuple)):
        yield Problem(
            test.path,
            f"{test.op} needs a list, but {what} is {value!r}",
            f"{test.op} 需要一个列表,而{what}是 {value!r}",
        )
    elif isinstance(value, (list, tuple)):
        bad = [v for v in value if not _fits(kind, v)]
        if bad:
            yield _mistyped(test, kind, what, bad[0])
    elif not _fits(kind, value):
        yield _mistyped(test, kind, what, value)


def _fits(kind: FieldType, value: object) -> bool:
    if isinstance(value, bool) or kind is bool:
        return isinstance(value, bool) and kind is bool
    return isinstance(value, (int, float)) if is_numeric(kind) else isinstance(value, kind)


def _mistyped(test: Test, kind: FieldType, what: str, value: object) -> Problem:
    return Problem(
        test.path,
        f"{test.field} is {kind.__name__} but {what} {value!r} is not",
        f"字段 {test.field} 是 {kind.__name__},{what} {value!r} 类型不符",
    )


def _aliases(patterns: tuple[Pattern, ...]) -> dict[str, str]:
    return {p.alias: p.fact for p in patterns if p.alias is not None}


def _subject(
    rule: Mapping[str, Any], patterns: tuple[Pattern, ...], path: YamlPath
) -> Iterator[Problem]:
    if rule["subject"] not in _aliases(patterns):
        yield Problem(
            (*path, "subject"),
            f"subject {rule['subject']!r} is not the alias of a positive pattern",
            f"subject {rule['subject']!r} 不是正向模式的别名",
        )


def _texts(
    rule: Mapping[str, Any],
    patterns: tuple[Pattern, ...],
    params: Mapping[str, object],
    path: YamlPath,
) -> Iterator[Problem]:
    aliases = _aliases(patterns)
    for key in ("message", "fix", "action"):
        for lang, text in (rule.get(key) or {}).items():
            for item, template in _strings(text, (*path, key, lang)):
                yield from _template(template, item, aliases, params)


def _strings(value: object, path: YamlPath) -> Iterator[tuple[YamlPath, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _strings(item, (*path, i))


def _template(
    template: str, path: YamlPath, aliases: Mapping[str, str], params: Mapping[str, object]
) -> Iterator[Problem]:
    try:
        found = placeholders(template)
    except TemplateError as err:
        yield Problem(path, str(err), f"占位符有误:{err}")
        return
    for ph in found:
        if ph.alias is None and ph.name not in params:
            yield Problem(
                path,
                f"placeholder {{${ph.name}}} names no parameter",
                f"占位符 {{${ph.name}}} 没有对应的参数",
            )
        elif ph.alias is not None and ph.alias not in aliases:
            yield Problem(
                path,
                f"placeholder {{{ph.alias}.{ph.name}}} names no alias of a positive pattern",
                f"占位符 {{{ph.alias}.{ph.name}}} 的别名不存在",
            )
        elif ph.alias is not None and aliases[ph.alias] not in FACT_TYPES:
            continue  # the unknown fact type is reported on its pattern
        elif ph.alias is not None and field_type(aliases[ph.alias], ph.name) is None:
            yield _unknown_field(path, aliases[ph.alias], ph.name)


def _limits(
    patterns: tuple[Pattern, ...], params: Mapping[str, object], path: YamlPath
) -> Iterator[Problem]:
    if len(patterns) > MAX_FACTS_PER_RULE:
        yield Problem(
            (*path, "when"),
            f"{len(patterns)} patterns; durable-rules allows at most "
            f"{MAX_FACTS_PER_RULE} facts per rule",
            f"模式数 {len(patterns)} 超过上限 {MAX_FACTS_PER_RULE}",
        )
    for pattern in patterns:
        if len(pattern.joins) > MAX_JOIN_TERMS:
            yield Problem(
                (*pattern.path, "join"),
                f"{len(pattern.joins)} join terms; durable-rules allows at most {MAX_JOIN_TERMS}",
                f"连接条件 {len(pattern.joins)} 个,超过上限 {MAX_JOIN_TERMS}",
            )
    for fact, count in alternatives(bind(patterns, params) or ()).items():
        if count > MAX_ALTERNATIVES:
            yield Problem(
                (*path, "when"),
                f"the {fact} patterns expand to {count} alternatives "
                f"(in-lists and any); at most {MAX_ALTERNATIVES} fit durable-rules",
                f"{fact} 模式展开为 {count} 个分支(in 列表与 any),超过上限 {MAX_ALTERNATIVES}",
            )


def alternatives(patterns: tuple[Pattern, ...]) -> Counter[str]:
    """DNF alternatives per fact type (negated patterns counted under `type~`, as compiled)."""
    counts: Counter[str] = Counter()
    for pattern in patterns:
        counts[pattern.fact + (SHADOW if pattern.negated else "")] += width(pattern.where)
    return counts
