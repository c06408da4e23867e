"""A printable choropleth drawn with matplotlib: title, map, legend, scale bar, north arrow, source and date.

The map is drawn in a transverse Mercator projection centred on the area (metres, north up at the centre), so the
scale bar is true. Units are drawn as one PathCollection (one compound path per unit, holes oriented clockwise).
"""

from __future__ import annotations

import math
import textwrap
import threading
from io import BytesIO

import geopandas as gpd
import matplotlib
import numpy as np
import pandas as pd
import shapely
from babel.dates import format_date
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure
from matplotlib.patches import Patch, Rectangle
from matplotlib.path import Path
from shapely import Point

from layers.numbers import format_number
from .views import MapView

FONT = "DejaVu Sans"  # covers every Vietnamese letter (checked in tests/test_export.py)
# Text stays text: searchable in SVG, selectable and copyable in PDF (TrueType, not Type 3 outlines).
# SVG viewers without DejaVu fall back to other fonts with Vietnamese glyphs; layout always uses DejaVu Sans.
RC = {"font.family": ["sans-serif"], "font.sans-serif": [FONT, "Arial", "Noto Sans"], "svg.fonttype": "none",
      "pdf.fonttype": 42, "path.simplify": True, "svg.hashsalt": "bandotheche"}
PRINT_WIDTH_IN = 6.3  # 16 cm, the text width of an A4 Word page with 2.5 cm margins
ASPECT = 0.75         # height / width of the whole figure
# matplotlib keeps global state (rcParams, font cache); one export at a time per process.
_RENDER_LOCK = threading.Lock()

TEXT = {
    "vi": {"province": "cấp tỉnh", "district": "cấp huyện", "commune": "cấp xã", "legend": "Chú giải (số đơn vị)",
           "unreliable": "Ít quan sát, chưa đủ tin cậy", "source": "Nguồn", "unit": "Đơn vị tính", "date": "Ngày xuất",
           "north": "B", "date_format": "dd/MM/yyyy", "locale": "vi_VN"},
    "en": {"province": "by province", "district": "by district", "commune": "by commune",
           "legend": "Legend (number of units)", "unreliable": "Few observations, unreliable", "source": "Source", "unit": "Unit", "date": "Exported",
           "north": "N", "date_format": "d MMM yyyy", "locale": "en_US"},
}
# Main islands (lon, lat) of Vietnam's two archipelagos, drawn on maps of the whole country.
ARCHIPELAGOS = (
    {"vi": "Quần đảo Hoàng Sa", "en": "Hoàng Sa Archipelago",
     "islands": ((111.608, 16.533), (112.339, 16.834), (112.733, 16.667), (111.200, 15.783), (111.710, 16.450))},
    {"vi": "Quần đảo Trường Sa", "en": "Trường Sa Archipelago",
     "islands": ((111.918, 8.644), (114.331, 11.429), (114.328, 9.883), (114.367, 10.183), (112.917, 7.867),
                 (114.365, 10.377), (114.285, 11.055))},
)
EDGE_COLOUR = "#5a5a5a"
MARGIN = 0.02
TITLE_SIZE, SUBTITLE_SIZE, FOOTER_SIZE = 12, 9, 7  # points, at the print width
NO_DATA_HATCH = "////"
UNRELIABLE_HATCH = "...."


def figure_pixels(width_px: int | None, height_px: int | None, dpi: int) -> tuple[int, int]:
    """Width and height of the figure in pixels: as given, by default 16 cm wide at dpi and 4:3."""
    width_px = width_px or round(PRINT_WIDTH_IN * dpi)
    return width_px, height_px or round(width_px * ASPECT)


def render_figure(view: MapView, fmt: str, *, width_px: int | None = None, height_px: int | None = None,
                  dpi: int = 300) -> bytes:
    """The map as PNG, SVG or PDF bytes. PNG size is exactly figure_pixels(width_px, height_px, dpi)."""
    width_px, height_px = figure_pixels(width_px, height_px, dpi)
    with _RENDER_LOCK, matplotlib.rc_context(RC):
        figure = Figure(figsize=(width_px / dpi, height_px / dpi), dpi=dpi)
        FigureCanvasAgg(figure)
        _draw(figure, view)
        buffer = BytesIO()
        metadata = {"svg": {"Title": _title(view)}, "pdf": {"Title": _title(view), "Creator": "bandotheche"},
                    "png": {"Title": _title(view)}}[fmt]
        figure.savefig(buffer, format=fmt, dpi=dpi, metadata=metadata)
    return buffer.getvalue()


def _title(view: MapView) -> str:
    return f"{view.indicator_title}: {view.unit_name}"


def _draw(figure: Figure, view: MapView) -> None:
    words = TEXT[view.language]
    width_in, height_in = figure.get_size_inches()
    scale = width_in / PRINT_WIDTH_IN  # type sizes follow the figure so a small PNG looks like a scaled print
    line = 1.3 * scale / (height_in * 72)  # height of one line of 1 pt type, as a fraction of the figure

    title = _wrap(view.indicator_title, TITLE_SIZE, bold=True)
    figure.text(MARGIN, 1 - MARGIN, "\n".join(title), fontsize=TITLE_SIZE * scale, fontweight="bold", va="top")
    subtitle_top = 1 - MARGIN - len(title) * TITLE_SIZE * line - 0.01
    subtitle = f"{view.unit_name} · {words[view.level_shown]} · {view.period_label}"
    figure.text(MARGIN, subtitle_top, subtitle, fontsize=SUBTITLE_SIZE * scale, va="top", color="#333333")

    generated = format_date(view.generated, format=words["date_format"], locale=words["locale"])
    footer = f"{words['date']}: {generated}"
    if view.source:
        footer = f"{words['source']}: {view.source} · {footer}"
    footer_lines = _wrap(footer, FOOTER_SIZE)
    figure.text(MARGIN, MARGIN, "\n".join(footer_lines), fontsize=FOOTER_SIZE * scale, color="#444444",
                va="bottom")

    top = subtitle_top - SUBTITLE_SIZE * line - 0.03
    bottom = MARGIN + len(footer_lines) * FOOTER_SIZE * line + 0.03
    map_axes = figure.add_axes((MARGIN, bottom, 0.64, top - bottom))
    legend_axes = figure.add_axes((0.68, bottom, 0.30, top - bottom))
    legend_axes.set_axis_off()

    country = view.level_shown == "province"
    shown = [a for a in ARCHIPELAGOS if country]
    islands = gpd.GeoDataFrame({"name": [a[view.language] for a in shown for _ in a["islands"]]},
                               geometry=[Point(xy) for a in shown for xy in a["islands"]], crs=4326)
    crs = _local_crs(pd.concat([view.units.geometry, islands.geometry]))
    projected = view.units.to_crs(crs)
    index = view.units["class"].to_numpy(dtype=int)
    colours = np.array([*view.classes.colours, view.classes.no_data_colour])[index]  # -1 → no-data colour
    unreliable = view.units["unreliable"].fillna(False).to_numpy(dtype=bool) & (index >= 0)
    _draw_units(map_axes, projected.geometry.to_numpy(), colours, index < 0, unreliable, scale)
    if country:  # a map of Vietnam shows its archipelagos, which boundary files such as GADM omit
        _draw_archipelagos(map_axes, islands.to_crs(crs), scale)
    _frame_map(map_axes, gpd.GeoSeries(pd.concat([projected.geometry, islands.to_crs(crs).geometry])).total_bounds)
    if view.level_shown == "district":  # a few dozen names fit; hundreds of communes would not
        _draw_names(map_axes, projected, scale)
    _draw_scale_bar(map_axes, view.language, scale)
    _draw_north_arrow(map_axes, words["north"], scale)
    _draw_legend(legend_axes, view, index, bool(unreliable.any()), scale)


def _wrap(text: str, size: float, *, bold: bool = False) -> list[str]:
    """Lines that fit the figure's width (sizes scale with the width, so the count of characters is fixed)."""
    average_width = 0.66 if bold else 0.56  # DejaVu Sans, in em, for lower-case Vietnamese text
    characters = int((1 - 2 * MARGIN) * PRINT_WIDTH_IN * 72 / (size * average_width))
    return textwrap.wrap(text, characters, break_long_words=False) or [""]


def _local_crs(geometries: gpd.GeoSeries) -> str:
    """Transverse Mercator on the area's central meridian: metres, true scale along the centre line."""
    west, south, east, north = geometries.total_bounds
    return f"+proj=tmerc +lat_0=0 +lon_0={(west + east) / 2:.4f} +k=1 +x_0=0 +y_0=0 +datum=WGS84 +units=m +no_defs"


def _draw_units(axes, geometries, colours, no_data, unreliable, scale) -> None:
    paths = [_compound_path(g) for g in shapely.orient_polygons(geometries)]
    linewidth = 0.3 * scale
    axes.add_collection(PathCollection(paths, facecolors=colours, edgecolors=EDGE_COLOUR, linewidths=linewidth))
    for mask, hatch in ((no_data, NO_DATA_HATCH), (unreliable, UNRELIABLE_HATCH)):
        if mask.any():
            axes.add_collection(PathCollection([p for p, m in zip(paths, mask) if m], facecolors="none",
                                               edgecolors=EDGE_COLOUR, linewidths=linewidth, hatch=hatch))


def _compound_path(geometry) -> Path:
    """All rings of a (multi)polygon as one path: exteriors counter-clockwise, holes clockwise."""
    rings = [ring for polygon in shapely.get_parts(geometry)
             for ring in (polygon.exterior, *polygon.interiors)]
    vertices = np.concatenate([np.asarray(ring.coords)[:, :2] for ring in rings])
    codes = np.full(len(vertices), Path.LINETO, dtype=Path.code_type)
    start = 0
    for ring in rings:
        n = len(ring.coords)
        codes[start], codes[start + n - 1] = Path.MOVETO, Path.CLOSEPOLY
        start += n
    return Path(vertices, codes)


def _draw_archipelagos(axes, islands, scale) -> None:
    axes.scatter(islands.geometry.x, islands.geometry.y, s=1.5 * scale ** 2, color=EDGE_COLOUR, linewidths=0)
    for name, group in islands.groupby("name", sort=False):
        west, south, east, north = group.total_bounds
        axes.annotate(name, ((west + east) / 2, south), xytext=(0, -3 * scale), textcoords="offset points",
                      ha="center", va="top", fontsize=5.5 * scale, fontstyle="italic", color="#222222")


def _draw_names(axes, projected, scale) -> None:
    for point, name in zip(projected.representative_point(), projected["name"]):
        axes.text(point.x, point.y, name, ha="center", va="center", fontsize=5 * scale, color="#222222",
                  bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "alpha": 0.6, "linewidth": 0})


def _frame_map(axes, bounds) -> None:
    west, south, east, north = bounds
    pad = 0.03 * max(east - west, north - south)
    axes.set_xlim(west - pad, east + pad)
    axes.set_ylim(south - pad, north + pad)
    axes.set_aspect("equal", adjustable="box", anchor="C")
    axes.set_axis_off()


def nice_length(max_metres: float) -> float:
    """The longest 1, 2 or 5 × 10^n metres not above max_metres."""
    power = 10 ** math.floor(math.log10(max_metres))
    return max(step * power for step in (1, 2, 5) if step * power <= max_metres)


def _draw_scale_bar(axes, language: str, scale: float) -> None:
    """A two-segment black and white bar about a quarter of the map's width, at its lower left."""
    axes.apply_aspect()
    (x0, x1), (y0, y1) = axes.get_xlim(), axes.get_ylim()
    length = nice_length((x1 - x0) * 0.25)
    height = (y1 - y0) * 0.012
    left, bottom = x0 + (x1 - x0) * 0.04, y0 + (y1 - y0) * 0.04
    for i, colour in enumerate(("black", "white")):
        axes.add_patch(Rectangle((left + i * length / 2, bottom), length / 2, height, facecolor=colour,
                                 edgecolor="black", linewidth=0.5 * scale))
    kilometres = length >= 1000
    value, unit = (length / 1000, "km") if kilometres else (length, "m")
    text = f"{format_number(value, language, decimals=0 if value == int(value) else 1)} {unit}"
    for x, label in ((left, "0"), (left + length, text)):
        axes.text(x, bottom + height * 1.8, label, ha="center", va="bottom", fontsize=6.5 * scale)


def _draw_north_arrow(axes, letter: str, scale: float) -> None:
    axes.annotate("", xy=(0.95, 0.97), xytext=(0.95, 0.86), xycoords="axes fraction",
                  arrowprops={"facecolor": "black", "width": 2.5 * scale, "headwidth": 8 * scale,
                              "headlength": 8 * scale, "linewidth": 0})
    axes.text(0.95, 0.845, letter, transform=axes.transAxes, ha="center", va="top", fontsize=9 * scale,
              fontweight="bold")


def _draw_legend(axes, view: MapView, index: np.ndarray, any_unreliable: bool, scale: float) -> None:
    words = TEXT[view.language]
    counts = np.bincount(index[index >= 0], minlength=len(view.classes.labels))
    handles = [Patch(facecolor=c, edgecolor=EDGE_COLOUR, linewidth=0.4 * scale, label=f"{label} ({n})")
               for c, label, n in zip(view.classes.colours, view.classes.labels, counts)]
    handles.append(Patch(facecolor=view.classes.no_data_colour, edgecolor=EDGE_COLOUR, hatch=NO_DATA_HATCH,
                         linewidth=0.4 * scale, label=f"{view.no_data_label} ({int((index < 0).sum())})"))
    if any_unreliable:
        handles.append(Patch(facecolor="white", edgecolor=EDGE_COLOUR, hatch=UNRELIABLE_HATCH,
                             linewidth=0.4 * scale, label=words["unreliable"]))
    title = words["legend"] + (f"\n{words['unit']}: {view.unit_label}" if view.unit_label else "")
    legend = axes.legend(handles=handles, title=title, loc="upper left", frameon=False, fontsize=7 * scale,
                         title_fontsize=7.5 * scale, alignment="left", handlelength=1.6, handleheight=1.1,
                         borderaxespad=0)
    legend.get_title().set_fontweight("bold")
