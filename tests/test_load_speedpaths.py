"""The loader's cheap marks: the composer records the parser's 0-based (line, column) per node
and Document.marks makes a Mark only when one is asked for. Checked against PyYAML's own node
graph, which knows nothing of either."""

from __future__ import annotations

import random

import pytest
import yaml

from bench.synth import synthetic_org
from orglint.yamlload import KEY, Mark, load_document
from tests.orgsamples import REPO, VALID_ORG, pyyaml_marks


def _texts() -> list[tuple[str, str]]:
    samples = sorted((REPO / "samples").glob("*.yaml"))
    texts = [(path.name, path.read_text(encoding="utf-8")) for path in samples]
    org = synthetic_org(300, random.Random(7))
    texts.append(("synthetic-300", yaml.safe_dump(org, allow_unicode=True, sort_keys=False)))
    flow = yaml.safe_dump(org, allow_unicode=True, default_flow_style=True, width=60)
    return [*texts, ("synthetic-300-flow", flow), ("VALID_ORG", VALID_ORG)]


_TEXTS = _texts()


@pytest.mark.parametrize(("name", "text"), _TEXTS, ids=[name for name, _ in _TEXTS])
@pytest.mark.usefixtures("both_parsers")
def test_every_mark_is_where_pyyaml_puts_the_node(name: str, text: str) -> None:
    assert "<<" not in text  # merge keys move marks: not what yaml.compose shows
    doc = load_document(name, text.encode("utf-8"))
    expected = dict(pyyaml_marks(yaml.compose(text, Loader=yaml.SafeLoader)))
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
