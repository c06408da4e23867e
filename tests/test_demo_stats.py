"""The demo dataset: every unit and agency of Quảng Nam, 24 months, deterministic, flagged, plausible differences;
the real 2021 ranks beside it."""

from __future__ import annotations

import pandas as pd
import pytest

from bandotheche.db import open_database
from etl.demo_stats import generate_demo
from etl.stat_units import StatUnitResolver
from layers.values import read_values

from .stats_helpers import run

MOUNTAIN = ["504", "505", "510", "511", "515", "516"]
COASTAL_CITIES = ["502", "503"]


@pytest.fixture(scope="module")
def engine(quang_nam_module_url):
    result = run(quang_nam_module_url, "etl", "demo")
    assert result.exit_code == 0, result.output
    assert "DEMO DATA" in result.output
    return open_database(quang_nam_module_url)


def test_deterministic():
    resolver = StatUnitResolver()
    assert generate_demo(resolver).checksum == generate_demo(resolver).checksum
    assert generate_demo(resolver, seed=1).checksum != generate_demo(resolver).checksum


def test_every_unit_and_month_is_present_and_flagged(engine):
    for month in ("2021-01", "2022-12"):
        communes = read_values(engine, "dossier_received", month, "commune", province_code="49")
        assert len(communes) == 241 and communes.value.notna().all() and communes.demo.all()
        districts = read_values(engine, "dossier_ontime_rate", month, "district", province_code="49")
        assert len(districts) == 18 and districts.value.between(50, 100).all()
    agencies = read_values(engine, "dossier_received", "2022", "agency", province_code="49")
    assert len(agencies) >= 20 and agencies.value.notna().sum() >= 19
    index = read_values(engine, "index766_total", "2022-06", "commune", province_code="49").value
    assert index.dropna().between(0, 100).all()
    assert index.notna().mean() > 0.95  # a commune with no satisfaction rating that month has no total


def test_mountain_districts_differ_from_coastal_cities(engine):
    online = read_values(engine, "dossier_online_rate", "2022", "district", province_code="49").set_index("code")
    assert online.loc[MOUNTAIN, "value"].max() < online.loc[COASTAL_CITIES, "value"].min()
    received = read_values(engine, "dossier_received", "2022", "district", province_code="49").set_index("code")
    assert received.loc[MOUNTAIN, "value"].max() < received.loc[COASTAL_CITIES, "value"].min()
    early = read_values(engine, "dossier_online_rate", "2021-01", "province", province_code="49").value.iloc[0]
    late = read_values(engine, "dossier_online_rate", "2022-12", "province", province_code="49").value.iloc[0]
    assert late > early


def test_investment_and_real_ranks(engine):
    rate = read_values(engine, "investment_disbursement_rate", "2022-12", "district", province_code="49")
    assert rate.value.between(30, 100).all() and (rate.target == 95).all()
    ranks = {i: read_values(engine, i, "2021", "province", province_code="49").value.iloc[0]
             for i in ("par_index_rank", "sipas_rank", "pci_rank", "papi_rank", "dti_rank")}
    assert ranks == {"par_index_rank": 33, "sipas_rank": 57, "pci_rank": 19, "papi_rank": 35, "dti_rank": 25}
    assert not read_values(engine, "pci_rank", "2021", "province", province_code="49").demo.any()


def test_demo_rerun_is_idempotent(quang_nam_module_url, engine):
    before = read_values(engine, "dossier_late_count", "2022-Q3", "district", province_code="49")
    assert run(quang_nam_module_url, "etl", "demo").exit_code == 0
    after = read_values(engine, "dossier_late_count", "2022-Q3", "district", province_code="49")
    pd.testing.assert_frame_equal(before, after)


def test_export_cli_csv_and_xlsx(quang_nam_module_url, engine, tmp_path):
    result = run(quang_nam_module_url, "values", "export", "--indicator", "index766_total", "--period", "2022-Q2",
                 "--level", "district", "--province", "Quảng Nam")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith("code,name,value,numerator,denominator,sample_size,rank,change,change_sign,few,demo")
    assert len(lines) == 19 and "group_publicity" in lines[0]
    out = tmp_path / "v.xlsx"
    assert run(quang_nam_module_url, "values", "export", "--indicator", "pci", "--period", "latest", "--level",
               "province", "--format", "xlsx", "-o", str(out)).exit_code == 0
    frame = pd.read_excel(out, dtype={"code": str})
    assert list(frame.columns[:7]) == ["code", "name", "value", "numerator", "denominator", "sample_size", "rank"]
