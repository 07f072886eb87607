"""How a split's plan names the things it moves, in both languages."""

from __future__ import annotations

from typing import Any

from orglint.errors import Text


def function_label(function_id: str) -> Text:
    return Text(zh=f"职能 {function_id}", en=f"function {function_id}")


def item_label(key: str, item: Any) -> Text:
    if key == "roles":
        count = item.get("count", 1)
        return Text(zh=f"岗位「{item['title']}」×{count}", en=f"post '{item['title']}' x{count}")
    if key == "kpis":
        return Text(zh=f"KPI「{item['name']}」", en=f"KPI '{item['name']}'")
    return Text(zh=f"职责「{item}」", en=f"duty '{item}'")


def link_label(label: Text, direction: str) -> Text:
    if direction == "to":
        return Text(zh=f"协作对象 {label.zh}", en=f"link to {label.en}")
    if direction == "kept":
        return Text(
            zh=f"来自 {label.zh} 的协作(原协作也保留)", en=f"link from {label.en} (also kept)"
        )
    return Text(zh=f"来自 {label.zh} 的协作", en=f"link from {label.en}")
