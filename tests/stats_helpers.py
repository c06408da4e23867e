"""Shared by the statistics tests: write small tables, run the CLI in-process, count what the database holds."""

from __future__ import annotations

import csv
import io
import unicodedata
from pathlib import Path

from click.testing import CliRunner
from sqlalchemy import func, select

from bandotheche.cli import cli
from bandotheche.db import StatBatch, StatValue, StatValueHistory, open_database

DOSSIER_HEADER = ["Mã đơn vị", "Tên đơn vị", "Cấp", "Đơn vị cấp trên", "Kỳ báo cáo", "Kỳ trước chuyển qua",
                  "Tiếp nhận trực tuyến", "Tiếp nhận trực tiếp", "Tiếp nhận qua bưu chính", "Giải quyết trước hạn",
                  "Giải quyết đúng hạn", "Giải quyết quá hạn", "Đang giải quyết trong hạn", "Đang giải quyết quá hạn"]


def dossier_row(code="", name="", level="", parent="", period="2022-06", carried=0, online=10, direct=10, postal=0,
                early=5, ontime=10, late=5, within=0, overdue=0) -> list:
    return [code, name, level, parent, period, carried, online, direct, postal, early, ontime, late, within, overdue]


TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"


def windows_1258(text: str) -> str:
    """Text as Vietnamese Windows writes it: letters with their vowel marks precomposed, tone marks combining."""
    out, marks = [], []
    for char in unicodedata.normalize("NFD", text) + " ":
        if unicodedata.combining(char):
            marks.append(char)
            continue
        if out:
            base = unicodedata.normalize("NFC", out.pop() + "".join(m for m in marks if m not in TONE_MARKS))
            out.append(base + "".join(m for m in marks if m in TONE_MARKS))
        marks = []
        out.append(char)
    return "".join(out[:-1])


def write_csv(path: Path, header: list, rows: list[list], encoding: str = "utf-8", delimiter: str = ",") -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    text = buffer.getvalue()
    path.write_bytes((windows_1258(text) if encoding == "cp1258" else text).encode(encoding))
    return path


def run(database_url: str, *args: str):
    return CliRunner().invoke(cli, ["--database", database_url, *args], catch_exceptions=False)


def counts(database_url: str) -> tuple[int, int, int]:
    engine = open_database(database_url)
    with engine.connect() as conn:
        result = tuple(conn.scalar(select(func.count()).select_from(t)) for t in (StatValue, StatBatch,
                                                                                  StatValueHistory))
    engine.dispose()
    return result
