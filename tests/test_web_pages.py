"""The web map through Flask's test client, on both back ends: pages, permalinks, errors, caching headers."""

from __future__ import annotations

import json
import re

import pytest

from webmap import create_app
from webmap.settings import WebSettings

from .web_helpers import payloads

QUANG_NAM, TAM_KY, TAN_THANH = "49", "502", "20335"


def page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.data[:500])
    return response.get_data(as_text=True)


def test_root_redirects_to_the_default_province(client):
    response = client.get("/")
    assert response.status_code == 302 and response.location.endswith(f"/map/{QUANG_NAM}")


def test_province_map_shows_districts_with_legend_ranking_and_breadcrumb(client):
    html = page(client, f"/map/{QUANG_NAM}")
    [data] = payloads(html)
    assert len(data["units"]) == 18 and len(data["topology"]["objects"]["units"]["geometries"]) == 18
    assert 'class="breadcrumb"' in html and "Tỉnh Quảng Nam" in html
    assert 'class="legend panel"' in html and 'id="ranking"' in html
    assert "Không có dữ liệu" in html and 'lang="vi"' in html
    assert 'class="demo-banner"' in html and "dữ liệu mẫu" in html  # demo figures never pass for official ones
    # every unit's class is one of the legend's, or no data
    assert {u["k"] for u in data["units"]} <= set(range(-1, len(data["colours"])))
    # drill-down goes to the district map with the same indicator and period
    assert data["href"].startswith("/map/__CODE__?")


def test_commune_level_of_the_province_and_district_view(client):
    [data] = payloads(page(client, f"/map/{QUANG_NAM}?level=commune"))
    assert len(data["units"]) > 200 and data["href"].startswith("/unit/__CODE__")
    html = page(client, f"/map/{TAM_KY}")
    [district] = payloads(html)
    assert {u["c"] for u in district["units"]} >= {TAN_THANH}
    crumbs = re.search(r'<nav class="breadcrumb".*?</nav>', html, re.S).group(0)
    assert "Tỉnh Quảng Nam" in crumbs and "Thành phố Tam Kỳ" in crumbs


def test_no_asset_comes_from_outside_the_server(client):
    html = page(client, f"/map/{QUANG_NAM}")
    sources = re.findall(r'(?<![-\w])(?:src|href)="([^"]+)"', html)
    assert sources and not [s for s in sources if s.startswith(("http:", "https:", "//"))]
    for url in [s for s in sources if s.startswith(("/assets/", "/static/"))]:
        assert client.get(url).status_code == 200, url
    assert "cdn" not in html.lower() and "tile.openstreetmap" not in html


def test_every_classification_scheme_counts_every_unit(client, app):
    source = app.extensions["bandotheche"].source
    drawn = 0
    for theme, _, indicators in source.themes():
        for indicator in indicators:
            if "commune" not in indicator.levels or not source.periods(indicator, QUANG_NAM):
                continue  # not published for communes, or nothing loaded
            drawn += 1
            schemes = ["quantiles", "natural", "equal"] + (["official"] if indicator.thresholds else [])
            for scheme in schemes:
                html = page(client, f"/map/{QUANG_NAM}?level=commune&indicator={indicator.id}&scheme={scheme}")
                [data] = payloads(html)
                counts = [int(n) for n in re.findall(r'<span class="count">(\d+)</span>', html)]
                unreliable = sum(1 for u in data["units"] if u.get("u"))
                assert sum(counts) - (unreliable if unreliable else 0) == len(data["units"]), (indicator.id, scheme)
    assert drawn >= 3


def test_official_scheme_without_thresholds_falls_back_with_a_notice(client, app):
    """Switching from a thresholded indicator to one without keeps scheme=official in the form: the map is drawn in
    the indicator's default classes and says so, in the reader's language."""
    source = app.extensions["bandotheche"].source
    without = next(i for _, _, items in source.themes() for i in items if not i.thresholds and "district" in i.levels)
    html = page(client, f"/map/{QUANG_NAM}?indicator={without.id}&scheme=official")
    assert "không có ngưỡng chính thức" in html and 'value="quantiles" selected' in html
    english = page(client, f"/map/{QUANG_NAM}?indicator={without.id}&scheme=official&lang=en")
    assert "has no official thresholds" in english
    plain = page(client, f"/map/{QUANG_NAM}?indicator={without.id}")
    assert 'class="notice"' not in plain


@pytest.mark.parametrize("url, status, text", [
    ("/map/99", 404, "Không có đơn vị hành chính mã 99"),
    ("/map/abc", 404, "Không có đơn vị hành chính mã abc"),
    (f"/map/{QUANG_NAM}?indicator=nope", 404, "Không có chỉ tiêu"),
    (f"/map/{QUANG_NAM}?period=2022-13", 400, "không hợp lệ"),
    (f"/map/{QUANG_NAM}?period=hôm-qua", 400, "không hợp lệ"),
    (f"/map/{QUANG_NAM}?period=٢٠٢٢", 400, "không hợp lệ"),  # Arabic-Indic digits: \d would take them
    (f"/map/{QUANG_NAM}?period=2022%0A", 400, "không hợp lệ"),  # "$" would take a trailing newline
    (f"/map/{QUANG_NAM}?scheme=rainbow", 400, "không hợp lệ"),
    (f"/map/{QUANG_NAM}?level=village", 400, "không hợp lệ"),
    (f"/map/{TAM_KY}?level=district", 400, "không hợp lệ"),
    (f"/map/{QUANG_NAM}?compare=latest", 400, "không hợp lệ"),
    (f"/map/{QUANG_NAM}?lang=fr", 400, "không hợp lệ"),
    (f"/map/{QUANG_NAM}?title=yes", 400, "không hợp lệ"),
    (f"/export/{QUANG_NAM}.doc", 400, "tải về dạng png"),
    ("/embed/99", 404, "Không có đơn vị"),
    ("/unit/99", 404, "Không có đơn vị"),
    ("/export/99.png", 404, "Không có đơn vị"),
    ("/khong-co-trang-nay", 404, "Trang bạn tìm không tồn tại"),
])
def test_errors_are_vietnamese_pages_never_500(client, url, status, text):
    html = page(client, url, status)
    assert text in html and "<html lang=\"vi\">" in html and "Traceback" not in html


def test_a_commune_map_address_opens_its_profile(client):
    response = client.get(f"/map/{TAN_THANH}?indicator=dossier_online_rate")
    assert response.status_code == 302 and f"/unit/{TAN_THANH}?indicator=dossier_online_rate" in response.location


def test_error_pages_follow_the_english_toggle(client):
    assert "There is no administrative unit with code 99" in page(client, "/map/99?lang=en", 404)


def test_periods_parse_every_form(client, app):
    source = app.extensions["bandotheche"].source
    indicator = source.get(app.extensions["bandotheche"].settings.default_indicator)
    periods = source.periods(indicator, QUANG_NAM)
    assert periods
    for period in {periods[0], periods[-1], "latest"}:
        [data] = payloads(page(client, f"/map/{QUANG_NAM}?period={period}"))
        assert len(data["units"]) == 18


def test_permalink_reproduces_the_view(client):
    html = page(client, f"/map/{QUANG_NAM}?level=commune&scheme=equal")
    permalink = re.search(r'id="permalink" type="text" readonly value="([^"]+)"', html).group(1)
    assert "period=" in permalink and "latest" not in permalink and "scheme=equal" in permalink
    assert "level=commune" in permalink
    again = page(client, permalink.replace("http://localhost", "").replace("&amp;", "&"))
    assert payloads(again)[0]["units"] == payloads(html)[0]["units"]
    assert payloads(again)[0]["colours"] == payloads(html)[0]["colours"]


def test_share_dialog_gives_link_iframe_and_exports(client):
    html = page(client, f"/map/{QUANG_NAM}")
    assert 'id="share-dialog"' in html and "Chia sẻ / Nhúng" in html
    assert 'data-src="http://localhost/embed/49?' in html
    for fmt in ("png", "svg", "pdf", "csv", "xlsx"):
        assert f"/export/49.{fmt}?" in html


def test_pages_other_than_embeds_refuse_foreign_frames(client):
    assert client.get(f"/map/{QUANG_NAM}").headers["Content-Security-Policy"] == "frame-ancestors 'self'"


def test_embed_has_no_navigation_and_sends_frame_ancestors(client):
    response = client.get(f"/embed/{QUANG_NAM}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert response.headers["Content-Security-Policy"] == "frame-ancestors 'self' https://example.gov.vn"
    assert 'class="topbar"' not in html and 'class="controls"' not in html and 'class="legend panel"' in html
    bare = page(client, f"/embed/{QUANG_NAM}?title=0&legend=0")
    assert 'class="legend panel"' not in bare and '<h1 class="map-title">' not in bare


def test_change_map_shows_each_value_and_its_change(client):
    """The change map colours and ranks by the change; its table and tooltips still give the value, the ± column the
    change; no classification picker (the classes are the change's); the agencies show their change too."""
    args = "indicator=dossier_ontime_rate&period=2022-Q2"
    html = page(client, f"/map/{QUANG_NAM}?{args}&compare=2022-Q1")
    [change] = payloads(html)
    assert "Bản đồ thay đổi" in html and 'name="scheme"' not in html
    assert (change["unit"], change["change_unit"]) == ("%", "điểm %")  # values in %, changes in points
    api = {r["code"]: r for r in client.get(f"/api/values/{QUANG_NAM}?{args}").get_json()["values"]}
    units = {u["c"]: u for u in change["units"]}
    assert {c: (u.get("x"), u.get("y")) for c, u in units.items()} == \
        {c: (r["value"], r["change"]) for c, r in api.items()}
    best = max(units.values(), key=lambda u: u["y"])
    assert best["r"] == 1 and best["s"] == 1 and min(units.values(), key=lambda u: u["y"])["s"] == -1
    agencies = html[html.index('class="agencies panel"'):]
    assert "±" in agencies[:agencies.index("</thead>")] and ("▲" in agencies or "▼" in agencies)


def test_side_by_side_maps_share_one_legend(client):
    side = page(client, f"/map/{QUANG_NAM}?period=2022-Q4&compare=2022-Q1&mode=side")
    first, second = payloads(side)
    assert first["colours"] == second["colours"]  # one legend for both maps
    assert 'class="maps maps-2"' in side


def test_english_toggle(client):
    html = page(client, f"/map/{QUANG_NAM}?lang=en")
    assert 'lang="en"' in html and "Ranking" in html and "Legend" in html
    [data] = payloads(html)
    assert data["locale"] == "en-US"
    vi = page(client, f"/map/{QUANG_NAM}")
    assert payloads(vi)[0]["locale"] == "vi-VN" and "/map/49?lang=en" in vi


def test_legend_numbers_are_vietnamese(client):
    html = page(client, f"/map/{QUANG_NAM}?level=commune")
    labels = re.findall(r'<span class="range">([^<]+)</span>', html)
    assert any(re.fullmatch(r"[\d.]+,\d – [\d.]+,\d", label) for label in labels), labels


def test_etag_and_compression(client):
    url = f"/map/{QUANG_NAM}?level=commune"
    first = client.get(url, headers={"Accept-Encoding": "gzip"})
    assert first.headers["Content-Encoding"] == "gzip" and first.headers["ETag"]
    assert client.get(url, headers={"If-None-Match": first.headers["ETag"]}).status_code == 304
    brotli = client.get(url, headers={"Accept-Encoding": "br, gzip"})
    assert brotli.headers["Content-Encoding"] == "br" and len(brotli.data) < len(first.data)
    plain = client.get(url)
    assert "Content-Encoding" not in plain.headers and plain.data.startswith(b"<!DOCTYPE html>")


def test_profile_of_a_commune_and_a_district(client):
    html = page(client, f"/unit/{TAN_THANH}")
    assert "Phường Tân Thạnh" in html and "Thành phố Tam Kỳ" in html and 'class="indicator-table"' in html
    assert 'class="demo-banner"' in html  # demo figures are flagged on profiles as on maps
    trend = re.search(r'<img class="spark" src="([^"]+)"', html).group(1).replace("&amp;", "&")
    chart = client.get(trend)
    assert chart.status_code == 200 and chart.mimetype == "image/svg+xml" and b"<polyline" in chart.data
    district = page(client, f"/unit/{TAM_KY}")
    assert "Đơn vị trực thuộc" in district and "Phường Tân Thạnh" in district


def test_indicators_only_where_they_exist(client, app):
    source = app.extensions["bandotheche"].source
    province_only = [i for _, _, items in source.themes() for i in items if i.levels == ("province",)]
    if province_only:
        html = page(client, f"/map/{QUANG_NAM}?indicator={province_only[0].id}", 400)
        assert "chỉ có ở cấp tỉnh" in html
        assert f'value="{province_only[0].id}"' not in page(client, f"/map/{QUANG_NAM}")


def test_country_map_shows_hoang_sa_and_truong_sa(client):
    html = page(client, "/map/VN?level=district")
    [data] = payloads(html)
    names = [group["name"] for group in data["archipelagos"]]
    assert any("Hoàng Sa" in n for n in names) and any("Trường Sa" in n for n in names)


def test_export_route_hands_the_view_to_the_export_module(client):
    response = client.get(f"/export/{QUANG_NAM}.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    assert client.get(f"/export/{QUANG_NAM}.doc").status_code == 400
    png = client.get(f"/export/{QUANG_NAM}.png?level=commune&width=800&height=600&dpi=100")
    assert png.status_code == 200 and png.mimetype == "image/png" and png.data[16:24] == bytes.fromhex("0000032000000258")
    assert "không hợp lệ" in page(client, f"/export/{QUANG_NAM}.png?width=big", 400)
    assert client.get(f"/export/{QUANG_NAM}.png?width=50").status_code == 400


def test_a_configured_basemap_is_the_only_outside_address(demo_url):
    settings = WebSettings(database_url=demo_url, tile_url="https://tiles.example.vn/{z}/{x}/{y}.png",
                           tile_attribution="© Bản đồ nền")
    html = page(create_app(settings).test_client(), f"/map/{QUANG_NAM}")
    outside = set(re.findall(r'https?://[^"\'\s<>]+', html)) - {"http://localhost/embed/49"}
    assert any(u.startswith("https://tiles.example.vn/") for u in outside)
    assert json.dumps("© Bản đồ nền") in html or "© Bản đồ nền" in html
