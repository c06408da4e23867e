"""Static export of a map view for reports and print: PNG, SVG, PDF (the map) and CSV, XLSX (the table behind it)."""

from __future__ import annotations

from bandotheche.errors import InputError

from .export_figure import render_figure
from .export_table import to_csv, to_xlsx
from .views import MapView

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
                  dpi: int = PRINT_DPI) -> tuple[bytes, str]:
    """(bytes, mimetype) of the view in fmt. A PNG is width_px × height_px (default 16 cm wide at dpi, 4:3)."""
    fmt = fmt.lower()
    if fmt not in MIMETYPES:
        raise InputError(f"Export format {fmt!r} is not offered; choose one of {', '.join(FORMATS)}")
    for name, pixels in (("width_px", width_px), ("height_px", height_px)):
        if pixels is not None and not 100 <= pixels <= MAX_PIXELS:
            raise InputError(f"{name}={pixels} is outside 100…{MAX_PIXELS} pixels")
    if not 50 <= dpi <= 1200:
        raise InputError(f"dpi={dpi} is outside 50…1200")
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
