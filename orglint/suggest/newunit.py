"""New units written in the org file's own style: block mapping, flow lists, flow KPIs."""

from __future__ import annotations

from collections.abc import Sequence

import yaml
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from orglint.errors import Text
from orglint.suggest.document import flow_map, flow_seq
from orglint.suggest.templates import Kpi


def placeholder_lead(name: str, kind: str) -> Text:
    """A lead to appoint (departments, groups) or a post to fill, so nothing is silently vacant."""
    if kind == "post":
        return Text(zh=f"{name}(待招聘)", en=f"{name} (to hire)")
    return Text(zh=f"{name}负责人(待任命)", en=f"Head of {name} (to be appointed)")


def quoted(text: str) -> str:
    """Double-quote a target such as ">= 3%" the way hand-written org files do; plain otherwise."""
    try:
        plain = yaml.safe_load(text)
    except yaml.YAMLError:
        plain = None
    if plain == text and not text.startswith(("-", "+", ">", "<", "%")):
        return text
    quoted_text: str = DoubleQuotedScalarString(text)
    return quoted_text


def kpi_list(kpis: Sequence[Kpi], lang: str) -> CommentedSeq:
    return CommentedSeq(
        flow_map({"name": k.name.get(lang), "target": quoted(k.target), "period": k.period})
        for k in kpis
    )


def new_unit(
    unit_id: str,
    name: str,
    kind: str,
    parent: str | None,
    lang: str,
    *,
    headcount: int,
    functions: Sequence[str],
    kpis: Sequence[Kpi] = (),
) -> CommentedMap:
    unit = CommentedMap()
    unit["id"] = unit_id
    unit["name"] = name
    unit["kind"] = kind
    if parent:
        unit["parent"] = parent
    unit["lead"] = placeholder_lead(name, kind).get(lang)
    unit["headcount"] = headcount
    unit["functions"] = flow_seq(list(functions))
    if kpis:
        unit["kpis"] = kpi_list(kpis, lang)
    return unit
