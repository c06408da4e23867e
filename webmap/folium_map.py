"""Folium maps for the pages: Leaflet served by the app, no tiles unless configured, a compact choropleth layer."""

from __future__ import annotations

import json
from dataclasses import dataclass

import folium
from branca.element import MacroElement
from jinja2 import Template


class TopoChoropleth(MacroElement):
    """A choropleth drawn by static/map.js (``Bando.choropleth``) from TopoJSON and one small record per unit."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "var {{ this.get_name() }} = Bando.choropleth({{ this._parent.get_name() }}, {{ this.payload_json }});"
        "{% endmacro %}"
    )

    def __init__(self, payload: dict):
        super().__init__()
        self._name = "TopoChoropleth"
        self.payload_json = script_json(payload)


@dataclass(frozen=True)
class MapParts:
    """A rendered Folium map cut into the pieces a page template places: head links/styles, the map div, the script."""

    header: str
    html: str
    script: str


def script_json(value) -> str:
    """Compact JSON that is safe inside a <script> element."""
    text = json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def build_map(payload: dict, bounds: tuple[float, float, float, float], *, js: list[tuple[str, str]],
              css: list[tuple[str, str]], tile_url: str = "", tile_attribution: str = "") -> MapParts:
    """A Folium map fitted to bounds (west, south, east, north) with the choropleth layer of payload."""
    west, south, east, north = bounds
    fmap = folium.Map(location=[(south + north) / 2, (west + east) / 2], zoom_start=8, tiles=None,
                      control_scale=True, zoom_snap=0.25, zoom_delta=0.5, min_zoom=4, max_zoom=14)
    fmap.default_js = js      # instance attributes: the class-level CDN lists stay untouched
    fmap.default_css = css
    if tile_url:
        folium.TileLayer(tiles=tile_url, attr=tile_attribution or " ", max_zoom=19).add_to(fmap)
    TopoChoropleth(payload).add_to(fmap)
    fmap.fit_bounds([[south, west], [north, east]])
    root = fmap.get_root()
    root.render()
    return MapParts(header=root.header.render(), html=root.html.render(), script=root.script.render())
