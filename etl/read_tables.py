"""Read a CSV or XLSX table as strings, whatever encoding and separator Excel or the one-stop software used.

Encodings: UTF-8 (with or without BOM), UTF-16 (Excel's "Unicode text"), and the legacy Windows code pages
(cp1258 Vietnamese, then cp1252). Names come out NFC. Row numbers are the spreadsheet's: the header row's number
plus one for the first data row.
"""

from __future__ import annotations

import csv
import hashlib
import io
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from bandotheche.errors import InputError

LEGACY_ENCODINGS = ("cp1258", "cp1252")
HEADER_SEARCH_ROWS = 15  # report exports often put a title and a date above the header
EXTRA = "(cells right of the header)"


@dataclass
class RawTable:
    path: Path
    frame: pd.DataFrame  # all strings, "" where empty; columns = headers as written (NFC, trimmed)
    first_row: int  # the spreadsheet row number of frame.iloc[0]
    column_letters: dict[str, str]  # header → "C" (XLSX) or the 1-based position (CSV)
    encoding: str

    def row_number(self, index: int) -> int:
        return self.first_row + index

    def where(self, index: int | None, column: str | None = None) -> str:
        parts = [str(self.path.name)]
        if index is not None:
            parts.append(f"row {self.row_number(index)}")
        if column:
            parts.append(f"column '{column}' ({self.column_letters.get(column, '?')})")
        return ", ".join(parts)


def file_checksum(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def decode_text(data: bytes, path: Path) -> tuple[str, str]:
    """Text and the encoding it was read with."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    for encoding in LEGACY_ENCODINGS:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise InputError(f"{path.name}: the file is neither UTF-8 nor a Windows code page (cp1258, cp1252); "
                     f"save it from Excel as 'CSV UTF-8'")


def _nfc(value) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFC", str(value)).strip()


def _header_index(rows: list[list[str]], is_header) -> int:
    for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if is_header([_nfc(c) for c in row]):
            return i
    return 0


def _frame(rows: list[list], header_at: int, path: Path) -> tuple[pd.DataFrame, list[str]]:
    header = [_nfc(c) for c in rows[header_at]]
    while header and not header[-1]:
        header.pop()
    if not any(header):
        raise InputError(f"{path.name}: no header row found")
    seen = set()
    for name in header:
        if name and name in seen:
            raise InputError(f"{path.name}, row {header_at + 1}: column '{name}' appears twice in the header")
        seen.add(name)
    width = len(header)
    body = []
    for row in rows[header_at + 1:]:
        cells = [_nfc(c) for c in row]
        extra = " ".join(c for c in cells[width:] if c)  # cells right of the header: reported, never dropped
        body.append((cells + [""] * width)[:width] + [extra])
    return pd.DataFrame(body, columns=[*header, EXTRA], dtype=object), header


def read_table(path: Path, is_header=lambda cells: True, max_rows: int | None = None) -> RawTable:
    """Read the whole table; ``is_header`` recognises the header row among the first rows."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: file not found")
    if path.stat().st_size == 0:
        raise InputError(f"{path.name}: the file is empty; export the table again with its header row")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        rows, encoding = _xlsx_rows(path, max_rows), "xlsx"
    elif suffix in (".csv", ".txt", ".tsv"):
        rows, encoding = _csv_rows(path, max_rows)
    elif suffix == ".xls":
        raise InputError(f"{path.name}: the old Excel 97-2003 format (.xls) is not read; save it as .xlsx or CSV")
    else:
        raise InputError(f"{path.name}: unknown file type {suffix!r}; give a .csv or .xlsx file")
    if not any(any(_nfc(c) for c in r) for r in rows):
        raise InputError(f"{path.name}: the file is empty; export the table again with its header row")
    header_at = _header_index(rows, is_header)
    frame, header = _frame(rows, header_at, path)
    if suffix in (".xlsx", ".xlsm"):
        from openpyxl.utils import get_column_letter

        letters = {name: get_column_letter(i + 1) for i, name in enumerate(header)}
    else:
        letters = {name: str(i + 1) for i, name in enumerate(header)}
    # Trailing empty rows (Excel often keeps formatted empty rows) carry no data.
    filled = frame.ne("").any(axis=1)
    last = filled[filled].index.max() if filled.any() else -1
    frame = frame.iloc[: last + 1].reset_index(drop=True)
    return RawTable(path, frame, header_at + 2, letters, encoding)


def _csv_rows(path: Path, max_rows: int | None) -> tuple[list[list[str]], str]:
    text, encoding = decode_text(path.read_bytes(), path)
    sample = "\n".join(text.splitlines()[:20])
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    _check_size(path, rows, max_rows)
    return rows, encoding


def _xlsx_rows(path: Path, max_rows: int | None) -> list[list]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several types for a damaged or foreign file
        raise InputError(f"{path.name}: cannot read this Excel file ({exc}); save it again as .xlsx") from exc
    try:
        sheet = workbook.worksheets[0]
        rows = []
        for row in sheet.iter_rows(values_only=True):
            rows.append(list(row))
            if max_rows is not None and len(rows) > max_rows + HEADER_SEARCH_ROWS:
                break
        _check_size(path, rows, max_rows)
        return rows
    finally:
        workbook.close()


def _check_size(path: Path, rows: list, max_rows: int | None) -> None:
    if max_rows is not None and len(rows) > max_rows + HEADER_SEARCH_ROWS:
        raise InputError(f"{path.name}: more than {max_rows:,} rows, too many for an aggregated table (one row per "
                         f"unit and period); split the file, or raise the limit with --max-rows")
