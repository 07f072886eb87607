"""One jsonschema ValidationError → where it is and what to do, as plain sentences in zh and en."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, Final

from orglint.revenue import ACCEPTED_FORMS_EN, ACCEPTED_FORMS_ZH, REVENUE_PATTERN
from orglint.yamlload import KEY, YamlPath

if TYPE_CHECKING:  # errors come from schema.py's validator; a valid run never imports jsonschema
    from jsonschema import ValidationError

Said = tuple[YamlPath, str, str]  # (where, zh, en)

ID_PATTERN: Final = "^[a-z0-9][a-z0-9_.-]*$"
NONBLANK_PATTERN: Final = r"\S"

_TYPE_WORDS: Final = {
    "string": ("文本", "text"),
    "integer": ("整数", "a whole number"),
    "number": ("数字", "a number"),
    "boolean": ("true 或 false", "true or false"),
    "array": ("列表", "a list"),
    "object": ("映射(键: 值)", "a mapping (key: value)"),
    "null": ("空值", "empty"),
}
# Names people carry over from other formats (knowledge §2.x, HRIS exports) → the v1 key.
_KNOWN_ALIASES: Final = {
    "reports_to": "parent",
    "dotted_line_to": "dotted_to",
    "annual_revenue_cny": "revenue",
    "sales": "revenue",
    "manager": "lead",
    "owner": "lead",
    "head": "lead",
    "duties": "responsibilities",
    "size": "headcount",
    "members": "headcount",
}


def describe(error: ValidationError) -> list[Said]:
    """Sentences for one error; most keywords give one, `required` one per missing key."""
    path: YamlPath = tuple(error.absolute_path)
    explain = _BY_KEYWORD.get(str(error.validator), _fallback)
    return explain(error, path)


def show(value: Any) -> str:
    """A short rendering of a value for a message."""
    text = value if isinstance(value, str) and value else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:37] + "..."


def closest(word: object, choices: Iterable[str]) -> str | None:
    if not isinstance(word, str):
        return None
    import difflib  # only when there is a mistake to guess at: not worth its import every run

    found = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return found[0] if found else None


def _rule(error: ValidationError) -> Any:
    """The keyword's value in the schema (typed `Any | Unset` by jsonschema; always set here)."""
    return error.validator_value


def _instance(error: ValidationError) -> Any:
    return error.instance


def _type_word(type_names: Any) -> tuple[str, str]:
    names = [type_names] if isinstance(type_names, str) else list(type_names)
    zh = " 或 ".join(_TYPE_WORDS.get(str(n), (str(n), ""))[0] for n in names)
    en = " or ".join(_TYPE_WORDS.get(str(n), ("", str(n)))[1] for n in names)
    return zh, en


def _actual_type(value: Any) -> tuple[str, str]:
    kinds = {
        bool: "boolean",
        int: "integer",
        float: "number",
        str: "string",
        list: "array",
        dict: "object",
        type(None): "null",
    }
    return _type_word(kinds.get(type(value), "string"))


def _type(error: ValidationError, path: YamlPath) -> list[Said]:
    want_zh, want_en = _type_word(_rule(error))
    if error.instance is None:
        return [
            (
                path,
                f"这里没有值;应为{want_zh},或删除这个键",
                f"there is no value here; give {want_en} or delete the key",
            )
        ]
    got_zh, got_en = _actual_type(error.instance)
    return [
        (
            path,
            f"应为{want_zh},实际是{got_zh}:{show(error.instance)}",
            f"expected {want_en}, found {got_en}: {show(error.instance)}",
        )
    ]


def _required(error: ValidationError, path: YamlPath) -> list[Said]:
    present = _instance(error) if isinstance(_instance(error), dict) else {}
    missing = [k for k in _rule(error) if k not in present]
    # `nmae: x` is reported as an unknown key "did you mean `name`?"; saying that `name` is
    # missing as well would count one typo twice.
    known: Any = error.schema
    typos = [
        k
        for k in present
        if isinstance(k, str) and not k.startswith("x-") and k not in known.get("properties", {})
    ]
    return [
        (path, f"缺少必填的键 `{key}`", f"the required key `{key}` is missing")
        for key in missing
        if closest(key, typos) is None
    ]


def _additional(error: ValidationError, path: YamlPath) -> list[Said]:
    schema: Any = error.schema
    instance: Any = error.instance
    allowed = list(schema.get("properties", {}))
    patterns = list(schema.get("patternProperties", {}))
    extra = [
        k for k in instance if k not in allowed and not any(re.search(p, str(k)) for p in patterns)
    ]
    return [_unknown_key(path, str(key), allowed) for key in extra]


def _unknown_key(path: YamlPath, key: str, allowed: list[str]) -> Said:
    alias = _KNOWN_ALIASES.get(key)
    guess = alias if alias in allowed else closest(key, allowed)
    zh_hint = f"是不是 `{guess}`?" if guess else ""
    en_hint = f"did you mean `{guess}`? " if guess else ""
    return (
        (*path, key, KEY),
        f"未知的键 `{key}`;{zh_hint}可用的键:{', '.join(allowed)};自定义字段请以 x- 开头",
        f"unknown key `{key}`; {en_hint}allowed keys: {', '.join(allowed)}; "
        "start your own fields with x-",
    )


def _enum(error: ValidationError, path: YamlPath) -> list[Said]:
    allowed = [str(v) for v in _rule(error)]
    guess = closest(error.instance, allowed)
    value = show(error.instance)
    if len(allowed) > 12:  # the 41 function ids: a guess helps more than the whole list
        zh_list = f"共 {len(allowed)} 个标准值,见 rules/functions.yaml"
        en_list = f"one of {len(allowed)} canonical ids, listed in rules/functions.yaml"
    else:
        zh_list = en_list = ", ".join(allowed)
    zh_hint = f"是不是 `{guess}`?" if guess else ""
    en_hint = f"did you mean `{guess}`? " if guess else ""
    return [
        (
            path,
            f"`{value}` 不是允许的值;{zh_hint}可选:{zh_list}",
            f"`{value}` is not an allowed value; {en_hint}allowed: {en_list}",
        )
    ]


def _const(error: ValidationError, path: YamlPath) -> list[Said]:
    want = show(_rule(error))
    if path == ("orglint",):
        return [
            (
                path,
                f"格式版本必须是 {want}(本版 orglint 只读格式 {want})",
                f"the format version must be {want} (this orglint reads format {want} only)",
            )
        ]
    return [(path, f"这个值必须是 {want}", f"this value must be {want}")]


def _pattern(error: ValidationError, path: YamlPath) -> list[Said]:
    value = show(error.instance)
    if _rule(error) == REVENUE_PATTERN:
        return [revenue_said(path, value)]
    if _rule(error) == ID_PATTERN:
        return [
            (
                path,
                f"id `{value}` 不合规:只能用小写字母、数字、'_'、'-'、'.',并以字母或数字开头",
                f"the id `{value}` is not valid: use lowercase letters, digits, '_', '-', '.', "
                "starting with a letter or digit",
            )
        ]
    if _rule(error) == NONBLANK_PATTERN:
        return _blank(error, path)
    return _fallback(error, path)


def revenue_said(path: YamlPath, value: str) -> Said:
    return (
        path,
        f"看不懂营收 `{value}`;请写成{ACCEPTED_FORMS_ZH}",
        f"revenue `{value}` is not understood; write {ACCEPTED_FORMS_EN}",
    )


def _blank(error: ValidationError, path: YamlPath) -> list[Said]:
    return [
        (
            path,
            "这里是空文字;请填写内容,或删除这个键/这一项",
            "this text is empty; fill it in or delete the key or item",
        )
    ]


def _minimum(error: ValidationError, path: YamlPath) -> list[Said]:
    if path == ("company", "revenue"):
        return [revenue_said(path, show(error.instance))]
    bound, field = show(_rule(error)), _field(path)
    if error.validator == "minimum":
        return [(path, f"{field} 不能小于 {bound}", f"{field} must be at least {bound}")]
    return [(path, f"{field} 必须大于 {bound}", f"{field} must be greater than {bound}")]


def _field(path: YamlPath) -> str:
    """The key a value sits under, for "`count` must be at least 1"."""
    key = next((item for item in reversed(path) if isinstance(item, str)), "")
    return f"`{key}`" if key else "the value"


def _min_items(error: ValidationError, path: YamlPath) -> list[Said]:
    n = _rule(error)
    plural = "" if n == 1 else "s"
    return [(path, f"列表至少需要 {n} 项", f"the list needs at least {n} item{plural}")]


def _unique(error: ValidationError, path: YamlPath) -> list[Said]:
    items: list[Any] = list(_instance(error))
    twice = next((v for i, v in enumerate(items) if v in items[:i]), None)
    return [
        (
            path,
            f"列表里 `{show(twice)}` 出现了不止一次;请删除重复项",
            f"the list has `{show(twice)}` more than once; delete the repeat",
        )
    ]


def _fallback(error: ValidationError, path: YamlPath) -> list[Said]:
    return [(path, f"不符合格式要求:{error.message}", f"does not fit the format: {error.message}")]


_BY_KEYWORD: Final[dict[str, Callable[[ValidationError, YamlPath], list[Said]]]] = {
    "type": _type,
    "required": _required,
    "additionalProperties": _additional,
    "enum": _enum,
    "const": _const,
    "pattern": _pattern,
    "minLength": _blank,
    "minimum": _minimum,
    "exclusiveMinimum": _minimum,
    "minItems": _min_items,
    "uniqueItems": _unique,
}
