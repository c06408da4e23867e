"""Several provinces and several boundary sets side by side; a file that holds only part of a province."""

from __future__ import annotations

import geopandas as gpd
import pytest
from click.testing import CliRunner
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bandotheche.cli import cli
from bandotheche.db import open_database
from bandotheche.db.models import AdminUnit, Base
from bandotheche.db.unit_queries import read_unit, read_units
from tests.conftest import _new_database
from tests.stats_helpers import DOSSIER_HEADER, dossier_row, write_csv
from webmap import create_app
from webmap.settings import WebSettings

TAM_KY, LIEN_CHIEU, AN_MY = "502", "490", "20341"  # a district of each province; a ward of Tam Kỳ


@pytest.fixture(scope="module")
def gadm_features(gadm_path) -> gpd.GeoDataFrame:
    """Đà Nẵng and Quảng Nam's ward An Mỹ, as GADM has them."""
    return gpd.read_file(gadm_path, where="NAME_1 = 'ĐàNẵng' OR (NAME_1 = 'QuảngNam' AND NAME_3 = 'AnMỹ')")


def load(database_url, province, source, *args):
    return CliRunner().invoke(cli, ["--database", database_url, "etl", "boundaries", "--province", province,
                                    "--source", str(source), "-q", *args])


def loaded_quang_nam(database_url, gadm_path) -> str:
    result = load(database_url, "Quảng Nam", gadm_path)
    assert result.exit_code == 0, result.output
    return database_url


def an_my_file(gadm_features, path, scale=1.0):
    """A file holding one ward of Quảng Nam (shrunk by ``scale`` to tell its outline from GADM's)."""
    an_my = gadm_features[gadm_features.NAME_3 == "AnMỹ"]
    an_my.set_geometry(an_my.scale(scale, scale)).to_file(path)
    return path


def row_counts(database_url) -> dict[str, int]:
    with Session(open_database(database_url)) as session:
        return {table.name: session.scalar(select(func.count()).select_from(table))
                for table in Base.metadata.sorted_tables}


@pytest.fixture(scope="module", params=["same file", "own file"])
def two_provinces(request, backend, tmp_path_factory, gadm_path, gadm_features) -> str:
    """Quảng Nam from GADM, then Đà Nẵng from the same GADM file or from a file of its own; a month of dossiers
    of a district of each, so that their maps have something to show."""
    url = loaded_quang_nam(_new_database(backend, tmp_path_factory, request), gadm_path)
    source = gadm_path
    if request.param == "own file":
        source = tmp_path_factory.mktemp("da_nang") / "da_nang.geojson"
        gadm_features[gadm_features.NAME_1 == "ĐàNẵng"].to_file(source)
    result = load(url, "Đà Nẵng", source)
    assert result.exit_code == 0 and "7 districts, 56 communes" in result.output, result.output
    dossiers = write_csv(tmp_path_factory.mktemp("stats") / "dossiers.csv", DOSSIER_HEADER,
                         [dossier_row(TAM_KY), dossier_row(LIEN_CHIEU)])
    result = CliRunner().invoke(cli, ["--database", url, "etl", "stats", str(dossiers)])
    assert result.exit_code == 0, result.output
    return url


def test_units_of_both_provinces_are_read(two_provinces):
    engine = open_database(two_provinces)
    assert len(read_units(engine, province_code="49", level="district", with_geometry=False)) == 18
    assert len(read_units(engine, province_code="48", level="district", with_geometry=False)) == 7
    assert list(read_units(engine, level="province", with_geometry=False).code) == ["48", "49"]
    assert len(read_units(engine, level="commune", with_geometry=False)) == 241 + 56
    assert read_unit(engine, TAM_KY)["name"] == "Tam Kỳ"
    assert read_unit(engine, LIEN_CHIEU)["province_code"] == "48"


def test_web_app_serves_both_provinces(two_provinces):
    client = create_app(WebSettings(database_url=two_provinces)).test_client()
    for path in ("/map/49", f"/unit/{TAM_KY}", "/map/48", f"/unit/{LIEN_CHIEU}"):
        assert client.get(path).status_code == 200, path
    units = client.get("/api/units/49")
    assert units.status_code == 200 and TAM_KY in {child["code"] for child in units.json["children"]}


def test_partial_file_is_refused(two_provinces, gadm_features, tmp_path):
    before = row_counts(two_provinces)
    result = load(two_provinces, "Quảng Nam", an_my_file(gadm_features, tmp_path / "an_my.geojson"))
    assert result.exit_code == 1
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "Tỉnh Quảng Nam" in result.stderr and "257 units" in result.stderr and "--partial" in result.stderr
    assert row_counts(two_provinces) == before


def test_partial_file_with_the_option_goes_on_top_of_the_current_set(fresh_database_url, gadm_path, gadm_features,
                                                                     tmp_path):
    url, engine = fresh_database_url, open_database(fresh_database_url)
    # Where the map shows nothing of the province yet, a partial file hides nothing: it loads without the option.
    assert load(url, "Quảng Nam", an_my_file(gadm_features, tmp_path / "an_my.geojson")).exit_code == 0
    assert set(read_units(engine, province_code="49", with_geometry=False).code) == {"49", TAM_KY, AN_MY}
    loaded_quang_nam(url, gadm_path)  # newer and whole: the current set from now on
    before = read_units(engine, province_code="49", zoom=9).set_index("code")
    source = an_my_file(gadm_features, tmp_path / "an_my_shrunk.geojson", scale=0.9)
    result = load(url, "Quảng Nam", source, "--partial")
    assert result.exit_code == 0 and "259 units taken from the current boundary set" in result.output, result.output
    after = read_units(engine, province_code="49", zoom=9).set_index("code")
    assert after.index.equals(before.index)  # 1 province, 18 districts, 241 communes: nothing lost
    assert after.area_km2[AN_MY] == pytest.approx(0.81 * before.area_km2[AN_MY], rel=0.02)  # the file's outline
    rest = before.drop(AN_MY)  # the others, Tam Kỳ and the province included, as they were
    assert after.area_km2.drop(AN_MY).equals(rest.area_km2)
    assert after.geometry.drop(AN_MY).geom_equals(rest.geometry).all()
    with Session(engine) as session:  # a new boundary set; the older ones are kept whole beside it
        assert session.execute(select(AdminUnit.boundary_set_id, func.count()).group_by(
            AdminUnit.boundary_set_id).order_by(AdminUnit.boundary_set_id)).all() == [(1, 3), (2, 260), (3, 260)]
    assert "nothing changed" in load(url, "Quảng Nam", source, "--partial").output
