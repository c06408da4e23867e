"""The synthetic province of tests/data/synthetic (invented units, nothing from GADM): loaded through the real
boundary ETL, its base measures written as stored values, for rule tests without Flask or the demo database."""

from __future__ import annotations

import csv
from pathlib import Path

from click.testing import CliRunner
from sqlalchemy import insert

from bandotheche.cli import cli
from bandotheche.db import open_database
from bandotheche.db.statistics import Agency, StatBatch, StatValue

DATA = Path(__file__).parent / "data" / "synthetic"
PROVINCE = "99"
AGENCY = "99.STP"


def build_synthetic_database(url: str):
    """An engine over a new database holding the synthetic province, its agency and its values."""
    result = CliRunner().invoke(cli, [
        "--database", url, "etl", "boundaries", "--province", PROVINCE, "--source", str(DATA / "ranh_gioi.geojson"),
        "--unit-list", str(DATA / "donvi.csv"), "--columns", "province=TINH,district=HUYEN,commune=XA",
        "--no-default-crosswalks", "--quiet"])
    assert result.exit_code == 0, result.output
    engine = open_database(url)
    with (DATA / "values.csv").open(encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    with engine.begin() as conn:
        conn.execute(insert(Agency).values(code=AGENCY, province_code=PROVINCE, name="Sở Tư pháp",
                                           name_en="Department of Justice", kind="department", source="synthetic"))
        batch = conn.execute(insert(StatBatch).values(
            kind="tables", file_name="values.csv", checksum="-", table_type="synthetic", rows_read=len(rows),
            rows_accepted=len(rows), rows_rejected=0, rejections="", values_written=len(rows), values_replaced=0,
            periods="", is_demo=False)).inserted_primary_key[0]
        conn.execute(insert(StatValue), [
            {"unit_code": r["unit_code"], "period": r["period"], "measure": r["measure"], "level": r["level"],
             "province_code": PROVINCE, "district_code": r["district_code"] or None, "value": float(r["value"]),
             "batch_id": batch, "is_demo": False} for r in rows])
    return engine
