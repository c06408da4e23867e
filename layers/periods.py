"""Reporting periods: a month ("2022-06"), a quarter ("2022-Q2") or a year ("2022"), and "latest".

Statistics are stored for the period they were reported for; quarters and years are built from their months.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bandotheche.errors import InputError

LATEST = "latest"
_PATTERNS = (
    (re.compile(r"^([0-9]{4})-([0-9]{1,2})$"), "month"),
    (re.compile(r"^([0-9]{4})[-/ ]?[Qq]([1-4])$"), "quarter"),
    (re.compile(r"^([0-9]{4})$"), "year"),
    # How Vietnamese reports write them: "06/2022", "Quý 2/2022", "Quý II/2022", "Năm 2022", "Tháng 6/2022".
    (re.compile(r"^(?:tháng\s*)?([0-9]{1,2})[/.-]([0-9]{4})$", re.I), "month_vn"),
    (re.compile(r"^quý\s*([1-4]|I{1,3}|IV)\s*[/-]?\s*(?:năm\s*)?([0-9]{4})$", re.I), "quarter_vn"),
    (re.compile(r"^năm\s*([0-9]{4})$", re.I), "year"),
)
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}


@dataclass(frozen=True, order=True)
class Period:
    """A calendar period; ``number`` is the month (1-12), the quarter (1-4) or 1 for a year."""

    year: int
    kind: str
    number: int = 1

    def __str__(self) -> str:
        if self.kind == "month":
            return f"{self.year}-{self.number:02d}"
        if self.kind == "quarter":
            return f"{self.year}-Q{self.number}"
        return str(self.year)

    @property
    def first_month(self) -> int:
        return {"month": self.number, "quarter": 3 * self.number - 2, "year": 1}[self.kind]

    @property
    def month_count(self) -> int:
        return {"month": 1, "quarter": 3, "year": 12}[self.kind]

    def months(self) -> list[Period]:
        return [Period(self.year, "month", m) for m in range(self.first_month, self.first_month + self.month_count)]

    def month_keys(self) -> list[str]:
        return [str(m) for m in self.months()]

    def previous(self) -> Period:
        """The period of the same kind just before (2022-01 → 2021-12, 2022-Q1 → 2021-Q4, 2022 → 2021)."""
        if self.kind == "year":
            return Period(self.year - 1, "year")
        last = 12 if self.kind == "month" else 4
        if self.number > 1:
            return Period(self.year, self.kind, self.number - 1)
        return Period(self.year - 1, self.kind, last)

    def next(self) -> Period:
        if self.kind == "year":
            return Period(self.year + 1, "year")
        last = 12 if self.kind == "month" else 4
        if self.number < last:
            return Period(self.year, self.kind, self.number + 1)
        return Period(self.year + 1, self.kind, 1)

    def parents(self) -> list[Period]:
        """The longer periods this one belongs to (a month's quarter and year; a quarter's year)."""
        if self.kind == "month":
            return [Period(self.year, "quarter", (self.number - 1) // 3 + 1), Period(self.year, "year")]
        if self.kind == "quarter":
            return [Period(self.year, "year")]
        return []

    def label(self, language: str = "vi") -> str:
        if language == "vi":
            return {"month": f"Tháng {self.number}/{self.year}", "quarter": f"Quý {self.number}/{self.year}",
                    "year": f"Năm {self.year}"}[self.kind]
        names = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                 "November", "December")
        return {"month": f"{names[self.number - 1]} {self.year}", "quarter": f"Q{self.number} {self.year}",
                "year": str(self.year)}[self.kind]


def parse_period(text: str | Period) -> Period:
    """'2022-06', '2022-Q2', '2022', and the Vietnamese forms '06/2022', 'Quý II/2022', 'Năm 2022'."""
    if isinstance(text, Period):
        return text
    value = str(text).strip()
    for pattern, kind in _PATTERNS:
        found = pattern.match(value)
        if not found:
            continue
        if kind == "month":
            year, number = int(found[1]), int(found[2])
        elif kind == "month_vn":
            number, year, kind = int(found[1]), int(found[2]), "month"
        elif kind == "quarter":
            year, number = int(found[1]), int(found[2])
        elif kind == "quarter_vn":
            part = found[1].upper()
            number, year, kind = (_ROMAN[part] if part in _ROMAN else int(part)), int(found[2]), "quarter"
        else:
            year, number = int(found[1]), 1
        if kind == "month" and not 1 <= number <= 12:
            break
        if not 1900 <= year <= 2200:
            break
        return Period(year, kind, number)
    raise InputError(f"period {value!r} not understood: write a month 2022-06, a quarter 2022-Q2 or a year 2022")


def is_canonical(text: str) -> bool:
    """Whether text is a period as permalinks and the API write it: 2022-06, 2022-Q2 or 2022 (no other spelling)."""
    try:
        return str(parse_period(text)) == text
    except InputError:
        return False


def is_latest(text: str) -> bool:
    return str(text).strip().lower() == LATEST


def month_range(first: Period, last: Period) -> list[Period]:
    """Every month from ``first`` to ``last`` inclusive."""
    months, current = [], Period(first.year, "month", first.first_month)
    end = last.months()[-1]
    while current <= end:
        months.append(current)
        current = current.next()
    return months
