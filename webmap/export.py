"""Static export of a map view for reports and print: PNG, SVG, PDF (the map) and CSV, XLSX (the table behind it)."""

from __future__ import annotations

from bandotheche.errors import InputError
from layers.numbers import format_number

from .export_figure import figure_pixels, render_figure
from .export_table import to_csv, to_xlsx
from .views import MapView
from .web_errors import BadParameter

MIMETYPES = {
    "png": "image/png",
    "svg": "image/svg+xml",
    "pdf": "application/pdf",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
FORMATS = tuple(MIMETYPES)
PRINT_DPI = 300
MAX_PIXELS = 12_000  # per side: A3 at 600 dpi fits; larger requests would only exhaust memory


def render_export(view: MapView, fmt: str, *, width_px: int | None = None, height_px: int | None = None,
                  dpi: int = PRINT_DPI, max_pixels: int | None = None) -> tuple[bytes, str]:
    """(bytes, mimetype) of the view in fmt. A PNG is width_px × height_px (default 16 cm wide at dpi, 4:3), and
    refused above max_pixels in all (the memory and time it takes grow with them)."""
    fmt = fmt.lower()
    if fmt not in MIMETYPES:
        raise InputError(f"Export format {fmt!r} is not offered; choose one of {', '.join(FORMATS)}")
    for name, pixels in (("width_px", width_px), ("height_px", height_px)):
        if pixels is not None and not 100 <= pixels <= MAX_PIXELS:
            raise InputError(f"{name}={pixels} is outside 100…{MAX_PIXELS} pixels")
    if not 50 <= dpi <= 1200:
        raise InputError(f"dpi={dpi} is outside 50…1200")
    if fmt == "png" and max_pixels is not None:
        _check_pixel_budget(*figure_pixels(width_px, height_px, dpi), max_pixels)
    if fmt == "csv":
        content = to_csv(view)
    elif fmt == "xlsx":
        content = to_xlsx(view)
    else:
        if view.units.empty:
            raise InputError(f"{view.unit_name} ({view.unit_code}) has no {view.level_shown} boundaries to draw; "
                             "load them with `bandotheche etl boundaries`")
        content = render_figure(view, fmt, width_px=width_px, height_px=height_px, dpi=dpi)
    return content, MIMETYPES[fmt]


def _check_pixel_budget(width: int, height: int, max_pixels: int) -> None:
    if width * height > max_pixels:
        pixels = {lang: (format_number(width * height, lang, 0), format_number(max_pixels, lang, 0))
                  for lang in ("vi", "en")}
        raise BadParameter("width×height", f"{width}×{height}", {
            "vi": f"ảnh {pixels['vi'][0]} điểm ảnh, quá mức cho phép {pixels['vi'][1]}; hãy giảm width, height "
                  "hoặc dpi",
            "en": f"{pixels['en'][0]} pixels, more than the {pixels['en'][1]} allowed; lower width, height or dpi"})
