from __future__ import annotations

import codecs
import gc
from collections.abc import Callable, Iterator

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from orglint import decoding, yamlload, yamlsafe
from orglint.errors import InputErrors
from orglint.validate import load_and_validate
from orglint.yamlload import KEY, Document, Mark, load_document, yaml_path
from tests.orgsamples import REPO, VALID_ORG, assert_bilingual, input_errors, sample_errors

# Every test here runs with each parser: libyaml's (the fast one, when PyYAML has it) and PyYAML's
# pure-Python one (the reference, and the fallback without libyaml).
PARSERS = ["libyaml", "pyyaml"] if yaml.__with_libyaml__ else ["pyyaml"]


@pytest.fixture(params=PARSERS, autouse=True)
def parser(request: pytest.FixtureRequest) -> Iterator[str]:
    saved = yamlload.USE_LIBYAML
    yamlload.USE_LIBYAML = request.param == "libyaml"
    yield str(request.param)
    yamlload.USE_LIBYAML = saved


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


def test_nesting_far_beyond_the_cap_is_refused_without_recursion() -> None:
    # libyaml's own composer (yaml.CSafeLoader) recurses in C: 100,000 `[` crash the process.
    for raw in (b"[" * 1_000_000, b"[" * 100_000 + b"]" * 100_000, b"{a: " * 500_000):
        (error,) = input_errors(raw)
        assert error.line == 1 and "deeper than 100 levels" in error.message.en


def test_the_garbage_collector_is_paused_only_while_loading() -> None:
    assert gc.isenabled()
    load_document("org.yaml", VALID_ORG.encode())
    assert gc.isenabled()
    gc.disable()
    try:
        load_document("org.yaml", VALID_ORG.encode())
        assert not gc.isenabled()
    finally:
        gc.enable()


@pytest.mark.parametrize(
    ("raw", "line", "column", "word"),
    [
        # These four were tracebacks (KeyError, IndexError, unhashable key) before.
        (b"a: !!bool abc\n", 1, 4, "true/false"),
        (b'a: !!float ""\n', 1, 4, "a number"),
        (b'a: !!int ""\n', 1, 4, "a number"),
        (b"? !!merge [a]\n: x\n", 1, 3, "not a list"),
        (b"<<: 1\n", 1, 5, "for merging"),
        (b"a: &a {x: 1}\nb: {<<: [*a, 1]}\n", 2, 14, "a mapping for merging"),
        (b"a: [&a {x: 1}]\nb: {<<: *a, <<: *a}\n", 2, 13, "duplicate key `<<`"),
        (b"a: {<<: [{<<: 1}, x]}\n", 1, 15, "mappings for merging"),  # the merged one's first
        (b"a: &n " + b"9" * 5000 + b"\nb: {*n : 1}\n", 1, 4, "read by YAML as a number"),
    ],
)
def test_odd_scalars_and_merges_are_input_errors(
    raw: bytes, line: int, column: int, word: str
) -> None:
    (error,) = input_errors(raw)
    assert (error.line, error.column) == (line, column), error.render("en")
    assert word in error.message.en
    assert_bilingual(error)


@pytest.mark.parametrize(
    ("raw", "line", "word"),
    [
        (b"a: 1\na: 2\nb: [\n", 4, "syntax error"),  # parsing first, whatever comes before
        (b"a: {x: !!binary aGk=}\na: 2\n", 2, "duplicate key"),  # a mapping's keys, then values
        (b"a: " + b"9" * 5000 + b"\nb: 1\nb: 2\n", 3, "duplicate key"),  # checks, then values
    ],
)
def test_of_several_problems_the_same_one_is_reported(raw: bytes, line: int, word: str) -> None:
    (error,) = input_errors(raw)
    assert error.line == line and word in error.message.en, error.render("en")


def test_aliases_and_merge_lists_carry_the_anchors_marks() -> None:
    raw = b"a: &a {x: 1, y: {p: 1}}\nb: &b {x: 2, z: 2}\nc: {<<: [*a, *b], w: 3}\nd: *a\n"
    doc = load_document("org.yaml", raw)
    assert doc.data["c"] == {"x": 1, "z": 2, "y": {"p": 1}, "w": 3}  # the first mapping wins
    assert list(doc.data["c"]) == ["x", "z", "y", "w"]
    assert doc.data["d"] is doc.data["a"]  # shared, as PyYAML shares them
    assert doc.marks[("c", "x")] == Mark(1, 11) and doc.marks[("c", "z", KEY)] == Mark(2, 14)
    assert doc.marks[("c", "y", "p")] == Mark(1, 21) and doc.marks[("c", "w")] == Mark(3, 22)
    assert doc.marks[("d",)] == Mark(1, 4) and doc.marks[("d", "y", "p", KEY)] == Mark(1, 18)
    assert ("c", "<<", KEY) not in doc.marks


def test_alias_expansion_stops_at_the_cap_without_expanding_the_marks(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(yamlsafe, "MAX_NODES", 10_000)
    raw = b"a: &a [" + b"1, " * 9_000 + b"]\nb: [" + b"*a, " * 100_000 + b"]\n"
    (error,) = input_errors(raw)
    assert error.line == 2 and "more than 10000 nodes" in error.message.en


# Texts that libyaml reads otherwise than PyYAML (found by fuzzing both): PyYAML reads them.
DIVERGENT = [
    b"a: [b?c]\n",  # libyaml: one item `b?c`; PyYAML: an error
    b"a: {b: , c: 1}\n",  # the empty value's mark
    b"a: dire\tctor\n",  # libyaml: a tab inside text; PyYAML: an error
    b"a: |#\n  x\n",  # a comment right after `|`
    b"a: !x'!y 1\n",  # a tag libyaml ends elsewhere
    b"a: [!!str , b]\n",
    b"? a",  # an empty value at the very end without a line break: its mark
    b"a: 1\n\xef\xbb\xbfb: 2\n",  # a BOM starting a line
]


@pytest.mark.parametrize("raw", DIVERGENT)
def test_texts_libyaml_reads_otherwise_load_as_pyyaml_reads_them(raw: bytes) -> None:
    assert _outcome(raw) == _outcome(raw, libyaml=False)


@pytest.mark.parametrize("path", sorted((REPO / "samples").rglob("*.yaml")), ids=lambda p: p.name)
def test_every_sample_loads_the_same_with_either_parser(path: object) -> None:
    raw = (REPO / "samples" / str(path)).read_bytes()
    assert _outcome(raw) == _outcome(raw, libyaml=False)


def _outcome(raw: bytes, libyaml: bool | None = None) -> object:
    """What load_document makes of `raw`, comparable; `libyaml` overrides the fixture."""
    saved = yamlload.USE_LIBYAML
    yamlload.USE_LIBYAML = saved if libyaml is None else libyaml
    try:
        doc = load_document("org.yaml", raw)
    except InputErrors as exc:
        return [(e.line, e.column, e.message.en, e.message.zh) for e in exc.errors]
    finally:
        yamlload.USE_LIBYAML = saved
    return repr(doc.data), sorted((repr(path), mark) for path, mark in doc.marks.items())


# --- properties: no input, however odd, gets anything but a Document or InputErrors -------------

_SETTINGS = settings(
    max_examples=200,
    deadline=None,
    # `parser` only chooses the parser, the same for every example
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


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


_SOUP = st.text(
    alphabet=st.sampled_from(list("ab:-[]{},&*!|>'\"#%@`?<=~.\n\r 01 运营\x85\u2028")), max_size=200
)


@_SETTINGS
@given(_SOUP | st.builds(lambda t: VALID_ORG[: len(VALID_ORG) // 2] + t, _SOUP))
def test_libyaml_and_pyyaml_agree(text: str) -> None:
    raw = text.encode("utf-8")
    assert _outcome(raw) == _outcome(raw, libyaml=False)


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
