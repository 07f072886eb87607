"""Bytes → text: the encodings an org file may arrive in, and a located error when it is none."""

from __future__ import annotations

import codecs
import re
import unicodedata
from typing import Final

import yaml.reader

from orglint.errors import InputErrors

# An org file is a few hundred KiB at most; the cap only stops a hostile or mistaken input
# (a log, a database dump) from being read into memory and parsed for minutes.
MAX_BYTES: Final = 64 * 1024 * 1024

# UTF-32 first: its little-endian BOM begins with the UTF-16 one.
_BOMS: Final = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# The line breaks YAML (and PyYAML's marks) count: \r\n, \r, \n, NEL, LS, PS.
_BREAK: Final = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
_CJK: Final = re.compile("[\u4e00-\u9fff]")


def line_col(text: str, index: int) -> tuple[int, int]:
    """1-based line and column (in characters) of `text[index]`, counting lines as YAML does."""
    line, start = 1, 0
    for brk in _BREAK.finditer(text, 0, index):
        line, start = line + 1, brk.end()
    return line, index - start + 1


def decode_text(name: str, raw: bytes) -> str:
    """Decode UTF-8 (BOM optional) or BOM-marked UTF-16/32, then refuse non-printable characters."""
    text = decode(name, raw)
    refuse_non_printable(name, text)
    return text


def decode(name: str, raw: bytes) -> str:
    """decode_text without the check for non-printable characters, for a caller that has them
    checked otherwise (the loader: libyaml's reader refuses exactly the same characters)."""
    if len(raw) > MAX_BYTES:
        raise InputErrors.single(
            name,
            1,
            1,
            f"文件有 {len(raw)} 字节,超过上限 {MAX_BYTES} 字节(64 MiB);请确认这是组织架构文件",
            f"file is {len(raw)} bytes, over the {MAX_BYTES}-byte (64 MiB) limit; "
            "check that this is an org file",
        )
    return _decode(name, raw)


def _decode(name: str, raw: bytes) -> str:
    bom, codec = next(((b, c) for b, c in _BOMS if raw.startswith(b)), (b"", "utf-8"))
    body = raw[len(bom) :]
    try:
        return body.decode(codec)
    except UnicodeDecodeError as exc:
        raise _bad_bytes(name, body, exc, codec, has_bom=bool(bom)) from None


def _bad_bytes(
    name: str, body: bytes, exc: UnicodeDecodeError, codec: str, has_bom: bool
) -> InputErrors:
    # Everything before the first bad byte decoded cleanly, so it locates the byte exactly.
    prefix = body[: exc.start].decode(codec, errors="replace")
    line, col = line_col(prefix, len(prefix))
    bad = body[exc.start : exc.start + 1].hex().upper()
    if not has_bom and _looks_like_gb18030(body):
        zh_hint, en_hint = (
            "看起来是 GBK/GB18030 编码;请另存为 UTF-8",
            "looks like GBK/GB18030; re-save as UTF-8",
        )
    else:
        zh_hint, en_hint = "请把文件另存为 UTF-8", "re-save the file as UTF-8"
    return InputErrors.single(
        name,
        line,
        col,
        f"文件不是有效的 {codec.upper()} 文本(第一个无效字节 0x{bad});{zh_hint}",
        f"file is not valid {codec.upper()} text (first bad byte 0x{bad}); {en_hint}",
    )


def _looks_like_gb18030(body: bytes) -> bool:
    """GB18030 maps nearly every byte string, so also ask for Chinese characters in the result."""
    try:
        return bool(_CJK.search(body.decode("gb18030")))
    except UnicodeDecodeError:
        return False


def refuse_non_printable(name: str, text: str) -> None:
    """Raise InputErrors at the first character a YAML stream may not contain (PyYAML's own
    definition, Reader.NON_PRINTABLE: its ReaderError has no line)."""
    found = yaml.reader.Reader.NON_PRINTABLE.search(text)
    if found is not None:
        line, col = line_col(text, found.start())
        raise InputErrors.single(name, line, col, *_non_printable_sentence(found.group()))


def _non_printable_sentence(char: str) -> tuple[str, str]:
    code = f"U+{ord(char):04X}"
    if char == "\0":
        return (
            f"文件含有 NUL 字符({code});这不是文本文件,或是没有 BOM 的 UTF-16 文件。请另存为 UTF-8",
            f"file contains a NUL character ({code}); it is binary or UTF-16 without a BOM. "
            "Re-save it as UTF-8",
        )
    label = _CONTROL_NAMES.get(char) or unicodedata.name(char, "")
    code = f"{code} ({label})" if label else code
    return (
        f"文件含有 YAML 不允许的字符 {code};请删除它(常见于从表格或文档复制的文字)",
        f"file contains the character {code}, which YAML does not allow; delete it "
        "(it often comes with text pasted from a spreadsheet or document)",
    )


# unicodedata has no names for C0/C1 controls; these are the ones that turn up in pasted text.
_CONTROL_NAMES: Final = {
    "\x07": "BELL",
    "\x08": "BACKSPACE",
    "\x0b": "VERTICAL TAB",
    "\x0c": "FORM FEED",
    "\x1b": "ESCAPE",
    "\x7f": "DELETE",
}
