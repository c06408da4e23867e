"""Unit and agency codes are checked where they enter: GSO unit lists, crosswalks, boundary files, agency lists and
statistics. A bad code stops the command with its file, row and column, and the database stays as it was."""

from __future__ import annotations

import csv

import geopandas as gpd
import pytest
import shapely

from bandotheche.codes import agency_code, gso_code
from bandotheche.db import open_database
from bandotheche.errors import InputError
from etl.crosswalks import COLUMNS as CROSSWALK_COLUMNS
from etl.official_units import GSO_COLUMNS
from etl.stat_units import AGENCY_COLUMNS, read_agencies

from .boundary_helpers import database_state
from .stats_helpers import DOSSIER_HEADER, counts, dossier_row, write_csv
from .test_boundaries_inputs import run

HOSTILE = '20999"><img src=x onerror=alert(1)>'


@pytest.mark.parametrize(("value", "level", "code"), [
    ("49", "province", "49"), ("1", "province", "01"), (" 20335 ", "commune", "20335"), (20335, "commune", "20335"),
    (502.0, "district", "502"),
    ("502", None, "502"), ("20335", None, "20335"),
])
def test_gso_codes_are_digits_zero_filled_to_their_level(value, level, code):
    assert gso_code(value, level) == code


@pytest.mark.parametrize(("value", "level"), [
    (HOSTILE, "commune"), ("２０３３５", "commune"), ("٤٩", "province"), ("203350", "commune"), ("", "district"),
    ("49.SNV", "province"), ("2033", None), ("20 335", None), (502.5, "district"),
])
def test_anything_else_is_not_a_gso_code(value, level):
    with pytest.raises(InputError, match="is not a GSO code"):
        gso_code(value, level)


def test_a_bad_code_names_its_file_row_and_column():
    with pytest.raises(InputError) as error:
        gso_code(HOSTILE, "commune", file="xa.csv", row=7, column="Mã PX")
    assert str(error.value).startswith("xa.csv, row 7, column 'Mã PX': '20999\"><img")
    assert "5 digits, e.g. 20335" in str(error.value)


def test_agency_codes():
    assert agency_code(" 49.SNV ") == "49.SNV"
    for bad in (HOSTILE, "49.S NV", "49SNV", "49.snv", "4.SNV"):
        with pytest.raises(InputError, match="is not an agency code"):
            agency_code(bad)


@pytest.fixture(scope="module")
def loaded(module_database_url, gadm_path):
    result = run(module_database_url, "etl", "boundaries", "--province", "49", "--source", str(gadm_path), "-q")
    assert result.exit_code == 0, result.output
    return module_database_url


def assert_boundaries_refused(database_url, source, *args, message):
    before = database_state(open_database(database_url))
    result = run(database_url, "etl", "boundaries", "--province", "49", "--source", str(source), "-q", *args)
    assert result.exit_code == 1
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert database_state(open_database(database_url)) == before


def write_rows(path, header, rows):
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([header, *rows])
    return path


def test_gso_unit_list_with_a_bad_code(loaded, gadm_path, tmp_path):
    header = list(GSO_COLUMNS)  # Tỉnh / Thành Phố, Mã TP, Quận Huyện, Mã QH, Phường Xã, Mã PX
    rows = [["Tỉnh Quảng Nam", "49", "Thành phố Tam Kỳ", "502", "Phường Tân Thạnh", "20335"],
            ["Tỉnh Quảng Nam", "49", "Thành phố Tam Kỳ", "502", "Phường Phước Hòa", HOSTILE]]
    unit_list = write_rows(tmp_path / "gso.csv", header, rows)
    assert_boundaries_refused(loaded, gadm_path, "--unit-list", str(unit_list),
                              message="gso.csv, row 3, column 'Mã PX': '20999\"><img")


def test_crosswalk_with_a_bad_code(loaded, gadm_path, tmp_path):
    good = ["20653", "Quế Cường", "Xã", "509", "20665", "Quế Mỹ", "Xã", "Nghị quyết 863/NQ-UBTVQH14", "2020-02-01"]
    bad = [good[0], good[1], good[2], HOSTILE, *good[4:]]
    crosswalk = write_rows(tmp_path / "cw.csv", CROSSWALK_COLUMNS, [bad])
    assert_boundaries_refused(loaded, gadm_path, "--crosswalk", str(crosswalk),
                              message="cw.csv, row 2, column 'old_parent_code': '20999\"><img")


def test_boundary_file_with_a_bad_code(loaded, tmp_path):
    features = gpd.GeoDataFrame({"MA_XA": ["20335", HOSTILE]},
                                geometry=[shapely.box(108.4, 15.5, 108.5, 15.6), shapely.box(108.5, 15.5, 108.6, 15.6)],
                                crs=4326)
    path = tmp_path / "xa.geojson"
    features.to_file(path)
    assert_boundaries_refused(loaded, path, "--columns", "commune_code=MA_XA",
                              message="xa.geojson, row 2, column 'MA_XA': '20999\"><img")


@pytest.mark.parametrize(("code", "province", "column"),
                         [(HOSTILE, "49", "code"), ("49.SNV", HOSTILE, "province_code")])
def test_agency_list_with_a_bad_code(tmp_path, code, province, column):
    path = write_rows(tmp_path / "agencies_x.csv", AGENCY_COLUMNS,
                      [["49.STP", "49", "Sở Tư pháp", "Department of Justice", "department", "x"],
                       [code, province, "Sở Nội vụ", "Department of Home Affairs", "department", "x"]])
    with pytest.raises(InputError, match=f"agencies_x.csv, row 3, column '{column}': '"):
        read_agencies([path])


def test_statistics_row_with_a_bad_code(fresh_database_url, tmp_path):
    path = write_csv(tmp_path / "bad.csv", DOSSIER_HEADER, [dossier_row("20374"), dossier_row(HOSTILE)])
    before = counts(fresh_database_url)
    result = run(fresh_database_url, "etl", "stats", "--province", "49", str(path))
    assert result.exit_code == 1
    assert "bad.csv, row 3, column 'Mã đơn vị' (1): unknown unit: '20999\"><img" in result.output, result.output
    assert "is not a GSO code" in result.output and "nor the code of a listed agency" in result.output
    assert counts(fresh_database_url) == before
