"""The table behind a map, as CSV (UTF-8 with BOM, so Excel shows Vietnamese letters) or XLSX (typed numbers)."""

from __future__ import annotations

import csv
import math
from io import BytesIO, StringIO

import pandas as pd
from babel.dates import format_date
from openpyxl import Workbook
from openpyxl.styles import Font

from bandotheche.spreadsheet import CSV_LINE_END, safe_cell

from .views import MapView

HEADERS = {
    "vi": {"code": "Mã đơn vị", "name": "Tên đơn vị", "value": "Giá trị", "rank": "Xếp hạng",
           "sample_size": "Số quan sát", "unreliable": "Chưa đủ tin cậy", "class": "Nhóm", "yes": "có", "no": "",
           "sheet": "Số liệu", "about": "Thông tin", "indicator": "Chỉ tiêu", "area": "Địa bàn",
           "period": "Kỳ số liệu", "unit": "Đơn vị tính", "source": "Nguồn", "date": "Ngày xuất",
           "classes": "Phân nhóm"},
    "en": {"code": "Unit code", "name": "Unit name", "value": "Value", "rank": "Rank",
           "sample_size": "Observations", "unreliable": "Unreliable", "class": "Class", "yes": "yes", "no": "",
           "sheet": "Data", "about": "About", "indicator": "Indicator", "area": "Area",
           "period": "Period", "unit": "Unit", "source": "Source", "date": "Exported",
           "classes": "Classification"},
}
COLUMNS = ("code", "name", "value", "rank", "sample_size", "unreliable", "class")


def table_rows(view: MapView) -> list[list]:
    """Header plus one row per unit, best rank first, units without data last (then by name); text made inert."""
    words = HEADERS[view.language]
    units = pd.DataFrame(view.units.drop(columns="geometry"))
    index = units["class"].to_numpy(dtype=int)
    units["class_label"] = [view.classes.labels[i] if i >= 0 else view.no_data_label for i in index]
    units = units.sort_values(["rank", "value", "name"], ascending=[True, False, True], na_position="last")
    header = [words[c] + (f" ({view.unit_label})" if c == "value" and view.unit_label else "") for c in COLUMNS]
    rows = [header]
    for record in units.itertuples(index=False):
        rows.append([
            str(record.code), record.name, _number(record.value), _integer(record.rank),
            _integer(record.sample_size), words["yes"] if _flag(record.unreliable) else words["no"],
            record.class_label,
        ])
    return [[safe_cell(cell) for cell in row] for row in rows]


def to_csv(view: MapView) -> bytes:
    """Plain numbers (a dot for decimals) so every program reads them; the BOM makes Excel decode UTF-8."""
    buffer = StringIO()
    csv.writer(buffer, lineterminator=CSV_LINE_END).writerows(
        [["" if cell is None else cell for cell in row] for row in table_rows(view)])
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx(view: MapView) -> bytes:
    words = HEADERS[view.language]
    book = Workbook()
    data = book.active
    data.title = words["sheet"]
    for row in table_rows(view):
        data.append(row)
    for cell in data[1]:
        cell.font = Font(bold=True)
    for cell in data["C"][1:]:
        cell.number_format = "#,##0." + "0" * view.decimals if view.decimals else "#,##0"
    for column, width in zip("ABCDEFG", (11, 28, 14, 10, 13, 15, 18)):
        data.column_dimensions[column].width = width
    data.freeze_panes = "A2"

    about = book.create_sheet(words["about"])
    generated = format_date(view.generated, format="dd/MM/yyyy" if view.language == "vi" else "yyyy-MM-dd",
                            locale="vi_VN" if view.language == "vi" else "en_US")
    for key, value in (("indicator", view.indicator_title), ("area", f"{view.unit_name} ({view.unit_code})"),
                       ("period", view.period_label), ("unit", view.unit_label), ("source", view.source),
                       ("date", generated), ("classes", view.classes.method)):
        about.append([words[key], safe_cell(value)])
    about.column_dimensions["A"].width = 16
    about.column_dimensions["B"].width = 60
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _number(value) -> float | None:
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else float(value)


def _integer(value) -> int | None:
    number = _number(value)
    return None if number is None else int(number)


def _flag(value) -> bool:
    return bool(value) if value is not None and not (isinstance(value, float) and math.isnan(value)) else False
