"""Roll-ups, stated and tested: ratios recomputed from summed parts over space and time, stocks taken at the
right end of a period, scope (territory or own) as the catalogue says, ranks by direction with ties shared."""

from __future__ import annotations

import pandas as pd
import pytest

from bandotheche.db import open_database
from layers.values import read_values, resolve_period

from .stats_helpers import DOSSIER_HEADER, dossier_row, run, write_csv

# Phú Ninh (518) and two of its communes; Tam Kỳ (502) with none; one agency.
ROWS = [
    # code, period, carried, online, direct, early, ontime, late, within, overdue
    dossier_row("518", period="2022-04", carried=4, online=10, direct=90, early=60, ontime=30, late=10, within=4),
    dossier_row("20374", period="2022-04", carried=1, online=9, direct=1, early=9, ontime=1, late=0, within=1),
    dossier_row("20377", period="2022-04", carried=0, online=0, direct=50, early=10, ontime=20, late=10, within=10),
    dossier_row("20374", period="2022-05", carried=2, online=5, direct=5, early=5, ontime=0, late=5, within=1,
                overdue=1),
    dossier_row("49.STP", period="2022-04", carried=0, online=100, direct=100, early=190, ontime=0, late=10),
    dossier_row("502", period="2022-04", carried=0, online=50, direct=50, early=50, ontime=50, late=0),
]


@pytest.fixture(scope="module")
def engine(module_database_url, tmp_path_factory):
    path = write_csv(tmp_path_factory.mktemp("rollup") / "rollup.csv", DOSSIER_HEADER, ROWS)
    result = run(module_database_url, "etl", "stats", str(path))
    assert result.exit_code == 0, result.output
    return open_database(module_database_url)


def by_code(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.set_index("code")


def test_district_ratio_is_recomputed_from_its_own_and_its_communes_parts(engine):
    district = by_code(read_values(engine, "dossier_ontime_rate", "2022-04", "district", province_code="49"))
    # (60+30) + (9+1) + (10+20) on time out of 100 + 10 + 40 resolved
    assert district.loc["518", "numerator"] == 130 and district.loc["518", "denominator"] == 150
    assert district.loc["518", "value"] == pytest.approx(100 * 130 / 150)
    averaged = (90 / 100 + 10 / 10 + 30 / 40) / 3 * 100
    assert district.loc["518", "value"] != pytest.approx(averaged)
    assert district.loc["518", "sample_size"] == 150


def test_province_counts_agencies_districts_and_communes(engine):
    province = by_code(read_values(engine, "dossier_ontime_rate", "2022-04", "province", province_code="49"))
    assert province.loc["49", "numerator"] == 130 + 190 + 100
    assert province.loc["49", "denominator"] == 150 + 200 + 100
    agencies = by_code(read_values(engine, "dossier_ontime_rate", "2022-04", "agency", province_code="49"))
    assert agencies.loc["49.STP", "value"] == pytest.approx(95.0)
    assert pd.isna(agencies.loc["49.SNV", "value"])


def test_own_level_counts_only_the_level_itself(engine):
    district = by_code(read_values(engine, "dossier_ontime_rate_level", "2022-04", "district", province_code="49"))
    assert (district.loc["518", "numerator"], district.loc["518", "denominator"]) == (90, 100)
    province = by_code(read_values(engine, "dossier_ontime_rate_level", "2022-04", "province", province_code="49"))
    assert (province.loc["49", "numerator"], province.loc["49", "denominator"]) == (190, 200)


def test_quarter_sums_flows_and_takes_stocks_at_the_ends(engine):
    communes = by_code(read_values(engine, "dossier_received", "2022-Q2", "commune", parent_code="518"))
    # carried over: April's 1 (start of the quarter); new: 10 + 10
    assert communes.loc["20374", "value"] == 1 + 10 + 10
    pending = by_code(read_values(engine, "dossier_pending_overdue", "2022-Q2", "commune", parent_code="518"))
    assert pending.loc["20374", "value"] == 1  # May's, the end of the data in the quarter
    ontime = by_code(read_values(engine, "dossier_ontime_rate", "2022", "commune", parent_code="518"))
    assert ontime.loc["20374", "numerator"] == 15 and ontime.loc["20374", "denominator"] == 20


def test_ranks_follow_direction_and_ties_share(engine):
    rate = read_values(engine, "dossier_ontime_rate", "2022-04", "district", province_code="49")
    ranked = rate.dropna(subset=["value"]).set_index("code")
    assert ranked.loc["502", "rank"] == 1 and ranked.loc["518", "rank"] == 2  # 100 % before 80 %
    late = by_code(read_values(engine, "dossier_late_count", "2022-04", "commune", parent_code="518"))
    assert late.loc["20374", "rank"] == 1 and late.loc["20377", "rank"] == 2  # fewer late dossiers is better
    assert late["rank"].isna().sum() == late["value"].isna().sum()


def test_ties_share_a_rank(engine):
    from layers.values import rank_values

    assert rank_values(pd.Series([90.0, 95.0, 95.0, None]), 1).tolist()[:3] == [3, 1, 1]


def test_own_scope_does_not_add_lower_units(module_database_url, tmp_path):
    header = ["Mã đơn vị", "Kỳ báo cáo", *DOSSIER_HEADER[5:], "TTHC đủ điều kiện DVC toàn trình",
              "DVC trực tuyến toàn trình"]
    rows = [["518", "2022-04", 0, 1, 1, 0, 1, 1, 0, 0, 0, 100, 50],
            ["20374", "2022-04", 0, 1, 1, 0, 1, 1, 0, 0, 0, 100, 100]]
    run(module_database_url, "etl", "stats", str(write_csv(tmp_path / "own.csv", header, rows)))
    engine = open_database(module_database_url)
    district = by_code(read_values(engine, "online_full_service_rate", "2022-04", "district", province_code="49"))
    assert district.loc["518", "value"] == pytest.approx(50.0)


def test_latest_and_level_checks(engine):
    assert str(resolve_period(engine, "dossier_ontime_rate", "latest", "49")) >= "2022-05"
    from bandotheche.errors import InputError

    with pytest.raises(InputError, match="exists at levels province"):
        read_values(engine, "pci", "2021", "commune")
