"""JSON and GeoJSON API: units, indicators, values and geometry at a web-map zoom; described in openapi.json."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import shapely
from flask import Blueprint, request

from bandotheche.codes import GSO_CODE_WIDTH
from bandotheche.db.unit_queries import read_units
from layers.levels import AREA_LEVELS, ZOOM_LEVELS

from . import state
from .layers_source import agency_name
from .map_data import AREA_ZOOM, area_of, choose_level, read_area_units, resolve_unit
from .map_query import COUNTRY_CODE, MapQuery
from .responses import render_once
from .topology import build_topology
from .web_errors import BadParameter, UnknownCodeError

api = Blueprint("api", __name__)

OPENAPI_FILE = Path(__file__).parent / "openapi.json"
UNIT_FIELDS = ("code", "name", "full_name", "type", "level", "parent_code", "province_code", "area_km2")
JSON = "application/json"
GEOJSON = "application/geo+json"


def _json(value) -> str:
    """Every API answer is written here: strict JSON, a missing value (None, NaN, NA) is null."""
    return json.dumps(_plain(value), ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def _plain(value):
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    return None if value is pd.NA or value is pd.NaT else value


def _is_gso_code(text: str) -> bool:
    """Exactly a GSO code, as a URL writes it (no spaces trimmed nor zeros put back, unlike files)."""
    return text.isascii() and text.isdigit() and len(text) in GSO_CODE_WIDTH.values()


def _code(code: str) -> str:
    """A unit code as routes take it: VN or a GSO code; anything else is no unit, and never reaches the database."""
    if code != COUNTRY_CODE and not _is_gso_code(code):
        raise UnknownCodeError(code)
    return code


def _arg(name: str) -> str | None:
    """A query parameter; empty is the same as absent (a form's unset field), as in MapQuery."""
    return request.args.get(name) or None


def _zoom() -> int | None:
    raw = _arg("zoom")
    if raw is None:
        return None
    if raw not in [str(zoom) for zoom in ZOOM_LEVELS]:
        raise BadParameter("zoom", raw, {"vi": "chọn một trong " + ", ".join(map(str, ZOOM_LEVELS)),
                                         "en": "choose one of " + ", ".join(map(str, ZOOM_LEVELS))})
    return int(raw)


def _level() -> str | None:
    value = _arg("level")
    if value is not None and value not in AREA_LEVELS:
        raise BadParameter("level", value, {"vi": "chọn province, district hoặc commune",
                                            "en": "choose province, district or commune"})
    return value


def _code_arg(name: str) -> str | None:
    value = _arg(name)
    if value is not None and not _is_gso_code(value):
        raise BadParameter(name, value, {"vi": "mã GSO có 2 (tỉnh), 3 (huyện) hoặc 5 (xã) chữ số",
                                         "en": "a GSO code has 2 (province), 3 (district) or 5 (commune) digits"})
    return value


def _unit_record(row) -> dict:
    """A unit's fields (row: a frame row or resolve_unit's dict; the country has no area)."""
    record = {field: row.get(field) for field in UNIT_FIELDS}
    if pd.notna(record["area_km2"]):
        record["area_km2"] = round(float(record["area_km2"]), 3)
    return record


@api.get("/openapi.json")
def openapi():
    return render_once(state().pages, ("openapi",), lambda: (OPENAPI_FILE.read_bytes(), JSON), max_age=3600)


@api.get("/api/units")
def units():
    level, province, parent = _level(), _code_arg("province"), _code_arg("parent")

    def build():
        frame = read_units(state().engine, level=level, province_code=province, parent_code=parent, with_geometry=False)
        return _json({"units": [_unit_record(row) for _, row in frame.iterrows()]}), JSON

    return render_once(state().pages, ("api-units", level, province, parent), build)


@api.get("/api/units/<code>")
def unit(code: str):
    _code(code)

    def build():
        found = resolve_unit(state().engine, code)
        children = read_units(state().engine, parent_code=code, with_geometry=False) if code != COUNTRY_CODE else \
            read_units(state().engine, level="province", with_geometry=False)
        record = _unit_record(found)
        record["label_point"] = [found["label_lon"], found["label_lat"]] if pd.notna(found.get("label_lon")) else None
        record["children"] = [{"code": c, "name": n} for c, n in zip(children.code, children.full_name)]
        return _json(record), JSON

    return render_once(state().pages, ("api-unit", code), build)


def _area_units(code: str, level_arg: str | None, zoom_arg: int | None):
    """(zoom, units): the units of a level inside the area; a commune, with nothing inside, is its own outline."""
    unit = resolve_unit(state().engine, code)
    if unit["level"] == "commune":
        if level_arg not in (None, "commune"):
            raise BadParameter("level", level_arg, {
                "vi": f"{unit['full_name']} là đơn vị cấp xã: chỉ có đường ranh của chính nó (level=commune)",
                "en": f"{unit['full_name']} is a commune-level unit: only its own outline (level=commune)"})
        zoom = zoom_arg or ZOOM_LEVELS[-1]
        return zoom, read_units(state().engine, codes=[code], zoom=zoom)
    area = area_of(unit)
    level, _ = choose_level(area, level_arg)
    zoom = zoom_arg or AREA_ZOOM[area.kind]
    return zoom, read_area_units(state().engine, area, level, zoom)


def _geometry_args(code: str) -> tuple[str | None, int | None]:
    """Checked before the cache is asked, so that the cache key is the request itself (no database look-up)."""
    _code(code)
    return _level(), _zoom()


@api.get("/api/geojson/<code>")
def geojson(code: str):
    """The units of a level inside a province or district (or the country), or a commune's own outline, simplified
    for a zoom."""
    level_arg, zoom_arg = _geometry_args(code)

    def build():
        _, frame = _area_units(code, level_arg, zoom_arg)
        geometries = shapely.to_geojson(frame.geometry.values)
        features = ",".join(
            '{"type":"Feature","id":%s,"properties":%s,"geometry":%s}' % (
                _json(row.code), _json({"code": row.code, "name": row.name, "full_name": row.full_name,
                                        "type": row.type, "parent_code": row.parent_code}), geometry)
            for row, geometry in zip(frame.itertuples(index=False), geometries))
        return '{"type":"FeatureCollection","features":[%s]}' % features, GEOJSON

    return render_once(state().pages, ("api-geojson", code, level_arg, zoom_arg), build, max_age=3600)


@api.get("/api/topojson/<code>")
def topojson(code: str):
    """The same units as TopoJSON (shared borders once, quantised to half a pixel); object ``units``."""
    level_arg, zoom_arg = _geometry_args(code)

    def build():
        zoom, frame = _area_units(code, level_arg, zoom_arg)
        topology = build_topology({"units": frame}, zoom)
        topology["objects"]["units"]["geometries"] = [
            dict(g, properties={"code": c, "name": n}) for g, c, n in
            zip(topology["objects"]["units"]["geometries"], frame.code, frame.full_name)]
        return _json(topology), JSON

    return render_once(state().pages, ("api-topojson", code, level_arg, zoom_arg), build, max_age=3600)


@api.get("/api/indicators")
def indicators():
    def build():
        out = []
        for theme, theme_title, items in state().source.themes():
            out.append({"theme": theme, "title": theme_title, "indicators": [
                {"id": i.id, "title": i.title, "unit": i.unit_label, "levels": list(i.levels), "direction": i.direction,
                 "decimals": i.decimals,
                 "thresholds": list(i.thresholds) if i.thresholds else None, "min_sample": i.min_sample,
                 "source": i.source} for i in items]})
        return _json({"themes": out}), JSON

    return render_once(state().pages, ("api-indicators",), build)


@api.get("/api/values/<code>")
def values(code: str):
    """Values of one indicator for the units of a level inside an area, with rank and change."""
    from .map_data import load_map_data

    query = MapQuery.from_args(_code(code), request.args, state().settings.default_indicator)

    def build():
        data = load_map_data(state().engine, state().source, query)
        units = data.view.units
        rows = []
        for row in units.itertuples(index=False):
            rows.append({"code": row.code, "name": row.full_name, "value": row.value, "rank": row.rank,
                         "sample_size": row.sample_size, "unreliable": bool(row.unreliable), "change": row.change})
        return _json({"area": data.area.code, "level": data.level, "indicator": data.indicator.id,
                      "period": data.period, "compared_with": data.change_basis, "unit": data.indicator.unit_label,
                      "values": rows}), JSON

    return render_once(state().pages, ("api-values", query.key()), build)


@api.get("/api/agencies/<code>")
def agencies(code: str):
    """A province's departments and agencies (no polygon) with their values and ranks for one indicator."""
    query = MapQuery.from_args(_code(code), request.args, state().settings.default_indicator)

    def build():
        web = state()
        if resolve_unit(web.engine, code)["level"] != "province":
            raise BadParameter("code", code, {"vi": "sở, ban, ngành thuộc tỉnh: cho mã tỉnh (2 chữ số)",
                                              "en": "agencies belong to a province: give a province code (2 digits)"})
        indicator = web.source.get(query.indicator)
        if "agency" not in indicator.levels:
            raise BadParameter("indicator", indicator.id, {"vi": "chỉ tiêu này không có số liệu của sở, ban, ngành",
                                                           "en": "this indicator has no values for agencies"})
        period = web.source.resolve_period(query.period, indicator, code)
        frame = web.source.layer(indicator, period, "agency", province_code=code).table
        frame = frame.sort_values(["rank", "name"], na_position="last")
        rows = [{"code": r.code, "name": agency_name(r.name, r.name_en, query.lang), "name_vi": r.name,
                 "name_en": r.name_en if isinstance(r.name_en, str) else None, "value": r.value, "rank": r.rank,
                 "sample_size": r.sample_size, "unreliable": bool(r.few), "change": r.change}
                for r in frame.itertuples(index=False)]
        return _json({"province": code, "indicator": indicator.id, "period": period, "unit": indicator.unit_label,
                      "demo": bool(frame["demo"].any()), "agencies": rows}), JSON

    return render_once(state().pages, ("api-agencies", query.key()), build)
