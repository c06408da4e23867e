"""Static export of a map view: PNG/SVG/PDF keep their text and legend; the table behind the map as CSV/XLSX.

Geometry: Quảng Nam's communes from the shared GADM file; values are synthetic and made here.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import warnings
from datetime import date

import geopandas as gpd
import numpy as np
import pytest
from matplotlib import font_manager
from matplotlib.ft2font import FT2Font
from openpyxl import load_workbook
from PIL import Image
from pypdf import PdfReader

from bandotheche.errors import InputError
from layers.classes import classify
from webmap.export import MIMETYPES, render_export
from webmap.export_figure import FONT, nice_length
from webmap.views import MapView

TITLE = "Tỷ lệ hồ sơ giải quyết đúng hạn"
SOURCE = "Cổng Dịch vụ công quốc gia; Sở Nội vụ tỉnh Quảng Nam"
# Every letter of Vietnamese: the vowels with each tone in both cases, plus đ/Đ.
VOWELS = "aăâeêioôơuưy"
TONES = ("", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323")
VIETNAMESE_LETTERS = "".join(
    unicodedata.normalize("NFC", v + t) for v in VOWELS + VOWELS.upper() for t in TONES) + "đĐ"


@pytest.fixture(scope="module")
def quang_nam_communes(gadm_path) -> gpd.GeoDataFrame:
    communes = gpd.read_file(gadm_path, where="NAME_1 = 'QuảngNam'")
    assert len(communes) == 244
    return communes


def make_view(communes: gpd.GeoDataFrame, *, language: str = "vi", title: str = TITLE, seed: int = 7) -> MapView:
    rng = np.random.default_rng(seed)
    values = rng.uniform(40, 100, len(communes)).round(1)
    values[:9] = np.nan
    units = gpd.GeoDataFrame({
        "code": [f"{20300 + i:05d}" for i in range(len(communes))],
        "name": [unicodedata.normalize("NFC", n) for n in communes["NAME_3"]],
        "value": values,
        "sample_size": rng.integers(0, 400, len(communes)),
    }, geometry=communes.geometry.to_numpy(), crs=communes.crs)
    units["rank"] = units["value"].rank(ascending=False, method="min")
    units["unreliable"] = units["sample_size"] < 20
    classes = classify(values, language=language)
    units["class"] = classes.class_index(values)
    return MapView(unit_code="49", unit_name="Quảng Nam", level_shown="commune", indicator_id="on_time_rate",
                   indicator_title=title, unit_label="%", period_label="Quý 3/2024", units=units,
                   classes=classes, language=language, source=SOURCE,
                   generated=date(2026, 11, 25))


@pytest.fixture(scope="module")
def view(quang_nam_communes) -> MapView:
    return make_view(quang_nam_communes)


def expected_texts(view: MapView) -> list[str]:
    counts, missing = view.classes.counts(view.units["value"])
    return [view.indicator_title, "Quảng Nam · cấp xã · Quý 3/2024", "Chú giải (số đơn vị)", "Đơn vị tính: %",
            *(f"{label} ({n})" for label, n in zip(view.classes.labels, counts)),
            f"Không có dữ liệu ({missing})", "Ít quan sát, chưa đủ tin cậy",
            f"Nguồn: {SOURCE} · Ngày xuất: 25/11/2026", "20 km", "B"]


def test_svg_keeps_title_legend_and_footer_as_text(view):
    content, mimetype = render_export(view, "svg")
    assert mimetype == "image/svg+xml"
    svg = content.decode("utf-8")
    texts = svg.split("<text")[1:]
    assert texts, "text was converted to outlines"
    for text in expected_texts(view):
        assert any(f">{text}" in t for t in texts), text
    # vi-VN numbers in the legend: decimal comma, no decimal point
    assert all("," in label and "." not in label for label in view.classes.labels)


def test_pdf_keeps_text_with_embedded_truetype_font(view):
    content, mimetype = render_export(view, "pdf")
    assert mimetype == "application/pdf"
    page = PdfReader(io.BytesIO(content)).pages[0]
    text = page.extract_text()
    for expected in expected_texts(view):
        assert expected in text, expected
    fonts = [f.get_object() for f in page["/Resources"]["/Font"].values()]
    assert fonts and all(f["/Subtype"] == "/Type0" and "DejaVuSans" in f["/BaseFont"] for f in fonts)


def test_png_has_requested_size_and_shows_every_class(view):
    content, mimetype = render_export(view, "png", width_px=1200, height_px=900, dpi=150)
    assert mimetype == "image/png"
    image = Image.open(io.BytesIO(content)).convert("RGB")
    assert image.size == (1200, 900)
    pixels = np.asarray(image).reshape(-1, 3)
    white = (pixels == 255).all(axis=1).mean()
    assert 0.2 < white < 0.9, f"{white:.0%} of the image is white"
    colours = {tuple(int(c[i:i + 2], 16) for i in (1, 3, 5)) for c in (*view.classes.colours, "#d9d9d9")}
    present = {tuple(p) for p in np.unique(pixels, axis=0)}
    assert colours <= present, colours - present


def test_png_default_is_print_resolution(view):
    content, _ = render_export(view, "png")
    image = Image.open(io.BytesIO(content))
    assert image.size == (1890, 1418)  # 16 cm wide at 300 dpi, 4:3
    assert round(image.info["dpi"][0]) == 300


def test_png_width_alone_keeps_aspect(view):
    content, _ = render_export(view, "png", width_px=800, dpi=100)
    assert Image.open(io.BytesIO(content)).size == (800, 600)


def test_font_has_every_vietnamese_glyph():
    path = font_manager.findfont(FONT, fallback_to_default=False)
    charmap = FT2Font(path).get_charmap()
    missing = [c for c in VIETNAMESE_LETTERS if ord(c) not in charmap]
    assert len(VIETNAMESE_LETTERS) == 12 * 2 * 6 + 2
    assert not missing, missing


def test_vietnamese_title_renders_without_missing_glyphs(quang_nam_communes):
    """matplotlib warns 'Glyph … missing from font' when it would draw tofu: make that an error."""
    view = make_view(quang_nam_communes, title=VIETNAMESE_LETTERS[:60] + " " + VIETNAMESE_LETTERS[60:])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        render_export(view, "png", width_px=600, dpi=100)
        svg = render_export(view, "svg")[0].decode("utf-8")
    assert VIETNAMESE_LETTERS[:60] in svg


def svg_text_positions(svg: str) -> dict[str, float]:
    """Each text element's content and its baseline y (from y="…" or transform="translate(x y)")."""
    positions = {}
    for attributes, content in re.findall(r"<text([^>]*)>([^<]*)", svg):
        y = re.search(r' y="([-\d.]+)"', attributes) or re.search(r"translate\([-\d.]+ ([-\d.]+)\)", attributes)
        positions[content.strip()] = float(y.group(1))
    return positions


def test_long_title_wraps_above_the_subtitle(quang_nam_communes):
    title = ("Tỷ lệ hồ sơ thủ tục hành chính được giải quyết đúng hạn và trước hạn trên tổng số hồ sơ "
             "đã giải quyết của các xã, phường, thị trấn")
    svg = render_export(make_view(quang_nam_communes, title=title), "svg")[0].decode("utf-8")
    positions = svg_text_positions(svg)
    title_lines = [text for text in positions if len(text) > 10 and text in title]
    assert len(title_lines) >= 2 and " ".join(title_lines) == title
    subtitle_y = positions["Quảng Nam · cấp xã · Quý 3/2024"]
    assert all(positions[line] < subtitle_y for line in title_lines)
    legend_y = positions["Chú giải (số đơn vị)"]
    assert subtitle_y < legend_y


def test_english_labels_and_number_format(quang_nam_communes):
    view = make_view(quang_nam_communes, language="en")
    svg = render_export(view, "svg")[0].decode("utf-8")
    assert ">Legend (number of units)" in svg and ">No data (9)" in svg and ">N<" in svg.replace("\n", "")
    assert "Exported: 25 Nov 2026" in svg
    assert all("." in label and "," not in label for label in view.classes.labels)


def test_csv_lists_every_unit_best_first(view):
    content, mimetype = render_export(view, "csv")
    assert mimetype.startswith("text/csv")
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[0] == ["Mã đơn vị", "Tên đơn vị", "Giá trị (%)", "Xếp hạng", "Số quan sát", "Chưa đủ tin cậy",
                       "Nhóm"]
    body = rows[1:]
    assert len(body) == len(view.units)
    assert [r[0] for r in body[:1]] == list(view.units.loc[view.units["rank"] == 1, "code"])
    values = [float(r[2]) for r in body if r[2]]
    assert values == sorted(values, reverse=True) and len(values) == len(view.units) - 9
    assert all(r[6] == "Không có dữ liệu" and r[2] == "" for r in body[-9:])
    unreliable = view.units.set_index("code")["unreliable"]
    assert all((r[5] == "có") == unreliable[r[0]] for r in body)


def test_xlsx_has_typed_numbers_and_metadata(view):
    content, mimetype = render_export(view, "xlsx")
    assert mimetype == MIMETYPES["xlsx"]
    book = load_workbook(io.BytesIO(content))
    data, about = book["Số liệu"], book["Thông tin"]
    assert data.max_row == len(view.units) + 1
    best = next(data.iter_rows(min_row=2, max_row=2, values_only=True))
    assert isinstance(best[2], float) and best[3] == 1
    assert data["C2"].number_format == "#,##0.0"
    info = {row[0]: row[1] for row in about.iter_rows(values_only=True)}
    assert info["Chỉ tiêu"] == TITLE and info["Nguồn"] == SOURCE and info["Địa bàn"] == "Quảng Nam (49)"


@pytest.mark.parametrize("kwargs, message", [
    ({"fmt": "gif"}, "choose one of png, svg, pdf, csv, xlsx"),
    ({"fmt": "png", "width_px": 50_000}, "width_px=50000"),
    ({"fmt": "png", "dpi": 5}, "dpi=5"),
])
def test_bad_requests_name_the_problem(view, kwargs, message):
    fmt = kwargs.pop("fmt")
    with pytest.raises(InputError, match=message):
        render_export(view, fmt, **kwargs)


@pytest.mark.parametrize("limit, expected", [(23_456, 20_000), (1000, 1000), (999, 500), (7.5, 5), (150_000, 100_000)])
def test_nice_scale_bar_length(limit, expected):
    assert nice_length(limit) == expected


def test_district_map_of_dissolved_communes(quang_nam_communes):
    districts = quang_nam_communes.dissolve("NAME_2").reset_index()
    values = np.linspace(50, 95, len(districts))
    units = gpd.GeoDataFrame({"code": [f"{502 + i:03d}" for i in range(len(districts))], "name": districts["NAME_2"],
                              "value": values, "rank": np.arange(len(districts), 0, -1), "sample_size": 100,
                              "unreliable": False}, geometry=districts.geometry.to_numpy(), crs=districts.crs)
    classes = classify(values, k=4)
    units["class"] = classes.class_index(values)
    view = MapView(unit_code="49", unit_name="Quảng Nam", level_shown="district", indicator_id="par_index",
                   indicator_title="Chỉ số cải cách hành chính (PAR INDEX)", unit_label="điểm", period_label="2023",
                   units=units, classes=classes, language="vi")
    svg = render_export(view, "svg")[0].decode("utf-8")
    assert ">Quảng Nam · cấp huyện · 2023" in svg and ">Không có dữ liệu (0)" in svg
    assert "Ít quan sát" not in svg  # no unreliable unit, no legend entry for them
    assert len(districts) == 18


def test_country_map_shows_the_archipelagos(gadm_path):
    provinces = gpd.read_file(gadm_path, where="NAME_1 IN ('QuảngNam', 'ĐàNẵng', 'QuảngNgãi', 'KhánhHòa')")
    provinces = provinces.dissolve("NAME_1").reset_index()
    assert len(provinces) == 4
    values = np.array([61.5, 72.25, np.nan, 80.0])
    units = gpd.GeoDataFrame({"code": ["49", "48", "51", "56"], "name": provinces["NAME_1"], "value": values,
                              "rank": [3, 2, np.nan, 1], "sample_size": 1000, "unreliable": False},
                             geometry=provinces.geometry.to_numpy(), crs=4326)
    classes = classify(values, k=3)
    units["class"] = classes.class_index(values)
    view = MapView(unit_code="VN", unit_name="Việt Nam", level_shown="province", indicator_id="par_index",
                   indicator_title="Chỉ số PAR INDEX", unit_label="điểm", period_label="2023", units=units,
                   classes=classes, language="vi")
    svg = render_export(view, "svg")[0].decode("utf-8")
    assert ">Quần đảo Hoàng Sa" in svg and ">Quần đảo Trường Sa" in svg
    assert ">Việt Nam · cấp tỉnh · 2023" in svg
    png = Image.open(io.BytesIO(render_export(view, "png", width_px=900, dpi=120)[0]))
    assert png.size == (900, 675)


def test_province_map_has_no_archipelago_labels(view):
    assert "Quần đảo" not in render_export(view, "svg")[0].decode("utf-8")


def test_a_map_without_units_is_refused_but_its_table_is_not(view):
    empty = MapView(unit_code="49", unit_name="Quảng Nam", level_shown="commune", indicator_id="x",
                    indicator_title=TITLE, unit_label="%", period_label="2023", units=view.units.iloc[:0],
                    classes=view.classes)
    with pytest.raises(InputError, match="Quảng Nam \\(49\\) has no commune boundaries"):
        render_export(empty, "pdf")
    assert render_export(empty, "csv")[0].decode("utf-8-sig").count("\r\n") == 1  # the header only


def test_units_without_any_value_draw_as_no_data(view):
    units = view.units.assign(value=np.nan, rank=np.nan, **{"class": -1})
    blank = MapView(unit_code="49", unit_name="Quảng Nam", level_shown="commune", indicator_id="x",
                    indicator_title=TITLE, unit_label="%", period_label="2023", units=units,
                    classes=classify(units["value"]))
    svg = render_export(blank, "svg")[0].decode("utf-8")
    assert f">Không có dữ liệu ({len(units)})" in svg
