"""Map pages, embeds and exports: thin routes over map_data (what to show) and folium_map (how to draw it)."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
from flask import Blueprint, redirect, render_template, request, url_for

from bandotheche.db.unit_queries import read_units
from layers.classes import NO_DATA_COLOUR, OFFICIAL, SCHEMES
from layers.map_layer import layer_classes
from layers.numbers import LOCALES
from layers.periods import parse_period
from layers.values import GROUP_COLUMNS

from . import state
from .archipelagos import archipelagos
from .archipelagos import bounds as archipelago_bounds
from .assets import vendor_url
from .figures import change_text, value_text
from .folium_map import MapParts, build_map
from .layers_source import agency_name
from .i18n import request_language, translate
from .map_data import MapData, breadcrumb, load_map_data
from .map_payload import legend_of, unit_records
from .map_query import MapQuery
from .responses import render_once
from .topology import build_topology
from .web_errors import BadParameter

pages = Blueprint("pages", __name__)

HTML = "text/html; charset=utf-8"
COMMUNE_CODE_LENGTH = 5  # GSO codes: province 2 digits, district 3, commune 5


@pages.get("/")
def home():
    settings = state().settings
    args = {"lang": "en"} if request_language() == "en" else {}
    return redirect(url_for("pages.map_page", code=settings.default_province, **args))


@pages.get("/map/<code>")
def map_page(code: str):
    query = MapQuery.from_args(code, request.args, state().settings.default_indicator)
    if len(code) == COMMUNE_CODE_LENGTH and code.isdigit():  # a commune has no inside to map: its profile
        return redirect(url_for("pages.profile", code=code, **query.args(level=None, compare=None, mode=None)))
    return render_once(state().pages, ("map", query.key()), lambda: (render_map(query, embed=False), HTML))


@pages.get("/embed/<code>")
def embed_page(code: str):
    query = MapQuery.from_args(code, request.args, state().settings.default_indicator)
    response = render_once(state().pages, ("embed", query.key()), lambda: (render_map(query, embed=True), HTML))
    response.headers["Content-Security-Policy"] = f"frame-ancestors {state().settings.embed_origins}"
    return response


@pages.get("/export/<code>.<fmt>")
def export(code: str, fmt: str):
    from .export import FORMATS, render_export

    if fmt not in FORMATS:
        raise BadParameter("format", fmt, {"vi": "tải về dạng " + ", ".join(FORMATS), "en": "choose " + ", ".join(FORMATS)})
    web = state()
    query = MapQuery.from_args(code, request.args, web.settings.default_indicator)
    size = {name: value for name, arg in (("width_px", "width"), ("height_px", "height"), ("dpi", "dpi"))
            if (value := _int_arg(arg)) is not None}

    def build():
        data = load_map_data(web.engine, web.source, query, change_map=query.mode == "change" and bool(query.compare))
        content, mimetype = render_export(data.view, fmt, max_pixels=web.settings.export_max_pixels, **size)
        filename = f"{data.area.code}_{data.indicator.id}_{data.period}.{fmt}"
        return content, mimetype, {"Content-Disposition": f'attachment; filename="{filename}"'}

    return render_once(web.pages, ("export", fmt, query.key(), tuple(sorted(size.items()))), build)


def _int_arg(name: str) -> int | None:
    raw = request.args.get(name)
    if raw is None:
        return None
    if not raw.isdigit():
        raise BadParameter(name, raw, {"vi": "phải là một số nguyên dương", "en": "must be a positive whole number"})
    return int(raw)


def render_map(query: MapQuery, *, embed: bool) -> str:
    web = state()
    source, language = web.source, query.lang
    side = query.mode == "side" and query.compare
    is_change_map = query.mode == "change" and bool(query.compare)
    main = load_map_data(web.engine, source, query, change_map=is_change_map)
    datasets = [main]
    if side:
        earlier = load_map_data(web.engine, source, query, period_override=query.compare)
        datasets = common_classes([earlier, main], query)
    endpoint = "pages.embed_page" if embed else "pages.map_page"
    parts = [draw(data, query, endpoint, secondary=i < len(datasets) - 1) for i, data in enumerate(datasets)]
    label = lambda period: source.period_label(period, language)  # noqa: E731
    view = datasets[-1].view
    area_name = main.area.full_name
    page_title = f"{view.indicator_title} · {area_name}"
    subtitle = translate('level_' + main.level, language) if is_change_map else \
        f"{view.period_label} · {translate('level_' + main.level, language)}"
    crumbs = [{"label": unit["full_name"], "href": url_for(endpoint, code=unit["code"], **query.args(level=None))}
              for unit in breadcrumb(web.engine, main.unit)]
    resolved = query.args(period=main.period, scheme=main.scheme, level=main.level)  # exact, whatever defaults become
    share = {
        "permalink": url_for("pages.map_page", code=main.area.code, _external=True, **resolved),
        "embed": url_for("pages.embed_page", code=main.area.code, _external=True, **resolved),
        "title": page_title,
        "exports": {fmt: url_for("pages.export", code=main.area.code, fmt=fmt, **resolved)
                    for fmt in ("png", "svg", "pdf", "csv", "xlsx")},
    }
    indicator = main.indicator
    direction_note = {1: translate("direction_higher", language), -1: translate("direction_lower", language)}.get(
        indicator.direction, "")
    context = dict(
        query=query, data=main, map_parts=parts, page_title=page_title, subtitle=subtitle, crumbs=crumbs,
        view=view, legend=legend_of(view), share=share, **period_choices(main),
        period_label=label, themes=themes_at(main.level), form_action=url_for(endpoint, code=main.area.code),
        schemes=[s for s in SCHEMES if s != OFFICIAL or indicator.thresholds],
        scheme_title=translate("change_map" if is_change_map else "scheme_" + main.scheme, language),
        direction_note=direction_note, min_sample=indicator.min_sample,
        change_unit=indicator.change_unit_label[language], notices=[translate(n, language) for n in main.notices],
        change_note=(translate("change", language) + " (" + indicator.change_unit_label[language] + ") "
                     + translate("change_from", language, period=label(main.change_basis)))
        if main.change_basis and not is_change_map else "",
        ranking_caption=view.period_label, map_captions=[d.view.period_label for d in datasets] if side else None,
        profile_url=url_for("pages.profile", code=main.area.code, **query.args(level=None, compare=None, mode=None))
        if main.area.kind != "country" else None,
        agencies=agency_rows(main, language) if main.area.kind == "province" and not embed else None,
    )
    return render_template("embed.html" if embed else "map.html", **context)


def agency_rows(data: MapData, language: str) -> list[dict]:
    """The province's departments and agencies (no polygon), ranked as the map ranks: by value, or by change on a
    change map; named in the language (English where the agency list gives a name_en)."""
    if "agency" not in data.indicator.levels:
        return []
    layer = state().source.layer(data.indicator, data.period, "agency", compare=data.compare,
                                 change_map=data.layer.change_map, language=language,
                                 province_code=data.area.code)
    table = layer.table[layer.table[layer.classified].notna()].sort_values(["rank", "name"])
    return [{"code": r.code, "rank": int(r.rank), "name": agency_name(r.name, r.name_en, language),
             "value": value_text(r.value, data.indicator, language),
             "change": change_text(r.change, data.indicator, language), "change_sign": int(r.change_sign)}
            for r in table.itertuples()]


def themes_at(level: str) -> list:
    """The indicator picker: themes with the indicators that have values at the level shown."""
    themes = [(theme, title, [i for i in items if level in i.levels]) for theme, title, items in state().source.themes()]
    return [(theme, title, items) for theme, title, items in themes if items]


def period_choices(data: MapData) -> dict:
    """The period picker's groups (months, quarters, years; newest first) and the earlier periods of the same
    kind as the one shown, for comparison."""
    periods = state().source.periods(data.indicator, data.area.province_code)
    kinds = {p: parse_period(p).kind for p in periods}
    kind = parse_period(data.period).kind
    groups = [(k, [p for p in reversed(periods) if kinds[p] == k]) for k in ("month", "quarter", "year")]
    return {"period_groups": [(k, items) for k, items in groups if items],
            "latest_period": state().source.resolve_period("latest", data.indicator, data.area.province_code),
            "compare_periods": [p for p in reversed(periods) if kinds[p] == kind and p < data.period]}


def common_classes(datasets: list[MapData], query: MapQuery) -> list[MapData]:
    """Side-by-side maps share one set of classes, computed over both periods, so that colours compare."""
    layer = datasets[-1].layer
    values = pd.concat([d.layer.table["value"] for d in datasets])
    classes = layer_classes(layer.indicator, values, layer.scheme, query.lang)
    out = []
    for data in datasets:
        units = data.view.units.assign(**{"class": classes.class_index(data.view.units["value"])})
        out.append(replace(data, view=replace(data.view, classes=classes, units=units)))
    return out


def draw(data: MapData, query: MapQuery, endpoint: str, *, secondary: bool = False) -> MapParts:
    """The Folium map of one dataset; a secondary map (the earlier of two side by side) leaves the table alone."""
    web = state()
    view, language, indicator = data.view, query.lang, data.indicator
    def shapes() -> dict:
        outline = read_units(web.engine, codes=[data.area.code], zoom=data.zoom) if data.area.kind != "country" \
            else view.units.iloc[0:0]
        return build_topology({"units": view.units, "outline": outline}, data.zoom)

    topology = web.shapes.get((data.area.code, data.level, data.zoom), shapes)
    if data.level == "commune":
        href = url_for("pages.profile", code="__CODE__", **query.args(level=None, compare=None, mode=None))
    else:
        href = url_for(endpoint, code="__CODE__", **query.args(level=None))
    basis = data.compare if query.mode == "change" and data.compare else data.change_basis
    payload = {
        "topology": topology,
        "units": unit_records(view, group_columns=GROUP_COLUMNS),
        "locale": LOCALES[language].replace("_", "-"),
        "decimals": view.decimals,
        "unit": indicator.unit_label[language],  # of values; the change map classifies changes (change_unit)
        "change_unit": indicator.change_unit_label[language],
        "colours": list(view.classes.colours),
        "no_data_colour": NO_DATA_COLOUR,
        "indicator": view.indicator_title,
        "ranked": int(view.units["rank"].notna().sum()),
        "labels": len(view.units) <= 1000,
        "secondary": secondary,
        "href": href,
        "text": {"rank": translate("rank", language), "no_data": translate("no_data", language),
                 "unreliable": translate("unreliable", language), "sample": translate("sample", language),
                 "change_from": translate("change_from", language, period=web.source.period_label(basis, language))
                 if basis else "",
                 "groups_title": translate("groups_766", language),
                 "groups": [g.title[language] for g in web.source.catalogue.index766.groups]
                 if indicator.id == "index766_total" else []},
    }
    bounds = tuple(view.units.total_bounds)
    if data.area.kind == "country":
        payload["archipelagos"] = archipelagos(language)
        west, south, east, north = archipelago_bounds()
        bounds = (min(bounds[0], west), min(bounds[1], south), max(bounds[2], east), max(bounds[3], north))
    settings = web.settings
    return build_map(payload, bounds,
                     js=[("leaflet", vendor_url("leaflet", "leaflet.js"))],
                     css=[("leaflet_css", vendor_url("leaflet", "leaflet.css"))],
                     tile_url=settings.tile_url, tile_attribution=settings.tile_attribution)


@pages.get("/unit/<code>")
def profile(code: str):
    from .profile import build_profile

    web = state()
    query = MapQuery.from_args(code, request.args, web.settings.default_indicator)

    def build():
        found = build_profile(web.engine, web.source, code, query.period, query.lang, query.indicator)
        lang_arg = {"lang": "en"} if query.lang == "en" else {}
        map_code = (found.parent or found.unit)["code"] if found.unit["level"] == "commune" else found.unit["code"]

        def map_link(indicator_id: str, period: str | None, at: str | None = None) -> str:
            return url_for("pages.map_page", code=at or map_code, indicator=indicator_id,
                           period=period or query.period, **lang_arg)

        def child_link(child: str) -> str:
            endpoint = "pages.profile"
            return url_for(endpoint, code=child, **query.args(level=None, compare=None, mode=None))

        def trend_link(row) -> str:
            return url_for("pages.trend", code=code, indicator=row.indicator.id, period=row.period, **lang_arg)

        crumbs = [{"label": u["full_name"], "href": url_for("pages.profile", code=u["code"], **query.args(level=None))}
                  for u in breadcrumb(web.engine, found.unit)]
        return render_template("profile.html", profile=found, crumbs=crumbs, map_link=map_link,
                               child_link=child_link, trend_link=trend_link), HTML

    return render_once(web.pages, ("profile", query.key()), build)


@pages.get("/trend/<code>.svg")
def trend(code: str):
    """A unit's trend chart for one indicator (the profile page's small charts), built on first request."""
    from .map_data import resolve_unit
    from .profile import trend_chart

    web = state()
    query = MapQuery.from_args(code, request.args, web.settings.default_indicator)

    def build():
        unit = resolve_unit(web.engine, code)
        indicator = web.source.get(query.indicator)
        period = web.source.resolve_period(query.period, indicator, unit["province_code"])
        return trend_chart(web.source, unit, indicator, period, query.lang), "image/svg+xml"

    return render_once(web.pages, ("trend", query.key()), build, max_age=3600, slotted=False)
