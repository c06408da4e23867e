"""Local boundary files in any CRS, the GADM download, and bad input: one clear line, database unchanged."""

from __future__ import annotations

import functools
import http.server
import threading
import zipfile

import geopandas as gpd
import pytest
from click.testing import CliRunner

from bandotheche.cli import cli
from bandotheche.db import open_database
from bandotheche.db.unit_queries import read_units
from tests.boundary_helpers import database_state

QUANG_NAM_GADM = "QuảngNam"


@pytest.fixture(scope="module")
def quang_nam_features(gadm_path):
    frame = gpd.read_file(gadm_path)
    return frame[frame.NAME_1 == QUANG_NAM_GADM].reset_index(drop=True)


def run(database_url, *args, env=None):
    result = CliRunner().invoke(cli, ["--database", database_url, *args], env=env)
    return result


@pytest.fixture
def loaded_database(fresh_database_url, gadm_path):
    result = run(fresh_database_url, "etl", "boundaries", "--province", "Quảng Nam", "--source", str(gadm_path), "-q")
    assert result.exit_code == 0, result.output
    return fresh_database_url


def test_vn2000_geopackage_with_column_mapping(fresh_database_url, quang_nam_features, tmp_path):
    path = tmp_path / "ranh_gioi.gpkg"
    official = quang_nam_features.rename(columns={"NAME_1": "TEN_TINH", "NAME_2": "TEN_HUYEN", "NAME_3": "TEN_XA"})
    official[["TEN_TINH", "TEN_HUYEN", "TEN_XA", "geometry"]].to_crs(5899).to_file(path)  # VN-2000 TM-3 107°45'
    result = run(fresh_database_url, "etl", "boundaries", "--province", "49", "--source", str(path), "-q",
                 "--columns", "province=TEN_TINH,district=TEN_HUYEN,commune=TEN_XA")
    assert result.exit_code == 0, result.output
    assert "18 districts, 241 communes" in result.output
    units = read_units(open_database(fresh_database_url), province_code="49", level="district", with_geometry=False)
    assert units.area_km2.sum() == pytest.approx(10_500, rel=0.05)


def test_zipped_shapefile_with_commune_codes_only(fresh_database_url, quang_nam_features, tmp_path, backend):
    if backend != "spatialite":
        pytest.skip("file reading does not depend on the back end")
    codes = read_units_from_names(quang_nam_features)
    shapefile = tmp_path / "xa.shp"
    quang_nam_features.assign(MA_XA=codes)[["MA_XA", "geometry"]].dropna().to_file(shapefile, encoding="utf-8")
    archive = tmp_path / "xa.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for part in tmp_path.glob("xa.*"):
            if part != archive:
                zipped.write(part, part.name)
    result = run(fresh_database_url, "etl", "boundaries", "--province", "Quang Nam", "--source", str(archive),
                 "--columns", "commune_code=MA_XA", "-q")
    assert result.exit_code == 0, result.output
    assert "18 districts" in result.output


def read_units_from_names(features):
    """GSO codes for the GADM features that match by name within their district (others left empty)."""
    from etl.match_units import UnitMatcher, match_features
    from etl.official_units import load_unit_list

    located, _ = match_features(features.rename(columns={"NAME_1": "province", "NAME_2": "district",
                                                          "NAME_3": "commune"})[["province", "district", "commune"]],
                                UnitMatcher(load_unit_list()))
    return located.commune_code


def assert_refused(database_url, province, source, *args, message):
    """The command fails with one line naming the problem, and the database is as it was."""
    before = database_state(open_database(database_url))
    result = run(database_url, "etl", "boundaries", "--province", province, "--source", str(source), "-q", *args)
    assert result.exit_code != 0
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert database_state(open_database(database_url)) == before


@pytest.mark.parametrize(("make_source", "args", "message"), [
    (lambda tmp: tmp / "missing.geojson", [], "not found"),
    (lambda tmp: _write(tmp / "broken.zip", b"PK\x03\x04 not really a zip"), [], "not a readable zip"),
    (lambda tmp: _write(tmp / "broken.geojson", b'{"type": "FeatureCollection", "features": [{'), [],
     "cannot read as a vector file"),
    (None, ["--columns", "province=TINH,commune=XA"], "missing columns ['TINH', 'XA']"),
    (None, ["--columns", "provinc=NAME_1"], "bad column mapping"),
])
def test_bad_input_gives_one_line_and_leaves_database_unchanged(loaded_database, gadm_path, tmp_path,
                                                                 make_source, args, message):
    source = make_source(tmp_path) if make_source else gadm_path
    assert_refused(loaded_database, "Quảng Nam", source, *args, message=message)


def test_unknown_province(loaded_database, gadm_path):
    assert_refused(loaded_database, "Quảng Nhâm", gadm_path, message="unknown province 'Quảng Nhâm'")


def test_file_without_crs(loaded_database, quang_nam_features, tmp_path):
    shapefile = tmp_path / "no_crs.shp"
    quang_nam_features.set_crs(None, allow_override=True).to_file(shapefile)
    assert_refused(loaded_database, "49", shapefile, message="pass --crs")


def test_wrong_crs_is_caught(loaded_database, quang_nam_features, tmp_path):
    path = tmp_path / "wrong.gpkg"
    # Metres of VN-2000 TM-3 declared as VN-2000 degrees: a mistake often seen in provincial files.
    quang_nam_features.to_crs(5899).set_crs(4756, allow_override=True).to_file(path)
    assert_refused(loaded_database, "49", path, message="outside Vietnam")


def test_province_absent_from_the_file(loaded_database, quang_nam_features, tmp_path):
    path = tmp_path / "qn.geojson"
    quang_nam_features.to_file(path)
    assert_refused(loaded_database, "Đà Nẵng", path, message="no feature of Thành phố Đà Nẵng")


def _write(path, data):
    path.write_bytes(data)
    return path


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def gadm_server(gadm_path):
    """Serves the shared GADM file on loopback, as the public URL would."""
    handler = functools.partial(_QuietHandler, directory=str(gadm_path.parent))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/{gadm_path.name}", server
    server.shutdown()


def test_gadm_download_is_cached_and_checked(fresh_database_url, gadm_server, tmp_path, backend):
    if backend != "spatialite":
        pytest.skip("the download does not depend on the back end")
    url, server = gadm_server
    env = {"BANDO_GADM_URL": url, "BANDO_CACHE_DIR": str(tmp_path / "cache"), "BANDO_GADM_DIR": ""}
    first = run(fresh_database_url, "etl", "boundaries", "--province", "49", "-q", env=env)
    assert first.exit_code == 0, first.output
    assert "non-commercial" in first.stderr  # the licence notice
    assert (tmp_path / "cache" / "gadm41_VNM_3.json.zip").exists()
    server.shutdown()  # the second run must not need the network
    second = run(fresh_database_url, "etl", "boundaries", "--province", "49", "-q", env=env)
    assert second.exit_code == 0 and "nothing changed" in second.output


def test_gadm_download_with_wrong_checksum(fresh_database_url, gadm_server, tmp_path, backend):
    if backend != "spatialite":
        pytest.skip("the download does not depend on the back end")
    url, _ = gadm_server
    env = {"BANDO_GADM_URL": url, "BANDO_CACHE_DIR": str(tmp_path / "cache"), "BANDO_GADM_DIR": "",
           "BANDO_GADM_SHA256": "0" * 64}
    result = run(fresh_database_url, "etl", "boundaries", "--province", "49", "-q", env=env)
    assert result.exit_code != 0 and "checksum" in result.stderr
    assert not (tmp_path / "cache" / "gadm41_VNM_3.json.zip").exists()


def test_units_export_csv_and_geojson(loaded_database, tmp_path):
    csv_out, geojson_out = tmp_path / "units.csv", tmp_path / "units.geojson"
    assert run(loaded_database, "units", "export", "--province", "Quảng Nam", "--level", "district",
               "-o", str(csv_out)).exit_code == 0
    lines = csv_out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "code,name,type,level,parent_code,area_km2" and len(lines) == 19
    assert "502,Tam Kỳ,Thành phố,district,49," in lines[1]
    assert run(loaded_database, "units", "export", "--level", "commune", "--format", "geojson",
               "-o", str(geojson_out)).exit_code == 0
    exported = gpd.read_file(geojson_out)
    assert len(exported) == 241 and exported.crs.to_epsg() == 4326
