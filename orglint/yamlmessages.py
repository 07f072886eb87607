"""PyYAML's parser messages → a plain sentence in zh and en, with what to do about it."""

from __future__ import annotations

from typing import Final

import yaml

# (fragment of PyYAML's problem text, zh, en). First match wins; PyYAML's own words follow in
# parentheses so a search for them still finds help.
_PLAIN: Final = (
    (
        "found character '\\t'",
        "这里有制表符(Tab);YAML 只能用空格缩进,请把 Tab 换成空格",
        "there is a tab here; YAML indents with spaces only — replace the tab with spaces",
    ),
    (
        "mapping values are not allowed here",
        "这里出现了意外的冒号“:”;如果冒号是文字的一部分请给整个值加引号,否则检查上一行的缩进",
        "an unexpected ':' here; if the colon is part of the text, quote the whole value, "
        "otherwise check the indentation of the line above",
    ),
    (
        "could not find expected ':'",
        "缺少“:”;每个键后面都要有冒号和空格(`键: 值`),或者缩进不一致",
        "a ':' is missing; every key needs a colon and a space after it (`key: value`), or the "
        "indentation is inconsistent",
    ),
    (
        "found undefined alias",
        "别名 `*名字` 没有对应的锚点 `&名字`;请先定义锚点,或给以 * 开头的文字加引号",
        "an alias `*name` has no matching anchor `&name`; define the anchor first, or quote "
        "text that starts with *",
    ),
    (
        "found duplicate anchor",
        "同一个锚点 `&名字` 定义了两次;请给其中一个换个名字",
        "the same anchor `&name` is defined twice; rename one of them",
    ),
    (
        "while scanning a quoted scalar",
        "引号没有闭合;请在这段文字末尾补上对应的引号",
        "a quotation mark is never closed; add the matching quote at the end of the text",
    ),
    (
        "expected ',' or ']'",
        "方括号列表 `[...]` 没有正确闭合;检查逗号和 `]`",
        "a bracketed list `[...]` is not closed properly; check the commas and the `]`",
    ),
    (
        "expected ',' or '}'",
        "花括号映射 `{...}` 没有正确闭合;检查逗号和 `}`",
        "a braced mapping `{...}` is not closed properly; check the commas and the `}`",
    ),
    (
        "expected <block end>",
        "缩进不一致:这一行的缩进与同级的行对不齐;请对齐缩进",
        "inconsistent indentation: this line does not line up with its siblings; align it",
    ),
    (
        "found character that cannot start any token",
        "这个字符不能作为值的开头(如 `@`、`` ` ``、`%`);请给这个值加引号",
        "this character cannot start a value (such as `@`, `` ` ``, `%`); quote the value",
    ),
    (
        "found unhashable key",
        "键必须是文本,不能是列表或映射",
        "a key must be text, not a list or a mapping",
    ),
)


def explain(exc: yaml.MarkedYAMLError) -> tuple[yaml.Mark | None, str, str]:
    """Where the problem is (problem mark first: PyYAML points it at the offending token)."""
    problem = " ".join(p for p in (exc.context, exc.problem) if p)
    mark = exc.problem_mark or exc.context_mark
    for fragment, zh, en in _PLAIN:
        if fragment in problem:
            return mark, f"YAML 语法错误:{zh}({problem})", f"YAML syntax error: {en} ({problem})"
    return (
        mark,
        f"YAML 语法错误:{problem};请检查这一行及上一行的缩进、冒号和引号",
        f"YAML syntax error: {problem}; check the indentation, colons and quotes on this line "
        "and the one above",
    )
