"""Document.marks as a view of the composer's tree of marks (yamlnodes): the same paths and
marks, in the file's order, as the flat table of paths it replaced; merges and keys repeated
through an alias keep that table's quirks; the loader checks for characters YAML refuses even
when libyaml, which checks them itself, stopped early."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from orglint import decoding, yamlload
from orglint.errors import InputErrors
from orglint.yamlload import KEY, Mark, YamlPath, load_document
from tests.orgsamples import VALID_ORG, input_errors, pyyaml_marks


def _marks(raw: bytes) -> list[tuple[YamlPath, Mark]]:
    return list(load_document("org.yaml", raw).marks.items())


@pytest.mark.usefixtures("both_parsers")
def test_marks_come_in_the_files_order() -> None:
    doc = load_document("org.yaml", VALID_ORG.encode())
    assert list(doc.marks.items()) == list(pyyaml_marks(yaml.compose(VALID_ORG)))


@pytest.mark.usefixtures("both_parsers")
def test_lookups_agree_with_iteration() -> None:
    marks = load_document("org.yaml", VALID_ORG.encode()).marks
    listed = list(marks.items())
    assert len(marks) == len(listed) == len(set(marks))
    for path, mark in listed:
        assert path in marks and marks[path] == mark and marks.get(path) == mark


@pytest.mark.parametrize(
    "path",
    [
        ("units", -1),  # no negative indices
        ("units", 99),
        ("units", "0"),
        ("company", 0),
        ("company", "name", "x"),  # below a scalar
        ("company", KEY, "name"),  # KEY only ends a path
        ("company", "name", KEY, KEY),
        (KEY,),
        ("units", 0, KEY),  # an item has no key
        ("nothing",),
        "company",  # not a tuple: not a path
    ],
)
def test_paths_that_are_not_there(path: object) -> None:
    marks = load_document("org.yaml", VALID_ORG.encode()).marks
    assert path not in marks
    assert marks.get(path) is None  # type: ignore[call-overload]
    with pytest.raises(KeyError):
        marks[path]  # type: ignore[index]


def test_an_index_may_be_any_int() -> None:
    marks = load_document("org.yaml", VALID_ORG.encode()).marks
    assert marks[("units", True)] == marks[("units", 1)]  # as a dict of tuples finds it


def test_an_unhashable_path_is_a_type_error_as_in_a_dict() -> None:
    marks = load_document("org.yaml", VALID_ORG.encode()).marks
    with pytest.raises(TypeError):
        ["company"] in marks  # noqa: B015


# Pinned from the flat table of paths this tree replaced (orglint before it), which the tree
# reproduces path for path and in the same order.
@pytest.mark.usefixtures("both_parsers")
def test_merged_values_keep_the_marks_of_what_they_replaced() -> None:
    # The flat table recorded every merged path and let a later mark of a path win: a path only
    # an overridden value had keeps its mark, though the data no longer has it.
    raw = b"a: &a {k: {p: 1}}\nb: &b {k: {q: 2}}\nc: {<<: [*a, *b], k: 5}\n"
    assert load_document("org.yaml", raw).data["c"] == {"k": 5}
    assert _marks(raw)[13:] == [
        (("c", KEY), Mark(3, 1)),
        (("c",), Mark(3, 4)),
        (("c", "k", KEY), Mark(3, 19)),  # the mapping's own key wins over the merged ones
        (("c", "k"), Mark(3, 22)),
        (("c", "k", "q", KEY), Mark(2, 12)),  # *b's pairs come first (of a list: the later first)
        (("c", "k", "q"), Mark(2, 15)),
        (("c", "k", "p", KEY), Mark(1, 12)),
        (("c", "k", "p"), Mark(1, 15)),
    ]


@pytest.mark.usefixtures("both_parsers")
def test_a_key_repeated_through_its_alias_keeps_both_values_marks() -> None:
    raw = b"m: {&a x: {p: 1}, y: 3, *a: {q: 2}}\n"
    assert load_document("org.yaml", raw).data == {"m": {"x": {"q": 2}, "y": 3}}
    assert _marks(raw) == [
        ((), Mark(1, 1)),
        (("m", KEY), Mark(1, 1)),
        (("m",), Mark(1, 4)),
        (("m", "x", KEY), Mark(1, 5)),
        (("m", "x"), Mark(1, 29)),  # the later value's, where the first value's key was
        (("m", "x", "p", KEY), Mark(1, 12)),
        (("m", "x", "p"), Mark(1, 15)),
        (("m", "y", KEY), Mark(1, 19)),
        (("m", "y"), Mark(1, 22)),
        (("m", "x", "q", KEY), Mark(1, 30)),
        (("m", "x", "q"), Mark(1, 33)),
    ]


@pytest.mark.usefixtures("both_parsers")
def test_an_alias_shares_its_anchors_marks() -> None:
    raw = b"a: &a {x: [1, {y: 2}]}\nb: [*a, *a]\n"
    marks = load_document("org.yaml", raw).marks
    # the root; `a`, its key and 6 paths below it; `b` and its key; 7 paths under each alias
    assert len(marks) == 1 + 2 + 6 + 2 + 2 * 7
    for index in (0, 1):
        assert marks[("b", index, "x", 1, "y")] == marks[("a", "x", 1, "y")] == Mark(1, 19)
        assert marks[("b", index)] == marks[("a",)] == Mark(1, 4)


_SCALARS = st.none() | st.booleans() | st.integers() | st.text(max_size=8)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4)
    ),
    max_leaves=30,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.dictionaries(st.text(min_size=1, max_size=6), _VALUES, min_size=1, max_size=4), st.booleans()
)
def test_every_mark_and_its_order_match_pyyaml(value: dict[str, object], flow: bool) -> None:
    # Shared values become anchors and aliases in the text.
    shared = list(value.values())
    value = {**value, "z-shared": [shared[0], shared[0]]}
    text = yaml.safe_dump(value, allow_unicode=True, default_flow_style=flow)
    if "<<" in text:
        return  # merge keys move marks: not what yaml.compose shows
    for libyaml in (True, False):
        saved = yamlload.USE_LIBYAML
        yamlload.USE_LIBYAML = libyaml
        try:
            marks = load_document("org.yaml", text.encode()).marks
        finally:
            yamlload.USE_LIBYAML = saved
        expected = list(pyyaml_marks(yaml.compose(text)))
        assert list(marks.items()) == expected
        assert len(marks) == len(expected)


@pytest.mark.usefixtures("both_parsers")
@pytest.mark.parametrize(
    ("raw", "line", "column"),
    [
        (b"a: [1\n\x07", 2, 1),  # a syntax error before it
        (b"[" * 200 + b"\x07", 1, 201),  # too deep before it
        (b"a: 1\na: 2\nb: \x1b\n", 3, 4),  # a duplicate key before it
        # The composer stops at the second anchor, long before libyaml's reader reaches the
        # character: the character is still what is reported, as PyYAML's reader would.
        (b"a: &x 1\nb: &x 2\n" + b"c: x\n" * 20_000 + b"d: \x07\n", 20_003, 4),
        (b"a: *nope\n" + b"c: x\n" * 20_000 + b"d: \x00\n", 20_002, 4),
    ],
)
def test_a_character_yaml_refuses_is_the_first_error(raw: bytes, line: int, column: int) -> None:
    (error,) = input_errors(raw)
    assert (error.line, error.column) == (line, column), error.render("en")
    assert "character" in error.message.en


def test_decode_text_is_decode_then_the_character_check() -> None:
    raw = "a: 星河\n".encode("utf-16")
    assert decoding.decode_text("x", raw) == decoding.decode("x", raw) == "a: 星河\n"
    assert decoding.decode("x", b"a: \x07\n") == "a: \x07\n"
    with pytest.raises(InputErrors):
        decoding.decode_text("x", b"a: \x07\n")
    with pytest.raises(InputErrors):
        decoding.refuse_non_printable("x", "a: \x07\n")
