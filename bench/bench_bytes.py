"""Bytes a browser receives for a map, measured in headless Chromium, and how far the served geometry strays.

Every response is counted as sent on the wire (compressed size). Only loopback is reachable: anything else the
page asks for is blocked (and listed). The naive Folium page is counted as its HTML gzipped at level 6 (its
scripts come from CDNs and are not counted), the same way Flask-Compress would send it.
"""

from __future__ import annotations

import gzip
import math
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import geopandas as gpd
import numpy as np
import shapely

from .bench_web import ENDPOINTS, READY_PATH
from .servers import build_database, cli_has, free_port, naive_command, production_command, serving

COMMUNE_PAGE = ENDPOINTS[1][1]
COUNTRY_PAGE = "/map/VN?level=commune"
TARGET_RATIO = 0.5
TARGET_COUNTRY_BYTES = 1_000_000
CHROMIUM = "/usr/bin/chromium"
ASSET_TYPES = {"script", "stylesheet", "font", "image"}
EARTH_METRES_PER_PIXEL_Z0 = 156_543.03392  # Web Mercator, 256-pixel tiles, at the equator
# The zoom of the first Leaflet map on the page (Folium names it map_<id>) and every polygon ring it draws.
DRAWN_OUTLINES_JS = """() => {
  const key = Object.keys(window).find(k => k.startsWith('map_') && window[k] && window[k].eachLayer);
  if (!key) return null;
  const map = window[key], rings = [];
  const walk = ll => { if (ll.length && ll[0].lat !== undefined) rings.push(ll.map(p => [p.lng, p.lat]));
                       else ll.forEach(walk); };
  map.eachLayer(layer => { if (layer.getLatLngs) walk(layer.getLatLngs()); });
  return {zoom: map.getZoom(), rings};
}"""


@dataclass
class PageLoad:
    bytes_by_kind: dict[str, int] = field(default_factory=dict)
    blocked: list[str] = field(default_factory=list)
    rings: list = field(default_factory=list)  # polygon outlines Leaflet drew, as [[lon, lat], ...]
    document_encoding: str = ""
    zoom: float | None = None

    @property
    def page_and_data(self) -> int:
        return sum(n for kind, n in self.bytes_by_kind.items() if kind not in ASSET_TYPES)

    @property
    def assets(self) -> int:
        return sum(n for kind, n in self.bytes_by_kind.items() if kind in ASSET_TYPES)


def load_in_browser(url: str) -> PageLoad:
    from playwright.sync_api import sync_playwright

    result = PageLoad()
    responses = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        page = browser.new_page(viewport={"width": 1280, "height": 800})

        def only_loopback(route):
            if urlsplit(route.request.url).hostname in ("127.0.0.1", "localhost"):
                return route.continue_()
            result.blocked.append(route.request.url)
            return route.abort()

        page.route("**/*", only_loopback)
        page.on("response", lambda response: responses.append(response))
        answer = page.goto(url, wait_until="networkidle", timeout=60_000)
        if answer is None or answer.status != 200:
            raise RuntimeError(f"{url} answered {answer.status if answer else 'nothing'}")
        drawn = page.evaluate(DRAWN_OUTLINES_JS)
        if drawn:
            result.zoom, result.rings = drawn["zoom"], drawn["rings"]
        result.document_encoding = answer.headers.get("content-encoding", "identity")
        for response in responses:
            kind = response.request.resource_type
            result.bytes_by_kind[kind] = result.bytes_by_kind.get(kind, 0) + response.request.sizes()[
                "responseBodySize"]
        browser.close()
    return result


def displacement_px(rings: list, full: gpd.GeoSeries, zoom: float) -> tuple[float, float]:
    """99th percentile and largest distance, in screen pixels at zoom, between the outlines drawn on the page and
    the full-resolution outlines, both ways (drawn vertex to nearest full segment, full vertex to nearest drawn
    segment): the discrete Hausdorff distance and its near-worst case."""
    centre = full.union_all().centroid
    crs = f"+proj=tmerc +lon_0={centre.x:.4f} +datum=WGS84 +units=m +no_defs"
    drawn = gpd.GeoSeries([shapely.LineString([*r, r[0]]) for r in rings if len(r) >= 3], crs=4326).to_crs(crs)
    full_lines = full.to_crs(crs).boundary
    distances = np.concatenate([_vertex_to_segments(drawn, full_lines), _vertex_to_segments(full_lines, drawn)])
    metres_per_px = EARTH_METRES_PER_PIXEL_Z0 * math.cos(math.radians(centre.y)) / 2 ** zoom
    return float(np.percentile(distances, 99) / metres_per_px), float(distances.max() / metres_per_px)


def _vertex_to_segments(source: gpd.GeoSeries, target: gpd.GeoSeries) -> np.ndarray:
    vertices = shapely.points(np.unique(shapely.get_coordinates(source.to_numpy()), axis=0))
    coords, index = shapely.get_coordinates(target.to_numpy(), return_index=True)
    same_line = index[:-1] == index[1:]
    segments = shapely.linestrings(np.stack([coords[:-1][same_line], coords[1:][same_line]], axis=1))
    _, distances = shapely.STRtree(segments).query_nearest(vertices, return_distance=True, all_matches=False)
    return distances


def naive_page_sizes(work_dir: Path) -> tuple[int, int, int]:
    """The naive page's HTML: raw, gzip level 6 (the baseline) and brotli at its best (quality 11) sizes."""
    import brotli

    port = free_port()
    with serving("naive-bytes", naive_command(port), port, work_dir) as base:
        with urllib.request.urlopen(base + "/", timeout=60) as response:
            html = response.read()
    return len(html), len(gzip.compress(html, compresslevel=6)), len(brotli.compress(html, quality=11))


def run(work_dir: Path, *, database_url: str | None = None, page: str = COMMUNE_PAGE) -> list[str]:
    raw, naive, naive_brotli = naive_page_sizes(work_dir)
    lines = ["Bytes for Quảng Nam's commune map (compressed, as sent), headless Chromium, loopback only:",
             f"  naive Folium page: {raw / 1024:7.1f} KB HTML, {naive / 1024:6.1f} KB gzipped, "
             f"{naive_brotli / 1024:.1f} KB brotli 11 (CDN scripts not counted)"]
    if not cli_has("serve"):
        return lines + ["  production page: `bandotheche serve` does not exist yet"]
    database_url = database_url or build_database(work_dir)
    port = free_port()
    try:
        with serving("production-bytes", production_command(database_url, port), port, work_dir,
                     ready_path=READY_PATH) as base:
            load = load_in_browser(base + page)
    except RuntimeError as error:
        return lines + [f"  production page failed: {error}"]
    lines += _describe(load, page)
    ratio = load.page_and_data / naive
    lines.append(f"  page + data / naive gzipped: {ratio:.0%}; target ≤ {TARGET_RATIO:.0%}: "
                 f"{'met' if ratio <= TARGET_RATIO else 'MISSED'} "
                 f"(/ naive brotli: {load.page_and_data / naive_brotli:.0%})")
    return lines + _displacement(load, database_url, "49")


def run_country(work_dir: Path, *, page: str = COUNTRY_PAGE) -> list[str]:
    lines = [f"Bytes for all of Vietnam's communes at country zoom ({page}):"]
    if not cli_has("serve"):
        return lines + ["  `bandotheche serve` does not exist yet"]
    database_url = build_database(work_dir, whole_country=True)
    port = free_port()
    try:
        with serving("production-country", production_command(database_url, port), port, work_dir,
                     ready_path=READY_PATH, timeout=300) as base:
            load = load_in_browser(base + page)
    except RuntimeError as error:
        return lines + [f"  production page failed: {error}"]
    lines += _describe(load, page)
    lines.append(f"  target < {TARGET_COUNTRY_BYTES / 1e6:.0f} MB: "
                 f"{'met' if load.page_and_data < TARGET_COUNTRY_BYTES else 'MISSED'}")
    return lines + _displacement(load, database_url, None)


def _describe(load: PageLoad, page: str) -> list[str]:
    kinds = ", ".join(f"{kind} {n / 1024:.1f} KB" for kind, n in sorted(load.bytes_by_kind.items()))
    lines = [f"  production {page}: page + data {load.page_and_data / 1024:7.1f} KB "
             f"(static assets, cached after the first visit: {load.assets / 1024:.1f} KB)",
             f"    by kind: {kinds}; document sent as {load.document_encoding}"]
    if load.blocked:
        lines.append(f"    blocked non-loopback requests: {len(load.blocked)} (e.g. {load.blocked[0]})")
    return lines


def _displacement(load: PageLoad, database_url: str, province_code: str | None) -> list[str]:
    if load.zoom is None or not load.rings:
        return ["  geometry check: no Leaflet map or no polygons drawn on the page"]
    from bandotheche.db import open_database
    from bandotheche.db.unit_queries import read_units

    full = read_units(open_database(database_url), level="commune", province_code=province_code).geometry
    p99, worst = displacement_px(load.rings, full, load.zoom)
    return [f"  outlines drawn at zoom {load.zoom:g} vs full resolution ({len(load.rings)} rings, {len(full)} units): "
            f"99% of vertices within {p99:.2f} px, worst {worst:.2f} px (about 1 px or less: no visible loss)"]
