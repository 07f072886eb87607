"""Shared by the load/schema/reference tests: a valid org, the bad samples, error helpers."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from orglint import yamlload
from orglint.errors import InputError, InputErrors
from orglint.validate import load_and_validate
from orglint.yamlload import KEY, Mark, YamlPath

REPO = Path(__file__).resolve().parent.parent
BAD = REPO / "samples" / "bad"

# The example from DESIGN.md § The org file, completed with the units it refers to
# (supply, cs, data) so that its references resolve.
VALID_ORG = """\
orglint: 1                      # format version (required)
company:
  name: 星河优选
  revenue: 1.2亿
  channels: [tmall, jd, douyin]
  overseas: false
  live_commerce: true
  stage: growth
units:
  - id: director
    name: 电商总监
    lead: 王敏
  - id: ops
    name: 运营部
    parent: director
    dotted_to: [data]
    functions: [platform_store_operations, campaign_promotion_planning]
    lead: 李明
    headcount: 6
    responsibilities: [店铺日常运营, 平台活动报名]
    kpis:
      - {name: 转化率, target: ">= 3%", period: monthly}
    collaborates_with: [supply, cs]
    roles:
      - {title: 活动运营, count: 2, responsibilities: [大促方案], kpis: [{name: 活动GMV}]}
  - id: supply
    name: 供应链部
    parent: director
  - id: cs
    name: 客服部
    parent: director
  - id: data
    name: 数据分析组
    parent: director
"""

_CJK = re.compile("[\u4e00-\u9fff]")
_ENGLISH_WORDS = re.compile(r"\b[a-z]{3,}\b")


def input_errors(raw: bytes, name: str = "org.yaml") -> tuple[InputError, ...]:
    """The errors load_and_validate raises for `raw` (the test fails if it raises none)."""
    with pytest.raises(InputErrors) as caught:
        load_and_validate(name, raw)
    return caught.value.errors


def sample_errors(name: str) -> tuple[InputError, ...]:
    return input_errors((BAD / name).read_bytes(), name)


def assert_bilingual(error: InputError) -> None:
    assert _CJK.search(error.message.zh), error.message.zh
    assert len(_ENGLISH_WORDS.findall(error.message.en)) >= 3, error.message.en
    assert error.line >= 1 and error.column >= 1


@pytest.fixture(params=["libyaml", "pyyaml"] if yaml.__with_libyaml__ else ["pyyaml"])
def both_parsers(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run a loader test with libyaml's parser and with PyYAML's (a fixture: tests/conftest.py)."""
    monkeypatch.setattr(yamlload, "USE_LIBYAML", request.param == "libyaml")
    return str(request.param)


def pyyaml_marks(node: yaml.Node, path: YamlPath = ()) -> Iterator[tuple[YamlPath, Mark]]:
    """Every node's and key's mark in file order, from yaml.compose (an alias: its anchor's):
    the reference for files without `<<`."""
    yield path, Mark(node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            yield (*path, key.value, KEY), Mark(key.start_mark.line + 1, key.start_mark.column + 1)
            yield from pyyaml_marks(value, (*path, key.value))
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            yield from pyyaml_marks(item, (*path, index))
