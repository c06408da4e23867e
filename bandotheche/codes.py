"""Unit codes, checked wherever they enter (unit lists, crosswalks, boundary files, agency lists, statistics).

A GSO code is ASCII digits: 2 for a province, 3 for a district, 5 for a commune (spreadsheets may drop the leading
zeros; they are put back). An agency code is its province's code, a dot and capital letters or digits (49.SNV).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from .errors import InputError

GSO_CODE_WIDTH = {"province": 2, "district": 3, "commune": 5}
_EXAMPLE = {"province": "49", "district": "502", "commune": "20335"}
_DIGITS = re.compile(r"[0-9]+")
_AGENCY = re.compile(r"[0-9]{2}\.[A-Z0-9]{1,20}")


def gso_code(value, level: str | None = None, *, file=None, row: int | None = None, column: str | None = None) -> str:
    """The GSO code in value, zero-filled to the level's width; without a level it must have 2, 3 or 5 digits.
    Whole numbers count as their digits (a number column of a spreadsheet or GIS file). An error names the file,
    row and column given."""
    text = str(int(value) if isinstance(value, float) and value.is_integer() else value).strip()
    if _DIGITS.fullmatch(text):
        if level is None and len(text) in GSO_CODE_WIDTH.values():
            return text
        if level is not None and len(text) <= GSO_CODE_WIDTH[level]:
            return text.zfill(GSO_CODE_WIDTH[level])
    if level is None:
        fix = "a GSO code has 2 (province), 3 (district) or 5 (commune) digits"
    else:
        fix = f"a {level}'s GSO code has {GSO_CODE_WIDTH[level]} digits, e.g. {_EXAMPLE[level]}"
    raise InputError(_located(f"{_shown(text)} is not a GSO code: {fix} (danhmuchanhchinh.gso.gov.vn)",
                              file, row, column))


def agency_code(value, *, file=None, row: int | None = None, column: str | None = None) -> str:
    """An agency's code: its province's GSO code, a dot and capital letters or digits (49.SNV)."""
    text = str(value).strip()
    if _AGENCY.fullmatch(text):
        return text
    raise InputError(_located(f"{_shown(text)} is not an agency code: write the province's GSO code, a dot and "
                              "capital letters or digits, e.g. 49.SNV", file, row, column))


def check_column(values: Iterable, check: Callable[..., str], *, file, column: str, first_row: int = 2,
                 **options) -> list[str | None]:
    """check applied to each value of a file's column (None stays None), rows counted from first_row."""
    return [None if _missing(value) else check(value, file=file, row=row, column=column, **options)
            for row, value in enumerate(values, start=first_row)]


def _missing(value) -> bool:
    return value is None or value != value or (isinstance(value, str) and not value.strip())  # None, NaN, ""


def _shown(text: str) -> str:
    return repr(text if len(text) <= 40 else text[:40] + "…")


def _located(message: str, file, row: int | None, column: str | None) -> str:
    parts = [str(file)] if file else []
    parts += [f"row {row}"] if row is not None else []
    parts += [f"column '{column}'"] if column else []
    return f"{', '.join(parts)}: {message}" if parts else message
