"""Quảng Nam from the shared GADM file: the official 2022 set, on both back ends."""

from __future__ import annotations

import numpy as np
import pytest
import shapely

from bandotheche.db import open_database
from bandotheche.db.unit_queries import read_units
from bandotheche.config import Settings
from etl.boundary_sources import file_source
from etl.crosswalks import read_crosswalk, shipped_crosswalk_paths
from layers.levels import ZOOM_LEVELS
from etl.load_boundaries import load_boundaries
from etl.official_units import load_unit_list


@pytest.fixture(scope="session")
def unit_list():
    return load_unit_list()


@pytest.fixture(scope="session")
def quang_nam(session_database_url, gadm_path, unit_list):
    engine = open_database(session_database_url)
    crosswalks = [read_crosswalk(p, unit_list) for p in shipped_crosswalk_paths()]
    result = load_boundaries(engine, file_source(gadm_path), unit_list, crosswalks, "49", quiet=True)
    return engine, result


def test_official_2022_set_with_nothing_unmatched(quang_nam):
    engine, result = quang_nam
    assert result.counts == {"province": 1, "district": 18, "commune": 241}
    assert result.report.unmatched == [] and result.report.missing == []
    units = read_units(engine, province_code="49", with_geometry=False)
    assert units.level.value_counts().to_dict() == {"commune": 241, "district": 18, "province": 1}


@pytest.mark.parametrize(("code", "full_name", "parent"), [
    ("49", "Tỉnh Quảng Nam", None),
    ("502", "Thành phố Tam Kỳ", "49"),
    ("507", "Thị xã Điện Bàn", "49"),
    ("519", "Huyện Nông Sơn", "49"),
    ("20374", "Xã Tam Đàn", "518"),  # Phú Ninh; differs from Tam Dân only by diacritics
    ("20392", "Xã Tam Dân", "518"),
    ("20375", "Phường Hòa Thuận", "502"),  # GADM writes the old tone placement: HoàThuận
    ("20665", "Xã Quế Mỹ", "509"),  # merged from Phú Thọ and Quế Cường
    ("20779", "Thị trấn Tân Bình", "512"),  # merged from Tân An and Quế Bình
])
def test_sample_of_codes_matches_the_official_list(quang_nam, code, full_name, parent):
    engine, _ = quang_nam
    unit = read_units(engine, codes=[code], with_geometry=False).iloc[0]
    assert (unit.full_name, unit.parent_code if isinstance(unit.parent_code, str) else None) == (full_name, parent)


def test_names_differing_by_diacritics_have_separate_polygons(quang_nam):
    engine, _ = quang_nam
    units = read_units(engine, codes=["20374", "20392"]).set_index("code")
    assert units.geometry["20374"].intersection(units.geometry["20392"]).area < 1e-9
    assert units.geometry["20374"].area > 0 and units.geometry["20392"].area > 0


def test_each_district_is_the_union_of_its_communes(quang_nam):
    engine, _ = quang_nam
    units = read_units(engine, province_code="49")
    districts = units[units.level == "district"].set_index("code").geometry
    communes = units[units.level == "commune"]
    for code, district in districts.items():
        union = shapely.union_all(communes[communes.parent_code == code].geometry.values)
        assert shapely.symmetric_difference(union, district).area <= 1e-9 * district.area, code
    province = units[units.level == "province"].geometry.iloc[0]
    assert shapely.symmetric_difference(shapely.union_all(districts.values), province).area <= 1e-9 * province.area


def test_no_slivers_inside_the_province_or_its_districts(quang_nam):
    engine, _ = quang_nam
    units = read_units(engine, province_code="49")
    parents = units[units.level != "commune"].geometry.values
    holes = shapely.get_num_interior_rings(shapely.get_parts(parents))
    assert holes.sum() == 0


@pytest.mark.parametrize("zoom", ZOOM_LEVELS)
def test_simplified_layers_keep_a_valid_coverage(quang_nam, zoom):
    engine, _ = quang_nam
    communes = read_units(engine, province_code="49", level="commune", zoom=zoom)
    assert len(communes) == 241
    assert shapely.coverage_is_valid(communes.geometry.values)
    assert shapely.is_valid(communes.geometry.values).all()
    districts = read_units(engine, province_code="49", level="district", zoom=zoom)
    assert shapely.coverage_is_valid(districts.geometry.values)


def test_vertices_fall_as_zoom_falls(quang_nam):
    vertices = quang_nam[1].vertices
    counts = [vertices[f"z{z}"] for z in ZOOM_LEVELS]
    assert counts == sorted(counts) and counts[0] < vertices["full"]


def test_areas_and_label_points(quang_nam):
    engine, _ = quang_nam
    units = read_units(engine, province_code="49")
    province = units[units.level == "province"].iloc[0]
    assert 10_000 < province.area_km2 < 11_000  # Quảng Nam: about 10,575 km²
    communes = units[units.level == "commune"]
    assert np.isclose(communes.area_km2.sum(), province.area_km2, rtol=1e-6)
    points = shapely.points(units.label_lon, units.label_lat)
    assert shapely.contains(units.geometry.values, points).all()


def test_reimport_changes_nothing(quang_nam, gadm_path, unit_list):
    engine, first = quang_nam
    crosswalks = [read_crosswalk(p, unit_list) for p in shipped_crosswalk_paths()]
    before = read_units(engine, province_code="49", with_geometry=False)
    again = load_boundaries(engine, file_source(gadm_path), unit_list, crosswalks, "49", quiet=True)
    assert again.unchanged and again.boundary_set_id == first.boundary_set_id
    assert read_units(engine, province_code="49", with_geometry=False).equals(before)
