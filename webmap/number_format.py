"""Numbers as readers expect them: vi-VN (1.234,5) or English (1,234.5), through babel."""

from __future__ import annotations

import math

from babel.numbers import format_decimal

LOCALES = {"vi": "vi_VN", "en": "en_US"}
MINUS = "\u2212"  # babel's vi_VN and en_US (CLDR) give the ASCII hyphen; print the real minus sign, as map.js does


def format_number(value: float | None, language: str = "vi", decimals: int = 1) -> str:
    """``format_number(1234.5) == "1.234,5"``, ``format_number(-0.5) == "−0,5"`` (U+2212); missing values become
    an en dash."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    text = format_decimal(value, format=pattern, locale=LOCALES[language])
    digits = text.removeprefix("-")
    if digits == text or digits.strip("0,.") == "":  # positive, or rounds to zero: no "−0,0"
        return digits
    return MINUS + digits
