"""Dossier records → monthly measures per unit; quarters and years from the months; bad records refused."""

from __future__ import annotations

import pandas as pd
import pytest

from bandotheche.db import open_database
from etl.demo_dossiers import HEADER, dossier_frame
from layers.values import read_values

from .stats_helpers import counts, run, write_csv

BASE = {"Thủ tục": "Đăng ký khai sinh", "Cấp": "Xã", "Bổ sung": "0", "Gia hạn": "0", "Thư xin lỗi": "0",
        "Số hóa": "1", "Kết quả điện tử": "0", "Có phí": "0", "Thanh toán trực tuyến": "0", "Đồng bộ DVCQG": "1",
        "Đánh giá": ""}


def record(id_, unit, channel, received, due, resolved="", status="Đã trả kết quả", **flags) -> list:
    row = {**BASE, "Mã hồ sơ": id_, "Mã đơn vị": unit, "Kênh tiếp nhận": channel, "Ngày tiếp nhận": received,
           "Ngày hẹn trả": due, "Ngày trả kết quả": resolved, "Trạng thái": status, **flags}
    return [row[h] for h in HEADER]


RECORDS = [
    record("A1", "20374", "Trực tuyến", "03/04/2022", "06/04/2022", "05/04/2022"),  # early, April
    record("A2", "20374", "Trực tiếp", "10/04/2022", "12/04/2022", "12/04/2022"),  # on time
    record("A3", "20374", "Trực tiếp", "28/04/2022", "02/05/2022", "04/05/2022", **{"Thư xin lỗi": "1"}),  # late, May
    record("A4", "20374", "Bưu chính", "29/04/2022", "20/05/2022", status="Đang giải quyết"),  # open, due in May
    record("A5", "20377", "Trực tuyến", "2022-04-15", "2022-04-20", "2022-04-25"),  # late, no apology
    record("A6", "20377", "Trực tiếp", "15/06/2022", "16/06/2022", "16/06/2022", status="Từ chối"),
]


@pytest.fixture(scope="module")
def engine(quang_nam_module_url, tmp_path_factory):
    path = write_csv(tmp_path_factory.mktemp("dossiers") / "records.csv", HEADER, RECORDS)
    result = run(quang_nam_module_url, "etl", "dossiers", str(path))
    assert result.exit_code == 0, result.output
    assert "6 rows read, 6 accepted, 0 rejected" in result.output
    return open_database(quang_nam_module_url)


def value(engine, indicator, period, code, level="commune"):
    frame = read_values(engine, indicator, period, level, province_code="49").set_index("code")
    return frame.loc[code, "value"]


def test_monthly_measures(engine):
    assert value(engine, "dossier_received", "2022-04", "20374") == 4
    assert value(engine, "dossier_resolved", "2022-04", "20374") == 2
    assert value(engine, "dossier_ontime_rate", "2022-04", "20374") == 100
    assert value(engine, "dossier_online_rate", "2022-04", "20374") == 25
    # May: A3 and A4 carried over; A3 resolved late with an apology; A4 open past its due date at the end of May
    assert value(engine, "dossier_received", "2022-05", "20374") == 2
    assert value(engine, "dossier_late_count", "2022-05", "20374") == 1
    assert value(engine, "dossier_apology_count", "2022-05", "20374") == 1
    assert value(engine, "dossier_late_without_apology", "2022-05", "20374") == 0
    assert value(engine, "dossier_pending_overdue", "2022-05", "20374") == 1
    assert value(engine, "dossier_pending_overdue", "2022-04", "20374") == 0
    assert value(engine, "dossier_late_without_apology", "2022-04", "20377") == 1
    assert value(engine, "dossier_refused_count", "2022-06", "20377") == 1


def test_quarter_and_district(engine):
    assert value(engine, "dossier_received", "2022-Q2", "20374") == 4  # carried over into April: none
    assert value(engine, "dossier_ontime_rate", "2022-Q2", "20374") == pytest.approx(200 / 3)
    district = read_values(engine, "dossier_ontime_rate", "2022-Q2", "district", province_code="49").set_index("code")
    assert (district.loc["518", "numerator"], district.loc["518", "denominator"]) == (2, 4)


def test_generated_records_match_a_direct_count(quang_nam_url, tmp_path):
    frame = dossier_frame(3000, seed=5)
    path = tmp_path / "gen.csv"
    frame.to_csv(path, index=False)
    assert run(quang_nam_url, "etl", "dossiers", str(path)).exit_code == 0
    engine = open_database(quang_nam_url)
    resolved = frame[frame["Trạng thái"] == "Đã trả kết quả"].copy()
    when = pd.to_datetime(resolved["Ngày trả kết quả"], format="%d/%m/%Y")
    due = pd.to_datetime(resolved["Ngày hẹn trả"], format="%d/%m/%Y")
    in_q = resolved[(when >= "2022-04-01") & (when < "2022-07-01")]
    on_time = (when[in_q.index] <= due[in_q.index]).sum()
    province = read_values(engine, "dossier_ontime_rate", "2022-Q2", "province", province_code="49").iloc[0]
    assert (province.numerator, province.denominator) == (on_time, len(in_q))
    received = pd.to_datetime(frame["Ngày tiếp nhận"], format="%d/%m/%Y")
    year = frame[received.dt.year == 2022]
    online = read_values(engine, "dossier_online_rate", "2022", "province", province_code="49").iloc[0]
    assert online.numerator == (year["Kênh tiếp nhận"] == "Trực tuyến").sum() and online.denominator == len(year)


BAD = [
    ("duplicate ids", [RECORDS[0], RECORDS[0]],
     "row 3, column 'Mã hồ sơ' (1): duplicate dossier id 'A1', first in row 2"),
    ("dates out of order", [record("B1", "20374", "Trực tuyến", "10/04/2022", "12/04/2022", "01/04/2022")],
     "row 2, column 'Ngày trả kết quả' (8): dates out of order: resolved before received"),
    ("due before received", [record("B1", "20374", "Trực tuyến", "10/04/2022", "01/04/2022", "12/04/2022")],
     "dates out of order: due before received"),
    ("unknown unit", [record("B1", "99999", "Trực tuyến", "10/04/2022", "12/04/2022", "12/04/2022")],
     "row 2, column 'Mã đơn vị' (3): unknown unit"),
    ("bad channel", [record("B1", "20374", "Fax", "10/04/2022", "12/04/2022", "12/04/2022")],
     "channel 'Fax' not understood"),
    ("bad date", [record("B1", "20374", "Trực tuyến", "32/04/2022", "12/04/2022", "12/04/2022")],
     "date '32/04/2022' not understood"),
    ("resolved without date", [record("B1", "20374", "Trực tuyến", "10/04/2022", "12/04/2022")],
     "a resolved dossier needs its resolution date"),
    ("bad flag", [record("B1", "20374", "Trực tuyến", "10/04/2022", "12/04/2022", "12/04/2022", **{"Số hóa": "2"})],
     "'2' is not a yes/no flag"),
]


@pytest.mark.parametrize("label,rows,message", BAD, ids=[b[0] for b in BAD])
def test_bad_records_are_refused(session_database_url, tmp_path, label, rows, message):
    path = write_csv(tmp_path / "bad.csv", HEADER, rows)
    before = counts(session_database_url)
    result = run(session_database_url, "etl", "dossiers", str(path))
    assert result.exit_code != 0
    assert "bad.csv" in result.output and message in result.output, result.output
    assert counts(session_database_url) == before


def test_missing_header_and_empty_file(session_database_url, tmp_path):
    path = write_csv(tmp_path / "nohead.csv", HEADER[1:], [r[1:] for r in RECORDS])
    result = run(session_database_url, "etl", "dossiers", str(path))
    assert result.exit_code != 0 and "nohead.csv: missing columns for dossier records: Mã hồ sơ" in result.output
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    result = run(session_database_url, "etl", "dossiers", str(empty))
    assert result.exit_code != 0 and "empty.csv: the file is empty" in result.output


def test_cp1258_records(quang_nam_url, tmp_path):
    path = write_csv(tmp_path / "legacy.csv", HEADER, RECORDS, encoding="cp1258")
    result = run(quang_nam_url, "etl", "dossiers", str(path))
    assert result.exit_code == 0, result.output
    assert "6 accepted" in result.output


def test_xlsx_records(quang_nam_url, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["DANH SÁCH HỒ SƠ THÁNG 4/2022"])
    book.active.append(HEADER)
    for row in RECORDS:
        book.active.append(row)
    path = tmp_path / "records.xlsx"
    book.save(path)
    result = run(quang_nam_url, "etl", "dossiers", str(path))
    assert result.exit_code == 0, result.output
    engine = open_database(quang_nam_url)
    assert value(engine, "dossier_received", "2022-04", "20374") == 4
