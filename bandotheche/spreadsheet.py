"""Cells of the CSV and XLSX tables the project writes: text a spreadsheet would run as a formula is made inert."""

from __future__ import annotations

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_LINE_END = "\r\n"  # RFC 4180; Python's csv writers then also quote a cell holding a bare CR (a row break to Excel)


def safe_cell(value):
    """Text starting with = + - @, a tab or a carriage return gets a leading ' (OWASP's CSV-injection rule), so
    Excel and LibreOffice show it as text (openpyxl then writes a string, not a formula); anything else as is."""
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """frame with safe_cell applied to its headers and its text columns; number columns untouched."""
    text = frame.select_dtypes(include=["object", "string"]).columns
    return frame.assign(**{c: frame[c].map(safe_cell) for c in text}).rename(columns=safe_cell)
