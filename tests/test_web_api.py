"""The JSON/GeoJSON API and its OpenAPI description, through Flask's test client."""

from __future__ import annotations

import json
import re

import pytest
import shapely

from .test_web_pages import QUANG_NAM, TAM_KY, TAN_THANH


def strict_json(text: bytes):
    """What a browser's JSON.parse accepts: no NaN or Infinity."""
    def refuse(constant):
        raise AssertionError(f"{constant} is not JSON")
    return json.loads(text, parse_constant=refuse)


def get_json(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.data[:300])
    assert response.mimetype in ("application/json", "application/geo+json")
    return strict_json(response.data)


def test_units_are_strict_json_with_null_for_missing_values(client):
    units = {u["code"]: u for u in get_json(client, f"/api/units?province={QUANG_NAM}")["units"]}
    assert units[QUANG_NAM]["parent_code"] is None and units[TAM_KY]["parent_code"] == QUANG_NAM
    country = get_json(client, "/api/units/VN")
    assert country["area_km2"] is None and QUANG_NAM in [c["code"] for c in country["children"]]
    assert get_json(client, "/api/units?parent=4%009", 400)["error"]["status"] == 400
    assert get_json(client, "/api/units/5%00", 404)["error"]["status"] == 404


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


def test_a_commune_gives_its_own_outline(client):
    [feature] = get_json(client, f"/api/geojson/{TAN_THANH}")["features"]
    assert feature["id"] == TAN_THANH and shapely.geometry.shape(feature["geometry"]).is_valid
    [geometry] = get_json(client, f"/api/topojson/{TAN_THANH}?level=commune&zoom=9")["objects"]["units"]["geometries"]
    assert geometry["properties"]["code"] == TAN_THANH
    assert "commune" in get_json(client, f"/api/geojson/{TAN_THANH}?level=district", 400)["error"]["message"]


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
    compare = get_json(client, f"/api/values/{QUANG_NAM}?period=2022&compare=٢٠٢١", 400)["error"]
    assert "kỳ so sánh phải có dạng" in compare["message"]  # ASCII digits only, in Vietnamese


def test_etag_and_gzip_on_the_api(client):
    url = f"/api/geojson/{QUANG_NAM}?level=commune"
    first = client.get(url, headers={"Accept-Encoding": "gzip"})
    assert first.headers["Content-Encoding"] == "gzip" and first.headers["ETag"]
    assert client.get(url, headers={"If-None-Match": first.headers["ETag"]}).status_code == 304


def test_the_spec_refuses_what_the_app_refuses(client):
    """Values the spec once allowed and the app answers 400: the spec's patterns leave them out, and what the app
    refuses for some units only (a district's map shows no districts) is a documented 400."""
    spec = get_json(client, "/openapi.json")
    parameters = spec["components"]["parameters"]
    values = spec["paths"]["/api/values/{code}"]["get"]
    compare = next(p for p in values["parameters"] if p.get("name") == "compare")
    for name, value, pattern in (("compare", "latest", compare["schema"]["pattern"]),
                                 ("period", "9368-Q3", parameters["period"]["schema"]["pattern"])):
        assert not re.search(pattern, value)
        assert get_json(client, f"/api/values/{QUANG_NAM}?{name}={value}", 400)["error"]["status"] == 400
    assert re.search(parameters["period"]["schema"]["pattern"], "2022-Q3")
    assert get_json(client, f"/api/values/{TAM_KY}?level=district", 400)["error"]["status"] == 400
    assert values["responses"]["400"] == {"$ref": "#/components/responses/BadParameter"}


def test_openapi_describes_every_api_route(client, app):
    spec = get_json(client, "/openapi.json")
    assert spec["openapi"].startswith("3.")
    described = {re.sub(r"\{(\w+)\}", r"<\1>", path) for path in spec["paths"]}
    routes = {rule.rule for rule in app.url_map.iter_rules() if rule.rule.startswith("/api/")}
    assert described == routes
    json.dumps(spec)  # serialisable as is
