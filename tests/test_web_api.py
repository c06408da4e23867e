"""The JSON/GeoJSON API and its OpenAPI description, through Flask's test client."""

from __future__ import annotations

import json
import re

import pytest
import shapely

from .test_web_pages import QUANG_NAM, TAM_KY, TAN_THANH


def get_json(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.data[:300])
    assert response.mimetype in ("application/json", "application/geo+json")
    return response.get_json(force=True)


def test_units_and_one_unit(client):
    districts = get_json(client, f"/api/units?level=district&province={QUANG_NAM}")["units"]
    assert len(districts) == 18 and {"code", "name", "full_name", "type", "area_km2"} <= set(districts[0])
    tam_ky = get_json(client, f"/api/units/{TAM_KY}")
    assert tam_ky["full_name"] == "Thành phố Tam Kỳ" and TAN_THANH in [c["code"] for c in tam_ky["children"]]
    assert "Không có đơn vị" in get_json(client, "/api/units/99", 404)["error"]["message"]
    assert get_json(client, "/api/units?level=hamlet", 400)["error"]["status"] == 400


@pytest.mark.parametrize("level, count", [("district", 18), ("commune", None)])
def test_geojson_at_each_zoom(client, level, count):
    sizes = []
    for zoom in (5, 7, 9, 11):
        collection = get_json(client, f"/api/geojson/{QUANG_NAM}?level={level}&zoom={zoom}")
        assert collection["type"] == "FeatureCollection"
        assert count is None or len(collection["features"]) == count
        geometries = [shapely.geometry.shape(f["geometry"]) for f in collection["features"]]
        assert all(g.is_valid and not g.is_empty for g in geometries)
        sizes.append(sum(shapely.get_num_coordinates(g) for g in geometries))
    assert sizes == sorted(sizes)  # coarser zooms carry fewer vertices
    assert get_json(client, f"/api/geojson/{QUANG_NAM}?zoom=4", 400)["error"]["status"] == 400


def test_topojson_matches_the_units(client):
    topology = get_json(client, f"/api/topojson/{TAM_KY}")
    codes = [g["properties"]["code"] for g in topology["objects"]["units"]["geometries"]]
    assert TAN_THANH in codes and topology["transform"]["scale"][0] > 0


def test_indicators_and_values(client):
    themes = get_json(client, "/api/indicators")["themes"]
    ids = [i["id"] for t in themes for i in t["indicators"]]
    assert "dossier_ontime_rate" in ids
    values = get_json(client, f"/api/values/{QUANG_NAM}?indicator=dossier_ontime_rate")
    assert len(values["values"]) == 18 and re.fullmatch(r"\d{4}(-Q[1-4]|-\d\d)?", values["period"])
    ranks = sorted(v["rank"] for v in values["values"] if v["rank"] is not None)
    assert ranks and ranks[0] == 1
    assert get_json(client, f"/api/values/{QUANG_NAM}?indicator=nope", 404)["error"]["status"] == 404
    assert get_json(client, f"/api/values/{QUANG_NAM}?period=Q5", 400)["error"]["status"] == 400


def test_etag_and_gzip_on_the_api(client):
    url = f"/api/geojson/{QUANG_NAM}?level=commune"
    first = client.get(url, headers={"Accept-Encoding": "gzip"})
    assert first.headers["Content-Encoding"] == "gzip" and first.headers["ETag"]
    assert client.get(url, headers={"If-None-Match": first.headers["ETag"]}).status_code == 304


def test_openapi_describes_every_api_route(client, app):
    spec = get_json(client, "/openapi.json")
    assert spec["openapi"].startswith("3.")
    described = {re.sub(r"\{(\w+)\}", r"<\1>", path) for path in spec["paths"]}
    routes = {rule.rule for rule in app.url_map.iter_rules() if rule.rule.startswith("/api/")}
    assert described == routes
    json.dumps(spec)  # serialisable as is
