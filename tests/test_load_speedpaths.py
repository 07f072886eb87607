"""The loader's cheap marks: the composer records the parser's 0-based (line, column) per node
and Document.marks makes a Mark only when one is asked for. Checked against PyYAML's own node
graph, which knows nothing of either."""

from __future__ import annotations

import random
from collections.abc import Iterator

import pytest
import yaml

from bench.synth import synthetic_org
from orglint import yamlload
from orglint.yamlload import KEY, Mark, YamlPath, load_document
from tests.orgsamples import REPO, VALID_ORG


@pytest.fixture(params=["libyaml", "pyyaml"] if yaml.__with_libyaml__ else ["pyyaml"])
def parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setattr(yamlload, "USE_LIBYAML", request.param == "libyaml")
    return str(request.param)


def _pyyaml_marks(node: yaml.Node, path: YamlPath = ()) -> Iterator[tuple[YamlPath, Mark]]:
    """Every node's and key's mark, from yaml.compose: the reference for files without `<<`."""
    yield path, Mark(node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            yield (*path, key.value, KEY), Mark(key.start_mark.line + 1, key.start_mark.column + 1)
            yield from _pyyaml_marks(value, (*path, key.value))
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            yield from _pyyaml_marks(item, (*path, index))


def _texts() -> list[tuple[str, str]]:
    samples = sorted((REPO / "samples").glob("*.yaml"))
    texts = [(path.name, path.read_text(encoding="utf-8")) for path in samples]
    org = synthetic_org(300, random.Random(7))
    texts.append(("synthetic-300", yaml.safe_dump(org, allow_unicode=True, sort_keys=False)))
    flow = yaml.safe_dump(org, allow_unicode=True, default_flow_style=True, width=60)
    return [*texts, ("synthetic-300-flow", flow), ("VALID_ORG", VALID_ORG)]


_TEXTS = _texts()


@pytest.mark.parametrize(("name", "text"), _TEXTS, ids=[name for name, _ in _TEXTS])
@pytest.mark.usefixtures("parser")
def test_every_mark_is_where_pyyaml_puts_the_node(name: str, text: str) -> None:
    assert "<<" not in text  # merge keys move marks: not what yaml.compose shows
    doc = load_document(name, text.encode("utf-8"))
    expected = dict(_pyyaml_marks(yaml.compose(text, Loader=yaml.SafeLoader)))
    assert len(expected) > 20
    assert dict(doc.marks) == expected


def test_marks_are_a_read_only_mapping_of_marks() -> None:
    marks = load_document("org.yaml", VALID_ORG.encode()).marks
    assert marks[()] == Mark(1, 1) and isinstance(marks[("units", 0)], Mark)
    assert ("units", 0, "id", KEY) in marks and ("units", 99) not in marks
    assert marks.get(("units", 99)) is None
    with pytest.raises(KeyError):
        marks[("units", 99)]
    assert len(marks) == len(list(marks)) == len(dict(marks.items()))
    assert not hasattr(marks, "__setitem__")


def test_documents_compare_by_their_marks() -> None:
    one, two = (load_document("org.yaml", VALID_ORG.encode()) for _ in range(2))
    assert one == two
    moved = load_document("org.yaml", ("\n" + VALID_ORG).encode())
    assert moved.data == one.data and moved != one
