"""Every table export neutralises text a spreadsheet would run (=, +, -, @, tab, CR first): the map's CSV/XLSX
(/export/<code>.csv|xlsx), `values export` (CSV/XLSX) and `units export` (CSV). Numbers stay numbers."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from bandotheche.spreadsheet import FORMULA_STARTS, safe_cell
from webmap import create_app
from webmap.settings import WebSettings

from .hostile_data import hostile_copy
from .stats_helpers import run

# District (by code) and agency names that a spreadsheet would evaluate.
DISTRICTS = {"502": '=HYPERLINK("http://x","y")', "503": "@SUM(1)", "504": "+1+1", "505": "-2+3",
             "506": "\tcmd", "507": "\r=1"}
AGENCIES = {"49.STP": '=HYPERLINK("http://x","y")', "49.SNV": "@SUM(1)", "49.STC": "-1"}
PROVINCE = "=1+2"
PERIOD = "2022-Q2"


@pytest.fixture(scope="module")
def hostile_url(demo_url, tmp_path_factory):
    statements = [("UPDATE admin_unit SET name = :name WHERE code = :code", {"code": c, "name": n})
                  for c, n in DISTRICTS.items()]
    statements += [("UPDATE agency SET name = :name, name_en = :name WHERE code = :code", {"code": c, "name": n})
                   for c, n in AGENCIES.items()]
    statements.append(("UPDATE admin_unit SET full_name = :name WHERE code = '49'", {"name": PROVINCE}))
    return hostile_copy(demo_url, tmp_path_factory.mktemp("hostile"), statements)


@pytest.fixture(scope="module")
def client(hostile_url):
    app = create_app(WebSettings(database_url=hostile_url))
    app.config["TESTING"] = True
    return app.test_client()


def neutralised(names) -> set[str]:
    return {"'" + name for name in names}


def assert_csv_safe(content: bytes, names) -> list[list[str]]:
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))
    cells = [cell for row in rows for cell in row]
    assert neutralised(names) <= set(cells)
    for cell in cells:
        if cell.startswith(FORMULA_STARTS):
            float(cell)  # only a number may start so
    return rows


def assert_xlsx_safe(content: bytes, names) -> list:
    book = load_workbook(io.BytesIO(content))
    cells = [cell for sheet in book for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    texts = {c.value.replace("\n", "\r") for c in cells if c.data_type == "s"}  # XML reads a CR back as LF
    assert neutralised(names) <= texts
    assert all(not c.value.startswith(FORMULA_STARTS) for c in cells if isinstance(c.value, str))
    return cells


def test_safe_cell_keeps_numbers_and_plain_text():
    assert [safe_cell(v) for v in (-1.5, 3, None, "Sở Tư pháp", "a=b", "'=x")] == [-1.5, 3, None, "Sở Tư pháp",
                                                                                    "a=b", "'=x"]
    assert [safe_cell(v) for v in ("=1", "+1", "-1", "@A", "\t1", "\r1")] == ["'=1", "'+1", "'-1", "'@A", "'\t1",
                                                                              "'\r1"]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_map_table_export(client, fmt):
    response = client.get(f"/export/49.{fmt}?indicator=dossier_ontime_rate&period={PERIOD}")
    assert response.status_code == 200
    names = [*DISTRICTS.values(), f"{PROVINCE} (49)"] if fmt == "xlsx" else DISTRICTS.values()
    (assert_csv_safe if fmt == "csv" else assert_xlsx_safe)(response.data, names)


def test_change_map_export_keeps_negative_numbers(client):
    response = client.get(f"/export/49.xlsx?indicator=dossier_ontime_rate&period={PERIOD}&compare=2021-Q2&mode=change")
    cells = assert_xlsx_safe(response.data, DISTRICTS.values())
    negative = [c for c in cells if isinstance(c.value, float) and c.value < 0]
    assert negative and all(c.data_type == "n" for c in negative)
    rows = assert_csv_safe(client.get(response.request.full_path.replace(".xlsx", ".csv")).data, DISTRICTS.values())
    assert any(row[2].startswith("-") for row in rows[1:])  # a negative value stays a plain number


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_values_export(hostile_url, tmp_path, fmt):
    output = tmp_path / f"values.{fmt}"
    result = run(hostile_url, "values", "export", "--indicator", "dossier_ontime_rate", "--period", PERIOD,
                 "--level", "agency", "--province", "49", "--format", fmt, "-o", str(output))
    assert result.exit_code == 0, result.output
    (assert_csv_safe if fmt == "csv" else assert_xlsx_safe)(output.read_bytes(), AGENCIES.values())


def test_units_export(hostile_url, tmp_path):
    output = tmp_path / "units.csv"
    result = run(hostile_url, "units", "export", "--province", "49", "--level", "district", "-o", str(output))
    assert result.exit_code == 0, result.output
    assert_csv_safe(output.read_bytes(), DISTRICTS.values())
