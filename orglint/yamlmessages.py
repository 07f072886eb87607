"""What goes wrong while loading, as a plain sentence in zh and en with what to do about it.

PyYAML's parser errors (always PyYAML's: yamlload.py has PyYAML re-read whatever libyaml cannot
parse, so the messages and marks are the same with or without libyaml) go through explain(); the
loader's own problems are LoadProblems, made by the functions below.
"""

from __future__ import annotations

from typing import Final

import yaml
from yaml.composer import ComposerError

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


class LoadProblem(Exception):
    """A problem found while loading, at a PyYAML mark (0-based); turned into InputErrors later."""

    def __init__(self, mark: yaml.Mark | None, zh: str, en: str) -> None:
        super().__init__(en)
        self.mark, self.zh, self.en = mark, zh, en


_TAG: Final = "tag:yaml.org,2002:"
_TAG_WORDS: Final = {  # what YAML turned an unquoted key into, for the "quote it" hint
    _TAG + "int": ("数字", "a number"),
    _TAG + "float": ("数字", "a number"),
    _TAG + "bool": ("布尔值", "true/false"),
    _TAG + "null": ("空值", "null"),
    _TAG + "timestamp": ("日期", "a date"),
    _TAG + "value": ("特殊值", "a special value"),
}


def recursive_alias(mark: yaml.Mark) -> LoadProblem:
    return LoadProblem(
        mark,
        "别名引用了包含它自己的锚点(递归别名);请展开写出",
        "an alias refers to an anchor that contains it (a recursive alias); write it out",
    )


def too_big(mark: yaml.Mark, limit: int) -> LoadProblem:
    return LoadProblem(
        mark,
        f"文件展开后超过 {limit} 个节点(可能是锚点/别名的“billion laughs”炸弹);"
        "请不要在别名里层层引用别名",
        f"the file expands to more than {limit} nodes (an anchor/alias 'billion laughs' "
        "bomb?); stop nesting aliases inside aliases",
    )


def too_deep(mark: yaml.Mark, limit: int) -> LoadProblem:
    return LoadProblem(
        mark,
        f"嵌套超过 {limit} 层;组织架构文件不需要这么深,请检查缩进或括号",
        f"nesting is deeper than {limit} levels; an org file never needs that — "
        "check the indentation and brackets",
    )


def more_documents(mark: yaml.Mark) -> LoadProblem:
    return LoadProblem(
        mark,
        "文件里有多个 YAML 文档(第二个 `---`);一个组织架构文件只能有一个文档,"
        "请删除多余的或拆分到另一个文件",
        "the file holds more than one YAML document (a second `---`); an org file is one "
        "document — delete the rest or move it to another file",
    )


def unsupported_tag(mark: yaml.Mark, tag: str) -> LoadProblem:
    tag = tag.replace(_TAG, "!!")
    return LoadProblem(
        mark,
        f"不支持标签 `{tag}`;orglint 只读普通 YAML(文本、数字、true/false、列表、映射),请删除标签",
        f"the tag `{tag}` is not supported; orglint reads plain YAML only (text, numbers, "
        "true/false, lists, mappings) — remove the tag",
    )


def unreadable(mark: yaml.Mark, tag: str) -> LoadProblem:
    zh_kind, en_kind = _TAG_WORDS.get(tag, ("值", "a value"))
    return LoadProblem(
        mark,
        f"无法按{zh_kind}读取这个值;如果它是文字,请加引号",
        f"this value cannot be read as {en_kind}; if it is text, put it in quotes",
    )


def key_not_text(mark: yaml.Mark, tag: str, value: str) -> LoadProblem:
    zh_kind, en_kind = _TAG_WORDS.get(tag, ("非文本", "not text"))
    shown = value or "~"
    return LoadProblem(
        mark,
        f'键 `{shown}` 被 YAML 读成了{zh_kind};键必须是文本,请加引号:"{shown}"',
        f"the key `{shown}` is read by YAML as {en_kind}; keys must be text — "
        f'put it in quotes: "{shown}"',
    )


def key_not_scalar(mark: yaml.Mark) -> LoadProblem:
    return LoadProblem(
        mark, "键必须是文本,不能是列表或映射", "a key must be text, not a list or a mapping"
    )


def duplicate_key(mark: yaml.Mark, key: str, first_line: int) -> LoadProblem:
    return LoadProblem(
        mark,
        f"键 `{key}` 重复,第一次出现在第 {first_line} 行;请合并或删除其中一个",
        f"duplicate key `{key}`; it first appears on line {first_line} — "
        "merge the two or delete one",
    )


# PyYAML's composer errors, in its words (explain() knows them), for our composer (yamlsafe.py).
def undefined_alias(mark: yaml.Mark, name: str) -> ComposerError:
    return ComposerError(None, None, f"found undefined alias {name!r}", mark)


def duplicate_anchor(first: yaml.Mark, mark: yaml.Mark, name: str) -> ComposerError:
    return ComposerError(
        f"found duplicate anchor {name!r}; first occurrence", first, "second occurrence", mark
    )
