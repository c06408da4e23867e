"""Numbers as readers see them: rounded once, half up, to the indicator's declared decimals; printed vi-VN or English.

Every output (map, table, profile, API, exports) takes its figures from ``present``: a value is rounded here and
nowhere else, and ranks, classes and changes are computed on the rounded figure, so two units printed alike rank
alike and sit in the same class.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd
from babel.numbers import format_decimal

LOCALES = {"vi": "vi_VN", "en": "en_US"}
MINUS = "\u2212"  # babel's vi_VN and en_US (CLDR) give the ASCII hyphen; print the real minus sign, as map.js does


def present(value, decimals: int) -> float | None:
    """``value`` rounded half up to ``decimals`` digits of its decimal form (97.85 -> 97.9); None when missing."""
    if value is None or pd.isna(value):
        return None
    value = float(value)
    if math.isinf(value):
        return None
    rounded = float(Decimal(repr(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP))
    return rounded + 0.0  # -0.0 (a small negative rounded away) is 0


def present_series(values: pd.Series, decimals: int) -> pd.Series:
    """``present`` of every value, as floats (NaN where missing)."""
    return pd.Series([present(v, decimals) for v in values], index=values.index, dtype=float)


def format_number(value: float | None, language: str = "vi", decimals: int = 1) -> str:
    """``format_number(1234.5) == "1.234,5"``, ``format_number(-0.5) == "−0,5"`` (U+2212); missing values become
    an en dash. The value is rounded by ``present`` first."""
    value = present(value, decimals)
    if value is None:
        return "–"
    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    text = format_decimal(value, format=pattern, locale=LOCALES[language])
    digits = text.removeprefix("-")
    if digits == text or digits.strip("0,.") == "":  # positive, or rounds to zero: no "−0,0"
        return digits
    return MINUS + digits


def change_sign(change: float | None, direction: int) -> int:
    """1 when a change (as printed) is an improvement, -1 a decline, 0 neither (no change, or no direction)."""
    if change is None or pd.isna(change) or change == 0:
        return 0
    return int(math.copysign(1, change)) * direction
