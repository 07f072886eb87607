from __future__ import annotations

import codecs
from collections.abc import Callable

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from orglint import decoding, yamlsafe
from orglint.errors import InputErrors
from orglint.validate import load_and_validate
from orglint.yamlload import KEY, Document, Mark, load_document, yaml_path
from tests.orgsamples import REPO, VALID_ORG, assert_bilingual, input_errors, sample_errors

# (sample, line, column, a word the English sentence must contain)
LOAD_SAMPLES = [
    ("syntax-error.yaml", 9, 14, "':'"),
    ("duplicate-key.yaml", 12, 5, "line 10"),
    ("not-a-mapping.yaml", 2, 1, "mapping"),
    ("empty.yaml", 1, 1, "empty"),
    ("gbk-encoded.yaml", 1, 3, "GBK/GB18030"),
    ("billion-laughs.yaml", 11, 6, "billion laughs"),
    ("python-tag.yaml", 4, 9, "!!python/object/apply:os.system"),
    ("multi-document.yaml", 8, 1, "more than one YAML document"),
    ("deep-nesting.yaml", 5, 108, "deeper than"),
]


@pytest.mark.parametrize(("name", "line", "column", "word"), LOAD_SAMPLES)
def test_bad_sample(name: str, line: int, column: int, word: str) -> None:
    (error,) = sample_errors(name)
    assert (error.file, error.line, error.column) == (name, line, column)
    assert word in error.message.en
    assert_bilingual(error)


def test_utf16_sample_loads() -> None:
    raw = (REPO / "samples" / "encoding" / "utf16-bom.yaml").read_bytes()
    assert raw.startswith(codecs.BOM_UTF16_LE)
    doc = load_and_validate("utf16-bom.yaml", raw)
    assert doc.data["company"] == {"name": "星河优选", "revenue": "3000万"}
    assert doc.marks[("units", 1, "name")] == Mark(11, 11)  # the comment is line 1


@pytest.mark.parametrize(
    "encode",
    [
        lambda s: s.encode("utf-8"),
        lambda s: codecs.BOM_UTF8 + s.encode("utf-8"),
        lambda s: s.encode("utf-16"),
        lambda s: codecs.BOM_UTF16_BE + s.encode("utf-16-be"),
        lambda s: s.encode("utf-32"),
        lambda s: codecs.BOM_UTF32_BE + s.encode("utf-32-be"),
    ],
)
def test_encodings_give_the_same_document(encode: Callable[[str], bytes]) -> None:
    doc = load_and_validate("org.yaml", encode(VALID_ORG))
    assert doc.data == load_and_validate("org.yaml", VALID_ORG.encode()).data
    assert doc.marks[("company", "name")] == Mark(3, 9)


def test_marks_of_nested_nodes_and_keys() -> None:
    doc = load_document("org.yaml", VALID_ORG.encode())
    lines = VALID_ORG.splitlines()

    def at(line: int, text: str) -> Mark:
        return Mark(line, lines[line - 1].index(text) + 1)

    assert doc.marks[()] == Mark(1, 1)
    assert doc.marks[("units", 1, "kpis", 0, "name")] == at(22, "转化率")
    assert doc.marks[("units", 1, "kpis", 0, "period", KEY)] == at(22, "period")
    assert doc.marks[("units", 1, "roles", 0, "kpis", 0, "name")] == at(25, "活动GMV")
    assert doc.marks[("units", 1, "collaborates_with", 1)] == at(23, "cs")
    assert doc.marks[("units", 1, "parent", KEY)] == at(15, "parent")
    assert doc.marks[("units", 1)] == at(13, "id")


def test_locate_falls_back_to_the_nearest_ancestor() -> None:
    doc = load_document("org.yaml", VALID_ORG.encode())
    assert doc.locate(("units", 0, "headcount")) == doc.marks[("units", 0)]
    assert doc.locate(("units", 0, "headcount", KEY)) == doc.marks[("units", 0)]
    assert doc.locate(("nothing", 3)) == Mark(1, 1)
    assert Document("x", {}, {}).locate(("a",)) == Mark(1, 1)


def test_error_helper_points_at_the_key() -> None:
    doc = load_document("org.yaml", VALID_ORG.encode())
    error = doc.error(("units", 1, "lead", KEY), "中", "en")
    assert (error.line, error.column, error.path) == (18, 5, "units[1].lead")


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ((), ""),
        (("units", 3, "parent"), "units[3].parent"),
        (("units", 3, "parent", KEY), "units[3].parent"),
        (("company", "x-notes", 0), "company.x-notes[0]"),
        (("a.b", "c d"), '["a.b"]["c d"]'),
        (("单元", 1), "单元[1]"),
    ],
)
def test_yaml_path(path: tuple[str | int, ...], text: str) -> None:
    assert yaml_path(path) == text


def test_merge_keys_and_anchors_load_with_marks() -> None:
    raw = b"base: &b {lead: x, headcount: 2}\nunit:\n  <<: *b\n  headcount: 3\n"
    doc = load_document("org.yaml", raw)
    assert doc.data["unit"] == {"lead": "x", "headcount": 3}
    assert doc.marks[("unit", "headcount")] == Mark(4, 14)  # the explicit key wins, as in data
    assert doc.marks[("unit", "lead")] == Mark(1, 17)  # merged: where the anchor defines it


def test_dates_and_odd_scalars_stay_text() -> None:
    doc = load_document("org.yaml", b"a: 2024-12-31\nb: =\nc: <<\nd: 1.2e8\n")
    assert doc.data == {"a": "2024-12-31", "b": "=", "c": "<<", "d": "1.2e8"}


@pytest.mark.parametrize(
    ("raw", "line", "column", "word"),
    [
        (b"a: 1\nb:\x00 2\n", 2, 3, "NUL"),
        (b"a: 1\nb: x\x07y\n", 2, 5, "U+0007"),
        (b"a: \xe8\xbf\n", 1, 4, "UTF-8"),
        (codecs.BOM_UTF16_LE + "a: 1\n".encode("utf-16-le") + b"\x00\xdc", 2, 1, "UTF-16"),
        (b"a: &x [*x]\n", 1, 4, "recursive alias"),  # PyYAML keeps the anchor's mark only
        (b"a: *nope\n", 1, 4, "anchor"),
        (b"a: !!binary aGVsbG8=\n", 1, 4, "!!binary"),
        (b"a: !!set {x, y}\n", 1, 4, "!!set"),
        (b"a: !foo x\n", 1, 4, "!foo"),
        (b"!!map\n- a\n", 1, 1, "!!map"),
        (b"1: x\n", 1, 1, "a number"),
        (b"yes: x\n", 1, 1, "true/false"),
        (b"~: x\n", 1, 1, "null"),
        (b"? [a]\n: x\n", 1, 3, "not a list"),
        (b"a: " + b"9" * 5000 + b"\n", 1, 4, "a number"),
        (b"a: !!float abc\n", 1, 4, "a number"),
        (b"a:\n\tb: 1\n", 2, 1, "tab"),
        (b"a: [1, 2\nb: 3\n", 2, 2, "[...]"),
        (b"a: 'x\n", 2, 1, "quotation mark"),
        (b"a: 1\n b: 2\n", 2, 3, "':'"),
        (b"- a\n- b\n", 1, 1, "not a list"),
        (b"just text\n", 1, 1, "not a single value"),
        (b"# only a comment\n", 1, 1, "empty"),
        (b"---\n", 1, 1, "empty"),
        (b"a: 1\n...\n---\nb: 2\n", 3, 1, "more than one"),
    ],
)
def test_load_errors(raw: bytes, line: int, column: int, word: str) -> None:
    (error,) = input_errors(raw)
    assert (error.line, error.column) == (line, column), error.render("en")
    assert word in error.message.en
    assert_bilingual(error)


def test_size_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(decoding, "MAX_BYTES", 100)
    (error,) = input_errors(b"a: " + b"x" * 100)
    assert "limit" in error.message.en


def test_composed_node_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yamlsafe, "MAX_NODES", 50)
    (error,) = input_errors(b"a: [" + b"1, " * 60 + b"]\n")
    assert "50 nodes" in error.message.en


def test_depth_through_aliases_is_capped() -> None:
    # Each anchor nests 60 deep and holds the previous one: syntactically shallow, deep expanded.
    parts = ["l0: &l0 x"]
    for i in range(1, 4):
        parts.append(f"l{i}: &l{i} " + "[" * 60 + f"*l{i - 1}" + "]" * 60)
    (error,) = input_errors("\n".join(parts).encode())
    assert "deeper than" in error.message.en


def test_recursion_never_escapes() -> None:
    for raw in (b"[" * 100_000, b"{a: " * 50_000, b"- " * 50_000 + b"x"):
        (error,) = input_errors(raw)
        assert_bilingual(error)


def test_the_loader_leaves_pyyaml_alone() -> None:
    assert yaml.safe_load("a: 2024-12-31")["a"].year == 2024


# --- properties: no input, however odd, gets anything but a Document or InputErrors -------------

_SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _document_or_input_errors(raw: bytes) -> None:
    try:
        doc = load_and_validate("org.yaml", raw)
    except InputErrors as exc:
        assert exc.errors
        for error in exc.errors:
            assert_bilingual(error)
    else:
        assert isinstance(doc.data, dict)


@_SETTINGS
@given(st.binary(max_size=400))
def test_arbitrary_bytes(raw: bytes) -> None:
    _document_or_input_errors(raw)


@_SETTINGS
@given(
    st.text(
        alphabet=st.sampled_from(list("ab:-[]{},&*!|>'\"#%@`?\n\t 0123 运营\x00\x85")), max_size=200
    )
)
def test_yaml_punctuation_soup(text: str) -> None:
    _document_or_input_errors(text.encode("utf-8"))


_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=20)
    | st.sampled_from(["orglint", "units", "id", "parent", "2024-01-01"])
)
_YAMLISH = st.recursive(
    _SCALARS,
    lambda inner: (
        st.lists(inner, max_size=5)
        | st.dictionaries(st.text(max_size=10) | st.integers() | st.booleans(), inner, max_size=5)
    ),
    max_leaves=40,
)


@_SETTINGS
@given(_YAMLISH, st.booleans())
def test_arbitrary_yaml_values(value: object, flow: bool) -> None:
    text = yaml.safe_dump(value, allow_unicode=True, default_flow_style=flow)
    _document_or_input_errors(text.encode("utf-8"))
