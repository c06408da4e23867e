"""A layer's figures as text: a value with its unit, a change with its arrow (as static/map.js prints them)."""

from __future__ import annotations

import pandas as pd

from layers.catalogue import Indicator
from layers.numbers import format_number

CHANGE_ARROWS = {1: "▲", -1: "▼", 0: "■"}


def value_text(value, indicator: Indicator, language: str) -> str:
    """"97,8%", "1.234 hồ sơ", "–" for no data."""
    text = format_number(value, language, indicator.decimals)
    unit = indicator.unit_label[language]
    if text == "–" or not unit:
        return text
    return text + unit if unit == "%" else f"{text} {unit}"


def change_text(change, indicator: Indicator, language: str) -> str:
    """"▲ +1,2", "▼ −0,5", "■ 0,0" (a change that prints as zero moves neither way), "–" for none."""
    if change is None or pd.isna(change):
        return "–"
    change = float(change)
    moved = (change > 0) - (change < 0)
    return f"{CHANGE_ARROWS[moved]} {'+' if moved > 0 else ''}{format_number(change, language, indicator.decimals)}"
