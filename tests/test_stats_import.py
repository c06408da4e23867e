"""Aggregated tables: templates import, re-import replaces a period, and bad input is refused with file, row and
column, leaving the database as it was."""

from __future__ import annotations

import pytest
from openpyxl import Workbook

from bandotheche import DATA_DIR
from layers.values import read_values
from bandotheche.db import open_database

from .stats_helpers import DOSSIER_HEADER, counts, dossier_row, run, write_csv


def test_every_template_imports(quang_nam_url, tmp_path):
    records = run(quang_nam_url, "etl", "dossiers", str(DATA_DIR / "templates" / "dossier_records.csv"))
    assert records.exit_code == 0 and "1 accepted, 0 rejected" in records.output
    files = sorted(str(p) for p in (DATA_DIR / "templates").glob("*.csv") if p.name != "dossier_records.csv")
    assert len(files) == 4
    result = run(quang_nam_url, "etl", "stats", *files)  # replaces June 2022 of the records just imported
    assert result.exit_code == 0, result.output
    assert result.output.count("0 rejected") == 4
    engine = open_database(quang_nam_url)
    commune = read_values(engine, "dossier_ontime_rate", "2022-06", "commune", parent_code="518")
    tam_dan = commune.set_index("code").loc["20374"]
    assert (tam_dan.numerator, tam_dan.denominator) == (690, 696)
    assert tam_dan.value == pytest.approx(100 * 690 / 696)
    agency = read_values(engine, "index766_total", "2022-06", "agency", province_code="49").set_index("code")
    assert agency.loc["49.STP", "value"] == pytest.approx(77.35)
    assert agency.loc["49.STP", "source_publicity"] == "published"


def test_reimport_replaces_the_period_and_keeps_history(quang_nam_url, tmp_path):
    first = write_csv(tmp_path / "t.csv", DOSSIER_HEADER, [dossier_row("20374", late=5), dossier_row("20377")])
    assert run(quang_nam_url, "etl", "stats", str(first)).exit_code == 0
    assert run(quang_nam_url, "etl", "stats", str(first)).exit_code == 0  # idempotent
    values, batches, history = counts(quang_nam_url)
    assert (values, batches) == (2 * 9, 2) and history == 2 * 9
    second = write_csv(tmp_path / "t2.csv", DOSSIER_HEADER, [dossier_row("20374", late=1, ontime=14)])
    assert run(quang_nam_url, "etl", "stats", str(second)).exit_code == 0
    values, batches, history = counts(quang_nam_url)
    assert values == 9, "the re-imported period replaces the whole period of the province"
    frame = read_values(open_database(quang_nam_url), "dossier_late_count", "2022-06", "commune",
                        parent_code="518").set_index("code")
    assert frame.loc["20374", "value"] == 1
    assert pd_isna(frame.loc["20377", "value"])


def pd_isna(value) -> bool:
    import pandas as pd

    return bool(pd.isna(value))


BAD_INPUTS = [
    ("missing header", DOSSIER_HEADER[:-1], [dossier_row("20374")[:-1]], "missing columns", None),
    ("wrong headers", ["A", "B"], [[1, 2]], "does not match any statistics template", None),
    ("unknown unit code", DOSSIER_HEADER, [dossier_row("99999")], "row 2, column 'Mã đơn vị' (1): unknown unit", None),
    ("unknown unit name", DOSSIER_HEADER, [dossier_row("", "Tam Dan", "Xã", "Phú Ninh")],
     "differs only by diacritics", None),
    ("duplicate rows", DOSSIER_HEADER, [dossier_row("20374"), dossier_row("20374")],
     "row 3: duplicate row: Tam Đàn (20374) 2022-06 already in row 2", None),
    ("negative count", DOSSIER_HEADER, [dossier_row("20374", online=-3)],
     "row 2, column 'Tiếp nhận trực tuyến' (7): negative value -3", None),
    ("parts exceed total", DOSSIER_HEADER, [dossier_row("20374", online=1, direct=1, early=5)],
     "parts exceed their total", None),
    ("bad period", DOSSIER_HEADER, [dossier_row("20374", period="2022-13")], "period '2022-13' not understood",
     None),
    ("not a number", DOSSIER_HEADER, [dossier_row("20374", online="mười")], "'mười' is not a number", None),
    ("extra cells", DOSSIER_HEADER, [dossier_row("20374") + ["7"]], "cells right of the last header column", None),
]


@pytest.mark.parametrize("label,header,rows,message,encoding", BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS])
def test_bad_input_is_refused_and_changes_nothing(session_database_url, tmp_path, label, header, rows, message,
                                                  encoding):
    path = write_csv(tmp_path / "bad.csv", header, rows)
    before = counts(session_database_url)
    result = run(session_database_url, "etl", "stats", "--province", "49", str(path))
    assert result.exit_code != 0
    assert "bad.csv" in result.output and message in result.output, result.output
    assert counts(session_database_url) == before


def test_rates_over_100_and_disbursed_over_plan(session_database_url, tmp_path):
    header = ["Mã đơn vị", "Kỳ báo cáo", "Kế hoạch vốn NSTW", "Kế hoạch vốn NSĐP", "Giải ngân NSTW",
              "Giải ngân NSĐP", "Tỷ lệ giải ngân mục tiêu (%)"]
    path = write_csv(tmp_path / "inv.csv", header, [["518", "2022-09", 100, 100, 50, 50, 120],
                                                    ["519", "2022-09", 100, 100, 150, 50, 60]])
    before = counts(session_database_url)
    result = run(session_database_url, "etl", "stats", str(path))
    assert result.exit_code != 0
    assert "inv.csv, row 2, column 'Tỷ lệ giải ngân mục tiêu (%)' (7): rate 120 % is over 100 %" in result.output
    assert "inv.csv, row 3, column 'Giải ngân NSTW' (5): parts exceed their total" in result.output
    assert counts(session_database_url) == before


def test_empty_file_and_header_only(session_database_url, tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    result = run(session_database_url, "etl", "stats", str(empty))
    assert result.exit_code != 0 and "empty.csv: the file is empty" in result.output
    header_only = write_csv(tmp_path / "header.csv", DOSSIER_HEADER, [])
    result = run(session_database_url, "etl", "stats", str(header_only))
    assert result.exit_code != 0 and "no data rows" in result.output


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp1258", "utf-16"])
def test_encodings_bom_and_legacy_code_pages(quang_nam_url, tmp_path, encoding):
    path = write_csv(tmp_path / "enc.csv", DOSSIER_HEADER, [dossier_row("", "Tam Đàn", "Xã", "Phú Ninh"),
                                                            dossier_row("", "Tam Dân", "Xã", "Phú Ninh")],
                     encoding=encoding, delimiter=";")
    result = run(quang_nam_url, "etl", "stats", "--province", "Quảng Nam", str(path))
    assert result.exit_code == 0, result.output
    frame = read_values(open_database(quang_nam_url), "dossier_received", "2022-06", "commune",
                        parent_code="518").set_index("code")
    assert frame.loc["20374", "value"] == 20 and frame.loc["20392", "value"] == 20


def test_xlsx_with_title_rows_and_skip_invalid(quang_nam_url, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["BÁO CÁO TÌNH HÌNH GIẢI QUYẾT HỒ SƠ THÁNG 6/2022"])
    sheet.append([])
    sheet.append(DOSSIER_HEADER)
    sheet.append(dossier_row("20374", period="06/2022"))
    sheet.append(dossier_row("20377", period="06/2022", late=-1))
    path = tmp_path / "report.xlsx"
    book.save(path)
    strict = run(quang_nam_url, "etl", "stats", str(path))
    assert strict.exit_code != 0
    assert "report.xlsx, row 5, column 'Giải quyết quá hạn' (L): negative value -1" in strict.output
    assert counts(quang_nam_url)[0] == 0
    partial = run(quang_nam_url, "etl", "stats", "--skip-invalid", str(path))
    assert partial.exit_code == 0
    assert "2 rows read, 1 accepted, 1 rejected" in partial.output
    assert "rejected: report.xlsx, row 5" in partial.output
    values, batches, _ = counts(quang_nam_url)
    assert (values, batches) == (9, 1)


def test_huge_aggregated_table_is_refused_with_the_limit(session_database_url, tmp_path):
    rows = [dossier_row("20374", period=f"{2000 + i // 12}-{i % 12 + 1:02d}") for i in range(300)]
    path = write_csv(tmp_path / "huge.csv", DOSSIER_HEADER, rows)
    before = counts(session_database_url)
    result = run(session_database_url, "etl", "stats", "--max-rows", "100", str(path))
    assert result.exit_code != 0 and "huge.csv: more than 100 rows" in result.output
    assert counts(session_database_url) == before


def test_batches_record_rejections(quang_nam_url, tmp_path):
    path = write_csv(tmp_path / "part.csv", DOSSIER_HEADER, [dossier_row("20374"), dossier_row("99999")])
    assert run(quang_nam_url, "etl", "stats", "--skip-invalid", str(path)).exit_code == 0
    listed = run(quang_nam_url, "etl", "batches", "--rejections")
    assert "part.csv" in listed.output and "1 accepted, 1 rejected" in listed.output
    assert "part.csv, row 3, column 'Mã đơn vị' (1): unknown unit" in listed.output
