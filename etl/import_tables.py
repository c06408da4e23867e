"""Parse and check an aggregated statistics table into base measures (long form), rejecting bad rows with reasons."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from bandotheche.errors import InputError
from layers.periods import parse_period

from .read_tables import EXTRA, RawTable, file_checksum, read_table
from .stat_tables import (
    PROVINCE_COUNT,
    TABLE_TYPES,
    Column,
    TableType,
    detect_type,
    header_key,
    key_columns,
    looks_like_header,
    parse_number,
)
from .stat_units import StatUnit, StatUnitResolver

VALUE_COLUMNS = ["unit_code", "period", "measure", "level", "province_code", "district_code", "value"]
DEFAULT_MAX_ROWS = 200_000
RATE_TOLERANCE = 0.1  # percentage points between a rate column and the rate its parts give


@dataclass(frozen=True)
class Rejection:
    row: int | None
    column: str | None
    reason: str

    def text(self, file_name: str, letters: dict[str, str] | None = None) -> str:
        where = [file_name]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            letter = (letters or {}).get(self.column)
            where.append(f"column '{self.column}'" + (f" ({letter})" if letter else ""))
        return f"{', '.join(where)}: {self.reason}"


@dataclass
class ParsedBatch:
    """What one input file gives: values to store, rows rejected, and where it came from."""

    path: Path
    checksum: str
    table_type: str
    rows_read: int
    values: pd.DataFrame
    rejections: list[Rejection] = field(default_factory=list)
    letters: dict[str, str] = field(default_factory=dict)
    rejected_row_count: int | None = None  # when not every rejection is kept (a huge file of bad rows)

    @property
    def rows_rejected(self) -> int:
        return self.rejected_row_count if self.rejected_row_count is not None else len({r.row for r in self.rejections})

    @property
    def rows_accepted(self) -> int:
        return self.rows_read - self.rows_rejected

    def rejection_lines(self) -> list[str]:
        return [r.text(self.path.name, self.letters) for r in self.rejections]


def _headers_problem(raw: RawTable, table_type: TableType | None, keys: dict[str, str]) -> str | None:
    headers = [h for h in raw.frame.columns if h != EXTRA]
    if table_type is None:
        expected = "; ".join(f"{t.id}: {', '.join(t.signature)}" for t in TABLE_TYPES)
        return (f"{raw.path.name}: the header row does not match any statistics template (found: "
                f"{', '.join(h for h in headers if h) or 'nothing'}); each type needs these columns: {expected}. "
                f"See data/templates/")
    present = {header_key(h) for h in headers}
    missing = [c.header for c in table_type.columns if c.required and header_key(c.header) not in present]
    if "code" not in keys and "name" not in keys:
        missing.insert(0, "Mã đơn vị (or Tên đơn vị)")
    if "period" not in keys:
        missing.insert(0, "Kỳ báo cáo")
    if missing:
        return (f"{raw.path.name}: missing columns for a '{table_type.id}' table: {', '.join(missing)} "
                f"(template: data/templates/{table_type.id}.csv)")
    return None


def parse_stat_table(path: Path, resolver: StatUnitResolver, province_code: str | None = None,
                     max_rows: int = DEFAULT_MAX_ROWS) -> ParsedBatch:
    """Read one CSV/XLSX table; every row is either turned into values or rejected with its reason."""
    path = Path(path)
    raw = read_table(path, looks_like_header, max_rows=max_rows)
    headers = [h for h in raw.frame.columns if h != EXTRA]
    keys = key_columns(headers)
    table_type = detect_type(headers)
    problem = _headers_problem(raw, table_type, keys)
    if problem:
        raise InputError(problem)
    if raw.frame.empty:
        raise InputError(f"{path.name}: the table has a header but no data rows")
    by_key = {header_key(h): h for h in headers}
    columns = {c.header: by_key[header_key(c.header)] for c in table_type.columns if header_key(c.header) in by_key}
    parser = _RowParser(raw, table_type, keys, columns, resolver, province_code)
    records = parser.run()
    values = pd.DataFrame(records, columns=VALUE_COLUMNS)
    return ParsedBatch(path, file_checksum(path), table_type.id, len(raw.frame), values, parser.rejections,
                       raw.column_letters)


class _RowParser:
    def __init__(self, raw, table_type, keys, columns, resolver, province_code):
        self.raw, self.type, self.keys, self.columns = raw, table_type, keys, columns
        self.resolver, self.province_code = resolver, province_code
        self.rejections: list[Rejection] = []
        self.seen: dict[tuple, int] = {}

    def reject(self, row: int, column: str | None, reason: str) -> None:
        self.rejections.append(Rejection(row, column, reason))

    def run(self) -> list[tuple]:
        records: list[tuple] = []
        for index, row in enumerate(self.raw.frame.to_dict("records")):
            number = self.raw.row_number(index)
            before = len(self.rejections)
            found = self._row(number, row)
            if found is not None and len(self.rejections) == before:
                records += found
        return records

    def _cell(self, row: dict, role: str) -> str:
        column = self.keys.get(role)
        return row.get(column, "") if column else ""

    def _unit(self, number: int, row: dict) -> StatUnit | None:
        province = self.province_code
        province_text = self._cell(row, "province")
        if province_text:
            try:
                province = self.resolver.province_code(province_text)
            except InputError as exc:
                self.reject(number, self.keys["province"], str(exc))
                return None
        code, name = self._cell(row, "code"), self._cell(row, "name")
        found = self.resolver.resolve(code, name, self._cell(row, "level"), self._cell(row, "parent"), province)
        if isinstance(found, str):
            self.reject(number, self.keys.get("code") if code else self.keys.get("name"), f"unknown unit: {found}")
            return None
        if province and found.province_code != province:
            self.reject(number, self.keys.get("code") or self.keys.get("name"),
                        f"{found.name} ({found.code}) is not in province {province}")
            return None
        return found

    def _row(self, number: int, row: dict) -> list[tuple] | None:
        if row.get(EXTRA):
            self.reject(number, None, f"cells right of the last header column ('{row[EXTRA][:40]}'): "
                                      f"add a header for them or delete them")
        unit = self._unit(number, row)
        period_text = self._cell(row, "period")
        try:
            period = parse_period(period_text)
        except InputError as exc:
            self.reject(number, self.keys["period"], str(exc) if period_text else "the period is empty")
            return None
        if self.type.long_index and period.kind != "year":
            self.reject(number, self.keys["period"], f"evaluation indices are yearly: write the year, not {period}")
            return None
        numbers = self._numbers(number, row)
        if unit is None or numbers is None:
            return None
        if self.type.long_index:
            return self._evaluation_row(number, row, unit, str(period), numbers)
        duplicate_key = (unit.code, str(period))
        if duplicate_key in self.seen:
            self.reject(number, None, f"duplicate row: {unit.name} ({unit.code}) {period} already in row "
                                      f"{self.seen[duplicate_key]}")
            return None
        self.seen[duplicate_key] = number
        self._check_rules(number, numbers)
        if self.type.id == "investment":
            self._check_rate(number, numbers)
        return [(unit.code, str(period), c.measure, unit.level, unit.province_code, unit.district_code, numbers[h])
                for h, c in self._stored() if h in numbers]

    def _stored(self) -> list[tuple[str, Column]]:
        return [(c.header, c) for c in self.type.columns if c.measure and c.header in self.columns]

    def _numbers(self, number: int, row: dict) -> dict[str, float] | None:
        numbers, ok = {}, True
        for column in self.type.columns:
            if column.kind == "text" or column.header not in self.columns:
                continue
            header = self.columns[column.header]
            text = row.get(header, "")
            if not text:
                if column.required:
                    self.reject(number, header, "empty cell: write 0 if there were none")
                    ok = False
                continue
            try:
                value = parse_number(text, column.kind)
            except ValueError as exc:
                self.reject(number, header, str(exc))
                ok = False
                continue
            problem = _range_problem(value, column)
            if problem:
                self.reject(number, header, problem)
                ok = False
                continue
            numbers[column.header] = value
        return numbers if ok else None

    def _check_rules(self, number: int, numbers: dict[str, float]) -> None:
        for rule in self.type.rules:
            if not all(h in numbers for h in rule.whole) or not all(h in numbers for h in rule.parts):
                continue
            parts = sum(numbers[h] for h in rule.parts)
            whole = sum(numbers[h] for h in rule.whole)
            column = self.columns[rule.parts[0]] if len(rule.parts) == 1 else self.columns[rule.whole[0]]
            if parts > whole + 1e-6:
                self.reject(number, column, f"parts exceed their total: {rule.text} "
                                            f"({_fmt(parts)} > {_fmt(whole)})")
            elif rule.equal and abs(parts - whole) > 1e-6:
                self.reject(number, column, f"parts do not add up to their total: {rule.text} "
                                            f"({_fmt(parts)} ≠ {_fmt(whole)})")

    def _check_rate(self, number: int, numbers: dict[str, float]) -> None:
        rate_header = "Tỷ lệ giải ngân (%)"
        if rate_header not in numbers:
            return
        plan = numbers["Kế hoạch vốn NSTW"] + numbers["Kế hoạch vốn NSĐP"]
        done = numbers["Giải ngân NSTW"] + numbers["Giải ngân NSĐP"]
        if plan and abs(100 * done / plan - numbers[rate_header]) > RATE_TOLERANCE:
            self.reject(number, self.columns[rate_header], f"rate {_fmt(numbers[rate_header])} % does not match "
                                                           f"disbursed / plan = {100 * done / plan:.2f} %")

    def _evaluation_row(self, number, row, unit, period, numbers) -> list[tuple] | None:
        index_header = self.columns["Chỉ số"]
        wanted = header_key(row.get(index_header, ""))
        index = next((name for name in self.type.long_index if header_key(name) == wanted), None)
        if index is None:
            self.reject(number, index_header, f"unknown index '{row.get(index_header, '')}': one of "
                                              f"{', '.join(self.type.long_index)}")
            return None
        score_measure, rank_measure, top = self.type.long_index[index]
        allowed = ("district", "agency") if index == "DDCI" else ("province",)
        if unit.level not in allowed:
            self.reject(number, self.keys.get("code") or self.keys.get("name"),
                        f"{index} is published for {' and '.join(allowed)} units, not for a {unit.level}")
            return None
        key = (unit.code, period, index)
        if key in self.seen:
            self.reject(number, None, f"duplicate row: {index} {period} of {unit.name} already in row {self.seen[key]}")
            return None
        self.seen[key] = number
        records = []
        if "Điểm" in numbers:
            if numbers["Điểm"] > top:
                self.reject(number, self.columns["Điểm"], f"{index} scores are at most {top}")
                return None
            records.append((score_measure, numbers["Điểm"]))
        if "Xếp hạng" in numbers:
            rank = numbers["Xếp hạng"]
            if rank < 1 or not float(rank).is_integer() or (index != "DDCI" and rank > PROVINCE_COUNT):
                top_rank = PROVINCE_COUNT if index != "DDCI" else "the number of units ranked"
                self.reject(number, self.columns["Xếp hạng"], f"a rank is a whole number from 1 to {top_rank}")
                return None
            records.append((rank_measure, rank))
        if not records:
            self.reject(number, self.columns.get("Điểm") or index_header, "neither a score nor a rank")
            return None
        return [(unit.code, period, m, unit.level, unit.province_code, unit.district_code, v) for m, v in records]


def _range_problem(value: float, column: Column) -> str | None:
    if value < 0:
        return f"negative value {_fmt(value)}: counts, amounts and scores cannot be negative"
    if column.kind == "count" and not float(value).is_integer():
        return f"{_fmt(value)} is not a whole number of dossiers"
    if column.kind == "percent" and value > 100:
        return f"rate {_fmt(value)} % is over 100 %"
    if column.maximum is not None and value > column.maximum:
        return f"{_fmt(value)} is over the maximum of {_fmt(column.maximum)} points"
    return None


def _fmt(value: float) -> str:
    return f"{value:g}"
