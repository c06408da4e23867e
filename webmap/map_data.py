"""From a map query to the data a page draws: the area, its units with values, classes and comparisons."""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
from sqlalchemy import Engine

from bandotheche.db.unit_queries import read_unit, read_units
from layers.values import GROUP_COLUMNS  # the 766 index's five group scores, as read_values names them

from .classify import OFFICIAL, classify
from .i18n import translate
from .indicators import Indicator, IndicatorSource
from .map_query import COUNTRY_CODE, MapQuery
from .views import MapView
from .web_errors import BadParameter, UnknownCodeError

# The zoom whose precomputed geometry each kind of area is drawn with (etl/geometry.py ZOOM_LEVELS).
AREA_ZOOM = {"country": 5, "province": 9, "district": 11}
CHILD_LEVEL = {"country": "province", "province": "district", "district": "commune"}
LEVEL_CHOICES = {"country": ("province", "district", "commune"), "province": ("district", "commune"),
                 "district": ("commune",)}


@dataclass(frozen=True)
class Area:
    """The unit whose inside a map shows (a province or district), or the whole country."""

    code: str
    name: str
    full_name: str
    kind: str                      # country | province | district
    province_code: str | None
    parent_code: str | None

    @property
    def levels(self) -> tuple[str, ...]:
        return LEVEL_CHOICES[self.kind]


def resolve_unit(engine: Engine, code: str) -> dict:
    unit = read_unit(engine, code) if code != COUNTRY_CODE else None
    if code == COUNTRY_CODE:
        return {"code": COUNTRY_CODE, "name": "Việt Nam", "full_name": "Việt Nam", "level": "country",
                "province_code": None, "parent_code": None, "type": ""}
    if unit is None:
        raise UnknownCodeError(code)
    return unit


def area_of(unit: dict) -> Area:
    return Area(code=unit["code"], name=unit["name"], full_name=unit["full_name"], kind=unit["level"],
                province_code=unit["province_code"], parent_code=unit["parent_code"])


def breadcrumb(engine: Engine, unit: dict) -> list[dict]:
    """The chain province › district › commune ending at unit (the country only for the country view)."""
    chain = [unit]
    while chain[0].get("parent_code"):
        parent = read_unit(engine, chain[0]["parent_code"])
        if parent is None:
            break
        chain.insert(0, parent)
    return chain


def choose_level(area: Area, requested: str | None) -> str:
    level = requested or CHILD_LEVEL[area.kind]
    if level not in area.levels:
        raise BadParameter("level", level, {
            "vi": f"bản đồ {area.full_name} chỉ hiển thị: " + ", ".join(area.levels),
            "en": f"the map of {area.full_name} shows only: " + ", ".join(area.levels)})
    return level


def read_area_units(engine: Engine, area: Area, level: str, zoom: int | None) -> gpd.GeoDataFrame:
    """The units of level inside area, geometry at zoom (or none when zoom is None)."""
    scope = {}
    if area.kind == "province":
        scope = {"province_code": area.code}
    elif area.kind == "district":
        scope = {"parent_code": area.code}
    return read_units(engine, level=level, zoom=zoom, with_geometry=zoom is not None, **scope)


def scheme_for(indicator: Indicator, requested: str | None) -> str:
    if requested == OFFICIAL and not indicator.thresholds:
        raise BadParameter("scheme", requested, {
            "vi": "chỉ tiêu này không có ngưỡng chính thức; chọn quantiles, natural hoặc equal",
            "en": "this indicator has no official thresholds; choose quantiles, natural or equal"})
    return requested or (OFFICIAL if indicator.thresholds else "quantiles")


def ramp(indicator: Indicator) -> tuple[str, bool]:
    """The indicator's ColorBrewer ramp and whether to reverse it: the catalogue orders ramps bad → good for
    higher-is-better values, so lower-is-better values read the ramp backwards."""
    return indicator.palette, indicator.direction < 0


def attach_values(units: gpd.GeoDataFrame, values: pd.DataFrame, indicator: Indicator) -> gpd.GeoDataFrame:
    """Units with value, rank, sample_size, unreliable and the 766 group scores (NaN where missing)."""
    columns = ["code", "value", "rank", "sample_size", *[c for c in GROUP_COLUMNS if c in values.columns]]
    merged = units.merge(values[[c for c in columns if c in values.columns]], on="code", how="left")
    for column in ("value", "rank", "sample_size"):
        if column not in merged:
            merged[column] = np.nan
        merged[column] = pd.to_numeric(merged[column], errors="coerce").astype(float)
    limit = indicator.min_sample
    merged["unreliable"] = (merged["sample_size"] < limit).fillna(False).astype(bool) if limit else False
    return gpd.GeoDataFrame(merged, geometry="geometry", crs=4326) if "geometry" in merged else merged


def rank_among(values: pd.Series, direction: int) -> pd.Series:
    """Rank 1 = best among the units shown (ties share the best rank); NaN where no value."""
    if direction == 0:
        return pd.Series(np.nan, index=values.index)
    return values.rank(ascending=direction < 0, method="min")


@dataclass
class MapData:
    area: Area
    unit: dict
    level: str
    zoom: int
    indicator: Indicator
    period: str
    compare: str | None
    scheme: str
    view: MapView
    change_basis: str | None        # the earlier period the change column compares with
    demo: bool = False              # generated demo figures, not official ones


def load_map_data(engine: Engine, source: IndicatorSource, query: MapQuery, *, change_map: bool = False,
                  period_override: str | None = None) -> MapData:
    """Everything a map needs. With ``change_map`` the values are the change from ``query.compare``."""
    unit = resolve_unit(engine, query.code)
    if unit["level"] == "commune":
        raise BadParameter("code", query.code, {"vi": "đây là mã xã; xem hồ sơ đơn vị thay vì bản đồ",
                                                "en": "this is a commune; open its profile instead of a map"})
    area = area_of(unit)
    indicator = source.get(query.indicator)
    level = choose_level(area, query.level)
    if level not in indicator.levels:
        names = {"province": ("tỉnh", "province"), "district": ("huyện", "district"), "commune": ("xã", "commune"),
                 "agency": ("sở, ngành", "agency")}
        raise BadParameter("indicator", indicator.id, {
            "vi": "chỉ tiêu này chỉ có ở cấp " + ", ".join(names[x][0] for x in indicator.levels),
            "en": "this indicator exists only at the levels " + ", ".join(names[x][1] for x in indicator.levels)})
    zoom = AREA_ZOOM[area.kind]
    period = source.resolve_period(period_override or query.period, indicator, area.province_code)
    compare = source.resolve_period(query.compare, indicator, area.province_code) if query.compare else None
    basis = compare if compare else source.previous_period(period, indicator, area.province_code)
    units = read_area_units(engine, area, level, zoom)
    scope = {"province_code": area.province_code} if area.kind == "province" else \
        {"parent_code": area.code} if area.kind == "district" else {}
    values = source.values(indicator, period, level, **scope)
    demo = bool("demo" in values and values["demo"].any())
    current = attach_values(units, values, indicator)
    current["rank"] = rank_among(current["value"], indicator.direction)
    if basis:
        earlier = source.values(indicator, basis, level, **scope).set_index("code")["value"]
        current["change"] = current["value"] - current["code"].map(earlier).astype(float)
    else:
        current["change"] = np.nan
    language = query.lang
    scheme = scheme_for(indicator, query.scheme)
    if change_map:
        shown = current.assign(value=current["change"], change=np.nan,  # the value is the change already
                               rank=rank_among(current["change"], indicator.direction))
        classes = change_classes(shown["value"], indicator, language)
        title = indicator.change_title(language, source.period_label(period, language),
                                       source.period_label(compare, language))
        unit_label = indicator.change_unit(language)
    else:
        shown = current
        colours, reverse = ramp(indicator)
        classes = classify(shown["value"], k=indicator.classes, method=scheme, scheme=colours, reverse=reverse,
                           thresholds=indicator.thresholds, language=language, decimals=indicator.decimals)
        title = indicator.title[language]
        unit_label = indicator.unit[language]
    view = MapView(unit_code=area.code, unit_name=area.full_name, level_shown=level,
                   indicator_id=indicator.id, indicator_title=title, unit_label=unit_label,
                   period_label=source.period_label(period, language), units=shown, classes=classes,
                   scheme=scheme, language=language, decimals=indicator.decimals,
                   source=indicator.source[language] + (f" ({translate('demo_data', language)})" if demo else ""))
    return MapData(area=area, unit=unit, level=level, zoom=zoom, indicator=indicator, period=period,
                   compare=compare, scheme=scheme, view=view, change_basis=basis, demo=demo)


def change_classes(change: pd.Series, indicator: Indicator, language: str):
    """Diverging classes centred on zero: improvement green, decline red, whatever the indicator's direction."""
    values = change.to_numpy(dtype=float)
    present = values[~np.isnan(values)]
    if present.size == 0:
        return classify(values)
    extent = float(np.abs(present).max()) or 1.0
    step = extent / 2.5
    bounds = (-1.5 * step, -0.5 * step, 0.5 * step, 1.5 * step, extent)
    return classify(values, method=OFFICIAL, thresholds=bounds, scheme="RdYlGn", reverse=indicator.direction < 0,
                    language=language, decimals=indicator.decimals)
