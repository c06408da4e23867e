"""The unit registry as CSV or GeoJSON, for GIS staff and spreadsheets."""

from __future__ import annotations

import io

from sqlalchemy import Engine

from bandotheche.db.unit_queries import read_units
from bandotheche.errors import InputError
from bandotheche.spreadsheet import CSV_LINE_END, safe_frame

EXPORT_COLUMNS = ["code", "name", "type", "level", "parent_code", "area_km2"]


def export_units(engine: Engine, fmt: str, *, province_code: str | None = None, level: str | None = None) -> bytes:
    units = read_units(engine, province_code=province_code, level=level, with_geometry=fmt == "geojson")
    if units.empty:
        raise InputError("no units loaded for this selection; load boundaries first with `bandotheche etl boundaries`")
    units["area_km2"] = units.area_km2.round(3)
    if fmt == "csv":
        buffer = io.StringIO()
        safe_frame(units[EXPORT_COLUMNS]).to_csv(buffer, index=False, lineterminator=CSV_LINE_END)
        return buffer.getvalue().encode("utf-8")
    return units[EXPORT_COLUMNS + ["geometry"]].to_json(ensure_ascii=False, drop_id=True).encode("utf-8")
