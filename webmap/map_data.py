"""From a map query to the data a page draws: the area, its units with values, classes and comparisons."""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
from sqlalchemy import Engine

from bandotheche.db.unit_queries import read_unit, read_units
from layers.catalogue import Indicator
from layers.levels import CHILD_LEVEL
from layers.map_layer import MapLayer

from .i18n import translate
from .indicators import IndicatorSource
from .map_query import COUNTRY_CODE, MapQuery
from .views import MapView
from .web_errors import BadParameter, UnknownCodeError

# The zoom whose precomputed geometry each kind of area is drawn with (etl/geometry.py ZOOM_LEVELS).
AREA_ZOOM = {"country": 5, "province": 9, "district": 11}
LEVEL_NAMES = {"province": ("tỉnh", "province"), "district": ("huyện", "district"), "commune": ("xã", "commune"),
               "agency": ("sở, ngành", "agency")}
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


def choose_level(area: Area, requested: str | None, indicator: Indicator | None = None) -> tuple[str, list[str]]:
    """(the level to show, notices): the level asked for, else the area's children; when the indicator has no
    values there, the first of the area's levels where it has (notice "level_fallback")."""
    level = requested or CHILD_LEVEL[area.kind]
    if level not in area.levels:
        raise BadParameter("level", level, {
            "vi": f"bản đồ {area.full_name} chỉ hiển thị: " + ", ".join(LEVEL_NAMES[x][0] for x in area.levels),
            "en": f"the map of {area.full_name} shows only: " + ", ".join(LEVEL_NAMES[x][1] for x in area.levels)})
    if indicator is None or level in indicator.levels:
        return level, []
    offered = [x for x in area.levels if x in indicator.levels]
    if not offered:
        raise BadParameter("indicator", indicator.id, {
            "vi": f"chỉ tiêu “{indicator.title['vi']}” chỉ có ở cấp "
                  + ", ".join(LEVEL_NAMES[x][0] for x in indicator.levels),
            "en": f"the indicator “{indicator.title['en']}” exists only at the levels "
                  + ", ".join(LEVEL_NAMES[x][1] for x in indicator.levels)})
    return offered[0], ["level_fallback"]


def read_area_units(engine: Engine, area: Area, level: str, zoom: int | None) -> gpd.GeoDataFrame:
    """The units of level inside area, geometry at zoom (or none when zoom is None)."""
    scope = {}
    if area.kind == "province":
        scope = {"province_code": area.code}
    elif area.kind == "district":
        scope = {"parent_code": area.code}
    return read_units(engine, level=level, zoom=zoom, with_geometry=zoom is not None, **scope)


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
    demo: bool                      # generated demo figures, not official ones
    layer: MapLayer                 # the figures, ranks and classes every output shares
    notices: tuple[str, ...] = ()   # i18n keys: what was changed from the request (scheme or level fallback)


def load_map_data(engine: Engine, source: IndicatorSource, query: MapQuery, *, change_map: bool = False,
                  period_override: str | None = None) -> MapData:
    """Everything a map needs, from layers.map_layer. With ``change_map`` the map is of the change from
    ``query.compare``; a scheme or level that does not apply to the indicator falls back, with a notice."""
    unit = resolve_unit(engine, query.code)
    if unit["level"] == "commune":
        raise BadParameter("code", query.code, {"vi": "đây là mã xã; xem hồ sơ đơn vị thay vì bản đồ",
                                                "en": "this is a commune; open its profile instead of a map"})
    area = area_of(unit)
    indicator = source.get(query.indicator)
    level, notices = choose_level(area, query.level, indicator)
    zoom = AREA_ZOOM[area.kind]
    period = source.resolve_period(period_override or query.period, indicator, area.province_code)
    compare = source.resolve_period(query.compare, indicator, area.province_code) if query.compare else None
    scope = {"province_code": area.province_code} if area.kind == "province" else \
        {"parent_code": area.code} if area.kind == "district" else {}
    layer = source.layer(indicator, period, level, compare=compare, change_map=change_map, scheme=query.scheme,
                         language=query.lang, **scope)
    if layer.scheme_fallback:
        notices.append("scheme_fallback")
    units = read_area_units(engine, area, level, zoom)
    shown = units.merge(layer.table.drop(columns=["name"]), on="code", how="left")
    shown["unreliable"] = shown["few"].astype("boolean").fillna(False).astype(bool)
    shown["class"] = shown["class"].fillna(-1).astype(int)
    shown["level_value"] = shown["value"]
    if change_map:  # what is classified, coloured and counted is the change
        shown["value"] = shown["change"]
    language = query.lang
    if change_map:
        title = translate("change_title", language, title=indicator.title[language],
                          period=source.period_label(period, language), base=source.period_label(compare, language))
        unit_label = indicator.change_unit_label[language]
    else:
        title = indicator.title[language]
        unit_label = indicator.unit_label[language]
    view = MapView(unit_code=area.code, unit_name=area.full_name, level_shown=level,
                   indicator_id=indicator.id, indicator_title=title, unit_label=unit_label,
                   period_label=source.period_label(period, language), units=shown, classes=layer.classes,
                   scheme=layer.scheme, language=language, decimals=indicator.decimals,
                   source=indicator.source[language] + (f" ({translate('demo_data', language)})"
                                                        if layer.demo else ""))
    return MapData(area=area, unit=unit, level=level, zoom=zoom, indicator=indicator, period=period,
                   compare=compare, scheme=layer.scheme, view=view,
                   change_basis=str(layer.basis) if layer.basis else None, demo=layer.demo, layer=layer,
                   notices=tuple(notices))
